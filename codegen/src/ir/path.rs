//! Paths of waiters and paginators with their Rust forms decided: which field each step
//! reads, whether it is an `Option`, and how a field or list element becomes the path value.
//!
//! A compiled path is a Rust expression of type `Option<V>` (one value, maybe null) or
//! `Vec<V>` (a projection), where `V` is `&S`, `&str`, `i64`, `f64`, `bool`, `&[E]` or
//! `&HashMap<K, E>`, all `Copy`.

use super::{RustType, TypePath};
use crate::jmespath::CompareOp;

/// A path with the Rust types it walks.
#[derive(Debug, Clone, PartialEq)]
pub struct PathExpr {
    /// What it evaluates to.
    pub kind: ValueKind,
    /// How.
    pub node: PathNode,
}

impl PathExpr {
    /// Whether evaluating the path reads `root` (`Output`, `Input` or `Current`), so that
    /// emitters bind only the names a path uses. A projection's filter and step read their
    /// own element, not the enclosing one.
    pub fn reads(&self, root: &PathNode) -> bool {
        match &self.node {
            node @ (PathNode::Output | PathNode::Input | PathNode::Current) => node == root,
            PathNode::Field { of, .. } => of.reads(root),
            PathNode::Project {
                of, filter, then, ..
            } => {
                let inner = *root != PathNode::Current
                    && (filter.as_ref().is_some_and(|f| f.reads(root)) || then.reads(root));
                of.reads(root) || inner
            }
            PathNode::Length(x) | PathNode::Not(x) => x.reads(root),
            PathNode::Contains(a, b)
            | PathNode::Compare(_, a, b)
            | PathNode::And(a, b)
            | PathNode::Or(a, b) => a.reads(root) || b.reads(root),
            PathNode::Str(_) | PathNode::Number(_) | PathNode::Bool(_) => false,
        }
    }

    /// Whether evaluating the path can raise a JMESPath error: `length` or `contains` of
    /// null. Generated code then evaluates it in a function whose `None` is that error.
    pub fn can_fail(&self) -> bool {
        match &self.node {
            PathNode::Length(_) | PathNode::Contains(..) => true,
            PathNode::Output | PathNode::Input | PathNode::Current => false,
            PathNode::Str(_) | PathNode::Number(_) | PathNode::Bool(_) => false,
            PathNode::Field { of, .. } => of.can_fail(),
            PathNode::Project {
                of, filter, then, ..
            } => of.can_fail() || filter.as_ref().is_some_and(|f| f.can_fail()) || then.can_fail(),
            PathNode::Not(x) => x.can_fail(),
            PathNode::Compare(_, a, b) | PathNode::And(a, b) | PathNode::Or(a, b) => {
                a.can_fail() || b.can_fail()
            }
        }
    }
}

/// `Option<V>` or `Vec<V>`.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `Option<V>`.
    Scalar(ValueType),
    /// `Vec<V>`.
    Projection(ValueType),
}

/// The value types of compiled paths and their Rust forms `V`.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// A structure, `&S`.
    Struct(TypePath),
    /// A string or string enum, `&str`.
    Str,
    /// An integer, `i64`.
    Int,
    /// A float, `f64`.
    Float,
    /// A boolean.
    Bool,
    /// A list, `&[E]`; how each `&E` becomes its value.
    List(Box<ValueType>, Access),
    /// A map, `&HashMap<K, E>`, of this Rust type.
    Map(RustType),
}

/// The steps of a compiled path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathNode {
    /// The output (or the `{input, output}` pair's root): `output`.
    Output,
    /// `input` of `inputOutput`: `input`.
    Input,
    /// The element a projection or filter is looking at: `item`.
    Current,
    /// A field of a structure.
    Field {
        /// The structure.
        of: Box<PathExpr>,
        /// The Rust field.
        field: String,
        /// Whether the field is an `Option`.
        optional: bool,
        /// How its value becomes `V`.
        access: Access,
    },
    /// `of[].then` (and `of[?filter].then`).
    Project {
        /// The list.
        of: Box<PathExpr>,
        /// `of` is a list of lists whose inner lists' elements are projected.
        flatten: bool,
        /// How each element `&E` becomes `V`.
        element: Access,
        /// The filter condition, evaluated on each element.
        filter: Option<Box<PathExpr>>,
        /// What is taken from each element.
        then: Box<PathExpr>,
    },
    /// `length(x)`.
    Length(Box<PathExpr>),
    /// `contains(subject, search)`.
    Contains(Box<PathExpr>, Box<PathExpr>),
    /// A comparison.
    Compare(CompareOp, Box<PathExpr>, Box<PathExpr>),
    /// `a && b`: `b` when `a` is truthy, else `a`.
    And(Box<PathExpr>, Box<PathExpr>),
    /// `a || b`: `a` when it is truthy, else `b`.
    Or(Box<PathExpr>, Box<PathExpr>),
    /// `!a`.
    Not(Box<PathExpr>),
    /// A string literal.
    Str(String),
    /// A number literal.
    Number(f64),
    /// A boolean literal.
    Bool(bool),
}

/// How a Rust value (a field, or a list element `&E`) becomes the path value `V`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `String` → `&str`.
    String,
    /// A string enum → `&str` (`as_str`).
    Enum,
    /// A narrower integer (or an intEnum) → `i64`.
    Int,
    /// An `i64`, as it is.
    Long,
    /// An `f32` → `f64`.
    Float,
    /// An `f64`, as it is.
    Double,
    /// `bool`.
    Bool,
    /// A structure → `&S`.
    Struct,
    /// A boxed structure → `&S`.
    Boxed,
    /// A list → `&[E]`.
    List,
    /// A map → `&HashMap<K, E>`.
    Map,
}
