//! Part of stage 3, lower: operations: their input and output types and builders, errors,
//! idempotency tokens, host prefix, and the names of their error enum, fluent builder and
//! client method. Paginators and waiters are in [`super::paths`].

use std::collections::BTreeSet;

use super::{Lowering, Types};
use crate::error::Result;
use crate::ir;
use crate::model::{HostPart, Operation, Shape, ShapeId};
use crate::names;

impl Lowering<'_> {
    pub(super) fn operation(
        &self,
        shape: &Shape,
        op: &Operation,
        types: &Types,
    ) -> Result<ir::Operation> {
        let input = types.io(&shape.id, &op.input, true);
        let output = types.io(&shape.id, &op.output, false);
        let input_fields = types.fields_of(&input.path).to_vec();
        let errors = self.operation_errors(shape, op)?;
        let variants: Vec<String> = errors.iter().map(|e| e.variant.clone()).collect();
        let (idempotency_tokens, host_prefix) = self.input_uses(op, &input_fields);
        let module = names::module_name(shape.id.name());
        // A structure several operations share lives outside their modules; only the
        // operation whose module holds it writes impls for it.
        let owns_input = input.path.module == ["operation".to_owned(), module.clone()];
        Ok(ir::Operation {
            owns_input,
            wire_name: shape.id.name().to_owned(),
            fn_name: names::field_name(shape.id.name()),
            file: names::file_of(&["operation", &module]),
            module,
            paginator: op
                .paginated
                .as_ref()
                .map(|p| self.paginator(&shape.id, p, &input_fields, types)),
            waiters: op.waiters.iter().map(|w| self.waiter(w, types)).collect(),
            input,
            output,
            input_fields,
            unhandled_variant: names::free_variant("Unhandled", &variants),
            errors,
            error_enum: names::error_enum_name(shape.id.name()),
            fluent_builder: names::fluent_builder_name(shape.id.name()),
            idempotency_tokens,
            docs: self.docs_or(shape.traits.documentation.as_deref(), || {
                format!("Calls `{}`.", shape.id.name())
            }),
            deprecated: super::types::deprecation(&shape.traits.deprecated),
            host_prefix,
            request_compression: op.request_compression,
        })
    }

    /// The input fields filled with an idempotency token when unset, and the host prefix
    /// with its labels' fields.
    fn input_uses(
        &self,
        op: &Operation,
        input_fields: &[ir::Field],
    ) -> (Vec<String>, Vec<ir::HostPart>) {
        let field_of = |member: &str| super::field_of(input_fields, member).name.clone();
        let tokens = self.model.shapes[&op.input]
            .kind
            .members()
            .iter()
            .filter(|m| m.traits.idempotency_token)
            .map(|m| field_of(&m.name))
            .collect();
        let host_prefix = op
            .host_prefix
            .iter()
            .map(|part| match part {
                HostPart::Literal(text) => ir::HostPart::Literal(text.clone()),
                HostPart::Label(member) => ir::HostPart::Label {
                    field: field_of(member),
                    member: member.clone(),
                },
            })
            .collect();
        (tokens, host_prefix)
    }

    /// The operation's errors and the service's, sorted by variant; two that become one
    /// variant are an error naming both.
    fn operation_errors(&self, shape: &Shape, op: &Operation) -> Result<Vec<ir::OperationError>> {
        let service_errors = self
            .model
            .services()
            .find(|(s, _)| s.id == self.selection.service)
            .map(|(_, svc)| svc.errors.clone())
            .unwrap_or_default();
        let ids: BTreeSet<&ShapeId> = op.errors.iter().chain(&service_errors).collect();
        let mut errors: Vec<ir::OperationError> = ids
            .into_iter()
            .map(|id| {
                let variant = names::type_name(id.name());
                ir::OperationError {
                    is_method: names::is_method(&variant),
                    variant,
                    path: self.placement.paths[id].clone(),
                    code: id.name().to_owned(),
                    retryable: self.model.shapes[id].traits.retryable,
                }
            })
            .collect();
        errors.sort_by(|a, b| a.variant.cmp(&b.variant));
        let mut variants = names::Scope::new(&[], "");
        for e in &errors {
            variants.claim(&e.variant, &e.code).map_err(|other| {
                self.err(
                    shape.id.to_string(),
                    format!(
                        "its errors {other} and {} are both named `{}` in Rust",
                        e.code, e.variant
                    ),
                )
            })?;
        }
        Ok(errors)
    }
}
