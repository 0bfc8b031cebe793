//! Stage 4, emit: [`ir::Crate`] → files of tokens (and the crate's `Cargo.toml`).
//!
//! Emitters see only the IR, read every name and path from it, and destructure IR structs
//! without `..`, so a new IR field cannot be ignored silently. One function per IR item;
//! the files are assembled here, each where the IR says it goes.

mod client;
mod endpoint;
mod enums;
mod errors;
pub mod files;
mod fluent;
mod paginators;
mod paths;
mod protocol_tests;
mod serde_impls;
mod setters;
mod structure;
pub(crate) mod tokens;
mod union;
mod waiters;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::ir::{self, TypeKind};

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

type Jobs<'a> = BTreeMap<String, Job<'a>>;

/// Every file of the crate, by path relative to the crate root, in path order.
pub fn emit<'a>(krate: &'a ir::Crate, manifest: &CargoManifest) -> Jobs<'a> {
    let mut out: Jobs<'a> = BTreeMap::new();
    skeleton(krate, &mut out);
    for def in &krate.types {
        if let Some(file) = &def.file {
            rust(&mut out, file, Box::new(move || type_def(def)));
        }
    }
    for op in &krate.operations {
        let home = ir::Home::Operation {
            module: op.module.clone(),
        };
        let defs: Vec<&ir::TypeDef> = krate
            .types
            .iter()
            .filter(|d| d.file.is_none() && d.home == home)
            .collect();
        rust(
            &mut out,
            &op.file,
            Box::new(move || files::operation_module(op, &defs)),
        );
        for w in &op.waiters {
            rust(
                &mut out,
                &w.file,
                Box::new(move || waiters::waiter_rs(op, w)),
            );
        }
    }
    data_files(krate, manifest, &mut out);
    out
}

/// A Rust file whose tokens `emit` makes.
fn rust<'a>(out: &mut Jobs<'a>, path: &str, emit: Box<dyn Fn() -> TokenStream + Send + Sync + 'a>) {
    out.insert(path.to_owned(), Job::Tokens(emit));
}

/// The files every crate has: `lib.rs`, the module lists, the client, the service-wide error,
/// the endpoint resolver; `waiters.rs` and `tests/protocol.rs` when there is something in them.
fn skeleton<'a>(krate: &'a ir::Crate, out: &mut Jobs<'a>) {
    rust(out, "src/lib.rs", Box::new(move || files::lib_rs(krate)));
    rust(
        out,
        "src/types.rs",
        Box::new(move || files::types_rs(krate, false)),
    );
    rust(
        out,
        "src/types/error.rs",
        Box::new(move || files::types_rs(krate, true)),
    );
    rust(
        out,
        "src/operation.rs",
        Box::new(move || files::operation_rs(krate)),
    );
    rust(
        out,
        "src/client.rs",
        Box::new(move || client::client_rs(krate)),
    );
    rust(
        out,
        "src/error_meta.rs",
        Box::new(move || errors::service_error_rs(krate)),
    );
    rust(
        out,
        "src/endpoint.rs",
        Box::new(move || endpoint::endpoint_rs(&krate.service)),
    );
    if krate.has_waiters() {
        rust(
            out,
            "src/waiters.rs",
            Box::new(move || waiters::waiters_rs(krate)),
        );
    }
    if let Some(tests) = &krate.protocol_tests
        && !tests.cases.is_empty()
    {
        rust(
            out,
            "tests/protocol.rs",
            Box::new(move || protocol_tests::protocol_rs(krate, tests)),
        );
    }
}

/// The manifest, the API summary (`api.txt`, see [`crate::api`]) and the data files
/// generated code reads.
fn data_files(krate: &ir::Crate, manifest: &CargoManifest, out: &mut Jobs<'_>) {
    out.insert(
        "Cargo.toml".to_owned(),
        Job::Text(files::cargo_toml(krate, manifest)),
    );
    out.insert(
        "api.txt".to_owned(),
        Job::Data(crate::api::Api::of(krate).to_text()),
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
            Job::Data(format!("{}\n", rules.json)),
        );
    }
}

/// One named type, whatever its kind.
fn type_def(def: &ir::TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure::structure(def, s),
        TypeKind::Enum(e) => enums::string_enum(def, e),
        TypeKind::IntEnum(e) => enums::int_enum(def, e),
        TypeKind::Union(u) => union::union(def, u),
    }
}
