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

/// The pointers of what generating the `lenient` fixture warned about.
fn lenient_warnings() -> Vec<String> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lenient.yaml");
    let generated = sdkgen::generate(&spec, &sdkgen::Options::new("fixture-lenient".to_owned())).expect("the lenient fixture generates");
    generated.warnings.iter().map(|warning| warning.to_string().split_once("lenient.yaml#").map(|(_, rest)| rest.to_owned()).unwrap_or_default()).collect()
}

/// Each rule the `lenient` fixture breaks, where the document still means
/// one thing, is read as meant and warned about at its own place (and the
/// fixture's crate builds clippy-clean with the others, in `compile.rs`).
#[test]
fn a_broken_rule_with_one_meaning_is_read_as_meant_and_warned_at_its_place() {
    let warnings = lenient_warnings();
    let expected = [
        ("/info/version:", "no `version`"),
        ("/paths/~1notes~1{noteId}/get/parameters/0/required:", "a path parameter is always required"),
        ("/paths/~1notes~1{noteId}/get/parameters/0/schema/minimum:", "does not apply to a schema of type `string`"),
        ("/paths/~1notes~1{noteId}/get/parameters/1/schema/exclusiveMinimum:", "a numeric exclusive bound is OpenAPI 3.1's spelling"),
        ("/paths/~1notes~1{noteId}/get/parameters/2/schema/type:", "a list of types is OpenAPI 3.1's spelling"),
        ("/paths/~1notes~1{noteId}/get/security/0/oauth2:", "read as no scopes"),
        ("/paths/~1notes~1{noteId}/get/callbacks:", "callbacks are not supported"),
        ("/paths/~1notes~1{noteId}/get/responses/200/description:", "no `description`"),
        ("/paths/~1notes~1{noteId}/put/operationId:", "this operation is named `getNote_put`"),
        ("/paths/~1notes~1{noteId}/put/responses:", "no `responses`"),
        ("/paths/~1tags/get/responses/200/content/application~1json/schema/required:", "`required: true` on a schema that is not a property"),
        ("/components/schemas/Note/properties/id/type:", "taken as `string`"),
        ("/components/schemas/Note/properties/extra/type:", "taken as any JSON value"),
        ("/components/schemas/Note/properties/title/not:", "a check the client does not make"),
    ];
    for (place, says) in expected {
        assert!(warnings.iter().any(|warning| warning.starts_with(place) && warning.contains(says)), "no warning at {place} saying {says}: {warnings:#?}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lenient.yaml");
    let strict = std::process::Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["generate", "--strict", "--crate-name", "fixture-lenient", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .expect("runs sdkgen");
    assert_eq!(strict.status.code(), Some(2), "--strict refuses what is read leniently: {}", String::from_utf8_lossy(&strict.stderr));
    assert!(!dir.path().join("out").exists(), "a refused run writes nothing");
}

/// What a lenient reading gives: the path parameter is required, the
/// integer bound exclusive, the misspelt `string,` a string, the
/// property that must be absent gone, the object closed, the repeated
/// operationId a method of its own.
#[test]
fn what_is_read_leniently_is_what_the_document_means() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lenient.yaml");
    let generated = sdkgen::generate(&spec, &sdkgen::Options::new("fixture-lenient".to_owned())).expect("generates");
    let models = &generated.files["src/models.rs"];
    let note = &models[models.find("pub struct Note {").expect("Note")..];
    let note = &note[..note.find("\n}\n").expect("the struct ends")];
    assert!(note.contains("pub id: ::std::string::String,"), "{note}");
    assert!(!note.contains("legacy"), "a property that must be absent is no field: {note}");
    assert!(!note.contains("additional_properties"), "a closed object keeps no others: {note}");
    let requests = &generated.files["src/requests.rs"];
    assert!(requests.contains("pub fn get_note_put("), "{requests}");
    let get_note = &requests[requests.find("pub fn get_note(").expect("get_note")..];
    assert!(get_note.starts_with("pub fn get_note(\n        &self,\n        note_id: impl ::std::convert::Into<::std::string::String>,"), "a required path parameter is an argument: {get_note}");
}

/// Text kept in another file by `$ref` (a habit of multi-file tooling),
/// a document without `info` or `paths`, YAML's `null` in a 3.1 type
/// list, and the `mutualTLS` scheme read as meant.
#[test]
fn documents_missing_parts_or_spelling_them_their_own_way_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::write(dir.path().join("description.yml"), "introduction: Notes, kept apart.\n").expect("writes the text");
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Notes", "version": "1", "description": {"$ref": "description.yml#/introduction"}},
        "security": [{"mtls": []}, {"key": []}],
        "paths": {"/n": {"get": {"operationId": "getN", "security": [{"mtls": []}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["integer", null]}}}}}}}},
        "components": {"securitySchemes": {
            "mtls": {"type": "mutualTLS"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
        }}
    });
    let generated = generate(dir.path(), &document);
    let said = warnings(&generated);
    assert!(said.iter().any(|warning| warning.contains("#/info/description: text given by `$ref`")), "{said:#?}");
    assert!(said.iter().any(|warning| warning.contains("#/components/securitySchemes/mtls: mutual TLS")), "{said:#?}");
    assert!(said.iter().any(|warning| warning.contains("#/paths/~1n/get/responses/200/content/application~1json/schema/type: YAML's `null`")), "{said:#?}");
    assert!(generated.files["README.md"].contains("Notes, kept apart."), "the text is the description");

    let bare = json!({"openapi": "3.0.3", "components": {"schemas": {"Note": {"type": "object", "properties": {"n": {"type": "string"}}}}}});
    let generated = generate(dir.path(), &bare);
    let said = warnings(&generated);
    assert!(said.iter().any(|warning| warning.contains("#/info: the document has no `info`; its title is taken from the file name, `openapi`")), "{said:#?}");
    assert!(said.iter().any(|warning| warning.contains("#/paths: the document has no `paths`")), "{said:#?}");
    assert!(type_names(&generated).contains(&"Note".to_owned()));
}

