//! The generated crate's public API as data, and what changes between two of them.
//!
//! Every crate gets an `api.txt`: one line per public item (operation, type, member, enum
//! value, union variant, modeled error, waiter, paginator) with what a user's code depends on
//! (its Rust type, optionality, whether the builder requires it, its default). Regenerating
//! compares the summary it is about to write with the one in the output directory and says,
//! in Rust API terms, what was added, removed or changed, and whether code written against the
//! old crate may stop compiling or start failing: the question `smithy diff` answers for
//! models and cargo-semver-checks for compiled crates, asked of the summary alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::ir::{self, DefaultValue, Field, Presence, RustType, TypeKind, TypePath};

/// The first line of `api.txt`.
const HEADER: &str = "# The public API of this crate, one item per line, written by `cargo xtask codegen` \
                      to say what a regeneration changes. Do not edit.";

/// A crate's public API: item → what code that uses it depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Api {
    items: BTreeMap<String, String>,
}

impl Api {
    /// The API of `krate`.
    pub fn of(krate: &ir::Crate) -> Api {
        let mut api = Api::default();
        for op in &krate.operations {
            api.add(
                format!("operation {}", op.wire_name),
                format!("Client::{}", op.fn_name),
            );
            for e in &op.errors {
                api.add(
                    format!(
                        "error operation::{}::{}::{}",
                        op.module, op.error_enum, e.variant
                    ),
                    path_text(&e.path),
                );
            }
            for w in &op.waiters {
                api.add(format!("waiter Client::{}", w.method), op.wire_name.clone());
            }
            if let Some(p) = &op.paginator {
                let items = p.items.as_ref().map_or("pages only".to_owned(), |(_, ty)| {
                    format!("items {}", type_text(ty))
                });
                api.add(
                    format!("paginator operation::{}::paginator::{}", op.module, p.name),
                    format!("token {}, {items}", type_text(&p.input_token.1)),
                );
            }
        }
        for def in &krate.types {
            api.type_items(def);
        }
        api
    }

    fn add(&mut self, item: String, what: String) {
        self.items.insert(item, what);
    }

    fn type_items(&mut self, def: &ir::TypeDef) {
        let path = path_text(&def.path);
        match &def.kind {
            TypeKind::Struct(s) => {
                let build = if s.fallible_build {
                    "build() -> Result"
                } else {
                    "build() -> value"
                };
                self.add(format!("struct {path}"), build.to_owned());
                for f in &s.fields {
                    self.add(format!("member {path}.{}", f.name), member_text(f));
                }
            }
            TypeKind::Enum(e) => {
                self.add(format!("enum {path}"), "string enum".to_owned());
                for v in &e.variants {
                    self.add(
                        format!("variant {path}::{}", v.name),
                        format!("{:?}", v.value),
                    );
                }
            }
            TypeKind::IntEnum(e) => {
                self.add(format!("enum {path}"), "int enum".to_owned());
                for v in &e.variants {
                    self.add(format!("variant {path}::{}", v.name), v.value.to_string());
                }
            }
            TypeKind::Union(u) => {
                self.add(format!("union {path}"), "union".to_owned());
                for v in &u.variants {
                    let ty = v.ty.as_ref().map_or("()".to_owned(), type_text);
                    self.add(format!("variant {path}::{}", v.name), ty);
                }
            }
        }
    }

    /// `api.txt`: the header, then `item = what` per line, sorted.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (item, what) in &self.items {
            let _ = writeln!(out, "{item} = {what}");
        }
        out
    }

    /// Reads an `api.txt`; `Err` names the first line that is not `item = what`.
    pub fn parse(text: &str) -> Result<Api, String> {
        let mut api = Api::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (item, what) = line
                .split_once(" = ")
                .ok_or_else(|| format!("line {}: `{line}` is not `item = what`", n + 1))?;
            api.add(item.to_owned(), what.to_owned());
        }
        Ok(api)
    }
}

/// `types::Task`, `operation::run_task::RunTaskInput`.
fn path_text(path: &TypePath) -> String {
    let mut parts = path.module.clone();
    parts.push(path.name.clone());
    parts.join("::")
}

/// The Rust type as a user writes it, with paths from the crate root.
fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::Bool => "bool".into(),
        RustType::I8 => "i8".into(),
        RustType::I16 => "i16".into(),
        RustType::I32 => "i32".into(),
        RustType::I64 => "i64".into(),
        RustType::I128 => "i128".into(),
        RustType::F32 => "f32".into(),
        RustType::F64 => "f64".into(),
        RustType::String => "String".into(),
        RustType::Blob => "Blob".into(),
        RustType::DateTime => "DateTime".into(),
        RustType::Document => "Document".into(),
        RustType::List(t) => format!("Vec<{}>", type_text(t)),
        RustType::Map(k, v) => format!("HashMap<{}, {}>", type_text(k), type_text(v)),
        RustType::Nullable(t) => format!("Option<{}>", type_text(t)),
        RustType::Boxed(t) => format!("Box<{}>", type_text(t)),
        RustType::Named(path) => path_text(path),
    }
}

