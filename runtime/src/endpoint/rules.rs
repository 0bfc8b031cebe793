//! The endpoint rules engine (specification.rst): a rule set is parsed once from the JSON the
//! generated crate embeds, then evaluated per call.
//!
//! Why an evaluator here rather than Rust code generated per rule: the rule set stays the one
//! source (embedded as written in the model), one evaluator is unit-tested against every
//! library function and serves any service's rule set, and the generated crate stays thin.
//! The cost is interpretation per call; `bench/endpoint.sh` measures it against the
//! `aws-sdk-ecs` resolver, which is generated Rust.

use std::collections::BTreeMap;

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::functions;
use super::{Endpoint, EndpointError, EndpointParams};

/// A parsed `smithy.rules#endpointRuleSet`.
#[derive(Debug, Clone)]
pub struct RuleSet {
    parameters: BTreeMap<String, Parameter>,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Parameter {
    built_in: Option<String>,
    required: bool,
    default: Option<Value>,
}

#[derive(Debug, Clone)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

#[derive(Debug, Clone)]
enum RuleKind {
    Endpoint {
        url: Expr,
        headers: Vec<(String, Vec<Expr>)>,
        properties: Expr,
    },
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
struct Condition {
    function: String,
    argv: Vec<Expr>,
    assign: Option<String>,
}

#[derive(Debug, Clone)]
enum Expr {
    Literal(Value),
    /// A string with `{Name}` / `{Name#path}` placeholders.
    Template(Vec<Piece>),
    Ref(String),
    Call(String, Vec<Expr>),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Var(String, Option<String>),
}

/// Variables in scope: parameters first, then values assigned by conditions. A stack, not a
/// map, so a rule that fails only truncates what it pushed instead of cloning the scope.
struct Scope<'a> {
    vars: Vec<(&'a str, Cow<'a, Value>)>,
}

impl Scope<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| &**v)
    }
}

/// Evaluates `argv` and calls `function`; up to four arguments live on the stack.
fn call(
    function: &str,
    argv: &[Expr],
    scope: &Scope,
) -> Result<Cow<'static, Value>, EndpointError> {
    let mut buffer = [const { Value::Null }; 4];
    let heap;
    let args: &[Value] = if argv.len() <= buffer.len() {
        for (slot, arg) in buffer.iter_mut().zip(argv) {
            *slot = eval(arg, scope)?;
        }
        &buffer[..argv.len()]
    } else {
        heap = argv
            .iter()
            .map(|a| eval(a, scope))
            .collect::<Result<Vec<_>, _>>()?;
        &heap
    };
    functions::call(function, args).map_err(EndpointError::new)
}

/// A rule set calling a function this engine lacks would fail every resolution; it fails to
/// parse instead (the generator parses every rule set it embeds).
fn known_function(name: &str) -> Result<(), EndpointError> {
    if functions::NAMES.contains(&name) {
        Ok(())
    } else {
        Err(parse_error(format!(
            "it calls function `{name}`, which this rules engine does not implement"
        )))
    }
}

fn parse_error(what: impl std::fmt::Display) -> EndpointError {
    EndpointError::new(format!("the endpoint rule set is invalid: {what}"))
}

impl RuleSet {
    /// Parses the JSON of a `smithy.rules#endpointRuleSet` trait.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let value: Value = serde_json::from_str(json).map_err(parse_error)?;
        let mut parameters = BTreeMap::new();
        for (name, p) in value
            .get("parameters")
            .and_then(Value::as_object)
            .ok_or_else(|| parse_error("no `parameters` object"))?
        {
            parameters.insert(
                name.clone(),
                Parameter {
                    built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_owned),
                    required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                    default: p.get("default").cloned(),
                },
            );
        }
        let rules = rules(
            value
                .get("rules")
                .ok_or_else(|| parse_error("no `rules` list"))?,
        )?;
        Ok(RuleSet { parameters, rules })
    }

    /// Resolves the endpoint for the configuration-bound parameters: built-ins `AWS::Region`,
    /// `AWS::UseFIPS`, `AWS::UseDualStack` and `SDK::Endpoint` (built-ins.rst).
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        self.run(|_, p| match p.built_in.as_deref() {
            Some("AWS::Region") => params.region.clone().map(Value::String),
            Some("AWS::UseFIPS") => Some(Value::Bool(params.use_fips)),
            Some("AWS::UseDualStack") => Some(Value::Bool(params.use_dual_stack)),
            Some("SDK::Endpoint") => params.endpoint.clone().map(Value::String),
            _ => None,
        })
    }

    /// Evaluates the rules for parameters given by name (as endpoint tests give them).
    pub fn evaluate(&self, params: &BTreeMap<String, Value>) -> Result<Endpoint, EndpointError> {
        self.run(|name, _| params.get(name).filter(|v| !v.is_null()).cloned())
    }

    /// Evaluates the rules with each parameter's value from `value_of`. Unset parameters take
    /// their default; a required one without a value is an error.
    fn run(
        &self,
        value_of: impl Fn(&str, &Parameter) -> Option<Value>,
    ) -> Result<Endpoint, EndpointError> {
        let mut scope = Scope {
            vars: Vec::with_capacity(self.parameters.len() + 4),
        };
        for (name, p) in &self.parameters {
            match value_of(name, p).or_else(|| p.default.clone()) {
                Some(v) => scope.vars.push((name.as_str(), Cow::Owned(v))),
                None if p.required => {
                    return Err(EndpointError::new(format!(
                        "endpoint parameter {name} is required but not set"
                    )));
                }
                None => {}
            }
        }
        match evaluate_rules(&self.rules, &mut scope)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new("no endpoint rule matched")),
        }
    }
}

