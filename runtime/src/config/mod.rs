//! Client configuration: region, credentials, endpoint, retries, timeouts, transport.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::Credentials;
use crate::credentials::provider::{ProvideCredentials, SharedCredentialsProvider};

#[cfg(feature = "default-https-client")]
use rustls::pki_types::CertificateDer;
#[cfg(feature = "default-https-client")]
use rustls::pki_types::pem::PemObject;

use crate::classify::SharedRetryClassifier;
use crate::http::HttpTransport;
use crate::proxy::ProxyConfig;
use crate::retry::RetryConfig;
use crate::rt::{AsyncSleep, SharedAsyncSleep};

pub(crate) mod check;
mod env;

use check::Source;
pub(crate) use check::resolved_endpoint;

/// Timeouts. `None` means no limit, except `connect`, which defaults to 3.1 s as in the AWS SDKs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutConfig {
    /// Establishing a connection (TCP and TLS).
    pub connect: Option<Duration>,
    /// One attempt: sending the request and reading the whole response.
    pub attempt: Option<Duration>,
    /// The whole call, all attempts and backoff included.
    pub operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Some(Duration::from_millis(3100)),
            attempt: None,
            operation: None,
        }
    }
}

impl TimeoutConfig {
    /// Starts from the defaults (3.1 s to connect, no other limit).
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder(TimeoutConfig::default())
    }
    /// No limits at all, not even on connecting.
    pub fn disabled() -> Self {
        TimeoutConfig {
            connect: None,
            attempt: None,
            operation: None,
        }
    }
}

/// Builds a [`TimeoutConfig`] with the official SDK's method names.
#[derive(Debug, Clone)]
pub struct TimeoutConfigBuilder(TimeoutConfig);

impl TimeoutConfigBuilder {
    /// Limit on establishing a connection.
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.0.connect = Some(limit);
        self
    }
    /// Limit on one attempt.
    pub fn operation_attempt_timeout(mut self, limit: Duration) -> Self {
        self.0.attempt = Some(limit);
        self
    }
    /// Limit on the whole call, retries included.
    pub fn operation_timeout(mut self, limit: Duration) -> Self {
        self.0.operation = Some(limit);
        self
    }
    /// The timeouts.
    pub fn build(self) -> TimeoutConfig {
        self.0
    }
}

/// A region name, such as `us-east-1`; checked when the config is built. With the `interop`
/// feature this is aws-types' `Region` itself, which passes to aws-config and other crates.
#[cfg(not(feature = "interop"))]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(std::borrow::Cow<'static, str>);

#[cfg(feature = "interop")]
pub use aws_types::region::Region;

#[cfg(not(feature = "interop"))]
impl Region {
    /// The region called `name`.
    pub fn new(name: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        Region(name.into())
    }
    /// The region called `name`, from a constant.
    pub const fn from_static(name: &'static str) -> Self {
        Region(std::borrow::Cow::Borrowed(name))
    }
}

#[cfg(not(feature = "interop"))]
impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(not(feature = "interop"))]
impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What [`ConfigBuilder::region`] takes: a [`Region`], a string, or an `Option<Region>` as a
/// region provider gives it (`None` leaves the region unset).
pub trait IntoRegion {
    /// The region's name, if there is one.
    fn into_region_name(self) -> Option<String>;
}

impl IntoRegion for Region {
    fn into_region_name(self) -> Option<String> {
        Some(self.as_ref().to_owned())
    }
}

impl IntoRegion for Option<Region> {
    fn into_region_name(self) -> Option<String> {
        self.map(|r| r.as_ref().to_owned())
    }
}

impl IntoRegion for &Region {
    fn into_region_name(self) -> Option<String> {
        Some(self.as_ref().to_owned())
    }
}

