//! Fuzz target: waiter expressions, compiled by the generator and run, against an independent
//! JMESPath implementation (the `jmespath` crate) as the oracle.
//!
//! Random expressions of the supported subset (paths, flatten and filter projections, nested
//! projections, comparisons, `&&`, `||`, `!`, `length`, `contains`), typed by the ECS model's
//! `DescribeTasks` output, become the waiters of a crate generated from our model. A harness
//! built on that crate runs every waiter on random `DescribeTasks` responses through the replay
//! transport, and says for each whether its acceptor matched. The `jmespath` crate evaluates
//! the same expressions on the same JSON and applies the comparator as waiters.rst defines it;
//! the two must agree on every pair. Where JMESPath raises an error (`length(null)`), the
//! acceptor must not match.
//!
//! `FUZZ_SEED` picks other expressions and documents; `FUZZ_WAITERS` and `FUZZ_DOCS` (200 and
//! 100 by default) how many.

use std::fmt::Write as _;

use ecs_codegen::Operations;
use ecs_codegen::model::path::{PathType, ValueType};
use ecs_codegen::validate::paths::{Root, type_path};
use ecs_fuzz::DEFAULT_SEED;
use ecs_fuzz::expressions::{Documents, Expressions, Rng, Shapes, Ty};
use ecs_fuzz::harness::{Harness, root};
use serde_json::{Value, json};

const OPERATION: &str = "com.amazonaws.ecs#DescribeTasks";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not `{v}`"))
    })
}

/// One waiter: its expression and the acceptor's comparator and expected value.
#[derive(Debug)]
struct Case {
    path: String,
    comparator: &'static str,
    expected: String,
}

/// The comparators that fit what the generator typed `path` as, with an expected value.
fn comparator(ty: &PathType, rng: &mut Rng) -> Option<(&'static str, String)> {
    let expected = |rng: &mut Rng| {
        let pool = ["RUNNING", "STOPPED", "PENDING", "MISSING", "", "a", "b c"];
        (*rng.pick(&pool)).to_owned()
    };
    match ty {
        PathType::Scalar(ValueType::Bool) => Some(("booleanEquals", rng.chance(50).to_string())),
        PathType::Scalar(ValueType::Str) => Some(("stringEquals", expected(rng))),
        PathType::Projection(ValueType::Str) => {
            let c = if rng.chance(50) {
                "allStringEquals"
            } else {
                "anyStringEquals"
            };
            Some((c, expected(rng)))
        }
        PathType::Scalar(ValueType::List(e, _)) if **e == ValueType::Str => {
            let c = if rng.chance(50) {
                "allStringEquals"
            } else {
                "anyStringEquals"
            };
            Some((c, expected(rng)))
        }
        _ => None,
    }
}

/// `count` expressions the generator accepts, each with a comparator that fits its type.
fn cases(model: &Value, count: usize, rng: &mut Rng) -> Vec<Case> {
    let shapes = Shapes(model["shapes"].as_object().expect("shapes"));
    let output = model["shapes"][OPERATION]["output"]["target"]
        .as_str()
        .expect("DescribeTasks has an output")
        .to_owned();
    let typed_model =
        ecs_codegen::load::load(&root().join("model/ecs.json")).expect("our model loads");
    let output_id = ecs_codegen::model::ShapeId::new(output.as_str());
    let (mut out, mut rejected) = (Vec::new(), Vec::new());
    let mut attempts = 0;
    while out.len() < count {
        attempts += 1;
        assert!(
            attempts < count * 50,
            "the expression generator rarely succeeds: {rejected:#?}"
        );
        let mut exprs = Expressions {
            shapes: &shapes,
            rng,
        };
        let depth = 3;
        let made = match exprs.rng.below(4) {
            0 | 1 => exprs.boolean(&output, depth),
            2 => exprs.string(&output, depth),
            _ => exprs.strings(&output, depth),
        };
        let Some(path) = made else { continue };
        match type_path(&typed_model, &path, Root::Output(&output_id)) {
            Ok(typed) => {
                if let Some((comparator, expected)) = comparator(&typed.ty, rng) {
                    out.push(Case {
                        path,
                        comparator,
                        expected,
                    });
                }
            }
            Err(e) => rejected.push(format!("{path}: {e}")),
        }
    }
    let shown = rejected.len().min(5);
    println!(
        "{} expressions accepted, {} rejected by the generator's typing; for example:\n  {}",
        out.len(),
        rejected.len(),
        rejected[..shown].join("\n  ")
    );
    out
}

