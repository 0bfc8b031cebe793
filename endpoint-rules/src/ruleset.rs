//! The endpoint rule set (specification.rst, "endpointRuleSet trait") as typed Rust: its
//! parameters, rules, conditions and expressions, parsed once from the trait's JSON. The
//! generator reads these types to compile a model's rules; with the `interpreter` feature,
//! [`RuleSet::resolve`] evaluates them (see `crate::interpreter`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::EndpointError;

/// A parsed `smithy.rules#endpointRuleSet`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The parameters by name.
    pub parameters: BTreeMap<String, Parameter>,
    /// The rules, tried in order.
    pub rules: Vec<Rule>,
}

/// A rule-set (or BDD) parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// `string`, `boolean` or `stringArray`.
    pub kind: String,
    /// The built-in that binds it (`AWS::Region`), if any.
    pub built_in: Option<String>,
    /// Whether resolution fails without a value.
    pub required: bool,
    /// The value when none is given.
    pub default: Option<Value>,
}

/// One rule: conditions that must all hold, and what it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Evaluated in order; a false or unset result ends the rule.
    pub conditions: Vec<Condition>,
    /// An endpoint, an error or more rules.
    pub kind: RuleKind,
}

/// What a rule gives once its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// An endpoint.
    Endpoint {
        /// Its URL.
        url: Expr,
        /// Header name and values.
        headers: Vec<(String, Vec<Expr>)>,
        /// Its properties (`authSchemes`, ...), an object expression.
        properties: Expr,
    },
    /// An error with this message.
    Error(Expr),
    /// Rules of which one must match.
    Tree(Vec<Rule>),
}

/// A condition: `function(argv...)`, its result bound to `assign` when given.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The function's name (`isSet`, `aws.partition`).
    pub function: String,
    /// Its arguments.
    pub argv: Vec<Expr>,
    /// The variable its result is bound to.
    pub assign: Option<String>,
}

/// An expression in a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal value (a string without placeholders, a number, a boolean).
    Literal(Value),
    /// A string with `{Name}` / `{Name#path}` placeholders.
    Template(Vec<Piece>),
    /// A reference to a parameter or assigned variable.
    Ref(String),
    /// A function call.
    Call(String, Vec<Expr>),
    /// An array of expressions.
    Array(Vec<Expr>),
    /// An object of expressions.
    Object(Vec<(String, Expr)>),
}

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text as written (`{{` and `}}` already unescaped).
    Text(String),
    /// `{Name}` (no path) or `{Name#path}`.
    Var(String, Option<String>),
}

/// Every function the rules engine implements (standard-library.rst and library-functions.rst).
/// A rule set calling another would fail every resolution, so it fails to parse instead.
pub const FUNCTIONS: &[&str] = &[
    "isSet",
    "not",
    "booleanEquals",
    "stringEquals",
    "getAttr",
    "substring",
    "uriEncode",
    "parseURL",
    "isValidHostLabel",
    "coalesce",
    "ite",
    "split",
    "aws.partition",
    "aws.parseArn",
    "aws.isVirtualHostableS3Bucket",
];

fn known_function(name: &str) -> Result<(), EndpointError> {
    if FUNCTIONS.contains(&name) {
        Ok(())
    } else {
        Err(parse_error(format!(
            "it calls function `{name}`, which this rules engine does not implement"
        )))
    }
}

pub(crate) fn parse_error(what: impl std::fmt::Display) -> EndpointError {
    EndpointError::new(format!("the endpoint rule set is invalid: {what}"))
}

impl RuleSet {
    /// Parses the JSON text of a `smithy.rules#endpointRuleSet` trait.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let value: Value = serde_json::from_str(json).map_err(parse_error)?;
        RuleSet::from_value(&value)
    }

    /// Reads a `smithy.rules#endpointRuleSet` trait value.
    pub fn from_value(value: &Value) -> Result<RuleSet, EndpointError> {
        let parameters = parameters(value)?;
        let rules = rules(
            value
                .get("rules")
                .ok_or_else(|| parse_error("no `rules` list"))?,
        )?;
        Ok(RuleSet { parameters, rules })
    }
}

/// The `parameters` object of a rule set or BDD.
pub(crate) fn parameters(value: &Value) -> Result<BTreeMap<String, Parameter>, EndpointError> {
    let mut parameters = BTreeMap::new();
    for (name, p) in value
        .get("parameters")
        .and_then(Value::as_object)
        .ok_or_else(|| parse_error("no `parameters` object"))?
    {
        parameters.insert(
            name.clone(),
            Parameter {
                kind: p
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("string")
                    .to_owned(),
                built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_owned),
                required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                default: p.get("default").cloned(),
            },
        );
    }
    Ok(parameters)
}

pub(crate) fn rules(value: &Value) -> Result<Vec<Rule>, EndpointError> {
    value
        .as_array()
        .ok_or_else(|| parse_error("`rules` is not a list"))?
        .iter()
        .map(rule)
        .collect()
}

