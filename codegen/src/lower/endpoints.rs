//! Part of stage 3, lower: the service's endpoint rule set and endpoint tests → IR.
//!
//! The rule set is embedded as JSON and evaluated by the runtime's rules engine (see the
//! runtime's `endpoint::rules` for why); here it is parsed with that engine's own parser, so a
//! rule set the runtime cannot run (wrong shape, a function it lacks) is a generation error.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::{
    BddCondition, BddResult, EndpointBdd, EndpointExpectation, EndpointParam, EndpointTest,
    PartitionField, UrlPart,
};
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

/// The service's `smithy.rules#endpointBdd`, compiled: `Ok(Err(why))` when there is none or it
/// uses what the compiler does not handle yet (the rule set is then interpreted, as before);
/// an error when the BDD itself is malformed.
pub fn bdd(model: &Model, service: &Shape) -> Result<Result<EndpointBdd, String>> {
    let Some(bdd) = service.traits.get(traits::ENDPOINT_BDD) else {
        return Ok(Err("the model has no `smithy.rules#endpointBdd`".to_owned()));
    };
    let err = |message: String| Error::Model {
        path: model.path.clone(),
        shape: format!("{} {}", service.id, traits::ENDPOINT_BDD),
        message,
    };
    let nodes = decode_nodes(bdd).map_err(err)?;
    let root = bdd
        .get("root")
        .and_then(Value::as_i64)
        .and_then(|r| i32::try_from(r).ok())
        .ok_or_else(|| err("`root` must be an integer".into()))?;
    let conditions = bdd
        .get("conditions")
        .and_then(Value::as_array)
        .ok_or_else(|| err("`conditions` must be a list".into()))?;
    let results = bdd
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| err("`results` must be a list".into()))?;
    // Every reference must land on a node, a terminal or a result: the generated code then
    // has no lookup that can fail.
    let valid = |r: i32| {
        r == 1
            || r == -1
            || (r >= 100_000_000 && ((r - 100_000_000) as usize) <= results.len())
            || (r.unsigned_abs() >= 2 && (r.unsigned_abs() as usize) <= nodes.len())
    };
    if !valid(root) {
        return Err(err(format!("`root` {root} is not a node or a result")));
    }
    for (i, (c, hi, lo)) in nodes.iter().enumerate().skip(1) {
        if *c as usize >= conditions.len() || !valid(*hi) || !valid(*lo) {
            return Err(err(format!("node {i} refers outside the BDD")));
        }
    }
    if expanded_size(root, &nodes, MAX_BRANCHES).is_none() {
        return Ok(Err(format!(
            "the decision diagram is more than {MAX_BRANCHES} branches once each node is written \
             per path to it (or refers back to itself)"
        )));
    }
    let params = parameters(bdd);
    // Our parameters' unset values: no region or URL, FIPS and dual-stack off.
    for (name, p) in bdd
        .get("parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let default = p.get("default");
        if !params.contains_key(name) {
            return Ok(Err(format!(
                "parameter `{name}` is not one the client binds"
            )));
        }
        if default.is_some_and(|d| d != &Value::Bool(false)) {
            return Ok(Err(format!(
                "parameter `{name}` has a default other than false"
            )));
        }
    }
    let mut partition_var = None;
    let mut compiled_conditions = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        match condition(c, &params, &mut partition_var) {
            Some(c) => compiled_conditions.push(c),
            None => {
                return Ok(Err(format!(
                    "condition {i} ({c}) is not supported by the compiler yet"
                )));
            }
        }
    }
    let mut compiled_results = Vec::new();
    for (i, r) in results.iter().enumerate() {
        match result(r, &params, partition_var.as_deref()) {
            Some(r) => compiled_results.push(r),
            None => {
                return Ok(Err(format!(
                    "result {i} is not supported by the compiler yet"
                )));
            }
        }
    }
    Ok(Ok(EndpointBdd {
        root,
        nodes,
        conditions: compiled_conditions,
        results: compiled_results,
        params: params.into_iter().collect(),
    }))
}

/// The most branches a compiled resolver is written with: the diagram becomes nested `if`s,
/// each node once per path that reaches it. ECS's is 12; a diagram past this keeps the rule-set
/// interpreter.
const MAX_BRANCHES: usize = 512;

