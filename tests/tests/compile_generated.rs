//! Generated code compiles (all targets, its generated endpoint tests included) and documents,
//! with warnings denied: one test per fixture model, and one for the whole published ECS model
//! with all of its operations. Each test is its own crate and workspace; they share one target
//! directory, so the dependencies build once and a failure names the fixture.

use ecs_tests::{check_and_document, fixture, scratch_dir, upstream_model};

macro_rules! compiles {
    ($test:ident, $model:literal) => {
        #[test]
        fn $test() {
            let name = stringify!($test);
            check_and_document(
                &scratch_dir(&format!("compile-{name}")),
                &[(name, fixture($model))],
            );
        }
    };
}

compiles!(shapes, "shapes.json");
compiles!(recursion, "recursion.json");
compiles!(hostile, "hostile.json");
compiles!(legacy_enum, "legacy_enum.json");
compiles!(html_docs, "html_docs.json");
compiles!(endpoint_rules, "endpoint_rules.json");
compiles!(collisions, "collisions.json");

#[test]
fn whole_upstream_model() {
    if let Some(upstream) = upstream_model("the whole upstream model compiles") {
        check_and_document(&scratch_dir("compile-upstream"), &[("upstream", upstream)]);
    }
}

/// A model with only an endpoint BDD: one within the compiler's limit is compiled (511
/// nested branches), one past it is interpreted by the runtime; both crates pass the model's
/// endpoint tests.
#[test]
fn endpoint_bdds_compiled_and_interpreted() {
    let dir = scratch_dir("compile-bdd-only");
    let mut crates = Vec::new();
    for (name, depth) in [("compiled", 511), ("interpreted", 600)] {
        let model = dir.join(format!("{name}.json"));
        std::fs::write(&model, ecs_tests::chain_bdd_model(depth)).unwrap();
        crates.push((name, model));
    }
    check_and_document(&dir, &crates);
}
