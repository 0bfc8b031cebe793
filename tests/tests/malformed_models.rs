//! Malformed and tricky models: each fails with one clear error that names the shape (and
//! member) at fault, before anything is written.

use std::path::Path;

use ecs_codegen::{Operations, Options};
use serde_json::{Value, json};

/// A minimal valid awsJson service with one operation `Op` whose input is `In`, plus `extra`
/// shapes (which may replace the defaults).
fn model(extra: Value) -> Value {
    let mut shapes = json!({
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }], "traits": { "aws.protocols#awsJson1_1": {} } },
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" } },
        "ex#In": { "type": "structure", "members": { "a": { "target": "smithy.api#String" } }, "traits": { "smithy.api#input": {} } },
        "ex#Out": { "type": "structure", "members": {} }
    });
    for (k, v) in extra.as_object().expect("object") {
        shapes[k] = v.clone();
    }
    json!({ "smithy": "2.0", "shapes": shapes })
}

/// Runs the whole pipeline on `text` and returns the error message.
fn error_for_text(text: &str, operations: Operations) -> String {
    let dir = std::env::temp_dir().join(format!("ecs-malformed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{:x}.json", fxhash(text)));
    std::fs::write(&path, text).unwrap();
    let options = Options {
        models: vec![path.clone()],
        service: None,
        operations,
        package: Some("bad".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    let result = ecs_codegen::generate(&options);
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(_) => panic!("model was accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

fn error_for(extra: Value) -> String {
    error_for_text(
        &serde_json::to_string_pretty(&model(extra)).unwrap(),
        Operations::All,
    )
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "error does not mention `{part}`:\n{message}"
        );
    }
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let e = error_for_text(
        "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}",
        Operations::All,
    );
    assert_mentions(&e, &[".json:3:14"]);
}

#[test]
fn dangling_member_target() {
    let e = error_for(
        json!({ "ex#In": { "type": "structure", "members": { "count": { "target": "ex#Nope" } } } }),
    );
    assert_mentions(&e, &["ex#In$count", "ex#Nope does not exist"]);
}

#[test]
fn duplicate_member_in_json() {
    let text = serde_json::to_string_pretty(&model(json!({})))
        .unwrap()
        .replace(
            "\"a\": {",
            "\"a\": { \"target\": \"smithy.api#String\" }, \"a\": {",
        );
    let e = error_for_text(&text, Operations::All);
    assert_mentions(&e, &["duplicate key `a`"]);
}

#[test]
fn members_differing_only_in_case() {
    let e = error_for(json!({ "ex#In": { "type": "structure", "members": {
        "taskArn": { "target": "smithy.api#String" }, "TaskArn": { "target": "smithy.api#String" } } } }));
    assert_mentions(&e, &["ex#In$", "TaskArn", "taskArn", "only in case"]);
}

#[test]
fn members_colliding_after_snake_case() {
    let e = error_for(json!({ "ex#In": { "type": "structure", "members": {
        "fooBar": { "target": "smithy.api#String" }, "foo_bar": { "target": "smithy.api#String" } } } }));
    assert_mentions(&e, &["ex#In$foo_bar", "`foo_bar`", "fooBar"]);
}

#[test]
fn union_variants_colliding_after_case_conversion() {
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "u": { "target": "ex#U" } } },
        "ex#U": { "type": "union", "members": { "a_b": { "target": "smithy.api#String" }, "aB": { "target": "smithy.api#String" } } }
    }));
    assert_mentions(&e, &["ex#U$", "a_b", "aB", "`AB`"]);
}

#[test]
fn type_names_colliding_after_case_conversion() {
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "x": { "target": "ex#Foo_Bar" }, "y": { "target": "ex#FooBar" } } },
        "ex#Foo_Bar": { "type": "structure", "members": {} },
        "ex#FooBar": { "type": "structure", "members": {} }
    }));
    assert_mentions(&e, &["ex#Foo", "`FooBar`"]);
}

