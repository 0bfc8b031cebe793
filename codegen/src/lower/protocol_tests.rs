//! Part of stage 3, lower: the model's protocol compliance cases (validated and typed) → IR
//! cases, each value written in terms of the crate's own builders and setters.
//!
//! Each client-side case of the crate's protocol becomes a test. Request cases set the input
//! through the fluent builder; response cases set stand-ins for the input's `@required`
//! members (any value of the type will do: the case is about the response) and compare the
//! output, or the modeled error, with one built from the case's `params`. Error structures
//! carry their own response cases, run through the first operation that can return them.

use std::collections::BTreeMap;

use super::{Lowering, Types};
use crate::error::Result;
use crate::ir::tests::{
    CaseKind, Expected, ProtocolCase, ProtocolTests, RequestCase, ResponseCase, Setter, TestValue,
};
use crate::ir::{self, RustType, TypeKind};
use crate::model::value::{Float, Value};
use crate::model::{RequestTest, ResponseTest, ShapeKind};
use crate::names;

/// Official cases this generator does not pass yet, by id, with the reason. Every entry is a
/// test that runs as ignored, so `cargo test` prints the count.
pub const KNOWN_FAILURES: &[(&str, &str)] = &[(
    "MachinelearningPredictEndpoint",
    "Amazon ML's Predict sends the request to the host of its `PredictEndpoint` member: \
     an SDK customization for that one service, not a trait, and this generator has no \
     per-service customizations",
)];

/// Stand-ins for `@required` members nest at most this deep (a structure requiring itself
/// through other structures would otherwise never end).
const MAX_STAND_IN_DEPTH: usize = 16;

impl Lowering<'_> {
    /// The cases of the selected operations and the errors they return.
    pub(super) fn protocol_tests(
        &self,
        operations: &[ir::Operation],
        types: &Types,
    ) -> Result<ProtocolTests> {
        let protocol = self.selection.protocol.trait_id();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut cases = Vec::new();
        for op in operations {
            let id = self.op_id(op);
            let ShapeKind::Operation(model_op) = &self.model.shapes[id].kind else {
                continue;
            };
            for case in model_op
                .request_tests
                .iter()
                .filter(|c| c.protocol.as_str() == protocol)
            {
                cases.push(self.request_case(op, case, types, &mut names)?);
            }
            for case in model_op
                .response_tests
                .iter()
                .filter(|c| c.protocol.as_str() == protocol)
            {
                cases.push(self.response_case(op, case, None, types, &mut names)?);
            }
        }
        for id in &self.selection.shapes {
            let tests = &self.model.shapes[id].traits.response_tests;
            let Some((op, error)) = operations.iter().find_map(|op| {
                op.errors
                    .iter()
                    .find(|e| e.code == id.name())
                    .map(|e| (op, e))
            }) else {
                continue;
            };
            for case in tests.iter().filter(|c| c.protocol.as_str() == protocol) {
                cases.push(self.response_case(op, case, Some(error), types, &mut names)?);
            }
        }
        Ok(ProtocolTests { cases })
    }

    fn op_id(&self, op: &ir::Operation) -> &crate::model::ShapeId {
        self.selection
            .operations
            .iter()
            .find(|id| id.name() == op.wire_name)
            .expect("every lowered operation is a selected one")
    }

    /// The test's name (`request_` or `response_` and the case id: the two kinds may share an
    /// id); two ids that meet in one name are an error naming both.
    fn case_name(
        &self,
        kind: &str,
        id: &str,
        names: &mut BTreeMap<String, String>,
    ) -> Result<String> {
        let snake: String = names::snake(id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!("{kind}_{snake}");
        if let Some(other) = names.insert(name.clone(), id.to_owned()) {
            return Err(self.err(
                self.selection.service.to_string(),
                format!(
                    "protocol test case ids `{other}` and `{id}` both become the test `{name}`"
                ),
            ));
        }
        Ok(name)
    }

    fn case(
        &self,
        kind: &str,
        id: &str,
        docs: Option<&str>,
        op: &ir::Operation,
        names: &mut BTreeMap<String, String>,
        body: CaseKind,
    ) -> Result<ProtocolCase> {
        Ok(ProtocolCase {
            test_name: self.case_name(kind, id, names)?,
            id: id.to_owned(),
            docs: docs.map_or_else(
                || format!("Protocol test `{id}`."),
                |d| d.replace('\n', " "),
            ),
            ignore: KNOWN_FAILURES
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(_, why)| (*why).to_owned()),
            client_method: op.fn_name.clone(),
            kind: body,
        })
    }

    fn request_case(
        &self,
        op: &ir::Operation,
        case: &RequestTest,
        types: &Types,
        names: &mut BTreeMap<String, String>,
    ) -> Result<ProtocolCase> {
        let host = case
            .host
            .clone()
            .unwrap_or_else(|| "example.com".to_owned());
        let resolved_host = case
            .resolved_host
            .clone()
            .unwrap_or_else(|| host.split('/').next().unwrap_or(&host).to_owned());
        let body = CaseKind::Request(RequestCase {
            input: setters(&case.params, &op.input_fields, types),
            host,
            method: case.method.clone(),
            uri: case.uri.clone(),
            resolved_host,
            headers: case.headers.clone(),
            forbid_headers: case.forbid_headers.clone(),
            require_headers: case.require_headers.clone(),
            body: case.body.clone(),
            json_body: case
                .body_media_type
                .as_deref()
                .is_some_and(|m| m.contains("json")),
        });
        self.case(
            "request",
            &case.id,
            case.documentation.as_deref(),
            op,
            names,
            body,
        )
    }

    fn response_case(
        &self,
        op: &ir::Operation,
        case: &ResponseTest,
        error: Option<&ir::OperationError>,
        types: &Types,
        names: &mut BTreeMap<String, String>,
    ) -> Result<ProtocolCase> {
        let expect = match error {
            None => Expected::Output(value(
                &case.params,
                &RustType::Named(op.output.path.clone()),
                types,
            )),
            Some(e) => Expected::Error {
                error_enum: ir::TypePath {
                    module: names::operation_module(&op.module),
                    name: op.error_enum.clone(),
                },
                variant: e.variant.clone(),
                value: value(&case.params, &RustType::Named(e.path.clone()), types),
            },
        };
        let input = op
            .input_fields
            .iter()
            .filter(|f| f.required_in_builder)
            .map(|f| Setter {
                method: f.set_setter.clone(),
                value: stand_in(&f.ty, types, 0),
            })
            .collect();
        let body = CaseKind::Response(ResponseCase {
            input,
            code: case.code,
            headers: case.headers.clone(),
            body: case.body.clone().unwrap_or_default(),
            has_nan: has_nan(&case.params),
            expect,
        });
        self.case(
            "response",
            &case.id,
            case.documentation.as_deref(),
            op,
            names,
            body,
        )
    }
}

