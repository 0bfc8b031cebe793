//! Part of stage 3, lower: the service's endpoint rule set and endpoint tests → IR.
//!
//! The rule set is embedded as JSON and evaluated by the runtime's rules engine (see the
//! runtime's `endpoint::rules` for why); here it is parsed with that engine's own parser, so a
//! rule set the runtime cannot run (wrong shape, a function it lacks) is a generation error.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::{EndpointExpectation, EndpointTest};
use crate::model::{Model, Shape, traits};

/// The rule set as pretty JSON, when the service has one.
pub fn rule_set(model: &Model, service: &Shape) -> Result<Option<String>> {
    let Some(rules) = service.traits.get(traits::ENDPOINT_RULE_SET) else {
        return Ok(None);
    };
    let err = |message: String| Error::Model {
        path: model.path.clone(),
        shape: format!("{} {}", service.id, traits::ENDPOINT_RULE_SET),
        message,
    };
    // Parse it with the runtime's own parser: what it rejects would fail every call.
    aws_json_runtime::endpoint::RuleSet::parse(&rules.to_string())
        .map_err(|e| err(e.message().to_owned()))?;
    serde_json::to_string_pretty(rules)
        .map(Some)
        .map_err(|e| err(e.to_string()))
}

/// The endpoint tests, in model order.
pub fn tests(model: &Model, service: &Shape) -> Result<Vec<EndpointTest>> {
    let Some(cases) = service
        .traits
        .get(traits::ENDPOINT_TESTS)
        .and_then(|t| t.get("testCases"))
        .and_then(Value::as_array)
    else {
        return Ok(Vec::new());
    };
    let err = |i: usize, message: &str| Error::Model {
        path: model.path.clone(),
        shape: format!("{} {} case {}", service.id, traits::ENDPOINT_TESTS, i + 1),
        message: message.to_owned(),
    };
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let params = case
            .get("params")
            .and_then(Value::as_object)
            .map(|p| p.iter().map(|(k, v)| (k.clone(), v.to_string())).collect())
            .unwrap_or_default();
        let expect = case
            .get("expect")
            .ok_or_else(|| err(i, "has no `expect`"))?;
        let expect = if let Some(message) = expect.get("error").and_then(Value::as_str) {
            EndpointExpectation::Error(message.to_owned())
        } else if let Some(endpoint) = expect.get("endpoint") {
            let url = endpoint
                .get("url")
                .and_then(Value::as_str)
                .ok_or_else(|| err(i, "expects an endpoint without a `url`"))?;
            let headers = endpoint
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| {
                            (
                                k.to_ascii_lowercase(),
                                v.as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let properties = endpoint
                .get("properties")
                .cloned()
                .unwrap_or(Value::Object(Default::default()))
                .to_string();
            EndpointExpectation::Endpoint {
                url: url.to_owned(),
                headers,
                properties,
            }
        } else {
            return Err(err(i, "expects neither an endpoint nor an error"));
        };
        let docs = case
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or("An endpoint test from the model.")
            .to_owned();
        out.push(EndpointTest {
            docs,
            params,
            expect,
        });
    }
    Ok(out)
}
