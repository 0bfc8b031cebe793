//! The `smithy.rules#endpointBdd` trait (specification.rst, "endpointBdd trait"): a binary
//! decision diagram over the rule set's conditions, decoded and checked once so that every
//! reference lands on a node, a terminal or a result.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use crate::EndpointError;
use crate::ruleset::{self, Condition, Parameter, Rule, parse_error};

/// Where a reference points. In the trait's encoding `1` and `-1` are the terminals, `±n` is
/// node `n - 1` (negative: its branches swapped), and `100_000_000 + k` is result `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// The terminal `1` or `-1`: no rule matched.
    NoMatch,
    /// A node, by index into [`Bdd::nodes`], and whether its branches are swapped.
    Node {
        /// Index into [`Bdd::nodes`] (never 0, the terminal node).
        index: usize,
        /// A negative reference: the condition's `false` branch is taken when it holds.
        complemented: bool,
    },
    /// Result `k`: `0` is the implicit no-match rule, `k >= 1` is `results[k - 1]`.
    Result(usize),
}

/// A decoded, checked decision diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Bdd {
    /// The parameters by name.
    pub parameters: BTreeMap<String, Parameter>,
    /// The conditions nodes test, by index.
    pub conditions: Vec<Condition>,
    /// The results, by index (result `k` of a reference is `results[k - 1]`).
    pub results: Vec<Rule>,
    /// Where evaluation starts.
    pub root: Reference,
    /// `(condition, high, low)` per node; node 0 is the terminal.
    pub nodes: Vec<(u32, Reference, Reference)>,
}

/// References at or above this are results.
const RESULT_BASE: i32 = 100_000_000;

impl Bdd {
    /// Reads and checks a `smithy.rules#endpointBdd` trait value.
    pub fn from_value(value: &Value) -> Result<Bdd, EndpointError> {
        let raw = decode_nodes(value)?;
        let list = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| parse_error(format!("`{key}` must be a list")))
        };
        let conditions = list("conditions")?
            .iter()
            .map(ruleset::condition)
            .collect::<Result<Vec<_>, _>>()?;
        let results = list("results")?
            .iter()
            .map(ruleset::rule)
            .collect::<Result<Vec<_>, _>>()?;
        let reference = |r: i32| decode_reference(r, raw.len(), results.len());
        let root = value
            .get("root")
            .and_then(Value::as_i64)
            .and_then(|r| i32::try_from(r).ok())
            .ok_or_else(|| parse_error("`root` must be an integer"))?;
        let root = reference(root)
            .ok_or_else(|| parse_error(format!("`root` {root} is not a node or a result")))?;
        let mut nodes = vec![(u32::MAX, Reference::NoMatch, Reference::NoMatch)];
        for (i, &(c, high, low)) in raw.iter().enumerate().skip(1) {
            match (reference(high), reference(low)) {
                (Some(high), Some(low)) if (c as usize) < conditions.len() => {
                    nodes.push((c, high, low))
                }
                _ => return Err(parse_error(format!("node {i} refers outside the BDD"))),
            }
        }
        Ok(Bdd {
            parameters: ruleset::parameters(value)?,
            conditions,
            results,
            root,
            nodes,
        })
    }
}

impl Bdd {
    /// Reads and checks a `smithy.rules#endpointBdd` trait from its JSON text (as a crate that
    /// interprets it embeds it).
    pub fn parse(json: &str) -> Result<Bdd, EndpointError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| parse_error(format!("the decision diagram is not JSON: {e}")))?;
        Bdd::from_value(&value)
    }

    /// The diagram as the trait's JSON again (without documentation), for embedding in a
    /// crate that interprets it: [`Bdd::parse`] reads it back to an equal value.
    pub fn to_value(&self) -> Value {
        let reference = |r: Reference| match r {
            Reference::NoMatch => 1,
            Reference::Node {
                index,
                complemented,
            } => {
                let n = index as i32 + 1;
                if complemented { -n } else { n }
            }
            Reference::Result(k) => RESULT_BASE + k as i32,
        };
        let bytes: Vec<u8> = self
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(i, &(c, high, low))| {
                let triple = if i == 0 {
                    (-1, 1, -1)
                } else {
                    (c as i32, reference(high), reference(low))
                };
                [
                    triple.0.to_be_bytes(),
                    triple.1.to_be_bytes(),
                    triple.2.to_be_bytes(),
                ]
                .concat()
            })
            .collect();
        let mut out = serde_json::Map::new();
        out.insert("version".into(), "1.1".into());
        out.insert(
            "parameters".into(),
            ruleset::parameters_value(&self.parameters),
        );
        out.insert(
            "conditions".into(),
            Value::Array(self.conditions.iter().map(Condition::to_value).collect()),
        );
        out.insert(
            "results".into(),
            Value::Array(self.results.iter().map(Rule::to_value).collect()),
        );
        out.insert("root".into(), reference(self.root).into());
        out.insert("nodeCount".into(), self.nodes.len().into());
        out.insert(
            "nodes".into(),
            base64::engine::general_purpose::STANDARD
                .encode(bytes)
                .into(),
        );
        Value::Object(out)
    }
}

