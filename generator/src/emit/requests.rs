//! `requests.rs`: per operation, the struct of its parameters, its request
//! type (`Request<Params>`) with a setter per optional parameter, the
//! `Client` method that makes it, and how its parameters go on the wire
//! and its answer is read. Sending, retrying and paging are the runtime's.

use super::docs::{bounds_note, code, default_note, item_docs, paragraphs};
use super::types::{argument, feature_gate, field_init, http_method, ident, location_style, runtime_style, rust_type, serialization};
use crate::content::RustFile;
use crate::ir::public::{Conversion, Input, Setter, STREAM_METHOD};
use crate::ir::rust::{Module, Paths};
use crate::ir::surface::{body_field_type, output_type, pages_type, param_type, request_type};
use crate::ir::{Body, BodyKind, Location, Operation, Pagination, Param, PathPart, Style, SuccessBody, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `requests` module.
pub fn emit_requests(operations: &[Operation]) -> RustFile<'_> {
    let head = quote! {
        //! A request type per operation, named after it: a
        //! [`Request`](crate::Request) holding the operation's parameters.
        //! [`Client`](crate::Client)'s methods make them; set optional
        //! parameters with their methods, then `.await` the request, or call
        //! `send_with_response` for the status and headers too.
    };
    let items = operations.iter().flat_map(|operation| {
        let gate = feature_gate(&operation.features);
        [
            emit_params(operation, &gate),
            emit_request(operation, &gate),
            emit_operation_impl(operation, &gate),
            operation.pagination.as_ref().map(|pagination| emit_paginated(operation, pagination, &gate)).unwrap_or_default(),
            emit_client_method(operation, &gate),
        ]
        .into_iter()
        .filter(|tokens| !tokens.is_empty())
    });
    RustFile { head, items: Box::new(items) }
}

/// The doc line that names an operation: `` `GET /x` ``, with its summary.
fn operation_docs(operation: &Operation) -> TokenStream {
    let line = code(&format!("{} {}", operation.http_method.as_str(), operation.path));
    let text = paragraphs([operation.summary.as_deref(), operation.description.as_deref()]);
    // The line is there whatever the spec says: no fallback is needed.
    item_docs(text.as_deref(), "", &[line])
}

/// A parameter's docs: the spec's description (or a line naming the
/// parameter), then its limits and default.
fn param_docs(param: &Param) -> TokenStream {
    let location = match param.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    };
    let fallback = format!("The {} {location} parameter.", code(&param.wire_name));
    item_docs(param.doc.as_deref(), &fallback, &param_notes(param))
}

/// What a reader of a parameter needs to know beyond the spec's description.
fn param_notes(param: &Param) -> Vec<String> {
    let checked = bounds_note(&param.bounds).map(|limits| format!("{limits} Checked before the request is sent."));
    checked.into_iter().chain(param.default.iter().map(default_note)).collect()
}

fn emit_params(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let name = ident(&operation.params_name);
    let request = &operation.request_name;
    let doc = format!(" The parameters of a [`type@{request}`] request; set them with its methods.");
    let fields = operation.params.iter().map(|param| {
        let docs = param_docs(param);
        let field_name = ident(&param.name);
        let ty = rust_type(&param_type(param));
        quote!(#docs pub #field_name: #ty,)
    });
    let body = operation.body.as_ref().map(|body| {
        let docs = body_docs(body);
        let field_name = ident(&body.name);
        let ty = rust_type(&body_field_type(body));
        quote!(#docs pub #field_name: #ty,)
    });
    let clone = (!operation.body.as_ref().is_some_and(|b| b.kind == BodyKind::Multipart)).then(|| quote!(Clone,));
    quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug, #clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #body
        }

        #gate
        impl crate::__private::Sealed for #name {}
    }
}

fn emit_request(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let api = &operation.api;
    let name = ident(&operation.request_name);
    let request_type = request_type(operation).tokens(Paths::In(&quote!(crate), Module::Requests));
    let docs = operation_docs(operation);
    let made_by = format!(" Made by [`Client::{}`](crate::Client::{}).", operation.method_name, operation.method_name);
    let stream_note = if operation.pagination.is_some() { format!("; [`{STREAM_METHOD}`](#method.{STREAM_METHOD}) reads every page") } else { String::new() };
    let shared = format!(
        " Like every request, it is sent with `.await`, [`send`](crate::Request::send) (a `Future`, for \
         `buffer_unordered` or `tokio::spawn`) or [`send_with_response`](crate::Request::send_with_response) \
         (the status and headers too), and takes a [`timeout`](crate::Request::timeout) and a \
         [`retry_policy`](crate::Request::retry_policy) of its own{stream_note}."
    );
    let setters = api.setters.iter().map(|setter| emit_setter(operation, setter));
    let stream = operation.pagination.as_ref().map(|pagination| emit_stream(operation, pagination));
    let methods = (!api.setters.is_empty() || stream.is_some()).then(|| {
        quote! {
            #gate
            impl #name {
                #(#setters)*
                #stream
            }
        }
    });
    quote! {
        #docs
        #[doc = ""]
        #[doc = #made_by]
        #[doc = ""]
        #[doc = #shared]
        #gate
        pub type #name = #request_type;

        #methods
    }
}

