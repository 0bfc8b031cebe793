//! Part of stage 3, lower: paginators and waiters, and their paths (typed by validation
//! against the shapes) given their Rust form: the field each step reads, whether it is an
//! `Option`, and how a value or list element becomes the path value.

use super::{Lowering, Types};
use crate::ir::{self, Access, PathExpr, PathNode, ValueKind};
use crate::model::path::{Path, PathNode as Node, PathType, ValueType};
use crate::model::{Comparator, Matcher, Paginated, ShapeId, ShapeKind, Waiter};
use crate::names;

impl Lowering<'_> {
    pub(super) fn paginator(
        &self,
        op: &ShapeId,
        p: &Paginated,
        input_fields: &[ir::Field],
        types: &Types,
    ) -> ir::Paginator {
        let field = |member: &str| super::field_of(input_fields, member);
        let token = field(&p.input_token);
        let (name, items_name) = names::paginator_names(op.name());
        ir::Paginator {
            name,
            items_name,
            input_token: (token.name.clone(), token.ty.clone()),
            output_token: self.path(&p.output_token, types),
            page_size: p.page_size.as_deref().map(|m| {
                let f = field(m);
                (f.set_setter.clone(), f.ty.clone())
            }),
            items: p.items.as_ref().map(|items| {
                let element = match &items.ty {
                    PathType::Scalar(ValueType::List(_, list)) => self.element_rust_type(list),
                    _ => match &items.ty {
                        PathType::Scalar(ValueType::Map(map)) => self.rust_type(map),
                        _ => unreachable!("validation checked that items is a list or a map"),
                    },
                };
                (self.path(items, types), element)
            }),
        }
    }

    pub(super) fn waiter(&self, w: &Waiter, types: &Types) -> ir::Waiter {
        let n = names::waiter_names(&w.name);
        let acceptors: Vec<ir::Acceptor> = w
            .acceptors
            .iter()
            .map(|a| self.acceptor(a, types))
            .collect();
        let goal = acceptors
            .iter()
            .filter(|a| a.state == ir::AcceptorState::Success)
            .map(|a| a.rule.clone())
            .collect::<Vec<_>>()
            .join(" or ");
        let docs = match &w.documentation {
            Some(d) => crate::docs::to_markdown(d),
            None => vec![format!("Waits until {goal}.")],
        };
        ir::Waiter {
            name: w.name.clone(),
            method: n.method,
            file: names::file_of(&["waiters", &n.module]),
            module: n.module,
            fluent_builder: n.fluent_builder,
            final_poll: n.final_poll,
            error_alias: n.error,
            docs,
            min_delay: w.min_delay,
            max_delay: w.max_delay,
            uses_input: acceptors.iter().any(|a| {
                matches!(&a.matcher, ir::Matcher::Path { path, .. } if path.reads(&ir::PathNode::Input))
            }),
            goal,
            acceptors,
            deprecated: w.deprecated.then_some(ir::Deprecation { note: None }),
        }
    }

    /// An acceptor, with its rule in words (`tasks[].lastStatus has STOPPED`).
    fn acceptor(&self, a: &crate::model::Acceptor, types: &Types) -> ir::Acceptor {
        let (matcher, rule) = match &a.matcher {
            Matcher::Success(ok) => (
                ir::Matcher::Success(*ok),
                if *ok {
                    "the call succeeds"
                } else {
                    "the call fails"
                }
                .to_owned(),
            ),
            Matcher::ErrorType(code) => (
                ir::Matcher::ErrorType(code.clone()),
                format!("the call fails with {code}"),
            ),
            Matcher::Path {
                text,
                path,
                comparator,
                expected,
                input_output: _,
            } => {
                let rule = match comparator {
                    Comparator::StringEquals | Comparator::BooleanEquals => {
                        format!("{text} is {expected}")
                    }
                    Comparator::AllStringEquals => format!("{text} are all {expected}"),
                    Comparator::AnyStringEquals => format!("{text} has {expected}"),
                };
                let matcher = ir::Matcher::Path {
                    path: self.path(path, types),
                    comparator: *comparator,
                    expected: expected.clone(),
                };
                (matcher, rule)
            }
        };
        ir::Acceptor {
            state: a.state,
            matcher,
            rule,
        }
    }

    /// A typed path in its Rust form (validation bounded its depth).
    fn path(&self, p: &Path, types: &Types) -> PathExpr {
        let boxed = |x: &Path| Box::new(self.path(x, types));
        let node = match &p.node {
            Node::Output => PathNode::Output,
            Node::Input => PathNode::Input,
            Node::Current => PathNode::Current,
            Node::Field { of, owner, member } => self.field_step(p, of, owner, member, types),
            Node::Project {
                of,
                flatten,
                filter,
                then,
            } => self.project_step(of, *flatten, filter.as_deref(), then, types),
            Node::Length(x) => PathNode::Length(boxed(x)),
            Node::Contains(a, b) => PathNode::Contains(boxed(a), boxed(b)),
            Node::Compare(op, a, b) => PathNode::Compare(*op, boxed(a), boxed(b)),
            Node::And(a, b) => PathNode::And(boxed(a), boxed(b)),
            Node::Or(a, b) => PathNode::Or(boxed(a), boxed(b)),
            Node::Not(a) => PathNode::Not(boxed(a)),
            Node::Str(s) => PathNode::Str(s.clone()),
            Node::Number(n) => PathNode::Number(*n),
            Node::Bool(b) => PathNode::Bool(*b),
        };
        PathExpr {
            kind: match &p.ty {
                PathType::Scalar(v) => ValueKind::Scalar(self.value_type(v)),
                PathType::Projection(v) => ValueKind::Projection(self.value_type(v)),
            },
            node: fold(node),
        }
    }

    /// `of.member`: the field, whether it is an `Option`, how its value becomes the path's.
    fn field_step(
        &self,
        p: &Path,
        of: &Path,
        owner: &ShapeId,
        member: &str,
        types: &Types,
    ) -> PathNode {
        let field = super::field_of(types.fields_of(&self.placement.paths[owner]), member);
        let PathType::Scalar(value) = &p.ty else {
            unreachable!("a field gives one value");
        };
        PathNode::Field {
            of: Box::new(self.path(of, types)),
            field: field.name.clone(),
            optional: field.presence == ir::Presence::Optional,
            access: access(value, &field.ty),
        }
    }

    /// `of[].then` or `of[?filter].then`: how each element (of the inner lists, when a list of
    /// lists is flattened) becomes a value.
    fn project_step(
        &self,
        of: &Path,
        flatten: bool,
        filter: Option<&Path>,
        then: &Path,
        types: &Types,
    ) -> PathNode {
        let PathType::Scalar(ValueType::List(element, list)) = &of.ty else {
            unreachable!("validation projects only lists");
        };
        let (element, rust) = match (&**element, flatten) {
            (ValueType::List(inner, inner_list), true) => {
                ((**inner).clone(), self.element_rust_type(inner_list))
            }
            (element, _) => (element.clone(), self.element_rust_type(list)),
        };
        PathNode::Project {
            of: Box::new(self.path(of, types)),
            flatten,
            element: access(&element, &rust),
            filter: filter.map(|f| Box::new(self.path(f, types))),
            then: Box::new(self.path(then, types)),
        }
    }

    fn value_type(&self, v: &ValueType) -> ir::ValueType {
        match v {
            ValueType::Struct(id) => ir::ValueType::Struct(self.placement.paths[id].clone()),
            ValueType::Str => ir::ValueType::Str,
            ValueType::Int => ir::ValueType::Int,
            ValueType::Float => ir::ValueType::Float,
            ValueType::Bool => ir::ValueType::Bool,
            ValueType::List(element, list) => ir::ValueType::List(
                Box::new(self.value_type(element)),
                access(element, &self.element_rust_type(list)),
            ),
            ValueType::Map(map) => ir::ValueType::Map(self.rust_type(map)),
        }
    }

    /// The Rust type of a list shape's elements.
    fn element_rust_type(&self, list: &ShapeId) -> ir::RustType {
        match &self.model.shapes[list].kind {
            ShapeKind::List(member) => self.rust_type(&member.target),
            _ => unreachable!("validation typed {list} as a list"),
        }
    }
}

