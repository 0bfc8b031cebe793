//! Part of stage 4, emit: a structure, its builder, and for `@error` shapes the error impls.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::serde_impls::struct_serde;
use super::setters::{Target, setters};
use super::tokens::{deprecated, docs, ident, runtime};
use crate::ir::{
    DefaultValue, ErrorStruct, Field, MessageField, Presence, RustType, Struct, TypeDef,
};

/// The struct, its builder and their impls.
pub fn structure(def: &TypeDef, s: &Struct) -> TokenStream {
    let TypeDef {
        path,
        docs: type_docs,
        deprecated: type_deprecated,
        wire_name,
        // `s` is the kind; the module and file are the assembler's concern.
        home: _,
        file: _,
        kind: _,
    } = def;
    let Struct {
        fields,
        builder,
        // Where others name the builder (the fluent builder); here it is in scope.
        builder_path: _,
        error,
        redacted_debug,
        fallible_build,
        output,
    } = s;
    let extra = match (error.is_some(), *output) {
        (true, _) => Extra::ErrorMeta,
        (false, true) => Extra::Response,
        (false, false) => Extra::Nothing,
    };
    let name = ident(&path.name);
    let builder_ident = ident(builder);
    let derive_debug = (!redacted_debug).then(|| quote!(Debug,));
    let debug_impls = redacted_debug.then(|| {
        let struct_debug = redacted_debug_impl(&name, fields);
        let builder_debug = redacted_debug_impl(&builder_ident, fields);
        quote!(#struct_debug #builder_debug)
    });
    let definition = struct_def(
        &name,
        type_docs,
        type_deprecated,
        fields,
        extra,
        derive_debug.clone(),
    );
    let builder_def = builder_def(
        &path.name,
        builder,
        fields,
        derive_debug,
        *fallible_build,
        extra,
    );
    let error_impls = error.as_ref().map(|e| error_impls(&name, wire_name, e));
    let output_impls = output.then(|| output_impls(&name));
    quote! {
        #definition
        #builder_def
        #debug_impls
        #error_impls
        #output_impls
    }
}

/// What a structure holds besides its members. No member can be called `_meta` or
/// `_response`: member names never start with `_` in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    Nothing,
    /// What the service said about an error (code, message, request id, status), filled in
    /// when the error is read from a response.
    ErrorMeta,
    /// What an output's response said besides its body (the request id).
    Response,
}

impl Extra {
    fn field(self) -> Option<TokenStream> {
        let rt = runtime();
        match self {
            Extra::Nothing => None,
            Extra::ErrorMeta => Some(quote!(pub(crate) _meta: #rt::ErrorMetadata,)),
            Extra::Response => Some(quote!(pub(crate) _response: #rt::ResponseMeta,)),
        }
    }

    /// The field's value in a struct the builder or `Default` makes.
    fn init(self) -> Option<TokenStream> {
        match self {
            Extra::Nothing => None,
            Extra::ErrorMeta => Some(quote!(_meta: ::std::default::Default::default(),)),
            Extra::Response => Some(quote!(_response: ::std::default::Default::default(),)),
        }
    }
}

/// An output's request id (`RequestId`, as on the official outputs), and how the client sets
/// it.
fn output_impls(name: &proc_macro2::Ident) -> TokenStream {
    let rt = runtime();
    quote! {
        impl #rt::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self._response.request_id()
            }
        }

        impl #rt::OutputMeta for #name {
            fn response_meta_mut(&mut self) -> &mut #rt::ResponseMeta {
                &mut self._response
            }
        }
    }
}