fn rules(value: &Value) -> Result<Vec<Rule>, EndpointError> {
    value
        .as_array()
        .ok_or_else(|| parse_error("`rules` is not a list"))?
        .iter()
        .map(rule)
        .collect()
}

fn rule(value: &Value) -> Result<Rule, EndpointError> {
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

fn condition(value: &Value) -> Result<Condition, EndpointError> {
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
        Value::Object(o) => Expr::Object(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), expr(v)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        other => Expr::Literal(other.clone()),
    })
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

fn eval(e: &Expr, scope: &Scope) -> Result<Value, EndpointError> {
    Ok(match e {
        Expr::Literal(v) => v.clone(),
        Expr::Ref(name) => scope.get(name).cloned().unwrap_or(Value::Null),
        // getAttr on a variable reads it in place instead of copying the whole object.
        Expr::Call(name, argv) if name == "getAttr" && argv.len() == 2 => {
            let evaluated;
            let path = match &argv[1] {
                Expr::Literal(Value::String(p)) => p.as_str(),
                other => {
                    evaluated = eval(other, scope)?;
                    evaluated
                        .as_str()
                        .ok_or_else(|| EndpointError::new("getAttr path must be a string"))?
                }
            };
            match &argv[0] {
                Expr::Ref(var) => scope
                    .get(var)
                    .and_then(|v| functions::get_attr_ref(v, path))
                    .cloned()
                    .unwrap_or(Value::Null),
                other => functions::get_attr(&eval(other, scope)?, path),
            }
        }
        Expr::Template(pieces) => {
            let mut out = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Var(name, path) => {
                        let base = scope.get(name);
                        let value = match path {
                            Some(p) => base.and_then(|b| functions::get_attr_ref(b, p)),
                            None => base,
                        };
                        match value {
                            Some(Value::String(s)) => out.push_str(s),
                            other => {
                                return Err(EndpointError::new(format!(
                                    "template value {name} is not a string: {}",
                                    other.unwrap_or(&Value::Null)
                                )));
                            }
                        }
                    }
                }
            }
            Value::String(out)
        }
        Expr::Call(name, argv) => call(name, argv, scope)?.into_owned(),
        Expr::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| eval(i, scope))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| Ok((k.clone(), eval(v, scope)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
    })
}

/// Evaluates rules in order; `Ok(None)` when none matched.
fn evaluate_rules<'a>(
    rules: &'a [Rule],
    scope: &mut Scope<'a>,
) -> Result<Option<Endpoint>, EndpointError> {
    'rules: for rule in rules {
        let mark = scope.vars.len();
        for c in &rule.conditions {
            let result = call(&c.function, &c.argv, scope)?;
            // specification.rst, conditions: false or an empty optional fails the rule.
            if result.is_null() || *result == Value::Bool(false) {
                scope.vars.truncate(mark);
                continue 'rules;
            }
            if let Some(name) = &c.assign {
                scope.vars.push((name.as_str(), result));
            }
        }
        match &rule.kind {
            RuleKind::Endpoint {
                url,
                headers,
                properties,
            } => {
                let url = match eval(url, scope)? {
                    Value::String(s) => s,
                    other => {
                        return Err(EndpointError::new(format!(
                            "endpoint URL is not a string: {other}"
                        )));
                    }
                };
                let mut endpoint = Endpoint::url(url);
                for (name, values) in headers {
                    for v in values {
                        if let Value::String(s) = eval(v, scope)? {
                            endpoint.headers.push((name.to_ascii_lowercase(), s));
                        }
                    }
                }
                let properties = eval(properties, scope)?;
                apply_auth_schemes(&mut endpoint, &properties);
                endpoint.properties = match properties {
                    Value::Object(map) if !map.is_empty() => Some(map),
                    _ => None,
                };
                return Ok(Some(endpoint));
            }
            RuleKind::Error(message) => {
                let message = match eval(message, scope)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                return Err(EndpointError::new(message));
            }
            // specification.rst, tree rules: once a tree's conditions match, one of its rules
            // must match.
            RuleKind::Tree(inner) => {
                return match evaluate_rules(inner, scope)? {
                    Some(e) => Ok(Some(e)),
                    None => Err(EndpointError::new(
                        "no rule in a matching tree rule matched",
                    )),
                };
            }
        }
    }
    Ok(None)
}

