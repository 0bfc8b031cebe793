//! The error types of a build without the `interop` feature: this crate's own, with the API
//! of aws-smithy-types' and aws-smithy-runtime-api's, and a `Display` that says what happened.

use std::fmt;

use super::context::{ConstructionFailure, DispatchFailure, TimeoutError, TimeoutKind};
use super::{BoxError, OperationError, UnhandledError};
use crate::http::{HttpResponse, TransportError};

/// What the service said about an error response (aws-json.rst, "Operation error
/// serialization"), plus the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorMetadata {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) status: u16,
}

/// Metadata of errors that did not come from an error response.
static NO_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
    status: 0,
};

impl ErrorMetadata {
    /// Metadata with this code and message (for test doubles and [`UnhandledError`]s made by hand).
    pub fn new(code: Option<String>, message: Option<String>) -> Self {
        ErrorMetadata {
            code,
            message,
            ..ErrorMetadata::default()
        }
    }
    /// The sanitised error code, such as `ClusterNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The message the service sent.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The request id (`x-amzn-requestid`), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The HTTP status code (0 when the error did not come from a response).
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// Error code and message, for every error that may carry them: the operation error enums,
/// the modeled error structures, [`SdkError`] and the service-wide `Error`.
pub trait ProvideErrorMetadata {
    /// Everything the service said about the error.
    fn meta(&self) -> &ErrorMetadata;
    /// The error code, such as `ClusterNotFoundException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }
    /// The message the service sent.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// The request id of the response an error came from (`x-amzn-requestid`).
pub trait RequestId {
    /// The request id, if the service sent one.
    fn request_id(&self) -> Option<&str>;
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<O: RequestId, E: RequestId> RequestId for Result<O, E> {
    fn request_id(&self) -> Option<&str> {
        match self {
            Ok(output) => output.request_id(),
            Err(error) => error.request_id(),
        }
    }
}

/// The transport's error, as the official SDK calls it.
pub type ConnectorError = TransportError;

/// A call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E, R = HttpResponse> {
    /// The request could not be built; nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// The attempt or operation timeout passed.
    TimeoutError(TimeoutError),
    /// No complete response arrived (after any retries).
    DispatchFailure(DispatchFailure),
    /// The service answered with something that is not a valid response.
    ResponseError(ResponseError<R>),
    /// The service answered with an error.
    ServiceError(ServiceError<E, R>),
}

impl<E, R> SdkError<E, R> {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError(e) => Some(&e.err),
            _ => None,
        }
    }
    /// The operation's error: the service error, or the unhandled variant holding any other
    /// failure, so one `match` covers every outcome.
    pub fn into_service_error(self) -> E
    where
        E: OperationError,
        R: fmt::Debug + Send + Sync + 'static,
    {
        match self {
            SdkError::ServiceError(e) => e.err,
            other => E::unhandled(UnhandledError::from_source(other, ErrorMetadata::default())),
        }
    }
    /// The raw response, for service and response errors.
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            SdkError::ServiceError(e) => Some(&e.raw),
            SdkError::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }
    /// The error inside the variant, boxed.
    pub fn into_source(self) -> Result<BoxError, Self>
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        match self {
            SdkError::ConstructionFailure(e) => Ok(e.source),
            SdkError::TimeoutError(e) => Ok(Box::new(e)),
            SdkError::DispatchFailure(e) => Ok(Box::new(e.source)),
            SdkError::ResponseError(e) => Ok(e.source),
            SdkError::ServiceError(e) => Ok(Box::new(e.err)),
        }
    }
}

impl<E: ProvideErrorMetadata, R> ProvideErrorMetadata for SdkError<E, R> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            SdkError::ServiceError(e) => e.err.meta(),
            _ => &NO_METADATA,
        }
    }
}

impl<E: fmt::Display + ProvideErrorMetadata, R> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => e.fmt(f),
            SdkError::DispatchFailure(e) => e.fmt(f),
            SdkError::TimeoutError(e) => e.fmt(f),
            SdkError::ServiceError(e) => e.fmt(f),
            SdkError::ResponseError(e) => e.fmt(f),
        }
    }
}

