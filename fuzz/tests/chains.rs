//! Fuzz target: graphs of structures and mixins, written as JSON AST and as IDL (with target
//! elision). Random shapes point at each other through members, lists and mixins, with cycles
//! and long chains; the whole pipeline gives a crate or a clean error, in bounded time, never
//! a panic or a stack overflow.

use std::path::PathBuf;
use std::time::Duration;

use ecs_codegen::{Operations, Options};
use ecs_fuzz::{fuzz, guarded};
use proptest::prelude::*;
use serde_json::{Value, json};

/// One shape of the graph: whether it is a mixin, the mixins it uses, its members' targets
/// (another shape by index, or a string), and whether it wraps its first target in a list.
#[derive(Debug, Clone)]
struct Node {
    mixin: bool,
    mixins: Vec<usize>,
    members: Vec<Option<usize>>,
    list: bool,
}

#[derive(Debug, Clone)]
struct Graph {
    nodes: Vec<Node>,
    /// A chain of this many mixin links in front of node 0's mixins.
    chain: usize,
    /// Members and mixins may name any node; otherwise members name structures that are not
    /// mixins and `mixins` name mixins, so that most graphs are valid models.
    sloppy: bool,
}

impl Graph {
    /// The node a member's target `t` names.
    fn target(&self, t: usize) -> usize {
        let n = self.nodes.len();
        let candidates: Vec<usize> = (0..n)
            .filter(|&k| self.sloppy || !self.nodes[k].mixin)
            .collect();
        candidates
            .get(t % candidates.len().max(1))
            .copied()
            .unwrap_or(t % n)
    }