impl IntoRegion for &str {
    fn into_region_name(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl IntoRegion for String {
    fn into_region_name(self) -> Option<String> {
        Some(self)
    }
}

impl IntoRegion for &String {
    fn into_region_name(self) -> Option<String> {
        Some(self.clone())
    }
}

/// Stalled-stream protection, as the official SDK configures it: a response body that
/// sends nothing for the grace period (5 s by default) fails the attempt, which is then
/// retried as a transient error, instead of hanging until a timeout. On by default; it
/// applies to the default transport, which reads response bodies (request bodies are sent
/// whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StalledStreamProtectionConfig {
    enabled: bool,
    grace_period: Duration,
}

/// Builds a [`StalledStreamProtectionConfig`]; start with
/// [`StalledStreamProtectionConfig::enabled`].
#[derive(Debug, Clone, Copy)]
pub struct StalledStreamProtectionConfigBuilder {
    grace_period: Duration,
    download_enabled: bool,
}

impl StalledStreamProtectionConfig {
    /// The default grace period.
    const GRACE_PERIOD: Duration = Duration::from_secs(5);

    /// Protection on; adjust the grace period on the builder.
    pub fn enabled() -> StalledStreamProtectionConfigBuilder {
        StalledStreamProtectionConfigBuilder {
            grace_period: Self::GRACE_PERIOD,
            download_enabled: true,
        }
    }

    /// Protection off: a stalled body waits for the attempt or operation timeout.
    pub fn disabled() -> Self {
        StalledStreamProtectionConfig {
            enabled: false,
            grace_period: Self::GRACE_PERIOD,
        }
    }

    /// Whether a stalled body fails the attempt.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Whether response bodies are watched (the same as [`is_enabled`](Self::is_enabled)).
    pub fn download_enabled(&self) -> bool {
        self.enabled
    }

    /// Whether request bodies are watched: they are sent whole, so never.
    pub fn upload_enabled(&self) -> bool {
        false
    }

    /// How long a body may send nothing.
    pub fn grace_period(&self) -> Duration {
        self.grace_period
    }

    /// The silence after which a body fails, if protection is on.
    #[cfg_attr(not(feature = "default-https-client"), allow(dead_code))]
    pub(crate) fn limit(&self) -> Option<Duration> {
        self.enabled.then_some(self.grace_period)
    }
}

impl Default for StalledStreamProtectionConfig {
    fn default() -> Self {
        StalledStreamProtectionConfig::enabled().build()
    }
}

impl StalledStreamProtectionConfigBuilder {
    /// How long a body may send nothing (5 s by default).
    pub fn grace_period(mut self, grace_period: Duration) -> Self {
        self.grace_period = grace_period;
        self
    }

    /// Whether response bodies are watched (on by default).
    pub fn download_enabled(mut self, enabled: bool) -> Self {
        self.download_enabled = enabled;
        self
    }

    /// Accepted for the official API; request bodies are sent whole, so there is nothing to
    /// watch.
    pub fn upload_enabled(self, _enabled: bool) -> Self {
        self
    }

    /// The configuration.
    pub fn build(self) -> StalledStreamProtectionConfig {
        StalledStreamProtectionConfig {
            enabled: self.download_enabled,
            grace_period: self.grace_period,
        }
    }
}

/// Accepted by [`ConfigBuilder::behavior_version`] for source compatibility with the
/// official SDK, with its dated versions. The behaviors the official versions date (stalled
/// stream protection, request checksums, retry-classifier changes) are the ones this client
/// always has, or do not apply to an awsJson client, so every version behaves as the latest.
#[cfg(not(feature = "interop"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BehaviorVersion(&'static str);

/// With the `interop` feature, aws-smithy-runtime-api's `BehaviorVersion` itself.
#[cfg(feature = "interop")]
pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;

#[cfg(not(feature = "interop"))]
impl BehaviorVersion {
    /// The newest behavior version, [`v2026_01_12`](Self::v2026_01_12).
    pub fn latest() -> Self {
        Self::v2026_01_12()
    }

    /// The version of 2026-01-12 (retries on by default, as they always are here).
    pub fn v2026_01_12() -> Self {
        BehaviorVersion("2026-01-12")
    }

    /// The version of 2025-08-07 (proxies from the environment, as always here).
    #[deprecated(note = "superseded by v2026_01_12, as in the official SDK; the same here")]
    pub fn v2025_08_07() -> Self {
        BehaviorVersion("2025-08-07")
    }

    /// The version of 2025-01-17.
    #[deprecated(note = "superseded by v2026_01_12, as in the official SDK; the same here")]
    pub fn v2025_01_17() -> Self {
        BehaviorVersion("2025-01-17")
    }