#[test]
fn unknown_shape_type() {
    let e = error_for(json!({ "ex#Weird": { "type": "tuple" } }));
    assert_mentions(&e, &["ex#Weird", "unknown shape type `tuple`"]);
}

#[test]
fn unknown_operation_suggests_close_names() {
    let text = serde_json::to_string(&model(json!({}))).unwrap();
    let e = error_for_text(&text, Operations::Named(vec!["Opp".into()]));
    assert_mentions(
        &e,
        &[
            "operation `Opp` is not in service ex#Svc",
            "did you mean `Op`",
        ],
    );
}

#[test]
fn list_without_member() {
    let e = error_for(json!({ "ex#L": { "type": "list" } }));
    assert_mentions(&e, &["ex#L", "missing its `member` member"]);
}

#[test]
fn map_with_integer_keys() {
    let e = error_for(
        json!({ "ex#M": { "type": "map", "key": { "target": "smithy.api#Integer" }, "value": { "target": "smithy.api#String" } } }),
    );
    assert_mentions(&e, &["ex#M$key", "map keys must target a string or enum"]);
}

#[test]
fn duplicate_enum_values() {
    let e = error_for(json!({ "ex#E": { "type": "enum", "members": {
        "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "x" } },
        "B": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "x" } } } } }));
    assert_mentions(&e, &["ex#E$B", "\"x\" is also used by member `A`"]);
}

#[test]
fn int_enum_with_string_value() {
    let e = error_for(json!({ "ex#E": { "type": "intEnum", "members": {
        "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "one" } } } } }));
    assert_mentions(&e, &["ex#E$A", "integer `@enumValue`"]);
}

#[test]
fn operation_error_without_error_trait() {
    let e = error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "errors": [{ "target": "ex#Oops" }] },
        "ex#Oops": { "type": "structure", "members": {} }
    }));
    assert_mentions(&e, &["ex#Op", "ex#Oops", "no `@error` trait"]);
}

#[test]
fn operation_input_not_a_structure() {
    let e = error_for(
        json!({ "ex#Op": { "type": "operation", "input": { "target": "smithy.api#String" } } }),
    );
    assert_mentions(
        &e,
        &["ex#Op", "input smithy.api#String must be a structure"],
    );
}

#[test]
fn two_services() {
    let e = error_for(json!({ "ex#Other": { "type": "service", "version": "2" } }));
    assert_mentions(&e, &["more than one service", "ex#Other", "ex#Svc"]);
}

#[test]
fn apply_to_missing_member() {
    let e = error_for(
        json!({ "ex#In$nope": { "type": "apply", "traits": { "smithy.api#required": {} } } }),
    );
    assert_mentions(&e, &["ex#In$nope", "member that does not exist"]);
}

#[test]
fn mixin_cycle() {
    let e = error_for(json!({
        "ex#A": { "type": "structure", "members": {}, "mixins": [{ "target": "ex#B" }], "traits": { "smithy.api#mixin": {} } },
        "ex#B": { "type": "structure", "members": {}, "mixins": [{ "target": "ex#A" }], "traits": { "smithy.api#mixin": {} } }
    }));
    assert_mentions(&e, &["ex#", "mixins form a cycle"]);
}

#[test]
fn relative_shape_id() {
    let e = error_for(json!({ "Loose": { "type": "string" } }));
    assert_mentions(&e, &["Loose", "must be absolute"]);
}

#[test]
fn members_whose_builder_methods_clash_are_named_together() {
    // A member named like a generator method (`build`) takes `_value` (see the collisions
    // fixture); two members that would get the same method are an error naming both.
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": {
            "cpu": { "target": "smithy.api#String" },
            "set_cpu": { "target": "smithy.api#String" }
        } }
    }));
    assert_mentions(&e, &["ex#In$set_cpu", "`set_cpu`", "member `cpu`"]);
}

