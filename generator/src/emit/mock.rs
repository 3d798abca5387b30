//! `mock.rs` (the `mock` feature): a `MockServer` method per operation
//! that starts a typed expectation, and per collection one that gives its
//! in-memory records; how each operation's parameters are read back from a
//! request and its success value put on the wire. The server itself is
//! the runtime's (`templates/runtime/mock.rs`).

use super::docs::code;
use super::types::{feature_gate, ident, location_style, runtime_style, rust_type, serialization};
use crate::content::RustFile;
use crate::ir::surface::{expectation_type, resource_type};
use crate::ir::{Api, BodyKind, ErrorStatus, Location, Operation, Param, Resource, Style, SuccessBody, Type};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The `mock` module.
pub fn emit_mock(api: &Api) -> RustFile<'_> {
    let head = emit_head(api);
    let operations = api.operations.iter().map(|operation| {
        let gate = feature_gate(&operation.features);
        let mockable = emit_mockable(operation, &gate);
        let expect = emit_expect_method(operation, &gate);
        quote!(#mockable #expect)
    });
    let resources = api.resources.iter().enumerate().map(|(index, resource)| emit_resource(api, resource, index));
    RustFile { head, items: Box::new(operations.chain(resources)) }
}

/// The module docs, the re-exports, `MockServer::start` and the list of
/// the API's endpoints the server routes by.
fn emit_head(api: &Api) -> TokenStream {
    let endpoint = |operation: &Operation| {
        let params = ident(&operation.params_name);
        quote!(<crate::requests::#params as crate::Operation>::ENDPOINT)
    };
    let always = api.operations.iter().filter(|operation| operation.features.is_empty()).map(endpoint);
    let gated: Vec<TokenStream> = api
        .operations
        .iter()
        .filter(|operation| !operation.features.is_empty())
        .map(|operation| {
            let gate = feature_gate(&operation.features);
            let endpoint = endpoint(operation);
            quote!(#gate endpoints.push(#endpoint);)
        })
        .collect();
    // Each tag's endpoints are pushed under its feature.
    let allow = (!gated.is_empty()).then(|| quote!(#[allow(unused_mut, clippy::vec_init_then_push)]));
    let binding = if gated.is_empty() {
        quote!(let endpoints = ::std::vec![#(#always),*];)
    } else {
        quote!(let mut endpoints = ::std::vec![#(#always),*];)
    };
    quote! {
        //! A mock of the API on 127.0.0.1, for testing code that uses this
        //! crate without a server of the real API (the `mock` feature).
        //!
        //! [`MockServer::start`] starts one and [`MockServer::client`] gives
        //! a [`Client`](crate::Client) pointed at it and authenticated
        //! against it. Each operation has a method on [`MockServer`], named
        //! as the client's, that starts an [`Expectation`]: narrow it with
        //! a test of the operation's typed parameters, say how often it is
        //! called, and register it with the typed value to answer with
        //! ([`respond`](Expectation::respond)), one of the operation's
        //! documented errors ([`fail`](Expectation::fail)), a reply built by
        //! hand or a [`Fault`]. Each collection the API lists, creates,
        //! reads and deletes by id has a method that gives its in-memory
        //! [`Resource`], served as the service serves it. When the mock is
        //! dropped it panics with a report if an expectation was not met or
        //! a request was unexpected.

        pub use crate::runtime::mock::{Expectation, Expected, Fault, MockServer, Mockable, Received, Reply, Report, Resource};

        #[doc(hidden)]
        pub use crate::runtime::mock::Incoming;

        /// The API's endpoints, for routing requests to operations.
        #allow
        fn endpoints() -> ::std::vec::Vec<crate::__private::Endpoint> {
            #binding
            #(#gated)*
            endpoints
        }

        static API: crate::runtime::mock::Api = crate::runtime::mock::Api { endpoints };

        impl MockServer {
            /// Starts a mock on an ephemeral port of 127.0.0.1; call it inside
            /// a Tokio runtime.
            ///
            /// # Panics
            ///
            /// If no port of 127.0.0.1 can be bound.
            pub async fn start() -> MockServer {
                match MockServer::start_for(&API).await {
                    Ok(server) => server,
                    Err(error) => panic!("the mock cannot listen on 127.0.0.1: {error}"),
                }
            }
        }

        /// Runs an example of the crate's README against a new mock, as
        /// its doctests do: `expect` registers what the mock answers,
        /// `example` runs with the mock's client, then the mock is
        /// verified. An error of the example is the outcome, rather than
        /// the expectations it left unmet.
        #[doc(hidden)]
        pub fn run_example<F>(
            example: impl ::std::ops::FnOnce(crate::Client) -> F,
            expect: impl ::std::ops::FnOnce(&MockServer) -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>>,
        ) -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>>
        where
            F: ::std::future::Future<Output = ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>>>,
        {
            ::tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
                let mock = MockServer::start().await;
                expect(&mock)?;
                let outcome = example(mock.client()).await;
                let verified = mock.verify();
                outcome?;
                Ok(verified?)
            })
        }
    }
}

/// How `operation`'s parameters are read from a request, and its success
/// value written.
fn emit_mockable(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let params = ident(&operation.params_name);
    let others: Vec<&str> =
        operation.params.iter().filter(|param| param.location == Location::Query && param.style != (Style::QueryObject { deep: false })).map(|p| p.wire_name.as_str()).collect();
    let fields = operation.params.iter().map(|param| {
        let name = ident(&param.name);
        let value = decode_param(param, &others);
        quote!(#name: #value,)
    });
    let body = operation.body.as_ref().map(|body| {
        let name = ident(&body.name);
        let read = match &body.kind {
            BodyKind::Json(_) => quote!(request.json()?),
            BodyKind::Form(_) => quote!(request.form()?),
            BodyKind::Text => quote!(request.text()?),
            BodyKind::Binary => quote!(request.bytes()?),
            BodyKind::Multipart => quote!(request.unreadable("multipart")?),
        };
        let value = if body.required && body.kind != BodyKind::Multipart { required(read, "the body") } else { read };
        quote!(#name: #value,)
    });
    let reply = emit_reply(operation);
    // An operation with nothing to read back leaves the request unread.
    let request = if operation.params.is_empty() && operation.body.is_none() { quote!(_request) } else { quote!(request) };
    quote! {
        #gate
        impl crate::runtime::mock::Mockable for crate::requests::#params {
            fn from_request(#request: &Incoming) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(Self { #(#fields)* #body })
            }
            fn reply(output: &Self::Output) -> Reply {
                #reply
            }
        }
    }
}

/// `value` (an `Option`), or an error naming `what` as missing.
fn required(value: TokenStream, what: &str) -> TokenStream {
    let missing = format!("{what} is missing");
    quote!(#value.ok_or_else(|| ::std::string::String::from(#missing))?)
}

/// The expression that reads `param` from the request `request`.
fn decode_param(param: &Param, query_names: &[&str]) -> TokenStream {
    let wire = &param.wire_name;
    let read = match (param.style, runtime_style(param.style)) {
        (Style::QueryObject { deep: false }, _) => quote!(request.query_object(&[#(#query_names),*])?),
        (Style::QueryObject { deep: true }, _) => quote!(request.query_deep_object(#wire)?),
        (Style::Serialized { form, explode, shape }, _) => {
            let (form, shape) = serialization(form, shape);
            let style = match location_style(param.location) {
                Some(style) => quote!(Some(#style)),
                None => quote!(None),
            };
            quote!(request.serialized(#style, #wire, #form, #explode, #shape)?)
        }
        (_, Some(style)) if matches!(param.ty, Type::Array(_)) => quote!(request.list(#style, #wire)?),
        (_, Some(style)) => quote!(request.value(#style, #wire)?),
        // A path parameter is read from the path the mock matched.
        (_, None) => return quote!(request.path(#wire)?),
    };
    if param.required {
        required(read, &format!("the parameter `{wire}`"))
    } else {
        read
    }
}

/// The reply that carries the operation's success value `output`, with
/// its first documented success status.
fn emit_reply(operation: &Operation) -> TokenStream {
    let statuses = &operation.success.statuses;
    let status = Literal::u16_unsuffixed(statuses.first().copied().unwrap_or(200));
    let reply = quote!(Reply::code(#status));
    match &operation.success.body {
        SuccessBody::Empty => quote!(let () = output; #reply),
        SuccessBody::Json(_) => quote!(#reply.json(output)),
        SuccessBody::OptionalJson(_) => {
            let empty = Literal::u16_unsuffixed(if statuses.contains(&204) { 204 } else { statuses.last().copied().unwrap_or(204) });
            quote! {
                match output {
                    ::std::option::Option::Some(value) => #reply.json(value),
                    ::std::option::Option::None => Reply::code(#empty),
                }
            }
        }
        SuccessBody::Text => quote!(#reply.text(output.clone())),
        SuccessBody::Binary => quote!(#reply.bytes(output.clone(), "application/octet-stream")),
    }
}

/// The `MockServer` method that starts an expectation for the operation.
fn emit_expect_method(operation: &Operation, gate: &TokenStream) -> TokenStream {
    let method = ident(&operation.api.mock_method);
    let expectation = rust_type(&expectation_type(operation));
    let doc = format!(
        " Expects {} requests ({}), answered as [`Client::{}`](crate::Client::{}) reads them.",
        code(&operation.operation_id),
        code(&format!("{} {}", operation.http_method.as_str(), operation.path)),
        operation.method_name,
        operation.method_name
    );
    quote! {
        #gate
        impl MockServer {
            #[doc = #doc]
            pub fn #method(&self) -> #expectation {
                self.expect()
            }
        }
    }
}

/// A collection: how the runtime serves it, and the `MockServer` method
/// that gives its records.
fn emit_resource(api: &Api, resource: &Resource, index: usize) -> TokenStream {
    let operations = &api.operations;
    let read = &operations[resource.read];
    let gate = feature_gate(&read.features);
    let spec = format_ident!("RESOURCE_{index}");
    let status = |at: Option<usize>| match at {
        Some(at) => {
            let code = Literal::u16_unsuffixed(operations[at].success.statuses.first().copied().unwrap_or(200));
            quote!(::std::option::Option::Some(#code))
        }
        None => quote!(::std::option::Option::None),
    };
    let (create, read_status, replace, delete) = (status(resource.create), status(Some(resource.read)), status(resource.replace), status(resource.delete));
    let list = match resource.list.and_then(|at| operations[at].pagination.as_ref().map(|page| (&operations[at], page))) {
        Some((list, page)) => {
            let code = Literal::u16_unsuffixed(list.success.statuses.first().copied().unwrap_or(200));
            let (limit, offset) = (&list.params[page.limit].wire_name, &list.params[page.offset].wire_name);
            let page_size = usize::try_from(page.page_size).unwrap_or(usize::MAX);
            let count = match (page.count, &page.total_header) {
                (Some(count), Some(header)) => {
                    let count = &list.params[count].wire_name;
                    quote!(::std::option::Option::Some((#count, #header)))
                }
                _ => quote!(::std::option::Option::None),
            };
            let past_end = match &api.settings.past_end {
                Some((status, body)) => {
                    let status = Literal::u16_unsuffixed(*status);
                    let body = body.to_string();
                    quote!(::std::option::Option::Some((#status, #body)))
                }
                None => quote!(::std::option::Option::None),
            };
            quote! {
                ::std::option::Option::Some(crate::runtime::mock::ListSpec {
                    status: #code,
                    limit: #limit,
                    offset: #offset,
                    page_size: #page_size,
                    count: #count,
                    past_end: #past_end,
                })
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let not_found = not_found_body(read);
    let examples: Vec<String> = api.types.iter().find(|ty| ty.name == resource.record).map(|ty| ty.examples.iter().map(|example| example.to_string()).collect()).unwrap_or_default();
    let (collection, item, id_param, id_field, integer_ids) = (&resource.collection, &resource.item, &resource.id_param, &resource.id_field, resource.integer_ids);
    let method = ident(&resource.method);
    let handle = rust_type(&resource_type(resource));
    let doc = format!(
        " The records of {} the mock holds and serves as the service does: listed page by page, created with a new id, read, replaced and deleted by id, 404 for an id it does not hold. Requests no expectation answers go to it once this is called.",
        code(collection)
    );
    quote! {
        #gate
        static #spec: crate::runtime::mock::ResourceSpec = crate::runtime::mock::ResourceSpec {
            collection: #collection,
            item: #item,
            id_param: #id_param,
            id_field: #id_field,
            integer_ids: #integer_ids,
            list: #list,
            create: #create,
            read: #read_status,
            replace: #replace,
            delete: #delete,
            not_found: #not_found,
            examples: &[#(#examples),*],
        };

        #gate
        impl MockServer {
            #[doc = #doc]
            pub fn #method(&self) -> #handle {
                self.resource(&#spec)
            }
        }
    }
}

/// The body of a 404 for `read`: the example its documented 404 response
/// gives, else `{}`.
fn not_found_body(read: &Operation) -> String {
    let example = read.errors.iter().find(|case| case.status == ErrorStatus::Code(404)).and_then(|case| case.example.as_ref());
    example.map_or_else(|| "{}".to_owned(), ToString::to_string)
}
