//! Serde support for generated code: the member keys of structures, string enums, unions, and
//! the codecs of the values whose wire form is not serde's own (floats, timestamps, blobs).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes member `key` of a structure, if `value` is set (a member that is not set is left
/// out of the JSON object).
pub fn optional<M: serde::ser::SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// A generated structure, as its `Deserialize` reads it: which member a key is, and how that
/// member's value is read into the structure. The rest (a map only, unknown members skipped,
/// absent ones left at the structure's `Default`) is [`read_structure`]'s.
pub trait Structure: Default {
    /// What an error says was expected (`struct Task`).
    const EXPECTING: &'static str;
    /// The index of the member whose wire name is `key`, or `u16::MAX`.
    fn member(key: &str) -> u16;
    /// Reads the value of member `index` from `map` into `self`.
    fn read_member<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: u16,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads a structure from a map (a JSON object; anything else is an error).
pub fn read_structure<'de, T: Structure, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct Visitor<T>(PhantomData<fn() -> T>);

    impl<'de, T: Structure> serde::de::Visitor<'de> for Visitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(index) = map.next_key_seed(Member(T::member))? {
                if index == u16::MAX {
                    map.next_value::<serde::de::IgnoredAny>()?;
                } else {
                    value.read_member(index, &mut map)?;
                }
            }
            Ok(value)
        }
    }

    deserializer.deserialize_map(Visitor(PhantomData))
}

/// The key of a structure's member, as generated `Deserialize` impls read it: the key as the
/// parser holds it (borrowed when it can be, never copied) goes to `F`, which gives the
/// member's index (`u16::MAX` for a key the structure does not have).
#[derive(Debug)]
pub struct Member<F>(pub F);

impl<'de, F: FnOnce(&str) -> u16> serde::de::DeserializeSeed<'de> for Member<F> {
    type Value = u16;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u16, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<F: FnOnce(&str) -> u16> serde::de::Visitor<'_> for Member<F> {
    type Value = u16;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E>(self, v: &str) -> Result<u16, E> {
        Ok((self.0)(v))
    }
}

/// Reads a string enum from the string as the parser holds it: `from` sees a borrowed `&str`,
/// so only values the enum does not know are copied. (serde's `Cow<str>` always copies; that
/// was an allocation per enum value in every response.)
pub fn string_enum<'de, D, T>(deserializer: D, from: impl FnOnce(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<F>(F);
    impl<T, F: FnOnce(&str) -> T> serde::de::Visitor<'_> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(V(from))
}

/// Writes a union: a JSON object holding its one member `key` (aws-json.rst, unions).
pub fn serialize_union<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// The error for writing a union's unknown member, which holds nothing to send.
pub fn unknown_union_member<E: serde::ser::Error>(union: &str) -> E {
    E::custom(format!(
        "cannot serialize an unknown member of union {union}"
    ))
}

/// Reads a union: a JSON object with exactly one member set, where a member set to `null`
/// and `__type` do not count (aws-json.rst). `member` turns the member's key and value into
/// the variant (a key it does not know into the unknown variant).
pub fn deserialize_union<'de, D, T>(
    deserializer: D,
    union: &str,
    member: impl FnOnce(&str, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::Error as _;
    let members =
        std::collections::BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
    let mut set = members
        .into_iter()
        .filter(|(key, value)| !value.is_null() && key != "__type");
    match (set.next(), set.next()) {
        (Some((key, value)), None) => member(&key, value).map_err(D::Error::custom),
        (None, _) => Err(D::Error::custom(format!("union {union} has no member set"))),
        _ => Err(D::Error::custom(format!(
            "union {union} has more than one member set"
        ))),
    }
}

/// The value of one union member, read from its JSON.
pub fn union_member<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

/// The value of a union member that targets `smithy.api#Unit`: `{}` on the wire.
#[derive(Debug, Clone, Copy)]
pub struct Unit;

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        serializer.serialize_map(Some(0))?.end()
    }
}

