//! Snapshots of the code generated for small fixture models, one concern each, one snapshot
//! per generated file. A change to the generator shows up here as a reviewed diff, in the
//! files it changes: the crate's skeleton (manifest, `lib.rs`, module lists, client) is kept
//! for one fixture only, so a change to a skeleton emitter touches one snapshot, not one per
//! fixture. Fixtures about names keep every file, since a name can break any of them.

use ecs_tests::{fixture, options};

/// Files every crate has whose content says little about the fixture's concern.
const SKELETON: &[&str] = &[
    "Cargo.toml",
    "src/lib.rs",
    "src/client.rs",
    "src/endpoint.rs",
    "src/operation.rs",
    "src/types.rs",
    "src/types/error.rs",
];

/// Which files of a fixture's crate are snapshotted.
enum Keep {
    /// Everything.
    All,
    /// Everything but the skeleton, except these skeleton files (the fixture's concern).
    Concern(&'static [&'static str]),
}

fn snapshot_crate(test: &str, model: &str, keep: Keep) {
    let mut options = options(&fixture(model), "fixture", std::path::Path::new("/fixture"));
    // A fixed path, so snapshots do not depend on where the workspace is checked out.
    options.runtime_path = "../runtime".to_owned();
    let generated = ecs_codegen::generate(&options).unwrap_or_else(|e| panic!("{model}: {e}"));
    let mut taken = 0;
    for (path, content) in &generated.files {
        if let Keep::Concern(also) = keep
            && SKELETON.contains(&path.as_str())
            && !also.contains(&path.as_str())
        {
            continue;
        }
        let name = format!("{test}__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, content);
        taken += 1;
    }
    assert!(taken > 0, "{model}: no file was snapshotted");
}

macro_rules! snapshot {
    ($test:ident, $model:literal, $keep:expr) => {
        #[test]
        fn $test() {
            snapshot_crate(stringify!($test), $model, $keep);
        }
    };
}

snapshot!(every_shape_kind, "shapes.json", Keep::All);
snapshot!(recursive_shapes, "recursion.json", Keep::Concern(&[]));
snapshot!(hostile_names, "hostile.json", Keep::All);
snapshot!(smithy_1_0_enums, "legacy_enum.json", Keep::Concern(&[]));
snapshot!(
    html_documentation,
    "html_docs.json",
    Keep::Concern(&["src/lib.rs"])
);
snapshot!(
    endpoint_rules_and_tests,
    "endpoint_rules.json",
    Keep::Concern(&["src/endpoint.rs"])
);
snapshot!(
    names_that_collide_with_the_generators,
    "collisions.json",
    Keep::All
);
snapshot!(
    waiters_and_paginators,
    "waiters.json",
    Keep::Concern(&["src/client.rs"])
);
