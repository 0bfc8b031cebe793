//! The awsJson1_0 and awsJson1_1 protocols (aws-json.rst.template): request headers and
//! error responses, and the `aws.protocols#awsQueryCompatible` error code.

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

/// Which awsJson a service speaks, and how its errors are coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protocol {
    /// `aws.protocols#awsJson1_0` when `true`, else `awsJson1_1`: the two differ only in the
    /// `Content-Type` of requests (both accept either form of error type).
    pub json_1_0: bool,
    /// `aws.protocols#awsQueryCompatible`: the error code users see comes from the
    /// `x-amzn-query-error` header (`Code;Fault`) when the service sends one, and requests
    /// carry `x-amzn-query-mode: true`.
    pub query_compatible: bool,
}

impl Protocol {
    /// awsJson1_1, without query compatibility.
    pub const AWS_JSON_1_1: Protocol = Protocol {
        json_1_0: false,
        query_compatible: false,
    };

    /// `Content-Type` of every request.
    pub fn content_type(self) -> &'static str {
        if self.json_1_0 {
            "application/x-amz-json-1.0"
        } else {
            CONTENT_TYPE
        }
    }
}

/// `Content-Type` of every awsJson 1.1 request.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// `X-Amz-Target`: the service shape name, a dot, the operation name.
pub fn target(service: &str, operation: &str) -> String {
    format!("{service}.{operation}")
}

/// The body of an operation's response: an empty body means `{}` (aws-json.rst: a client
/// must accept an empty body as output).
pub fn success_body(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// Parses an operation's output from a 2xx body. A body that does not fit names where it
/// stopped fitting (`tasks[1].createdAt: timestamp 1e14 is out of range ...`): the member path
/// is read off the text up to where serde_json stopped (`path_at`), so no second,
/// path-tracking copy of every `Deserialize` impl is compiled into a consumer's binary.
pub fn parse_output<O: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<O, Box<dyn std::error::Error + Send + Sync>> {
    let body = success_body(body);
    // Check UTF-8 once for the whole body and parse it as `str`: `from_slice` checks every
    // string it reads again, which cost 9% of parsing a DescribeTasks response (perf).
    let text =
        std::str::from_utf8(body).map_err(|e| format!("the response body is not UTF-8: {e}"))?;
    serde_json::from_str(text).map_err(|e| {
        let path = match e.classify() {
            serde_json::error::Category::Data => path_at(text, failure_offset(text, &e)),
            _ => String::new(),
        };
        if path.is_empty() {
            e.into()
        } else {
            format!("{path}: {e}").into()
        }
    })
}

/// The byte offset of serde_json's 1-based `line` and `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(text.len())
}

/// Where a value that failed was read, for its path: serde_json's position, except for a
/// timestamp, which is read whole (as text) before it is checked: its error comes with the
/// position of the byte after it, which serde_json has peeked, so the value's path is taken
/// where the value (its text is in the message) starts.
fn failure_offset(text: &str, e: &serde_json::Error) -> usize {
    let offset = offset_of(text, e.line(), e.column());
    let message = e.to_string();
    let Some(raw) = crate::datetime::failed_text(&message) else {
        return offset;
    };
    let before = text[..offset.saturating_sub(1).min(text.len())].trim_end();
    match before.strip_suffix(raw) {
        Some(start) => start.len(),
        None => offset,
    }
}

/// The member path (`tasks[1].createdAt`) of the value being read at byte `end` of the JSON
/// `text`: the keys and indices of the objects and arrays still open there, and the member
/// whose value was just read. Empty at the top level.
///
/// serde_json reports a value of the wrong type either where the value starts (when it can
/// tell from the first byte) or, for a reader that takes any type, just inside the array the
/// value opened. So an array opened right before `end`, with nothing read in it yet, is the
/// failing value itself and not part of the path, unless another array or object starts at
/// `end` (its first element). The one case this cannot tell apart is a reader that takes any
/// type failing on an array whose first element is itself an array or object: the path then
/// ends in `[0]`.
fn path_at(text: &str, end: usize) -> String {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut i = 0;
    while i < end {
        let byte = bytes[i];
        if let Some(Open::Array { started, .. }) = open.last_mut()
            && !matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b']')
        {
            *started = true;
        }
        match byte {
            b'{' => open.push(Open::Object {
                key: None,
                in_key: true,
            }),
            b'[' => open.push(Open::Array {
                index: 0,
                started: false,
            }),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object { key, in_key }) => (*key, *in_key) = (None, true),
                Some(Open::Array { index, .. }) => *index += 1,
                None => {}
            },
            b'"' => i = string_at(text, i, open.last_mut()),
            _ => {}
        }
        i += 1;
    }
    if let Some(Open::Array { started: false, .. }) = open.last()
        && !matches!(bytes.get(end), Some(b'[' | b'{'))
    {
        open.pop();
    }
    render_path(&open)
}

