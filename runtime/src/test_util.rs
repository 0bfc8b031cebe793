//! A test double for code that calls the service: record the requests, replay canned
//! responses. No server, no network.
//!
//! ```
//! use aws_json_runtime::test_util::ReplayTransport;
//! use aws_json_runtime::HttpResponse;
//!
//! let transport = ReplayTransport::new([HttpResponse::new(200, r#"{"tasks":[]}"#)]);
//! // Config::builder().transport(transport.clone())... then inspect transport.requests().
//! assert!(transport.requests().is_empty());
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::http::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};

/// What the double answers to one request.
#[derive(Debug)]
pub enum Replay {
    /// A complete response.
    Response(HttpResponse),
    /// A transport failure of this kind (connection refused, reset, ...).
    Fail(TransportErrorKind, String),
}

impl From<HttpResponse> for Replay {
    fn from(r: HttpResponse) -> Self {
        Replay::Response(r)
    }
}

/// Answers requests in order from a list, and keeps every request it was sent.
#[derive(Debug, Clone, Default)]
pub struct ReplayTransport {
    replies: Arc<Mutex<VecDeque<Replay>>>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl ReplayTransport {
    /// Answers with `replies`, one per request, in order.
    pub fn new<R: Into<Replay>>(replies: impl IntoIterator<Item = R>) -> Self {
        ReplayTransport {
            replies: Arc::new(Mutex::new(replies.into_iter().map(Into::into).collect())),
            requests: Arc::default(),
        }
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl HttpTransport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request);
        let reply = self
            .replies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        Box::pin(async move {
            match reply {
                Some(Replay::Response(r)) => Ok(r),
                Some(Replay::Fail(kind, message)) => Err(TransportError::new(kind, message)),
                None => Err(TransportError::new(
                    TransportErrorKind::Request,
                    "ReplayTransport has no more responses",
                )),
            }
        })
    }
}

/// What the generated Smithy protocol tests (`smithy.test#httpRequestTests` and
/// `httpResponseTests`) check, so each generated test states only its case.
pub mod protocol {
    use super::ReplayTransport;
    use crate::http::{HttpRequest, HttpResponse};
    use crate::{Config, Credentials, RetryConfig};

    /// The client configuration every case runs with: fixed credentials and region, one
    /// attempt, and `https://{host}` as the endpoint.
    pub fn config(transport: &ReplayTransport, host: &str) -> Config {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKID",
                "SECRET",
                None,
                None,
                "protocol-test",
            ))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .endpoint_url(format!("https://{host}"))
            .transport(transport.clone())
            .build()
    }

    /// A response with `code`, `headers` and `body`.
    pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        headers
            .iter()
            .fold(HttpResponse::new(code, body), |r, (k, v)| {
                r.with_header(k, v)
            })
    }

    /// One `httpRequestTests` case.
    #[derive(Debug, Default)]
    pub struct RequestCase<'a> {
        /// The case id, for messages.
        pub id: &'a str,
        /// `method`.
        pub method: &'a str,
        /// `uri`: the path.
        pub uri: &'a str,
        /// `resolvedHost`, else `host`: the host the request must go to.
        pub host: &'a str,
        /// `headers`: each must be sent with exactly this value.
        pub headers: &'a [(&'a str, &'a str)],
        /// `forbidHeaders`: must not be sent.
        pub forbid_headers: &'a [&'a str],
        /// `requireHeaders`: must be sent, with any value.
        pub require_headers: &'a [&'a str],
        /// `body`, when the case gives one.
        pub body: Option<&'a str>,
        /// Whether `bodyMediaType` is JSON, so bodies compare as JSON values.
        pub json_body: bool,
    }

    /// Checks the one request the client sent against `case`, panicking with what differs.
    /// `outcome` is what `send()` said, shown when no request went out.
    pub fn assert_request<T, E: std::error::Error>(
        requests: &[HttpRequest],
        outcome: &Result<T, E>,
        case: &RequestCase<'_>,
    ) {
        let id = case.id;
        if requests.len() != 1 {
            let why = match outcome {
                Err(e) => crate::error::DisplayErrorContext(e).to_string(),
                Ok(_) => "send() succeeded".to_owned(),
            };
            panic!("{id}: expected one request, got {} ({why})", requests.len());
        }
        let request = &requests[0];
        assert_eq!(request.method, case.method, "{id}: method");
        let uri = &request.uri;
        assert_eq!(uri.scheme_str(), Some("https"), "{id}: scheme of {uri}");
        let host = uri.authority().map_or("", |a| a.as_str());
        assert_eq!(host, case.host, "{id}: host of {uri}");
        assert_eq!(uri.path(), case.uri, "{id}: path of {uri}");
        for (name, value) in case.headers {
            assert_eq!(
                request.header(name),
                Some(*value),
                "{id}: header {name} (sent: {:?})",
                request.headers
            );
        }
        for name in case.forbid_headers {
            assert!(
                request.header(name).is_none(),
                "{id}: header {name} must not be sent"
            );
        }
        for name in case.require_headers {
            assert!(
                request.header(name).is_some(),
                "{id}: header {name} must be sent"
            );
        }
        if let Some(expected) = case.body {
            let sent = String::from_utf8_lossy(&request.body);
            if case.json_body && !expected.is_empty() {
                let want: serde_json::Value = serde_json::from_str(expected)
                    .unwrap_or_else(|e| panic!("{id}: the case's body is not JSON: {e}"));
                let got: serde_json::Value = serde_json::from_str(&sent)
                    .unwrap_or_else(|e| panic!("{id}: the sent body is not JSON ({e}): {sent}"));
                assert_eq!(got, want, "{id}: body");
            } else {
                assert_eq!(sent, expected, "{id}: body");
            }
        }
    }

    /// Compares two values by their wire form, for values that `PartialEq` cannot compare
    /// (NaN) and error structures (whose metadata differs by design).
    pub fn assert_same_wire<T: serde::Serialize>(actual: &T, expected: &T, id: &str) {
        let actual = serde_json::to_value(actual).expect("serializes");
        let expected = serde_json::to_value(expected).expect("serializes");
        assert_eq!(actual, expected, "{id}: value");
    }
}

/// Runs a generated crate's endpoint test cases (the model's `smithy.rules#endpointTests`, as
/// the JSON list the generator writes) through its resolver, and fails naming every case that
/// gave another endpoint or error.
pub fn endpoint_tests(
    cases: &str,
    resolve: impl Fn(
        &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<crate::endpoint::Endpoint, crate::endpoint::EndpointError>,
) {
    match aws_endpoint_rules::cases::run(cases, resolve) {
        Ok(count) => assert!(count > 0, "the model has no endpoint test cases"),
        Err(failures) => panic!(
            "{} endpoint test case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        ),
    }
}
