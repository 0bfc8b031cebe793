//! Generated code compiles, passes its own tests (the endpoint tests generated from each model)
//! and documents, with warnings denied: every fixture model, and the whole published ECS model
//! with all of its operations.

use ecs_tests::{check_and_document, fixture, scratch_dir, upstream_model};

#[test]
fn fixtures_and_upstream_model_compile_test_and_document_without_warnings() {
    let mut crates = vec![
        ("shapes", fixture("shapes.json")),
        ("recursion", fixture("recursion.json")),
        ("hostile", fixture("hostile.json")),
        ("legacy_enum", fixture("legacy_enum.json")),
        ("html_docs", fixture("html_docs.json")),
        ("endpoint_rules", fixture("endpoint_rules.json")),
        ("collisions", fixture("collisions.json")),
    ];
    if let Some(upstream) = upstream_model("the whole upstream model compiles") {
        crates.push(("upstream", upstream));
    }
    check_and_document(&scratch_dir("compile"), &crates);
}
