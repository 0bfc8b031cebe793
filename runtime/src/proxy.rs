//! HTTP proxies for the default transport: which proxy, if any, a request goes through.
//!
//! The settings come from [`ConfigBuilder::proxy`](crate::ConfigBuilder::proxy), which wins,
//! or from the environment as curl reads it: `HTTPS_PROXY`/`https_proxy` for `https://`
//! endpoints, `HTTP_PROXY`/`http_proxy` for `http://` ones (ignored when `REQUEST_METHOD` is
//! set, as in a CGI program, where a request header could set it), `ALL_PROXY`/`all_proxy`
//! for both, and `NO_PROXY`/`no_proxy` for the hosts that bypass the proxy (host names, domain
//! suffixes, IP addresses, CIDR ranges, or `*`). Each proxy URL is checked where it enters, as
//! an endpoint URL is; credentials in it become a `Proxy-Authorization: Basic` header and never
//! appear in `Debug` output or logs.
//!
//! `https://` requests go through an HTTP `CONNECT` tunnel, so TLS runs end to end with the
//! service and the proxy sees only the host and port; `http://` requests are forwarded by the
//! proxy. Matching and the tunnel are hyper-util's (`client::proxy::matcher`, `Tunnel`).

use std::fmt;

use super::config::ConfigError;
use crate::config::check::{self, Source};

/// Which HTTP proxy the default transport uses for `http://` and `https://` endpoints, and
/// which hosts bypass it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<ProxyUrl>,
    https: Option<ProxyUrl>,
    no_proxy: Option<String>,
}

/// A checked proxy URL: `http://host[:port]`, with the user and password (if any) apart.
#[derive(Clone, PartialEq, Eq)]
struct ProxyUrl {
    /// `http://host:port`, no user info.
    url: String,
    /// User and password, percent-encoded as they were in the URL.
    userinfo: Option<String>,
}

