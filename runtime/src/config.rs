//! Client configuration: region, credentials, endpoint, retries, timeouts, transport.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::http::HttpTransport;
#[cfg(doc)]
use crate::hyper_transport::HyperTransport;
use crate::profile;
use crate::retry::RetryConfig;

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
    pub(crate) timeouts: TimeoutConfig,
    /// `None` until a transport is set: each client then makes a [`HyperTransport`].
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    /// CA certificates the default transport trusts besides the webpki roots (each one
    /// checked to be a usable trust anchor when it was added).
    pub(crate) extra_roots: Vec<CertificateDer<'static>>,
    pub(crate) app_name: Option<String>,
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
            .field("extra_roots", &self.extra_roots.len())
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

fn config_error(message: impl Into<String>) -> ConfigError {
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
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        builder_from_env(&var, &all_endpoint_vars())
    }

    /// The region, if one is configured.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
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
fn parse_ca_bundle(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
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

fn all_endpoint_vars() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(k, v)| k.starts_with("AWS_ENDPOINT_URL_") && !v.is_empty())
        .collect()
}

fn parse_bool(name: &str, value: Option<String>) -> Result<Option<bool>, ConfigError> {
    match value
        .as_deref()
        .map(str::trim)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(config_error(format!(
            "{name} must be true or false, not `{other}`"
        ))),
    }
}

