//! Stage 3, lower: the selected part of the validated [`Model`] → the [`ir::Crate`].
//!
//! Named passes, in order: service facts; homes and names of the types (`place`); the
//! types (`types`: fields, optionality, boxing through `boxing`, redaction, serde adapters,
//! docs); operations (`operations`, with paginators and waiters in `paths`); the service's
//! endpoint rules ([`endpoints`]); protocol test cases ([`protocol_tests`]). Everything is
//! sorted before it leaves, so emitters iterate without thinking.
//!
//! Lowering reads a validated model, so it cannot fail on a trait value or a reference: every
//! Rust name is minted here (through [`crate::names`]), and the only errors are two model
//! names that become the same Rust name, which exist only once names are made.

use std::collections::{BTreeMap, BTreeSet};

use crate::docs::to_markdown;
use crate::error::{Error, Result};
use crate::ir::{self, Home, TypeDef, TypeKind, TypePath};
use crate::model::{Model, ShapeId, ShapeKind};
use crate::names;
use crate::select::Selection;

mod boxing;
pub mod endpoints;
mod operations;
mod paths;
mod place;
pub mod protocol_tests;
mod types;

pub use types::ERROR_MESSAGE_MEMBERS;

/// Options that shape the crate but do not come from the model.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// Cargo package name of the generated crate; `None`: derived from the service.
    pub package: Option<String>,
    /// Whether the model's protocol compliance cases become the crate's tests.
    pub protocol_tests: bool,
}

/// The input (or output) structures of the selected operations.
fn io_shapes(
    model: &Model,
    selection: &Selection,
    side: fn(&crate::model::Operation) -> &ShapeId,
) -> BTreeSet<ShapeId> {
    selection
        .operations
        .iter()
        .filter_map(|id| match &model.shapes[id].kind {
            ShapeKind::Operation(op) => Some(side(op).clone()),
            _ => None,
        })
        .collect()
}

/// Lowers `selection` of `model` into the IR.
pub fn lower(model: &Model, selection: &Selection, options: &LowerOptions) -> Result<ir::Crate> {
    let cx = Lowering {
        model,
        selection,
        placement: place::place(model, selection)?,
        recursion: boxing::Recursion::new(model, selection.shapes.iter()),
        inputs: io_shapes(model, selection, |op| &op.input),
        outputs: io_shapes(model, selection, |op| &op.output),
    };
    let service = cx.service();
    let types = cx.types()?;
    let mut operations = Vec::new();
    for id in &selection.operations {
        if let ShapeKind::Operation(op) = &model.shapes[id].kind {
            operations.push(cx.operation(&model.shapes[id], op, &types)?);
        }
    }
    operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    name_client_methods(&cx, &mut operations)?;
    check_waiter_names(&cx, &operations)?;
    let protocol_tests = options
        .protocol_tests
        .then(|| cx.protocol_tests(&operations, &types))
        .transpose()?;
    let errors = service_errors(&operations);
    let variants: Vec<String> = errors.iter().map(|e| e.variant.clone()).collect();
    let package = options
        .package
        .clone()
        .unwrap_or_else(|| names::package_name(&service.sdk_id));
    Ok(ir::Crate {
        library: names::library_name(&package),
        package,
        service,
        fully_documented: types.defs.iter().all(is_documented),
        types: types.defs,
        operations,
        left_out: selection
            .skipped
            .iter()
            .map(|s| ir::LeftOut {
                operation: s.operation.name().to_owned(),
                reason: s.reason.clone(),
            })
            .collect(),
        unhandled_variant: names::free_variant("Unhandled", &variants),
        errors,
        protocol_tests,
    })
}

/// The lowered types, with lookups by shape and by path for the passes after them.
pub(crate) struct Types {
    /// Sorted by module, then name.
    defs: Vec<TypeDef>,
    by_path: BTreeMap<TypePath, usize>,
    /// The Unit inputs and outputs, by operation and `true` for the input.
    unit_io: BTreeMap<(ShapeId, bool), TypePath>,
    /// Operation inputs and outputs by shape.
    io_paths: BTreeMap<ShapeId, TypePath>,
}