/// A reference of the encoding, if it lands on a node (of `nodes`), a terminal or a result
/// (of `results`).
fn decode_reference(r: i32, nodes: usize, results: usize) -> Option<Reference> {
    if r == 1 || r == -1 {
        return Some(Reference::NoMatch);
    }
    if r >= RESULT_BASE {
        let k = (r - RESULT_BASE) as usize;
        return (k <= results).then_some(Reference::Result(k));
    }
    let index = r.unsigned_abs() as usize;
    (index >= 2 && index <= nodes).then_some(Reference::Node {
        index: index - 1,
        complemented: r < 0,
    })
}

/// The base64 node triples, big-endian `i32`s, with `nodeCount` checked and node 0 the terminal.
fn decode_nodes(bdd: &Value) -> Result<Vec<(u32, i32, i32)>, EndpointError> {
    let text = bdd
        .get("nodes")
        .and_then(Value::as_str)
        .ok_or_else(|| parse_error("`nodes` must be a base64 string"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| parse_error(format!("`nodes` is not base64: {e}")))?;
    if bytes.len() % 12 != 0 {
        return Err(parse_error(
            "`nodes` is not a whole number of 12-byte nodes",
        ));
    }
    let int = |b: &[u8]| i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let nodes: Vec<(u32, i32, i32)> = bytes
        .chunks_exact(12)
        .map(|n| (int(&n[0..4]) as u32, int(&n[4..8]), int(&n[8..12])))
        .collect();
    let count = bdd.get("nodeCount").and_then(Value::as_u64);
    if count != Some(nodes.len() as u64) {
        return Err(parse_error(format!(
            "`nodeCount` is {count:?} but `nodes` holds {}",
            nodes.len()
        )));
    }
    if nodes.first() != Some(&(u32::MAX, 1, -1)) {
        return Err(parse_error("node 0 must be the terminal [-1, 1, -1]"));
    }
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encode(nodes: &[(i32, i32, i32)]) -> String {
        let bytes: Vec<u8> = nodes
            .iter()
            .flat_map(|(a, b, c)| [a.to_be_bytes(), b.to_be_bytes(), c.to_be_bytes()].concat())
            .collect();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn bdd(nodes: &[(i32, i32, i32)], root: i32) -> Value {
        json!({
            "parameters": { "Region": { "type": "string", "builtIn": "AWS::Region" } },
            "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }],
            "results": [{ "type": "error", "conditions": [], "error": "no region" }],
            "root": root,
            "nodeCount": nodes.len(),
            "nodes": encode(nodes),
        })
    }

    #[test]
    fn references_decode_to_nodes_terminals_and_results() {
        let decoded = Bdd::from_value(&bdd(&[(-1, 1, -1), (0, 1, 100_000_001)], -2)).unwrap();
        assert_eq!(
            decoded.root,
            Reference::Node {
                index: 1,
                complemented: true
            }
        );
        assert_eq!(
            decoded.nodes[1],
            (0, Reference::NoMatch, Reference::Result(1))
        );
    }

    #[test]
    fn a_diagram_written_back_reads_the_same() {
        let nodes = [(-1, 1, -1), (0, -3, 100_000_001), (0, 1, 100_000_000)];
        let decoded = Bdd::from_value(&bdd(&nodes, 2)).unwrap();
        let again = Bdd::parse(&decoded.to_value().to_string()).unwrap();
        assert_eq!(again, decoded);
    }

    #[test]
    fn references_outside_the_diagram_are_errors() {
        for (nodes, root, words) in [
            (&[(-1, 1, -1), (0, 1, 100_000_002)][..], 2, "node 1"),
            (&[(-1, 1, -1), (5, 1, -1)][..], 2, "node 1"),
            (&[(-1, 1, -1), (0, 3, -1)][..], 2, "node 1"),
            (&[(-1, 1, -1)][..], 7, "`root` 7"),
            (&[(0, 1, -1)][..], 1, "terminal"),
        ] {
            let e = Bdd::from_value(&bdd(nodes, root)).unwrap_err();
            assert!(e.message().contains(words), "{}", e.message());
        }
        let mut wrong_count = bdd(&[(-1, 1, -1)], 1);
        wrong_count["nodeCount"] = json!(2);
        assert!(Bdd::from_value(&wrong_count).is_err());
    }
}
