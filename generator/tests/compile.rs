//! Goldens that compile: every fixture spec's crate builds, with its
//! example tests, under `clippy -D warnings`, documents without a
//! warning, and its tests pass, with
//! the hand-written `tests/fixtures/NAME_behaviour.rs` where there is one.
//! Generated code that does not compile, compiles with a warning, or loses
//! data from an example, fails here.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/locked.rs"]
mod locked;

use std::path::Path;
use std::process::Command;

/// The fixture specs, and two made here (`wide`, `graph`).
fn crates() -> Vec<&'static str> {
    let mut crates = fixtures::FIXTURES.to_vec();
    crates.extend(["graph", "wide"]);
    crates.sort_unstable();
    crates
}

/// A spec with one object of 10,000 properties (written by the test, as
/// `wide.json`): a struct that large must still compile.
fn wide_spec(dir: &Path) -> std::path::PathBuf {
    let properties: serde_json::Map<String, serde_json::Value> =
        (0..10_000).map(|index| (format!("p{index}"), serde_json::json!({"type": "string"}))).collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Wide", "version": "1"},
        "paths": {"/wide": {"get": {"operationId": "getWide", "responses": {"200": {
            "description": "A wide object.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Wide"}}}
        }}}}},
        "components": {"schemas": {"Wide": {"type": "object", "properties": properties}}}
    });
    let path = dir.join("wide.json");
    std::fs::write(&path, spec.to_string()).expect("writes the wide spec");
    path
}

/// A spec of 300 objects each holding three others picked at random (a
/// fixed sequence), written by the test as `graph.json`: proving such a
/// type `Send` walks long paths through the cycles before it meets one.
fn graph_spec(dir: &Path) -> std::path::PathBuf {
    const SCHEMAS: u64 = 300;
    let mut state: u64 = 7;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % SCHEMAS
    };
    let schemas: serde_json::Map<String, serde_json::Value> = (0..SCHEMAS)
        .map(|index| {
            let properties: serde_json::Map<String, serde_json::Value> =
                (0..3).map(|edge| (format!("r{edge}"), serde_json::json!({"$ref": format!("#/components/schemas/S{}", next())}))).collect();
            (format!("S{index}"), serde_json::json!({"type": "object", "properties": properties}))
        })
        .collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Graph", "version": "1"},
        "paths": {"/root": {"post": {
            "operationId": "postRoot",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}},
            "responses": {"200": {"description": "The root.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S1"}}}}}
        }}},
        "components": {"schemas": schemas}
    });
    let path = dir.join("graph.json");
    std::fs::write(&path, spec.to_string()).expect("writes the graph spec");
    path
}