/// The struct itself, its accessors and its serde.
fn struct_def(
    name: &proc_macro2::Ident,
    type_docs: &[String],
    type_deprecated: &Option<crate::ir::Deprecation>,
    fields: &[Field],
    extra: Extra,
    derive_debug: Option<TokenStream>,
) -> TokenStream {
    let type_docs = docs(type_docs);
    let type_deprecated = deprecated(type_deprecated);
    let field_defs = fields.iter().map(field_def);
    let accessors: Vec<_> = fields.iter().filter_map(accessor).collect();
    let accessor_impl = (!accessors.is_empty()).then(|| quote!(impl #name { #(#accessors)* }));
    let meta_field = extra.field();
    // With a `@default` value of its own on some member, `Default` is written out (serde reads
    // a member the response leaves out from it).
    let own_default = default_impl(name, fields, extra);
    let derive_default = own_default.is_none().then(|| quote!(Default,));
    let serde_impls = struct_serde(name, fields);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Clone, PartialEq, #derive_default #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
            #meta_field
        }

        #own_default

        #accessor_impl

        #serde_impls
    }
}

/// `Type::builder()`, the builder struct, its setters and `build()`.
fn builder_def(
    type_name: &str,
    builder: &str,
    fields: &[Field],
    derive_debug: Option<TokenStream>,
    fallible: bool,
    extra: Extra,
) -> TokenStream {
    let name = ident(type_name);
    let builder_ident = ident(builder);
    let builder_doc = format!(
        " A builder for [`{type_name}`](struct@{type_name}). Create one with [`{type_name}::builder`](struct@{type_name}#method.builder)."
    );
    let builder_fn_doc = format!(" Starts a [`{builder}`](struct@{builder}) for this type.");
    let builder_fields = fields.iter().map(|f| {
        let (name, ty) = (ident(&f.name), &f.ty);
        quote!(#name: ::std::option::Option<#ty>,)
    });
    let setters = fields.iter().map(|f| setters(f, Target::Store));
    let build = build_fn(type_name, fields, fallible, extra);
    quote! {
        impl #name {
            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder_ident {
                // The trait, by path: a member named `default` gives the builder an
                // inherent `default` setter.
                <#builder_ident as ::std::default::Default>::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, PartialEq, Default, #derive_debug)]
        pub struct #builder_ident {
            #(#builder_fields)*
        }

        impl #builder_ident {
            #(#setters)*
            #build
        }
    }
}

