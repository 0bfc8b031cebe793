//! Part of stage 1, validate: JMESPath expressions of waiters and paginators ([`jmespath`]
//! parses them) typed against the shapes they walk. A path naming a member the shape does not
//! have, comparing values of different types, or using an operator whose JMESPath meaning the
//! generated code could not reproduce exactly is an error with the character it is at; what
//! passes has one meaning, JMESPath's (see [`crate::model::path`]).

use crate::jmespath::{self, CompareOp, ExprKind, Function, Literal};
use crate::model::path::{Path, PathNode, PathType, ValueType};
use crate::model::{Model, ShapeId, ShapeKind};

/// What a path starts from.
#[derive(Clone, Copy)]
pub enum Root<'a> {
    /// The operation's output.
    Output(&'a ShapeId),
    /// `{input, output}`, for `inputOutput` matchers.
    InputOutput(&'a ShapeId, &'a ShapeId),
}

/// Parses `text` and types it from `root`; the error is a message with the position.
pub fn type_path(model: &Model, text: &str, root: Root<'_>) -> Result<Path, String> {
    let ast = jmespath::parse(text).map_err(|e| e.to_string())?;
    let base = match root {
        Root::Output(id) => Path {
            ty: PathType::Scalar(ValueType::Struct(id.clone())),
            node: PathNode::Output,
        },
        // Only `input` and `output` may follow; the base itself is never a value.
        Root::InputOutput(..) => Path {
            ty: PathType::Scalar(ValueType::Bool),
            node: PathNode::Current,
        },
    };
    Typer { model, root }.typed(&ast, &base, true)
}

/// How a path value reads in messages.
pub fn describe(ty: &PathType) -> String {
    fn value(t: &ValueType) -> String {
        match t {
            ValueType::Struct(id) => format!("a structure `{}`", id.name()),
            ValueType::Str => "a string".to_owned(),
            ValueType::Int => "an integer".to_owned(),
            ValueType::Float => "a number".to_owned(),
            ValueType::Bool => "a boolean".to_owned(),
            ValueType::Map(id) => format!("a map `{}`", id.name()),
            ValueType::List(e, _) => format!("a list of {}", bare(&value(e))),
        }
    }
    fn bare(s: &str) -> &str {
        s.trim_start_matches("a ").trim_start_matches("an ")
    }
    match ty {
        PathType::Scalar(t) => value(t),
        PathType::Projection(t) => format!("a projection of {}", bare(&value(t))),
    }
}

struct Typer<'m> {
    model: &'m Model,
    root: Root<'m>,
}

fn scalar(value: ValueType, node: PathNode) -> Path {
    Path {
        ty: PathType::Scalar(value),
        node,
    }
}