/// A step whose operands are literals, evaluated now as JMESPath would evaluate it (and a
/// filter that always holds, dropped), so that generated code never tests a constant. Each
/// step's operands are folded before it, so this folds whole constant subtrees.
fn fold(node: PathNode) -> PathNode {
    use PathNode as N;
    let literal = |e: &PathExpr| matches!(e.node, N::Str(_) | N::Number(_) | N::Bool(_));
    match node {
        N::Not(a) if literal(&a) => N::Bool(!truthy(&a.node)),
        N::And(a, b) if literal(&a) => {
            if truthy(&a.node) {
                b.node
            } else {
                a.node
            }
        }
        N::Or(a, b) if literal(&a) => {
            if truthy(&a.node) {
                a.node
            } else {
                b.node
            }
        }
        N::Compare(op, a, b) if literal(&a) && literal(&b) => {
            N::Bool(compare(op, &a.node, &b.node))
        }
        N::Length(x) if literal(&x) => match x.node {
            N::Str(s) => N::Number(s.chars().count() as f64),
            other => unreachable!("validation takes the length only of strings: {other:?}"),
        },
        N::Contains(a, b) if literal(&a) && literal(&b) => match (&a.node, &b.node) {
            (N::Str(s), N::Str(q)) => N::Bool(s.contains(q.as_str())),
            _ => N::Contains(a, b),
        },
        N::Project {
            of,
            flatten,
            element,
            filter: Some(f),
            then,
        } if literal(&f) && truthy(&f.node) => N::Project {
            of,
            flatten,
            element,
            filter: None,
            then,
        },
        other => other,
    }
}

