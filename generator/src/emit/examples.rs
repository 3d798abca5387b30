//! `tests/examples.rs`: every example the spec gives for a type is decoded
//! into that type and encoded again, and must come back unchanged.

use super::types::{feature_gate, ident};
use crate::content::RustFile;
use crate::Options;
use crate::ir::{names, TypeDef};
use proc_macro2::Literal;
use quote::{format_ident, quote};

pub fn emit_examples<'a>(types: &'a [TypeDef], options: &Options) -> RustFile<'a> {
    let krate = format_ident!("{}", options.crate_name.replace('-', "_"));
    let tests = types.iter().flat_map(|ty| {
        let count = ty.examples.len();
        ty.examples.iter().enumerate().map(move |(index, example)| {
            let base = names::value_name(&ty.name);
            let test = if count == 1 { format_ident!("{}_example", base) } else { format_ident!("{}_example_{}", base, index + 1) };
            let name = ident(&ty.name);
            let json = raw_string(&serde_json::to_string_pretty(example).unwrap_or_default());
            let gate = feature_gate(&ty.features);
            quote! {
                #[test]
                #gate
                fn #test() {
                    let json = #json;
                    support::round_trip::<#name>(json);
                }
            }
        })
    });
    let has_examples = types.iter().any(|ty| !ty.examples.is_empty());
    let import = has_examples.then(|| quote!(use #krate::models::*;));
    let gated = types.iter().any(|ty| !ty.features.is_empty() && !ty.examples.is_empty());
    let allow = gated.then(|| quote!(#![allow(unused_imports, reason = "which types there are depends on the tag features enabled")]));
    let head = quote! {
        //! The spec's examples decode into their types and encode back
        //! unchanged: nothing is lost on the way through the models.
        #![allow(dead_code, reason = "not every helper in `support` is used by every spec")]
        #allow
        mod support;
        #import
    };
    RustFile { head, items: Box::new(tests) }
}

/// A raw string literal holding `text`, with enough `#`s to be unambiguous.
fn raw_string(text: &str) -> Literal {
    let hashes = "#".repeat((1..).find(|n| !text.contains(&format!("\"{}", "#".repeat(*n)))).unwrap_or(1));
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}
