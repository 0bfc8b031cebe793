//! Fuzz target: Smithy IDL text. Mutations of real IDL files (the official protocol tests in
//! `../shared` when present, our fixtures, and snippets that use mixins, target elision,
//! `apply`, resources and text blocks) go through the loader: each is a model or an error
//! with a position, never a panic, a stack overflow or a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ecs_fuzz::{fuzz, guarded};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is in the workspace")
        .to_owned()
}

/// Snippets of the grammar's riskier corners, seeds on their own and pieces to insert.
const SNIPPETS: &[&str] = &[
    "$version: \"2\"\nnamespace ex\n@mixin\nstructure M with [M] { $x }\n",
    "$version: \"2\"\nnamespace ex\n@mixin\nstructure A with [B] { $x }\n@mixin\nstructure B with [A] { y: String }\n",
    "$version: \"2\"\nnamespace ex\nresource R { traits: \"x\" }\napply R @documentation(\"d\")\n",
    "$version: \"2\"\nnamespace ex\nresource R { identifiers: { id: String } read: Get }\noperation Get { input := { @required id: String } output := {} }\n",
    "$version: \"2\"\nnamespace ex\n@mixin\nstructure Base { a: String }\nstructure S with [Base] { $a\n b: Integer = 0 }\napply S$a @documentation(\"\"\"\n    text\n    block\"\"\")\n",
    "$version: \"2\"\nnamespace ex\nservice Svc { version: \"1\" operations: [Op] }\noperation Op { input := with [Base] { x: String } }\n@mixin\nstructure Base { y: String }\n",
    "$version: \"2\"\nnamespace ex\nenum E { A = \"a\"\n B }\nintEnum I { ONE = 1 }\nlist L { member: E }\nmap M { key: String, value: L }\n",
    "$version: \"2\"\nmetadata m = [{ a: { b: [1, 2.5, true, null] } }]\nnamespace ex\n@trait structure t {}\n@t\nstructure S {}\n",
];

/// Text a mutation inserts.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "$x",
    " with [M] ",
    "@mixin\n",
    "apply S @documentation(\"d\")\n",
    "\"\"\"",
    "\"",
    "\r",
    "\n",
    "// c\n",
    "/// d\n",
    ":=",
    ":",
    ",",
    "#",
    "@",
    "=",
    "0",
    "-1e999",
    "é",
    "\u{0}",
    "structure A with [B] {}\n",
    "resource R { type: \"structure\" }\n",
    "use ex#S\n",
    "namespace other\n",
    "$version: \"1\"\n",
    "target: ",
    "member: String\n",
];

fn seeds() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![
        root().join("tests/fixtures"),
        root().join("../shared/protocol-tests"),
    ];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "smithy") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut seeds: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read IDL"),
            )
        })
        .collect();
    seeds.extend(
        SNIPPETS
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("snippet {i}"), (*s).to_owned())),
    );
    seeds
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, &'static str),
    Swap(usize, usize, usize),
}

/// A char boundary in `text` picked by `at` (mod the length).
fn boundary(text: &str, at: usize) -> usize {
    floor(text, at % (text.len() + 1))
}

/// The char boundary at or before `at`, at most the length.
fn floor(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, edit: &Edit) {
    match *edit {
        Edit::Delete(at, len) => {
            let start = boundary(text, at);
            let end = floor(text, start + len % 40);
            text.replace_range(start..end, "");
        }
        Edit::Duplicate(at, len) => {
            let start = boundary(text, at);
            let end = floor(text, start + len % 200);
            let piece = text[start..end].to_owned();
            text.insert_str(end, &piece);
        }
        Edit::Insert(at, piece) => {
            let at = boundary(text, at);
            text.insert_str(at, piece);
        }
        Edit::Swap(a, b, len) => {
            let (a, b) = (boundary(text, a), boundary(text, b));
            let (a, b) = (a.min(b), a.max(b));
            let a_end = floor(text, a + len % 30).min(b);
            let b_end = floor(text, b + len % 30);
            let (first, second) = (text[a..a_end].to_owned(), text[b..b_end].to_owned());
            text.replace_range(b..b_end, &first);
            text.replace_range(a..a_end, &second);
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let ix = any::<usize>();
    prop_oneof![
        (ix, ix).prop_map(|(a, l)| Edit::Delete(a, l)),
        (ix, ix).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        (ix, prop::sample::select(PIECES)).prop_map(|(a, p)| Edit::Insert(a, p)),
        (ix, ix, ix).prop_map(|(a, b, l)| Edit::Swap(a, b, l)),
    ]
}

#[test]
fn mutated_idl_loads_or_fails_with_a_position_never_crashes() {
    let seeds = seeds();
    let count = seeds.len();
    let strategy = (0..count, prop::collection::vec(edit(), 1..6));
    let (accepted, rejected) = (
        std::sync::atomic::AtomicUsize::new(0),
        std::sync::atomic::AtomicUsize::new(0),
    );
    fuzz("idl", 2_000, strategy, |(seed, edits)| {
        let (name, text) = &seeds[seed];
        let mut text = text.clone();
        for e in &edits {
            apply(&mut text, e);
        }
        let path = PathBuf::from("fuzzed.smithy");
        let outcome = guarded(name, Duration::from_secs(30), move || {
            ecs_codegen::load::load_sources(&path.clone(), &[(path, text)]).map(|m| m.shapes.len())
        })?;
        match outcome {
            Ok(_) => accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            Err(e) => {
                prop_assert!(
                    e.to_string().contains("fuzzed.smithy"),
                    "{name}: the error names no file: {e}"
                );
                rejected.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            }
        };
        Ok(())
    });
    println!(
        "idl: {} mutated files loaded, {} rejected",
        accepted.into_inner(),
        rejected.into_inner()
    );
}