/// `.set_x(Some(value))` for each member set in a structure value.
fn setters(v: &Value, fields: &[ir::Field], types: &Types) -> Vec<Setter> {
    let Value::Struct(_, members) = v else {
        unreachable!("params are typed as structures");
    };
    members
        .iter()
        .map(|(member, v)| {
            let field = super::field_of(fields, member);
            Setter {
                method: field.set_setter.clone(),
                value: value(v, &field.ty, types),
            }
        })
        .collect()
}

/// A typed value as a value of the Rust type `ty` (validation typed it against the shape that
/// `ty` was lowered from).
fn value(v: &Value, ty: &RustType, types: &Types) -> TestValue {
    match (ty, v) {
        (RustType::Nullable(_), Value::Null) => TestValue::None,
        (RustType::Nullable(inner), v) => TestValue::Some(Box::new(value(v, inner, types))),
        (RustType::Boxed(inner), v) => TestValue::Boxed(Box::new(value(v, inner, types))),
        (_, Value::Bool(b)) => TestValue::Bool(*b),
        (ty, Value::Int(n)) => TestValue::Int(*n, ty.clone()),
        (ty, Value::Float(f)) => TestValue::Float(f.clone(), ty.clone()),
        (_, Value::String(s)) => TestValue::String(s.clone()),
        (_, Value::Blob(b)) => TestValue::Blob(b.clone()),
        (_, Value::Timestamp(s, n)) => TestValue::DateTime(*s, *n),
        (_, Value::Document(d)) => TestValue::Document(d.to_string()),
        (RustType::Named(path), Value::Enum(s)) => TestValue::Enum(path.clone(), s.clone()),
        (RustType::Named(path), Value::IntEnum(n)) => TestValue::IntEnum(path.clone(), *n),
        (RustType::List(item), Value::List(items)) => {
            TestValue::List(items.iter().map(|i| value(i, item, types)).collect())
        }
        (RustType::Map(k, vt), Value::Map(entries)) => TestValue::Map(
            entries
                .iter()
                .map(|(key, val)| {
                    let key = match &**k {
                        RustType::Named(path) => TestValue::Enum(path.clone(), key.clone()),
                        _ => TestValue::String(key.clone()),
                    };
                    (key, value(val, vt, types))
                })
                .collect(),
        ),
        (RustType::Named(path), Value::Struct(..)) => {
            let s = types.struct_of(path);
            TestValue::Struct {
                builder: s.builder_path.clone(),
                setters: setters(v, &s.fields, types),
                fallible: s.fallible_build,
            }
        }
        (RustType::Named(path), Value::Union(_, member, inner)) => {
            let TypeKind::Union(u) = &types.def_of(path).kind else {
                unreachable!("a union value is lowered from a union shape");
            };
            let variant = u
                .variants
                .iter()
                .find(|x| x.wire_name == *member)
                .expect("validation typed the member against this union");
            TestValue::Union {
                path: path.clone(),
                variant: variant.name.clone(),
                value: match (&variant.ty, inner) {
                    (Some(t), Some(inner)) => Some(Box::new(value(inner, t, types))),
                    _ => None,
                },
            }
        }
        (ty, v) => unreachable!("validation typed {v:?} as a value of the shape behind {ty:?}"),
    }
}

