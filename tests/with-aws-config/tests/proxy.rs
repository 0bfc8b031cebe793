//! Proxies over real sockets: a local HTTP proxy that records what passed through it
//! (`CONNECT` tunnels for https, forwarded requests for http, or a 407 refusal), in front of
//! the scripted server, over TLS with a throwaway CA and over plain HTTP.

use std::ffi::OsString;
use std::sync::{Arc, Mutex};

use amazon_ecs::error::DisplayErrorContext;
use amazon_ecs::{Config, Credentials, ProxyConfig};
use ecs_tests::client::RUN_TASK_OK;
use ecs_tests::server::{Recorded, Reply, TestServer};
use ecs_with_aws_config::{run_task, test_pki};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does with a request.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Tunnel `CONNECT`s, forward other requests.
    Pass,
    /// Answer everything with 407.
    Refuse,
}

/// A minimal HTTP proxy on 127.0.0.1: it records each request head it receives.
struct Proxy {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    async fn start(mode: Mode) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = heads.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(serve(client, mode, recorded.clone()));
            }
        });
        Proxy { url, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Reads up to the end of the head; returns it and any bytes read past it.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Some((String::from_utf8_lossy(&buf).into_owned(), rest));
        }
    }
}

async fn serve(mut client: TcpStream, mode: Mode, heads: Arc<Mutex<Vec<String>>>) {
    let Some((head, rest)) = read_head(&mut client).await else {
        return;
    };
    heads.lock().unwrap().push(head.clone());
    if mode == Mode::Refuse {
        let _ = client
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
            .await;
        return;
    }
    let request_line = head.lines().next().unwrap_or_default().to_owned();
    let mut parts = request_line.split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    if method == "CONNECT" {
        let Ok(mut upstream) = TcpStream::connect(target).await else {
            return;
        };
        let _ = client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await;
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        return;
    }
    // A forwarded request: to the origin in origin form, without the proxy's own header.
    let url: http::Uri = target.parse().unwrap();
    let authority = url.authority().unwrap().to_string();
    let Ok(mut upstream) = TcpStream::connect(&authority).await else {
        return;
    };
    let mut forwarded = format!(
        "{method} {} HTTP/1.1\r\n",
        url.path_and_query().map_or("/", |p| p.as_str())
    );
    for line in head.lines().skip(1).filter(|l| !l.is_empty()) {
        if !line
            .to_ascii_lowercase()
            .starts_with("proxy-authorization:")
        {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    forwarded.push_str("\r\n");
    let _ = upstream.write_all(forwarded.as_bytes()).await;
    let _ = upstream.write_all(&rest).await;
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

fn config(endpoint: &str) -> amazon_ecs::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDPROXYTEST",
            "secret",
            None,
            None,
            "test",
        ))
        .endpoint_url(endpoint)
        .retry_config(amazon_ecs::RetryConfig::disabled())
}

/// A header of a request head, by lower-case name.
fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_tls_end_to_end() {
    let pki = test_pki(rustls::crypto::aws_lc_rs::default_provider().into());
    let server = TestServer::start_tls(vec![Reply::json(200, RUN_TASK_OK)], pki.server).await;
    let proxy = Proxy::start(Mode::Pass).await;
    let proxy_config = ProxyConfig::all(&proxy.url)
        .unwrap()
        .with_basic_auth("user", "pw");
    let cfg = config(server.url())
        .ca_bundle_pem(&pki.ca_pem)
        .proxy(proxy_config)
        .build();
    run_task(&cfg).await.expect("RunTask through the proxy");
    let host = server.url().trim_start_matches("https://");
    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with(&format!("CONNECT {host} HTTP/1.1\r\n")),
        "{}",
        heads[0]
    );
    assert_eq!(
        header(&heads[0], "proxy-authorization"),
        Some("Basic dXNlcjpwdw==")
    );
    // The proxy saw only the tunnel: the request itself reached the server over TLS.
    assert!(!heads[0].contains("x-amz-target"));
    let sent = &server.requests()[0];
    assert_eq!(sent.header("host"), Some(host));
    assert!(sent.header("proxy-authorization").is_none());
}

