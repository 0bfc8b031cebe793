//! One call, start to finish: build the awsJson request, resolve the endpoint, sign, send,
//! retry per AWS standard mode, and turn the response into output or a typed error.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::credentials::provider::ProvideCredentials;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::adaptive::RateLimiter;
use crate::aws_json;
use crate::classify;
use crate::config::Config;
use crate::endpoint::{self, ServiceInfo};
use crate::error::{self, OperationError, OutputMeta, SdkError, TimeoutKind};
use crate::http::{HttpRequest, HttpTransport};
use crate::intercept::{self, Hook};
use crate::retry::{self, RetryKind, RetryQuota};
use crate::rt::SharedAsyncSleep;

/// What a generated client holds: the configuration, the service facts and the retry quota
/// its calls share.
#[derive(Debug)]
pub struct Handle {
    config: Config,
    service: &'static ServiceInfo,
    /// The retry quota: this client's own, or the one its retry partition shares.
    quota: Arc<RetryQuota>,
    /// The credentials last loaded, kept as the config's identity cache says.
    credentials: crate::identity::CredentialsSlot,
    /// The configured transport, or this client's own `HyperTransport` (its connection pool);
    /// `None` without one (no `default-https-client`): every call fails before sending.
    transport: Option<Arc<dyn HttpTransport>>,
    /// The configured sleep, or tokio's (`rt-tokio`); `None`: no retries, timeouts or waiters.
    sleep: Option<SharedAsyncSleep>,
    /// Adaptive retry mode's rate limiter, shared by this client's calls.
    rate_limiter: Option<RateLimiter>,
}

/// A fresh UUID v4, for `@idempotencyToken` members the caller left unset (and the
/// `amz-sdk-invocation-id` of each call). As in the AWS SDKs, the random bits come from a fast
/// thread-local generator: a token must be unique, not secret.
pub fn idempotency_token() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .to_string()
}

#[cfg(feature = "request-compression")]
fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

/// Without the feature nothing can be gzipped: say so rather than send a body the operation
/// was not meant to get uncompressed. (Generated crates turn the feature on when they need it.)
#[cfg(not(feature = "request-compression"))]
fn gzip(_body: &[u8]) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::other(
        "this operation compresses its request body, but aws-json-runtime was built without \
         its `request-compression` feature",
    ))
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What every attempt of a call shares.
struct Prepared {
    /// The endpoint, host prefix included.
    uri: http::Uri,
    /// Headers the endpoint requires.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Whether `body` is gzipped.
    compressed: bool,
    region: String,
    signing_name: String,
    credentials: crate::credentials::Credentials,
}

/// `uri` with `prefix` in front of its host (`https://a.example` → `https://foo.a.example`).
fn with_host_prefix(uri: http::Uri, prefix: &str) -> Result<http::Uri, BoxError> {
    let mut parts = uri.into_parts();
    let authority = parts
        .authority
        .as_ref()
        .ok_or("the endpoint has no host for the operation's host prefix")?;
    parts.authority = Some(format!("{prefix}{authority}").parse()?);
    Ok(http::Uri::from_parts(parts)?)
}

/// How one attempt ended: done, or to be retried (after at least the delay a retry
/// classifier asked for, if one did).
enum Attempt<O, E> {
    Done(Result<O, SdkError<E>>),
    Retry(SdkError<E>, RetryKind, Option<Duration>),
}

impl<O, E> Attempt<O, E> {
    /// `error`, retried as `kind` says (not at all for `RetryKind::No`).
    fn failed(error: SdkError<E>, (kind, delay): (RetryKind, Option<Duration>)) -> Self {
        match kind {
            RetryKind::No => Attempt::Done(Err(error)),
            kind => Attempt::Retry(error, kind, delay),
        }
    }
}