/// An object or array that is open at the point of failure, and where in it the reader was.
enum Open<'t> {
    Object { key: Option<&'t str>, in_key: bool },
    Array { index: usize, started: bool },
}

/// Skips the string opened at `i`, recording it as the key when the innermost object expects
/// one; returns the index of its closing quote.
fn string_at<'t>(text: &'t str, i: usize, innermost: Option<&mut Open<'t>>) -> usize {
    let bytes = text.as_bytes();
    let start = i + 1;
    let mut i = start;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    if let Some(Open::Object {
        key,
        in_key: in_key @ true,
    }) = innermost
    {
        *key = text.get(start..i.min(bytes.len()));
        *in_key = false;
    }
    i
}

/// `tasks[1].createdAt` from the open objects and arrays.
fn render_path(open: &[Open<'_>]) -> String {
    use std::fmt::Write as _;
    let mut path = String::new();
    for frame in open {
        match frame {
            Open::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object { key: None, .. } => {}
            Open::Array { index, .. } => {
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

/// A modeled error's structure from an error response body; `None` when the body does not
/// fit it (the caller then keeps the error as unhandled, with its code and message).
pub fn modeled_error<E: serde::de::DeserializeOwned>(body: &[u8]) -> Option<E> {
    serde_json::from_slice(success_body(body)).ok()
}

/// The operation error for a response whose code names the modeled error `E`: `E` read from
/// the body with the response's metadata, wrapped by `variant`; the operation's unhandled
/// variant (code, message and request id kept) when the body does not fit `E`. Generated
/// error enums dispatch each modeled code through here.
#[doc(hidden)]
pub fn modeled<E, O>(body: &[u8], meta: &ErrorMetadata, variant: fn(E) -> O) -> O
where
    E: crate::error::ModeledError,
    O: crate::error::OperationError,
{
    match modeled_error::<E>(body) {
        Some(mut error) => {
            error.set_meta(meta.clone());
            variant(error)
        }
        None => O::unhandled(crate::error::UnhandledError::new(meta.clone())),
    }
}

/// Reads code, message and request id from an error response.
///
/// aws-json.rst, "Operation error serialization": the code comes from the `X-Amzn-Errortype`
/// header, else the body's `code`, else its `__type`; it is sanitised by keeping what comes
/// before the first `:` and then what comes after the first `#`. The message is `message`,
/// `Message` or `errorMessage`.
///
/// The modeled error is always found by that code (the returned `String`); under
/// `awsQueryCompatible` the metadata's `code()` is the `x-amzn-query-error` code instead, when
/// the response has one.
pub fn error_metadata(
    response: &HttpResponse,
    protocol: Protocol,
) -> (Option<String>, ErrorMetadata) {
    let (code, message, request_id) = json_error_fields(response);
    let mut shown = code.clone();
    if let Some(code) = response
        .header("x-amzn-query-error")
        .filter(|_| protocol.query_compatible)
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        shown = Some(code.to_owned());
    }
    let meta = crate::error::metadata(shown, message, request_id, response.status);
    (code, meta)
}

/// The error code, message and request id of an error response.
fn json_error_fields(response: &HttpResponse) -> (Option<String>, Option<String>, Option<String>) {
    let body: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&response.body).ok();
    let field = |names: &[&str]| {
        let body = body.as_ref()?;
        names
            .iter()
            .find_map(|n| body.get(*n).and_then(|v| v.as_str()).map(str::to_owned))
    };
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| field(&["code"]))
        .or_else(|| field(&["__type"]))
        .map(|raw| sanitize_code(&raw).to_owned())
        .filter(|c| !c.is_empty());
    let request_id = response.header("x-amzn-requestid").map(str::to_owned);
    (code, field(&ERROR_MESSAGE_KEYS), request_id)
}

/// The body keys an error message is read from, first found wins (aws-json.rst). The
/// generator's `ERROR_MESSAGE_MEMBERS` must list the same keys; a test holds them equal.
#[doc(hidden)]
pub const ERROR_MESSAGE_KEYS: [&str; 3] = ["message", "Message", "errorMessage"];

/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` → `FooError`.
pub fn sanitize_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    match before_colon.split_once('#') {
        Some((_, after)) => after,
        None => before_colon,
    }
    .trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RequestId;

    #[test]
    fn paths_name_the_open_members_and_indices() {
        let text = r#"{"tasks":[{"a":"x,\"}"},{"b":{"c":[1, 2, true]}}],"d":3}"#;
        let at = |needle: &str| path_at(text, text.find(needle).expect(needle));
        assert_eq!(at("\"x,"), "tasks[0].a");
        assert_eq!(at("true"), "tasks[1].b.c[2]");
        assert_eq!(at("3}"), "d");
        assert_eq!(path_at(text, 0), "");
        assert_eq!(path_at(text, text.len()), "");
    }

    #[test]
    fn a_type_error_names_its_member_and_a_syntax_error_its_position() {
        #[derive(Debug, serde::Deserialize)]
        struct Out {
            #[serde(rename = "items")]
            _items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[serde(rename = "n")]
            _n: u8,
        }
        let e = parse_output::<Out>(b"{\"items\":[{\"n\":1},\n {\"n\":300}]}").unwrap_err();
        assert!(
            e.to_string().starts_with("items[1].n: invalid value"),
            "{e}"
        );
        let e = parse_output::<Out>(b"{\"items\":[{\"n\":1},{\"m\":2}]}").unwrap_err();
        assert!(
            e.to_string().starts_with("items[1]: missing field `n`"),
            "{e}"
        );
        let e = parse_output::<Out>(b"{\"items\":[").unwrap_err();
        assert!(e.to_string().starts_with("EOF while parsing"), "{e}");
    }

    #[test]
    fn sanitizes_codes_as_the_protocol_tests_do() {
        for raw in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            " FooError ",
        ] {
            assert_eq!(sanitize_code(raw), "FooError", "{raw}");
        }
    }

    fn json_error_metadata(response: &HttpResponse) -> ErrorMetadata {
        let awsjson11 = Protocol {
            json_1_0: false,
            query_compatible: false,
        };
        error_metadata(response, awsjson11).1
    }

    #[test]
    fn header_wins_over_code_over_type() {
        let body = br#"{"__type":"aws#TypeError","code":"CodeError","Message":"m"}"#.to_vec();
        let r = HttpResponse::new(400, body.clone())
            .with_header("X-Amzn-Errortype", "HeaderError:http://x");
        assert_eq!(json_error_metadata(&r).code(), Some("HeaderError"));
        let r = HttpResponse::new(400, body);
        assert_eq!(json_error_metadata(&r).code(), Some("CodeError"));
        assert_eq!(json_error_metadata(&r).message(), Some("m"));
        let r = HttpResponse::new(
            400,
            br#"{"__type":"ns#TypeError","errorMessage":"e"}"#.to_vec(),
        )
        .with_header("x-amzn-RequestId", "req-1");
        let meta = json_error_metadata(&r);
        assert_eq!(
            (meta.code(), meta.message(), RequestId::request_id(&meta)),
            (Some("TypeError"), Some("e"), Some("req-1"))
        );
        let html = HttpResponse::new(500, b"<html>oops</html>".to_vec());
        assert_eq!(json_error_metadata(&html).code(), None);
    }

    #[test]
    fn a_body_that_is_not_utf8_is_an_error_that_says_so() {
        let err = parse_output::<serde_json::Value>(b"{\"a\":\"\xff\"}").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        let ok: serde_json::Value = parse_output(b"{\"a\":\"\xc3\xa9\"}").unwrap();
        assert_eq!(ok["a"], "\u{e9}");
    }

    #[test]
    fn query_compatible_code_comes_from_the_header_and_the_type_still_picks_the_error() {
        let r = HttpResponse::new(
            400,
            br#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"m"}"#.to_vec(),
        )
        .with_header(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        );
        let compatible = Protocol {
            json_1_0: true,
            query_compatible: true,
        };
        let (type_code, meta) = error_metadata(&r, compatible);
        assert_eq!(type_code.as_deref(), Some("QueueDoesNotExist"));
        assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        let (type_code, meta) = error_metadata(
            &r,
            Protocol {
                json_1_0: true,
                query_compatible: false,
            },
        );
        assert_eq!(type_code.as_deref(), Some("QueueDoesNotExist"));
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
    }
}