impl Types {
    fn def_of(&self, path: &TypePath) -> &TypeDef {
        &self.defs[self.by_path[path]]
    }

    fn struct_of(&self, path: &TypePath) -> &ir::Struct {
        match &self.def_of(path).kind {
            TypeKind::Struct(s) => s,
            _ => unreachable!("{} is lowered from a structure", path.name),
        }
    }

    fn fields_of(&self, path: &TypePath) -> &[ir::Field] {
        &self.struct_of(path).fields
    }

    /// An operation's input (or output) type and builder.
    fn io(&self, op: &ShapeId, target: &ShapeId, is_input: bool) -> ir::Io {
        let path = self
            .unit_io
            .get(&(op.clone(), is_input))
            .or_else(|| self.io_paths.get(target))
            .expect("every operation's input and output is placed")
            .clone();
        let builder = self.struct_of(&path).builder_path.clone();
        ir::Io { path, builder }
    }
}

struct Lowering<'a> {
    model: &'a Model,
    selection: &'a Selection,
    placement: place::Placement,
    recursion: boxing::Recursion,
    /// The selected operations' input structures: all their members are optional.
    inputs: BTreeSet<ShapeId>,
    /// The selected operations' output structures: they keep the response's request id.
    outputs: BTreeSet<ShapeId>,
}

impl Lowering<'_> {
    fn err(&self, shape: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.model.path.clone(),
            shape: shape.into(),
            message: message.into(),
        }
    }

    /// The documentation, or `fallback` when the model has none.
    fn docs_or(&self, docs: Option<&str>, fallback: impl FnOnce() -> String) -> Vec<String> {
        match docs.map(to_markdown) {
            Some(lines) if !lines.is_empty() => lines,
            _ => vec![fallback()],
        }
    }

    /// The element's own documentation, or nothing: no placeholder text for members and
    /// types the model does not document.
    fn own_docs(&self, docs: Option<&str>) -> Vec<String> {
        docs.map(to_markdown).unwrap_or_default()
    }

    // ---- pass: service facts ----

    fn service(&self) -> ir::Service {
        let shape = &self.model.shapes[&self.selection.service];
        let ShapeKind::Service(svc) = &shape.kind else {
            unreachable!("selection picks a service shape");
        };
        let name = shape.id.name().to_owned();
        let sdk_id = svc.sdk_id.clone().unwrap_or_else(|| name.clone());
        let endpoint_prefix = svc
            .endpoint_prefix
            .clone()
            .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', "-"));
        ir::Service {
            shape_id: shape.id.to_string(),
            title: shape.traits.title.clone().unwrap_or_else(|| name.clone()),
            target_prefix: name.clone(),
            protocol: self.selection.protocol,
            other_protocols: self
                .selection
                .protocols
                .iter()
                .map(ToString::to_string)
                .filter(|p| p != self.selection.protocol.trait_id())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            query_compatible: svc.query_compatible,
            version: svc.version.clone(),
            signing_name: svc
                .signing_name
                .clone()
                .unwrap_or_else(|| endpoint_prefix.clone()),
            endpoint_env_suffix: names::endpoint_env_suffix(&sdk_id),
            sdk_id,
            endpoint_prefix,
            docs: self.docs_or(shape.traits.documentation.as_deref(), || {
                format!("The {name} service.")
            }),
            endpoints: endpoints::endpoints(svc.rule_set.as_ref(), svc.bdd.as_ref()),
            endpoint_tests: svc.endpoint_tests.as_deref().map(endpoints::tests),
        }
    }

    // ---- pass: types ----

    fn types(&self) -> Result<Types> {
        let mut defs = self.unit_io_types();
        for id in &self.selection.shapes {
            if let Some(def) = self.type_def(&self.model.shapes[id])? {
                defs.push(def);
            }
        }
        defs.sort_by(|a, b| (&a.home, &a.path).cmp(&(&b.home, &b.path)));
        let by_path = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let io_paths = self
            .inputs
            .iter()
            .chain(self.selection.operations.iter().filter_map(|id| {
                match &self.model.shapes[id].kind {
                    ShapeKind::Operation(op) => Some(&op.output),
                    _ => None,
                }
            }))
            .filter_map(|id| Some((id.clone(), self.placement.paths.get(id)?.clone())))
            .collect();
        Ok(Types {
            defs,
            by_path,
            unit_io: self.placement.unit_io.clone(),
            io_paths,
        })
    }

    /// Empty structures for Unit inputs and outputs, so every operation has both types.
    fn unit_io_types(&self) -> Vec<TypeDef> {
        self.placement
            .unit_io
            .iter()
            .map(|((op, is_input), path)| {
                let builder = names::builder_name(&path.name);
                TypeDef {
                    wire_name: path.name.clone(),
                    path: path.clone(),
                    home: Home::Operation {
                        module: path.module[1].clone(),
                    },
                    file: None,
                    docs: vec![format!(
                        "The {} of `{}`, which has no members.",
                        if *is_input { "input" } else { "output" },
                        op.name()
                    )],
                    deprecated: None,
                    kind: TypeKind::Struct(ir::Struct {
                        fields: Vec::new(),
                        builder_path: TypePath {
                            module: path.module.clone(),
                            name: builder.clone(),
                        },
                        builder,
                        error: None,
                        fallible_build: *is_input,
                        redacted_debug: false,
                        output: !*is_input,
                    }),
                }
            })
            .collect()
    }
}

