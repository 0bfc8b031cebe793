//! `cargo xtask codegen` as a user runs it: a model generated into another directory is a
//! standalone crate that builds; `--check` names stale files and the fix; bad invocations exit
//! non-zero with one clear line and write nothing.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "xtask", "--"])
        .args(args)
        .current_dir(ecs_tests::workspace_root())
        .output()
        .expect("run cargo xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
// Over 60 lines: one user session in order: generate, build, check, edit, check again.
fn standalone_crate_from_another_model_builds_and_checks() {
    let out = ecs_tests::scratch_dir("xtask-standalone");
    let out_str = out.to_str().unwrap();
    let model = ecs_tests::fixture("recursion.json");
    let run = xtask(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--all-operations",
        "--crate-name",
        "walker",
        "--out",
        out_str,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("codegen: crate walker, speaking awsJson1_1"),
        "{stdout}"
    );
    assert_eq!(
        lines.next(),
        Some(
            format!("codegen: API: no api.txt in {out_str}, so nothing to compare (a new crate)")
                .as_str()
        ),
        "{stdout}"
    );
    let summary = lines.next().unwrap_or_default();
    assert!(
        summary.starts_with("codegen: 13 shapes, 1 operations → "),
        "{summary}"
    );
    assert!(
        summary.contains(" files written, 0 unchanged, 0 removed in "),
        "{summary}"
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"walker\"") && manifest.contains("\n[workspace]\n"),
        "{manifest}"
    );

    // The crate is under target/, which the workspace does not claim; it builds on its own.
    std::fs::copy(
        ecs_tests::workspace_root().join("Cargo.lock"),
        out.join("Cargo.lock"),
    )
    .unwrap();
    let build = Command::new(env!("CARGO"))
        .args(["check", "--quiet"])
        .current_dir(&out)
        .env(
            "CARGO_TARGET_DIR",
            ecs_tests::workspace_root().join("target/test-crates-target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", text(&build.stderr));

    let check = xtask(&[
        "codegen",
        "--check",
        "--model",
        model.to_str().unwrap(),
        "--all-operations",
        "--crate-name",
        "walker",
        "--out",
        out_str,
    ]);
    assert!(check.status.success(), "{}", text(&check.stderr));

    // A hand edit makes it stale; --check names the file and the command, and changes nothing.
    let lib = out.join("src/lib.rs");
    std::fs::write(
        &lib,
        std::fs::read_to_string(&lib).unwrap() + "\n// edited\n",
    )
    .unwrap();
    let stale = xtask(&[
        "codegen",
        "--check",
        "--model",
        model.to_str().unwrap(),
        "--all-operations",
        "--crate-name",
        "walker",
        "--out",
        out_str,
    ]);
    assert_eq!(stale.status.code(), Some(1));
    let message = text(&stale.stderr);
    assert!(
        message.contains("src/lib.rs would change")
            && message.contains(&format!(
                "run `cargo xtask codegen --model {} --all-operations --crate-name walker --out {out_str}` to regenerate it",
                model.display()
            )),
        "{message}"
    );
    assert!(
        std::fs::read_to_string(&lib)
            .unwrap()
            .ends_with("// edited\n"),
        "--check must not write"
    );
}

#[test]
fn bad_invocations_fail_with_one_clear_message_and_write_nothing() {
    let out = ecs_tests::scratch_dir("xtask-bad");
    let target = out.join("crate");
    let target_str = target.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["codegen", "--operations", "RunTsk", "--out", target_str],
            "operation `RunTsk` is not in service com.amazonaws.ecs#AmazonEC2ContainerServiceV20141113; did you mean `RunTask`?",
        ),
        (
            &[
                "codegen",
                "--model",
                "/nonexistent/ecs.json",
                "--out",
                target_str,
            ],
            "/nonexistent/ecs.json: No such file or directory",
        ),
        (
            &["codegen", "--frobnicate"],
            "unknown argument `--frobnicate`",
        ),
        (&["codegen", "--operations"], "--operations needs a value"),
    ];
    for (args, expected) in cases {
        let run = xtask(args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!Path::new(&target).exists(), "nothing was written");

    let file = out.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let run = xtask(&["codegen", "--out", file.join("crate").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).starts_with("error: cannot write to output directory"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_directory_of_smithy_idl_generates_with_service_chosen() {
    let out = ecs_tests::scratch_dir("xtask-idl-dir");
    let dir = ecs_tests::fixture("json10");
    let run = xtask(&[
        "codegen",
        "--model",
        dir.to_str().unwrap(),
        "--all-operations",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let err = text(&run.stderr);
    assert!(
        err.contains("more than one service") && err.contains("--service"),
        "{err}"
    );
    let run = xtask(&[
        "codegen",
        "--model",
        dir.to_str().unwrap(),
        "--service",
        "example.queues#Queues",
        "--all-operations",
        "--crate-name",
        "queues",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(client.contains("query_compatible: true"), "{client}");
    assert!(client.contains("json_1_0: true"), "{client}");
}

#[test]
fn operations_left_out_are_printed_and_strict_makes_them_an_error() {
    let model = ecs_tests::fixture("regen");
    let out = ecs_tests::scratch_dir("xtask-strict");
    let out_str = out.to_str().unwrap();
    let strict = xtask(&[
        "codegen",
        "--strict",
        "--model",
        model.to_str().unwrap(),
        "--all-operations",
        "--out",
        out_str,
    ]);
    assert!(!strict.status.success());
    let stderr = text(&strict.stderr);
    assert!(
        stderr.contains("--strict: 2 operation(s) cannot be generated, nothing written")
            && stderr.contains("SubscribeEvents: its output member `events` is an event stream")
            && stderr.contains("Upload: its input member `body` is a streaming blob"),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );

    let run = xtask(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--all-operations",
        "--out",
        out_str,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(
        stdout.starts_with("codegen: crate amazon-regen, speaking awsJson1_0\n")
            && stdout.contains("codegen: left out SubscribeEvents: ")
            && stdout.contains("codegen: left out Upload: "),
        "{stdout}"
    );
}

/// The official awsJson1_1 suite from the command line, for each of its services: the 118
/// cases of `JsonProtocol` (the same file as the workspace's `tests/protocol-awsjson11`), and
/// `MachinelearningPredictEndpoint` from `services/machinelearning.smithy`, which runs as an
/// ignored test with its reason (`KNOWN_FAILURES`): 119 client cases in all.
#[test]
fn protocol_tests_of_every_service_in_a_suite_generate_from_the_command_line() {
    let Some(shared) = ecs_tests::shared_dir("protocol_tests_from_the_command_line") else {
        return;
    };
    let suite = shared.join("protocol-tests");
    let generate = |service: &str, name: &str| {
        let out = ecs_tests::scratch_dir(&format!("xtask-{name}"));
        let run = xtask(&[
            "codegen",
            "--model",
            suite.join("awsJson1_1").to_str().unwrap(),
            "--model",
            suite.join("shared-types.smithy").to_str().unwrap(),
            "--service",
            service,
            "--protocol-tests",
            "--all-operations",
            "--crate-name",
            name,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        out
    };
    let json = generate("aws.protocoltests.json#JsonProtocol", "protocol-awsjson11");
    let ours = std::fs::read_to_string(json.join("tests/protocol.rs")).unwrap();
    let workspace = std::fs::read_to_string(
        ecs_tests::workspace_root().join("tests/protocol-awsjson11/tests/protocol.rs"),
    )
    .unwrap();
    assert!(
        ours == workspace,
        "the command writes the workspace's cases"
    );
    assert_eq!(ours.matches("#[tokio::test]").count(), 118);

    let ml = generate(
        "com.amazonaws.machinelearning#AmazonML_20141212",
        "protocol-machinelearning",
    );
    std::fs::copy(
        ecs_tests::workspace_root().join("Cargo.lock"),
        ml.join("Cargo.lock"),
    )
    .unwrap();
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "protocol"])
        .current_dir(&ml)
        .env(
            "CARGO_TARGET_DIR",
            ecs_tests::workspace_root().join("target/test-crates-target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = text(&test.stdout);
    assert!(test.status.success(), "{stdout}{}", text(&test.stderr));
    assert!(
        stdout.contains("test result: ok. 0 passed; 0 failed; 1 ignored"),
        "{stdout}"
    );
    let cases = std::fs::read_to_string(ml.join("tests/protocol.rs")).unwrap();
    assert!(
        cases.contains("async fn request_machinelearning_predict_endpoint()")
            && cases.contains("#[ignore = \"Amazon ML's Predict sends the request"),
        "{cases}"
    );
}

/// Regenerating over a crate says what changed in its API; `--api-diff` writes it as Markdown
/// and `--deny-breaking` refuses a breaking change, writing nothing.
#[test]
fn regeneration_reports_api_changes_and_can_refuse_breaking_ones() {
    let Some(shared) = ecs_tests::shared_dir("regeneration_reports_api_changes") else {
        return;
    };
    let (older, newer) = (
        shared.join("models/ecs-2026-04.json"),
        shared.join("models/ecs.json"),
    );
    let out = ecs_tests::scratch_dir("xtask-api-diff");
    let markdown = out.with_extension("md");
    let codegen = |model: &Path, extra: &[&str]| {
        let mut args = vec![
            "codegen",
            "--model",
            model.to_str().unwrap(),
            "--operations",
            "RunTask,DescribeTasks,StopTask,ListTasks",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        xtask(&args)
    };
    let first = codegen(&older, &[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("API: no api.txt in "),
        "{}",
        text(&first.stdout)
    );

    let update = codegen(&newer, &["--api-diff", markdown.to_str().unwrap()]);
    assert!(update.status.success(), "{}", text(&update.stderr));
    assert!(
        text(&update.stdout).contains("codegen: API: 2 added, 0 removed, 0 changed; 0 breaking\n"),
        "{}",
        text(&update.stdout)
    );
    let md = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        md.starts_with("# API changes\n")
            && md.contains(
                "## Added\n\n- `member types::Container.neuron_device_ids` (Option<Vec<String>>)\n"
            ),
        "{md}"
    );

    let api_before = std::fs::read_to_string(out.join("api.txt")).unwrap();
    let back = codegen(&older, &["--deny-breaking"]);
    assert!(!back.status.success());
    assert!(
        text(&back.stderr).contains("--deny-breaking: 2 breaking API change(s), nothing written"),
        "{}",
        text(&back.stderr)
    );
    assert!(
        text(&back.stdout)
            .contains("breaking: removed `member types::Container.neuron_device_ids`"),
        "{}",
        text(&back.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("api.txt")).unwrap(),
        api_before,
        "nothing written"
    );
}
