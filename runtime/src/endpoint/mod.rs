//! Where a call is sent. The precedence of the AWS SDKs: an explicit `endpoint_url` in the
//! config, then `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the service's
//! resolver (its endpoint rules) for the region.

use crate::config::Config;

#[cfg(feature = "endpoint-rules")]
pub use aws_endpoint_rules::{Bdd, RuleSet};
pub use aws_endpoint_rules::{
    Endpoint, EndpointError, EndpointParams, PartitionInfo, partition_info, url_of,
};

/// Facts about the service a generated crate talks to.
#[derive(Debug)]
#[doc(hidden)]
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

/// The parameters for `config`: the URL override follows the precedence above.
#[doc(hidden)]
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
#[doc(hidden)]
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
