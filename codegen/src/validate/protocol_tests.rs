//! Part of stage 1, validate, second pass: `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` (the Smithy HTTP protocol compliance tests) as typed cases,
//! their `params` typed against the structure they describe. Server-only cases are not read:
//! the generator writes clients.

use serde_json::{Map, Value};

use super::values;
use crate::model::operation::AppliesTo;
use crate::model::{Model, RequestTest, ResponseTest, ShapeId};

/// The client-side request cases of a trait value, `params` typed against `input`.
pub fn request_tests(
    model: &Model,
    value: &Value,
    input: &ShapeId,
) -> Result<Vec<RequestTest>, String> {
    cases(value)?
        .into_iter()
        .map(|case| {
            let c = Case(case);
            Ok(RequestTest {
                id: c.id()?,
                protocol: ShapeId::new(c.required_str("protocol")?),
                documentation: c.str("documentation")?,
                applies_to: c.applies_to()?,
                method: c.required_str("method")?,
                uri: c.required_str("uri")?,
                host: c.str("host")?,
                resolved_host: c.str("resolvedHost")?,
                headers: c.headers()?,
                forbid_headers: c.strings("forbidHeaders")?,
                require_headers: c.strings("requireHeaders")?,
                body: c.str("body")?,
                body_media_type: c.str("bodyMediaType")?,
                params: c.params(model, input)?,
            })
        })
        .collect()
}

/// The client-side response cases of a trait value, `params` typed against `output` (an
/// operation's output, or an error structure).
pub fn response_tests(
    model: &Model,
    value: &Value,
    output: &ShapeId,
) -> Result<Vec<ResponseTest>, String> {
    cases(value)?
        .into_iter()
        .map(|case| {
            let c = Case(case);
            let code =
                c.0.get("code")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok())
                    .filter(|c| (100..=599).contains(c))
                    .ok_or_else(|| c.bad("needs a `code` that is an HTTP status"))?;
            Ok(ResponseTest {
                id: c.id()?,
                protocol: ShapeId::new(c.required_str("protocol")?),
                documentation: c.str("documentation")?,
                applies_to: c.applies_to()?,
                code,
                headers: c.headers()?,
                body: c.str("body")?,
                body_media_type: c.str("bodyMediaType")?,
                params: c.params(model, output)?,
            })
        })
        .collect()
}

/// The case objects of a trait value that apply to clients.
fn cases(value: &Value) -> Result<Vec<&Map<String, Value>>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| "protocol tests must be a list".to_owned())?;
    let mut out = Vec::new();
    for item in items {
        let case = item
            .as_object()
            .ok_or_else(|| "a protocol test case must be an object".to_owned())?;
        if case.get("appliesTo").and_then(Value::as_str) != Some("server") {
            out.push(case);
        }
    }
    Ok(out)
}

/// One case object, read field by field.
struct Case<'a>(&'a Map<String, Value>);

impl Case<'_> {
    fn name(&self) -> String {
        self.0
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("(no id)")
            .to_owned()
    }

    fn bad(&self, message: &str) -> String {
        format!("protocol test `{}`: {message}", self.name())
    }

    fn id(&self) -> Result<String, String> {
        self.required_str("id")
    }

    fn str(&self, key: &str) -> Result<Option<String>, String> {
        match self.0.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.bad(&format!("`{key}` must be a string"))),
        }
    }

    fn required_str(&self, key: &str) -> Result<String, String> {
        self.str(key)?
            .ok_or_else(|| self.bad(&format!("has no `{key}`")))
    }

    fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        match self.0.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| self.bad(&format!("`{key}` must be a list of strings")))
                })
                .collect(),
            Some(_) => Err(self.bad(&format!("`{key}` must be a list of strings"))),
        }
    }

    /// Header names and values, sorted by name.
    fn headers(&self) -> Result<Vec<(String, String)>, String> {
        let Some(value) = self.0.get("headers") else {
            return Ok(Vec::new());
        };
        let headers = value
            .as_object()
            .ok_or_else(|| self.bad("`headers` must be an object"))?;
        let mut out = headers
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.clone(), v.to_owned()))
                    .ok_or_else(|| self.bad(&format!("header `{k}` must be a string")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.sort();
        Ok(out)
    }

    fn applies_to(&self) -> Result<Option<AppliesTo>, String> {
        Ok(match self.str("appliesTo")?.as_deref() {
            None => None,
            Some("client") => Some(AppliesTo::Client),
            Some("server") => Some(AppliesTo::Server),
            Some(other) => {
                return Err(self.bad(&format!("`appliesTo` {other:?} is not client or server")));
            }
        })
    }

    fn params(&self, model: &Model, shape: &ShapeId) -> Result<crate::model::value::Value, String> {
        let empty = Value::Object(Map::new());
        let params = self.0.get("params").unwrap_or(&empty);
        values::structure(model, shape, params, "").map_err(|e| self.bad(&format!("params: {e}")))
    }
}
