//! Part of stage 1, load: Smithy IDL 2.0 text → the JSON AST ([`crate::load::ast`]) the rest
//! of the stage reads, built directly (no JSON text in between).
//!
//! A hand-written recursive-descent reader over the grammar in `idl.rst`: `lexer` reads the
//! characters, `parser` the values and statements. Parsing a file gives an [`IdlFile`] whose
//! shape references are still relative; [`IdlFile::to_ast`] resolves them once every file of the
//! model has been read (a relative id may name a shape defined in another file of the same
//! namespace). Every error carries the file, line and column, and says what was expected.
//! Time is linear in the file's size: positions come from a line index, and duplicate names are
//! found with sets.

mod lexer;
mod parser;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Number, Value};

use super::ast::{Document, Member, Properties, Shape, Traits};
use super::merge::merge_trait;
use crate::error::{Error, Result};

/// How deeply node values and shape bodies may nest before the file is refused (a hostile
/// file must not overflow the stack).
pub const MAX_DEPTH: usize = 64;

/// Shape names of the prelude (`smithy.api`), which relative ids fall back to.
const PRELUDE: &[&str] = &[
    "String",
    "Blob",
    "BigInteger",
    "BigDecimal",
    "Timestamp",
    "Document",
    "Boolean",
    "Byte",
    "Short",
    "Integer",
    "Long",
    "Float",
    "Double",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveShort",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveFloat",
    "PrimitiveDouble",
    "Unit",
    "trait",
    "deprecated",
    "box",
    "documentation",
    "externalDocumentation",
    "auth",
    "protocolDefinition",
    "authDefinition",
    "httpBasicAuth",
    "httpDigestAuth",
    "httpBearerAuth",
    "httpApiKeyAuth",
    "traitValidators",
    "default",
    "addedDefault",
    "clientOptional",
    "optionalAuth",
    "examples",
    "error",
    "retryable",
    "readonly",
    "idempotent",
    "idempotencyToken",
    "internal",
    "jsonName",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
    "noReplace",
    "mediaType",
    "references",
    "resourceIdentifier",
    "private",
    "sensitive",
    "since",
    "streaming",
    "requiresLength",
    "longPoll",
    "tags",
    "title",
    "enum",
    "enumValue",
    "length",
    "range",
    "pattern",
    "required",
    "property",
    "notProperty",
    "nestedProperties",
    "recommended",
    "sparse",
    "uniqueItems",
    "unstable",
    "paginated",
    "http",
    "httpLabel",
    "httpQuery",
    "httpQueryParams",
    "httpHeader",
    "httpPrefixHeaders",
    "httpPayload",
    "httpError",
    "httpResponseCode",
    "cors",
    "eventPayload",
    "eventHeader",
    "idRef",
    "timestampFormat",
    "endpoint",
    "hostLabel",
    "suppress",
    "httpChecksumRequired",
    "input",
    "output",
    "unitType",
    "mixin",
    "requestCompression",
];

/// A node value as written: unquoted identifiers stay [`Node::Id`] until resolution.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    /// A syntactic shape id (`awsJson1_1`, `smithy.api#String`).
    Id(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// A trait application: its (relative) name and value.
pub(super) type TraitApp = (String, Node);

#[derive(Debug)]
pub(super) struct IdlMember {
    pub(super) name: String,
    /// `None` for an elided target (`$name`), found later from mixins or the resource.
    pub(super) target: Option<String>,
    pub(super) traits: Vec<TraitApp>,
    pub(super) line: usize,
}

#[derive(Debug)]
pub(super) struct IdlShape {
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) traits: Vec<TraitApp>,
    pub(super) mixins: Vec<String>,
    pub(super) for_resource: Option<String>,
    pub(super) members: Vec<IdlMember>,
    /// The properties of a service, resource or operation.
    pub(super) properties: Vec<(String, Node)>,
    pub(super) line: usize,
}

