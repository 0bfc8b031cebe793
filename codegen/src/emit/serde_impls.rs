//! Part of stage 4, emit: a structure's `Serialize` and `Deserialize`, written out rather than
//! derived, so generated crates build without serde's derive (no proc macro, no `syn`) and a
//! response is read straight into the structure: each member key is matched on the string
//! the parser holds, and its value read into the field, with no intermediate `Option` per
//! member. The reading loop is the runtime's (`serde::read_structure`); each structure says
//! only which member a key is and how its value is read (`serde::Structure`). The wire rules
//! are the same as ever: members by wire name, `None` left out, a `null` read as absent (an
//! `Option`'s `None`, else the member's `@default` or its zero value), unknown members
//! skipped, and a structure read only from a JSON object.

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

/// `Serialize`: a JSON object of the members, in model order; an `Option` that is `None` is
/// left out, every other member written (an effective default goes out as set).
fn serialize_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let rt = runtime();
    let writes = fields.iter().map(|f| {
        let (field, key) = (ident(&f.name), &f.wire_name);
        let optional = f.presence == Presence::Optional;
        match (f.serde_with, optional) {
            (Some(codec), true) => {
                let module = ident(codec.module());
                quote!(wire::#module::optional(&mut map, #key, &self.#field)?;)
            }
            (Some(codec), false) => {
                let module = ident(codec.module());
                quote!(map.serialize_entry(#key, &wire::#module::wire(&self.#field))?;)
            }
            (None, true) => quote!(wire::optional(&mut map, #key, &self.#field)?;),
            (None, false) => quote!(map.serialize_entry(#key, &self.#field)?;),
        }
    });
    // Each `use` only where a member needs it: `wire` for `None` left out or a codec, the
    // trait for members written directly.
    let needs_wire = fields
        .iter()
        .any(|f| f.serde_with.is_some() || f.presence == Presence::Optional);
    let needs_trait = fields.iter().any(|f| f.presence != Presence::Optional);
    let use_wire = needs_wire.then(|| quote!(use #rt::serde as wire;));
    let use_trait = needs_trait.then(|| {
        quote!(
            use ::serde::ser::SerializeMap as _;
        )
    });
    let uses = quote!(#use_wire #use_trait);
    let map = if fields.is_empty() {
        quote!(map)
    } else {
        quote!(mut map)
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #uses
                let #map = serializer.serialize_map(::std::option::Option::None)?;
                #(#writes)*
                ::serde::ser::SerializeMap::end(map)
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
    let use_wire = fields
        .iter()
        .any(|f| f.serde_with.is_some())
        .then(|| quote!(use #rt::serde as wire;));
    let (key, member) = if fields.is_empty() {
        (quote!(_key), quote!(u16::MAX))
    } else {
        (quote!(key), quote!(match key { #(#keys)* _ => u16::MAX }))
    };
    let (index, map, dispatch) = member_dispatch(fields);
    quote! {
        impl #rt::serde::Structure for #name {
            const EXPECTING: &'static str = #expecting;

            fn member(#key: &str) -> u16 {
                #member
            }

            /// One arm per member, so as long as the structure is wide.
            fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, #index: u16, #map: &mut A) -> ::std::result::Result<(), A::Error> {
                #use_wire
                #dispatch
                ::std::result::Result::Ok(())
            }
        }

        #rt::structure_deserialize!(#name);
    }
}

/// The parameters `read_member` names (`_`-prefixed when unused) and its body: nothing for a
/// structure without members, one assignment for one member, otherwise a `match` on the index.
/// `read_member` gets only the indices `member` gave, so the last member is the fallback arm.
fn member_dispatch(fields: &[Field]) -> (TokenStream, TokenStream, TokenStream) {
    match fields {
        [] => (quote!(_index), quote!(_map), TokenStream::new()),
        [only] => {
            let (field, read) = (ident(&only.name), read_value(only));
            (quote!(_index), quote!(map), quote!(self.#field = #read;))
        }
        _ => {
            let last = fields.len() - 1;
            let reads = fields.iter().enumerate().map(|(i, f)| {
                let (field, read) = (ident(&f.name), read_value(f));
                let pattern = if i == last {
                    quote!(_)
                } else {
                    let index = i as u16;
                    quote!(#index)
                };
                quote!(#pattern => self.#field = #read,)
            });
            (
                quote!(index),
                quote!(map),
                quote!(match index { #(#reads)* }),
            )
        }
    }
}

/// How one member's value is read: through its codec, as an `Option`, or with `null` read as
/// its `@default` or zero value.
fn read_value(f: &Field) -> TokenStream {
    let ty = &f.ty;
    match (f.serde_with, &f.presence, &f.default) {
        (Some(codec), _, _) => {
            let module = ident(codec.module());
            quote!(map.next_value_seed(wire::#module::seed())?)
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
