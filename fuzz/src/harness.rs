//! A crate generated from a model plus a small program on it, built and run in
//! `target/test-crates/`: how the waiter targets compare compiled waiters with an oracle.

use std::path::{Path, PathBuf};
use std::process::Command;

use ecs_codegen::{Operations, Options};
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is in the workspace")
        .to_owned()
}

/// What to build: the crate generated from `model` (package `package`, with `operations`)
/// and a program, `main_rs`, that depends on it and on tokio.
pub struct Harness<'a> {
    pub dir: &'a Path,
    pub model: &'a Value,
    pub operations: Operations,
    pub package: &'a str,
    pub main_rs: String,
}

impl Harness<'_> {
    /// Generates and writes both crates, checks the generated one with clippy, runs the
    /// program with a file of `input` lines as its argument and returns the lines it prints.
    pub fn run(self, input: &[String]) -> Vec<String> {
        let dir = self.dir;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("create the harness directory");
        let model_path = dir.join("model.json");
        let text = serde_json::to_string_pretty(self.model).expect("JSON values serialize");
        std::fs::write(&model_path, text).expect("write the model");
        let out = dir.join("fixture");
        let options = Options {
            models: vec![model_path],
            service: None,
            operations: self.operations,
            package: Some(self.package.to_owned()),
            runtime_path: ecs_codegen::relative_path(&out, &root().join("runtime")),
            standalone: false,
            protocol_tests: false,
        };
        let generated =
            ecs_codegen::generate(&options).unwrap_or_else(|e| panic!("generating: {e}"));
        ecs_codegen::write::write(&out, &generated.files, false).expect("write the crate");
        write_harness(dir, self.package, self.main_rs);
        let input_path = dir.join("input.txt");
        std::fs::write(&input_path, input.join("\n")).expect("write the input");
        // Generated code passes clippy, whatever the model: checked on these ones too.
        let clippy = cargo(dir)
            .args(["clippy", "--quiet", "--offline", "-p", self.package])
            .args(["--", "-D", "warnings"])
            .output()
            .expect("run cargo clippy");
        assert!(
            clippy.status.success(),
            "clippy finds fault with the generated crate:\n{}",
            String::from_utf8_lossy(&clippy.stderr)
        );
        let output = cargo(dir)
            .args(["run", "--quiet", "--offline", "-p", "harness", "--"])
            .arg(&input_path)
            // The same flags as the compile tests, so the dependencies they built are reused.
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "the harness failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .expect("the harness prints UTF-8")
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// The program on the generated crate (`harness/`), and a workspace of the two in `dir`.
fn write_harness(dir: &Path, package: &str, main_rs: String) {
    let harness = dir.join("harness");
    std::fs::create_dir_all(harness.join("src")).expect("create the harness crate");
    std::fs::write(
        harness.join("Cargo.toml"),
        format!(
            "[package]\nname = \"harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\n{} = {{ path = \"../fixture\", features = \
             [\"test-util\"] }}\ntokio = {{ version = \"1\", features = [\"rt\", \"time\"] }}\n",
            package
        ),
    )
    .expect("write the harness manifest");
    std::fs::write(harness.join("src/main.rs"), main_rs).expect("write the harness");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"fixture\", \"harness\"]\n",
    )
    .expect("write the workspace manifest");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// `cargo` in `dir`, building into the target directory the compile tests share.
fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/test-crates-target"));
    command
}