/// Some value of `ty`, for a `@required` input member a response case does not care about.
fn stand_in(ty: &RustType, types: &Types, depth: usize) -> TestValue {
    match ty {
        RustType::Bool => TestValue::Bool(false),
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::I128 => {
            TestValue::Int(0, ty.clone())
        }
        RustType::F32 | RustType::F64 => {
            TestValue::Float(Float::Finite("0".to_owned()), ty.clone())
        }
        RustType::String => TestValue::String("x".to_owned()),
        RustType::Blob => TestValue::Blob(b"x".to_vec()),
        RustType::DateTime => TestValue::DateTime(0, 0),
        RustType::Document => TestValue::Document("null".to_owned()),
        RustType::List(_) => TestValue::List(Vec::new()),
        RustType::Map(..) => TestValue::Map(Vec::new()),
        RustType::Nullable(_) => TestValue::None,
        RustType::Boxed(inner) => TestValue::Boxed(Box::new(stand_in(inner, types, depth))),
        RustType::Named(path) => named_stand_in(path, types, depth),
    }
}

fn named_stand_in(path: &ir::TypePath, types: &Types, depth: usize) -> TestValue {
    match &types.def_of(path).kind {
        TypeKind::Struct(s) => TestValue::Struct {
            builder: s.builder_path.clone(),
            setters: s
                .fields
                .iter()
                .filter(|f| f.required_in_builder && depth < MAX_STAND_IN_DEPTH)
                .map(|f| Setter {
                    method: f.set_setter.clone(),
                    value: stand_in(&f.ty, types, depth + 1),
                })
                .collect(),
            fallible: s.fallible_build,
        },
        TypeKind::Enum(e) => TestValue::Enum(
            path.clone(),
            e.variants
                .first()
                .map_or_else(|| "x".to_owned(), |v| v.value.clone()),
        ),
        TypeKind::IntEnum(e) => {
            TestValue::IntEnum(path.clone(), e.variants.first().map_or(0, |v| v.value))
        }
        TypeKind::Union(u) => match u.variants.first() {
            Some(v) => TestValue::Union {
                path: path.clone(),
                variant: v.name.clone(),
                value: v
                    .ty
                    .as_ref()
                    .map(|t| Box::new(stand_in(t, types, depth + 1))),
            },
            None => TestValue::Union {
                path: path.clone(),
                variant: u.unknown.clone(),
                value: None,
            },
        },
    }
}

fn has_nan(v: &Value) -> bool {
    match v {
        Value::Float(Float::NaN) => true,
        Value::List(items) => items.iter().any(has_nan),
        Value::Map(entries) => entries.iter().any(|(_, v)| has_nan(v)),
        Value::Struct(_, members) => members.iter().any(|(_, v)| has_nan(v)),
        Value::Union(_, _, Some(v)) => has_nan(v),
        _ => false,
    }
}
