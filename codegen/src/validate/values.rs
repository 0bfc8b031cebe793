//! Part of stage 1, validate: node values typed by the shape they stand for: `@default`
//! values (type-refinement-traits.rst, "Default value constraints") and the `params` of
//! protocol test cases. Errors are messages; the caller names the shape or case.
//!
//! Node values come from serde_json (at most 128 levels deep) or the IDL reader (at most 64),
//! so the recursion here is bounded by the reader.

use base64::Engine as _;
use serde_json::Value as Json;

use crate::model::value::{Float, Value};
use crate::model::{DefaultValue, Model, ShapeId, ShapeKind};

/// A `@default` value for a member targeting `target`.
pub fn default_value(
    model: &Model,
    target: &ShapeId,
    value: &Json,
) -> Result<DefaultValue, String> {
    let shape = &model.shapes[target];
    let wrong = || {
        format!(
            "`@default({value})` does not fit {} {target}",
            shape.kind.type_name()
        )
    };
    Ok(match (&shape.kind, value) {
        (ShapeKind::Boolean, Json::Bool(b)) => DefaultValue::Bool(*b),
        (k, Json::Number(n)) if k.is_integer() || matches!(k, ShapeKind::IntEnum(_)) => {
            DefaultValue::Int(integer(n).ok_or_else(wrong)?)
        }
        (ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal, Json::Number(n)) => {
            DefaultValue::Float(n.as_f64().ok_or_else(wrong)?)
        }
        (ShapeKind::String, Json::String(s)) => DefaultValue::String(s.clone()),
        (ShapeKind::Enum(members), Json::String(s)) => {
            if !members.iter().any(|m| m.value == *s) {
                return Err(format!(
                    "`@default(\"{s}\")` is not a value of enum {target}"
                ));
            }
            DefaultValue::String(s.clone())
        }
        (ShapeKind::Blob, Json::String(s)) => DefaultValue::Blob(
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .map_err(|e| format!("`@default` of blob {target} is not base64: {e}"))?,
        ),
        (ShapeKind::Timestamp, Json::Number(n)) => {
            let (secs, nanos) = epoch_parts(&n.to_string()).ok_or_else(wrong)?;
            DefaultValue::Timestamp(secs, nanos)
        }
        (ShapeKind::List(_), Json::Array(items)) if items.is_empty() => DefaultValue::EmptyList,
        (ShapeKind::Map { .. }, Json::Object(entries)) if entries.is_empty() => {
            DefaultValue::EmptyMap
        }
        (ShapeKind::Document, v) if is_document_default(v) => DefaultValue::Document(v.clone()),
        _ => return Err(wrong()),
    })
}

/// document defaults: null, booleans, strings, numbers, `[]` and `{}`.
fn is_document_default(v: &Json) -> bool {
    match v {
        Json::Array(a) => a.is_empty(),
        Json::Object(o) => o.is_empty(),
        _ => true,
    }
}

