//! Part of stage 3, lower: named types (structures, enums, intEnums, unions), and the Rust
//! type, optionality, boxing, redaction and serde adapter of every member.
//!
//! Member optionality follows the non-authoritative (client) column of aggregate-types.rst,
//! "Structure member optionality": every member of an operation input (or `@input`) structure
//! and every `@clientOptional` member is `Option<T>`; otherwise `@required` members are `T`,
//! members with a `@default` are `T`, and all others are `Option<T>`.
//!
//! A member with a `@default` takes that value when it is not set (the builder fills it in,
//! so it is sent: type-refinement-traits.rst, "Default value serialization") and when a
//! response leaves it out; a `@required` member a response leaves out reads as its zero value
//! (aggregate-types.rst, "Client error correction"). Top-level members of an input are
//! `Option<T>` and sent only when set. Builders still reject a missing `@required` member in
//! every structure, inputs included, so a bad request fails before it is sent.

use std::collections::BTreeSet;

use super::Lowering;
use crate::error::Result;
use crate::ir::{
    self, Codec, ErrorStruct, Field, MessageField, Presence, RustType, TypeDef, TypeKind,
};
use crate::model::{DefaultValue, Member, Model, Shape, ShapeId, ShapeKind, TimestampFormat};
use crate::names;

/// The members whose string value an error's `message()` reads, as the runtime reads the
/// message of an error body (aws-json.rst: `message`, `Message` or `errorMessage`). The
/// runtime's `aws_json::ERROR_MESSAGE_KEYS` must be the same list; a test holds them equal.
pub const ERROR_MESSAGE_MEMBERS: [&str; 3] = ["message", "Message", "errorMessage"];