/// How many branches the diagram from `reference` becomes as a tree, or `None` past `limit`
/// (which also ends a diagram whose references loop).
fn expanded_size(reference: i32, nodes: &[(u32, i32, i32)], limit: usize) -> Option<usize> {
    fn walk(reference: i32, nodes: &[(u32, i32, i32)], left: &mut usize) -> Option<()> {
        let index = reference.unsigned_abs() as usize;
        if reference >= 100_000_000 || index < 2 {
            return Some(());
        }
        *left = left.checked_sub(1)?;
        let &(_, high, low) = nodes.get(index - 1)?;
        walk(high, nodes, left)?;
        walk(low, nodes, left)
    }
    let mut left = limit;
    walk(reference, nodes, &mut left)?;
    Some(limit - left)
}

fn decode_nodes(bdd: &Value) -> std::result::Result<Vec<(u32, i32, i32)>, String> {
    use base64::Engine as _;
    let text = bdd
        .get("nodes")
        .and_then(Value::as_str)
        .ok_or("`nodes` must be a base64 string")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("`nodes` is not base64: {e}"))?;
    if bytes.len() % 12 != 0 {
        return Err("`nodes` is not a whole number of 12-byte nodes".into());
    }
    let int = |b: &[u8]| i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let nodes: Vec<(u32, i32, i32)> = bytes
        .chunks_exact(12)
        .map(|n| (int(&n[0..4]) as u32, int(&n[4..8]), int(&n[8..12])))
        .collect();
    let count = bdd.get("nodeCount").and_then(Value::as_u64);
    if count != Some(nodes.len() as u64) {
        return Err(format!(
            "`nodeCount` is {count:?} but `nodes` holds {}",
            nodes.len()
        ));
    }
    if nodes.first() != Some(&(u32::MAX, 1, -1)) {
        return Err("node 0 must be the terminal [-1, 1, -1]".into());
    }
    Ok(nodes)
}

/// Parameter name → the configuration value it is bound to, for parameters with a built-in
/// the client fills (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`).
fn parameters(bdd: &Value) -> std::collections::BTreeMap<String, EndpointParam> {
    let mut out = std::collections::BTreeMap::new();
    for (name, p) in bdd
        .get("parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let param = match p.get("builtIn").and_then(Value::as_str) {
            Some("AWS::Region") => EndpointParam::Region,
            Some("SDK::Endpoint") => EndpointParam::Endpoint,
            Some("AWS::UseFIPS") => EndpointParam::UseFips,
            Some("AWS::UseDualStack") => EndpointParam::UseDualStack,
            _ => continue,
        };
        out.insert(name.clone(), param);
    }
    out
}

fn is_string(p: EndpointParam) -> bool {
    matches!(p, EndpointParam::Region | EndpointParam::Endpoint)
}

fn param_ref(
    v: &Value,
    params: &std::collections::BTreeMap<String, EndpointParam>,
) -> Option<EndpointParam> {
    params.get(v.get("ref")?.as_str()?).copied()
}

fn partition_field(name: &str) -> Option<PartitionField> {
    Some(match name {
        "name" => PartitionField::Name,
        "dnsSuffix" => PartitionField::DnsSuffix,
        "dualStackDnsSuffix" => PartitionField::DualStackDnsSuffix,
        "implicitGlobalRegion" => PartitionField::ImplicitGlobalRegion,
        "supportsFIPS" => PartitionField::SupportsFips,
        "supportsDualStack" => PartitionField::SupportsDualStack,
        _ => return None,
    })
}

fn is_bool_field(f: PartitionField) -> bool {
    matches!(
        f,
        PartitionField::SupportsFips | PartitionField::SupportsDualStack
    )
}

