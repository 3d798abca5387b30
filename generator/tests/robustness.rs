//! Property tests: mutated and random specs never panic the generator;
//! what it accepts is valid Rust (formatting parses every file), and a
//! sample of the accepted random specs passes clippy. Names come from
//! Unicode and from the runtime's own method names; components refer to
//! each other in every recursive shape.

#[allow(dead_code, reason = "the properties generate with options of their own")]
#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/locked.rs"]
mod locked;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixtures not mutated: `quirks` is about its text (a byte-order mark,
/// numbers past `f64`), which a JSON value to mutate cannot hold.
const NOT_MUTATED: &[&str] = &["quirks"];

/// The fixtures the mutations start from.
fn mutated() -> Vec<&'static str> {
    fixtures::FIXTURES.iter().copied().filter(|name| !NOT_MUTATED.contains(name)).collect()
}

/// The fixture spec `name`, as JSON.
fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures::path(name)).expect("fixture reads");
    serde_yaml::from_str(&text).expect("fixture is YAML")
}

/// With a Cargo feature per tag, so that gating is exercised too.
fn options() -> sdkgen::Options {
    sdkgen::Options { tag_features: true, ..sdkgen::Options::new("robust") }
}

/// How many cases a property runs: `PROPTEST_CASES` when set (CI runs
/// more than a local `cargo test`), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(default)
}

/// Runs the generator on `spec`; a panic fails the property with the spec.
fn generate(spec: &Value) -> Option<sdkgen::Generated> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec(spec).expect("serializes")).expect("writes");
    let outcome = std::panic::catch_unwind(|| sdkgen::generate(&path, &options()));
    match outcome {
        Ok(result) => result.ok(),
        Err(_) => panic!("the generator panicked on:\n{}", serde_json::to_string_pretty(spec).unwrap()),
    }
}