/// Our model with `cases` as the waiters of `DescribeTasks`: a success acceptor with the
/// case, then a failure acceptor for any other reply, so one poll decides.
fn model_with_waiters(mut model: Value, cases: &[Case]) -> Value {
    let mut waiters = serde_json::Map::new();
    for (i, case) in cases.iter().enumerate() {
        waiters.insert(
            format!("W{i:04}"),
            json!({
                "documentation": format!("Case {i}."),
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
    }
    model["shapes"][OPERATION]["traits"]["smithy.waiters#waitable"] = Value::Object(waiters);
    model
}

/// What JMESPath and the comparator say: `Some(matched)`, or `None` when the expression
/// raises an error on this document (and so no acceptor that evaluates it matches).
fn oracle(expr: &jmespath::Expression<'_>, case: &Case, doc: &Value) -> Option<bool> {
    let result = expr.search(doc.clone()).ok()?;
    let value = serde_json::to_value(&*result).expect("a JMESPath value is JSON");
    let expected = Value::from(case.expected.as_str());
    Some(match case.comparator {
        "stringEquals" => value == expected,
        "booleanEquals" => value == Value::Bool(case.expected == "true"),
        "allStringEquals" => value
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|v| *v == expected)),
        "anyStringEquals" => value.as_array().is_some_and(|a| a.contains(&expected)),
        other => unreachable!("comparator {other}"),
    })
}

/// The harness: runs waiter `i` for every `i` on every document of the file it is given, and
/// prints one line per document: `1` matched, `0` did not, `E` anything else.
fn harness_main(count: usize) -> String {
    let mut arms = String::new();
    for i in 0..count {
        writeln!(
            arms,
            "        {i} => outcome(client.wait_until_w{i:04}().tasks(\"t\").min_delay(D).max_delay(D).wait(MAX).await),"
        )
        .unwrap();
    }
    format!(
        r#"//! Written by fuzz/tests/waiter_expressions.rs.
use std::time::Duration;

use jmespath_fixture::client::Waiters as _;
use jmespath_fixture::http::{{HttpResponse, ReplayTransport}};
use jmespath_fixture::waiters::WaiterError;
use jmespath_fixture::{{Client, Config, Credentials}};

const D: Duration = Duration::from_millis(1);
const MAX: Duration = Duration::from_secs(5);
const COUNT: usize = {count};

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
    let path = std::env::args().nth(1).expect("the documents file");
    let docs = std::fs::read_to_string(path).expect("read the documents");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    for doc in docs.lines() {{
        let transport = ReplayTransport::new((0..COUNT).map(|_| HttpResponse::new(200, doc)));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None, "harness"))
            .transport(transport)
            .build();
        let client = Client::new(&config);
        let line: String = runtime.block_on(async {{
            let mut line = String::new();
            for i in 0..COUNT {{
                line.push(run(&client, i).await);
            }}
            line
        }});
        println!("{{line}}");
    }}
}}
"#
    )
}

#[test]
// Over 60 lines: one experiment read top to bottom: cases, documents, the compiled run, the oracle.
fn compiled_waiters_agree_with_jmespath() {
    let seed = env_number("FUZZ_SEED", DEFAULT_SEED);
    let count = env_number("FUZZ_WAITERS", 200) as usize;
    let doc_count = env_number("FUZZ_DOCS", 100) as usize;
    let mut rng = Rng::new(seed);
    let text = std::fs::read_to_string(root().join("model/ecs.json")).expect("read our model");
    let model: Value = serde_json::from_str(&text).expect("our model is JSON");
    let cases = cases(&model, count, &mut rng);
    let shapes = Shapes(model["shapes"].as_object().expect("shapes"));
    let output = model["shapes"][OPERATION]["output"]["target"]
        .as_str()
        .unwrap();
    let mut documents = Documents {
        shapes: &shapes,
        rng: &mut rng,
    };
    let docs: Vec<Value> = (0..doc_count)
        .map(|_| documents.value(&Ty::Struct(output.to_owned()), 0))
        .collect();

    let dir = root().join("target/test-crates/waiter-expressions");
    let lines = Harness {
        dir: &dir,
        model: &model_with_waiters(model.clone(), &cases),
        operations: Operations::Named(vec!["DescribeTasks".into()]),
        package: "jmespath-fixture",
        main_rs: harness_main(cases.len()),
    }
    .run(&docs.iter().map(Value::to_string).collect::<Vec<_>>());
    assert_eq!(lines.len(), docs.len(), "one line per document");

    let compiled: Vec<jmespath::Expression<'_>> = cases
        .iter()
        .map(|c| {
            jmespath::compile(&c.path).unwrap_or_else(|e| {
                panic!(
                    "the generator accepted `{}`, which JMESPath rejects: {e}",
                    c.path
                )
            })
        })
        .collect();
    let (mut agreed, mut matched, mut errors, mut diverged) = (0, 0, 0, Vec::new());
    for (doc, line) in docs.iter().zip(&lines) {
        for ((case, expr), ours) in cases.iter().zip(&compiled).zip(line.chars()) {
            // JMESPath raising an error means the acceptor does not match.
            let theirs = oracle(expr, case, doc);
            match (ours, theirs) {
                ('1', Some(true)) => {
                    agreed += 1;
                    matched += 1;
                }
                ('0', Some(false)) => agreed += 1,
                ('0', None) => errors += 1,
                _ => diverged.push((case, doc, ours, theirs)),
            }
        }
    }
    println!(
        "seed {seed}: {} waiters × {} documents: {agreed} agree ({matched} of them matched), \
         {errors} where JMESPath raises an error (no match), {} diverge",
        cases.len(),
        docs.len(),
        diverged.len()
    );
    if let Some((case, doc, ours, theirs)) = diverged.first() {
        let mut kinds: Vec<String> = diverged
            .iter()
            .map(|(c, _, o, t)| {
                format!(
                    "{} ({}: {:?}): ours {o}, JMESPath {t:?}",
                    c.path, c.comparator, c.expected
                )
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        panic!(
            "compiled waiters diverge from JMESPath (seed {seed}) in {} pairs; the first: `{}` \
             {} {:?}: ours {ours}, JMESPath {theirs:?} (None: an error), on\n{}\nall diverging expressions:\n{}",
            diverged.len(),
            case.path,
            case.comparator,
            case.expected,
            serde_json::to_string(doc).unwrap(),
            kinds.join("\n")
        );
    }
}
