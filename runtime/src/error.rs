//! What a call can fail with. Every error says which operation failed and why, in words a
//! person can act on, and keeps its cause in the `source()` chain.

use std::fmt;

use crate::http::TransportError;

/// What the service said about an error response (aws-json.rst, "Operation error
/// serialization"), plus the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorMetadata {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) status: u16,
}

impl ErrorMetadata {
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
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// An error response whose code this operation does not model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    meta: ErrorMetadata,
}

impl UnhandledError {
    /// Wraps the metadata of an unmodeled error response.
    pub fn new(meta: ErrorMetadata) -> Self {
        UnhandledError { meta }
    }
    /// The error code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.meta.code, &self.meta.message) {
            (Some(c), Some(m)) => write!(f, "{c}: {m}"),
            (Some(c), None) => f.write_str(c),
            (None, Some(m)) => write!(f, "HTTP {}: {m}", self.meta.status),
            (None, None) => write!(f, "HTTP {} without an error code", self.meta.status),
        }
    }
}

impl std::error::Error for UnhandledError {}

/// Implemented by each generated per-operation error enum.
pub trait OperationError: std::error::Error + Send + Sync + Sized + 'static {
    /// Builds the error for `code` from the response `body` (an unmodeled code, or a body
    /// that does not parse, becomes the enum's unhandled variant).
    fn from_response(code: Option<&str>, body: &[u8], meta: &ErrorMetadata) -> Self;
    /// Whether the model marks this error `@retryable`.
    fn is_retryable(&self) -> bool;
}

/// A call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built; nothing was sent.
    Construction(ConstructionError),
    /// No complete response arrived (after any retries).
    Dispatch(DispatchError),
    /// The attempt or operation timeout passed.
    Timeout(TimeoutError),
    /// The service answered with an error.
    Service(ServiceError<E>),
    /// The service answered with something that is not a valid response.
    Response(ResponseError),
}

impl<E> SdkError<E> {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(&e.err),
            _ => None,
        }
    }
    /// Takes the service error out, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e.err),
            _ => None,
        }
    }
    /// The error metadata of a service error.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        match self {
            SdkError::Service(e) => Some(&e.meta),
            _ => None,
        }
    }
    /// A construction error for `operation`.
    pub fn construction(
        operation: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        SdkError::Construction(ConstructionError {
            operation,
            source: source.into(),
        })
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Construction(e) => e.fmt(f),
            SdkError::Dispatch(e) => e.fmt(f),
            SdkError::Timeout(e) => e.fmt(f),
            SdkError::Service(e) => e.fmt(f),
            SdkError::Response(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Construction(e) => Some(e),
            SdkError::Dispatch(e) => Some(e),
            SdkError::Timeout(e) => Some(e),
            SdkError::Service(e) => Some(&e.err),
            SdkError::Response(e) => Some(e),
        }
    }
}

/// The request could not be built (missing member, region or credentials, bad endpoint).
#[derive(Debug)]
pub struct ConstructionError {
    pub(crate) operation: &'static str,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} was not sent: {}", self.operation, self.source)
    }
}

impl std::error::Error for ConstructionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// No complete response: the last attempt's transport failure.
#[derive(Debug)]
pub struct DispatchError {
    pub(crate) operation: &'static str,
    pub(crate) attempts: u32,
    pub(crate) source: TransportError,
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed after {} attempt(s): {}",
            self.operation, self.attempts, self.source
        )
    }
}

impl std::error::Error for DispatchError {
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
pub struct ServiceError<E> {
    pub(crate) operation: &'static str,
    pub(crate) err: E,
    pub(crate) meta: ErrorMetadata,
}

impl<E> ServiceError<E> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.err
    }
    /// Code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: ", self.operation)?;
        match (&self.meta.code, &self.meta.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            _ => self.err.fmt(f)?,
        }
        write!(f, " (HTTP {}", self.meta.status)?;
        if let Some(id) = &self.meta.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// A response that is not valid for the operation (for example, a 200 whose body is not the
/// expected JSON).
#[derive(Debug)]
pub struct ResponseError {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for ResponseError {
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

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}