/// A JSON value of any kind, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z$#/{}._ -]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z$]{1,8}", inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path to an object member or array element in `value`.
fn places(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                out.push(prefix.clone());
                places(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(index.to_string());
                out.push(prefix.clone());
                places(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn pointer(path: &[String]) -> String {
    path.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect()
}

/// Replaces, or deletes (`None`), the value at the `pick`-th place.
fn mutate(spec: &mut Value, pick: usize, replacement: Option<Value>) {
    let mut all = Vec::new();
    places(spec, &mut Vec::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let path = &all[pick % all.len()];
    let (last, parent) = path.split_last().expect("not empty");
    let Some(parent) = spec.pointer_mut(&pointer(parent)) else { return };
    match (parent, replacement) {
        (Value::Object(map), Some(value)) => {
            map.insert(last.clone(), value);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Array(items), Some(value)) => {
            if let Ok(index) = last.parse::<usize>() {
                items[index] = value;
            }
        }
        (Value::Array(items), None) => {
            if let Ok(index) = last.parse::<usize>() {
                items.remove(index);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(200), ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(
        which in prop::sample::select(mutated()),
        edits in prop::collection::vec((any::<usize>(), prop::option::weighted(0.8, any_json())), 1..6),
    ) {
        let mut spec = fixture(which);
        for (pick, replacement) in edits {
            mutate(&mut spec, pick, replacement);
        }
        generate(&spec);
    }
}

/// A name from the spec: one chosen to collide or to be a keyword, one of
/// the runtime's own names (the client's, a request's and the mock's
/// methods, the manifest's features, read from the templates), or any
/// Unicode text.
fn name() -> impl Strategy<Value = String> {
    let chosen = ["type", "self", "Self", "Type", "a-b", "a_b", "1st", "gen", "value", "From", "Clone", "area_m²", "M²", "٣rd", "from_x", "is_x", "new"];
    let runtime: Vec<String> = sdkgen::templates::client_methods()
        .into_iter()
        .chain(sdkgen::templates::request_methods())
        .chain(sdkgen::templates::mock_methods())
        .map(str::to_owned)
        .chain(sdkgen::templates::manifest_features())
        .collect();
    prop_oneof![
        prop::sample::select(chosen.map(str::to_owned).to_vec()),
        prop::sample::select(runtime),
        "\\PC{1,8}",
        "[\\x00-\\x1f\\u{80}-\\u{10ffff}]{1,4}",
    ]
}

/// The component schemas a random spec has; refs among them make
/// recursive shapes of every kind (through fields, arrays, maps, allOf,
/// oneOf, and aliases of each other).
const COMPONENTS: [&str; 3] = ["Root", "Node", "Alias"];

/// A schema built from the constructs the generator supports, with names
/// from [`name`] and refs to any of [`COMPONENTS`].
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time", "nullable": true})),
        Just(json!({"type": "integer", "format": "int32", "minimum": 0})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        prop::collection::vec(name(), 1..4).prop_map(|values| json!({"type": "string", "enum": values})),
        prop::sample::select(COMPONENTS.to_vec()).prop_map(|target| json!({"$ref": format!("#/components/schemas/{target}")})),
        Just(json!({})),
    ];
    leaf.prop_recursive(3, 16, 4, move |inner| {
        prop_oneof![
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            (prop::collection::btree_map(name(), inner.clone(), 1..4), any::<bool>()).prop_map(|(props, require)| {
                let required: Vec<&String> = if require { props.keys().take(1).collect() } else { Vec::new() };
                json!({"type": "object", "required": required, "properties": props})
            }),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|all| json!({"allOf": all})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|one| json!({"oneOf": one})),
            // A discriminator whose tags the members may or may not give,
            // members listed twice, or none at all.
            (prop::collection::vec(inner.clone(), 0..4), prop::option::of(prop::collection::btree_map(name(), prop::sample::select(COMPONENTS.to_vec()), 0..3)))
                .prop_map(|(one, mapping)| {
                    let mut discriminator = json!({"propertyName": "kind"});
                    if let Some(mapping) = mapping {
                        discriminator["mapping"] = mapping.into_iter().map(|(tag, target)| (tag, json!(format!("#/components/schemas/{target}")))).collect();
                    }
                    json!({"oneOf": one, "discriminator": discriminator})
                }),
            (inner, prop::sample::select(DESCRIPTIONS.to_vec())).prop_map(|(mut schema, description)| {
                // Beside a `$ref`, 3.0 ignores a description and 3.1 reads it.
                if let Value::Object(object) = &mut schema {
                    if !object.contains_key("$ref") {
                        object.insert("description".to_owned(), json!(description));
                    }
                }
                schema
            }),
        ]
    })
}

/// Markdown a spec may hold, as rustdoc and clippy read it: list items
/// with one or more spaces after the marker and lines that go on, nested
/// lists, code, HTML, bare URLs.
const DESCRIPTIONS: [&str; 5] = [
    "Things:\n-  first item that goes on\n  and continues here\n-  second",
    "1.   one\n two\n2. three\n\nAfter the list.",
    "* a\n  * nested\n    more\ntext right after",
    "```json\n{\"a\": 1}\n```\nSee https://example.com/x <b>bold</b> [not a link]",
    "    indented code\n\n> quoted\ncontinued",
];

/// Sets of error statuses an operation documents: codes inside ranges it
/// also documents, and `default`.
const ERROR_STATUSES: [&[&str]; 4] = [&["400"], &["400", "4XX", "500", "5XX"], &["404", "4XX", "default"], &["5XX", "503", "500"]];

fn random_spec() -> impl Strategy<Value = Value> {
    let create_tags = prop::sample::select(vec![json!([]), json!(["Things"]), json!(["Other", "Things"])]);
    let components = (schema(), schema(), schema(), prop::sample::select(ERROR_STATUSES.to_vec()));
    (schema(), schema(), any::<bool>(), create_tags, components, name(), name()).prop_map(|(root, body, paged, create_tags, components, list_id, create_id)| {
        let (node, alias, extra, error_statuses) = components;
        let create_id = if create_id == list_id { format!("{create_id}2") } else { create_id };
        let mut list = json!({
            "operationId": list_id,
            "tags": ["Things"],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": root.clone()}}}}}
        });
        // Parameters whose schema is a named list, in the query and a header.
        list["parameters"] = json!([
            {"name": "ids", "in": "query", "schema": {"$ref": "#/components/schemas/Ids"}},
            {"name": "X-Ids", "in": "header", "schema": {"$ref": "#/components/schemas/Ids"}}
        ]);
        if paged {
            for param in [json!({"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}), json!({"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}})] {
                list["parameters"].as_array_mut().expect("a list").push(param);
            }
        }
        let mut responses = json!({"204": {"description": "done"}});
        for status in error_statuses {
            responses[*status] = json!({"description": "bad", "content": {"application/json": {"schema": root.clone()}}});
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Random", "version": "1"},
            "paths": {
                "/things": {
                    "get": list,
                    "post": {
                        "operationId": create_id,
                        "tags": create_tags,
                        "requestBody": {"required": true, "content": {"application/json": {"schema": body}}},
                        "responses": responses
                    }
                }
            },
            "components": {"schemas": {
                "Root": {"type": "object", "properties": {"id": {"type": "string"}, "child": {"$ref": "#/components/schemas/Root"}, "extra": extra}},
                "Node": node,
                "Alias": alias,
                "Ids": {"type": "array", "items": {"type": "string"}}
            }}
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(150), ..ProptestConfig::default() })]

    #[test]
    fn random_specs_never_panic(spec in random_spec()) {
        generate(&spec);
    }
}

/// `spec` (an OpenAPI 3.0 document) in OpenAPI 3.1's spellings: a nullable
/// type is a list of the type and `null`, a one-value enum a `const`.
fn as_3_1(spec: &mut Value) {
    fn respell(value: &mut Value) {
        match value {
            Value::Object(object) => {
                if object.get("nullable") == Some(&Value::Bool(true)) {
                    if let Some(Value::String(ty)) = object.get("type").cloned() {
                        object.remove("nullable");
                        object.insert("type".to_owned(), json!([ty, "null"]));
                    }
                }
                if object.get("type") == Some(&json!("string")) {
                    if let Some(Value::Array(values)) = object.get("enum").cloned() {
                        if let [only] = values.as_slice() {
                            object.remove("enum");
                            object.insert("const".to_owned(), only.clone());
                        }
                    }
                }
                object.values_mut().for_each(respell);
            }
            Value::Array(items) => items.iter_mut().for_each(respell),
            _ => {}
        }
    }
    respell(spec);
    spec["openapi"] = json!("3.1.0");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(60), ..ProptestConfig::default() })]

    /// 3.0 and 3.1 spellings of one random API give one crate.
    #[test]
    fn a_random_spec_in_3_1_spellings_gives_the_same_crate(spec in random_spec()) {
        let mut respelled = spec.clone();
        as_3_1(&mut respelled);
        let old = generate(&spec);
        let new = generate(&respelled);
        match (old, new) {
            (Some(old), Some(new)) => {
                prop_assert_eq!(old.files.keys().collect::<Vec<_>>(), new.files.keys().collect::<Vec<_>>());
                for (path, text) in &old.files {
                    prop_assert_eq!(text.replace(&old.digest, "DIGEST"), new.files[path].replace(&new.digest, "DIGEST"), "{}", path);
                }
            }
            (None, None) => {}
            (old, new) => prop_assert!(false, "accepted in one spelling only: 3.0 {}, 3.1 {}", old.is_some(), new.is_some()),
        }
    }
}

#[test]
fn the_3_1_respelling_changes_the_spec() {
    let mut spec = json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"type": "string", "nullable": true}, "B": {"type": "string", "enum": ["x"]}}}});
    as_3_1(&mut spec);
    assert_eq!(spec, json!({"openapi": "3.1.0", "components": {"schemas": {"A": {"type": ["string", "null"]}, "B": {"type": "string", "const": "x"}}}}));
}