/// The body's docs: the spec's description, or a line saying what it is.
fn body_docs(body: &Body) -> TokenStream {
    item_docs(body.doc.as_deref(), "The request body.", &[])
}

fn emit_setter(operation: &Operation, setter: &Setter<Input>) -> TokenStream {
    let method = ident(&setter.method);
    let (field, docs) = match (setter.slot, &operation.body) {
        (Input::Param(at), _) => (&operation.params[at].name, param_docs(&operation.params[at])),
        (Input::Body, Some(body)) => (&body.name, body_docs(body)),
        (Input::Body, None) => return TokenStream::new(),
    };
    let field = ident(field);
    let Some(arg) = &setter.arg else { return TokenStream::new() };
    let (param, value) = argument(arg);
    match (arg.conversion(), setter.slot) {
        (Conversion::TryInto, Input::Param(at)) => {
            let wire = &operation.params[at].wire_name;
            let note = format!(" Takes any integer type: a value `{}` cannot hold is refused when the request is sent.", arg.ty);
            quote! {
                #docs
                #[doc = ""]
                #[doc = #note]
                pub fn #method(self, #param) -> Self {
                    self.checked(#wire, #value, |parameters, value| parameters.#field = Some(value))
                }
            }
        }
        _ => quote! {
            #docs
            pub fn #method(mut self, #param) -> Self {
                self.parameters.#field = Some(#value);
                self
            }
        },
    }
}