/// `authSchemes` (aws-core.rst): the first `sigv4` scheme may set the signing name and region.
fn apply_auth_schemes(endpoint: &mut Endpoint, properties: &Value) {
    let Some(schemes) = properties.get("authSchemes").and_then(Value::as_array) else {
        return;
    };
    if let Some(sigv4) = schemes
        .iter()
        .find(|s| s.get("name").and_then(Value::as_str) == Some("sigv4"))
    {
        endpoint.signing_name = sigv4
            .get("signingName")
            .and_then(Value::as_str)
            .map(str::to_owned);
        endpoint.signing_region = sigv4
            .get("signingRegion")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(rules: Value) -> RuleSet {
        RuleSet::parse(&json!({ "version": "1.0", "parameters": {
            "Region": { "type": "string", "builtIn": "AWS::Region" },
            "UseFIPS": { "type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false },
            "Bucket": { "type": "string" }
        }, "rules": rules }).to_string())
        .unwrap()
    }

    fn params(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn templates_assign_and_trees() {
        let rs = set(json!([
            { "type": "tree", "conditions": [{ "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "P" }], "rules": [
                { "type": "endpoint", "conditions": [{ "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, true] }],
                  "endpoint": { "url": "https://svc-fips.{Region}.{P#dnsSuffix}", "headers": { "X-Test": ["a", "{P#name}"] },
                                "properties": { "authSchemes": [{ "name": "sigv4", "signingName": "svc", "signingRegion": "{Region}" }] } } },
                { "type": "endpoint", "conditions": [], "endpoint": { "url": "https://svc.{Region}.{P#dnsSuffix}/{{literal}}" } }
            ]},
            { "type": "error", "conditions": [], "error": "Missing Region" }
        ]));
        let e = rs
            .evaluate(&params(&[("Region", json!("cn-north-1"))]))
            .unwrap();
        assert_eq!(e.url, "https://svc.cn-north-1.amazonaws.com.cn/{literal}");
        assert_eq!(e.properties, None, "a rule without properties has none");
        let e = rs
            .evaluate(&params(&[
                ("Region", json!("us-gov-west-1")),
                ("UseFIPS", json!(true)),
            ]))
            .unwrap();
        assert_eq!(e.url, "https://svc-fips.us-gov-west-1.amazonaws.com");
        assert_eq!(
            e.headers,
            vec![
                ("x-test".to_owned(), "a".to_owned()),
                ("x-test".to_owned(), "aws-us-gov".to_owned())
            ]
        );
        assert_eq!(
            (e.signing_name.as_deref(), e.signing_region.as_deref()),
            (Some("svc"), Some("us-gov-west-1"))
        );
        assert_eq!(
            e.properties.map(Value::Object),
            Some(
                json!({ "authSchemes": [{ "name": "sigv4", "signingName": "svc", "signingRegion": "us-gov-west-1" }] })
            )
        );
        assert_eq!(
            rs.evaluate(&params(&[])).unwrap_err().to_string(),
            "cannot resolve an endpoint: Missing Region"
        );
    }

    #[test]
    fn required_parameters_and_defaults() {
        let rs = RuleSet::parse(&json!({ "version": "1.0", "parameters": { "Must": { "type": "string", "required": true } }, "rules": [] }).to_string()).unwrap();
        assert!(
            rs.evaluate(&params(&[]))
                .unwrap_err()
                .to_string()
                .contains("Must is required")
        );
        assert!(
            rs.evaluate(&params(&[("Must", json!("x"))]))
                .unwrap_err()
                .to_string()
                .contains("no endpoint rule matched")
        );
    }

    #[test]
    fn tree_without_match_is_an_error_and_bad_json_is_reported() {
        let rs = set(
            json!([{ "type": "tree", "conditions": [], "rules": [{ "type": "error", "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Bucket" }] }], "error": "b" }] }]),
        );
        assert!(
            rs.evaluate(&params(&[]))
                .unwrap_err()
                .to_string()
                .contains("tree")
        );
        assert!(
            RuleSet::parse("{")
                .unwrap_err()
                .to_string()
                .contains("invalid")
        );
        assert!(
            RuleSet::parse(r#"{"parameters":{},"rules":[{"type":"teleport"}]}"#)
                .unwrap_err()
                .to_string()
                .contains("teleport")
        );
    }
}
