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
        let mut names: BTreeSet<String> = BTreeSet::new();
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
                if !names.insert(shape.name.clone()) {
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
                shape.members = self.members(true, &shape.name)?;
            }
            "list" | "set" | "map" | "structure" | "union" => {
                shape.for_resource = self.for_resource()?;
                shape.mixins = self.mixins()?;
                self.ws();
                shape.members = self.members(false, &shape.name)?;
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
                let body = self.pos;
                shape.properties = self.entries(b'}')?;
                let allowed = if kind == "service" {
                    SERVICE_PROPERTIES
                } else {
                    RESOURCE_PROPERTIES
                };
                if let Some((key, _)) = shape
                    .properties
                    .iter()
                    .find(|(k, _)| !allowed.contains(&k.as_str()))
                {
                    return Err(self.error_at(
                        body,
                        format!(
                            "{kind} {}: `{key}` is not a {kind} property (known: {})",
                            shape.name,
                            allowed.join(", ")
                        ),
                    ));
                }
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
                        inner.members = self.members(false, &inner.name)?;
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
