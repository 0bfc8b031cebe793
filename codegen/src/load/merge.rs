//! Part of stage 1, load: model files → one model, as the Smithy CLI merges them: the prelude,
//! every file's shapes (a shape defined twice is an error naming both files), `apply`
//! statements, and mixins (idl.rst, "Mixins").
//!
//! Mixins are resolved in time linear in the model: the cycle check walks with its own stack,
//! and only shapes that are not mixins themselves get their inherited members written out, each
//! from one walk of its mixins that visits every mixin once. A chain of 20,000 mixins is one
//! walk of 20,000 steps for the shape that uses it, not 20,000 copies of a growing list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ast::{Document, Member, Shape, Traits};
use crate::error::{Error, Result};
use crate::model::ShapeId;

/// The merged model, traits still as written.
#[derive(Debug, Default)]
pub struct Merged {
    /// Every shape by id, prelude included, mixins applied.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

/// `@mixin`.
const MIXIN: &str = "smithy.api#mixin";

/// Merges `documents` (each with the file it came from); `shown` names the whole in messages.
pub fn merge(shown: &Path, documents: Vec<(PathBuf, Document)>) -> Result<Merged> {
    let mut merged = Merged::default();
    add_prelude(&mut merged);
    let mut defined_in: BTreeMap<ShapeId, PathBuf> = BTreeMap::new();
    let mut applies = Vec::new();
    for (path, document) in documents {
        let err = |shape: &str, message: String| model_error(&path, shape, message);
        if !document.version.starts_with('2') && !document.version.starts_with('1') {
            return Err(err(
                "(model)",
                format!("unsupported Smithy version `{}`", document.version),
            ));
        }
        for (id, shape) in document.shapes {
            if id.matches('#').count() != 1 {
                return Err(err(
                    &id,
                    "shape ids must be absolute (`namespace#Name`)".into(),
                ));
            }
            if shape.kind == "apply" {
                applies.push((path.clone(), id, shape.traits));
                continue;
            }
            if id.contains('$') {
                return Err(err(
                    &id,
                    "only `apply` may name a member (`Shape$member`)".into(),
                ));
            }
            let id = ShapeId::new(id);
            if let Some(first) = defined_in.get(&id) {
                return Err(err(
                    id.as_str(),
                    format!("is also defined in {}", first.display()),
                ));
            }
            if id.namespace() == "smithy.api" && merged.shapes.contains_key(&id) {
                continue; // the prelude itself, which is always loaded
            }
            defined_in.insert(id.clone(), path.clone());
            merged.shapes.insert(id, shape);
        }
    }
    for (path, target, traits) in applies {
        apply(&mut merged, &path, &target, traits)?;
    }
    apply_mixins(&mut merged, shown)?;
    Ok(merged)
}

fn model_error(path: &Path, shape: &str, message: String) -> Error {
    Error::Model {
        path: path.to_owned(),
        shape: shape.to_owned(),
        message,
    }
}

/// The prelude shapes (spec/prelude.smithy) that models target without defining.
fn add_prelude(merged: &mut Merged) {
    let simple: [(&str, &str, Option<Value>); 21] = [
        ("String", "string", None),
        ("Blob", "blob", None),
        ("BigInteger", "bigInteger", None),
        ("BigDecimal", "bigDecimal", None),
        ("Timestamp", "timestamp", None),
        ("Document", "document", None),
        ("Boolean", "boolean", None),
        ("PrimitiveBoolean", "boolean", Some(Value::Bool(false))),
        ("Byte", "byte", None),
        ("PrimitiveByte", "byte", Some(0.into())),
        ("Short", "short", None),
        ("PrimitiveShort", "short", Some(0.into())),
        ("Integer", "integer", None),
        ("PrimitiveInteger", "integer", Some(0.into())),
        ("Long", "long", None),
        ("PrimitiveLong", "long", Some(0.into())),
        ("Float", "float", None),
        ("PrimitiveFloat", "float", Some(0.into())),
        ("Double", "double", None),
        ("PrimitiveDouble", "double", Some(0.into())),
        ("Unit", "structure", None),
    ];
    for (name, kind, default) in simple {
        let mut traits = Traits::new();
        if let Some(d) = default {
            traits.insert("smithy.api#default".to_owned(), d);
        }
        if name == "Unit" {
            traits.insert(
                "smithy.api#unitType".to_owned(),
                Value::Object(Default::default()),
            );
        }
        let shape = Shape {
            kind: kind.to_owned(),
            traits,
            ..Shape::default()
        };
        merged
            .shapes
            .insert(ShapeId::new(format!("smithy.api#{name}")), shape);
    }
}

/// `apply` adds traits to a shape or member defined elsewhere (json-ast.rst, apply), by the
/// IDL's conflict rules: the same value twice is one, two lists are concatenated.
fn apply(merged: &mut Merged, path: &Path, target: &str, traits: Traits) -> Result<()> {
    let err = |message: &str| model_error(path, target, message.to_owned());
    let (shape_id, member) = match target.split_once('$') {
        Some((s, m)) => (ShapeId::new(s), Some(m)),
        None => (ShapeId::new(target), None),
    };
    let shape = merged
        .shapes
        .get_mut(&shape_id)
        .ok_or_else(|| err("`apply` targets a shape that does not exist"))?;
    let slot = match member {
        None => &mut shape.traits,
        Some(m) => {
            &mut shape
                .members
                .iter_mut()
                .find(|(name, _)| name == m)
                .ok_or_else(|| err("`apply` targets a member that does not exist"))?
                .1
                .traits
        }
    };
    for (name, value) in traits {
        merge_trait(slot, name, value).map_err(|m| err(&m))?;
    }
    Ok(())
}

/// Adds a trait to a trait map by the IDL's conflict rules: the same value twice is one, two
/// lists are concatenated, anything else is an error.
pub fn merge_trait(traits: &mut Traits, name: String, value: Value) -> Result<(), String> {
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

/// Checks that the mixin graph has no cycle and that every mixin exists and is one, then
/// gives each shape that is not a mixin its inherited members and traits.
fn apply_mixins(merged: &mut Merged, shown: &Path) -> Result<()> {
    check_mixin_graph(merged, shown)?;
    let users: Vec<ShapeId> = merged
        .shapes
        .iter()
        .filter(|(_, s)| !s.mixins.is_empty() && !s.traits.contains_key(MIXIN))
        .map(|(id, _)| id.clone())
        .collect();
    for id in users {
        let (members, traits) = inherited(merged, &id);
        let shape = merged
            .shapes
            .get_mut(&id)
            .expect("the users are shapes of the model");
        for (k, v) in traits {
            shape.traits.entry(k).or_insert(v);
        }
        // Inherited members first, in mixin order; a member the shape redeclares keeps its
        // own traits on top of the mixin's.
        let own = std::mem::take(&mut shape.members);
        let mut all = members;
        for (name, member) in own {
            match all.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => existing.traits.extend(member.traits),
                None => all.push((name, member)),
            }
        }
        shape.members = all;
    }
    Ok(())
}

/// Every mixin a shape names exists and carries `@mixin`, and no shape reaches itself through
/// its mixins. A depth-first walk with its own stack: three colours, white (not seen), grey
/// (on the current path) and black (done).
fn check_mixin_graph(merged: &Merged, shown: &Path) -> Result<()> {
    let mut done: BTreeSet<&ShapeId> = BTreeSet::new();
    for start in merged.shapes.keys() {
        if done.contains(start) {
            continue;
        }
        let mut on_path: BTreeSet<&ShapeId> = BTreeSet::new();
        // (shape, index of the next mixin to visit)
        let mut stack: Vec<(&ShapeId, usize)> = vec![(start, 0)];
        on_path.insert(start);
        while let Some((id, next)) = stack.last_mut() {
            let shape = &merged.shapes[*id];
            let Some(mixin) = shape.mixins.get(*next) else {
                on_path.remove(*id);
                done.insert(*id);
                stack.pop();
                continue;
            };
            *next += 1;
            let user = *id;
            let (mixin_id, source) = merged
                .shapes
                .get_key_value(&ShapeId::new(mixin.as_str()))
                .ok_or_else(|| {
                    model_error(
                        shown,
                        user.as_str(),
                        format!("mixin {mixin} does not exist"),
                    )
                })?;
            if !source.traits.contains_key(MIXIN) {
                return Err(model_error(
                    shown,
                    user.as_str(),
                    format!("{mixin} is used as a mixin but has no `@mixin` trait"),
                ));
            }
            if on_path.contains(mixin_id) {
                return Err(model_error(
                    shown,
                    mixin_id.as_str(),
                    "mixins form a cycle".to_owned(),
                ));
            }
            if !done.contains(mixin_id) {
                on_path.insert(mixin_id);
                stack.push((mixin_id, 0));
            }
        }
    }
    Ok(())
}

/// The members and traits `id` inherits: each mixin (once) after its own mixins, in order,
/// later ones winning for traits; `@mixin` itself is not inherited.
fn inherited(merged: &Merged, id: &ShapeId) -> (Vec<(String, Member)>, Traits) {
    let mut members: Vec<(String, Member)> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut traits = Traits::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    // Post-order over the mixin graph (checked acyclic): (shape, next mixin).
    let mut stack: Vec<(&Shape, usize)> = vec![(&merged.shapes[id], 0)];
    while let Some(top) = stack.last_mut() {
        let (shape, next) = *top;
        top.1 += 1;
        if let Some(mixin) = shape.mixins.get(next) {
            if seen.insert(mixin.as_str()) {
                stack.push((&merged.shapes[&ShapeId::new(mixin.as_str())], 0));
            }
            continue;
        }
        let finished = shape;
        stack.pop();
        if stack.is_empty() {
            break; // `id` itself: its own members and traits are the caller's
        }
        for (name, member) in &finished.members {
            match index.get(name) {
                Some(&at) => members[at].1.traits.extend(member.traits.clone()),
                None => {
                    index.insert(name.clone(), members.len());
                    members.push((name.clone(), member.clone()));
                }
            }
        }
        for (k, v) in &finished.traits {
            if k != MIXIN {
                traits.insert(k.clone(), v.clone());
            }
        }
    }
    (members, traits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mixin(members: &[&str], mixins: &[&str]) -> Shape {
        let mut traits = Traits::new();
        traits.insert(MIXIN.to_owned(), Value::Object(Default::default()));
        Shape {
            kind: "structure".into(),
            members: members
                .iter()
                .map(|m| {
                    (
                        (*m).to_owned(),
                        Member {
                            target: "smithy.api#String".into(),
                            traits: Traits::new(),
                        },
                    )
                })
                .collect(),
            traits,
            mixins: mixins.iter().map(|m| format!("a#{m}")).collect(),
            ..Shape::default()
        }
    }

    fn document(shapes: Vec<(&str, Shape)>) -> Vec<(PathBuf, Document)> {
        vec![(
            PathBuf::from("m.json"),
            Document {
                version: "2.0".into(),
                shapes: shapes
                    .into_iter()
                    .map(|(n, s)| (format!("a#{n}"), s))
                    .collect(),
            },
        )]
    }

    #[test]
    fn a_long_chain_resolves_once_for_its_user() {
        let n = 20_000;
        let mut shapes: Vec<(String, Shape)> = (0..n)
            .map(|i| {
                let parent = (i > 0).then(|| format!("M{}", i - 1));
                let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
                (format!("M{i}"), mixin(&[&format!("m{i}")], &parents))
            })
            .collect();
        let mut user = mixin(&["own"], &[&format!("M{}", n - 1)]);
        user.traits.clear();
        shapes.push(("User".into(), user));
        let docs = document(
            shapes
                .iter()
                .map(|(n, s)| (n.as_str(), s.clone()))
                .collect(),
        );
        let started = std::time::Instant::now();
        let merged = merge(Path::new("m.json"), docs).unwrap();
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let user = &merged.shapes[&ShapeId::new("a#User")];
        assert_eq!(user.members.len(), n + 1);
        assert_eq!(
            user.members[0].0, "m0",
            "the deepest mixin's members come first"
        );
        assert_eq!(user.members[n].0, "own");
        let middle = &merged.shapes[&ShapeId::new("a#M5")];
        assert_eq!(
            middle.members.len(),
            1,
            "mixins keep only their own members"
        );
    }

    #[test]
    fn cycles_and_missing_mixins_are_errors() {
        let docs = document(vec![("A", mixin(&[], &["B"])), ("B", mixin(&[], &["A"]))]);
        let e = merge(Path::new("m.json"), docs).unwrap_err().to_string();
        assert!(e.contains("mixins form a cycle"), "{e}");
        let docs = document(vec![("A", mixin(&["x"], &["A"]))]);
        let e = merge(Path::new("m.json"), docs).unwrap_err().to_string();
        assert!(e.contains("cycle"), "{e}");
        let docs = document(vec![("A", mixin(&[], &["Nope"]))]);
        let e = merge(Path::new("m.json"), docs).unwrap_err().to_string();
        assert!(e.contains("a#Nope does not exist"), "{e}");
    }
}