/// `Option<String>`, `i32, required`, `String, default "hi"`.
fn member_text(f: &Field) -> String {
    let ty = type_text(&f.ty);
    let mut out = match f.presence {
        Presence::Optional => format!("Option<{ty}>"),
        Presence::Required | Presence::Defaulted => ty,
    };
    if f.required_in_builder {
        out.push_str(", required");
    }
    // The epoch is a timestamp's zero value, written out only because aws-smithy-types'
    // `DateTime` has no `Default`: no default of the member's own.
    if let Some(value) = f
        .default
        .as_ref()
        .filter(|v| **v != DefaultValue::Timestamp(0, 0))
    {
        let _ = write!(out, ", default {}", default_text(value));
    }
    out
}

fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(n) => n.to_string(),
        DefaultValue::Float(f) => format!("{f:?}"),
        DefaultValue::String(s) => format!("{s:?}"),
        DefaultValue::Blob(b) => format!("{} bytes", b.len()),
        DefaultValue::Timestamp(s, n) => format!("{s}.{n:09}"),
        DefaultValue::EmptyList => "[]".into(),
        DefaultValue::EmptyMap => "{}".into(),
        DefaultValue::Document(v) => v.to_string(),
    }
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// New in this crate.
    Added,
    /// Gone from this crate.
    Removed,
    /// Still there, different: what it was.
    Changed(String),
}

/// One difference between two APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The item (`member types::Task.cpu`).
    pub item: String,
    /// What it is now (what it was, when removed).
    pub what: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Whether code written against the old crate may stop compiling or start failing.
    pub breaking: bool,
    /// Why it is (or is not) breaking.
    pub why: &'static str,
}

/// The differences from `old` to `new`, breaking first, then by item.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for (item, what) in &new.items {
        match old.items.get(item) {
            None => changes.push(added(item, what, old)),
            Some(before) if before != what => changes.push(changed(item, before, what)),
            Some(_) => {}
        }
    }
    for (item, what) in &old.items {
        if !new.items.contains_key(item) {
            changes.push(Change {
                item: item.clone(),
                what: what.clone(),
                kind: ChangeKind::Removed,
                breaking: true,
                why: "code that names it no longer compiles",
            });
        }
    }
    changes.sort_by(|a, b| (!a.breaking, &a.item).cmp(&(!b.breaking, &b.item)));
    changes
}

fn added(item: &str, what: &str, old: &Api) -> Change {
    // A required member added to a struct that was there makes `build()` fail (or stop
    // compiling, if it could not fail before) for code that does not set it; anything else
    // new is additive: structs, enums, unions and error enums are `#[non_exhaustive]`.
    let owner_existed = item
        .strip_prefix("member ")
        .and_then(|m| m.rsplit_once('.'))
        .is_some_and(|(owner, _)| old.items.contains_key(&format!("struct {owner}")));
    let required = what.split(", ").any(|p| p == "required");
    let (breaking, why) = if owner_existed && required {
        (
            true,
            "a new required member: building without it fails where it did not",
        )
    } else {
        (
            false,
            "additive: the types are #[non_exhaustive] and builders set members by name",
        )
    };
    Change {
        item: item.to_owned(),
        what: what.to_owned(),
        kind: ChangeKind::Added,
        breaking,
        why,
    }
}

fn changed(item: &str, before: &str, after: &str) -> Change {
    let (breaking, why) = if item.starts_with("member ") {
        member_change(before, after)
    } else if item.starts_with("struct ") {
        (
            true,
            "build() changes between returning the value and a Result",
        )
    } else {
        (true, "its type or value changes")
    };
    Change {
        item: item.to_owned(),
        what: after.to_owned(),
        kind: ChangeKind::Changed(before.to_owned()),
        breaking,
        why,
    }
}

/// A member's change: type or optionality (breaking: accessors and setters change type), now
/// required (breaking: `build()` fails without it), or only its default or no longer required
/// (not breaking).
fn member_change(before: &str, after: &str) -> (bool, &'static str) {
    let ty = |s: &str| s.split(", ").next().unwrap_or_default().to_owned();
    let required = |s: &str| s.split(", ").any(|p| p == "required");
    if ty(before) != ty(after) {
        (
            true,
            "its type or optionality changes, and with it accessors and setters",
        )
    } else if required(after) && !required(before) {
        (
            true,
            "it becomes required: building without it fails where it did not",
        )
    } else if required(before) && !required(after) {
        (false, "it is no longer required")
    } else {
        (false, "only its default changes")
    }
}

