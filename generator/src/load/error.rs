use std::path::PathBuf;

/// Why a spec could not be loaded. Every variant names the file, and the
/// JSON pointer inside it where one applies.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read: {source}")]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{file}: outside {dir}, where the spec's refs may name files (the spec's repository, or outside one its topmost directory below the home directory or the filesystem's root; --allow-refs-under DIR widens this)", file = file.display(), dir = dir.display())]
    Outside { file: PathBuf, dir: PathBuf },
    #[error("{file}: not a regular file (a device, pipe or directory is never read)")]
    NotAFile { file: PathBuf },
    #[error("{file}: larger than the {limit} bytes a spec file may have")]
    TooLarge { file: PathBuf, limit: u64 },
    #[error("{file}: not valid YAML: {message}")]
    Yaml { file: PathBuf, message: String },
    #[error("{file}: not valid JSON: {message}")]
    Json { file: PathBuf, message: String },
    #[error("{file}#{pointer}: $ref `{reference}`: {reason}")]
    Ref { file: PathBuf, pointer: String, reference: String, reason: String },
    #[error("{file}#{pointer}: $ref cycle: {chain}")]
    Cycle { file: PathBuf, pointer: String, chain: String },
    #[error("{file}: expected a Swagger 2.0 document (`swagger: \"2.0\"`) or an OpenAPI 3.0, 3.1 or 3.2 document (`openapi: 3.x.y`), found `{found}`")]
    Version { file: PathBuf, found: String },
    /// Where (`file#/pointer`, in the file a person edits) and what.
    #[error("{place}: {message}")]
    Schema { place: String, message: String },
    /// Every place the document's structure is wrong, each with what was
    /// expected there.
    #[error("{} problem(s) in the spec:\n  {}", .0.len(), .0.iter().map(|(place, message)| format!("{place}: {message}")).collect::<Vec<_>>().join("\n  "))]
    Structure(Vec<(String, String)>),
}
