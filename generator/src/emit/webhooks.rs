//! `webhooks.rs`: a type per webhook (a request the service sends to its
//! users' servers), naming it and reading a delivery's body into its model.

use super::docs::{code, item_docs, paragraphs};
use super::types::{http_method, ident, rust_type};
use crate::content::RustFile;
use crate::ir::surface::payload_type;
use crate::ir::{BodyKind, Webhook};
use proc_macro2::TokenStream;
use quote::quote;

/// The `webhooks` module, for an API that has webhooks.
pub fn emit_webhooks(webhooks: &[Webhook]) -> RustFile<'_> {
    let head = quote! {
        //! The requests the service sends to your servers (the API's
        //! webhooks). Each has a type that names it, says the method it
        //! comes with, and reads a delivery's body into the type the API
        //! describes, as the client reads a response: serve each webhook
        //! where you register it with the service, and hand the body you
        //! receive to its `from_body`.
    };
    RustFile { head, items: Box::new(webhooks.iter().map(emit_webhook)) }
}

fn emit_webhook(webhook: &Webhook) -> TokenStream {
    let name = ident(&webhook.type_name);
    let wire_name = &webhook.name;
    let method = http_method(webhook.method);
    let fallback = format!("The {} webhook: a {} request the service sends.", code(&webhook.name), code(webhook.method.as_str()));
    let docs = item_docs(paragraphs([webhook.summary.as_deref(), webhook.doc.as_deref()]).as_deref(), &fallback, &[]);
    let from_body = webhook.body.as_ref().map(|body| {
        let payload = rust_type(&payload_type(body));
        let (what, read) = match &body.kind {
            BodyKind::Json(_) => ("JSON", quote!(crate::runtime::decode::from_json(body)?)),
            BodyKind::Form(_) => ("a URL-encoded form", quote!(::serde_urlencoded::from_bytes(body)?)),
            BodyKind::Text => ("text; invalid UTF-8 is an error", quote!(::std::string::String::from_utf8(body.to_vec())?)),
            BodyKind::Binary | BodyKind::Multipart => ("bytes, kept as sent", quote!(crate::Bytes::copy_from_slice(body))),
        };
        let doc = format!(" Reads a delivery's body ({}): {what}.", code(&body.content_type));
        let body_docs = item_docs(body.doc.as_deref(), "", &[]);
        let separator = (!body_docs.is_empty()).then(|| quote!(#[doc = ""]));
        quote! {
            #[doc = #doc]
            #separator
            #body_docs
            pub fn from_body(body: &[u8]) -> ::std::result::Result<#payload, crate::DecodeError> {
                Ok(#read)
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct #name;

        impl #name {
            /// The webhook's name in the API description.
            pub const NAME: &'static str = #wire_name;
            /// The method the service sends it with.
            pub const METHOD: ::reqwest::Method = #method;
            #from_body
        }
    }
}
