//! Without the `interop` feature: this crate's own retry-classifier types, with the part of
//! aws-smithy-runtime-api's API a classifier uses (`ClassifyRetry`, `RetryAction`,
//! `RetryClassifierPriority`, and the `InterceptorContext` it reads), so a classifier written
//! for an `aws-sdk-*` crate compiles against it unchanged.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::BoxError;
use crate::http::{HttpResponse, TransportError};

/// What a classifier says about a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryAction {
    /// No opinion; the classifiers that run after it decide.
    #[default]
    NoActionIndicated,
    /// Retry, for this reason.
    RetryIndicated(RetryReason),
    /// Do not retry, whatever other classifiers say.
    RetryForbidden,
}

impl RetryAction {
    /// Retry an error of this kind.
    pub fn retryable_error(kind: ErrorKind) -> Self {
        RetryAction::RetryIndicated(RetryReason::RetryableError {
            kind,
            retry_after: None,
        })
    }
    /// Retry an error of this kind after `retry_after` (the delay is a lower bound on the
    /// backoff).
    pub fn retryable_error_with_explicit_delay(kind: ErrorKind, retry_after: Duration) -> Self {
        RetryAction::RetryIndicated(RetryReason::RetryableError {
            kind,
            retry_after: Some(retry_after),
        })
    }
    /// Retry a transient error.
    pub fn transient_error() -> Self {
        Self::retryable_error(ErrorKind::TransientError)
    }
    /// Retry a throttling error (it counts toward adaptive mode's rate limiter).
    pub fn throttling_error() -> Self {
        Self::retryable_error(ErrorKind::ThrottlingError)
    }
    /// Retry a server error.
    pub fn server_error() -> Self {
        Self::retryable_error(ErrorKind::ServerError)
    }
    /// Retry a client error.
    pub fn client_error() -> Self {
        Self::retryable_error(ErrorKind::ClientError)
    }
    /// Whether this action retries.
    pub fn should_retry(&self) -> bool {
        matches!(self, RetryAction::RetryIndicated(_))
    }
}

/// Why an attempt is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// A retryable error.
    RetryableError {
        /// Its kind.
        kind: ErrorKind,
        /// A delay the service asked for.
        retry_after: Option<Duration>,
    },
}

/// The kind of a retryable error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A connection or I/O failure, or a timeout.
    TransientError,
    /// The service throttled the request.
    ThrottlingError,
    /// A server-side error.
    ServerError,
    /// A client-side error worth retrying.
    ClientError,
}

/// When a classifier runs: classifiers run from the lowest priority to the highest, and a
/// later one's action (other than `NoActionIndicated`) replaces an earlier one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RetryClassifierPriority(i8);

impl RetryClassifierPriority {
    /// The priority of the HTTP status classifier (5xx).
    pub fn http_status_code_classifier() -> Self {
        RetryClassifierPriority(0)
    }
    /// The priority of the classifier of errors the model marks `@retryable`.
    pub fn modeled_as_retryable_classifier() -> Self {
        RetryClassifierPriority(10)
    }
    /// The priority of the classifier of timeouts and connection failures.
    pub fn transient_error_classifier() -> Self {
        RetryClassifierPriority(20)
    }
    /// Runs just before `other` (so `other` may override it).
    pub fn run_before(other: Self) -> Self {
        RetryClassifierPriority(other.0.saturating_sub(1))
    }
    /// Runs just after `other` (so it may override `other`).
    pub fn run_after(other: Self) -> Self {
        RetryClassifierPriority(other.0.saturating_add(1))
    }
    /// Runs before `other`.
    pub fn with_lower_priority_than(other: Self) -> Self {
        Self::run_before(other)
    }
    /// Runs after `other`.
    pub fn with_higher_priority_than(other: Self) -> Self {
        Self::run_after(other)
    }
}

/// Decides whether a failed attempt is retried.
pub trait ClassifyRetry: Send + Sync + fmt::Debug {
    /// The action for the attempt in `ctx`.
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction;
    /// As `classify_retry`, knowing the action of the classifiers that ran before.
    fn classify_retry_v2(&self, ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        let _ = previous;
        self.classify_retry(ctx)
    }
    /// The classifier's name, for logs.
    fn name(&self) -> &'static str;
    /// When it runs.
    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::default()
    }
}

/// A classifier the config keeps (cheap to clone).
#[derive(Debug, Clone)]
pub struct SharedRetryClassifier(Arc<dyn ClassifyRetry>);

impl SharedRetryClassifier {
    /// Shares `classifier`.
    pub fn new(classifier: impl ClassifyRetry + 'static) -> Self {
        SharedRetryClassifier(Arc::new(classifier))
    }
}

impl ClassifyRetry for SharedRetryClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        self.0.classify_retry(ctx)
    }
    fn classify_retry_v2(&self, ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        self.0.classify_retry_v2(ctx, previous)
    }
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn priority(&self) -> RetryClassifierPriority {
        self.0.priority()
    }
}

/// A type-erased operation input (a classifier's context holds none it can use).
#[derive(Debug)]
pub struct Input(Box<dyn Any + Send + Sync>);

impl Input {
    /// Erases `input`.
    pub fn erase<T: Send + Sync + fmt::Debug + 'static>(input: T) -> Self {
        Input(Box::new(input))
    }
    /// The input, if it is a `T`.
    pub fn downcast_ref<T: Send + Sync + fmt::Debug + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

