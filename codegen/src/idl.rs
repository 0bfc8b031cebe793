//! Part of stage 1, load: Smithy IDL 2.0 text → the JSON AST the rest of [`crate::load`] reads.
//!
//! A hand-written recursive-descent parser over the grammar in `idl.rst`. Parsing a file gives
//! an [`IdlFile`] whose shape references are still relative; [`IdlFile::to_json_ast`] resolves
//! them once every file of the model has been read (a relative id may name a shape defined in
//! another file of the same namespace), and writes the JSON AST document that the same file
//! would have been in JSON. Every syntax error carries the file, line and column, and says what
//! was expected.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

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
enum Node {
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
type TraitApp = (String, Node);

#[derive(Debug)]
struct IdlMember {
    name: String,
    /// `None` for an elided target (`$name`), found later from mixins or the resource.
    target: Option<String>,
    traits: Vec<TraitApp>,
    line: usize,
}

#[derive(Debug)]
struct IdlShape {
    name: String,
    kind: String,
    traits: Vec<TraitApp>,
    mixins: Vec<String>,
    for_resource: Option<String>,
    members: Vec<IdlMember>,
    /// The properties of a service, resource or operation.
    properties: Vec<(String, Node)>,
    line: usize,
}

/// One parsed `.smithy` file, references not yet resolved.
#[derive(Debug)]
pub struct IdlFile {
    path: PathBuf,
    version: String,
    namespace: Option<String>,
    uses: BTreeMap<String, String>,
    metadata: Vec<(String, Node)>,
    shapes: Vec<IdlShape>,
    applies: Vec<(String, Vec<TraitApp>, usize)>,
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