/// One rule (`endpoint`, `error` or `tree`) with its conditions.
pub fn rule(value: &Value) -> Result<Rule, EndpointError> {
    let conditions = value
        .get("conditions")
        .and_then(Value::as_array)
        .map(|cs| cs.iter().map(condition).collect::<Result<Vec<_>, _>>())
        .transpose()?
        .unwrap_or_default();
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("endpoint") => {
            let e = value
                .get("endpoint")
                .ok_or_else(|| parse_error("endpoint rule without `endpoint`"))?;
            let url = expr(
                e.get("url")
                    .ok_or_else(|| parse_error("endpoint without `url`"))?,
            )?;
            let mut headers = Vec::new();
            for (name, values) in e
                .get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let values = values
                    .as_array()
                    .ok_or_else(|| parse_error("header values must be a list"))?;
                headers.push((
                    name.clone(),
                    values.iter().map(expr).collect::<Result<_, _>>()?,
                ));
            }
            headers.sort_by(|a, b| a.0.cmp(&b.0));
            let properties = expr(e.get("properties").unwrap_or(&Value::Object(Map::new())))?;
            RuleKind::Endpoint {
                url,
                headers,
                properties,
            }
        }
        Some("error") => RuleKind::Error(expr(
            value
                .get("error")
                .ok_or_else(|| parse_error("error rule without `error`"))?,
        )?),
        Some("tree") => RuleKind::Tree(rules(
            value
                .get("rules")
                .ok_or_else(|| parse_error("tree rule without `rules`"))?,
        )?),
        other => return Err(parse_error(format!("unknown rule type {other:?}"))),
    };
    Ok(Rule { conditions, kind })
}

