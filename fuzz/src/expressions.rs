//! Random waiter expressions from the JMESPath subset the generator compiles, and random
//! documents for them to read, both typed by the shapes of a Smithy JSON AST model.
//!
//! The expressions are built from the shapes (so most of them name members that exist and
//! compare values of one type), then typed by the generator itself
//! (`ecs_codegen::validate::paths::type_path`); the caller keeps what the generator accepts.
//! The documents are what a service could send: every member our types always hold
//! (`@required` or `@default`), others present, absent or `null` at random, strings drawn
//! from a small pool so that comparisons often match.

use serde_json::{Map, Value};

/// A small deterministic generator (splitmix64): the same seed gives the same cases.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Strings that documents hold and expressions look for; a few enum values of the ECS model
/// among them, so that both kinds of string meet.
pub const STRINGS: &[&str] = &["", "a", "b c", "é ✓", "RUNNING", "STOPPED"];

/// What a path can give, as the generator sees a member's target.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A structure, by shape id.
    Struct(String),
    /// A string; the enum's values when it is one.
    Str(Vec<String>),
    /// A whole number.
    Int,
    /// A float or double.
    Float,
    /// A boolean.
    Bool,
    /// A (non-sparse) list.
    List(Box<Ty>),
    /// Something paths do not read (timestamps, blobs, maps, documents, sparse lists).
    Other,
}

/// The shapes of a JSON AST model.
pub struct Shapes<'m>(pub &'m Map<String, Value>);

/// A member as the generators see it.
pub struct Member<'m> {
    /// Its name (the wire name in awsJson).
    pub name: &'m str,
    /// What it holds.
    pub ty: Ty,
    /// Our types always hold it (`@required` or `@default`), so documents always carry it.
    pub always: bool,
}

impl<'m> Shapes<'m> {
    /// The type of the shape `target`.
    pub fn ty(&self, target: &str) -> Ty {
        if let Some(name) = target.strip_prefix("smithy.api#") {
            return match name {
                "String" => Ty::Str(Vec::new()),
                "Integer" | "PrimitiveInteger" | "Long" | "PrimitiveLong" | "Short"
                | "PrimitiveShort" | "Byte" | "PrimitiveByte" => Ty::Int,
                "Float" | "PrimitiveFloat" | "Double" | "PrimitiveDouble" => Ty::Float,
                "Boolean" | "PrimitiveBoolean" => Ty::Bool,
                _ => Ty::Other,
            };
        }
        let Some(shape) = self.0.get(target) else {
            return Ty::Other;
        };
        match shape["type"].as_str().unwrap_or_default() {
            "string" => Ty::Str(Vec::new()),
            "enum" => Ty::Str(enum_values(shape)),
            "integer" | "long" | "short" | "byte" | "intEnum" => Ty::Int,
            "float" | "double" => Ty::Float,
            "boolean" => Ty::Bool,
            "structure" => Ty::Struct(target.to_owned()),
            "list" if shape["traits"].get("smithy.api#sparse").is_none() => {
                match self.ty(shape["member"]["target"].as_str().unwrap_or_default()) {
                    Ty::Other => Ty::Other,
                    element => Ty::List(Box::new(element)),
                }
            }
            _ => Ty::Other,
        }
    }

    /// The members of structure `id` that paths can read, in model order.
    pub fn members(&self, id: &str) -> Vec<Member<'m>> {
        let Some(Value::Object(members)) = self.0.get(id).and_then(|s| s.get("members")) else {
            return Vec::new();
        };
        members
            .iter()
            .map(|(name, m)| {
                let traits = &m["traits"];
                Member {
                    name,
                    ty: self.ty(m["target"].as_str().unwrap_or_default()),
                    always: traits.get("smithy.api#required").is_some()
                        || traits.get("smithy.api#default").is_some(),
                }
            })
            .filter(|m| m.ty != Ty::Other)
            .collect()
    }
}

