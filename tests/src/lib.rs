//! Helpers shared by the integration tests: where things are, generating a model into a
//! crate on disk, and a scripted local HTTP server.

pub mod client;
pub mod moto;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use ecs_codegen::{Operations, Options};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_owned()
}

/// A fixture model under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(name)
}

/// The published ECS model: `ECS_UPSTREAM_MODEL` if set, else `../shared/models/ecs.json`.
/// `None` (after saying so on stderr) when neither exists, so the caller can report that the
/// conformance test did not run instead of passing silently.
pub fn upstream_model(test: &str) -> Option<PathBuf> {
    let path = match std::env::var_os("ECS_UPSTREAM_MODEL") {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("../shared/models/ecs.json"),
    };
    if path.is_file() {
        Some(path)
    } else {
        not_run(
            test,
            &format!(
                "the published model was not found at {} (set ECS_UPSTREAM_MODEL)",
                path.display()
            ),
        )
    }
}

/// The shared reference folder: `ECS_SHARED_DIR` if set, else `../shared`. `None` (after
/// saying so, or failing under CI) when it is absent.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let path = match std::env::var_os("ECS_SHARED_DIR") {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("../shared"),
    };
    if path.join("protocol-tests").is_dir() {
        Some(path)
    } else {
        not_run(
            test,
            &format!(
                "the shared folder was not found at {} (set ECS_SHARED_DIR)",
                path.display()
            ),
        )
    }
}

/// A test that cannot run: under CI (`CI` set to anything but `false` or empty) that is a
/// failure, never a quiet pass; locally it says so and the caller skips.
pub fn not_run<T>(test: &str, why: &str) -> Option<T> {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if ci {
        panic!("{test} cannot run under CI: {why}");
    }
    eprintln!("NOT RUN: {test}: {why}");
    None
}

/// Options that generate `model` (all operations) as a crate named `package` placed in `out`.
pub fn options(model: &Path, package: &str, out: &Path) -> Options {
    Options {
        models: vec![model.to_owned()],
        service: None,
        operations: Operations::All,
        package: Some(package.to_owned()),
        runtime_path: ecs_codegen::relative_path(out, &workspace_root().join("runtime")),
        standalone: false,
        protocol_tests: false,
    }
}

/// A fresh directory under the workspace's `target/` (kept out of `/tmp` so the shared
/// Cargo.lock and build cache apply).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/test-crates").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Writes `crates` (directory name → model) as members of one workspace in `dir`, then runs
/// `cargo test --all-targets` (which builds everything and runs the generated endpoint tests)
/// and `cargo doc` over it with warnings denied. Panics with cargo's output.
pub fn check_and_document(dir: &Path, crates: &[(&str, PathBuf)]) {
    let mut members = Vec::new();
    for (name, model) in crates {
        let out = dir.join(name);
        let generated = ecs_codegen::generate(&options(model, &format!("check-{name}"), &out))
            .unwrap_or_else(|e| panic!("generating {name}: {e}"));
        ecs_codegen::write::write(&out, &generated.files, false).expect("write crate");
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write workspace manifest");
    // The same lock file as the workspace: no resolution, no network, same versions.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("copy Cargo.lock");
    let target = workspace_root().join("target/test-crates-target");
    for (what, args, flags) in [
        (
            "test",
            vec!["test", "--workspace", "--all-targets"],
            ("RUSTFLAGS", "-D warnings"),
        ),
        (
            "doc",
            vec!["doc", "--workspace", "--no-deps"],
            ("RUSTDOCFLAGS", "-D warnings"),
        ),
    ] {
        let output = Command::new(env!("CARGO"))
            .args(&args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env(flags.0, flags.1)
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "cargo {what} failed for {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A JSON AST model of a service with one operation whose endpoint BDD is a chain of `depth`
/// nodes, each testing `Region` and going on to the next or to an error; the last reaches the
/// endpoint `https://example.com`. Its two endpoint tests (with and without a region) hold
/// whether the crate compiles the diagram or interprets it.
pub fn chain_bdd_model(depth: usize) -> String {
    use base64::Engine as _;
    let mut nodes: Vec<(i32, i32, i32)> = vec![(-1, 1, -1)];
    for i in 0..depth {
        let next = if i + 1 == depth {
            100_000_002
        } else {
            i as i32 + 3
        };
        nodes.push((0, next, 100_000_001));
    }
    let bytes: Vec<u8> = nodes
        .iter()
        .flat_map(|(c, h, l)| [c.to_be_bytes(), h.to_be_bytes(), l.to_be_bytes()].concat())
        .collect();
    let bdd = serde_json::json!({
        "version": "1.1",
        "parameters": { "Region": { "builtIn": "AWS::Region", "required": false, "documentation": "The region.", "type": "string" } },
        "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }],
        "results": [
            { "conditions": [], "error": "no region", "type": "error" },
            { "conditions": [], "endpoint": { "url": "https://example.com", "properties": {}, "headers": {} }, "type": "endpoint" }
        ],
        "root": 2,
        "nodeCount": nodes.len(),
        "nodes": base64::engine::general_purpose::STANDARD.encode(bytes)
    });
    let tests = serde_json::json!({ "version": "1.0", "testCases": [
        { "documentation": "a region", "params": { "Region": "us-east-1" },
          "expect": { "endpoint": { "url": "https://example.com" } } },
        { "documentation": "no region", "params": {}, "expect": { "error": "no region" } }
    ] });
    serde_json::to_string_pretty(&serde_json::json!({ "smithy": "2.0", "shapes": {
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
            "traits": { "aws.protocols#awsJson1_1": {}, "smithy.rules#endpointBdd": bdd,
                "smithy.rules#endpointTests": tests } },
        "ex#Op": { "type": "operation", "output": { "target": "ex#Out" } },
        "ex#Out": { "type": "structure", "members": { "status": { "target": "smithy.api#String" } } }
    } }))
    .expect("JSON")
}
