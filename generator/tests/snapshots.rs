//! Snapshots of what the generator makes: the IR for `spec/`, and the
//! generated modules for each fixture spec (one per construct). Review
//! changes with `cargo insta review`.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{options, path as fixture, FIXTURES};
use std::path::Path;

/// The spec-dependent modules of a generated crate, one after another.
fn generated_modules(spec: &Path, name: &str) -> String {
    let generated = sdkgen::generate(spec, &options(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
    ["Cargo.toml", "src/models.rs", "src/errors.rs", "src/requests.rs", "src/webhooks.rs", "tests/examples.rs"]
        .iter()
        .filter_map(|path| Some(format!("==> {path}\n{}", generated.files.get(*path)?)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each fixture's modules match its snapshot; every fixture is checked,
/// and the test names each that differs.
#[test]
fn every_fixture_matches_its_snapshot() {
    let differing: Vec<&str> = FIXTURES
        .iter()
        .copied()
        .filter(|name| std::panic::catch_unwind(|| insta::assert_snapshot!(*name, generated_modules(&fixture(name), name))).is_err())
        .collect();
    assert!(differing.is_empty(), "these fixtures differ from their snapshots: {differing:?}");
}

/// Every spec in `tests/fixtures/` is in the fixtures table, so none is
/// left out of the snapshot, compile and property tests.
#[test]
fn every_spec_in_the_fixtures_folder_is_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures folder reads")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_owned))
        .collect();
    specs.sort();
    assert_eq!(specs, FIXTURES);
}

#[test]
fn password_spec_ir() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let spec = sdkgen::load::load(&root, &[]).expect("spec/ loads");
    let lowered = sdkgen::ir::lower::lower(&spec, false).expect("spec/ lowers");
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    insta::assert_debug_snapshot!("password_spec_ir", lowered.api);
}

/// The public API of `spec/`'s crate, an item a line: a change to it shows
/// here in review.
#[test]
fn password_spec_public_api() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let model = sdkgen::lower(&root, &options("password")).expect("spec/ lowers");
    insta::assert_snapshot!("password_spec_api", sdkgen::ir::surface::to_text(&model.api));
}

/// The runtime and templates are the same for every spec: a crate made
/// from a spec that is not SailPoint's names nothing of SailPoint.
#[test]
fn a_crate_from_another_spec_has_nothing_of_sailpoint() {
    for name in ["objects", "parameters", "tags"] {
        let generated = sdkgen::generate(&fixture(name), &options(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
        for (path, text) in &generated.files {
            let lower = text.to_lowercase();
            for vendor in ["sailpoint", "identitynow", "sail_", "/v3", "100 per 10"] {
                assert!(!lower.contains(vendor), "{name}'s {path} mentions {vendor:?}");
            }
        }
        let root = &generated.files["src/lib.rs"];
        let prefix = name.to_uppercase();
        assert!(root.contains(&format!("\"FIXTURE_{prefix}_BASE_URL\"")), "the variables are named after the crate:\n{root}");
    }
}

#[test]
fn output_is_the_same_on_every_run() {
    let spec = fixture("cursed");
    let first = sdkgen::generate(&spec, &options("cursed")).expect("generates");
    let second = sdkgen::generate(&spec, &options("cursed")).expect("generates");
    assert_eq!(first.files, second.files);
    assert_eq!(first.digest, second.digest);
}

#[test]
fn the_order_of_component_schemas_does_not_change_the_output() {
    let text = std::fs::read_to_string(fixture("objects")).expect("fixture reads");
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("fixture is YAML");
    let schemas = doc["components"]["schemas"].as_mapping_mut().expect("has schemas");
    let entries: Vec<_> = std::mem::take(schemas).into_iter().collect();
    let reversed: serde_yaml::Mapping = entries.into_iter().rev().collect();
    *schemas = reversed;
    let dir = tempfile::tempdir().expect("temp dir");
    let shuffled = dir.path().join("objects.yaml");
    std::fs::write(&shuffled, serde_yaml::to_string(&doc).expect("serializes")).expect("writes");

    let original = sdkgen::generate(&fixture("objects"), &options("objects")).expect("generates");
    let reordered = sdkgen::generate(&shuffled, &options("objects")).expect("generates");
    for path in ["src/models.rs", "src/errors.rs", "src/requests.rs"] {
        assert_eq!(original.files[path], reordered.files[path], "{path} depends on schema order");
    }
}

#[test]
fn pagination_is_detected_and_the_extension_forces_or_disables_it() {
    let paged = |id: &str, method: &str, extension: Option<bool>| {
        let mut op = serde_json::json!({
            "operationId": id,
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 50}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}}
            ],
            "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}
        });
        if let Some(wanted) = extension {
            op["x-sdkgen-pagination"] = serde_json::json!(wanted);
        }
        serde_json::json!({ method: op })
    };
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Pages", "version": "1"},
        "paths": {
            "/detected": paged("detected", "get", None),
            "/disabled": paged("disabled", "get", Some(false)),
            "/forced": paged("forced", "post", Some(true)),
            "/plain": paged("plain", "post", None)
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pages.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let model = sdkgen::lower(&path, &options("pages")).expect("lowers");
    let streams: Vec<&str> = model.api.operations.iter().filter(|op| sdkgen::ir::surface::stream_item(op).is_some()).map(|op| op.request_name.as_str()).collect();
    assert_eq!(streams, ["Detected", "Forced"]);
    let sizes: Vec<i64> = model.api.operations.iter().filter_map(|op| op.pagination.as_ref()).map(|p| p.page_size).collect();
    assert_eq!(sizes, [50, 50], "the page size comes from the limit's maximum");
    let generated = sdkgen::emit(&model, &options("pages")).expect("emits");
    assert!(generated.files["src/requests.rs"].contains("const PAGE_SIZE: i64 = 50;"));
}
