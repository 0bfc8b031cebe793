//! The HTTP seam: plain request/response values and the transport trait every client call
//! goes through. The default implementation is [`crate::HyperTransport`]; tests and users can
//! plug in their own, such as [`crate::test_util::ReplayTransport`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future (what [`HttpTransport::send`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request ready to go on the wire: signed, with every header set.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` for awsJson.
    pub method: String,
    /// The absolute URL, parsed once per call (signing and the transport read it as is).
    pub uri: http::Uri,
    /// Header names (lower case) and values, in the order they were added.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        first_value(&self.headers, name)
    }

    /// The headers, to change in place, as the official request's `headers_mut()`
    /// (`request.headers_mut().insert("x-trace", "1")`).
    pub fn headers_mut(&mut self) -> HeadersMut<'_> {
        HeadersMut(&mut self.headers)
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// A request's headers, changed in place (names are kept lower case).
#[derive(Debug)]
pub struct HeadersMut<'a>(&'a mut Vec<(String, String)>);

impl HeadersMut<'_> {
    /// Sets header `name` to `value`, replacing its values; returns the first value it had.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) -> Option<String> {
        let name = name.into().to_ascii_lowercase();
        let old = self.remove(&name);
        self.0.push((name, value.into()));
        old
    }
    /// Adds a value of header `name`, keeping the ones it has.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0
            .push((name.into().to_ascii_lowercase(), value.into()));
    }
    /// Removes header `name`; returns its first value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let mut first = None;
        self.0.retain_mut(|(k, v)| {
            if k.eq_ignore_ascii_case(name) {
                first.get_or_insert_with(|| std::mem::take(v));
                false
            } else {
                true
            }
        });
        first
    }
    /// The first value of header `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        first_value(self.0, name)
    }
}

/// The first value of header `name` in `headers` (case-insensitive).
fn first_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Header values may carry credentials (`authorization`, `x-amz-security-token`); they are
/// never printed.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| match k.as_str() {
                "authorization" | "x-amz-security-token" => (k.as_str(), "** redacted **"),
                _ => (k.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// A complete response: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// An HTTP status code, as [`HttpResponse::status`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusCode(u16);

impl StatusCode {
    /// The code as a number.
    pub fn as_u16(self) -> u16 {
        self.0
    }
    /// 2xx.
    pub fn is_success(self) -> bool {
        (200..300).contains(&self.0)
    }
    /// 4xx.
    pub fn is_client_error(self) -> bool {
        (400..500).contains(&self.0)
    }
    /// 5xx.
    pub fn is_server_error(self) -> bool {
        (500..600).contains(&self.0)
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl HttpResponse {
    /// The status code, as the official SDK's raw response gives it
    /// (`err.raw_response().map(|r| r.status().as_u16())`).
    pub fn status(&self) -> StatusCode {
        StatusCode(self.status)
    }

    /// A response with `status` and `body` and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        first_value(&self.headers, name)
    }
}

/// Why no complete response arrived.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, TLS handshake, connect timeout).
    Connect,
    /// The connection broke while sending or receiving (reset, truncated body).
    Io,
    /// The request could not be sent at all (for example, an invalid URL).
    Request,
}

impl TransportError {
    /// A failure of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }
    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
    /// The connection broke during the exchange (the official `ConnectorError::is_io`).
    pub fn is_io(&self) -> bool {
        self.kind == TransportErrorKind::Io
    }
    /// Always `false`: a connect timeout is a `Connect` failure (`is_other`).
    pub fn is_timeout(&self) -> bool {
        false
    }
    /// The request could not be sent at all.
    pub fn is_user(&self) -> bool {
        self.kind == TransportErrorKind::Request
    }
    /// The connection could not be made.
    pub fn is_other(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Io => "connection failed during the exchange",
            TransportErrorKind::Request => "could not send the request",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Sends one request and returns the complete response.
///
/// Implementations own connection pooling and connect timeouts; the client owns signing,
/// retries and the per-attempt and per-operation timeouts.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request`; the future resolves once the whole response body has arrived.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}