fn enum_values(shape: &Value) -> Vec<String> {
    let Some(Value::Object(members)) = shape.get("members") else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, m)| {
            m["traits"]["smithy.api#enumValue"]
                .as_str()
                .unwrap_or(name)
                .to_owned()
        })
        .collect()
}

/// Random documents of a structure shape.
pub struct Documents<'a, 'm> {
    /// The model.
    pub shapes: &'a Shapes<'m>,
    /// The randomness.
    pub rng: &'a mut Rng,
}

impl Documents<'_, '_> {
    /// A value of type `ty`, `depth` levels below the top.
    pub fn value(&mut self, ty: &Ty, depth: usize) -> Value {
        match ty {
            Ty::Struct(id) => Value::Object(self.structure(id, depth)),
            Ty::Str(values) if !values.is_empty() && self.rng.chance(85) => {
                Value::from(self.rng.pick(values).as_str())
            }
            Ty::Str(_) => Value::from(*self.rng.pick(STRINGS)),
            Ty::Int => Value::from(self.rng.below(4) as i64),
            Ty::Float => Value::from(*self.rng.pick(&[0.5, 1.5, 2.25])),
            Ty::Bool => Value::from(self.rng.chance(50)),
            Ty::List(element) => {
                let n = if depth > 5 { 0 } else { self.rng.below(4) };
                Value::Array((0..n).map(|_| self.value(element, depth + 1)).collect())
            }
            Ty::Other => Value::Null,
        }
    }

    fn structure(&mut self, id: &str, depth: usize) -> Map<String, Value> {
        let mut object = Map::new();
        for member in self.shapes.members(id) {
            if member.always || self.rng.chance(if depth > 5 { 10 } else { 60 }) {
                let value = self.value(&member.ty, depth + 1);
                object.insert(member.name.to_owned(), value);
            } else if self.rng.chance(10) {
                object.insert(member.name.to_owned(), Value::Null);
            }
        }
        object
    }
}

/// Random expressions over a structure shape. Each method returns `None` when the shape
/// offers nothing of the kind asked for.
pub struct Expressions<'a, 'm> {
    /// The model.
    pub shapes: &'a Shapes<'m>,
    /// The randomness.
    pub rng: &'a mut Rng,
}

impl Expressions<'_, '_> {
    /// A path from structure `id` through nested structures to a member whose type `want`
    /// accepts, and that type.
    pub fn path_to(&mut self, id: &str, want: fn(&Ty) -> bool, depth: u32) -> Option<(String, Ty)> {
        let members = self.shapes.members(id);
        let candidates: Vec<&Member<'_>> = members
            .iter()
            .filter(|m| want(&m.ty) || (depth > 0 && matches!(m.ty, Ty::Struct(_))))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        for _ in 0..4 {
            let m = *self.rng.pick(&candidates);
            if want(&m.ty) {
                return Some((m.name.to_owned(), m.ty.clone()));
            }
            if let (Ty::Struct(sub), true) = (&m.ty, depth > 0)
                && let Some((rest, ty)) = self.path_to(sub, want, depth - 1)
            {
                return Some((format!("{}.{rest}", m.name), ty));
            }
        }
        None
    }

    /// A projection (`list[]`, `list[?cond]`, either with a path after it, or nested) and the
    /// type of the values it gives.
    pub fn projection(&mut self, id: &str, depth: u32) -> Option<(String, Ty)> {
        let (list, ty) = self.path_to(id, |t| matches!(t, Ty::List(_)), depth)?;
        let Ty::List(element) = ty else {
            unreachable!("path_to gave a list")
        };
        let head = if self.rng.chance(30) {
            let cond = self.condition(&element, depth.saturating_sub(1))?;
            format!("{list}[?{cond}]")
        } else {
            format!("{list}[]")
        };
        let Ty::Struct(sub) = &*element else {
            return Some((head, *element));
        };
        match self.rng.below(3) {
            0 => Some((head, *element)),
            1 if depth > 0 => {
                let (rest, ty) = self.projection(sub, depth - 1)?;
                Some((format!("{head}.{rest}"), ty))
            }
            _ => {
                let (rest, ty) = self.path_to(sub, |t| !matches!(t, Ty::Struct(_)), depth)?;
                Some((format!("{head}.{rest}"), ty))
            }
        }
    }

