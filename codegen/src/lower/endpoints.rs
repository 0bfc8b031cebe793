//! Part of stage 3, lower: the service's endpoint rules → IR. The model holds the rule set,
//! BDD and test cases already parsed and checked (`aws-endpoint-rules`); here the BDD is
//! compiled to typed conditions and results when every piece of it is one the emitter can
//! write as Rust, and otherwise the crate keeps the rule set (or, without one, the BDD) for the
//! runtime's interpreter, with the reason in its docs.

use std::collections::BTreeMap;

use aws_endpoint_rules::bdd::{Bdd, Reference};
use aws_endpoint_rules::cases::EndpointTestCase;
use aws_endpoint_rules::ruleset::{Condition, Expr, Piece, Rule, RuleKind, RuleSet};
use serde_json::Value;

use crate::ir::{
    BddCondition, BddResult, EndpointBdd, EndpointParam, Endpoints, InterpretedRules,
    PartitionField, RulesKind, UrlPart,
};

/// How the crate resolves endpoints: the BDD compiled when it can be; else the rule set
/// interpreted, or the BDD itself when the model has no rule set; else regional URLs.
pub fn endpoints(rules: Option<&RuleSet>, bdd: Option<&Bdd>) -> Endpoints {
    let why = match compile(bdd) {
        Ok(compiled) => return Endpoints::Compiled(compiled),
        Err(why) => why,
    };
    let pretty = |v: Value| serde_json::to_string_pretty(&v).expect("JSON values always serialize");
    let (kind, json) = match (rules, bdd) {
        (Some(rules), _) => (RulesKind::RuleSet, pretty(rules.to_value())),
        (None, Some(bdd)) => (RulesKind::Bdd, pretty(bdd.to_value())),
        (None, None) => return Endpoints::Regional,
    };
    Endpoints::Interpreted(InterpretedRules { kind, json, why })
}

