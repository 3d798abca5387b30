//! Stage 3: IR, with its public API decided on its items → files. Rust
//! files are token streams, one small emitter a shape of thing; the
//! manifest is the template's TOML with values set, the README a template
//! filled in one pass.

mod docs;
mod errors;
mod examples;
mod manifest;
mod mock;
mod models;
mod readme;
mod requests;
mod root;
pub mod types;
mod webhooks;

use crate::content::{Content, RustFile};
use crate::ir::Api;
use crate::{templates, Options};

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
    ("Cargo.toml", |i| Content::Text(manifest::manifest(i.api, i.options))),
    ("README.md", |i| Content::Text(readme::readme(i.api, i.options))),
    ("src/lib.rs", |i| Content::Rust(RustFile { head: root::emit_root(i.api, i.options, i.digest), items: Box::new(std::iter::empty()) })),
    ("src/models.rs", |i| Content::Rust(models::emit_models(&i.api.types))),
    ("src/errors.rs", |i| Content::Rust(errors::emit_errors(&i.api.operations))),
    ("src/requests.rs", |i| Content::Rust(requests::emit_requests(&i.api.operations))),
    ("src/mock.rs", |i| Content::Rust(mock::emit_mock(i.api))),
    ("tests/examples.rs", |i| Content::Rust(examples::emit_examples(&i.api.types, i.options))),
];

/// A license file for each license the crate's license expression names
/// that sdkgen has the text of (`LICENSE-MIT`, `LICENSE-APACHE`).
pub fn licenses<'a>(api: &Api, options: &Options) -> Vec<(String, Content<'a>)> {
    let expression = manifest::license(api);
    let named: Vec<&str> = expression.split(|c: char| c.is_whitespace() || c == '(' || c == ')').collect();
    templates::LICENSES
        .iter()
        .filter(|(id, _, _)| named.contains(id))
        .map(|(_, file, text)| ((*file).to_owned(), Content::Plain(templates::fill(text, &[("crate_name", &options.crate_name)]))))
        .collect()
}

/// `src/webhooks.rs`, for an API that has webhooks.
pub fn webhooks<'a>(inputs: Inputs<'a>) -> Option<(String, Content<'a>)> {
    (!inputs.api.webhooks.is_empty())
        .then(|| ("src/webhooks.rs".to_owned(), Content::Rust(webhooks::emit_webhooks(&inputs.api.webhooks))))
}

/// The runtime files copied from `templates/`.
pub fn copied<'a>() -> impl Iterator<Item = (String, Content<'a>)> {
    templates::RUNTIME.iter().map(|(path, source, text)| ((*path).to_owned(), Content::Copied(text, source)))
}