impl<E, R> std::error::Error for SdkError<E, R>
where
    E: std::error::Error + ProvideErrorMetadata + 'static,
    R: fmt::Debug,
{
    /// The cause below what `Display` already says: the `Display` of a variant is its
    /// context's, so the context itself is skipped (a chain printer would show its line twice);
    /// a service error's source is the operation's error, to match on.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) => Some(e.source.as_ref()),
            SdkError::DispatchFailure(e) => Some(&e.source),
            SdkError::TimeoutError(_) => None,
            SdkError::ServiceError(e) => Some(&e.err),
            SdkError::ResponseError(e) => Some(e.source.as_ref()),
        }
    }
}

/// The service answered with an error.
#[derive(Debug)]
pub struct ServiceError<E, R = HttpResponse> {
    pub(crate) operation: &'static str,
    pub(crate) err: E,
    pub(crate) raw: R,
}

impl<E, R> ServiceError<E, R> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.err
    }
    /// Takes the operation's error out.
    pub fn into_err(self) -> E {
        self.err
    }
    /// The response it came in.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

impl<E: ProvideErrorMetadata, R> ServiceError<E, R> {
    /// Code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        self.err.meta()
    }
}

impl<E: fmt::Display + ProvideErrorMetadata, R> fmt::Display for ServiceError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let meta = self.err.meta();
        write!(f, "{} failed: ", self.operation)?;
        match (&meta.code, &meta.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            _ => self.err.fmt(f)?,
        }
        write!(f, " (HTTP {}", meta.status)?;
        if let Some(id) = &meta.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// A response that is not valid for the operation (for example, a 200 whose body is not the
/// expected JSON).
#[derive(Debug)]
pub struct ResponseError<R = HttpResponse> {
    pub(crate) operation: &'static str,
    pub(crate) raw: R,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) source: BoxError,
}

impl<R> ResponseError<R> {
    /// The response that could not be read.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

impl<R> fmt::Display for ResponseError<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} got an invalid response (HTTP {}",
            self.operation, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}", self.source)
    }
}

impl<R: fmt::Debug> std::error::Error for ResponseError<R> {
    /// `Display` already says the cause, so the chain goes on below it (a chain printer
    /// never shows the same words twice).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

impl<E: ProvideErrorMetadata, R> RequestId for SdkError<E, R> {
    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::ServiceError(e) => e.err.meta().request_id(),
            SdkError::ResponseError(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

/// The metadata of an error response.
pub(crate) fn metadata(
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
) -> ErrorMetadata {
    ErrorMetadata {
        code,
        message,
        request_id,
        status,
    }
}

/// The HTTP status an error's metadata came with (0 when it did not come from a response).
pub(crate) fn status_of(meta: &ErrorMetadata) -> u16 {
    meta.status
}

/// `operation` could not be built; nothing was sent.
pub fn construction<E>(operation: &'static str, source: impl Into<BoxError>) -> SdkError<E> {
    SdkError::ConstructionFailure(ConstructionFailure {
        operation,
        source: source.into(),
    })
}

/// A timeout of `operation` passed after `after`.
pub(crate) fn timeout<E>(
    operation: &'static str,
    kind: TimeoutKind,
    after: std::time::Duration,
) -> SdkError<E> {
    SdkError::TimeoutError(TimeoutError {
        operation,
        kind,
        after,
    })
}

/// The last of `attempts` attempts of `operation` got no response.
pub(crate) fn dispatch<E>(
    operation: &'static str,
    attempts: u32,
    source: TransportError,
) -> SdkError<E> {
    SdkError::DispatchFailure(DispatchFailure {
        operation,
        attempts,
        source,
    })
}

/// `raw` is not a valid response of `operation`.
pub(crate) fn response<E>(
    operation: &'static str,
    raw: HttpResponse,
    source: BoxError,
) -> SdkError<E> {
    SdkError::ResponseError(ResponseError {
        operation,
        status: raw.status,
        request_id: raw.header("x-amzn-requestid").map(str::to_owned),
        source,
        raw,
    })
}

/// The service answered `operation` with `err` in `raw`.
pub(crate) fn service<E>(operation: &'static str, err: E, raw: HttpResponse) -> SdkError<E> {
    SdkError::ServiceError(ServiceError {
        operation,
        err,
        raw,
    })
}
