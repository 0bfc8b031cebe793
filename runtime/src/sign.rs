//! SigV4 request signing, in headers: canonical request → string to sign → derived key →
//! signature, for the `POST`s awsJson sends.
//!
//! This used to call the `aws-sigv4` crate. Measured in `bench/` (2026-12-03), that cost about
//! 9 µs of a 22 µs in-memory RunTask call (perf: 40 % of the call under `sign_request`, most of
//! it in converting our request into `http` types, header maps and `Cow`s) and put `aws-sigv4`,
//! `aws-smithy-http`, `aws-smithy-runtime-api`, their proc-macro crate and `syn` 2 into every
//! consumer's build. The algorithm itself is small; this module follows the same rules as
//! `aws-sigv4`'s default settings (double percent-encoding and normalization of the path,
//! sorted and re-encoded query, trimmed header values joined with `,` when repeated, the session
//! token signed, `authorization`, `user-agent`, `x-amzn-trace-id` and `transfer-encoding` not
//! signed), and `runtime/tests/sigv4_oracle.rs` checks it against `aws-sigv4` on thousands of
//! generated requests, odd paths, queries and header values included.

use std::fmt::Write as _;
use std::time::SystemTime;

use crate::credentials::Credentials;
// SHA-256 and HMAC come from the crypto library rustls uses (the same API in both): ring,
// which every build has (signing needs it even without the HTTPS stack), or aws-lc-rs when
// `tls-aws-lc-rs` asks for it.
#[cfg(feature = "tls-aws-lc-rs")]
use aws_lc_rs as crypto;
#[cfg(not(feature = "tls-aws-lc-rs"))]
use ring as crypto;

use crate::http::HttpRequest;
use aws_endpoint_rules::host as percent;

/// Headers that proxies and transports may change, never signed (the AWS SDKs' common set).
const UNSIGNED: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Why a request could not be signed; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError(String);

impl std::fmt::Display for SigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not sign the request: {}", self.0)
    }
}

impl std::error::Error for SigningError {}

/// Adds `x-amz-date`, `authorization` (and `x-amz-security-token` for session credentials) to
/// `request`, signed for `region` and service `signing_name` at `time`.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_err(|_| SigningError("the clock is before 1970".to_owned()))?
        .as_secs();
    let date_time = amz_date_time(secs);
    let token = credentials.session_token();
    let signed = signed_headers(request, &date_time, token)?;
    let (creq, names) = canonical_request(request, &signed);
    let scope = format!("{}/{region}/{signing_name}/aws4_request", &date_time[..8]);
    let mut string_to_sign = String::with_capacity(160);
    string_to_sign.push_str("AWS4-HMAC-SHA256\n");
    string_to_sign.push_str(&date_time);
    string_to_sign.push('\n');
    string_to_sign.push_str(&scope);
    string_to_sign.push('\n');
    push_hex(sha256(creq.as_bytes()).as_ref(), &mut string_to_sign);
    let authorization = authorization(
        credentials,
        (&date_time[..8], region, signing_name),
        &scope,
        &names,
        &string_to_sign,
    )?;
    request.headers.push(("x-amz-date".to_owned(), date_time));
    request
        .headers
        .push(("authorization".to_owned(), authorization));
    if let Some(token) = token {
        request
            .headers
            .push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    Ok(())
}