impl Lowering<'_> {
    /// The named type of `shape`, when it is one.
    pub(super) fn type_def(&self, shape: &Shape) -> Result<Option<TypeDef>> {
        let Some(path) = self.placement.paths.get(&shape.id) else {
            return Ok(None);
        };
        let kind = match &shape.kind {
            ShapeKind::Structure(members) => TypeKind::Struct(self.structure(shape, members)?),
            ShapeKind::Enum(members) => TypeKind::Enum(self.enumeration(shape, members)?),
            ShapeKind::IntEnum(members) => TypeKind::IntEnum(self.int_enumeration(shape, members)?),
            ShapeKind::Union(members) => TypeKind::Union(self.union(shape, members)?),
            _ => return Ok(None),
        };
        let home = self.placement.homes[&shape.id].clone();
        Ok(Some(TypeDef {
            wire_name: shape.id.name().to_owned(),
            file: type_file(&home),
            path: path.clone(),
            home,
            docs: self.own_docs(shape.traits.documentation.as_deref()),
            deprecated: deprecation(&shape.traits.deprecated),
            kind,
        }))
    }

    /// Whether `id` is an operation input: every member of it is optional.
    pub(super) fn is_input(&self, id: &ShapeId) -> bool {
        self.model.shapes[id].traits.input || self.inputs.contains(id)
    }

    fn structure(&self, shape: &Shape, members: &[Member]) -> Result<ir::Struct> {
        let all_optional = self.is_input(&shape.id);
        let is_error = shape.traits.error.is_some();
        let mut fields = self.fields(shape, members, all_optional, is_error)?;
        let error = is_error.then(|| {
            let message_field = fields
                .iter_mut()
                .find(|f| {
                    ERROR_MESSAGE_MEMBERS.contains(&f.wire_name.as_str())
                        && f.ty == RustType::String
                })
                .map(|f| {
                    // Read through the error's `message()`, not a second accessor.
                    f.accessor = None;
                    MessageField {
                        name: f.name.clone(),
                        optional: f.presence == Presence::Optional,
                    }
                });
            ErrorStruct { message_field }
        });
        let path = &self.placement.paths[&shape.id];
        let builder = names::builder_name(&path.name);
        Ok(ir::Struct {
            redacted_debug: fields.iter().any(|f| f.redact),
            fallible_build: all_optional || fields.iter().any(|f| f.required_in_builder),
            builder_path: builder_path(&self.placement.homes[&shape.id], path, &builder),
            fields,
            builder,
            error,
            output: self.outputs.contains(&shape.id),
        })
    }

    /// The fields of a structure, their builder methods and accessors claimed in the scopes of
    /// the builder's and the structure's own methods.
    fn fields(
        &self,
        shape: &Shape,
        members: &[Member],
        all_optional: bool,
        is_error: bool,
    ) -> Result<Vec<Field>> {
        let mut methods = names::Scope::new(names::BUILDER_METHODS, "_value");
        let mut accessors = names::Scope::new(
            if is_error {
                names::ERROR_METHODS
            } else {
                names::STRUCT_METHODS
            },
            "_value",
        );
        let mut fields = Vec::new();
        for m in members {
            let mut field = self.field(&shape.id, m, all_optional);
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
        Ok(fields)
    }

    /// A structure member; `all_optional` for members of operation inputs.
    pub(super) fn field(&self, owner: &ShapeId, m: &Member, all_optional: bool) -> Field {
        let mut ty = self.rust_type(&m.target);
        if self.recursion.needs_box(owner, &m.target) {
            ty = RustType::Boxed(Box::new(ty));
        }
        // A default the type's `Default` gives (0, "", [], …) needs no value of its own.
        let explicit = m
            .traits
            .default
            .clone()
            .filter(|d| !(d.is_zero() && supports_zero_default(&ty)));
        let presence = if all_optional || m.traits.client_optional {
            Presence::Optional
        } else if m.traits.required {
            Presence::Required
        } else if m.traits.default.is_some() && (explicit.is_none() || supports_default_value(&ty))
        {
            Presence::Defaulted
        } else {
            Presence::Optional
        };
        // A timestamp's zero value, the epoch, is written out like any other default:
        // aws-smithy-types' `DateTime` (the `interop` feature) has no `Default` to derive from.
        let zero_time = (presence != Presence::Optional && ty == RustType::DateTime)
            .then_some(DefaultValue::Timestamp(0, 0));
        let default = explicit
            .filter(|_| presence != Presence::Optional && supports_default_value(&ty))
            .or(zero_time);
        let serde_with = codec(self.model, m);
        let [setter, set_setter, getter] = names::setter_names(&m.name);
        Field {
            wire_name: m.name.clone(),
            name: names::field_name(&m.name),
            debug_label: names::debug_label(&m.name),
            setter,
            set_setter,
            getter,
            accessor: Some(names::field_name(&m.name)),
            ty,
            presence,
            default,
            required_in_builder: m.traits.required,
            redact: self.is_sensitive(&m.target),
            docs: self.own_docs(m.traits.documentation.as_deref()),
            deprecated: deprecation(&m.traits.deprecated),
            serde_with,
        }
    }

    /// The Rust type for a member targeting `target` (validation bounded list and map nesting
    /// and ruled out cycles through them, so this recursion ends).
    pub(super) fn rust_type(&self, target: &ShapeId) -> RustType {
        let shape = &self.model.shapes[target];
        let collection_item = |t: RustType| {
            if shape.traits.sparse {
                RustType::Nullable(Box::new(t))
            } else {
                t
            }
        };
        match &shape.kind {
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
                RustType::List(Box::new(collection_item(self.rust_type(&member.target))))
            }
            ShapeKind::Map { key, value } => RustType::Map(
                Box::new(self.rust_type(&key.target)),
                Box::new(collection_item(self.rust_type(&value.target))),
            ),
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => RustType::Named(self.placement.paths[target].clone()),
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_) => {
                unreachable!(
                    "validation refuses members that target {}",
                    shape.kind.type_name()
                )
            }
        }
    }

    /// Whether values of `id` must not be printed: `@sensitive` on the shape, or on what a
    /// list or map of it holds. Structures and unions redact their own members instead.
    fn is_sensitive(&self, id: &ShapeId) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![id];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let shape = &self.model.shapes[id];
            if shape.traits.sensitive {
                return true;
            }
            match &shape.kind {
                ShapeKind::List(m) => stack.push(&m.target),
                ShapeKind::Map { key, value } => stack.extend([&key.target, &value.target]),
                _ => {}
            }
        }
        false
    }

    /// Variant names (checked for collisions), and the name of the variant for unknown values.
    fn variant_names<'n>(
        &self,
        shape: &Shape,
        members: impl Iterator<Item = &'n str>,
    ) -> Result<(Vec<String>, String)> {
        let mut variants = names::Scope::new(&[], "");
        let mut out = Vec::new();
        for member in members {
            let name = names::variant_name(member);
            let name = variants.claim(&name, member).map_err(|other| {
                self.err(
                    shape.id.member(member),
                    format!("its variant name `{name}` is also the name of member `{other}`"),
                )
            })?;
            out.push(name);
        }
        let unknown = names::free_variant("Unknown", &out);
        Ok((out, unknown))
    }

    fn enumeration(&self, shape: &Shape, members: &[crate::model::EnumMember]) -> Result<ir::Enum> {
        let (names, unknown) =
            self.variant_names(shape, members.iter().map(|m| m.name.as_str()))?;
        let variants = members
            .iter()
            .zip(names)
            .map(|(m, name)| ir::Variant {
                docs: self.docs_or(m.documentation.as_deref(), || format!("`{}`", m.value)),
                deprecated: deprecation(&m.deprecated),
                name,
                value: m.value.clone(),
            })
            .collect();
        Ok(ir::Enum { variants, unknown })
    }

    fn int_enumeration(
        &self,
        shape: &Shape,
        members: &[crate::model::IntEnumMember],
    ) -> Result<ir::IntEnum> {
        let (names, unknown) =
            self.variant_names(shape, members.iter().map(|m| m.name.as_str()))?;
        let variants = members
            .iter()
            .zip(names)
            .map(|(m, name)| ir::IntVariant {
                docs: self.docs_or(m.documentation.as_deref(), || format!("`{}`", m.value)),
                deprecated: deprecation(&m.deprecated),
                name,
                value: m.value,
            })
            .collect();
        Ok(ir::IntEnum { variants, unknown })
    }

    fn union(&self, shape: &Shape, members: &[Member]) -> Result<ir::Union> {
        let (names, unknown) =
            self.variant_names(shape, members.iter().map(|m| m.name.as_str()))?;
        let variants: Vec<ir::UnionVariant> = members
            .iter()
            .zip(names)
            .map(|(m, name)| {
                let ty = (m.target.as_str() != crate::model::UNIT).then(|| {
                    let ty = self.rust_type(&m.target);
                    if self.recursion.needs_box(&shape.id, &m.target) {
                        RustType::Boxed(Box::new(ty))
                    } else {
                        ty
                    }
                });
                ir::UnionVariant {
                    wire_name: m.name.clone(),
                    codec: ty.as_ref().and_then(|_| codec(self.model, m)),
                    redact: self.is_sensitive(&m.target),
                    docs: self.own_docs(m.traits.documentation.as_deref()),
                    deprecated: deprecation(&m.traits.deprecated),
                    name,
                    ty,
                }
            })
            .collect();
        Ok(ir::Union {
            redacted_debug: variants.iter().any(|v| v.redact),
            variants,
            unknown,
        })
    }
}

