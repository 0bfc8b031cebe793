//! Part of stage 4, emit: waiters (`waiters/<name>.rs`, the `client::Waiters` trait) and
//! paginators (`operation::<op>::paginator`), with their JMESPath paths as plain Rust.
//!
//! A compiled path is a Rust expression of type `Option<V>` (one value, maybe null) or
//! `Vec<V>` (a projection), where `V` is `&S`, `&str`, `i64`, `f64`, `bool` or `&[E]`, all
//! `Copy`; `output`, `input` and (inside projections) `item` are in scope.

use proc_macro2::TokenStream;
use quote::quote;

use super::setters::{Target, setters};
use super::tokens::{Doc, deprecated, ident, runtime};
use crate::ir::{
    self, AcceptorState, Access, Comparator, Matcher, PathExpr, PathNode, RustType, TypeKind,
    ValueKind, ValueType,
};
use crate::jmespath::CompareOp;

/// The Rust expression for a compiled path.
pub fn path(e: &PathExpr) -> TokenStream {
    match &e.node {
        PathNode::Output => quote!(::std::option::Option::Some(output)),
        PathNode::Input => quote!(::std::option::Option::Some(input)),
        PathNode::Current => quote!(::std::option::Option::Some(item)),
        PathNode::Field {
            of,
            field,
            optional,
            access,
        } => {
            let f = ident(field);
            // A field of a value that is always there (the output, the input, a projected
            // item) is read directly; deeper fields go through the `Option` of their parent.
            let known = match of.node {
                PathNode::Output => Some(quote!(output)),
                PathNode::Input => Some(quote!(input)),
                PathNode::Current => Some(quote!(item)),
                _ => None,
            };
            let v = known.clone().unwrap_or_else(|| quote!(v));
            let get = match (access, optional) {
                (Access::String, true) => quote!(#v.#f.as_deref()),
                (Access::String, false) => quote!(#v.#f.as_str()),
                (Access::Enum, true) => quote!(#v.#f.as_ref().map(|x| x.as_str())),
                (Access::Enum, false) => quote!(#v.#f.as_str()),
                (Access::Int, true) => quote!(#v.#f.map(i64::from)),
                (Access::Int, false) => quote!(i64::from(#v.#f)),
                (Access::Float, true) => quote!(#v.#f.map(f64::from)),
                (Access::Float, false) => quote!(f64::from(#v.#f)),
                (Access::Bool, _) => quote!(#v.#f),
                (Access::Struct, true) => quote!(#v.#f.as_ref()),
                (Access::Struct, false) => quote!(&#v.#f),
                (Access::Boxed, true) => quote!(#v.#f.as_deref()),
                (Access::Boxed, false) => quote!(&*#v.#f),
                (Access::List, true) => quote!(#v.#f.as_deref()),
                (Access::List, false) => quote!(#v.#f.as_slice()),
            };
            match (known, optional) {
                (Some(_), true) => get,
                (Some(_), false) => quote!(::std::option::Option::Some(#get)),
                (None, true) => {
                    let of = path(of);
                    quote!((#of).and_then(|v| #get))
                }
                (None, false) => {
                    let of = path(of);
                    quote!((#of).map(|v| #get))
                }
            }
        }
        PathNode::Project {
            of,
            element,
            filter,
            then,
        } => {
            let of = path(of);
            let conv = (*element != Access::Struct).then(|| {
                let conv = element_conv(*element);
                quote!(.map(|e| #conv))
            });
            let filter = filter.as_ref().map(|c| {
                let t = truthy(c);
                quote!(.filter(|item| { let item = *item; #t }))
            });
            let then_expr = path(then);
            let step = match (&then.node, &then.kind) {
                // `list[]` or `list[?cond]` with nothing after: the elements themselves.
                (PathNode::Current, _) => None,
                (_, ValueKind::Scalar(_)) => Some(quote!(.filter_map(|item| #then_expr))),
                (_, ValueKind::Projection(_)) => Some(quote!(.flat_map(|item| #then_expr))),
            };
            quote!((#of).into_iter().flat_map(|list| list.iter()) #conv #filter #step .collect::<::std::vec::Vec<_>>())
        }
        PathNode::Length(x) => {
            let inner = path(x);
            match &x.kind {
                ValueKind::Projection(_) => {
                    quote!(::std::option::Option::Some((#inner).len() as i64))
                }
                ValueKind::Scalar(ValueType::Str) => {
                    quote!((#inner).map(|s| s.chars().count() as i64))
                }
                ValueKind::Scalar(_) => quote!((#inner).map(|l| l.len() as i64)),
            }
        }
        PathNode::Contains(subject, search) => {
            let q = path(search);
            match &subject.kind {
                ValueKind::Scalar(ValueType::Str) => {
                    let s = path(subject);
                    quote!(match ((#s), (#q)) { (::std::option::Option::Some(s), ::std::option::Option::Some(q)) => ::std::option::Option::Some(s.contains(q)), _ => ::std::option::Option::None })
                }
                _ => {
                    let values = values(subject);
                    quote!(::std::option::Option::Some((#q).is_some_and(|q| (#values).contains(&q))))
                }
            }
        }
        PathNode::Compare(op, l, r) => {
            let floats = [l, r]
                .iter()
                .any(|x| x.kind == ValueKind::Scalar(ValueType::Float));
            let side = |x: &PathExpr| {
                let t = path(x);
                if floats && x.kind == ValueKind::Scalar(ValueType::Int) {
                    quote!((#t).map(|n| n as f64))
                } else {
                    t
                }
            };
            let (a, b) = (side(l), side(r));
            match op {
                CompareOp::Eq => quote!(::std::option::Option::Some((#a) == (#b))),
                CompareOp::Ne => quote!(::std::option::Option::Some((#a) != (#b))),
                ordering => {
                    let cmp = match ordering {
                        CompareOp::Lt => quote!(<),
                        CompareOp::Le => quote!(<=),
                        CompareOp::Gt => quote!(>),
                        _ => quote!(>=),
                    };
                    quote!(match ((#a), (#b)) { (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a #cmp b), _ => ::std::option::Option::None })
                }
            }
        }
        PathNode::And(a, b) => {
            let (a, b) = (truthy(a), truthy(b));
            quote!(::std::option::Option::Some(#a && #b))
        }
        PathNode::Or(a, b) => {
            let (a, b) = (truthy(a), truthy(b));
            quote!(::std::option::Option::Some(#a || #b))
        }
        PathNode::Not(a) => {
            let a = truthy(a);
            quote!(::std::option::Option::Some(!(#a)))
        }
        PathNode::Str(s) => quote!(::std::option::Option::Some(#s)),
        PathNode::Bool(b) => quote!(::std::option::Option::Some(#b)),
        PathNode::Number(n) => match e.kind {
            ValueKind::Scalar(ValueType::Int) => {
                let n = *n as i64;
                quote!(::std::option::Option::Some(#n))
            }
            _ => quote!(::std::option::Option::Some(#n)),
        },
    }
}

/// How a list element `e: &E` becomes `V`.
fn element_conv(access: Access) -> TokenStream {
    match access {
        Access::String | Access::Enum => quote!(e.as_str()),
        Access::Int => quote!(i64::from(*e)),
        Access::Float => quote!(f64::from(*e)),
        Access::Bool => quote!(*e),
        Access::Struct => quote!(e),
        Access::Boxed => quote!(&**e),
        Access::List => quote!(e.as_slice()),
    }
}

/// JMESPath truthiness (false for null, false, and empty strings and lists) as a `bool`.
fn truthy(e: &PathExpr) -> TokenStream {
    let t = path(e);
    match &e.kind {
        ValueKind::Scalar(ValueType::Bool) => quote!((#t) == ::std::option::Option::Some(true)),
        ValueKind::Scalar(ValueType::Str) => quote!((#t).is_some_and(|s| !s.is_empty())),
        ValueKind::Scalar(ValueType::List(..)) => quote!((#t).is_some_and(|l| !l.is_empty())),
        ValueKind::Scalar(_) => quote!((#t).is_some()),
        ValueKind::Projection(_) => quote!(!(#t).is_empty()),
    }
}

/// A `Vec<V>` of the values of a projection or of a list.
fn values(e: &PathExpr) -> TokenStream {
    let t = path(e);
    match &e.kind {
        ValueKind::Scalar(ValueType::List(element, rust)) => {
            let access = match (&**element, rust) {
                (ValueType::Str, RustType::String) => Access::String,
                (ValueType::Str, _) => Access::Enum,
                (ValueType::Int, _) => Access::Int,
                (ValueType::Float, _) => Access::Float,
                (ValueType::Bool, _) => Access::Bool,
                (ValueType::List(..), _) => Access::List,
                (ValueType::Struct(_), RustType::Boxed(_)) => Access::Boxed,
                (ValueType::Struct(_), _) => Access::Struct,
            };
            let conv = (access != Access::Struct).then(|| {
                let conv = element_conv(access);
                quote!(.map(|e| #conv))
            });
            quote!((#t).into_iter().flat_map(|list| list.iter()) #conv .collect::<::std::vec::Vec<_>>())
        }
        _ => t,
    }
}

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
    let all: Vec<_> = krate.operations.iter().flat_map(|op| &op.waiters).collect();
    if all.is_empty() {
        return None;
    }
    let decls = all.iter().map(|w| {
        let method = ident(&w.method);
        let module = ident(&w.module);
        let builder = ident(&w.fluent_builder);
        let doc = Doc(format!(" Waits until {}.", w.goal));
        quote!(#[doc = #doc] fn #method(&self) -> crate::waiters::#module::#builder;)
    });
    let impls = all.iter().map(|w| {
        let method = ident(&w.method);
        let module = ident(&w.module);
        let builder = ident(&w.fluent_builder);
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
pub fn waiter_rs(krate: &ir::Crate, op: &ir::Operation, w: &ir::Waiter) -> TokenStream {
    let rt = runtime();
    let module = ident(&op.module);
    let input = &op.input;
    let output = &op.output;
    let error = ident(&op.error_enum);
    let builder_name = ident(&w.fluent_builder);
    let (fields, input_builder) = match krate
        .types
        .iter()
        .find(|t| &t.path == input)
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct(s)) => {
            let p = &s.builder_path;
            (&s.fields[..], quote!(#p))
        }
        _ => unreachable!("waiters are only lowered for structure inputs"),
    };
    let setters = fields.iter().map(|f| setters(f, Target::Delegate));
    let final_poll = quote::format_ident!(
        "{}FinalPoll",
        w.fluent_builder.trim_end_matches("FluentBuilder")
    );
    let error_alias = quote::format_ident!(
        "WaitUntil{}Error",
        w.fluent_builder.trim_end_matches("FluentBuilder")
    );
    let name = &w.name;
    let wire = &op.wire_name;
    let goal = &w.goal;
    let (min, max) = (w.min_delay, w.max_delay);
    let uses_input = w.acceptors.iter().any(|a| {
        matches!(
            a.matcher,
            Matcher::Path {
                input_output: true,
                ..
            }
        )
    });
    let input_param = if uses_input {
        ident("input")
    } else {
        ident("_input")
    };
    let acceptors = w.acceptors.iter().enumerate().map(|(i, a)| {
        let index = i + 1;
        let state = match a.state {
            AcceptorState::Success => quote!(#rt::waiter::AcceptorState::Success),
            AcceptorState::Failure => quote!(#rt::waiter::AcceptorState::Failure),
            AcceptorState::Retry => quote!(#rt::waiter::AcceptorState::Retry),
        };
        let rule = &a.rule;
        let matched = |values: TokenStream| quote! {
            return ::std::option::Option::Some(#rt::waiter::Matched { state: #state, acceptor: #index, rule: #rule, values: #values });
        };
        match &a.matcher {
            Matcher::Success(ok) => {
                let m = matched(quote!(::std::string::String::new()));
                let test = if *ok { quote!(result.is_ok()) } else { quote!(result.is_err()) };
                quote!(if #test { #m })
            }
            Matcher::ErrorType(code) => {
                let m = matched(quote!(#code.to_owned()));
                quote! {
                    if result.as_ref().err().is_some_and(|e| #rt::ProvideErrorMetadata::code(e) == ::std::option::Option::Some(#code)) { #m }
                }
            }
            Matcher::Path { path: p, comparator, expected, .. } => {
                let m = matched(quote!(::std::format!("{value:?}")));
                let test = match comparator {
                    Comparator::StringEquals => {
                        let e = path(p);
                        quote!(let value = #e; if value == ::std::option::Option::Some(#expected))
                    }
                    Comparator::BooleanEquals => {
                        let e = path(p);
                        let b = expected == "true";
                        quote!(let value = #e; if value == ::std::option::Option::Some(#b))
                    }
                    Comparator::AllStringEquals => {
                        let v = values(p);
                        quote!(let value = #v; if !value.is_empty() && value.iter().all(|v| *v == #expected))
                    }
                    Comparator::AnyStringEquals => {
                        let v = values(p);
                        quote!(let value = #v; if value.contains(&#expected))
                    }
                };
                quote! {
                    if let ::std::result::Result::Ok(output) = result {
                        #test { #m }
                    }
                }
            }
        }
    });
    let waiter_docs: Vec<Doc> = w
        .docs
        .iter()
        .map(|l| {
            Doc(if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            })
        })
        .collect();
    let waiter_deprecated = deprecated(&w.deprecated);
    let builder_doc = Doc(format!(
        " Waits until {goal}, polling `{wire}`. Start one with [`Waiters`](crate::client::Waiters)`::{}()`, set the input, then call [`wait`](Self::wait).",
        w.method
    ));
    let final_doc = Doc(format!(
        " What `{name}` returns when it succeeds: the last poll."
    ));
    let error_doc = Doc(format!(" Why `{name}` stopped without success."));
    quote! {
        #(#![doc = #waiter_docs])*

        #[doc = #final_doc]
        pub type #final_poll = #rt::waiter::FinalPoll<#output, #rt::SdkError<crate::operation::#module::#error>>;

        #[doc = #error_doc]
        pub type #error_alias = #rt::waiter::WaiterError<#output, crate::operation::#module::#error>;

        const SPEC: #rt::waiter::WaiterSpec = #rt::waiter::WaiterSpec {
            name: #name,
            goal: #goal,
            min_delay: ::std::time::Duration::from_secs(#min),
            max_delay: ::std::time::Duration::from_secs(#max),
        };

        /// The model's acceptors, in order: the first that matches decides.
        fn accept(
            #input_param: &#input,
            result: &::std::result::Result<#output, #rt::SdkError<crate::operation::#module::#error>>,
        ) -> ::std::option::Option<#rt::waiter::Matched> {
            #(#acceptors)*
            ::std::option::Option::None
        }

        #[doc = #builder_doc]
        #waiter_deprecated
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #builder_name {
            handle: ::std::sync::Arc<#rt::Handle>,
            inner: #input_builder,
            spec: #rt::waiter::WaiterSpec,
            observer: ::std::option::Option<#rt::waiter::Observer<#output, crate::operation::#module::#error>>,
        }

        impl #builder_name {
            pub(crate) fn new(handle: ::std::sync::Arc<#rt::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default(), spec: SPEC, observer: ::std::option::Option::None }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

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
            pub fn on_poll(mut self, f: impl Fn(&::std::result::Result<#output, #rt::SdkError<crate::operation::#module::#error>>) + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.observer = ::std::option::Option::Some(#rt::waiter::Observer::new(f));
                self
            }

            /// Polls until an acceptor says success (the last poll) or failure, an error no
            /// acceptor handles, or `max_wait` (the last poll lands at the deadline).
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<#final_poll, #error_alias> {
                let input = self.inner.build().map_err(|e| #rt::waiter::WaiterError::construction(#name, e))?;
                let handle = self.handle;
                let poll = || {
                    let (handle, input) = (handle.clone(), input.clone());
                    async move { handle.invoke(#wire, &input).await }
                };
                #rt::waiter::wait(self.spec, max_wait, poll, |result| accept(&input, result), self.observer.as_ref()).await
            }

            #(#setters)*
        }
    }
}

/// `operation::<op>::paginator`, and the fluent builder's `into_paginator`.
pub fn paginator_items(
    krate: &ir::Crate,
    op: &ir::Operation,
) -> Option<(TokenStream, TokenStream)> {
    let p = op.paginator.as_ref()?;
    let rt = runtime();
    let input = &op.input;
    let output = &op.output;
    let error = ident(&op.error_enum);
    let wire = &op.wire_name;
    let name = ident(&p.name);
    let items_name = ident(&p.items_name);
    let input_builder = match krate
        .types
        .iter()
        .find(|t| &t.path == input)
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct(s)) => {
            let b = &s.builder_path;
            quote!(#b)
        }
        _ => return None,
    };
    let token_field = ident(&p.input_token);
    let output_token = path(&p.output_token);
    let page_size = p.page_size.as_ref().map(|(set_setter, ty)| {
        let set = ident(set_setter);
        quote! {
            /// How many results one page may hold (the operation's page size member).
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.inner = self.inner.#set(::std::option::Option::Some(limit));
                self
            }
        }
    });
    let items = p.items.as_ref().map(|(items_path, item_ty)| {
        let e = path(items_path);
        let doc = Doc(format!(" The items of every page of `{wire}`, in order."));
        quote! {
            impl #name {
                /// A stream of the items on the pages instead of the pages.
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            }

            #[doc = #doc]
            #[derive(::std::fmt::Debug)]
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
    });
    let doc = Doc(format!(
        " The pages of `{wire}`: each request carries the token of the page before."
    ));
    let module_doc = Doc(format!(" Paginators of `{wire}`."));
    let paginator_mod = quote! {
        #[doc = #module_doc]
        pub mod paginator {
            pub use #rt::pagination::PaginationStream;

            #[doc = #doc]
            #[derive(::std::fmt::Debug)]
            pub struct #name {
                handle: ::std::sync::Arc<#rt::Handle>,
                inner: #input_builder,
            }

            impl #name {
                pub(crate) fn new(handle: ::std::sync::Arc<#rt::Handle>, inner: #input_builder) -> Self {
                    Self { handle, inner }
                }

                #page_size

                /// Starts the stream of pages; nothing is sent until it is polled. It ends after
                /// a page without a token, after an error, or with an error when the service
                /// returns the token it was sent.
                pub fn send(self) -> #rt::pagination::PaginationStream<::std::result::Result<#output, #rt::SdkError<super::#error>>> {
                    fn output_token(output: &#output) -> ::std::option::Option<&str> {
                        #output_token
                    }
                    fn set_input_token(input: &mut #input, token: ::std::string::String) {
                        input.#token_field = ::std::option::Option::Some(token);
                    }
                    let input = match self.inner.build() {
                        ::std::result::Result::Ok(input) => input,
                        ::std::result::Result::Err(e) => return #rt::pagination::failed(::std::result::Result::Err(#rt::SdkError::construction(#wire, e))),
                    };
                    let handle = self.handle;
                    let call = move |input: #input| {
                        let handle = handle.clone();
                        async move { handle.invoke(#wire, &input).await }
                    };
                    #rt::pagination::pages(input, call, #rt::pagination::Paging { operation: #wire, output_token, set_input_token })
                }
            }

            #items
        }
    };
    let into_paginator = quote! {
        /// Pages through the results: `.into_paginator().send()` is a stream of pages, and
        /// `.into_paginator().items().send()` a stream of their items.
        pub fn into_paginator(self) -> paginator::#name {
            paginator::#name::new(self.handle, self.inner)
        }
    };
    Some((paginator_mod, into_paginator))
}
