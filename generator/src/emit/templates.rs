//! The hand-written parts of the generated crate, from `templates/`,
//! compiled into the generator so the binary needs no files beside it.

/// Copied files: where they go in the crate, the template they come from,
/// and its text.
pub const RUNTIME: &[(&str, &str, &str)] = &[
    ("src/runtime/mod.rs", "templates/runtime/mod.rs", include_str!("../../../templates/runtime/mod.rs")),
    ("src/runtime/auth.rs", "templates/runtime/auth.rs", include_str!("../../../templates/runtime/auth.rs")),
    ("src/runtime/client.rs", "templates/runtime/client.rs", include_str!("../../../templates/runtime/client.rs")),
    ("src/runtime/decode.rs", "templates/runtime/decode.rs", include_str!("../../../templates/runtime/decode.rs")),
    ("src/runtime/error.rs", "templates/runtime/error.rs", include_str!("../../../templates/runtime/error.rs")),
    ("src/runtime/paginate.rs", "templates/runtime/paginate.rs", include_str!("../../../templates/runtime/paginate.rs")),
    ("src/runtime/rate_limit.rs", "templates/runtime/rate_limit.rs", include_str!("../../../templates/runtime/rate_limit.rs")),
    ("src/runtime/retry.rs", "templates/runtime/retry.rs", include_str!("../../../templates/runtime/retry.rs")),
    ("src/runtime/nullable.rs", "templates/runtime/nullable.rs", include_str!("../../../templates/runtime/nullable.rs")),
    ("src/runtime/params.rs", "templates/runtime/params.rs", include_str!("../../../templates/runtime/params.rs")),
    ("src/runtime/response.rs", "templates/runtime/response.rs", include_str!("../../../templates/runtime/response.rs")),
    ("tests/support/mod.rs", "templates/tests/support.rs", include_str!("../../../templates/tests/support.rs")),
];

/// The crate manifest, with `{{crate_name}}`, `{{crate_version}}` and
/// `{{description}}` to fill in.
pub const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.tpl");

/// The crate README, with `{{...}}` to fill in.
pub const README: &str = include_str!("../../../templates/README.md.tpl");

/// Every template, for the digest that tells stale output from fresh.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    RUNTIME.iter().map(|(_, source, text)| (*source, *text)).chain([("Cargo.toml", CARGO_TOML), ("README.md", README)])
}
