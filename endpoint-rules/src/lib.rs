//! Smithy endpoint rules for AWS services, shared by the generator and the runtime.
//!
//! - [`ruleset`]: the `smithy.rules#endpointRuleSet` trait as typed Rust, parsed once;
//! - [`bdd`]: the `smithy.rules#endpointBdd` trait decoded and checked;
//! - [`cases`]: the `smithy.rules#endpointTests` trait as typed cases, and a runner for them;
//! - [`partition`]: `aws.partition`, the AWS partitions of regions;
//! - [`host`]: host labels, IPv4 addresses and percent-encoding, the one place each is checked;
//! - with the `interpreter` feature, [`RuleSet::resolve`](ruleset::RuleSet) evaluates a rule set.
//!
//! The values rules produce ([`Endpoint`], [`EndpointError`]) and take ([`EndpointParams`]) live
//! here too, so a resolver generated from a model and the interpreter give the same types.

#![warn(missing_docs, unreachable_pub)]

pub mod bdd;
#[cfg(feature = "cases")]
pub mod cases;
#[cfg(feature = "interpreter")]
mod functions;
pub mod host;
#[cfg(feature = "interpreter")]
mod interpreter;
pub mod partition;
pub mod ruleset;

use std::fmt;

pub use bdd::Bdd;
pub use partition::{PartitionInfo, partition_info};
pub use ruleset::RuleSet;

/// Inputs to endpoint resolution: the rule-set parameters a client binds to its configuration.
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

/// No endpoint could be resolved (or a rule set could not be read); nothing was sent.
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
