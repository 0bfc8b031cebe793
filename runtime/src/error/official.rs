//! The error types of a build with the `interop` feature: aws-smithy-types' `ErrorMetadata`
//! and `ProvideErrorMetadata`, aws-smithy-runtime-api's `SdkError` and its context types, and
//! aws-types' `RequestId`, so an error passes to code written against any `aws-sdk-*` crate.
//! What happened, in words (the operation, the attempts, the timeout), is the source inside
//! each variant: the official `Display` names only the variant.

use std::fmt;

pub use aws_smithy_runtime_api::client::result::{
    ConnectorError, ConstructionFailure, CreateUnhandledError, DispatchFailure, ResponseError,
    ServiceError, TimeoutError,
};
pub use aws_smithy_types::error::ErrorMetadata;
pub use aws_smithy_types::error::metadata::ProvideErrorMetadata;
pub use aws_types::request_id::RequestId;

use super::BoxError;
use super::context::{self, TimeoutKind};
use crate::http::{HttpResponse, TransportError, TransportErrorKind};

/// The official raw response type, `aws_smithy_runtime_api::client::orchestrator::HttpResponse`.
type RawResponse = aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// A call failed: aws-smithy-runtime-api's `SdkError`, with the official raw response as its
/// default `R`, as every `aws-sdk-*` crate names it.
pub type SdkError<E, R = RawResponse> = aws_smithy_runtime_api::client::result::SdkError<E, R>;

/// Where the official metadata keeps the request id (aws-types reads it from there).
const REQUEST_ID: &str = "aws_request_id";
/// Where the metadata keeps the HTTP status.
const STATUS: &str = "http_status";

/// The metadata of an error response.
pub(crate) fn metadata(
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
) -> ErrorMetadata {
    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = message {
        builder = builder.message(message);
    }
    if let Some(id) = request_id {
        builder = builder.custom(REQUEST_ID, id);
    }
    if status != 0 {
        builder = builder.custom(STATUS, status.to_string());
    }
    builder.build()
}

/// The HTTP status an error's metadata came with (0 when it did not come from a response).
pub(crate) fn status_of(meta: &ErrorMetadata) -> u16 {
    meta.extra(STATUS).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `operation` could not be built; nothing was sent.
pub fn construction<E>(
    operation: &'static str,
    source: impl Into<BoxError>,
) -> SdkError<E, RawResponse> {
    SdkError::construction_failure(context::ConstructionFailure {
        operation,
        source: source.into(),
    })
}

/// A timeout of `operation` passed after `after`.
pub(crate) fn timeout<E>(
    operation: &'static str,
    kind: TimeoutKind,
    after: std::time::Duration,
) -> SdkError<E, RawResponse> {
    SdkError::timeout_error(context::TimeoutError {
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
) -> SdkError<E, RawResponse> {
    let kind = source.kind();
    let failure: BoxError = Box::new(context::DispatchFailure {
        operation,
        attempts,
        source,
    });
    SdkError::dispatch_failure(match kind {
        TransportErrorKind::Io => ConnectorError::io(failure),
        TransportErrorKind::Request => ConnectorError::user(failure),
        _ => ConnectorError::other(failure, None),
    })
}

/// `raw` is not a valid response of `operation`.
pub(crate) fn response<E>(
    operation: &'static str,
    raw: HttpResponse,
    source: BoxError,
) -> SdkError<E, RawResponse> {
    let detail = InvalidResponse {
        operation,
        status: raw.status,
        request_id: raw.header("x-amzn-requestid").map(str::to_owned),
        source,
    };
    SdkError::response_error(detail, official_response(raw))
}

/// The service answered `operation` with `err` in `raw`.
pub(crate) fn service<E>(
    _operation: &'static str,
    err: E,
    raw: HttpResponse,
) -> SdkError<E, RawResponse> {
    SdkError::service_error(err, official_response(raw))
}

/// Our response as the official type: status, headers and body.
pub(crate) fn official_response(raw: HttpResponse) -> RawResponse {
    use aws_smithy_runtime_api::http::StatusCode;
    let status = StatusCode::try_from(raw.status)
        .unwrap_or_else(|_| StatusCode::try_from(500).expect("500 is a status code"));
    let mut response = RawResponse::new(status, aws_smithy_types::body::SdkBody::from(raw.body));
    for (name, value) in raw.headers {
        // Names and values came off the wire through `http`, so they are valid; a pair that
        // is not is left out rather than failing the error it describes.
        let _ = response.headers_mut().try_append(name, value);
    }
    response
}

/// A response that is not valid for the operation: the source of a `ResponseError`.
#[derive(Debug)]
struct InvalidResponse {
    operation: &'static str,
    status: u16,
    request_id: Option<String>,
    source: BoxError,
}

impl fmt::Display for InvalidResponse {
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

impl std::error::Error for InvalidResponse {
    /// `Display` already says the cause, so the chain goes on below it (a chain printer
    /// never shows the same words twice).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}
