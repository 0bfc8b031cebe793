//! Part of stage 3, lower: waiters and paginators. Their JMESPath expressions (parsed by
//! [`crate::jmespath`]) are typed against the structures they walk, so a path that names a
//! member the shape does not have, or compares values of the wrong type, is a generation
//! error naming the waiter, the acceptor and the position; the emitter then writes plain Rust.

use serde_json::Value;

use super::Lowering;
use crate::error::Result;
use crate::ir::{
    self, Acceptor, AcceptorState, Access, Comparator, Matcher, PathExpr, PathNode, Presence,
    RustType, ValueKind, ValueType,
};
use crate::jmespath::{self, CompareOp, ExprKind, Function, Literal};
use crate::model::{Shape, ShapeId, ShapeKind};
use crate::names;

/// The `smithy.waiters#waitable` trait.
pub const WAITABLE: &str = "smithy.waiters#waitable";
/// The `smithy.api#paginated` trait.
pub const PAGINATED: &str = "smithy.api#paginated";

/// What a path starts from.
enum Root<'a> {
    /// The operation's output.
    Output(&'a ShapeId),
    /// `{input, output}`, for `inputOutput` matchers.
    InputOutput(&'a ShapeId, &'a ShapeId),
}

impl Lowering<'_> {
    /// The operation's paginator, from its `@paginated` merged over the service's.
    pub(super) fn paginator(
        &self,
        op: &Shape,
        input: &ShapeId,
        output: &ShapeId,
    ) -> Result<Option<ir::Paginator>> {
        let Some(own) = op.traits.get(PAGINATED) else {
            return Ok(None);
        };
        let service = self.model.shapes[&self.selection.service]
            .traits
            .get(PAGINATED);
        let setting = |key: &str| {
            own.get(key)
                .or_else(|| service.and_then(|s| s.get(key)))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let context = format!("the @paginated trait of {}", op.id.name());
        let (Some(input_token), Some(output_token)) =
            (setting("inputToken"), setting("outputToken"))
        else {
            return Err(self.err(
                op.id.as_str(),
                format!("{context} needs both inputToken and outputToken"),
            ));
        };
        let input_field = |name: &str, what: &str| -> Result<ir::Field> {
            let shape = &self.model.shapes[input];
            let ShapeKind::Structure(members) = &shape.kind else {
                return Err(self.err(
                    op.id.as_str(),
                    format!("{context}: the input is not a structure"),
                ));
            };
            let member = members.iter().find(|m| m.name == name).ok_or_else(|| {
                self.err(
                    op.id.as_str(),
                    format!("{context}: {what} `{name}` is not a member of the input"),
                )
            })?;
            self.field(shape, member, true)
        };
        let token_field = input_field(&input_token, "inputToken")?;
        if token_field.ty != RustType::String {
            return Err(self.err(
                op.id.as_str(),
                format!("{context}: inputToken `{input_token}` is not a string"),
            ));
        }
        let output_token_path = self.compile_path(
            &output_token,
            &Root::Output(output),
            &format!("{context}, outputToken"),
        )?;
        if output_token_path.kind != ValueKind::Scalar(ValueType::Str) {
            return Err(self.err(
                op.id.as_str(),
                format!("{context}: outputToken `{output_token}` is not a string"),
            ));
        }
        let page_size = match setting("pageSize") {
            Some(name) => {
                let f = input_field(&name, "pageSize")?;
                let setter =
                    names::Scope::new(names::BUILDER_METHODS, "_value").resolve(&f.set_setter);
                Some((setter, f.ty))
            }
            None => None,
        };
        let items = match setting("items") {
            Some(path) => {
                let compiled =
                    self.compile_path(&path, &Root::Output(output), &format!("{context}, items"))?;
                match &compiled.kind {
                    ValueKind::Scalar(ValueType::List(_, element)) => {
                        let element = element.clone();
                        Some((compiled, element))
                    }
                    _ => {
                        return Err(self.err(
                            op.id.as_str(),
                            format!("{context}: items `{path}` is not a list"),
                        ));
                    }
                }
            }
            None => None,
        };
        let name = names::type_name(op.id.name());
        Ok(Some(ir::Paginator {
            name: format!("{name}Paginator"),
            items_name: format!("{name}PaginatorItems"),
            input_token: token_field.name,
            output_token: output_token_path,
            page_size,
            items,
        }))
    }

    /// The operation's waiters, in model order.
    pub(super) fn waiters(
        &self,
        op: &Shape,
        input: &ShapeId,
        output: &ShapeId,
    ) -> Result<Vec<ir::Waiter>> {
        let Some(Value::Object(waiters)) = op.traits.get(WAITABLE) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (name, waiter) in waiters {
            let context = format!("waiter {name} of {}", op.id.name());
            let delay = |key: &str, default: u64| -> Result<u64> {
                match waiter.get(key) {
                    None => Ok(default),
                    Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or_else(|| {
                        self.err(
                            op.id.as_str(),
                            format!(
                                "{context}: {key} must be a whole number of seconds, at least 1"
                            ),
                        )
                    }),
                }
            };
            let (min_delay, max_delay) = (delay("minDelay", 2)?, delay("maxDelay", 120)?);
            if min_delay > max_delay {
                return Err(self.err(
                    op.id.as_str(),
                    format!("{context}: minDelay {min_delay} is larger than maxDelay {max_delay}"),
                ));
            }
            let Some(acceptors) = waiter.get("acceptors").and_then(Value::as_array) else {
                return Err(self.err(op.id.as_str(), format!("{context}: no acceptors")));
            };
            let acceptors = acceptors
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    self.acceptor(a, input, output, &format!("{context}, acceptor {}", i + 1))
                })
                .collect::<Result<Vec<_>>>()?;
            let goal = acceptors
                .iter()
                .filter(|a| a.state == AcceptorState::Success)
                .map(|a| a.rule.clone())
                .collect::<Vec<_>>()
                .join(" or ");
            let module = names::module_name(name);
            let docs = match waiter.get("documentation").and_then(Value::as_str) {
                Some(d) => crate::docs::to_markdown(d),
                None => vec![format!("Waits until {goal}.")],
            };
            out.push(ir::Waiter {
                method: format!("wait_until_{}", names::snake(name)),
                fluent_builder: format!("{}FluentBuilder", names::type_name(name)),
                module,
                name: name.clone(),
                docs,
                min_delay,
                max_delay,
                goal: if goal.is_empty() {
                    "done".to_owned()
                } else {
                    goal
                },
                acceptors,
                deprecated: waiter
                    .get("deprecated")
                    .map(|_| ir::Deprecation { note: None }),
            });
        }
        Ok(out)
    }

    fn acceptor(
        &self,
        a: &Value,
        input: &ShapeId,
        output: &ShapeId,
        context: &str,
    ) -> Result<Acceptor> {
        let bad = |what: String| self.err(context.to_owned(), what);
        let state = match a.get("state").and_then(Value::as_str) {
            Some("success") => AcceptorState::Success,
            Some("failure") => AcceptorState::Failure,
            Some("retry") => AcceptorState::Retry,
            other => {
                return Err(bad(format!(
                    "state {other:?} is not success, failure or retry"
                )));
            }
        };
        let Some(Value::Object(matcher)) = a.get("matcher") else {
            return Err(bad("has no matcher".to_owned()));
        };
        let (kind, body) = match matcher.iter().next() {
            Some(entry) if matcher.len() == 1 => entry,
            _ => return Err(bad("a matcher must have exactly one member".to_owned())),
        };
        let (matcher, rule) = match kind.as_str() {
            "success" => {
                let ok = body
                    .as_bool()
                    .ok_or_else(|| bad("`success` must be a boolean".to_owned()))?;
                let rule = if ok {
                    "the call succeeds"
                } else {
                    "the call fails"
                };
                (Matcher::Success(ok), rule.to_owned())
            }
            "errorType" => {
                let code = body
                    .as_str()
                    .ok_or_else(|| bad("`errorType` must be a string".to_owned()))?;
                let code = code.rsplit('#').next().unwrap_or(code).to_owned();
                let rule = format!("the call fails with {code}");
                (Matcher::ErrorType(code), rule)
            }
            "output" | "inputOutput" => {
                let field = |k: &str| {
                    body.get(k)
                        .and_then(Value::as_str)
                        .ok_or_else(|| bad(format!("`{kind}` needs a string `{k}`")))
                };
                let (path, expected, comparator) =
                    (field("path")?, field("expected")?, field("comparator")?);
                let input_output = kind == "inputOutput";
                let root = if input_output {
                    Root::InputOutput(input, output)
                } else {
                    Root::Output(output)
                };
                let compiled =
                    self.compile_path(path, &root, &format!("{context}, path `{path}`"))?;
                let comparator = match comparator {
                    "stringEquals" => Comparator::StringEquals,
                    "booleanEquals" => Comparator::BooleanEquals,
                    "allStringEquals" => Comparator::AllStringEquals,
                    "anyStringEquals" => Comparator::AnyStringEquals,
                    other => {
                        return Err(bad(format!(
                            "comparator `{other}` is not one of the four waiters.rst defines"
                        )));
                    }
                };
                let fits = match (comparator, &compiled.kind) {
                    (Comparator::StringEquals, ValueKind::Scalar(ValueType::Str)) => true,
                    (Comparator::BooleanEquals, ValueKind::Scalar(ValueType::Bool)) => {
                        expected == "true" || expected == "false"
                    }
                    (
                        Comparator::AllStringEquals | Comparator::AnyStringEquals,
                        ValueKind::Projection(ValueType::Str),
                    ) => true,
                    (
                        Comparator::AllStringEquals | Comparator::AnyStringEquals,
                        ValueKind::Scalar(ValueType::List(e, _)),
                    ) => **e == ValueType::Str,
                    _ => false,
                };
                if !fits {
                    return Err(bad(format!(
                        "path `{path}` gives {}, which `{comparator:?}` with {expected:?} cannot compare",
                        describe(&compiled.kind)
                    )));
                }
                let rule = match comparator {
                    Comparator::StringEquals | Comparator::BooleanEquals => {
                        format!("{path} is {expected}")
                    }
                    Comparator::AllStringEquals => format!("{path} are all {expected}"),
                    Comparator::AnyStringEquals => format!("{path} has {expected}"),
                };
                (
                    Matcher::Path {
                        path: compiled,
                        comparator,
                        expected: expected.to_owned(),
                        input_output,
                    },
                    rule,
                )
            }
            other => {
                return Err(bad(format!(
                    "matcher `{other}` is not output, inputOutput, success or errorType"
                )));
            }
        };
        Ok(Acceptor {
            state,
            matcher,
            rule,
        })
    }

    fn compile_path(&self, text: &str, root: &Root<'_>, context: &str) -> Result<PathExpr> {
        let ast = jmespath::parse(text).map_err(|e| self.err(context.to_owned(), e.to_string()))?;
        let base = match root {
            Root::Output(id) => PathExpr {
                kind: ValueKind::Scalar(ValueType::Struct(self.paths[*id].clone())),
                node: PathNode::Output,
            },
            // `input` and `output` are the only members of the pair.
            Root::InputOutput(..) => PathExpr {
                kind: ValueKind::Scalar(ValueType::Bool),
                node: PathNode::Current,
            },
        };
        let cx = PathContext { root, context };
        self.typed(&ast, &base, &cx, true)
    }

    fn typed(
        &self,
        e: &jmespath::Expr,
        base: &PathExpr,
        cx: &PathContext<'_>,
        at_root: bool,
    ) -> Result<PathExpr> {
        let fail = |message: String| {
            self.err(
                cx.context.to_owned(),
                format!("at character {}: {message}", e.at),
            )
        };
        let scalar_bool = |node| PathExpr {
            kind: ValueKind::Scalar(ValueType::Bool),
            node,
        };
        Ok(match &e.kind {
            ExprKind::Current => base.clone(),
            ExprKind::Field(name) => {
                if at_root && let Root::InputOutput(input, output) = cx.root {
                    let (id, node) = match name.as_str() {
                        "input" => (*input, PathNode::Input),
                        "output" => (*output, PathNode::Output),
                        other => {
                            return Err(fail(format!(
                                "an inputOutput path starts with `input` or `output`, not `{other}`"
                            )));
                        }
                    };
                    return Ok(PathExpr {
                        kind: ValueKind::Scalar(ValueType::Struct(self.paths[id].clone())),
                        node,
                    });
                }
                self.member(base, name, &fail)?
            }
            ExprKind::Sub(lhs, rhs) => {
                let lhs = self.typed(lhs, base, cx, at_root)?;
                self.typed(rhs, &lhs, cx, false)?
            }
            ExprKind::Project(list, rest) | ExprKind::Filter(list, _, rest) => {
                let list = self.typed(list, base, cx, at_root)?;
                let ValueKind::Scalar(ValueType::List(element, rust)) = &list.kind else {
                    return Err(fail(format!(
                        "`[]` needs a list here, and this is {}",
                        describe(&list.kind)
                    )));
                };
                let access = element_access(element, rust).ok_or_else(|| {
                    fail("lists of this element type cannot be projected".to_owned())
                })?;
                let current = PathExpr {
                    kind: ValueKind::Scalar((**element).clone()),
                    node: PathNode::Current,
                };
                let filter = match &e.kind {
                    ExprKind::Filter(_, cond, _) => {
                        Some(Box::new(self.typed(cond, &current, cx, false)?))
                    }
                    _ => None,
                };
                let then = self.typed(rest, &current, cx, false)?;
                let kind = match &then.kind {
                    ValueKind::Scalar(t) | ValueKind::Projection(t) => {
                        ValueKind::Projection(t.clone())
                    }
                };
                PathExpr {
                    kind,
                    node: PathNode::Project {
                        of: Box::new(list),
                        element: access,
                        filter,
                        then: Box::new(then),
                    },
                }
            }
            ExprKind::Compare(op, l, r) => {
                let (l, r) = (
                    self.typed(l, base, cx, at_root)?,
                    self.typed(r, base, cx, at_root)?,
                );
                let comparable = match (&l.kind, &r.kind) {
                    (ValueKind::Scalar(a), ValueKind::Scalar(b)) => match (a, b) {
                        (ValueType::Int | ValueType::Float, ValueType::Int | ValueType::Float) => {
                            true
                        }
                        (ValueType::Str, ValueType::Str) | (ValueType::Bool, ValueType::Bool) => {
                            matches!(op, CompareOp::Eq | CompareOp::Ne)
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if !comparable {
                    return Err(fail(format!(
                        "cannot compare {} with {} using {op:?}",
                        describe(&l.kind),
                        describe(&r.kind)
                    )));
                }
                scalar_bool(PathNode::Compare(*op, Box::new(l), Box::new(r)))
            }
            ExprKind::And(a, b) => scalar_bool(PathNode::And(
                Box::new(self.typed(a, base, cx, at_root)?),
                Box::new(self.typed(b, base, cx, at_root)?),
            )),
            ExprKind::Or(a, b) => scalar_bool(PathNode::Or(
                Box::new(self.typed(a, base, cx, at_root)?),
                Box::new(self.typed(b, base, cx, at_root)?),
            )),
            ExprKind::Not(a) => {
                scalar_bool(PathNode::Not(Box::new(self.typed(a, base, cx, at_root)?)))
            }
            ExprKind::Literal(Literal::String(s)) => PathExpr {
                kind: ValueKind::Scalar(ValueType::Str),
                node: PathNode::Str(s.clone()),
            },
            ExprKind::Literal(Literal::Bool(b)) => scalar_bool(PathNode::Bool(*b)),
            ExprKind::Literal(Literal::Number(n)) => {
                let ty = if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    ValueType::Int
                } else {
                    ValueType::Float
                };
                PathExpr {
                    kind: ValueKind::Scalar(ty),
                    node: PathNode::Number(*n),
                }
            }
            ExprKind::Call(Function::Length, args) => {
                let x = self.typed(&args[0], base, cx, at_root)?;
                match &x.kind {
                    ValueKind::Projection(_)
                    | ValueKind::Scalar(ValueType::List(..) | ValueType::Str) => {}
                    other => {
                        return Err(fail(format!(
                            "length() needs a list or a string, not {}",
                            describe(other)
                        )));
                    }
                }
                PathExpr {
                    kind: ValueKind::Scalar(ValueType::Int),
                    node: PathNode::Length(Box::new(x)),
                }
            }
            ExprKind::Call(Function::Contains, args) => {
                let (subject, search) = (
                    self.typed(&args[0], base, cx, at_root)?,
                    self.typed(&args[1], base, cx, at_root)?,
                );
                let ok = match (&subject.kind, &search.kind) {
                    (ValueKind::Scalar(ValueType::Str), ValueKind::Scalar(ValueType::Str)) => true,
                    (ValueKind::Projection(t), ValueKind::Scalar(s)) => {
                        t == s && matches!(s, ValueType::Str | ValueType::Bool | ValueType::Int)
                    }
                    (ValueKind::Scalar(ValueType::List(t, _)), ValueKind::Scalar(s)) => {
                        **t == *s && matches!(s, ValueType::Str | ValueType::Bool | ValueType::Int)
                    }
                    _ => false,
                };
                if !ok {
                    return Err(fail(format!(
                        "contains() cannot look for {} in {}",
                        describe(&search.kind),
                        describe(&subject.kind)
                    )));
                }
                scalar_bool(PathNode::Contains(Box::new(subject), Box::new(search)))
            }
        })
    }

    /// `base.name`: the member's field, and how its value becomes a path value.
    fn member(
        &self,
        base: &PathExpr,
        name: &str,
        fail: &dyn Fn(String) -> crate::error::Error,
    ) -> Result<PathExpr> {
        let ValueKind::Scalar(ValueType::Struct(path)) = &base.kind else {
            return Err(fail(format!(
                "`{name}` is looked up in {}, which has no members",
                describe(&base.kind)
            )));
        };
        let (id, shape) = self
            .paths
            .iter()
            .find(|(_, p)| *p == path)
            .map(|(id, _)| (id, &self.model.shapes[id]))
            .expect("every structure path comes from a shape");
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(fail(format!("`{}` is not a structure", id.name())));
        };
        let member = members.iter().find(|m| m.name == name).ok_or_else(|| {
            let known: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
            fail(format!(
                "`{}` has no member `{name}` (its members: {})",
                id.name(),
                known.join(", ")
            ))
        })?;
        let all_optional = shape.has(crate::model::traits::INPUT) || self.is_operation_input(id);
        let field = self.field(shape, member, all_optional)?;
        let (value, access) = self.value_type(&member.target, &field.ty).ok_or_else(|| {
            fail(format!(
                "member `{name}` of `{}` is a {}, which paths cannot use",
                id.name(),
                self.model.shapes[&member.target].kind.type_name()
            ))
        })?;
        Ok(PathExpr {
            kind: ValueKind::Scalar(value),
            node: PathNode::Field {
                of: Box::new(base.clone()),
                field: field.name,
                optional: field.presence == Presence::Optional,
                access,
            },
        })
    }

    /// The path value type of a shape, and how a Rust value of type `ty` becomes it.
    fn value_type(&self, target: &ShapeId, ty: &RustType) -> Option<(ValueType, Access)> {
        let shape = &self.model.shapes[target];
        Some(match (&shape.kind, ty) {
            (ShapeKind::String, RustType::String) => (ValueType::Str, Access::String),
            (ShapeKind::Enum(_), RustType::Named(_)) => (ValueType::Str, Access::Enum),
            (ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long, _) => {
                (ValueType::Int, Access::Int)
            }
            (ShapeKind::Float | ShapeKind::Double, _) => (ValueType::Float, Access::Float),
            (ShapeKind::Boolean, _) => (ValueType::Bool, Access::Bool),
            (ShapeKind::Structure(_), RustType::Named(p)) => {
                (ValueType::Struct(p.clone()), Access::Struct)
            }
            (ShapeKind::Structure(_), RustType::Boxed(inner)) => match &**inner {
                RustType::Named(p) => (ValueType::Struct(p.clone()), Access::Boxed),
                _ => return None,
            },
            (ShapeKind::List(member), RustType::List(element)) => {
                let (element_value, _) = self.value_type(&member.target, element)?;
                (
                    ValueType::List(Box::new(element_value), (**element).clone()),
                    Access::List,
                )
            }
            _ => return None,
        })
    }
}

