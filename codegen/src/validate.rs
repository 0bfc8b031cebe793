//! Part of stage 1: the checks a loaded model must pass before anything is lowered.
//!
//! Each failure names the shape id and, for members, `id$member`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{
    Member, Model, Operation, Resource, Service, Shape, ShapeId, ShapeKind, traits,
};

/// Lists and maps may nest at most this deep (`list<list<…>>`): each level is one more generic
/// type inside the last, and beyond a few dozen no real model goes while the Rust parser and
/// formatter recurse once per level.
pub const MAX_COLLECTION_DEPTH: usize = 32;

/// Runs every check, in order: shapes one by one, then the checks across shapes.
pub fn validate(model: &Model) -> Result<()> {
    check_shapes(model)?;
    check_trait_targets(model)?;
    check_collection_cycles(model)?;
    check_collection_depth(model)?;
    Ok(())
}

/// Traits only some shapes may carry (traits.rst selectors): `@error` only on structures, and
/// not on an operation's input or output; `@idempotencyToken` only on members that target a
/// string.
fn check_trait_targets(model: &Model) -> Result<()> {
    let err = |shape: String, message: String| Error::Model {
        path: model.path.clone(),
        shape,
        message,
    };
    for shape in model.shapes.values() {
        if shape.has(traits::ERROR) && !matches!(shape.kind, ShapeKind::Structure(_)) {
            return Err(err(
                shape.id.to_string(),
                format!(
                    "`@error` applies only to structures, not to {} shapes",
                    shape.kind.type_name()
                ),
            ));
        }
        match &shape.kind {
            ShapeKind::Operation(op) => {
                for (what, target) in [("input", &op.input), ("output", &op.output)] {
                    if model.shapes[target].has(traits::ERROR) {
                        return Err(err(
                            shape.id.to_string(),
                            format!(
                                "its {what} {target} is marked `@error`; an error cannot be an operation's {what}"
                            ),
                        ));
                    }
                }
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                for m in members {
                    if m.traits.contains_key(traits::IDEMPOTENCY_TOKEN)
                        && !matches!(model.shapes[&m.target].kind, ShapeKind::String)
                    {
                        return Err(err(
                            shape.id.member(&m.name),
                            format!(
                                "`@idempotencyToken` applies only to members that target a string, not {} {}",
                                model.shapes[&m.target].kind.type_name(),
                                m.target
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The list or map shape a list member or map value leads to, if it is one.
fn inner_collection<'m>(model: &'m Model, shape: &Shape) -> Option<&'m Shape> {
    let target = match &shape.kind {
        ShapeKind::List(member) => &member.target,
        ShapeKind::Map { value, .. } => &value.target,
        _ => return None,
    };
    model
        .get(target)
        .filter(|t| matches!(t.kind, ShapeKind::List(_) | ShapeKind::Map { .. }))
}

/// aggregate-types.rst, "Recursive shape definitions": a recursive reference must pass
/// through a structure or union. A list or map that contains itself (directly or through other
/// lists and maps) would be an infinitely nested type.
fn check_collection_cycles(model: &Model) -> Result<()> {
    let mut done: BTreeSet<&ShapeId> = BTreeSet::new();
    for start in model.shapes.values() {
        let mut path: Vec<&ShapeId> = Vec::new();
        let mut current = Some(start);
        while let Some(shape) = current {
            if done.contains(&shape.id) {
                break;
            }
            if let Some(at) = path.iter().position(|id| **id == shape.id) {
                let cycle: Vec<String> = path[at..].iter().map(|id| id.to_string()).collect();
                return Err(Error::Model {
                    path: model.path.clone(),
                    shape: shape.id.to_string(),
                    message: format!(
                        "lists and maps contain themselves without a structure or union in between: {} → {}",
                        cycle.join(" → "),
                        shape.id
                    ),
                });
            }
            path.push(&shape.id);
            current = inner_collection(model, shape);
        }
        done.extend(path);
    }
    Ok(())
}

/// Rejects list/map nesting deeper than [`MAX_COLLECTION_DEPTH`] (cycles are already ruled out).
fn check_collection_depth(model: &Model) -> Result<()> {
    let mut depth: BTreeMap<&ShapeId, usize> = BTreeMap::new();
    for start in model.shapes.values() {
        let mut chain = Vec::new();
        let mut current = Some(start);
        let mut below = 0;
        while let Some(shape) = current {
            if !matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map { .. }) {
                break;
            }
            if let Some(known) = depth.get(&shape.id) {
                below = *known;
                break;
            }
            chain.push(shape);
            current = inner_collection(model, shape);
        }
        for shape in chain.into_iter().rev() {
            below += 1;
            depth.insert(&shape.id, below);
            if below > MAX_COLLECTION_DEPTH {
                return Err(Error::Model {
                    path: model.path.clone(),
                    shape: shape.id.to_string(),
                    message: format!(
                        "lists and maps nest {below} deep here; the generator supports at most {MAX_COLLECTION_DEPTH}"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Checks targets, member names, enum values and map keys, one shape at a time, one step per
/// kind of shape.
fn check_shapes(model: &Model) -> Result<()> {
    let checks = Checks { model };
    for shape in model.shapes.values() {
        let id = &shape.id;
        match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                checks.members(id, members)?
            }
            ShapeKind::Enum(members) => checks.enum_values(id, members)?,
            ShapeKind::IntEnum(members) => checks.int_enum_values(id, members)?,
            ShapeKind::List(member) => {
                checks.exists(id.member("member"), &member.target, "target")?
            }
            ShapeKind::Map { key, value } => checks.map(id, key, value)?,
            ShapeKind::Operation(op) => checks.operation(id, op)?,
            ShapeKind::Service(svc) => checks.service(id, svc)?,
            ShapeKind::Resource(res) => checks.resource(id, res)?,
            _ => {}
        }
        if let Some(kind) = shape.traits.get(traits::ERROR)
            && !matches!(kind.as_str(), Some("client" | "server"))
        {
            return Err(checks.err(
                id.to_string(),
                format!("`@error` must be \"client\" or \"server\", found {kind}"),
            ));
        }
    }
    Ok(())
}

/// The per-shape checks, with the model they look things up in.
struct Checks<'m> {
    model: &'m Model,
}

impl Checks<'_> {
    fn err(&self, shape: String, message: String) -> Error {
        Error::Model {
            path: self.model.path.clone(),
            shape,
            message,
        }
    }

    fn exists(&self, owner: String, target: &ShapeId, what: &str) -> Result<()> {
        match self.model.get(target) {
            Some(_) => Ok(()),
            None => Err(self.err(owner, format!("{what} {target} does not exist"))),
        }
    }

    /// Members of a structure or union: unique names, targets that exist and can be members.
    fn members(&self, id: &ShapeId, members: &[Member]) -> Result<()> {
        check_member_names(self.model, id, members.iter().map(|m| m.name.as_str()))?;
        for m in members {
            self.exists(id.member(&m.name), &m.target, "target")?;
            let target = &self.model.shapes[&m.target];
            if matches!(
                target.kind,
                ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)
            ) {
                return Err(self.err(
                    id.member(&m.name),
                    format!(
                        "targets {} shape {}, which cannot be a member",
                        target.kind.type_name(),
                        m.target
                    ),
                ));
            }
        }
        Ok(())
    }

    /// An enum: unique member names and unique string values.
    fn enum_values(&self, id: &ShapeId, members: &[Member]) -> Result<()> {
        check_member_names(self.model, id, members.iter().map(|m| m.name.as_str()))?;
        let mut values = BTreeMap::new();
        for m in members {
            let value = match m.traits.get(traits::ENUM_VALUE) {
                None => m.name.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => {
                    return Err(self.err(
                        id.member(&m.name),
                        format!("`@enumValue` of an enum must be a string, found {other}"),
                    ));
                }
            };
            if let Some(first) = values.insert(value.clone(), m.name.clone()) {
                return Err(self.err(
                    id.member(&m.name),
                    format!("enum value \"{value}\" is also used by member `{first}`"),
                ));
            }
        }
        Ok(())
    }

    /// An intEnum: unique member names and unique values that fit in an `i32`.
    fn int_enum_values(&self, id: &ShapeId, members: &[Member]) -> Result<()> {
        check_member_names(self.model, id, members.iter().map(|m| m.name.as_str()))?;
        let mut values = BTreeMap::new();
        for m in members {
            let Some(value) = m.traits.get(traits::ENUM_VALUE).and_then(Value::as_i64) else {
                return Err(self.err(
                    id.member(&m.name),
                    "intEnum members need an integer `@enumValue`".to_owned(),
                ));
            };
            if i32::try_from(value).is_err() {
                return Err(self.err(
                    id.member(&m.name),
                    format!("intEnum value {value} does not fit in an integer"),
                ));
            }
            if let Some(first) = values.insert(value, m.name.clone()) {
                return Err(self.err(
                    id.member(&m.name),
                    format!("intEnum value {value} is also used by member `{first}`"),
                ));
            }
        }
        Ok(())
    }

    /// A map: targets exist, keys are strings or enums.
    fn map(&self, id: &ShapeId, key: &Member, value: &Member) -> Result<()> {
        self.exists(id.member("key"), &key.target, "target")?;
        self.exists(id.member("value"), &value.target, "target")?;
        let key_shape = &self.model.shapes[&key.target];
        if !matches!(key_shape.kind, ShapeKind::String | ShapeKind::Enum(_)) {
            return Err(self.err(
                id.member("key"),
                format!(
                    "map keys must target a string or enum, not {} {}",
                    key_shape.kind.type_name(),
                    key.target
                ),
            ));
        }
        Ok(())
    }

    /// An operation: input, output and errors exist; errors carry `@error`; input and output are structures.
    fn operation(&self, id: &ShapeId, op: &Operation) -> Result<()> {
        self.exists(format!("{id} input"), &op.input, "input")?;
        self.exists(format!("{id} output"), &op.output, "output")?;
        for e in &op.errors {
            self.exists(format!("{id} errors"), e, "error")?;
            if !self.model.shapes[e].has(traits::ERROR) {
                return Err(self.err(
                    id.to_string(),
                    format!("lists {e} as an error, but it has no `@error` trait"),
                ));
            }
        }
        for (what, target) in [("input", &op.input), ("output", &op.output)] {
            if !matches!(self.model.shapes[target].kind, ShapeKind::Structure(_)) {
                return Err(self.err(
                    id.to_string(),
                    format!("{what} {target} must be a structure"),
                ));
            }
        }
        Ok(())
    }

    /// A service: its operations, resources and errors exist.
    fn service(&self, id: &ShapeId, svc: &Service) -> Result<()> {
        for op in &svc.operations {
            self.exists(format!("{id} operations"), op, "operation")?;
        }
        for r in &svc.resources {
            self.exists(format!("{id} resources"), r, "resource")?;
        }
        for e in &svc.errors {
            self.exists(format!("{id} errors"), e, "error")?;
        }
        Ok(())
    }

    /// A resource: its operations and resources exist.
    fn resource(&self, id: &ShapeId, res: &Resource) -> Result<()> {
        for op in &res.operations {
            self.exists(format!("{id} operations"), op, "operation")?;
        }
        for r in &res.resources {
            self.exists(format!("{id} resources"), r, "resource")?;
        }
        Ok(())
    }
}

/// json-ast.rst: member names MUST be case-insensitively unique within a shape.
fn check_member_names<'a>(
    model: &Model,
    id: &ShapeId,
    names: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for name in names {
        if let Some(first) = seen.insert(name.to_ascii_lowercase(), name) {
            return Err(Error::Model {
                path: model.path.clone(),
                shape: id.member(name),
                message: format!(
                    "member name differs from `{first}` only in case; member names must be case-insensitively unique"
                ),
            });
        }
    }
    Ok(())
}
