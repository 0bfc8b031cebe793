//! Where a call is sent. The precedence of the AWS SDKs: an explicit `endpoint_url` in the
//! config, then `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the service's
//! resolver (its endpoint rules) for the region.

pub(crate) mod functions;
mod partition;
#[cfg(feature = "endpoint-rules")]
mod rules;

use std::fmt;

use crate::config::Config;

pub use partition::{PartitionInfo, partition_info};
#[cfg(feature = "endpoint-rules")]
pub use rules::RuleSet;

/// Facts about the service a generated crate talks to.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service shape name: the `X-Amz-Target` prefix.
    pub target_prefix: &'static str,
    /// SigV4 signing name.
    pub signing_name: &'static str,
    /// SDK id (`ECS`).
    pub sdk_id: &'static str,
    /// `AWS_ENDPOINT_URL_<this>` overrides the endpoint (`ECS`).
    pub endpoint_env_suffix: &'static str,
    /// The resolver used when no URL is configured.
    pub resolve_endpoint: fn(&EndpointParams) -> Result<Endpoint, EndpointError>,
    /// Crate name and version, for the user agent.
    pub crate_version: &'static str,
    /// awsJson1_0 or 1.1, and whether errors are query-compatible.
    pub protocol: crate::aws_json::Protocol,
}

/// Inputs to endpoint resolution (the rule-set parameters bound to configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointParams {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: a URL configured by the user or the environment.
    pub endpoint: Option<String>,
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL requests go to.
    pub url: String,
    /// Extra headers the endpoint requires.
    pub headers: Vec<(String, String)>,
    /// Region to sign for, when it differs from the configured one.
    pub signing_region: Option<String>,
    /// Signing name, when it differs from the service's.
    pub signing_name: Option<String>,
    /// The rule's endpoint properties (`authSchemes`, ...), `None` when it has none (an
    /// empty object included). Not an empty object: making and dropping one was a quarter of
    /// a resolution's time (bench/, `endpoint_resolution`).
    pub properties: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Endpoint {
    /// An endpoint that is just a URL.
    #[inline]
    pub fn url(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            headers: Vec::new(),
            signing_region: None,
            signing_name: None,
            properties: None,
        }
    }
}

/// No endpoint could be resolved; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The message alone (for a rule-set error, exactly the rule's text).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot resolve an endpoint: {}", self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The URL of an endpoint from its pieces, in one allocation of the exact length (for resolvers
/// generated from a model's rules).
///
/// Always inlined, and over an array: in the resolver the literal pieces' lengths are then
/// constants, so their copies are a few moves instead of `memcpy` calls, which were a fifth
/// of a resolution (perf on bench/'s `endpoint_resolution`: 49.7 → 36.6 ns). A resolver has a
/// call per URL template, four in ECS's.
#[inline(always)]
pub fn url_of<const N: usize>(pieces: [&str; N]) -> String {
    let mut url = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        url.push_str(piece);
    }
    url
}

/// The parameters for `config`: the URL override follows the precedence above.
pub fn params(config: &Config, service: &ServiceInfo) -> EndpointParams {
    let endpoint = config
        .endpoint_url
        .clone()
        .or_else(|| {
            config
                .env_endpoint_urls
                .per_service
                .get(service.endpoint_env_suffix)
                .cloned()
        })
        .or_else(|| config.env_endpoint_urls.global.clone());
    EndpointParams {
        region: config.region.clone(),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint,
    }
}

/// The endpoint for services without endpoint rules: the configured URL if there is one,
/// else `https://{prefix}.{region}.amazonaws.com`.
pub fn regional(params: &EndpointParams, prefix: &str) -> Result<Endpoint, EndpointError> {
    if let Some(url) = &params.endpoint {
        return Ok(Endpoint::url(url.clone()));
    }
    if params.use_fips || params.use_dual_stack {
        return Err(EndpointError::new(
            "FIPS and dual-stack endpoints need the service's endpoint rules, which this crate was generated without",
        ));
    }
    match &params.region {
        Some(region) => Ok(Endpoint::url(format!(
            "https://{prefix}.{region}.amazonaws.com"
        ))),
        None => Err(EndpointError::new(
            "no region is configured: set AWS_REGION or call Config::builder().region(..)",
        )),
    }
}
