//! The hand-written parts of the generated crate, from `templates/`,
//! compiled into the generator so the binary needs no files beside it; and
//! the facts about the runtime the generator needs (the names its types
//! already use for methods), read from the runtime's own source.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Copied files: where they go in the crate, the template they come from,
/// and its text.
pub const RUNTIME: &[(&str, &str, &str)] = &[
    ("src/runtime/mod.rs", "templates/runtime/mod.rs", include_str!("../../templates/runtime/mod.rs")),
    ("src/runtime/auth.rs", "templates/runtime/auth.rs", include_str!("../../templates/runtime/auth.rs")),
    ("src/runtime/client.rs", "templates/runtime/client.rs", include_str!("../../templates/runtime/client.rs")),
    ("src/runtime/decode.rs", "templates/runtime/decode.rs", include_str!("../../templates/runtime/decode.rs")),
    ("src/runtime/details.rs", "templates/runtime/details.rs", include_str!("../../templates/runtime/details.rs")),
    ("src/runtime/entries.rs", "templates/runtime/entries.rs", include_str!("../../templates/runtime/entries.rs")),
    ("src/runtime/error.rs", "templates/runtime/error.rs", include_str!("../../templates/runtime/error.rs")),
    ("src/runtime/fields.rs", "templates/runtime/fields.rs", include_str!("../../templates/runtime/fields.rs")),
    ("src/runtime/mock/expect.rs", "templates/runtime/mock/expect.rs", include_str!("../../templates/runtime/mock/expect.rs")),
    ("src/runtime/mock/fake.rs", "templates/runtime/mock/fake.rs", include_str!("../../templates/runtime/mock/fake.rs")),
    ("src/runtime/mock/incoming.rs", "templates/runtime/mock/incoming.rs", include_str!("../../templates/runtime/mock/incoming.rs")),
    ("src/runtime/mock/mod.rs", "templates/runtime/mock/mod.rs", include_str!("../../templates/runtime/mock/mod.rs")),
    ("src/runtime/mock/reply.rs", "templates/runtime/mock/reply.rs", include_str!("../../templates/runtime/mock/reply.rs")),
    ("src/runtime/mock/server.rs", "templates/runtime/mock/server.rs", include_str!("../../templates/runtime/mock/server.rs")),
    ("src/runtime/mock/state.rs", "templates/runtime/mock/state.rs", include_str!("../../templates/runtime/mock/state.rs")),
    ("src/runtime/mock/store.rs", "templates/runtime/mock/store.rs", include_str!("../../templates/runtime/mock/store.rs")),
    ("src/runtime/pages.rs", "templates/runtime/pages.rs", include_str!("../../templates/runtime/pages.rs")),
    ("src/runtime/params.rs", "templates/runtime/params.rs", include_str!("../../templates/runtime/params.rs")),
    ("src/runtime/prepared.rs", "templates/runtime/prepared.rs", include_str!("../../templates/runtime/prepared.rs")),
    ("src/runtime/rate_limit.rs", "templates/runtime/rate_limit.rs", include_str!("../../templates/runtime/rate_limit.rs")),
    ("src/runtime/request.rs", "templates/runtime/request.rs", include_str!("../../templates/runtime/request.rs")),
    ("src/runtime/response.rs", "templates/runtime/response.rs", include_str!("../../templates/runtime/response.rs")),
    ("src/runtime/retry.rs", "templates/runtime/retry.rs", include_str!("../../templates/runtime/retry.rs")),
    ("src/runtime/transport.rs", "templates/runtime/transport.rs", include_str!("../../templates/runtime/transport.rs")),
    ("tests/support/mod.rs", "templates/tests/support.rs", include_str!("../../templates/tests/support.rs")),
];

/// The crate manifest, TOML whose package values the manifest emitter
/// sets (see [`manifest`]).
pub const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.tpl");

/// The crate manifest's template as TOML data.
pub fn manifest() -> toml_edit::DocumentMut {
    CARGO_TOML.parse().expect("templates/Cargo.toml.tpl is TOML (a test holds it)")
}

/// The `reqwest` the generated crate depends on and re-exports, as the
/// manifest template names it: a caller's own client handed to
/// `ClientBuilder::http_client` must be this version.
pub fn reqwest_version() -> String {
    manifest()["dependencies"]["reqwest"]["version"].as_str().unwrap_or_default().to_owned()
}

/// The crate README, with `{{...}}` to fill in by [`fill`].
pub const README: &str = include_str!("../../templates/README.md.tpl");

/// License texts: the SPDX id, the file the text goes in, and the text
/// (`{{crate_name}}` to fill in).
pub const LICENSES: &[(&str, &str, &str)] = &[
    ("MIT", "LICENSE-MIT", include_str!("../../templates/licenses/LICENSE-MIT.tpl")),
    ("Apache-2.0", "LICENSE-APACHE", include_str!("../../templates/licenses/LICENSE-APACHE")),
];

/// `template` with each `{{name}}` that `values` names replaced by its
/// value, in one pass over the template: an inserted value is never read
/// again, so spec text that looks like a placeholder stays as written.
/// A `{{name}}` that `values` does not name is left as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    substitute(template, ("{{", "}}"), values)
}

