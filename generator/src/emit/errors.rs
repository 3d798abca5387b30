//! `errors.rs`: each operation's own error enum, a variant per documented
//! status. The behaviour they share (decoding, `Display`, the helpers) is
//! the runtime's (`api_error!` writes the impls that carry no facts of
//! the spec); an enum says which status is which variant.

use super::docs::{code, doc_attrs};
use super::types::{feature_gate, http_method, ident, rust_type};
use crate::content::RustFile;
use crate::ir::public::UNKNOWN_STATUS;
use crate::ir::surface::{error_variants, Variant};
use crate::ir::{ErrorCase, ErrorStatus, Operation};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `errors` module.
pub fn emit_errors(operations: &[Operation]) -> RustFile<'_> {
    let head = quote! {
        //! The errors each operation can answer with: one enum per operation,
        //! named after it, with a variant per documented status and
        //! `UnknownStatus` for any other. The variant is chosen by the status
        //! alone; a body that does not have the documented shape still gives
        //! the right variant, with the raw response kept.
    };
    RustFile { head, items: Box::new(operations.iter().map(emit_error_enum)) }
}

fn emit_error_enum(operation: &Operation) -> TokenStream {
    let name = ident(&operation.error_name);
    let doc = format!(
        " The errors of [`Client::{}`](crate::Client::{}) (`{}`).",
        operation.method_name, operation.method_name, operation.operation_id
    );
    let declared: Vec<Variant<'_>> = error_variants(operation).collect();
    let variants = declared.iter().map(emit_variant);
    let raw = emit_raw(&declared);
    let from_response = emit_from_response(&operation.errors);
    let operation_id = &operation.operation_id;
    let method = http_method(operation.http_method);
    let gate = feature_gate(&operation.features);
    quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        #gate
        impl crate::ApiError for #name {
            const OPERATION: &'static str = #operation_id;
            const METHOD: ::reqwest::Method = #method;

            fn from_response(response: crate::RawResponse) -> Self {
                #from_response
            }

            fn raw(&self) -> &crate::RawResponse {
                #raw
            }
        }

        #gate
        crate::runtime::api_error!(#name);
    }
}

/// The body of `raw`: the response every variant holds.
fn emit_raw(declared: &[Variant<'_>]) -> TokenStream {
    if let [only] = declared {
        let variant = ident(only.name);
        return quote! {
            let Self::#variant(error) = self;
            error.raw()
        };
    }
    let arms = declared.iter().map(|variant| {
        let variant = ident(variant.name);
        quote!(Self::#variant(error) => error.raw(),)
    });
    quote!(match self { #(#arms)* })
}

fn emit_variant(variant: &Variant<'_>) -> TokenStream {
    let name = ident(variant.name);
    let body = rust_type(&variant.payload_type());
    let Some(case) = variant.case else {
        return quote! {
            /// A status the API description does not document for this operation.
            #name(#body),
        };
    };
    let docs = doc_attrs(case.doc.as_deref());
    let mut status = match case.status {
        ErrorStatus::Default => " Any status the API description lists no other variant for.".to_owned(),
        ErrorStatus::Range(hundreds) => format!(" Any status from {hundreds}00 to {hundreds}99 not listed on its own."),
        ErrorStatus::Code(code) => format!(" Status {code}."),
    };
    if !case.headers.is_empty() {
        let headers: Vec<String> = case.headers.iter().map(|header| code(&header.wire_name)).collect();
        status.push_str(&format!(" Documented headers: {}; read them with [`ErrorResponse::header`](crate::ErrorResponse::header)", headers.join(", ")));
        if case.headers.iter().any(|header| header.wire_name.eq_ignore_ascii_case("retry-after")) {
            status.push_str(" (`Retry-After` as a duration with [`ErrorResponse::retry_after`](crate::ErrorResponse::retry_after))");
        }
        status.push('.');
    }
    let status = if docs.is_empty() { quote!(#[doc = #status]) } else { quote!(#[doc = ""] #[doc = #status]) };
    quote! {
        #docs
        #status
        #name(#body),
    }
}

/// The statuses of the range `hundreds`xx that no code of `cases` takes,
/// as runs (`401..=403 | 405..=499` beside `400` and `404`), so that no two
/// arms overlap.
fn range_without_codes(hundreds: u16, cases: &[ErrorCase]) -> Vec<(u16, u16)> {
    let (low, high) = (hundreds * 100, hundreds * 100 + 99);
    let mut codes: Vec<u16> = cases
        .iter()
        .filter_map(|case| match case.status {
            ErrorStatus::Code(code) if (low..=high).contains(&code) => Some(code),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    let mut runs = Vec::new();
    let mut start = low;
    for code in codes {
        if code > start {
            runs.push((start, code - 1));
        }
        start = code + 1;
    }
    if start <= high {
        runs.push((start, high));
    }
    runs
}

/// Picks the variant by status: codes first, then ranges, then `default`
/// (or `UnknownStatus` when the spec has none).
fn emit_from_response(cases: &[ErrorCase]) -> TokenStream {
    let unknown = ident(UNKNOWN_STATUS);
    let mut sorted: Vec<&ErrorCase> = cases.iter().collect();
    sorted.sort_by_key(|case| case.status);
    let arms = sorted.iter().map(|case| {
        let variant = ident(&case.variant);
        let status = match case.status {
            ErrorStatus::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            ErrorStatus::Range(hundreds) => {
                let segments = range_without_codes(hundreds, cases).into_iter().map(|(low, high)| {
                    let (low_literal, high_literal) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
                    if low == high { quote!(#low_literal) } else { quote!(#low_literal..=#high_literal) }
                });
                quote!(#(#segments)|*)
            }
            ErrorStatus::Default => quote!(_),
        };
        quote!(#status => Self::#variant(crate::ErrorResponse::new(response)),)
    });
    let fallback = (!cases.iter().any(|case| case.status == ErrorStatus::Default))
        .then(|| quote!(_ => Self::#unknown(crate::ErrorResponse::new(response)),));
    if let ([], Some(_)) | ([_], None) = (cases, &fallback) {
        let variant = cases.first().map_or(unknown, |case| ident(&case.variant));
        return quote!(Self::#variant(crate::ErrorResponse::new(response)));
    }
    quote! {
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    }
}
