//! The rules-engine standard library (standard-library.rst) and the AWS functions
//! (library-functions.rst), for the interpreter. Values are JSON values; `Null` is an empty
//! optional.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::host::{is_ipv4, is_valid_host_label, uri_encode};

/// Calls function `name` with evaluated `args`. `Err` for unknown functions or wrong argument
/// types (a rule set that parsed should never hit those). Results that are static data
/// (partitions) are borrowed, not copied.
pub(crate) fn call(name: &str, args: &[Value]) -> Result<Cow<'static, Value>, String> {
    // Only these take optionals; any other function given an unset value yields an unset
    // value, so the condition calling it fails instead of the whole resolution.
    if !matches!(name, "isSet" | "coalesce" | "ite" | "getAttr") && args.iter().any(Value::is_null)
    {
        return Ok(Cow::Owned(Value::Null));
    }
    let args = Args { name, args };
    if let Some(aws) = name.strip_prefix("aws.") {
        return call_aws(aws, &args);
    }
    call_standard(&args).map(Cow::Owned)
}

/// A function's evaluated arguments, read by type with messages that name the function.
struct Args<'a> {
    name: &'a str,
    args: &'a [Value],
}

impl Args<'_> {
    fn arity(&self, n: usize) -> Result<(), String> {
        if self.args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "{} takes {n} arguments, got {}",
                self.name,
                self.args.len()
            ))
        }
    }

    fn typed<'v, T>(
        &'v self,
        i: usize,
        what: &str,
        read: impl Fn(&'v Value) -> Option<T>,
    ) -> Result<T, String> {
        read(&self.args[i]).ok_or_else(|| {
            format!(
                "argument {} of {} must be {what}, got {}",
                i + 1,
                self.name,
                self.args[i]
            )
        })
    }

    fn string(&self, i: usize) -> Result<&str, String> {
        self.typed(i, "a string", Value::as_str)
    }

    fn boolean(&self, i: usize) -> Result<bool, String> {
        self.typed(i, "a boolean", Value::as_bool)
    }

    fn int(&self, i: usize) -> Result<i64, String> {
        self.typed(i, "an integer", Value::as_i64)
    }
}

/// standard-library.rst.
fn call_standard(a: &Args<'_>) -> Result<Value, String> {
    let args = a.args;
    Ok(match a.name {
        "isSet" => {
            a.arity(1)?;
            Value::Bool(!args[0].is_null())
        }
        "not" => {
            a.arity(1)?;
            Value::Bool(!a.boolean(0)?)
        }
        "booleanEquals" => {
            a.arity(2)?;
            Value::Bool(a.boolean(0)? == a.boolean(1)?)
        }
        "stringEquals" => {
            a.arity(2)?;
            Value::Bool(a.string(0)? == a.string(1)?)
        }
        "getAttr" => {
            a.arity(2)?;
            get_attr(&args[0], a.string(1)?)
        }
        "substring" => {
            a.arity(4)?;
            opt_string(substring(a.string(0)?, a.int(1)?, a.int(2)?, a.boolean(3)?))
        }
        "uriEncode" => {
            a.arity(1)?;
            Value::String(uri_encode(a.string(0)?))
        }
        "parseURL" => {
            a.arity(1)?;
            parse_url(a.string(0)?).unwrap_or(Value::Null)
        }
        "isValidHostLabel" => {
            a.arity(2)?;
            Value::Bool(is_valid_host_label(a.string(0)?, a.boolean(1)?))
        }
        "coalesce" => args
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        "ite" => {
            a.arity(3)?;
            args[if a.boolean(0)? { 1 } else { 2 }].clone()
        }
        "split" => {
            a.arity(3)?;
            let limit = usize::try_from(a.int(2)?)
                .map_err(|_| "split limit must not be negative".to_owned())?;
            let parts = split(a.string(0)?, a.string(1)?, limit)?;
            Value::Array(parts.into_iter().map(Value::String).collect())
        }
        other => return Err(format!("unknown rules-engine function `{other}`")),
    })
}

/// library-functions.rst (`aws.` stripped from the name).
fn call_aws(name: &str, a: &Args<'_>) -> Result<Cow<'static, Value>, String> {
    Ok(match name {
        "partition" => {
            a.arity(1)?;
            crate::partition::partition(a.string(0)?).map_or(Cow::Owned(Value::Null), Cow::Borrowed)
        }
        "parseArn" => {
            a.arity(1)?;
            Cow::Owned(parse_arn(a.string(0)?).unwrap_or(Value::Null))
        }
        "isVirtualHostableS3Bucket" => {
            a.arity(2)?;
            Cow::Owned(Value::Bool(is_virtual_hostable_s3_bucket(
                a.string(0)?,
                a.boolean(1)?,
            )))
        }
        other => return Err(format!("unknown rules-engine function `aws.{other}`")),
    })
}

fn opt_string(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::String)
}

/// standard-library.rst, getAttr: `a.b[2]`, with negative indexes counting from the end.
pub(crate) fn get_attr(value: &Value, path: &str) -> Value {
    get_attr_ref(value, path).cloned().unwrap_or(Value::Null)
}