    /// A filter condition on an element of type `element`.
    fn condition(&mut self, element: &Ty, depth: u32) -> Option<String> {
        match element {
            Ty::Struct(id) => self.boolean(id, depth),
            Ty::Str(values) => Some(match self.rng.below(3) {
                0 => format!("@ == {}", self.string_literal(values)),
                1 => "@".to_owned(),
                _ => format!("length(@) > `{}`", self.rng.below(3)),
            }),
            Ty::Int => Some(format!("@ >= `{}`", self.rng.below(3))),
            Ty::Bool => Some("@".to_owned()),
            _ => None,
        }
    }

    /// A string literal, `'raw'` or `` `"json"` ``, from the pool or `values`.
    pub fn string_literal(&mut self, values: &[String]) -> String {
        let s = if !values.is_empty() && self.rng.chance(70) {
            self.rng.pick(values).clone()
        } else {
            (*self.rng.pick(STRINGS)).to_owned()
        };
        if self.rng.chance(70) {
            format!("'{s}'")
        } else {
            format!("`{}`", Value::from(s))
        }
    }

    /// An expression that gives a boolean (or null) on structure `id`.
    // Over 60 lines: one match arm per grammar form, so the weights read side by side.
    pub fn boolean(&mut self, id: &str, depth: u32) -> Option<String> {
        let is_str = |t: &Ty| matches!(t, Ty::Str(_));
        for _ in 0..8 {
            let made = match self.rng.below(13) {
                0 => self.path_to(id, |t| *t == Ty::Bool, depth).map(|(p, _)| p),
                1 | 2 => self.path_to(id, is_str, depth).map(|(p, ty)| {
                    let Ty::Str(values) = ty else { unreachable!() };
                    let op = if self.rng.chance(75) { "==" } else { "!=" };
                    let lit = self.string_literal(&values);
                    if self.rng.chance(20) {
                        format!("{lit} {op} {p}")
                    } else {
                        format!("{p} {op} {lit}")
                    }
                }),
                3 => self.path_to(id, |t| *t == Ty::Int, depth).map(|(p, _)| {
                    let op = *self.rng.pick(&["==", "!=", "<", "<=", ">", ">="]);
                    format!("{p} {op} `{}`", self.rng.below(4))
                }),
                4 => self.length(id, depth),
                5 => self.contains(id, depth),
                6 if depth > 0 => self
                    .boolean(id, depth - 1)
                    .map(|b| format!("!{}", paren(&b))),
                7 => self
                    .path_to(
                        id,
                        |t| matches!(t, Ty::Str(_) | Ty::List(_) | Ty::Int),
                        depth,
                    )
                    .map(|(p, _)| format!("!{p}")),
                8 | 9 if depth > 0 => {
                    let a = self.boolean(id, depth - 1)?;
                    let b = self.boolean(id, depth - 1)?;
                    let op = if self.rng.chance(50) { "&&" } else { "||" };
                    Some(format!("{} {op} {}", paren(&a), paren(&b)))
                }
                10 => {
                    let (a, _) = self.path_to(id, is_str, depth)?;
                    let (b, _) = self.path_to(id, is_str, depth)?;
                    Some(match self.rng.below(3) {
                        0 => format!("{a} == {b}"),
                        1 => format!("contains({a}, {b})"),
                        _ => format!("!{a} || {b} != {a}"),
                    })
                }
                11 if self.rng.chance(50) => {
                    let (a, _) = self.path_to(id, |t| *t == Ty::Int, depth)?;
                    let (b, _) = self.path_to(id, |t| *t == Ty::Int, depth)?;
                    let op = *self.rng.pick(&["==", "<", ">="]);
                    Some(format!("{a} {op} {b}"))
                }
                11 => self.projection(id, depth).map(|(p, _)| format!("!{p}")),
                _ => Some(format!("`{}`", self.rng.chance(50))),
            };
            if made.is_some() {
                return made;
            }
        }
        None
    }

