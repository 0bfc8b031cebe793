//! The typed Smithy model that the loader produces and every later stage reads.
//!
//! Only ordered collections (`BTreeMap`, or `Vec` in model order for members) live here, so no
//! later stage depends on how `serde_json` orders its maps.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

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

/// Trait values by absolute trait id (`smithy.api#required`).
pub type Traits = BTreeMap<String, Value>;

/// Well-known trait ids.
pub mod traits {
    /// `@documentation`
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    /// `@required`
    pub const REQUIRED: &str = "smithy.api#required";
    /// `@default`
    pub const DEFAULT: &str = "smithy.api#default";
    /// `@clientOptional`
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    /// `@input`
    pub const INPUT: &str = "smithy.api#input";
    /// `@output`
    pub const OUTPUT: &str = "smithy.api#output";
    /// `@error`
    pub const ERROR: &str = "smithy.api#error";
    /// `@retryable`
    pub const RETRYABLE: &str = "smithy.api#retryable";
    /// `@sensitive`
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    /// `@deprecated`
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    /// `@enumValue`
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    /// Smithy 1.0 `@enum` on a string shape.
    pub const ENUM: &str = "smithy.api#enum";
    /// `@mixin`
    pub const MIXIN: &str = "smithy.api#mixin";
    /// `@sparse`
    pub const SPARSE: &str = "smithy.api#sparse";
    /// `@idempotencyToken`
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    /// `@timestampFormat`
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    /// `@unitType`
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    /// `@title`
    pub const TITLE: &str = "smithy.api#title";
    /// `@examples`
    pub const EXAMPLES: &str = "smithy.api#examples";
    /// `aws.auth#sigv4`
    pub const SIGV4: &str = "aws.auth#sigv4";
    /// `aws.api#service`
    pub const AWS_SERVICE: &str = "aws.api#service";
    /// `aws.protocols#awsJson1_1`
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    /// `smithy.rules#endpointBdd`
    pub const ENDPOINT_BDD: &str = "smithy.rules#endpointBdd";
    /// `smithy.api#endpoint`
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    /// `smithy.api#hostLabel`
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    /// `smithy.api#requestCompression`
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    /// `aws.protocols#awsJson1_0`
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    /// `aws.protocols#awsQueryCompatible`
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    /// `smithy.rules#endpointRuleSet`
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    /// `smithy.rules#endpointTests`
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
}

/// A member of an aggregate shape.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as written in the model (the wire name for awsJson).
    pub name: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: Traits,
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
    /// Members target `smithy.api#Unit` and carry `@enumValue` (or derive it from the name).
    Enum(Vec<Member>),
    IntEnum(Vec<Member>),
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Service(Service),
    Operation(Operation),
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

    /// Members of aggregate shapes (structure, union, enum, intEnum), else empty.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure(m)
            | ShapeKind::Union(m)
            | ShapeKind::Enum(m)
            | ShapeKind::IntEnum(m) => m,
            _ => &[],
        }
    }
}

/// A service shape.
#[derive(Debug, Clone, Default)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
}

/// An operation shape. Missing input or output means `smithy.api#Unit`.
#[derive(Debug, Clone)]
pub struct Operation {
    pub input: ShapeId,
    pub output: ShapeId,
    pub errors: Vec<ShapeId>,
}

/// A resource shape: only the operations it binds matter here.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

/// One shape.
#[derive(Debug, Clone)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
}

impl Shape {
    /// Whether the shape carries trait `id`.
    pub fn has(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

/// A loaded and validated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// Every shape, prelude included, by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape `id`; the loader guarantees every target exists.
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The one service shape, when the model has exactly one.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
    }
}

/// `smithy.api#Unit`, the target of enum members and absent operation input/output.
pub const UNIT: &str = "smithy.api#Unit";
