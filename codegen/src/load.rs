//! Stage 1, load: Smithy 2.0 JSON AST text → [`Model`].
//!
//! Owns parsing (with line and column for syntax errors and duplicate keys), the prelude,
//! `apply` statements, mixins and the Smithy 1.0 `@enum` trait. Validation of the result lives
//! in [`crate::validate`] and runs before this stage returns.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{
    Member, Model, Operation, Resource, Service, Shape, ShapeId, ShapeKind, Traits, UNIT, traits,
};

/// Reads and validates the model at `path`: a JSON AST file, a Smithy IDL (`.smithy`) file,
/// or a directory, whose `.json` and `.smithy` files (found recursively, in sorted order) are
/// merged into one model.
pub fn load(path: &Path) -> Result<Model> {
    load_paths(path, &[path.to_owned()])
}

/// Reads and merges the model files and directories in `paths`; `shown` names the model in
/// messages about the merged whole.
pub fn load_paths(shown: &Path, paths: &[PathBuf]) -> Result<Model> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    if files.is_empty() {
        return Err(Error::Model {
            path: shown.to_owned(),
            shape: "(model)".into(),
            message: "no `.json` or `.smithy` model files here".into(),
        });
    }
    let mut sources = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        sources.push((file, text));
    }
    load_sources(shown, &sources)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if !path.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("json" | "smithy")
        ) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Parses and validates model `text` (JSON AST); `path` is only used in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Model> {
    load_sources(path, &[(path.to_owned(), text.to_owned())])
}

/// Merges model files given as (path, text): `.smithy` paths are read as IDL, others as JSON
/// AST. IDL shape references are resolved against the shapes of every file.
pub fn load_sources(shown: &Path, sources: &[(PathBuf, String)]) -> Result<Model> {
    let mut json = Vec::new();
    let mut idl = Vec::new();
    for (path, text) in sources {
        if path.extension().and_then(|e| e.to_str()) == Some("smithy") {
            idl.push(crate::idl::parse(path, text)?);
        } else {
            json.push((path.clone(), parse_json(path, text)?));
        }
    }
    let mut known: BTreeSet<String> = json
        .iter()
        .flat_map(|(_, raw)| raw.shapes.0.iter().map(|(id, _)| id.clone()))
        .collect();
    known.extend(idl.iter().flat_map(|f| f.defined()));
    for file in &idl {
        let raw = parse_json(file.path(), &file.to_json_ast(&known)?)?;
        json.push((file.path().to_owned(), raw));
    }
    let mut builder = Builder {
        path: shown.to_owned(),
        shapes: BTreeMap::new(),
        defined_in: BTreeMap::new(),
        applies: Vec::new(),
        mixins: PendingMixins(BTreeMap::new()),
    };
    builder.add_prelude();
    for (path, raw) in json {
        builder.path = path;
        builder.add_raw(raw)?;
    }
    builder.path = shown.to_owned();
    for (path, target, traits) in std::mem::take(&mut builder.applies) {
        builder.path = path;
        builder.apply(&target, traits)?;
    }
    builder.path = shown.to_owned();
    builder.apply_mixins()?;
    let model = Model {
        path: shown.to_owned(),
        shapes: builder.shapes,
    };
    crate::validate::validate(&model)?;
    Ok(model)
}

fn parse_json(path: &Path, text: &str) -> Result<RawModel> {
    serde_json::from_str(text).map_err(|e| Error::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })
}

// ---- raw JSON shapes ------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    smithy: String,
    #[serde(default)]
    #[allow(dead_code)] // read for validity only; metadata carries nothing we generate from
    metadata: Option<Value>,
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
                let mut seen = BTreeSet::new();
                let mut entries = Vec::new();
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

fn to_traits(raw: Ordered<Value>) -> Traits {
    raw.0
        .into_iter()
        .map(|(name, value)| (name, canonical(value)))
        .collect()
}

