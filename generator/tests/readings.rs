//! Documents as real services publish them: each construct that has one
//! evident meaning is read with it (and a warning where the document
//! breaks a rule), and only what has no meaning is refused, naming its
//! place. Each test is a class of such documents, on fixtures written here.

use serde_json::{json, Value};
use std::path::Path;

/// What generating `document`, written as `file` in `dir`, gives: the
/// crate, or the error's message.
fn outcome(dir: &Path, file: &str, document: &Value) -> Result<sdkgen::Generated, String> {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(document).expect("serializes")).expect("writes the spec");
    sdkgen::generate(&path, &sdkgen::Options::new("fixture-readings".to_owned())).map_err(|err| err.to_string())
}

fn generate(dir: &Path, document: &Value) -> sdkgen::Generated {
    outcome(dir, "openapi.json", document).unwrap_or_else(|err| panic!("refused: {err}"))
}

fn refusal(dir: &Path, document: &Value) -> String {
    outcome(dir, "openapi.json", document).err().unwrap_or_else(|| panic!("not refused"))
}

/// The names of the types `models.rs` defines, in order.
fn type_names(generated: &sdkgen::Generated) -> Vec<String> {
    let models = &generated.files["src/models.rs"];
    models
        .lines()
        .filter_map(|line| ["pub struct ", "pub enum ", "pub type "].iter().find_map(|start| line.strip_prefix(start)))
        .map(|rest| rest.split([' ', '<', '(', '=']).next().unwrap_or_default().to_owned())
        .collect()
}

fn warnings(generated: &sdkgen::Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

fn json_body(schema: Value) -> Value {
    json!({"content": {"application/json": {"schema": schema}}})
}

/// A `$ref` may name any place a schema sits: a response's, a
/// parameter's, a property, a member of a union inside a component, a
/// request body's property under `#/paths`. Each becomes a type named
/// from where it lives, one type however many refs name it, and the
/// place itself uses that type.
#[test]
fn a_ref_to_any_schema_location_is_followed_and_is_one_type() {
    let dir = tempfile::tempdir().expect("temp dir");
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Refs", "version": "1"},
        "paths": {"/a": {"post": {
            "operationId": "makeA",
            "parameters": [
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["x", "y"]}},
                {"name": "other", "in": "query", "schema": {"$ref": "#/paths/~1a/post/parameters/0/schema"}}
            ],
            "requestBody": json_body(json!({"type": "object", "properties": {
                "b": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "c": {"$ref": "#/components/responses/Conflict/content/application~1json/schema"},
                "d": {"$ref": "#/components/schemas/Alias/properties/e"}
            }})),
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/b"}}}},
                "409": {"$ref": "#/components/responses/Conflict"}
            }
        }}},
        "components": {
            "responses": {"Conflict": {"description": "conflict", "content": {"application/json": {"schema": {"type": "object", "properties": {"why": {"type": "string"}}}}}}},
            "parameters": {"x": {"name": "x", "in": "query", "schema": {"type": "object", "properties": {"p": {"type": "string"}}}}},
            "schemas": {
                "Template": {"allOf": [
                    {"type": "object", "properties": {"id": {"type": "string"}}},
                    {"type": "object", "properties": {"created_by": {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"name": {"type": "string"}}}]}}}
                ]},
                "User": {"$ref": "#/components/schemas/Template/allOf/1/properties/created_by/oneOf/1"},
                "Filter": {"$ref": "#/components/parameters/x/schema"},
                "Alias": {"type": "object", "properties": {"e": {"$ref": "#/components/schemas/User"}}}
            }
        }
    });
    let generated = generate(dir.path(), &document);
    let names = type_names(&generated);
    for expected in ["ConflictBody", "MakeABody", "MakeABodyB", "MakeAKind", "TemplateCreatedBy", "TemplateCreatedBy2", "X"] {
        assert_eq!(names.iter().filter(|name| *name == expected).count(), 1, "{expected} in {names:?}");
    }
    assert_eq!(names.len(), 11, "no part is two types: {names:?}");
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("pub type User = crate::models::TemplateCreatedBy2;"), "{models}");
    assert!(models.contains("pub type Filter = crate::models::X;"), "{models}");
    // A ref to a ref is the ref it names: `d` is a `User`, not a copy.
    assert!(models.contains("pub fn d(&self) -> ::std::option::Option<&crate::models::User>"), "{models}");
    let requests = &generated.files["src/requests.rs"];
    assert!(!names.iter().any(|name| name == "MakeAOther"), "`other` takes the `kind` parameter's type: {names:?}");
    assert!(requests.matches("crate::models::MakeAKind").count() >= 2, "{requests}");
    assert!(warnings(&generated).is_empty(), "{:?}", warnings(&generated));
}

/// A ref to another kind of object than its place wants is refused,
/// naming the kind; so is a ring of refs that never reaches a schema.
#[test]
fn a_ref_to_the_wrong_kind_or_round_a_ring_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with_property = |property: Value| {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Refs", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}}}},
            "components": {
                "responses": {"Conflict": {"description": "conflict"}},
                "schemas": {"S": {"type": "object", "properties": {"p": property, "q": {"$ref": "#/components/schemas/S/properties/p"}}}}
            }
        })
    };
    let message = refusal(dir.path(), &with_property(json!({"$ref": "#/components/responses/Conflict"})));
    assert!(message.contains("#/components/schemas/S/properties/p: $ref `#/components/responses/Conflict`: `#/components/responses/Conflict` is a response, where a schema belongs"), "{message}");
    let message = refusal(dir.path(), &with_property(json!({"$ref": "#/components/schemas/S/properties/q"})));
    assert!(message.contains("a cycle of refs"), "{message}");
}
