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
/// stopped fitting (`tasks[0].createdAt: timestamp 1e14 is out of range`): the fast parse runs
/// first, and only a failed one is parsed again, tracking the path.
pub fn parse_output<O: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<O, Box<dyn std::error::Error + Send + Sync>> {
    let body = success_body(body);
    // Check UTF-8 once for the whole body and parse it as `str`: `from_slice` checks every
    // string it reads again, which cost 9% of parsing a DescribeTasks response (perf).
    let text =
        std::str::from_utf8(body).map_err(|e| format!("the response body is not UTF-8: {e}"))?;
    serde_json::from_str(text).map_err(|first| {
        let mut de = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, O>(&mut de) {
            Err(e) if e.path().iter().next().is_some() => {
                let path = e.path().to_string();
                format!("{path}: {}", e.into_inner()).into()
            }
            _ => first.into(),
        }
    })
}

/// A modeled error's structure from an error response body; `None` when the body does not
/// fit it (the caller then keeps the error as unhandled, with its code and message).
pub fn modeled_error<E: serde::de::DeserializeOwned>(body: &[u8]) -> Option<E> {
    serde_json::from_slice(success_body(body)).ok()
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
    let mut meta = json_error_metadata(response);
    let type_code = meta.code.clone();
    if let Some(code) = response
        .header("x-amzn-query-error")
        .filter(|_| protocol.query_compatible)
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        meta.code = Some(code.to_owned());
    }
    (type_code, meta)
}

fn json_error_metadata(response: &HttpResponse) -> ErrorMetadata {
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
    ErrorMetadata {
        code,
        message: field(&["message", "Message", "errorMessage"]),
        request_id: response.header("x-amzn-requestid").map(str::to_owned),
        status: response.status,
    }
}

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
            (meta.code(), meta.message(), meta.request_id()),
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
