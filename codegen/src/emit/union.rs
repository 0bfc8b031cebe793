//! Part of stage 4, emit: unions as enums with one variant per member and one for members this
//! model does not know (aws-json: an unknown union member must not fail the response).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{deprecated, docs, ident, runtime, variant};
use crate::ir::{TypeDef, Union, UnionVariant};

/// The union enum, its serde impls and, when a member is sensitive, its `Debug`.
pub fn union(def: &TypeDef, u: &Union) -> TokenStream {
    let TypeDef {
        path,
        docs: type_docs,
        deprecated: type_deprecated,
        wire_name,
        // `u` is the kind; the file is the module's concern.
        home: _,
        file: _,
        kind: _,
    } = def;
    let Union {
        variants,
        unknown,
        redacted_debug,
    } = u;
    let name = ident(&path.name);
    let unknown = ident(unknown);
    let type_docs = docs(type_docs);
    let type_deprecated = deprecated(type_deprecated);
    let derive_debug = (!redacted_debug).then(|| quote!(Debug,));
    let variant_defs = variants.iter().map(|v| {
        let UnionVariant {
            name,
            ty,
            docs,
            deprecated,
            // Used by the serde and Debug impls below.
            wire_name: _,
            codec: _,
            redact: _,
        } = v;
        variant(name, docs, deprecated, ty.as_ref().map(|ty| quote!((#ty))))
    });
    let serde_impls = serde_impls(&name, wire_name, &unknown, variants);
    let debug_impl = redacted_debug.then(|| redacted_debug_impl(&name, &unknown, variants));
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Clone, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A member this version of the crate does not know. It cannot be sent back.
            #unknown,
        }

        /// The zero value: a union with no known member set.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#unknown
            }
        }

        #serde_impls
        #debug_impl
    }
}

/// How a variant is written: its key and its value (through its codec, if any).
fn serialize_arm(v: &UnionVariant) -> TokenStream {
    let rt = runtime();
    let variant = ident(&v.name);
    let key = &v.wire_name;
    let (pattern, value) = match (&v.ty, v.codec) {
        (None, _) => (quote!(Self::#variant), quote!(&#rt::serde::Unit)),
        (Some(_), Some(codec)) => {
            let module = ident(codec.module());
            (
                quote!(Self::#variant(value)),
                quote!(&#rt::serde::#module::wire(value)),
            )
        }
        (Some(_), None) => (quote!(Self::#variant(value)), quote!(value)),
    };
    quote!(#pattern => #rt::serde::serialize_union(serializer, #key, #value),)
}

/// How a variant is read from its member's key and parsed value.
fn deserialize_arm(v: &UnionVariant) -> TokenStream {
    let rt = runtime();
    let variant = ident(&v.name);
    let key = &v.wire_name;
    match (&v.ty, v.codec) {
        (None, _) => quote!(#key => Self::#variant,),
        (Some(_), Some(codec)) => {
            let module = ident(codec.module());
            quote!(#key => Self::#variant(#rt::serde::#module::from_value(value)?),)
        }
        (Some(_), None) => quote!(#key => Self::#variant(#rt::serde::union_member(value)?),),
    }
}

/// `Serialize` and `Deserialize`: the variants' keys and values; the wire rules are the
/// runtime's (`serde::serialize_union`, `serde::deserialize_union`).
fn serde_impls(
    name: &proc_macro2::Ident,
    wire_name: &str,
    unknown: &proc_macro2::Ident,
    variants: &[UnionVariant],
) -> TokenStream {
    let rt = runtime();
    let serialize_arms = variants.iter().map(serialize_arm);
    let deserialize_arms = variants.iter().map(deserialize_arm);
    // Unit-only unions never read the member's value.
    let value_binding = if variants.iter().any(|v| v.ty.is_some()) {
        ident("value")
    } else {
        ident("_value")
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown => ::std::result::Result::Err(#rt::serde::unknown_union_member(#wire_name)),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::serde::deserialize_union(deserializer, #wire_name, |key, #value_binding| {
                    ::std::result::Result::Ok(match key {
                        #(#deserialize_arms)*
                        _ => Self::#unknown,
                    })
                })
            }
        }
    }
}

/// `Debug` that prints sensitive members as redacted.
fn redacted_debug_impl(
    name: &proc_macro2::Ident,
    unknown: &proc_macro2::Ident,
    variants: &[UnionVariant],
) -> TokenStream {
    let rt = runtime();
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let label = &v.name;
        match (&v.ty, v.redact) {
            (None, _) => quote!(Self::#variant => f.write_str(#label),),
            (Some(_), true) => {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#rt::Redacted).finish(),)
            }
            (Some(_), false) => {
                quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        }
    });
    let unknown_label = unknown.to_string();
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::#unknown => f.write_str(#unknown_label),
                }
            }
        }
    }
}
