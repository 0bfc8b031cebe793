//! Part of stage 1, validate, second pass: the traits of operations that walk their input
//! and output: `@paginated` (behavior-traits.rst), `smithy.waiters#waitable` (waiters.rst),
//! `@endpoint(hostPrefix)` (endpoint-traits) and `@requestCompression`.

use serde_json::{Map, Value};

use super::paths::{Root, describe, type_path};
use super::traits::id;
use crate::error::{Error, Result};
use crate::load::ast::Traits;
use crate::model::path::{PathType, ValueType};
use crate::model::{
    Acceptor, AcceptorState, Comparator, HostPart, Matcher, Model, Operation, Paginated, ShapeId,
    ShapeKind, Waiter,
};

/// Delays when a waiter does not give them (waiters.rst).
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

/// The operation `id`'s traits that need its input and output, typed.
pub struct OperationTraits<'m> {
    pub model: &'m Model,
    pub id: &'m ShapeId,
    pub op: &'m Operation,
    pub traits: &'m Traits,
}

impl OperationTraits<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.model.path.clone(),
            shape: self.id.to_string(),
            message: message.into(),
        }
    }

    /// `@paginated` merged over the service's (`service` is its value there, if any).
    pub fn paginated(&self, service: Option<&Value>) -> Result<Option<Paginated>> {
        let Some(own) = self.traits.get(id::PAGINATED) else {
            return Ok(None);
        };
        let context = format!("the @paginated trait of {}", self.id.name());
        let bad = |m: String| self.err(format!("{context}: {m}"));
        let setting = |key: &str| -> Result<Option<String>> {
            match own.get(key).or_else(|| service.and_then(|s| s.get(key))) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(bad(format!("`{key}` must be a string, found {other}"))),
            }
        };
        let (Some(input_token), Some(output_token)) =
            (setting("inputToken")?, setting("outputToken")?)
        else {
            return Err(self.err(format!("{context} needs both inputToken and outputToken")));
        };
        // behavior-traits.rst: tokens are strings or maps.
        if !matches!(
            self.input_member_kind("inputToken", &input_token)
                .map_err(&bad)?,
            ShapeKind::String | ShapeKind::Map { .. }
        ) {
            return Err(bad(format!(
                "inputToken `{input_token}` is not a string or a map"
            )));
        }
        let path = |text: &str, what: &str| {
            type_path(self.model, text, Root::Output(&self.op.output))
                .map_err(|e| bad(format!("{what} `{text}`: {e}")))
        };
        let output_token_path = path(&output_token, "outputToken")?;
        if !matches!(
            output_token_path.ty,
            PathType::Scalar(ValueType::Str | ValueType::Map(_))
        ) {
            return Err(bad(format!(
                "outputToken `{output_token}` is not a string or a map"
            )));
        }
        let items = setting("items")?
            .map(|text| path(&text, "items").and_then(|p| items_path(p, &text).map_err(&bad)));
        let page_size = setting("pageSize")?;
        if let Some(name) = &page_size
            && !self
                .input_member_kind("pageSize", name)
                .map_err(&bad)?
                .is_integer()
        {
            return Err(bad(format!("pageSize `{name}` is not an integer")));
        }
        Ok(Some(Paginated {
            input_token,
            output_token: output_token_path,
            items: items.transpose()?,
            page_size,
        }))
    }

    /// The kind of the input member `name`'s target; `what` names the setting in messages.
    fn input_member_kind(&self, what: &str, name: &str) -> Result<&ShapeKind, String> {
        let member = self.model.shapes[&self.op.input]
            .kind
            .members()
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("{what} `{name}` is not a member of the input"))?;
        Ok(&self.model.shapes[&member.target].kind)
    }

    /// The waiters, sorted by name.
    pub fn waiters(&self) -> Result<Vec<Waiter>> {
        let Some(value) = self.traits.get(id::WAITABLE) else {
            return Ok(Vec::new());
        };
        let Value::Object(waiters) = value else {
            return Err(self.err("`smithy.waiters#waitable` must be an object of waiters"));
        };
        let mut names: Vec<&String> = waiters.keys().collect();
        names.sort();
        names
            .into_iter()
            .map(|name| self.waiter(name, &waiters[name]))
            .collect()
    }

    fn waiter(&self, name: &str, waiter: &Value) -> Result<Waiter> {
        let context = format!("waiter {name} of {}", self.id.name());
        let bad = |m: String| self.err(format!("{context}: {m}"));
        let Value::Object(fields) = waiter else {
            return Err(bad("must be an object".into()));
        };
        let delay = |key: &str, default: u64| -> Result<u64> {
            match fields.get(key) {
                None => Ok(default),
                Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or_else(|| {
                    bad(format!(
                        "{key} must be a whole number of seconds, at least 1"
                    ))
                }),
            }
        };
        let (min_delay, max_delay) = (
            delay("minDelay", DEFAULT_MIN_DELAY)?,
            delay("maxDelay", DEFAULT_MAX_DELAY)?,
        );
        if min_delay > max_delay {
            return Err(bad(format!(
                "minDelay {min_delay} is larger than maxDelay {max_delay}"
            )));
        }
        let Some(Value::Array(acceptors)) = fields.get("acceptors") else {
            return Err(bad("no acceptors".into()));
        };
        let acceptors = acceptors
            .iter()
            .enumerate()
            .map(|(i, a)| self.acceptor(a, &format!("{context}, acceptor {}", i + 1)))
            .collect::<Result<Vec<_>>>()?;
        // waiters.rst: a waiter MUST have at least one success acceptor.
        if !acceptors.iter().any(|a| a.state == AcceptorState::Success) {
            return Err(bad(
                "has no acceptor with state `success`, so it could never succeed".into(),
            ));
        }
        Ok(Waiter {
            name: name.to_owned(),
            documentation: fields
                .get("documentation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            min_delay,
            max_delay,
            deprecated: fields.get("deprecated").and_then(Value::as_bool) == Some(true),
            acceptors,
        })
    }

    fn acceptor(&self, a: &Value, context: &str) -> Result<Acceptor> {
        let bad = |m: String| self.err(format!("{context}: {m}"));
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
        let matcher = match kind.as_str() {
            "success" => Matcher::Success(
                body.as_bool()
                    .ok_or_else(|| bad("`success` must be a boolean".to_owned()))?,
            ),
            "errorType" => {
                let code = body
                    .as_str()
                    .ok_or_else(|| bad("`errorType` must be a string".to_owned()))?;
                Matcher::ErrorType(code.rsplit('#').next().unwrap_or(code).to_owned())
            }
            "output" | "inputOutput" => self.path_matcher(kind, body, context)?,
            other => {
                return Err(bad(format!(
                    "matcher `{other}` is not output, inputOutput, success or errorType"
                )));
            }
        };
        Ok(Acceptor { state, matcher })
    }

    /// An `output` or `inputOutput` matcher: its path typed, its comparator one that can
    /// compare what the path gives with the expected value.
    fn path_matcher(&self, kind: &str, body: &Value, context: &str) -> Result<Matcher> {
        let bad = |m: String| self.err(format!("{context}: {m}"));
        let fields: &Map<String, Value> = body
            .as_object()
            .ok_or_else(|| bad(format!("`{kind}` must be an object")))?;
        let field = |k: &str| {
            fields
                .get(k)
                .and_then(Value::as_str)
                .ok_or_else(|| bad(format!("`{kind}` needs a string `{k}`")))
        };
        let (text, expected, comparator) =
            (field("path")?, field("expected")?, field("comparator")?);
        let input_output = kind == "inputOutput";
        let root = if input_output {
            Root::InputOutput(&self.op.input, &self.op.output)
        } else {
            Root::Output(&self.op.output)
        };
        let path =
            type_path(self.model, text, root).map_err(|e| bad(format!("path `{text}`: {e}")))?;
        let comparator = comparator_of(comparator, &path.ty, expected)
            .map_err(|m| bad(format!("path `{text}` {m}")))?;
        Ok(Matcher::Path {
            text: text.to_owned(),
            path,
            comparator,
            expected: expected.to_owned(),
            input_output,
        })
    }

    /// `@endpoint(hostPrefix: "foo.{label}.")` in pieces; each label must name an input member
    /// marked `@hostLabel` that targets a string, and the text between them may hold only
    /// letters, digits, `-` and `.`.
    pub fn host_prefix(&self) -> Result<Vec<HostPart>> {
        let Some(endpoint) = self.traits.get(id::ENDPOINT) else {
            return Ok(Vec::new());
        };
        let Some(prefix) = endpoint.get("hostPrefix").and_then(Value::as_str) else {
            return Err(self.err("`@endpoint` needs a string `hostPrefix`"));
        };
        let err = |m: String| self.err(format!("`@endpoint(hostPrefix: {prefix:?})`: {m}"));
        let members = self.model.shapes[&self.op.input].kind.members();
        let mut parts = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(HostPart::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| err("a `{` is never closed".into()))?
                + open;
            let label = &rest[open + 1..close];
            let member = members
                .iter()
                .find(|m| m.name == label && m.traits.host_label)
                .ok_or_else(|| {
                    err(format!(
                        "`{{{label}}}` names no `@hostLabel` member of the input"
                    ))
                })?;
            if !matches!(self.model.shapes[&member.target].kind, ShapeKind::String) {
                return Err(err(format!("`{label}` must target a string")));
            }
            parts.push(HostPart::Label(label.to_owned()));
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(err("a `}` is never opened".into()));
        }
        if !rest.is_empty() {
            parts.push(HostPart::Literal(rest.to_owned()));
        }
        let literal_ok = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        if parts
            .iter()
            .any(|p| matches!(p, HostPart::Literal(t) if !literal_ok(t)))
        {
            return Err(err(
                "only letters, digits, `-`, `.` and `{label}`s may form a host prefix".into(),
            ));
        }
        Ok(parts)
    }

    /// `@requestCompression` lists `gzip` among its encodings.
    pub fn request_compression(&self) -> Result<bool> {
        let Some(value) = self.traits.get(id::REQUEST_COMPRESSION) else {
            return Ok(false);
        };
        let Some(Value::Array(encodings)) = value.get("encodings") else {
            return Err(self.err("`@requestCompression` needs a list of `encodings`"));
        };
        Ok(encodings.iter().any(|e| e.as_str() == Some("gzip")))
    }
}

