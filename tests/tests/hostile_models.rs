//! Models built to break the generator: each is a clean error naming what is wrong, or a
//! crate, in bounded time and on every run. One test per way an independent fuzzing round
//! found to crash, hang or miscompile (issue 23), through the whole pipeline.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ecs_codegen::{Generated, Operations, Options};
use serde_json::{Value, json};

/// Writes `files` (name → text) to a fresh directory and runs the whole pipeline on them.
fn generate(test: &str, files: &[(&str, String)]) -> Result<Generated, String> {
    let dir = std::env::temp_dir().join(format!("ecs-hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let models: Vec<PathBuf> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let options = Options {
        models,
        service: None,
        operations: Operations::All,
        package: Some("hostile".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    let result = ecs_codegen::generate(&options).map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn error_of(test: &str, files: &[(&str, String)]) -> String {
    match generate(test, files) {
        Ok(_) => panic!("{test}: the model was accepted"),
        Err(e) => e,
    }
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "error does not mention `{part}`:\n{message}"
        );
    }
}

/// A JSON AST model: one awsJson1_1 service with operation `Op` (output `Out`), plus `extra`.
fn json_model(extra: Value) -> String {
    let mut shapes = json!({
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
            "traits": { "aws.protocols#awsJson1_1": {} } },
        "ex#Op": { "type": "operation", "output": { "target": "ex#Out" } },
        "ex#Out": { "type": "structure", "members": { "status": { "target": "smithy.api#String" } } }
    });
    for (k, v) in extra.as_object().expect("object") {
        shapes[k] = v.clone();
    }
    serde_json::to_string(&json!({ "smithy": "2.0", "shapes": shapes })).unwrap()
}

/// Runs `f` and fails if it takes longer than `limit` (generous: a debug build on a busy
/// 2-core machine; what it guards against is quadratic time, minutes rather than seconds).
fn within<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    let took = start.elapsed();
    println!("{what}: {took:.2?}");
    assert!(took < limit, "{what} took {took:?}, more than {limit:?}");
    value
}

// 1. IDL target elision through a mixin cycle overflowed the stack before the cycle check.
#[test]
fn idl_elision_through_a_mixin_cycle_is_an_error() {
    for (name, text) in [
        (
            "self.smithy",
            "$version: \"2\"\nnamespace ex\n@mixin\nstructure M with [M] { $x }\n",
        ),
        (
            "pair.smithy",
            "$version: \"2\"\nnamespace ex\n@mixin\nstructure A with [B] { $x }\n@mixin\nstructure B with [A] { y: String }\n",
        ),
    ] {
        let e = error_of(name, &[(name, text.to_owned())]);
        assert_mentions(&e, &["mixins form a cycle"]);
    }
}

// 2. IDL service and resource properties outside the grammar overwrote the shape's own fields.
#[test]
fn idl_properties_outside_the_grammar_are_refused() {
    let e = error_of(
        "traits-property",
        &[(
            "r.smithy",
            "$version: \"2\"\nnamespace ex\nresource R { traits: \"x\" }\napply R @documentation(\"d\")\n"
                .to_owned(),
        )],
    );
    assert_mentions(&e, &["traits"]);
    let e = error_of(
        "type-property",
        &[(
            "r.smithy",
            "$version: \"2\"\nnamespace ex\nresource R { type: \"structure\" members: {} }\n"
                .to_owned(),
        )],
    );
    assert_mentions(&e, &["type"]);
}