#[test]
fn unsupported_timestamp_format_is_named() {
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "at": { "target": "ex#When" } } },
        "ex#When": { "type": "timestamp", "traits": { "smithy.api#timestampFormat": "julian" } }
    }));
    // Named where the trait is: the timestamp shape that carries it.
    assert_mentions(&e, &["ex#When", "julian", "is not a timestamp format"]);
}

#[test]
fn service_without_aws_json_protocol() {
    let e = error_for(
        json!({ "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }] } }),
    );
    assert_mentions(&e, &["ex#Svc", "awsJson1_0", "awsJson1_1"]);
}

#[test]
fn missing_model_file_is_named() {
    let options = Options {
        models: vec![Path::new("/nonexistent/model.json").to_owned()],
        service: None,
        operations: Operations::All,
        package: Some("x".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    let e = ecs_codegen::generate(&options).unwrap_err().to_string();
    assert_mentions(&e, &["/nonexistent/model.json"]);
}

#[test]
fn mixins_are_applied() {
    // Not an error: a mixin's members and traits reach the shape that uses it.
    let text = serde_json::to_string(&model(json!({
        "ex#Base": { "type": "structure", "members": { "id": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } } }, "traits": { "smithy.api#mixin": {} } },
        "ex#Out": { "type": "structure", "members": { "name": { "target": "smithy.api#String" } }, "mixins": [{ "target": "ex#Base" }] }
    })))
    .unwrap();
    let path = std::env::temp_dir().join(format!("ecs-mixin-{}.json", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let model = ecs_codegen::load::load(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let out = &model.shapes[&ecs_codegen::model::ShapeId::new("ex#Out")];
    let names: Vec<_> = out.kind.members().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["id", "name"]);
}

#[test]
fn unwritable_output_directory_is_named_and_nothing_is_written() {
    // A directory below a regular file can never be created (this holds even for root).
    let file = std::env::temp_dir().join(format!("ecs-not-a-dir-{}", std::process::id()));
    std::fs::write(&file, "x").unwrap();
    let out = file.join("crate");
    let files =
        std::collections::BTreeMap::from([("Cargo.toml".to_owned(), "[package]\n".to_owned())]);
    let e = ecs_codegen::write::write(&out, &files, false)
        .unwrap_err()
        .to_string();
    let _ = std::fs::remove_file(&file);
    assert_mentions(&e, &["cannot write to output directory", "crate"]);
}

#[test]
fn lists_and_maps_that_contain_themselves_are_rejected_naming_the_cycle() {
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "l": { "target": "ex#L" } }, "traits": { "smithy.api#input": {} } },
        "ex#L": { "type": "list", "member": { "target": "ex#L" } }
    }));
    assert_mentions(&e, &["ex#L", "contain themselves", "ex#L → ex#L"]);
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "m": { "target": "ex#M" } }, "traits": { "smithy.api#input": {} } },
        "ex#M": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "ex#M" } }
    }));
    assert_mentions(&e, &["ex#M → ex#M"]);
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "a": { "target": "ex#A" } }, "traits": { "smithy.api#input": {} } },
        "ex#A": { "type": "list", "member": { "target": "ex#B" } },
        "ex#B": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "ex#A" } }
    }));
    assert_mentions(&e, &["ex#A", "ex#B", "contain themselves"]);
}

