//! Fuzz target: endpoint decision diagrams. Random `smithy.rules#endpointBdd` traits (node
//! tables with references anywhere, conditions that assign and read variables, roots, wrong
//! node counts, loops) go through the generator, which compiles the diagram, keeps it for the
//! interpreter or rejects it with a clean error; and every diagram the rules crate accepts is
//! interpreted for random parameters, which ends in an endpoint or an error, never a panic or
//! a hang.

use std::time::Duration;

use aws_json_runtime::endpoint::{Bdd, EndpointParams};
use base64::Engine as _;
use ecs_codegen::{Operations, Options};
use ecs_fuzz::{fuzz, guarded};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Conditions a node may test: reads of parameters, an assignment and reads of what it
/// assigned (which may not be bound on the path that reaches them).
fn conditions() -> Value {
    json!([
        { "fn": "isSet", "argv": [{ "ref": "Region" }] },
        { "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, true] },
        { "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "PartitionResult" },
        { "fn": "booleanEquals", "argv": [{ "fn": "getAttr", "argv": [{ "ref": "PartitionResult" }, "supportsFIPS"] }, true] },
        { "fn": "stringEquals", "argv": [{ "ref": "Region" }, "us-east-1"] },
        { "fn": "isValidHostLabel", "argv": [{ "ref": "Region" }, false] },
        { "fn": "parseURL", "argv": [{ "ref": "Endpoint" }], "assign": "url" },
        { "fn": "isSet", "argv": [{ "ref": "Endpoint" }] }
    ])
}

/// Results a reference may reach.
fn results() -> Value {
    json!([
        { "conditions": [], "error": "no region", "type": "error" },
        { "conditions": [], "endpoint": { "url": "https://svc.{Region}.{PartitionResult#dnsSuffix}", "properties": {}, "headers": {} }, "type": "endpoint" },
        { "conditions": [], "endpoint": { "url": { "ref": "Endpoint" }, "properties": {}, "headers": {} }, "type": "endpoint" },
        { "conditions": [], "endpoint": { "url": "https://{url#authority}/x", "properties": {}, "headers": {} }, "type": "endpoint" }
    ])
}

#[derive(Debug, Clone)]
struct Diagram {
    /// `(condition, high, low)` per node after the terminal, as raw selectors.
    nodes: Vec<(u32, i64, i64)>,
    root: i64,
    /// Add this to `nodeCount` (0: correct).
    count_skew: i8,
    /// The model also has a rule set (so a diagram that does not compile is not interpreted).
    with_rule_set: bool,
    /// Only the conditions and results the compiler supports (the first four and two), so the
    /// compiled path is reached too.
    compilable: bool,
}

/// How many of [`conditions`] and [`results`] the compiler supports.
const COMPILABLE: (usize, usize) = (4, 2);

/// A reference from a selector: mostly nodes and results that exist, now and then anything.
fn reference(selector: i64, nodes: usize, results: usize) -> i32 {
    let results = results as i64;
    let pick = selector / 100;
    match selector.rem_euclid(100) {
        0..=4 => 1,
        5..=9 => -1,
        10..=39 => 100_000_000 + pick.rem_euclid(results + 1) as i32,
        40 => pick as i32,
        _ => {
            let n = pick.rem_euclid(nodes.max(1) as i64) as i32 + 2;
            if selector % 7 == 0 { -n } else { n }
        }
    }
}

fn diagram() -> impl Strategy<Value = Diagram> {
    (
        prop::collection::vec(
            (
                prop_oneof![50 => 0u32..8, 1 => 8u32..10],
                any::<i64>(),
                any::<i64>(),
            ),
            0..40,
        ),
        any::<i64>(),
        prop_oneof![8 => Just(0i8), 1 => -2i8..3],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(nodes, root, count_skew, with_rule_set, compilable)| Diagram {
                nodes,
                root,
                count_skew,
                with_rule_set,
                compilable,
            },
        )
}

fn trait_value(d: &Diagram) -> Value {
    let n = d.nodes.len();
    let (mut conditions, mut results) = (conditions(), results());
    if d.compilable {
        conditions
            .as_array_mut()
            .expect("a list")
            .truncate(COMPILABLE.0);
        results
            .as_array_mut()
            .expect("a list")
            .truncate(COMPILABLE.1);
    }
    let r = results.as_array().map_or(0, Vec::len);
    let condition = |c: u32| {
        if d.compilable {
            (c as usize % COMPILABLE.0) as i32
        } else {
            c as i32
        }
    };
    let mut raw = vec![(-1i32, 1i32, -1i32)];
    raw.extend(
        d.nodes
            .iter()
            .map(|&(c, h, l)| (condition(c), reference(h, n, r), reference(l, n, r))),
    );
    let bytes: Vec<u8> = raw
        .iter()
        .flat_map(|(c, h, l)| [c.to_be_bytes(), h.to_be_bytes(), l.to_be_bytes()].concat())
        .collect();
    json!({
        "version": "1.1",
        "parameters": {
            "Region": { "builtIn": "AWS::Region", "required": false, "type": "string" },
            "UseFIPS": { "builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "boolean" },
            "Endpoint": { "builtIn": "SDK::Endpoint", "required": false, "type": "string" }
        },
        "conditions": conditions,
        "results": results,
        "root": reference(d.root, n.max(1), r),
        "nodeCount": (raw.len() as i64 + i64::from(d.count_skew)).max(0),
        "nodes": base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn model(d: &Diagram, bdd: &Value) -> Value {
    let mut traits = json!({ "aws.protocols#awsJson1_1": {}, "smithy.rules#endpointBdd": bdd });
    if d.with_rule_set {
        traits["smithy.rules#endpointRuleSet"] = json!({
            "version": "1.0",
            "parameters": bdd["parameters"],
            "rules": [{ "conditions": [], "error": "rules", "type": "error" }]
        });
    }
    json!({ "smithy": "2.0", "shapes": {
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }], "traits": traits },
        "ex#Op": { "type": "operation" }
    } })
}

/// Parameters to interpret a diagram with.
fn params() -> impl Strategy<Value = EndpointParams> {
    (
        prop::option::of(prop::sample::select(vec![
            "us-east-1",
            "cn-north-1",
            "us-gov-west-1",
            "",
            "x y",
            "mars-1",
        ])),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "https://h.example.com:8443/p",
            "not a url",
            "",
        ])),
    )
        .prop_map(
            |(region, use_fips, use_dual_stack, endpoint)| EndpointParams {
                region: region.map(str::to_owned),
                use_fips,
                use_dual_stack,
                endpoint: endpoint.map(str::to_owned),
            },
        )
}

