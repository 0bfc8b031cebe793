//! Part of stage 4, emit: waiters: `src/waiters.rs`, one `src/waiters/<name>.rs` per waiter
//! (its acceptors as plain Rust, and a builder that wraps the operation's fluent builder), and
//! the `client::Waiters` trait.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::{path, values};
use super::setters::{Target, setters};
use super::tokens::{Doc, deprecated, ident, inner_docs, runtime};
use crate::ir::{self, AcceptorState, Comparator, Matcher, PathNode};

/// `src/waiters.rs`: one module per waiter.
pub fn waiters_rs(krate: &ir::Crate) -> TokenStream {
    let mods = krate.operations.iter().flat_map(|op| &op.waiters).map(|w| {
        let module = ident(&w.module);
        let doc = Doc(format!(" The `{}` waiter.", w.name));
        quote!(#[doc = #doc] pub mod #module;)
    });
    let rt = runtime();
    quote! {
        //! Waiters: poll an operation until the service reports the state you want, with the
        //! model's delays. Call them through [`Waiters`](crate::client::Waiters).

        pub use #rt::waiter::{ExceededMaxWait, FailureState, FinalPoll, Matched, OperationFailed, WaiterConstructionFailure, WaiterError};

        #(#mods)*
    }
}

/// The `client::Waiters` trait and its impl for `Client`.
pub fn waiters_trait(krate: &ir::Crate) -> Option<TokenStream> {
    let all: Vec<&ir::Waiter> = krate.operations.iter().flat_map(|op| &op.waiters).collect();
    if all.is_empty() {
        return None;
    }
    let decls = all.iter().map(|w| {
        let (method, module, builder) =
            (ident(&w.method), ident(&w.module), ident(&w.fluent_builder));
        let doc = Doc(format!(" Waits until {}.", w.goal));
        quote!(#[doc = #doc] fn #method(&self) -> crate::waiters::#module::#builder;)
    });
    let impls = all.iter().map(|w| {
        let (method, module, builder) =
            (ident(&w.method), ident(&w.module), ident(&w.fluent_builder));
        quote!(fn #method(&self) -> crate::waiters::#module::#builder {
            crate::waiters::#module::#builder::new(self.handle.clone())
        })
    });
    Some(quote! {
        /// The waiters, as methods of [`Client`]: `use` this trait, then
        /// `client.wait_until_…().….wait(max_wait).await`.
        pub trait Waiters {
            #(#decls)*
        }

        impl Waiters for Client {
            #(#impls)*
        }
    })
}

/// `src/waiters/<name>.rs`.
pub fn waiter_rs(op: &ir::Operation, w: &ir::Waiter) -> TokenStream {
    let rt = runtime();
    let ir::Waiter {
        name,
        goal,
        min_delay,
        max_delay,
        docs: waiter_docs,
        final_poll,
        error_alias,
        uses_input,
        acceptors,
        // The builder and the client's trait read these.
        method: _,
        module: _,
        file: _,
        fluent_builder: _,
        deprecated: _,
    } = w;
    let (module, error) = (ident(&op.module), ident(&op.error_enum));
    let (input, output) = (&op.input.path, &op.output.path);
    let input_param = ident(if *uses_input { "input" } else { "_input" });
    let path_functions = acceptors
        .iter()
        .enumerate()
        .filter_map(|(i, a)| path_function(op, i + 1, a));
    let acceptors = acceptors
        .iter()
        .enumerate()
        .map(|(i, a)| acceptor(i + 1, a));
    let waiter_docs = inner_docs(waiter_docs);
    let builder = builder(op, w);
    let spec = spec_and_types(
        op,
        name,
        goal,
        (*min_delay, *max_delay),
        (final_poll, error_alias),
    );
    quote! {
        #waiter_docs

        #spec

        /// The model's acceptors, in order: the first that matches decides.
        fn accept(
            #input_param: &#input,
            result: &::std::result::Result<#output, #rt::SdkError<crate::operation::#module::#error>>,
        ) -> ::std::option::Option<#rt::waiter::Matched> {
            #(#acceptors)*
            ::std::option::Option::None
        }

        #(#path_functions)*

        #builder
    }
}

