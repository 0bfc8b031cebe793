//! The default transport: hyper 1 over HTTP/1.1 with rustls and the webpki root certificates.
//!
//! Chosen over reqwest because it is what reqwest is built on, without reqwest's extra layers
//! (tower, cookies, redirects, compression) that an AWS JSON client never uses.
//!
//! The TLS configuration is always built with an explicit rustls crypto provider
//! ([`crypto_provider`]), never rustls's process-level default: when a program also links the
//! official AWS crates, Cargo turns on both of rustls's providers (`ring` and `aws-lc-rs`), and
//! rustls then refuses to pick a process default by itself. Which provider we use is a feature
//! of this crate: `tls-ring` (the default, the smaller and faster build) or `tls-aws-lc-rs`
//! (the provider the official AWS SDKs use, with a FIPS-validated module); when both are on,
//! `tls-aws-lc-rs` wins, since it can only be on because someone asked for it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::Uri;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::http::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};
use crate::proxy::ProxyConfig;

type HttpsClient = Client<hyper_rustls::HttpsConnector<ProxyConnector>, Full<Bytes>>;

/// HTTPS (and plain HTTP, for local endpoints) with connection pooling, directly or through an
/// HTTP proxy.
#[derive(Clone)]
pub struct HyperTransport {
    client: HttpsClient,
    proxy: Option<Arc<Matcher>>,
    /// How long a response body may send nothing (stalled-stream protection).
    stall_limit: Option<Duration>,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HyperTransport")
    }
}

/// The rustls crypto provider this crate's transport uses: aws-lc-rs with the `tls-aws-lc-rs`
/// feature, otherwise ring. Made once per process and shared.
pub fn crypto_provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| {
            #[cfg(feature = "tls-aws-lc-rs")]
            let provider = rustls::crypto::aws_lc_rs::default_provider();
            // rustls 0.23.48 deprecates ring's provider because ring has no post-quantum key
            // exchange (X25519MLKEM768, which aws-lc-rs negotiates). ring stays the default for
            // its build time; `tls-aws-lc-rs` is the feature for post-quantum key exchange.
            #[cfg(not(feature = "tls-aws-lc-rs"))]
            #[allow(deprecated)]
            let provider = rustls::crypto::ring::default_provider();
            Arc::new(provider)
        })
        .clone()
}

/// The TLS client configuration [`HyperTransport::new`] uses: [`crypto_provider`], TLS 1.2 and
/// 1.3, the webpki (Mozilla) root certificates plus `extra_roots`.
///
/// Fails only when one of `extra_roots` is not a usable CA certificate.
pub fn tls_config(
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for root in extra_roots {
        roots.add(root.clone())?;
    }
    Ok(
        rustls::ClientConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            // Both built-in providers implement TLS 1.2 and 1.3.
            .expect("the built-in rustls providers support the default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

impl HyperTransport {
    /// A transport whose connection attempts give up after `connect_timeout`, trusting the
    /// webpki root certificates.
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        let tls = tls_config(&[]).expect("no extra roots, so nothing to reject");
        Self::with_tls_config(tls, connect_timeout)
    }

    /// A transport with your own rustls configuration: other roots, client certificates, another
    /// provider. Start from [`tls_config`] to keep ours and change what you need. It connects
    /// directly; [`with_proxy`](Self::with_proxy) adds a proxy.
    pub fn with_tls_config(tls: rustls::ClientConfig, connect_timeout: Option<Duration>) -> Self {
        Self::with_proxy(tls, connect_timeout, &ProxyConfig::disabled())
    }

    /// A transport that sends requests through the HTTP proxy `proxy` names for their scheme
    /// (unless the host is in its `no_proxy` list): `https://` through a `CONNECT` tunnel, with
    /// TLS end to end, and `http://` forwarded.
    pub fn with_proxy(
        tls: rustls::ClientConfig,
        connect_timeout: Option<Duration>,
        proxy: &ProxyConfig,
    ) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let proxy = proxy.matcher().map(Arc::new);
        let connector = ProxyConnector {
            direct: http,
            proxy: proxy.clone(),
        };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        HyperTransport {
            client: Client::builder(TokioExecutor::new()).build(https),
            proxy,
            stall_limit: crate::StalledStreamProtectionConfig::default().limit(),
        }
    }

    /// This transport with `config`'s stalled-stream protection: a response body that sends
    /// nothing for the grace period fails the attempt (on, 5 s, by default).
    pub fn with_stalled_stream_protection(
        mut self,
        config: crate::StalledStreamProtectionConfig,
    ) -> Self {
        self.stall_limit = config.limit();
        self
    }

    /// `Proxy-Authorization` for a request the proxy forwards (an `http://` one; a tunnel
    /// carries it in its `CONNECT` instead).
    fn forward_auth(&self, uri: &Uri) -> Option<http::HeaderValue> {
        if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
            return None;
        }
        self.proxy.as_ref()?.intercept(uri)?.basic_auth().cloned()
    }
}

