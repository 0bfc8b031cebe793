//! Stage 3, lower: the selected part of the [`Model`] → the [`ir::Crate`].
//!
//! Named passes, in order: service facts; homes and names of types (with collision checks);
//! member optionality; recursion boxing; redaction; serde adapters; docs. Everything is sorted
//! before it leaves, so emitters iterate without thinking.
//!
//! Member optionality follows the non-authoritative (client) column of aggregate-types.rst,
//! "Structure member optionality": every member of an operation input (or `@input`) structure
//! and every `@clientOptional` member is `Option<T>`; otherwise `@required` members are `T`,
//! members with a zero `@default` (0, false, "", [], {}) are `T`, and all others are
//! `Option<T>`. A non-zero `@default` also stays `Option<T>`, so the client never sends a value
//! the user did not choose. Builders still reject a missing `@required` member in every
//! structure, inputs included, so a bad request fails before it is sent.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::docs::to_markdown;
use crate::error::{Error, Result};
use crate::ir::{self, Deprecation, Home, StructRole, TypeKind, TypePath};
use crate::model::{Model, ShapeId, ShapeKind, traits};
use crate::names;
use crate::select::Selection;

pub mod endpoints;
mod operations;
mod paths;
mod shapes;

/// Options that shape the crate but do not come from the model.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// Cargo package name of the generated crate.
    pub package: String,
}

/// Lowers `selection` of `model` into the IR.
pub fn lower(model: &Model, selection: &Selection, options: &LowerOptions) -> Result<ir::Crate> {
    let mut cx = Lowering {
        model,
        selection,
        paths: BTreeMap::new(),
        homes: BTreeMap::new(),
        unit_io: BTreeMap::new(),
    };
    let service = cx.service()?;
    cx.place_types()?;
    let mut types = cx.unit_io_types();
    for id in &selection.shapes {
        if let Some(def) = cx.type_def(&model.shapes[id])? {
            types.push(def);
        }
    }
    types.sort_by(|a, b| (&a.home, &a.path).cmp(&(&b.home, &b.path)));
    let mut operations = selection
        .operations
        .iter()
        .map(|id| cx.operation(&model.shapes[id]))
        .collect::<Result<Vec<_>>>()?;
    operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    name_client_methods(&cx, &mut operations)?;
    check_waiter_names(&cx, &operations)?;
    let mut errors: Vec<ir::OperationError> = Vec::new();
    for e in operations.iter().flat_map(|op| &op.errors) {
        if !errors.iter().any(|known| known.path == e.path) {
            errors.push(e.clone());
        }
    }
    errors.sort_by(|a, b| a.variant.cmp(&b.variant));
    let variants: Vec<String> = errors.iter().map(|e| e.variant.clone()).collect();
    let fully_documented = types.iter().all(is_documented);
    Ok(ir::Crate {
        library: names::library_name(&options.package),
        package: options.package.clone(),
        service,
        types,
        operations,
        unhandled_variant: names::free_variant("Unhandled", &variants),
        errors,
        fully_documented,
    })
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
fn is_documented(def: &ir::TypeDef) -> bool {
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

/// For each operation input or output structure, the operations using it and whether as
/// `Input` or `Output`.
type IoUsers = BTreeMap<ShapeId, Vec<(ShapeId, &'static str)>>;

struct Lowering<'a> {
    model: &'a Model,
    selection: &'a Selection,
    /// Rust path of every shape that becomes a named type.
    paths: BTreeMap<ShapeId, TypePath>,
    homes: BTreeMap<ShapeId, Home>,
    /// Empty `{Op}Input` / `{Op}Output` types for operations whose input or output is Unit,
    /// keyed by operation and `true` for input.
    unit_io: BTreeMap<(ShapeId, bool), TypePath>,
}

fn string_trait<'v>(traits: &'v crate::model::Traits, id: &str) -> Option<&'v str> {
    traits.get(id).and_then(Value::as_str)
}