/// The waiter's spec (name, goal, delays) and the names of what it returns and fails with.
fn spec_and_types(
    op: &ir::Operation,
    name: &str,
    goal: &str,
    (min_delay, max_delay): (u64, u64),
    (final_poll, error_alias): (&str, &str),
) -> TokenStream {
    let rt = runtime();
    let (module, error, output) = (ident(&op.module), ident(&op.error_enum), &op.output.path);
    let (final_poll, error_alias) = (ident(final_poll), ident(error_alias));
    let final_doc = Doc(format!(
        " What `{name}` returns when it succeeds: the last poll."
    ));
    let error_doc = Doc(format!(" Why `{name}` stopped without success."));
    quote! {
        #[doc = #final_doc]
        pub type #final_poll = #rt::waiter::FinalPoll<#output, #rt::SdkError<crate::operation::#module::#error>>;

        #[doc = #error_doc]
        pub type #error_alias = #rt::waiter::WaiterError<#output, crate::operation::#module::#error>;

        const SPEC: #rt::waiter::WaiterSpec = #rt::waiter::WaiterSpec {
            name: #name,
            goal: #goal,
            min_delay: ::std::time::Duration::from_secs(#min_delay),
            max_delay: ::std::time::Duration::from_secs(#max_delay),
        };
    }
}

/// Acceptor `index` as an `if` that returns the match.
fn acceptor(index: usize, a: &ir::Acceptor) -> TokenStream {
    let rt = runtime();
    let ir::Acceptor {
        state,
        matcher,
        rule,
    } = a;
    let state = match state {
        AcceptorState::Success => quote!(#rt::waiter::AcceptorState::Success),
        AcceptorState::Failure => quote!(#rt::waiter::AcceptorState::Failure),
        AcceptorState::Retry => quote!(#rt::waiter::AcceptorState::Retry),
    };
    let matched = |values: TokenStream| {
        quote! {
            return ::std::option::Option::Some(#rt::waiter::Matched { state: #state, acceptor: #index, rule: #rule, values: #values });
        }
    };
    match matcher {
        Matcher::Success(ok) => {
            let m = matched(quote!(::std::string::String::new()));
            let test = if *ok {
                quote!(result.is_ok())
            } else {
                quote!(result.is_err())
            };
            quote!(if #test { #m })
        }
        Matcher::ErrorType(code) => {
            let m = matched(quote!(#code.to_owned()));
            quote! {
                if result.as_ref().err().is_some_and(|e| #rt::ProvideErrorMetadata::code(e) == ::std::option::Option::Some(#code)) { #m }
            }
        }
        Matcher::Path {
            path: p,
            comparator,
            expected,
        } => {
            let m = matched(quote!(::std::format!("{value:?}")));
            let (value, test) = comparison(p, *comparator, expected);
            // A path of literals (`` `true` ``) or of the input alone reads no output.
            let ok = if p.reads(&PathNode::Output) {
                quote!(let ::std::result::Result::Ok(output) = result)
            } else {
                quote!(result.is_ok())
            };
            if p.can_fail() {
                let (function, args) = (format_ident!("path_{index}"), path_args(p));
                quote!(if #ok && let ::std::option::Option::Some(value) = #function(#(#args),*) && #test { #m })
            } else {
                quote!(if #ok { let value = #value; if #test { #m } })
            }
        }
    }
}

/// The value a comparator reads (the path's `Option<V>`, or the values of a list or
/// projection) and its test of `value` against the expected value.
fn comparison(
    p: &ir::PathExpr,
    comparator: Comparator,
    expected: &str,
) -> (TokenStream, TokenStream) {
    match comparator {
        Comparator::StringEquals => (
            path(p),
            quote!(value == ::std::option::Option::Some(#expected)),
        ),
        Comparator::BooleanEquals => {
            let b = expected == "true";
            (path(p), quote!(value == ::std::option::Option::Some(#b)))
        }
        Comparator::AllStringEquals => {
            let each = if expected.is_empty() {
                quote!(v.is_empty())
            } else {
                quote!(*v == #expected)
            };
            (
                values(p),
                quote!(!value.is_empty() && value.iter().all(|v| #each)),
            )
        }
        Comparator::AnyStringEquals => (values(p), quote!(value.contains(&#expected))),
    }
}

/// What a path function takes: the input and the output, each if the path reads it.
fn path_args(p: &ir::PathExpr) -> Vec<TokenStream> {
    let mut args = Vec::new();
    if p.reads(&PathNode::Input) {
        args.push(quote!(input));
    }
    if p.reads(&PathNode::Output) {
        args.push(quote!(output));
    }
    args
}

/// For an acceptor whose path can raise a JMESPath error, the function that evaluates it:
/// `None` is the error, and the acceptor does not match.
fn path_function(op: &ir::Operation, index: usize, a: &ir::Acceptor) -> Option<TokenStream> {
    let Matcher::Path {
        path: p,
        comparator,
        expected,
    } = &a.matcher
    else {
        return None;
    };
    if !p.can_fail() {
        return None;
    }
    let (value, _) = comparison(p, *comparator, expected);
    let function = format_ident!("path_{index}");
    let (input, output) = (&op.input.path, &op.output.path);
    let (reads_input, reads_output) = (p.reads(&PathNode::Input), p.reads(&PathNode::Output));
    // A lifetime only when two references meet; one is elided, none is `'static`.
    let (lifetime, string) = match (reads_input, reads_output) {
        (true, true) => (quote!('a), quote!(&'a str)),
        (false, false) => (quote!(), quote!(&'static str)),
        _ => (quote!(), quote!(&str)),
    };
    let mut params = Vec::new();
    if reads_input {
        params.push(quote!(input: &#lifetime #input));
    }
    if reads_output {
        params.push(quote!(output: &#lifetime #output));
    }
    let returns = match comparator {
        Comparator::StringEquals => quote!(::std::option::Option<#string>),
        Comparator::BooleanEquals => quote!(::std::option::Option<bool>),
        Comparator::AllStringEquals | Comparator::AnyStringEquals => {
            quote!(::std::vec::Vec<#string>)
        }
    };
    let generics = (reads_input && reads_output).then(|| quote!(<'a>));
    let doc = Doc(format!(
        " Evaluates the path of acceptor {index}: `None` when that raises a JMESPath error \
         (`length` or `contains` of null), and then the acceptor does not match."
    ));
    Some(quote! {
        #[doc = #doc]
        fn #function #generics(#(#params),*) -> ::std::option::Option<#returns> {
            ::std::option::Option::Some(#value)
        }
    })
}

/// The waiter's builder: the operation's fluent builder (whose setters it forwards), the
/// delays and the poll observer, and `wait`.
// Over 60 lines: one template, the waiter builder and its `wait`, read in one place.
fn builder(op: &ir::Operation, w: &ir::Waiter) -> TokenStream {
    let rt = runtime();
    let (module, error, fluent) = (
        ident(&op.module),
        ident(&op.error_enum),
        ident(&op.fluent_builder),
    );
    let (input_builder, output) = (&op.input.builder, &op.output.path);
    let fluent_path = format!("operation::{}::{}", op.module, op.fluent_builder);
    let setters = op
        .input_fields
        .iter()
        .map(|f| setters(f, Target::Wrap(&fluent_path, &op.fluent_builder)));
    let (name, wire, builder_name) = (&w.name, &op.wire_name, ident(&w.fluent_builder));
    let (final_poll, error_alias) = (ident(&w.final_poll), ident(&w.error_alias));
    let waiter_deprecated = deprecated(&w.deprecated);
    let builder_doc = Doc(format!(
        " Waits until {}, polling `{wire}`. Start one with [`Waiters`](crate::client::Waiters)`::{}()`, set the input, then call [`wait`](Self::wait).",
        w.goal, w.method
    ));
    let result =
        quote!(::std::result::Result<#output, #rt::SdkError<crate::operation::#module::#error>>);
    let tuning = tuning_methods(&result);
    quote! {
        #[doc = #builder_doc]
        #waiter_deprecated
        #[derive(Clone, Debug)]
        pub struct #builder_name {
            inner: crate::operation::#module::#fluent,
            spec: #rt::waiter::WaiterSpec,
            observer: ::std::option::Option<#rt::waiter::Observer<#output, crate::operation::#module::#error>>,
        }

        impl #builder_name {
            pub(crate) fn new(handle: ::std::sync::Arc<#rt::Handle>) -> Self {
                Self { inner: crate::operation::#module::#fluent::new(handle), spec: SPEC, observer: ::std::option::Option::None }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#input_builder {
                self.inner.as_input()
            }

            #tuning

            /// Polls until an acceptor says success (the last poll) or failure, an error no
            /// acceptor handles, or `max_wait` (the last poll lands at the deadline).
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<#final_poll, #error_alias> {
                let input = self.inner.as_input().clone().build().map_err(|e| #rt::waiter::WaiterError::construction(#name, e))?;
                let handle = self.inner.handle;
                let sleep = handle.sleep().cloned();
                let poll = || {
                    let (handle, input) = (handle.clone(), input.clone());
                    async move { handle.invoke(#wire, &input).await }
                };
                #rt::waiter::wait(sleep, self.spec, max_wait, poll, |result| accept(&input, result), self.observer.as_ref()).await
            }

            #(#setters)*
        }
    }
}

/// `min_delay`, `max_delay` and `on_poll`: what a caller may change about the polling.
fn tuning_methods(result: &TokenStream) -> TokenStream {
    let rt = runtime();
    quote! {
        /// Shortest delay between polls instead of the model's, for tests and impatient
        /// callers. The spec's rules still hold: it may not exceed the maximum delay, and
        /// a max wait shorter than it is an error.
        pub fn min_delay(mut self, delay: ::std::time::Duration) -> Self {
            self.spec.min_delay = delay;
            self
        }

        /// Longest delay between polls instead of the model's, for tests and impatient callers.
        pub fn max_delay(mut self, delay: ::std::time::Duration) -> Self {
            self.spec.max_delay = delay;
            self
        }

        /// Calls `f` with every poll's result, before the acceptors look at it: for progress
        /// output such as each state change.
        pub fn on_poll(mut self, f: impl Fn(&#result) + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
            self.observer = ::std::option::Option::Some(#rt::waiter::Observer::new(f));
            self
        }
    }
}