/// Every modeled error of the operations, each once, sorted by variant.
/// The field lowered from the model member `member`. Lowering makes one field per member, and
/// validation resolved every member name a trait or test case names against its structure,
/// so a miss is a generator bug, not a model error.
fn field_of<'f>(fields: &'f [ir::Field], member: &str) -> &'f ir::Field {
    fields
        .iter()
        .find(|f| f.wire_name == member)
        .unwrap_or_else(|| panic!("no field was lowered from member `{member}`"))
}

fn service_errors(operations: &[ir::Operation]) -> Vec<ir::OperationError> {
    let mut errors: Vec<ir::OperationError> = Vec::new();
    for e in operations.iter().flat_map(|op| &op.errors) {
        if !errors.iter().any(|known| known.path == e.path) {
            errors.push(e.clone());
        }
    }
    errors.sort_by(|a, b| a.variant.cmp(&b.variant));
    errors
}

/// Waiters share one module (`waiters::<name>`) and one trait (`client::Waiters`), so two
/// waiters whose Rust names meet (waiters.rst asks for case-insensitively unique names) are
/// an error naming both, never one file silently overwriting the other.
fn check_waiter_names(cx: &Lowering<'_>, operations: &[ir::Operation]) -> Result<()> {
    let mut modules = names::Scope::new(&[], "");
    for op in operations {
        for w in &op.waiters {
            let owner = format!("waiter {} of {}", w.name, op.wire_name);
            modules.claim(&w.module, &owner).map_err(|other| {
                cx.err(
                    &op.wire_name,
                    format!("{owner} has the Rust name `{}` of {other}", w.module),
                )
            })?;
        }
    }
    Ok(())
}

/// Whether a type and everything in it has documentation.
fn is_documented(def: &TypeDef) -> bool {
    !def.docs.is_empty()
        && match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().all(|f| !f.docs.is_empty()),
            TypeKind::Union(u) => u.variants.iter().all(|v| !v.docs.is_empty()),
            TypeKind::Enum(e) => e.variants.iter().all(|v| !v.docs.is_empty()),
            TypeKind::IntEnum(e) => e.variants.iter().all(|v| !v.docs.is_empty()),
        }
}

/// One `Client` method per operation, in the scope of the client's own methods (an operation
/// `Config` gets `config_operation`, see [`names::Scope`]).
fn name_client_methods(cx: &Lowering<'_>, operations: &mut [ir::Operation]) -> Result<()> {
    let mut client = names::Scope::new(names::CLIENT_METHODS, "_operation");
    for op in operations {
        op.fn_name = client.claim(&op.fn_name, &op.wire_name).map_err(|other| {
            cx.err(
                &op.wire_name,
                format!(
                    "its client method `{}` is also the method of operation {other}",
                    op.fn_name
                ),
            )
        })?;
    }
    Ok(())
}
