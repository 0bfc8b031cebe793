//! Writing a crate is all or nothing: a file that cannot be written (here a name too long for
//! the file system, from a model's very long shape name) leaves the output exactly as it was.

use std::collections::BTreeMap;
use std::path::Path;

use ecs_codegen::{Operations, Options};
use ecs_tests::scratch_dir;
use serde_json::json;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_file_that_cannot_be_written_leaves_the_crate_as_it_was() {
    let long = format!("Long{}", "x".repeat(300));
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }], "traits": { "aws.protocols#awsJson1_1": {} } },
            "ex#Op": { "type": "operation", "input": { "target": "ex#In" } },
            "ex#In": { "type": "structure", "members": { "a": { "target": format!("ex#{long}") }, "b": { "target": "ex#Short" } }, "traits": { "smithy.api#input": {} } },
            "ex#Short": { "type": "structure", "members": { "s": { "target": "smithy.api#String" } } },
            format!("ex#{long}"): { "type": "structure", "members": { "s": { "target": "smithy.api#String" } } }
        }
    });
    let dir = scratch_dir("write-all-or-nothing");
    let model_path = dir.join("model.json");
    std::fs::write(&model_path, model.to_string()).unwrap();
    let out = dir.join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "# an earlier crate\n").unwrap();
    std::fs::write(out.join("src/lib.rs"), "// hand-written, earlier\n").unwrap();
    let before = snapshot(&out);

    let generated = ecs_codegen::generate(&Options {
        models: vec![model_path],
        service: None,
        operations: Operations::All,
        package: Some("long".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    })
    .expect("the model itself is fine");
    assert!(
        generated.files.keys().any(|f| f.len() > 255),
        "the fixture must produce a file name longer than a file system allows"
    );
    let e = ecs_codegen::write::write(&out, &generated.files, false).unwrap_err();
    assert!(
        e.to_string().contains(&long.to_lowercase()[..40]),
        "names the file: {e}"
    );
    let after = snapshot(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file was added or left behind"
    );
    assert!(after == before, "no file was changed");
}
