//! `sdkgen`: generates a Rust client crate from an OpenAPI 3.0 or 3.1 description.
//!
//! The pipeline, one module a stage: [`load`] (read and bundle the spec) →
//! [`ir`] (lower it into plain data with every name decided, run the
//! passes, and decide the crate's public API, its [`surface`](ir::surface))
//! → [`emit`] (tokens, one small function per shape) → [`format`]
//! (`prettyplease`) → [`write`] (only changed files, never a half-written
//! tree). [`check`] compares instead of writing, [`diff`] compares two
//! surfaces, and [`release`] turns a diff into a version and a changelog.

pub mod check;
pub mod content;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod release;
pub mod templates;
pub mod write;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// What the generated crate is called and versioned as, how it is cut,
/// and where the spec may read files from.
#[derive(Debug, Clone)]
pub struct Options {
    pub crate_name: String,
    pub crate_version: String,
    /// A Cargo feature per tag, so a program can build only what it calls.
    pub tag_features: bool,
    /// Directories besides the root file's that refs may name files under.
    pub allow_refs_under: Vec<std::path::PathBuf>,
}

impl Options {
    /// Version 0.1.0 of the crate `crate_name`, with no tag features, and
    /// refs confined to the spec's directory.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options { crate_name: crate_name.into(), crate_version: "0.1.0".to_owned(), tag_features: false, allow_refs_under: Vec::new() }
    }
}

/// Why generation failed, by stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    #[error(transparent)]
    Lower(#[from] ir::lower::LowerError),
    #[error(transparent)]
    Format(#[from] format::FormatError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// A spec, lowered: everything emitting needs, and what comparing needs.
#[derive(Debug)]
pub struct Model {
    pub spec: load::Spec,
    /// The API with its public surface decided on its items.
    pub api: ir::Api,
    /// Where the spec is wrong and the generated code accepts more than it
    /// says, each with its place.
    pub warnings: Vec<ir::lower::Problem>,
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    /// Every file by its path inside the crate.
    pub files: BTreeMap<String, String>,
    /// The digest of the spec and templates the crate was made from.
    pub digest: String,
    /// The model's warnings (see [`Model::warnings`]).
    pub warnings: Vec<ir::lower::Problem>,
    /// How many operations the crate has.
    pub operations: usize,
    /// How many named types the crate has.
    pub types: usize,
}

/// Loads the spec rooted at `spec`, lowers it, runs the passes, and
/// decides the public API.
pub fn lower(spec: &Path, options: &Options) -> Result<Model, Error> {
    let spec = load::load(spec, &options.allow_refs_under)?;
    let ir::lower::Lowered { api, warnings } = ir::lower::lower(&spec, options.tag_features)?;
    Ok(Model { spec, api, warnings })
}

/// Emits and formats the crate for a lowered spec.
pub fn emit(model: &Model, options: &Options) -> Result<Generated, Error> {
    let digest = digest(&model.spec.bundled, options);
    let files = emit_and_format(emit::Inputs { api: &model.api, options, digest: &digest })?;
    let (operations, types) = (model.api.operations.len(), model.api.types.len());
    Ok(Generated { files, digest, warnings: model.warnings.clone(), operations, types })
}

/// Runs the whole pipeline but writing: load → lower → emit → format.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Error> {
    emit(&lower(spec, options)?, options)
}

/// The command that regenerates the crate at `out` from the spec rooted at
/// `spec` as `options` say: what `generate --check`, the workspace's build
/// script and its freshness test tell a user to run.
pub fn regenerate_command(spec: &Path, out: &Path, options: &Options) -> String {
    let mut command = format!(
        "cargo run -p sdkgen -- generate --spec {} --out {} --crate-name {} --crate-version {}",
        spec.display(),
        out.display(),
        options.crate_name,
        options.crate_version
    );
    if options.tag_features {
        command.push_str(" --tag-features");
    }
    command
}

/// The API change report from the spec rooted at `old` to the one at `new`.
pub fn compare(old: &Path, new: &Path, options: &Options) -> Result<diff::Report, Error> {
    Ok(diff::diff(&lower(old, options)?.api, &lower(new, options)?.api))
}

/// Emits and formats every file, each generated file on a thread of its
/// own (they are independent, and formatting dominates the run time).
fn emit_and_format(inputs: emit::Inputs<'_>) -> Result<BTreeMap<String, String>, format::FormatError> {
    let mut files = std::thread::scope(|scope| {
        let jobs: Vec<_> = emit::Output::ALL
            .into_iter()
            .filter(|output| output.present(inputs.api))
            .map(|output| (output.path(), scope.spawn(move || output.emit(inputs).and_then(|content| format::format_file(output.path(), content)))))
            .collect();
        jobs.into_iter()
            .map(|(path, job)| {
                let text = job.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                Ok((path.to_owned(), text))
            })
            .collect::<Result<BTreeMap<_, _>, format::FormatError>>()
    })?;
    for (path, content) in emit::copied().chain(emit::licenses(inputs.api, inputs.options)) {
        let text = format::format_file(&path, content)?;
        files.insert(path, text);
    }
    let manifest = format::format_file(write::MANIFEST, content::Content::Text(write::manifest(&files)))?;
    files.insert(write::MANIFEST.to_owned(), manifest);
    Ok(files)
}

/// A digest of everything the output depends on: the bundled spec (as JSON,
/// so a file's line endings or layout do not count), the templates and the
/// options.
pub fn digest(bundled: &serde_json::Value, options: &Options) -> String {
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(bundled).unwrap_or_default());
    for (name, text) in templates::all() {
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
