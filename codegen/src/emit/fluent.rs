//! Part of stage 4, emit: what each operation adds to its module: the fluent builder (its
//! setters delegate to the input's builder), the error enum, the paginator and the `builders`
//! re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::setters::{Target, setters};
use super::tokens::{Doc, ident, runtime};
use crate::ir;

/// The error enum, fluent builder and paginator that join an operation's input and output in
/// its module.
pub fn operation_items(op: &ir::Operation) -> TokenStream {
    let error_enum = super::errors::error_enum(op);
    let fluent = fluent_builder(op);
    let fluent_name = ident(&op.fluent_builder);
    // One structure may be both the input and the output: re-export its builder once.
    let input_builder = &op.input.builder;
    let output_builder = (op.output != op.input).then(|| {
        let builder = &op.output.builder;
        quote!(pub use #builder;)
    });
    let doc = Doc(format!(
        " The builders of `{}`: the fluent builder and the input and output builders.",
        op.wire_name
    ));
    let paginator = op
        .paginator
        .as_ref()
        .map(|p| super::paginators::paginator_mod(op, p));
    let mocks = mock_impls(op);
    quote! {
        #error_enum
        #fluent
        #paginator
        #mocks

        #[doc = #doc]
        pub mod builders {
            pub use super::#fluent_name;
            pub use #input_builder;
            #output_builder
        }
    }
}

/// With `test-util`, what `mock!` needs: which operation the input is for (when the input is
/// the operation's own), and each error as the service sends it.
fn mock_impls(op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let (input, wire) = (&op.input.path, &op.wire_name);
    let mock_input = op.owns_input.then(|| {
        quote! {
            #[cfg(feature = "test-util")]
            impl #rt::mock::MockInput for #input {
                const OPERATION: &'static str = #wire;
            }
        }
    });
    let error = ident(&op.error_enum);
    let unhandled = ident(&op.unhandled_variant);
    let arms = op.errors.iter().map(|e| {
        let (variant, code) = (ident(&e.variant), &e.code);
        quote!(Self::#variant(e) => #rt::mock::error_response(#code, e),)
    });
    quote! {
        #mock_input

        #[cfg(feature = "test-util")]
        impl #rt::mock::MockError for #error {
            fn mock_response(&self) -> #rt::HttpResponse {
                match self {
                    #(#arms)*
                    Self::#unhandled(e) => #rt::mock::unhandled_response(#rt::ProvideErrorMetadata::meta(e)),
                }
            }
        }
    }
}

/// The fluent builder: the client's handle and the input builder, the input's setters, and
/// `send()`.
// Over 60 lines: the operation destructured without `..`, then one template for the builder.
fn fluent_builder(op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let ir::Operation {
        wire_name,
        fn_name,
        input,
        output,
        input_fields,
        error_enum,
        fluent_builder,
        idempotency_tokens,
        paginator,
        // The client method, the error enum and the module docs carry these; waiters have
        // files of their own.
        module: _,
        file: _,
        errors: _,
        unhandled_variant: _,
        docs: _,
        deprecated: _,
        waiters: _,
        host_prefix: _,
        request_compression: _,
        owns_input: _,
    } = op;
    let name = ident(fluent_builder);
    let error = ident(error_enum);
    let (builder, output) = (&input.builder, &output.path);
    let setters = input_fields.iter().map(|f| setters(f, Target::Delegate));
    let doc = Doc(format!(
        " Sends a `{wire_name}` request. Start one with [`Client`](crate::Client)`::{fn_name}()`, set its members, then call [`send`](Self::send)."
    ));
    let tokens = fill_tokens(idempotency_tokens);
    let mut_input = (!idempotency_tokens.is_empty()).then(|| quote!(mut));
    let invoke = invoke(op);
    let into_paginator = paginator.as_ref().map(super::paginators::into_paginator);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            pub(crate) handle: ::std::sync::Arc<#rt::Handle>,
            inner: #builder,
        }

        impl #name {
            pub(crate) fn new(handle: ::std::sync::Arc<#rt::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#builder {
                &self.inner
            }

            /// Sends the request. A missing `@required` member fails here, before anything is sent.
            pub async fn send(self) -> ::std::result::Result<#output, #rt::SdkError<#error>> {
                let #mut_input input = self.inner.build().map_err(|e| #rt::error::construction(#wire_name, e))?;
                #tokens
                #invoke
            }

            #into_paginator

            #(#setters)*
        }
    }
}

/// Idempotency tokens the caller left unset, filled once per call, so every retry of it is the
/// same request to the service.
fn fill_tokens(fields: &[String]) -> TokenStream {
    let rt = runtime();
    let fields = fields.iter().map(|f| ident(f));
    quote! {
        #(
            if input.#fields.is_none() {
                input.#fields = ::std::option::Option::Some(#rt::idempotency_token());
            }
        )*
    }
}

/// The call: plain, or with the operation's host prefix (its labels checked to be host
/// labels) and request compression.
fn invoke(op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let (wire_name, host_prefix, request_compression) =
        (&op.wire_name, &op.host_prefix, op.request_compression);
    if host_prefix.is_empty() && !request_compression {
        return quote!(self.handle.invoke(#wire_name, &input).await);
    }
    let host_prefix = if host_prefix.is_empty() {
        quote!(::std::option::Option::None)
    } else {
        // `format!("foo.{}.", label)`: literals hold only letters, digits, `-` and `.`.
        let mut template = String::new();
        let mut labels = Vec::new();
        for part in host_prefix {
            match part {
                ir::HostPart::Literal(text) => template.push_str(text),
                ir::HostPart::Label { field, member } => {
                    template.push_str("{}");
                    let f = ident(field);
                    labels.push(quote! {
                        #rt::host_label(input.#f.as_deref(), #member)
                            .map_err(|e| #rt::error::construction(#wire_name, e))?
                    });
                }
            }
        }
        if labels.is_empty() {
            quote!(::std::option::Option::Some(::std::string::String::from(#template)))
        } else {
            quote!(::std::option::Option::Some(
                ::std::format!(#template, #(#labels),*)
            ))
        }
    };
    quote! {
        let options = #rt::CallOptions {
            host_prefix: #host_prefix,
            request_compression: #request_compression,
        };
        self.handle.invoke_with(#wire_name, &input, options).await
    }
}