impl Typer<'_> {
    fn typed(&self, e: &jmespath::Expr, base: &Path, at_root: bool) -> Result<Path, String> {
        let fail = |message: String| format!("at character {}: {message}", e.at);
        let boxed = |x: &jmespath::Expr| self.typed(x, base, at_root).map(Box::new);
        Ok(match &e.kind {
            ExprKind::Current => base.clone(),
            ExprKind::Field(name) => self.field(base, name, at_root).map_err(fail)?,
            ExprKind::Sub(lhs, rhs) => {
                let lhs = self.typed(lhs, base, at_root)?;
                self.typed(rhs, &lhs, false)?
            }
            ExprKind::Project(list, rest, top) => {
                self.projection(e, &self.typed(list, base, at_root)?, None, rest, *top)?
            }
            ExprKind::Filter(list, cond, rest) => {
                let list = self.typed(list, base, at_root)?;
                self.projection(e, &list, Some(cond), rest, false)?
            }
            ExprKind::Compare(op, l, r) => {
                let (l, r) = (boxed(l)?, boxed(r)?);
                check_comparable(*op, &l.ty, &r.ty).map_err(fail)?;
                scalar(ValueType::Bool, PathNode::Compare(*op, l, r))
            }
            ExprKind::And(a, b) => {
                logical(PathNode::And, "&&", boxed(a)?, boxed(b)?).map_err(fail)?
            }
            ExprKind::Or(a, b) => {
                logical(PathNode::Or, "||", boxed(a)?, boxed(b)?).map_err(fail)?
            }
            ExprKind::Not(a) => {
                let a = boxed(a)?;
                check_truthiness(&a.ty).map_err(fail)?;
                scalar(ValueType::Bool, PathNode::Not(a))
            }
            ExprKind::Literal(literal) => literal_path(literal),
            ExprKind::Call(Function::Length, args) => {
                let x = boxed(&args[0])?;
                check_length(&x.ty).map_err(fail)?;
                check_projection_argument("length", &x).map_err(fail)?;
                scalar(ValueType::Int, PathNode::Length(x))
            }
            ExprKind::Call(Function::Contains, args) => {
                let (subject, search) = (boxed(&args[0])?, boxed(&args[1])?);
                check_contains(&subject.ty, &search.ty).map_err(fail)?;
                check_projection_argument("contains", &subject).map_err(fail)?;
                scalar(ValueType::Bool, PathNode::Contains(subject, search))
            }
        })
    }

    /// `name` looked up in `base`; at the root of an `inputOutput` path, `input` or `output`.
    fn field(&self, base: &Path, name: &str, at_root: bool) -> Result<Path, String> {
        let (true, Root::InputOutput(input, output)) = (at_root, self.root) else {
            return self.member(base, name);
        };
        let (id, node) = match name {
            "input" => (input, PathNode::Input),
            "output" => (output, PathNode::Output),
            other => {
                return Err(format!(
                    "an inputOutput path starts with `input` or `output`, not `{other}`"
                ));
            }
        };
        Ok(scalar(ValueType::Struct(id.clone()), node))
    }

    /// `list[].rest` or `list[?cond].rest` over a typed `list`.
    fn projection(
        &self,
        e: &jmespath::Expr,
        list: &Path,
        cond: Option<&jmespath::Expr>,
        rest: &jmespath::Expr,
        top: bool,
    ) -> Result<Path, String> {
        let PathType::Scalar(ValueType::List(element, _)) = &list.ty else {
            return Err(format!(
                "at character {}: `[]` needs a list here, and this is {}",
                e.at,
                describe(&list.ty)
            ));
        };
        // JMESPath: a `[]` on a value that is not projected flattens a list of lists.
        let (element, flatten) = match (top, &**element) {
            (true, ValueType::List(inner, _)) => ((**inner).clone(), true),
            (_, element) => (element.clone(), false),
        };
        let current = scalar(element, PathNode::Current);
        let filter = cond
            .map(|c| self.typed(c, &current, false).map(Box::new))
            .transpose()?;
        if let Some(filter) = &filter {
            check_truthiness(&filter.ty).map_err(|m| format!("at character {}: {m}", e.at))?;
        }
        let then = self.typed(rest, &current, false)?;
        let ty = match &then.ty {
            PathType::Scalar(t) | PathType::Projection(t) => PathType::Projection(t.clone()),
        };
        Ok(Path {
            ty,
            node: PathNode::Project {
                of: Box::new(list.clone()),
                flatten,
                filter,
                then: Box::new(then),
            },
        })
    }

    /// `base.name`.
    fn member(&self, base: &Path, name: &str) -> Result<Path, String> {
        let PathType::Scalar(ValueType::Struct(owner)) = &base.ty else {
            return Err(format!(
                "`{name}` is looked up in {}, which has no members",
                describe(&base.ty)
            ));
        };
        let members = self.model.shapes[owner].kind.members();
        let member = members.iter().find(|m| m.name == name).ok_or_else(|| {
            let known: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
            format!(
                "`{}` has no member `{name}` (its members: {})",
                owner.name(),
                known.join(", ")
            )
        })?;
        let value = self.value_type(&member.target).ok_or_else(|| {
            format!(
                "member `{name}` of `{}` is a {}, which paths cannot use",
                owner.name(),
                self.model.shapes[&member.target].kind.type_name()
            )
        })?;
        Ok(scalar(
            value,
            PathNode::Field {
                of: Box::new(base.clone()),
                owner: owner.clone(),
                member: name.to_owned(),
            },
        ))
    }

    /// The path value type of a member's target, if paths can use it.
    fn value_type(&self, target: &ShapeId) -> Option<ValueType> {
        let shape = &self.model.shapes[target];
        Some(match &shape.kind {
            ShapeKind::String | ShapeKind::Enum(_) => ValueType::Str,
            ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
                ValueType::Int
            }
            ShapeKind::Float | ShapeKind::Double => ValueType::Float,
            ShapeKind::Boolean => ValueType::Bool,
            ShapeKind::Structure(_) => ValueType::Struct(target.clone()),
            ShapeKind::List(member) if !shape.traits.sparse => {
                ValueType::List(Box::new(self.value_type(&member.target)?), target.clone())
            }
            ShapeKind::Map { .. } => ValueType::Map(target.clone()),
            _ => return None,
        })
    }
}

