//! What each failure of a call says, in words a person can act on: the operation, how many
//! attempts, which timeout. The payloads of [`SdkError`](super::SdkError)'s variants here; with
//! the `interop` feature, the sources inside the official `SdkError`'s variants.

use std::fmt;

use super::BoxError;
use crate::http::{TransportError, TransportErrorKind};

/// The transport's error, as the official SDK calls it.
type ConnectorError = TransportError;

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
    /// `Display` already says the cause, so the chain goes on below it (a chain printer
    /// never shows the same words twice).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

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
    /// `Display` already says the cause, so the chain goes on below it (a chain printer
    /// never shows the same words twice).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.source)
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
