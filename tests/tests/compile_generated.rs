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
