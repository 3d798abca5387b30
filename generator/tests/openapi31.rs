//! OpenAPI 3.1 and 3.2 input: each JSON Schema 2020-12 spelling gives the
//! crate its OpenAPI 3.0 spelling of the same meaning gives, byte for byte,
//! with the same warnings, and `sdkgen diff` from one to the other reports
//! no change; what 3.1 adds beyond 3.0 is read, warned about, or
//! refused with the place named.

use serde_json::{json, Value};
use std::path::Path;

/// A document of `version` whose one operation sends and receives a
/// `Pet` with the property `value` (beside a required `name`), and whose
/// components hold `Chip`, a schema for properties to refer to.
fn document(version: &str, value: &Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {"post": {
            "operationId": "addPet",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
            "responses": {"200": {"description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
        }}},
        "components": {"schemas": {
            "Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "value": value}},
            "Chip": {"type": "object", "properties": {"number": {"type": "string"}}}
        }}
    })
}

/// What generating `document`, written as `file`, gives: the crate, or
/// the error's message.
fn outcome(dir: &Path, file: &str, document: &Value) -> Result<sdkgen::Generated, String> {
    let path = dir.join(file);
    std::fs::write(&path, document.to_string()).expect("writes the spec");
    sdkgen::generate(&path, &sdkgen::Options::new("fixture-pets".to_owned())).map_err(|err| err.to_string())
}

fn generate(dir: &Path, file: &str, document: &Value) -> sdkgen::Generated {
    outcome(dir, file, document).unwrap_or_else(|err| panic!("{file}: {err}"))
}

fn refusal(dir: &Path, file: &str, document: &Value) -> String {
    outcome(dir, file, document).err().unwrap_or_else(|| panic!("{file} is not refused"))
}

/// The two crates have the same files, the same but for the digest of the
/// spec's text they were made from.
fn assert_same_crate(got: &sdkgen::Generated, expected: &sdkgen::Generated, what: &str) {
    let paths = |generated: &sdkgen::Generated| generated.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(got), paths(expected), "{what}: the files differ");
    for (path, text) in &expected.files {
        let text = text.replace(&expected.digest, "DIGEST");
        let got = got.files[path].replace(&got.digest, "DIGEST");
        assert!(got == text, "{what}: {path} differs from the 3.0 spelling's:\n{got}");
    }
}

