//! Checks on settings at the boundary where they enter: a region that is not a host label or an
//! endpoint URL that is not an absolute `http`/`https` URL is rejected where it is set, naming
//! where it came from, and the endpoint the rules resolve is checked again before signing, so
//! credentials only ever go to a host the user or the rules meant.

use std::fmt;
use std::path::PathBuf;

use super::ConfigError;
use aws_endpoint_rules::host::{is_ipv4, is_valid_host_label};

/// Where a setting came from, as error messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// An environment variable.
    Env(String),
    /// A key of a profile in a shared file.
    Profile {
        file: PathBuf,
        profile: String,
        key: String,
    },
    /// A `ConfigBuilder` method.
    Builder(&'static str),
    /// A setting of aws-config's `SdkConfig`.
    #[cfg_attr(not(feature = "sdk-config"), allow(dead_code))]
    SdkConfig(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(name) => write!(f, "environment variable {name}"),
            Source::Profile { file, profile, key } => {
                write!(f, "`{key}` of profile `{profile}` in {}", file.display())
            }
            Source::Builder(method) => write!(f, "Config::builder().{method}(..)"),
            Source::SdkConfig(what) => write!(f, "the {what} of aws-config's SdkConfig"),
        }
    }
}

/// An error about `value` from `source`.
pub(crate) fn invalid(source: &Source, problem: impl fmt::Display) -> ConfigError {
    super::config_error(format!("{source}: {problem}"))
}

/// A region must be lower-case host labels separated by dots (`us-east-1`,
/// `us-iso-east-1`): it becomes part of the endpoint host and of the signing scope.
pub(crate) fn region(value: &str, source: &Source) -> Result<String, ConfigError> {
    let problem = if value.is_empty() {
        "a region must not be empty".to_owned()
    } else if value.len() > 63 || !is_valid_host_label(value, true) || value.ends_with('-') {
        format!(
            "`{}` is not a region: a region is lower-case letters, digits and hyphens, such as us-east-1",
            value.escape_debug()
        )
    } else if value.bytes().any(|b| b.is_ascii_uppercase()) {
        format!(
            "`{value}` is not a region: regions are lower case (did you mean `{}`?)",
            value.to_ascii_lowercase()
        )
    } else {
        return Ok(value.to_owned());
    };
    Err(invalid(source, problem))
}

/// An endpoint URL must be an absolute `http` or `https` URL with a host and no user info,
/// query or fragment (`http://localhost:4566`, `https://ecs.example.com/prefix`).
pub(crate) fn endpoint_url(value: &str, source: &Source) -> Result<String, ConfigError> {
    url_problem(value)
        .map(|problem| {
            Err(invalid(
                source,
                format!("endpoint URL `{}` {problem}", value.escape_debug()),
            ))
        })
        .unwrap_or_else(|| Ok(value.to_owned()))
}

/// What is wrong with `url` as an endpoint, if anything.
pub(crate) fn url_problem(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(format!(
            "has no scheme: write it as http://{url} or https://{url}"
        ));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some(format!(
            "has scheme `{scheme}`; only http and https are supported"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Some("has no host".to_owned());
    }
    if authority.contains('@') {
        return Some("has user info (`…@`); credentials never go in an endpoint URL".to_owned());
    }
    if rest.contains(['?', '#']) {
        return Some("has a query or fragment, which an endpoint cannot have".to_owned());
    }
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii())
    {
        return Some("holds spaces, control or non-ASCII characters".to_owned());
    }
    let uri: http::Uri = match url.parse() {
        Ok(uri) => uri,
        Err(e) => return Some(format!("is not a valid URL: {e}")),
    };
    match uri.host() {
        Some(host) if !host.is_empty() && host_is_valid(host) => None,
        Some(host) if !host.is_empty() => {
            Some(format!("has host `{host}`, which is not a valid host name"))
        }
        _ => Some("has no host".to_owned()),
    }
}

/// A DNS name of valid labels, an IPv4 address, or a bracketed IPv6 address.
fn host_is_valid(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<std::net::Ipv6Addr>().is_ok();
    }
    is_ipv4(host) || (host.len() <= 253 && is_valid_host_label(host.trim_end_matches('.'), true))
}

