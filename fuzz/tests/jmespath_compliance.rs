//! The official JMESPath compliance cases (the files the `jmespath` crate ships in
//! `tests/compliance/`, read from where cargo unpacked it) against the generator: every case
//! whose expression is a syntax error must be refused, and every case the generator accepts as
//! a waiter acceptor must match exactly as the case's `result` says, once compiled and run.
//!
//! Each `given` document becomes an operation whose output shapes are inferred from it; each
//! case becomes a waiter on that operation whose acceptor compares the expression with the
//! published result (a boolean, a string, a non-empty list of strings, or a number through
//! `(expr) == \`n\``), plus one with a value the result is not. A harness built on the
//! generated crate runs every waiter on its document.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use ecs_codegen::{Operations, Options};
use ecs_fuzz::harness::{Harness, root};
use serde_json::{Value, json};

/// The directory of the compliance files, from `cargo metadata`.
fn compliance_dir() -> PathBuf {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("run cargo metadata");
    assert!(output.status.success(), "cargo metadata failed");
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let manifest = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "jmespath")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("jmespath is a dev-dependency of ecs-fuzz");
    let dir = PathBuf::from(manifest)
        .parent()
        .expect("a manifest is in a directory")
        .join("tests/compliance");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    dir
}

/// The type of a JSON value as a Smithy shape, merged over every value seen at one place.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Null,
    Bool,
    Int,
    Long,
    Double,
    Str,
    List(Box<Ty>),
    Struct(BTreeMap<String, Ty>),
}

fn infer(v: &Value) -> Option<Ty> {
    Some(match v {
        Value::Null => Ty::Null,
        Value::Bool(_) => Ty::Bool,
        Value::String(_) => Ty::Str,
        Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Ty::Int,
            Some(_) => Ty::Long,
            None => Ty::Double,
        },
        Value::Array(items) => {
            let mut ty = Ty::Null;
            for item in items {
                ty = unify(ty, infer(item)?)?;
            }
            Ty::List(Box::new(ty))
        }
        Value::Object(map) => {
            let mut members = BTreeMap::new();
            for (k, v) in map {
                // Smithy member names: an identifier, unique ignoring case.
                let identifier = k.starts_with(|c: char| c.is_ascii_alphabetic())
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                let clash = members.keys().any(|m: &String| m.eq_ignore_ascii_case(k));
                if !identifier || clash {
                    return None;
                }
                members.insert(k.clone(), infer(v)?);
            }
            Ty::Struct(members)
        }
    })
}

fn unify(a: Ty, b: Ty) -> Option<Ty> {
    Some(match (a, b) {
        (Ty::Null, t) | (t, Ty::Null) => t,
        (a, b) if a == b => a,
        (Ty::Int | Ty::Long, Ty::Int | Ty::Long) => Ty::Long,
        (Ty::Int | Ty::Long | Ty::Double, Ty::Int | Ty::Long | Ty::Double) => Ty::Double,
        (Ty::List(a), Ty::List(b)) => Ty::List(Box::new(unify(*a, *b)?)),
        (Ty::Struct(mut a), Ty::Struct(b)) => {
            for (k, t) in b {
                let merged = match a.remove(&k) {
                    Some(old) => unify(old, t)?,
                    None => t,
                };
                a.insert(k, merged);
            }
            Ty::Struct(a)
        }
        _ => return None,
    })
}

