//! `Cargo.toml`: the template filled in with the crate's name, version,
//! package metadata and features.

use crate::ir::{Api, BodyKind};
use crate::{templates, Options};
use std::fmt::Write;

/// The license of the generated code when the spec names none: the
/// runtime's.
const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

/// The crate's license expression (SPDX).
pub fn license(api: &Api) -> &str {
    api.settings.package.license.as_deref().unwrap_or(DEFAULT_LICENSE)
}

pub fn manifest(api: &Api, options: &Options) -> String {
    let description = format!("A client for {}", toml_text(&api.title));
    let multipart = api.operations.iter().any(|op| op.body.as_ref().is_some_and(|body| body.kind == BodyKind::Multipart));
    let default_features: String = api.features.iter().map(|feature| format!(", \"{}\"", feature.name)).collect();
    templates::fill(
        templates::CARGO_TOML,
        &[
            ("crate_name", &options.crate_name),
            ("crate_version", &options.crate_version),
            ("description", &description),
            ("license", &toml_text(license(api))),
            ("package_metadata", &package_metadata(api, options)),
            ("default_features", &default_features),
            ("tag_features", &tag_features(api)),
            ("reqwest_version", templates::REQWEST_VERSION),
            ("reqwest_features", if multipart { ", features = [\"multipart\"]" } else { "" }),
        ],
    )
}

/// `value` as the inside of a TOML basic string.
fn toml_text(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect::<String>().replace('\\', "\\\\").replace('"', "\\\"")
}

/// Repository, homepage, documentation, keywords and categories, from the
/// spec's `x-sdkgen` package settings; docs.rs by default for documentation.
fn package_metadata(api: &Api, options: &Options) -> String {
    let package = &api.settings.package;
    let mut text = String::new();
    let documentation = package.documentation.clone().unwrap_or_else(|| format!("https://docs.rs/{}", options.crate_name));
    for (key, value) in [("repository", package.repository.as_deref()), ("homepage", package.homepage.as_deref()), ("documentation", Some(&documentation))] {
        if let Some(value) = value {
            let _ = writeln!(text, "{key} = \"{}\"", toml_text(value));
        }
    }
    for (key, values) in [("keywords", &package.keywords), ("categories", &package.categories)] {
        if !values.is_empty() {
            let list: Vec<String> = values.iter().map(|value| format!("\"{}\"", toml_text(value))).collect();
            let _ = writeln!(text, "{key} = [{}]", list.join(", "));
        }
    }
    text
}

/// One feature per tag, all on by default.
fn tag_features(api: &Api) -> String {
    let mut table = String::new();
    for feature in &api.features {
        let _ = write!(table, "# The {} operations tagged \"{}\".\n{} = []\n", feature.operations, toml_text(&feature.tag), feature.name);
    }
    table
}