/// `@deprecated` as the attribute's note.
pub(super) fn deprecation(d: &Option<crate::model::Deprecated>) -> Option<ir::Deprecation> {
    let d = d.as_ref()?;
    let note = match (&d.since, &d.message) {
        (Some(s), Some(m)) => Some(format!("since {s}: {m}")),
        (Some(s), None) => Some(format!("since {s}")),
        (None, Some(m)) => Some(m.clone()),
        (None, None) => None,
    };
    Some(ir::Deprecation { note })
}

/// Types whose `Default` is the Smithy zero value (enums, documents and timestamps are not).
fn supports_zero_default(ty: &RustType) -> bool {
    !matches!(
        ty,
        RustType::Named(_) | RustType::Document | RustType::Boxed(_) | RustType::DateTime
    )
}

/// Types the emitter can write a `@default` value of: scalars, enums and documents (lists and
/// maps only default to empty, which is their zero value).
fn supports_default_value(ty: &RustType) -> bool {
    !matches!(
        ty,
        RustType::List(_) | RustType::Map(..) | RustType::Boxed(_) | RustType::Nullable(_)
    )
}

/// The runtime codec a member's values need, through any lists and maps: floats, timestamps
/// (in the member's format) and blobs; `None` for values serde writes in the wire form.
fn codec(model: &Model, member: &Member) -> Option<Codec> {
    let (mut target, mut format) = (&member.target, member.traits.timestamp_format);
    loop {
        let shape = &model.shapes[target];
        match &shape.kind {
            ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal => {
                return Some(Codec::Float);
            }
            ShapeKind::Blob => return Some(Codec::Blob),
            ShapeKind::Timestamp => {
                return Some(match format.or(shape.traits.timestamp_format) {
                    None | Some(TimestampFormat::EpochSeconds) => Codec::EpochSeconds,
                    Some(TimestampFormat::DateTime) => Codec::DateTime,
                    Some(TimestampFormat::HttpDate) => Codec::HttpDate,
                });
            }
            ShapeKind::List(inner) | ShapeKind::Map { value: inner, .. } => {
                target = &inner.target;
                format = inner.traits.timestamp_format;
            }
            _ => return None,
        }
    }
}

/// The file a type is written to: its own under `src/types/` or `src/types/error/`, or its
/// operation's (`None`).
fn type_file(home: &ir::Home) -> Option<String> {
    match home {
        ir::Home::Types { module } => Some(names::file_of(&["types", module])),
        ir::Home::Errors { module } => Some(names::file_of(&["types", "error", module])),
        ir::Home::Operation { .. } => None,
    }
}

/// Where a struct's builder is public, given the struct's home and path.
pub(super) fn builder_path(home: &ir::Home, path: &ir::TypePath, builder: &str) -> ir::TypePath {
    let module = match home {
        ir::Home::Types { .. } => vec!["types".to_owned(), "builders".to_owned()],
        ir::Home::Errors { .. } => vec![
            "types".to_owned(),
            "error".to_owned(),
            "builders".to_owned(),
        ],
        ir::Home::Operation { .. } => path.module.clone(),
    };
    ir::TypePath {
        module,
        name: builder.to_owned(),
    }
}
