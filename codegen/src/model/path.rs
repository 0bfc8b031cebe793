//! JMESPath expressions of waiters and paginators, typed against the shapes they walk
//! (`crate::validate::paths` types them; lowering gives each step its Rust form).
//!
//! A path gives one value that may be null (a scalar), or the values of a projection, nulls
//! dropped. The meaning is JMESPath's exactly: a top-level `list[]` over a list of lists yields
//! the inner lists' elements, `a && b` and `a || b` give one of their operands (and so are only
//! typed when both operands have the same type), comparisons give booleans, and a comparison
//! that orders a null gives null.

use super::ShapeId;
pub use crate::jmespath::CompareOp;

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// What it gives.
    pub ty: PathType,
    /// How.
    pub node: PathNode,
}

/// One value that may be null, or the values of a projection.
#[derive(Debug, Clone, PartialEq)]
pub enum PathType {
    /// One value, or null.
    Scalar(ValueType),
    /// A list of values, nulls dropped.
    Projection(ValueType),
}

/// The types of values a path can give.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// A structure.
    Struct(ShapeId),
    /// A string or a string enum's value.
    Str,
    /// A whole number (byte, short, integer, long, intEnum).
    Int,
    /// A float or double.
    Float,
    /// A boolean.
    Bool,
    /// A list of values of this type; the list shape.
    List(Box<ValueType>, ShapeId),
    /// A map (only as a pagination token or items).
    Map(ShapeId),
}

/// The steps of a typed path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathNode {
    /// The output (or the `{input, output}` pair's root).
    Output,
    /// `input` of `inputOutput`.
    Input,
    /// The element a projection or filter is looking at.
    Current,
    /// A member of a structure.
    Field {
        /// The structure value.
        of: Box<Path>,
        /// Its shape.
        owner: ShapeId,
        /// The member's name in the model.
        member: String,
    },
    /// `of[].then` and `of[?filter].then`.
    Project {
        /// A list value.
        of: Box<Path>,
        /// `of` is a list of lists flattened one level (a top-level `[]`).
        flatten: bool,
        /// The filter condition, evaluated on each element.
        filter: Option<Box<Path>>,
        /// What is taken from each element (`Current` for the elements themselves).
        then: Box<Path>,
    },
    /// `length(x)` of a string, list or projection.
    Length(Box<Path>),
    /// `contains(subject, search)`.
    Contains(Box<Path>, Box<Path>),
    /// A comparison.
    Compare(CompareOp, Box<Path>, Box<Path>),
    /// `a && b`: `b` when `a` is truthy, else `a`.
    And(Box<Path>, Box<Path>),
    /// `a || b`: `a` when it is truthy, else `b`.
    Or(Box<Path>, Box<Path>),
    /// `!a`.
    Not(Box<Path>),
    /// A string literal.
    Str(String),
    /// A number literal.
    Number(f64),
    /// A boolean literal.
    Bool(bool),
}
