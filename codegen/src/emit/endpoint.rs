//! Part of stage 4, emit: `src/endpoint.rs`: the resolver the client uses. From the model's
//! `smithy.rules#endpointBdd` compiled to Rust when lowering could compile it, else the rule
//! set embedded for the runtime's interpreter, else regional URLs; and the model's endpoint
//! tests, as data run by one test.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{Doc, ident, runtime};
use crate::ir;

/// `src/endpoint.rs`.
pub fn endpoint_rs(service: &ir::Service) -> TokenStream {
    let ir::Service {
        endpoints,
        endpoint_tests,
        endpoint_prefix,
        // The client and lib.rs use these.
        shape_id: _,
        protocol: _,
        query_compatible: _,
        other_protocols: _,
        target_prefix: _,
        title: _,
        version: _,
        signing_name: _,
        sdk_id: _,
        endpoint_env_suffix: _,
        docs: _,
    } = service;
    let tests = endpoint_tests.as_ref().map(|_| endpoint_tests_module());
    match endpoints {
        ir::Endpoints::Regional => regional(endpoint_prefix),
        ir::Endpoints::Compiled(bdd) => compiled_endpoints(bdd, tests),
        ir::Endpoints::Interpreted(rules) => interpreted_endpoints(rules, tests),
    }
}

/// A model without rules: the configured URL, else the regional one.
fn regional(endpoint_prefix: &str) -> TokenStream {
    let rt = runtime();
    let doc = Doc(format!(
        " The configured URL if there is one, else `https://{endpoint_prefix}.{{region}}.amazonaws.com`."
    ));
    quote! {
        //! Endpoint resolution. The model has no endpoint rule set, so endpoints are regional.

        #[doc = #doc]
        pub fn resolve(params: &#rt::endpoint::EndpointParams) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            #rt::endpoint::regional(params, #endpoint_prefix)
        }
    }
}

