//! `requests.rs`: a `Client` method and a request builder per operation.

use super::docs::{bounds_note, default_note, doc_attrs, doc_attrs_with_notes, paragraphs};
use super::RustFile;
use super::types::{feature_dependent_imports, feature_gate, ident, type_tokens};
use crate::ir::{Body, BodyKind, Location, Operation, Pagination, Param, PathPart, SuccessBody, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `requests` module.
pub fn emit_requests(operations: &[Operation]) -> RustFile<'_> {
    let methods = operations.iter().map(emit_client_method);
    let builders = operations.iter().map(emit_builder);
    let uses_models = operations.iter().any(|op| {
        op.params.iter().any(|p| p.ty.mentions_named())
            || op.body.as_ref().and_then(|b| b.kind.schema_type()).is_some_and(Type::mentions_named)
            || op.success.body.schema_type().is_some_and(Type::mentions_named)
    });
    let models = uses_models.then(|| quote!(use crate::models::*;));
    let uses_params = operations.iter().flat_map(|op| &op.params).any(|p| {
        p.location == Location::Path || p.location == Location::Cookie || !p.bounds.is_empty()
    });
    let paginates = operations.iter().any(|op| op.pagination.is_some());
    let params = (uses_params || paginates).then(|| quote!(params,));
    let paginate = paginates.then(|| quote!(paginate::paginate,));
    let allow = feature_dependent_imports(operations.iter().any(|op| !op.features.is_empty()));
    let head = quote! {
        //! A request builder per operation. `Client`'s methods make them;
        //! set optional parameters with their methods, then `.await` the
        //! builder or call `send_with_response` for status and headers too.
        #allow
        use crate::errors::*;
        #models
        use crate::runtime::{#paginate #params decode, BoxFuture, Client, Endpoint, Error, RequestOptions, Response, RetryPolicy};
        use std::time::Duration;
    };
    let client = quote! {
        impl Client {
            #(#methods)*
        }
    };
    RustFile { head, items: Box::new(std::iter::once(client).chain(builders)) }
}

/// Required parameters and the body are the method's arguments: name,
/// type, and the conversion into the field where one is needed.
fn arguments(operation: &Operation) -> Vec<(proc_macro2::Ident, TokenStream, Option<TokenStream>)> {
    let params = operation.params.iter().filter(|p| p.required).map(|param| {
        let name = ident(&param.name);
        let (ty, value) = argument_type(&param.ty, &name);
        (name, ty, value)
    });
    let body = operation.body.iter().filter(|b| b.required).map(|body| {
        let name = ident(&body.name);
        let (ty, value) = body_argument_type(&body.kind, &name);
        (name, ty, value)
    });
    params.chain(body).collect()
}

/// Strings are taken as `impl Into<String>`.
fn argument_type(ty: &Type, name: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    match ty {
        Type::String => (quote!(impl Into<String>), Some(quote!(#name.into()))),
        other => (type_tokens(other), None),
    }
}

/// The type a body is held in.
fn body_type(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => type_tokens(ty),
        BodyKind::Multipart => quote!(reqwest::multipart::Form),
        BodyKind::Text => quote!(String),
        BodyKind::Binary => quote!(bytes::Bytes),
    }
}

/// Text and bytes bodies are taken as `impl Into<_>`.
fn body_argument_type(kind: &BodyKind, name: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    match kind {
        BodyKind::Text => (quote!(impl Into<String>), Some(quote!(#name.into()))),
        BodyKind::Binary => (quote!(impl Into<bytes::Bytes>), Some(quote!(#name.into()))),
        other => (body_type(other), None),
    }
}

fn operation_docs(operation: &Operation) -> TokenStream {
    let line = format!("`{} {}`", operation.http_method.as_str(), operation.path);
    let text = paragraphs([operation.summary.as_deref(), operation.description.as_deref()]);
    doc_attrs_with_notes(text.as_deref(), &[line])
}

fn emit_client_method(operation: &Operation) -> TokenStream {
    let docs = operation_docs(operation);
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder_name);
    let arguments = arguments(operation);
    let params = arguments.iter().map(|(name, ty, _)| quote!(#name: #ty));
    let required = arguments.iter().map(|(name, _, value)| match value {
        Some(value) => quote!(#name: #value),
        None => quote!(#name),
    });
    let optional = optional_names(operation).into_iter().map(|name| quote!(#name: None));
    let gate = feature_gate(&operation.features);
    quote! {
        #docs
        #gate
        pub fn #method(&self, #(#params),*) -> #builder {
            #builder {
                client: self.clone(),
                options: RequestOptions::default(),
                #(#required,)*
                #(#optional,)*
            }
        }
    }
}

fn optional_names(operation: &Operation) -> Vec<proc_macro2::Ident> {
    let params = operation.params.iter().filter(|p| !p.required).map(|p| ident(&p.name));
    let body = operation.body.iter().filter(|b| !b.required).map(|b| ident(&b.name));
    params.chain(body).collect()
}

fn emit_builder(operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let error = ident(&operation.error_name);
    let doc = format!(" A `{} {}` request; made by [`Client::{}`].", operation.http_method.as_str(), operation.path, operation.method_name);
    let fields = operation.params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = type_tokens(&param.ty);
        let ty = if param.required { ty } else { quote!(Option<#ty>) };
        quote!(#name: #ty,)
    });
    let body_field = operation.body.as_ref().map(|body| {
        let name = ident(&body.name);
        let ty = body_type(&body.kind);
        let ty = if body.required { ty } else { quote!(Option<#ty>) };
        quote!(#name: #ty,)
    });
    let setters = operation.params.iter().filter(|p| !p.required).map(emit_param_setter);
    let body_setter = operation.body.as_ref().filter(|b| !b.required).map(|body| {
        let name = ident(&body.name);
        let (ty, value) = body_argument_type(&body.kind, &name);
        let value = value.unwrap_or_else(|| quote!(#name));
        let docs = doc_attrs(body.doc.as_deref().or(Some("The request body.")));
        quote! {
            #docs
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    let clone = (!operation.body.as_ref().is_some_and(|b| b.kind == BodyKind::Multipart)).then(|| quote!(Clone,));
    let output = success_type(operation);
    let send = emit_send(operation);
    let stream = operation.pagination.as_ref().map(|pagination| emit_stream(operation, pagination));
    let gate = feature_gate(&operation.features);
    quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug, #clone)]
        #[must_use = "a request does nothing until it is sent with `.await` or `send_with_response`"]
        pub struct #builder {
            client: Client,
            options: RequestOptions,
            #(#fields)*
            #body_field
        }

        #gate
        impl #builder {
            #(#setters)*
            #body_setter

            /// Overrides the client's timeout for each attempt of this request.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry policy for this request.
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            #stream

            /// Sends the request and returns the decoded body.
            pub async fn send(self) -> Result<#output, Error<#error>> {
                self.send_with_response().await.map(Response::into_body)
            }

            #send
        }

        #gate
        impl std::future::IntoFuture for #builder {
            type Output = Result<#output, Error<#error>>;
            type IntoFuture = BoxFuture<Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

fn success_type(operation: &Operation) -> TokenStream {
    match &operation.success.body {
        SuccessBody::Empty => quote!(()),
        SuccessBody::Json(ty) => type_tokens(ty),
        SuccessBody::OptionalJson(ty) => {
            let ty = type_tokens(ty);
            quote!(Option<#ty>)
        }
        SuccessBody::Text => quote!(String),
        SuccessBody::Binary => quote!(bytes::Bytes),
    }
}

/// The runtime decoder for the success body.
fn decoder(body: &SuccessBody) -> TokenStream {
    match body {
        SuccessBody::Empty => quote!(decode::empty),
        SuccessBody::Json(_) => quote!(decode::json),
        SuccessBody::OptionalJson(_) => quote!(decode::optional_json),
        SuccessBody::Text => quote!(decode::text),
        SuccessBody::Binary => quote!(decode::bytes),
    }
}

fn emit_param_setter(param: &Param) -> TokenStream {
    let checked = bounds_note(&param.bounds).map(|limits| format!("{limits} Checked before the request is sent."));
    let notes: Vec<String> = checked.into_iter().chain(param.default.iter().map(default_note)).collect();
    let docs = doc_attrs_with_notes(param.doc.as_deref(), &notes);
    let name = ident(&param.name);
    let (ty, value) = argument_type(&param.ty, &name);
    let value = value.unwrap_or_else(|| quote!(#name));
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn emit_send(operation: &Operation) -> TokenStream {
    let error = ident(&operation.error_name);
    let output = success_type(operation);
    let checks = operation.params.iter().filter_map(emit_check);
    let path = emit_path(operation);
    let method = format_ident!("{}", operation.http_method.as_str());
    let operation_id = &operation.operation_id;
    let template = &operation.path;
    let query = emit_query(operation);
    let headers = operation.params.iter().filter(|p| p.location == Location::Header).map(emit_header);
    let cookies = emit_cookies(operation);
    let body = operation.body.as_ref().map(emit_body);
    let statuses = operation.success.statuses.iter().map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let decode = decoder(&operation.success.body);
    quote! {
        /// Sends the request and returns the decoded body with the
        /// response's status and headers.
        pub async fn send_with_response(self) -> Result<Response<#output>, Error<#error>> {
            #(#checks)*
            #path
            let endpoint = Endpoint { operation: #operation_id, method: reqwest::Method::#method, path: #template };
            let request = self.client.request(&endpoint, path);
            #query
            #(#headers)*
            #cookies
            #body
            self.client.call(endpoint, request, self.options, &[#(#statuses),*], #decode).await
        }
    }
}

/// Puts the body on the request, encoded as its media type says.
fn emit_body(body: &Body) -> TokenStream {
    let name = ident(&body.name);
    let content_type = &body.content_type;
    let attach = |value: TokenStream| match &body.kind {
        BodyKind::Json(_) if content_type == "application/json" => quote!(request.json(#value)),
        BodyKind::Json(_) => quote!(request.json(#value).header(reqwest::header::CONTENT_TYPE, #content_type)),
        BodyKind::Form(_) => quote!(request.form(#value)),
        BodyKind::Multipart => quote!(request.multipart(#value)),
        BodyKind::Text | BodyKind::Binary => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(Clone::clone(#value)))
        }
    };
    let by_value = body.kind == BodyKind::Multipart;
    if body.required {
        let value = if by_value { quote!(self.#name) } else { quote!(&self.#name) };
        let attached = attach(value);
        quote!(let request = #attached;)
    } else {
        let attached = attach(quote!(body));
        let source = if by_value { quote!(self.#name) } else { quote!(&self.#name) };
        quote! {
            let request = match #source {
                Some(body) => #attached,
                None => request,
            };
        }
    }
}

/// `stream()`: every item of a paginated list, fetched page by page.
fn emit_stream(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let error = ident(&operation.error_name);
    let item = type_tokens(&pagination.item);
    let limit = &operation.params[pagination.limit];
    let offset = &operation.params[pagination.offset];
    let (limit_name, limit_wire) = (ident(&limit.name), &limit.wire_name);
    let (offset_name, offset_wire) = (ident(&offset.name), &offset.wire_name);
    let page_size = proc_macro2::Literal::i64_unsuffixed(pagination.page_size);
    let widen = |param: &Param, name: &proc_macro2::Ident, default: TokenStream| match param.ty {
        Type::I64 => quote!(self.#name.unwrap_or(#default)),
        _ => quote!(self.#name.map_or(#default, i64::from)),
    };
    let page_size_value = widen(limit, &limit_name, quote!(#page_size));
    let start = widen(offset, &offset_name, quote!(0));
    let doc = format!(
        " Streams every item, fetching pages of `{limit_wire}` items ({}, unless set) lazily from `{offset_wire}` until a page comes back short. An error is the stream's last item.",
        pagination.page_size
    );
    quote! {
        #[doc = #doc]
        pub fn stream(self) -> impl futures_util::Stream<Item = Result<#item, Error<#error>>> + Send {
            let page_size = #page_size_value;
            let start = #start;
            paginate(start, page_size, move |offset| {
                let page = self.clone();
                async move {
                    let page = Self {
                        #offset_name: Some(params::narrow(#offset_wire, offset)?),
                        #limit_name: Some(params::narrow(#limit_wire, page_size)?),
                        ..page
                    };
                    page.send().await
                }
            })
        }
    }
}

/// Bounds the spec sets, checked before anything is sent.
fn emit_check(param: &Param) -> Option<TokenStream> {
    if param.bounds.is_empty() {
        return None;
    }
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let option = |value: Option<i64>| match value {
        Some(v) => {
            let v = proc_macro2::Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let option_usize = |value: Option<usize>| match value {
        Some(v) => {
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let check = match &param.ty {
        Type::I32 => {
            let (min, max) = (option(param.bounds.minimum), option(param.bounds.maximum));
            quote!(params::check_range(#wire, i64::from(*value), #min, #max)?;)
        }
        Type::I64 => {
            let (min, max) = (option(param.bounds.minimum), option(param.bounds.maximum));
            quote!(params::check_range(#wire, *value, #min, #max)?;)
        }
        Type::String => {
            let (min, max) = (option_usize(param.bounds.min_length), option_usize(param.bounds.max_length));
            quote!(params::check_length(#wire, value, #min, #max)?;)
        }
        Type::Secret => {
            let (min, max) = (option_usize(param.bounds.min_length), option_usize(param.bounds.max_length));
            quote!(params::check_length(#wire, value.expose(), #min, #max)?;)
        }
        _ => return None,
    };
    Some(if param.required {
        quote! { { let value = &self.#name; #check } }
    } else {
        quote! { if let Some(value) = &self.#name { #check } }
    })
}

fn emit_path(operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    for part in &operation.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(index) => {
                let param = &operation.params[*index];
                let name = ident(&param.name);
                let wire = &param.wire_name;
                template.push_str("{}");
                let value = match param.ty {
                    Type::String => quote!(&self.#name),
                    Type::Secret => quote!(self.#name.expose()),
                    _ => quote!(&self.#name.to_string()),
                };
                args.push(quote!(params::path_segment(#wire, #value)?));
            }
        }
    }
    if args.is_empty() {
        quote!(let path = #template;)
    } else {
        quote!(let path = &format!(#template, #(#args),*);)
    }
}

/// A parameter's value as the text sent on the wire.
fn wire_text(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::DateTime => quote!(#value.to_rfc3339()),
        Type::Secret => quote!(#value.expose().to_owned()),
        _ => quote!(#value.to_string()),
    }
}

fn emit_query(operation: &Operation) -> TokenStream {
    let params: Vec<&Param> = operation.params.iter().filter(|p| p.location == Location::Query && !p.object).collect();
    let objects = operation.params.iter().filter(|p| p.location == Location::Query && p.object).map(|param| {
        let name = ident(&param.name);
        if param.required {
            quote!(let request = request.query(&self.#name);)
        } else {
            quote! {
                let request = match &self.#name {
                    Some(value) => request.query(value),
                    None => request,
                };
            }
        }
    });
    let objects = quote!(#(#objects)*);
    if params.is_empty() {
        return objects;
    }
    let pushes = params.iter().map(|param| {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let push = match &param.ty {
            Type::Array(item) if param.explode => {
                let text = wire_text(item, quote!(item));
                quote!(for item in value { query.push((#wire, #text)); })
            }
            Type::Array(item) => {
                let text = wire_text(item, quote!(item));
                quote!(query.push((#wire, value.iter().map(|item| #text).collect::<Vec<_>>().join(",")));)
            }
            ty => {
                let text = wire_text(ty, quote!(value));
                quote!(query.push((#wire, #text));)
            }
        };
        if param.required {
            quote! { { let value = &self.#name; #push } }
        } else {
            quote! { if let Some(value) = &self.#name { #push } }
        }
    });
    quote! {
        let mut query: Vec<(&str, String)> = Vec::new();
        #(#pushes)*
        let request = request.query(&query);
        #objects
    }
}

fn emit_header(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let text = match &param.ty {
        Type::Array(item) => {
            let item_text = wire_text(item, quote!(item));
            quote!(value.iter().map(|item| #item_text).collect::<Vec<_>>().join(","))
        }
        ty => wire_text(ty, quote!(value)),
    };
    if param.required {
        quote! { let request = { let value = &self.#name; request.header(#wire, #text) }; }
    } else {
        quote! {
            let request = match &self.#name {
                Some(value) => request.header(#wire, #text),
                None => request,
            };
        }
    }
}

fn emit_cookies(operation: &Operation) -> TokenStream {
    let params: Vec<&Param> = operation.params.iter().filter(|p| p.location == Location::Cookie).collect();
    if params.is_empty() {
        return TokenStream::new();
    }
    let pushes = params.iter().map(|param| {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let text = wire_text(&param.ty, quote!(value));
        let push = quote!(cookies.push(format!("{}={}", #wire, params::cookie_value(&#text))););
        if param.required {
            quote! { { let value = &self.#name; #push } }
        } else {
            quote! { if let Some(value) = &self.#name { #push } }
        }
    });
    quote! {
        let mut cookies: Vec<String> = Vec::new();
        #(#pushes)*
        let request = if cookies.is_empty() { request } else { request.header(reqwest::header::COOKIE, cookies.join("; ")) };
    }
}
