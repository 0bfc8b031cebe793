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
use crate::ir::{
    self, Deprecation, Field, Home, Presence, RustType, StructRole, TypeKind, TypePath,
};
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, traits};
use crate::names;
use crate::select::Selection;

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
    Ok(ir::Crate {
        library: names::library_name(&options.package),
        package: options.package.clone(),
        service,
        types,
        operations,
    })
}

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
        if !shape.has(traits::AWS_JSON_1_1) {
            return Err(self.err(shape.id.as_str(), "this generator emits awsJson1_1 clients, but the service has no `aws.protocols#awsJson1_1` trait"));
        }
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
            version: svc.version.clone(),
            signing_name,
            sdk_id,
            endpoint_prefix,
            docs: self.docs(&shape.traits, || format!("The {name} service.")),
            endpoint_rules: crate::endpoints::rule_set(self.model, shape)?,
            endpoint_tests: crate::endpoints::tests(self.model, shape)?,
        })
    }

    // ---- pass: homes and names ----

    /// Decides the module and name of every named type and checks that none collide.
    fn place_types(&mut self) -> Result<()> {
        // Input and output structures used by exactly one operation, and targeted by no member,
        // live with that operation.
        let mut io_users: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
        for op_id in &self.selection.operations {
            if let ShapeKind::Operation(op) = &self.model.shapes[op_id].kind {
                for t in [&op.input, &op.output] {
                    io_users.entry(t).or_default().push(op_id);
                }
            }
        }
        let mut targeted = BTreeSet::new();
        for id in &self.selection.shapes {
            match &self.model.shapes[id].kind {
                ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                    targeted.extend(ms.iter().map(|m| &m.target))
                }
                ShapeKind::List(m) => {
                    targeted.insert(&m.target);
                }
                ShapeKind::Map { key, value } => targeted.extend([&key.target, &value.target]),
                _ => {}
            }
        }
        let mut taken: BTreeMap<(Vec<String>, String), ShapeId> = BTreeMap::new();
        let mut files: BTreeMap<(bool, String), ShapeId> = BTreeMap::new();
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
            let name = names::type_name(id.name());
            let home = match io_users.get(id) {
                Some(ops)
                    if ops.len() == 1 && !targeted.contains(id) && !shape.has(traits::ERROR) =>
                {
                    Home::Operation {
                        module: names::module_name(ops[0].name()),
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
            if let Home::Types { file } | Home::Errors { file } = &home {
                let key = (matches!(home, Home::Errors { .. }), file.clone());
                if let Some(other) = files.insert(key, id.clone()) {
                    return Err(self.err(
                        id.as_str(),
                        format!("its module name `{file}` is also used by {other}"),
                    ));
                }
            }
            self.paths.insert(id.clone(), TypePath { module, name });
            self.homes.insert(id.clone(), home);
        }
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
                shape_id: crate::model::UNIT.to_owned(),
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
                    builder: names::builder_name(&path.name),
                    role: StructRole::Plain,
                    redacted_debug: false,
                    message_field: None,
                }),
            })
            .collect()
    }

    // ---- named types ----

    fn type_def(&self, shape: &Shape) -> Result<Option<ir::TypeDef>> {
        let Some(path) = self.paths.get(&shape.id) else {
            return Ok(None);
        };
        let kind = match &shape.kind {
            ShapeKind::Structure(members) => TypeKind::Struct(self.structure(shape, members)?),
            ShapeKind::Enum(members) => TypeKind::Enum(self.enumeration(shape, members)?),
            ShapeKind::IntEnum(members) => TypeKind::IntEnum(self.int_enumeration(shape, members)?),
            ShapeKind::Union(members) => TypeKind::Union(self.union(shape, members)?),
            _ => return Ok(None),
        };
        Ok(Some(ir::TypeDef {
            shape_id: shape.id.to_string(),
            wire_name: shape.id.name().to_owned(),
            path: path.clone(),
            home: self.homes[&shape.id].clone(),
            docs: self.docs(&shape.traits, || {
                format!("The `{}` shape of the model.", shape.id.name())
            }),
            deprecated: Self::deprecation(&shape.traits),
            kind,
        }))
    }

    fn is_operation_input(&self, id: &ShapeId) -> bool {
        self.selection
            .operations
            .iter()
            .any(|op| match &self.model.shapes[op].kind {
                ShapeKind::Operation(o) => &o.input == id,
                _ => false,
            })
    }

    fn structure(&self, shape: &Shape, members: &[Member]) -> Result<ir::Struct> {
        let all_optional = shape.has(traits::INPUT) || self.is_operation_input(&shape.id);
        let builder = names::builder_name(&self.paths[&shape.id].name);
        let mut fields = Vec::new();
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        for m in members {
            let field = self.field(shape, m, all_optional)?;
            for method in [&field.setter, &field.set_setter, &field.name] {
                if method == "build" || method == "builder" {
                    return Err(self.err(
                        shape.id.member(&m.name),
                        format!("its Rust name `{method}` collides with the builder's own method"),
                    ));
                }
            }
            for method in [field.setter.clone(), field.set_setter.clone()] {
                if let Some(other) = used.insert(method.clone(), m.name.clone()) {
                    return Err(self.err(
                        shape.id.member(&m.name),
                        format!("its Rust name `{method}` collides with member `{other}`"),
                    ));
                }
            }
            fields.push(field);
        }
        let role = match string_trait(&shape.traits, traits::ERROR) {
            Some(fault) => StructRole::Error {
                client_fault: fault == "client",
                retryable: shape.has(traits::RETRYABLE),
            },
            None => StructRole::Plain,
        };
        let message_field = match role {
            StructRole::Error { .. } => fields
                .iter()
                .find(|f| {
                    f.wire_name.eq_ignore_ascii_case("message") || f.wire_name == "errorMessage"
                })
                .filter(|f| f.ty == RustType::String)
                .map(|f| f.name.clone()),
            StructRole::Plain => None,
        };
        Ok(ir::Struct {
            redacted_debug: fields.iter().any(|f| f.redact),
            fields,
            builder,
            role,
            message_field,
        })
    }

    fn field(&self, owner: &Shape, m: &Member, all_optional: bool) -> Result<Field> {
        let member_path = owner.id.member(&m.name);
        let target = &self.model.shapes[&m.target];
        let mut ty = self.rust_type(&member_path, &m.target)?;
        if self.needs_box(&owner.id, &m.target) {
            ty = RustType::Boxed(Box::new(ty));
        }
        let required = m.traits.contains_key(traits::REQUIRED);
        let default = m
            .traits
            .get(traits::DEFAULT)
            .or_else(|| target.traits.get(traits::DEFAULT));
        let default = match m.traits.get(traits::DEFAULT) {
            Some(Value::Null) => None,
            _ => default,
        };
        let presence = if all_optional || m.traits.contains_key(traits::CLIENT_OPTIONAL) {
            Presence::Optional
        } else if required {
            Presence::Required
        } else if default.is_some_and(is_zero_value) && supports_zero_default(&ty) {
            Presence::Defaulted
        } else {
            Presence::Optional
        };
        let base = names::snake(&m.name);
        let serde_with = float_adapter(&ty, presence == Presence::Optional)
            .map_err(|why| self.err(member_path.clone(), why))?;
        Ok(Field {
            wire_name: m.name.clone(),
            name: names::field_name(&m.name),
            debug_label: names::debug_label(&m.name),
            setter: names::escape_ident(base.clone()),
            set_setter: names::escape_ident(format!("set_{base}")),
            ty,
            presence,
            required_in_builder: required,
            redact: self.is_sensitive(&m.target, &mut BTreeSet::new()),
            idempotency_token: m.traits.contains_key(traits::IDEMPOTENCY_TOKEN),
            docs: self.docs(&m.traits, || format!("The `{}` member.", m.name)),
            deprecated: Self::deprecation(&m.traits),
            serde_with,
        })
    }

    /// The Rust type for a member targeting `target`.
    fn rust_type(&self, at: &str, target: &ShapeId) -> Result<RustType> {
        let shape = &self.model.shapes[target];
        Ok(match &shape.kind {
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::String => RustType::String,
            ShapeKind::Byte => RustType::I8,
            ShapeKind::Short => RustType::I16,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double | ShapeKind::BigDecimal => RustType::F64,
            ShapeKind::BigInteger => RustType::I128,
            ShapeKind::Timestamp => {
                if let Some(format) = string_trait(&shape.traits, traits::TIMESTAMP_FORMAT)
                    .filter(|f| *f != "epoch-seconds")
                {
                    return Err(self.err(at, format!("`@timestampFormat(\"{format}\")` is not supported yet; awsJson1_1 uses epoch-seconds")));
                }
                RustType::DateTime
            }
            ShapeKind::Document => RustType::Document,
            ShapeKind::List(member) => {
                let item = self.rust_type(at, &member.target)?;
                let item = if shape.has(traits::SPARSE) {
                    RustType::Nullable(Box::new(item))
                } else {
                    item
                };
                RustType::List(Box::new(item))
            }
            ShapeKind::Map { key, value } => {
                let k = self.rust_type(at, &key.target)?;
                let v = self.rust_type(at, &value.target)?;
                let v = if shape.has(traits::SPARSE) {
                    RustType::Nullable(Box::new(v))
                } else {
                    v
                };
                RustType::Map(Box::new(k), Box::new(v))
            }
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => RustType::Named(
                self.paths
                    .get(target)
                    .cloned()
                    .ok_or_else(|| self.err(at, format!("target {target} was not selected")))?,
            ),
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_) => {
                return Err(self.err(
                    at,
                    format!("cannot target {} shape {target}", shape.kind.type_name()),
                ));
            }
        })
    }

    /// A direct structure/union member must be boxed when its target leads back to the owner
    /// without passing through a list or map (which already put values on the heap).
    fn needs_box(&self, owner: &ShapeId, target: &ShapeId) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![target];
        while let Some(id) = stack.pop() {
            if id == owner {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            if let ShapeKind::Structure(ms) | ShapeKind::Union(ms) = &self.model.shapes[id].kind {
                stack.extend(ms.iter().map(|m| &m.target));
            }
        }
        false
    }

    /// Whether values of `id` must not be printed: `@sensitive` on the shape, or on what a
    /// list or map of it holds. Structures and unions redact their own members instead.
    fn is_sensitive(&self, id: &ShapeId, seen: &mut BTreeSet<ShapeId>) -> bool {
        if !seen.insert(id.clone()) {
            return false;
        }
        let shape = &self.model.shapes[id];
        if shape.has(traits::SENSITIVE) {
            return true;
        }
        match &shape.kind {
            ShapeKind::List(m) => self.is_sensitive(&m.target, seen),
            ShapeKind::Map { key, value } => {
                self.is_sensitive(&key.target, seen) || self.is_sensitive(&value.target, seen)
            }
            _ => false,
        }
    }

    /// Variant names for `members` (checked for collisions), and the name of the variant that
    /// holds unknown values.
    fn variant_names(&self, shape: &Shape, members: &[Member]) -> Result<(Vec<String>, String)> {
        let mut taken: BTreeMap<String, &str> = BTreeMap::new();
        let mut out = Vec::new();
        for m in members {
            let name = names::variant_name(&m.name);
            if let Some(other) = taken.insert(name.clone(), &m.name) {
                return Err(self.err(
                    shape.id.member(&m.name),
                    format!("its variant name `{name}` is also the name of member `{other}`"),
                ));
            }
            out.push(name);
        }
        Ok((
            out,
            names::unknown_variant(&taken.into_keys().collect::<Vec<_>>()),
        ))
    }

    fn enumeration(&self, shape: &Shape, members: &[Member]) -> Result<ir::Enum> {
        let (names, unknown) = self.variant_names(shape, members)?;
        let variants = members
            .iter()
            .zip(names)
            .map(|(m, name)| {
                let value = string_trait(&m.traits, traits::ENUM_VALUE)
                    .unwrap_or(&m.name)
                    .to_owned();
                ir::Variant {
                    docs: self.docs(&m.traits, || format!("`{value}`")),
                    deprecated: Self::deprecation(&m.traits),
                    name,
                    value,
                }
            })
            .collect();
        Ok(ir::Enum { variants, unknown })
    }

    fn int_enumeration(&self, shape: &Shape, members: &[Member]) -> Result<ir::IntEnum> {
        let (names, unknown) = self.variant_names(shape, members)?;
        let variants = members
            .iter()
            .zip(names)
            .map(|(m, name)| {
                let value = m
                    .traits
                    .get(traits::ENUM_VALUE)
                    .and_then(Value::as_i64)
                    .and_then(|v| i32::try_from(v).ok())
                    .expect("validate checked that intEnum values are integers that fit in i32");
                ir::IntVariant {
                    docs: self.docs(&m.traits, || format!("`{value}`")),
                    deprecated: Self::deprecation(&m.traits),
                    name,
                    value,
                }
            })
            .collect();
        Ok(ir::IntEnum { variants, unknown })
    }

    fn union(&self, shape: &Shape, members: &[Member]) -> Result<ir::Union> {
        let (names, unknown) = self.variant_names(shape, members)?;
        let mut variants = Vec::new();
        for (m, name) in members.iter().zip(names) {
            let at = shape.id.member(&m.name);
            let ty = if m.target.as_str() == crate::model::UNIT {
                None
            } else {
                let mut ty = self.rust_type(&at, &m.target)?;
                if self.needs_box(&shape.id, &m.target) {
                    ty = RustType::Boxed(Box::new(ty));
                }
                if contains_float(&ty) && !matches!(ty, RustType::F32 | RustType::F64) {
                    return Err(self.err(
                        at,
                        "a union member holding a collection of floats is not supported yet",
                    ));
                }
                Some(ty)
            };
            variants.push(ir::UnionVariant {
                wire_name: m.name.clone(),
                redact: self.is_sensitive(&m.target, &mut BTreeSet::new()),
                docs: self.docs(&m.traits, || format!("The `{}` member.", m.name)),
                deprecated: Self::deprecation(&m.traits),
                name,
                ty,
            });
        }
        Ok(ir::Union {
            redacted_debug: variants.iter().any(|v| v.redact),
            variants,
            unknown,
        })
    }

    // ---- operations ----

    fn operation(&self, shape: &Shape) -> Result<ir::Operation> {
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(self.err(shape.id.as_str(), "is not an operation"));
        };
        let path_of = |id: &ShapeId| {
            self.paths
                .get(id)
                .cloned()
                .ok_or_else(|| self.err(shape.id.as_str(), format!("{id} has no Rust type")))
        };
        let service_errors = match &self.model.shapes[&self.selection.service].kind {
            ShapeKind::Service(svc) => svc.errors.clone(),
            _ => Vec::new(),
        };
        let error_ids: BTreeSet<&ShapeId> = op.errors.iter().chain(&service_errors).collect();
        let mut errors = Vec::new();
        for id in error_ids {
            errors.push(ir::OperationError {
                variant: names::type_name(id.name()),
                path: path_of(id)?,
                code: id.name().to_owned(),
                retryable: self.model.shapes[id].has(traits::RETRYABLE),
            });
        }
        errors.sort_by(|a, b| a.variant.cmp(&b.variant));
        for pair in errors.windows(2) {
            if pair[0].variant == pair[1].variant {
                return Err(self.err(
                    shape.id.as_str(),
                    format!(
                        "two of its errors are both named `{}` in Rust",
                        pair[0].variant
                    ),
                ));
            }
        }
        let unhandled_variant = match errors.iter().any(|e| e.variant == "Unhandled") {
            true => "UnhandledError".to_owned(),
            false => "Unhandled".to_owned(),
        };
        let idempotency_tokens = match &self.model.shapes[&op.input].kind {
            ShapeKind::Structure(members) => members
                .iter()
                .filter(|m| m.traits.contains_key(traits::IDEMPOTENCY_TOKEN))
                .map(|m| names::field_name(&m.name))
                .collect(),
            _ => Vec::new(),
        };
        let fn_name = names::field_name(shape.id.name());
        Ok(ir::Operation {
            error_enum: names::error_enum_name(shape.id.name()),
            unhandled_variant,
            fluent_builder: names::fluent_builder_name(shape.id.name()),
            idempotency_tokens,
            wire_name: shape.id.name().to_owned(),
            module: names::module_name(shape.id.name()),
            fn_name,
            input: self
                .unit_io
                .get(&(shape.id.clone(), true))
                .cloned()
                .map_or_else(|| path_of(&op.input), Ok)?,
            output: self
                .unit_io
                .get(&(shape.id.clone(), false))
                .cloned()
                .map_or_else(|| path_of(&op.output), Ok)?,
            errors,
            docs: self.docs(&shape.traits, || format!("Calls `{}`.", shape.id.name())),
            deprecated: Self::deprecation(&shape.traits),
        })
    }
}

