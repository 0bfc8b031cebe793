//! The typed Smithy model that stage 1 (load, then validate) produces and every later stage
//! reads.
//!
//! Every trait the generator uses is a typed field here, read and checked once by
//! [`crate::validate`]: a later stage never meets a trait value of the wrong shape, a member
//! that does not exist or a path that does not type. Only ordered collections live here
//! (`BTreeMap`, or `Vec` in model order for members), so nothing later depends on how
//! `serde_json` orders its maps.

pub mod operation;
pub mod path;
pub mod value;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use aws_endpoint_rules::cases::EndpointTestCase;
use aws_endpoint_rules::{Bdd, RuleSet};

pub use operation::{
    Acceptor, AcceptorState, Comparator, HostPart, Matcher, Paginated, RequestTest, ResponseTest,
    Waiter,
};

/// An absolute shape id, `namespace#Name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Wraps an id that the loader has checked contains exactly one `#`.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    /// The part after `#`.
    pub fn name(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(_, n)| n)
    }
    /// The part before `#`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }
    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `id$member`, the way errors name a member.
    pub fn member(&self, member: &str) -> String {
        format!("{}${member}", self.0)
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `smithy.api#Unit`, the target of enum members and absent operation input/output.
pub const UNIT: &str = "smithy.api#Unit";

/// A loaded and validated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// Every shape, prelude included, by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape `id`, if the model has it (validation guarantees every target exists).
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The service shapes.
    pub fn services(&self) -> impl Iterator<Item = (&Shape, &Service)> {
        self.shapes.values().filter_map(|s| match &s.kind {
            ShapeKind::Service(svc) => Some((s, &**svc)),
            _ => None,
        })
    }
}

/// One shape.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Its id.
    pub id: ShapeId,
    /// Its kind, with what that kind carries.
    pub kind: ShapeKind,
    /// The traits every kind of shape may carry.
    pub traits: ShapeTraits,
}

/// The kinds of shape Smithy 2.0 defines, with what each carries.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    /// A string enum (or a Smithy 1.0 `@enum` string).
    Enum(Vec<EnumMember>),
    /// An integer enum.
    IntEnum(Vec<IntEnumMember>),
    /// A list (or set).
    List(Member),
    /// A map; keys are strings or string enums.
    Map {
        /// The key member.
        key: Member,
        /// The value member.
        value: Member,
    },
    /// A structure.
    Structure(Vec<Member>),
    /// A tagged union.
    Union(Vec<Member>),
    /// A service.
    Service(Box<Service>),
    /// An operation.
    Operation(Box<Operation>),
    /// A resource.
    Resource(Resource),
}

impl ShapeKind {
    /// The Smithy type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Blob => "blob",
            ShapeKind::Boolean => "boolean",
            ShapeKind::String => "string",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Service(_) => "service",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// Members of structures and unions, else empty.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m,
            _ => &[],
        }
    }

    /// Whether values of this kind are numbers that are whole.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            ShapeKind::Byte
                | ShapeKind::Short
                | ShapeKind::Integer
                | ShapeKind::Long
                | ShapeKind::BigInteger
        )
    }
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as written in the model (the wire name for awsJson).
    pub name: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: MemberTraits,
}

/// One value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// The member name.
    pub name: String,
    /// The value on the wire (`@enumValue`, else the name).
    pub value: String,
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// One value of an integer enum.
#[derive(Debug, Clone)]
pub struct IntEnumMember {
    /// The member name.
    pub name: String,
    /// The value on the wire (`@enumValue`).
    pub value: i32,
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// `@deprecated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// Why, and what to use instead.
    pub message: Option<String>,
    /// Since which version or date.
    pub since: Option<String>,
}

/// `@error`: who is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `"client"`.
    Client,
    /// `"server"`.
    Server,
}

/// `@timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `epoch-seconds`: a JSON number.
    EpochSeconds,
    /// `date-time`: RFC 3339.
    DateTime,
    /// `http-date`: RFC 7231 IMF-fixdate.
    HttpDate,
}

/// The traits of a shape the generator reads (of any kind; the kinds carry theirs).
#[derive(Debug, Clone, Default)]
pub struct ShapeTraits {
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@title` (services).
    pub title: Option<String>,
    /// `@error` (structures).
    pub error: Option<Fault>,
    /// `@retryable` (errors).
    pub retryable: bool,
    /// `@sensitive`: values never printed.
    pub sensitive: bool,
    /// `@sparse` (lists and maps): items may be null.
    pub sparse: bool,
    /// `@input`: an operation input structure.
    pub input: bool,
    /// `@mixin`: only a source of members and traits, never a type of its own.
    pub mixin: bool,
    /// `@streaming` (blobs and unions): a stream instead of one value.
    pub streaming: bool,
    /// `@timestampFormat` (timestamps).
    pub timestamp_format: Option<TimestampFormat>,
    /// `smithy.test#httpResponseTests` (error structures).
    pub response_tests: Vec<ResponseTest>,
}