/// What an operation adds to a call: a host prefix from its `@endpoint` trait (labels filled
/// in and checked) and gzip from its `@requestCompression` trait.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Prepended to the endpoint's host (`foo.bar.`).
    pub host_prefix: Option<String>,
    /// Gzip the body when it is large enough (`@requestCompression(encodings: ["gzip"])`).
    pub request_compression: bool,
}

/// A `@hostLabel` value for a host prefix: a host label (RFC 1123: 1 to 63 letters, digits or
/// `-`, not starting with `-`), so user input cannot redirect the request to another host.
pub fn host_label(
    value: Option<&str>,
    member: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let value = value.unwrap_or_default();
    if aws_endpoint_rules::host::is_valid_host_label(value, false) {
        Ok(value.to_owned())
    } else {
        Err(format!("`{member}` ({value:?}) goes into the endpoint's host, so it must be a host label: 1 to 63 letters, digits or `-`, not starting with `-`").into())
    }
}

/// What a call says when the client has no transport.
const NO_TRANSPORT: &str = "no HTTP transport: enable the `default-https-client` feature, or set \
     one with Config::builder().transport(..)";

/// This client's own HTTPS transport (its connection pool), with the configuration's CA
/// certificates, connect timeout and proxy.
#[cfg(feature = "default-https-client")]
fn default_transport(config: &Config) -> Option<Arc<dyn HttpTransport>> {
    let tls = crate::hyper_transport::tls_config(&config.extra_roots)
        .expect("extra roots were checked to be trust anchors when they were added");
    let proxy = config.proxy.clone().unwrap_or_default();
    Some(Arc::new(
        crate::hyper_transport::HyperTransport::with_proxy(tls, config.timeouts.connect, &proxy)
            .with_stalled_stream_protection(config.stalled_stream),
    ))
}