/// The first `SAMPLE_CRATES` (6 unless set) accepted specs of a fixed seed.
#[test]
fn a_sample_of_accepted_random_specs_compiles() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut sample = Vec::new();
    let size = std::env::var("SAMPLE_CRATES").ok().and_then(|size| size.parse().ok()).unwrap_or(6);
    while sample.len() < size {
        let spec = random_spec().new_tree(&mut runner).expect("a spec").current();
        if let Some(generated) = generate(&spec) {
            sample.push(generated);
        }
    }
    let workspace = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    for (index, generated) in sample.iter().enumerate() {
        let name = format!("random{index}");
        let files = generated.files.iter().map(|(path, text)| (path.clone(), text.replace("name = \"robust\"", &format!("name = \"{name}\"")))).collect();
        sdkgen::write::write(&workspace.path().join(&name), &files).expect("writes");
        members.push(format!("\"{name}\""));
    }
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(workspace.path().join("Cargo.toml"), format!("[workspace]\nmembers = [{}]\nresolver = \"2\"\n", members.join(", "))).unwrap();
    locked::pin(workspace.path());
    let target: PathBuf = manifest_dir.join("../target/fixture-crates");
    // With every tag feature and the mock, and with no feature.
    for features in [&["--features", "mock"][..], &["--no-default-features"]] {
        let output = Command::new(env!("CARGO"))
            .args(["clippy", "--locked", "--all-targets", "--quiet"])
            .args(features)
            .args(["--", "-D", "warnings"])
            .current_dir(workspace.path())
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "accepted random specs do not pass clippy ({features:?}):\n{stderr}");
    }
}

#[test]
fn the_mutation_helper_changes_the_spec() {
    let original = fixture("objects");
    let mut mutated = original.clone();
    mutate(&mut mutated, 7, None);
    assert_ne!(original, mutated);
}
