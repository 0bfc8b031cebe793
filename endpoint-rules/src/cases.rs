//! The `smithy.rules#endpointTests` trait (specification.rst, "endpointTests trait"): the
//! cases a service's resolver must pass, as typed values. The generator reads them from the
//! model and writes them into the generated crate as data; the runtime's test support runs
//! them against the crate's resolver ([`run`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Endpoint, EndpointError};

/// One endpoint test case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTestCase {
    /// What the case is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// Parameter values by name.
    #[serde(default)]
    pub params: BTreeMap<String, Value>,
    /// What resolution must give.
    pub expect: Expected,
}

/// The expected outcome of a case: exactly one of an endpoint or an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Expected {
    /// An endpoint.
    Endpoint(ExpectedEndpoint),
    /// An error with exactly this message.
    Error(String),
}

/// An expected endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedEndpoint {
    /// The URL.
    pub url: String,
    /// Headers by name, each with its values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, Vec<String>>,
    /// The endpoint's properties (empty when it has none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Value>,
}

/// Reads the `testCases` of an `endpointTests` trait value. Objects inside parameter values
/// and properties come out with sorted keys, whatever order the model wrote them in, so a case
/// written back is the same bytes on every run.
pub fn from_trait(value: &Value) -> Result<Vec<EndpointTestCase>, String> {
    let cases = value
        .get("testCases")
        .ok_or_else(|| "has no `testCases` list".to_owned())?;
    let cases: Vec<EndpointTestCase> =
        serde_json::from_value(sorted(cases.clone())).map_err(|e| e.to_string())?;
    Ok(cases)
}

/// `value` with every object's keys in sorted order.
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Runs every case of `cases` (a JSON list of [`EndpointTestCase`]s) through `resolve` and
/// returns one line per case that failed, naming it by number and documentation.
pub fn run(
    cases: &str,
    resolve: impl Fn(&BTreeMap<String, Value>) -> Result<Endpoint, EndpointError>,
) -> Result<usize, Vec<String>> {
    let cases: Vec<EndpointTestCase> = serde_json::from_str(cases)
        .map_err(|e| vec![format!("the endpoint test cases are not valid: {e}")])?;
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            let params = case
                .params
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let problem = check(&case.expect, resolve(&params))?;
            let about = case.documentation.as_deref().unwrap_or("(undocumented)");
            Some(format!("case {} ({about}): {problem}", i + 1))
        })
        .collect();
    if failures.is_empty() {
        Ok(cases.len())
    } else {
        Err(failures)
    }
}

/// What differs between `expected` and `got`, if anything.
fn check(expected: &Expected, got: Result<Endpoint, EndpointError>) -> Option<String> {
    match (expected, got) {
        (Expected::Error(want), Err(e)) if e.message() == want => None,
        (Expected::Error(want), Err(e)) => Some(format!(
            "expected the error {want:?}, got the error {:?}",
            e.message()
        )),
        (Expected::Error(want), Ok(endpoint)) => Some(format!(
            "expected the error {want:?}, got the endpoint {}",
            endpoint.url
        )),
        (Expected::Endpoint(want), Err(e)) => Some(format!(
            "expected the endpoint {}, got the error {:?}",
            want.url,
            e.message()
        )),
        (Expected::Endpoint(want), Ok(endpoint)) => differences(want, &endpoint),
    }
}

fn differences(want: &ExpectedEndpoint, got: &Endpoint) -> Option<String> {
    if want.url != got.url {
        return Some(format!("expected the URL {}, got {}", want.url, got.url));
    }
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in &got.headers {
        headers
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(value.clone());
    }
    let want_headers: BTreeMap<String, Vec<String>> = want
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    if want_headers != headers {
        return Some(format!(
            "expected the headers {want_headers:?}, got {headers:?}"
        ));
    }
    let properties: BTreeMap<String, Value> = got
        .properties
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), sorted(v.clone())))
        .collect();
    (want.properties != properties).then(|| {
        format!(
            "expected the properties {:?}, got {properties:?}",
            want.properties
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cases_read_from_the_trait_and_check_each_field() {
        let cases = from_trait(&json!({ "testCases": [
            { "documentation": "a", "params": { "Region": "us-east-1" },
              "expect": { "endpoint": { "url": "https://x.us-east-1", "properties": { "z": 1, "a": { "d": 1, "b": 2 } } } } },
            { "params": {}, "expect": { "error": "no region" } }
        ]}))
        .unwrap();
        assert_eq!(
            serde_json::to_string(&cases[0].expect).unwrap(),
            r#"{"endpoint":{"url":"https://x.us-east-1","properties":{"a":{"b":2,"d":1},"z":1}}}"#
        );
        let text = serde_json::to_string(&cases).unwrap();
        let resolve = |p: &BTreeMap<String, Value>| match p.get("Region") {
            Some(r) => {
                let mut e = Endpoint::url(format!("https://x.{}", r.as_str().unwrap()));
                e.properties = Some(
                    serde_json::from_value(json!({ "a": { "b": 2, "d": 1 }, "z": 1 })).unwrap(),
                );
                Ok(e)
            }
            None => Err(EndpointError::new("no region")),
        };
        assert_eq!(run(&text, resolve), Ok(2));
        let wrong = |_: &BTreeMap<String, Value>| Ok(Endpoint::url("https://elsewhere"));
        let failures = run(&text, wrong).unwrap_err();
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(
            failures[0].starts_with("case 1 (a): expected the URL"),
            "{failures:?}"
        );
        assert!(
            failures[1].contains("expected the error \"no region\""),
            "{failures:?}"
        );
    }

    #[test]
    fn an_expectation_is_one_of_endpoint_or_error() {
        assert!(from_trait(&json!({ "testCases": [{ "expect": {} }] })).is_err());
        assert!(from_trait(&json!({ "testCases": [{ "expect": { "error": "a", "endpoint": { "url": "u" } } }] })).is_err());
        assert!(from_trait(&json!({})).is_err());
    }
}
