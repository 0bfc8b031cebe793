//! Part of stage 4, emit: the operation client: `Client`, and per operation its error enum
//! and fluent builder. Everything with behaviour is a call into the runtime's `Handle`.

use proc_macro2::TokenStream;
use quote::quote;

use super::setters::{Target, setters};
use super::tokens::{Doc, deprecated, docs, ident, runtime};
use crate::ir::{self, Field, TypeKind};

/// `src/client.rs`: the `Client` and the service facts the runtime needs.
pub fn client_rs(krate: &ir::Crate) -> TokenStream {
    let rt = runtime();
    let ir::Service {
        title,
        target_prefix,
        signing_name,
        sdk_id,
        endpoint_env_suffix,
        json_1_0,
        query_compatible,
        // Read by the crate's other files (lib.rs, endpoint.rs).
        protocol_id: _,
        shape_id: _,
        version: _,
        endpoint_prefix: _,
        docs: _,
        endpoint_rules: _,
        endpoint_bdd: _,
        endpoint_tests: _,
    } = &krate.service;
    let client_doc = Doc(format!(" A client for {title}."));
    let waiters = super::waiters::waiters_trait(krate);
    let methods = krate.operations.iter().map(|op| {
        let ir::Operation {
            fn_name,
            module,
            fluent_builder,
            docs: op_docs,
            deprecated: op_deprecated,
            // The operation's own module emits these.
            wire_name: _,
            input: _,
            output: _,
            errors: _,
            error_enum: _,
            unhandled_variant: _,
            idempotency_tokens: _,
            paginator: _,
            waiters: _,
            host_prefix: _,
            request_compression: _,
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
    });
    quote! {
        //! The client: one method per operation, each returning a fluent builder to `send()`.

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

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share the configuration, the connection pool and the retry quota.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
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

/// `src/endpoint.rs`: the resolver the client uses, from the model's endpoint rule set when it
/// has one, and the model's endpoint tests as tests.
pub fn endpoint_rs(krate: &ir::Crate) -> TokenStream {
    let rt = runtime();
    let ir::Service {
        endpoint_rules,
        endpoint_tests,
        endpoint_prefix,
        endpoint_bdd,
        // The client and lib.rs use these.
        shape_id: _,
        protocol_id: _,
        json_1_0: _,
        query_compatible: _,
        target_prefix: _,
        title: _,
        version: _,
        signing_name: _,
        sdk_id: _,
        endpoint_env_suffix: _,
        docs: _,
    } = &krate.service;
    let Some(_) = endpoint_rules else {
        let doc = Doc(format!(
            " The configured URL if there is one, else `https://{endpoint_prefix}.{{region}}.amazonaws.com`."
        ));
        return quote! {
            //! Endpoint resolution. The model has no endpoint rule set, so endpoints are regional.

            #[doc = #doc]
            pub fn resolve(params: &#rt::endpoint::EndpointParams) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
                #rt::endpoint::regional(params, #endpoint_prefix)
            }
        };
    };
    let tests = endpoint_tests.as_ref().map(|_| endpoint_tests_module());
    if let Ok(bdd) = endpoint_bdd {
        return compiled_endpoints(bdd, tests);
    }
    let why = match endpoint_bdd {
        Err(why) => format!(" The rules are interpreted because {why}."),
        Ok(_) => String::new(),
    };
    quote! {
        //! Endpoint resolution from the model's `smithy.rules#endpointRuleSet`, embedded in
        //! `endpoint_rules.json` and evaluated by the runtime's rules engine. Precedence, as in
        //! the AWS SDKs: `Config::endpoint_url`, then `AWS_ENDPOINT_URL_<SERVICE>`, then
        //! `AWS_ENDPOINT_URL` (all passed to the rules as `SDK::Endpoint`), then the rules.
        //!
        #![doc = #why]

        use ::std::sync::OnceLock;

        const RULE_SET: &str = include_str!("endpoint_rules.json");

        fn rule_set() -> ::std::result::Result<&'static #rt::endpoint::RuleSet, #rt::endpoint::EndpointError> {
            static PARSED: OnceLock<::std::result::Result<#rt::endpoint::RuleSet, #rt::endpoint::EndpointError>> = OnceLock::new();
            PARSED.get_or_init(|| #rt::endpoint::RuleSet::parse(RULE_SET)).as_ref().map_err(::std::clone::Clone::clone)
        }

        /// Resolves the endpoint for configuration-bound parameters (region, FIPS, dual-stack,
        /// endpoint URL).
        pub fn resolve(params: &#rt::endpoint::EndpointParams) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            rule_set()?.resolve(params)
        }

        /// Evaluates the rules with parameters given by name, as the model's endpoint tests do.
        pub fn resolve_named(params: &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            rule_set()?.evaluate(params)
        }

        #tests
    }
}

/// One node of the decision diagram written as Rust: the code, whether it uses `partition`,
/// and whether it is an `if` (which then follows its parent's `else` directly).
struct Branch {
    code: TokenStream,
    uses_partition: bool,
    is_if: bool,
}

/// Reference `reference` of the diagram as nested branches (lowering checked that the tree is
/// small; the rules crate that every reference lands). A complemented reference swaps its
/// node's branches.
fn bdd_tree(
    reference: ir::Reference,
    bdd: &ir::EndpointBdd,
    condition: &dyn Fn(&ir::BddCondition) -> Option<TokenStream>,
) -> Branch {
    let rt = runtime();
    let (index, complemented) = match reference {
        ir::Reference::Node {
            index,
            complemented,
        } => (index, complemented),
        ir::Reference::Result(k) => {
            let k = proc_macro2::Literal::usize_unsuffixed(k);
            return Branch {
                code: quote!(outcome(#k, params, partition)),
                uses_partition: true,
                is_if: false,
            };
        }
        ir::Reference::NoMatch => {
            return Branch {
                code: quote!(::std::result::Result::Err(#rt::endpoint::EndpointError::new("no endpoint rule matched"))),
                uses_partition: false,
                is_if: false,
            };
        }
    };
    let (c, high, low) = &bdd.nodes[index];
    let c = &bdd.conditions[*c as usize];
    let (when_true, when_false) = if complemented {
        (*low, *high)
    } else {
        (*high, *low)
    };
    let yes = bdd_tree(when_true, bdd, condition);
    let no = bdd_tree(when_false, bdd, condition);
    let (yes_code, no_code) = (&yes.code, &no.code);
    let no_code = if no.is_if {
        quote!(#no_code)
    } else {
        quote!({ #no_code })
    };
    match condition(c) {
        Some(holds) => Branch {
            code: quote!(if #holds { #yes_code } else #no_code),
            uses_partition: matches!(c, ir::BddCondition::PartitionIs(..))
                || yes.uses_partition
                || no.uses_partition,
            is_if: true,
        },
        // Binding the partition: the branch where it is found sees it, the other keeps `None`.
        None => {
            let (found, bind) = if yes.uses_partition {
                (
                    quote!(found),
                    quote!(let partition = ::std::option::Option::Some(found);),
                )
            } else {
                (quote!(_), quote!())
            };
            Branch {
                code: quote! {
                    if let ::std::option::Option::Some(#found) = params.region.as_deref().and_then(#rt::endpoint::partition_info) {
                        #bind
                        #yes_code
                    } else #no_code
                },
                uses_partition: no.uses_partition,
                is_if: true,
            }
        }
    }
}

/// `src/endpoint.rs` from the model's `smithy.rules#endpointBdd`: the diagram as nested
/// branches, each condition a Rust expression over the typed parameters, each result a
/// constructor. No rule set is parsed and nothing is interpreted per call.
fn compiled_endpoints(bdd: &ir::EndpointBdd, tests: Option<TokenStream>) -> TokenStream {
    let rt = runtime();
    let ir::EndpointBdd {
        results,
        params: names,
        ..
    } = bdd;
    use proc_macro2::Literal;
    let param = |p: ir::EndpointParam| match p {
        ir::EndpointParam::Region => quote!(params.region),
        ir::EndpointParam::Endpoint => quote!(params.endpoint),
        ir::EndpointParam::UseFips => quote!(params.use_fips),
        ir::EndpointParam::UseDualStack => quote!(params.use_dual_stack),
    };
    let field = |f: ir::PartitionField| match f {
        ir::PartitionField::Name => quote!(name),
        ir::PartitionField::DnsSuffix => quote!(dns_suffix),
        ir::PartitionField::DualStackDnsSuffix => quote!(dual_stack_dns_suffix),
        ir::PartitionField::ImplicitGlobalRegion => quote!(implicit_global_region),
        ir::PartitionField::SupportsFips => quote!(supports_fips),
        ir::PartitionField::SupportsDualStack => quote!(supports_dual_stack),
    };
    // Each condition as an expression; binding the partition is not one (`bdd_tree` writes it
    // as an `if let`).
    let condition = |c: &ir::BddCondition| match c {
        ir::BddCondition::IsSet(p) => {
            let p = param(*p);
            Some(quote!(#p.is_some()))
        }
        ir::BddCondition::ParamIs(p, b) => {
            let p = param(*p);
            Some(if *b { quote!(#p) } else { quote!(!#p) })
        }
        ir::BddCondition::Partition => None,
        ir::BddCondition::PartitionIs(f, b) => {
            let f = field(*f);
            Some(if *b {
                quote!(partition.is_some_and(|p| p.#f))
            } else {
                quote!(partition.is_some_and(|p| !p.#f))
            })
        }
    };
    let result_arms = results.iter().enumerate().map(|(i, r)| {
        let k = Literal::usize_unsuffixed(i + 1);
        let body = match r {
            ir::BddResult::Error(message) => {
                quote!(::std::result::Result::Err(#rt::endpoint::EndpointError::new(#message)))
            }
            ir::BddResult::Endpoint(parts) => {
                // `["https://ecs.", region, ".", &partition.dns_suffix].concat()`: one
                // allocation of the exact length, no formatting machinery.
                let mut pieces = Vec::new();
                let mut needs_partition = false;
                for part in parts {
                    match part {
                        ir::UrlPart::Literal(text) => pieces.push(quote!(#text)),
                        ir::UrlPart::Param(p) => {
                            let p = param(*p);
                            pieces.push(quote!(#p.as_deref().ok_or_else(unbound)?));
                        }
                        ir::UrlPart::Partition(f) => {
                            needs_partition = true;
                            let f = field(*f);
                            pieces.push(quote!(&partition.#f));
                        }
                    }
                }
                let bind = needs_partition
                    .then(|| quote!(let partition = partition.ok_or_else(unbound)?;));
                let url = match pieces.as_slice() {
                    [one] => quote!(::std::string::String::from(#one)),
                    _ => quote!(#rt::endpoint::url_of([#(#pieces),*])),
                };
                quote! {{
                    #bind
                    ::std::result::Result::Ok(#rt::endpoint::Endpoint::url(#url))
                }}
            }
        };
        quote!(#k => #body,)
    });
    // The diagram as nested `if`s, each node once per path that reaches it (lowering keeps
    // the tree small): the compiler sees plain branches, and there is no table to walk.
    let tree = bdd_tree(bdd.root, bdd, &condition);
    let uses = |f: &dyn Fn(&ir::UrlPart) -> bool| {
        results
            .iter()
            .any(|r| matches!(r, ir::BddResult::Endpoint(parts) if parts.iter().any(f)))
    };
    let uses_params = uses(&|p| matches!(p, ir::UrlPart::Param(_)));
    let uses_partition_field = uses(&|p| matches!(p, ir::UrlPart::Partition(_)));
    let unbound = (uses_params || uses_partition_field).then(|| quote! {
        // The diagram only reaches a result after the conditions that bind what it uses.
        let unbound = || #rt::endpoint::EndpointError::new("the endpoint rules used a value they did not bind");
    });
    let params_arg = if uses_params {
        ident("params")
    } else {
        ident("_params")
    };
    let partition_arg = if uses_partition_field {
        ident("partition")
    } else {
        ident("_partition")
    };
    let named_arms = names.iter().map(|(name, p)| {
        let set = match p {
            ir::EndpointParam::Region => quote!(
                bound.region =
                    ::std::option::Option::Some(value.as_str().ok_or_else(wrong)?.to_owned())
            ),
            ir::EndpointParam::Endpoint => quote!(
                bound.endpoint =
                    ::std::option::Option::Some(value.as_str().ok_or_else(wrong)?.to_owned())
            ),
            ir::EndpointParam::UseFips => {
                quote!(bound.use_fips = value.as_bool().ok_or_else(wrong)?)
            }
            ir::EndpointParam::UseDualStack => {
                quote!(bound.use_dual_stack = value.as_bool().ok_or_else(wrong)?)
            }
        };
        quote!(#name => #set,)
    });
    let tree_code = &tree.code;
    let declare = tree.uses_partition.then(|| quote! {
        let partition: ::std::option::Option<&'static #rt::endpoint::PartitionInfo> = ::std::option::Option::None;
    });
    quote! {
        //! Endpoint resolution compiled from the model's `smithy.rules#endpointBdd`: the decision
        //! diagram's nodes are the branches of `resolve`, its conditions and results are Rust
        //! below, and nothing is parsed or interpreted when a client is built or a call is made.
        //! Precedence, as in the AWS SDKs: `Config::endpoint_url`, then
        //! `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` (all passed to the rules as
        //! `SDK::Endpoint`), then the rules.

        /// Resolves the endpoint for configuration-bound parameters (region, FIPS, dual-stack,
        /// endpoint URL).
        pub fn resolve(params: &#rt::endpoint::EndpointParams) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            #declare
            #tree_code
        }

        /// Result `k` of the diagram (`0` is its implicit no-match rule).
        fn outcome(
            k: i32,
            #params_arg: &#rt::endpoint::EndpointParams,
            #partition_arg: ::std::option::Option<&'static #rt::endpoint::PartitionInfo>,
        ) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            #unbound
            match k {
                #(#result_arms)*
                _ => ::std::result::Result::Err(#rt::endpoint::EndpointError::new("no endpoint rule matched")),
            }
        }

        /// Resolves with parameters given by name, as the model's endpoint tests do: the four
        /// built-in parameters the client binds (`Region`, `UseFIPS`, `UseDualStack`,
        /// `Endpoint` by their built-ins); any other name is an error.
        pub fn resolve_named(params: &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            let mut bound = #rt::endpoint::EndpointParams { region: ::std::option::Option::None, use_fips: false, use_dual_stack: false, endpoint: ::std::option::Option::None };
            for (name, value) in params {
                if value.is_null() {
                    continue;
                }
                let wrong = || #rt::endpoint::EndpointError::new(::std::format!("endpoint parameter `{name}` has the wrong type: {value}"));
                match name.as_str() {
                    #(#named_arms)*
                    other => return ::std::result::Result::Err(#rt::endpoint::EndpointError::new(::std::format!("unknown endpoint parameter `{other}`"))),
                }
            }
            resolve(&bound)
        }

        #tests
    }
}

/// The model's endpoint tests: one test that runs every case of `endpoint_tests.json`.
fn endpoint_tests_module() -> TokenStream {
    let rt = runtime();
    quote! {
        #[cfg(test)]
        mod tests {
            /// The model's `smithy.rules#endpointTests` (the cases in `endpoint_tests.json`),
            /// each resolved with [`resolve_named`](super::resolve_named).
            #[test]
            fn endpoint_tests() {
                #rt::test_util::endpoint_tests(include_str!("endpoint_tests.json"), super::resolve_named);
            }
        }
    }
}

/// The error enum and fluent builder that join an operation's input and output in its module.
pub fn operation_items(krate: &ir::Crate, op: &ir::Operation) -> TokenStream {
    let error_enum = error_enum(op);
    let fluent = fluent_builder(krate, op);
    let fluent_name = ident(&op.fluent_builder);
    // One structure may be both the input and the output: re-export its builder once.
    let outputs = (op.output != op.input).then_some(&op.output);
    let io_builders = std::iter::once(&op.input)
        .chain(outputs)
        .filter_map(|path| {
            match krate
                .types
                .iter()
                .find(|t| &t.path == path)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Struct(s)) => {
                    let builder = &s.builder_path;
                    Some(quote!(pub use #builder;))
                }
                _ => None,
            }
        });
    let doc = Doc(format!(
        " The builders of `{}`: the fluent builder and the input and output builders.",
        op.wire_name
    ));
    let paginator = super::waiters::paginator_items(krate, op).map(|(module, _)| module);
    quote! {
        #error_enum
        #fluent
        #paginator

        #[doc = #doc]
        pub mod builders {
            pub use super::#fluent_name;
            #(#io_builders)*
        }
    }
}

/// `src/error_meta.rs`: the service-wide `Error`, which every operation's error (and
/// `SdkError`) converts into, so `?` works in a function that calls several operations.
pub fn service_error_rs(krate: &ir::Crate) -> TokenStream {
    let rt = runtime();
    let unhandled = ident(&krate.unhandled_variant);
    let variants: Vec<_> = krate.errors.iter().map(|e| ident(&e.variant)).collect();
    let paths: Vec<_> = krate.errors.iter().map(|e| &e.path).collect();
    let no_source = (!krate.errors.is_empty()).then(|| quote!(=> ::std::option::Option::None,));
    let docs = krate.errors.iter().map(|e| Doc(format!(" `{}`.", e.code)));
    let conversions = krate.operations.iter().map(|op| {
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
    });
    quote! {
        //! The service-wide error: every error any operation of this crate can return.

        /// Any error of this crate's operations. Every operation's error enum, and every
        /// `SdkError` of one, converts into it, so `?` works in a function returning it.
        #[derive(::std::fmt::Debug)]
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

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Error::#variants(e) => ::std::fmt::Display::fmt(e, f),)*
                    Error::#unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::#unhandled(e) => ::std::error::Error::source(e),
                    #(Error::#variants(_))|* #no_source
                }
            }
        }

        impl #rt::ProvideErrorMetadata for Error {
            fn meta(&self) -> &#rt::ErrorMetadata {
                match self {
                    #(Error::#variants(e) => #rt::ProvideErrorMetadata::meta(e),)*
                    Error::#unhandled(e) => e.meta(),
                }
            }
        }

        impl ::std::convert::From<#rt::BuildError> for Error {
            fn from(err: #rt::BuildError) -> Self {
                Error::#unhandled(#rt::UnhandledError::from_source(err, ::std::default::Default::default()))
            }
        }

        #(#conversions)*
    }
}

fn error_enum(op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let ir::Operation {
        wire_name,
        error_enum,
        unhandled_variant,
        errors,
        // The client and the fluent builder use these.
        fn_name: _,
        module: _,
        input: _,
        output: _,
        fluent_builder: _,
        idempotency_tokens: _,
        docs: _,
        deprecated: _,
        paginator: _,
        waiters: _,
        host_prefix: _,
        request_compression: _,
    } = op;
    let name = ident(error_enum);
    let unhandled = ident(unhandled_variant);
    let doc = Doc(format!(" The errors `{wire_name}` can return."));
    let unhandled_doc = Doc(format!(
        " An error `{wire_name}` does not model; its code, message and request id are kept."
    ));
    let variants = errors.iter().map(|e| {
        let ir::OperationError {
            variant,
            path,
            code,
            // Read by the retry classification below.
            retryable: _,
        } = e;
        let variant = ident(variant);
        let variant_doc = Doc(format!(" `{code}`."));
        quote!(#[doc = #variant_doc] #variant(#path),)
    });
    let all: Vec<_> = errors.iter().map(|e| ident(&e.variant)).collect();
    let is_fns = errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let method = quote::format_ident!("is_{}", crate::names::snake(&e.variant));
        let doc = Doc(format!(" Whether this is a `{}`.", e.code));
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let operation_error = operation_error_impl(&name, &unhandled, errors);
    let no_source = (!errors.is_empty()).then(|| quote!(=> ::std::option::Option::None,));
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        // Unboxed variants, as in the official crate (see `crate::Error`).
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = #unhandled_doc]
            #unhandled(#rt::UnhandledError),
        }

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
                match self {
                    #(Self::#all(e) => #rt::ProvideErrorMetadata::meta(e),)*
                    Self::#unhandled(e) => e.meta(),
                }
            }

            #(#is_fns)*
        }

        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                #name::meta(self)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#all(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::#unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        // A modeled error has no `source()`: `Display` already shows it, and a source would
        // print the same words twice in an error chain.
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::#unhandled(e) => ::std::error::Error::source(e),
                    #(Self::#all(_))|* #no_source
                }
            }
        }

        #operation_error
    }
}

/// `OperationError`: which modeled error a response's code means, and which are retryable.
fn operation_error_impl(
    name: &proc_macro2::Ident,
    unhandled: &proc_macro2::Ident,
    errors: &[ir::OperationError],
) -> TokenStream {
    let rt = runtime();
    let parse_arms = errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = &e.code;
        let path = &e.path;
        quote! {
            ::std::option::Option::Some(#code) => #rt::aws_json::modeled_error(body).map_or_else(unhandled, |mut e: #path| {
                e._meta = meta.clone();
                Self::#variant(e)
            }),
        }
    });
    // An operation without modeled errors reads neither the code nor the body.
    let (code, body) = if errors.is_empty() {
        (ident("_code"), ident("_body"))
    } else {
        (ident("code"), ident("body"))
    };
    let dispatch = if errors.is_empty() {
        quote!(unhandled())
    } else {
        quote! {
            match code {
                #(#parse_arms)*
                _ => unhandled(),
            }
        }
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
                let unhandled = || Self::#unhandled(#rt::UnhandledError::new(meta.clone()));
                #dispatch
            }

            fn is_retryable(&self) -> bool {
                #is_retryable
            }

            fn unhandled(error: #rt::UnhandledError) -> Self {
                Self::#unhandled(error)
            }
        }
    }
}

fn fluent_builder(krate: &ir::Crate, op: &ir::Operation) -> TokenStream {
    let rt = runtime();
    let ir::Operation {
        wire_name,
        fn_name,
        input,
        output,
        error_enum,
        fluent_builder,
        idempotency_tokens,
        host_prefix,
        request_compression,
        // The client method and the module docs carry these; the paginator module is
        // emitted next to this builder, and waiters have files of their own.
        module: _,
        errors: _,
        unhandled_variant: _,
        docs: _,
        deprecated: _,
        paginator: _,
        waiters: _,
    } = op;
    let into_paginator = super::waiters::paginator_items(krate, op).map(|(_, method)| method);
    let name = ident(fluent_builder);
    let error = ident(error_enum);
    let input_def = krate.types.iter().find(|t| &t.path == input);
    let (fields, builder): (&[Field], TokenStream) = match input_def.map(|d| (&d.kind, d)) {
        Some((TypeKind::Struct(s), _)) => {
            let path = &s.builder_path;
            (&s.fields, quote!(#path))
        }
        _ => unreachable!("lowering gives every operation a structure input"),
    };
    let setters = fields.iter().map(|f| setters(f, Target::Delegate));
    let doc = Doc(format!(
        " Sends a `{wire_name}` request. Start one with [`Client`](crate::Client)`::{fn_name}()`, set its members, then call [`send`](Self::send)."
    ));
    let tokens = idempotency_tokens.iter().map(|f| {
        let field = ident(f);
        quote! {
            // One token per call, so every retry of it is the same request to the service.
            if input.#field.is_none() {
                input.#field = ::std::option::Option::Some(#rt::idempotency_token());
            }
        }
    });
    let mut_input = (!idempotency_tokens.is_empty()).then(|| quote!(mut));
    let invoke = if host_prefix.is_empty() && !request_compression {
        quote!(self.handle.invoke(#wire_name, &input).await)
    } else {
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
                                .map_err(|e| #rt::SdkError::construction(#wire_name, e))?
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
    };
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            handle: ::std::sync::Arc<#rt::Handle>,
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
                let #mut_input input = self.inner.build().map_err(|e| #rt::SdkError::construction(#wire_name, e))?;
                #(#tokens)*
                #invoke
            }

            #into_paginator

            #(#setters)*
        }
    }
}