/// An `allOf` of scalars is the scalar they agree on, the most specific
/// one; scalars of different types admit no value: any JSON value, with a
/// warning naming both members.
#[test]
fn an_all_of_of_scalars_is_the_scalar_they_agree_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with = |properties: Value| {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Scalars", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Colour": {"type": "string", "enum": ["red", "green"]}, "R": {"type": "object", "properties": properties}}}
        })
    };
    let generated = generate(dir.path(), &with(json!({
        "c": {"allOf": [{"$ref": "#/components/schemas/Colour"}, {"type": "string", "nullable": true}]},
        "d": {"allOf": [{"type": "string"}, {"type": "string", "maxLength": 3}], "description": "Two strings."},
        "n": {"allOf": [{"type": "number"}, {"type": "integer"}]}
    })));
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("pub c: ::std::option::Option<crate::models::Colour>,"), "{models}");
    assert!(models.contains("pub d: ::std::option::Option<::std::string::String>,"), "{models}");
    assert!(models.contains("pub n: ::std::option::Option<i64>,"), "{models}");
    assert!(warnings(&generated).is_empty(), "{:?}", warnings(&generated));
    let generated = generate(dir.path(), &with(json!({"x": {"allOf": [{"type": "string"}, {"type": "boolean"}]}})));
    assert!(generated.files["src/models.rs"].contains("pub x: ::std::option::Option<::serde_json::Value>,"));
    let said = warnings(&generated);
    assert!(said.iter().any(|warning| warning.contains("#/components/schemas/R/properties/x/allOf/1: this allOf member is a boolean and member 0 a string: no value is both")), "{said:?}");
}

