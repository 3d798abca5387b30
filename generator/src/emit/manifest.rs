//! `Cargo.toml`: the manifest template read as TOML data, with the crate's
//! name, version, description, license, package metadata and features set
//! as values, so spec text is always a TOML string, never TOML syntax.

use crate::ir::{Api, BodyKind};
use crate::{templates, Options};
use toml_edit::{value, Array, DocumentMut, Item, Table};

/// The license of the generated code when the spec names none: the
/// runtime's.
const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

/// The crate's license expression (SPDX).
pub fn license(api: &Api) -> &str {
    api.settings.package.license.as_deref().unwrap_or(DEFAULT_LICENSE)
}

pub fn manifest(api: &Api, options: &Options) -> String {
    let mut document = templates::manifest();
    let package = table(&mut document, "package");
    package["name"] = value(&options.crate_name);
    package["version"] = value(&options.crate_version);
    package["description"] = value(format!("A client for {}", one_line(&api.title)));
    package["license"] = value(license(api));
    package_metadata(package, api, options);
    let features = table(&mut document, "features");
    if let Some(default) = features.get_mut("default").and_then(Item::as_array_mut) {
        default.extend(api.features.iter().map(|feature| feature.name.as_str()));
    }
    tag_features(features, api);
    let multipart = api.operations.iter().any(|op| op.body.as_ref().is_some_and(|body| body.kind == BodyKind::Multipart));
    if multipart {
        let reqwest = table(&mut document, "dependencies").get_mut("reqwest").and_then(Item::as_inline_table_mut);
        if let Some(reqwest) = reqwest {
            let features = reqwest.entry("features").or_insert_with(|| Array::new().into());
            if let Some(features) = features.as_array_mut() {
                features.push("multipart");
            }
            reqwest.fmt();
        }
    }
    document.to_string()
}

/// The template's table `name`: every one the builder sets values in is
/// in the template (a test holds it).
fn table<'d>(document: &'d mut DocumentMut, name: &str) -> &'d mut Table {
    document.entry(name).or_insert_with(toml_edit::table).as_table_mut().expect("the template's tables are tables")
}

/// Spec text on one line, as a one-line field and a comment need it.
fn one_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// Repository, homepage, documentation, keywords and categories, from the
/// spec's `x-sdkgen` package settings; docs.rs by default for documentation.
fn package_metadata(package: &mut Table, api: &Api, options: &Options) {
    let settings = &api.settings.package;
    let documentation = settings.documentation.clone().unwrap_or_else(|| format!("https://docs.rs/{}", options.crate_name));
    for (key, text) in [("repository", settings.repository.as_deref()), ("homepage", settings.homepage.as_deref()), ("documentation", Some(&documentation))] {
        if let Some(text) = text {
            package[key] = value(one_line(text));
        }
    }
    for (key, values) in [("keywords", &settings.keywords), ("categories", &settings.categories)] {
        if !values.is_empty() {
            package[key] = value(values.iter().map(|text| one_line(text)).collect::<Array>());
        }
    }
}

/// One feature per tag, all on by default, each with a comment saying
/// what it holds.
fn tag_features(features: &mut Table, api: &Api) {
    for feature in &api.features {
        features[&feature.name] = value(Array::new());
        if let Some(mut key) = features.key_mut(&feature.name) {
            key.leaf_decor_mut().set_prefix(format!("# The {} operations tagged \"{}\".\n", feature.operations, one_line(&feature.tag)));
        }
    }
}