/// The traits of a member the generator reads.
#[derive(Debug, Clone, Default)]
pub struct MemberTraits {
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@required`.
    pub required: bool,
    /// The member's default: its own `@default`, else its target's (`@default(null)` on the
    /// member removes it), checked against the target's type.
    pub default: Option<DefaultValue>,
    /// `@clientOptional`.
    pub client_optional: bool,
    /// `@idempotencyToken` (string members).
    pub idempotency_token: bool,
    /// `@hostLabel` (string members of operation inputs).
    pub host_label: bool,
    /// `@timestampFormat` on the member, which wins over its target's.
    pub timestamp_format: Option<TimestampFormat>,
}

/// A `@default` value, typed by the member's target (type-refinement-traits.rst, default).
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// A whole number (byte, short, integer, long, bigInteger, intEnum).
    Int(i128),
    /// A float, double or bigDecimal.
    Float(f64),
    /// A string or string enum value.
    String(String),
    /// A blob, as its bytes.
    Blob(Vec<u8>),
    /// A timestamp, as epoch seconds and nanoseconds.
    Timestamp(i64, u32),
    /// `[]`: the only default a list may have.
    EmptyList,
    /// `{}`: the only default a map may have.
    EmptyMap,
    /// A document: any JSON value.
    Document(serde_json::Value),
}

impl DefaultValue {
    /// Whether this is the zero value of its type (aws-default-zero-value.rst): `false`, `0`,
    /// `""`, an empty blob, list or map, or the epoch.
    pub fn is_zero(&self) -> bool {
        match self {
            DefaultValue::Bool(b) => !b,
            DefaultValue::Int(n) => *n == 0,
            DefaultValue::Float(f) => *f == 0.0,
            DefaultValue::String(s) => s.is_empty(),
            DefaultValue::Blob(b) => b.is_empty(),
            DefaultValue::Timestamp(s, n) => *s == 0 && *n == 0,
            DefaultValue::EmptyList | DefaultValue::EmptyMap => true,
            DefaultValue::Document(_) => false,
        }
    }
}

/// A service shape.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// `version`.
    pub version: String,
    /// Operations bound directly.
    pub operations: Vec<ShapeId>,
    /// Resources bound directly.
    pub resources: Vec<ShapeId>,
    /// Errors every operation can return.
    pub errors: Vec<ShapeId>,
    /// `aws.api#service` `sdkId`.
    pub sdk_id: Option<String>,
    /// `aws.api#service` `endpointPrefix`.
    pub endpoint_prefix: Option<String>,
    /// `aws.auth#sigv4` `name`.
    pub signing_name: Option<String>,
    /// The protocol traits on the service, by trait id, sorted.
    pub protocols: Vec<ShapeId>,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// `smithy.rules#endpointRuleSet`.
    pub rule_set: Option<RuleSet>,
    /// `smithy.rules#endpointBdd`.
    pub bdd: Option<Bdd>,
    /// `smithy.rules#endpointTests`.
    pub endpoint_tests: Option<Vec<EndpointTestCase>>,
}

/// An operation shape. A missing input or output is `smithy.api#Unit`.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The input structure.
    pub input: ShapeId,
    /// The output structure.
    pub output: ShapeId,
    /// Its own modeled errors (the service's come on top).
    pub errors: Vec<ShapeId>,
    /// `@paginated`, merged over the service's, its paths typed.
    pub paginated: Option<Paginated>,
    /// `smithy.waiters#waitable`, sorted by name, every path typed.
    pub waiters: Vec<Waiter>,
    /// `@endpoint(hostPrefix)` in pieces; empty when it has none.
    pub host_prefix: Vec<HostPart>,
    /// `@requestCompression` names `gzip`.
    pub request_compression: bool,
    /// `smithy.test#httpRequestTests`.
    pub request_tests: Vec<RequestTest>,
    /// `smithy.test#httpResponseTests`.
    pub response_tests: Vec<ResponseTest>,
}

/// A resource shape: only the operations it binds matter here.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// Every operation it binds (lifecycle, instance and collection operations).
    pub operations: Vec<ShapeId>,
    /// The resources it binds.
    pub resources: Vec<ShapeId>,
}