/// The comparator named `name`, when it can compare a value of type `ty` with `expected`.
fn comparator_of(name: &str, ty: &PathType, expected: &str) -> Result<Comparator, String> {
    let comparator = match name {
        "stringEquals" => Comparator::StringEquals,
        "booleanEquals" => Comparator::BooleanEquals,
        "allStringEquals" => Comparator::AllStringEquals,
        "anyStringEquals" => Comparator::AnyStringEquals,
        other => {
            return Err(format!(
                "has comparator `{other}`, which is not one of the four waiters.rst defines"
            ));
        }
    };
    let fits = match (comparator, ty) {
        (Comparator::StringEquals, PathType::Scalar(ValueType::Str)) => true,
        (Comparator::BooleanEquals, PathType::Scalar(ValueType::Bool)) => {
            expected == "true" || expected == "false"
        }
        (
            Comparator::AllStringEquals | Comparator::AnyStringEquals,
            PathType::Projection(ValueType::Str),
        ) => true,
        (
            Comparator::AllStringEquals | Comparator::AnyStringEquals,
            PathType::Scalar(ValueType::List(e, _)),
        ) => **e == ValueType::Str,
        _ => false,
    };
    if fits {
        Ok(comparator)
    } else {
        Err(format!(
            "gives {}, which `{comparator:?}` with {expected:?} cannot compare",
            describe(ty)
        ))
    }
}

/// `items` must give a list or a map.
fn items_path(
    path: crate::model::path::Path,
    text: &str,
) -> Result<crate::model::path::Path, String> {
    match path.ty {
        PathType::Scalar(ValueType::List(..) | ValueType::Map(_)) => Ok(path),
        _ => Err(format!("items `{text}` is not a list or a map")),
    }
}
