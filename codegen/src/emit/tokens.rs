//! Part of stage 4, emit: tokens shared by every emitter (types, paths, docs, attributes).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::ir::{Deprecation, RustType, TypePath};

// Paths in generated code are absolute (`::std::option::Option`) so that a model shape named
// `Option`, `Result` or `String` cannot change what they mean. Derive lists are the exception,
// written with the prelude's names (`#[derive(Clone, Debug)]`): derive macros are looked up
// in the macro namespace, where no generated type lives, so a shape named `Clone` or `Debug`
// cannot shadow them (the `hostile.json` and `collisions.json` fixtures have such shapes).

/// The library name of the hand-written runtime crate that generated code calls.
const RUNTIME: &str = "aws_json_runtime";

/// The runtime crate as a path (`::aws_json_runtime`).
pub fn runtime() -> TokenStream {
    let name = ident(RUNTIME);
    quote!(::#name)
}

/// An identifier that may be a raw identifier (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl ToTokens for TypePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let module = self.module.iter().map(|m| ident(m));
        let name = ident(&self.name);
        tokens.extend(quote!(crate #(:: #module)* :: #name));
    }
}

impl ToTokens for RustType {
    /// Generic types write their parameters straight into `tokens`: building each level as its
    /// own stream and copying it into the next would cost quadratic time in the nesting depth.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let rt = runtime();
        let leaf = match self {
            RustType::Bool => quote!(bool),
            RustType::I8 => quote!(i8),
            RustType::I16 => quote!(i16),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::I128 => quote!(i128),
            RustType::F32 => quote!(f32),
            RustType::F64 => quote!(f64),
            RustType::String => quote!(::std::string::String),
            RustType::Blob => quote!(#rt::Blob),
            RustType::DateTime => quote!(#rt::DateTime),
            RustType::Document => quote!(#rt::Document),
            RustType::Named(path) => path.to_token_stream(),
            RustType::List(item) => {
                tokens.extend(quote!(::std::vec::Vec<));
                item.to_tokens(tokens);
                tokens.extend(quote!(>));
                return;
            }
            RustType::Map(k, v) => {
                tokens.extend(quote!(::std::collections::HashMap<));
                k.to_tokens(tokens);
                tokens.extend(quote!(,));
                v.to_tokens(tokens);
                tokens.extend(quote!(>));
                return;
            }
            RustType::Nullable(t) => {
                tokens.extend(quote!(::std::option::Option<));
                t.to_tokens(tokens);
                tokens.extend(quote!(>));
                return;
            }
            RustType::Boxed(t) => {
                tokens.extend(quote!(::std::boxed::Box<));
                t.to_tokens(tokens);
                tokens.extend(quote!(>));
                return;
            }
        };
        tokens.extend(leaf);
    }
}

/// One line of a doc comment, spliced as the string of `#[doc = ...]`. Model text can hold
/// carriage returns and other control characters, which rustc rejects in a `///` comment
/// (prettyplease prints doc attributes as comments): each becomes a space.
#[derive(Debug, Clone)]
pub struct Doc(pub String);

impl ToTokens for Doc {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let clean: String = self
            .0
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        clean.to_tokens(tokens);
    }
}

/// `#[doc = "..."]` lines.
pub fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| Doc(format!(" {l}")));
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` lines: a module's own docs, with empty lines kept empty.
pub fn inner_docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            Doc(String::new())
        } else {
            Doc(format!(" {l}"))
        }
    });
    quote!(#(#![doc = #lines])*)
}

/// `#[deprecated]` with its note, or nothing.
pub fn deprecated(d: &Option<Deprecation>) -> TokenStream {
    match d {
        Some(Deprecation { note: Some(note) }) => quote!(#[deprecated(note = #note)]),
        Some(Deprecation { note: None }) => quote!(#[deprecated]),
        None => TokenStream::new(),
    }
}

/// What a user may pass to a setter for a value of `ty`: `impl Into<T>`, unboxed.
pub fn setter_param(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Boxed(inner) => quote!(impl ::std::convert::Into<#inner>),
        other => quote!(impl ::std::convert::Into<#other>),
    }
}

/// Converts a setter argument `value` into the stored `ty` (boxing when needed).
pub fn setter_store(ty: &RustType, value: &TokenStream) -> TokenStream {
    match ty {
        RustType::Boxed(_) => quote!(::std::boxed::Box::new(#value.into())),
        _ => quote!(#value.into()),
    }
}

/// One enum or union variant with its docs and `#[deprecated]`; `payload` is `(T)` or nothing.
pub fn variant(
    name: &str,
    variant_docs: &[String],
    variant_deprecated: &Option<Deprecation>,
    payload: Option<TokenStream>,
) -> TokenStream {
    let name = ident(name);
    let variant_docs = docs(variant_docs);
    let variant_deprecated = deprecated(variant_deprecated);
    quote!(#variant_docs #variant_deprecated #name #payload,)
}