/// A value written and read in its wire form through codec `C` (a marker type below), where
/// serde's own form is not the wire's: floats (NaN and the infinities are strings), timestamps
/// and blobs. Containers pass the codec on to their items, so one `with` adapter per codec
/// covers a field at any depth of lists, maps and `Option`s.
///
/// Timestamps and blobs always go through here, never through their own serde impls: with
/// the `interop` feature they are aws-smithy-types' `DateTime` and `Blob`, which have none.
pub trait Wire<C>: Sized {
    /// Writes the value in the wire form.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the wire form. A `null` in place of a plain value reads as its zero value, as for
    /// other members that are not `Option`s; in an `Option` it is `None`, in place of a list or
    /// map an empty one.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A borrowed value written through codec `C`.
struct Out<'a, C, T>(&'a T, PhantomData<C>);

impl<C, T: Wire<C>> Serialize for Out<'_, C, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// A value read through codec `C`.
struct In<C, T>(T, PhantomData<C>);

impl<'de, C, T: Wire<C>> Deserialize<'de> for In<C, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(|v| In(v, PhantomData))
    }
}

impl<C, T: Wire<C>> Wire<C> for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => serializer.serialize_some(&Out::<C, T>(v, PhantomData)),
            None => serializer.serialize_none(),
        }
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<In<C, T>>::deserialize(deserializer)?.map(|w| w.0))
    }
}

impl<C, T: Wire<C>> Wire<C> for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|x| Out::<C, T>(x, PhantomData)))
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Vec<In<C, T>>>::deserialize(deserializer)?
            .unwrap_or_default()
            .into_iter()
            .map(|w| w.0)
            .collect())
    }
}

impl<C, K, T> Wire<C> for HashMap<K, T>
where
    K: Serialize + for<'a> Deserialize<'a> + Eq + Hash,
    T: Wire<C>,
{
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(k, x)| (k, Out::<C, T>(x, PhantomData))))
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<HashMap<K, In<C, T>>>::deserialize(deserializer)?
            .unwrap_or_default()
            .into_iter()
            .map(|(k, w)| (k, w.0))
            .collect())
    }
}

/// Reads a `T` with codec `C`, as a `DeserializeSeed`.
pub struct Seed<C, T>(PhantomData<fn() -> (C, T)>);

impl<C, T> std::fmt::Debug for Seed<C, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seed")
    }
}

impl<'de, C, T: Wire<C>> serde::de::DeserializeSeed<'de> for Seed<C, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// The `with` adapter module of one codec: `serialize` and `deserialize` for any field
/// whose values implement [`Wire`] for it.
macro_rules! with_module {
    ($module:ident, $codec:ident, $doc:literal) => {
        #[doc = $doc]
        pub mod $module {
            use super::*;

            /// Writes the field with the codec.
            pub fn serialize<T: Wire<$codec>, S: Serializer>(
                value: &T,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                value.write(serializer)
            }

            /// Reads the field with the codec.
            pub fn deserialize<'de, T: Wire<$codec>, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<T, D::Error> {
                T::read(deserializer)
            }

            /// Writes member `key` of a structure with the codec, if `value` is set.
            pub fn optional<M: serde::ser::SerializeMap, T: Wire<$codec>>(
                map: &mut M,
                key: &str,
                value: &Option<T>,
            ) -> Result<(), M::Error> {
                match value {
                    Some(value) => map.serialize_entry(key, &Out::<$codec, T>(value, PhantomData)),
                    None => Ok(()),
                }
            }

            /// Reads a value with the codec (`MapAccess::next_value_seed`).
            pub fn seed<T: Wire<$codec>>() -> Seed<$codec, T> {
                Seed(PhantomData)
            }

            /// A union member's value, as serde writes it with the codec.
            pub fn wire<T: Wire<$codec>>(value: &T) -> impl Serialize + '_ {
                Out::<$codec, T>(value, PhantomData)
            }

            /// Reads a union member's value out of its already-parsed JSON.
            pub fn from_value<T: Wire<$codec>>(
                value: serde_json::Value,
            ) -> Result<T, serde_json::Error> {
                T::read(value)
            }
        }
    };
}