    /// The file as JSON AST text (members in file order). `known` holds every shape id the
    /// whole model defines (all files), which relative ids resolve against.
    pub fn to_json_ast(&self, known: &BTreeSet<String>) -> Result<String> {
        let mut shapes: BTreeMap<String, ShapeOut> = BTreeMap::new();
        let by_name: BTreeMap<&str, &IdlShape> =
            self.shapes.iter().map(|s| (s.name.as_str(), s)).collect();
        for shape in &self.shapes {
            let id = self.absolute(&shape.name);
            let value = self.shape_json(shape, known, &by_name)?;
            shapes.insert(id, value);
        }
        for (target, traits, line) in &self.applies {
            let target = match target.split_once('$') {
                Some((shape, member)) => format!("{}${member}", self.resolve(shape, known)),
                None => self.resolve(target, known),
            };
            let traits = self.traits_json(traits, known, *line)?;
            let slot = shapes.entry(target.clone()).or_insert_with(|| {
                let mut apply = Map::new();
                apply.insert("type".into(), "apply".into());
                ShapeOut {
                    fields: apply,
                    members: None,
                }
            });
            let existing = slot
                .fields
                .entry("traits")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("traits are an object");
            for (name, value) in traits {
                merge_trait(existing, name, value)
                    .map_err(|m| self.err_at(*line, 1, format!("apply {target}: {m}")))?;
            }
        }
        let mut metadata = Map::new();
        for (key, node) in &self.metadata {
            let value = self.node_json(node, known);
            match metadata.get_mut(key) {
                None => {
                    metadata.insert(key.clone(), value);
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
        let doc = DocOut {
            smithy: &self.version,
            metadata: (!metadata.is_empty()).then_some(Value::Object(metadata)),
            shapes,
        };
        Ok(serde_json::to_string(&doc).expect("JSON values always serialize"))
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

    fn traits_json(
        &self,
        traits: &[TraitApp],
        known: &BTreeSet<String>,
        line: usize,
    ) -> Result<Map<String, Value>> {
        let mut out = Map::new();
        for (name, value) in traits {
            let name = self.resolve(name, known);
            let value = self.node_json(value, known);
            merge_trait(&mut out, name, value).map_err(|m| self.err_at(line, 1, m))?;
        }
        Ok(out)
    }

    fn reference(&self, id: &str, known: &BTreeSet<String>) -> Value {
        let mut r = Map::new();
        r.insert("target".into(), self.resolve(id, known).into());
        Value::Object(r)
    }

    fn shape_json(
        &self,
        shape: &IdlShape,
        known: &BTreeSet<String>,
        by_name: &BTreeMap<&str, &IdlShape>,
    ) -> Result<ShapeOut> {
        let mut out = Map::new();
        let mut ordered = None;
        out.insert("type".into(), shape.kind.clone().into());
        if !shape.mixins.is_empty() {
            let mixins = shape.mixins.iter().map(|m| self.reference(m, known));
            out.insert("mixins".into(), Value::Array(mixins.collect()));
        }
        let traits = self.traits_json(&shape.traits, known, shape.line)?;
        match shape.kind.as_str() {
            "list" | "set" | "map" | "structure" | "union" | "enum" | "intEnum" => {
                let mut members: Vec<(String, Value)> = Vec::new();
                for m in &shape.members {
                    let target = match &m.target {
                        Some(t) => self.resolve(t, known),
                        None => self.elided_target(shape, &m.name, known, by_name).ok_or_else(
                            || {
                                self.err_at(
                                    m.line,
                                    1,
                                    format!(
                                        "{}${}: the elided member `${}` is in no mixin or resource of the shape",
                                        shape.name, m.name, m.name
                                    ),
                                )
                            },
                        )?,
                    };
                    let mut member = Map::new();
                    member.insert("target".into(), target.into());
                    let traits = self.traits_json(&m.traits, known, m.line)?;
                    if !traits.is_empty() {
                        member.insert("traits".into(), Value::Object(traits));
                    }
                    if members.iter().any(|(name, _)| *name == m.name) {
                        return Err(self.err_at(
                            m.line,
                            1,
                            format!("{}: member `{}` is defined twice", shape.name, m.name),
                        ));
                    }
                    members.push((m.name.clone(), Value::Object(member)));
                }
                if matches!(shape.kind.as_str(), "list" | "set" | "map") {
                    for (name, value) in members {
                        out.insert(name, value);
                    }
                } else {
                    ordered = Some(members);
                }
            }
            _ => {
                for (key, value) in &shape.properties {
                    out.insert(key.clone(), self.property_json(key, value, known));
                }
            }
        }
        if !traits.is_empty() {
            out.insert("traits".into(), Value::Object(traits));
        }
        Ok(ShapeOut {
            fields: out,
            members: ordered,
        })
    }

    /// A property of a service, resource or operation: references become `{"target": id}`.
    fn property_json(&self, key: &str, value: &Node, known: &BTreeSet<String>) -> Value {
        let reference = |node: &Node| match node {
            Node::Id(id) => self.reference(id, known),
            other => self.node_json(other, known),
        };
        match (key, value) {
            ("version", v) => self.node_json(v, known),
            ("rename", v) => self.node_json(v, known),
            (_, Node::Array(items)) => Value::Array(items.iter().map(reference).collect()),
            (_, Node::Object(entries)) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), reference(v)))
                    .collect(),
            ),
            (_, other) => reference(other),
        }
    }

    /// Target elision (`$name`): the member's target in the shape's mixins (defined in this
    /// file), or the resource's identifier or property of that name.
    fn elided_target(
        &self,
        shape: &IdlShape,
        member: &str,
        known: &BTreeSet<String>,
        by_name: &BTreeMap<&str, &IdlShape>,
    ) -> Option<String> {
        let local = |id: &str| -> Option<&IdlShape> {
            let absolute = self.resolve(id, known);
            let (ns, name) = absolute.split_once('#')?;
            (Some(ns) == self.namespace.as_deref())
                .then(|| by_name.get(name).copied())
                .flatten()
        };
        for mixin in &shape.mixins {
            if let Some(source) = local(mixin)
                && let Some(m) = source.members.iter().find(|m| m.name == member)
            {
                return match &m.target {
                    Some(t) => Some(self.resolve(t, known)),
                    None => self.elided_target(source, member, known, by_name),
                };
            }
        }
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

/// A JSON AST document as written out: shapes by id, each with its members in file order
/// (a `serde_json::Map` would sort them).
struct DocOut<'a> {
    smithy: &'a str,
    metadata: Option<Value>,
    shapes: BTreeMap<String, ShapeOut>,
}

struct ShapeOut {
    fields: Map<String, Value>,
    /// `members` of a structure, union or enum, in order.
    members: Option<Vec<(String, Value)>>,
}

impl serde::Serialize for DocOut<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("smithy", self.smithy)?;
        if let Some(metadata) = &self.metadata {
            map.serialize_entry("metadata", metadata)?;
        }
        map.serialize_entry("shapes", &self.shapes)?;
        map.end()
    }
}

