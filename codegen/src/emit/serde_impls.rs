//! Part of stage 4, emit: a structure's `Serialize` and `Deserialize`, written out rather than
//! derived, so generated crates build without serde's derive (no proc macro, no `syn`) and a
//! response is read straight into the structure: each member key is matched on the string
//! the parser holds, and its value read into the field, with no intermediate `Option` per
//! member. The reading loop is the runtime's (`serde::read_structure`); each structure says
//! only which member a key is and how its value is read (`serde::Structure`). The wire rules are the same as ever: members by wire name, `None` left out, a
//! `null` read as absent (an `Option`'s `None`, else the member's `@default` or its zero
//! value), unknown members skipped, and a structure read only from a JSON object.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::or_default;
use super::tokens::{ident, runtime};
use crate::ir::{Field, Presence};

/// Both impls for the structure `name` with `fields`.
pub fn struct_serde(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let serialize = serialize_impl(name, fields);
    let deserialize = deserialize_impl(name, fields);
    quote!(#serialize #deserialize)
}

/// `Serialize`: a struct of the members that are set, in model order.
fn serialize_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let rt = runtime();
    let label = name.to_string();
    let always = fields
        .iter()
        .filter(|f| f.presence != Presence::Optional)
        .count();
    // The members always written, plus one per `Option` that is set.
    let optional = fields
        .iter()
        .filter(|f| f.presence == Presence::Optional)
        .map(|f| {
            let field = ident(&f.name);
            quote!(usize::from(self.#field.is_some()))
        });
    let terms: Vec<TokenStream> = (always > 0 || fields.is_empty())
        .then(|| quote!(#always))
        .into_iter()
        .chain(optional)
        .collect();
    let writes = fields.iter().map(|f| {
        let (field, key) = (ident(&f.name), &f.wire_name);
        let value = |v: TokenStream| match f.serde_with {
            Some(codec) => {
                let module = ident(codec.module());
                quote!(&#rt::serde::#module::wire(#v))
            }
            None => v,
        };
        if f.presence == Presence::Optional {
            let value = value(quote!(value));
            quote! {
                match &self.#field {
                    ::std::option::Option::Some(value) => state.serialize_field(#key, #value)?,
                    ::std::option::Option::None => state.skip_field(#key)?,
                }
            }
        } else {
            let value = value(quote!(&self.#field));
            quote!(state.serialize_field(#key, #value)?;)
        }
    });
    let state = if fields.is_empty() {
        quote!(state)
    } else {
        quote!(mut state)
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let len = #(#terms)+*;
                let #state = serializer.serialize_struct(#label, len)?;
                #(#writes)*
                state.end()
            }
        }
    }
}

/// `Deserialize`: the runtime's `read_structure`, told by a `Structure` impl which member a
/// key is and how each member's value is read.
fn deserialize_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let rt = runtime();
    let expecting = format!("struct {name}");
    let keys = fields.iter().enumerate().map(|(i, f)| {
        let (key, index) = (&f.wire_name, i as u16);
        quote!(#key => #index,)
    });
    // `read_member` gets only the indices `member` gave, so the last member is the fallback arm.
    let reads: Vec<TokenStream> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (field, read) = (ident(&f.name), read_value(f));
            let pattern = if i + 1 == fields.len() {
                quote!(_)
            } else {
                let index = i as u16;
                quote!(#index)
            };
            quote!(#pattern => self.#field = #read,)
        })
        .collect();
    let (key, member) = if fields.is_empty() {
        (quote!(_key), quote!(u16::MAX))
    } else {
        (quote!(key), quote!(match key { #(#keys)* _ => u16::MAX }))
    };
    let (index, map, dispatch) = match fields {
        // A structure without members reads nothing; with one, there is nothing to choose.
        [] => (quote!(_index), quote!(_map), TokenStream::new()),
        [only] => {
            let (field, read) = (ident(&only.name), read_value(only));
            (quote!(_index), quote!(map), quote!(self.#field = #read;))
        }
        _ => (
            quote!(index),
            quote!(map),
            quote! {
                match index {
                    #(#reads)*
                }
            },
        ),
    };
    quote! {
        impl #rt::serde::Structure for #name {
            const EXPECTING: &'static str = #expecting;

            fn member(#key: &str) -> u16 {
                #member
            }

            fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, #index: u16, #map: &mut A) -> ::std::result::Result<(), A::Error> {
                #dispatch
                ::std::result::Result::Ok(())
            }
        }

        #rt::structure_deserialize!(#name);
    }
}

/// How one member's value is read: through its codec, as an `Option`, or with `null` read as
/// its `@default` or zero value.
fn read_value(f: &Field) -> TokenStream {
    let rt = runtime();
    let ty = &f.ty;
    match (f.serde_with, &f.presence, &f.default) {
        (Some(codec), _, _) => {
            let module = ident(codec.module());
            quote!(map.next_value_seed(#rt::serde::#module::seed())?)
        }
        (None, Presence::Optional, _) => quote!(map.next_value()?),
        (None, _, Some(default)) if *ty != crate::ir::RustType::Document => {
            let or_default = or_default(ty, default);
            quote!(map.next_value::<::std::option::Option<#ty>>()? #or_default)
        }
        (None, _, _) => {
            quote!(map.next_value::<::std::option::Option<#ty>>()?.unwrap_or_default())
        }
    }
}
