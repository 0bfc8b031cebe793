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
