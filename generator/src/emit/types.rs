//! Tokens for IR types and identifiers.

use crate::ir::Type;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

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

/// For a file whose items are gated by features: which of its imports are
/// used depends on the features enabled.
pub fn feature_dependent_imports(gated: bool) -> Option<TokenStream> {
    gated.then(|| quote!(#![allow(unused_imports, reason = "which imports are used depends on the tag features enabled")]))
}

/// The Rust type for `ty`.
pub fn type_tokens(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Secret => quote!(crate::Secret),
        Type::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Type::Date => quote!(chrono::NaiveDate),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Json => quote!(serde_json::Value),
        Type::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Type::Array(item) => {
            let item = type_tokens(item);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = type_tokens(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}