/// [`get_attr`] without copying: the value at `path` inside `value`, if there is one.
pub(crate) fn get_attr_ref<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    for part in path.split('.') {
        let (key, index) = match part.find('[') {
            Some(i) => (&part[..i], Some(part[i + 1..].trim_end_matches(']'))),
            None => (part, None),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        if let Some(index) = index {
            let i = index.parse::<i64>().ok()?;
            let items = current.as_array()?;
            let len = items.len() as i64;
            let at = if i < 0 { len + i } else { i };
            current = items.get(usize::try_from(at).ok()?)?;
        }
    }
    Some(current)
}

/// standard-library.rst, substring: ASCII only; `None` when the range does not fit.
pub(crate) fn substring(input: &str, start: i64, end: i64, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start < 0 || start >= end || end as usize > input.len() {
        return None;
    }
    let (start, end) = (start as usize, end as usize);
    let len = input.len();
    let range = if reverse {
        len - end..len - start
    } else {
        start..end
    };
    Some(input[range].to_owned())
}

/// standard-library.rst, parseURL: scheme, authority, path, normalizedPath, isIp. URLs with a
/// query (or fragment) are rejected.
pub(crate) fn parse_url(input: &str) -> Option<Value> {
    if input.contains('?') || input.contains('#') {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') || authority.contains(char::is_whitespace) {
        return None;
    }
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| format!("{h}]"))?
    } else {
        authority.split(':').next()?.to_owned()
    };
    let is_ip = host.starts_with('[') || is_ipv4(&host);
    let path = if path.is_empty() { "/" } else { path };
    let mut normalized = path.to_owned();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let mut out = Map::new();
    out.insert("scheme".into(), Value::String(scheme.to_owned()));
    out.insert("authority".into(), Value::String(authority.to_owned()));
    out.insert("path".into(), Value::String(path.to_owned()));
    out.insert("normalizedPath".into(), Value::String(normalized));
    out.insert("isIp".into(), Value::Bool(is_ip));
    Some(Value::Object(out))
}