/// Writes the shapes of `ty` into `shapes` under names starting with `prefix`; returns the
/// target of a member of this type.
fn shapes_of(ty: &Ty, prefix: &str, shapes: &mut serde_json::Map<String, Value>) -> String {
    match ty {
        Ty::Null | Ty::Str => "smithy.api#String".to_owned(),
        Ty::Bool => "smithy.api#Boolean".to_owned(),
        Ty::Int => "smithy.api#Integer".to_owned(),
        Ty::Long => "smithy.api#Long".to_owned(),
        Ty::Double => "smithy.api#Double".to_owned(),
        Ty::List(element) => {
            let id = format!("ex#{prefix}List");
            let target = shapes_of(element, &format!("{prefix}Item"), shapes);
            shapes.insert(
                id.clone(),
                json!({ "type": "list", "member": { "target": target } }),
            );
            id
        }
        Ty::Struct(members) => {
            let id = format!("ex#{prefix}");
            let mut out = serde_json::Map::new();
            for (name, t) in members {
                let target = shapes_of(t, &format!("{prefix}_{name}"), shapes);
                out.insert(name.clone(), json!({ "target": target }));
            }
            shapes.insert(id.clone(), json!({ "type": "structure", "members": out }));
            id
        }
    }
}

/// One waiter: the document it polls, its acceptor, and whether that must match.
#[derive(Debug, Clone)]
struct Case {
    source: String,
    given: usize,
    path: String,
    comparator: &'static str,
    expected: String,
    matches: bool,
}

/// The acceptors that say what `result` is: one that must match and one that must not.
fn acceptors(expression: &str, result: &Value) -> Vec<(String, &'static str, String, bool)> {
    let e = expression.to_owned();
    match result {
        Value::Bool(b) => vec![
            (e.clone(), "booleanEquals", b.to_string(), true),
            (e, "booleanEquals", (!b).to_string(), false),
        ],
        Value::String(s) => vec![
            (e.clone(), "stringEquals", s.clone(), true),
            (e, "stringEquals", format!("{s}-not"), false),
        ],
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
            let first = items[0].as_str().unwrap_or_default().to_owned();
            let all = items.iter().all(|i| *i == items[0]);
            vec![
                (e.clone(), "anyStringEquals", first.clone(), true),
                (e.clone(), "anyStringEquals", format!("{first}-not"), false),
                (e, "allStringEquals", first, all),
            ]
        }
        Value::Number(n) => vec![
            (
                format!("({e}) == `{n}`"),
                "booleanEquals",
                "true".into(),
                true,
            ),
            (
                format!("({e}) == `{n}`"),
                "booleanEquals",
                "false".into(),
                false,
            ),
        ],
        _ => Vec::new(),
    }
}

