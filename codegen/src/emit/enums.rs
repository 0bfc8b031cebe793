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
    let conversions = string_conversions(&name, &unknown, variants);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(::std::string::String),
        }

        #conversions
    }
}

/// `as_str`, `values` and `From<&str>` (the value table), and the rest from the runtime's
/// `string_enum_traits!`.
fn string_conversions(
    name: &proc_macro2::Ident,
    unknown: &proc_macro2::Ident,
    variants: &[Variant],
) -> TokenStream {
    let rt = super::tokens::runtime();
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
    quote! {
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

        #rt::string_enum_traits!(#name);
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
    let conversions = int_conversions(&name, &unknown, variants);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(i32),
        }

        #conversions
    }
}

/// `value`, `values` and `From<i32>` (the value table), and the rest from the runtime's
/// `int_enum_traits!`.
fn int_conversions(
    name: &proc_macro2::Ident,
    unknown: &proc_macro2::Ident,
    variants: &[IntVariant],
) -> TokenStream {
    let rt = super::tokens::runtime();
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value).collect();
    quote! {
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

        #rt::int_enum_traits!(#name);
    }
}
