//! Part of stage 1, validate: checks across shapes, on the typed shapes: every target exists
//! and can be a member, operations and services name shapes of the right kind, traits sit on
//! shapes they apply to, and lists and maps neither contain themselves nor nest too deep.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind};

/// Lists and maps may nest at most this deep (`list<list<…>>`): each level is one more generic
/// type inside the last, and beyond a few dozen no real model goes while the Rust parser and
/// formatter recurse once per level.
pub const MAX_COLLECTION_DEPTH: usize = 32;

/// A structure or union may have at most this many members: a generated structure's
/// `Deserialize` numbers its members with a `u16` (`aws_json_runtime::serde::Structure`) and
/// keeps `u16::MAX` for a key it does not know. No real model comes near.
pub const MAX_MEMBERS: usize = u16::MAX as usize;

/// Runs every check, in order.
pub fn check(model: &Model) -> Result<()> {
    let checks = Checks { model };
    for shape in model.shapes.values() {
        checks.shape(shape)?;
    }
    check_collection_cycles(model)?;
    check_collection_depth(model)?;
    Ok(())
}

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

    /// The shape `target` refers to: it must exist, and must not be a mixin, which other
    /// shapes may only name in their `mixins` (a mixin is never a type of its own).
    fn target(&self, owner: String, target: &ShapeId, what: &str) -> Result<&Shape> {
        let shape = self
            .model
            .get(target)
            .ok_or_else(|| self.err(owner.clone(), format!("{what} {target} does not exist")))?;
        if shape.traits.mixin {
            return Err(self.err(
                owner,
                format!("{what} {target} is a `@mixin` shape, which only other shapes' `mixins` may name"),
            ));
        }
        Ok(shape)
    }

    fn shape(&self, shape: &Shape) -> Result<()> {
        let id = &shape.id;
        if shape.traits.error.is_some() && !matches!(shape.kind, ShapeKind::Structure(_)) {
            return Err(self.err(
                id.to_string(),
                format!(
                    "`@error` applies only to structures, not to {} shapes",
                    shape.kind.type_name()
                ),
            ));
        }
        match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => self.members(id, members),
            ShapeKind::List(member) => self
                .member_target(id.member("member"), &member.target)
                .map(drop),
            ShapeKind::Map { key, value } => self.map(id, key, value),
            ShapeKind::Operation(op) => self.operation(id, op),
            ShapeKind::Service(svc) => {
                let refs = [
                    ("operation", &svc.operations),
                    ("resource", &svc.resources),
                    ("error", &svc.errors),
                ];
                self.references(id, &refs)
            }
            ShapeKind::Resource(res) => self.references(
                id,
                &[("operation", &res.operations), ("resource", &res.resources)],
            ),
            _ => Ok(()),
        }
    }

    /// Structure and union members: targets that exist and can be members; an
    /// `@idempotencyToken` only on a string.
    fn members(&self, id: &ShapeId, members: &[Member]) -> Result<()> {
        for m in members {
            let target = self.member_target(id.member(&m.name), &m.target)?;
            if m.traits.idempotency_token && !matches!(target.kind, ShapeKind::String) {
                return Err(self.err(
                    id.member(&m.name),
                    format!(
                        "`@idempotencyToken` applies only to members that target a string, not {} {}",
                        target.kind.type_name(),
                        m.target
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A map: its value a member target, its key a string or enum.
    fn map(&self, id: &ShapeId, key: &Member, value: &Member) -> Result<()> {
        self.member_target(id.member("value"), &value.target)?;
        let key_shape = self.member_target(id.member("key"), &key.target)?;
        if matches!(key_shape.kind, ShapeKind::String | ShapeKind::Enum(_)) {
            return Ok(());
        }
        Err(self.err(
            id.member("key"),
            format!(
                "map keys must target a string or enum, not {} {}",
                key_shape.kind.type_name(),
                key.target
            ),
        ))
    }

    /// The shapes a service or resource binds exist.
    fn references(&self, id: &ShapeId, refs: &[(&str, &Vec<ShapeId>)]) -> Result<()> {
        for (what, ids) in refs {
            for r in *ids {
                self.target(format!("{id} {what}s"), r, what)?;
            }
        }
        Ok(())
    }

    /// A member's target exists and is a shape a member can hold.
    fn member_target(&self, at: String, target: &ShapeId) -> Result<&Shape> {
        let shape = self.target(at.clone(), target, "target")?;
        if matches!(
            shape.kind,
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)
        ) {
            return Err(self.err(
                at,
                format!(
                    "targets {} shape {target}, which cannot be a member",
                    shape.kind.type_name()
                ),
            ));
        }
        Ok(shape)
    }

    /// Input, output and errors exist; errors carry `@error`; input and output are
    /// structures without it.
    fn operation(&self, id: &ShapeId, op: &crate::model::Operation) -> Result<()> {
        for (what, target) in [("input", &op.input), ("output", &op.output)] {
            let shape = self.target(format!("{id} {what}"), target, what)?;
            if !matches!(shape.kind, ShapeKind::Structure(_)) {
                return Err(self.err(
                    id.to_string(),
                    format!("{what} {target} must be a structure"),
                ));
            }
            if shape.traits.error.is_some() {
                return Err(self.err(
                    id.to_string(),
                    format!(
                        "its {what} {target} is marked `@error`; an error cannot be an operation's {what}"
                    ),
                ));
            }
        }
        for e in &op.errors {
            if self
                .target(format!("{id} errors"), e, "error")?
                .traits
                .error
                .is_none()
            {
                return Err(self.err(
                    id.to_string(),
                    format!("lists {e} as an error, but it has no `@error` trait"),
                ));
            }
        }
        Ok(())
    }
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
        let mut on_path: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut current = Some(start);
        while let Some(shape) = current {
            if done.contains(&shape.id) {
                break;
            }
            if on_path.contains(&shape.id) {
                let at = path.iter().position(|id| **id == shape.id).unwrap_or(0);
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
            on_path.insert(&shape.id);
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