/// library-functions.rst, aws.isVirtualHostableS3Bucket: a valid host label that is also a
/// bucket name usable in a host: 3–63 lower-case letters, digits, hyphens (and dots when
/// `allow_subdomains`), starting and ending with a letter or digit, not shaped like an IPv4
/// address, and without `.-` or `-.`.
pub(crate) fn is_virtual_hostable_s3_bucket(name: &str, allow_subdomains: bool) -> bool {
    if !is_valid_host_label(name, allow_subdomains) {
        return false;
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && edge(name.chars().next())
        && edge(name.chars().last())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !is_ipv4(name)
        && !name.contains(".-")
        && !name.contains("-.")
}

/// library-functions.rst, aws.parseArn: `arn:partition:service:region:account:resource`, with
/// the resource split on `:` and `/`.
pub(crate) fn parse_arn(input: &str) -> Option<Value> {
    let mut parts = input.splitn(6, ':');
    let (arn, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let mut out = Map::new();
    out.insert("partition".into(), Value::String(partition.to_owned()));
    out.insert("service".into(), Value::String(service.to_owned()));
    out.insert("region".into(), Value::String(region.to_owned()));
    out.insert("accountId".into(), Value::String(account.to_owned()));
    let resource_id = resource
        .split([':', '/'])
        .map(|s| Value::String(s.to_owned()))
        .collect();
    out.insert("resourceId".into(), Value::Array(resource_id));
    Some(Value::Object(out))
}

/// standard-library.rst, split (1.1): `limit` 0 splits everywhere, n > 0 makes at most n parts.
pub(crate) fn split(input: &str, delimiter: &str, limit: usize) -> Result<Vec<String>, String> {
    if delimiter.is_empty() {
        return Err("split delimiter must not be empty".to_owned());
    }
    Ok(match limit {
        0 => input.split(delimiter).map(str::to_owned).collect(),
        n => input.splitn(n, delimiter).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boolean_and_string_functions() {
        assert_eq!(
            call("isSet", &[Value::Null]).unwrap().into_owned(),
            json!(false)
        );
        assert_eq!(
            call("isSet", &[json!(false)]).unwrap().into_owned(),
            json!(true),
            "isSet is about optionality, not truthiness"
        );
        assert_eq!(
            call("not", &[json!(true)]).unwrap().into_owned(),
            json!(false)
        );
        assert_eq!(
            call("booleanEquals", &[json!(true), json!(true)])
                .unwrap()
                .into_owned(),
            json!(true)
        );
        assert_eq!(
            call("stringEquals", &[json!("a"), json!("b")])
                .unwrap()
                .into_owned(),
            json!(false)
        );
        assert!(call("stringEquals", &[json!("a")]).is_err());
        assert_eq!(
            call("aws.partition", &[Value::Null]).unwrap().into_owned(),
            Value::Null,
            "unset argument, unset result"
        );
        assert!(call("nope", &[]).unwrap_err().contains("unknown"));
    }

    #[test]
    fn get_attr_paths() {
        let v = json!({ "a": { "b": [1, 2, 3] }, "s": "x" });
        assert_eq!(get_attr(&v, "s"), json!("x"));
        assert_eq!(get_attr(&v, "a.b[0]"), json!(1));
        assert_eq!(get_attr(&v, "a.b[-1]"), json!(3));
        assert_eq!(get_attr(&v, "a.b[3]"), Value::Null);
        assert_eq!(get_attr(&v, "a.missing"), Value::Null);
        assert_eq!(get_attr(&json!(["p", "q"]), "[1]"), json!("q"));
    }

    #[test]
    fn substring_cases() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true).as_deref(), Some("ef"));
        assert_eq!(substring("abc", 0, 4, false), None, "too short");
        assert_eq!(substring("abc", 2, 2, false), None, "empty range");
        assert_eq!(
            substring("ab\u{e9}cd", 0, 2, false),
            None,
            "non-ASCII input"
        );
        assert_eq!(substring("abcdef", 0, 6, false).as_deref(), Some("abcdef"));
    }

    #[test]
    fn uri_encode_reserved_and_unicode() {
        assert_eq!(uri_encode("abc-_.~XYZ09"), "abc-_.~XYZ09");
        assert_eq!(uri_encode("a b/c:d"), "a%20b%2Fc%3Ad");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é😀"), "%C3%A9%F0%9F%98%80");
    }

    #[test]
    fn parse_url_spec_examples() {
        let u = parse_url("https://example.com").unwrap();
        assert_eq!(
            u,
            json!({ "scheme": "https", "authority": "example.com", "path": "/", "normalizedPath": "/", "isIp": false })
        );
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        let u = parse_url("http://example.com:80/foo/bar").unwrap();
        assert_eq!(
            (
                u["authority"].as_str(),
                u["path"].as_str(),
                u["normalizedPath"].as_str()
            ),
            (Some("example.com:80"), Some("/foo/bar"), Some("/foo/bar/"))
        );
        assert_eq!(parse_url("https://127.0.0.1").unwrap()["isIp"], json!(true));
        assert_eq!(parse_url("https://[fe80::1]").unwrap()["isIp"], json!(true));
        assert_eq!(
            parse_url("https://[fe80::1]").unwrap()["authority"],
            json!("[fe80::1]")
        );
        assert_eq!(
            parse_url("https://999.1.1.1").unwrap()["isIp"],
            json!(false)
        );
        assert_eq!(parse_url("not a url"), None);
        assert_eq!(parse_url("https://"), None);
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(
            !is_virtual_hostable_s3_bucket("My-Bucket", false),
            "upper case"
        );
        assert!(!is_virtual_hostable_s3_bucket("ab", false), "too short");
        assert!(
            !is_virtual_hostable_s3_bucket("my.bucket", false),
            "dots need allowSubDomains"
        );
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(
            !is_virtual_hostable_s3_bucket("192.168.1.1", true),
            "IP-shaped"
        );
        assert!(!is_virtual_hostable_s3_bucket("my.-bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    }

    #[test]
    fn parse_arn_spec_examples() {
        assert_eq!(
            parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").unwrap(),
            json!({ "partition": "aws", "service": "sns", "region": "us-west-2", "accountId": "012345678910", "resourceId": ["example-sns-topic-name"] })
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").unwrap()["resourceId"],
            json!(["vpc", "vpc-0e9801d129EXAMPLE"])
        );
        let iam = parse_arn("arn:aws:iam::012345678910:user/johndoe").unwrap();
        assert_eq!(
            (iam["region"].as_str(), iam["resourceId"].clone()),
            (Some(""), json!(["user", "johndoe"]))
        );
        let s3 = parse_arn("arn:aws:s3:::bucket_name").unwrap();
        assert_eq!(
            (s3["accountId"].as_str(), s3["resourceId"].clone()),
            (Some(""), json!(["bucket_name"]))
        );
        assert_eq!(parse_arn("arn:aws:s3:::"), None, "empty resource");
        assert_eq!(parse_arn("arn::s3:::x"), None, "empty partition");
    }

    #[test]
    fn split_spec_examples() {
        let s = |i: &str, d: &str, l: usize| split(i, d, l).unwrap();
        assert_eq!(s("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(s("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(s("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(s("", "--", 0), [""]);
        assert_eq!(s("----", "--", 0), ["", "", ""]);
        assert_eq!(
            s("--x-s3--azid--suffix", "--", 2),
            ["", "x-s3--azid--suffix"]
        );
        assert!(split("a", "", 0).is_err());
    }

    #[test]
    fn coalesce_and_ite() {
        assert_eq!(
            call("coalesce", &[Value::Null, json!(false), json!(true)])
                .unwrap()
                .into_owned(),
            json!(false)
        );
        assert_eq!(
            call("coalesce", &[Value::Null, Value::Null])
                .unwrap()
                .into_owned(),
            Value::Null
        );
        assert_eq!(
            call("ite", &[json!(true), json!("-fips"), json!("")])
                .unwrap()
                .into_owned(),
            json!("-fips")
        );
        assert_eq!(
            call("ite", &[json!(false), json!("-fips"), json!("")])
                .unwrap()
                .into_owned(),
            json!("")
        );
    }
}
