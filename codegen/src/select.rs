//! Stage 2, select: the service, the protocol its client speaks, the operations the
//! configuration asks for, and every shape they reach.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};

/// The protocols the generated client speaks, in the order one is chosen when a service has
/// several (smithy-rs's order among these two).
pub const PROTOCOL_PRIORITY: [Protocol; 2] = [Protocol::AwsJson1_0, Protocol::AwsJson1_1];

/// A protocol the generated client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

impl Protocol {
    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
        }
    }

    /// Its name in docs and the manifest (`awsJson1_1`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
        }
    }
}

/// What the later stages generate: one service, some of its operations, and their closure.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The service shape.
    pub service: ShapeId,
    /// The protocol the client speaks: the first of [`PROTOCOL_PRIORITY`] the service has.
    pub protocol: Protocol,
    /// Every protocol trait the service carries, for the crate docs.
    pub protocols: Vec<ShapeId>,
    /// Selected operations, sorted by id.
    pub operations: Vec<ShapeId>,
    /// Operations asked for that the generator cannot write correctly, with why: left out of
    /// the crate (and named in its docs) rather than generated wrong.
    pub skipped: Vec<Skipped>,
    /// Every shape reachable from those operations (operations included), sorted.
    pub shapes: BTreeSet<ShapeId>,
}

/// An operation left out of the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The operation.
    pub operation: ShapeId,
    /// Why, as a sentence fragment (`its output streams events …`).
    pub reason: String,
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
    let service = pick_service(model, service)?;
    let ShapeKind::Service(svc) = &service.kind else {
        unreachable!("pick_service gives service shapes");
    };
    let protocol = PROTOCOL_PRIORITY
        .into_iter()
        .find(|p| svc.protocols.iter().any(|id| id.as_str() == p.trait_id()))
        .ok_or_else(|| Error::Model {
            path: model.path.clone(),
            shape: service.id.to_string(),
            message: format!(
                "this generator writes awsJson1_0 and awsJson1_1 clients, and the service's protocols are {}",
                if svc.protocols.is_empty() {
                    "none".to_owned()
                } else {
                    svc.protocols.iter().map(ShapeId::as_str).collect::<Vec<_>>().join(", ")
                }
            ),
        })?;
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
    let (operations, skipped) = supported(model, operations);
    let mut roots = operations.clone();
    roots.extend(svc.errors.iter().cloned());
    Ok(Selection {
        service: service.id.clone(),
        protocol,
        protocols: svc.protocols.clone(),
        shapes: closure(model, roots),
        operations,
        skipped,
    })
}

/// `operations` split into those the generator writes and those it leaves out: an operation
/// whose input or output streams (a `@streaming` blob or event-stream union) cannot be read or
/// written as one JSON document, and generating it as one would compile and then fail on the
/// first real response.
fn supported(model: &Model, operations: Vec<ShapeId>) -> (Vec<ShapeId>, Vec<Skipped>) {
    let mut skipped = Vec::new();
    let kept = operations
        .into_iter()
        .filter(|id| {
            let ShapeKind::Operation(op) = &model.shapes[id].kind else {
                return true;
            };
            let streams = [("input", &op.input), ("output", &op.output)]
                .into_iter()
                .find_map(|(side, io)| streaming_member(model, io).map(|m| (side, m)));
            let Some((side, (member, target))) = streams else {
                return true;
            };
            let what = match model.shapes[&target].kind {
                ShapeKind::Union(_) => "an event stream",
                _ => "a streaming blob",
            };
            skipped.push(Skipped {
                operation: id.clone(),
                reason: format!(
                    "its {side} member `{member}` is {what} (`@streaming` `{}`), which this \
                     generator does not support yet",
                    target.name()
                ),
            });
            false
        })
        .collect();
    (kept, skipped)
}

/// The first member of structure `io` that targets a `@streaming` shape, and that shape.
fn streaming_member(model: &Model, io: &ShapeId) -> Option<(String, ShapeId)> {
    let ShapeKind::Structure(members) = &model.shapes.get(io)?.kind else {
        return None;
    };
    members
        .iter()
        .find(|m| {
            model
                .shapes
                .get(&m.target)
                .is_some_and(|t| t.traits.streaming)
        })
        .map(|m| (m.name.clone(), m.target.clone()))
}

/// The service asked for, or the model's only one.
fn pick_service<'m>(model: &'m Model, service: Option<&str>) -> Result<&'m crate::model::Shape> {
    let err = |shape: String, message: String| Error::Model {
        path: model.path.clone(),
        shape,
        message,
    };
    let mut services = model.services().map(|(s, _)| s);
    match (service, services.next(), services.next()) {
        (Some(wanted), _, _) => model
            .services()
            .map(|(s, _)| s)
            .find(|s| s.id.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<String> = model.services().map(|(s, _)| s.id.to_string()).collect();
                err(
                    wanted.to_owned(),
                    format!(
                        "is not a service in the model (its services: {})",
                        if names.is_empty() {
                            "none".to_owned()
                        } else {
                            names.join(", ")
                        }
                    ),
                )
            }),
        (None, Some(s), None) => Ok(s),
        (None, None, _) => Err(err(
            "(model)".into(),
            "the model has no service shape".into(),
        )),
        (None, Some(a), Some(b)) => Err(err(
            b.id.to_string(),
            format!(
                "the model has more than one service ({} and {}); choose one with `--service` (or `service` in codegen.toml)",
                a.id, b.id
            ),
        )),
    }
}

/// Every shape reachable from `roots` (operations included), without the Unit shape and
/// mixins, sorted.
fn closure(model: &Model, roots: Vec<ShapeId>) -> BTreeSet<ShapeId> {
    let mut shapes = BTreeSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        match &model.shapes[&id].kind {
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
    shapes.retain(|id| id.as_str() != crate::model::UNIT && !model.shapes[id].traits.mixin);
    shapes
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
