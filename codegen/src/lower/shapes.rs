//! Part of stage 3, lower: named types (structures, enums, intEnums, unions) and the Rust type,
//! optionality, boxing, redaction and serde adapter of every member.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Lowering, string_trait};
use crate::error::Result;
use crate::ir::{
    self, Codec, Container, Field, Presence, RustType, StructRole, TypeKind, TypePath,
};
use crate::model::{Member, Shape, ShapeId, ShapeKind, traits};
use crate::names;

impl Lowering<'_> {
    // ---- named types ----

    pub(super) fn type_def(&self, shape: &Shape) -> Result<Option<ir::TypeDef>> {
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
            wire_name: shape.id.name().to_owned(),
            path: path.clone(),
            home: self.homes[&shape.id].clone(),
            docs: self.own_docs(&shape.traits),
            deprecated: Self::deprecation(&shape.traits),
            kind,
        }))
    }

    pub(super) fn is_operation_input(&self, id: &ShapeId) -> bool {
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
        let role = match string_trait(&shape.traits, traits::ERROR) {
            Some(fault) => StructRole::Error {
                client_fault: fault == "client",
                retryable: shape.has(traits::RETRYABLE),
            },
            None => StructRole::Plain,
        };
        let mut fields = Vec::new();
        let mut methods = names::Scope::new(names::BUILDER_METHODS, "_value");
        let mut accessors = names::Scope::new(
            match role {
                StructRole::Error { .. } => names::ERROR_METHODS,
                StructRole::Plain => names::STRUCT_METHODS,
            },
            "_value",
        );
        for m in members {
            let mut field = self.field(shape, m, all_optional)?;
            let owner = format!("member `{}`", m.name);
            for method in [&mut field.setter, &mut field.set_setter, &mut field.getter] {
                *method = methods.claim(method, &owner).map_err(|other| {
                    self.err(
                        shape.id.member(&m.name),
                        format!("its builder method `{method}` is also the method of {other}"),
                    )
                })?;
            }
            if let Some(accessor) = &mut field.accessor {
                *accessor = accessors.claim(accessor, &owner).map_err(|other| {
                    self.err(
                        shape.id.member(&m.name),
                        format!("its accessor `{accessor}` is also the accessor of {other}"),
                    )
                })?;
            }
            fields.push(field);
        }
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
        // An error's message member is read through its `message()`, not a second accessor.
        if let Some(message) = &message_field {
            for f in fields.iter_mut().filter(|f| &f.name == message) {
                f.accessor = None;
            }
        }
        let builder_path = builder_path(&self.homes[&shape.id], &self.paths[&shape.id], &builder);
        Ok(ir::Struct {
            redacted_debug: fields.iter().any(|f| f.redact),
            fallible_build: all_optional || fields.iter().any(|f| f.required_in_builder),
            fields,
            builder_path,
            builder,
            role,
            message_field,
        })
    }

    pub(super) fn field(&self, owner: &Shape, m: &Member, all_optional: bool) -> Result<Field> {
        let member_path = owner.id.member(&m.name);
        let target = &self.model.shapes[&m.target];
        let mut ty = self.rust_type(&member_path, &m.target)?;
        if self.needs_box(&owner.id, &m.target) {
            ty = RustType::Boxed(Box::new(ty));
        }
        let required = m.traits.contains_key(traits::REQUIRED);
        // A member's own `@default` wins over its target's; `@default(null)` removes it.
        let default = match m.traits.get(traits::DEFAULT) {
            Some(Value::Null) => None,
            Some(own) => Some(own),
            None => target.traits.get(traits::DEFAULT),
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
        let serde_with = self
            .leaf_codec(&m.traits, &m.target)
            .and_then(|codec| {
                codec
                    .map(|c| wire_adapter(c, &ty, presence == Presence::Optional))
                    .transpose()
            })
            .map_err(|why| self.err(member_path.clone(), why))?;
        Ok(Field {
            wire_name: m.name.clone(),
            name: names::field_name(&m.name),
            debug_label: names::debug_label(&m.name),
            setter: names::escape_ident(base.clone()),
            set_setter: names::escape_ident(format!("set_{}", base.trim_start_matches('_'))),
            getter: names::escape_ident(format!("get_{}", base.trim_start_matches('_'))),
            accessor: Some(names::field_name(&m.name)),
            ty,
            presence,
            required_in_builder: required,
            redact: self.is_sensitive(&m.target, &mut BTreeSet::new()),
            docs: self.own_docs(&m.traits),
            deprecated: Self::deprecation(&m.traits),
            serde_with,
        })
    }

    /// The codec for the values a member holds, when serde's own form is not the wire form:
    /// floats, and timestamps whose `@timestampFormat` (the member's, else its target's) is
    /// not epoch seconds. Looks through lists and maps to their items.
    fn leaf_codec(
        &self,
        member_traits: &crate::model::Traits,
        target: &ShapeId,
    ) -> Result<Option<Codec>, String> {
        let shape = &self.model.shapes[target];
        Ok(match &shape.kind {
            ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal => Some(Codec::Float),
            ShapeKind::Timestamp => {
                let format = string_trait(member_traits, traits::TIMESTAMP_FORMAT)
                    .or_else(|| string_trait(&shape.traits, traits::TIMESTAMP_FORMAT));
                match format {
                    None | Some("epoch-seconds") => None,
                    Some("date-time") => Some(Codec::DateTime),
                    Some("http-date") => Some(Codec::HttpDate),
                    Some(other) => {
                        return Err(format!(
                            "`@timestampFormat(\"{other}\")` is not a timestamp format (epoch-seconds, date-time, http-date)"
                        ));
                    }
                }
            }
            ShapeKind::List(item) => self.leaf_codec(&item.traits, &item.target)?,
            ShapeKind::Map { value, .. } => self.leaf_codec(&value.traits, &value.target)?,
            _ => None,
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
            ShapeKind::Timestamp => RustType::DateTime,
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
        let mut variants = names::Scope::new(&[], "");
        let mut out = Vec::new();
        for m in members {
            let name = names::variant_name(&m.name);
            let name = variants.claim(&name, &m.name).map_err(|other| {
                self.err(
                    shape.id.member(&m.name),
                    format!("its variant name `{name}` is also the name of member `{other}`"),
                )
            })?;
            out.push(name);
        }
        let unknown = names::free_variant("Unknown", &out);
        Ok((out, unknown))
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
                match self
                    .leaf_codec(&m.traits, &m.target)
                    .map_err(|why| self.err(at.clone(), why))?
                {
                    None => {}
                    Some(Codec::Float) if matches!(ty, RustType::F32 | RustType::F64) => {}
                    Some(Codec::Float) => {
                        return Err(self.err(
                            at,
                            "a union member holding a collection of floats is not supported yet",
                        ));
                    }
                    Some(_) => {
                        return Err(self.err(
                            at,
                            "a union member holding a timestamp with a `@timestampFormat` is not supported yet",
                        ));
                    }
                }
                Some(ty)
            };
            variants.push(ir::UnionVariant {
                wire_name: m.name.clone(),
                redact: self.is_sensitive(&m.target, &mut BTreeSet::new()),
                docs: self.own_docs(&m.traits),
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

/// The adapter for a field holding values of `codec`, by the field's container.
fn wire_adapter(codec: Codec, ty: &RustType, optional: bool) -> Result<ir::WireAdapter, String> {
    let leaf = |t: &RustType| matches!(t, RustType::F32 | RustType::F64 | RustType::DateTime);
    let container = match (ty, optional) {
        (t, false) if leaf(t) => Container::Plain,
        (t, true) if leaf(t) => Container::Option,
        (RustType::List(item), false) if leaf(item) => Container::List,
        (RustType::List(item), true) if leaf(item) => Container::OptionList,
        (RustType::Map(_, value), false) if leaf(value) => Container::Map,
        (RustType::Map(_, value), true) if leaf(value) => Container::OptionMap,
        _ => {
            let what = match codec {
                Codec::Float => "floats",
                Codec::DateTime | Codec::HttpDate => "timestamps with a `@timestampFormat`",
            };
            return Err(format!(
                "{what} nested deeper than one list or map (or in a sparse one) are not supported yet"
            ));
        }
    };
    Ok(ir::WireAdapter { codec, container })
}

/// Where a struct's builder is public, given the struct's home and path.
pub(super) fn builder_path(home: &ir::Home, path: &TypePath, builder: &str) -> TypePath {
    let module = match home {
        ir::Home::Types { .. } => vec!["types".to_owned(), "builders".to_owned()],
        ir::Home::Errors { .. } => {
            vec![
                "types".to_owned(),
                "error".to_owned(),
                "builders".to_owned(),
            ]
        }
        ir::Home::Operation { .. } => path.module.clone(),
    };
    TypePath {
        module,
        name: builder.to_owned(),
    }
}