/// The rules, embedded and interpreted, with why the BDD did not compile.
fn interpreted_endpoints(rules: &ir::InterpretedRules, tests: Option<TokenStream>) -> TokenStream {
    let rt = runtime();
    let ir::InterpretedRules { kind, json: _, why } = rules;
    let why = format!(" The rules are interpreted because {why}.");
    let (trait_name, ty) = match kind {
        ir::RulesKind::RuleSet => (
            "`smithy.rules#endpointRuleSet`",
            quote!(#rt::endpoint::RuleSet),
        ),
        ir::RulesKind::Bdd => ("`smithy.rules#endpointBdd`", quote!(#rt::endpoint::Bdd)),
    };
    let origin = format!(" Endpoint resolution from the model's {trait_name},");
    quote! {
        #![doc = #origin]
        //! embedded in `endpoint_rules.json` and evaluated by the runtime's rules engine.
        //! Precedence, as in the AWS SDKs: `Config::endpoint_url`, then
        //! `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` (all passed to the rules as
        //! `SDK::Endpoint`), then the rules.
        //!
        #![doc = #why]

        use ::std::sync::OnceLock;

        const RULES: &str = include_str!("endpoint_rules.json");

        fn rules() -> ::std::result::Result<&'static #ty, #rt::endpoint::EndpointError> {
            static PARSED: OnceLock<::std::result::Result<#ty, #rt::endpoint::EndpointError>> = OnceLock::new();
            PARSED.get_or_init(|| #ty::parse(RULES)).as_ref().map_err(::std::clone::Clone::clone)
        }

        /// Resolves the endpoint for configuration-bound parameters (region, FIPS, dual-stack,
        /// endpoint URL).
        pub fn resolve(params: &#rt::endpoint::EndpointParams) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            rules()?.resolve(params)
        }

        /// Evaluates the rules with parameters given by name, as the model's endpoint tests do.
        pub fn resolve_named(params: &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            rules()?.evaluate(params)
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
    let (index, complemented) = match reference {
        ir::Reference::Node {
            index,
            complemented,
        } => (index, complemented),
        leaf => return leaf_branch(leaf),
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
            uses_partition: matches!(c, ir::BddCondition::PartitionIs(_, _))
                || yes.uses_partition
                || no.uses_partition,
            is_if: true,
        },
        None => bind_partition(&yes, no_code, no.uses_partition),
    }
}

/// A result (`outcome(k, ..)`) or the no-match terminal.
fn leaf_branch(reference: ir::Reference) -> Branch {
    let rt = runtime();
    match reference {
        ir::Reference::Result(k) => {
            let k = Literal::usize_unsuffixed(k);
            Branch {
                code: quote!(outcome(#k, params, partition)),
                uses_partition: true,
                is_if: false,
            }
        }
        _ => Branch {
            code: quote!(::std::result::Result::Err(#rt::endpoint::EndpointError::new("no endpoint rule matched"))),
            uses_partition: false,
            is_if: false,
        },
    }
}

/// Binding the partition: the branch where it is found sees it, the other keeps `None`.
fn bind_partition(yes: &Branch, no_code: TokenStream, no_uses_partition: bool) -> Branch {
    let rt = runtime();
    let yes_code = &yes.code;
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
        uses_partition: no_uses_partition,
        is_if: true,
    }
}

fn param(p: ir::EndpointParam) -> TokenStream {
    match p {
        ir::EndpointParam::Region => quote!(params.region),
        ir::EndpointParam::Endpoint => quote!(params.endpoint),
        ir::EndpointParam::UseFips => quote!(params.use_fips),
        ir::EndpointParam::UseDualStack => quote!(params.use_dual_stack),
    }
}

fn partition_field(f: ir::PartitionField) -> TokenStream {
    match f {
        ir::PartitionField::Name => quote!(name),
        ir::PartitionField::DnsSuffix => quote!(dns_suffix),
        ir::PartitionField::DualStackDnsSuffix => quote!(dual_stack_dns_suffix),
        ir::PartitionField::ImplicitGlobalRegion => quote!(implicit_global_region),
        ir::PartitionField::SupportsFips => quote!(supports_fips),
        ir::PartitionField::SupportsDualStack => quote!(supports_dual_stack),
    }
}

/// A condition as a boolean expression; binding the partition is not one (`bdd_tree` writes
/// it as an `if let`).
fn condition(c: &ir::BddCondition) -> Option<TokenStream> {
    Some(match c {
        ir::BddCondition::IsSet(p) => {
            let p = param(*p);
            quote!(#p.is_some())
        }
        ir::BddCondition::ParamIs(p, b) => {
            let p = param(*p);
            if *b { quote!(#p) } else { quote!(!#p) }
        }
        ir::BddCondition::Partition => return None,
        ir::BddCondition::PartitionIs(f, b) => {
            let f = partition_field(*f);
            if *b {
                quote!(partition.is_some_and(|p| p.#f))
            } else {
                quote!(partition.is_some_and(|p| !p.#f))
            }
        }
    })
}

/// `k => Ok(Endpoint::url(..))` or `k => Err(..)` for result `k` of the diagram.
fn result_arm(k: usize, result: &ir::BddResult) -> TokenStream {
    let rt = runtime();
    let k = Literal::usize_unsuffixed(k);
    let body = match result {
        ir::BddResult::Error(message) => {
            quote!(::std::result::Result::Err(#rt::endpoint::EndpointError::new(#message)))
        }
        ir::BddResult::Endpoint(parts) => {
            // `url_of(["https://ecs.", region, ".", &partition.dns_suffix])`: one allocation of
            // the exact length, no formatting machinery.
            let pieces: Vec<TokenStream> = parts
                .iter()
                .map(|part| match part {
                    ir::UrlPart::Literal(text) => quote!(#text),
                    ir::UrlPart::Param(p) => {
                        let p = param(*p);
                        quote!(#p.as_deref().ok_or_else(unbound)?)
                    }
                    ir::UrlPart::Partition(f) => {
                        let f = partition_field(*f);
                        quote!(&partition.#f)
                    }
                })
                .collect();
            let bind = parts
                .iter()
                .any(|p| matches!(p, ir::UrlPart::Partition(_)))
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
}

/// `src/endpoint.rs` from the model's `smithy.rules#endpointBdd`: the diagram as nested
/// branches, each condition a Rust expression over the typed parameters, each result a
/// constructor. No rule set is parsed and nothing is interpreted per call.
fn compiled_endpoints(bdd: &ir::EndpointBdd, tests: Option<TokenStream>) -> TokenStream {
    let rt = runtime();
    let ir::EndpointBdd {
        root,
        results,
        params: names,
        // Walked by `bdd_tree` from the root.
        nodes: _,
        conditions: _,
    } = bdd;
    // The diagram as nested `if`s, each node once per path that reaches it (lowering keeps
    // the tree small): the compiler sees plain branches, and there is no table to walk.
    let tree = bdd_tree(*root, bdd, &condition);
    let tree_code = &tree.code;
    let declare = tree.uses_partition.then(|| quote! {
        let partition: ::std::option::Option<&'static #rt::endpoint::PartitionInfo> = ::std::option::Option::None;
    });
    let outcome = outcome_fn(results);
    let named = resolve_named(names);
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

        #outcome
        #named
        #tests
    }
}

/// `outcome(k, params, partition)`: result `k` of the diagram.
fn outcome_fn(results: &[ir::BddResult]) -> TokenStream {
    let rt = runtime();
    let uses = |f: &dyn Fn(&ir::UrlPart) -> bool| {
        results
            .iter()
            .any(|r| matches!(r, ir::BddResult::Endpoint(parts) if parts.iter().any(f)))
    };
    let uses_params = uses(&|p| matches!(p, ir::UrlPart::Param(_)));
    let uses_partition = uses(&|p| matches!(p, ir::UrlPart::Partition(_)));
    let unbound = (uses_params || uses_partition).then(|| quote! {
        // The diagram only reaches a result after the conditions that bind what it uses.
        let unbound = || #rt::endpoint::EndpointError::new("the endpoint rules used a value they did not bind");
    });
    let params_arg = ident(if uses_params { "params" } else { "_params" });
    let partition_arg = ident(if uses_partition {
        "partition"
    } else {
        "_partition"
    });
    let arms = results
        .iter()
        .enumerate()
        .map(|(i, r)| result_arm(i + 1, r));
    quote! {
        /// Result `k` of the diagram (`0` is its implicit no-match rule).
        fn outcome(
            k: usize,
            #params_arg: &#rt::endpoint::EndpointParams,
            #partition_arg: ::std::option::Option<&'static #rt::endpoint::PartitionInfo>,
        ) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::EndpointError> {
            #unbound
            match k {
                #(#arms)*
                _ => ::std::result::Result::Err(#rt::endpoint::EndpointError::new("no endpoint rule matched")),
            }
        }
    }
}

/// `resolve_named`: the built-in parameters by their names in the model, as the endpoint tests
/// give them.
fn resolve_named(names: &[(String, ir::EndpointParam)]) -> TokenStream {
    let rt = runtime();
    let arms = names.iter().map(|(name, p)| {
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
    quote! {
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
                    #(#arms)*
                    other => return ::std::result::Result::Err(#rt::endpoint::EndpointError::new(::std::format!("unknown endpoint parameter `{other}`"))),
                }
            }
            resolve(&bound)
        }
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