/// The codec of floats.
#[derive(Debug)]
pub enum Float {}
/// The codec of timestamps as epoch seconds, awsJson's default.
#[derive(Debug)]
pub enum EpochSeconds {}
/// The codec of timestamps with `@timestampFormat("date-time")`.
#[derive(Debug)]
pub enum Rfc3339 {}
/// The codec of timestamps with `@timestampFormat("http-date")`.
#[derive(Debug)]
pub enum HttpDate {}
/// The codec of blobs: standard base64 strings.
#[derive(Debug)]
pub enum Base64 {}

with_module!(
    float,
    Float,
    "Floats: aws-json.rst writes NaN and the infinities as the strings `\"NaN\"`, \
     `\"Infinity\"` and `\"-Infinity\"`; finite values are plain numbers."
);
with_module!(
    epoch_seconds,
    EpochSeconds,
    "Timestamps as epoch seconds, a JSON number with an optional fraction."
);
with_module!(
    date_time,
    Rfc3339,
    "Timestamps with `@timestampFormat(\"date-time\")`: RFC 3339 strings, written in UTC \
     (`2000-01-02T20:34:56Z`), read with any offset and fraction."
);
with_module!(
    http_date,
    HttpDate,
    "Timestamps with `@timestampFormat(\"http-date\")`: IMF-fixdate strings \
     (`Sun, 02 Jan 2000 20:34:56 GMT`)."
);
with_module!(blob, Base64, "Blobs: standard base64 strings.");

/// Reads a float: a number, or one of the three strings for NaN and the infinities.
fn read_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = f64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
        }
        fn visit_f64<E>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_i64<E>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_u64<E>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_unit<E>(self) -> Result<f64, E> {
            Ok(0.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<f64, E> {
            match v {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(E::custom(format!(
                    "expected a number, found the string {other:?}"
                ))),
            }
        }
    }
    deserializer.deserialize_any(V)
}

/// Writes a float, non-finite values as their strings.
fn write_f64<S: Serializer>(v: f64, single: bool, serializer: S) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        serializer.serialize_str("NaN")
    } else if v == f64::INFINITY {
        serializer.serialize_str("Infinity")
    } else if v == f64::NEG_INFINITY {
        serializer.serialize_str("-Infinity")
    } else if single {
        // Write an f32 as itself so 0.1f32 stays 0.1, not 0.10000000149011612.
        serializer.serialize_f32(v as f32)
    } else {
        serializer.serialize_f64(v)
    }
}

impl Wire<Float> for f64 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_f64(*self, false, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_f64(deserializer)
    }
}

impl Wire<Float> for f32 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_f64(f64::from(*self), true, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_f64(deserializer).map(|v| v as f32)
    }
}

impl Wire<EpochSeconds> for crate::DateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        datetime::DateTime::from_public(self).serialize(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = datetime::read_epoch_seconds(deserializer)?;
        Ok(value.unwrap_or_default().into_public())
    }
}

impl Wire<Rfc3339> for crate::DateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&datetime::DateTime::from_public(self))
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, datetime::DateTime::parse_rfc3339)
    }
}

impl Wire<HttpDate> for crate::DateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&datetime::DateTime::from_public(self).http_date())
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, datetime::DateTime::parse_http_date)
    }
}

/// Reads a timestamp string with `parse`; `null` is the zero value.
fn read_text<'de, D: Deserializer<'de>>(
    deserializer: D,
    parse: fn(&str) -> Result<datetime::DateTime, String>,
) -> Result<crate::DateTime, D::Error> {
    let time = match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
        Some(text) => parse(&text).map_err(serde::de::Error::custom)?,
        None => datetime::DateTime::default(),
    };
    Ok(time.into_public())
}