fn integer(n: &serde_json::Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// A value of `target`; `at` is where in the case it is, for messages.
pub fn value(model: &Model, target: &ShapeId, json: &Json, at: &str) -> Result<Value, String> {
    let shape = &model.shapes[target];
    let wrong = || {
        format!(
            "{at}: {json} is not a value of {} {target}",
            shape.kind.type_name()
        )
    };
    Ok(match (&shape.kind, json) {
        (ShapeKind::Boolean, Json::Bool(b)) => Value::Bool(*b),
        (k, Json::Number(n)) if k.is_integer() => Value::Int(integer(n).ok_or_else(wrong)?),
        (ShapeKind::IntEnum(_), Json::Number(n)) => Value::IntEnum(
            n.as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(wrong)?,
        ),
        (ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal, v) => {
            Value::Float(float(v).ok_or_else(wrong)?)
        }
        (ShapeKind::String, Json::String(s)) => Value::String(s.clone()),
        (ShapeKind::Enum(_), Json::String(s)) => Value::Enum(s.clone()),
        (ShapeKind::Blob, Json::String(s)) => Value::Blob(s.as_bytes().to_vec()),
        (ShapeKind::Timestamp, Json::Number(n)) => {
            let (secs, nanos) = epoch_parts(&n.to_string()).ok_or_else(wrong)?;
            Value::Timestamp(secs, nanos)
        }
        (ShapeKind::Document, v) => Value::Document(aws_endpoint_rules::cases::sorted(v.clone())),
        (ShapeKind::List(member), Json::Array(items)) => {
            let sparse = shape.traits.sparse;
            let typed = items.iter().enumerate().map(|(i, item)| {
                item_value(model, &member.target, item, sparse, &format!("{at}[{i}]"))
            });
            Value::List(typed.collect::<Result<_, _>>()?)
        }
        (ShapeKind::Map { value: v, .. }, Json::Object(entries)) => {
            let sparse = shape.traits.sparse;
            let mut typed = entries
                .iter()
                .map(|(k, item)| {
                    Ok((
                        k.clone(),
                        item_value(model, &v.target, item, sparse, &format!("{at}.{k}"))?,
                    ))
                })
                .collect::<Result<Vec<_>, String>>()?;
            typed.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(typed)
        }
        (ShapeKind::Structure(_), Json::Object(_)) => structure(model, target, json, at)?,
        (ShapeKind::Union(_), Json::Object(_)) => union(model, target, json, at)?,
        _ => return Err(wrong()),
    })
}

/// An item of a list or map: null only in a sparse one.
fn item_value(
    model: &Model,
    target: &ShapeId,
    json: &Json,
    sparse: bool,
    at: &str,
) -> Result<Value, String> {
    match json {
        Json::Null if sparse => Ok(Value::Null),
        json => value(model, target, json, at),
    }
}

/// A union value: exactly one member set.
fn union(model: &Model, target: &ShapeId, json: &Json, at: &str) -> Result<Value, String> {
    let entries = json.as_object().into_iter().flatten();
    let set: Vec<(&String, &Json)> = entries.filter(|(_, v)| !v.is_null()).collect();
    let [(key, item)] = set[..] else {
        return Err(format!(
            "{at}: a union value needs exactly one member set: {json}"
        ));
    };
    let member = model.shapes[target]
        .kind
        .members()
        .iter()
        .find(|m| m.name == *key)
        .ok_or_else(|| format!("{at}: {target} has no member `{key}`"))?;
    let inner = (member.target.as_str() != crate::model::UNIT)
        .then(|| value(model, &member.target, item, &format!("{at}.{key}")))
        .transpose()?;
    Ok(Value::Union(
        target.clone(),
        key.clone(),
        inner.map(Box::new),
    ))
}

/// A structure value: the members that are set (a member set to null is not set), in the
/// structure's member order.
pub fn structure(model: &Model, target: &ShapeId, json: &Json, at: &str) -> Result<Value, String> {
    let Json::Object(entries) = json else {
        return Err(format!("{at}: {target} needs an object, found {json}"));
    };
    let members = model.shapes[target].kind.members();
    if let Some(unknown) = entries
        .keys()
        .find(|k| !members.iter().any(|m| m.name == **k))
    {
        return Err(format!("{at}: {target} has no member `{unknown}`"));
    }
    let mut set = Vec::new();
    for m in members {
        if let Some(item) = entries.get(&m.name).filter(|v| !v.is_null()) {
            let path = if at.is_empty() {
                m.name.clone()
            } else {
                format!("{at}.{}", m.name)
            };
            set.push((m.name.clone(), value(model, &m.target, item, &path)?));
        }
    }
    Ok(Value::Struct(target.clone(), set))
}

/// A float: a number (its text kept exactly), or `"NaN"`, `"Infinity"`, `"-Infinity"`.
fn float(v: &Json) -> Option<Float> {
    Some(match v {
        Json::Number(n) => Float::Finite(n.to_string()),
        Json::String(s) if s == "NaN" => Float::NaN,
        Json::String(s) if s == "Infinity" => Float::Infinity,
        Json::String(s) if s == "-Infinity" => Float::NegInfinity,
        _ => return None,
    })
}

/// Epoch seconds as written (`1576540098`, `946845296.123`, `-1.5`) → whole seconds and
/// nanoseconds, exactly, without going through `f64`.
pub fn epoch_parts(text: &str) -> Option<(i64, u32)> {
    if text.contains(['e', 'E']) {
        let v: f64 = text.parse().ok()?;
        return Some((v.floor() as i64, ((v - v.floor()) * 1e9).round() as u32));
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let whole: i64 = whole.parse().ok()?;
    let frac9: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = frac9.parse().ok()?;
    Some(if !negative {
        (whole, nanos)
    } else if nanos == 0 {
        (-whole, 0)
    } else {
        (-whole - 1, 1_000_000_000 - nanos)
    })
}

#[cfg(test)]
mod tests {
    use super::epoch_parts;

    #[test]
    fn epoch_seconds_are_read_exactly() {
        assert_eq!(epoch_parts("1576540098"), Some((1576540098, 0)));
        assert_eq!(epoch_parts("946845296.123"), Some((946845296, 123_000_000)));
        assert_eq!(epoch_parts("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch_parts("1.0000000001"), Some((1, 0)));
        assert_eq!(epoch_parts("x"), None);
    }
}