/// The host (and port) of a URL that passed [`endpoint_url`]-style checks, lower-cased.
fn authority(uri: &http::Uri) -> Option<String> {
    Some(uri.authority()?.as_str().to_ascii_lowercase())
}

/// The endpoint the rules resolved, checked and parsed once for the whole call: it must be a
/// usable URL, and when the user configured an endpoint URL it must point at the same host and
/// port. Checked before anything is signed.
pub(crate) fn resolved_endpoint(url: &str, configured: Option<&str>) -> Result<http::Uri, String> {
    if let Some(problem) = url_problem(url) {
        return Err(format!(
            "the endpoint rules resolved `{}`, which {problem}; nothing was sent",
            url.escape_debug()
        ));
    }
    let uri: http::Uri = url.parse().map_err(|e| {
        format!("the endpoint rules resolved `{url}`, which is not a URL ({e}); nothing was sent")
    })?;
    if let Some(configured) = configured {
        let want = configured.parse::<http::Uri>().ok();
        let (got, want) = (authority(&uri), want.as_ref().and_then(authority));
        if got.is_none() || got != want {
            return Err(format!(
                "the endpoint rules resolved `{url}`, which is not the configured endpoint `{configured}`; nothing was sent"
            ));
        }
    }
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: Source = Source::Builder("region");

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "cn-north-1",
            "us-iso-east-1",
            "eu-isoe-west-1",
            "a.b-c.d",
        ] {
            assert_eq!(region(ok, &SRC).unwrap(), ok);
        }
        for bad in [
            "",
            "evil.example/",
            "x@evil.example/",
            "a#b",
            "x?y",
            "_",
            "us east 1",
            "us-east-1\r",
            "ü",
            "-us",
            "us-",
            "a..b",
            ".a",
            &"a".repeat(64),
        ] {
            let e = region(bad, &SRC).unwrap_err().to_string();
            assert!(e.contains("Config::builder().region(..)"), "{bad:?}: {e}");
        }
        let e = region("US-EAST-1", &SRC).unwrap_err().to_string();
        assert!(e.contains("did you mean `us-east-1`"), "{e}");
    }

    #[test]
    fn endpoint_urls() {
        let src = Source::Env("AWS_ENDPOINT_URL".into());
        for ok in [
            "http://localhost:4566",
            "https://ecs.us-east-1.amazonaws.com",
            "http://127.0.0.1:5000/",
            "https://example.com/prefix/path",
            "HTTP://[::1]:8080",
        ] {
            assert_eq!(endpoint_url(ok, &src).unwrap(), ok);
        }
        for (bad, says) in [
            (
                "localhost:4566",
                "has no scheme: write it as http://localhost:4566",
            ),
            ("//host", "has no scheme"),
            ("//", "has no scheme"),
            ("ftp://host", "scheme `ftp`"),
            ("http://", "has no host"),
            ("http:///path", "has no host"),
            ("http://user@evil.example/", "user info"),
            ("https://a.com?x=1", "query or fragment"),
            ("https://a.com#f", "query or fragment"),
            ("https://a b.com", "spaces"),
            ("https://a.com\r\nx: y", "control"),
            ("https://ex_ample.com", "not a valid host name"),
        ] {
            let e = endpoint_url(bad, &src).unwrap_err().to_string();
            assert!(
                e.contains(says) && e.contains("AWS_ENDPOINT_URL"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn resolved_endpoints() {
        assert!(resolved_endpoint("https://ecs.us-east-1.amazonaws.com", None).is_ok());
        assert!(resolved_endpoint("https://ecs.evil.example/.amazonaws.com", None).is_ok());
        assert!(resolved_endpoint("https://x@evil.example/.amazonaws.com", None).is_err());
        assert!(resolved_endpoint("http://localhost:1/a", Some("http://LOCALHOST:1")).is_ok());
        assert!(resolved_endpoint("http://localhost:2", Some("http://localhost:1")).is_err());
        assert!(resolved_endpoint("http://other:1", Some("http://localhost:1")).is_err());
    }
}
