//! Fuzz target: mutations of our model and the test fixtures through `ecs_codegen::generate`.
//! Each mutated model is accepted or rejected with a clear error; the generator never panics,
//! overflows its stack or hangs.
//!
//! `FUZZ_COMPILE=N` (for longer runs, not CI) also builds the first N accepted crates with
//! `cargo check --all-targets` and warnings denied: an accepted model must give a crate that
//! compiles.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use ecs_codegen::{Operations, Options};
use ecs_fuzz::fuzz;
use proptest::prelude::*;
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is in the workspace")
        .to_owned()
}

fn seeds() -> Vec<(String, Value)> {
    let mut models = Vec::new();
    let fixtures = root().join("tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.push(root().join("model/ecs.json"));
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read seed model");
        let value = serde_json::from_str(&text).expect("seed model is JSON");
        models.push((path.display().to_string(), value));
    }
    models
}

const HOSTILE: &[&str] = &[
    "",
    "_",
    "__",
    "Error",
    "Builders",
    "send",
    "new",
    "as_input",
    "builder",
    "Config",
    "Unknown",
    "UNKNOWN",
    "Unhandled",
    "self",
    "Self",
    "type",
    "gen",
    "r#x",
    "a\rb",
    "a\"b",
    "a\nb",
    "é",
    "0abc",
    "\u{0}",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Point a member of shape `n` at shape `m`.
    Retarget(usize, usize),
    /// Make a list or map contain itself.
    SelfContain(usize),
    /// Remove shape `n`.
    Remove(usize),
    /// Replace the `n`th string in the model.
    ReplaceString(usize, &'static str),
    /// Rename a member of shape `n`.
    RenameMember(usize, &'static str),
    /// Copy shape `n` under a hostile name in its namespace.
    CopyAs(usize, &'static str),
    /// Add a trait to shape `n` (or its first member).
    AddTrait(usize, bool, &'static str),
    /// Drop a key of shape `n`'s definition.
    DropKey(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let ix = any::<usize>();
    let hostile = prop::sample::select(HOSTILE);
    let traits = prop::sample::select(vec![
        "smithy.api#error",
        "smithy.api#idempotencyToken",
        "smithy.api#required",
        "smithy.api#default",
        "smithy.api#sensitive",
        "smithy.api#input",
        "smithy.api#title",
        "smithy.api#enumValue",
        "smithy.api#documentation",
        "smithy.api#sparse",
        "smithy.api#timestampFormat",
    ]);
    prop_oneof![
        (ix, ix).prop_map(|(a, b)| Mutation::Retarget(a, b)),
        ix.prop_map(Mutation::SelfContain),
        ix.prop_map(Mutation::Remove),
        (ix, hostile.clone()).prop_map(|(a, s)| Mutation::ReplaceString(a, s)),
        (ix, hostile.clone()).prop_map(|(a, s)| Mutation::RenameMember(a, s)),
        (ix, hostile).prop_map(|(a, s)| Mutation::CopyAs(a, s)),
        (ix, any::<bool>(), traits).prop_map(|(a, m, t)| Mutation::AddTrait(a, m, t)),
        (
            ix,
            prop::sample::select(vec![
                "member", "members", "key", "value", "input", "output", "type", "traits"
            ])
        )
            .prop_map(|(a, k)| Mutation::DropKey(a, k)),
    ]
}

fn nth_string(value: &mut Value, n: &mut usize, with: &str) -> bool {
    match value {
        Value::String(s) => {
            if *n == 0 {
                *s = with.to_owned();
                return true;
            }
            *n -= 1;
            false
        }
        Value::Array(items) => items.iter_mut().any(|v| nth_string(v, n, with)),
        Value::Object(map) => map.values_mut().any(|v| nth_string(v, n, with)),
        _ => false,
    }
}

// Over 60 lines: one match arm per mutation kind, each a few lines.
fn apply(model: &mut Value, m: &Mutation) {
    let Some(shapes) = model["shapes"].as_object_mut() else {
        return;
    };
    let ids: Vec<String> = shapes.keys().cloned().collect();
    if ids.is_empty() {
        return;
    }
    let id = |i: usize| ids[i % ids.len()].clone();
    match m {
        Mutation::Retarget(a, b) => {
            let target = id(*b);
            let shape = &mut shapes[&id(*a)];
            for key in ["member", "key", "value"] {
                if let Some(member) = shape.get_mut(key) {
                    member["target"] = json!(target);
                    return;
                }
            }
            if let Some(first) = shape["members"]
                .as_object_mut()
                .and_then(|ms| ms.values_mut().next())
            {
                first["target"] = json!(target);
            }
        }
        Mutation::SelfContain(a) => {
            let list = ids
                .iter()
                .cycle()
                .skip(a % ids.len())
                .take(ids.len())
                .find(|i| matches!(shapes[*i]["type"].as_str(), Some("list" | "map")));
            if let Some(list) = list.cloned() {
                let key = if shapes[&list]["type"] == "list" {
                    "member"
                } else {
                    "value"
                };
                shapes[&list][key]["target"] = json!(list);
            }
        }
        Mutation::Remove(a) => {
            shapes.remove(&id(*a));
        }
        Mutation::ReplaceString(a, s) => {
            let mut n = *a % 4000;
            nth_string(model, &mut n, s);
        }
        Mutation::RenameMember(a, s) => {
            if let Some(members) = shapes[&id(*a)]["members"].as_object_mut()
                && let Some(first) = members.keys().next().cloned()
            {
                let value = members.remove(&first).expect("member exists");
                members.insert((*s).to_owned(), value);
            }
        }
        Mutation::CopyAs(a, s) => {
            let source = id(*a);
            let namespace = source.split('#').next().unwrap_or_default().to_owned();
            let copy = shapes[&source].clone();
            shapes.insert(format!("{namespace}#{s}"), copy);
        }
        Mutation::AddTrait(a, on_member, t) => {
            let value = match *t {
                "smithy.api#error" => json!("client"),
                "smithy.api#default" => json!(0),
                "smithy.api#title" => json!("A \"quoted\"\r\ntitle"),
                "smithy.api#enumValue" => json!("X\rY"),
                "smithy.api#documentation" => json!("<pre>a\rb</pre>"),
                "smithy.api#timestampFormat" => json!("date-time"),
                _ => json!({}),
            };
            let shape = &mut shapes[&id(*a)];
            let target = match shape["members"].as_object_mut() {
                Some(ms) if *on_member && !ms.is_empty() => {
                    ms.values_mut().next().expect("non-empty")
                }
                _ => shape,
            };
            if let Some(obj) = target.as_object_mut() {
                let traits = obj.entry("traits").or_insert_with(|| json!({}));
                if let Some(traits) = traits.as_object_mut() {
                    traits.insert((*t).to_owned(), value);
                }
            }
        }
        Mutation::DropKey(a, k) => {
            if let Some(obj) = shapes[&id(*a)].as_object_mut() {
                obj.remove(*k);
            }
        }
    }
}

#[test]
fn mutated_models_are_accepted_or_rejected_never_crash() {
    let seeds = seeds();
    let dir = std::env::temp_dir().join(format!("ecs-fuzz-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let count = seeds.len();
    let strategy = (0..count, prop::collection::vec(mutation(), 1..4));
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    let compile_sample: usize = std::env::var("FUZZ_COMPILE")
        .ok()
        .map_or(0, |n| n.parse().expect("FUZZ_COMPILE is a number"));
    let samples = std::sync::Mutex::new(Vec::new());
    fuzz("generator", 120, strategy, |(seed, mutations)| {
        let (name, model) = &seeds[seed];
        let mut model = model.clone();
        for m in &mutations {
            apply(&mut model, m);
        }
        let path = dir.join("model.json");
        std::fs::write(&path, serde_json::to_vec(&model).expect("JSON")).expect("write model");
        let options = Options {
            models: vec![path],
            service: None,
            operations: Operations::All,
            package: Some("fuzzed".to_owned()),
            runtime_path: root().join("runtime").display().to_string(),
            standalone: true,
            protocol_tests: false,
        };
        let (tx, rx) = mpsc::channel();
        // A thread of its own: a hang is reported as one, and a panic comes back as an error.
        std::thread::spawn(move || {
            let outcome =
                std::panic::catch_unwind(|| ecs_codegen::generate(&options).map(|g| g.files));
            let _ = tx.send(outcome.map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            }));
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(Ok(files))) => {
                let n = accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n < compile_sample {
                    samples.lock().expect("samples").push((name.clone(), files));
                }
                Ok(())
            }
            Ok(Ok(Err(e))) => {
                prop_assert!(!e.to_string().is_empty());
                Ok(())
            }
            Ok(Err(panic)) => Err(TestCaseError::fail(format!(
                "{name}: generate panicked: {panic}"
            ))),
            Err(_) => Err(TestCaseError::fail(format!("{name}: generate hung"))),
        }
    });
    println!(
        "generator: {} mutated models accepted",
        accepted.into_inner()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let samples = samples.into_inner().expect("samples");
    for (i, (seed_name, files)) in samples.into_iter().enumerate() {
        compile(i, &seed_name, &files);
    }
}

/// Builds one accepted crate with warnings denied, sharing the test crates' target directory.
fn compile(i: usize, seed: &str, files: &std::collections::BTreeMap<String, String>) {
    let out = root().join(format!("target/fuzz-crates/{i}"));
    let _ = std::fs::remove_dir_all(&out);
    ecs_codegen::write::write(&out, files, false).expect("write the accepted crate");
    std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).expect("copy Cargo.lock");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--all-targets", "--offline"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root().join("target/test-crates-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "an accepted mutation of {seed} does not compile ({}):\n{}",
        out.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("generator: accepted crate {i} (from {seed}) compiles");
}
