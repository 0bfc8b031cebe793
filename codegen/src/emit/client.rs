//! Part of stage 4, emit: `src/client.rs`: the `Client`, one method per operation, the
//! `Waiters` trait, and the service facts the runtime needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Doc, deprecated, docs, ident, runtime};
use crate::ir;

/// `src/client.rs`.
pub fn client_rs(krate: &ir::Crate) -> TokenStream {
    let rt = runtime();
    let client_doc = Doc(format!(" A client for {}.", krate.service.title));
    let service = service_info(&krate.service);
    let waiters = super::waiters::waiters_trait(krate);
    let methods = krate.operations.iter().map(client_method);
    quote! {
        //! The client: one method per operation, each returning a fluent builder to `send()`.

        #service

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share the configuration, the connection pool and the retry quota.
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::std::sync::Arc<#rt::Handle>,
        }

        impl Client {
            /// A client using `config`: a [`Config`](crate::Config), or with the `sdk-config`
            /// feature an `aws-config` `SdkConfig`, as with the official SDK.
            pub fn new(config: &(impl #rt::ConfigSource + ?::std::marker::Sized)) -> Self {
                Self::from_conf(config.to_config())
            }

            /// A client that takes ownership of `config`.
            pub fn from_conf(config: #rt::Config) -> Self {
                Client { handle: #rt::Handle::new(config, &SERVICE) }
            }

            /// The configuration this client uses.
            pub fn config(&self) -> &#rt::Config {
                self.handle.config()
            }

            #(#methods)*
        }

        #waiters
    }
}

/// The `SERVICE` facts the runtime's `Handle` reads: target prefix, signing name, endpoint
/// resolver and protocol.
fn service_info(service: &ir::Service) -> TokenStream {
    let rt = runtime();
    let ir::Service {
        target_prefix,
        signing_name,
        sdk_id,
        endpoint_env_suffix,
        protocol,
        query_compatible,
        // Read by the crate's other files (lib.rs, endpoint.rs).
        shape_id: _,
        title: _,
        version: _,
        endpoint_prefix: _,
        docs: _,
        other_protocols: _,
        endpoints: _,
        endpoint_tests: _,
    } = service;
    let json_1_0 = *protocol == ir::Protocol::AwsJson1_0;
    quote! {
        pub(crate) static SERVICE: #rt::endpoint::ServiceInfo = #rt::endpoint::ServiceInfo {
            target_prefix: #target_prefix,
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            endpoint_env_suffix: #endpoint_env_suffix,
            resolve_endpoint: crate::endpoint::resolve,
            crate_version: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            protocol: #rt::aws_json::Protocol {
                json_1_0: #json_1_0,
                query_compatible: #query_compatible,
            },
        };
    }
}

/// `client.run_task()`: the operation's fluent builder.
fn client_method(op: &ir::Operation) -> TokenStream {
    let ir::Operation {
        fn_name,
        module,
        fluent_builder,
        docs: op_docs,
        deprecated: op_deprecated,
        // The operation's own module emits these.
        wire_name: _,
        file: _,
        input: _,
        output: _,
        input_fields: _,
        errors: _,
        error_enum: _,
        unhandled_variant: _,
        idempotency_tokens: _,
        paginator: _,
        waiters: _,
        host_prefix: _,
        request_compression: _,
        owns_input: _,
    } = op;
    let method = ident(fn_name);
    let module = ident(module);
    let builder = ident(fluent_builder);
    let op_docs = docs(op_docs);
    let op_deprecated = deprecated(op_deprecated);
    quote! {
        #op_docs
        #op_deprecated
        pub fn #method(&self) -> crate::operation::#module::#builder {
            crate::operation::#module::#builder::new(self.handle.clone())
        }
    }
}