/// `a && b` or `a || b`: JMESPath gives one of the operands, so both must have the same
/// type, and the first's truthiness must be one the generated code can tell.
fn logical(
    node: fn(Box<Path>, Box<Path>) -> PathNode,
    op: &str,
    a: Box<Path>,
    b: Box<Path>,
) -> Result<Path, String> {
    check_truthiness(&a.ty)?;
    if a.ty != b.ty {
        return Err(format!(
            "`{op}` gives one of its operands, and these differ: {} and {}",
            describe(&a.ty),
            describe(&b.ty)
        ));
    }
    Ok(Path {
        ty: a.ty.clone(),
        node: node(a, b),
    })
}

/// A literal: a string, a boolean, or a number (whole numbers are integers).
fn literal_path(literal: &Literal) -> Path {
    match literal {
        Literal::String(s) => scalar(ValueType::Str, PathNode::Str(s.clone())),
        Literal::Bool(b) => scalar(ValueType::Bool, PathNode::Bool(*b)),
        Literal::Number(n) => {
            let ty = if n.fract() == 0.0 && n.abs() < 9.0e15 {
                ValueType::Int
            } else {
                ValueType::Float
            };
            scalar(ty, PathNode::Number(*n))
        }
    }
}

/// `length()` counts a string's code points or a list's, map's or projection's items.
fn check_length(ty: &PathType) -> Result<(), String> {
    match ty {
        PathType::Projection(_)
        | PathType::Scalar(ValueType::List(..) | ValueType::Str | ValueType::Map(_)) => Ok(()),
        other => Err(format!(
            "length() needs a list, map or string, not {}",
            describe(other)
        )),
    }
}

/// A projection given to `length` or `contains` must be one projection: JMESPath raises an
/// error when it is null (its list is null), which generated code can tell for a projection
/// but not for `a[].b || c[].d`.
fn check_projection_argument(function: &str, x: &Path) -> Result<(), String> {
    match (&x.ty, &x.node) {
        (PathType::Projection(_), PathNode::Project { .. }) | (PathType::Scalar(_), _) => Ok(()),
        _ => Err(format!(
            "{function}() of projections joined with `&&` or `||` is not supported; \
             apply it to each projection"
        )),
    }
}

/// Comparisons the generated code makes exactly as JMESPath does: numbers in any order,
/// strings and booleans for equality.
fn check_comparable(op: CompareOp, l: &PathType, r: &PathType) -> Result<(), String> {
    let ok = match (l, r) {
        (PathType::Scalar(a), PathType::Scalar(b)) => match (a, b) {
            (ValueType::Int | ValueType::Float, ValueType::Int | ValueType::Float) => true,
            (ValueType::Str, ValueType::Str) | (ValueType::Bool, ValueType::Bool) => {
                matches!(op, CompareOp::Eq | CompareOp::Ne)
            }
            _ => false,
        },
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "cannot compare {} with {} using {op:?}",
            describe(l),
            describe(r)
        ))
    }
}

/// `contains(subject, search)`: a substring of a string, or an item of a list or projection
/// of strings, booleans or integers.
fn check_contains(subject: &PathType, search: &PathType) -> Result<(), String> {
    let item = |t: &ValueType, s: &ValueType| {
        t == s && matches!(s, ValueType::Str | ValueType::Bool | ValueType::Int)
    };
    let ok = match (subject, search) {
        (PathType::Scalar(ValueType::Str), PathType::Scalar(ValueType::Str)) => true,
        (PathType::Projection(t), PathType::Scalar(s)) => item(t, s),
        (PathType::Scalar(ValueType::List(t, _)), PathType::Scalar(s)) => item(t, s),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "contains() cannot look for {} in {}",
            describe(search),
            describe(subject)
        ))
    }
}

/// JMESPath truthiness is that of the value: an object is falsy when it is empty. Generated
/// structures do not track whether any member is set, so a structure's truthiness (in `&&`,
/// `||`, `!` or a filter) is refused rather than guessed.
fn check_truthiness(ty: &PathType) -> Result<(), String> {
    match ty {
        PathType::Scalar(ValueType::Struct(id)) => Err(format!(
            "the truthiness of a structure (`{}`) is not supported; test one of its members",
            id.name()
        )),
        _ => Ok(()),
    }
}
