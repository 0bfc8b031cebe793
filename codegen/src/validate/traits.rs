//! Part of stage 1, validate: reading trait values as typed values, each error naming the
//! shape (or `shape$member`) and the trait.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::ast::Traits;
use crate::model::{Deprecated, Fault, TimestampFormat};

/// Trait ids the generator reads.
pub mod id {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const TITLE: &str = "smithy.api#title";
    pub const ERROR: &str = "smithy.api#error";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const INPUT: &str = "smithy.api#input";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const PROTOCOL_DEFINITION: &str = "smithy.api#protocolDefinition";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
    pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_BDD: &str = "smithy.rules#endpointBdd";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
}

/// Protocol traits of AWS services and of Smithy (aws-protocols and the `smithy.protocols`
/// namespace): a service's protocols are the traits on it from this list, and any trait the
/// model itself marks `@protocolDefinition`.
pub const KNOWN_PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// The traits of one shape or member, read with errors that name it.
pub struct Reader<'a> {
    /// The trait values.
    pub traits: &'a Traits,
    /// The shape id, or `shape$member`.
    pub at: &'a str,
    /// The model, for messages.
    pub path: &'a std::path::Path,
}

impl Reader<'_> {
    /// An error about this shape or member.
    pub fn err(&self, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.path.to_owned(),
            shape: self.at.to_owned(),
            message: message.into(),
        }
    }

    /// Whether an annotation trait is present (its value is not read).
    pub fn flag(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    /// A trait whose value must be a string.
    pub fn string(&self, id: &str) -> Result<Option<String>> {
        match self.traits.get(id) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => {
                Err(self.err(format!("`@{}` must be a string, found {other}", short(id))))
            }
        }
    }

    /// `@documentation`.
    pub fn documentation(&self) -> Result<Option<String>> {
        self.string(id::DOCUMENTATION)
    }

    /// `@deprecated`: an object with optional string `message` and `since`.
    pub fn deprecated(&self) -> Result<Option<Deprecated>> {
        let Some(value) = self.traits.get(id::DEPRECATED) else {
            return Ok(None);
        };
        let Value::Object(fields) = value else {
            return Err(self.err(format!("`@deprecated` must be an object, found {value}")));
        };
        let field = |k: &str| match fields.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.err(format!(
                "`@deprecated` `{k}` must be a string, found {other}"
            ))),
        };
        Ok(Some(Deprecated {
            message: field("message")?,
            since: field("since")?,
        }))
    }

    /// `@timestampFormat`: one of the three formats.
    pub fn timestamp_format(&self) -> Result<Option<TimestampFormat>> {
        Ok(match self.string(id::TIMESTAMP_FORMAT)?.as_deref() {
            None => None,
            Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
            Some("date-time") => Some(TimestampFormat::DateTime),
            Some("http-date") => Some(TimestampFormat::HttpDate),
            Some(other) => {
                return Err(self.err(format!(
                    "`@timestampFormat(\"{other}\")` is not a timestamp format (epoch-seconds, date-time, http-date)"
                )));
            }
        })
    }

    /// `@error`: `"client"` or `"server"`.
    pub fn error(&self) -> Result<Option<Fault>> {
        Ok(match self.traits.get(id::ERROR) {
            None => None,
            Some(Value::String(s)) if s == "client" => Some(Fault::Client),
            Some(Value::String(s)) if s == "server" => Some(Fault::Server),
            Some(other) => {
                return Err(self.err(format!(
                    "`@error` must be \"client\" or \"server\", found {other}"
                )));
            }
        })
    }

    /// A field of an object-valued trait that must be a string when present.
    pub fn object_string(&self, id: &str, field: &str) -> Result<Option<String>> {
        match self.traits.get(id).map(|v| v.get(field)) {
            None | Some(None) => Ok(None),
            Some(Some(Value::String(s))) => Ok(Some(s.clone())),
            Some(Some(other)) => Err(self.err(format!(
                "`@{}` `{field}` must be a string, found {other}",
                short(id)
            ))),
        }
    }
}

/// `smithy.api#documentation` → `documentation`, for messages.
pub fn short(id: &str) -> &str {
    id.strip_prefix("smithy.api#").unwrap_or(id)
}
