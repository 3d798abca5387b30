//! What a generated file holds between emitting and formatting.

use proc_macro2::TokenStream;

/// A Rust file: its head (inner attributes, docs), then its items, emitted
/// lazily so that each is formatted and dropped before the next is made,
/// which keeps memory flat however large the spec.
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
    /// A hand-written file copied from `templates/`: its text and source.
    Copied(&'static str, &'static str),
    /// Markdown (a `.md` path) or a file whose comments start with `#`
    /// (TOML, the write manifest).
    Text(String),
    /// Text with no comment syntax, written as it is (a license).
    Plain(String),
}
