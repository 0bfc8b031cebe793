//! What a call can fail with. Every error says which operation failed and why, in words a
//! person can act on, and keeps its cause in the `source()` chain.
//!
//! The shapes follow the official AWS SDK for Rust, so calling code written for an
//! `aws-sdk-*` crate reads the same here: [`SdkError`] has the variants `ConstructionFailure`,
//! `TimeoutError`, `DispatchFailure`, `ResponseError` and `ServiceError`;
//! `SdkError::into_service_error` gives the operation's error enum; and
//! [`ProvideErrorMetadata`] gives `code()` and `message()`. Without the `interop` feature the
//! types are this crate's own and their `Display` says what happened instead of naming the
//! variant; with it, [`SdkError`] and its context types are aws-smithy-runtime-api's,
//! [`ErrorMetadata`] and [`ProvideErrorMetadata`] aws-smithy-types' and [`RequestId`]
//! aws-types', and what happened is the source inside each variant
//! ([`DisplayErrorContext`] prints it).

use std::fmt;

pub mod context;
#[cfg(not(feature = "interop"))]
mod lean;
#[cfg(feature = "interop")]
mod official;

pub use context::TimeoutKind;
#[cfg(not(feature = "interop"))]
pub use context::{ConstructionFailure, DispatchFailure, TimeoutError};
/// Builds the construction failure of an operation (generated code calls it).
#[doc(hidden)]
#[cfg(not(feature = "interop"))]
pub use lean::construction;
#[cfg(not(feature = "interop"))]
pub use lean::{
    ConnectorError, ErrorMetadata, ProvideErrorMetadata, RequestId, ResponseError, SdkError,
    ServiceError,
};
#[cfg(not(feature = "interop"))]
pub(crate) use lean::{dispatch, metadata, response, service, status_of, timeout};
/// Builds the construction failure of an operation (generated code calls it).
#[doc(hidden)]
#[cfg(feature = "interop")]
pub use official::construction;
#[cfg(feature = "interop")]
pub use official::{
    ConnectorError, ConstructionFailure, CreateUnhandledError, DispatchFailure, ErrorMetadata,
    ProvideErrorMetadata, RequestId, ResponseError, SdkError, ServiceError, TimeoutError,
};
#[cfg(feature = "interop")]
pub(crate) use official::{
    dispatch, metadata, official_response, response, service, status_of, timeout,
};

/// A boxed error, the `source` of the errors below.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Any error of an operation, as one object-safe view: what the service said, how it
/// displays, and its source. Generated error enums delegate to their variant through it.
pub trait ErrorDetail: std::error::Error + ProvideErrorMetadata {}

impl<T: std::error::Error + ProvideErrorMetadata> ErrorDetail for T {}

/// A modeled error structure of a generated crate: read from an error response's body, then
/// given the response's metadata (code, message, request id). Implemented by generated code.
#[doc(hidden)]
pub trait ModeledError: serde::de::DeserializeOwned + ProvideErrorMetadata {
    /// Keeps what the response said about the error.
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// What an operation's output keeps of its response besides the body: the request id, read
/// through [`RequestId`]. It never makes two outputs unequal (a value built by hand equals the
/// same value read from a response) and is not serialized.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct ResponseMeta {
    request_id: Option<String>,
}

