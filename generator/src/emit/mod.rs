//! Stage 3: IR → files. Rust files are token streams, one small emitter a
//! shape of thing; the rest (manifest, README) are filled-in templates.

mod docs;
mod errors;
mod examples;
mod models;
mod readme;
mod requests;
pub mod templates;
mod types;

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// What the generated crate is called and versioned as.
#[derive(Debug, Clone)]
pub struct Options {
    pub crate_name: String,
    pub crate_version: String,
}

/// One output file's content, before formatting.
#[derive(Debug, Clone)]
pub enum Content {
    Rust(TokenStream),
    /// A hand-written Rust file copied from `templates/`.
    Copied(&'static str, &'static str),
    Text(String),
}

/// Every file of the crate by its path inside the crate, in sorted order.
pub fn emit(api: &Api, options: &Options, digest: &str) -> BTreeMap<String, Content> {
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_owned(), Content::Text(manifest(api, options)));
    files.insert("README.md".to_owned(), Content::Text(readme::readme(api, options)));
    files.insert("src/lib.rs".to_owned(), Content::Rust(emit_lib(api, digest)));
    files.insert("src/models.rs".to_owned(), Content::Rust(models::emit_models(&api.types)));
    files.insert("src/errors.rs".to_owned(), Content::Rust(errors::emit_errors(&api.error_enums, &api.operations)));
    files.insert("src/requests.rs".to_owned(), Content::Rust(requests::emit_requests(&api.operations)));
    files.insert("tests/examples.rs".to_owned(), Content::Rust(examples::emit_examples(&api.types, options)));
    for (path, source, text) in templates::RUNTIME {
        files.insert((*path).to_owned(), Content::Copied(text, source));
    }
    files
}

fn manifest(api: &Api, options: &Options) -> String {
    let description = api.title.replace('\\', "").replace('"', "'");
    templates::CARGO_TOML
        .replace("{{crate_name}}", &options.crate_name)
        .replace("{{crate_version}}", &options.crate_version)
        .replace("{{description}}", &format!("A client for {description}"))
}

fn emit_lib(api: &Api, digest: &str) -> TokenStream {
    let api_version = &api.version;
    let api_path = api.server.as_ref().map_or(String::new(), |server| url_path(&server.url));
    let token_path = api.token_url.as_deref().map_or_else(|| "/oauth/token".to_owned(), url_path);
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]

        pub mod errors;
        pub mod models;
        mod requests;
        mod runtime;

        pub use futures_util::{Stream, StreamExt, TryStreamExt};
        pub use runtime::{
            AuthError, BoxFuture, Client, ClientBuilder, ConfigError, Error, ErrorResponse, FromResponse, RateLimit,
            RawResponse, Response, RetryPolicy, Secret,
        };

        /// The version of the API description this crate was generated from.
        pub const API_VERSION: &str = #api_version;

        /// A digest of the API description and templates this crate was
        /// generated from; the workspace build compares it to catch stale code.
        #[doc(hidden)]
        pub const SPEC_DIGEST: &str = #digest;

        /// The API's path below the host, added by [`Client::from_env`].
        const API_PATH: &str = #api_path;

        /// The OAuth2 token endpoint's path on the API host.
        const TOKEN_PATH: &str = #token_path;

        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
    }
}

/// The path of a URL (template): `https://{tenant}.host/v3` → `/v3`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}