/// The headers that are signed: the request's own (names lower-cased, values trimmed), the
/// host when the request has none, then x-amz-date and the token, which replace any the
/// request already had. Sorted by name; a stable sort keeps repeated names in order.
fn signed_headers<'r>(
    request: &'r HttpRequest,
    date_time: &'r str,
    token: Option<&'r str>,
) -> Result<Vec<(String, std::borrow::Cow<'r, str>)>, SigningError> {
    let uri = &request.uri;
    let authority = uri
        .authority()
        .ok_or_else(|| SigningError(format!("the URL `{uri}` has no host")))?;
    let mut signed: Vec<(String, std::borrow::Cow<'_, str>)> =
        Vec::with_capacity(request.headers.len() + 3);
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        check_header(&name, value)?;
        if UNSIGNED.contains(&name.as_str())
            || name == "x-amz-date"
            || (token.is_some() && name == "x-amz-security-token")
        {
            continue;
        }
        signed.push((name, trim_spaces(value)));
    }
    if !signed.iter().any(|(name, _)| name == "host") {
        let default_port = matches!(
            (uri.scheme_str(), uri.port_u16()),
            (Some("https"), Some(443)) | (Some("http"), Some(80))
        );
        let host = if default_port {
            authority.host()
        } else {
            authority.as_str()
        };
        signed.push(("host".to_owned(), host.into()));
    }
    signed.push(("x-amz-date".to_owned(), date_time.into()));
    if let Some(token) = token {
        check_header("x-amz-security-token", token)?;
        signed.push(("x-amz-security-token".to_owned(), token.into()));
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(signed)
}

/// The canonical request and the signed header names (`host;x-amz-date`).
fn canonical_request(
    request: &HttpRequest,
    signed: &[(String, std::borrow::Cow<'_, str>)],
) -> (String, String) {
    let mut creq = String::with_capacity(512);
    creq.push_str(&request.method);
    creq.push('\n');
    encode_path(&normalize_path(request.uri.path()), &mut creq);
    creq.push('\n');
    canonical_query(request.uri.query().unwrap_or(""), &mut creq);
    creq.push('\n');
    let mut names = String::with_capacity(128);
    for (i, (name, value)) in signed.iter().enumerate() {
        let repeated = i > 0 && signed[i - 1].0 == *name;
        if repeated {
            creq.push(',');
        } else {
            if i > 0 {
                creq.push('\n');
                names.push(';');
            }
            creq.push_str(name);
            creq.push(':');
            names.push_str(name);
        }
        creq.push_str(value);
    }
    creq.push_str("\n\n");
    creq.push_str(&names);
    creq.push('\n');
    push_hex(sha256(&request.body).as_ref(), &mut creq);
    (creq, names)
}

/// The `authorization` header: the signature of `string_to_sign` with the key derived for the
/// date, region and signing name.
fn authorization(
    credentials: &Credentials,
    (date, region, signing_name): (&str, &str, &str),
    scope: &str,
    names: &str,
    string_to_sign: &str,
) -> Result<String, SigningError> {
    let secret = format!("AWS4{}", credentials.secret_access_key());
    let key = hmac(secret.as_bytes(), date.as_bytes());
    let key = hmac(key.as_ref(), region.as_bytes());
    let key = hmac(key.as_ref(), signing_name.as_bytes());
    let key = hmac(key.as_ref(), b"aws4_request");
    let mut authorization = String::with_capacity(256);
    let _ = write!(
        authorization,
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={names}, Signature=",
        credentials.access_key_id()
    );
    push_hex(
        hmac(key.as_ref(), string_to_sign.as_bytes()).as_ref(),
        &mut authorization,
    );
    // The access key id, region and signing name come from the environment, profiles and the
    // endpoint rules: none of them may carry a line break into the header.
    check_header("authorization", &authorization)?;
    Ok(authorization)
}

fn sha256(data: &[u8]) -> crypto::digest::Digest {
    crypto::digest::digest(&crypto::digest::SHA256, data)
}

fn hmac(key: &[u8], data: &[u8]) -> crypto::hmac::Tag {
    crypto::hmac::sign(
        &crypto::hmac::Key::new(crypto::hmac::HMAC_SHA256, key),
        data,
    )
}

fn push_hex(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// `YYYYMMDDTHHMMSSZ` for `secs` after the epoch, in UTC.
fn amz_date_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = crate::datetime::civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// A header that could not be sent as it is: a name that is not an HTTP token, or a value with
/// a control character (CR and LF included), which a transport would refuse or, worse, split.
fn check_header(name: &str, value: &str) -> Result<(), SigningError> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(SigningError(format!(
            "the header name {name:?} is not valid"
        )));
    }
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(SigningError(format!(
            "the value of header `{name}` holds a control character"
        )));
    }
    Ok(())
}

/// Leading and trailing spaces removed and runs of spaces made one (spaces only, as the
/// SigV4 rules say; tabs stay).
fn trim_spaces(value: &str) -> std::borrow::Cow<'_, str> {
    let value = value.trim_matches(' ');
    if !value.contains("  ") {
        return value.into();
    }
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        if c != ' ' || !value[..i].ends_with(' ') {
            out.push(c);
        }
    }
    out.into()
}

/// The path with `.` and `..` segments resolved and empty segments dropped (RFC 3986
/// §5.2.4, as the SigV4 rules apply it), keeping a trailing `/`.
fn normalize_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_empty() {
        return "/".into();
    }
    if path.starts_with('/') && !path.contains('.') && !path.contains("//") {
        return path.into();
    }
    let path: std::borrow::Cow<'_, str> = if path.starts_with('/') {
        path.into()
    } else {
        format!("/{path}").into()
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len());
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    let trailing = ["/", "/.", "/./", "/..", "/../"]
        .iter()
        .any(|end| path.ends_with(end));
    if out.is_empty() || (trailing && !out.ends_with('/')) {
        out.push('/');
    }
    out.into()
}

/// Percent-encodes every byte but the unreserved ones and `/` (so the `%` of an already
/// encoded path is encoded again, as SigV4 requires for every service but S3).
fn encode_path(path: &str, out: &mut String) {
    for b in path.bytes() {
        if b == b'/' {
            out.push('/');
        } else {
            percent::encode_byte(b, out);
        }
    }
}

/// The query as SigV4 signs it: read as `application/x-www-form-urlencoded` (`+` is a space,
/// `%XX` a byte), each key and value encoded again, pairs sorted by encoded key then value.
fn canonical_query(query: &str, out: &mut String) {
    if query.is_empty() {
        return;
    }
    let encode = |text: &str| percent::uri_encode(&form_decode(text));
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode(key), encode(value))
        })
        .collect();
    pairs.sort();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
}

/// `+` as a space and `%XX` as the byte it names (a `%` without two hex digits stays); bytes
/// that are not UTF-8 become U+FFFD, as form decoders do.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_are_utc_calendar_dates() {
        assert_eq!(amz_date_time(0), "19700101T000000Z");
        assert_eq!(amz_date_time(1_767_323_045), "20260102T030405Z");
        assert_eq!(amz_date_time(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn paths_are_normalized_then_encoded_twice() {
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/a/./b/../c/"), "/a/c/");
        assert_eq!(normalize_path("/../"), "/");
        assert_eq!(normalize_path("//a//b"), "/a/b");
        let mut out = String::new();
        encode_path("/a%20b/ü", &mut out);
        assert_eq!(out, "/a%2520b/%C3%BC");
    }

    #[test]
    fn queries_are_decoded_sorted_and_encoded() {
        let mut out = String::new();
        canonical_query("b=2&a=x+y&a=%41&c&%zz=1", &mut out);
        assert_eq!(out, "%25zz=1&a=A&a=x%20y&b=2&c=");
    }

    #[test]
    fn header_values_lose_extra_spaces_only() {
        assert_eq!(trim_spaces("  a   b \t c  "), "a b \t c");
        assert_eq!(trim_spaces("plain"), "plain");
    }
}
