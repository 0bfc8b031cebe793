//! Part of stage 4, emit: error enums: each operation's (one variant per modeled error, one
//! for the rest) and the service-wide `Error` every operation's error converts into. What they
//! do is the runtime's: each variant's code, message and display come through one `inner()`
//! view, and each modeled code is read by one generic call.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Doc, ident, runtime};
use crate::ir;

/// The operation's error enum and its impls.
pub fn error_enum(op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let ir::Operation {
        wire_name,
        error_enum,
        unhandled_variant,
        errors,
        // The client, the fluent builder and the module emit these.
        fn_name: _,
        module: _,
        file: _,
        input: _,
        output: _,
        input_fields: _,
        fluent_builder: _,
        idempotency_tokens: _,
        docs: _,
        deprecated: _,
        paginator: _,
        waiters: _,
        host_prefix: _,
        request_compression: _,
        owns_input: _,
    } = op;
    let name = ident(error_enum);
    let unhandled = ident(unhandled_variant);
    let doc = Doc(format!(" The errors `{wire_name}` can return."));
    let unhandled_doc = Doc(format!(
        " An error `{wire_name}` does not model; its code, message and request id are kept."
    ));
    let variants = errors.iter().map(|e| {
        let (variant, path) = (ident(&e.variant), &e.path);
        let variant_doc = Doc(format!(" `{}`.", e.code));
        quote!(#[doc = #variant_doc] #variant(#path),)
    });
    let methods = inherent_methods(&name, &unhandled, errors);
    let shared = delegating_impls(&name, &unhandled, errors);
    let operation_error = operation_error_impl(&name, &unhandled, errors);
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        // Unboxed variants, as in the official crate (see `crate::Error`).
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = #unhandled_doc]
            #unhandled(#rt::UnhandledError),
        }

        #methods

        #shared
        #operation_error
    }
}

/// `unhandled`, `generic`, `meta` and one `is_*` per modeled error.
fn inherent_methods(
    name: &proc_macro2::Ident,
    unhandled: &proc_macro2::Ident,
    errors: &[ir::OperationError],
) -> TokenStream {
    let rt = runtime();
    let is_fns = errors.iter().map(is_fn);
    quote! {
        impl #name {
            /// An error this operation does not model, wrapping `source`.
            pub fn unhandled(source: impl ::std::convert::Into<#rt::error::BoxError>) -> Self {
                Self::#unhandled(#rt::UnhandledError::from_source(source, ::std::default::Default::default()))
            }

            /// An error this operation does not model, described only by its metadata.
            pub fn generic(meta: #rt::ErrorMetadata) -> Self {
                Self::#unhandled(#rt::UnhandledError::new(meta))
            }

            /// Code, message, request id and HTTP status, whichever variant this is.
            pub fn meta(&self) -> &#rt::ErrorMetadata {
                #rt::ProvideErrorMetadata::meta(self.inner())
            }

            #(#is_fns)*
        }
    }
}

/// `is_cluster_not_found_exception()`.
fn is_fn(e: &ir::OperationError) -> TokenStream {
    let ir::OperationError {
        variant,
        is_method,
        code,
        // The enum and the dispatch read these.
        path: _,
        retryable: _,
    } = e;
    let (variant, method) = (ident(variant), ident(is_method));
    let doc = Doc(format!(" Whether this is a `{code}`."));
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> bool {
            matches!(self, Self::#variant(_))
        }
    }
}

/// `inner()`, the one match over the variants, and `ProvideErrorMetadata`, `RequestId`,
/// `Display` and `Error` through it. A modeled error has no `source()`: `Display` already shows it, and a
/// source would print the same words twice in an error chain.
fn delegating_impls(
    name: &proc_macro2::Ident,
    unhandled: &proc_macro2::Ident,
    errors: &[ir::OperationError],
) -> TokenStream {
    let rt = runtime();
    let variants = errors.iter().map(|e| ident(&e.variant));
    quote! {
        impl #name {
            /// The variant's error, whichever it is.
            fn inner(&self) -> &(dyn #rt::ErrorDetail + 'static) {
                match self {
                    #(Self::#variants(e) => e,)*
                    Self::#unhandled(e) => e,
                }
            }
        }

        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                #rt::ProvideErrorMetadata::meta(self.inner())
            }
        }

        impl #rt::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #rt::RequestId::request_id(#rt::ProvideErrorMetadata::meta(self))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.inner().source()
            }
        }
    }
}