/// Zero values in the sense of aws-default-zero-value.rst.
fn is_zero_value(v: &Value) -> bool {
    match v {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => false,
    }
}

/// Types whose `Default` is the Smithy zero value (enums and documents are not).
fn supports_zero_default(ty: &RustType) -> bool {
    !matches!(
        ty,
        RustType::Named(_) | RustType::Document | RustType::Boxed(_)
    )
}

fn contains_float(ty: &RustType) -> bool {
    match ty {
        RustType::F32 | RustType::F64 => true,
        RustType::List(t) | RustType::Nullable(t) | RustType::Boxed(t) => contains_float(t),
        RustType::Map(k, v) => contains_float(k) || contains_float(v),
        _ => false,
    }
}

/// awsJson writes non-finite floats as strings ("NaN", "Infinity", "-Infinity"); serde does
/// not, so float members go through a runtime adapter chosen here.
fn float_adapter(ty: &RustType, optional: bool) -> Result<Option<String>, String> {
    if !contains_float(ty) {
        return Ok(None);
    }
    let shape = match ty {
        RustType::F32 | RustType::F64 => "",
        RustType::List(item) if matches!(**item, RustType::F32 | RustType::F64) => "list",
        RustType::Map(_, value) if matches!(**value, RustType::F32 | RustType::F64) => "map",
        _ => {
            return Err(
                "floats nested deeper than one list or map are not supported yet".to_owned(),
            );
        }
    };
    let module = match (optional, shape) {
        (false, "") => "float".to_owned(),
        (true, "") => "float::option".to_owned(),
        (false, s) => format!("float::{s}"),
        (true, s) => format!("float::option_{s}"),
    };
    Ok(Some(module))
}
