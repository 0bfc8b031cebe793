//! With the `interop` feature: aws-smithy-runtime-api's retry-classifier types themselves, so
//! a classifier written against them (or against an `aws-sdk-*` crate's re-exports) plugs in.

pub use aws_smithy_runtime_api::client::interceptors::context::{
    Error, Input, InterceptorContext, Output,
};
pub use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
pub use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier,
};
pub use aws_smithy_types::retry::ErrorKind;

use aws_smithy_runtime_api::client::result::ConnectorError;

use crate::http::{HttpResponse, TransportError, TransportErrorKind};

/// The response a classifier sees: the official type.
pub(crate) fn context_response(
    response: &HttpResponse,
) -> aws_smithy_runtime_api::client::orchestrator::HttpResponse {
    crate::error::official_response(response.clone())
}

/// The connector error a classifier sees for a dispatch failure.
pub(crate) fn context_connector_error(source: &TransportError) -> ConnectorError {
    let described = source.to_string();
    match source.kind() {
        TransportErrorKind::Io => ConnectorError::io(described.into()),
        TransportErrorKind::Request => ConnectorError::user(described.into()),
        _ => ConnectorError::other(described.into(), None),
    }
}
