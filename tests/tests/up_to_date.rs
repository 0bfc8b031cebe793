//! `generated/` matches what the generator makes from `model/` today (`cargo xtask codegen
//! --check` as a test), and generation is deterministic.

use ecs_codegen::Options;
use ecs_tests::workspace_root;

fn project_options() -> Options {
    ecs_codegen::project_options(&workspace_root()).expect("model/codegen.toml")
}

#[test]
fn generated_crate_is_up_to_date() {
    // The same check `cargo xtask codegen --check` runs, with the same message.
    if let Err(stale) = ecs_codegen::check(
        &project_options(),
        &workspace_root().join("generated"),
        "generated",
    ) {
        panic!("{stale}");
    }
}

/// The crates generated from test fixtures (`tests/waiter-fixture`), which `cargo xtask
/// codegen` regenerates with `generated/`.
#[test]
fn fixture_crates_are_up_to_date() {
    let crates = ecs_codegen::fixture_crates(&workspace_root());
    // Without ../shared the protocol-test crate is skipped by the generator: say so, and
    // fail under CI.
    if crates.len() < 4 {
        ecs_tests::shared_dir("fixture_crates_are_up_to_date (tests/protocol-awsjson11)");
    }
    for (options, dir) in crates {
        if let Err(stale) = ecs_codegen::check(&options, &dir, &dir.display().to_string()) {
            panic!("{stale}");
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let first = ecs_codegen::generate(&project_options())
        .expect("generate")
        .files;
    for _ in 0..3 {
        assert_eq!(
            ecs_codegen::generate(&project_options())
                .expect("generate")
                .files,
            first
        );
    }
}

#[test]
fn whole_upstream_model_is_deterministic() {
    let Some(model) = ecs_tests::upstream_model("upstream determinism") else {
        return;
    };
    let options = ecs_tests::options(&model, "upstream", std::path::Path::new("/tmp/upstream"));
    let first = ecs_codegen::generate(&options).expect("generate").files;
    assert_eq!(
        ecs_codegen::generate(&options).expect("generate").files,
        first
    );
}

/// Generated crates declare the `rust-version` the runtime (the workspace) declares: the
/// oldest Rust both build with.
#[test]
fn generated_crates_declare_the_runtimes_rust_version() {
    let manifest = std::fs::read_to_string(ecs_tests::workspace_root().join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("[workspace.package] rust-version")
        .trim_matches('"');
    assert_eq!(declared, ecs_codegen::emit::files::RUST_VERSION);
    let generated =
        std::fs::read_to_string(ecs_tests::workspace_root().join("generated/Cargo.toml")).unwrap();
    assert!(
        generated.contains(&format!("\nrust-version = \"{declared}\"\n")),
        "{generated}"
    );
}