/// The test cases as a JSON list with one case per line: data the crate's one endpoint test
/// reads, rather than a test function per case.
pub fn tests(cases: &[EndpointTestCase]) -> String {
    let lines: Vec<String> = cases
        .iter()
        .map(|c| serde_json::to_string(c).expect("test cases always serialize"))
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

/// The most branches a compiled resolver is written with: the diagram becomes nested `if`s,
/// each node once per path that reaches it. ECS's is 12; a diagram past this keeps the rule-set
/// interpreter.
pub const MAX_BRANCHES: usize = 512;

/// The BDD compiled, or why it is not: a construct the compiler does not handle, or a diagram
/// that expands past [`MAX_BRANCHES`].
fn compile(bdd: Option<&Bdd>) -> Result<EndpointBdd, String> {
    let Some(bdd) = bdd else {
        return Err("the model has no `smithy.rules#endpointBdd`".to_owned());
    };
    if expanded_size(bdd.root, &bdd.nodes, MAX_BRANCHES).is_none() {
        return Err(format!(
            "the decision diagram is more than {MAX_BRANCHES} branches once each node is written \
             per path to it (or refers back to itself)"
        ));
    }
    let params = parameters(bdd)?;
    let mut partition_var = None;
    let mut conditions = Vec::new();
    for (i, c) in bdd.conditions.iter().enumerate() {
        conditions.push(condition(c, &params, &mut partition_var).ok_or_else(|| {
            format!(
                "condition {i} (`{}`) is not supported by the compiler yet",
                c.function
            )
        })?);
    }
    let mut results = Vec::new();
    for (i, r) in bdd.results.iter().enumerate() {
        results.push(
            result(r, &params, partition_var.as_deref())
                .ok_or_else(|| format!("result {i} is not supported by the compiler yet"))?,
        );
    }
    Ok(EndpointBdd {
        root: bdd.root,
        nodes: bdd.nodes.clone(),
        conditions,
        results,
        params: params.into_iter().collect(),
    })
}

/// How many branches the diagram from `reference` becomes as a tree, or `None` past `limit`
/// (which also ends a diagram whose references loop). Walks with its own stack, so the
/// model's diagram cannot exhaust the thread's.
fn expanded_size(
    root: Reference,
    nodes: &[(u32, Reference, Reference)],
    limit: usize,
) -> Option<usize> {
    let mut stack = vec![root];
    let mut count = 0;
    while let Some(reference) = stack.pop() {
        if let Reference::Node { index, .. } = reference {
            count += 1;
            if count > limit {
                return None;
            }
            let (_, high, low) = nodes.get(index)?;
            stack.extend([*high, *low]);
        }
    }
    Some(count)
}

/// Parameter name → the configuration value it is bound to. Every parameter must be one the
/// client binds (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`), with no
/// default other than `false`.
fn parameters(bdd: &Bdd) -> Result<BTreeMap<String, EndpointParam>, String> {
    let mut out = BTreeMap::new();
    for (name, p) in &bdd.parameters {
        let param = match p.built_in.as_deref() {
            Some("AWS::Region") => EndpointParam::Region,
            Some("SDK::Endpoint") => EndpointParam::Endpoint,
            Some("AWS::UseFIPS") => EndpointParam::UseFips,
            Some("AWS::UseDualStack") => EndpointParam::UseDualStack,
            _ => return Err(format!("parameter `{name}` is not one the client binds")),
        };
        if p.default.as_ref().is_some_and(|d| d != &Value::Bool(false)) {
            return Err(format!("parameter `{name}` has a default other than false"));
        }
        out.insert(name.clone(), param);
    }
    Ok(out)
}

fn is_string(p: EndpointParam) -> bool {
    matches!(p, EndpointParam::Region | EndpointParam::Endpoint)
}

fn param_ref(e: &Expr, params: &BTreeMap<String, EndpointParam>) -> Option<EndpointParam> {
    match e {
        Expr::Ref(name) => params.get(name).copied(),
        _ => None,
    }
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
    c: &Condition,
    params: &BTreeMap<String, EndpointParam>,
    partition_var: &mut Option<String>,
) -> Option<BddCondition> {
    match (c.function.as_str(), c.argv.as_slice(), c.assign.as_deref()) {
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
        ("booleanEquals", [a, Expr::Literal(Value::Bool(b))], None) => {
            if let Some(p) = param_ref(a, params) {
                return (!is_string(p)).then_some(BddCondition::ParamIs(p, *b));
            }
            let Expr::Call(f, argv) = a else {
                return None;
            };
            let [Expr::Ref(var), Expr::Literal(Value::String(path))] = argv.as_slice() else {
                return None;
            };
            let field = partition_field(path).filter(|f| is_bool_field(*f))?;
            (f == "getAttr" && partition_var.as_deref() == Some(var.as_str()))
                .then_some(BddCondition::PartitionIs(field, *b))
        }
        _ => None,
    }
}

/// One result; endpoints only with a URL (no headers or properties) for now.
fn result(
    r: &Rule,
    params: &BTreeMap<String, EndpointParam>,
    partition_var: Option<&str>,
) -> Option<BddResult> {
    if !r.conditions.is_empty() {
        return None;
    }
    match &r.kind {
        RuleKind::Error(Expr::Literal(Value::String(message))) => {
            Some(BddResult::Error(message.clone()))
        }
        RuleKind::Endpoint {
            url,
            headers,
            properties,
        } => {
            if !headers.is_empty() || !matches!(properties, Expr::Object(p) if p.is_empty()) {
                return None;
            }
            url_parts(url, params, partition_var).map(BddResult::Endpoint)
        }
        _ => None,
    }
}

/// `https://ecs.{Region}.{PartitionResult#dnsSuffix}` in pieces.
fn url_parts(
    url: &Expr,
    params: &BTreeMap<String, EndpointParam>,
    partition_var: Option<&str>,
) -> Option<Vec<UrlPart>> {
    let pieces = match url {
        Expr::Ref(_) => {
            let p = param_ref(url, params).filter(|p| is_string(*p))?;
            return Some(vec![UrlPart::Param(p)]);
        }
        Expr::Literal(Value::String(text)) => return Some(vec![UrlPart::Literal(text.clone())]),
        Expr::Template(pieces) => pieces,
        _ => return None,
    };
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => Some(UrlPart::Literal(text.clone())),
            Piece::Var(var, Some(field)) if Some(var.as_str()) == partition_var => {
                partition_field(field)
                    .filter(|f| !is_bool_field(*f))
                    .map(UrlPart::Partition)
            }
            Piece::Var(_, Some(_)) => None,
            Piece::Var(name, None) => params
                .get(name)
                .copied()
                .filter(|p| is_string(*p))
                .map(UrlPart::Param),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::expanded_size;
    use aws_endpoint_rules::bdd::Reference;

    fn r(v: i32) -> Reference {
        match v {
            1 | -1 => Reference::NoMatch,
            v if v >= 100_000_000 => Reference::Result((v - 100_000_000) as usize),
            v => Reference::Node {
                index: v.unsigned_abs() as usize - 1,
                complemented: v < 0,
            },
        }
    }

    fn nodes(raw: &[(u32, i32, i32)]) -> Vec<(u32, Reference, Reference)> {
        raw.iter().map(|&(c, h, l)| (c, r(h), r(l))).collect()
    }

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
        assert_eq!(expanded_size(r(2), &nodes(&ECS), 512), Some(12));
        // Node 2 reaches node 3 by both branches: 1 + 2 × 1.
        let diamond = nodes(&[(u32::MAX, 1, -1), (0, 3, -3), (1, 100000001, 100000002)]);
        assert_eq!(expanded_size(r(2), &diamond, 512), Some(3));
        assert_eq!(expanded_size(r(2), &diamond, 2), None, "past the limit");
    }

    #[test]
    fn a_diagram_that_refers_back_to_itself_ends() {
        let looping = nodes(&[(u32::MAX, 1, -1), (0, 3, 100000001), (1, 2, 100000001)]);
        assert_eq!(expanded_size(r(2), &looping, 512), None);
    }
}