// 3. Mixin chains resolved recursively, copying every member at every link.
#[test]
fn a_20000_link_mixin_chain_loads_in_linear_time() {
    const LINKS: usize = 20_000;
    let mut extra = serde_json::Map::new();
    for i in 0..LINKS {
        let mixins = if i == 0 {
            json!([])
        } else {
            json!([{ "target": format!("ex#M{}", i - 1) }])
        };
        extra.insert(
            format!("ex#M{i}"),
            json!({ "type": "structure", "mixins": mixins,
                "members": { format!("m{i}"): { "target": "smithy.api#String" } },
                "traits": { "smithy.api#mixin": {} } }),
        );
    }
    extra.insert(
        "ex#Out".into(),
        json!({ "type": "structure", "mixins": [{ "target": format!("ex#M{}", LINKS - 1) }], "members": {} }),
    );
    let text = json_model(Value::Object(extra));
    let generated = within(
        "20,000 mixin links, loaded and generated",
        Duration::from_secs(60),
        || generate("mixin-chain", &[("chain.json", text)]),
    )
    .expect("a long chain is a valid model");
    let out = generated
        .files
        .iter()
        .find(|(path, _)| path.ends_with("operation/op.rs"))
        .expect("op.rs");
    assert!(
        out.1.contains("pub m19999:") && out.1.contains("pub m0:"),
        "the output has every inherited member"
    );
}

// 4. JMESPath chains built trees as deep as they were long, past the nesting limit.
#[test]
fn long_jmespath_chains_are_refused_naming_the_limit_and_short_ones_generate() {
    let waiter = |path: &str| {
        json_model(json!({
            "ex#Op": { "type": "operation", "output": { "target": "ex#Out" },
                "traits": { "smithy.waiters#waitable": { "Done": { "acceptors": [
                    { "state": "success", "matcher": { "output": { "path": path, "expected": "true", "comparator": "booleanEquals" } } }
                ] } } } },
            "ex#Out": { "type": "structure", "members": { "s": { "target": "smithy.api#String" } } }
        }))
    };
    for op in [" && ", " || "] {
        let long = vec!["status == 'x'"; 2_000].join(op);
        let e = error_of("long-chain", &[("m.json", waiter(&long))]);
        assert_mentions(&e, &["waiter Done of Op", "longer than 1024 characters"]);
        let deep = vec!["s == 'x'"; 70].join(op);
        let e = error_of("deep-chain", &[("m.json", waiter(&deep))]);
        assert_mentions(
            &e,
            &["waiter Done of Op", "nested more than 64 levels deep"],
        );
        let fine = vec!["s == 'x'"; 60].join(op);
        generate("fine-chain", &[("m.json", waiter(&fine))])
            .expect("60 terms are within the limit");
    }
}

// 5. Formatting ran on threads with 2 MiB stacks: a 511-node BDD crashed 7 runs in 8.
#[test]
fn a_511_node_endpoint_bdd_generates_on_every_run() {
    let text = ecs_tests::chain_bdd_model(511);
    let first =
        generate("bdd", &[("m.json", text.clone())]).expect("511 nodes are within the limit");
    let endpoint = first
        .files
        .iter()
        .find(|(path, _)| path.ends_with("src/endpoint.rs"))
        .expect("endpoint.rs");
    assert!(
        endpoint.1.contains("compiled from the model's"),
        "not compiled:\n{}",
        endpoint.1
    );
    for _ in 0..8 {
        let again = generate("bdd", &[("m.json", text.clone())]).expect("and on every run");
        assert_eq!(again.files, first.files, "the same bytes every run");
    }
    // Past the limit the diagram is not written as Rust; the crate says why.
    let big = generate("bdd-big", &[("m.json", ecs_tests::chain_bdd_model(600))])
        .expect("a big diagram is valid");
    let endpoint = big
        .files
        .iter()
        .find(|(path, _)| path.ends_with("src/endpoint.rs"))
        .expect("endpoint.rs");
    assert!(
        endpoint.1.contains("more than 512 branches"),
        "{}",
        endpoint.1
    );
}

