//! Node values typed by the shape they stand for: the `params` of protocol test cases, checked
//! against the input, output or error structure by `crate::validate::values`.

use super::ShapeId;

/// A value of a shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Null, in a sparse list or map.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i128),
    /// A float, double or bigDecimal.
    Float(Float),
    /// A string.
    String(String),
    /// A blob's bytes.
    Blob(Vec<u8>),
    /// A timestamp: epoch seconds and nanoseconds, exact.
    Timestamp(i64, u32),
    /// A document.
    Document(serde_json::Value),
    /// A string enum's value.
    Enum(String),
    /// An intEnum's value.
    IntEnum(i32),
    /// A list's items.
    List(Vec<Value>),
    /// A map's entries, sorted by key.
    Map(Vec<(String, Value)>),
    /// A structure: the members that are set, in the structure's member order.
    Struct(ShapeId, Vec<(String, Value)>),
    /// A union: its shape, the member that is set, and the value (`None` for a Unit member).
    Union(ShapeId, String, Option<Box<Value>>),
}

/// A float as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Float {
    /// A finite number, with its text as written.
    Finite(String),
    /// `"NaN"`.
    NaN,
    /// `"Infinity"`.
    Infinity,
    /// `"-Infinity"`.
    NegInfinity,
}
