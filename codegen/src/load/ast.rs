//! Part of stage 1, load: the Smithy JSON AST (json-ast.rst) as read, before its traits are
//! typed: what a `.json` model file parses to, what the IDL reader builds, and what `merge`
//! combines. Trait values are still JSON here; `crate::validate` types them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::error::{Error, Result};

/// Trait values by absolute trait id, as written.
pub type Traits = BTreeMap<String, Value>;

/// One model file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The `smithy` version it was written for.
    pub version: String,
    /// Shapes (and `apply` entries) by absolute id, in file order.
    pub shapes: Vec<(String, Shape)>,
}

/// A shape as written. Lists keep their `member` and maps their `key` and `value` in
/// `members` too, so `apply` and mixins treat every member alike.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `structure`, `string`, `service`, ..., or `apply`.
    pub kind: String,
    /// Members by name, in file order.
    pub members: Vec<(String, Member)>,
    /// Trait values by absolute trait id.
    pub traits: Traits,
    /// Absolute ids of the mixins it uses, in order.
    pub mixins: Vec<String>,
    /// What a service, resource or operation binds.
    pub properties: Properties,
}

/// A member as written.
#[derive(Debug, Clone, Default)]
pub struct Member {
    /// The target's absolute id.
    pub target: String,
    /// Trait values by absolute trait id.
    pub traits: Traits,
}

/// The properties of services, resources and operations, by absolute id.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    /// A service's `version`.
    pub version: Option<String>,
    /// An operation's `input`.
    pub input: Option<String>,
    /// An operation's `output`.
    pub output: Option<String>,
    /// The errors of an operation or service.
    pub errors: Vec<String>,
    /// Operations a service or resource binds: instance, collection and lifecycle ones.
    pub operations: Vec<String>,
    /// Resources a service or resource binds.
    pub resources: Vec<String>,
}

/// Parses one JSON AST file; `path` names it in errors, which carry line and column.
pub fn parse_json(path: &Path, text: &str) -> Result<Document> {
    let raw: RawModel = serde_json::from_str(text).map_err(|e| Error::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    Ok(Document {
        version: raw.smithy,
        shapes: raw
            .shapes
            .0
            .into_iter()
            .map(|(id, s)| (id, s.into_shape()))
            .collect(),
    })
}

// ---- the JSON form --------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    smithy: String,
    // Read for validity only; metadata carries nothing we generate from.
    #[serde(default, rename = "metadata")]
    _metadata: Option<Value>,
    #[serde(default)]
    shapes: Ordered<RawShape>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: Option<Ordered<RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    traits: Ordered<Value>,
    #[serde(default)]
    mixins: Vec<RawRef>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    #[serde(default)]
    operations: Vec<RawRef>,
    #[serde(default)]
    resources: Vec<RawRef>,
    #[serde(default)]
    collection_operations: Vec<RawRef>,
    version: Option<String>,
    create: Option<RawRef>,
    put: Option<RawRef>,
    read: Option<RawRef>,
    update: Option<RawRef>,
    delete: Option<RawRef>,
    list: Option<RawRef>,
}

#[derive(Deserialize)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: Ordered<Value>,
}

#[derive(Deserialize)]
struct RawRef {
    target: String,
}

impl RawMember {
    fn into_member(self) -> Member {
        Member {
            target: self.target,
            traits: self.traits.0.into_iter().collect(),
        }
    }
}

impl RawShape {
    fn into_shape(self) -> Shape {
        let targets = |refs: Vec<RawRef>| refs.into_iter().map(|r| r.target).collect::<Vec<_>>();
        let mut members: Vec<(String, Member)> = self
            .members
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, m)| (name, m.into_member()))
            .collect();
        for (name, m) in [
            ("member", self.member),
            ("key", self.key),
            ("value", self.value),
        ] {
            if let Some(m) = m {
                members.push((name.to_owned(), m.into_member()));
            }
        }
        let lifecycle = [
            self.create,
            self.put,
            self.read,
            self.update,
            self.delete,
            self.list,
        ];
        let mut operations: Vec<String> =
            lifecycle.into_iter().flatten().map(|r| r.target).collect();
        operations.extend(targets(self.operations));
        operations.extend(targets(self.collection_operations));
        Shape {
            kind: self.kind,
            members,
            traits: self.traits.0.into_iter().collect(),
            mixins: targets(self.mixins),
            properties: Properties {
                version: self.version,
                input: self.input.map(|r| r.target),
                output: self.output.map(|r| r.target),
                errors: targets(self.errors),
                operations,
                resources: targets(self.resources),
            },
        }
    }
}

/// A JSON object kept in file order that rejects duplicate keys (serde_json would keep the
/// last one silently, and a duplicated member is a model error we must report).
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    entries.push((key, map.next_value()?));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}
