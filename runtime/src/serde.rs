//! Serde adapters for awsJson1_1 rules that serde's defaults do not follow. Generated code
//! names them in `#[serde(with = "...")]` and `skip_serializing_if` attributes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `skip_serializing_if` for members with a zero `@default`: omit them when they hold it.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

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

/// Floats: aws-json.rst writes NaN and the infinities as the strings `"NaN"`, `"Infinity"`
/// and `"-Infinity"`; finite values are plain numbers.
pub mod float {
    use super::*;
    use std::collections::HashMap;
    use std::hash::Hash;

    /// `f32` or `f64`.
    pub trait Float: Copy + Sized {
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

    /// A float that serializes the awsJson way.
    #[derive(Debug, Clone, Copy)]
    pub struct Wire<T>(pub T);

    impl<T: Float> Serialize for Wire<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let v = self.0.to_f64();
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
    }

    impl<'de, T: Float> Deserialize<'de> for Wire<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
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
            deserializer
                .deserialize_any(V)
                .map(|v| Wire(T::from_f64(v)))
        }
    }

    /// Reads a float out of an already-parsed JSON value (used by unions).
    pub fn from_value<T: Float>(value: serde_json::Value) -> Result<T, serde_json::Error> {
        serde_json::from_value::<Wire<T>>(value).map(|w| w.0)
    }

    /// `with` adapter for a plain float member.
    pub fn serialize<T: Float, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        Wire(*v).serialize(s)
    }
    /// `with` adapter for a plain float member; `null` reads as 0 (the member's zero value).
    pub fn deserialize<'de, T: Float, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        Ok(Option::<Wire<T>>::deserialize(d)?.map_or(T::from_f64(0.0), |w| w.0))
    }

    /// `with` adapter for `Option<float>`.
    pub mod option {
        use super::*;
        /// Writes `Some` the awsJson way (`None` is skipped by the generated attribute).
        pub fn serialize<T: Float, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
            v.map(Wire).serialize(s)
        }
        /// Reads null as `None`.
        pub fn deserialize<'de, T: Float, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            Ok(Option::<Wire<T>>::deserialize(d)?.map(|w| w.0))
        }
    }

    /// `with` adapter for `Vec<float>`.
    pub mod list {
        use super::*;
        /// Writes each item the awsJson way.
        pub fn serialize<T: Float, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(|x| Wire(*x)))
        }
        /// Reads each item the awsJson way; `null` reads as an empty list.
        pub fn deserialize<'de, T: Float, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
            Ok(Option::<Vec<Wire<T>>>::deserialize(d)?
                .unwrap_or_default()
                .into_iter()
                .map(|w| w.0)
                .collect())
        }
    }

    /// `with` adapter for `Option<Vec<float>>`.
    pub mod option_list {
        use super::*;
        /// Writes each item the awsJson way.
        pub fn serialize<T: Float, S: Serializer>(
            v: &Option<Vec<T>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            v.as_ref()
                .map(|v| v.iter().map(|x| Wire(*x)).collect::<Vec<_>>())
                .serialize(s)
        }
        /// Reads each item the awsJson way; null is `None`.
        pub fn deserialize<'de, T: Float, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Vec<T>>, D::Error> {
            Ok(Option::<Vec<Wire<T>>>::deserialize(d)?
                .map(|v| v.into_iter().map(|w| w.0).collect()))
        }
    }

    /// `with` adapter for `HashMap<K, float>`.
    pub mod map {
        use super::*;
        /// Writes each value the awsJson way.
        pub fn serialize<K: Serialize, T: Float, S: Serializer>(
            v: &HashMap<K, T>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_map(v.iter().map(|(k, x)| (k, Wire(*x))))
        }
        /// Reads each value the awsJson way.
        pub fn deserialize<'de, K: Deserialize<'de> + Eq + Hash, T: Float, D: Deserializer<'de>>(
            d: D,
        ) -> Result<HashMap<K, T>, D::Error> {
            Ok(HashMap::<K, Wire<T>>::deserialize(d)?
                .into_iter()
                .map(|(k, w)| (k, w.0))
                .collect())
        }
    }

    /// `with` adapter for `Option<HashMap<K, float>>`.
    pub mod option_map {
        use super::*;
        /// Writes each value the awsJson way.
        pub fn serialize<K: Serialize, T: Float, S: Serializer>(
            v: &Option<HashMap<K, T>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match v {
                Some(m) => s.collect_map(m.iter().map(|(k, x)| (k, Wire(*x)))),
                None => s.serialize_none(),
            }
        }
        /// Reads each value the awsJson way; null is `None`.
        pub fn deserialize<'de, K: Deserialize<'de> + Eq + Hash, T: Float, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<HashMap<K, T>>, D::Error> {
            Ok(Option::<HashMap<K, Wire<T>>>::deserialize(d)?
                .map(|m| m.into_iter().map(|(k, w)| (k, w.0)).collect()))
        }
    }
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