    /// `length(x) op n` of a string, a list or a projection.
    fn length(&mut self, id: &str, depth: u32) -> Option<String> {
        let x = if self.rng.chance(50) {
            self.projection(id, depth).map(|(p, _)| p)?
        } else {
            self.path_to(id, |t| matches!(t, Ty::Str(_) | Ty::List(_)), depth)
                .map(|(p, _)| p)?
        };
        let op = *self.rng.pick(&["==", "!=", "<", ">", ">="]);
        Some(format!("length({x}) {op} `{}`", self.rng.below(3)))
    }

    /// `contains(x, 'lit')` of a string, a list of strings or a projection of strings.
    fn contains(&mut self, id: &str, depth: u32) -> Option<String> {
        let (x, values) = match self.rng.below(3) {
            0 => match self.projection(id, depth)? {
                (p, Ty::Str(values)) => (p, values),
                _ => return None,
            },
            1 => match self.path_to(
                id,
                |t| matches!(t, Ty::List(e) if matches!(**e, Ty::Str(_))),
                depth,
            )? {
                (p, Ty::List(e)) => match *e {
                    Ty::Str(values) => (p, values),
                    _ => return None,
                },
                _ => return None,
            },
            _ => match self.path_to(id, |t| matches!(t, Ty::Str(_)), depth)? {
                (p, Ty::Str(values)) => (p, values),
                _ => return None,
            },
        };
        let lit = self.string_literal(&values);
        Some(format!("contains({x}, {lit})"))
    }

    /// An expression that gives a string (or null) on structure `id`.
    pub fn string(&mut self, id: &str, depth: u32) -> Option<String> {
        let is_str = |t: &Ty| matches!(t, Ty::Str(_));
        let (a, ty) = self.path_to(id, is_str, depth)?;
        Some(match self.rng.below(4) {
            0 => {
                let (b, _) = self.path_to(id, is_str, depth)?;
                format!("{a} || {b}")
            }
            1 => {
                let (b, _) = self.path_to(id, is_str, depth)?;
                format!("{a} && {b}")
            }
            2 => {
                let Ty::Str(values) = ty else { unreachable!() };
                let lit = self.string_literal(&values);
                if self.rng.chance(50) {
                    format!("{a} || {lit}")
                } else {
                    format!("{lit} && {a}")
                }
            }
            _ => a,
        })
    }

    /// An expression that gives a list of strings on structure `id`.
    pub fn strings(&mut self, id: &str, depth: u32) -> Option<String> {
        let one = |this: &mut Self| match this.projection(id, depth)? {
            (p, Ty::Str(_)) => Some(p),
            _ => None,
        };
        if self.rng.chance(20) {
            let list_of_strings = |t: &Ty| matches!(t, Ty::List(e) if matches!(**e, Ty::Str(_)));
            return self.path_to(id, list_of_strings, depth).map(|(p, _)| p);
        }
        let a = one(self)?;
        Some(match self.rng.below(4) {
            0 => format!("{a} || {}", one(self)?),
            1 => format!("{a} && {}", one(self)?),
            _ => a,
        })
    }
}

/// `e` in parentheses when it has an operator that binds looser than `!`.
fn paren(e: &str) -> String {
    if e.contains("&&")
        || e.contains("||")
        || e.contains("==")
        || e.contains('<')
        || e.contains('>')
        || e.contains("!=")
    {
        format!("({e})")
    } else {
        e.to_owned()
    }
}
