//! Part of stage 4, emit: compiled JMESPath paths (waiters and paginators) as Rust
//! expressions.
//!
//! A path is an expression of type `Option<V>` (one value, maybe null) or `Vec<V>` (a
//! projection), where `V` is `&S`, `&str`, `i64`, `f64`, `bool`, `&[E]` or `&HashMap<K, E>`,
//! all `Copy`; `output`, `input` and (inside projections) `item` are in scope. `a && b` and
//! `a || b` evaluate `a` once and give `a` or `b` as JMESPath does.
//!
//! `length` and `contains` of null raise an error in JMESPath. A path that uses them
//! ([`PathExpr::can_fail`]) is evaluated where `?` on `None` means that error: in a function
//! returning `Option`, and inside projections in closures whose results are collected into an
//! `Option`, so the error leaves the whole path however deep it is raised.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{Access, PathExpr, PathNode, ValueKind, ValueType};
use crate::jmespath::CompareOp;

/// The Rust expression for a compiled path.
pub fn path(e: &PathExpr) -> TokenStream {
    if let Some(v) = present(e) {
        return quote!(::std::option::Option::Some(#v));
    }
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
            let a = falsy(a);
            quote!(::std::option::Option::Some(#a))
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
    let known = root(of);
    let v = known.clone().unwrap_or_else(|| quote!(v));
    let get = getter(&v, field, optional, access);
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

/// The name of a value that is always there (the output, the input, a projected item).
fn root(e: &PathExpr) -> Option<TokenStream> {
    match e.node {
        PathNode::Output => Some(quote!(output)),
        PathNode::Input => Some(quote!(input)),
        PathNode::Current => Some(quote!(item)),
        _ => None,
    }
}

/// Field `field` of the structure `v` as the path value: `Option<V>` when it is optional,
/// else `V`.
fn getter(v: &TokenStream, field: &str, optional: bool, access: Access) -> TokenStream {
    let f = ident(field);
    match (access, optional) {
        (Access::String, true) => quote!(#v.#f.as_deref()),
        (Access::String, false) => quote!(#v.#f.as_str()),
        (Access::Enum, true) => quote!(#v.#f.as_ref().map(|x| x.as_str())),
        (Access::Enum, false) => quote!(#v.#f.as_str()),
        (Access::Int, true) => quote!(#v.#f.map(i64::from)),
        (Access::Int, false) => quote!(i64::from(#v.#f)),
        (Access::Float, true) => quote!(#v.#f.map(f64::from)),
        (Access::Float, false) => quote!(f64::from(#v.#f)),
        (Access::Long | Access::Double | Access::Bool, _) => quote!(#v.#f),
        (Access::Struct | Access::Map, true) => quote!(#v.#f.as_ref()),
        (Access::Struct | Access::Map, false) => quote!(&#v.#f),
        (Access::Boxed, true) => quote!(#v.#f.as_deref()),
        (Access::Boxed, false) => quote!(&*#v.#f),
        (Access::List, true) => quote!(#v.#f.as_deref()),
        (Access::List, false) => quote!(#v.#f.as_slice()),
    }
}

/// The value `V` of a path that is never null, unwrapped: a required field of a value that
/// is always there, a literal, a `!` or an equality. `None` for paths that may be null.
fn present(e: &PathExpr) -> Option<TokenStream> {
    Some(match &e.node {
        PathNode::Field {
            of,
            field,
            optional: false,
            access,
        } => getter(&root(of)?, field, false, *access),
        PathNode::Str(s) => quote!(#s),
        PathNode::Bool(b) => quote!(#b),
        PathNode::Number(n) => match e.kind {
            ValueKind::Scalar(ValueType::Int) => {
                let n = *n as i64;
                quote!(#n)
            }
            _ => quote!(#n),
        },
        PathNode::Not(a) => falsy(a),
        PathNode::Compare(op @ (CompareOp::Eq | CompareOp::Ne), l, r) if !e.can_fail() => {
            let (a, b) = compare_sides(l, r);
            match op {
                CompareOp::Eq => quote!((#a) == (#b)),
                _ => quote!((#a) != (#b)),
            }
        }
        _ => return None,
    })
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
    let elements = quote!((#of).into_iter().flat_map(|list| list.iter()) #flat #conv);
    if filter.is_some_and(PathExpr::can_fail) || then.can_fail() {
        return fallible_steps(elements, filter, then);
    }
    // A condition of literals (`[?`true`]`) reads no element.
    let filter = filter.map(|c| {
        let t = truthy(c);
        if c.reads(&PathNode::Current) {
            quote!(.filter(|item| { let item = *item; #t }))
        } else {
            quote!(.filter(|_| #t))
        }
    });
    let then_expr = path(then);
    let step = match (&then.node, &then.kind, present(then)) {
        // `list[]` or `list[?cond]` with nothing after: the elements themselves.
        (PathNode::Current, _, _) => None,
        (_, ValueKind::Scalar(_), Some(v)) => Some(quote!(.map(|item| #v))),
        (_, ValueKind::Scalar(_), None) => Some(quote!(.filter_map(|item| #then_expr))),
        (_, ValueKind::Projection(_), _) => Some(quote!(.flat_map(|item| #then_expr))),
    };
    quote!(#elements #filter #step .collect::<::std::vec::Vec<_>>())
}

/// The filter and step of a projection that can raise an error: each element gives
/// `Some(its values)` or `None` for the error, collected so that one error is the
/// projection's (`?`), then flattened.
fn fallible_steps(
    elements: TokenStream,
    filter: Option<&PathExpr>,
    then: &PathExpr,
) -> TokenStream {
    let none = match then.kind {
        ValueKind::Scalar(_) => quote!(::std::option::Option::None),
        ValueKind::Projection(_) => quote!(::std::vec::Vec::new()),
    };
    let then_expr = path(then);
    let step = match filter {
        Some(c) => {
            let t = truthy(c);
            quote!(if #t { ::std::option::Option::Some(#then_expr) } else { ::std::option::Option::Some(#none) })
        }
        None => quote!(::std::option::Option::Some(#then_expr)),
    };
    quote! {
        #elements
            .map(|item| #step)
            .collect::<::std::option::Option<::std::vec::Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect::<::std::vec::Vec<_>>()
    }
}

/// `length(x)`: code points of a string, items of a list, map or projection; of null, an
/// error (`?`).
fn length(x: &PathExpr) -> TokenStream {
    let inner = path(x);
    match &x.kind {
        ValueKind::Projection(_) => {
            let base = projection_base(x);
            quote!({ (#base)?; ::std::option::Option::Some((#inner).len() as i64) })
        }
        ValueKind::Scalar(ValueType::Str) => {
            quote!(::std::option::Option::Some((#inner)?.chars().count() as i64))
        }
        ValueKind::Scalar(_) => quote!(::std::option::Option::Some((#inner)?.len() as i64)),
    }
}

/// `contains(subject, search)`: a substring, or an item of a list or projection; a subject
/// of null is an error (`?`), a search of null is found in no string.
fn contains(subject: &PathExpr, search: &PathExpr) -> TokenStream {
    let q = path(search);
    match &subject.kind {
        ValueKind::Scalar(ValueType::Str) => {
            let s = path(subject);
            let found = match present(search) {
                Some(v) => quote!(s.contains(#v)),
                None => quote!((#q).is_some_and(|q| s.contains(q))),
            };
            quote!({ let s = (#s)?; ::std::option::Option::Some(#found) })
        }
        _ => {
            let base = match subject.kind {
                ValueKind::Projection(_) => projection_base(subject),
                _ => path(subject),
            };
            let values = values(subject);
            let found = match present(search) {
                Some(v) => quote!(values.contains(&#v)),
                None => quote!((#q).is_some_and(|q| values.contains(&q))),
            };
            quote!({ (#base)?; let values = #values; ::std::option::Option::Some(#found) })
        }
    }
}

/// The list a projection starts from: the projection is null (rather than empty) exactly when
/// it is. Validation lets `length` and `contains` take only projections themselves, not `&&`
/// or `||` of them.
fn projection_base(x: &PathExpr) -> TokenStream {
    match &x.node {
        // Whether it flattens, filters or maps, a projection is null exactly when its list is.
        PathNode::Project {
            of,
            flatten: _,
            element: _,
            filter: _,
            then: _,
        } => path(of),
        other => unreachable!("validation refuses length and contains of {other:?}"),
    }
}

/// A comparison: numbers as `f64` when either side is a float; an ordering with a null side
/// is null.
fn compare(op: CompareOp, l: &PathExpr, r: &PathExpr) -> TokenStream {
    let (a, b) = compare_sides(l, r);
    let cmp = match op {
        CompareOp::Eq => return quote!(::std::option::Option::Some((#a) == (#b))),
        CompareOp::Ne => return quote!(::std::option::Option::Some((#a) != (#b))),
        CompareOp::Lt => quote!(<),
        CompareOp::Le => quote!(<=),
        CompareOp::Gt => quote!(>),
        CompareOp::Ge => quote!(>=),
    };
    // A side that is never null (a literal, a required field) is compared as it is.
    match (present_side(l, r), present_side(r, l)) {
        (Some(x), Some(y)) => quote!(::std::option::Option::Some((#x) #cmp (#y))),
        (None, Some(y)) => quote!((#a).map(|a| a #cmp #y)),
        (Some(x), None) => quote!((#b).map(|b| #x #cmp b)),
        (None, None) => {
            quote!(match ((#a), (#b)) { (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a #cmp b), _ => ::std::option::Option::None })
        }
    }
}

/// Side `x` of an ordering against `other`, when it is never null: as `f64` when `other` is
/// a float and `x` an integer.
fn present_side(x: &PathExpr, other: &PathExpr) -> Option<TokenStream> {
    let v = present(x)?;
    let floats = x.kind == ValueKind::Scalar(ValueType::Int)
        && other.kind == ValueKind::Scalar(ValueType::Float);
    Some(if floats { quote!((#v) as f64) } else { v })
}

/// Both sides of a comparison as `Option`s, integers as `f64` when the other side is a float.
fn compare_sides(l: &PathExpr, r: &PathExpr) -> (TokenStream, TokenStream) {
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
    (side(l), side(r))
}

/// How a list element `e: &E` becomes `V`.
fn element_conv(access: Access) -> TokenStream {
    match access {
        Access::String | Access::Enum => quote!(e.as_str()),
        Access::Int => quote!(i64::from(*e)),
        Access::Float => quote!(f64::from(*e)),
        Access::Long | Access::Double | Access::Bool => quote!(*e),
        Access::Struct | Access::Map => quote!(e),
        Access::Boxed => quote!(&**e),
        Access::List => quote!(e.as_slice()),
    }
}

/// JMESPath truthiness of a path as a `bool`.
pub fn truthy(e: &PathExpr) -> TokenStream {
    if let (Some(v), ValueKind::Scalar(kind)) = (present(e), &e.kind) {
        return match kind {
            ValueType::Bool => v,
            ValueType::Str | ValueType::List(_, _) | ValueType::Map(_) => quote!(!(#v).is_empty()),
            _ => quote!(true),
        };
    }
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

/// JMESPath falsiness of a path as a `bool`: the negation of [`truthy`], written as its own
/// test rather than `!` over it.
fn falsy(e: &PathExpr) -> TokenStream {
    match &e.node {
        PathNode::Not(a) => return truthy(a),
        PathNode::Compare(op @ (CompareOp::Eq | CompareOp::Ne), l, r) if !e.can_fail() => {
            let (a, b) = compare_sides(l, r);
            return match op {
                CompareOp::Eq => quote!((#a) != (#b)),
                _ => quote!((#a) == (#b)),
            };
        }
        _ => {}
    }
    if let (Some(v), ValueKind::Scalar(kind)) = (present(e), &e.kind) {
        return match kind {
            ValueType::Bool => quote!(!(#v)),
            ValueType::Str | ValueType::List(_, _) | ValueType::Map(_) => quote!((#v).is_empty()),
            _ => quote!(false),
        };
    }
    let t = path(e);
    let t = quote!((#t));
    match &e.kind {
        ValueKind::Scalar(ValueType::Bool) => quote!(#t != ::std::option::Option::Some(true)),
        ValueKind::Scalar(ValueType::Str) => quote!(#t.is_none_or(|s| s.is_empty())),
        ValueKind::Scalar(ValueType::List(_, _) | ValueType::Map(_)) => {
            quote!(#t.is_none_or(|l| l.is_empty()))
        }
        ValueKind::Scalar(_) => quote!(#t.is_none()),
        ValueKind::Projection(_) => quote!(#t.is_empty()),
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
