//! Macros that generated crates call for impls that are the same for every type of a kind:
//! what would otherwise be dozens of identical lines per type in every generated crate.
//! They are for generated code only.

/// `Deserialize` for a generated structure `$ty`, through its [`Structure`](crate::serde::Structure)
/// impl and [`read_structure`](crate::serde::read_structure).
#[doc(hidden)]
#[macro_export]
macro_rules! structure_deserialize {
    ($ty:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::serde::read_structure(deserializer)
            }
        }
    };
}

/// The traits every generated string enum `$ty` has that need only its `as_str()` and
/// `From<&str>`: `From<String>`, `FromStr`, `Display`, the zero value (the empty string,
/// aws-default-zero-value) and the wire serde (the value as a JSON string).
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum_traits {
    ($ty:ident) => {
        impl ::std::convert::From<::std::string::String> for $ty {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::default::Default for $ty {
            fn default() -> Self {
                Self::from("")
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::serde::string_enum(deserializer, |value: &str| Self::from(value))
            }
        }
    };
}

/// The traits every generated int enum `$ty` has that need only its `value()` and
/// `From<i32>`: `Display`, the zero value (0, aws-default-zero-value) and the wire serde (the
/// value as a JSON number).
#[doc(hidden)]
#[macro_export]
macro_rules! int_enum_traits {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::std::default::Default for $ty {
            fn default() -> Self {
                Self::from(0)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(Self::from(<i32 as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?))
            }
        }
    };
}
