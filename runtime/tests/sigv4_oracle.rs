//! Our SigV4 signer against the `aws-sigv4` crate (the official Rust SDK's signer, with its
//! default settings), on generated requests: odd paths (dot segments, doubled slashes,
//! percent-escapes, non-ASCII), queries (repeated keys, `+`, bad escapes, empty values),
//! headers (mixed case, repeated names, runs of spaces, tabs, non-ASCII, unsigned names, a
//! `host` of their own), ports, session tokens, bodies and times. Every case must produce the
//! same `authorization` and `x-amz-date`, byte for byte.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_json_runtime::Credentials;
use aws_json_runtime::HttpRequest;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

/// The signature `aws-sigv4` gives, as the headers it adds.
fn oracle(
    request: &HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Vec<(String, String)> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expiry(),
        "oracle",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let url = request.uri.to_string();
    let signable = SignableRequest::new(
        &request.method,
        &url,
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let (headers, _) = instructions.into_parts();
    headers
        .into_iter()
        .map(|h| (h.name().to_owned(), h.value().to_owned()))
        .collect()
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A random request, or `None` when its URL is one `http` does not accept as a URI (neither
/// signer can sign those).
fn case(rng: &mut fastrand::Rng) -> Option<(HttpRequest, Credentials, String, String, SystemTime)> {
    let uri = random_url(rng).parse().ok()?;
    let headers = random_headers(rng);
    let mut body = vec![0u8; rng.usize(0..300)];
    rng.fill(&mut body);
    let token = rng
        .bool()
        .then(|| pick(rng, &["token", "FwoGZXIvYXdzE+/=="]).to_owned());
    let credentials = Credentials::new(
        pick(rng, &["AKIDEXAMPLE", "ASIAXXXX"]),
        pick(rng, &["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "s"]),
        token,
        None,
        "oracle",
    );
    let region = pick(
        rng,
        &["us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"],
    )
    .to_owned();
    let service = pick(rng, &["ecs", "execute-api"]).to_owned();
    let time = UNIX_EPOCH + Duration::from_secs(rng.u64(0..4_102_444_800));
    let method = pick(rng, &["POST", "GET"]).to_owned();
    let request = HttpRequest {
        method,
        uri,
        headers,
        body,
    };
    Some((request, credentials, region, service, time))
}

/// A URL with dot segments, `//`, escapes, non-ASCII, default and other ports, repeated and
/// odd query keys.
fn random_url(rng: &mut fastrand::Rng) -> String {
    let scheme = pick(rng, &["https", "http"]);
    let host = pick(
        rng,
        &[
            "ecs.us-east-1.amazonaws.com",
            "localhost",
            "127.0.0.1",
            "example.com",
        ],
    );
    let port = pick(rng, &["", ":443", ":80", ":8443", ":1234"]);
    let mut path = String::new();
    for _ in 0..rng.usize(0..5) {
        path.push('/');
        path.push_str(pick(
            rng,
            &[
                "a", ".", "..", "", "custom", "%20x", "%C3%BC", "a-b_c~d", "x%2Fy", "é", "AZaz09",
            ],
        ));
    }
    if rng.bool() {
        path.push('/');
    }
    let mut query = String::new();
    for i in 0..rng.usize(0..4) {
        if i > 0 {
            query.push('&');
        }
        query.push_str(pick(rng, &["a", "b", "A", "x+y", "%41", "k%zz", "", "z"]));
        if rng.bool() {
            query.push('=');
            query.push_str(pick(rng, &["1", "", "x+y", "%2B", "%", "a=b", "ü", "~._-"]));
        }
    }
    let query = if query.is_empty() && rng.bool() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{scheme}://{host}{port}{path}{query}")
}

/// The awsJson headers, then mixed-case, repeated and unsigned names with spaced, tabbed and
/// non-ASCII values.
fn random_headers(rng: &mut fastrand::Rng) -> Vec<(String, String)> {
    let mut headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.1".to_owned(),
        ),
        (
            "x-amz-target".to_owned(),
            "AmazonEC2ContainerServiceV20141113.RunTask".to_owned(),
        ),
    ];
    for _ in 0..rng.usize(0..5) {
        let name = pick(
            rng,
            &[
                "X-Custom",
                "x-custom",
                "User-Agent",
                "x-amz-user-agent",
                "Content-Length",
                "x-amzn-trace-id",
                "amz-sdk-invocation-id",
                "Host",
                "transfer-encoding",
            ],
        );
        let value = pick(
            rng,
            &[
                "v",
                "  spaced   out  ",
                "a\tb",
                "ünï",
                "1",
                "",
                "a, b",
                "x  y",
            ],
        );
        headers.push((name.to_owned(), value.to_owned()));
    }
    headers
}

#[test]
fn signatures_match_aws_sigv4_on_generated_requests() {
    let mut rng = fastrand::Rng::with_seed(0x5167_4a11);
    let mut compared = 0;
    for n in 0..4000 {
        let Some((request, credentials, region, service, time)) = case(&mut rng) else {
            continue;
        };
        let expected = oracle(&request, &credentials, &region, &service, time);
        let mut ours = request.clone();
        aws_json_runtime::sign::sign_request(&mut ours, &credentials, &region, &service, time)
            .unwrap_or_else(|e| panic!("case {n} ({}): {e}", request.uri));
        let added = ours.headers[request.headers.len()..].to_vec();
        assert_eq!(added, expected, "case {n}: {request:?}");
        compared += 1;
    }
    assert!(compared > 3000, "only {compared} cases were comparable");
}

#[test]
fn a_header_value_with_cr_or_lf_is_refused_before_sending() {
    for value in ["a\r\nx-evil: 1", "a\nb", "a\rb", "nul\0"] {
        let mut request = HttpRequest {
            method: "POST".to_owned(),
            uri: http::Uri::from_static("https://ecs.us-east-1.amazonaws.com/"),
            headers: vec![("x-custom".to_owned(), value.to_owned())],
            body: Vec::new(),
        };
        let credentials = Credentials::new("AKID", "secret", None, None, "test");
        let error = aws_json_runtime::sign::sign_request(
            &mut request,
            &credentials,
            "us-east-1",
            "ecs",
            UNIX_EPOCH + Duration::from_secs(1_767_323_045),
        )
        .unwrap_err();
        assert!(error.to_string().contains("control character"), "{error}");
        assert_eq!(request.headers.len(), 1, "nothing was added");
    }
}

#[test]
fn an_access_key_or_region_with_a_line_break_is_refused_before_sending() {
    let sign = |key: &str, region: &str| {
        let mut request = HttpRequest {
            method: "POST".to_owned(),
            uri: http::Uri::from_static("https://ecs.us-east-1.amazonaws.com/"),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let credentials = Credentials::new(key, "secret", None, None, "test");
        let result = aws_json_runtime::sign::sign_request(
            &mut request,
            &credentials,
            region,
            "ecs",
            UNIX_EPOCH + Duration::from_secs(1_767_323_045),
        );
        (result, request.headers.len())
    };
    for (key, region) in [
        ("AKID\r\nx-evil: 1", "us-east-1"),
        ("AKID", "us-east-1\nx: y"),
    ] {
        let (result, headers) = sign(key, region);
        let error = result.unwrap_err();
        assert!(error.to_string().contains("control character"), "{error}");
        assert_eq!(headers, 0, "nothing was added");
    }
}