fn field_def(f: &Field) -> TokenStream {
    let Field {
        name,
        ty,
        presence,
        docs: field_docs,
        deprecated: field_deprecated,
        // Setters, Debug, serde and build() read the rest.
        wire_name: _,
        default: _,
        serde_with: _,
        debug_label: _,
        setter: _,
        set_setter: _,
        getter: _,
        accessor: _,
        required_in_builder: _,
        redact: _,
    } = f;
    let name = ident(name);
    let field_docs = docs(field_docs);
    let field_deprecated = deprecated(field_deprecated);
    let ty = match presence {
        Presence::Optional => quote!(::std::option::Option<#ty>),
        // Effective defaults are written (type-refinement-traits.rst, "Default value
        // serialization"): `{"weight":0}` goes out as set, not dropped.
        Presence::Required | Presence::Defaulted => quote!(#ty),
    };
    quote! {
        #field_docs
        #field_deprecated
        pub #name: #ty,
    }
}

/// The value of a member's `@default` as an expression of its type.
fn default_value(ty: &RustType, value: &DefaultValue) -> TokenStream {
    let rt = runtime();
    match (ty, value) {
        (RustType::Named(path), DefaultValue::String(s)) => quote!(#path::from(#s)),
        (RustType::Named(path), DefaultValue::Int(n)) => {
            let n = Literal::i128_unsuffixed(*n);
            quote!(#path::from(#n))
        }
        (RustType::String, DefaultValue::String(s)) => quote!(::std::string::String::from(#s)),
        (_, DefaultValue::Bool(b)) => quote!(#b),
        (_, DefaultValue::Int(n)) => Literal::i128_unsuffixed(*n).into_token_stream(),
        (_, DefaultValue::Float(f)) => Literal::f64_unsuffixed(*f).into_token_stream(),
        (_, DefaultValue::Blob(bytes)) => {
            let bytes = Literal::byte_string(bytes);
            quote!(#rt::Blob::new(#bytes.to_vec()))
        }
        (_, DefaultValue::Timestamp(secs, nanos)) => {
            quote!(#rt::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        (_, DefaultValue::Document(value)) => document_value(value),
        (_, DefaultValue::String(s)) => quote!(#rt::Document::from(#s)),
        (_, DefaultValue::EmptyList | DefaultValue::EmptyMap) => {
            quote!(::std::default::Default::default())
        }
    }
}

/// A document `@default`: `null`, a boolean, a string, a number, `[]` or `{}`
/// (type-refinement-traits.rst, "Default value constraints").
fn document_value(value: &serde_json::Value) -> TokenStream {
    let rt = runtime();
    match value {
        serde_json::Value::Bool(b) => quote!(#rt::Document::Bool(#b)),
        serde_json::Value::String(s) => quote!(#rt::Document::from(#s)),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote!(#rt::Document::from(#i)),
            (None, Some(f)) => {
                let f = Literal::f64_unsuffixed(f);
                quote!(#rt::Document::from(#f))
            }
            (None, None) => quote!(#rt::Document::Null),
        },
        serde_json::Value::Array(_) => quote!(#rt::Document::Array(::std::vec::Vec::new())),
        serde_json::Value::Object(_) => {
            quote!(#rt::Document::Object(::std::default::Default::default()))
        }
        serde_json::Value::Null => quote!(#rt::Document::Null),
    }
}

/// `impl Default` with each member's `@default`, when some member has a value of its own.
fn default_impl(name: &proc_macro2::Ident, fields: &[Field], extra: Extra) -> Option<TokenStream> {
    fields.iter().any(|f| f.default.is_some()).then(|| {
        let inits = fields.iter().map(|f| {
            let field = ident(&f.name);
            let value = match &f.default {
                Some(value) if f.presence != Presence::Optional => default_value(&f.ty, value),
                _ => quote!(::std::default::Default::default()),
            };
            quote!(#field: #value,)
        });
        let meta = extra.init();
        quote! {
            /// Every member at its `@default`, or its type's zero value.
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* #meta }
                }
            }
        }
    })
}

/// `.unwrap_or(value)` for a number or a boolean, given as it is; `.unwrap_or_else(|| value)`
/// for a value made by a call, made only when needed.
pub(super) fn or_default(ty: &RustType, value: &DefaultValue) -> TokenStream {
    let constant = !matches!(ty, RustType::Named(_))
        && matches!(
            value,
            DefaultValue::Bool(_)
                | DefaultValue::Int(_)
                | DefaultValue::Float(_)
                | DefaultValue::Document(serde_json::Value::Bool(_) | serde_json::Value::Null)
        );
    let value = default_value(ty, value);
    if constant {
        quote!(.unwrap_or(#value))
    } else {
        quote!(.unwrap_or_else(|| #value))
    }
}

/// One field of the value `build()` makes: as set, or its default (the model's `@default`, else
/// the type's zero value) when the member is not an `Option`.
fn build_init(f: &Field) -> TokenStream {
    let field = ident(&f.name);
    match (&f.presence, &f.default) {
        (Presence::Optional, _) => quote!(#field: self.#field,),
        (_, None) => quote!(#field: self.#field.unwrap_or_default(),),
        (_, Some(value)) => {
            let value = or_default(&f.ty, value);
            quote!(#field: self.#field #value,)
        }
    }
}

fn build_fn(type_name: &str, fields: &[Field], fallible: bool, extra: Extra) -> TokenStream {
    let rt = runtime();
    let name = ident(type_name);
    let checks = fields.iter().filter(|f| f.required_in_builder).map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        quote!(if self.#field.is_none() { missing.push(#wire); })
    });
    let has_checks = fields.iter().any(|f| f.required_in_builder);
    let check_block = has_checks.then(|| {
        quote! {
            let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
            #(#checks)*
            if !missing.is_empty() {
                return ::std::result::Result::Err(#rt::BuildError::missing_members(#type_name, missing));
            }
        }
    });
    let inits = fields.iter().map(build_init);
    let meta = extra.init();
    let value = quote!(#name { #(#inits)* #meta });
    if !fallible {
        let doc = format!(
            " Builds the [`{type_name}`](struct@{type_name}). No member is required, so this cannot fail."
        );
        return quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #value
            }
        };
    }
    let doc = if has_checks {
        format!(
            " Builds the [`{type_name}`](struct@{type_name}), or names every `@required` member that was not set (one check per required member)."
        )
    } else {
        format!(
            " Builds the [`{type_name}`](struct@{type_name}). No member is required, so this does not fail; it returns a `Result` as every operation input's builder does."
        )
    };
    quote! {
        #[doc = #doc]
        pub fn build(self) -> ::std::result::Result<#name, #rt::BuildError> {
            #check_block
            ::std::result::Result::Ok(#value)
        }
    }
}

/// The accessor of a field, in the official SDK's shapes: `Option<&str>` for an optional
/// string, `&[T]` for any list (empty when unset), `Option<&T>` for other optional values
/// that are not `Copy`, the value itself for numbers and booleans.
fn accessor(f: &Field) -> Option<TokenStream> {
    let method = ident(f.accessor.as_deref()?);
    let field = ident(&f.name);
    let field_docs = docs(&f.docs);
    let field_deprecated = deprecated(&f.deprecated);
    let optional = f.presence == Presence::Optional;
    let (ty, body) = match &f.ty {
        RustType::String if optional => (
            quote!(::std::option::Option<&str>),
            quote!(self.#field.as_deref()),
        ),
        RustType::String => (quote!(&str), quote!(&self.#field)),
        RustType::List(item) if optional => (
            quote!(&[#item]),
            quote!(self.#field.as_deref().unwrap_or_default()),
        ),
        RustType::List(item) => (quote!(&[#item]), quote!(&self.#field)),
        RustType::Boxed(inner) if optional => (
            quote!(::std::option::Option<&#inner>),
            quote!(self.#field.as_deref()),
        ),
        RustType::Boxed(inner) => (quote!(&#inner), quote!(&self.#field)),
        ty if ty.is_copy() && optional => (quote!(::std::option::Option<#ty>), quote!(self.#field)),
        ty if ty.is_copy() => (quote!(#ty), quote!(self.#field)),
        ty if optional => (
            quote!(::std::option::Option<&#ty>),
            quote!(self.#field.as_ref()),
        ),
        ty => (quote!(&#ty), quote!(&self.#field)),
    };
    Some(quote! {
        #field_docs
        #field_deprecated
        pub fn #method(&self) -> #ty {
            #body
        }
    })
}

fn redacted_debug_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let rt = runtime();
    let label = name.to_string();
    let entries = fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = &f.debug_label;
        if f.redact {
            quote!(.field(#label, &#rt::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    }
}

/// What an `@error` structure adds: its code, `message()`, `Display`, `Error`, its metadata,
/// and how the runtime gives it the response's metadata.
fn error_impls(name: &proc_macro2::Ident, code: &str, error: &ErrorStruct) -> TokenStream {
    let ErrorStruct { message_field } = error;
    let metadata = error_metadata_impls(name);
    let message_body = match message_field {
        Some(MessageField {
            name,
            optional: true,
        }) => {
            let field = ident(name);
            quote!(self.#field.as_deref())
        }
        Some(MessageField {
            name,
            optional: false,
        }) => {
            let field = ident(name);
            quote!(::std::option::Option::Some(self.#field.as_str()))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        impl #name {
            /// The error code the service sends for this error.
            pub const CODE: &'static str = #code;

            /// The human-readable message the service sent, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(Self::CODE)?;
                if let ::std::option::Option::Some(message) = self.message() {
                    write!(f, ": {message}")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        #metadata
    }
}

/// An error structure's metadata: `ProvideErrorMetadata`, `RequestId`, and `ModeledError`,
/// through which the runtime gives it the response's metadata.
fn error_metadata_impls(name: &proc_macro2::Ident) -> TokenStream {
    let rt = runtime();
    quote! {
        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                &self._meta
            }
        }

        impl #rt::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #rt::RequestId::request_id(&self._meta)
            }
        }

        impl #rt::ModeledError for #name {
            fn set_meta(&mut self, meta: #rt::ErrorMetadata) {
                self._meta = meta;
            }
        }
    }
}
