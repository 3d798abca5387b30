//! The fixture specs under `tests/fixtures/`, one per construct: each is
//! snapshotted (`snapshots.rs`), built with its tests and mock and checked
//! by clippy (`compile.rs`), and mutated by the property tests
//! (`robustness.rs`, but for what it names). A spec added to the folder is added
//! here, or `snapshots.rs` fails.

use std::path::{Path, PathBuf};

pub const FIXTURES: &[&str] = &["bodies", "composition", "cursed", "enums", "fastapi", "hostile", "lenient", "objects", "parameters", "quirks", "schema31", "schemas_only", "swagger", "tags"];

/// The fixture spec `name`.
pub fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.yaml"))
}

/// How `name` is generated: the crate `fixture-{name}`, and for `tags` a
/// Cargo feature per tag.
pub fn options(name: &str) -> sdkgen::Options {
    sdkgen::Options { tag_features: name == "tags", ..sdkgen::Options::new(format!("fixture-{name}")) }
}
