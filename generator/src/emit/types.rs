//! Tokens for Rust types and identifiers. Emitted code names every type by
//! its full path (`::std::option::Option`, `crate::models::Foo`), so a spec
//! type called `Option`, `Result` or `Client` collides with nothing.

use crate::ir::rust::RustType;
use crate::ir::public::{Arg, Conversion};
use crate::ir::HttpMethod;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// An identifier the IR has already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[cfg]` for an item compiled only with some Cargo features; nothing for
/// an item always compiled.
pub fn feature_gate(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `::reqwest::Method::GET` for `method`.
pub fn http_method(method: HttpMethod) -> TokenStream {
    let name = format_ident!("{}", method.as_str());
    quote!(::reqwest::Method::#name)
}

/// The tokens of `ty`, by full path, inside the generated crate.
pub fn rust_type(ty: &RustType) -> TokenStream {
    rust_type_from(ty, &quote!(crate))
}

/// The tokens of `ty`, by full path, with the generated crate named `root`
/// (`crate` inside it, its name outside).
pub fn rust_type_from(ty: &RustType, root: &TokenStream) -> TokenStream {
    let nested = |inner: &RustType| rust_type_from(inner, root);
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Unit => quote!(()),
        RustType::Json => quote!(::serde_json::Value),
        RustType::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        RustType::Date => quote!(::chrono::NaiveDate),
        RustType::Bytes => quote!(::bytes::Bytes),
        RustType::Multipart => quote!(::reqwest::multipart::Form),
        RustType::Local(module, name) => {
            let module = ident(module.as_str());
            let name = ident(name);
            quote!(#root::#module::#name)
        }
        RustType::Runtime(name, args) => {
            let name = ident(name);
            if args.is_empty() {
                quote!(#root::#name)
            } else {
                let args = args.iter().map(nested);
                quote!(#root::#name<#(#args),*>)
            }
        }
        RustType::Option(inner) => {
            let inner = nested(inner);
            quote!(::std::option::Option<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = nested(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Box(inner) => {
            let inner = nested(inner);
            quote!(::std::boxed::Box<#inner>)
        }
        RustType::Map(inner) => {
            let inner = nested(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        RustType::Tuple(positions) => {
            let positions = positions.iter().map(nested);
            quote!((#(#positions,)*))
        }
    }
}

/// `field: value` in a struct expression, shortened to `field` where the
/// value is the argument of the same name.
pub fn field_init<S>(field: &str, arg: &Arg<S>, value: &TokenStream) -> TokenStream {
    let name = ident(field);
    if arg.into || arg.name != field {
        quote!(#name: #value)
    } else {
        quote!(#name)
    }
}

/// `name: ty`, `name: impl Into<ty>` or `name: impl IntoIterator<Item =
/// impl Into<item>>`, and the expression that turns the
/// argument into the type.
pub fn argument<S>(arg: &Arg<S>) -> (TokenStream, TokenStream) {
    let name = ident(&arg.name);
    let ty = rust_type(&arg.ty);
    match arg.conversion() {
        Conversion::Exact => (quote!(#name: #ty), quote!(#name)),
        Conversion::Into => (quote!(#name: impl ::std::convert::Into<#ty>), quote!(#name.into())),
        Conversion::EachInto(item) => {
            let item = rust_type(item);
            (
                quote!(#name: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(#name.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
    }
}
