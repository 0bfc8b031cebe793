//! Part of the IDL reader: node values and statements (control, metadata, namespace, use,
//! apply and shapes), over the grammar in idl.rst.

use std::collections::{BTreeMap, BTreeSet};

use super::lexer::Parser;
use super::{IdlFile, IdlMember, IdlShape, Node, TraitApp};
use crate::error::Result;

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

/// The shape types with a body.
const AGGREGATE: &[&str] = &[
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "resource",
    "operation",
];

/// Properties a service body may have (idl.rst, "Service shape").
const SERVICE_PROPERTIES: &[&str] = &["version", "operations", "resources", "errors", "rename"];

/// Properties a resource body may have (idl.rst, "Resource shape").
const RESOURCE_PROPERTIES: &[&str] = &[
    "identifiers",
    "properties",
    "create",
    "put",
    "read",
    "update",
    "delete",
    "list",
    "operations",
    "collectionOperations",
    "resources",
];

impl Parser<'_> {
    // ---- node values ----

    pub(super) fn node(&mut self) -> Result<Node> {
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
    pub(super) fn entries(&mut self, close: u8) -> Result<Vec<(String, Node)>> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut keys: BTreeSet<String> = BTreeSet::new();
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
            if !keys.insert(key.clone()) {
                return Err(self.error_at(at, format!("key `{key}` appears twice")));
            }
            entries.push((key, value));
        }
    }

    // ---- statements ----

    /// A whole file: control statements, metadata, namespace, `use`, then shapes and
    /// `apply` statements, in the grammar's order.
    pub(super) fn file(&mut self) -> Result<IdlFile> {
        let mut file = IdlFile {
            path: self.path.to_owned(),
            version: "1.0".to_owned(),
            namespace: None,
            uses: BTreeMap::new(),
            metadata: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        };
        self.ws();
        let suffixes = self.control_statements(&mut file)?;
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
            file.namespace = Some(self.namespace()?);
            self.br()?;
        }
        while self.keyword("use") {
            self.use_statement(&mut file.uses)?;
            self.br()?;
        }
        self.shape_statements(&mut file, (&suffixes.0, &suffixes.1))?;
        if file.namespace.is_none() && !file.applies.is_empty() {
            return Err(self.error_at(0, "`apply` needs a `namespace` statement first"));
        }
        Ok(file)
    }

    /// `$version`, `$operationInputSuffix` and `$operationOutputSuffix`; the suffixes.
    fn control_statements(&mut self, file: &mut IdlFile) -> Result<(String, String)> {
        let (mut input_suffix, mut output_suffix) = ("Input".to_owned(), "Output".to_owned());
        while self.peek() == Some(b'$') {
            let at = self.pos;
            self.pos += 1;
            let key = self.object_key("a control statement name")?;
            self.sp();
            self.expect(b':', "`:` after the control statement name")?;
            self.sp();
            let Node::String(text) = self.node()? else {
                return Err(self.error_at(at, format!("`${key}` takes a string")));
            };
            match key.as_str() {
                "version" if !matches!(text.as_str(), "1" | "1.0" | "2" | "2.0") => {
                    return Err(self.error_at(
                        at,
                        format!("unsupported IDL version `{text}` (1.0 and 2.0 are)"),
                    ));
                }
                "version" => file.version = text,
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
        Ok((input_suffix, output_suffix))
    }

    /// The name after `namespace`.
    fn namespace(&mut self) -> Result<String> {
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
        Ok(ns)
    }

    /// The absolute shape id after `use`, imported under its name.
    fn use_statement(&mut self, uses: &mut BTreeMap<String, String>) -> Result<()> {
        self.sp();
        let at = self.pos;
        let id = self.shape_id("a shape id to use")?;
        let Some((_, name)) = id.split_once('#').filter(|_| !id.contains('$')) else {
            return Err(self.error_at(
                at,
                format!("`use {id}` needs an absolute shape id without a member"),
            ));
        };
        match uses.insert(name.to_owned(), id.clone()) {
            Some(previous) if previous != id => {
                Err(self.error_at(at, format!("`{name}` is already imported as {previous}")))
            }
            _ => Ok(()),
        }
    }

    /// Shape and `apply` statements to the end of the file.
    fn shape_statements(&mut self, file: &mut IdlFile, suffixes: (&str, &str)) -> Result<()> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        loop {
            self.ws();
            if self.peek().is_none() {
                return Ok(());
            }
            let docs = self.take_docs();
            let line = self.line();
            if self.keyword("apply") {
                let (target, traits) = self.apply_statement()?;
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
            for shape in self.shape(traits, line, suffixes)? {
                if !names.insert(shape.name.clone()) {
                    return Err(
                        self.error_at(self.pos, format!("shape `{}` is defined twice", shape.name))
                    );
                }
                file.shapes.push(shape);
            }
            self.br()?;
        }
    }

    /// `apply Target @trait` or `apply Target { @a @b }`, after the keyword.
    fn apply_statement(&mut self) -> Result<(String, Vec<TraitApp>)> {
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
        Ok((target, traits))
    }

    pub(super) fn traits(&mut self) -> Result<Vec<TraitApp>> {
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

    pub(super) fn trait_app(&mut self) -> Result<TraitApp> {
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

    pub(super) fn mixins(&mut self) -> Result<Vec<String>> {
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

    pub(super) fn for_resource(&mut self) -> Result<Option<String>> {
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
    pub(super) fn shape(
        &mut self,
        traits: Vec<TraitApp>,
        line: usize,
        suffixes: (&str, &str),
    ) -> Result<Vec<IdlShape>> {
        let at = self.pos;
        let kind = self.identifier("a shape type or `apply`")?;
        if matches!(kind.as_str(), "metadata" | "namespace" | "use") {
            return Err(self.error_at(at, format!("`{kind}` statements come before the shapes, in the order metadata, namespace, use")));
        }
        if !SIMPLE.contains(&kind.as_str()) && !AGGREGATE.contains(&kind.as_str()) {
            return Err(self.error_at(at, format!("unknown shape type `{kind}`")));
        }
        self.sp();
        let mut shape = IdlShape {
            name: self.identifier("a shape name")?,
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
                shape.members = self.members(true, &shape.name)?;
            }
            "service" | "resource" => self.service_or_resource_body(&mut shape)?,
            "operation" => extra = self.operation_body(&mut shape, suffixes)?,
            _ => self.aggregate_body(&mut shape, at)?,
        }
        let mut all = vec![shape];
        all.extend(extra);
        Ok(all)
    }

    /// A list, set, map, structure or union: `for`, mixins and the members (lists and maps
    /// only the members their type has).
    fn aggregate_body(&mut self, shape: &mut IdlShape, at: usize) -> Result<()> {
        shape.for_resource = self.for_resource()?;
        shape.mixins = self.mixins()?;
        self.ws();
        shape.members = self.members(false, &shape.name)?;
        let allowed: &[&str] = match shape.kind.as_str() {
            "list" | "set" => &["member"],
            "map" => &["key", "value"],
            _ => return Ok(()),
        };
        match shape
            .members
            .iter()
            .find(|m| !allowed.contains(&m.name.as_str()))
        {
            None => Ok(()),
            Some(m) => Err(self.error_at(
                at,
                format!(
                    "{} {}: member `{}` is not allowed (only {})",
                    shape.kind,
                    shape.name,
                    m.name,
                    allowed.join(", ")
                ),
            )),
        }
    }

    /// A service or resource: mixins and the properties its grammar lists.
    fn service_or_resource_body(&mut self, shape: &mut IdlShape) -> Result<()> {
        shape.mixins = self.mixins()?;
        self.ws();
        self.expect(b'{', "`{` starting the shape body")?;
        let body = self.pos;
        shape.properties = self.entries(b'}')?;
        let allowed = if shape.kind == "service" {
            SERVICE_PROPERTIES
        } else {
            RESOURCE_PROPERTIES
        };
        match shape
            .properties
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            None => Ok(()),
            Some((key, _)) => Err(self.error_at(
                body,
                format!(
                    "{kind} {}: `{key}` is not a {kind} property (known: {})",
                    shape.name,
                    allowed.join(", "),
                    kind = shape.kind
                ),
            )),
        }
    }

    /// An operation's `input`, `output` and `errors`; an inline `input :=` / `output :=`
    /// structure is returned as a shape of its own, named with the file's suffix.
    fn operation_body(
        &mut self,
        shape: &mut IdlShape,
        suffixes: (&str, &str),
    ) -> Result<Vec<IdlShape>> {
        shape.mixins = self.mixins()?;
        self.ws();
        self.expect(b'{', "`{` starting the operation body")?;
        let mut inline = Vec::new();
        loop {
            self.ws();
            if self.eat(b'}') {
                return Ok(inline);
            }
            let key_at = self.pos;
            let key = self.identifier("`input`, `output`, `errors` or `}`")?;
            if shape.properties.iter().any(|(k, _)| *k == key) {
                return Err(self.error_at(key_at, format!("`{key}` appears twice")));
            }
            self.ws();
            let is_inline = match key.as_str() {
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
                        format!("unknown operation property `{key}` (input, output, errors)"),
                    ));
                }
            };
            self.ws();
            if is_inline {
                let suffix = if key == "input" {
                    suffixes.0
                } else {
                    suffixes.1
                };
                let inner = self.inline_structure(&key, &format!("{}{suffix}", shape.name))?;
                shape.properties.push((key, Node::Id(inner.name.clone())));
                inline.push(inner);
            } else {
                let value = self.node()?;
                shape.properties.push((key, value));
            }
        }
    }

    /// An inline input or output structure (`input := @trait { ... }`), marked `@input` or
    /// `@output` (its `role`).
    fn inline_structure(&mut self, role: &str, name: &str) -> Result<IdlShape> {
        let line = self.line();
        let mut traits = self.traits()?;
        traits.push((role.to_owned(), Node::Object(Vec::new())));
        let mut inner = IdlShape {
            name: name.to_owned(),
            kind: "structure".into(),
            traits,
            mixins: Vec::new(),
            for_resource: self.for_resource()?,
            members: Vec::new(),
            properties: Vec::new(),
            line,
        };
        inner.mixins = self.mixins()?;
        self.ws();
        inner.members = self.members(false, name)?;
        Ok(inner)
    }

    /// `{ members }` of an aggregate (`name: Target`, `$name`, `= default`) or of an enum
    /// (`NAME`, `NAME = value`).
    pub(super) fn members(&mut self, is_enum: bool, shape: &str) -> Result<Vec<IdlMember>> {
        self.enter()?;
        self.expect(b'{', "`{` starting the members")?;
        let mut members = Vec::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
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
            if !names.insert(name.clone()) {
                return Err(self.error_at(
                    self.pos,
                    format!("{shape}: member `{name}` is defined twice"),
                ));
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