    /// The version of 2024-03-28.
    #[deprecated(note = "superseded by v2026_01_12, as in the official SDK; the same here")]
    pub fn v2024_03_28() -> Self {
        BehaviorVersion("2024-03-28")
    }

    /// The version of 2023-11-09.
    #[deprecated(note = "superseded by v2026_01_12, as in the official SDK; the same here")]
    pub fn v2023_11_09() -> Self {
        BehaviorVersion("2023-11-09")
    }

    /// Whether this version is `other` or newer.
    pub fn is_at_least(&self, other: BehaviorVersion) -> bool {
        *self >= other
    }
}

/// What a client can be created from: a [`Config`], or with the `sdk-config` feature an
/// `aws-config` `SdkConfig`, so `Client::new(&sdk_config)` works as in the official SDK.
pub trait ConfigSource {
    /// The configuration the client uses.
    fn to_config(&self) -> Config;
}

impl ConfigSource for Config {
    fn to_config(&self) -> Config {
        self.clone()
    }
}

#[cfg(feature = "sdk-config")]
impl ConfigSource for aws_types::SdkConfig {
    fn to_config(&self) -> Config {
        Config::from_sdk_config(self)
    }
}

#[cfg(feature = "sdk-config")]
impl From<&aws_types::SdkConfig> for ConfigBuilder {
    fn from(sdk: &aws_types::SdkConfig) -> Self {
        Config::from_sdk_config(sdk).to_builder()
    }
}

#[cfg(feature = "sdk-config")]
impl From<&aws_types::SdkConfig> for Config {
    fn from(sdk: &aws_types::SdkConfig) -> Self {
        Config::from_sdk_config(sdk)
    }
}

/// Configuration shared by every call a client makes.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) env_endpoint_urls: EnvEndpoints,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) retry: RetryConfig,
    /// The user's retry classifiers, run with the built-in ones (see `classify`).
    pub(crate) retry_classifiers: Vec<SharedRetryClassifier>,
    /// Clients of configs with the same partition share one retry quota.
    pub(crate) retry_partition: Option<crate::retry::RetryPartition>,
    /// How credentials are kept between calls.
    pub(crate) identity_cache: crate::identity::SharedIdentityCache,
    /// The user's interceptors, in the order they were added.
    pub(crate) interceptors: Vec<crate::intercept::SharedInterceptor>,
    pub(crate) timeouts: TimeoutConfig,
    /// `None` until a transport is set: each client then makes a `HyperTransport` (with the
    /// `default-https-client` feature).
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    /// CA certificates the default transport trusts besides the webpki roots (each one
    /// checked to be a usable trust anchor when it was added).
    #[cfg(feature = "default-https-client")]
    pub(crate) extra_roots: Vec<CertificateDer<'static>>,
    /// What the client sleeps with; `None`: tokio's (`rt-tokio`), or none.
    pub(crate) sleep: Option<SharedAsyncSleep>,
    /// The clock requests are signed with; `None`: the system clock.
    pub(crate) time_source: Option<crate::time::SharedTimeSource>,
    /// How long the default transport lets a response body send nothing.
    pub(crate) stalled_stream: StalledStreamProtectionConfig,
    /// The default transport's proxy: set on the builder, or read from the environment
    /// (`None` until then; `build()` reads the process environment).
    pub(crate) proxy: Option<ProxyConfig>,
    pub(crate) app_name: Option<String>,
    /// Never gzip request bodies, even for `@requestCompression` operations.
    pub(crate) disable_request_compression: bool,
    /// Bodies of `@requestCompression` operations at least this long are gzipped.
    pub(crate) request_min_compression_size_bytes: u32,
    /// Settings given to the (infallible) builder that cannot be used; every call fails with
    /// these, as a construction error, before anything is sent.
    pub(crate) invalid: Vec<ConfigError>,
}