impl serde::Serialize for ShapeOut {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        struct Members<'a>(&'a [(String, Value)]);
        impl serde::Serialize for Members<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in &self.fields {
            map.serialize_entry(k, v)?;
        }
        if let Some(members) = &self.members {
            map.serialize_entry("members", &Members(members))?;
        }
        map.end()
    }
}

/// Adds a trait to a trait map by the IDL's conflict rules: the same value twice is one, two
/// lists are concatenated, anything else is an error.
fn merge_trait(traits: &mut Map<String, Value>, name: String, value: Value) -> Result<(), String> {
    match traits.get_mut(&name) {
        None => {
            traits.insert(name, value);
            Ok(())
        }
        Some(existing) if *existing == value => Ok(()),
        Some(Value::Array(items)) if value.is_array() => {
            items.extend(value.as_array().cloned().unwrap_or_default());
            Ok(())
        }
        Some(_) => Err(format!(
            "trait `{name}` is applied twice with different values"
        )),
    }
}

/// Parses one `.smithy` file.
pub fn parse(path: &Path, text: &str) -> Result<IdlFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        path,
        src: text.as_bytes(),
        text,
        pos: 0,
        docs: Vec::new(),
        depth: 0,
    };
    p.file()
}

struct Parser<'a> {
    path: &'a Path,
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Documentation comment lines seen since the last statement began.
    docs: Vec<String>,
    depth: usize,
}

const SIMPLE: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];

