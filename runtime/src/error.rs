//! What a call can fail with. Every error says which operation failed and why, in words a
//! person can act on, and keeps its cause in the `source()` chain.
//!
//! The shapes follow the official AWS SDK for Rust, so calling code written for an
//! `aws-sdk-*` crate reads the same here: [`SdkError`] has the variants `ConstructionFailure`,
//! `TimeoutError`, `DispatchFailure`, `ResponseError` and `ServiceError`;
//! [`SdkError::into_service_error`] gives the operation's error enum; and
//! [`ProvideErrorMetadata`] gives `code()` and `message()`. Only `Display` differs: it says
//! what happened instead of naming the variant.

use std::fmt;

use crate::http::{HttpResponse, TransportError, TransportErrorKind};

/// A boxed error, the `source` of the errors below.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

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

/// The request id of the response an error came from (`x-amzn-requestid`).
pub trait RequestId {
    /// The request id, if the service sent one.
    fn request_id(&self) -> Option<&str>;
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

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

impl<T: ProvideErrorMetadata> RequestId for T {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
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

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            return source.fmt(f);
        }
        match (&self.meta.code, &self.meta.message) {
            (Some(c), Some(m)) => write!(f, "{c}: {m}"),
            (Some(c), None) => f.write_str(c),
            (None, Some(m)) => write!(f, "HTTP {}: {m}", self.meta.status),
            (None, None) => write!(f, "HTTP {} without an error code", self.meta.status),
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
    /// A construction failure of `operation`.
    pub fn construction(operation: &'static str, source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(ConstructionFailure {
            operation,
            source: source.into(),
        })
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

/// The request could not be built (missing member, region or credentials, bad endpoint).
#[derive(Debug)]
pub struct ConstructionFailure {
    pub(crate) operation: &'static str,
    pub(crate) source: BoxError,
}

impl fmt::Display for ConstructionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} was not sent: {}", self.operation, self.source)
    }
}

impl std::error::Error for ConstructionFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The transport's error, as the official SDK calls it.
pub type ConnectorError = TransportError;

/// No complete response: the last attempt's transport failure.
#[derive(Debug)]
pub struct DispatchFailure {
    pub(crate) operation: &'static str,
    pub(crate) attempts: u32,
    pub(crate) source: TransportError,
}

impl DispatchFailure {
    /// The transport's error.
    pub fn as_connector_error(&self) -> Option<&ConnectorError> {
        Some(&self.source)
    }
    /// The connection broke during the exchange.
    pub fn is_io(&self) -> bool {
        self.source.kind() == TransportErrorKind::Io
    }
    /// The connection could not be made in time (connect timeout included in `Connect`).
    pub fn is_timeout(&self) -> bool {
        false
    }
    /// The request could not be sent (for example, an invalid URL).
    pub fn is_user(&self) -> bool {
        self.source.kind() == TransportErrorKind::Request
    }
    /// Any other failure, such as a refused connection or a failed TLS handshake.
    pub fn is_other(&self) -> bool {
        self.source.kind() == TransportErrorKind::Connect
    }
    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed after {} attempt(s): {}",
            self.operation, self.attempts, self.source
        )
    }
}

impl std::error::Error for DispatchFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Which timeout passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt took longer than the attempt timeout (after any retries).
    Attempt,
    /// The whole call, retries included, took longer than the operation timeout.
    Operation,
}

/// A timeout passed.
#[derive(Debug)]
pub struct TimeoutError {
    pub(crate) operation: &'static str,
    pub(crate) kind: TimeoutKind,
    pub(crate) after: std::time::Duration,
}

impl TimeoutError {
    /// Which timeout it was.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = match self.kind {
            TimeoutKind::Attempt => "attempt timeout",
            TimeoutKind::Operation => "operation timeout",
        };
        write!(
            f,
            "{} timed out: no response within the {which} of {:?}",
            self.operation, self.after
        )
    }
}

impl std::error::Error for TimeoutError {}

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
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
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
            SdkError::construction("PutRow", "required member `table` not set");
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
