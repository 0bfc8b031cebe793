//! Part of stage 3, lower: operations: their input, output, errors, idempotency tokens and
//! the names of their error enum and fluent builder.

use std::collections::BTreeSet;

use super::Lowering;
use crate::error::Result;
use crate::ir;
use crate::model::{Shape, ShapeId, ShapeKind, traits};
use crate::names;

impl Lowering<'_> {
    // ---- operations ----

    pub(super) fn operation(&self, shape: &Shape) -> Result<ir::Operation> {
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
        let mut variants = names::Scope::new(&[], "");
        for e in &errors {
            variants.claim(&e.variant, &e.code).map_err(|other| {
                self.err(
                    shape.id.as_str(),
                    format!(
                        "its errors {other} and {} are both named `{}` in Rust",
                        e.code, e.variant
                    ),
                )
            })?;
        }
        let variants: Vec<String> = errors.iter().map(|e| e.variant.clone()).collect();
        let unhandled_variant = names::free_variant("Unhandled", &variants);
        let idempotency_tokens = match &self.model.shapes[&op.input].kind {
            ShapeKind::Structure(members) => members
                .iter()
                .filter(|m| m.traits.contains_key(traits::IDEMPOTENCY_TOKEN))
                .map(|m| names::field_name(&m.name))
                .collect(),
            _ => Vec::new(),
        };
        let fn_name = names::field_name(shape.id.name());
        let has_structures =
            self.paths.contains_key(&op.input) && self.paths.contains_key(&op.output);
        let (paginator, waiters) = if has_structures {
            (
                self.paginator(shape, &op.input, &op.output)?,
                self.waiters(shape, &op.input, &op.output)?,
            )
        } else {
            (None, Vec::new())
        };
        Ok(ir::Operation {
            paginator,
            waiters,
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