/// Pairs of a property schema in OpenAPI 3.0 and the same in 3.1.
fn spellings() -> Vec<(&'static str, Value, Value)> {
    let chip = json!({"$ref": "#/components/schemas/Chip"});
    vec![
        ("type list with null", json!({"type": "string", "nullable": true}), json!({"type": ["string", "null"]})),
        ("null type first", json!({"type": "integer", "nullable": true}), json!({"type": ["null", "integer"]})),
        (
            "anyOf of a ref and null, the description outside",
            json!({"allOf": [chip], "nullable": true, "description": "The chip."}),
            json!({"anyOf": [chip, {"type": "null"}], "description": "The chip."}),
        ),
        (
            "oneOf of null and a ref",
            json!({"allOf": [chip], "nullable": true}),
            json!({"oneOf": [{"type": "null"}, chip]}),
        ),
        (
            "anyOf of an inline schema and null, the description inside (Pydantic)",
            json!({"type": "string", "maxLength": 8, "nullable": true, "description": "A code.", "title": "Code"}),
            json!({"anyOf": [{"type": "string", "maxLength": 8, "description": "A code."}, {"type": "null"}], "title": "Code"}),
        ),
        (
            "anyOf of two types and null",
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
        ),
        ("several types", json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}), json!({"type": ["string", "integer"], "minLength": 1})),
        ("const", json!({"type": "string", "enum": ["dog"]}), json!({"const": "dog"})),
        ("const beside its type", json!({"type": "string", "enum": ["cat"]}), json!({"type": "string", "const": "cat"})),
        (
            "numeric exclusive bounds",
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true}),
            json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}),
        ),
        (
            "an exclusive bound looser than the inclusive one beside it",
            json!({"type": "integer", "minimum": 5}),
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 2}),
        ),
        (
            "ref with sibling keywords",
            json!({"allOf": [chip], "description": "The chip.", "readOnly": true, "deprecated": true}),
            json!({"$ref": "#/components/schemas/Chip", "description": "The chip.", "readOnly": true, "deprecated": true}),
        ),
        (
            "ref with a default beside it",
            json!({"allOf": [chip], "default": {"number": "0"}}),
            json!({"$ref": "#/components/schemas/Chip", "default": {"number": "0"}}),
        ),
        (
            "array of nullable items and map of nullable values",
            json!({"type": "object", "properties": {
                "list": {"type": "array", "items": {"type": "string", "nullable": true}},
                "map": {"type": "object", "additionalProperties": {"allOf": [chip], "nullable": true}}
            }}),
            json!({"type": "object", "properties": {
                "list": {"type": "array", "items": {"type": ["string", "null"]}},
                "map": {"type": "object", "additionalProperties": {"anyOf": [chip, {"type": "null"}]}}
            }}),
        ),
        ("contentEncoding", json!({"type": "string", "format": "byte"}), json!({"type": "string", "contentEncoding": "base64"})),
        ("contentMediaType", json!({"type": "string", "format": "binary"}), json!({"type": "string", "contentMediaType": "image/png"})),
        ("the schema true", json!({}), json!(true)),
        ("the schema false: a property that must be absent", json!({"not": {}}), json!(false)),
        (
            "boolean schemas as additionalProperties",
            json!({"type": "object", "properties": {
                "closed": {"type": "object", "properties": {"n": {"type": "string"}}, "additionalProperties": false},
                "open": {"type": "object", "properties": {"n": {"type": "string"}}, "additionalProperties": true}
            }}),
            json!({"type": "object", "properties": {
                "closed": {"type": "object", "properties": {"n": {"type": "string"}}, "additionalProperties": false},
                "open": {"type": "object", "properties": {"n": {"type": "string"}}, "additionalProperties": true}
            }}),
        ),
        (
            "boolean schemas as a property, items and a union member",
            json!({"type": "object", "properties": {
                "n": {"type": "string"},
                "never": {"not": {}},
                "empty": {"type": "array", "items": {"not": {}}},
                "any": {"type": "array", "items": {}},
                "either": {"oneOf": [{"not": {}}, {"type": "string"}, {"type": "integer"}]}
            }}),
            json!({"type": "object", "properties": {
                "n": {"type": "string"},
                "never": false,
                "empty": {"type": "array", "items": false},
                "any": {"type": "array", "items": true},
                "either": {"oneOf": [false, {"type": "string"}, {"type": "integer"}]}
            }}),
        ),
        (
            "a false member of allOf",
            json!({"allOf": [chip, {"not": {}}]}),
            json!({"allOf": [chip, false]}),
        ),
        ("a validation-only not", json!({"type": "string", "not": {"type": "integer"}}), json!({"type": "string", "not": {"type": "integer"}})),
        ("examples", json!({"type": "string", "format": "date-time", "example": "oops"}), json!({"type": "string", "format": "date-time", "examples": ["oops"]})),
    ]
}

#[test]
fn each_3_1_spelling_gives_the_crate_its_3_0_spelling_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (what, old, new) in spellings() {
        let expected = generate(dir.path(), "old.json", &document("3.0.3", &old));
        for version in ["3.1.0", "3.2.0"] {
            let got = generate(dir.path(), "new.json", &document(version, &new));
            assert_same_crate(&got, &expected, &format!("{what} ({version})"));
            let options = sdkgen::Options::new("fixture-pets".to_owned());
            let report = sdkgen::compare(&dir.path().join("old.json"), &dir.path().join("new.json"), &options).expect("compares");
            assert!(report.changes.is_empty(), "{what} ({version}): sdkgen diff reports {:?}", report.changes);
            let old_warnings: Vec<String> = expected.warnings.iter().map(ToString::to_string).collect();
            let new_warnings: Vec<String> = got.warnings.iter().map(|warning| warning.to_string().replace("new.json", "old.json")).collect();
            assert_eq!(new_warnings, old_warnings, "{what} ({version}): the warnings differ");
        }
    }
}

/// The crate of a 3.1 document, and what `generate` warned about.
fn warnings_of(dir: &Path, document: &Value) -> Vec<String> {
    let path = dir.join("warned.json");
    std::fs::write(&path, document.to_string()).expect("writes the spec");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["generate", "--crate-name", "fixture-warned", "--spec"])
        .arg(&path)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("runs sdkgen");
    String::from_utf8_lossy(&output.stderr).lines().filter(|line| line.starts_with("warning:")).map(str::to_owned).collect()
}