#[tokio::test]
async fn http_is_forwarded_and_signed_exactly_as_without_the_proxy() {
    let server = TestServer::start(vec![
        Reply::json(200, RUN_TASK_OK),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let proxy = Proxy::start(Mode::Pass).await;
    let direct = config(server.url()).proxy(ProxyConfig::disabled()).build();
    let proxy_url = proxy.url.replace("http://", "http://user:p%40ss@");
    let proxied = config(server.url())
        .proxy(ProxyConfig::http(&proxy_url).unwrap())
        .build();
    run_task(&direct).await.expect("direct");
    run_task(&proxied).await.expect("through the proxy");

    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "only the proxied call: {heads:?}");
    assert!(
        heads[0].starts_with(&format!("POST {}/ HTTP/1.1\r\n", server.url())),
        "absolute URI: {}",
        heads[0]
    );
    assert_eq!(
        header(&heads[0], "proxy-authorization"),
        Some("Basic dXNlcjpwQHNz"),
        "user:p@ss, percent-decoded"
    );
    let [a, b]: [Recorded; 2] = server.requests().try_into().unwrap();
    let signed = |r: &Recorded| {
        let auth = r.header("authorization").unwrap();
        auth[auth.find("SignedHeaders=").unwrap()..]
            .split(',')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(signed(&a), signed(&b));
    assert!(!signed(&b).contains("proxy"), "{}", signed(&b));
    for name in ["host", "content-type", "x-amz-target", "content-length"] {
        assert_eq!(a.header(name), b.header(name), "{name}");
    }
    // The same body, but for the idempotency token each call draws.
    let body = |r: &Recorded| {
        let mut json = r.json();
        json.as_object_mut().unwrap().remove("clientToken");
        json
    };
    assert_eq!(body(&a), body(&b));
}

#[tokio::test]
async fn hosts_in_no_proxy_go_direct() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let proxy = Proxy::start(Mode::Pass).await;
    let cfg = config(server.url())
        .proxy(
            ProxyConfig::all(&proxy.url)
                .unwrap()
                .no_proxy("example.com, 127.0.0.0/8"),
        )
        .build();
    run_task(&cfg).await.expect("direct");
    assert!(proxy.heads().is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_proxy_that_refuses_with_407_is_a_clear_error() {
    let pki = test_pki(rustls::crypto::aws_lc_rs::default_provider().into());
    let server = TestServer::start_tls(vec![Reply::json(200, RUN_TASK_OK)], pki.server).await;
    let proxy = Proxy::start(Mode::Refuse).await;
    let cfg = config(server.url())
        .ca_bundle_pem(&pki.ca_pem)
        .proxy(ProxyConfig::https(&proxy.url).unwrap())
        .build();
    let err = run_task(&cfg).await.expect_err("refused");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(
        shown.contains("the HTTP proxy did not open a tunnel")
            && shown.contains("proxy authorization required"),
        "{shown}"
    );
    assert!(server.requests().is_empty(), "nothing reached the server");
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
    pairs
        .iter()
        .map(|(k, v)| (OsString::from(k), OsString::from(v)))
        .collect()
}

#[tokio::test]
async fn the_environment_names_the_proxy_and_the_builder_wins_over_it() {
    let server = TestServer::start(vec![
        Reply::json(200, RUN_TASK_OK),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let proxy = Proxy::start(Mode::Pass).await;
    let env = vars(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_REGION", "us-east-1"),
        ("HOME", "/nonexistent"),
        ("http_proxy", &proxy.url),
    ]);
    let from_env = Config::builder_from_vars(env.clone())
        .unwrap()
        .endpoint_url(server.url())
        .build();
    run_task(&from_env).await.expect("through the proxy");
    assert_eq!(proxy.heads().len(), 1);

    let overridden = Config::builder_from_vars(env)
        .unwrap()
        .endpoint_url(server.url())
        .proxy(ProxyConfig::disabled())
        .build();
    run_task(&overridden).await.expect("direct");
    assert_eq!(proxy.heads().len(), 1, "the builder's setting wins");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_malformed_proxy_variable_is_an_error_naming_it_without_its_password() {
    let err = Config::builder_from_vars(vars(&[
        ("HOME", "/nonexistent"),
        ("HTTPS_PROXY", "https://user:s3cret@proxy.example.com:3128"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("environment variable HTTPS_PROXY") && err.contains("only http:// proxies"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    let err = ProxyConfig::all("proxy.example.com:3128/path")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Config::builder().proxy(..)") && err.contains("has a path"),
        "{err}"
    );
}