impl Wire<Base64> for crate::Blob {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::blob::write(self.as_ref(), serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = Option::<crate::blob::Base64Bytes>::deserialize(deserializer)?;
        Ok(crate::Blob::new(bytes.map_or_else(Vec::new, |b| b.0)))
    }
}

use crate::datetime;
use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;

#[cfg(test)]
mod tests {
    use super::*;

    /// A float as the float adapter writes and reads it.
    #[derive(Debug)]
    struct F<T>(T);
    impl<T: Wire<Float>> Serialize for F<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            float::serialize(&self.0, serializer)
        }
    }
    impl<'de, T: Wire<Float>> Deserialize<'de> for F<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            float::deserialize(deserializer).map(F)
        }
    }

    #[test]
    fn non_finite_floats_are_strings() {
        assert_eq!(serde_json::to_string(&F(f64::NAN)).unwrap(), "\"NaN\"");
        assert_eq!(
            serde_json::to_string(&F(f64::INFINITY)).unwrap(),
            "\"Infinity\""
        );
        assert_eq!(
            serde_json::to_string(&F(f64::NEG_INFINITY)).unwrap(),
            "\"-Infinity\""
        );
        assert_eq!(serde_json::to_string(&F(0.1f32)).unwrap(), "0.1");
        assert!(
            serde_json::from_str::<F<f64>>("\"NaN\"")
                .unwrap()
                .0
                .is_nan()
        );
        assert_eq!(
            serde_json::from_str::<F<f64>>("\"-Infinity\"").unwrap().0,
            f64::NEG_INFINITY
        );
        assert_eq!(serde_json::from_str::<F<f64>>("3").unwrap().0, 3.0);
        assert!(serde_json::from_str::<F<f64>>("\"nan\"").is_err());
    }

    /// A union of `a: string`, `b: Unit`, as generated code writes it.
    #[derive(Debug, PartialEq)]
    enum U {
        A(String),
        B,
        Unknown,
    }

    impl Serialize for U {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                U::A(value) => serialize_union(serializer, "a", value),
                U::B => serialize_union(serializer, "b", &Unit),
                U::Unknown => Err(unknown_union_member("U")),
            }
        }
    }

    impl<'de> Deserialize<'de> for U {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_union(deserializer, "U", |key, value| {
                Ok(match key {
                    "a" => U::A(union_member(value)?),
                    "b" => U::B,
                    _ => U::Unknown,
                })
            })
        }
    }

    #[test]
    fn unions_on_the_wire() {
        let read = |json: &str| serde_json::from_str::<U>(json);
        assert_eq!(read(r#"{"a":"x"}"#).unwrap(), U::A("x".into()));
        assert_eq!(read(r#"{"b":{}}"#).unwrap(), U::B);
        // aws-json.rst: null members and `__type` are not members.
        assert_eq!(
            read(r#"{"a":"x","b":null,"__type":"U"}"#).unwrap(),
            U::A("x".into())
        );
        assert_eq!(read(r#"{"newer":1}"#).unwrap(), U::Unknown);
        let e = read(r#"{"a":null}"#).unwrap_err().to_string();
        assert!(e.contains("union U has no member set"), "{e}");
        let e = read(r#"{"a":"x","b":{}}"#).unwrap_err().to_string();
        assert!(e.contains("more than one member"), "{e}");
        assert!(read(r#"["a","x"]"#).is_err(), "a union is an object");
        assert!(read(r#"{"a":1}"#).is_err(), "a member of the wrong type");
        assert_eq!(
            serde_json::to_string(&U::A("x".into())).unwrap(),
            r#"{"a":"x"}"#
        );
        assert_eq!(serde_json::to_string(&U::B).unwrap(), r#"{"b":{}}"#);
        let e = serde_json::to_string(&U::Unknown).unwrap_err().to_string();
        assert!(e.contains("unknown member of union U"), "{e}");
    }
}