/// JMESPath truthiness of a literal: an empty string and `false` are falsy, numbers never are.
fn truthy(literal: &PathNode) -> bool {
    match literal {
        PathNode::Str(s) => !s.is_empty(),
        PathNode::Bool(b) => *b,
        _ => true,
    }
}

/// A comparison of two literals (validation lets only numbers be ordered).
fn compare(op: crate::jmespath::CompareOp, a: &PathNode, b: &PathNode) -> bool {
    use crate::jmespath::CompareOp as Op;
    if let (PathNode::Number(x), PathNode::Number(y)) = (a, b) {
        return match op {
            Op::Eq => x == y,
            Op::Ne => x != y,
            Op::Lt => x < y,
            Op::Le => x <= y,
            Op::Gt => x > y,
            Op::Ge => x >= y,
        };
    }
    match op {
        Op::Eq => a == b,
        Op::Ne => a != b,
        _ => unreachable!("validation orders only numbers"),
    }
}

/// How a Rust value of type `rust` becomes the path value of type `value`.
fn access(value: &ValueType, rust: &ir::RustType) -> Access {
    use ir::RustType as R;
    match (value, rust) {
        (ValueType::Str, R::String) => Access::String,
        (ValueType::Str, _) => Access::Enum,
        (ValueType::Int, R::I64) => Access::Long,
        (ValueType::Int, _) => Access::Int,
        (ValueType::Float, R::F64) => Access::Double,
        (ValueType::Float, _) => Access::Float,
        (ValueType::Bool, _) => Access::Bool,
        (ValueType::Struct(_), R::Boxed(_)) => Access::Boxed,
        (ValueType::Struct(_), _) => Access::Struct,
        (ValueType::List(..), _) => Access::List,
        (ValueType::Map(_), _) => Access::Map,
    }
}
