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
use crate::format::FormatError;
use crate::ir::Api;
use crate::{templates, Options};

/// What every file's emitter reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub api: &'a Api,
    pub options: &'a Options,
    pub digest: &'a str,
}

/// A file the spec decides. Each can be emitted on a thread of its own
/// (token streams cannot cross threads, so a file is emitted where it is
/// formatted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Manifest,
    Readme,
    Root,
    Models,
    Errors,
    Requests,
    Mock,
    Webhooks,
    Examples,
}

impl Output {
    pub const ALL: [Output; 9] =
        [Output::Manifest, Output::Readme, Output::Root, Output::Models, Output::Errors, Output::Requests, Output::Mock, Output::Webhooks, Output::Examples];

    /// Its path inside the crate.
    pub fn path(self) -> &'static str {
        match self {
            Output::Manifest => "Cargo.toml",
            Output::Readme => "README.md",
            Output::Root => "src/lib.rs",
            Output::Models => "src/models.rs",
            Output::Errors => "src/errors.rs",
            Output::Requests => "src/requests.rs",
            Output::Mock => "src/mock.rs",
            Output::Webhooks => "src/webhooks.rs",
            Output::Examples => "tests/examples.rs",
        }
    }

    /// Whether the crate of `api` has the file: `webhooks.rs` only where
    /// the API has webhooks.
    pub fn present(self, api: &Api) -> bool {
        self != Output::Webhooks || !api.webhooks.is_empty()
    }

    /// The file's content, or where a part formatted while emitting (the
    /// README's examples) does not parse.
    pub fn emit(self, inputs: Inputs<'_>) -> Result<Content<'_>, FormatError> {
        let Inputs { api, options, digest } = inputs;
        Ok(match self {
            Output::Manifest => Content::Text(manifest::manifest(api, options)),
            Output::Readme => Content::Text(readme::readme(api, options)?),
            Output::Root => Content::Rust(RustFile { head: root::emit_root(api, options, digest), items: Box::new(std::iter::empty()) }),
            Output::Models => Content::Rust(models::emit_models(&api.types)),
            Output::Errors => Content::Rust(errors::emit_errors(&api.operations)),
            Output::Requests => Content::Rust(requests::emit_requests(&api.operations)),
            Output::Mock => Content::Rust(mock::emit_mock(api)),
            Output::Webhooks => Content::Rust(webhooks::emit_webhooks(&api.webhooks)),
            Output::Examples => Content::Rust(examples::emit_examples(&api.types, options)),
        })
    }
}

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

/// The runtime files copied from `templates/`.
pub fn copied<'a>() -> impl Iterator<Item = (String, Content<'a>)> {
    templates::RUNTIME.iter().map(|(path, source, text)| ((*path).to_owned(), Content::Copied(text, source)))
}