/// `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_<SERVICE>` variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EnvEndpoints {
    pub(crate) global: Option<String>,
    /// Keyed by the upper-case suffix (`ECS`).
    pub(crate) per_service: BTreeMap<String, String>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "** set, not shown **"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .field("env_endpoint_urls", &self.env_endpoint_urls)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("retry_classifiers", &self.retry_classifiers)
            .field("interceptors", &self.interceptors)
            .field("retry_partition", &self.retry_partition)
            .field("identity_cache", &self.identity_cache)
            .field("timeouts", &self.timeouts)
            .field(
                "transport",
                &self
                    .transport
                    .as_ref()
                    .map_or(&"HyperTransport (default)" as &dyn fmt::Debug, |t| {
                        t as &dyn fmt::Debug
                    }),
            )
            .field("sleep", &self.sleep)
            .field("stalled_stream", &self.stalled_stream)
            .field("proxy", &self.proxy)
            .field("app_name", &self.app_name)
            .field("invalid", &self.invalid)
            .finish()
    }
}

/// The environment or shared files hold a setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid AWS configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

pub(crate) fn config_error(message: impl Into<String>) -> ConfigError {
    ConfigError {
        message: message.into(),
    }
}

impl Config {
    /// Starts an empty configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Reads the standard AWS environment variables and shared files:
    /// `AWS_REGION` / `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
    /// `AWS_SESSION_TOKEN`, `AWS_PROFILE` with `~/.aws/credentials` and `~/.aws/config`
    /// (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`), `AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`,
    /// `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`.
    ///
    /// A missing region or missing credentials are not errors here; a call fails with a clear
    /// error instead. Malformed values are errors.
    pub async fn from_env() -> Result<Config, ConfigError> {
        Self::builder_from_env().map(ConfigBuilder::build)
    }

    /// What [`Config::from_env`] reads, as a builder to adjust before building.
    pub fn builder_from_env() -> Result<ConfigBuilder, ConfigError> {
        env::builder_from_env(&env::Process)
    }

    /// What [`Config::builder_from_env`] reads, from `vars` instead of the process environment
    /// (the shared files are still read from the paths these variables name, or `$HOME/.aws`).
    pub fn builder_from_vars(
        vars: impl IntoIterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
    ) -> Result<ConfigBuilder, ConfigError> {
        env::builder_from_env(&env::Vars(vars.into_iter().collect()))
    }

    /// The region, if one is configured.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }
    /// The interceptors, in the order they run.
    pub fn interceptors(&self) -> impl Iterator<Item = crate::intercept::SharedInterceptor> + '_ {
        self.interceptors.iter().cloned()
    }
    /// The clock requests are signed with, if one was set.
    pub fn time_source(&self) -> Option<crate::time::SharedTimeSource> {
        self.time_source.clone()
    }
    /// The retry classifiers added to the built-in ones.
    pub fn retry_classifiers(&self) -> impl Iterator<Item = SharedRetryClassifier> + '_ {
        self.retry_classifiers.iter().cloned()
    }

    /// The timeouts.
    pub fn timeouts(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The explicitly configured endpoint URL.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// A builder starting from this configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            config: self.clone(),
        }
    }
}

/// The certificates of a PEM bundle, each checked to be a usable trust anchor.
#[cfg(feature = "default-https-client")]
pub(crate) fn parse_ca_bundle(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let mut roots = Vec::new();
    for (i, cert) in CertificateDer::pem_slice_iter(pem).enumerate() {
        let cert = cert.map_err(|e| format!("certificate {} is not valid PEM: {e}", i + 1))?;
        rustls::RootCertStore::empty()
            .add(cert.clone())
            .map_err(|e| format!("certificate {} cannot be a trust anchor: {e}", i + 1))?;
        roots.push(cert);
    }
    if roots.is_empty() {
        return Err("no PEM CERTIFICATE block found".to_owned());
    }
    Ok(roots)
}

/// Builds a [`Config`].
#[derive(Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                env_endpoint_urls: EnvEndpoints::default(),
                use_fips: false,
                use_dual_stack: false,
                retry: RetryConfig::default(),
                retry_classifiers: Vec::new(),
                interceptors: Vec::new(),
                retry_partition: None,
                identity_cache: Default::default(),
                timeouts: TimeoutConfig::default(),
                transport: None,
                #[cfg(feature = "default-https-client")]
                extra_roots: Vec::new(),
                sleep: None,
                time_source: None,
                stalled_stream: StalledStreamProtectionConfig::default(),
                proxy: None,
                app_name: None,
                disable_request_compression: false,
                request_min_compression_size_bytes: 10_240,
                invalid: Vec::new(),
            },
        }
    }
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.config.fmt(f)
    }
}