/// `OperationError`: which modeled error a response's code means (each read by the runtime's
/// `aws_json::modeled`), and which are retryable; and, with the runtime's `interop`, the
/// official `CreateUnhandledError`.
fn operation_error_impl(
    name: &proc_macro2::Ident,
    unhandled: &proc_macro2::Ident,
    errors: &[ir::OperationError],
) -> TokenStream {
    let rt = runtime();
    let arms = errors.iter().map(|e| {
        let (variant, code) = (ident(&e.variant), &e.code);
        quote!(::std::option::Option::Some(#code) => #rt::aws_json::modeled(body, meta, Self::#variant),)
    });
    let unhandled_value = quote!(Self::#unhandled(#rt::UnhandledError::new(meta.clone())));
    // An operation without modeled errors reads neither the code nor the body.
    let (code, body, dispatch) = if errors.is_empty() {
        (ident("_code"), ident("_body"), unhandled_value)
    } else {
        let dispatch = quote! {
            match code {
                #(#arms)*
                _ => #unhandled_value,
            }
        };
        (ident("code"), ident("body"), dispatch)
    };
    let retryable: Vec<_> = errors
        .iter()
        .filter(|e| e.retryable)
        .map(|e| ident(&e.variant))
        .collect();
    let is_retryable = if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#retryable(_))|*))
    };
    quote! {
        impl #rt::OperationError for #name {
            fn from_response(#code: ::std::option::Option<&str>, #body: &[u8], meta: &#rt::ErrorMetadata) -> Self {
                #dispatch
            }

            fn is_retryable(&self) -> bool {
                #is_retryable
            }

            fn unhandled(error: #rt::UnhandledError) -> Self {
                Self::#unhandled(error)
            }
        }

        #rt::create_unhandled_error!(#name);
    }
}

/// `src/error_meta.rs`: the service-wide `Error`, which every operation's error (and
/// `SdkError`) converts into, so `?` works in a function that calls several operations.
pub fn service_error_rs(krate: &ir::Crate) -> TokenStream {
    let rt = runtime();
    let name = ident("Error");
    let unhandled = ident(&krate.unhandled_variant);
    let variants: Vec<_> = krate.errors.iter().map(|e| ident(&e.variant)).collect();
    let paths: Vec<_> = krate.errors.iter().map(|e| &e.path).collect();
    let docs = krate.errors.iter().map(|e| Doc(format!(" `{}`.", e.code)));
    let shared = delegating_impls(&name, &unhandled, &krate.errors);
    let conversions = krate
        .operations
        .iter()
        .map(|op| conversions(op, &krate.unhandled_variant));
    quote! {
        //! The service-wide error: every error any operation of this crate can return.

        /// Any error of this crate's operations. Every operation's error enum, and every
        /// `SdkError` of one, converts into it, so `?` works in a function returning it.
        #[derive(Debug)]
        #[non_exhaustive]
        // Variants hold the error structures unboxed, as the official crate's do (matching on
        // them is the API); an error is built once per failed call.
        #[allow(clippy::large_enum_variant)]
        pub enum Error {
            #(#[doc = #docs] #variants(#paths),)*
            /// Anything else: an error code no operation models, or a failure that is not a
            /// service error (nothing sent, no response, a timeout, an unreadable response).
            #unhandled(#rt::UnhandledError),
        }

        #shared

        impl ::std::convert::From<#rt::BuildError> for Error {
            fn from(err: #rt::BuildError) -> Self {
                Error::#unhandled(#rt::UnhandledError::from_source(err, ::std::default::Default::default()))
            }
        }

        #(#conversions)*
    }
}

/// `From<RunTaskError>` and `From<SdkError<RunTaskError, R>>` for the service-wide `Error`.
fn conversions(op: &ir::Operation, unhandled: &str) -> TokenStream {
    let rt = runtime();
    let unhandled = ident(unhandled);
    let module = ident(&op.module);
    let error = ident(&op.error_enum);
    let op_unhandled = ident(&op.unhandled_variant);
    let arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        quote!(crate::operation::#module::#error::#variant(e) => Error::#variant(e),)
    });
    quote! {
        impl ::std::convert::From<crate::operation::#module::#error> for Error {
            fn from(err: crate::operation::#module::#error) -> Self {
                match err {
                    #(#arms)*
                    crate::operation::#module::#error::#op_unhandled(e) => Error::#unhandled(e),
                }
            }
        }

        impl<R> ::std::convert::From<#rt::SdkError<crate::operation::#module::#error, R>> for Error
        where
            R: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
        {
            fn from(err: #rt::SdkError<crate::operation::#module::#error, R>) -> Self {
                match err {
                    #rt::SdkError::ServiceError(service) => Error::from(service.into_err()),
                    other => Error::#unhandled(#rt::UnhandledError::from_source(other, ::std::default::Default::default())),
                }
            }
        }
    }
}