/// One condition: a function call, optionally assigning its result.
pub fn condition(value: &Value) -> Result<Condition, EndpointError> {
    let function = value
        .get("fn")
        .and_then(Value::as_str)
        .ok_or_else(|| parse_error("condition without `fn`"))?;
    let argv = value
        .get("argv")
        .and_then(Value::as_array)
        .ok_or_else(|| parse_error("condition without `argv`"))?;
    known_function(function)?;
    Ok(Condition {
        function: function.to_owned(),
        argv: argv.iter().map(expr).collect::<Result<_, _>>()?,
        assign: value
            .get("assign")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn expr(value: &Value) -> Result<Expr, EndpointError> {
    Ok(match value {
        Value::String(s) => template(s)?,
        Value::Array(items) => Expr::Array(items.iter().map(expr).collect::<Result<_, _>>()?),
        Value::Object(o) if o.contains_key("ref") => Expr::Ref(
            o["ref"]
                .as_str()
                .ok_or_else(|| parse_error("`ref` must be a string"))?
                .to_owned(),
        ),
        Value::Object(o) if o.contains_key("fn") => {
            let argv = o
                .get("argv")
                .and_then(Value::as_array)
                .ok_or_else(|| parse_error("function without `argv`"))?;
            let function = o["fn"]
                .as_str()
                .ok_or_else(|| parse_error("`fn` must be a string"))?;
            known_function(function)?;
            Expr::Call(
                function.to_owned(),
                argv.iter().map(expr).collect::<Result<_, _>>()?,
            )
        }
        // Sorted by key, whatever order the model wrote: the typed value is the same on every
        // run (serde_json keeps file order when a crate in the build enables `preserve_order`).
        Value::Object(o) => {
            let mut fields = o
                .iter()
                .map(|(k, v)| Ok((k.clone(), expr(v)?)))
                .collect::<Result<Vec<_>, EndpointError>>()?;
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            Expr::Object(fields)
        }
        other => Expr::Literal(other.clone()),
    })
}

/// Parameters as the traits' JSON.
pub(crate) fn parameters_value(parameters: &BTreeMap<String, Parameter>) -> Value {
    Value::Object(
        parameters
            .iter()
            .map(|(name, p)| (name.clone(), p.to_value()))
            .collect(),
    )
}

impl RuleSet {
    /// The rule set as the trait's JSON again (without documentation), for embedding in a
    /// crate that interprets it. Objects keep the parser's sorted order.
    pub fn to_value(&self) -> Value {
        let mut out = Map::new();
        out.insert("version".into(), "1.0".into());
        out.insert("parameters".into(), parameters_value(&self.parameters));
        out.insert(
            "rules".into(),
            Value::Array(self.rules.iter().map(Rule::to_value).collect()),
        );
        Value::Object(out)
    }
}

impl Parameter {
    fn to_value(&self) -> Value {
        let mut out = Map::new();
        out.insert("type".into(), self.kind.clone().into());
        if let Some(b) = &self.built_in {
            out.insert("builtIn".into(), b.clone().into());
        }
        if self.required {
            out.insert("required".into(), true.into());
        }
        if let Some(d) = &self.default {
            out.insert("default".into(), d.clone());
        }
        Value::Object(out)
    }
}

impl Rule {
    pub(crate) fn to_value(&self) -> Value {
        let mut out = Map::new();
        let conditions = self.conditions.iter().map(Condition::to_value).collect();
        out.insert("conditions".into(), Value::Array(conditions));
        match &self.kind {
            RuleKind::Endpoint {
                url,
                headers,
                properties,
            } => {
                let headers: Map<String, Value> = headers
                    .iter()
                    .map(|(k, vs)| {
                        (
                            k.clone(),
                            Value::Array(vs.iter().map(Expr::to_value).collect()),
                        )
                    })
                    .collect();
                let mut endpoint = Map::new();
                endpoint.insert("url".into(), url.to_value());
                endpoint.insert("headers".into(), Value::Object(headers));
                endpoint.insert("properties".into(), properties.to_value());
                out.insert("type".into(), "endpoint".into());
                out.insert("endpoint".into(), Value::Object(endpoint));
            }
            RuleKind::Error(message) => {
                out.insert("type".into(), "error".into());
                out.insert("error".into(), message.to_value());
            }
            RuleKind::Tree(rules) => {
                out.insert("type".into(), "tree".into());
                out.insert(
                    "rules".into(),
                    Value::Array(rules.iter().map(Rule::to_value).collect()),
                );
            }
        }
        Value::Object(out)
    }
}

impl Condition {
    pub(crate) fn to_value(&self) -> Value {
        let mut out = Map::new();
        out.insert("fn".into(), self.function.clone().into());
        out.insert(
            "argv".into(),
            Value::Array(self.argv.iter().map(Expr::to_value).collect()),
        );
        if let Some(a) = &self.assign {
            out.insert("assign".into(), a.clone().into());
        }
        Value::Object(out)
    }
}

impl Expr {
    /// The expression as rule-set JSON.
    pub fn to_value(&self) -> Value {
        match self {
            Expr::Literal(v) => v.clone(),
            Expr::Template(pieces) => {
                let mut text = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => text.push_str(&t.replace('{', "{{").replace('}', "}}")),
                        Piece::Var(name, None) => text.push_str(&format!("{{{name}}}")),
                        Piece::Var(name, Some(path)) => {
                            text.push_str(&format!("{{{name}#{path}}}"))
                        }
                    }
                }
                Value::String(text)
            }
            Expr::Ref(name) => {
                let mut out = Map::new();
                out.insert("ref".into(), name.clone().into());
                Value::Object(out)
            }
            Expr::Call(function, argv) => {
                let mut out = Map::new();
                out.insert("fn".into(), function.clone().into());
                out.insert(
                    "argv".into(),
                    Value::Array(argv.iter().map(Expr::to_value).collect()),
                );
                Value::Object(out)
            }
            Expr::Array(items) => Value::Array(items.iter().map(Expr::to_value).collect()),
            Expr::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// specification.rst, templates: `{Name}` or `{Name#path}`; `{{` and `}}` are literal braces.
fn template(s: &str) -> Result<Expr, EndpointError> {
    if !s.contains('{') && !s.contains('}') {
        return Ok(Expr::Literal(Value::String(s.to_owned())));
    }
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(match name.split_once('#') {
                    Some((var, path)) => Piece::Var(var.to_owned(), Some(path.to_owned())),
                    None => Piece::Var(name, None),
                });
            }
            '}' => return Err(parse_error(format!("unbalanced `}}` in template {s:?}"))),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(Expr::Template(pieces))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rule_set_reads_back_the_same_whatever_its_key_order() {
        let rules = json!({ "version": "1.0",
            "parameters": { "Region": { "type": "string", "builtIn": "AWS::Region" } },
            "rules": [{ "type": "endpoint", "conditions": [{ "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "P" }],
                        "endpoint": { "url": "https://a.{Region}.{P#dnsSuffix}/{{x}}", "headers": {},
                                      "properties": { "z": [1], "authSchemes": [{ "signingName": "s", "name": "sigv4" }] } } }] });
        let parsed = RuleSet::from_value(&rules).unwrap();
        let again = RuleSet::from_value(&parsed.to_value()).unwrap();
        assert_eq!(parsed, again);
        let text = parsed.to_value().to_string();
        assert!(
            text.contains(
                r#""properties":{"authSchemes":[{"name":"sigv4","signingName":"s"}],"z":[1]}"#
            ),
            "{text}"
        );
        assert!(
            text.contains("https://a.{Region}.{P#dnsSuffix}/{{x}}"),
            "{text}"
        );
    }

    #[test]
    fn unknown_functions_and_rule_types_do_not_parse() {
        let set = |rule: Value| RuleSet::from_value(&json!({ "parameters": {}, "rules": [rule] }));
        let e = set(json!({ "type": "error", "conditions": [{ "fn": "teleport", "argv": [] }], "error": "x" })).unwrap_err();
        assert!(e.message().contains("`teleport`"), "{}", e.message());
        assert!(set(json!({ "type": "nope", "conditions": [] })).is_err());
    }
}