impl ConfigBuilder {
    /// The region to call, such as `us-east-1`.
    ///
    /// A value that is not a region (`us-east-1`: lower-case letters, digits and hyphens) makes
    /// every call fail before anything is sent, saying what is wrong with it.
    pub fn region(mut self, region: impl IntoRegion) -> Self {
        match region.into_region_name() {
            Some(name) => self.region_from(name, &Source::Builder("region")),
            None => {
                self.config.region = None;
                self
            }
        }
    }
    /// Timeouts, as [`ConfigBuilder::timeouts`] (the official SDK's name).
    pub fn timeout_config(self, timeouts: TimeoutConfig) -> Self {
        self.timeouts(timeouts)
    }
    /// Accepted so that code written for the official SDK compiles; this client has one set
    /// of defaults, so the version changes nothing.
    pub fn behavior_version(self, _version: BehaviorVersion) -> Self {
        self
    }
    pub(crate) fn region_from(mut self, region: String, source: &Source) -> Self {
        self.config.region = self.accept(check::region(&region, source));
        self
    }
    /// The checked value, or `None` after recording why it cannot be used.
    fn accept(&mut self, checked: Result<String, ConfigError>) -> Option<String> {
        checked.map_err(|e| self.config.invalid.push(e)).ok()
    }
    /// Static credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }
    /// Any credentials provider: static [`Credentials`], a [`SharedCredentialsProvider`], or
    /// your own type implementing [`ProvideCredentials`].
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }
    /// A credentials provider from `aws-credential-types`, such as one `aws-config` builds
    /// (`DefaultCredentialsChain`, SSO, assume-role, ...). It is asked once per operation.
    #[cfg(feature = "sdk-config")]
    pub fn sdk_credentials_provider(
        mut self,
        provider: impl aws_credential_types::provider::ProvideCredentials + 'static,
    ) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(
            crate::credentials::provider::FromSdk(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            ),
        ));
        self
    }
    /// A fixed endpoint URL, such as `http://127.0.0.1:5000` for a local server. It takes
    /// precedence over `AWS_ENDPOINT_URL_*` and endpoint rules.
    ///
    /// It must be an absolute `http` or `https` URL with a host (`localhost:4566` is not);
    /// anything else makes every call fail before anything is sent, saying what is wrong.
    pub fn endpoint_url(self, url: impl Into<String>) -> Self {
        self.endpoint_url_from(url.into(), &Source::Builder("endpoint_url"))
    }
    pub(crate) fn endpoint_url_from(mut self, url: String, source: &Source) -> Self {
        self.config.endpoint_url = self.accept(check::endpoint_url(&url, source));
        self
    }
    /// Use FIPS endpoints.
    pub fn use_fips(mut self, on: bool) -> Self {
        self.config.use_fips = on;
        self
    }
    /// Use dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.config.use_dual_stack = on;
        self
    }
    /// Retry settings; [`RetryConfig::disabled`] turns retries off.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }
    /// As [`retry_config`](Self::retry_config), in place (the official builder's `set_`
    /// shape); `None` goes back to the default (standard, 3 attempts).
    pub fn set_retry_config(&mut self, retry: Option<RetryConfig>) -> &mut Self {
        self.config.retry = retry.unwrap_or_default();
        self
    }
    /// Adds a retry classifier: it sees each failed attempt with the built-in classifiers, in
    /// order of [`priority`](crate::classify::ClassifyRetry::priority), and can make the
    /// client retry, or forbid a retry, where the built-in ones would not (as the official
    /// builder's `retry_classifier`).
    pub fn retry_classifier(
        mut self,
        classifier: impl crate::classify::ClassifyRetry + 'static,
    ) -> Self {
        self.push_retry_classifier(SharedRetryClassifier::new(classifier));
        self
    }
    /// As [`retry_classifier`](Self::retry_classifier), in place, with a shared classifier.
    pub fn push_retry_classifier(&mut self, classifier: SharedRetryClassifier) -> &mut Self {
        self.config.retry_classifiers.push(classifier);
        self
    }
    /// Adds an interceptor: its hooks run on each attempt of every call, after those of the
    /// interceptors added before it (see [`Intercept`](crate::intercept::Intercept)).
    pub fn interceptor(mut self, interceptor: impl crate::intercept::Intercept + 'static) -> Self {
        self.push_interceptor(crate::intercept::SharedInterceptor::new(interceptor));
        self
    }
    /// As [`interceptor`](Self::interceptor), in place, with a shared interceptor.
    pub fn push_interceptor(
        &mut self,
        interceptor: crate::intercept::SharedInterceptor,
    ) -> &mut Self {
        self.config.interceptors.push(interceptor);
        self
    }
    /// Replaces the interceptors added so far.
    pub fn set_interceptors(
        &mut self,
        interceptors: impl IntoIterator<Item = crate::intercept::SharedInterceptor>,
    ) -> &mut Self {
        self.config.interceptors = interceptors.into_iter().collect();
        self
    }
    /// The retry partition: clients whose configs name the same one share one retry quota,
    /// so a burst of failures in one does not let the others retry without limit. Without
    /// one, each client has its own quota.
    pub fn retry_partition(mut self, partition: crate::retry::RetryPartition) -> Self {
        self.config.retry_partition = Some(partition);
        self
    }
    /// As [`retry_partition`](Self::retry_partition), in place.
    pub fn set_retry_partition(
        &mut self,
        partition: Option<crate::retry::RetryPartition>,
    ) -> &mut Self {
        self.config.retry_partition = partition;
        self
    }
    /// How credentials are kept between calls: [`IdentityCache::lazy`](crate::identity::IdentityCache::lazy)
    /// (the default) or [`IdentityCache::no_cache`](crate::identity::IdentityCache::no_cache).
    pub fn identity_cache(mut self, cache: crate::identity::SharedIdentityCache) -> Self {
        self.config.identity_cache = cache;
        self
    }
    /// As [`identity_cache`](Self::identity_cache), in place; `None` goes back to the default.
    pub fn set_identity_cache(
        &mut self,
        cache: Option<crate::identity::SharedIdentityCache>,
    ) -> &mut Self {
        self.config.identity_cache = cache.unwrap_or_default();
        self
    }
    /// Replaces the retry classifiers added so far.
    pub fn set_retry_classifiers(
        &mut self,
        classifiers: impl IntoIterator<Item = SharedRetryClassifier>,
    ) -> &mut Self {
        self.config.retry_classifiers = classifiers.into_iter().collect();
        self
    }
    /// Timeouts.
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }
    /// Turns off gzip for the request bodies of `@requestCompression` operations.
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.config.disable_request_compression = disabled;
        self
    }
    /// The smallest body, in bytes, that `@requestCompression` operations gzip (default
    /// 10240; at most 10485760, as in the other AWS SDKs).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        if bytes > 10_485_760 {
            self.config.invalid.push(config_error(format!(
                "request_min_compression_size_bytes is {bytes}; it must be at most 10485760"
            )));
        } else {
            self.config.request_min_compression_size_bytes = bytes;
        }
        self
    }
    /// The HTTP transport; by default (feature `default-https-client`), a `HyperTransport`.
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.config.transport = Some(Arc::new(transport));
        self
    }
    /// Trusts the CA certificates in `pem` (one or more PEM `CERTIFICATE` blocks) for HTTPS,
    /// besides the webpki roots, as `AWS_CA_BUNDLE` does: for a proxy or a private endpoint
    /// with its own CA. Used by the default transport; a transport you set brings its own TLS.
    /// A bundle that holds no usable certificate makes every call fail, saying why.
    #[cfg(feature = "default-https-client")]
    pub fn ca_bundle_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        match parse_ca_bundle(pem.as_ref()) {
            Ok(roots) => self.config.extra_roots.extend(roots),
            Err(e) => self
                .config
                .invalid
                .push(config_error(format!("CA bundle: {e}"))),
        }
        self
    }
    /// A name for your application, added to the user agent.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.config.app_name = Some(name.into());
        self
    }
    /// Stalled-stream protection for response bodies (on, 5 s, by default).
    pub fn stalled_stream_protection(mut self, config: StalledStreamProtectionConfig) -> Self {
        self.config.stalled_stream = config;
        self
    }

    /// As [`stalled_stream_protection`](Self::stalled_stream_protection), in place; `None`
    /// goes back to the default.
    pub fn set_stalled_stream_protection(
        &mut self,
        config: Option<StalledStreamProtectionConfig>,
    ) -> &mut Self {
        self.config.stalled_stream = config.unwrap_or_default();
        self
    }

    /// What retries, timeouts and waiters sleep with, instead of tokio's timer (`rt-tokio`):
    /// for another executor, or a test clock.
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.config.sleep = Some(SharedAsyncSleep::new(sleep));
        self
    }

    /// As [`sleep_impl`](Self::sleep_impl), in place; `None` goes back to the default.
    pub fn set_sleep_impl(&mut self, sleep: Option<SharedAsyncSleep>) -> &mut Self {
        self.config.sleep = sleep;
        self
    }

    /// The clock requests are signed with, instead of the system clock (for tests that need
    /// the same signature every run).
    pub fn time_source(mut self, source: impl crate::time::TimeSource + 'static) -> Self {
        self.config.time_source = Some(crate::time::SharedTimeSource::new(source));
        self
    }

    /// As [`time_source`](Self::time_source), in place; `None` goes back to the system clock.
    pub fn set_time_source(&mut self, source: Option<crate::time::SharedTimeSource>) -> &mut Self {
        self.config.time_source = source;
        self
    }

    /// The official builder's name for [`transport`](Self::transport): the HTTP client every
    /// call goes through (this crate's [`HttpTransport`], not aws-smithy-runtime-api's
    /// `HttpClient`).
    pub fn http_client(self, client: impl HttpTransport + 'static) -> Self {
        self.transport(client)
    }

    /// The default transport's HTTP proxy, instead of the one the environment names
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`); [`ProxyConfig::disabled`] for
    /// none. A transport you set brings its own.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.config.proxy = Some(proxy);
        self
    }

    /// The configuration. Without a [`proxy`](Self::proxy) setting, the default transport
    /// uses the one the process environment names; a malformed one makes every call fail
    /// with an error naming the variable.
    pub fn build(mut self) -> Config {
        if self.config.proxy.is_none() && self.config.transport.is_none() {
            let process = env::Process;
            let proxy = ProxyConfig::from_vars(|name| env::var(&process, name));
            match proxy {
                Ok(proxy) => self.config.proxy = Some(proxy),
                Err(e) => self.config.invalid.push(e),
            }
        }
        self.config
    }
}

#[cfg(feature = "sdk-config")]
impl Config {
    /// Takes region, credentials provider, endpoint URL, FIPS/dual-stack, retry attempts and
    /// timeouts from an `aws-config` `SdkConfig`, so every credential source `aws-config`
    /// supports (SSO, assume-role, container and instance credentials) works here.
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Config {
        let mut builder = Config::builder();
        if let Some(region) = sdk.region() {
            builder = builder.region_from(region.to_string(), &Source::SdkConfig("region"));
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder = builder.sdk_credentials_provider(provider);
        }
        if let Some(url) = sdk.endpoint_url() {
            builder = builder.endpoint_url_from(url.to_owned(), &Source::SdkConfig("endpoint URL"));
        }
        builder = builder
            .use_fips(sdk.use_fips().unwrap_or(false))
            .use_dual_stack(sdk.use_dual_stack().unwrap_or(false));
        if let Some(retry) = sdk.retry_config() {
            builder.config.retry.max_attempts = retry.max_attempts();
            builder.config.retry.initial_backoff = retry.initial_backoff();
            builder.config.retry.max_backoff = retry.max_backoff();
        }
        if let Some(t) = sdk.timeout_config() {
            builder.config.timeouts.connect =
                t.connect_timeout().or(builder.config.timeouts.connect);
            builder.config.timeouts.attempt = t.operation_attempt_timeout();
            builder.config.timeouts.operation = t.operation_timeout();
        }
        builder.build()
    }
}