/// The model: operation `G{n}` per document, whose output is inferred from it, with the
/// waiters of `cases`.
fn model(outputs: &[String], cases: &[Case]) -> Value {
    let mut shapes = serde_json::Map::new();
    let mut operations = Vec::new();
    for (n, output) in outputs.iter().enumerate() {
        let op = format!("ex#G{n:03}");
        operations.push(json!({ "target": op }));
        shapes.insert(
            op,
            json!({ "type": "operation", "output": { "target": output } }),
        );
    }
    for (i, case) in cases.iter().enumerate() {
        let op = format!("ex#G{:03}", case.given);
        let mut waiters = shapes[&op]["traits"]["smithy.waiters#waitable"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        waiters.insert(
            format!("W{i:04}"),
            json!({
                "documentation": format!("{}: `{}`.", case.source, case.path),
                "minDelay": 1,
                "maxDelay": 1,
                "acceptors": [
                    { "state": "success", "matcher": { "output": {
                        "path": case.path, "expected": case.expected, "comparator": case.comparator
                    } } },
                    { "state": "failure", "matcher": { "success": true } }
                ]
            }),
        );
        shapes[&op]["traits"] = json!({ "smithy.waiters#waitable": waiters });
    }
    shapes.insert(
        "ex#Svc".into(),
        json!({ "type": "service", "version": "1", "operations": operations,
                "traits": { "aws.protocols#awsJson1_1": {} } }),
    );
    json!({ "smithy": "2.0", "shapes": shapes })
}

/// The documents' shapes, added to a model.
fn with_documents(mut model: Value, documents: &serde_json::Map<String, Value>) -> Value {
    for (k, v) in documents {
        model["shapes"][k] = v.clone();
    }
    model
}

fn harness_main(cases: &[Case]) -> String {
    let mut arms = String::new();
    for i in 0..cases.len() {
        writeln!(
            arms,
            "        {i} => outcome(client.wait_until_w{i:04}().min_delay(D).max_delay(D).wait(MAX).await),"
        )
        .unwrap();
    }
    format!(
        r#"//! Written by fuzz/tests/jmespath_compliance.rs: runs waiter `i` on line `i` of the input.
use std::time::Duration;

use compliance_fixture::client::Waiters as _;
use compliance_fixture::http::{{HttpResponse, ReplayTransport}};
use compliance_fixture::waiters::WaiterError;
use compliance_fixture::{{Client, Config, Credentials}};

const D: Duration = Duration::from_millis(1);
const MAX: Duration = Duration::from_secs(5);

fn outcome<T, O: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, WaiterError<O, E>>) -> char {{
    match result {{
        Ok(_) => '1',
        Err(WaiterError::FailureState(_)) => '0',
        Err(other) => {{
            eprintln!("{{other:?}}");
            'E'
        }}
    }}
}}

async fn run(client: &Client, i: usize) -> char {{
    match i {{
{arms}        _ => unreachable!(),
    }}
}}

fn main() {{
    let path = std::env::args().nth(1).expect("the input file");
    let input = std::fs::read_to_string(path).expect("read the input");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let mut line = String::new();
    for (i, doc) in input.lines().enumerate() {{
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None, "harness"))
            .transport(ReplayTransport::new([HttpResponse::new(200, doc)]))
            .build();
        let client = Client::new(&config);
        line.push(runtime.block_on(run(&client, i)));
    }}
    println!("{{line}}");
}}
"#
    )
}

