//! Part of stage 1, validate, first pass: every shape of the merged model on its own → a typed
//! [`Shape`]. What needs other shapes to type (members' defaults, which depend on the
//! target; operations' pagination, waiters, host prefixes and protocol tests, which walk their
//! input and output; error structures' response tests) is kept in [`Pending`] for the second
//! pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::checks::MAX_MEMBERS;
use super::traits::{KNOWN_PROTOCOLS, Reader, id};
use crate::error::{Error, Result};
use crate::load::ast::{self, Traits};
use crate::model::{
    EnumMember, IntEnumMember, Member, MemberTraits, Operation, Resource, Service, Shape, ShapeId,
    ShapeKind, ShapeTraits, UNIT,
};

/// What the second pass types, by shape.
#[derive(Debug, Default)]
pub struct Pending {
    /// `@default` of members as written (`null` removes the target's), by shape and member.
    pub member_defaults: BTreeMap<(ShapeId, String), Value>,
    /// `@default` of shapes as written (the prelude's `Primitive*` shapes, Smithy 1.0 style).
    pub shape_defaults: BTreeMap<ShapeId, Value>,
    /// The traits of every operation, as written.
    pub operations: BTreeMap<ShapeId, Traits>,
    /// A service's `@paginated` defaults, as written.
    pub service_paginated: BTreeMap<ShapeId, Value>,
    /// `smithy.test#httpResponseTests` of structures, as written.
    pub structure_tests: BTreeMap<ShapeId, Value>,
}

/// Types every shape; `path` names the model in messages.
pub fn type_shapes(
    path: &Path,
    merged: BTreeMap<ShapeId, ast::Shape>,
) -> Result<(BTreeMap<ShapeId, Shape>, Pending)> {
    let protocols: BTreeSet<String> = merged
        .iter()
        .filter(|(_, s)| s.traits.contains_key(id::PROTOCOL_DEFINITION))
        .map(|(id, _)| id.to_string())
        .chain(KNOWN_PROTOCOLS.iter().map(|p| (*p).to_owned()))
        .collect();
    let mut pending = Pending::default();
    let mut shapes = BTreeMap::new();
    for (id, raw) in merged {
        let typer = Typer {
            path,
            id: &id,
            protocols: &protocols,
        };
        let shape = typer.shape(raw, &mut pending)?;
        shapes.insert(id, shape);
    }
    Ok((shapes, pending))
}

/// Types one shape.
struct Typer<'a> {
    path: &'a Path,
    id: &'a ShapeId,
    protocols: &'a BTreeSet<String>,
}

