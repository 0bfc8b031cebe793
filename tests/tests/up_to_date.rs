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

/// `tests/waiter-fixture`, generated from `tests/fixtures/waiters.json` so that the tests in
/// `waiter_fixture.rs` can run waiters with every matcher. `UPDATE_WAITER_FIXTURE=1` rewrites it.
#[test]
fn waiter_fixture_crate_is_up_to_date() {
    let dir = workspace_root().join("tests/waiter-fixture");
    let options = ecs_tests::options(&ecs_tests::fixture("waiters.json"), "waiter-fixture", &dir);
    if std::env::var_os("UPDATE_WAITER_FIXTURE").is_some() {
        let generated = ecs_codegen::generate(&options).expect("generate");
        ecs_codegen::write::write(&dir, &generated.files, false).expect("write");
    }
    if let Err(stale) = ecs_codegen::check(&options, &dir, "tests/waiter-fixture") {
        panic!(
            "{stale}\n(regenerate it with UPDATE_WAITER_FIXTURE=1 cargo test -p ecs-tests --test up_to_date)"
        );
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
