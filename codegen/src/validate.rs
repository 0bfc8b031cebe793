//! Part of stage 1: the checks a loaded model must pass before anything is lowered.
//!
//! Each failure names the shape id and, for members, `id$member`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind, traits};

/// Checks targets, member names, enum values and map keys across the whole model.
pub fn validate(model: &Model) -> Result<()> {
    let err = |shape: String, message: String| Error::Model {
        path: model.path.clone(),
        shape,
        message,
    };
    let exists = |owner: String, target: &ShapeId, what: &str| -> Result<()> {
        match model.get(target) {
            Some(_) => Ok(()),
            None => Err(err(owner, format!("{what} {target} does not exist"))),
        }
    };
    for shape in model.shapes.values() {
        let id = &shape.id;
        match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                check_member_names(model, id, members.iter().map(|m| m.name.as_str()))?;
                for m in members {
                    exists(id.member(&m.name), &m.target, "target")?;
                    let target = &model.shapes[&m.target];
                    if matches!(
                        target.kind,
                        ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)
                    ) {
                        return Err(err(
                            id.member(&m.name),
                            format!(
                                "targets {} shape {}, which cannot be a member",
                                target.kind.type_name(),
                                m.target
                            ),
                        ));
                    }
                }
            }
            ShapeKind::Enum(members) => {
                check_member_names(model, id, members.iter().map(|m| m.name.as_str()))?;
                let mut values = BTreeMap::new();
                for m in members {
                    let value = match m.traits.get(traits::ENUM_VALUE) {
                        None => m.name.clone(),
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => {
                            return Err(err(
                                id.member(&m.name),
                                format!("`@enumValue` of an enum must be a string, found {other}"),
                            ));
                        }
                    };
                    if let Some(first) = values.insert(value.clone(), m.name.clone()) {
                        return Err(err(
                            id.member(&m.name),
                            format!("enum value \"{value}\" is also used by member `{first}`"),
                        ));
                    }
                }
            }
            ShapeKind::IntEnum(members) => {
                check_member_names(model, id, members.iter().map(|m| m.name.as_str()))?;
                let mut values = BTreeMap::new();
                for m in members {
                    let Some(value) = m.traits.get(traits::ENUM_VALUE).and_then(Value::as_i64)
                    else {
                        return Err(err(
                            id.member(&m.name),
                            "intEnum members need an integer `@enumValue`".to_owned(),
                        ));
                    };
                    if i32::try_from(value).is_err() {
                        return Err(err(
                            id.member(&m.name),
                            format!("intEnum value {value} does not fit in an integer"),
                        ));
                    }
                    if let Some(first) = values.insert(value, m.name.clone()) {
                        return Err(err(
                            id.member(&m.name),
                            format!("intEnum value {value} is also used by member `{first}`"),
                        ));
                    }
                }
            }
            ShapeKind::List(member) => exists(id.member("member"), &member.target, "target")?,
            ShapeKind::Map { key, value } => {
                exists(id.member("key"), &key.target, "target")?;
                exists(id.member("value"), &value.target, "target")?;
                let key_shape = &model.shapes[&key.target];
                if !matches!(key_shape.kind, ShapeKind::String | ShapeKind::Enum(_)) {
                    return Err(err(
                        id.member("key"),
                        format!(
                            "map keys must target a string or enum, not {} {}",
                            key_shape.kind.type_name(),
                            key.target
                        ),
                    ));
                }
            }
            ShapeKind::Operation(op) => {
                exists(format!("{id} input"), &op.input, "input")?;
                exists(format!("{id} output"), &op.output, "output")?;
                for e in &op.errors {
                    exists(format!("{id} errors"), e, "error")?;
                    if !model.shapes[e].has(traits::ERROR) {
                        return Err(err(
                            id.to_string(),
                            format!("lists {e} as an error, but it has no `@error` trait"),
                        ));
                    }
                }
                for (what, target) in [("input", &op.input), ("output", &op.output)] {
                    if !matches!(model.shapes[target].kind, ShapeKind::Structure(_)) {
                        return Err(err(
                            id.to_string(),
                            format!("{what} {target} must be a structure"),
                        ));
                    }
                }
            }
            ShapeKind::Service(svc) => {
                for op in &svc.operations {
                    exists(format!("{id} operations"), op, "operation")?;
                }
                for r in &svc.resources {
                    exists(format!("{id} resources"), r, "resource")?;
                }
                for e in &svc.errors {
                    exists(format!("{id} errors"), e, "error")?;
                }
            }
            ShapeKind::Resource(res) => {
                for op in &res.operations {
                    exists(format!("{id} operations"), op, "operation")?;
                }
                for r in &res.resources {
                    exists(format!("{id} resources"), r, "resource")?;
                }
            }
            _ => {}
        }
        if let Some(kind) = shape.traits.get(traits::ERROR)
            && !matches!(kind.as_str(), Some("client" | "server"))
        {
            return Err(err(
                id.to_string(),
                format!("`@error` must be \"client\" or \"server\", found {kind}"),
            ));
        }
    }
    Ok(())
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
