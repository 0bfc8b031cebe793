//! Part of stage 4, emit: the setters and the getter of a field (`member(..)`, `set_member(..)`
//! and `get_member()`), shared by structure builders, which store the value, and fluent
//! builders, which hand it on to the input's builder. Lists and maps get an adder that takes
//! one item or entry.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{deprecated, docs, ident, setter_param, setter_store};
use crate::ir::{Field, RustType};

/// Where the setters put the value.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// Into the builder's own `Option` field of the same name.
    Store,
    /// Into `self.inner`, the input builder, through its setter of the same name.
    Delegate,
    /// Into `self.inner`, the operation's fluent builder (its path under `crate` and its name,
    /// for the docs), through its setter of the same name: a waiter builder wraps the fluent
    /// builder.
    Wrap(&'a str, &'a str),
}

/// Both setters of `f`.
pub fn setters(f: &Field, target: Target<'_>) -> TokenStream {
    let Field {
        name,
        setter,
        set_setter,
        getter,
        ty,
        docs: field_docs,
        deprecated: field_deprecated,
        // Storage, serde, Debug and build() are the struct emitter's.
        wire_name: _,
        debug_label: _,
        presence: _,
        required_in_builder: _,
        redact: _,
        serde_with: _,
        accessor: _,
    } = f;
    let field = ident(name);
    let setter = ident(setter);
    let set_setter = ident(set_setter);
    let getter = ident(getter);
    let gap = (!field_docs.is_empty()).then(|| quote!(#[doc = ""]));
    let field_docs = docs(field_docs);
    let field_deprecated = deprecated(field_deprecated);
    let (params, args, store, note) = match ty {
        RustType::List(item) => {
            let param = setter_param(item);
            let value = setter_store(item, &quote!(item));
            (
                quote!(item: #param),
                quote!(item),
                quote!(self.#field.get_or_insert_with(::std::vec::Vec::new).push(#value);),
                Some(
                    " Adds one item; call it again to add more, or use the `set_` method to replace the list.",
                ),
            )
        }
        RustType::Map(k, v) => {
            let (key_param, value_param) = (setter_param(k), setter_param(v));
            let (key, value) = (
                setter_store(k, &quote!(key)),
                setter_store(v, &quote!(value)),
            );
            (
                quote!(key: #key_param, value: #value_param),
                quote!(key, value),
                quote!(self.#field.get_or_insert_with(::std::collections::HashMap::new).insert(#key, #value);),
                Some(
                    " Adds one entry; call it again to add more, or use the `set_` method to replace the map.",
                ),
            )
        }
        other => {
            let param = setter_param(other);
            let value = setter_store(other, &quote!(input));
            (
                quote!(input: #param),
                quote!(input),
                quote!(self.#field = ::std::option::Option::Some(#value);),
                None,
            )
        }
    };
    if let Target::Wrap(path, name) = target {
        return wrapping_setters(f, (path, name), params, args);
    }
    let (add_body, set_body, get_body) = match target {
        Target::Store => (store, quote!(self.#field = input;), quote!(&self.#field)),
        Target::Delegate | Target::Wrap(..) => (
            quote!(self.inner = self.inner.#setter(#args);),
            quote!(self.inner = self.inner.#set_setter(input);),
            quote!(self.inner.#getter()),
        ),
    };
    // A note starts a new paragraph after the member's own docs, if it has any.
    let note = note.map(|n| quote!(#gap #[doc = #n]));
    // The member's docs are on the setter; `set_` and `get_` point there.
    let shown = f.setter.strip_prefix("r#").unwrap_or(&f.setter);
    // Linked by the method's anchor: intra-doc paths cannot name a raw identifier (`r#type`).
    let set_doc = format!(" Replaces the value of [`{shown}`](#method.{shown}); `None` unsets it.");
    let get_doc = format!(" The value of [`{shown}`](#method.{shown}) set so far.");
    quote! {
        #field_docs
        #note
        #field_deprecated
        pub fn #setter(mut self, #params) -> Self {
            #add_body
            self
        }

        #[doc = #set_doc]
        #field_deprecated
        pub fn #set_setter(mut self, input: ::std::option::Option<#ty>) -> Self {
            #set_body
            self
        }

        #[doc = #get_doc]
        #field_deprecated
        pub fn #getter(&self) -> &::std::option::Option<#ty> {
            #get_body
        }
    }
}

/// A wrapping builder's setters: each hands the value to the wrapped fluent builder's setter of
/// the same name, documented there.
fn wrapping_setters(
    f: &Field,
    (path, name): (&str, &str),
    params: TokenStream,
    args: TokenStream,
) -> TokenStream {
    let (setter, set_setter, getter) = (ident(&f.setter), ident(&f.set_setter), ident(&f.getter));
    let ty = &f.ty;
    // Linked by the method's anchor: intra-doc paths cannot name a raw identifier (`r#type`).
    let see = |method: &str| {
        let shown = method.strip_prefix("r#").unwrap_or(method);
        format!(" See [`{name}::{shown}`](crate::{path}#method.{shown}).")
    };
    let (see_setter, see_set, see_get) = (see(&f.setter), see(&f.set_setter), see(&f.getter));
    let field_deprecated = deprecated(&f.deprecated);
    quote! {
        #[doc = #see_setter]
        #field_deprecated
        pub fn #setter(mut self, #params) -> Self {
            self.inner = self.inner.#setter(#args);
            self
        }

        #[doc = #see_set]
        #field_deprecated
        pub fn #set_setter(mut self, input: ::std::option::Option<#ty>) -> Self {
            self.inner = self.inner.#set_setter(input);
            self
        }

        #[doc = #see_get]
        #field_deprecated
        pub fn #getter(&self) -> &::std::option::Option<#ty> {
            self.inner.#getter()
        }
    }
}