impl Parser<'_> {
    // ---- errors and positions ----

    fn position(&self, at: usize) -> (usize, usize) {
        let before = &self.text[..at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn line(&self) -> usize {
        self.position(self.pos).0
    }

    fn error_at(&self, at: usize, message: impl Into<String>) -> Error {
        let (line, column) = self.position(at);
        Error::Idl {
            path: self.path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// "expected X, found Y" at the current position.
    fn expected(&self, what: &str) -> Error {
        let found = match self.text[self.pos..].chars().next() {
            None => "the end of the file".to_owned(),
            Some('\n') => "the end of the line".to_owned(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => {
                let word: String = self.text[self.pos..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .take(40)
                    .collect();
                if word.is_empty() {
                    format!("`{c}`")
                } else {
                    format!("`{word}`")
                }
            }
        };
        self.error_at(self.pos, format!("expected {what}, found {found}"))
    }

    // ---- characters ----

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos..].starts_with(s.as_bytes())
    }

    /// Whitespace, commas and comments; documentation comments are kept in `self.docs`.
    fn ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => self.pos += 1,
                b'/' if self.peek_at(1) == Some(b'/') => {
                    let start = self.pos;
                    let end = self.src[start..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(self.src.len(), |n| start + n);
                    let line = &self.text[start..end];
                    if let Some(doc) = line.strip_prefix("///") {
                        let doc = doc.strip_suffix('\r').unwrap_or(doc);
                        self.docs
                            .push(doc.strip_prefix(' ').unwrap_or(doc).to_owned());
                    }
                    self.pos = end;
                }
                _ => break,
            }
        }
    }

    /// Spaces and tabs only (the `SP` of the grammar).
    fn sp(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The end of a statement: the rest of the line must be blank or a comment.
    fn br(&mut self) -> Result<()> {
        self.sp();
        if self.starts_with("//") || matches!(self.peek(), None | Some(b'\n' | b'\r')) {
            self.ws();
            Ok(())
        } else {
            Err(self.expected("the end of the line"))
        }
    }

    fn take_docs(&mut self) -> Option<String> {
        let docs = std::mem::take(&mut self.docs);
        (!docs.is_empty()).then(|| docs.join("\n"))
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error_at(self.pos, format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    // ---- lexical pieces ----

    fn identifier(&mut self, what: &str) -> Result<String> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(self.expected(what)),
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        let ident = &self.text[start..self.pos];
        if ident.bytes().all(|b| b == b'_') {
            return Err(self.error_at(start, format!("`{ident}` is not a valid identifier")));
        }
        Ok(ident.to_owned())
    }

    /// A `NodeObjectKey`: quoted text or an identifier.
    fn object_key(&mut self, what: &str) -> Result<String> {
        match self.peek() {
            Some(b'"') => self.quoted(),
            _ => self.identifier(what),
        }
    }

    /// `ns.ns#Name$member`, `Name`, `Name$member`.
    fn shape_id(&mut self, what: &str) -> Result<String> {
        let mut id = self.identifier(what)?;
        while self.peek() == Some(b'.') {
            self.pos += 1;
            id.push('.');
            id.push_str(&self.identifier("a namespace part after `.`")?);
        }
        if self.eat(b'#') {
            id.push('#');
            id.push_str(&self.identifier("a shape name after `#`")?);
        } else if id.contains('.') {
            return Err(self.expected("`#` after a namespace"));
        }
        if self.eat(b'$') {
            id.push('$');
            id.push_str(&self.identifier("a member name after `$`")?);
        }
        Ok(id)
    }

    fn keyword(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        if self.starts_with(word)
            && !matches!(self.src.get(end), Some(b) if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'#' || *b == b'.' || *b == b'$')
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    fn quoted(&mut self) -> Result<String> {
        if self.starts_with("\"\"\"") {
            return self.text_block();
        }
        let start = self.pos;
        self.pos += 1;
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, "this string is never closed")),
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    raw.push_str(&self.escape()?);
                }
                Some(_) => {
                    let c = self.text[self.pos..]
                        .chars()
                        .next()
                        .expect("not at the end");
                    if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                        return Err(self.error_at(
                            self.pos,
                            format!("control character U+{:04X} in a string", c as u32),
                        ));
                    }
                    self.pos += c.len_utf8();
                    if c != '\r' {
                        raw.push(c);
                    }
                }
            }
        }
        Ok(raw)
    }

    /// One escape sequence at `\`, as the text it stands for.
    fn escape(&mut self) -> Result<String> {
        let at = self.pos;
        self.pos += 1;
        let c = self
            .peek()
            .ok_or_else(|| self.error_at(at, "a `\\` ends the file"))?;
        self.pos += 1;
        Ok(match c {
            b'"' => "\"".into(),
            b'\\' => "\\".into(),
            b'/' => "/".into(),
            b'b' => "\u{8}".into(),
            b'f' => "\u{c}".into(),
            b'n' => "\n".into(),
            b'r' => "\r".into(),
            b't' => "\t".into(),
            b'\n' => String::new(),
            b'\r' if self.eat(b'\n') => String::new(),
            b'u' => {
                let first = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&first) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.error_at(
                            at,
                            "a high surrogate must be followed by `\\u` and a low one",
                        ));
                    }
                    let second = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(
                            self.error_at(at, "a high surrogate must be followed by a low one")
                        );
                    }
                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                } else {
                    char::from_u32(first)
                };
                c.ok_or_else(|| self.error_at(at, "`\\u` escape of a lone surrogate"))?
                    .to_string()
            }
            other => {
                let shown = self.text[at + 1..]
                    .chars()
                    .next()
                    .map_or_else(|| (other as char).to_string(), |c| c.to_string());
                return Err(self.error_at(at, format!("unknown escape `\\{shown}`")));
            }
        })
    }

    fn hex4(&mut self, at: usize) -> Result<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error_at(at, "`\\u` needs four hex digits"));
        }
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).expect("checked hex"))
    }

    /// `"""` … `"""` with incidental whitespace removed, then escapes read (idl.rst).
    fn text_block(&mut self) -> Result<String> {
        let start = self.pos;
        self.pos += 3;
        self.sp();
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if !self.eat(b'\n') {
            return Err(self.error_at(start, "a text block's opening `\"\"\"` must end its line"));
        }
        let content_start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, "this text block is never closed")),
                Some(b'\\') => self.pos += 2,
                Some(b'"') if self.starts_with("\"\"\"") => break,
                Some(_) => self.pos += 1,
            }
        }
        let content = self.text[content_start..self.pos.min(self.text.len())].replace("\r\n", "\n");
        self.pos += 3;
        let lines: Vec<&str> = content.split('\n').collect();
        let last = lines.len() - 1;
        let indent = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| *i == last || !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let dedented: Vec<&str> = lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or("").trim_end_matches(' '))
            .collect();
        let joined = dedented.join("\n");
        // Escapes are read after the whitespace is removed.
        let mut sub = Parser {
            path: self.path,
            src: joined.as_bytes(),
            text: &joined,
            pos: 0,
            docs: Vec::new(),
            depth: 0,
        };
        let mut out = String::new();
        while let Some(b) = sub.peek() {
            if b == b'\\' {
                out.push_str(
                    &sub.escape()
                        .map_err(|_| self.error_at(start, "bad escape in this text block"))?,
                );
            } else {
                let c = sub.text[sub.pos..].chars().next().expect("not at the end");
                sub.pos += c.len_utf8();
                out.push(c);
            }
        }
        Ok(out)
    }

    fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        self.eat(b'-');
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
        ) {
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        serde_json::from_str::<Number>(text)
            .map_err(|_| self.error_at(start, format!("`{text}` is not a number")))
    }

    // ---- node values ----

    fn node(&mut self) -> Result<Node> {
        match self.peek() {
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                self.ws();
                let mut items = Vec::new();
                while !self.eat(b']') {
                    if self.peek().is_none() {
                        return Err(self.expected("`]`"));
                    }
                    items.push(self.node()?);
                    self.ws();
                }
                self.depth -= 1;
                Ok(Node::Array(items))
            }
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                self.ws();
                let entries = self.entries(b'}')?;
                self.depth -= 1;
                Ok(Node::Object(entries))
            }
            Some(b'"') => Ok(Node::String(self.quoted()?)),
            Some(b'-' | b'0'..=b'9') => Ok(Node::Number(self.number()?)),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                if self.keyword("true") {
                    Ok(Node::Bool(true))
                } else if self.keyword("false") {
                    Ok(Node::Bool(false))
                } else if self.keyword("null") {
                    Ok(Node::Null)
                } else {
                    Ok(Node::Id(self.shape_id("a value")?))
                }
            }
            _ => Err(self.expected("a value")),
        }
    }

    /// `key: value` pairs up to `close`, which is consumed.
    fn entries(&mut self, close: u8) -> Result<Vec<(String, Node)>> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        loop {
            self.ws();
            if self.eat(close) {
                return Ok(entries);
            }
            let at = self.pos;
            let key = match self.peek() {
                Some(b'"') => self.quoted()?,
                Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.identifier("a key")?,
                _ => return Err(self.expected(&format!("a key or `{}`", close as char))),
            };
            self.ws();
            self.expect(b':', "`:` after the key")?;
            self.ws();
            let value = self.node()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(self.error_at(at, format!("key `{key}` appears twice")));
            }
            entries.push((key, value));
        }
    }

    // ---- statements ----

    fn file(&mut self) -> Result<IdlFile> {
        let mut file = IdlFile {
            path: self.path.to_owned(),
            version: "1.0".to_owned(),
            namespace: None,
            uses: BTreeMap::new(),
            metadata: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        };
        let mut input_suffix = "Input".to_owned();
        let mut output_suffix = "Output".to_owned();
        self.ws();
        while self.peek() == Some(b'$') {
            let at = self.pos;
            self.pos += 1;
            let key = self.object_key("a control statement name")?;
            self.sp();
            self.expect(b':', "`:` after the control statement name")?;
            self.sp();
            let value = self.node()?;
            let Node::String(text) = value else {
                return Err(self.error_at(at, format!("`${key}` takes a string")));
            };
            match key.as_str() {
                "version" => {
                    if !matches!(text.as_str(), "1" | "1.0" | "2" | "2.0") {
                        return Err(self.error_at(
                            at,
                            format!("unsupported IDL version `{text}` (1.0 and 2.0 are)"),
                        ));
                    }
                    file.version = text;
                }
                // The suffix becomes part of shape names: it must be identifier characters.
                "operationInputSuffix" | "operationOutputSuffix"
                    if text.is_empty()
                        || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    return Err(self.error_at(
                        at,
                        format!("`${key}` must be letters, digits or `_`, not {text:?}"),
                    ));
                }
                "operationInputSuffix" => input_suffix = text,
                "operationOutputSuffix" => output_suffix = text,
                other => {
                    return Err(self.error_at(at, format!("unknown control statement `${other}` (known: $version, $operationInputSuffix, $operationOutputSuffix)")));
                }
            }
            self.br()?;
        }
        while self.keyword("metadata") {
            self.sp();
            let key = self.object_key("a metadata key")?;
            self.sp();
            self.expect(b'=', "`=` after the metadata key")?;
            self.sp();
            let value = self.node()?;
            file.metadata.push((key, value));
            self.br()?;
        }
        if self.keyword("namespace") {
            self.sp();
            let start = self.pos;
            let mut ns = self.identifier("a namespace")?;
            while self.eat(b'.') {
                ns.push('.');
                ns.push_str(&self.identifier("a namespace part after `.`")?);
            }
            if self.peek() == Some(b'#') {
                return Err(self.error_at(start, "a namespace has no `#`"));
            }
            file.namespace = Some(ns);
            self.br()?;
        }
        while self.keyword("use") {
            self.sp();
            let at = self.pos;
            let id = self.shape_id("a shape id to use")?;
            let Some((_, name)) = id.split_once('#').filter(|_| !id.contains('$')) else {
                return Err(self.error_at(
                    at,
                    format!("`use {id}` needs an absolute shape id without a member"),
                ));
            };
            if let Some(previous) = file.uses.insert(name.to_owned(), id.clone())
                && previous != id
            {
                return Err(
                    self.error_at(at, format!("`{name}` is already imported as {previous}"))
                );
            }
            self.br()?;
        }
        loop {
            self.ws();
            if self.peek().is_none() {
                break;
            }
            let docs = self.take_docs();
            let line = self.line();
            if self.keyword("apply") {
                self.sp();
                let target = self.shape_id("the shape id to apply traits to")?;
                self.ws();
                let traits = if self.eat(b'{') {
                    let traits = self.traits()?;
                    self.ws();
                    self.expect(b'}', "`}` closing the apply block")?;
                    traits
                } else if self.peek() == Some(b'@') {
                    vec![self.trait_app()?]
                } else {
                    return Err(self.expected("a trait or `{` after the apply target"));
                };
                file.applies.push((target, traits, line));
                self.br()?;
                continue;
            }
            let mut traits = self.traits()?;
            if file.namespace.is_none() {
                return Err(self.error_at(self.pos, "shapes need a `namespace` statement first"));
            }
            if let Some(doc) = docs {
                traits.insert(0, ("documentation".to_owned(), Node::String(doc)));
            }
            let shapes = self.shape(traits, line, &input_suffix, &output_suffix)?;
            for shape in shapes {
                if file.shapes.iter().any(|s| s.name == shape.name) {
                    return Err(
                        self.error_at(self.pos, format!("shape `{}` is defined twice", shape.name))
                    );
                }
                file.shapes.push(shape);
            }
            self.br()?;
        }
        if file.namespace.is_none() && !file.applies.is_empty() {
            return Err(self.error_at(0, "`apply` needs a `namespace` statement first"));
        }
        Ok(file)
    }

    fn traits(&mut self) -> Result<Vec<TraitApp>> {
        let mut traits = Vec::new();
        loop {
            self.ws();
            self.docs.clear();
            if self.peek() != Some(b'@') {
                return Ok(traits);
            }
            traits.push(self.trait_app()?);
        }
    }

    fn trait_app(&mut self) -> Result<TraitApp> {
        self.pos += 1;
        let name = self.shape_id("a trait name after `@`")?;
        if !self.eat(b'(') {
            return Ok((name, Node::Object(Vec::new())));
        }
        self.enter()?;
        self.ws();
        let value = if self.eat(b')') {
            Node::Object(Vec::new())
        } else {
            // `key: value` pairs, or one node value.
            let save = self.pos;
            let is_structure = match self.peek() {
                Some(b'"') => {
                    self.quoted()?;
                    self.ws();
                    self.peek() == Some(b':')
                }
                Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                    self.identifier("a key")?;
                    self.ws();
                    self.peek() == Some(b':')
                }
                _ => false,
            };
            self.pos = save;
            if is_structure {
                Node::Object(self.entries(b')')?)
            } else {
                let value = self.node()?;
                self.ws();
                self.expect(b')', "`)` closing the trait value")?;
                value
            }
        };
        self.depth -= 1;
        Ok((name, value))
    }

    fn mixins(&mut self) -> Result<Vec<String>> {
        let save = self.pos;
        self.ws();
        if !self.keyword("with") {
            self.pos = save;
            return Ok(Vec::new());
        }
        self.ws();
        self.expect(b'[', "`[` after `with`")?;
        let mut mixins = Vec::new();
        loop {
            self.ws();
            if self.eat(b']') {
                return Ok(mixins);
            }
            mixins.push(self.shape_id("a mixin shape id or `]`")?);
        }
    }

    fn for_resource(&mut self) -> Result<Option<String>> {
        let save = self.pos;
        self.ws();
        if self.keyword("for") {
            self.ws();
            Ok(Some(self.shape_id("a resource shape id after `for`")?))
        } else {
            self.pos = save;
            Ok(None)
        }
    }

    /// One shape statement; an operation with inline input or output gives those too.
    fn shape(
        &mut self,
        traits: Vec<TraitApp>,
        line: usize,
        input_suffix: &str,
        output_suffix: &str,
    ) -> Result<Vec<IdlShape>> {
        let at = self.pos;
        let kind = self.identifier("a shape type or `apply`")?;
        let known = SIMPLE.contains(&kind.as_str())
            || matches!(
                kind.as_str(),
                "enum"
                    | "intEnum"
                    | "list"
                    | "set"
                    | "map"
                    | "structure"
                    | "union"
                    | "service"
                    | "resource"
                    | "operation"
            );
        if matches!(kind.as_str(), "metadata" | "namespace" | "use") {
            return Err(self.error_at(at, format!("`{kind}` statements come before the shapes, in the order metadata, namespace, use")));
        }
        if !known {
            return Err(self.error_at(at, format!("unknown shape type `{kind}`")));
        }
        self.sp();
        let name = self.identifier("a shape name")?;
        let mut shape = IdlShape {
            name,
            kind: kind.clone(),
            traits,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            properties: Vec::new(),
            line,
        };
        let mut extra = Vec::new();
        match kind.as_str() {
            k if SIMPLE.contains(&k) => shape.mixins = self.mixins()?,
            "enum" | "intEnum" => {
                shape.mixins = self.mixins()?;
                self.ws();
                shape.members = self.members(true)?;
            }
            "list" | "set" | "map" | "structure" | "union" => {
                shape.for_resource = self.for_resource()?;
                shape.mixins = self.mixins()?;
                self.ws();
                shape.members = self.members(false)?;
                let allowed: &[&str] = match kind.as_str() {
                    "list" | "set" => &["member"],
                    "map" => &["key", "value"],
                    _ => &[],
                };
                if let Some(m) = shape
                    .members
                    .iter()
                    .find(|m| !allowed.is_empty() && !allowed.contains(&m.name.as_str()))
                {
                    return Err(self.error_at(
                        at,
                        format!(
                            "{kind} {}: member `{}` is not allowed (only {})",
                            shape.name,
                            m.name,
                            allowed.join(", ")
                        ),
                    ));
                }
            }
            "service" | "resource" => {
                shape.mixins = self.mixins()?;
                self.ws();
                self.expect(b'{', "`{` starting the shape body")?;
                shape.properties = self.entries(b'}')?;
            }
            _ => {
                shape.mixins = self.mixins()?;
                self.ws();
                self.expect(b'{', "`{` starting the operation body")?;
                loop {
                    self.ws();
                    if self.eat(b'}') {
                        break;
                    }
                    let key_at = self.pos;
                    let key = self.identifier("`input`, `output`, `errors` or `}`")?;
                    if shape.properties.iter().any(|(k, _)| *k == key) {
                        return Err(self.error_at(key_at, format!("`{key}` appears twice")));
                    }
                    self.ws();
                    let inline = match key.as_str() {
                        "input" | "output" if self.starts_with(":=") => {
                            self.pos += 2;
                            true
                        }
                        "input" | "output" | "errors" => {
                            self.expect(b':', "`:` or `:=`")?;
                            false
                        }
                        _ => {
                            return Err(self.error_at(
                                key_at,
                                format!(
                                    "unknown operation property `{key}` (input, output, errors)"
                                ),
                            ));
                        }
                    };
                    self.ws();
                    if inline {
                        let inline_line = self.line();
                        let mut traits = self.traits()?;
                        let role = key.clone();
                        traits.push((role.clone(), Node::Object(Vec::new())));
                        let suffix = if key == "input" {
                            input_suffix
                        } else {
                            output_suffix
                        };
                        let mut inner = IdlShape {
                            name: format!("{}{suffix}", shape.name),
                            kind: "structure".into(),
                            traits,
                            mixins: Vec::new(),
                            for_resource: self.for_resource()?,
                            members: Vec::new(),
                            properties: Vec::new(),
                            line: inline_line,
                        };
                        inner.mixins = self.mixins()?;
                        self.ws();
                        inner.members = self.members(false)?;
                        shape.properties.push((key, Node::Id(inner.name.clone())));
                        extra.push(inner);
                    } else {
                        let value = self.node()?;
                        shape.properties.push((key, value));
                    }
                }
            }
        }
        let mut all = vec![shape];
        all.extend(extra);
        Ok(all)
    }

    /// `{ members }` of an aggregate (`name: Target`, `$name`, `= default`) or of an enum
    /// (`NAME`, `NAME = value`).
    fn members(&mut self, is_enum: bool) -> Result<Vec<IdlMember>> {
        self.enter()?;
        self.expect(b'{', "`{` starting the members")?;
        let mut members = Vec::new();
        self.docs.clear();
        loop {
            self.ws();
            let docs = self.take_docs();
            if self.eat(b'}') {
                break;
            }
            let line = self.line();
            let mut traits = self.traits()?;
            if let Some(doc) = docs {
                traits.insert(0, ("documentation".to_owned(), Node::String(doc)));
            }
            let elided = !is_enum && self.eat(b'$');
            let name = self.identifier("a member name or `}`")?;
            let target = if is_enum {
                Some("smithy.api#Unit".to_owned())
            } else if elided {
                None
            } else {
                self.sp();
                self.expect(b':', "`:` after the member name")?;
                self.sp();
                Some(self.shape_id("the member's target shape id")?)
            };
            self.sp();
            if self.eat(b'=') {
                self.sp();
                let value = self.node()?;
                let trait_name = if is_enum { "enumValue" } else { "default" };
                traits.push((trait_name.to_owned(), value));
            }
            members.push(IdlMember {
                name,
                target,
                traits,
                line,
            });
        }
        self.depth -= 1;
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        let file = parse(Path::new("t.smithy"), text).unwrap();
        let known: BTreeSet<String> = file.defined().collect();
        serde_json::from_str(&file.to_json_ast(&known).unwrap()).unwrap()
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
}
