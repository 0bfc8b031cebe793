//! Stage 2, select: the operations the configuration asks for, and every shape they reach.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind, traits};

/// What the later stages generate: one service, some of its operations, and their closure.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The service shape.
    pub service: ShapeId,
    /// Selected operations, sorted by id.
    pub operations: Vec<ShapeId>,
    /// Every shape reachable from those operations (operations included), sorted.
    pub shapes: BTreeSet<ShapeId>,
}

/// Which operations to generate.
#[derive(Debug, Clone)]
pub enum Operations {
    /// Every operation the service binds, directly or through resources.
    All,
    /// These operation names (`RunTask`), in any order.
    Named(Vec<String>),
}

/// Computes the closure of `wanted` in the service `service` (an absolute shape id), or in the
/// model's one service when `service` is `None`.
pub fn select(model: &Model, service: Option<&str>, wanted: &Operations) -> Result<Selection> {
    let mut services = model.services();
    let service = match (service, services.next(), services.next()) {
        (Some(wanted), _, _) => match model.services().find(|s| s.id.as_str() == wanted) {
            Some(s) => s,
            None => {
                let mut names: Vec<String> = model.services().map(|s| s.id.to_string()).collect();
                names.sort();
                return Err(Error::Model {
                    path: model.path.clone(),
                    shape: wanted.to_owned(),
                    message: format!(
                        "is not a service in the model (its services: {})",
                        if names.is_empty() {
                            "none".to_owned()
                        } else {
                            names.join(", ")
                        }
                    ),
                });
            }
        },
        (None, Some(s), None) => s,
        (None, None, _) => {
            return Err(Error::Model {
                path: model.path.clone(),
                shape: "(model)".into(),
                message: "the model has no service shape".into(),
            });
        }
        (None, Some(a), Some(b)) => {
            return Err(Error::Model {
                path: model.path.clone(),
                shape: b.id.to_string(),
                message: format!(
                    "the model has more than one service ({} and {}); choose one with `--service` (or `service` in codegen.toml)",
                    a.id, b.id
                ),
            });
        }
    };
    let bound = service_operations(model, &service.id);
    let operations = match wanted {
        Operations::All => bound.iter().cloned().collect::<Vec<_>>(),
        Operations::Named(names) => {
            let mut picked = BTreeSet::new();
            for name in names {
                match bound.iter().find(|id| id.name() == name) {
                    Some(id) => {
                        picked.insert(id.clone());
                    }
                    None => {
                        return Err(Error::UnknownOperation {
                            path: model.path.clone(),
                            service: service.id.to_string(),
                            name: name.clone(),
                            suggestions: closest(name, bound.iter().map(ShapeId::name)),
                        });
                    }
                }
            }
            picked.into_iter().collect()
        }
    };
    let mut shapes = BTreeSet::new();
    let mut stack: Vec<ShapeId> = operations.clone();
    stack.extend(service_errors(model, &service.id));
    while let Some(id) = stack.pop() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        let shape = &model.shapes[&id];
        match &shape.kind {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                stack.extend(ms.iter().map(|m| m.target.clone()))
            }
            ShapeKind::List(m) => stack.push(m.target.clone()),
            ShapeKind::Map { key, value } => {
                stack.extend([key.target.clone(), value.target.clone()])
            }
            ShapeKind::Operation(op) => {
                stack.extend([op.input.clone(), op.output.clone()]);
                stack.extend(op.errors.iter().cloned());
            }
            _ => {}
        }
    }
    shapes.retain(|id| id.as_str() != crate::model::UNIT && !model.shapes[id].has(traits::MIXIN));
    Ok(Selection {
        service: service.id.clone(),
        operations,
        shapes,
    })
}

fn service_errors(model: &Model, service: &ShapeId) -> Vec<ShapeId> {
    match &model.shapes[service].kind {
        ShapeKind::Service(s) => s.errors.clone(),
        _ => Vec::new(),
    }
}

/// Operations bound to the service directly or through (nested) resources.
pub fn service_operations(model: &Model, service: &ShapeId) -> BTreeSet<ShapeId> {
    let mut ops = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![service.clone()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        match &model.shapes[&id].kind {
            ShapeKind::Service(s) => {
                ops.extend(s.operations.iter().cloned());
                stack.extend(s.resources.iter().cloned());
            }
            ShapeKind::Resource(r) => {
                ops.extend(r.operations.iter().cloned());
                stack.extend(r.resources.iter().cloned());
            }
            _ => {}
        }
    }
    ops
}

/// Up to three names closest to `name` by edit distance (case-insensitive), for suggestions.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (levenshtein(&wanted, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 2).max(2))
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_owned())
        .collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
