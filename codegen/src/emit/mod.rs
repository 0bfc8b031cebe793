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

/// Every file of the crate, by path relative to the crate root, in path order.
pub fn emit(krate: &ir::Crate, manifest: &CargoManifest) -> BTreeMap<String, Emitted> {
    let mut out = BTreeMap::new();
    out.insert(
        "Cargo.toml".to_owned(),
        Emitted::Text(files::cargo_toml(krate, manifest)),
    );
    out.insert("src/lib.rs".to_owned(), Emitted::Rust(files::lib_rs(krate)));
    out.insert(
        "src/types.rs".to_owned(),
        Emitted::Rust(files::types_rs(krate, false)),
    );
    out.insert(
        "src/types/error.rs".to_owned(),
        Emitted::Rust(files::types_rs(krate, true)),
    );
    out.insert(
        "src/operation.rs".to_owned(),
        Emitted::Rust(files::operation_rs(krate)),
    );
    out.insert(
        "src/client.rs".to_owned(),
        Emitted::Rust(client::client_rs(krate)),
    );
    out.insert(
        "src/error_meta.rs".to_owned(),
        Emitted::Rust(client::service_error_rs(krate)),
    );
    out.insert(
        "src/endpoint.rs".to_owned(),
        Emitted::Rust(client::endpoint_rs(krate)),
    );
    if let (Some(rules), Err(_)) = (&krate.service.endpoint_rules, &krate.service.endpoint_bdd) {
        out.insert(
            "src/endpoint_rules.json".to_owned(),
            Emitted::Data(format!("{rules}\n")),
        );
    }
    let mut by_operation: BTreeMap<&str, Vec<TokenStream>> = krate
        .operations
        .iter()
        .map(|op| (op.module.as_str(), Vec::new()))
        .collect();
    for def in &krate.types {
        let tokens = type_def(def);
        match &def.home {
            Home::Types { file } => {
                out.insert(format!("src/types/{file}.rs"), Emitted::Rust(tokens));
            }
            Home::Errors { file } => {
                out.insert(format!("src/types/error/{file}.rs"), Emitted::Rust(tokens));
            }
            Home::Operation { module } => by_operation.entry(module).or_default().push(tokens),
        }
    }
    if krate.operations.iter().any(|op| !op.waiters.is_empty()) {
        out.insert(
            "src/waiters.rs".to_owned(),
            Emitted::Rust(waiters::waiters_rs(krate)),
        );
        for op in &krate.operations {
            for w in &op.waiters {
                out.insert(
                    format!("src/waiters/{}.rs", w.module),
                    Emitted::Rust(waiters::waiter_rs(krate, op, w)),
                );
            }
        }
    }
    for op in &krate.operations {
        let mut items = by_operation.remove(op.module.as_str()).unwrap_or_default();
        items.push(client::operation_items(krate, op));
        out.insert(
            format!("src/operation/{}.rs", op.module),
            Emitted::Rust(files::operation_module(op, items)),
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