/// A few lines for the terminal: counts, then each breaking change.
pub fn summary(changes: &[Change]) -> String {
    let count = |k: fn(&ChangeKind) -> bool| changes.iter().filter(|c| k(&c.kind)).count();
    let breaking: Vec<&Change> = changes.iter().filter(|c| c.breaking).collect();
    let mut out = format!(
        "API: {} added, {} removed, {} changed; {} breaking",
        count(|k| *k == ChangeKind::Added),
        count(|k| *k == ChangeKind::Removed),
        count(|k| matches!(k, ChangeKind::Changed(_))),
        breaking.len()
    );
    const SHOWN: usize = 20;
    for c in breaking.iter().take(SHOWN) {
        let _ = write!(out, "\n  breaking: {}", line(c));
    }
    if breaking.len() > SHOWN {
        let _ = write!(
            out,
            "\n  … and {} more breaking changes (--api-diff FILE lists them all)",
            breaking.len() - SHOWN
        );
    }
    out
}

fn line(c: &Change) -> String {
    match &c.kind {
        ChangeKind::Added => format!("added `{}` ({}): {}", c.item, c.what, c.why),
        ChangeKind::Removed => format!("removed `{}` ({}): {}", c.item, c.what, c.why),
        ChangeKind::Changed(before) => {
            format!("`{}`: {} → {}: {}", c.item, before, c.what, c.why)
        }
    }
}

/// Whether a change goes in a section of the Markdown.
type Belongs = fn(&Change) -> bool;

/// The changes as Markdown, for a changelog or a pull request: the breaking changes with
/// why, then what was added, removed and changed.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("# API changes\n\n");
    if changes.is_empty() {
        out.push_str("None: the public API is the same.\n");
        return out;
    }
    let counts = summary(changes);
    let _ = writeln!(out, "{}", counts.lines().next().unwrap_or_default());
    let sections: [(&str, Belongs); 4] = [
        ("Breaking", |c| c.breaking),
        ("Added", |c| !c.breaking && c.kind == ChangeKind::Added),
        ("Removed", |c| !c.breaking && c.kind == ChangeKind::Removed),
        ("Changed", |c| {
            !c.breaking && matches!(c.kind, ChangeKind::Changed(_))
        }),
    ];
    for (title, belongs) in sections {
        let group: Vec<&Change> = changes.iter().filter(|c| belongs(c)).collect();
        if group.is_empty() {
            continue;
        }
        let _ = write!(out, "\n## {title}\n\n");
        for c in group {
            let entry = match (&c.kind, title) {
                (ChangeKind::Added, "Added") => format!("`{}` ({})", c.item, c.what),
                _ => line(c),
            };
            let _ = writeln!(out, "- {entry}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(lines: &[&str]) -> Api {
        Api::parse(&lines.join("\n")).unwrap()
    }

    #[test]
    fn the_text_reads_back_as_the_same_api() {
        let a = api(&[
            "operation RunTask = Client::run_task",
            "member types::Task.cpu = Option<String>",
        ]);
        assert_eq!(Api::parse(&a.to_text()).unwrap(), a);
        assert!(Api::parse("no equals sign").is_err());
    }

    #[test]
    fn changes_are_classed_as_rust_semver_sees_them() {
        let old = api(&[
            "struct types::T = build() -> value",
            "member types::T.a = Option<String>",
            "member types::T.b = i32",
            "member types::T.c = Option<String>",
            "member types::T.d = i32, default 5",
            "variant types::E::A = \"A\"",
        ]);
        let new = api(&[
            "member types::T.a = String",
            "member types::T.b = i32",
            "member types::T.c = Option<String>, required",
            "member types::T.d = i32, default 6",
            "member types::T.e = Option<String>",
            "member types::T.f = Option<String>, required",
            "variant types::E::B = \"B\"",
            "struct types::T = build() -> Result",
            "struct types::U = build() -> Result",
            "member types::U.g = Option<String>, required",
        ]);
        let changes = diff(&old, &new);
        let verdict = |item: &str| {
            changes
                .iter()
                .find(|c| c.item == item)
                .map(|c| c.breaking)
                .unwrap_or_else(|| panic!("{item} not in {changes:#?}"))
        };
        assert!(verdict("member types::T.a"), "optionality");
        assert!(verdict("member types::T.c"), "now required");
        assert!(!verdict("member types::T.d"), "a default");
        assert!(!verdict("member types::T.e"), "a new optional member");
        assert!(verdict("member types::T.f"), "a new required member");
        assert!(
            !verdict("variant types::E::B"),
            "a variant of a non-exhaustive enum"
        );
        assert!(verdict("variant types::E::A"), "a variant removed");
        assert!(verdict("struct types::T"), "build() signature");
        assert!(
            !verdict("member types::U.g"),
            "a required member of a new struct"
        );
        assert!(!changes.iter().any(|c| c.item == "member types::T.b"));
        assert!(
            changes.first().is_some_and(|c| c.breaking),
            "breaking first"
        );
    }
}