/// [`fill`] with other delimiters: `("{", "}")` fills a server URL's
/// variables.
pub fn substitute(template: &str, (open, close): (&str, &str), values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let value = after.find(close).and_then(|end| {
            let name = &after[..end];
            values.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + close.len()..];
            }
            None => {
                out.push_str(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `path` is a license file: plain text, with no comment syntax
/// for a marker line.
pub fn is_license_file(path: &str) -> bool {
    LICENSES.iter().any(|(_, file, _)| *file == path)
}

/// Every template, for the digest that tells stale output from fresh.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    RUNTIME
        .iter()
        .map(|(_, source, text)| (*source, *text))
        .chain([("Cargo.toml", CARGO_TOML), ("README.md", README)])
        .chain(LICENSES.iter().map(|(_, file, text)| (*file, *text)))
}

/// The Cargo features every generated crate has (`default` and the TLS
/// choices), read from the manifest template: no tag feature may take
/// one of these names.
pub fn manifest_features() -> Vec<String> {
    manifest()["features"].as_table().map(|features| features.iter().map(|(name, _)| name.to_owned()).collect()).unwrap_or_default()
}

/// The methods `Client` has whatever the spec says: those the runtime
/// defines on it, and those of the traits it implements or derives. An
/// operation's method must not take one of these names.
pub fn client_methods() -> Vec<&'static str> {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| methods_of("Client")).clone()
}

/// The methods every request type has (`send`, `timeout`, `clone`...):
/// a setter for an optional parameter must not take one of these names.
pub fn request_methods() -> Vec<&'static str> {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| methods_of("Request")).clone()
}

/// The methods the runtime's `MockServer` has: an operation's or a
/// collection's mock method must not take one of these names.
pub fn mock_methods() -> Vec<&'static str> {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| methods_of("MockServer")).clone()
}

/// Every method name `type_name` has in the runtime: its inherent methods
/// (any visibility), and the methods of the traits implemented or derived
/// for it.
fn methods_of(type_name: &str) -> Vec<&'static str> {
    let mut names = BTreeSet::new();
    for (_, source, text) in RUNTIME {
        let Ok(file) = syn::parse_file(text) else { panic!("{source} does not parse") };
        for item in &file.items {
            match item {
                syn::Item::Impl(block) if names_type(&block.self_ty, type_name) => {
                    for member in &block.items {
                        if let syn::ImplItem::Fn(method) = member {
                            names.insert(method.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Struct(item) if item.ident == type_name => {
                    for attr in item.attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
                        let _ = attr.parse_nested_meta(|meta| {
                            let derived = meta.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                            names.extend(trait_methods(&derived).iter().map(|m| (*m).to_owned()));
                            Ok(())
                        });
                    }
                }
                _ => {}
            }
        }
    }
    names.into_iter().map(|name| &*Box::leak(name.into_boxed_str())).collect()
}

/// Whether `ty` is `name` or `name<...>`.
fn names_type(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|segment| segment.ident == name))
}

/// The methods of the standard traits the runtime derives.
fn trait_methods(name: &str) -> &'static [&'static str] {
    match name {
        "Clone" => &["clone", "clone_from"],
        "Debug" => &["fmt"],
        "Default" => &["default"],
        "PartialEq" => &["eq", "ne"],
        "Hash" => &["hash"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fill_never_reads_what_it_inserted() {
        let filled = super::fill("name = \"{{name}}\" {{other}} {{unknown}} {{", &[("name", "{{other}} {{name}}"), ("other", "2")]);
        assert_eq!(filled, "name = \"{{other}} {{name}}\" 2 {{unknown}} {{");
        let url = super::substitute("https://{tenant}.{domain}/{x", ("{", "}"), &[("tenant", "{domain}"), ("domain", "example.com")]);
        assert_eq!(url, "https://{domain}.example.com/{x");
    }

    #[test]
    fn the_manifest_template_is_toml_with_what_the_manifest_emitter_sets() {
        let manifest = super::manifest();
        for key in ["name", "version", "description", "license"] {
            assert!(manifest["package"][key].is_str(), "package.{key}");
        }
        assert!(manifest["features"]["default"].is_array());
        assert!(manifest["dependencies"]["reqwest"].is_inline_table());
        assert_eq!(super::reqwest_version(), "0.13");
    }

    #[test]
    fn the_runtimes_method_names_are_read_from_its_source() {
        let client = super::client_methods();
        for name in ["builder", "from_env", "base_url", "clone", "fmt"] {
            assert!(client.contains(&name), "{name} is missing from {client:?}");
        }
        assert_eq!(super::manifest_features(), ["default", "rustls-native-roots", "rustls-webpki-roots", "native-tls", "mock"]);
        let request = super::request_methods();
        for name in ["send", "send_with_response", "timeout", "retry_policy", "parameters", "into_future", "clone", "new"] {
            assert!(request.contains(&name), "{name} is missing from {request:?}");
        }
        let mock = super::mock_methods();
        for name in ["start_for", "base_url", "client", "client_builder", "fault", "received", "verify", "expect", "resource", "drop"] {
            assert!(mock.contains(&name), "{name} is missing from {mock:?}");
        }
    }
}