/// One parsed `.smithy` file, references not yet resolved.
#[derive(Debug)]
pub struct IdlFile {
    pub(super) path: PathBuf,
    pub(super) version: String,
    pub(super) namespace: Option<String>,
    pub(super) uses: BTreeMap<String, String>,
    pub(super) metadata: Vec<(String, Node)>,
    pub(super) shapes: Vec<IdlShape>,
    pub(super) applies: Vec<(String, Vec<TraitApp>, usize)>,
}

/// Parses one `.smithy` file.
pub fn parse(path: &Path, text: &str) -> Result<IdlFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    lexer::Parser::new(path, text).file()
}

impl IdlFile {
    /// The file this was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The absolute ids of the shapes this file defines.
    pub fn defined(&self) -> impl Iterator<Item = String> + '_ {
        let ns = self.namespace.as_deref().unwrap_or_default();
        self.shapes.iter().map(move |s| format!("{ns}#{}", s.name))
    }

    /// The file as a JSON AST document (members in file order). `known` holds every shape id
    /// the whole model defines (all files), which relative ids resolve against.
    pub fn to_ast(&self, known: &BTreeSet<String>) -> Result<Document> {
        let by_name: BTreeMap<&str, &IdlShape> =
            self.shapes.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut shapes = Vec::new();
        for shape in &self.shapes {
            let id = self.absolute(&shape.name);
            shapes.push((id, self.shape_ast(shape, known, &by_name)?));
        }
        // Every `apply` of one target becomes one `apply` entry (the merge applies it).
        let mut applies: BTreeMap<String, Traits> = BTreeMap::new();
        for (target, traits, line) in &self.applies {
            let target = match target.split_once('$') {
                Some((shape, member)) => format!("{}${member}", self.resolve(shape, known)),
                None => self.resolve(target, known),
            };
            let slot = applies.entry(target.clone()).or_default();
            for (name, value) in self.traits(traits, known, *line)? {
                merge_trait(slot, name, value)
                    .map_err(|m| self.err_at(*line, 1, format!("apply {target}: {m}")))?;
            }
        }
        shapes.extend(applies.into_iter().map(|(target, traits)| {
            let apply = Shape {
                kind: "apply".to_owned(),
                traits,
                ..Shape::default()
            };
            (target, apply)
        }));
        self.check_metadata(known)?;
        Ok(Document {
            version: self.version.clone(),
            shapes,
        })
    }

    /// Metadata carries nothing we generate from, but a key set twice with values that do
    /// not merge (two lists concatenate) is an error, as in Smithy.
    fn check_metadata(&self, known: &BTreeSet<String>) -> Result<()> {
        let mut metadata: BTreeMap<&str, Value> = BTreeMap::new();
        for (key, node) in &self.metadata {
            let value = self.node_json(node, known);
            match metadata.get_mut(key.as_str()) {
                None => {
                    metadata.insert(key, value);
                }
                Some(Value::Array(existing)) if value.is_array() => {
                    existing.extend(value.as_array().cloned().unwrap_or_default());
                }
                Some(existing) if *existing == value => {}
                Some(_) => {
                    return Err(self.err_at(1, 1, format!("metadata `{key}` is set twice")));
                }
            }
        }
        Ok(())
    }

    fn absolute(&self, name: &str) -> String {
        format!("{}#{name}", self.namespace.as_deref().unwrap_or_default())
    }

    /// Relative shape id resolution (idl.rst): `use`, then the file's namespace, then the
    /// prelude, then the namespace again (an id of a shape nobody defines).
    fn resolve(&self, id: &str, known: &BTreeSet<String>) -> String {
        if id.contains('#') {
            return id.to_owned();
        }
        if let Some(imported) = self.uses.get(id) {
            return imported.clone();
        }
        let local = self.absolute(id);
        if known.contains(&local) || !PRELUDE.contains(&id) {
            local
        } else {
            format!("smithy.api#{id}")
        }
    }

    fn node_json(&self, node: &Node, known: &BTreeSet<String>) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::Id(id) => Value::String(self.resolve(id, known)),
            Node::Array(items) => {
                Value::Array(items.iter().map(|n| self.node_json(n, known)).collect())
            }
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.node_json(v, known)))
                    .collect(),
            ),
        }
    }

    /// Trait applications as a trait map: names resolved, values as JSON, a trait applied
    /// twice merged by the IDL's rules.
    fn traits(&self, traits: &[TraitApp], known: &BTreeSet<String>, line: usize) -> Result<Traits> {
        let mut out = Traits::new();
        for (name, value) in traits {
            let name = self.resolve(name, known);
            let value = self.node_json(value, known);
            merge_trait(&mut out, name, value).map_err(|m| self.err_at(line, 1, m))?;
        }
        Ok(out)
    }

    fn shape_ast(
        &self,
        shape: &IdlShape,
        known: &BTreeSet<String>,
        by_name: &BTreeMap<&str, &IdlShape>,
    ) -> Result<Shape> {
        let mut members = Vec::new();
        for m in &shape.members {
            let target = match &m.target {
                Some(t) => self.resolve(t, known),
                None => self.elided_target(shape, &m.name, known, by_name)?,
            };
            let traits = self.traits(&m.traits, known, m.line)?;
            members.push((m.name.clone(), Member { target, traits }));
        }
        Ok(Shape {
            kind: shape.kind.clone(),
            members,
            traits: self.traits(&shape.traits, known, shape.line)?,
            mixins: shape
                .mixins
                .iter()
                .map(|m| self.resolve(m, known))
                .collect(),
            properties: self.properties(shape, known)?,
        })
    }

    /// The properties of a service, resource or operation (the parser checked their names):
    /// the shapes they bind, resolved.
    fn properties(&self, shape: &IdlShape, known: &BTreeSet<String>) -> Result<Properties> {
        let mut out = Properties::default();
        for (key, value) in &shape.properties {
            let wrong = |what: &str| {
                self.err_at(
                    shape.line,
                    1,
                    format!("{} {}: `{key}` must be {what}", shape.kind, shape.name),
                )
            };
            let one = |node: &Node| match node {
                Node::Id(id) => Ok(self.resolve(id, known)),
                _ => Err(wrong("a shape id")),
            };
            let many = |node: &Node| match node {
                Node::Array(items) => items.iter().map(one).collect::<Result<Vec<_>>>(),
                _ => Err(wrong("a list of shape ids")),
            };
            match key.as_str() {
                "version" => match value {
                    Node::String(v) => out.version = Some(v.clone()),
                    _ => return Err(wrong("a string")),
                },
                "input" => out.input = Some(one(value)?),
                "output" => out.output = Some(one(value)?),
                "errors" => out.errors = many(value)?,
                "operations" | "collectionOperations" => out.operations.extend(many(value)?),
                "resources" => out.resources = many(value)?,
                "create" | "put" | "read" | "update" | "delete" | "list" => {
                    out.operations.push(one(value)?)
                }
                // `identifiers` and `properties` only serve target elision; `rename` only
                // changes names in languages that generate from it.
                _ => {}
            }
        }
        Ok(out)
    }

    /// Target elision (`$name`): the member's target in the shape's mixins (defined in this
    /// file, searched in order, each once), or the resource's identifier or property of that
    /// name. A mixin that leads back to the shape is a cycle, reported as one.
    fn elided_target(
        &self,
        shape: &IdlShape,
        member: &str,
        known: &BTreeSet<String>,
        by_name: &BTreeMap<&str, &IdlShape>,
    ) -> Result<String> {
        let local = |id: &str| -> Option<&IdlShape> {
            let absolute = self.resolve(id, known);
            let (ns, name) = absolute.split_once('#')?;
            (Some(ns) == self.namespace.as_deref())
                .then(|| by_name.get(name).copied())
                .flatten()
        };
        let mut seen: BTreeSet<&str> = BTreeSet::from([shape.name.as_str()]);
        let mut queue: Vec<&IdlShape> =
            shape.mixins.iter().rev().filter_map(|m| local(m)).collect();
        while let Some(source) = queue.pop() {
            if !seen.insert(source.name.as_str()) {
                return Err(self.err_at(
                    source.line,
                    1,
                    format!(
                        "{}: mixins form a cycle through {}",
                        shape.name, source.name
                    ),
                ));
            }
            match source.members.iter().find(|m| m.name == member) {
                Some(IdlMember {
                    target: Some(t), ..
                }) => return Ok(self.resolve(t, known)),
                // Elided there too: look in that mixin's mixins next.
                Some(_) => queue.extend(source.mixins.iter().rev().filter_map(|m| local(m))),
                None => queue.extend(source.mixins.iter().rev().filter_map(|m| local(m))),
            }
        }
        self.resource_target(shape, member, known, &local)
            .ok_or_else(|| {
                self.err_at(
                    shape.line,
                    1,
                    format!(
                        "{}${member}: the elided member `${member}` is in no mixin or resource of the shape",
                        shape.name
                    ),
                )
            })
    }

    /// The target of identifier or property `member` of the resource `shape` is `for`.
    fn resource_target<'s>(
        &self,
        shape: &IdlShape,
        member: &str,
        known: &BTreeSet<String>,
        local: &dyn Fn(&str) -> Option<&'s IdlShape>,
    ) -> Option<String> {
        let resource = local(shape.for_resource.as_deref()?)?;
        ["identifiers", "properties"].iter().find_map(|key| {
            resource.properties.iter().find_map(|(k, v)| match v {
                Node::Object(entries) if k == key => entries.iter().find_map(|(name, t)| match t {
                    Node::Id(id) if name == member => Some(self.resolve(id, known)),
                    _ => None,
                }),
                _ => None,
            })
        })
    }

    fn err_at(&self, line: usize, column: usize, message: String) -> Error {
        Error::Idl {
            path: self.path.clone(),
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file's shapes as JSON, for assertions that read like the JSON AST.
    fn json(text: &str) -> Value {
        let file = parse(Path::new("t.smithy"), text).unwrap();
        let known: BTreeSet<String> = file.defined().collect();
        let doc = file.to_ast(&known).unwrap();
        let shapes: serde_json::Map<String, Value> = doc
            .shapes
            .into_iter()
            .map(|(id, s)| {
                let members: serde_json::Map<String, Value> = s
                    .members
                    .into_iter()
                    .map(|(n, m)| {
                        let traits: serde_json::Map<String, Value> = m.traits.into_iter().collect();
                        (
                            n,
                            serde_json::json!({ "target": m.target, "traits": traits }),
                        )
                    })
                    .collect();
                let traits: serde_json::Map<String, Value> = s.traits.into_iter().collect();
                (
                    id,
                    serde_json::json!({ "type": s.kind, "members": members, "traits": traits }),
                )
            })
            .collect();
        serde_json::json!({ "shapes": shapes })
    }

    fn error(text: &str) -> String {
        match parse(Path::new("t.smithy"), text) {
            Ok(_) => panic!("parsed: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn text_blocks_lose_incidental_whitespace() {
        let doc = json(
            "$version: \"2\"\nnamespace a\n@documentation(\"\"\"\n    Foo\n        Baz\n\n  \n    Bar\n    \"\"\")\nstring S\n",
        );
        assert_eq!(
            doc["shapes"]["a#S"]["traits"]["smithy.api#documentation"],
            "Foo\n    Baz\n\n\nBar\n"
        );
    }

    #[test]
    fn relative_ids_resolve_by_use_namespace_then_prelude() {
        let doc = json(
            "$version: \"2.0\"\nnamespace a.b\nuse x#Bar\nstructure S {\n  a: Bar\n  b: String\n  c: Local\n  @required d: Nowhere = 1\n}\nstring Local\n",
        );
        let m = &doc["shapes"]["a.b#S"]["members"];
        assert_eq!(m["a"]["target"], "x#Bar");
        assert_eq!(m["b"]["target"], "smithy.api#String");
        assert_eq!(m["c"]["target"], "a.b#Local");
        assert_eq!(m["d"]["target"], "a.b#Nowhere");
        assert_eq!(m["d"]["traits"]["smithy.api#default"], 1);
        assert!(m["d"]["traits"]["smithy.api#required"].is_object());
    }

    #[test]
    fn errors_have_positions() {
        assert!(
            error("$version: \"2\"\nnamespace a\nstring S \"x\"\n")
                .starts_with("t.smithy:3:10: expected the end of the line")
        );
        assert!(
            error("$version: \"2\"\nnamespace a\n@documentation(\"\"\"\n  open")
                .contains("t.smithy:3:16: this text block is never closed")
        );
        assert!(
            error("$version: \"2\"\nnamespace a\n@documentation(\"a\\qb\")\nstring S\n")
                .contains("t.smithy:3:18: unknown escape `\\q`")
        );
        assert!(error("$foo: \"2\"\n").contains("t.smithy:1:1: unknown control statement `$foo`"));
        let deep = format!(
            "$version: \"2\"\nmetadata x = {}{}\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(error(&deep).contains("nesting deeper than 64 levels"));
    }

    #[test]
    fn bom_and_crlf_are_read() {
        let doc = json("\u{feff}$version: \"2\"\r\nnamespace a\r\n/// Docs.\r\nstring S\r\n");
        assert_eq!(
            doc["shapes"]["a#S"]["traits"]["smithy.api#documentation"],
            "Docs."
        );
    }

    #[test]
    fn properties_outside_the_grammar_are_refused() {
        let e = error("$version: \"2\"\nnamespace a\nresource R {\n  traits: \"x\"\n}\n");
        assert!(e.contains("`traits` is not a resource property"), "{e}");
        let e = error("$version: \"2\"\nnamespace a\nservice S {\n  type: \"structure\"\n}\n");
        assert!(e.contains("`type` is not a service property"), "{e}");
    }

    #[test]
    fn elision_through_a_mixin_cycle_is_reported_not_followed() {
        let file = parse(
            Path::new("t.smithy"),
            "$version: \"2\"\nnamespace a\n@mixin\nstructure M with [M] {\n  $x\n}\n",
        )
        .unwrap();
        let known: BTreeSet<String> = file.defined().collect();
        let e = file.to_ast(&known).unwrap_err().to_string();
        assert!(e.contains("cycle"), "{e}");
        let file = parse(
            Path::new("t.smithy"),
            "$version: \"2\"\nnamespace a\n@mixin\nstructure A with [B] {\n  $x\n}\n@mixin\nstructure B with [A] {\n  $x\n}\n",
        )
        .unwrap();
        let known: BTreeSet<String> = file.defined().collect();
        let e = file.to_ast(&known).unwrap_err().to_string();
        assert!(e.contains("cycle"), "{e}");
    }

    #[test]
    fn large_files_read_in_linear_time() {
        let members: String = (0..40_000).map(|i| format!("  m{i}: String\n")).collect();
        let text = format!(
            "$version: \"2\"\nnamespace a\nstructure Big {{\n{members}}}\nstring Last \"x\"\n"
        );
        let started = std::time::Instant::now();
        let e = error(&text);
        assert!(e.contains(":40005:"), "the error is on the last line: {e}");
        let ok = text.replace("string Last \"x\"", "string Last");
        let file = parse(Path::new("t.smithy"), &ok).unwrap();
        let known: BTreeSet<String> = file.defined().collect();
        assert_eq!(
            file.to_ast(&known).unwrap().shapes[0].1.members.len(),
            40_000
        );
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let twice = ok.replace("  m7: String\n", "  m7: String\n  m7: Integer\n");
        assert!(error(&twice).contains("Big: member `m7` is defined twice"));
    }
}