struct PathContext<'a> {
    root: &'a Root<'a>,
    context: &'a str,
}

/// How a list element `&E` becomes the path value `V`.
fn element_access(element: &ValueType, rust: &RustType) -> Option<Access> {
    Some(match (element, rust) {
        (ValueType::Str, RustType::String) => Access::String,
        (ValueType::Str, RustType::Named(_)) => Access::Enum,
        (ValueType::Int, _) => Access::Int,
        (ValueType::Float, _) => Access::Float,
        (ValueType::Bool, _) => Access::Bool,
        (ValueType::Struct(_), RustType::Named(_)) => Access::Struct,
        (ValueType::Struct(_), RustType::Boxed(_)) => Access::Boxed,
        (ValueType::List(..), RustType::List(_)) => Access::List,
        _ => return None,
    })
}

fn describe(kind: &ValueKind) -> String {
    fn ty(t: &ValueType) -> String {
        match t {
            ValueType::Struct(p) => format!("a structure `{}`", p.name),
            ValueType::Str => "a string".to_owned(),
            ValueType::Int => "an integer".to_owned(),
            ValueType::Float => "a number".to_owned(),
            ValueType::Bool => "a boolean".to_owned(),
            ValueType::List(e, _) => format!(
                "a list of {}",
                ty(e).trim_start_matches("a ").trim_start_matches("an ")
            ),
        }
    }
    match kind {
        ValueKind::Scalar(t) => ty(t),
        ValueKind::Projection(t) => format!(
            "a projection of {}",
            ty(t).trim_start_matches("a ").trim_start_matches("an ")
        ),
    }
}