// 6. Quadratic time: the IDL reader counted lines from the start for every statement, and
//    boxing searched everything reachable for every member.
#[test]
fn a_40000_member_idl_structure_generates_in_linear_time() {
    const MEMBERS: usize = 40_000;
    let mut text = String::from(
        "$version: \"2\"\nnamespace ex\nuse aws.protocols#awsJson1_1\n\
         @awsJson1_1\nservice Svc { version: \"1\" operations: [Op] }\n\
         operation Op { output: Out }\nstructure Out {\n",
    );
    for i in 0..MEMBERS {
        text.push_str(&format!("    m{i}: String\n"));
    }
    text.push_str("}\n");
    let generated = within(
        "40,000 IDL members, generated",
        Duration::from_secs(120),
        || generate("idl-members", &[("big.smithy", text)]),
    )
    .expect("a large structure is a valid model");
    let out = generated
        .files
        .iter()
        .find(|(path, _)| path.ends_with("operation/op.rs"))
        .expect("op.rs");
    assert!(out.1.contains("pub m39999:"), "every member is generated");
}

// A generated structure numbers its members with a u16: one member more than that allows is
// a clear error naming the structure, not members read into the wrong fields.
#[test]
fn a_structure_with_more_members_than_the_generator_numbers_is_an_error() {
    let members: serde_json::Map<String, Value> = (0..=ecs_codegen::validate::MAX_MEMBERS)
        .map(|i| (format!("m{i}"), json!({ "target": "smithy.api#String" })))
        .collect();
    let model = json_model(json!({ "ex#Wide": { "type": "structure", "members": members } }));
    let message = error_of("too-many-members", &[("model.json", model)]);
    assert_mentions(&message, &["ex#Wide", "65536 members", "at most 65535"]);
}

#[test]
fn a_chain_of_20000_structures_generates_in_linear_time() {
    const LENGTH: usize = 20_000;
    let mut extra = serde_json::Map::new();
    for i in 0..LENGTH {
        let next = if i + 1 == LENGTH {
            "smithy.api#String".to_owned()
        } else {
            format!("ex#S{}", i + 1)
        };
        extra.insert(
            format!("ex#S{i}"),
            json!({ "type": "structure", "members": { "next": { "target": next } } }),
        );
    }
    extra.insert(
        "ex#Out".into(),
        json!({ "type": "structure", "members": { "first": { "target": "ex#S0" } } }),
    );
    let text = json_model(Value::Object(extra));
    let generated = within(
        "20,000 chained structures, generated",
        Duration::from_secs(120),
        || generate("struct-chain", &[("chain.json", text)]),
    )
    .expect("a long chain of structures is a valid model");
    assert!(generated.files.len() > LENGTH, "one file per structure");
}

// 8. `&&` and `||` give one of their operands: with operands of different types, what the
//    waiter compares is not a boolean.
#[test]
fn and_or_of_operands_of_different_types_are_refused() {
    let e = error_of(
        "and-types",
        &[(
            "m.json",
            json_model(json!({
                "ex#Op": { "type": "operation", "output": { "target": "ex#Out" },
                    "traits": { "smithy.waiters#waitable": { "Done": { "acceptors": [
                        { "state": "success", "matcher": { "output": { "path": "tasks && failures[].reason", "expected": "true", "comparator": "booleanEquals" } } }
                    ] } } } },
                "ex#Out": { "type": "structure", "members": {
                    "tasks": { "target": "ex#Names" }, "failures": { "target": "ex#Failures" } } },
                "ex#Names": { "type": "list", "member": { "target": "smithy.api#String" } },
                "ex#Failures": { "type": "list", "member": { "target": "ex#Failure" } },
                "ex#Failure": { "type": "structure", "members": { "reason": { "target": "smithy.api#String" } } }
            })),
        )],
    );
    assert_mentions(
        &e,
        &[
            "waiter Done of Op",
            "`&&` gives one of its operands, and these differ",
        ],
    );
}