impl ResponseMeta {
    /// The request id, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl PartialEq for ResponseMeta {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta")
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// Implemented by generated outputs, so the client can keep the response's request id.
#[doc(hidden)]
pub trait OutputMeta {
    /// Where the output keeps it.
    fn response_meta_mut(&mut self) -> &mut ResponseMeta;
}

impl ResponseMeta {
    /// Sets the request id (the client does, from `x-amzn-requestid`).
    pub fn set_request_id(&mut self, id: Option<String>) {
        self.request_id = id;
    }
}

/// An error that the operation does not model: an unknown error code, or (in the
/// service-wide `Error` and [`SdkError::into_service_error`]) a failure that is not a service
/// error at all.
#[derive(Debug)]
pub struct UnhandledError {
    meta: ErrorMetadata,
    source: Option<BoxError>,
}

impl UnhandledError {
    /// Wraps the metadata of an unmodeled error response.
    pub fn new(meta: ErrorMetadata) -> Self {
        UnhandledError { meta, source: None }
    }
    /// Wraps any other error, keeping the metadata it carries.
    pub fn from_source(source: impl Into<BoxError>, meta: ErrorMetadata) -> Self {
        UnhandledError {
            meta,
            source: Some(source.into()),
        }
    }
    /// The error code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl ProvideErrorMetadata for UnhandledError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl RequestId for UnhandledError {
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            return source.fmt(f);
        }
        let status = status_of(&self.meta);
        match (self.meta.code(), self.meta.message()) {
            (Some(c), Some(m)) => write!(f, "{c}: {m}"),
            (Some(c), None) => f.write_str(c),
            (None, Some(m)) => write!(f, "HTTP {status}: {m}"),
            (None, None) => write!(f, "HTTP {status} without an error code"),
        }
    }
}

/// `Display` already prints the wrapped error, so the chain goes on with that error's source
/// (a chain never says the same thing twice).
impl std::error::Error for UnhandledError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref()?.source()
    }
}

/// Implemented by each generated per-operation error enum.
pub trait OperationError:
    std::error::Error + ProvideErrorMetadata + Send + Sync + Sized + 'static
{
    /// Builds the error for `code` from the response `body` (an unmodeled code, or a body
    /// that does not parse, becomes the enum's unhandled variant).
    fn from_response(code: Option<&str>, body: &[u8], meta: &ErrorMetadata) -> Self;
    /// Whether the model marks this error `@retryable`.
    fn is_retryable(&self) -> bool;
    /// The unhandled variant holding `error`.
    fn unhandled(error: UnhandledError) -> Self;
}

/// The official `CreateUnhandledError` of a generated error enum `$ty`, which
/// `SdkError::into_service_error` needs with the `interop` feature; nothing without it.
#[doc(hidden)]
#[macro_export]
#[cfg(feature = "interop")]
macro_rules! create_unhandled_error {
    ($ty:ty) => {
        impl $crate::error::CreateUnhandledError for $ty {
            fn create_unhandled_error(
                source: $crate::error::BoxError,
                meta: ::std::option::Option<$crate::ErrorMetadata>,
            ) -> Self {
                <Self as $crate::OperationError>::unhandled($crate::UnhandledError::from_source(
                    source,
                    meta.unwrap_or_default(),
                ))
            }
        }
    };
}

/// The official `CreateUnhandledError` of a generated error enum `$ty`, which
/// `SdkError::into_service_error` needs with the `interop` feature; nothing without it.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "interop"))]
macro_rules! create_unhandled_error {
    ($ty:ty) => {};
}

/// Prints an error and every error in its `source()` chain, separated by `: `, as the
/// official SDK's type of the same name does: `println!("{}", DisplayErrorContext(&err))`.
/// Our errors already say their source in their own message, so a source whose text has been
/// printed is not printed again.
pub struct DisplayErrorContext<E>(pub E);

impl<E: std::error::Error> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = self.0.to_string();
        let mut next = self.0.source();
        while let Some(source) = next {
            let text = source.to_string();
            if !written.contains(&text) {
                written.push_str(": ");
                written.push_str(&text);
            }
            next = source.source();
        }
        f.write_str(&written)
    }
}

impl<E: std::error::Error> fmt::Debug for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self} ({:?})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(Inner);
    #[derive(Debug)]
    struct Inner;
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer")
        }
    }
    impl fmt::Display for Inner {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("inner detail")
        }
    }
    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    impl std::error::Error for Inner {}

    #[test]
    fn context_prints_each_cause_once() {
        let err: SdkError<UnhandledError> =
            construction("PutRow", "required member `table` not set");
        let shown = DisplayErrorContext(&err).to_string();
        assert_eq!(
            shown.matches("required member `table` not set").count(),
            1,
            "{shown}"
        );
        assert_eq!(
            DisplayErrorContext(Outer(Inner)).to_string(),
            "outer: inner detail"
        );
    }
}
