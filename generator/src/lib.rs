//! `sdkgen`: generates a Rust client crate from an OpenAPI 3.0 description.
//!
//! The pipeline, one module a stage: [`load`] (read and bundle the spec) →
//! [`ir`] (lower it into plain data with every name decided) → [`emit`]
//! (tokens, one small function per shape) → [`format`] (`prettyplease`) →
//! [`write`] (only changed files, never a half-written tree).

pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod write;

pub use emit::Options;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Why generation failed, by stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    #[error(transparent)]
    Lower(#[from] ir::LowerError),
    #[error(transparent)]
    Format(#[from] format::FormatError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    /// Every file by its path inside the crate.
    pub files: BTreeMap<String, String>,
    /// The digest of the spec and templates the crate was made from.
    pub digest: String,
    /// The spec files read.
    pub inputs: Vec<std::path::PathBuf>,
    /// Where the spec is wrong and the generated code accepts more than it
    /// says, each with its place.
    pub warnings: Vec<ir::Problem>,
    /// How many operations the crate has.
    pub operations: usize,
    /// How many named types the crate has.
    pub types: usize,
}

/// Loads and lowers the spec rooted at `spec`.
pub fn lower(spec: &Path) -> Result<ir::Lowered, Error> {
    Ok(ir::lower(&load::load(spec)?)?)
}

/// The API change report from the spec rooted at `old` to the one at `new`.
pub fn compare(old: &Path, new: &Path) -> Result<diff::Report, Error> {
    Ok(diff::diff(&lower(old)?.api, &lower(new)?.api))
}

/// Runs load → lower → emit → format for the spec rooted at `spec`.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Error> {
    let loaded = load::load(spec)?;
    let ir::Lowered { mut api, warnings } = ir::lower(&loaded)?;
    if options.tag_features {
        ir::assign_tag_features(&mut api);
    }
    let digest = digest(&loaded.bundled, options);
    let files = emit_and_format(emit::Inputs { api: &api, options, digest: &digest })?;
    Ok(Generated { files, digest, inputs: loaded.files, warnings, operations: api.operations.len(), types: api.types.len() })
}

/// Emits and formats every file, each generated file on a thread of its
/// own (they are independent, and formatting dominates the run time).
fn emit_and_format(inputs: emit::Inputs<'_>) -> Result<BTreeMap<String, String>, format::FormatError> {
    let mut files = std::thread::scope(|scope| {
        let jobs: Vec<_> = emit::GENERATED
            .iter()
            .map(|(path, emitter)| (*path, scope.spawn(move || format::format_file(path, emitter(inputs)))))
            .collect();
        jobs.into_iter()
            .map(|(path, job)| {
                let text = job.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                Ok((path.to_owned(), text))
            })
            .collect::<Result<BTreeMap<_, _>, format::FormatError>>()
    })?;
    for (path, content) in emit::copied() {
        let text = format::format_file(&path, content)?;
        files.insert(path, text);
    }
    Ok(files)
}

/// A digest of everything the output depends on: the bundled spec (as JSON,
/// so a file's line endings or layout do not count), the templates and the
/// options.
pub fn digest(bundled: &serde_json::Value, options: &Options) -> String {
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(bundled).unwrap_or_default());
    for (name, text) in emit::templates::all() {
        hasher.update(name.as_bytes());
        hasher.update(text.replace("\r\n", "\n").as_bytes());
    }
    hasher.update(options.crate_name.as_bytes());
    hasher.update(options.crate_version.as_bytes());
    if options.tag_features {
        hasher.update(b"tag features");
    }
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    format!("{:x}", hasher.finalize())
}
