//! The rules-engine interpreter (specification.rst): evaluates a parsed [`RuleSet`] or
//! [`Bdd`] per call. Generated crates use it only when their model's `endpointBdd` does not
//! compile to Rust (the generator says why in the crate's `endpoint` module docs).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::bdd::{Bdd, Reference};
use crate::functions;
use crate::ruleset::{Expr, Parameter, Piece, Rule, RuleKind, RuleSet};
use crate::{Endpoint, EndpointError, EndpointParams};

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

/// The value of a configuration-bound parameter: built-ins `AWS::Region`, `AWS::UseFIPS`,
/// `AWS::UseDualStack` and `SDK::Endpoint` (built-ins.rst).
fn built_in(params: &EndpointParams, p: &Parameter) -> Option<Value> {
    match p.built_in.as_deref() {
        Some("AWS::Region") => params.region.clone().map(Value::String),
        Some("AWS::UseFIPS") => Some(Value::Bool(params.use_fips)),
        Some("AWS::UseDualStack") => Some(Value::Bool(params.use_dual_stack)),
        Some("SDK::Endpoint") => params.endpoint.clone().map(Value::String),
        _ => None,
    }
}

/// The parameters in scope, each with its value from `value_of`. Unset parameters take their
/// default; a required one without a value is an error.
fn bind<'a>(
    parameters: &'a BTreeMap<String, Parameter>,
    value_of: impl Fn(&str, &Parameter) -> Option<Value>,
) -> Result<Scope<'a>, EndpointError> {
    let mut scope = Scope {
        vars: Vec::with_capacity(parameters.len() + 4),
    };
    for (name, p) in parameters {
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
    Ok(scope)
}

fn no_match() -> EndpointError {
    EndpointError::new("no endpoint rule matched")
}

impl RuleSet {
    /// Resolves the endpoint for the configuration-bound parameters: built-ins `AWS::Region`,
    /// `AWS::UseFIPS`, `AWS::UseDualStack` and `SDK::Endpoint`.
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        self.run(|_, p| built_in(params, p))
    }

    /// Evaluates the rules for parameters given by name (as endpoint tests give them).
    pub fn evaluate(&self, params: &BTreeMap<String, Value>) -> Result<Endpoint, EndpointError> {
        self.run(|name, _| params.get(name).filter(|v| !v.is_null()).cloned())
    }

    fn run(
        &self,
        value_of: impl Fn(&str, &Parameter) -> Option<Value>,
    ) -> Result<Endpoint, EndpointError> {
        let mut scope = bind(&self.parameters, value_of)?;
        evaluate_rules(&self.rules, &mut scope)?.ok_or_else(no_match)
    }
}

impl Bdd {
    /// Resolves the endpoint for the configuration-bound parameters: built-ins `AWS::Region`,
    /// `AWS::UseFIPS`, `AWS::UseDualStack` and `SDK::Endpoint`.
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        self.run(|_, p| built_in(params, p))
    }

    /// Evaluates the diagram for parameters given by name (as endpoint tests give them).
    pub fn evaluate(&self, params: &BTreeMap<String, Value>) -> Result<Endpoint, EndpointError> {
        self.run(|name, _| params.get(name).filter(|v| !v.is_null()).cloned())
    }

    /// specification.rst, "BDD evaluation": from the root, each node's condition picks its
    /// high or low branch (swapped on a complemented reference) until a terminal or a result.
    /// A condition that holds binds its `assign` for the rest of the path.
    fn run(
        &self,
        value_of: impl Fn(&str, &Parameter) -> Option<Value>,
    ) -> Result<Endpoint, EndpointError> {
        let mut scope = bind(&self.parameters, value_of)?;
        let mut at = self.root;
        // A path through a diagram without cycles meets each node at most once.
        for _ in 0..=self.nodes.len() {
            match at {
                Reference::NoMatch | Reference::Result(0) => return Err(no_match()),
                Reference::Result(k) => {
                    let rule = std::slice::from_ref(&self.results[k - 1]);
                    return evaluate_rules(rule, &mut scope)?.ok_or_else(no_match);
                }
                Reference::Node {
                    index,
                    complemented,
                } => {
                    let (c, high, low) = self.nodes[index];
                    let condition = &self.conditions[c as usize];
                    let result = call(&condition.function, &condition.argv, &scope)?;
                    let holds = !(result.is_null() || *result == Value::Bool(false));
                    if let (true, Some(name)) = (holds, &condition.assign) {
                        scope.vars.push((name.as_str(), result));
                    }
                    at = if holds != complemented { high } else { low };
                }
            }
        }
        Err(EndpointError::new("the endpoint decision diagram loops"))
    }
}

fn eval(e: &Expr, scope: &Scope) -> Result<Value, EndpointError> {
    Ok(match e {
        Expr::Literal(v) => v.clone(),
        Expr::Ref(name) => scope.get(name).cloned().unwrap_or(Value::Null),
        Expr::Call(name, argv) if name == "getAttr" && argv.len() == 2 => {
            get_attr(&argv[0], &argv[1], scope)?
        }
        Expr::Template(pieces) => Value::String(template(pieces, scope)?),
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

/// `getAttr(target, path)`; on a variable it reads the value in place instead of copying the
/// whole object.
fn get_attr(target: &Expr, path: &Expr, scope: &Scope) -> Result<Value, EndpointError> {
    let evaluated;
    let path = match path {
        Expr::Literal(Value::String(p)) => p.as_str(),
        other => {
            evaluated = eval(other, scope)?;
            evaluated
                .as_str()
                .ok_or_else(|| EndpointError::new("getAttr path must be a string"))?
        }
    };
    Ok(match target {
        Expr::Ref(var) => scope
            .get(var)
            .and_then(|v| functions::get_attr_ref(v, path))
            .cloned()
            .unwrap_or(Value::Null),
        other => functions::get_attr(&eval(other, scope)?, path),
    })
}

/// A template string with its placeholders filled in; each must be a string.
fn template(pieces: &[Piece], scope: &Scope) -> Result<String, EndpointError> {
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
    Ok(out)
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
        return match &rule.kind {
            RuleKind::Endpoint {
                url,
                headers,
                properties,
            } => endpoint(url, headers, properties, scope).map(Some),
            RuleKind::Error(message) => {
                let message = match eval(message, scope)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                Err(EndpointError::new(message))
            }
            // specification.rst, tree rules: once a tree's conditions match, one of its rules
            // must match.
            RuleKind::Tree(inner) => match evaluate_rules(inner, scope)? {
                Some(e) => Ok(Some(e)),
                None => Err(EndpointError::new(
                    "no rule in a matching tree rule matched",
                )),
            },
        };
    }
    Ok(None)
}

/// The endpoint of an endpoint rule whose conditions held.
fn endpoint(
    url: &Expr,
    headers: &[(String, Vec<Expr>)],
    properties: &Expr,
    scope: &Scope,
) -> Result<Endpoint, EndpointError> {
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
    Ok(endpoint)
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
