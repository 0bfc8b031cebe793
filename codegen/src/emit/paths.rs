//! Part of stage 4, emit: compiled JMESPath paths (waiters and paginators) as Rust
//! expressions.
//!
//! A path is an expression of type `Option<V>` (one value, maybe null) or `Vec<V>` (a
//! projection), where `V` is `&S`, `&str`, `i64`, `f64`, `bool`, `&[E]` or `&HashMap<K, E>`,
//! all `Copy`; `output`, `input` and (inside projections) `item` are in scope. `a && b` and
//! `a || b` evaluate `a` once and give `a` or `b` as JMESPath does.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{Access, PathExpr, PathNode, ValueKind, ValueType};
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
        } => field_path(of, field, *optional, *access),
        PathNode::Project {
            of,
            flatten,
            element,
            filter,
            then,
        } => project(of, *flatten, *element, filter.as_deref(), then),
        PathNode::Length(x) => length(x),
        PathNode::Contains(subject, search) => contains(subject, search),
        PathNode::Compare(op, l, r) => compare(*op, l, r),
        PathNode::And(a, b) => {
            let (pa, pb, t) = (path(a), path(b), truthy_of(&quote!(a), &a.kind));
            quote!({ let a = #pa; if #t { #pb } else { a } })
        }
        PathNode::Or(a, b) => {
            let (pa, pb, t) = (path(a), path(b), truthy_of(&quote!(a), &a.kind));
            quote!({ let a = #pa; if #t { a } else { #pb } })
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

/// `of.field`: read directly from a value that is always there (the output, the input, a
/// projected item); deeper fields go through the `Option` of their parent.
fn field_path(of: &PathExpr, field: &str, optional: bool, access: Access) -> TokenStream {
    let f = ident(field);
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
        (Access::Struct | Access::Map, true) => quote!(#v.#f.as_ref()),
        (Access::Struct | Access::Map, false) => quote!(&#v.#f),
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

/// `of[].then` (flattening a list of lists one level when `flatten`), or `of[?filter].then`.
fn project(
    of: &PathExpr,
    flatten: bool,
    element: Access,
    filter: Option<&PathExpr>,
    then: &PathExpr,
) -> TokenStream {
    let of = path(of);
    let flat = flatten.then(|| quote!(.flat_map(|inner| inner.iter())));
    let conv = (element != Access::Struct).then(|| {
        let conv = element_conv(element);
        quote!(.map(|e| #conv))
    });
    let filter = filter.map(|c| {
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
    quote!((#of).into_iter().flat_map(|list| list.iter()) #flat #conv #filter #step .collect::<::std::vec::Vec<_>>())
}

/// `length(x)`: code points of a string, items of a list, map or projection.
fn length(x: &PathExpr) -> TokenStream {
    let inner = path(x);
    match &x.kind {
        ValueKind::Projection(_) => quote!(::std::option::Option::Some((#inner).len() as i64)),
        ValueKind::Scalar(ValueType::Str) => quote!((#inner).map(|s| s.chars().count() as i64)),
        ValueKind::Scalar(_) => quote!((#inner).map(|l| l.len() as i64)),
    }
}

/// `contains(subject, search)`: a substring, or an item of a list or projection.
fn contains(subject: &PathExpr, search: &PathExpr) -> TokenStream {
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

/// A comparison: numbers as `f64` when either side is a float; an ordering with a null side
/// is null.
fn compare(op: CompareOp, l: &PathExpr, r: &PathExpr) -> TokenStream {
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
    let cmp = match op {
        CompareOp::Eq => return quote!(::std::option::Option::Some((#a) == (#b))),
        CompareOp::Ne => return quote!(::std::option::Option::Some((#a) != (#b))),
        CompareOp::Lt => quote!(<),
        CompareOp::Le => quote!(<=),
        CompareOp::Gt => quote!(>),
        CompareOp::Ge => quote!(>=),
    };
    quote!(match ((#a), (#b)) { (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a #cmp b), _ => ::std::option::Option::None })
}

/// How a list element `e: &E` becomes `V`.
fn element_conv(access: Access) -> TokenStream {
    match access {
        Access::String | Access::Enum => quote!(e.as_str()),
        Access::Int => quote!(i64::from(*e)),
        Access::Float => quote!(f64::from(*e)),
        Access::Bool => quote!(*e),
        Access::Struct | Access::Map => quote!(e),
        Access::Boxed => quote!(&**e),
        Access::List => quote!(e.as_slice()),
    }
}

/// JMESPath truthiness of a path as a `bool`.
pub fn truthy(e: &PathExpr) -> TokenStream {
    let t = path(e);
    truthy_of(&quote!((#t)), &e.kind)
}

/// JMESPath truthiness (false for null, false, and empty strings, lists and maps) of a value
/// `t` of kind `kind`. Validation refuses the truthiness of structures, whose emptiness the
/// generated types do not track.
fn truthy_of(t: &TokenStream, kind: &ValueKind) -> TokenStream {
    match kind {
        ValueKind::Scalar(ValueType::Bool) => quote!(#t == ::std::option::Option::Some(true)),
        ValueKind::Scalar(ValueType::Str) => quote!(#t.is_some_and(|s| !s.is_empty())),
        ValueKind::Scalar(ValueType::List(_, _) | ValueType::Map(_)) => {
            quote!(#t.is_some_and(|l| !l.is_empty()))
        }
        ValueKind::Scalar(_) => quote!(#t.is_some()),
        ValueKind::Projection(_) => quote!(!#t.is_empty()),
    }
}

/// A `Vec<V>` of the values of a projection or of a list.
pub fn values(e: &PathExpr) -> TokenStream {
    let t = path(e);
    match &e.kind {
        ValueKind::Scalar(ValueType::List(_, access)) => {
            let conv = (*access != Access::Struct).then(|| {
                let conv = element_conv(*access);
                quote!(.map(|e| #conv))
            });
            quote!((#t).into_iter().flat_map(|list| list.iter()) #conv .collect::<::std::vec::Vec<_>>())
        }
        _ => t,
    }
}
