// How the workspace generates its SDK; shared by `build.rs` (through
// `include!`) and the tests, so the two can never disagree.

/// The spec's root file, relative to the workspace root.
pub const SPEC: &str = "spec/openapi.yaml";
/// Where the SDK crate is written, relative to the workspace root.
pub const OUT: &str = "generated";
/// The SDK crate's name.
pub const CRATE_NAME: &str = "sailpoint-password-sdk";
/// The SDK crate's first version; later ones are read from
/// `generated/Cargo.toml`, where `sdkgen generate --since` bumps them.
pub const CRATE_VERSION: &str = "0.1.0";
