//! Stage 4, emit: [`ir::Crate`] → files of tokens (and the crate's `Cargo.toml`).
//!
//! Emitters see only the IR. One function per IR item; files are assembled here.

mod client;
mod enums;
mod files;
mod setters;
mod structure;
pub(crate) mod tokens;
mod union;
mod waiters;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::ir::{self, Home, TypeKind};

pub use files::CargoManifest;

/// One generated file before formatting.
pub enum Emitted {
    /// Rust source, formatted by the format stage.
    Rust(TokenStream),
    /// A manifest (`Cargo.toml`): a `#` preamble, then the text.
    Text(String),
    /// Data read by generated code (`include_str!`), written exactly as is.
    Data(String),
}

/// How one file is made: already made, or tokens still to emit. Tokens (`proc_macro2`) cannot
/// cross threads, so each file's tokens are emitted and formatted on the thread that formats it
/// (see `crate::generate`); the IR they are emitted from is shared.
pub enum Job<'a> {
    /// A manifest, as [`Emitted::Text`].
    Text(String),
    /// Data, as [`Emitted::Data`].
    Data(String),
    /// Emits the file's tokens.
    Tokens(Box<dyn Fn() -> TokenStream + Send + Sync + 'a>),
}

impl Job<'_> {
    /// The file, emitted on the calling thread.
    pub fn run(&self) -> Emitted {
        match self {
            Job::Text(t) => Emitted::Text(t.clone()),
            Job::Data(t) => Emitted::Data(t.clone()),
            Job::Tokens(emit) => Emitted::Rust(emit()),
        }
    }
}

/// Every file of the crate, by path relative to the crate root, in path order.
pub fn emit<'a>(krate: &'a ir::Crate, manifest: &CargoManifest) -> BTreeMap<String, Job<'a>> {
    let mut out: BTreeMap<String, Job<'a>> = BTreeMap::new();
    let mut rust = |path: String, emit: Box<dyn Fn() -> TokenStream + Send + Sync + 'a>| {
        out.insert(path, Job::Tokens(emit));
    };
    rust(
        "src/lib.rs".to_owned(),
        Box::new(move || files::lib_rs(krate)),
    );
    rust(
        "src/types.rs".to_owned(),
        Box::new(move || files::types_rs(krate, false)),
    );
    rust(
        "src/types/error.rs".to_owned(),
        Box::new(move || files::types_rs(krate, true)),
    );
    rust(
        "src/operation.rs".to_owned(),
        Box::new(move || files::operation_rs(krate)),
    );
    rust(
        "src/client.rs".to_owned(),
        Box::new(move || client::client_rs(krate)),
    );
    rust(
        "src/error_meta.rs".to_owned(),
        Box::new(move || client::service_error_rs(krate)),
    );
    rust(
        "src/endpoint.rs".to_owned(),
        Box::new(move || client::endpoint_rs(krate)),
    );
    // The operation modules' own types (input, output, error structures), in model order.
    let mut by_operation: BTreeMap<&str, Vec<&'a ir::TypeDef>> = BTreeMap::new();
    for def in &krate.types {
        match &def.home {
            Home::Types { file } => {
                rust(
                    format!("src/types/{file}.rs"),
                    Box::new(move || type_def(def)),
                );
            }
            Home::Errors { file } => {
                rust(
                    format!("src/types/error/{file}.rs"),
                    Box::new(move || type_def(def)),
                );
            }
            Home::Operation { module } => by_operation.entry(module).or_default().push(def),
        }
    }
    if krate.operations.iter().any(|op| !op.waiters.is_empty()) {
        rust(
            "src/waiters.rs".to_owned(),
            Box::new(move || waiters::waiters_rs(krate)),
        );
        for op in &krate.operations {
            for w in &op.waiters {
                rust(
                    format!("src/waiters/{}.rs", w.module),
                    Box::new(move || waiters::waiter_rs(krate, op, w)),
                );
            }
        }
    }
    for op in &krate.operations {
        let defs = by_operation.remove(op.module.as_str()).unwrap_or_default();
        rust(
            format!("src/operation/{}.rs", op.module),
            Box::new(move || {
                let mut items: Vec<TokenStream> = defs.iter().map(|def| type_def(def)).collect();
                items.push(client::operation_items(krate, op));
                files::operation_module(op, items)
            }),
        );
    }
    out.insert(
        "Cargo.toml".to_owned(),
        Job::Text(files::cargo_toml(krate, manifest)),
    );
    if let Some(tests) = &krate.service.endpoint_tests {
        out.insert(
            "src/endpoint_tests.json".to_owned(),
            Job::Data(tests.clone()),
        );
    }
    if let Some(rules) = krate.service.interpreted_endpoint_rules() {
        out.insert(
            "src/endpoint_rules.json".to_owned(),
            Job::Data(format!("{rules}\n")),
        );
    }
    out
}

fn type_def(def: &ir::TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure::structure(def, s),
        TypeKind::Enum(e) => enums::string_enum(def, e),
        TypeKind::IntEnum(e) => enums::int_enum(def, e),
        TypeKind::Union(u) => union::union(def, u),
    }
}