fn builder_from_env(
    var: &dyn Fn(&str) -> Option<String>,
    endpoint_vars: &[(String, String)],
) -> Result<ConfigBuilder, ConfigError> {
    let home = var("HOME").map(PathBuf::from);
    let file = |env: &str, default: &str| {
        var(env)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let read =
        |path: Option<PathBuf>, config_file: bool| -> Result<profile::Profiles, ConfigError> {
            match path {
                Some(p) if p.is_file() => std::fs::read_to_string(&p)
                    .map(|t| profile::parse(&t, config_file))
                    .map_err(|e| config_error(format!("cannot read {}: {e}", p.display()))),
                _ => Ok(profile::Profiles::new()),
            }
        };
    let config_file = read(file("AWS_CONFIG_FILE", "config"), true)?;
    let credentials_file = read(file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false)?;
    let profile_name = var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
    let empty = BTreeMap::new();
    let from_config = config_file.get(&profile_name);
    let from_credentials = credentials_file.get(&profile_name);
    if var("AWS_PROFILE").is_some() && from_config.is_none() && from_credentials.is_none() {
        return Err(config_error(format!(
            "AWS_PROFILE is `{profile_name}`, but no such profile is in the shared config or credentials file"
        )));
    }
    let setting = |key: &str| {
        from_credentials
            .unwrap_or(&empty)
            .get(key)
            .or_else(|| from_config.unwrap_or(&empty).get(key))
            .cloned()
    };

    let mut builder = Config::builder();
    if let Some(region) = var("AWS_REGION")
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .or_else(|| setting("region"))
    {
        builder = builder.region(region);
    }
    let env_keys = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"));
    let credentials = match env_keys {
        (Some(id), Some(secret)) => Some(Credentials::new(
            id,
            secret,
            var("AWS_SESSION_TOKEN"),
            None,
            "environment",
        )),
        (Some(_), None) => {
            return Err(config_error(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ));
        }
        (None, Some(_)) => {
            return Err(config_error(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            ));
        }
        (None, None) => match (
            setting("aws_access_key_id"),
            setting("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => Some(Credentials::new(
                id,
                secret,
                setting("aws_session_token"),
                None,
                "profile",
            )),
            _ => None,
        },
    };
    if let Some(c) = credentials {
        builder = builder.credentials_provider(c);
    }
    builder.config.env_endpoint_urls = EnvEndpoints {
        global: var("AWS_ENDPOINT_URL"),
        per_service: endpoint_vars
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("AWS_ENDPOINT_URL_")
                    .map(|s| (s.to_owned(), v.clone()))
            })
            .collect(),
    };
    if let Some(attempts) = var("AWS_MAX_ATTEMPTS").or_else(|| setting("max_attempts")) {
        let n: u32 = attempts
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                config_error(format!(
                    "AWS_MAX_ATTEMPTS must be a whole number of at least 1, not `{attempts}`"
                ))
            })?;
        builder.config.retry.max_attempts = n;
    }
    if let Some(path) = var("AWS_CA_BUNDLE").or_else(|| setting("ca_bundle")) {
        let pem = std::fs::read(&path)
            .map_err(|e| config_error(format!("AWS_CA_BUNDLE: cannot read {path}: {e}")))?;
        let roots = parse_ca_bundle(&pem)
            .map_err(|e| config_error(format!("AWS_CA_BUNDLE {path}: {e}")))?;
        builder.config.extra_roots.extend(roots);
    }
    if let Some(mode) = var("AWS_RETRY_MODE").or_else(|| setting("retry_mode")) {
        builder.config.retry.mode = mode.parse().map_err(config_error)?;
    }
    if let Some(fips) = parse_bool(
        "AWS_USE_FIPS_ENDPOINT",
        var("AWS_USE_FIPS_ENDPOINT").or_else(|| setting("use_fips_endpoint")),
    )? {
        builder = builder.use_fips(fips);
    }
    if let Some(dual) = parse_bool(
        "AWS_USE_DUALSTACK_ENDPOINT",
        var("AWS_USE_DUALSTACK_ENDPOINT").or_else(|| setting("use_dualstack_endpoint")),
    )? {
        builder = builder.use_dual_stack(dual);
    }
    Ok(builder)
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
                timeouts: TimeoutConfig::default(),
                transport: None,
                extra_roots: Vec::new(),
                app_name: None,
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
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }
    /// Static credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }
    /// Any credentials provider (from `aws-credential-types`).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }
    /// A fixed endpoint URL, such as `http://127.0.0.1:5000` for a local server. It takes
    /// precedence over `AWS_ENDPOINT_URL_*` and endpoint rules.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
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
    /// Timeouts.
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }
    /// The HTTP transport; by default, [`HyperTransport`].
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.config.transport = Some(Arc::new(transport));
        self
    }
    /// Trusts the CA certificates in `pem` (one or more PEM `CERTIFICATE` blocks) for HTTPS,
    /// besides the webpki roots, as `AWS_CA_BUNDLE` does: for a proxy or a private endpoint
    /// with its own CA. Used by the default transport; a transport you set brings its own TLS.
    /// A bundle that holds no usable certificate makes every call fail, saying why.
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
    /// The configuration.
    pub fn build(self) -> Config {
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
            builder = builder.region(region.to_string());
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder.config.credentials = Some(provider);
        }
        if let Some(url) = sdk.endpoint_url() {
            builder = builder.endpoint_url(url);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn environment_variables() {
        let b = builder_from_env(
            &env(&[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "SECRET"),
                ("AWS_MAX_ATTEMPTS", "5"),
                ("AWS_RETRY_MODE", "adaptive"),
                ("AWS_ENDPOINT_URL", "http://global"),
                ("HOME", "/nonexistent"),
            ]),
            &[("AWS_ENDPOINT_URL_ECS".into(), "http://ecs".into())],
        )
        .unwrap();
        let c = b.config;
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.retry.max_attempts, 5);
        assert_eq!(c.env_endpoint_urls.global.as_deref(), Some("http://global"));
        assert_eq!(c.env_endpoint_urls.per_service["ECS"], "http://ecs");
        assert!(c.credentials.is_some());
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("SECRET") && !debug.contains("AKID"),
            "{debug}"
        );
    }

    #[test]
    fn malformed_values_are_errors() {
        let e = builder_from_env(
            &env(&[("AWS_MAX_ATTEMPTS", "lots"), ("HOME", "/nonexistent")]),
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("AWS_MAX_ATTEMPTS"), "{e}");
        let e = builder_from_env(
            &env(&[("AWS_RETRY_MODE", "eager"), ("HOME", "/nonexistent")]),
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("eager"), "{e}");
        let e = builder_from_env(
            &env(&[("AWS_ACCESS_KEY_ID", "A"), ("HOME", "/nonexistent")]),
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{e}");
        let e = builder_from_env(
            &env(&[("AWS_PROFILE", "nope"), ("HOME", "/nonexistent")]),
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("`nope`"), "{e}");
    }

    #[test]
    fn shared_files_and_profile() {
        let dir = std::env::temp_dir().join(format!("aws-profile-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        std::fs::write(
            dir.join(".aws/config"),
            "[profile dev]\nregion = ap-south-1\n",
        )
        .unwrap();
        std::fs::write(
            dir.join(".aws/credentials"),
            "[dev]\naws_access_key_id = AK\naws_secret_access_key = SK\n",
        )
        .unwrap();
        let home = dir.to_string_lossy().into_owned();
        let b = builder_from_env(&env(&[("HOME", &home), ("AWS_PROFILE", "dev")]), &[]).unwrap();
        assert_eq!(b.config.region.as_deref(), Some("ap-south-1"));
        assert!(b.config.credentials.is_some());
        let b = builder_from_env(
            &env(&[
                ("HOME", &home),
                ("AWS_PROFILE", "dev"),
                ("AWS_REGION", "us-east-2"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            b.config.region.as_deref(),
            Some("us-east-2"),
            "environment beats the profile"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
