//! Part of stage 4, emit: string enums and integer enums that keep values the model does not
//! know, so a newer service never breaks an older client.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{deprecated, docs, ident, variant};
use crate::ir::{Enum, IntEnum, IntVariant, TypeDef, Variant};

/// A string enum with `as_str`, `From<&str>`, `FromStr`, `Display` and wire serde.
pub fn string_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let TypeDef {
        path,
        docs: type_docs,
        deprecated: type_deprecated,
        // Enums are written by value; where the file lives is the module's concern.
        wire_name: _,
        home: _,
        file: _,
        kind: _,
    } = def;
    let Enum { variants, unknown } = e;
    let name = ident(&path.name);
    let unknown = ident(unknown);
    let type_docs = docs(type_docs);
    let type_deprecated = deprecated(type_deprecated);
    let variant_defs = variants.iter().map(|v| {
        let Variant {
            name,
            docs,
            deprecated,
            // Used by the conversions below.
            value: _,
        } = v;
        variant(name, docs, deprecated, None)
    });
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
    let traits = string_enum_traits(&name);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        #traits
    }
}

/// An integer enum with `value`, `From<i32>` and wire serde.
pub fn int_enum(def: &TypeDef, e: &IntEnum) -> TokenStream {
    let TypeDef {
        path,
        docs: type_docs,
        deprecated: type_deprecated,
        // Enums are written by value; where the file lives is the module's concern.
        wire_name: _,
        home: _,
        file: _,
        kind: _,
    } = def;
    let IntEnum { variants, unknown } = e;
    let name = ident(&path.name);
    let unknown = ident(unknown);
    let type_docs = docs(type_docs);
    let type_deprecated = deprecated(type_deprecated);
    let variant_defs = variants.iter().map(|v| {
        let IntVariant {
            name,
            docs,
            deprecated,
            // Used by the conversions below.
            value: _,
        } = v;
        variant(name, docs, deprecated, None)
    });
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value).collect();
    let traits = int_enum_traits(&name);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(i32),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#names => #values,)*
                    Self::#unknown(value) => *value,
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::#unknown(other),
                }
            }
        }

        #traits
    }
}

/// The traits every string enum has that only need its `as_str` and `From<&str>`: the other
/// conversions, `Display`, the zero value and the wire serde.
fn string_enum_traits(name: &proc_macro2::Ident) -> TokenStream {
    let rt = super::tokens::runtime();
    quote! {
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The zero value (aws-default-zero-value): the empty string.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::from("")
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::serde::string_enum(deserializer, |value: &str| Self::from(value))
            }
        }
    }
}

/// The traits every int enum has that only need its `value` and `From<i32>`: `Display`, the
/// zero value and the wire serde.
fn int_enum_traits(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        /// The zero value (aws-default-zero-value): 0.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::from(0)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(Self::from(<i32 as ::serde::Deserialize>::deserialize(deserializer)?))
            }
        }
    }
}
