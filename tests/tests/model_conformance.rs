//! model/ecs.json against the published model: every shape we carry has the same id, members,
//! targets and non-documentation traits; the documentation is ours.

use std::collections::BTreeSet;

use ecs_codegen::model::ShapeId;
use serde_json::Value;

/// Drops documentation: the `@documentation` trait, `documentation` fields inside trait values
/// (IAM, endpoint rules and tests), and example titles.
fn strip_docs(value: &Value, in_examples: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    *k != "smithy.api#documentation"
                        && *k != "documentation"
                        && !(in_examples && *k == "title")
                })
                .map(|(k, v)| {
                    (
                        k.clone(),
                        strip_docs(v, in_examples || k == "smithy.api#examples"),
                    )
                })
                // A `traits` object left empty is the same as no traits.
                .filter(|(k, v)| !(k == "traits" && v.as_object().is_some_and(|t| t.is_empty())))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| strip_docs(v, in_examples)).collect())
        }
        other => other.clone(),
    }
}

/// Lists every difference between `ours` and `theirs` under `path`.
fn diff(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => diff(&format!("{path}.{k}"), x, y, out),
                    (Some(_), None) => out.push(format!("{path}.{k}: only in model/")),
                    (None, Some(_)) => out.push(format!("{path}.{k}: missing from model/")),
                    (None, None) => unreachable!("key came from one of the maps"),
                }
            }
        }
        (a, b) if a != b => out.push(format!("{path}: model/ has {a}, published has {b}")),
        _ => {}
    }
}

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn model_matches_the_published_model_except_documentation() {
    let Some(upstream_path) = ecs_tests::upstream_model("model conformance") else {
        return;
    };
    let ours = read(&ecs_tests::workspace_root().join("model/ecs.json"));
    let theirs = read(&upstream_path);
    let upstream_model = ecs_codegen::load::load(&upstream_path).expect("published model loads");
    let mut differences = Vec::new();
    for (id, shape) in ours["shapes"].as_object().unwrap() {
        let Some(published) = theirs["shapes"].get(id) else {
            differences.push(format!("{id}: not in the published model"));
            continue;
        };
        let (mut a, mut b) = (strip_docs(shape, false), strip_docs(published, false));
        if shape["type"] == "service" {
            // Our service binds only the operations we ship, directly; check they are the
            // published service's, then compare everything else.
            let bound =
                ecs_codegen::select::service_operations(&upstream_model, &ShapeId::new(id.clone()));
            for op in a["operations"].as_array().unwrap() {
                let op = op["target"].as_str().unwrap();
                if !bound.contains(&ShapeId::new(op)) {
                    differences.push(format!(
                        "{id}: operation {op} is not bound by the published service"
                    ));
                }
            }
            for key in ["operations", "resources"] {
                a.as_object_mut().unwrap().remove(key);
                b.as_object_mut().unwrap().remove(key);
            }
        }
        diff(id, &a, &b, &mut differences);
    }
    assert!(
        differences.is_empty(),
        "model/ecs.json differs from the published model:\n{}",
        differences.join("\n")
    );
}

#[test]
fn documentation_is_ours_and_complete() {
    let ours = read(&ecs_tests::workspace_root().join("model/ecs.json"));
    let upstream = ecs_tests::upstream_model("documentation is ours").map(|p| read(&p));
    let doc = |v: &Value| {
        v.get("traits")
            .and_then(|t| t.get("smithy.api#documentation"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut problems = Vec::new();
    let shapes = ours["shapes"].as_object().unwrap();
    for (id, shape) in shapes {
        if doc(shape).is_none() {
            problems.push(format!("{id}: no documentation"));
        }
        // Every member: the generator writes no placeholder for an undocumented one, so a
        // member without documentation would be an undocumented field, setter and accessor.
        for (name, member) in shape
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let is_enum = matches!(shape["type"].as_str(), Some("enum" | "intEnum"));
            if !is_enum && doc(member).is_none() {
                problems.push(format!("{id}${name}: no documentation"));
            }
        }
        if let Some(theirs) = upstream.as_ref().and_then(|u| u["shapes"].get(id)) {
            if doc(shape).is_some() && doc(shape) == doc(theirs) {
                problems.push(format!(
                    "{id}: documentation copied from the published model"
                ));
            }
            for (name, member) in shape
                .get("members")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if doc(member).is_some() && doc(member) == doc(&theirs["members"][name]) {
                    problems.push(format!(
                        "{id}${name}: documentation copied from the published model"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
