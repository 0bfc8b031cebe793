//! Serde adapters for awsJson rules that serde's defaults do not follow. Generated code
//! names them in `#[serde(with = "...")]` and `skip_serializing_if` attributes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `deserialize_with` for members that are not `Option`s (`@required` or with a zero
/// `@default`): `null` means absent (aws-json.rst), so it reads as the zero value, as a missing
/// member does, instead of failing the whole response.
pub fn null_as_default<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Deserialize<'de> + Default,
    D: Deserializer<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a structure, which on the wire is always a JSON object. The generated
/// `Deserialize` impls pass serde's derived reader through here: serde's would also take a
/// JSON array and fill the members by position (`["c","t","r"]` as `{cluster, task, reason}`),
/// so a proxy answering `[]` would look like an empty success.
pub fn structure<'de, D, T>(
    deserializer: D,
    derived: impl FnOnce(ObjectOnly<D>) -> Result<T, D::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    derived(ObjectOnly(deserializer))
}

/// A deserializer that reads structures only from maps (see [`structure`]); everything else
/// goes to the wrapped deserializer unchanged.
#[derive(Debug)]
pub struct ObjectOnly<D>(D);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
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

/// How one kind of value is written and read when serde's default is not the wire form:
/// floats (non-finite ones are strings) and timestamps with a `@timestampFormat`.
pub trait Codec<T> {
    /// Writes `value` in the wire form.
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the wire form.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// A borrowed value written through codec `C`.
struct Out<'a, C, T>(&'a T, PhantomData<C>);

impl<C: Codec<T>, T> Serialize for Out<'_, C, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::write(self.0, serializer)
    }
}

/// A value read through codec `C`.
struct In<C, T>(T, PhantomData<C>);

impl<'de, C: Codec<T>, T> Deserialize<'de> for In<C, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::read(deserializer).map(|v| In(v, PhantomData))
    }
}

/// The containers a codec's value can sit in, as `with` adapters; each codec module below
/// re-exports them with its codec filled in.
#[doc(hidden)]
pub mod containers {
    use super::*;
    use std::collections::HashMap;
    use std::hash::Hash;

    pub fn plain_ser<C: Codec<T>, T, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        C::write(v, s)
    }
    /// `null` reads as the zero value, as for other members that are not `Option`s.
    pub fn plain_de<'de, C: Codec<T>, T: Default, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        Ok(Option::<In<C, T>>::deserialize(d)?.map_or_else(T::default, |w| w.0))
    }
    pub fn option_ser<C: Codec<T>, T, S: Serializer>(
        v: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_some(&Out::<C, T>(v, PhantomData)),
            None => s.serialize_none(),
        }
    }
    pub fn option_de<'de, C: Codec<T>, T, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(Option::<In<C, T>>::deserialize(d)?.map(|w| w.0))
    }
    pub fn list_ser<C: Codec<T>, T, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| Out::<C, T>(x, PhantomData)))
    }
    pub fn list_de<'de, C: Codec<T>, T, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        Ok(Option::<Vec<In<C, T>>>::deserialize(d)?
            .unwrap_or_default()
            .into_iter()
            .map(|w| w.0)
            .collect())
    }
    pub fn option_list_ser<C: Codec<T>, T, S: Serializer>(
        v: &Option<Vec<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => list_ser::<C, T, S>(v, s),
            None => s.serialize_none(),
        }
    }
    pub fn option_list_de<'de, C: Codec<T>, T, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<T>>, D::Error> {
        Ok(Option::<Vec<In<C, T>>>::deserialize(d)?.map(|v| v.into_iter().map(|w| w.0).collect()))
    }
    pub fn map_ser<C: Codec<T>, K: Serialize, T, S: Serializer>(
        v: &HashMap<K, T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(v.iter().map(|(k, x)| (k, Out::<C, T>(x, PhantomData))))
    }
    pub fn map_de<'de, C: Codec<T>, K: Deserialize<'de> + Eq + Hash, T, D: Deserializer<'de>>(
        d: D,
    ) -> Result<HashMap<K, T>, D::Error> {
        Ok(Option::<HashMap<K, In<C, T>>>::deserialize(d)?
            .unwrap_or_default()
            .into_iter()
            .map(|(k, w)| (k, w.0))
            .collect())
    }
    pub fn option_map_ser<C: Codec<T>, K: Serialize, T, S: Serializer>(
        v: &Option<HashMap<K, T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(m) => map_ser::<C, K, T, S>(m, s),
            None => s.serialize_none(),
        }
    }
    pub fn option_map_de<
        'de,
        C: Codec<T>,
        K: Deserialize<'de> + Eq + Hash,
        T,
        D: Deserializer<'de>,
    >(
        d: D,
    ) -> Result<Option<HashMap<K, T>>, D::Error> {
        Ok(Option::<HashMap<K, In<C, T>>>::deserialize(d)?
            .map(|m| m.into_iter().map(|(k, w)| (k, w.0)).collect()))
    }
}