#[test]
fn what_the_client_cannot_honour_is_warned_about_at_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.1.0", &json!({"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}, "dependentRequired": {"a": ["b"]}}));
    spec["components"]["schemas"]["Pair"] = json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false});
    spec["components"]["schemas"]["Pet"]["prefixItem"] = json!([]);
    let warnings = warnings_of(dir.path(), &spec);
    let expected = [
        "#/components/schemas/Pet/properties/value: `if`, `then`, `dependentRequired` are checks the client does not make; values are read and sent without them",
        "#/components/schemas/Pair/prefixItems: `prefixItems` of an array that may hold fewer values than it has positions (no `minItems` of at least their number) is read as a list of any JSON values; the positions' own types are not kept",
        "#/components/schemas/Pet/prefixItem: `prefixItem` is not a key of a schema and is ignored; did you mean `prefixItems`?",
    ];
    for expected in expected {
        assert!(warnings.iter().any(|warning| warning.ends_with(expected)), "no warning `{expected}` in {warnings:#?}");
    }
}

/// The Rust type the property `value` of [`document`]'s `Pet` gets.
fn value_type(generated: &sdkgen::Generated) -> String {
    let models = &generated.files["src/models.rs"];
    let start = models.find("pub value: ").expect("Pet has its value field");
    let end = start + models[start..].find(",\n").expect("the field ends");
    models[start + "pub value: ".len()..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_closed_prefix_items_array_is_a_tuple_and_any_other_a_list_with_the_reason_warned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let positions = json!([{"type": "integer"}, {"type": "string"}]);
    let tuple = "::std::option::Option<(i64, ::std::string::String)>";
    let cases = [
        ("Pydantic's tuple", json!({"type": "array", "prefixItems": positions, "minItems": 2, "maxItems": 2}), tuple),
        ("closed by items: false", json!({"type": "array", "prefixItems": positions, "items": false, "minItems": 2}), tuple),
        ("without a type", json!({"prefixItems": positions, "minItems": 2, "maxItems": 2}), tuple),
        ("one position", json!({"type": "array", "prefixItems": [{"$ref": "#/components/schemas/Chip"}], "items": false, "minItems": 1}), "::std::option::Option<(crate::models::Chip,)>"),
        ("a null position", json!({"type": "array", "prefixItems": [{"type": ["integer", "null"]}, {"type": "boolean"}], "items": false, "minItems": 2}), "::std::option::Option<(::std::option::Option<i64>, bool)>"),
        ("open", json!({"type": "array", "prefixItems": positions, "minItems": 2}), "::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
        ("open with items", json!({"type": "array", "prefixItems": positions, "items": {"type": "string"}, "minItems": 2}), "::std::option::Option<::std::vec::Vec<::std::string::String>>"),
        ("short", json!({"type": "array", "prefixItems": positions, "maxItems": 2}), "::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
        ("thirteen positions", json!({"type": "array", "prefixItems": vec![json!({"type": "integer"}); 13], "minItems": 13, "maxItems": 13}), "::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
    ];
    for (what, value, expected) in cases {
        let generated = generate(dir.path(), "tuple.json", &document("3.1.0", &value));
        assert_eq!(value_type(&generated), expected, "{what}");
    }
    let warned = |value: Value| warnings_of(dir.path(), &document("3.1.0", &value));
    let pointer = "#/components/schemas/Pet/properties/value/prefixItems: `prefixItems` of";
    let reasons = [
        (json!({"type": "array", "prefixItems": positions, "minItems": 2}), "an array that may hold more values than it has positions (neither `items: false` nor a `maxItems` of at most their number) is read as a list of any JSON values"),
        (json!({"type": "array", "prefixItems": positions, "items": {"type": "string"}, "minItems": 2}), "an array that may hold more values than it has positions (neither `items: false` nor a `maxItems` of at most their number) is read as a list of what `items` allows"),
        (json!({"type": "array", "prefixItems": positions, "maxItems": 2}), "an array that may hold fewer values than it has positions (no `minItems` of at least their number)"),
        (json!({"type": "array", "prefixItems": vec![json!({"type": "integer"}); 13], "minItems": 13, "maxItems": 13}), "a tuple of 13 positions (a Rust tuple has 1 to 12)"),
    ];
    for (value, reason) in reasons {
        let warnings = warned(value);
        assert!(warnings.iter().any(|warning| warning.contains(&format!("{pointer} {reason}"))), "no warning `{reason}` in {warnings:#?}");
    }
    assert!(warned(json!({"type": "array", "prefixItems": positions, "minItems": 2, "maxItems": 2})).is_empty(), "a closed tuple is read as written");
    let error = refusal(dir.path(), "tuple.json", &document("3.1.0", &json!({"type": "array", "prefixItems": [{"$ref": "#/components/schemas/Gone"}], "items": false, "minItems": 1})));
    assert!(error.contains("/components/schemas/Pet/properties/value/prefixItems/0") && error.contains("Gone"), "a position's bad ref is named at its place: {error}");
}

#[test]
fn a_3_1_keyword_in_a_3_0_document_is_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let warnings = warnings_of(dir.path(), &document("3.0.3", &json!({"const": "dog"})));
    assert!(
        warnings.iter().any(|warning| warning.ends_with("#/components/schemas/Pet/properties/value/const: `const` is not a key of a schema and is ignored")),
        "{warnings:#?}"
    );
}

#[test]
fn webhooks_in_a_3_0_document_are_an_unknown_key_and_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.0.3", &json!({"type": "string"}));
    spec["webhooks"] = json!({"petBorn": {"post": {"responses": {"200": {"description": "Received."}}}}});
    let warnings = warnings_of(dir.path(), &spec);
    assert!(warnings.iter().any(|warning| warning.ends_with("#/webhooks: `webhooks` is not a key of a root and is ignored")), "{warnings:#?}");
    let generated = generate(dir.path(), "old.json", &spec);
    assert!(!generated.files.contains_key("src/webhooks.rs"));
}

#[test]
fn documents_without_paths_and_operations_without_responses_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut only_components = document("3.1.0", &json!({"type": "string"}));
    only_components.as_object_mut().expect("an object").remove("paths");
    let generated = generate(dir.path(), "components.json", &only_components);
    assert_eq!(generated.operations, 0);
    let mut no_responses = document("3.1.0", &json!({"type": "string"}));
    no_responses["paths"]["/pets"]["post"].as_object_mut().expect("an object").remove("responses");
    let generated = generate(dir.path(), "responses.json", &no_responses);
    assert_eq!(generated.operations, 1);
}

#[test]
fn a_path_item_of_the_components_is_the_path_s_and_a_missing_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inline = document("3.1.0", &json!({"type": "string"}));
    let mut shared = inline.clone();
    shared["components"]["pathItems"] = json!({"Pets": inline["paths"]["/pets"].clone()});
    shared["paths"]["/pets"] = json!({"$ref": "#/components/pathItems/Pets"});
    assert_same_crate(&generate(dir.path(), "shared.json", &shared), &generate(dir.path(), "inline.json", &inline), "a shared path item");

    shared["paths"]["/pets"] = json!({"$ref": "#/components/pathItems/Cats"});
    let message = refusal(dir.path(), "missing.json", &shared);
    assert!(message.contains("missing.json#/paths/~1pets/$ref") && message.contains("#/components/pathItems/Cats"), "{message}");
}