impl Typer<'_> {
    fn reader<'t>(&'t self, traits: &'t Traits, at: &'t str) -> Reader<'t> {
        Reader {
            traits,
            at,
            path: self.path,
        }
    }

    fn err(&self, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.path.to_owned(),
            shape: self.id.to_string(),
            message: message.into(),
        }
    }

    fn shape(&self, raw: ast::Shape, pending: &mut Pending) -> Result<Shape> {
        let at = self.id.to_string();
        let traits = self.shape_traits(&raw.traits, &at)?;
        if let Some(default) = raw.traits.get(id::DEFAULT) {
            pending
                .shape_defaults
                .insert(self.id.clone(), default.clone());
        }
        let kind = self.kind(&raw, pending)?;
        if let Some(tests) = raw.traits.get(id::RESPONSE_TESTS)
            && matches!(kind, ShapeKind::Structure(_))
        {
            pending
                .structure_tests
                .insert(self.id.clone(), tests.clone());
        }
        Ok(Shape {
            id: self.id.clone(),
            kind,
            traits,
        })
    }

    fn shape_traits(&self, raw: &Traits, at: &str) -> Result<ShapeTraits> {
        let r = self.reader(raw, at);
        Ok(ShapeTraits {
            documentation: r.documentation()?,
            deprecated: r.deprecated()?,
            title: r.string(id::TITLE)?,
            error: r.error()?,
            retryable: r.flag(id::RETRYABLE),
            sensitive: r.flag(id::SENSITIVE),
            sparse: r.flag(id::SPARSE),
            input: r.flag(id::INPUT),
            mixin: r.flag(id::MIXIN),
            streaming: r.flag(id::STREAMING),
            timestamp_format: r.timestamp_format()?,
            response_tests: Vec::new(),
        })
    }

    fn kind(&self, raw: &ast::Shape, pending: &mut Pending) -> Result<ShapeKind> {
        use ShapeKind as K;
        Ok(match raw.kind.as_str() {
            "blob" => K::Blob,
            "boolean" => K::Boolean,
            "string" if raw.traits.contains_key(id::ENUM) => K::Enum(self.legacy_enum(raw)?),
            "string" => K::String,
            "byte" => K::Byte,
            "short" => K::Short,
            "integer" => K::Integer,
            "long" => K::Long,
            "float" => K::Float,
            "double" => K::Double,
            "bigInteger" => K::BigInteger,
            "bigDecimal" => K::BigDecimal,
            "timestamp" => K::Timestamp,
            "document" => K::Document,
            "enum" => K::Enum(self.enum_members(raw)?),
            "intEnum" => K::IntEnum(self.int_enum_members(raw)?),
            "list" | "set" => {
                let [member] = self.exactly(raw, &["member"])?;
                K::List(member)
            }
            "map" => {
                let [key, value] = self.exactly(raw, &["key", "value"])?;
                K::Map { key, value }
            }
            "structure" => K::Structure(self.members(raw, pending)?),
            "union" => K::Union(self.members(raw, pending)?),
            "service" => K::Service(Box::new(self.service(raw, pending)?)),
            "operation" => K::Operation(Box::new(self.operation(raw, pending))),
            "resource" => K::Resource(Resource {
                operations: ids(&raw.properties.operations),
                resources: ids(&raw.properties.resources),
            }),
            other => return Err(self.err(format!("unknown shape type `{other}`"))),
        })
    }

    fn member(&self, name: &str, raw: &ast::Member) -> Result<Member> {
        let at = self.id.member(name);
        let r = self.reader(&raw.traits, &at);
        Ok(Member {
            name: name.to_owned(),
            target: ShapeId::new(&raw.target),
            traits: MemberTraits {
                documentation: r.documentation()?,
                deprecated: r.deprecated()?,
                required: r.flag(id::REQUIRED),
                default: None,
                client_optional: r.flag(id::CLIENT_OPTIONAL),
                idempotency_token: r.flag(id::IDEMPOTENCY_TOKEN),
                host_label: r.flag(id::HOST_LABEL),
                timestamp_format: r.timestamp_format()?,
            },
        })
    }

    /// Structure and union members, in order; each `@default` as written goes to `pending`.
    fn members(&self, raw: &ast::Shape, pending: &mut Pending) -> Result<Vec<Member>> {
        if raw.members.len() > MAX_MEMBERS {
            return Err(self.err(format!(
                "{} members; the generator supports at most {MAX_MEMBERS}",
                raw.members.len()
            )));
        }
        check_member_names(self, raw.members.iter().map(|(n, _)| n.as_str()))?;
        raw.members
            .iter()
            .map(|(name, m)| {
                if let Some(default) = m.traits.get(id::DEFAULT) {
                    pending
                        .member_defaults
                        .insert((self.id.clone(), name.clone()), default.clone());
                }
                self.member(name, m)
            })
            .collect()
    }

    /// A list's `member`, or a map's `key` and `value`: exactly those.
    fn exactly<const N: usize>(&self, raw: &ast::Shape, names: &[&str; N]) -> Result<[Member; N]> {
        if let Some((extra, _)) = raw
            .members
            .iter()
            .find(|(n, _)| !names.contains(&n.as_str()))
        {
            return Err(self.err(format!(
                "member `{extra}` is not allowed (only {})",
                names.join(", ")
            )));
        }
        let mut out = Vec::new();
        for name in names {
            let (_, m) = raw
                .members
                .iter()
                .find(|(n, _)| n == name)
                .ok_or_else(|| self.err(format!("is missing its `{name}` member")))?;
            out.push(self.member(name, m)?);
        }
        Ok(out.try_into().expect("one member per name"))
    }

    /// An enum: values unique, each `@enumValue` a string (the name when absent).
    fn enum_members(&self, raw: &ast::Shape) -> Result<Vec<EnumMember>> {
        check_member_names(self, raw.members.iter().map(|(n, _)| n.as_str()))?;
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        let mut out = Vec::new();
        for (name, m) in &raw.members {
            let at = self.id.member(name);
            let r = self.reader(&m.traits, &at);
            let value = match m.traits.get(id::ENUM_VALUE) {
                None => name.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => {
                    return Err(r.err(format!(
                        "`@enumValue` of an enum must be a string, found {other}"
                    )));
                }
            };
            if let Some(first) = values.insert(value.clone(), name) {
                return Err(r.err(format!(
                    "enum value \"{value}\" is also used by member `{first}`"
                )));
            }
            out.push(EnumMember {
                name: name.clone(),
                value,
                documentation: r.documentation()?,
                deprecated: r.deprecated()?,
            });
        }
        Ok(out)
    }

    /// An intEnum: values unique integers that fit in an `i32`.
    fn int_enum_members(&self, raw: &ast::Shape) -> Result<Vec<IntEnumMember>> {
        check_member_names(self, raw.members.iter().map(|(n, _)| n.as_str()))?;
        let mut values: BTreeMap<i32, &str> = BTreeMap::new();
        let mut out = Vec::new();
        for (name, m) in &raw.members {
            let at = self.id.member(name);
            let r = self.reader(&m.traits, &at);
            let Some(value) = m.traits.get(id::ENUM_VALUE).and_then(Value::as_i64) else {
                return Err(r.err("intEnum members need an integer `@enumValue`"));
            };
            let value = i32::try_from(value)
                .map_err(|_| r.err(format!("intEnum value {value} does not fit in an integer")))?;
            if let Some(first) = values.insert(value, name) {
                return Err(r.err(format!(
                    "intEnum value {value} is also used by member `{first}`"
                )));
            }
            out.push(IntEnumMember {
                name: name.clone(),
                value,
                documentation: r.documentation()?,
                deprecated: r.deprecated()?,
            });
        }
        Ok(out)
    }

    /// Smithy 1.0 `@enum` on a string (constraint-traits.rst, enum trait): an enum whose
    /// member names come from `name`, or from the value when unnamed.
    fn legacy_enum(&self, raw: &ast::Shape) -> Result<Vec<EnumMember>> {
        let Some(Value::Array(defs)) = raw.traits.get(id::ENUM) else {
            return Err(self.err("`@enum` must be a list of enum definitions"));
        };
        let mut values = BTreeSet::new();
        let mut out = Vec::new();
        for def in defs {
            let value = def
                .get("value")
                .and_then(Value::as_str)
                .ok_or_else(|| self.err("`@enum` definition without a string `value`"))?;
            if !values.insert(value) {
                return Err(self.err(format!("`@enum` value \"{value}\" is listed twice")));
            }
            let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
            out.push(EnumMember {
                name: name.to_owned(),
                value: value.to_owned(),
                documentation: def
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                deprecated: (def.get("deprecated").and_then(Value::as_bool) == Some(true))
                    .then(Default::default),
            });
        }
        check_member_names(self, out.iter().map(|m| m.name.as_str()))?;
        Ok(out)
    }

    fn operation(&self, raw: &ast::Shape, pending: &mut Pending) -> Operation {
        pending
            .operations
            .insert(self.id.clone(), raw.traits.clone());
        let unit = || ShapeId::new(UNIT);
        Operation {
            input: raw
                .properties
                .input
                .as_deref()
                .map_or_else(unit, ShapeId::new),
            output: raw
                .properties
                .output
                .as_deref()
                .map_or_else(unit, ShapeId::new),
            errors: ids(&raw.properties.errors),
            paginated: None,
            waiters: Vec::new(),
            host_prefix: Vec::new(),
            request_compression: false,
            request_tests: Vec::new(),
            response_tests: Vec::new(),
        }
    }

    fn service(&self, raw: &ast::Shape, pending: &mut Pending) -> Result<Service> {
        let at = self.id.to_string();
        let r = self.reader(&raw.traits, &at);
        if let Some(paginated) = raw.traits.get(id::PAGINATED) {
            pending
                .service_paginated
                .insert(self.id.clone(), paginated.clone());
        }
        let rules_err = |trait_id: &str, e: String| Error::Model {
            path: self.path.to_owned(),
            shape: format!("{} {trait_id}", self.id),
            message: e,
        };
        let rule_set = raw
            .traits
            .get(id::ENDPOINT_RULE_SET)
            .map(aws_endpoint_rules::RuleSet::from_value)
            .transpose()
            .map_err(|e| rules_err(id::ENDPOINT_RULE_SET, e.message().to_owned()))?;
        let bdd = raw
            .traits
            .get(id::ENDPOINT_BDD)
            .map(aws_endpoint_rules::Bdd::from_value)
            .transpose()
            .map_err(|e| rules_err(id::ENDPOINT_BDD, e.message().to_owned()))?;
        let endpoint_tests = raw
            .traits
            .get(id::ENDPOINT_TESTS)
            .map(aws_endpoint_rules::cases::from_trait)
            .transpose()
            .map_err(|e| rules_err(id::ENDPOINT_TESTS, e))?;
        Ok(Service {
            version: raw.properties.version.clone().unwrap_or_default(),
            operations: ids(&raw.properties.operations),
            resources: ids(&raw.properties.resources),
            errors: ids(&raw.properties.errors),
            sdk_id: r.object_string(id::AWS_SERVICE, "sdkId")?,
            endpoint_prefix: r.object_string(id::AWS_SERVICE, "endpointPrefix")?,
            signing_name: r.object_string(id::SIGV4, "name")?,
            protocols: raw
                .traits
                .keys()
                .filter(|t| self.protocols.contains(t.as_str()))
                .map(ShapeId::new)
                .collect(),
            query_compatible: r.flag(id::QUERY_COMPATIBLE),
            rule_set,
            bdd,
            endpoint_tests,
        })
    }
}

fn ids(raw: &[String]) -> Vec<ShapeId> {
    raw.iter().map(ShapeId::new).collect()
}

/// json-ast.rst: member names MUST be case-insensitively unique within a shape.
fn check_member_names<'a>(typer: &Typer<'_>, names: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for name in names {
        if let Some(first) = seen.insert(name.to_ascii_lowercase(), name) {
            return Err(Error::Model {
                path: typer.path.to_owned(),
                shape: typer.id.member(name),
                message: format!(
                    "member name differs from `{first}` only in case; member names must be case-insensitively unique"
                ),
            });
        }
    }
    Ok(())
}
