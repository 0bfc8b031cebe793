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
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;

use crate::http::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};

#[cfg(not(any(feature = "tls-ring", feature = "tls-aws-lc-rs")))]
compile_error!(
    "aws-json-runtime needs a TLS crypto provider: enable its `tls-ring` (default) or `tls-aws-lc-rs` feature"
);

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// HTTPS (and plain HTTP, for local endpoints) with connection pooling.
#[derive(Clone)]
pub struct HyperTransport {
    client: HttpsClient,
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
            #[cfg(all(feature = "tls-ring", not(feature = "tls-aws-lc-rs")))]
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
    /// provider. Start from [`tls_config`] to keep ours and change what you need.
    pub fn with_tls_config(tls: rustls::ClientConfig, connect_timeout: Option<Duration>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        HyperTransport {
            client: Client::builder(TokioExecutor::new()).build(https),
        }
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let mut builder = http::Request::builder()
                .method(request.method.as_str())
                .uri(request.uri);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
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
            let body = body
                .collect()
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e))?
                .to_bytes();
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
                body: body.to_vec(),
            })
        })
    }
}
