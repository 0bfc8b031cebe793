//! Stage 1, load: model files (Smithy JSON AST or IDL) → the typed [`Model`].
//!
//! Each file is parsed to the JSON AST ([`ast`]: JSON through serde, IDL through [`idl`]),
//! the files are merged ([`merge`]: prelude, `apply`, mixins), and [`crate::validate`] types
//! every trait and checks the whole before this stage returns.

pub mod ast;
pub mod idl;
pub mod merge;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Model;

/// Reads and validates the model at `path`: a JSON AST file, a Smithy IDL (`.smithy`) file,
/// or a directory, whose `.json` and `.smithy` files (found recursively, in sorted order) are
/// merged into one model.
pub fn load(path: &Path) -> Result<Model> {
    load_paths(path, &[path.to_owned()])
}

/// Reads and merges the model files and directories in `paths`; `shown` names the model in
/// messages about the merged whole.
pub fn load_paths(shown: &Path, paths: &[PathBuf]) -> Result<Model> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    if files.is_empty() {
        return Err(Error::Model {
            path: shown.to_owned(),
            shape: "(model)".into(),
            message: "no `.json` or `.smithy` model files here".into(),
        });
    }
    let mut sources = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        sources.push((file, text));
    }
    load_sources(shown, &sources)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if !path.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("json" | "smithy")
        ) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Parses and validates model `text` (JSON AST); `path` is only used in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Model> {
    load_sources(path, &[(path.to_owned(), text.to_owned())])
}

/// Merges model files given as (path, text): `.smithy` paths are read as IDL, others as JSON
/// AST. IDL shape references are resolved against the shapes of every file.
pub fn load_sources(shown: &Path, sources: &[(PathBuf, String)]) -> Result<Model> {
    let mut documents = Vec::new();
    let mut idl_files = Vec::new();
    for (path, text) in sources {
        if path.extension().and_then(|e| e.to_str()) == Some("smithy") {
            idl_files.push(idl::parse(path, text)?);
        } else {
            documents.push((path.clone(), ast::parse_json(path, text)?));
        }
    }
    // A relative id in an IDL file may name a shape another file defines.
    let mut known: BTreeSet<String> = documents
        .iter()
        .flat_map(|(_, d)| d.shapes.iter().map(|(id, _)| id.clone()))
        .collect();
    known.extend(idl_files.iter().flat_map(|f| f.defined()));
    for file in &idl_files {
        documents.push((file.path().to_owned(), file.to_ast(&known)?));
    }
    let merged = merge::merge(shown, documents)?;
    crate::validate::validate(shown, merged)
}