impl Lowering<'_> {
    fn err(&self, shape: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.model.path.clone(),
            shape: shape.into(),
            message: message.into(),
        }
    }

    fn docs(
        &self,
        traits: &crate::model::Traits,
        fallback: impl FnOnce() -> String,
    ) -> Vec<String> {
        match string_trait(traits, traits::DOCUMENTATION).map(to_markdown) {
            Some(lines) if !lines.is_empty() => lines,
            _ => vec![fallback()],
        }
    }

    /// The element's own documentation, or nothing: no placeholder text for members and
    /// types the model does not document.
    fn own_docs(&self, traits: &crate::model::Traits) -> Vec<String> {
        string_trait(traits, traits::DOCUMENTATION)
            .map(to_markdown)
            .unwrap_or_default()
    }

    fn deprecation(traits: &crate::model::Traits) -> Option<Deprecation> {
        let value = traits.get(traits::DEPRECATED)?;
        let message = value.get("message").and_then(Value::as_str);
        let since = value.get("since").and_then(Value::as_str);
        let note = match (since, message) {
            (Some(s), Some(m)) => Some(format!("since {s}: {m}")),
            (Some(s), None) => Some(format!("since {s}")),
            (None, Some(m)) => Some(m.to_owned()),
            (None, None) => None,
        };
        Some(Deprecation { note })
    }

    // ---- pass: service facts ----

    fn service(&self) -> Result<ir::Service> {
        let shape = &self.model.shapes[&self.selection.service];
        let ShapeKind::Service(svc) = &shape.kind else {
            return Err(self.err(shape.id.as_str(), "is not a service"));
        };
        let protocol_id = match (shape.has(traits::AWS_JSON_1_0), shape.has(traits::AWS_JSON_1_1)) {
            (true, false) => traits::AWS_JSON_1_0,
            (false, true) => traits::AWS_JSON_1_1,
            (true, true) => return Err(self.err(shape.id.as_str(), "has both `aws.protocols#awsJson1_0` and `awsJson1_1`; a service speaks one protocol here")),
            (false, false) => return Err(self.err(shape.id.as_str(), "this generator emits awsJson1_0 and awsJson1_1 clients, but the service has neither `aws.protocols#awsJson1_0` nor `aws.protocols#awsJson1_1`")),
        };
        let name = shape.id.name().to_owned();
        let aws_service = |key: &str| {
            let value = shape.traits.get(traits::AWS_SERVICE)?.get(key)?;
            value.as_str().map(str::to_owned)
        };
        let sdk_id = aws_service("sdkId").unwrap_or_else(|| name.clone());
        let endpoint_prefix = aws_service("endpointPrefix")
            .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', "-"));
        let signing_name = shape
            .traits
            .get(traits::SIGV4)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map_or_else(|| endpoint_prefix.clone(), str::to_owned);
        Ok(ir::Service {
            shape_id: shape.id.to_string(),
            title: string_trait(&shape.traits, traits::TITLE)
                .unwrap_or(&name)
                .to_owned(),
            target_prefix: name.clone(),
            protocol_id: protocol_id.to_owned(),
            json_1_0: protocol_id == traits::AWS_JSON_1_0,
            query_compatible: shape.has(traits::AWS_QUERY_COMPATIBLE),
            version: svc.version.clone(),
            signing_name,
            endpoint_env_suffix: names::endpoint_env_suffix(&sdk_id),
            sdk_id,
            endpoint_prefix,
            docs: self.docs(&shape.traits, || format!("The {name} service.")),
            endpoint_rules: self
                .endpoint_trait(shape, traits::ENDPOINT_RULE_SET, |v| {
                    aws_endpoint_rules::RuleSet::from_value(v).map_err(|e| e.message().to_owned())
                })?
                .map(|rules| endpoints::rule_set(&rules)),
            endpoint_tests: self
                .endpoint_trait(
                    shape,
                    traits::ENDPOINT_TESTS,
                    aws_endpoint_rules::cases::from_trait,
                )?
                .map(|cases| endpoints::tests(&cases)),
            endpoint_bdd: endpoints::bdd(
                self.endpoint_trait(shape, traits::ENDPOINT_BDD, |v| {
                    aws_endpoint_rules::Bdd::from_value(v).map_err(|e| e.message().to_owned())
                })?
                .as_ref(),
            ),
        })
    }

    /// One of the service's endpoint traits, read by `parse`; an error names the trait.
    fn endpoint_trait<T>(
        &self,
        service: &crate::model::Shape,
        id: &str,
        parse: impl Fn(&Value) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        service
            .traits
            .get(id)
            .map(|v| parse(v).map_err(|e| self.err(format!("{} {id}", service.id), e)))
            .transpose()
    }

    // ---- pass: homes and names ----

    /// Decides the module and name of every named type and checks that none collide, in
    /// steps: which shapes live with one operation, the types' homes and names, the items each
    /// operation adds, and the empty types for Unit inputs and outputs.
    fn place_types(&mut self) -> Result<()> {
        let (io_users, targeted) = self.operation_io_users();
        let mut taken: BTreeMap<(Vec<String>, String), ShapeId> = BTreeMap::new();
        self.place_named_types(&io_users, &targeted, &mut taken)?;
        self.place_operation_items(&mut taken)?;
        self.place_unit_io(&mut taken)
    }

    /// Step: for each input or output structure, the operations that use it; and every shape
    /// some member, list or map targets. A structure used by exactly one operation and targeted
    /// by nothing lives with that operation.
    fn operation_io_users(&self) -> (IoUsers, BTreeSet<ShapeId>) {
        let mut io_users: IoUsers = BTreeMap::new();
        for op_id in &self.selection.operations {
            if let ShapeKind::Operation(op) = &self.model.shapes[op_id].kind {
                for (t, role) in [(&op.input, "Input"), (&op.output, "Output")] {
                    io_users
                        .entry(t.clone())
                        .or_default()
                        .push((op_id.clone(), role));
                }
            }
        }
        let mut targeted = BTreeSet::new();
        for id in &self.selection.shapes {
            match &self.model.shapes[id].kind {
                ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                    targeted.extend(ms.iter().map(|m| m.target.clone()))
                }
                ShapeKind::List(m) => {
                    targeted.insert(m.target.clone());
                }
                ShapeKind::Map { key, value } => {
                    targeted.extend([key.target.clone(), value.target.clone()])
                }
                _ => {}
            }
        }
        (io_users, targeted)
    }

    /// Step: the home (operation module, `types`, `types::error`) and name of every structure,
    /// union and enum, with its file claimed in its module's [`names::Scope`]. A structure that
    /// lives with its operation is named `{Op}Input` / `{Op}Output` whatever the model calls
    /// it, as in the official SDKs.
    fn place_named_types(
        &mut self,
        io_users: &IoUsers,
        targeted: &BTreeSet<ShapeId>,
        taken: &mut BTreeMap<(Vec<String>, String), ShapeId>,
    ) -> Result<()> {
        // One file per type in `types/` and `types/error/`, next to the generator's own modules.
        let mut type_files = names::Scope::new(names::TYPES_MODULES, "_");
        let mut error_files = names::Scope::new(names::TYPES_MODULES, "_");
        let model_path = self.model.path.clone();
        let claim_file = |scope: &mut names::Scope, file: &str, id: &ShapeId| {
            scope
                .claim(file, id.as_str())
                .map_err(|other| Error::Model {
                    path: model_path.clone(),
                    shape: id.to_string(),
                    message: format!(
                        "its module name `{}` is also used by {other}",
                        scope.resolve(file)
                    ),
                })
        };
        for id in &self.selection.shapes {
            let shape = &self.model.shapes[id];
            if !matches!(
                shape.kind,
                ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
                    | ShapeKind::Enum(_)
                    | ShapeKind::IntEnum(_)
            ) {
                continue;
            }
            let mut name = names::type_name(id.name());
            let home = match io_users.get(id).map(Vec::as_slice) {
                Some([(op, role)]) if !targeted.contains(id) && !shape.has(traits::ERROR) => {
                    name = names::type_name(&format!("{}{role}", op.name()));
                    Home::Operation {
                        module: names::module_name(op.name()),
                    }
                }
                _ if shape.has(traits::ERROR) => Home::Errors {
                    file: names::module_name(id.name()),
                },
                _ => Home::Types {
                    file: names::module_name(id.name()),
                },
            };
            let module = match &home {
                Home::Types { .. } => vec!["types".to_owned()],
                Home::Errors { .. } => vec!["types".to_owned(), "error".to_owned()],
                Home::Operation { module } => vec!["operation".to_owned(), module.clone()],
            };
            let builder = names::builder_name(&name);
            for item in [&name, &builder] {
                if let Some(other) = taken.insert((module.clone(), item.clone()), id.clone()) {
                    return Err(self.err(
                        id.as_str(),
                        format!(
                            "its Rust name `{item}` in `crate::{}` is also used by {other}",
                            module.join("::")
                        ),
                    ));
                }
            }
            let home = match home {
                Home::Types { file } => Home::Types {
                    file: claim_file(&mut type_files, &file, id)?,
                },
                Home::Errors { file } => Home::Errors {
                    file: claim_file(&mut error_files, &file, id)?,
                },
                operation => operation,
            };
            self.paths.insert(id.clone(), TypePath { module, name });
            self.homes.insert(id.clone(), home);
        }
        Ok(())
    }

    /// Step: the error enum and fluent builder each operation adds to its module.
    fn place_operation_items(
        &self,
        taken: &mut BTreeMap<(Vec<String>, String), ShapeId>,
    ) -> Result<()> {
        for op_id in &self.selection.operations {
            let module = vec!["operation".to_owned(), names::module_name(op_id.name())];
            let items = [
                names::error_enum_name(op_id.name()),
                names::fluent_builder_name(op_id.name()),
            ];
            for item in items {
                if let Some(other) = taken.insert((module.clone(), item.clone()), op_id.clone()) {
                    return Err(self.err(
                        op_id.as_str(),
                        format!("the type `{item}` it needs collides with {other}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Step: `{Op}Input` / `{Op}Output` for operations whose input or output is Unit.
    fn place_unit_io(
        &mut self,
        taken: &mut BTreeMap<(Vec<String>, String), ShapeId>,
    ) -> Result<()> {
        for op_id in &self.selection.operations {
            let ShapeKind::Operation(op) = &self.model.shapes[op_id].kind else {
                continue;
            };
            for (is_input, target, suffix) in
                [(true, &op.input, "Input"), (false, &op.output, "Output")]
            {
                if target.as_str() != crate::model::UNIT {
                    continue;
                }
                let module = vec!["operation".to_owned(), names::module_name(op_id.name())];
                let name = names::type_name(&format!("{}{suffix}", op_id.name()));
                for item in [name.clone(), names::builder_name(&name)] {
                    if let Some(other) = taken.insert((module.clone(), item.clone()), op_id.clone())
                    {
                        return Err(self.err(
                            op_id.as_str(),
                            format!(
                                "the empty {suffix} type `{item}` it needs collides with {other}"
                            ),
                        ));
                    }
                }
                self.unit_io
                    .insert((op_id.clone(), is_input), TypePath { module, name });
            }
        }
        Ok(())
    }

    /// Empty structures for Unit inputs and outputs, so every operation has both types.
    fn unit_io_types(&self) -> Vec<ir::TypeDef> {
        self.unit_io
            .iter()
            .map(|((op, is_input), path)| ir::TypeDef {
                wire_name: path.name.clone(),
                path: path.clone(),
                home: Home::Operation {
                    module: path.module[1].clone(),
                },
                docs: vec![format!(
                    "The {} of `{}`, which has no members.",
                    if *is_input { "input" } else { "output" },
                    op.name()
                )],
                deprecated: None,
                kind: TypeKind::Struct(ir::Struct {
                    fields: Vec::new(),
                    // Unit input/output types live in their operation's module, with their builder.
                    builder_path: TypePath {
                        module: path.module.clone(),
                        name: names::builder_name(&path.name),
                    },
                    builder: names::builder_name(&path.name),
                    role: StructRole::Plain,
                    fallible_build: *is_input,
                    redacted_debug: false,
                    message_field: None,
                }),
            })
            .collect()
    }
}