/// Without `default-https-client` there is no transport but the one the configuration sets.
#[cfg(not(feature = "default-https-client"))]
fn default_transport(_config: &Config) -> Option<Arc<dyn HttpTransport>> {
    None
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Arc<Handle> {
        let transport = config
            .transport
            .clone()
            .or_else(|| default_transport(&config));
        let sleep = config.sleep.clone().or_else(crate::rt::default_sleep);
        let rate_limiter =
            (config.retry.mode == crate::retry::RetryMode::Adaptive).then(RateLimiter::default);
        let quota = crate::retry::quota_for(config.retry_partition.as_ref());
        Arc::new(Handle {
            config,
            service,
            quota,
            credentials: Default::default(),
            transport,
            sleep,
            rate_limiter,
        })
    }

    /// One attempt in its span, paced by the rate limiter in adaptive mode (which then learns
    /// whether the service throttled it).
    async fn paced_attempt<O: DeserializeOwned + OutputMeta, E: OperationError>(
        &self,
        operation: &'static str,
        request: HttpRequest,
        attempt: u32,
    ) -> Attempt<O, E> {
        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        self.pace().await;
        let outcome = self
            .attempt::<O, E>(operation, request, attempt, &span)
            .instrument(span.clone())
            .await;
        if let Some(limiter) = &self.rate_limiter {
            limiter.update(matches!(
                outcome,
                Attempt::Retry(_, RetryKind::Throttling, _)
            ));
        }
        outcome
    }

    /// In adaptive mode, waits for the rate limiter's token before an attempt.
    async fn pace(&self) {
        let Some(limiter) = &self.rate_limiter else {
            return;
        };
        let wait = limiter.acquire();
        if !wait.is_zero()
            && let Some(sleep) = &self.sleep
        {
            tracing::debug!(?wait, "adaptive retry mode: waiting for the client's rate");
            sleep.sleep(wait).await;
        }
    }

    /// Whether the client can make a call at all: a usable configuration, a transport, and a
    /// sleep when the call may have to wait (retries, timeouts).
    fn ready(&self) -> Result<(), BoxError> {
        if let Some(invalid) = self.config.invalid.first() {
            return Err(Box::new(invalid.clone()));
        }
        if self.transport.is_none() {
            return Err(NO_TRANSPORT.into());
        }
        let timeouts = &self.config.timeouts;
        let waits = self.config.retry.max_attempts > 1
            || timeouts.attempt.is_some()
            || timeouts.operation.is_some();
        if waits && self.sleep.is_none() {
            return Err(crate::rt::NO_SLEEP.into());
        }
        Ok(())
    }

    /// What the client sleeps with, for waiters; `None` without `rt-tokio` or a
    /// `sleep_impl`.
    pub fn sleep(&self) -> Option<&SharedAsyncSleep> {
        self.sleep.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Tokens left in the retry quota.
    pub fn retry_quota(&self) -> u32 {
        self.quota.available()
    }

    /// Calls `operation` with `input` and reads its output.
    pub async fn invoke<I, O, E>(
        &self,
        operation: &'static str,
        input: &I,
    ) -> Result<O, SdkError<E>>
    where
        I: Serialize,
        O: DeserializeOwned + OutputMeta,
        E: OperationError,
    {
        self.invoke_with(operation, input, CallOptions::default())
            .await
    }

    /// [`Handle::invoke`] for an operation with a host prefix or request compression.
    pub async fn invoke_with<I, O, E>(
        &self,
        operation: &'static str,
        input: &I,
        options: CallOptions,
    ) -> Result<O, SdkError<E>>
    where
        I: Serialize,
        O: DeserializeOwned + OutputMeta,
        E: OperationError,
    {
        let span = tracing::info_span!(
            "call",
            service = self.service.sdk_id,
            operation,
            attempts = tracing::field::Empty
        );
        let call = self
            .call(operation, input, &options, span.clone())
            .instrument(span);
        // Without a sleep, `prepare` refuses a call with a timeout before anything is sent.
        match (self.config.timeouts.operation, &self.sleep) {
            (Some(limit), Some(sleep)) => crate::rt::timeout(sleep.sleep(limit), call)
                .await
                .unwrap_or(Err(error::timeout(
                    operation,
                    TimeoutKind::Operation,
                    limit,
                ))),
            _ => call.await,
        }
    }

    /// One call; `span` is the call's span (fields are recorded on it directly, not through
    /// `Span::current()`, so they arrive whatever the subscriber tracks).
    async fn call<I, O, E>(
        &self,
        operation: &'static str,
        input: &I,
        options: &CallOptions,
        call_span: tracing::Span,
    ) -> Result<O, SdkError<E>>
    where
        I: Serialize,
        O: DeserializeOwned + OutputMeta,
        E: OperationError,
    {
        let prepared = self
            .prepare(input, options)
            .await
            .map_err(|e| error::construction(operation, e))?;
        let invocation_id = idempotency_token();
        let retry = &self.config.retry;
        let max_attempts = retry.max_attempts.max(1);
        let mut spent = 0;
        let mut attempt = 1;
        loop {
            let request = self
                .signed_request(operation, &prepared, &invocation_id, attempt, max_attempts)
                .map_err(|e| error::construction(operation, e))?;
            let outcome = self
                .paced_attempt::<O, E>(operation, request, attempt)
                .await;
            call_span.record("attempts", attempt);
            match outcome {
                Attempt::Done(result) => {
                    if result.is_ok() {
                        self.quota.on_success(spent);
                    }
                    return result;
                }
                Attempt::Retry(error, kind, asked) => {
                    if attempt >= max_attempts || !self.quota.try_acquire(kind.cost()) {
                        return Err(error);
                    }
                    spent += kind.cost();
                    let delay = retry::backoff(retry, attempt, fastrand::f64())
                        .max(asked.unwrap_or_default());
                    tracing::debug!(attempt, ?kind, ?delay, %error, "retrying");
                    if let Some(sleep) = &self.sleep {
                        sleep.sleep(delay).await;
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// Everything about a call that stays the same on every attempt: the body, the endpoint
    /// (checked and parsed once), the region, the signing name and the credentials. An error
    /// here means nothing was sent.
    async fn prepare<I: Serialize>(
        &self,
        input: &I,
        options: &CallOptions,
    ) -> Result<Prepared, BoxError> {
        self.ready()?;
        let mut body = serde_json::to_vec(input)?;
        let compressed = options.request_compression
            && !self.config.disable_request_compression
            && body.len() >= self.config.request_min_compression_size_bytes as usize;
        if compressed {
            body = gzip(&body)?;
        }
        // SigV4 always needs a region, so say so before the endpoint rules say it less plainly.
        let configured_region = self.config.region.clone().ok_or(
            "no region is configured: set AWS_REGION or call Config::builder().region(..)",
        )?;
        let params = endpoint::params(&self.config, self.service);
        let mut endpoint = (self.service.resolve_endpoint)(&params)?;
        // A path on the endpoint (`https://example.com/custom`) is where requests go, as a
        // directory: `/custom/`.
        if let Some((_, rest)) = endpoint.url.split_once("://")
            && rest.contains('/')
            && !endpoint.url.ends_with('/')
        {
            endpoint.url.push('/');
        }
        // Credentials go only where the user or the rules (from checked inputs) said.
        let uri = crate::config::resolved_endpoint(&endpoint.url, params.endpoint.as_deref())?;
        // The operation's host prefix (its labels checked to be host labels) goes on after
        // that check: it only narrows the host to a subdomain of the one checked.
        let uri = match &options.host_prefix {
            Some(prefix) => with_host_prefix(uri, prefix)?,
            None => uri,
        };
        let provider = self.config.credentials.as_ref().ok_or(
            "no credentials are configured: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use a profile, or call Config::builder().credentials(..)",
        )?;
        let credentials = self.credentials(provider).await?;
        Ok(Prepared {
            signing_name: endpoint
                .signing_name
                .clone()
                .unwrap_or_else(|| self.service.signing_name.to_owned()),
            region: endpoint.signing_region.clone().unwrap_or(configured_region),
            uri,
            headers: endpoint.headers,
            body,
            compressed,
            credentials,
        })
    }

    /// The time now, from the configured clock.
    fn now(&self) -> SystemTime {
        self.config
            .time_source
            .as_ref()
            .map_or_else(SystemTime::now, crate::time::TimeSource::now)
    }

    /// The credentials to sign with: the cached ones while they are good, else the
    /// provider's (within the cache's load timeout when a sleep is configured).
    async fn credentials(
        &self,
        provider: &crate::SharedCredentialsProvider,
    ) -> Result<crate::credentials::Credentials, BoxError> {
        let now = self.now();
        if let Some(credentials) = self.credentials.get(now) {
            return Ok(credentials);
        }
        let policy = &self.config.identity_cache;
        let mut load = Box::pin(provider.provide_credentials());
        // A provider with the credentials at hand (static keys) answers at once: no timer.
        let first = {
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            load.as_mut().poll(&mut cx)
        };
        if let std::task::Poll::Ready(result) = first {
            let credentials = result?;
            self.credentials.put(policy, &credentials, now);
            return Ok(credentials);
        }
        let credentials = match (policy.load_timeout(), &self.sleep) {
            (Some(limit), Some(sleep)) => crate::rt::timeout(sleep.sleep(limit), load)
                .await
                // A provider cut off may still have credentials to fall back on.
                .unwrap_or_else(|_| {
                    provider.fallback_on_interrupt().ok_or_else(|| {
                        crate::credentials::provider::error::CredentialsError::provider_timed_out(
                            limit,
                        )
                    })
                })?,
            _ => load.await?,
        };
        self.credentials.put(policy, &credentials, now);
        Ok(credentials)
    }

    /// The request of one attempt, signed now.
    fn signed_request(
        &self,
        operation: &str,
        prepared: &Prepared,
        invocation_id: &str,
        attempt: u32,
        max_attempts: u32,
    ) -> Result<HttpRequest, BoxError> {
        let mut request = self.request(operation, prepared, invocation_id, attempt, max_attempts);
        let interceptors = &self.config.interceptors;
        intercept::modify(interceptors, Hook::ModifyBeforeSigning, &mut request)?;
        crate::sign::sign_request(
            &mut request,
            &prepared.credentials,
            &prepared.region,
            &prepared.signing_name,
            self.now(),
        )?;
        intercept::modify(interceptors, Hook::ModifyBeforeTransmit, &mut request)?;
        intercept::read_request(interceptors, &request)?;
        Ok(request)
    }

    fn request(
        &self,
        operation: &str,
        prepared: &Prepared,
        invocation_id: &str,
        attempt: u32,
        max: u32,
    ) -> HttpRequest {
        let user_agent = match &self.config.app_name {
            Some(app) => format!("{} app/{app}", self.service.crate_version),
            None => self.service.crate_version.to_owned(),
        };
        let mut headers = vec![
            (
                "content-type".to_owned(),
                self.service.protocol.content_type().to_owned(),
            ),
            (
                "x-amz-target".to_owned(),
                aws_json::target(self.service.target_prefix, operation),
            ),
            ("content-length".to_owned(), prepared.body.len().to_string()),
            ("user-agent".to_owned(), user_agent),
            ("amz-sdk-invocation-id".to_owned(), invocation_id.to_owned()),
            (
                "amz-sdk-request".to_owned(),
                format!("attempt={attempt}; max={max}"),
            ),
        ];
        if self.service.protocol.query_compatible {
            headers.push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
        }
        if prepared.compressed {
            headers.push(("content-encoding".to_owned(), "gzip".to_owned()));
        }
        headers.extend(prepared.headers.iter().cloned());
        HttpRequest {
            method: "POST".to_owned(),
            uri: prepared.uri.clone(),
            headers,
            body: prepared.body.clone(),
        }
    }

    async fn attempt<O: DeserializeOwned + OutputMeta, E: OperationError>(
        &self,
        operation: &'static str,
        request: HttpRequest,
        attempt: u32,
        span: &tracing::Span,
    ) -> Attempt<O, E> {
        let Some(transport) = &self.transport else {
            unreachable!("prepare refuses a call without a transport");
        };
        let send = transport.send(request);
        let response = match (self.config.timeouts.attempt, &self.sleep) {
            (Some(limit), Some(sleep)) => {
                match crate::rt::timeout(sleep.sleep(limit), send).await {
                    Ok(r) => r,
                    Err(_) => {
                        let e = error::timeout(operation, TimeoutKind::Attempt, limit);
                        let verdict = classify::timeout(&self.config.retry_classifiers, &e);
                        return Attempt::failed(e, verdict);
                    }
                }
            }
            _ => send.await,
        };
        let response = match response {
            Ok(r) => r,
            Err(source) => {
                let verdict = classify::dispatch_failure(&self.config.retry_classifiers, &source);
                return Attempt::failed(error::dispatch(operation, attempt, source), verdict);
            }
        };
        if let Err(e) = intercept::read_response(&self.config.interceptors, &response) {
            return Attempt::Done(Err(error::response(operation, response, e.into())));
        }
        span.record("status", response.status);
        if let Some(id) = response.header("x-amzn-requestid") {
            span.record("request_id", id);
        }
        self.read_response(operation, response)
    }

    /// The output of a 2xx response, or the operation's error and whether to retry it.
    fn read_response<O: DeserializeOwned + OutputMeta, E: OperationError>(
        &self,
        operation: &'static str,
        response: crate::http::HttpResponse,
    ) -> Attempt<O, E> {
        if (200..300).contains(&response.status) {
            return Attempt::Done(match aws_json::parse_output::<O>(&response.body) {
                Ok(mut output) => {
                    let id = response.header("x-amzn-requestid").map(str::to_owned);
                    output.response_meta_mut().set_request_id(id);
                    Ok(output)
                }
                Err(source) => Err(error::response(operation, response, source)),
            });
        }
        let (type_code, meta) = aws_json::error_metadata(&response, self.service.protocol);
        let err = E::from_response(type_code.as_deref(), &response.body, &meta);
        let (err, verdict) =
            classify::service_error(&self.config.retry_classifiers, err, &response);
        Attempt::failed(error::service(operation, err, response), verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Endpoint, EndpointError, EndpointParams};
    use crate::error::{ErrorMetadata, UnhandledError};
    use crate::test_util::ReplayTransport;
    use crate::{Config, Credentials, HttpResponse};

    /// Any JSON object, with the response's request id.
    #[derive(Debug, serde::Deserialize)]
    struct TestOutput {
        #[serde(flatten)]
        members: serde_json::Map<String, serde_json::Value>,
        #[serde(skip)]
        response: crate::error::ResponseMeta,
    }

    impl OutputMeta for TestOutput {
        fn response_meta_mut(&mut self) -> &mut crate::error::ResponseMeta {
            &mut self.response
        }
    }

    #[derive(Debug)]
    struct TestError(UnhandledError);

    impl std::fmt::Display for TestError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.fmt(f)
        }
    }

    impl std::error::Error for TestError {}

    impl OperationError for TestError {
        fn from_response(_: Option<&str>, _: &[u8], meta: &ErrorMetadata) -> Self {
            TestError(UnhandledError::new(meta.clone()))
        }
        fn is_retryable(&self) -> bool {
            false
        }
        fn unhandled(error: UnhandledError) -> Self {
            TestError(error)
        }
    }

    impl crate::error::ProvideErrorMetadata for TestError {
        fn meta(&self) -> &ErrorMetadata {
            self.0.meta()
        }
    }

    fn resolve(_: &EndpointParams) -> Result<Endpoint, EndpointError> {
        let mut endpoint = Endpoint::url("https://svc.example.com/base");
        endpoint
            .headers
            .push(("x-endpoint-header".into(), "from-rules".into()));
        endpoint.signing_region = Some("eu-central-1".into());
        endpoint.signing_name = Some("othersvc".into());
        Ok(endpoint)
    }

    static SERVICE: ServiceInfo = ServiceInfo {
        target_prefix: "TestService",
        signing_name: "svc",
        sdk_id: "Test",
        endpoint_env_suffix: "TEST",
        resolve_endpoint: resolve,
        crate_version: "test/0.0",
        protocol: aws_json::Protocol::AWS_JSON_1_1,
    };

    #[tokio::test]
    async fn endpoint_headers_and_signing_overrides_reach_the_request() {
        let transport = ReplayTransport::new([HttpResponse::new(200, "")]);
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None, "test"))
            .transport(transport.clone())
            .build();
        let handle = Handle::new(config, &SERVICE);
        let output: TestOutput = handle
            .invoke::<_, _, TestError>("Ping", &serde_json::json!({ "a": 1 }))
            .await
            .unwrap();
        assert!(
            output.members.is_empty(),
            "an empty body is an empty output"
        );
        assert_eq!(output.response.request_id(), None);
        let sent = &transport.requests()[0];
        // A path on the endpoint is a directory requests go into (the official
        // AwsJson11HostWithPath case: `example.com/custom` is posted to `/custom/`).
        assert_eq!(sent.uri, "https://svc.example.com/base/");
        assert_eq!(sent.header("x-endpoint-header"), Some("from-rules"));
        assert_eq!(sent.header("x-amz-target"), Some("TestService.Ping"));
        let auth = sent.header("authorization").unwrap();
        assert!(
            auth.contains("/eu-central-1/othersvc/aws4_request"),
            "{auth}"
        );
        assert_eq!(handle.retry_quota(), crate::retry::QUOTA_CAPACITY);
    }
}