#[test]
fn recursion_through_a_structure_is_still_fine() {
    let shapes = model(json!({
        "ex#In": { "type": "structure", "members": { "l": { "target": "ex#L" } }, "traits": { "smithy.api#input": {} } },
        "ex#L": { "type": "list", "member": { "target": "ex#In" } }
    }));
    let dir = std::env::temp_dir().join(format!("ecs-recursive-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    std::fs::write(&path, shapes.to_string()).unwrap();
    let result = ecs_codegen::generate(&Options {
        models: vec![path],
        service: None,
        operations: Operations::All,
        package: Some("ok".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    });
    let _ = std::fs::remove_dir_all(&dir);
    result.expect("a list of the structure that holds it is a valid recursive shape");
}

#[test]
fn nesting_past_the_documented_depth_is_a_model_error() {
    fn chain(levels: usize) -> Value {
        let mut shapes = json!({
            "ex#In": { "type": "structure", "members": { "l": { "target": "ex#L0" } }, "traits": { "smithy.api#input": {} } }
        });
        for i in 0..levels {
            let target = if i + 1 == levels {
                "smithy.api#String".to_owned()
            } else {
                format!("ex#L{}", i + 1)
            };
            shapes[format!("ex#L{i}")] = json!({ "type": "list", "member": { "target": target } });
        }
        shapes
    }
    let max = ecs_codegen::validate::MAX_COLLECTION_DEPTH;
    let started = std::time::Instant::now();
    let e = error_for(chain(10_000));
    assert_mentions(&e, &["nest", &format!("at most {max}")]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "10,000 levels are rejected quickly, not after minutes: {:?}",
        started.elapsed()
    );
    let e = error_for(chain(max + 1));
    assert_mentions(&e, &["ex#L0", &format!("nest {} deep", max + 1)]);
    // At the limit it generates, quickly.
    let dir = std::env::temp_dir().join(format!("ecs-nesting-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    std::fs::write(&path, model(chain(max)).to_string()).unwrap();
    let started = std::time::Instant::now();
    let result = ecs_codegen::generate(&Options {
        models: vec![path],
        service: None,
        operations: Operations::All,
        package: Some("deep".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    });
    let _ = std::fs::remove_dir_all(&dir);
    result.expect("nesting at the documented depth is accepted");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn traits_on_shapes_they_do_not_apply_to_are_rejected() {
    let e = error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" }, "errors": [{ "target": "ex#Oops" }] },
        "ex#Oops": { "type": "enum", "members": { "A": { "target": "smithy.api#Unit" } }, "traits": { "smithy.api#error": "client" } }
    }));
    assert_mentions(
        &e,
        &["ex#Oops", "`@error` applies only to structures", "enum"],
    );
    let e = error_for(json!({
        "ex#Oops": { "type": "union", "members": { "a": { "target": "smithy.api#String" } }, "traits": { "smithy.api#error": "server" } }
    }));
    assert_mentions(&e, &["ex#Oops", "union"]);
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "token": { "target": "smithy.api#Integer", "traits": { "smithy.api#idempotencyToken": {} } } }, "traits": { "smithy.api#input": {} } }
    }));
    assert_mentions(&e, &["ex#In$token", "`@idempotencyToken`", "integer"]);
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": {}, "traits": { "smithy.api#input": {}, "smithy.api#error": "client" } }
    }));
    assert_mentions(&e, &["ex#Op", "input ex#In is marked `@error`"]);
}

#[test]
fn endpoint_rule_sets_the_runtime_cannot_parse_are_rejected() {
    let service = |rules: Value| {
        json!({
            "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }], "traits": {
                "aws.protocols#awsJson1_1": {},
                "smithy.rules#endpointRuleSet": rules
            } }
        })
    };
    for (rules, says) in [
        (
            json!({ "version": "1.0", "parameters": {}, "rules": [{ "type": "endpoint", "conditions": [{ "fn": "isSet" }], "endpoint": { "url": "https://x" } }] }),
            "condition without `argv`",
        ),
        (
            json!({ "version": "1.0", "parameters": {}, "rules": [{ "type": "endpoint", "conditions": [{ "fn": "aws.fancy", "argv": [] }], "endpoint": { "url": "https://x" } }] }),
            "function `aws.fancy`",
        ),
        (
            json!({ "version": "1.0", "parameters": {}, "rules": [{ "type": "teleport" }] }),
            "teleport",
        ),
        (json!({ "version": "1.0", "rules": [] }), "parameters"),
    ] {
        let e = error_for(service(rules));
        assert_mentions(&e, &["ex#Svc smithy.rules#endpointRuleSet", says]);
    }
}