/// `.checked(..)` for each of the `Client` method's integer arguments,
/// which the parameters struct starts with at zero.
fn checked_args(operation: &Operation) -> Vec<TokenStream> {
    operation
        .api
        .args
        .iter()
        .filter(|arg| arg.conversion() == Conversion::TryInto)
        .filter_map(|arg| {
            let Input::Param(at) = arg.slot else { return None };
            let param = &operation.params[at];
            let (field, wire, value) = (ident(&param.name), &param.wire_name, ident(&arg.name));
            Some(quote!(.checked(#wire, #value, |parameters, value| parameters.#field = value)))
        })
        .collect()
}

fn emit_client_method(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let api = &operation.api;
    let docs = operation_docs(operation);
    let method = ident(&operation.method_name);
    let request = ident(&operation.request_name);
    let params = ident(&operation.params_name);
    let (arguments, values): (Vec<TokenStream>, Vec<TokenStream>) = api.args.iter().map(argument).unzip();
    let params_fields = operation.params.iter().enumerate().map(|(at, param)| (Input::Param(at), &param.name));
    let inits = params_fields.chain(operation.body.iter().map(|body| (Input::Body, &body.name))).map(|(slot, field)| {
        match api.args.iter().position(|arg| arg.slot == slot) {
            Some(at) if api.args[at].conversion() == Conversion::TryInto => {
                let name = ident(field);
                quote!(#name: 0)
            }
            Some(at) => field_init(field, &api.args[at], &values[at]),
            None => {
                let name = ident(field);
                quote!(#name: None)
            }
        }
    });
    let checks = checked_args(operation);
    let allow = (api.args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter")]));
    let aliases = &operation.aliases;
    let aliases = (!aliases.is_empty()).then(|| quote!(#[doc(alias(#(#aliases),*))]));
    quote! {
        #gate
        impl crate::Client {
            #docs
            #aliases
            #allow
            pub fn #method(&self, #(#arguments),*) -> crate::requests::#request {
                crate::Request::new(self, #params { #(#inits),* }) #(#checks)*
            }
        }
    }
}

fn emit_operation_impl(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let params = ident(&operation.params_name);
    let output = rust_type(&output_type(&operation.success.body));
    let error = ident(&operation.error_name);
    let operation_id = &operation.operation_id;
    let method = http_method(operation.http_method);
    let template = &operation.path;
    let statuses = operation.success.statuses.iter().map(|s| Literal::u16_unsuffixed(*s));
    let checks = operation.params.iter().filter_map(emit_check);
    let path = emit_path(operation);
    let pushes = operation.params.iter().filter_map(emit_push);
    let body = operation.body.as_ref().map(emit_body);
    let decode = decoder(&operation.success.body);
    let request = if operation.params.iter().any(|p| p.location != Location::Path) || operation.body.is_some() {
        quote!(let mut request = crate::__private::Prepared::new(path);)
    } else {
        quote!(let request = crate::__private::Prepared::new(path);)
    };
    quote! {
        #gate
        impl crate::Operation for #params {
            type Output = #output;
            type Error = crate::errors::#error;

            const ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                operation: #operation_id,
                method: #method,
                path: #template,
                success: &[#(#statuses),*],
            };

            fn prepare(self) -> ::std::result::Result<crate::__private::Prepared, crate::InvalidArgument> {
                #(#checks)*
                #path
                #request
                #(#pushes)*
                #body
                Ok(request)
            }

            fn decode(response: &crate::RawResponse) -> ::std::result::Result<Self::Output, crate::DecodeError> {
                #decode(response)
            }
        }
    }
}

/// The runtime decoder for the success body.
fn decoder(body: &SuccessBody) -> TokenStream {
    match body {
        SuccessBody::Empty => quote!(crate::runtime::decode::empty),
        SuccessBody::Json(_) => quote!(crate::runtime::decode::json),
        SuccessBody::OptionalJson(_) => quote!(crate::runtime::decode::optional_json),
        SuccessBody::Text => quote!(crate::runtime::decode::text),
        SuccessBody::Binary => quote!(crate::runtime::decode::bytes),
    }
}

/// Puts the body on the request, encoded as its media type says.
fn emit_body(body: &Body) -> TokenStream {
    let name = ident(&body.name);
    let content_type = &body.content_type;
    let attach = |value: TokenStream| match &body.kind {
        BodyKind::Json(_) => quote!(request.json(#value, #content_type)?;),
        BodyKind::Form(_) => quote!(request.form(#value)?;),
        BodyKind::Multipart => quote!(request.custom(move |builder| builder.multipart(#value));),
        BodyKind::Text => quote!(request.bytes(::bytes::Bytes::from(#value), #content_type);),
        BodyKind::Binary => quote!(request.bytes(#value, #content_type);),
    };
    let by_reference = matches!(body.kind, BodyKind::Json(_) | BodyKind::Form(_));
    let value = if by_reference { quote!(&body) } else { quote!(body) };
    let attached = attach(value);
    if body.required {
        quote! { let body = self.#name; #attached }
    } else {
        quote! {
            if let Some(body) = self.#name {
                #attached
            }
        }
    }
}

/// The `Paginated` impl that lets `stream()` page through the list.
fn emit_paginated(operation: &Operation, pagination: &Pagination, gate: &TokenStream) -> TokenStream {
    let params = ident(&operation.params_name);
    let item = rust_type(&pagination.item.rust());
    let limit = &operation.params[pagination.limit];
    let offset = &operation.params[pagination.offset];
    let (limit_name, limit_wire) = (ident(&limit.name), &limit.wire_name);
    let (offset_name, offset_wire) = (ident(&offset.name), &offset.wire_name);
    let page_size = Literal::i64_unsuffixed(pagination.page_size);
    let widen = |param: &Param, name: &proc_macro2::Ident| match param.ty {
        Type::I64 => quote!(self.#name),
        _ => quote!(self.#name.map(i64::from)),
    };
    let (current_offset, current_limit) = (widen(offset, &offset_name), widen(limit, &limit_name));
    let total = match &pagination.total_header {
        Some(header) => quote!(Some(#header)),
        None => quote!(None),
    };
    let count = pagination.count.map(|at| {
        let count = ident(&operation.params[at].name);
        quote!(self.#count = count.then_some(true);)
    });
    let count_arg = if count.is_some() { quote!(count) } else { quote!(_count) };
    quote! {
        #gate
        impl crate::Paginated for #params {
            type Item = #item;

            const PAGE_SIZE: i64 = #page_size;
            const TOTAL_HEADER: ::std::option::Option<&'static str> = #total;

            fn page(&self) -> (::std::option::Option<i64>, ::std::option::Option<i64>) {
                (#current_offset, #current_limit)
            }

            fn set_page(&mut self, offset: i64, size: i64, #count_arg: bool) -> ::std::result::Result<(), crate::InvalidArgument> {
                self.#offset_name = Some(crate::runtime::params::narrow(#offset_wire, offset)?);
                self.#limit_name = Some(crate::runtime::params::narrow(#limit_wire, size)?);
                #count
                Ok(())
            }

            fn into_items(page: Self::Output) -> ::std::vec::Vec<Self::Item> {
                page
            }
        }
    }
}

/// A paginated request's `stream()`, a method of its own request type
/// only, so that only the pages of paginated requests show it.
fn emit_stream(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let method = ident(STREAM_METHOD);
    let pages = pages_type(operation).tokens(Paths::In(&quote!(crate), Module::Requests));
    let (limit, offset) = (&operation.params[pagination.limit].wire_name, &operation.params[pagination.offset].wire_name);
    let doc = format!(
        " Streams every item of the list, one page at a time as the stream is read: {} items a page unless \
         `{limit}` is set, from the first item unless `{offset}` is set. [`Pages`](crate::Pages) says where it stops.",
        pagination.page_size
    );
    quote! {
        #[doc = #doc]
        pub fn #method(self) -> #pages {
            crate::Pages::new(self)
        }
    }
}

/// Bounds the spec sets, checked before anything is sent.
fn emit_check(param: &Param) -> Option<TokenStream> {
    if param.bounds.checks_nothing() {
        return None;
    }
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let option = |value: Option<i64>| match value {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let option_usize = |value: Option<usize>| match value {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let check = match &param.ty {
        Type::I32 => {
            let (min, max) = (option(param.bounds.minimum), option(param.bounds.maximum));
            quote!(crate::runtime::params::check_range(#wire, i64::from(*value), #min, #max)?;)
        }
        Type::I64 => {
            let (min, max) = (option(param.bounds.minimum), option(param.bounds.maximum));
            quote!(crate::runtime::params::check_range(#wire, *value, #min, #max)?;)
        }
        Type::String => {
            let (min, max) = (option_usize(param.bounds.min_length), option_usize(param.bounds.max_length));
            quote!(crate::runtime::params::check_length(#wire, value, #min, #max)?;)
        }
        Type::Secret => {
            let (min, max) = (option_usize(param.bounds.min_length), option_usize(param.bounds.max_length));
            quote!(crate::runtime::params::check_length(#wire, value.expose(), #min, #max)?;)
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
                if let Style::Serialized { form, explode, shape } = param.style {
                    let (form, _) = serialization(form, shape);
                    args.push(quote!(crate::__private::serialize(#wire, &self.#name, #form, #explode, crate::__private::Escape::Path)?));
                    continue;
                }
                let value = match param.ty {
                    Type::String => quote!(&self.#name),
                    Type::Secret => quote!(self.#name.expose()),
                    _ => quote!(&self.#name.to_string()),
                };
                args.push(quote!(crate::runtime::params::path_segment(#wire, #value)?));
            }
        }
    }
    if args.is_empty() {
        quote!(let path = ::std::string::String::from(#template);)
    } else {
        quote!(let path = ::std::format!(#template, #(#args),*);)
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

/// Puts a query, header or cookie parameter on the request, where its
/// style says (the runtime's table decides how a list travels).
fn emit_push(param: &Param) -> Option<TokenStream> {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let push = match (param.style, runtime_style(param.style)) {
        (Style::QueryObject { deep: false }, _) => quote!(request.query_object(#wire, value)?;),
        (Style::QueryObject { deep: true }, _) => quote!(request.query_deep_object(#wire, value)?;),
        (Style::Serialized { form, explode, shape }, _) => {
            let style = location_style(param.location)?;
            let (form, _) = serialization(form, shape);
            let escape = if param.location == Location::Cookie { quote!(Cookie) } else { quote!(Nothing) };
            quote!(request.put_serialized(#style, #wire, crate::__private::serialize(#wire, value, #form, #explode, crate::__private::Escape::#escape)?);)
        }
        (_, Some(style)) => match &param.ty {
            Type::Array(item) => {
                let text = wire_text(item, quote!(item));
                quote!(request.put(#style, #wire, value.iter().map(|item| #text));)
            }
            ty => {
                let text = wire_text(ty, quote!(value));
                quote!(request.put(#style, #wire, [#text]);)
            }
        },
        // A path parameter is part of the path.
        (_, None) => return None,
    };
    Some(if param.required {
        quote! { { let value = &self.#name; #push } }
    } else {
        quote! { if let Some(value) = &self.#name { #push } }
    })
}