#[test]
fn decision_diagrams_generate_or_fail_cleanly_and_interpret_without_panics() {
    let dir = std::env::temp_dir().join(format!("ecs-fuzz-bdds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let counts = std::sync::Mutex::new([0usize; 3]);
    fuzz(
        "endpoint_bdds",
        150,
        (diagram(), prop::collection::vec(params(), 4)),
        |(d, params)| {
            let bdd = trait_value(&d);
            let path = dir.join("model.json");
            std::fs::write(&path, model(&d, &bdd).to_string()).expect("write the model");
            let options = Options {
                models: vec![path],
                service: None,
                operations: Operations::All,
                package: Some("bdd".to_owned()),
                runtime_path: "../runtime".to_owned(),
                standalone: true,
                protocol_tests: false,
            };
            let generated = guarded("generate", Duration::from_secs(60), move || {
                ecs_codegen::generate(&options)
                    .map(|g| g.files)
                    .map_err(|e| e.to_string())
            })?;
            let mut counts = counts.lock().expect("counts");
            match &generated {
                Ok(files) => {
                    let endpoint = files.get("src/endpoint.rs").expect("endpoint.rs");
                    counts[usize::from(!endpoint.contains("compiled from"))] += 1;
                }
                Err(e) => {
                    prop_assert!(e.contains("model.json"), "the error names no file: {e}");
                    counts[2] += 1;
                }
            }
            // What the rules crate accepts, the interpreter evaluates without panicking or looping.
            if let Ok(decoded) = Bdd::parse(&bdd.to_string()) {
                prop_assert!(
                    generated.is_ok(),
                    "a diagram the rules crate reads was rejected: {generated:?}"
                );
                guarded("interpret", Duration::from_secs(10), move || {
                    for p in &params {
                        let _ = decoded.resolve(p);
                    }
                })?;
            }
            Ok(())
        },
    );
    let [compiled, interpreted, rejected] = counts.into_inner().expect("counts");
    println!(
        "endpoint_bdds: {compiled} compiled, {interpreted} interpreted or without rules, {rejected} rejected"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
