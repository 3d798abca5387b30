//! `errors.rs`: one enum per operation, a variant per documented status.

use super::docs::doc_attrs;
use super::RustFile;
use super::types::{feature_dependent_imports, feature_gate, ident, type_tokens};
use crate::ir::{ErrorCase, ErrorEnum, ErrorStatus, Header, Operation, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The `errors` module.
pub fn emit_errors<'a>(error_enums: &'a [ErrorEnum], operations: &'a [Operation]) -> RustFile<'a> {
    let enums = error_enums.iter().map(emit_error_enum);
    let aliases = operations.iter().filter(|op| op.error_name != op.error_enum).map(emit_alias);
    let cases = || error_enums.iter().flat_map(|e| &e.cases);
    let uses_models = cases().any(|case| case.ty.as_ref().is_some_and(Type::mentions_named));
    let models = uses_models.then(|| quote!(use crate::models::*;));
    let uses_bodies = cases().any(|case| case.ty.is_some());
    let error_response = uses_bodies.then(|| quote!(ErrorResponse,));
    let allow = feature_dependent_imports(error_enums.iter().any(|e| !e.features.is_empty()));
    let head = quote! {
        //! The errors each operation can answer with, one enum per operation.
        //! The variant is chosen by the status code alone; a body that does not
        //! have the documented shape still gives the right variant, kept raw.
        #allow
        #models
        use crate::runtime::{describe, #error_response FromResponse, RawResponse};
    };
    RustFile { head, items: Box::new(enums.chain(aliases)) }
}

fn emit_alias(operation: &Operation) -> TokenStream {
    let name = ident(&operation.error_name);
    let target = ident(&operation.error_enum);
    let doc = format!(" The error statuses of [`Client::{}`](crate::Client::{}).", operation.method_name, operation.method_name);
    let gate = feature_gate(&operation.features);
    quote! {
        #[doc = #doc]
        #gate
        pub type #name = #target;
    }
}

fn emit_error_enum(error_enum: &ErrorEnum) -> TokenStream {
    let name = ident(&error_enum.name);
    let doc = match error_enum.operations.as_slice() {
        [only] => format!(" The error statuses of [`Client::{only}`](crate::Client::{only})."),
        shared => format!(" The error statuses shared by {} operations, each of which names it by its own alias.", shared.len()),
    };
    let variants = error_enum.cases.iter().map(emit_variant);
    let from_response = match error_enum.cases.as_slice() {
        [] => quote!(Self::UnknownStatus(response)),
        [only] if only.status == ErrorStatus::Default => emit_construct(only),
        _ => emit_match(&error_enum.cases),
    };
    let raw_arms = error_enum.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let raw = if case.ty.is_some() { quote!(body.raw()) } else { quote!(body) };
        if case.headers.is_empty() {
            quote!(Self::#variant(body) => #raw,)
        } else {
            quote!(Self::#variant { body, .. } => #raw,)
        }
    });
    let describe_arms = error_enum.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let what = case.variant.clone();
        if case.headers.is_empty() {
            quote!(Self::#variant(_) => #what,)
        } else {
            quote!(Self::#variant { .. } => #what,)
        }
    });
    let gate = feature_gate(&error_enum.features);
    quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document for this operation.
            UnknownStatus(RawResponse),
        }

        #gate
        impl FromResponse for #name {
            fn from_response(response: RawResponse) -> Self {
                #from_response
            }

            fn raw(&self) -> &RawResponse {
                match self {
                    #(#raw_arms)*
                    Self::UnknownStatus(response) => response,
                }
            }
        }

        #gate
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let what = match self {
                    #(#describe_arms)*
                    Self::UnknownStatus(_) => "UnknownStatus",
                };
                describe(f, what, self.raw())
            }
        }

        #gate
        impl std::error::Error for #name {}
    }
}

fn body_type(case: &ErrorCase) -> TokenStream {
    match &case.ty {
        Some(ty) => {
            let ty = type_tokens(ty);
            quote!(ErrorResponse<#ty>)
        }
        None => quote!(RawResponse),
    }
}

fn emit_variant(case: &ErrorCase) -> TokenStream {
    let docs = doc_attrs(case.doc.as_deref());
    let variant = ident(&case.variant);
    let body = body_type(case);
    let status_doc = match case.status {
        ErrorStatus::Default => " Any status the spec lists no other case for.".to_owned(),
        status => format!(" Status {status}."),
    };
    let status_doc = if docs.is_empty() { quote!(#[doc = #status_doc]) } else { quote!(#[doc = ""] #[doc = #status_doc]) };
    if case.headers.is_empty() {
        return quote! {
            #docs
            #status_doc
            #variant(#body),
        };
    }
    let headers = case.headers.iter().map(|header| {
        let docs = doc_attrs(header.doc.as_deref());
        let name = ident(&header.name);
        let ty = type_tokens(&header_type(header));
        quote!(#docs #name: Option<#ty>,)
    });
    quote! {
        #docs
        #status_doc
        #variant {
            /// The response body.
            body: #body,
            #(#headers)*
        },
    }
}

/// Picks the variant by status: codes first, then ranges, then `default`
/// (or `UnknownStatus` when the spec has none).
fn emit_match(cases: &[ErrorCase]) -> TokenStream {
    let mut cases: Vec<&ErrorCase> = cases.iter().collect();
    cases.sort_by_key(|case| case.status);
    let arms = cases.iter().map(|case| emit_from_arm(case));
    let fallback = if cases.iter().any(|case| case.status == ErrorStatus::Default) {
        TokenStream::new()
    } else {
        quote!(_ => Self::UnknownStatus(response),)
    };
    quote! {
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    }
}

/// Builds the variant for `case` from `response`.
fn emit_construct(case: &ErrorCase) -> TokenStream {
    let variant = ident(&case.variant);
    let body = if case.ty.is_some() { quote!(ErrorResponse::new(response)) } else { quote!(response) };
    if case.headers.is_empty() {
        return quote!(Self::#variant(#body));
    }
    let headers = case.headers.iter().map(|header| {
        let name = ident(&header.name);
        let wire = &header.wire_name;
        quote!(#name: response.header(#wire),)
    });
    quote!(Self::#variant { #(#headers)* body: #body })
}

fn emit_from_arm(case: &ErrorCase) -> TokenStream {
    let status = match case.status {
        ErrorStatus::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        ErrorStatus::Range(hundreds) => {
            let (low, high) = (proc_macro2::Literal::u16_unsuffixed(hundreds * 100), proc_macro2::Literal::u16_unsuffixed(hundreds * 100 + 99));
            quote!(#low..=#high)
        }
        ErrorStatus::Default => quote!(_),
    };
    let construct = emit_construct(case);
    quote!(#status => #construct,)
}

/// Headers are parsed with `FromStr`; types without it are kept as text.
pub fn header_type(header: &Header) -> Type {
    match &header.ty {
        Type::String | Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool | Type::DateTime => header.ty.clone(),
        _ => Type::String,
    }
}
