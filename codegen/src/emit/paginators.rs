//! Part of stage 4, emit: paginators: `operation::<op>::paginator` (pages, and the items on
//! them) and the fluent builder's `into_paginator`.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::path;
use super::tokens::{Doc, ident, runtime};
use crate::ir;

/// The fluent builder's `into_paginator()`.
pub fn into_paginator(p: &ir::Paginator) -> TokenStream {
    let name = ident(&p.name);
    quote! {
        /// Pages through the results: `.into_paginator().send()` is a stream of pages, and
        /// `.into_paginator().items().send()` a stream of their items.
        pub fn into_paginator(self) -> paginator::#name {
            paginator::#name::new(self.handle, self.inner)
        }
    }
}

/// `operation::<op>::paginator`.
pub fn paginator_mod(op: &ir::Operation, p: &ir::Paginator) -> TokenStream {
    let rt = runtime();
    let ir::Paginator {
        name,
        items_name: _,
        input_token: (token_field, token_ty),
        output_token,
        page_size,
        items,
    } = p;
    let input_builder = &op.input.builder;
    let (wire, name) = (&op.wire_name, ident(name));
    let send = pages_send(op, (token_field, token_ty), output_token);
    let page_size = page_size.as_ref().map(|(set_setter, ty)| {
        let set = ident(set_setter);
        quote! {
            /// How many results one page may hold (the operation's page size member).
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.inner = self.inner.#set(::std::option::Option::Some(limit));
                self
            }
        }
    });
    let items = items
        .as_ref()
        .map(|(items_path, item_ty)| items_stream(op, p, items_path, item_ty));
    let doc = Doc(format!(
        " The pages of `{wire}`: each request carries the token of the page before."
    ));
    let module_doc = Doc(format!(" Paginators of `{wire}`."));
    quote! {
        #[doc = #module_doc]
        pub mod paginator {
            pub use #rt::pagination::PaginationStream;

            #[doc = #doc]
            #[derive(Debug)]
            pub struct #name {
                handle: ::std::sync::Arc<#rt::Handle>,
                inner: #input_builder,
            }

            impl #name {
                pub(crate) fn new(handle: ::std::sync::Arc<#rt::Handle>, inner: #input_builder) -> Self {
                    Self { handle, inner }
                }

                #page_size

                #send
            }

            #items
        }
    }
}

/// The paginator's `send()`: the stream of pages, each request with the token of the page
/// before.
fn pages_send(
    op: &ir::Operation,
    (token_field, token_ty): (&str, &ir::RustType),
    output_token: &ir::PathExpr,
) -> TokenStream {
    let rt = runtime();
    // The token as the output lends it and as the input owns it: `str` and `String`, or the
    // map type for both.
    let (borrowed, owned) = match token_ty {
        ir::RustType::String => (quote!(str), quote!(::std::string::String)),
        map => (quote!(#map), quote!(#map)),
    };
    let (input, output) = (&op.input.path, &op.output.path);
    let (error, wire) = (ident(&op.error_enum), &op.wire_name);
    let token_field = ident(token_field);
    let output_token = path(output_token);
    quote! {
        /// Starts the stream of pages; nothing is sent until it is polled. It ends after
        /// a page without a token, after an error, or with an error when the service
        /// returns the token it was sent.
        pub fn send(self) -> #rt::pagination::PaginationStream<::std::result::Result<#output, #rt::SdkError<super::#error>>> {
            fn output_token(output: &#output) -> ::std::option::Option<&#borrowed> {
                #output_token
            }
            fn set_input_token(input: &mut #input, token: #owned) {
                input.#token_field = ::std::option::Option::Some(token);
            }
            let input = match self.inner.build() {
                ::std::result::Result::Ok(input) => input,
                ::std::result::Result::Err(e) => return #rt::pagination::failed(::std::result::Result::Err(#rt::error::construction(#wire, e))),
            };
            let handle = self.handle;
            let call = move |input: #input| {
                let handle = handle.clone();
                async move { handle.invoke(#wire, &input).await }
            };
            #rt::pagination::pages(input, call, #rt::pagination::Paging { operation: #wire, output_token, set_input_token })
        }
    }
}

/// `items()` and the item stream, when the trait names the items.
fn items_stream(
    op: &ir::Operation,
    p: &ir::Paginator,
    items: &ir::PathExpr,
    item_ty: &ir::RustType,
) -> TokenStream {
    let rt = runtime();
    let (name, items_name) = (ident(&p.name), ident(&p.items_name));
    let (output, error) = (&op.output.path, ident(&op.error_enum));
    let e = path(items);
    let doc = Doc(format!(
        " The items of every page of `{}`, in order.",
        op.wire_name
    ));
    quote! {
        impl #name {
            /// A stream of the items on the pages instead of the pages.
            pub fn items(self) -> #items_name {
                #items_name(self)
            }
        }

        #[doc = #doc]
        #[derive(Debug)]
        pub struct #items_name(#name);

        impl #items_name {
            /// Starts the stream; nothing is sent until it is polled.
            pub fn send(self) -> #rt::pagination::PaginationStream<::std::result::Result<#item_ty, #rt::SdkError<super::#error>>> {
                fn items_of(output: #output) -> ::std::vec::Vec<#item_ty> {
                    let output = &output;
                    (#e).map(|items| items.to_vec()).unwrap_or_default()
                }
                #rt::pagination::items(self.0.send(), items_of)
            }
        }
    }
}