/// A trait value with every object's keys in sorted order. `serde_json::Map` is a `BTreeMap`
/// unless some crate in the build enables `serde_json/preserve_order`, which makes it keep file
/// order; rebuilding each object in sorted order gives the same value, and the same bytes when
/// it is written out (the embedded endpoint rules, the endpoint tests), either way.
pub(crate) fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            Value::Object(sorted.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

// ---- building the model ---------------------------------------------------------------------

struct Builder {
    /// The file being read, for messages.
    path: PathBuf,
    shapes: BTreeMap<ShapeId, Shape>,
    /// Which file defined each shape, to name both when two files define one.
    defined_in: BTreeMap<ShapeId, PathBuf>,
    /// `apply` statements of every file, run once all shapes are in.
    applies: Vec<(PathBuf, String, Traits)>,
    mixins: PendingMixins,
}

/// Applies to shapes that have `smithy.api#mixin` targets to copy members and traits from.
struct PendingMixins(BTreeMap<ShapeId, Vec<ShapeId>>);

impl Builder {
    fn err(&self, shape: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Model {
            path: self.path.to_owned(),
            shape: shape.into(),
            message: message.into(),
        }
    }

    /// The prelude shapes (spec/prelude.smithy) that models target without defining.
    fn add_prelude(&mut self) {
        use ShapeKind as K;
        let simple = [
            ("String", K::String, None),
            ("Blob", K::Blob, None),
            ("BigInteger", K::BigInteger, None),
            ("BigDecimal", K::BigDecimal, None),
            ("Timestamp", K::Timestamp, None),
            ("Document", K::Document, None),
            ("Boolean", K::Boolean, None),
            ("PrimitiveBoolean", K::Boolean, Some(Value::Bool(false))),
            ("Byte", K::Byte, None),
            ("PrimitiveByte", K::Byte, Some(0.into())),
            ("Short", K::Short, None),
            ("PrimitiveShort", K::Short, Some(0.into())),
            ("Integer", K::Integer, None),
            ("PrimitiveInteger", K::Integer, Some(0.into())),
            ("Long", K::Long, None),
            ("PrimitiveLong", K::Long, Some(0.into())),
            ("Float", K::Float, None),
            ("PrimitiveFloat", K::Float, Some(0.into())),
            ("Double", K::Double, None),
            ("PrimitiveDouble", K::Double, Some(0.into())),
            ("Unit", K::Structure(Vec::new()), None),
        ];
        for (name, kind, default) in simple {
            let default: Option<Value> = default;
            let id = ShapeId::new(format!("smithy.api#{name}"));
            let mut traits = Traits::new();
            if let Some(d) = default {
                traits.insert(traits::DEFAULT.to_owned(), d);
            }
            if name == "Unit" {
                traits.insert(
                    traits::UNIT_TYPE.to_owned(),
                    Value::Object(Default::default()),
                );
            }
            self.shapes.insert(id.clone(), Shape { id, kind, traits });
        }
    }

    fn add_raw(&mut self, raw: RawModel) -> Result<()> {
        if !raw.smithy.starts_with('2') && !raw.smithy.starts_with('1') {
            return Err(self.err(
                "(model)",
                format!("unsupported Smithy version `{}`", raw.smithy),
            ));
        }
        for (id, shape) in raw.shapes.0 {
            if id.matches('#').count() != 1 {
                return Err(self.err(&id, "shape ids must be absolute (`namespace#Name`)"));
            }
            if shape.kind == "apply" {
                self.applies
                    .push((self.path.clone(), id, to_traits(shape.traits)));
                continue;
            }
            if id.contains('$') {
                return Err(self.err(&id, "only `apply` may name a member (`Shape$member`)"));
            }
            let id = ShapeId::new(id);
            if let Some(first) = self.defined_in.get(&id) {
                return Err(self.err(
                    id.as_str(),
                    format!("is also defined in {}", first.display()),
                ));
            }
            if id.namespace() == "smithy.api" && self.shapes.contains_key(&id) {
                continue; // the prelude itself, which is always loaded
            }
            self.defined_in.insert(id.clone(), self.path.clone());
            if !shape.mixins.is_empty() {
                self.mixins.0.insert(
                    id.clone(),
                    shape
                        .mixins
                        .iter()
                        .map(|m| ShapeId::new(&m.target))
                        .collect(),
                );
            }
            let parsed = self.shape(&id, shape)?;
            self.shapes.insert(id, parsed);
        }
        Ok(())
    }

    fn member(name: &str, raw: RawMember) -> Member {
        Member {
            name: name.to_owned(),
            target: ShapeId::new(raw.target),
            traits: to_traits(raw.traits),
        }
    }

    fn members(raw: Option<Ordered<RawMember>>) -> Vec<Member> {
        raw.unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, m)| Self::member(&name, m))
            .collect()
    }

    fn single(&self, id: &ShapeId, what: &str, raw: Option<RawMember>) -> Result<Member> {
        raw.map(|m| Self::member(what, m))
            .ok_or_else(|| self.err(id.as_str(), format!("is missing its `{what}` member")))
    }

    fn shape(&self, id: &ShapeId, raw: RawShape) -> Result<Shape> {
        use ShapeKind as K;
        let refs = |v: &[RawRef]| {
            v.iter()
                .map(|r| ShapeId::new(&r.target))
                .collect::<Vec<_>>()
        };
        let mut traits = to_traits(raw.traits);
        let kind = match raw.kind.as_str() {
            "blob" => K::Blob,
            "boolean" => K::Boolean,
            "string" if traits.contains_key(traits::ENUM) => {
                let members = self.legacy_enum(id, &traits)?;
                traits.remove(traits::ENUM);
                K::Enum(members)
            }
            "string" => K::String,
            "byte" => K::Byte,
            "short" => K::Short,
            "integer" => K::Integer,
            "long" => K::Long,
            "float" => K::Float,
            "double" => K::Double,
            "bigInteger" => K::BigInteger,
            "bigDecimal" => K::BigDecimal,
            "timestamp" => K::Timestamp,
            "document" => K::Document,
            "enum" => K::Enum(Self::members(raw.members)),
            "intEnum" => K::IntEnum(Self::members(raw.members)),
            "list" | "set" => K::List(self.single(id, "member", raw.member)?),
            "map" => K::Map {
                key: self.single(id, "key", raw.key)?,
                value: self.single(id, "value", raw.value)?,
            },
            "structure" => K::Structure(Self::members(raw.members)),
            "union" => K::Union(Self::members(raw.members)),
            "service" => K::Service(Service {
                version: raw.version.unwrap_or_default(),
                operations: refs(&raw.operations),
                resources: refs(&raw.resources),
                errors: refs(&raw.errors),
            }),
            "operation" => K::Operation(Operation {
                input: raw
                    .input
                    .map_or_else(|| ShapeId::new(UNIT), |r| ShapeId::new(r.target)),
                output: raw
                    .output
                    .map_or_else(|| ShapeId::new(UNIT), |r| ShapeId::new(r.target)),
                errors: refs(&raw.errors),
            }),
            "resource" => {
                let lifecycle = [
                    raw.create, raw.put, raw.read, raw.update, raw.delete, raw.list,
                ];
                let mut operations: Vec<ShapeId> = lifecycle
                    .into_iter()
                    .flatten()
                    .map(|r| ShapeId::new(r.target))
                    .collect();
                operations.extend(refs(&raw.operations));
                operations.extend(refs(&raw.collection_operations));
                K::Resource(Resource {
                    operations,
                    resources: refs(&raw.resources),
                })
            }
            other => {
                return Err(self.err(id.as_str(), format!("unknown shape type `{other}`")));
            }
        };
        Ok(Shape {
            id: id.clone(),
            kind,
            traits,
        })
    }

    /// Smithy 1.0 `@enum` on a string (spec: constraint-traits.rst, enum trait) becomes an
    /// enum shape whose member names come from `name`, or from the value when unnamed.
    fn legacy_enum(&self, id: &ShapeId, traits: &Traits) -> Result<Vec<Member>> {
        let Some(Value::Array(defs)) = traits.get(traits::ENUM) else {
            return Err(self.err(id.as_str(), "`@enum` must be a list of enum definitions"));
        };
        defs.iter()
            .map(|def| {
                let value = def.get("value").and_then(Value::as_str).ok_or_else(|| {
                    self.err(id.as_str(), "`@enum` definition without a string `value`")
                })?;
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                let mut member_traits = Traits::new();
                member_traits.insert(
                    traits::ENUM_VALUE.to_owned(),
                    Value::String(value.to_owned()),
                );
                if let Some(doc) = def.get("documentation") {
                    member_traits.insert(traits::DOCUMENTATION.to_owned(), doc.clone());
                }
                if def.get("deprecated").and_then(Value::as_bool) == Some(true) {
                    member_traits.insert(
                        traits::DEPRECATED.to_owned(),
                        Value::Object(Default::default()),
                    );
                }
                Ok(Member {
                    name: name.to_owned(),
                    target: ShapeId::new(UNIT),
                    traits: member_traits,
                })
            })
            .collect()
    }

    /// `apply` adds traits to a shape or member defined elsewhere (json-ast.rst, apply).
    fn apply(&mut self, target: &str, traits: Traits) -> Result<()> {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (ShapeId::new(s), Some(m)),
            None => (ShapeId::new(target), None),
        };
        let path = self.path.to_owned();
        let err = |message: String| Error::Model {
            path: path.clone(),
            shape: target.to_owned(),
            message,
        };
        let shape = self
            .shapes
            .get_mut(&shape_id)
            .ok_or_else(|| err("`apply` targets a shape that does not exist".to_owned()))?;
        let slot = match member {
            None => &mut shape.traits,
            Some(m) => {
                let members: &mut Vec<Member> = match &mut shape.kind {
                    ShapeKind::Structure(ms)
                    | ShapeKind::Union(ms)
                    | ShapeKind::Enum(ms)
                    | ShapeKind::IntEnum(ms) => ms,
                    _ => {
                        return Err(err(
                            "`apply` names a member of a shape without members".to_owned()
                        ));
                    }
                };
                &mut members
                    .iter_mut()
                    .find(|x| x.name == m)
                    .ok_or_else(|| err("`apply` targets a member that does not exist".to_owned()))?
                    .traits
            }
        };
        slot.extend(traits);
        Ok(())
    }

    /// Copies each mixin's members (first, in mixin order) and its traits (except `@mixin`,
    /// and never over the shape's own) into the shapes that use it; mixin shapes stay in the
    /// model but are skipped by selection. (spec: idl.rst, mixins.)
    fn apply_mixins(&mut self) -> Result<()> {
        let PendingMixins(pending) =
            std::mem::replace(&mut self.mixins, PendingMixins(BTreeMap::new()));
        let mut done: BTreeSet<ShapeId> = BTreeSet::new();
        for id in pending.keys() {
            self.resolve_mixins(id, &pending, &mut done, &mut Vec::new())?;
        }
        Ok(())
    }

    fn resolve_mixins(
        &mut self,
        id: &ShapeId,
        pending: &BTreeMap<ShapeId, Vec<ShapeId>>,
        done: &mut BTreeSet<ShapeId>,
        stack: &mut Vec<ShapeId>,
    ) -> Result<()> {
        if done.contains(id) {
            return Ok(());
        }
        if stack.contains(id) {
            return Err(self.err(id.as_str(), "mixins form a cycle"));
        }
        let Some(mixins) = pending.get(id) else {
            done.insert(id.clone());
            return Ok(());
        };
        stack.push(id.clone());
        let mut inherited_members = Vec::new();
        let mut inherited_traits = Traits::new();
        for mixin in mixins {
            self.resolve_mixins(mixin, pending, done, stack)?;
            let source = self
                .shapes
                .get(mixin)
                .ok_or_else(|| self.err(id.as_str(), format!("mixin {mixin} does not exist")))?;
            if !source.has(traits::MIXIN) {
                return Err(self.err(
                    id.as_str(),
                    format!("{mixin} is used as a mixin but has no `@mixin` trait"),
                ));
            }
            inherited_members.extend(source.kind.members().iter().cloned());
            for (k, v) in &source.traits {
                if k != traits::MIXIN {
                    inherited_traits.insert(k.clone(), v.clone());
                }
            }
        }
        stack.pop();
        let shape = self
            .shapes
            .get_mut(id)
            .expect("pending mixins are only recorded for loaded shapes");
        for (k, v) in inherited_traits {
            shape.traits.entry(k).or_insert(v);
        }
        if let ShapeKind::Structure(ms)
        | ShapeKind::Union(ms)
        | ShapeKind::Enum(ms)
        | ShapeKind::IntEnum(ms) = &mut shape.kind
        {
            // A member redeclared by the shape keeps its own traits on top of the mixin's.
            let own = std::mem::take(ms);
            let mut merged = inherited_members;
            for m in own {
                match merged.iter_mut().find(|x| x.name == m.name) {
                    Some(existing) => existing.traits.extend(m.traits),
                    None => merged.push(m),
                }
            }
            *ms = merged;
        }
        done.insert(id.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn trait_values_are_written_with_sorted_keys_whatever_serde_json_keeps() {
        let value: serde_json::Value =
            serde_json::from_str(r#"{"z":1,"a":{"y":[{"d":1,"b":2}],"c":3}}"#).unwrap();
        assert_eq!(
            canonical(value).to_string(),
            r#"{"a":{"c":3,"y":[{"b":2,"d":1}]},"z":1}"#
        );
    }
}
