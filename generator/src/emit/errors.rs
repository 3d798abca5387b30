//! `errors.rs`: one enum per operation, a variant per documented status.

use super::docs::doc_attrs;
use super::RustFile;
use super::types::{ident, type_tokens};
use crate::ir::{ErrorCase, ErrorEnum, Header, Operation, Type};
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
    let head = quote! {
        //! The errors each operation can answer with, one enum per operation.
        //! The variant is chosen by the status code alone; a body that does not
        //! have the documented shape still gives the right variant, kept raw.
        #models
        use crate::runtime::{describe, #error_response FromResponse, RawResponse};
    };
    RustFile { head, items: Box::new(enums.chain(aliases)) }
}

fn emit_alias(operation: &Operation) -> TokenStream {
    let name = ident(&operation.error_name);
    let target = ident(&operation.error_enum);
    let doc = format!(" The error statuses of [`Client::{}`](crate::Client::{}).", operation.method_name, operation.method_name);
    quote! {
        #[doc = #doc]
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
    let from_response = if error_enum.cases.is_empty() {
        quote!(Self::UnknownStatus(response))
    } else {
        let arms = error_enum.cases.iter().map(emit_from_arm);
        quote! {
            match response.status().as_u16() {
                #(#arms)*
                _ => Self::UnknownStatus(response),
            }
        }
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
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document for this operation.
            UnknownStatus(RawResponse),
        }

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

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let what = match self {
                    #(#describe_arms)*
                    Self::UnknownStatus(_) => "UnknownStatus",
                };
                describe(f, what, self.raw())
            }
        }

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
    let status_doc = format!(" Status {}.", case.status);
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

fn emit_from_arm(case: &ErrorCase) -> TokenStream {
    let variant = ident(&case.variant);
    let status = proc_macro2::Literal::u16_unsuffixed(case.status);
    let body = if case.ty.is_some() { quote!(ErrorResponse::new(response)) } else { quote!(response) };
    if case.headers.is_empty() {
        return quote!(#status => Self::#variant(#body),);
    }
    let headers = case.headers.iter().map(|header| {
        let name = ident(&header.name);
        let wire = &header.wire_name;
        quote!(#name: response.header(#wire),)
    });
    quote!(#status => Self::#variant { #(#headers)* body: #body },)
}

/// Headers are parsed with `FromStr`; types without it are kept as text.
pub fn header_type(header: &Header) -> Type {
    match &header.ty {
        Type::String | Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool | Type::DateTime => header.ty.clone(),
        _ => Type::String,
    }
}