impl ProxyUrl {
    /// The URL with its user info, as the matcher reads it.
    #[cfg_attr(not(feature = "default-https-client"), allow(dead_code))]
    fn with_userinfo(&self) -> String {
        match &self.userinfo {
            Some(userinfo) => self.url.replacen("://", &format!("://{userinfo}@"), 1),
            None => self.url.clone(),
        }
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)?;
        if self.userinfo.is_some() {
            f.write_str(" (with credentials)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ProxyConfig {
    /// No proxy: every request goes straight to its endpoint, whatever the environment says.
    pub fn disabled() -> Self {
        ProxyConfig::default()
    }

    /// `url` for every request (`http://proxy.example.com:3128`, optionally with
    /// `user:password@`). Fails, naming the problem, if `url` is not an `http://` URL with a
    /// host.
    pub fn all(url: &str) -> Result<Self, ConfigError> {
        let url = proxy_url(url, &Source::Builder("proxy"))?;
        Ok(ProxyConfig {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: None,
        })
    }

    /// `url` for requests to `http://` endpoints only.
    pub fn http(url: &str) -> Result<Self, ConfigError> {
        Ok(ProxyConfig {
            http: Some(proxy_url(url, &Source::Builder("proxy"))?),
            ..ProxyConfig::default()
        })
    }

    /// `url` for requests to `https://` endpoints only.
    pub fn https(url: &str) -> Result<Self, ConfigError> {
        Ok(ProxyConfig {
            https: Some(proxy_url(url, &Source::Builder("proxy"))?),
            ..ProxyConfig::default()
        })
    }

    /// Hosts that bypass the proxy, comma-separated as in `NO_PROXY`: host names (which also
    /// match their subdomains), `.domain` suffixes, IP addresses, CIDR ranges, or `*` for all.
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    /// User and password for the proxy (sent as `Proxy-Authorization: Basic`), replacing any
    /// in the URL.
    pub fn with_basic_auth(mut self, user: &str, password: &str) -> Self {
        use aws_endpoint_rules::host::uri_encode;
        let userinfo = format!("{}:{}", uri_encode(user), uri_encode(password));
        for url in [&mut self.http, &mut self.https].into_iter().flatten() {
            url.userinfo = Some(userinfo.clone());
        }
        self
    }

    /// Whether no request goes through a proxy.
    pub fn is_disabled(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The proxy settings of an environment, each URL checked and an error naming the
    /// variable; `disabled()` when none is set.
    pub(crate) fn from_vars(
        var: impl Fn(&str) -> Result<Option<String>, ConfigError>,
    ) -> Result<Self, ConfigError> {
        let first = |names: [&'static str; 2]| -> Result<Option<ProxyUrl>, ConfigError> {
            for name in names {
                if let Some(value) = var(name)? {
                    return proxy_url(&value, &Source::Env(name.to_owned())).map(Some);
                }
            }
            Ok(None)
        };
        let all = first(["ALL_PROXY", "all_proxy"])?;
        let https = first(["HTTPS_PROXY", "https_proxy"])?.or_else(|| all.clone());
        // httpoxy: in a CGI program, `HTTP_PROXY` may come from a request's `Proxy:` header.
        let cgi = var("REQUEST_METHOD")?.is_some();
        let http = match cgi {
            true => all,
            false => first(["HTTP_PROXY", "http_proxy"])?.or(all),
        };
        let no_proxy = match var("NO_PROXY")? {
            Some(hosts) => Some(hosts),
            None => var("no_proxy")?,
        };
        Ok(ProxyConfig {
            http,
            https,
            no_proxy,
        })
    }

    /// hyper-util's matcher for these settings, or `None` when disabled.
    #[cfg(feature = "default-https-client")]
    pub(crate) fn matcher(&self) -> Option<hyper_util::client::proxy::matcher::Matcher> {
        if self.is_disabled() {
            return None;
        }
        let mut builder = hyper_util::client::proxy::matcher::Matcher::builder();
        if let Some(url) = &self.http {
            builder = builder.http(url.with_userinfo());
        }
        if let Some(url) = &self.https {
            builder = builder.https(url.with_userinfo());
        }
        if let Some(hosts) = &self.no_proxy {
            builder = builder.no(hosts.as_str());
        }
        Some(builder.build())
    }
}

/// A proxy URL must be `http://host[:port][/]`, optionally with `user[:password]@`; without a
/// scheme, `http://` is assumed (as curl does). The error names `source` and never repeats
/// the credentials.
fn proxy_url(value: &str, source: &Source) -> Result<ProxyUrl, ConfigError> {
    let value = value.trim();
    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let (scheme, rest) = with_scheme
        .split_once("://")
        .expect("a scheme was added when missing");
    let (userinfo, host_part) = match rest.rsplit_once('@') {
        Some((userinfo, host)) => (Some(userinfo.to_owned()), host),
        None => (None, rest),
    };
    // Shown in errors: the URL without its credentials.
    let shown = format!("{scheme}://{host_part}");
    let problem = if !scheme.eq_ignore_ascii_case("http") {
        Some(format!(
            "has scheme `{scheme}`; only http:// proxies are supported (https endpoints still \
             get TLS end to end, through a CONNECT tunnel)"
        ))
    } else if userinfo.as_deref().is_some_and(|u| {
        u.is_empty() || u.contains(['/', '?', '#', '@']) || u.chars().any(char::is_control)
    }) {
        // A second `@` would move the host for a parser that splits at the first one.
        Some("has malformed user info (write `@` in a user or password as %40)".to_owned())
    } else if !matches!(
        host_part.find('/').map(|i| &host_part[i..]),
        None | Some("/")
    ) {
        Some("has a path; a proxy URL is only a host and port".to_owned())
    } else {
        let endpoint = format!("http://{}", host_part.trim_end_matches('/'));
        check::url_problem(&endpoint)
    };
    match problem {
        Some(problem) => Err(check::invalid(
            source,
            format!("proxy URL `{}` {problem}", shown.escape_debug()),
        )),
        None => Ok(ProxyUrl {
            url: format!("http://{}", host_part.trim_end_matches('/')),
            userinfo,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Result<ProxyConfig, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ProxyConfig::from_vars(|name| {
            Ok(pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()))
        })
    }

    #[test]
    fn the_environment_is_read_as_curl_reads_it() {
        let p = vars(&[("HTTPS_PROXY", "http://a:1"), ("http_proxy", "b:2")]).unwrap();
        assert_eq!(p.https.unwrap().url, "http://a:1");
        assert_eq!(p.http.unwrap().url, "http://b:2", "no scheme means http://");
        let p = vars(&[("ALL_PROXY", "http://all:3"), ("NO_PROXY", "x.com")]).unwrap();
        assert_eq!((p.http.is_some(), p.https.is_some()), (true, true));
        assert_eq!(p.no_proxy.as_deref(), Some("x.com"));
        let cgi = vars(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]).unwrap();
        assert!(cgi.is_disabled(), "HTTP_PROXY is ignored in a CGI program");
        assert!(vars(&[]).unwrap().is_disabled());
    }

    #[test]
    fn a_bad_proxy_url_names_the_variable_and_hides_the_password() {
        for (value, expected) in [
            ("https://p:1", "only http:// proxies"),
            ("socks5://p:1", "only http:// proxies"),
            ("http://p:1/path", "has a path"),
            ("http://", "has no host"),
            ("http://p q:1", "spaces"),
            ("http://user:s3cret@bad host:1", "spaces"),
            (
                "http://us@er:s3cret@proxy:1",
                "write `@` in a user or password as %40",
            ),
            ("http://user:s3\r\ncret@proxy:1", "malformed user info"),
        ] {
            let e = vars(&[("HTTPS_PROXY", value)]).unwrap_err().to_string();
            assert!(
                e.contains("environment variable HTTPS_PROXY") && e.contains(expected),
                "{value}: {e}"
            );
            assert!(!e.contains("s3cret"), "{e}");
        }
    }

    #[test]
    fn credentials_never_show_in_debug() {
        let p = ProxyConfig::all("http://user:s3cret@proxy:3128").unwrap();
        let shown = format!("{p:?}");
        assert!(
            shown.contains("http://proxy:3128 (with credentials)"),
            "{shown}"
        );
        assert!(
            !shown.contains("s3cret") && !shown.contains("user"),
            "{shown}"
        );
        let p = ProxyConfig::all("http://proxy:3128")
            .unwrap()
            .with_basic_auth("u", "p@ss:word");
        assert_eq!(
            p.https.unwrap().with_userinfo(),
            "http://u:p%40ss%3Aword@proxy:3128"
        );
    }
}
