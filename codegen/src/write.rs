//! Stage 6, write: put formatted files in the output directory, touching only files whose
//! content changed and removing generated files that are no longer produced. In check mode,
//! change nothing and report what is stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What writing (or checking) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or rewritten (or, in check mode, that would be).
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Generated files removed (or, in check mode, that would be).
    pub removed: Vec<String>,
}

impl WriteReport {
    /// Whether anything differs from what is on disk.
    pub fn is_stale(&self) -> bool {
        !self.written.is_empty() || !self.removed.is_empty()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `files` under `out` (or only compares them when `check`).
///
/// Only `Cargo.toml`, `src/**/*.rs` and `src/**/*.json` count as generated; a stale `.rs`
/// under `src/` is removed only if it starts with our preamble, so hand-written files are never
/// deleted. JSON under `src/` is only ever data the generator embeds.
pub fn write(out: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    for (rel, content) in files {
        let path = out.join(rel);
        match std::fs::read(&path) {
            Ok(existing) if existing == content.as_bytes() => report.unchanged.push(rel.clone()),
            _ => report.written.push(rel.clone()),
        }
    }
    for rel in existing_generated(out)? {
        if !files.contains_key(&rel) {
            report.removed.push(rel);
        }
    }
    if check {
        return Ok(report);
    }
    // Write into the directory only after everything above succeeded, so a failure part-way
    // through lowering or formatting never leaves a half-written crate behind; and find out
    // that the directory is unwritable before the first file, not after it.
    std::fs::create_dir_all(out)
        .and_then(|()| {
            let probe = out.join(".codegen-write-probe~");
            std::fs::write(&probe, b"")?;
            std::fs::remove_file(&probe)
        })
        .map_err(|source| Error::Output {
            path: out.to_owned(),
            source,
        })?;
    let staged = stage(out, files, &report.written)?;
    for (tmp, path) in &staged {
        std::fs::rename(tmp, path).map_err(io(path))?;
    }
    for rel in &report.removed {
        let path = out.join(rel);
        std::fs::remove_file(&path).map_err(io(&path))?;
    }
    remove_empty_dirs(&out.join("src"))?;
    Ok(report)
}

/// Two phases, so a failure part-way (a file name too long, a full disk) changes nothing:
/// every new content goes to a temporary file next to its target first (its name is longer
/// than the target's, so a name that is too long fails here); only when all are staged are
/// they renamed into place. On failure the staged files, and directories left empty, go.
fn stage(
    out: &Path,
    files: &BTreeMap<String, String>,
    written: &[String],
) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let stage_one = |rel: &String, staged: &mut Vec<(PathBuf, PathBuf)>| -> Result<()> {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(".codegen-tmp~");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, &files[rel]).map_err(io(&path))?;
        staged.push((tmp, path));
        Ok(())
    };
    for rel in written {
        if let Err(e) = stage_one(rel, &mut staged) {
            for (tmp, _) in &staged {
                let _ = std::fs::remove_file(tmp);
            }
            let _ = remove_empty_dirs(&out.join("src"));
            return Err(e);
        }
    }
    Ok(staged)
}

/// Generated `.rs` files under `out/src` (recognised by the preamble).
fn existing_generated(out: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let src = out.join("src");
    if !src.is_dir() {
        return Ok(found);
    }
    let marker = crate::format::preamble("//");
    let mut stack: Vec<PathBuf> = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let generated = match path.extension().and_then(|e| e.to_str()) {
                    Some("json") => true,
                    Some("rs") => {
                        std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(&marker))
                    }
                    _ => false,
                };
                if generated {
                    let rel = path
                        .strip_prefix(out)
                        .expect("walked from out")
                        .to_string_lossy()
                        .replace('\\', "/");
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

fn remove_empty_dirs(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if std::fs::read_dir(&path)
                .map_err(io(&path))?
                .next()
                .is_none()
            {
                std::fs::remove_dir(&path).map_err(io(&path))?;
            }
        }
    }
    Ok(())
}