/// Generates `model` alone (a waiter the generator refuses must not take the others down).
fn generates(model: &Value, dir: &std::path::Path) -> Result<(), String> {
    let path = dir.join("one.json");
    std::fs::write(&path, model.to_string()).expect("write the model");
    let options = Options {
        models: vec![path],
        service: None,
        operations: Operations::All,
        package: Some("one".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    ecs_codegen::generate(&options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// What the compliance files hold, as this test uses it.
#[derive(Default)]
struct Suite {
    /// Cases that must be a syntax error, and those our parser accepted anyway.
    syntax_errors: usize,
    not_refused: Vec<String>,
    /// The shapes of every document, the output shape of each, and the document itself.
    documents: serde_json::Map<String, Value>,
    outputs: Vec<String>,
    givens: Vec<String>,
    /// The acceptors the generator accepts, and how many it refused.
    cases: Vec<Case>,
    refused: usize,
    /// Documents Smithy shapes cannot describe (mixed-type lists, non-objects).
    skipped_documents: usize,
}

impl Suite {
    /// Every compliance file but the benchmarks.
    fn read(scratch: &std::path::Path) -> Suite {
        let mut files: Vec<PathBuf> = std::fs::read_dir(compliance_dir())
            .expect("read the compliance directory")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| !p.ends_with("benchmarks.json"))
            .collect();
        files.sort();
        let mut suite = Suite::default();
        for file in &files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(file).expect("read a compliance file");
            let groups: Vec<Value> =
                serde_json::from_str(&text).expect("a compliance file is JSON");
            for group in &groups {
                suite.check_syntax_errors(&name, group);
                suite.add_group(&name, group, scratch);
            }
        }
        suite
    }

    fn check_syntax_errors(&mut self, name: &str, group: &Value) {
        for case in group["cases"].as_array().expect("cases") {
            let expression = case["expression"].as_str().expect("an expression");
            if case["error"] == "syntax" {
                self.syntax_errors += 1;
                if ecs_codegen::jmespath::parse(expression).is_ok() {
                    self.not_refused.push(format!("{name}: `{expression}`"));
                }
            }
        }
    }

    /// The group's document as an output, and each of its cases the generator accepts as
    /// acceptors (each tried alone first, so one refusal does not take the others down).
    fn add_group(&mut self, name: &str, group: &Value, scratch: &std::path::Path) {
        let Some(ty @ Ty::Struct(_)) = infer(&group["given"]) else {
            self.skipped_documents += 1;
            return;
        };
        let n = self.outputs.len();
        let mut own = serde_json::Map::new();
        let output = shapes_of(&ty, &format!("D{n:03}"), &mut own);
        for case in group["cases"].as_array().expect("cases") {
            let (Some(expression), Some(result)) =
                (case["expression"].as_str(), case.get("result"))
            else {
                continue;
            };
            for (path, comparator, expected, matches) in acceptors(expression, result) {
                let candidate = Case {
                    source: name.to_owned(),
                    given: n,
                    path,
                    comparator,
                    expected,
                    matches,
                };
                let cases = std::slice::from_ref(&candidate);
                let alone = with_documents(model(&vec![output.clone(); n + 1], cases), &own);
                // The single-case model names its operation G{n}; only that one is real.
                match generates(&retain_operation(alone, n), scratch) {
                    Ok(()) => self.cases.push(candidate),
                    Err(_) => self.refused += 1,
                }
            }
        }
        self.documents.extend(own);
        self.outputs.push(output);
        self.givens.push(group["given"].to_string());
    }
}

#[test]
fn compliance_cases_compile_to_their_published_results() {
    let dir = root().join("target/test-crates/jmespath-compliance");
    let scratch = root().join("target/test-crates/jmespath-compliance-models");
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    let suite = Suite::read(&scratch);
    assert!(
        suite.not_refused.is_empty(),
        "the parser accepts {} of {} syntax errors:\n{}",
        suite.not_refused.len(),
        suite.syntax_errors,
        suite.not_refused.join("\n")
    );
    let Suite { cases, givens, .. } = &suite;
    let full = with_documents(model(&suite.outputs, cases), &suite.documents);
    let input: Vec<String> = cases.iter().map(|c| givens[c.given].clone()).collect();
    let line = Harness {
        dir: &dir,
        model: &full,
        operations: Operations::All,
        package: "compliance-fixture",
        main_rs: harness_main(cases),
    }
    .run(&input)
    .concat();
    assert_eq!(line.len(), cases.len(), "one outcome per waiter");
    let wrong: Vec<String> = cases
        .iter()
        .zip(line.chars())
        .filter(|(c, ours)| *ours != if c.matches { '1' } else { '0' })
        .map(|(c, ours)| {
            format!(
                "{}: `{}` {} {:?} on {}: ours {ours}, published {}",
                c.source, c.path, c.comparator, c.expected, givens[c.given], c.matches
            )
        })
        .collect();
    println!(
        "JMESPath compliance: {} syntax errors all refused; {} acceptors from {} documents \
         compiled and run ({} refused by the generator, {} documents not expressible as Smithy \
         shapes), {} wrong",
        suite.syntax_errors,
        cases.len(),
        suite.outputs.len(),
        suite.refused,
        suite.skipped_documents,
        wrong.len()
    );
    assert!(
        cases.len() >= 100,
        "only {} compliance acceptors were compiled: the test has lost its reach",
        cases.len()
    );
    assert!(
        wrong.is_empty(),
        "compiled acceptors disagree with the published results:\n{}",
        wrong.join("\n")
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `model` with only operation `G{n}` in the service, so the shapes of the others (not in it)
/// are not needed.
fn retain_operation(mut model: Value, n: usize) -> Value {
    let keep = format!("ex#G{n:03}");
    model["shapes"]["ex#Svc"]["operations"] = json!([{ "target": keep }]);
    let shapes = model["shapes"].as_object_mut().expect("shapes");
    shapes.retain(|k, _| !k.starts_with("ex#G") || *k == keep);
    model
}
