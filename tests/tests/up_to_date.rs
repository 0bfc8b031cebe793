//! `generated/` matches what the generator makes from `model/` today (`cargo xtask codegen
//! --check` as a test), and generation is deterministic.

use ecs_codegen::{Config, Operations, Options};
use ecs_tests::workspace_root;

fn project_options() -> Options {
    let root = workspace_root();
    let config = Config::load(&root.join("model/codegen.toml")).expect("model/codegen.toml");
    Options {
        model: config.model,
        operations: Operations::Named(config.operations),
        package: config.crate_name,
        runtime_path: "../runtime".to_owned(),
        standalone: false,
    }
}

#[test]
fn generated_crate_is_up_to_date() {
    let generated = ecs_codegen::generate(&project_options()).expect("generate");
    let report =
        ecs_codegen::write::write(&workspace_root().join("generated"), &generated.files, true)
            .expect("check");
    assert!(
        !report.is_stale(),
        "generated/ is stale (changed: {:?}, removed: {:?}); run `cargo xtask codegen` to regenerate it",
        report.written,
        report.removed
    );
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