// 10. waiters.rst: a waiter MUST have a success acceptor.
#[test]
fn a_waiter_without_a_success_acceptor_is_refused() {
    let e = error_of(
        "no-success",
        &[(
            "m.json",
            json_model(json!({
                "ex#Op": { "type": "operation", "output": { "target": "ex#Out" },
                    "traits": { "smithy.waiters#waitable": { "Never": { "acceptors": [
                        { "state": "failure", "matcher": { "success": false } }
                    ] } } } }
            })),
        )],
    );
    assert_mentions(
        &e,
        &["waiter Never of Op", "no acceptor with state `success`"],
    );
}

/// The published model `copies` times over, as one service: every shape renamed with a
/// suffix per copy (`RunTaskC3`), the first copy's service binding every copy's operations,
/// resources and errors.
fn copies_of(model: &Value, copies: usize) -> String {
    const NAMESPACE: &str = "com.amazonaws.ecs#";
    fn renamed(v: &Value, suffix: &str) -> Value {
        match v {
            Value::String(s) => match s.strip_prefix(NAMESPACE) {
                Some(rest) => {
                    let (name, member) = rest.split_at(rest.find('$').unwrap_or(rest.len()));
                    Value::String(format!("{NAMESPACE}{name}{suffix}{member}"))
                }
                None => v.clone(),
            },
            Value::Array(items) => items.iter().map(|i| renamed(i, suffix)).collect(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (k.clone(), renamed(v, suffix)))
                .collect(),
            other => other.clone(),
        }
    }
    let mut shapes = serde_json::Map::new();
    let (mut service, mut bound) = (None, [Vec::new(), Vec::new(), Vec::new()]);
    const BOUND: [&str; 3] = ["operations", "resources", "errors"];
    for copy in 0..copies {
        let suffix = format!("C{copy}");
        for (id, shape) in model["shapes"].as_object().expect("shapes") {
            let Value::String(id) = renamed(&Value::String(id.clone()), &suffix) else {
                unreachable!("a string stays a string")
            };
            let mut shape = renamed(shape, &suffix);
            // Waiter names are the service's too.
            if let Some(Value::Object(waiters)) =
                shape.pointer_mut("/traits/smithy.waiters#waitable")
            {
                *waiters = std::mem::take(waiters)
                    .into_iter()
                    .map(|(name, w)| (format!("{name}{suffix}"), w))
                    .collect();
            }
            if shape["type"] == "service" {
                for (list, key) in bound.iter_mut().zip(BOUND) {
                    list.extend(shape[key].as_array().cloned().unwrap_or_default());
                }
                if service.is_none() {
                    service = Some((id, shape));
                }
            } else {
                shapes.insert(id, shape);
            }
        }
    }
    let (id, mut shape) = service.expect("the model has a service");
    for (list, key) in bound.into_iter().zip(BOUND) {
        shape[key] = Value::Array(list);
    }
    shapes.insert(id, shape);
    serde_json::to_string(&json!({ "smithy": "2.0", "shapes": shapes })).unwrap()
}

#[test]
fn ten_times_the_published_model_generates_in_linear_time() {
    let test = "ten_times_the_published_model_generates_in_linear_time";
    let Some(path) = ecs_tests::upstream_model(test) else {
        return;
    };
    let model: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let timed = |copies: usize| {
        let text = copies_of(&model, copies);
        let start = Instant::now();
        let generated = generate(&format!("copies-{copies}"), &[("ecs.json", text)])
            .unwrap_or_else(|e| panic!("{copies} copies of the published model: {e}"));
        let operations = generated
            .files
            .keys()
            .filter(|path| path.starts_with("src/operation/"))
            .count();
        (start.elapsed(), operations)
    };
    let (one, one_files) = timed(1);
    let (ten, ten_files) = timed(10);
    println!(
        "the published model, generated: once {one:.2?} ({one_files} files), ten times {ten:.2?} ({ten_files} files)"
    );
    assert!(ten_files > 9 * one_files, "every copy is generated");
    assert!(
        ten < one * 20,
        "ten copies took {ten:?}, {:.1} times one copy ({one:?}): not linear",
        ten.as_secs_f64() / one.as_secs_f64()
    );
}