/// The `with` adapters of one codec: the module itself for a plain value, and `option`,
/// `list`, `option_list`, `map`, `option_map` for the containers.
macro_rules! codec_adapters {
    ($codec:ty, $bound:path) => {
        /// `with` adapter for a plain value; `null` reads as the zero value.
        pub fn serialize<T: $bound, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
            super::containers::plain_ser::<$codec, T, S>(v, s)
        }
        /// `with` adapter for a plain value; `null` reads as the zero value.
        pub fn deserialize<'de, T: $bound + Default, D: Deserializer<'de>>(
            d: D,
        ) -> Result<T, D::Error> {
            super::containers::plain_de::<$codec, T, D>(d)
        }
        codec_adapters!(@container $codec, $bound, option, Option<T>, option_ser, option_de, "`Option<T>`; null is `None`.");
        codec_adapters!(@container $codec, $bound, list, Vec<T>, list_ser, list_de, "`Vec<T>`; null is empty.");
        codec_adapters!(@container $codec, $bound, option_list, Option<Vec<T>>, option_list_ser, option_list_de, "`Option<Vec<T>>`; null is `None`.");
        /// `with` adapter for `HashMap<K, T>`; null is empty.
        pub mod map {
            use super::*;
            /// Writes each value with the codec.
            pub fn serialize<K: Serialize, T: $bound, S: Serializer>(
                v: &std::collections::HashMap<K, T>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                super::super::containers::map_ser::<$codec, K, T, S>(v, s)
            }
            /// Reads each value with the codec.
            pub fn deserialize<
                'de,
                K: Deserialize<'de> + Eq + std::hash::Hash,
                T: $bound,
                D: Deserializer<'de>,
            >(
                d: D,
            ) -> Result<std::collections::HashMap<K, T>, D::Error> {
                super::super::containers::map_de::<$codec, K, T, D>(d)
            }
        }
        /// `with` adapter for `Option<HashMap<K, T>>`; null is `None`.
        pub mod option_map {
            use super::*;
            /// Writes each value with the codec.
            pub fn serialize<K: Serialize, T: $bound, S: Serializer>(
                v: &Option<std::collections::HashMap<K, T>>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                super::super::containers::option_map_ser::<$codec, K, T, S>(v, s)
            }
            /// Reads each value with the codec.
            pub fn deserialize<
                'de,
                K: Deserialize<'de> + Eq + std::hash::Hash,
                T: $bound,
                D: Deserializer<'de>,
            >(
                d: D,
            ) -> Result<Option<std::collections::HashMap<K, T>>, D::Error> {
                super::super::containers::option_map_de::<$codec, K, T, D>(d)
            }
        }
    };
    (@container $codec:ty, $bound:path, $name:ident, $ty:ty, $ser:ident, $de:ident, $doc:literal) => {
        #[doc = concat!("`with` adapter for ", $doc)]
        #[allow(clippy::ptr_arg)] // serde passes `&Vec<T>`, whatever the signature says
        pub mod $name {
            use super::*;
            /// Writes with the codec.
            pub fn serialize<T: $bound, S: Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
                super::super::containers::$ser::<$codec, T, S>(v, s)
            }
            /// Reads with the codec.
            pub fn deserialize<'de, T: $bound, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                super::super::containers::$de::<$codec, T, D>(d)
            }
        }
    };
}

use std::marker::PhantomData;

/// Floats: aws-json.rst writes NaN and the infinities as the strings `"NaN"`, `"Infinity"`
/// and `"-Infinity"`; finite values are plain numbers.
pub mod float {
    use super::*;

    /// `f32` or `f64`.
    pub trait Float: Copy + Sized + Default {
        /// Widens to `f64` for writing.
        fn to_f64(self) -> f64;
        /// Narrows from `f64` after reading.
        fn from_f64(v: f64) -> Self;
    }
    impl Float for f64 {
        fn to_f64(self) -> f64 {
            self
        }
        fn from_f64(v: f64) -> Self {
            v
        }
    }
    impl Float for f32 {
        fn to_f64(self) -> f64 {
            f64::from(self)
        }
        fn from_f64(v: f64) -> Self {
            v as f32
        }
    }