/// A type-erased operation output.
#[derive(Debug)]
pub struct Output(Box<dyn Any + Send + Sync>);

impl Output {
    /// The output, if it is a `T`.
    pub fn downcast_ref<T: Send + Sync + fmt::Debug + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

/// A type-erased operation error: downcast it to the operation's error enum.
#[derive(Debug)]
pub struct Error(BoxError);

impl Error {
    /// Erases `error`.
    pub fn erase<T: std::error::Error + Send + Sync + fmt::Debug + 'static>(error: T) -> Self {
        Error(Box::new(error))
    }
    /// The error, if it is a `T` (`RunTaskError`, …).
    pub fn downcast_ref<T: std::error::Error + Send + Sync + fmt::Debug + 'static>(
        &self,
    ) -> Option<&T> {
        self.0.downcast_ref()
    }
    /// The error back, if it is a `T`.
    pub fn downcast<T: std::error::Error + Send + Sync + fmt::Debug + 'static>(
        self,
    ) -> Result<T, Self> {
        self.0.downcast().map(|b| *b).map_err(Error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// How an attempt failed, as a classifier sees it.
#[derive(Debug)]
pub struct OrchestratorError<E> {
    kind: Kind<E>,
}

#[derive(Debug)]
enum Kind<E> {
    Operation(E),
    Timeout(BoxError),
    Response(BoxError),
    Connector(TransportError),
}

impl<E> OrchestratorError<E> {
    /// The service answered with the operation's error `err`.
    pub fn operation(err: E) -> Self {
        OrchestratorError {
            kind: Kind::Operation(err),
        }
    }
    /// A timeout passed.
    pub fn timeout(source: BoxError) -> Self {
        OrchestratorError {
            kind: Kind::Timeout(source),
        }
    }
    /// The response could not be read.
    pub fn response(source: BoxError) -> Self {
        OrchestratorError {
            kind: Kind::Response(source),
        }
    }
    /// No response arrived.
    pub fn connector(source: TransportError) -> Self {
        OrchestratorError {
            kind: Kind::Connector(source),
        }
    }
    /// The operation's error, if the service answered with one.
    pub fn as_operation_error(&self) -> Option<&E> {
        match &self.kind {
            Kind::Operation(e) => Some(e),
            _ => None,
        }
    }
    /// Whether the service answered with the operation's error.
    pub fn is_operation_error(&self) -> bool {
        matches!(self.kind, Kind::Operation(_))
    }
    /// Whether a timeout passed.
    pub fn is_timeout_error(&self) -> bool {
        matches!(self.kind, Kind::Timeout(_))
    }
    /// Whether the response could not be read.
    pub fn is_response_error(&self) -> bool {
        matches!(self.kind, Kind::Response(_))
    }
    /// Whether no response arrived.
    pub fn is_connector_error(&self) -> bool {
        matches!(self.kind, Kind::Connector(_))
    }
    /// The transport's error, if no response arrived.
    pub fn as_connector_error(&self) -> Option<&TransportError> {
        match &self.kind {
            Kind::Connector(e) => Some(e),
            _ => None,
        }
    }
    /// The same failure with the operation's error mapped.
    pub fn map_operation_error<E2>(self, map: impl FnOnce(E) -> E2) -> OrchestratorError<E2> {
        let kind = match self.kind {
            Kind::Operation(e) => Kind::Operation(map(e)),
            Kind::Timeout(s) => Kind::Timeout(s),
            Kind::Response(s) => Kind::Response(s),
            Kind::Connector(s) => Kind::Connector(s),
        };
        OrchestratorError { kind }
    }
}

/// A failed attempt as a retry classifier sees it: the outcome, and the response if one came.
#[derive(Debug)]
pub struct InterceptorContext {
    input: Input,
    response: Option<HttpResponse>,
    output_or_error: Option<Result<Output, OrchestratorError<Error>>>,
}

impl InterceptorContext {
    /// A context for `input`.
    pub fn new(input: Input) -> Self {
        InterceptorContext {
            input,
            response: None,
            output_or_error: None,
        }
    }
    /// The input.
    pub fn input(&self) -> Option<&Input> {
        Some(&self.input)
    }
    /// Sets the response.
    pub fn set_response(&mut self, response: HttpResponse) {
        self.response = Some(response);
    }
    /// The response, if one came.
    pub fn response(&self) -> Option<&HttpResponse> {
        self.response.as_ref()
    }
    /// Sets the outcome.
    pub fn set_output_or_error(&mut self, outcome: Result<Output, OrchestratorError<Error>>) {
        self.output_or_error = Some(outcome);
    }
    /// The outcome.
    pub fn output_or_error(&self) -> Option<Result<&Output, &OrchestratorError<Error>>> {
        self.output_or_error.as_ref().map(Result::as_ref)
    }
    /// Takes the outcome out.
    pub fn take_output_or_error(&mut self) -> Option<Result<Output, OrchestratorError<Error>>> {
        self.output_or_error.take()
    }
    /// Whether the attempt failed.
    pub fn is_failed(&self) -> bool {
        matches!(self.output_or_error, Some(Err(_)))
    }
}

/// The response a classifier sees: ours.
pub(crate) fn context_response(response: &HttpResponse) -> HttpResponse {
    response.clone()
}

/// The transport error a classifier sees for a dispatch failure.
pub(crate) fn context_connector_error(source: &TransportError) -> TransportError {
    TransportError::new(source.kind(), source.to_string())
}
