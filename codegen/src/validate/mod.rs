//! Stage 1 (its second half), validate: the merged model → the typed [`Model`], checked.
//!
//! Every trait the generator uses is read here and nowhere else, and every rejection of model
//! content happens here, naming the shape and member: later stages read typed values that
//! cannot be malformed. In passes:
//! 1. [`shapes`]: each shape on its own (kinds, members, enum values, simple traits, services'
//!    endpoint rules);
//! 2. [`checks`]: across shapes (targets exist and fit, trait placement, collection cycles
//!    and depth);
//! 3. what needs other shapes to type: members' `@default` values ([`values`]), operations'
//!    pagination, waiters and host prefixes ([`operations`], with JMESPath typed by [`paths`]),
//!    and protocol test cases ([`protocol_tests`]).

pub mod checks;
pub mod operations;
pub mod paths;
pub mod protocol_tests;
pub mod shapes;
pub mod traits;
pub mod values;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::merge::Merged;
use crate::model::{Model, ShapeId, ShapeKind};

pub use checks::{MAX_COLLECTION_DEPTH, MAX_MEMBERS};

/// Types and checks the merged model; `shown` names it in messages.
pub fn validate(shown: &Path, merged: Merged) -> Result<Model> {
    let (shapes, pending) = shapes::type_shapes(shown, merged.shapes)?;
    let mut model = Model {
        path: shown.to_owned(),
        shapes,
    };
    checks::check(&model)?;
    resolve_defaults(&mut model, &pending)?;
    resolve_operations(&mut model, &pending)?;
    resolve_structure_tests(&mut model, &pending)?;
    Ok(model)
}

fn model_error(model: &Model, shape: String, message: String) -> Error {
    Error::Model {
        path: model.path.clone(),
        shape,
        message,
    }
}

/// Each structure and union member's default: its own `@default` (`null` removes its
/// target's), else its target's, typed by the target.
fn resolve_defaults(model: &mut Model, pending: &shapes::Pending) -> Result<()> {
    let mut resolved: Vec<(ShapeId, usize, crate::model::DefaultValue)> = Vec::new();
    for shape in model.shapes.values() {
        for (i, m) in shape.kind.members().iter().enumerate() {
            let raw = match pending
                .member_defaults
                .get(&(shape.id.clone(), m.name.clone()))
            {
                Some(Value::Null) => None,
                Some(own) => Some(own),
                None => pending.shape_defaults.get(&m.target),
            };
            if let Some(raw) = raw {
                let typed = values::default_value(model, &m.target, raw)
                    .map_err(|e| model_error(model, shape.id.member(&m.name), e))?;
                resolved.push((shape.id.clone(), i, typed));
            }
        }
    }
    for (id, i, default) in resolved {
        if let Some(shape) = model.shapes.get_mut(&id)
            && let ShapeKind::Structure(members) | ShapeKind::Union(members) = &mut shape.kind
        {
            members[i].traits.default = Some(default);
        }
    }
    Ok(())
}

/// Pagination, waiters, host prefix, compression and protocol tests of every operation.
fn resolve_operations(model: &mut Model, pending: &shapes::Pending) -> Result<()> {
    // A service's `@paginated` gives defaults to the operations it binds.
    let mut service_paginated: BTreeMap<ShapeId, &Value> = BTreeMap::new();
    for (service, value) in &pending.service_paginated {
        for op in crate::select::service_operations(model, service) {
            service_paginated.entry(op).or_insert(value);
        }
    }
    let mut resolved = Vec::new();
    for (id, traits) in &pending.operations {
        let ShapeKind::Operation(op) = &model.shapes[id].kind else {
            continue;
        };
        let reader = operations::OperationTraits {
            model,
            id,
            op,
            traits,
        };
        let tests_err = |e: String| model_error(model, id.to_string(), e);
        let request_tests = traits
            .get(traits::id::REQUEST_TESTS)
            .map(|v| protocol_tests::request_tests(model, v, &op.input))
            .transpose()
            .map_err(tests_err)?
            .unwrap_or_default();
        let response_tests = traits
            .get(traits::id::RESPONSE_TESTS)
            .map(|v| protocol_tests::response_tests(model, v, &op.output))
            .transpose()
            .map_err(tests_err)?
            .unwrap_or_default();
        let filled = crate::model::Operation {
            paginated: reader.paginated(service_paginated.get(id).copied())?,
            waiters: reader.waiters()?,
            host_prefix: reader.host_prefix()?,
            request_compression: reader.request_compression()?,
            request_tests,
            response_tests,
            ..(**op).clone()
        };
        resolved.push((id.clone(), filled));
    }
    for (id, filled) in resolved {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.kind = ShapeKind::Operation(Box::new(filled));
        }
    }
    Ok(())
}

/// Response cases carried by structures (errors), typed against the structure.
fn resolve_structure_tests(model: &mut Model, pending: &shapes::Pending) -> Result<()> {
    let mut resolved = Vec::new();
    for (id, value) in &pending.structure_tests {
        let cases = protocol_tests::response_tests(model, value, id)
            .map_err(|e| model_error(model, id.to_string(), e))?;
        resolved.push((id.clone(), cases));
    }
    for (id, cases) in resolved {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.traits.response_tests = cases;
        }
    }
    Ok(())
}
