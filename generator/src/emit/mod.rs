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

/// What the generated crate is called and versioned as, and how it is cut.
#[derive(Debug, Clone)]
pub struct Options {
    pub crate_name: String,
    pub crate_version: String,
    /// A Cargo feature per tag (see [`crate::ir::assign_tag_features`]).
    pub tag_features: bool,
}

/// A Rust file: its head (inner attributes, imports), then its items,
/// emitted lazily so that each is formatted and dropped before the next is
/// made, which keeps memory flat however large the spec.
pub struct RustFile<'a> {
    pub head: TokenStream,
    pub items: Box<dyn Iterator<Item = TokenStream> + 'a>,
}

impl std::fmt::Debug for RustFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RustFile").field("head", &self.head).finish_non_exhaustive()
    }
}

/// One output file's content, before formatting.
#[derive(Debug)]
pub enum Content<'a> {
    Rust(RustFile<'a>),
    /// A hand-written Rust file copied from `templates/`.
    Copied(&'static str, &'static str),
    Text(String),
}

/// What every file's emitter reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub api: &'a Api,
    pub options: &'a Options,
    pub digest: &'a str,
}

/// Makes one file. Each can run on a thread of its own (token streams
/// cannot cross threads, so a file is emitted where it is formatted).
pub type Emitter = for<'a> fn(Inputs<'a>) -> Content<'a>;

/// The files the spec decides, by their path inside the crate.
pub const GENERATED: &[(&str, Emitter)] = &[
    ("Cargo.toml", |i| Content::Text(manifest(i.api, i.options))),
    ("README.md", |i| Content::Text(readme::readme(i.api, i.options))),
    ("src/lib.rs", |i| Content::Rust(RustFile { head: emit_lib(i.api, i.digest), items: Box::new(std::iter::empty()) })),
    ("src/models.rs", |i| Content::Rust(models::emit_models(&i.api.types))),
    ("src/errors.rs", |i| Content::Rust(errors::emit_errors(&i.api.error_enums, &i.api.operations))),
    ("src/requests.rs", |i| Content::Rust(requests::emit_requests(&i.api.operations))),
    ("tests/examples.rs", |i| Content::Rust(examples::emit_examples(&i.api.types, i.options))),
];

/// Every file of the crate by its path inside the crate, in sorted order,
/// emitted one after another.
pub fn emit<'a>(api: &'a Api, options: &'a Options, digest: &'a str) -> BTreeMap<String, Content<'a>> {
    let inputs = Inputs { api, options, digest };
    let mut files: BTreeMap<String, Content> =
        GENERATED.iter().map(|(path, emitter)| ((*path).to_owned(), emitter(inputs))).collect();
    files.extend(copied());
    files
}

/// The runtime files copied from `templates/`.
pub fn copied<'a>() -> impl Iterator<Item = (String, Content<'a>)> {
    templates::RUNTIME.iter().map(|(path, source, text)| ((*path).to_owned(), Content::Copied(text, source)))
}

fn manifest(api: &Api, options: &Options) -> String {
    let description = api.title.replace('\\', "").replace('"', "'");
    templates::CARGO_TOML
        .replace("{{crate_name}}", &options.crate_name)
        .replace("{{crate_version}}", &options.crate_version)
        .replace("{{description}}", &format!("A client for {description}"))
        .replace("{{features}}", &feature_table(api))
}

/// The `[features]` table: one feature per tag, all on by default.
fn feature_table(api: &Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let names: String = api.features.iter().map(|feature| format!("    \"{}\",\n", feature.name)).collect();
    let mut table = format!("\n[features]\ndefault = [\n{names}]\n");
    for feature in &api.features {
        table.push_str(&format!("# The {} operations tagged {:?}.\n{} = []\n", feature.operations, feature.tag, feature.name));
    }
    table
}

fn emit_lib(api: &Api, digest: &str) -> TokenStream {
    let api_version = &api.version;
    let api_path = api.server.as_ref().map_or(String::new(), |server| url_path(&server.url));
    let token_path = api.token_url.as_deref().map_or_else(|| "/oauth/token".to_owned(), url_path);
    let idle_runtime = runtime_allowance(api);
    quote! {
        #![forbid(unsafe_code)]
        #![doc = include_str!("../README.md")]

        pub mod errors;
        pub mod models;
        mod requests;
        #idle_runtime
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

/// With a feature per tag and every operation tagged, turning all the
/// features off leaves the runtime unused; that build should be clean too.
fn runtime_allowance(api: &Api) -> Option<TokenStream> {
    if api.features.is_empty() || api.operations.iter().any(|operation| operation.features.is_empty()) {
        return None;
    }
    let names = api.features.iter().map(|feature| &feature.name);
    Some(quote! {
        #[cfg_attr(
            not(any(#(feature = #names),*)),
            allow(dead_code, reason = "with no tag feature on, no operation uses the runtime")
        )]
    })
}

/// The path of a URL (template): `https://{tenant}.host/v3` → `/v3`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}