/// One condition as typed pieces; `None` for what the compiler does not handle.
fn condition(
    c: &Value,
    params: &std::collections::BTreeMap<String, EndpointParam>,
    partition_var: &mut Option<String>,
) -> Option<BddCondition> {
    let f = c.get("fn")?.as_str()?;
    let argv = c.get("argv")?.as_array()?;
    let assign = c.get("assign").and_then(Value::as_str);
    match (f, argv.as_slice(), assign) {
        ("isSet", [a], None) => param_ref(a, params)
            .filter(|p| is_string(*p))
            .map(BddCondition::IsSet),
        ("aws.partition", [a], Some(name)) => {
            if param_ref(a, params) != Some(EndpointParam::Region)
                || partition_var.as_deref().is_some_and(|v| v != name)
            {
                return None;
            }
            *partition_var = Some(name.to_owned());
            Some(BddCondition::Partition)
        }
        ("booleanEquals", [a, Value::Bool(b)], None) => {
            if let Some(p) = param_ref(a, params) {
                return (!is_string(p)).then_some(BddCondition::ParamIs(p, *b));
            }
            if a.get("fn")?.as_str()? != "getAttr" {
                return None;
            }
            let [target, Value::String(path)] = a.get("argv")?.as_array()?.as_slice() else {
                return None;
            };
            let var = target.get("ref")?.as_str()?;
            let field = partition_field(path).filter(|f| is_bool_field(*f))?;
            (partition_var.as_deref() == Some(var)).then_some(BddCondition::PartitionIs(field, *b))
        }
        _ => None,
    }
}

/// One result; endpoints only with a URL (no headers or properties) for now.
fn result(
    r: &Value,
    params: &std::collections::BTreeMap<String, EndpointParam>,
    partition_var: Option<&str>,
) -> Option<BddResult> {
    if !r
        .get("conditions")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return None;
    }
    match r.get("type")?.as_str()? {
        "error" => Some(BddResult::Error(r.get("error")?.as_str()?.to_owned())),
        "endpoint" => {
            let e = r.get("endpoint")?;
            let empty = |k: &str| {
                e.get(k)
                    .is_none_or(|v| v.as_object().is_some_and(|o| o.is_empty()))
            };
            if !empty("headers") || !empty("properties") {
                return None;
            }
            let url = e.get("url")?;
            if let Some(p) = param_ref(url, params) {
                return is_string(p).then(|| BddResult::Endpoint(vec![UrlPart::Param(p)]));
            }
            template(url.as_str()?, params, partition_var).map(BddResult::Endpoint)
        }
        _ => None,
    }
}

/// `https://ecs.{Region}.{PartitionResult#dnsSuffix}` in pieces.
fn template(
    text: &str,
    params: &std::collections::BTreeMap<String, EndpointParam>,
    partition_var: Option<&str>,
) -> Option<Vec<UrlPart>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(UrlPart::Literal(rest[..open].to_owned()));
        }
        let close = rest[open..].find('}')? + open;
        let inner = &rest[open + 1..close];
        match inner.split_once('#') {
            Some((var, field)) if Some(var) == partition_var => parts.push(UrlPart::Partition(
                partition_field(field).filter(|f| !is_bool_field(*f))?,
            )),
            Some(_) => return None,
            None => parts.push(UrlPart::Param(
                params.get(inner).copied().filter(|p| is_string(*p))?,
            )),
        }
        rest = &rest[close + 1..];
    }
    if rest.contains(['}', '`']) {
        return None;
    }
    if !rest.is_empty() {
        parts.push(UrlPart::Literal(rest.to_owned()));
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::expanded_size;

    /// ECS's diagram (model 2026-11): 13 nodes, 12 branches once expanded.
    const ECS: [(u32, i32, i32); 13] = [
        (u32::MAX, 1, -1),
        (0, 12, 3),
        (1, 4, 100000011),
        (2, 5, 100000011),
        (3, 8, 6),
        (4, 7, 100000010),
        (5, 100000008, 100000009),
        (4, 10, 9),
        (6, 100000006, 100000007),
        (5, 11, 100000005),
        (6, 100000004, 100000005),
        (3, 100000001, 13),
        (4, 100000002, 100000003),
    ];

    #[test]
    fn a_diagram_is_counted_once_per_path() {
        assert_eq!(expanded_size(2, &ECS, 512), Some(12));
        // Node 2 reaches node 3 by both branches: 1 + 2 × 1.
        let diamond = [(u32::MAX, 1, -1), (0, 3, -3), (1, 100000001, 100000002)];
        assert_eq!(expanded_size(2, &diamond, 512), Some(3));
        assert_eq!(expanded_size(2, &diamond, 2), None, "past the limit");
    }

    #[test]
    fn a_diagram_that_refers_back_to_itself_ends() {
        let looping = [(u32::MAX, 1, -1), (0, 3, 100000001), (1, 2, 100000001)];
        assert_eq!(expanded_size(2, &looping, 512), None);
    }
}