    /// The float codec.
    #[derive(Debug)]
    pub struct FloatCodec;

    impl<T: Float> Codec<T> for FloatCodec {
        fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
            let v = value.to_f64();
            if v.is_nan() {
                serializer.serialize_str("NaN")
            } else if v == f64::INFINITY {
                serializer.serialize_str("Infinity")
            } else if v == f64::NEG_INFINITY {
                serializer.serialize_str("-Infinity")
            } else if std::mem::size_of::<T>() == 4 {
                // Write an f32 as itself so 0.1f32 stays 0.1, not 0.10000000149011612.
                serializer.serialize_f32(v as f32)
            } else {
                serializer.serialize_f64(v)
            }
        }

        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
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
            deserializer.deserialize_any(V).map(T::from_f64)
        }
    }

    /// A float that serializes the awsJson way.
    #[derive(Debug, Clone, Copy)]
    pub struct Wire<T>(pub T);

    impl<T: Float> Serialize for Wire<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            FloatCodec::write(&self.0, serializer)
        }
    }

    impl<'de, T: Float> Deserialize<'de> for Wire<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            <FloatCodec as Codec<T>>::read(deserializer).map(Wire)
        }
    }

    /// Reads a float out of an already-parsed JSON value (used by unions).
    pub fn from_value<T: Float>(value: serde_json::Value) -> Result<T, serde_json::Error> {
        serde_json::from_value::<Wire<T>>(value).map(|w| w.0)
    }

    codec_adapters!(FloatCodec, Float);
}

/// Timestamps with `@timestampFormat("date-time")`: RFC 3339 strings, written in UTC
/// (`2000-01-02T20:34:56Z`), read with any offset and fraction.
pub mod date_time {
    use super::*;
    use crate::DateTime;

    /// Marks the one type these adapters take.
    pub trait IsDateTime: Sized + Default {
        /// As a `DateTime`.
        fn get(&self) -> DateTime;
        /// From a `DateTime`.
        fn make(t: DateTime) -> Self;
    }
    impl IsDateTime for DateTime {
        fn get(&self) -> DateTime {
            *self
        }
        fn make(t: DateTime) -> Self {
            t
        }
    }

    /// The RFC 3339 codec.
    #[derive(Debug)]
    pub struct DateTimeCodec;

    impl<T: IsDateTime> Codec<T> for DateTimeCodec {
        fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&value.get())
        }
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
            DateTime::parse_rfc3339(&text)
                .map(T::make)
                .map_err(serde::de::Error::custom)
        }
    }

    codec_adapters!(DateTimeCodec, IsDateTime);
}

/// Timestamps with `@timestampFormat("http-date")`: IMF-fixdate strings
/// (`Sun, 02 Jan 2000 20:34:56 GMT`).
pub mod http_date {
    pub use super::date_time::IsDateTime;
    use super::*;
    use crate::DateTime;

    /// The HTTP date codec.
    #[derive(Debug)]
    pub struct HttpDateCodec;

    impl<T: IsDateTime> Codec<T> for HttpDateCodec {
        fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&value.get().http_date())
        }
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
            DateTime::parse_http_date(&text)
                .map(T::make)
                .map_err(serde::de::Error::custom)
        }
    }

    codec_adapters!(HttpDateCodec, IsDateTime);
}

#[cfg(test)]
mod tests {
    use super::float::Wire;
    use super::*;

    #[test]
    fn non_finite_floats_are_strings() {
        assert_eq!(serde_json::to_string(&Wire(f64::NAN)).unwrap(), "\"NaN\"");
        assert_eq!(
            serde_json::to_string(&Wire(f64::INFINITY)).unwrap(),
            "\"Infinity\""
        );
        assert_eq!(
            serde_json::to_string(&Wire(f64::NEG_INFINITY)).unwrap(),
            "\"-Infinity\""
        );
        assert_eq!(serde_json::to_string(&Wire(0.1f32)).unwrap(), "0.1");
        assert!(
            serde_json::from_str::<Wire<f64>>("\"NaN\"")
                .unwrap()
                .0
                .is_nan()
        );
        assert_eq!(
            serde_json::from_str::<Wire<f64>>("\"-Infinity\"")
                .unwrap()
                .0,
            f64::NEG_INFINITY
        );
        assert_eq!(serde_json::from_str::<Wire<f64>>("3").unwrap().0, 3.0);
        assert!(serde_json::from_str::<Wire<f64>>("\"nan\"").is_err());
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
