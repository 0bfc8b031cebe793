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

/// How the setter of a field takes its value: parameters, the arguments that hand them on,
/// how they are stored, and a note for lists and maps (whose setter adds one item or entry).
struct Adder {
    params: TokenStream,
    args: TokenStream,
    store: TokenStream,
    note: Option<&'static str>,
}

fn adder(field: &proc_macro2::Ident, ty: &RustType) -> Adder {
    match ty {
        RustType::List(item) => {
            let (param, value) = (setter_param(item), setter_store(item, &quote!(item)));
            Adder {
                params: quote!(item: #param),
                args: quote!(item),
                store: quote!(self.#field.get_or_insert_with(::std::vec::Vec::new).push(#value);),
                note: Some(
                    " Adds one item; call it again to add more, or use the `set_` method to replace the list.",
                ),
            }
        }
        RustType::Map(k, v) => {
            let (key_param, value_param) = (setter_param(k), setter_param(v));
            let (key, value) = (
                setter_store(k, &quote!(key)),
                setter_store(v, &quote!(value)),
            );
            Adder {
                params: quote!(key: #key_param, value: #value_param),
                args: quote!(key, value),
                store: quote!(self.#field.get_or_insert_with(::std::collections::HashMap::new).insert(#key, #value);),
                note: Some(
                    " Adds one entry; call it again to add more, or use the `set_` method to replace the map.",
                ),
            }
        }
        other => {
            let (param, value) = (setter_param(other), setter_store(other, &quote!(input)));
            Adder {
                params: quote!(input: #param),
                args: quote!(input),
                store: quote!(self.#field = ::std::option::Option::Some(#value);),
                note: None,
            }
        }
    }
}

/// The setter, `set_` and `get_` methods of `f`.
// Over 60 lines: the field destructured without `..`, then one template for its three methods.
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
        default: _,
        required_in_builder: _,
        redact: _,
        serde_with: _,
        accessor: _,
    } = f;
    let (field, setter_ident) = (ident(name), ident(setter));
    let (set_ident, get_ident) = (ident(set_setter), ident(getter));
    let Adder {
        params,
        args,
        store,
        note,
    } = adder(&field, ty);
    let (add_body, set_body, get_body) = match target {
        Target::Wrap(path, name) => return wrapping_setters(f, (path, name), params, args),
        Target::Store => (store, quote!(self.#field = input;), quote!(&self.#field)),
        Target::Delegate => (
            quote!(self.inner = self.inner.#setter_ident(#args);),
            quote!(self.inner = self.inner.#set_ident(input);),
            quote!(self.inner.#get_ident()),
        ),
    };
    // A note starts a new paragraph after the member's own docs, if it has any.
    let gap = (!field_docs.is_empty()).then(|| quote!(#[doc = ""]));
    let note = note.map(|n| quote!(#gap #[doc = #n]));
    let (field_docs, field_deprecated) = (docs(field_docs), deprecated(field_deprecated));
    let lint = operator_name(setter);
    // The member's docs are on the setter; `set_` and `get_` point there, by the method's
    // anchor: intra-doc paths cannot name a raw identifier (`r#type`).
    let shown = setter.strip_prefix("r#").unwrap_or(setter);
    let set_doc = format!(" Replaces the value of [`{shown}`](#method.{shown}); `None` unsets it.");
    let get_doc = format!(" The value of [`{shown}`](#method.{shown}) set so far.");
    quote! {
        #field_docs
        #note
        #field_deprecated
        #lint
        pub fn #setter_ident(mut self, #params) -> Self {
            #add_body
            self
        }

        #[doc = #set_doc]
        #field_deprecated
        pub fn #set_ident(mut self, input: ::std::option::Option<#ty>) -> Self {
            #set_body
            self
        }

        #[doc = #get_doc]
        #field_deprecated
        pub fn #get_ident(&self) -> &::std::option::Option<#ty> {
            #get_body
        }
    }
}

/// `#[allow(clippy::should_implement_trait)]` for a setter named like a binary operator's
/// method (`add` for a member `add`, as ECS's `KernelCapabilities` has): the name is the
/// model's, and the official SDK's, so it stays.
fn operator_name(setter: &str) -> Option<TokenStream> {
    const OPERATORS: [&str; 10] = [
        "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
    ];
    OPERATORS
        .contains(&setter)
        .then(|| quote!(#[allow(clippy::should_implement_trait)]))
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
    let lint = operator_name(&f.setter);
    quote! {
        #[doc = #see_setter]
        #field_deprecated
        #lint
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
