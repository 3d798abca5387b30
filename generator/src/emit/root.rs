//! `lib.rs`: the crate root. Its modules and re-exports, the environment
//! variables a client reads, what the runtime needs to know about the API
//! (base path, token endpoint, API key, quota), and the builder methods for
//! the credentials the API takes.

use super::docs::{code, doc_attrs};
use crate::ir::{names, Api, Location, Security, TypeKind};
use crate::Options;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_root(api: &Api, options: &Options, digest: &str) -> TokenStream {
    let api_version = &api.version;
    let idle_runtime = runtime_allowance(api);
    let webhooks = (!api.webhooks.is_empty()).then(|| quote!(pub mod webhooks;));
    let environment = emit_environment(api, options);
    let settings = emit_settings(api);
    let credentials = emit_credentials(&api.security);
    // The doctests (the README's examples) are crates of their own.
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote! {
            #![recursion_limit = #limit]
            #![doc(test(attr(recursion_limit = #limit)))]
        }
    });
    let deep = deeply_nested(api).then(|| quote!(#![allow(clippy::type_complexity)]));
    let lint_names = names_clippy_disallows(api).then(|| quote!(#![allow(clippy::disallowed_names)]));
    quote! {
        #![forbid(unsafe_code)]
        #![warn(missing_docs, missing_debug_implementations, unnameable_types)]
        #deep
        #lint_names
        #recursion_limit
        #![doc = include_str!("../README.md")]

        pub mod errors;
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod models;
        pub mod requests;
        #webhooks
        #idle_runtime
        mod runtime;

        pub use ::bytes::Bytes;
        pub use ::futures_util::{Stream, StreamExt, TryStreamExt};
        pub use ::reqwest;
        pub use ::reqwest::header;
        pub use ::reqwest::{StatusCode, Url};
        pub use runtime::{
            ApiError, AuthError, BoxError, Client, ClientBuilder, ConfigError, DecodeError, Error, ErrorResponse, InvalidArgument,
            Operation, Pages, Paginated, RateLimit, RawResponse, Request, Response, ResponseFuture, RetryPolicy, Secret,
        };

        /// The version of the API description this crate was generated from.
        pub const API_VERSION: &str = #api_version;

        #environment

        /// A digest of the API description and templates this crate was
        /// generated from; the workspace build compares it to catch stale code.
        #[doc(hidden)]
        pub const SPEC_DIGEST: &str = #digest;

        /// Names the runtime's items that generated code uses and users need
        /// not: they may change in any release.
        #[doc(hidden)]
        pub mod __private {
            pub use crate::runtime::params::{serialize, Escape, Serialization, Shape, Style};
            pub use crate::runtime::{Endpoint, Entries, Fields, Prepared};

            /// Implemented only by this crate's generated types, so that the
            /// traits they implement can grow without breaking anyone.
            pub trait Sealed {}
        }

        #settings

        #credentials
    }
}

/// The environment variables `Client::from_env` reads, named from the
/// `env-prefix` setting or the crate name.
fn emit_environment(api: &Api, options: &Options) -> TokenStream {
    let prefix = api.settings.env_prefix.clone().unwrap_or_else(|| names::env_prefix(&options.crate_name));
    let var = |suffix: &str| format!("{prefix}_{suffix}");
    let base_url = var("BASE_URL");
    let base_doc = match api.server.as_ref() {
        Some(server) => format!(" The API's base URL, such as {}; a URL without a path gets the API's own.", code(&server.url)),
        None => " The API's base URL.".to_owned(),
    };
    let security = &api.security;
    let client = security.token_url.is_some().then(|| {
        let (id, secret) = (var("CLIENT_ID"), var("CLIENT_SECRET"));
        quote! {
            /// The OAuth2 client id, for the client credentials grant.
            pub const CLIENT_ID: &str = #id;
            /// The OAuth2 client secret, for the client credentials grant.
            pub const CLIENT_SECRET: &str = #secret;
        }
    });
    let api_key = security.api_key.as_ref().map(|_| {
        let name = var("API_KEY");
        quote! {
            /// The API key.
            pub const API_KEY: &str = #name;
        }
    });
    let token = security.bearer.then(|| {
        let name = var("TOKEN");
        quote! {
            /// An access token obtained elsewhere, sent as a bearer token.
            pub const TOKEN: &str = #name;
        }
    });
    let (max_attempts, timeout) = (var("MAX_ATTEMPTS"), var("TIMEOUT"));
    quote! {
        /// The environment variables [`Client::from_env`] and
        /// [`ClientBuilder::from_env`] read, credentials in the order they
        /// are looked for. A setting made in code replaces the variable's.
        pub mod environment {
            #[doc = #base_doc]
            pub const BASE_URL: &str = #base_url;
            #client
            #api_key
            #token
            /// The most attempts a request makes, the first included (a whole
            /// number, 1 or more), as [`RetryPolicy::max_attempts`](crate::RetryPolicy::max_attempts) sets it.
            pub const MAX_ATTEMPTS: &str = #max_attempts;
            /// Each attempt's timeout in seconds (`2.5` allowed), as
            /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) sets it.
            pub const TIMEOUT: &str = #timeout;
        }
    }
}

/// What the runtime needs to know about the API.
fn emit_settings(api: &Api) -> TokenStream {
    let security = &api.security;
    let server = api.server.as_ref();
    let default_base_url = match server.filter(|server| server.variables.is_empty() && !server.url.contains('{')) {
        Some(server) if server.url.contains("://") => {
            let url = &server.url;
            quote!(Some(#url))
        }
        _ => quote!(None),
    };
    let base_path = server.map_or(String::new(), crate::ir::Server::base_path);
    let token_path = match security.token_path() {
        Some(path) => quote!(Some(#path)),
        None => quote!(None),
    };
    let api_key = match &security.api_key {
        Some(key) => {
            let place = match key.location {
                Location::Query => quote!(runtime::ApiKeyPlace::Query),
                Location::Cookie => quote!(runtime::ApiKeyPlace::Cookie),
                Location::Header | Location::Path => quote!(runtime::ApiKeyPlace::Header),
            };
            let name = &key.name;
            quote!(Some((#place, #name)))
        }
        None => quote!(None),
    };
    let anonymous = security.anonymous;
    let rate_limit = match api.settings.rate_limit {
        Some((requests, window)) => {
            let requests = proc_macro2::Literal::usize_unsuffixed(usize::try_from(requests).unwrap_or(usize::MAX));
            let window = proc_macro2::Literal::u64_unsuffixed(window);
            quote!(Some(RateLimit::new(#requests, ::std::time::Duration::from_secs(#window))))
        }
        None => quote!(None),
    };
    let optional = |present: bool, name: TokenStream| if present { quote!(Some(#name)) } else { quote!(None) };
    let client_id = optional(security.token_url.is_some(), quote!(environment::CLIENT_ID));
    let client_secret = optional(security.token_url.is_some(), quote!(environment::CLIENT_SECRET));
    let api_key_var = optional(security.api_key.is_some(), quote!(environment::API_KEY));
    let token_var = optional(security.bearer, quote!(environment::TOKEN));
    quote! {
        /// What the API description says about connecting, authenticating and pacing.
        const SETTINGS: runtime::Settings = runtime::Settings {
            default_base_url: #default_base_url,
            base_path: #base_path,
            token_path: #token_path,
            api_key: #api_key,
            anonymous: #anonymous,
            rate_limit: #rate_limit,
            env: runtime::Environment {
                base_url: environment::BASE_URL,
                client_id: #client_id,
                client_secret: #client_secret,
                api_key: #api_key_var,
                token: #token_var,
                max_attempts: environment::MAX_ATTEMPTS,
                timeout: environment::TIMEOUT,
            },
        };
    }
}

/// The `ClientBuilder` methods for the credentials the API takes.
fn emit_credentials(security: &Security) -> TokenStream {
    let client = security.token_path().map(|path| {
        let doc = format!(
            " Authenticates with the OAuth2 client credentials grant. The token is fetched from {} on the base URL's host (or [`token_url`](Self::token_url)) on first use, cached until shortly before it expires, and fetched again once if the API answers 401.",
            code(&path)
        );
        quote! {
            #[doc = #doc]
            pub fn client_credentials(self, client_id: impl ::std::convert::Into<::std::string::String>, client_secret: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credentials(runtime::Credentials::Client { client_id: client_id.into(), client_secret: Secret::new(client_secret) })
            }

            /// The token endpoint for [`client_credentials`](Self::client_credentials), when it is not on the base URL's host.
            pub fn token_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.set_token_url(url.into())
            }
        }
    });
    let bearer = security.bearer.then(|| {
        quote! {
            /// Authenticates with an access token obtained elsewhere, sent as a bearer token.
            pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credentials(runtime::Credentials::Bearer(Secret::new(token)))
            }
        }
    });
    let api_key = security.api_key.as_ref().map(|key| {
        let place = match key.location {
            Location::Query => "query parameter",
            Location::Cookie => "cookie",
            Location::Header | Location::Path => "header",
        };
        let doc = doc_attrs(Some(&format!("Authenticates with an API key, sent in the {} {place}.", code(&key.name))));
        quote! {
            #doc
            pub fn api_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credentials(runtime::Credentials::ApiKey(Secret::new(key)))
            }
        }
    });
    if client.is_none() && bearer.is_none() && api_key.is_none() {
        return TokenStream::new();
    }
    quote! {
        impl ClientBuilder {
            #client
            #bearer
            #api_key
        }
    }
}

/// An API without operations leaves the runtime's request machinery
/// unused, as does turning every feature off where there is a feature per
/// tag and every operation is tagged; those builds should be clean too.
fn runtime_allowance(api: &Api) -> Option<TokenStream> {
    if api.operations.is_empty() {
        return Some(quote! {
            #[allow(dead_code, unused_imports, reason = "the API describes no operation (only models, or webhooks): no request uses the runtime")]
        });
    }
    if api.features.is_empty() || api.operations.iter().any(|operation| operation.features.is_empty()) {
        return None;
    }
    let names = api.features.iter().map(|feature| &feature.name);
    Some(quote! {
        #[cfg_attr(
            not(any(#(feature = #names),*)),
            allow(dead_code, unused_imports, reason = "with no tag feature on, no operation uses the runtime")
        )]
    })
}

/// Whether a field, a union member or a parameter is a container three or
/// more deep (an optional map of maps of maps): the type the spec names,
/// which clippy's `type_complexity` would ask to split into aliases.
fn deeply_nested(api: &Api) -> bool {
    const DEEP: usize = 3;
    let in_types = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(object) => object.fields.iter().any(|field| field.ty.nesting() + 1 >= DEEP),
        TypeKind::Union(union) => union.variants.iter().any(|variant| variant.ty.nesting() >= DEEP),
        TypeKind::Alias(ty) => ty.nesting() >= DEEP,
        _ => false,
    });
    in_types || api.operations.iter().any(|operation| operation.params.iter().any(|param| param.ty.nesting() + 1 >= DEEP))
}

/// Whether the spec names a field or a parameter as one of the names
/// clippy's `disallowed_names` lint rejects by default (`foo`, `baz`,
/// `quux`): the API's own name, which arguments and bindings carry.
fn names_clippy_disallows(api: &Api) -> bool {
    const DISALLOWED: [&str; 3] = ["foo", "baz", "quux"];
    let fields = api.types.iter().filter_map(|def| match &def.kind {
        TypeKind::Struct(object) => Some(object.fields.iter().map(|field| field.name.as_str())),
        _ => None,
    });
    let params = api.operations.iter().map(|operation| operation.params.iter().map(|param| param.name.as_str()));
    fields.flatten().chain(params.flatten()).any(|name| DISALLOWED.contains(&name))
}
