//! Part of stage 3, lower: operations: their input, output, errors, idempotency tokens and
//! the names of their error enum and fluent builder.

use std::collections::BTreeSet;

use super::Lowering;
use crate::error::Result;
use crate::ir;
use crate::model::{Shape, ShapeId, ShapeKind, traits};
use crate::names;
use serde_json::Value;

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
        let host_prefix = self.host_prefix(shape, &op.input)?;
        let request_compression = shape
            .traits
            .get(traits::REQUEST_COMPRESSION)
            .and_then(|v| v.get("encodings"))
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(|x| x.as_str() == Some("gzip")));
        Ok(ir::Operation {
            host_prefix,
            request_compression,
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

    /// `@endpoint(hostPrefix: "foo.{label}.")` in pieces; each label must name an input member
    /// marked `@hostLabel` that targets a string.
    fn host_prefix(&self, shape: &Shape, input: &ShapeId) -> Result<Vec<ir::HostPart>> {
        let Some(prefix) = shape
            .traits
            .get(traits::ENDPOINT)
            .and_then(|v| v.get("hostPrefix"))
            .and_then(Value::as_str)
        else {
            return Ok(Vec::new());
        };
        let err = |m: String| {
            self.err(
                shape.id.as_str(),
                format!("`@endpoint(hostPrefix: {prefix:?})`: {m}"),
            )
        };
        let members = match &self.model.shapes[input].kind {
            ShapeKind::Structure(ms) => ms.as_slice(),
            _ => &[],
        };
        let mut parts = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(ir::HostPart::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| err("a `{` is never closed".into()))?
                + open;
            let label = &rest[open + 1..close];
            let member = members
                .iter()
                .find(|m| m.name == label && m.traits.contains_key(traits::HOST_LABEL))
                .ok_or_else(|| {
                    err(format!(
                        "`{{{label}}}` names no `@hostLabel` member of the input"
                    ))
                })?;
            if !matches!(self.model.shapes[&member.target].kind, ShapeKind::String) {
                return Err(err(format!("`{label}` must target a string")));
            }
            parts.push(ir::HostPart::Label {
                field: names::field_name(label),
                member: label.to_owned(),
            });
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(err("a `}` is never opened".into()));
        }
        if !rest.is_empty() {
            parts.push(ir::HostPart::Literal(rest.to_owned()));
        }
        let literal_ok = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        if parts
            .iter()
            .any(|p| matches!(p, ir::HostPart::Literal(t) if !literal_ok(t)))
        {
            return Err(err(
                "only letters, digits, `-`, `.` and `{label}`s may form a host prefix".into(),
            ));
        }
        Ok(parts)
    }
}