#[test]
fn versions_past_3_2_are_refused_with_what_was_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    for version in ["3.3.0", "4.0.0"] {
        let mut spec = document("3.1.0", &json!({"type": "string"}));
        spec["openapi"] = json!(version);
        let message = refusal(dir.path(), "version.json", &spec);
        assert!(message.contains("or an OpenAPI 3.0, 3.1 or 3.2 document") && message.contains(&format!("found `{version}`")), "{message}");
    }
    // `openapi: 3.1` as a YAML or JSON number is 3.1.
    let mut spec = document("3.1.0", &json!({"type": ["string", "null"]}));
    spec["openapi"] = json!(3.1);
    generate(dir.path(), "number.json", &spec);
}

#[test]
fn schemas_under_defs_become_types_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.1.0", &json!({"$ref": "#/components/schemas/Chip/$defs/Code"}));
    spec["components"]["schemas"]["Chip"]["$defs"] = json!({
        "Code": {"type": "object", "description": "A chip's code.", "properties": {"digits": {"$ref": "#/components/schemas/Chip/$defs/Chip"}}},
        "Chip": {"type": "string"}
    });
    let models = &generate(dir.path(), "defs.json", &spec).files["src/models.rs"];
    assert!(models.contains("/// A chip's code.\n#[derive(Debug, Clone, Default)]\n#[non_exhaustive]\npub struct Code {"), "{models}");
    assert!(models.contains("pub value: ::std::option::Option<crate::models::Code>"), "{models}");
    // `Chip` is taken: the one under `Chip`'s `$defs` is `ChipChip`.
    assert!(models.contains("pub type ChipChip = ::std::string::String;"), "{models}");
    assert!(models.contains("pub digits: ::std::option::Option<crate::models::ChipChip>"), "{models}");
}