/// Connects to the endpoint, or to the proxy the matcher names for it: a `CONNECT` tunnel for
/// `https://` (TLS then runs over it), a plain connection for `http://`, marked as a proxy
/// connection so hyper writes the request's absolute URI.
#[derive(Clone)]
struct ProxyConnector {
    direct: HttpConnector,
    proxy: Option<Arc<Matcher>>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Service<Uri> for ProxyConnector {
    type Response = ProxyStream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<ProxyStream, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.direct.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let intercept = self.proxy.as_ref().and_then(|m| m.intercept(&dst));
        let mut direct = self.direct.clone();
        Box::pin(async move {
            let Some(intercept) = intercept else {
                return Ok(ProxyStream::new(direct.call(dst).await?, false));
            };
            if dst.scheme() == Some(&http::uri::Scheme::HTTPS) {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), direct);
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let stream = tunnel
                    .call(dst)
                    .await
                    .map_err(|e| ProxyError(Box::new(e)))?;
                Ok(ProxyStream::new(stream, false))
            } else {
                let stream = direct.call(intercept.uri().clone()).await?;
                Ok(ProxyStream::new(stream, true))
            }
        })
    }
}

/// A failed `CONNECT` (the proxy refused, asked for credentials with 407, or closed).
#[derive(Debug)]
struct ProxyError(BoxError);

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the HTTP proxy did not open a tunnel: {}", self.0)
    }
}

impl std::error::Error for ProxyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// A connection, direct or through a proxy; `forwarded` when the proxy forwards each
/// request (plain HTTP), which hyper then writes with an absolute URI.
struct ProxyStream {
    io: TokioIo<TcpStream>,
    forwarded: bool,
}

impl ProxyStream {
    fn new(io: TokioIo<TcpStream>, forwarded: bool) -> Self {
        ProxyStream { io, forwarded }
    }
}

impl Connection for ProxyStream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarded)
    }
}

impl hyper::rt::Read for ProxyStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for ProxyStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let uri = request.uri;
            let mut builder = http::Request::builder()
                .method(request.method.as_str())
                .uri(uri.clone());
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if let Some(auth) = self.forward_auth(&uri) {
                builder = builder.header(http::header::PROXY_AUTHORIZATION, auth);
            }
            let http_request = builder
                .body(Full::new(Bytes::from(request.body)))
                .map_err(|e| TransportError::new(TransportErrorKind::Request, e))?;
            let response = self.client.request(http_request).await.map_err(|e| {
                let kind = if e.is_connect() {
                    TransportErrorKind::Connect
                } else {
                    TransportErrorKind::Io
                };
                TransportError::new(kind, e)
            })?;
            let (parts, body) = response.into_parts();
            let body = read_body(body, self.stall_limit).await?;
            let headers = parts
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body,
            })
        })
    }
}

/// The whole body; with `stall_limit`, a body that sends nothing for that long is an error
/// (stalled-stream protection), which the client retries as a broken connection.
async fn read_body(
    mut body: hyper::body::Incoming,
    stall_limit: Option<Duration>,
) -> Result<Vec<u8>, TransportError> {
    let mut out = Vec::new();
    loop {
        let frame = match stall_limit {
            Some(limit) => tokio::time::timeout(limit, body.frame())
                .await
                .map_err(|_| {
                    TransportError::new(
                        TransportErrorKind::Io,
                        format!(
                            "the response body sent nothing for {limit:?} (stalled-stream \
                             protection; see StalledStreamProtectionConfig)"
                        ),
                    )
                })?,
            None => body.frame().await,
        };
        match frame {
            None => return Ok(out),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    out.extend_from_slice(&data);
                }
            }
            Some(Err(e)) => return Err(TransportError::new(TransportErrorKind::Io, e)),
        }
    }
}