/// A discriminated union reads each member by its tag, taken from every
/// source the spec gives: a `$ref` with a `title` beside it (3.1), inline
/// members with a `const` tag. Members listed twice are one variant; a
/// tag two members claim, or members whose tags are unknown, make the
/// union read by shape, with a warning; a mapping to no member is warned.
#[test]
fn a_discriminated_union_finds_its_tags_or_is_read_by_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Unions", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "A": {"type": "object", "required": ["type"], "properties": {"type": {"const": "tokens"}}},
            "A2": {"type": "object", "required": ["type"], "properties": {"type": {"const": "tokens"}, "n": {"type": "integer"}}},
            "B": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["duration"]}}},
            "R": {"type": "object", "properties": {
                "titled": {"discriminator": {"propertyName": "type"}, "oneOf": [
                    {"$ref": "#/components/schemas/A", "title": "Tokens"}, {"$ref": "#/components/schemas/B", "title": "Duration"}
                ]},
                "inline": {"discriminator": {"propertyName": "kind"}, "oneOf": [
                    {"type": "object", "properties": {"kind": {"const": "one"}, "a": {"type": "string"}}},
                    {"type": "object", "properties": {"kind": {"const": "two"}, "b": {"type": "integer"}}}
                ]},
                "shared": {"discriminator": {"propertyName": "type"}, "oneOf": [
                    {"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A2"}, {"$ref": "#/components/schemas/A"}
                ]},
                "mapped": {"discriminator": {"propertyName": "type", "mapping": {"x": "#/components/schemas/Nope"}}, "oneOf": [{"$ref": "#/components/schemas/A"}]}
            }}
        }}
    });
    let generated = generate(dir.path(), &document);
    let models = &generated.files["src/models.rs"];
    for arm in [r#"Some("tokens") => ::serde_json::from_value(value).map(Self::A),"#, r#"Some("duration") => ::serde_json::from_value(value).map(Self::B),"#, r#"Some("one") =>"#, r#"Some("two") =>"#] {
        assert!(models.contains(arm), "no arm {arm}:\n{models}");
    }
    let said = warnings(&generated);
    for (place, says) in [
        ("#/components/schemas/R/properties/shared/oneOf/2:", "is a member of this union already"),
        ("#/components/schemas/R/properties/shared/oneOf/1:", "selects an earlier member"),
        ("#/components/schemas/R/properties/shared/discriminator:", "the union is read by shape"),
        ("#/components/schemas/R/properties/mapped/discriminator/mapping:", "`#/components/schemas/Nope` is no member of this union"),
    ] {
        assert!(said.iter().any(|warning| warning.contains(place) && warning.contains(says)), "no warning at {place} saying {says}: {said:#?}");
    }
    assert_eq!(models.matches("Some(\"tokens\")").count(), 2, "one arm a tag, in the two tagged unions that have it:\n{models}");
}

/// Text by `$ref` in a file the root refers to is warned at its place in
/// that file; a 3.2 media type given by `$ref` to `components.mediaTypes`
/// (which 3.2 allows, so no warning) is the media type it names.
#[test]
fn text_by_ref_in_another_file_and_a_media_type_by_ref_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::write(dir.path().join("text.yml"), "note: A note, kept apart.\n").expect("writes the text");
    std::fs::write(dir.path().join("Note.json"), json!({"type": "object", "description": {"$ref": "text.yml#/note"}, "properties": {"n": {"type": "integer"}}}).to_string()).expect("writes the schema");
    let document = json!({
        "openapi": "3.2.0",
        "info": {"title": "Notes", "version": "1"},
        "paths": {"/n": {"get": {"operationId": "getN", "responses": {"200": {"description": "ok", "content": {"application/json": {"$ref": "#/components/mediaTypes/Note"}}}}}}},
        "components": {"mediaTypes": {"Note": {"schema": {"$ref": "Note.json"}}}}
    });
    let generated = generate(dir.path(), &document);
    let said = warnings(&generated);
    assert!(said.iter().any(|warning| warning.contains("Note.json#/description: text given by `$ref` (`text.yml#/note`)")), "{said:#?}");
    assert_eq!(said.len(), 1, "{said:#?}");
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("/// A note, kept apart.") && models.contains("pub struct Note {"), "{models}");
    assert!(generated.files["src/requests.rs"].contains("crate::models::Note"), "the media type's schema is the answer's");
}
