//! The model's protocol compliance cases, lowered: each case's input as setter calls on the
//! fluent builder, its expected output or error as builder calls, every name decided.

use super::{RustType, TypePath};
use crate::model::value::Float;

/// The cases the crate's `tests/protocol.rs` runs.
#[derive(Debug, Clone)]
pub struct ProtocolTests {
    /// In operation order, then error order.
    pub cases: Vec<ProtocolCase>,
}

/// One case.
#[derive(Debug, Clone)]
pub struct ProtocolCase {
    /// The test function (`request_` or `response_` and the case id).
    pub test_name: String,
    /// The case id, for messages.
    pub id: String,
    /// Rustdoc line.
    pub docs: String,
    /// Why the case runs as ignored, when it is a known failure.
    pub ignore: Option<String>,
    /// The client method of the operation it calls.
    pub client_method: String,
    /// A request or a response case.
    pub kind: CaseKind,
}

/// What a case checks.
#[derive(Debug, Clone)]
pub enum CaseKind {
    /// The request the input makes.
    Request(RequestCase),
    /// What a response reads as.
    Response(ResponseCase),
}

/// A request case.
#[derive(Debug, Clone)]
pub struct RequestCase {
    /// The input's members, as fluent-builder setter calls.
    pub input: Vec<Setter>,
    /// The host the client is configured with.
    pub host: String,
    /// Expected method, path and host.
    pub method: String,
    /// See `method`.
    pub uri: String,
    /// See `method`.
    pub resolved_host: String,
    /// Headers that must be sent.
    pub headers: Vec<(String, String)>,
    /// Headers that must not be sent.
    pub forbid_headers: Vec<String>,
    /// Headers that must be sent with any value.
    pub require_headers: Vec<String>,
    /// The expected body.
    pub body: Option<String>,
    /// Whether the body compares as JSON.
    pub json_body: bool,
}

/// A response case.
#[derive(Debug, Clone)]
pub struct ResponseCase {
    /// Stand-ins for the input's `@required` members, so the call is sent.
    pub input: Vec<Setter>,
    /// The response.
    pub code: u16,
    /// See `code`.
    pub headers: Vec<(String, String)>,
    /// See `code`.
    pub body: String,
    /// What the response must read as.
    pub expect: Expected,
    /// The expected value holds a NaN, so it is compared on the wire, not with `==`.
    pub has_nan: bool,
}

/// The expected result of a response case.
#[derive(Debug, Clone)]
pub enum Expected {
    /// The operation's output.
    Output(TestValue),
    /// A modeled error: the operation's error enum, the variant, the error structure.
    Error {
        /// The error enum.
        error_enum: TypePath,
        /// Its variant.
        variant: String,
        /// The error structure's value.
        value: TestValue,
    },
}

/// `.set_x(Some(value))`.
#[derive(Debug, Clone)]
pub struct Setter {
    /// The `set_` method.
    pub method: String,
    /// The value.
    pub value: TestValue,
}

/// A value written as Rust.
#[derive(Debug, Clone)]
pub enum TestValue {
    /// `true`.
    Bool(bool),
    /// An integer literal of this type.
    Int(i128, RustType),
    /// A float of this type (`f32` or `f64`).
    Float(Float, RustType),
    /// `String::from(..)`.
    String(String),
    /// `Blob::new(..)`.
    Blob(Vec<u8>),
    /// `DateTime::from_secs_and_nanos(..)`.
    DateTime(i64, u32),
    /// A document, as JSON text.
    Document(String),
    /// `vec![..]`.
    List(Vec<TestValue>),
    /// `HashMap::from([..])`.
    Map(Vec<(TestValue, TestValue)>),
    /// `None`, in a sparse collection.
    None,
    /// `Some(..)`, in a sparse collection.
    Some(Box<TestValue>),
    /// `Box::new(..)`.
    Boxed(Box<TestValue>),
    /// A structure built with its builder.
    Struct {
        /// The builder.
        builder: TypePath,
        /// Its setter calls.
        setters: Vec<Setter>,
        /// Whether `build()` returns a `Result`.
        fallible: bool,
    },
    /// `Enum::from("value")`.
    Enum(TypePath, String),
    /// `IntEnum::from(value)`.
    IntEnum(TypePath, i32),
    /// A union variant.
    Union {
        /// The union.
        path: TypePath,
        /// The variant.
        variant: String,
        /// Its value; `None` for a Unit member.
        value: Option<Box<TestValue>>,
    },
}
