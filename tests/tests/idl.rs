//! The Smithy IDL reader: every `.smithy` file in `../shared` parses, IDL and JSON AST give
//! the same model, and broken files are errors with a position.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ecs_codegen::load::{self, idl};
use ecs_tests::{fixture, shared_dir};

fn smithy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            smithy_files(&e, out);
        } else if e.extension().is_some_and(|x| x == "smithy") {
            out.push(e);
        }
    }
}

#[test]
fn every_smithy_file_in_shared_parses() {
    let Some(shared) = shared_dir("every_smithy_file_in_shared_parses") else {
        return;
    };
    let mut files = Vec::new();
    smithy_files(&shared, &mut files);
    assert!(files.len() >= 18, "found only {files:?}");
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = idl::parse(path, &text).unwrap_or_else(|e| panic!("{e}"));
        let known: BTreeSet<String> = file.defined().collect();
        let doc = file.to_ast(&known).unwrap_or_else(|e| panic!("{e}"));
        assert!(!doc.shapes.is_empty(), "{}", path.display());
    }
}

#[test]
fn the_same_model_as_idl_and_as_json_ast_loads_identically() {
    let idl = load::load(&fixture("idl/same.smithy")).unwrap_or_else(|e| panic!("{e}"));
    let json = load::load(&fixture("idl/same.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format!("{:#?}", idl.shapes), format!("{:#?}", json.shapes));
    // And the two generate the same crate.
    let generate = |model: &str| {
        let out = ecs_tests::workspace_root().join("target/unused");
        ecs_codegen::generate(&ecs_tests::options(&fixture(model), "same", &out))
            .unwrap_or_else(|e| panic!("{e}"))
            .files
    };
    assert_eq!(generate("idl/same.smithy"), generate("idl/same.json"));
}

/// Loads `text` as `bad.smithy` and returns the error.
fn idl_error(text: &str) -> String {
    let path = Path::new("bad.smithy");
    match load::load_sources(path, &[(path.to_owned(), text.to_owned())]) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
// Over 60 lines: a table of hostile inputs and the message each must give.
fn hostile_idl_is_a_clean_error_with_a_position() {
    let head = "$version: \"2\"\nnamespace a\n";
    for (text, expected) in [
        (
            format!("{head}@documentation(\"\"\"\n  never closed\n"),
            "bad.smithy:3:16: this text block is never closed",
        ),
        (
            format!("{head}@documentation(\"\"\"x\"\"\")\nstring S\n"),
            "bad.smithy:3:16: a text block's opening `\"\"\"` must end its line",
        ),
        (
            format!("{head}@documentation(\"bad \\x escape\")\nstring S\n"),
            "bad.smithy:3:21: unknown escape `\\x`",
        ),
        (
            format!("{head}@documentation(\"\\ud800\")\nstring S\n"),
            "bad.smithy:3:17: a high surrogate must be followed by `\\u` and a low one",
        ),
        (
            format!("{head}@documentation(\"open\nstring S\n"),
            "bad.smithy:3:16: this string is never closed",
        ),
        (
            format!(
                "$version: \"2\"\nmetadata x = {}{}\n",
                "[".repeat(200),
                "]".repeat(200)
            ),
            "bad.smithy:2:78: nesting deeper than 64 levels",
        ),
        (
            format!("{head}metadata x = 1\n"),
            "bad.smithy:3:1: `metadata` statements come before the shapes",
        ),
        (
            "$version: \"2\"\n$unknown: \"x\"\n".to_owned(),
            "bad.smithy:2:1: unknown control statement `$unknown`",
        ),
        (
            "$version: \"3.0\"\n".to_owned(),
            "bad.smithy:1:1: unsupported IDL version `3.0`",
        ),
        (
            "$version: \"2\"\n$operationInputSuffix: \"In#put\"\n".to_owned(),
            "bad.smithy:2:1: `$operationInputSuffix` must be letters, digits or `_`",
        ),
        (
            format!("{head}structure S {{\n  a: String\n  a: Integer\n}}\n"),
            "S: member `a` is defined twice",
        ),
        (
            format!("{head}structure S {{\n  a String\n}}\n"),
            "bad.smithy:4:5: expected `:` after the member name, found `String`",
        ),
        (
            format!("{head}widget W\n"),
            "bad.smithy:3:1: unknown shape type `widget`",
        ),
        (
            format!("{head}string S\nstring S\n"),
            "shape `S` is defined twice",
        ),
        (
            format!("{head}structure S {{\n  $a\n}}\n"),
            "the elided member `$a` is in no mixin or resource of the shape",
        ),
        (
            "string S\n".to_owned(),
            "bad.smithy:1:1: shapes need a `namespace` statement first",
        ),
        (
            format!("{head}string S @length(min: 1)\n"),
            "bad.smithy:3:10: expected the end of the line, found `@`",
        ),
    ] {
        let error = idl_error(&text);
        assert!(
            error.contains(expected),
            "for:\n{text}\nexpected `{expected}` in: {error}"
        );
    }
}

#[test]
fn bom_and_crlf_read_like_plain_text() {
    let plain =
        "$version: \"2\"\nnamespace a\n/// Docs.\n@awsJson1_1\nservice S { version: \"1\" }\n";
    let hostile = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
    let load = |text: &str| {
        let path = Path::new("m.smithy");
        let model = load::load_sources(path, &[(path.to_owned(), text.to_owned())])
            .unwrap_or_else(|e| panic!("{e}"));
        format!("{:#?}", model.shapes)
    };
    assert_eq!(load(&hostile), load(plain));
}

#[test]
fn a_directory_of_idl_generates_with_a_chosen_service() {
    let options = |service: Option<&str>| ecs_codegen::Options {
        models: vec![fixture("json10")],
        service: service.map(str::to_owned),
        operations: ecs_codegen::Operations::All,
        package: Some("json10".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    let err = ecs_codegen::generate(&options(None))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("more than one service") && err.contains("--service"),
        "{err}"
    );
    let err = ecs_codegen::generate(&options(Some("example.queues#Nope")))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("is not a service in the model (its services: example.queues#Queues, example.queues#Tables)"),
        "{err}"
    );
    let generated = ecs_codegen::generate(&options(Some("example.queues#Tables"))).unwrap();
    assert_eq!(generated.operations, 1);
}