    /// The mixins node `i` uses: unless sloppy, mixin nodes after it (so they form no cycle),
    /// each once.
    fn mixins_of(&self, i: usize) -> Vec<usize> {
        let n = self.nodes.len();
        let candidates: Vec<usize> = (i + 1..n).filter(|&k| self.nodes[k].mixin).collect();
        let mut out = Vec::new();
        for &m in &self.nodes[i].mixins {
            let k = if self.sloppy {
                m % n
            } else if candidates.is_empty() {
                continue;
            } else {
                candidates[m % candidates.len()]
            };
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }
}

fn graph() -> impl Strategy<Value = Graph> {
    let node = (
        prop::bool::weighted(0.4),
        prop::collection::vec(0..64usize, 0..3),
        prop::collection::vec(prop::option::weighted(0.6, 0..64usize), 0..4),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(mixin, mixins, members, list)| Node {
            mixin,
            mixins,
            members,
            list,
        });
    (
        prop::collection::vec(node, 1..40),
        prop_oneof![Just(0usize), 1..50usize, Just(500usize)],
        prop::bool::weighted(0.1),
    )
        .prop_map(|(mut nodes, chain, sloppy)| {
            // The operation's output: a structure, not a mixin (unless sloppy).
            nodes[0].mixin &= sloppy;
            Graph {
                nodes,
                chain,
                sloppy,
            }
        })
}

fn name(i: usize) -> String {
    format!("S{i}")
}

/// The graph as a JSON AST model with a service whose operation returns node 0.
fn as_json(g: &Graph) -> String {
    let mut shapes = serde_json::Map::new();
    shapes.insert(
        "ex#Svc".into(),
        json!({ "type": "service", "version": "1",
        "operations": [{ "target": "ex#Op" }], "traits": { "aws.protocols#awsJson1_1": {} } }),
    );
    shapes.insert(
        "ex#Op".into(),
        json!({ "type": "operation", "output": { "target": "ex#S0" } }),
    );
    for (i, node) in g.nodes.iter().enumerate() {
        let mut members = serde_json::Map::new();
        for (k, target) in node.members.iter().enumerate() {
            let target = match (target, node.list && k == 0) {
                (Some(t), true) => format!("ex#L{}", g.target(*t)),
                (Some(t), false) => format!("ex#{}", name(g.target(*t))),
                (None, _) => "smithy.api#String".to_owned(),
            };
            members.insert(format!("m{i}_{k}"), json!({ "target": target }));
        }
        let mut mixins: Vec<Value> = g
            .mixins_of(i)
            .into_iter()
            .map(|m| json!({ "target": format!("ex#{}", name(m)) }))
            .collect();
        if i == 0 && g.chain > 0 {
            mixins.push(json!({ "target": format!("ex#C{}", g.chain - 1) }));
        }
        let mut shape = json!({ "type": "structure", "members": members, "mixins": mixins });
        if node.mixin {
            shape["traits"] = json!({ "smithy.api#mixin": {} });
        }
        shapes.insert(format!("ex#{}", name(i)), shape);
        if !node.mixin || g.sloppy {
            shapes.insert(
                format!("ex#L{i}"),
                json!({ "type": "list", "member": { "target": format!("ex#{}", name(i)) } }),
            );
        }
    }
    for c in 0..g.chain {
        let mixins = if c == 0 {
            json!([])
        } else {
            json!([{ "target": format!("ex#C{}", c - 1) }])
        };
        shapes.insert(
            format!("ex#C{c}"),
            json!({ "type": "structure", "mixins": mixins,
            "members": { format!("c{c}"): { "target": "smithy.api#Integer" } },
            "traits": { "smithy.api#mixin": {} } }),
        );
    }
    serde_json::to_string(&json!({ "smithy": "2.0", "shapes": shapes })).expect("JSON")
}

/// The same graph as IDL; members inherited from a mixin are sometimes elided (`$name`).
fn as_idl(g: &Graph) -> String {
    let mut out = String::from(
        "$version: \"2\"\nnamespace ex\nuse aws.protocols#awsJson1_1\n@awsJson1_1\n\
         service Svc { version: \"1\" operations: [Op] }\noperation Op { output: S0 }\n",
    );
    for (i, node) in g.nodes.iter().enumerate() {
        if node.mixin {
            out.push_str("@mixin\n");
        }
        let uses = g.mixins_of(i);
        let mut mixins: Vec<String> = uses.iter().map(|&m| name(m)).collect();
        if i == 0 && g.chain > 0 {
            mixins.push(format!("C{}", g.chain - 1));
        }
        let with = if mixins.is_empty() {
            String::new()
        } else {
            format!(" with [{}]", mixins.join(", "))
        };
        out.push_str(&format!("structure {}{with} {{\n", name(i)));
        if let Some(first) = uses
            .first()
            .filter(|&&m| !g.nodes[m].members.is_empty() || g.sloppy)
        {
            // Elide a member of the first mixin.
            out.push_str(&format!("    $m{first}_0\n"));
        }
        for (k, target) in node.members.iter().enumerate() {
            let target = match (target, node.list && k == 0) {
                (Some(t), true) => format!("L{}", g.target(*t)),
                (Some(t), false) => name(g.target(*t)),
                (None, _) => "String".to_owned(),
            };
            out.push_str(&format!("    m{i}_{k}: {target}\n"));
        }
        out.push_str("}\n");
        if !node.mixin || g.sloppy {
            out.push_str(&format!("list L{i} {{ member: {} }}\n", name(i)));
        }
    }
    for c in 0..g.chain {
        let with = if c == 0 {
            String::new()
        } else {
            format!(" with [C{}]", c - 1)
        };
        out.push_str(&format!(
            "@mixin\nstructure C{c}{with} {{ c{c}: Integer }}\n"
        ));
    }
    out
}

fn generate(file: PathBuf, text: String) -> Result<usize, String> {
    std::fs::write(&file, text).expect("write the model");
    let options = Options {
        models: vec![file],
        service: None,
        operations: Operations::All,
        package: Some("chains".to_owned()),
        runtime_path: "../runtime".to_owned(),
        standalone: true,
        protocol_tests: false,
    };
    ecs_codegen::generate(&options)
        .map(|g| g.files.len())
        .map_err(|e| e.to_string())
}

#[test]
fn graphs_of_structures_and_mixins_generate_or_fail_cleanly() {
    let dir = std::env::temp_dir().join(format!("ecs-fuzz-chains-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let outcomes = std::sync::Mutex::new([0usize; 4]);
    fuzz("chains", 60, graph(), |g| {
        for (k, (file, text)) in [("m.json", as_json(&g)), ("m.smithy", as_idl(&g))]
            .into_iter()
            .enumerate()
        {
            let path = dir.join(file);
            let outcome = guarded(file, Duration::from_secs(60), move || generate(path, text))?;
            let mut counts = outcomes.lock().expect("counts");
            match outcome {
                Ok(_) => counts[2 * k] += 1,
                Err(e) => {
                    prop_assert!(e.contains(file), "the error names no file: {e}");
                    counts[2 * k + 1] += 1;
                }
            }
        }
        Ok(())
    });
    let [json_ok, json_err, idl_ok, idl_err] = outcomes.into_inner().expect("counts");
    println!(
        "chains: JSON {json_ok} generated, {json_err} rejected; IDL {idl_ok} generated, {idl_err} rejected"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
