//! Snapshots of the code generated for small fixture models, one concern each. A change to
//! the generator shows up here as a reviewed diff.

use ecs_tests::{fixture, options};

fn generated_text(model: &str) -> String {
    let mut options = options(&fixture(model), "fixture", std::path::Path::new("/fixture"));
    // A fixed path, so snapshots do not depend on where the workspace is checked out.
    options.runtime_path = "../runtime".to_owned();
    let generated = ecs_codegen::generate(&options).unwrap_or_else(|e| panic!("{model}: {e}"));
    let mut text = String::new();
    for (path, content) in &generated.files {
        text.push_str(&format!("==== {path} ====\n{content}\n"));
    }
    text
}

macro_rules! snapshot {
    ($test:ident, $model:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(generated_text($model));
        }
    };
}

snapshot!(every_shape_kind, "shapes.json");
snapshot!(recursive_shapes, "recursion.json");
snapshot!(hostile_names, "hostile.json");
snapshot!(smithy_1_0_enums, "legacy_enum.json");
snapshot!(html_documentation, "html_docs.json");
snapshot!(endpoint_rules_and_tests, "endpoint_rules.json");
snapshot!(names_that_collide_with_the_generators, "collisions.json");