#[test]
fn a_ref_by_anchor_or_id_names_the_schema_its_pointer_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let by_pointer = generate(dir.path(), "pointer.json", &document("3.1.0", &json!({"$ref": "#/components/schemas/Chip"})));
    let named = |value: Value| {
        let mut spec = document("3.1.0", &value);
        spec["components"]["schemas"]["Chip"]["$anchor"] = json!("chip");
        spec["components"]["schemas"]["Chip"]["$id"] = json!("https://example.com/schemas/chip");
        spec
    };
    for reference in ["#chip", "https://example.com/schemas/chip", "https://example.com/schemas/chip#chip"] {
        let generated = generate(dir.path(), "named.json", &named(json!({"$ref": reference})));
        assert!(generated.files["src/models.rs"].contains("pub value: ::std::option::Option<crate::models::Chip>"), "{reference}");
        assert_eq!(generated.files["src/requests.rs"], by_pointer.files["src/requests.rs"], "{reference}");
    }
    // A pointer after an id goes on from the schema with that id, to a
    // schema inside it, which is a type of its own, named from where it
    // lives, and the one type of the property it is.
    let generated = generate(dir.path(), "named.json", &named(json!({"$ref": "https://example.com/schemas/chip#/properties/number"})));
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("pub value: ::std::option::Option<crate::models::ChipNumber>") && models.contains("pub type ChipNumber = ::std::string::String;"), "{models}");
    assert!(models.contains("pub number: ::std::option::Option<crate::models::ChipNumber>"), "{models}");

    // In another file: an anchor there, and the root's id named from there.
    std::fs::write(
        dir.path().join("tags.json"),
        json!({"$defs": {"Tag": {"$anchor": "tag", "type": "object", "properties": {"chip": {"$ref": "https://example.com/schemas/chip"}}}}}).to_string(),
    )
    .expect("writes tags.json");
    let models = generate(dir.path(), "named.json", &named(json!({"$ref": "tags.json#tag"}))).files.remove("src/models.rs").expect("models");
    assert!(models.contains("pub value: ::std::option::Option<crate::models::Tag>"), "{models}");
    assert!(models.contains("pub chip: ::std::option::Option<crate::models::Chip>"), "{models}");

    // A schema inside a component, named by an anchor, is a type of its own.
    let mut spec = document("3.1.0", &json!({"$ref": "#serial"}));
    spec["components"]["schemas"]["Chip"]["properties"]["number"]["$anchor"] = json!("serial");
    spec["components"]["schemas"]["Chip"]["properties"]["number"]["description"] = json!("The serial number.");
    let models = generate(dir.path(), "nested.json", &spec).files.remove("src/models.rs").expect("models");
    assert!(models.contains("pub value: ::std::option::Option<crate::models::ChipNumber>"), "{models}");
    assert!(models.contains("pub number: ::std::option::Option<crate::models::ChipNumber>"), "one type, named from where it lives: {models}");

    let message = refusal(dir.path(), "missing.json", &named(json!({"$ref": "#tail"})));
    assert!(
        message.contains("missing.json#/components/schemas/Pet/properties/value") && message.contains("`#tail`") && message.contains("no schema in") && message.contains("`$anchor: tail`"),
        "{message}"
    );
    // OpenAPI 3.0 has neither: its `$anchor` is an unknown key, and `#chip` no pointer.
    let mut spec = named(json!({"$ref": "#chip"}));
    spec["openapi"] = json!("3.0.3");
    let message = refusal(dir.path(), "old.json", &spec);
    assert!(message.contains("`#chip`"), "{message}");
}

#[test]
fn the_3_2_grammar_is_known_to_3_2_documents_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.2.0", &json!({"type": "string"}));
    spec["tags"] = json!([{"name": "pets", "summary": "Pets", "kind": "nav"}, {"name": "cats", "parent": "pets"}]);
    spec["info"]["summary"] = json!("Pets, in short.");
    assert_eq!(warnings_of(dir.path(), &spec), Vec::<String>::new());
    spec["openapi"] = json!("3.1.1");
    let warnings = warnings_of(dir.path(), &spec);
    assert!(warnings.iter().any(|warning| warning.ends_with("#/tags/0/kind: `kind` is not a key of a tag and is ignored")), "{warnings:#?}");
    assert!(warnings.iter().any(|warning| warning.ends_with("#/tags/1/parent: `parent` is not a key of a tag and is ignored")), "{warnings:#?}");
    assert!(warnings.iter().any(|warning| warning.ends_with("#/tags/0/summary: `summary` is not a key of a tag and is ignored")), "{warnings:#?}");
    assert!(!warnings.iter().any(|warning| warning.contains("#/info")), "3.1 has `info.summary`: {warnings:#?}");
}