#[test]
fn every_fixture_crate_passes_clippy_and_its_own_tests() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = tempfile::tempdir().expect("temp dir");
    let specs = tempfile::tempdir().expect("temp dir");
    let crates = crates();
    let mut requests = Vec::new();
    for name in &crates {
        let spec = match *name {
            "wide" => wide_spec(specs.path()),
            "graph" => graph_spec(specs.path()),
            _ => fixtures::path(name),
        };
        let options = fixtures::options(name);
        let generated = sdkgen::generate(&spec, &options).unwrap_or_else(|err| panic!("{name}: {err}"));
        let model = sdkgen::lower(&spec, &options).unwrap_or_else(|err| panic!("{name}: {err}"));
        requests.push((options.crate_name.replace('-', "_"), model.api.operations));
        let dir = workspace.path().join(name);
        sdkgen::write::write(&dir, &generated.files).expect("writes");
        let behaviour = manifest_dir.join("tests/fixtures").join(format!("{name}_behaviour.rs"));
        if behaviour.exists() {
            std::fs::copy(&behaviour, dir.join("tests/behaviour.rs")).expect("copies the behaviour tests");
        }
    }
    let members = crates.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(workspace.path().join("Cargo.toml"), format!("[workspace]\nmembers = [{members}]\nresolver = \"2\"\n")).expect("writes");
    locked::pin(workspace.path());

    let command = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command.args(args).current_dir(workspace.path()).env("CARGO_TARGET_DIR", manifest_dir.join("../target/fixture-crates"));
        command
    };
    let cargo = |args: &[&str]| command(args).output().expect("cargo runs");
    let clippy = cargo(&["clippy", "--locked", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    assert!(clippy.status.success(), "the fixture crates do not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    // Every crate's mock builds clean.
    let clippy = cargo(&["clippy", "--locked", "--all-targets", "--quiet", "--features", "mock", "--", "-D", "warnings"]);
    assert!(clippy.status.success(), "the fixture crates' mocks do not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    // The crate with a feature per tag builds clean with any of them off,
    // with its mock too.
    for features in [
        &["--no-default-features", "--features", "pets"][..],
        &["--no-default-features", "--features", "store-front"],
        &["--no-default-features"],
        &["--no-default-features", "--features", "pets,mock"],
        &["--no-default-features", "--features", "mock"],
    ] {
        let mut args = vec!["clippy", "--locked", "--all-targets", "--quiet", "-p", "fixture-tags"];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        let clippy = cargo(&args);
        assert!(clippy.status.success(), "fixture-tags with {features:?} does not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    }
    // rustdoc keeps the impl lists of an earlier build of a crate beside
    // the new ones (an operation added since would seem to lack them):
    // the pages are checked as a fresh build makes them.
    let _ = std::fs::remove_dir_all(manifest_dir.join("../target/fixture-crates/doc/type.impl"));
    let doc = command(&["doc", "--locked", "--no-deps", "--quiet", "--features", "mock"]).env("RUSTDOCFLAGS", "-D warnings").output().expect("cargo runs");
    assert!(doc.status.success(), "the fixture crates' docs have warnings:\n{}", String::from_utf8_lossy(&doc.stderr));
    request_pages_are_whole(&manifest_dir.join("../target/fixture-crates/doc"), &requests);
    // With the mock, so the README examples run against it and the
    // behaviour tests that need it run.
    let tests = cargo(&["test", "--locked", "--quiet", "--no-fail-fast", "--features", "mock"]);
    assert!(
        tests.status.success(),
        "the fixture crates' own tests (their spec examples, README examples and behaviour tests) fail:\n{}{}",
        String::from_utf8_lossy(&tests.stdout),
        String::from_utf8_lossy(&tests.stderr)
    );
}

/// Each request type's page (an alias of `Request<P>`) shows its own
/// setters and, from the impls of `Request` that rustdoc lists for that
/// alias, how it is sent and shaped: `send`, `send_with_response`,
/// `timeout` and `retry_policy`, and `stream` where it pages and nowhere
/// else.
fn request_pages_are_whole(doc: &Path, crates: &[(String, Vec<sdkgen::ir::Operation>)]) {
    for (krate, operations) in crates.iter().filter(|(_, operations)| !operations.is_empty()) {
        let impls = alias_impls(doc, krate);
        for operation in operations {
            let alias = &operation.request_name;
            let shown: Vec<&str> = impls.iter().filter(|(_, aliases)| aliases.contains(alias)).flat_map(|(methods, _)| methods.iter().map(String::as_str)).collect();
            for method in ["send", "send_with_response", "timeout", "retry_policy"] {
                assert!(shown.contains(&method), "{krate}: the page of `{alias}` does not show `{method}`: {shown:?}");
            }
            let page = doc.join(krate).join("requests").join(format!("type.{alias}.html"));
            let page = std::fs::read_to_string(&page).unwrap_or_else(|err| panic!("{}: {err}", page.display()));
            for setter in &operation.api.setters {
                assert!(page.contains(&format!("id=\"method.{}\"", setter.method)), "{krate}: the page of `{alias}` does not show its setter `{}`", setter.method);
            }
            let streams = page.contains("id=\"method.stream\"") || shown.contains(&"stream");
            assert_eq!(streams, operation.pagination.is_some(), "{krate}: the page of `{alias}` shows `stream` exactly when it pages");
        }
    }
}

/// The impls of `Request` rustdoc lists on the pages of `krate`'s aliases
/// (from `type.impl/<krate>/struct.Request.js`; where rustdoc left an
/// older build's list beside the new one, the last, as the page reads it):
/// each impl's methods, with the aliases whose pages show it.
fn alias_impls(doc: &Path, krate: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let path = doc.join("type.impl").join(krate).join("struct.Request.js");
    let script = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let data = script
        .split_once("Object.fromEntries(")
        .and_then(|(_, rest)| rest.split_once(");\n"))
        .unwrap_or_else(|| panic!("{}: no `Object.fromEntries(...)` in rustdoc's script", path.display()))
        .0;
    let data: serde_json::Value = serde_json::from_str(data).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let crates = data.as_array().expect("a list of crates");
    let impls = crates.iter().rev().find(|entry| entry[0] == krate).and_then(|entry| entry[1].as_array()).unwrap_or_else(|| panic!("{}: no impls of {krate}", path.display()));
    impls
        .iter()
        .map(|entry| {
            let entry = entry.as_array().expect("an impl is a list");
            let html = entry[0].as_str().expect("an impl's HTML");
            let methods = html.split("id=\"method.").skip(1).filter_map(|rest| rest.split_once('"')).map(|(name, _)| name.to_owned()).collect();
            let aliases = entry[1..].iter().filter_map(|alias| alias.as_str()).filter_map(|path| path.rsplit("::").next()).map(str::to_owned).collect();
            (methods, aliases)
        })
        .collect()
}