#[test]
fn model_names_that_become_one_rust_name_are_errors_naming_both() {
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "k": { "target": "ex#K" } }, "traits": { "smithy.api#input": {} } },
        "ex#K": { "type": "enum", "members": {
            "FOO_BAR": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "a" } },
            "FooBar": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "b" } }
        } }
    }));
    assert_mentions(&e, &["ex#K$", "`FooBar`", "FOO_BAR"]);
    let e = error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" },
                   "errors": [{ "target": "ex#Bad_thing" }, { "target": "ex#BadThing" }] },
        "ex#Bad_thing": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client" } },
        "ex#BadThing": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client" } }
    }));
    assert_mentions(&e, &["BadThing", "Bad_thing"]);
    let e = error_for(json!({
        "ex#In": { "type": "structure", "members": { "a": { "target": "ex#_" }, "b": { "target": "ex#__" } }, "traits": { "smithy.api#input": {} } },
        "ex#_": { "type": "structure", "members": {} },
        "ex#__": { "type": "structure", "members": {} }
    }));
    assert_mentions(&e, &["ex#_", "ex#__"]);
}

/// `ex#Op` with one waiter whose only acceptor matches `path` with `comparator`.
fn waiter_error(path: &str, comparator: &str) -> String {
    error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" },
            "traits": { "smithy.waiters#waitable": { "Done": { "acceptors": [
                { "state": "success", "matcher": { "output": { "path": path, "expected": "x", "comparator": comparator } } }
            ] } } } },
        "ex#Out": { "type": "structure", "members": {
            "status": { "target": "smithy.api#String" },
            "items": { "target": "ex#Items" }
        } },
        "ex#Items": { "type": "list", "member": { "target": "ex#Item" } },
        "ex#Item": { "type": "structure", "members": { "n": { "target": "smithy.api#Integer" } } }
    }))
}

#[test]
fn waiter_paths_are_checked_against_the_shapes_they_walk() {
    let e = waiter_error("items[].statu", "anyStringEquals");
    assert_mentions(
        &e,
        &[
            "waiter Done of Op, acceptor 1",
            "at character 8",
            "`Item` has no member `statu`",
            "(its members: n)",
        ],
    );
    let e = waiter_error("items[].n", "anyStringEquals");
    assert_mentions(&e, &["gives a projection of integer", "AnyStringEquals"]);
    let e = waiter_error("status == `1`", "booleanEquals");
    assert_mentions(
        &e,
        &["at character 0", "cannot compare a string with an integer"],
    );
    let e = waiter_error("sort(items)", "stringEquals");
    assert_mentions(&e, &["function `sort` is not supported"]);
    let e = waiter_error("items[0]", "stringEquals");
    assert_mentions(
        &e,
        &[
            "at character 6",
            "not part of the supported JMESPath subset",
        ],
    );
    let e = waiter_error("status.length", "stringEquals");
    assert_mentions(
        &e,
        &["`length` is looked up in a string, which has no members"],
    );
}

#[test]
fn paginated_traits_must_name_members_that_exist() {
    let e = error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" },
            "traits": { "smithy.api#paginated": { "inputToken": "next", "outputToken": "next" } } }
    }));
    assert_mentions(
        &e,
        &[
            "ex#Op",
            "the @paginated trait of Op",
            "inputToken `next` is not a member of the input",
        ],
    );
}

#[test]
fn waiters_whose_rust_names_meet_are_an_error() {
    let acceptors = json!([{ "state": "success", "matcher": { "success": true } }]);
    let e = error_for(json!({
        "ex#Op": { "type": "operation", "input": { "target": "ex#In" }, "output": { "target": "ex#Out" },
            "traits": { "smithy.waiters#waitable": {
                "Ready": { "acceptors": acceptors },
                "READY": { "acceptors": acceptors }
            } } }
    }));
    assert_mentions(&e, &["waiter Ready of Op", "waiter READY of Op", "`ready`"]);
}