#[test]
fn each_webhook_has_a_type_that_reads_its_body_and_the_change_report_sees_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.1.0", &json!({"type": "string"}));
    spec["webhooks"] = json!({
        "petBorn": {"post": {
            "summary": "A pet was born.",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
        }},
        "ping": {"get": {}, "post": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}}}
    });
    // A webhook may be a ref to a path item of the components, as a path may.
    spec["components"]["pathItems"] = json!({"PetBorn": spec["webhooks"]["petBorn"].clone()});
    spec["webhooks"]["petBorn"] = json!({"$ref": "#/components/pathItems/PetBorn"});
    let generated = generate(dir.path(), "old.json", &spec);
    assert!(generated.files["src/lib.rs"].contains("pub mod webhooks;"));
    let webhooks = &generated.files["src/webhooks.rs"];
    for expected in [
        "/// A pet was born.\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n#[non_exhaustive]\npub struct PetBorn;",
        "pub const NAME: &'static str = \"petBorn\";",
        ") -> ::std::result::Result<crate::models::Pet, crate::DecodeError> {\n        Ok(crate::runtime::decode::from_json(body)?)",
        // A webhook of two methods gives a type per method; one without a body has no `from_body`.
        "pub struct PingGet;",
        "pub struct PingPost;",
        ") -> ::std::result::Result<::std::string::String, crate::DecodeError> {",
    ] {
        assert!(webhooks.contains(expected), "no `{expected}` in:\n{webhooks}");
    }
    assert_eq!(webhooks.matches("pub fn from_body").count(), 2, "{webhooks}");
    assert!(generated.files["README.md"].contains("- [`webhooks::PetBorn`]: the `petBorn` webhook, `POST`, a body of `Pet`"));

    // A crate without webhooks has no `webhooks` module.
    let plain = generate(dir.path(), "plain.json", &document("3.1.0", &json!({"type": "string"})));
    assert!(!plain.files.contains_key("src/webhooks.rs") && !plain.files["src/lib.rs"].contains("webhooks"));

    let mut fewer = spec.clone();
    fewer["webhooks"].as_object_mut().expect("an object").remove("petBorn");
    std::fs::write(dir.path().join("new.json"), fewer.to_string()).expect("writes the spec");
    let report = sdkgen::compare(&dir.path().join("old.json"), &dir.path().join("new.json"), &sdkgen::Options::new("fixture-pets".to_owned())).expect("compares");
    let removed: Vec<String> = report.changes.iter().map(|change| format!("{change:?}")).filter(|change| change.contains("webhooks::PetBorn")).collect();
    assert!(!removed.is_empty() && report.breaks_api(), "{:?}", report.changes);
}

#[test]
fn the_license_identifier_is_the_crate_s_license_when_it_is_an_spdx_expression() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut spec = document("3.1.0", &json!({"type": "string"}));
    spec["info"]["license"] = json!({"name": "Apache 2.0", "identifier": "Apache-2.0"});
    let generated = generate(dir.path(), "licensed.json", &spec);
    assert!(generated.files["Cargo.toml"].contains("\nlicense = \"Apache-2.0\"\n"));
    assert!(generated.files.contains_key("LICENSE-APACHE") && !generated.files.contains_key("LICENSE-MIT"));
    spec["info"]["license"]["identifier"] = json!("MIT {{crate_name}} \" ]");
    let generated = generate(dir.path(), "hostile.json", &spec);
    assert!(generated.files["Cargo.toml"].contains("\nlicense = \"MIT OR Apache-2.0\"\n"), "{}", generated.files["Cargo.toml"]);
    assert!(generated.warnings.iter().any(|warning| warning.to_string().contains("/info/license/identifier: expected an SPDX license expression")));
    // 3.0 has no `identifier`: it is an unknown key there, not the license.
    spec["openapi"] = json!("3.0.3");
    spec["info"]["license"]["identifier"] = json!("Apache-2.0");
    assert!(generate(dir.path(), "old.json", &spec).files["Cargo.toml"].contains("\nlicense = \"MIT OR Apache-2.0\"\n"));
}
