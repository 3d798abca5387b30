//! Swagger 2.0 input: each 2.0 construct gives the crate its OpenAPI 3.0
//! equivalent gives, byte for byte but for the digest of the spec's text,
//! with the same warnings, and `sdkgen diff` from one to the other reports
//! no change: a vendor's migration from 2.0 to 3.0 shows users nothing
//! where nothing changed.

use serde_json::{json, Value};
use std::path::Path;

fn write(dir: &Path, file: &str, document: &Value) -> std::path::PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(document).expect("serializes")).expect("writes the spec");
    path
}

fn options() -> sdkgen::Options {
    sdkgen::Options::new("fixture-swagger".to_owned())
}

/// Pairs of a Swagger 2.0 document and the OpenAPI 3.0 document of the
/// same meaning.
fn pairs() -> Vec<(&'static str, Value, Value)> {
    let info = json!({"title": "Pets", "version": "1.0.0"});
    let pet = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "tag": {"type": "string", "x-nullable": true}}});
    let pet_3 = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "tag": {"type": "string", "nullable": true}}});
    vec![
        (
            "servers, definitions, a body parameter, responses by produces",
            json!({
                "swagger": "2.0", "info": info, "host": "pets.example.com", "basePath": "/v1", "schemes": ["http", "https"],
                "consumes": ["application/json"], "produces": ["application/json"],
                "paths": {"/pets": {"post": {
                    "operationId": "addPet",
                    "parameters": [{"name": "pet", "in": "body", "required": true, "description": "The pet.", "schema": {"$ref": "#/definitions/Pet"}}],
                    "responses": {
                        "200": {"description": "The pet.", "schema": {"$ref": "#/definitions/Pet"}, "headers": {"X-Rate-Limit": {"type": "integer", "format": "int32", "description": "Calls left."}}},
                        "default": {"description": "An error.", "schema": {"$ref": "#/definitions/Error"}}
                    }
                }}},
                "definitions": {"Pet": pet, "Error": {"type": "object", "properties": {"message": {"type": "string"}}}}
            }),
            json!({
                "openapi": "3.0.3", "info": info,
                "servers": [{"url": "https://pets.example.com/v1"}, {"url": "http://pets.example.com/v1"}],
                "paths": {"/pets": {"post": {
                    "operationId": "addPet",
                    "requestBody": {"required": true, "description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "responses": {
                        "200": {"description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "headers": {"X-Rate-Limit": {"description": "Calls left.", "schema": {"type": "integer", "format": "int32"}}}},
                        "default": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                    }
                }}},
                "components": {"schemas": {"Pet": pet_3, "Error": {"type": "object", "properties": {"message": {"type": "string"}}}}}
            }),
        ),
        (
            "query, header and path parameters, collectionFormat, shared parameters",
            json!({
                "swagger": "2.0", "info": info,
                "paths": {"/pets/{kind}": {
                    "parameters": [{"$ref": "#/parameters/Kind"}],
                    "get": {
                        "operationId": "listPets",
                        "parameters": [
                            {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                            {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}},
                            {"name": "colours", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                            {"name": "sizes", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                            {"name": "limit", "in": "query", "type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 20},
                            {"name": "X-Trace", "in": "header", "type": "array", "items": {"type": "string"}, "collectionFormat": "csv"}
                        ],
                        "responses": {"200": {"description": "The pets.", "schema": {"type": "array", "items": {"type": "string"}}}}
                    }
                }},
                "parameters": {"Kind": {"name": "kind", "in": "path", "required": true, "type": "string", "enum": ["cat", "dog"]}}
            }),
            json!({
                "openapi": "3.0.3", "info": info,
                "paths": {"/pets/{kind}": {
                    "parameters": [{"$ref": "#/components/parameters/Kind"}],
                    "get": {
                        "operationId": "listPets",
                        "parameters": [
                            {"name": "tags", "in": "query", "style": "form", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}},
                            {"name": "ids", "in": "query", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}},
                            {"name": "colours", "in": "query", "style": "spaceDelimited", "schema": {"type": "array", "items": {"type": "string"}}},
                            {"name": "sizes", "in": "query", "style": "pipeDelimited", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}},
                            {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 20}},
                            {"name": "X-Trace", "in": "header", "style": "simple", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}
                        ],
                        "responses": {"200": {"description": "The pets.", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}
                    }
                }},
                "components": {"parameters": {"Kind": {"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": ["cat", "dog"]}}}}
            }),
        ),
        (
            "form data and a file",
            json!({
                "swagger": "2.0", "info": info,
                "paths": {
                    "/pets/{id}": {"post": {
                        "operationId": "updatePet",
                        "consumes": ["application/x-www-form-urlencoded"],
                        "parameters": [
                            {"name": "id", "in": "path", "required": true, "type": "integer", "format": "int64"},
                            {"name": "name", "in": "formData", "required": true, "type": "string"},
                            {"name": "age", "in": "formData", "type": "integer"}
                        ],
                        "responses": {"204": {"description": "Updated."}}
                    }},
                    "/pets/{id}/photo": {"post": {
                        "operationId": "uploadPhoto",
                        "consumes": ["multipart/form-data"],
                        "parameters": [
                            {"name": "id", "in": "path", "required": true, "type": "integer", "format": "int64"},
                            {"name": "file", "in": "formData", "type": "file", "description": "The photo."}
                        ],
                        "responses": {"204": {"description": "Uploaded."}}
                    }}
                }
            }),
            json!({
                "openapi": "3.0.3", "info": info,
                "paths": {
                    "/pets/{id}": {"post": {
                        "operationId": "updatePet",
                        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
                        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                            "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}
                        }}}},
                        "responses": {"204": {"description": "Updated."}}
                    }},
                    "/pets/{id}/photo": {"post": {
                        "operationId": "uploadPhoto",
                        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
                        "requestBody": {"content": {"multipart/form-data": {"schema": {
                            "type": "object", "properties": {"file": {"type": "string", "format": "binary", "description": "The photo."}}
                        }}}},
                        "responses": {"204": {"description": "Uploaded."}}
                    }}
                }
            }),
        ),
        (
            "security definitions",
            json!({
                "swagger": "2.0", "info": info,
                "securityDefinitions": {
                    "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://auth.example.com/token", "scopes": {"pets:read": "Read pets."}},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
                },
                "security": [{"oauth": ["pets:read"]}],
                "paths": {"/pets": {"get": {"operationId": "listPets", "security": [{"key": []}], "responses": {"204": {"description": "Listed."}}}}}
            }),
            json!({
                "openapi": "3.0.3", "info": info,
                "security": [{"oauth": ["pets:read"]}],
                "paths": {"/pets": {"get": {"operationId": "listPets", "security": [{"key": []}], "responses": {"204": {"description": "Listed."}}}}},
                "components": {"securitySchemes": {
                    "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {"pets:read": "Read pets."}}}},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
                }}
            }),
        ),
        (
            "a discriminator by property name, allOf and a file response",
            json!({
                "swagger": "2.0", "info": info, "produces": ["application/json"],
                "paths": {
                    "/animals": {"get": {"operationId": "listAnimals", "responses": {"200": {"description": "Animals.", "schema": {"type": "array", "items": {"$ref": "#/definitions/Animal"}}}}}},
                    "/animals/photo": {"get": {"operationId": "getPhoto", "produces": ["image/png"], "responses": {"200": {"description": "A photo.", "schema": {"type": "file"}}}}}
                },
                "definitions": {
                    "Animal": {"type": "object", "discriminator": "kind", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
                    "Cat": {"allOf": [{"$ref": "#/definitions/Animal"}, {"type": "object", "properties": {"lives": {"type": "integer"}}}]}
                }
            }),
            json!({
                "openapi": "3.0.3", "info": info,
                "paths": {
                    "/animals": {"get": {"operationId": "listAnimals", "responses": {"200": {"description": "Animals.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Animal"}}}}}}}},
                    "/animals/photo": {"get": {"operationId": "getPhoto", "responses": {"200": {"description": "A photo.", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}}}}
                },
                "components": {"schemas": {
                    "Animal": {"type": "object", "discriminator": {"propertyName": "kind"}, "required": ["kind"], "properties": {"kind": {"type": "string"}}},
                    "Cat": {"allOf": [{"$ref": "#/components/schemas/Animal"}, {"type": "object", "properties": {"lives": {"type": "integer"}}}]}
                }}
            }),
        ),
    ]
}

#[test]
fn each_2_0_construct_gives_the_crate_its_3_0_equivalent_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (what, old, new) in pairs() {
        let swagger = write(dir.path(), "swagger.json", &old);
        let openapi = write(dir.path(), "openapi.json", &new);
        let got = sdkgen::generate(&swagger, &options()).unwrap_or_else(|err| panic!("{what}: {err}"));
        let expected = sdkgen::generate(&openapi, &options()).unwrap_or_else(|err| panic!("{what} (3.0): {err}"));
        let paths = |generated: &sdkgen::Generated| generated.files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&got), paths(&expected), "{what}: the files differ");
        for (path, text) in &expected.files {
            let text = text.replace(&expected.digest, "DIGEST");
            let got = got.files[path].replace(&got.digest, "DIGEST");
            assert!(got == text, "{what}: {path} differs from the 3.0 document's:\n{got}");
        }
        let messages = |generated: &sdkgen::Generated| generated.warnings.iter().map(|warning| warning.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&got), messages(&expected), "{what}: the warnings differ");
        let report = sdkgen::compare(&swagger, &openapi, &options()).expect("compares");
        assert!(report.changes.is_empty(), "{what}: sdkgen diff reports {:?}", report.changes);
    }
}

/// A multi-file 2.0 document, its parts joined by relative refs (a body
/// schema in another file, parameters in a file of their own), reads as
/// the one-file document does.
#[test]
fn a_multi_file_2_0_document_is_bundled_as_3_x_documents_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::write(dir.path().join("Pet.json"), json!({"type": "object", "properties": {"name": {"type": "string"}}}).to_string()).expect("writes");
    std::fs::write(dir.path().join("parameters.json"), json!({"limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"}}).to_string()).expect("writes");
    let split = json!({
        "swagger": "2.0", "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {
            "get": {"operationId": "listPets", "parameters": [{"$ref": "parameters.json#/limit"}], "responses": {"200": {"description": "Pets.", "schema": {"type": "array", "items": {"$ref": "Pet.json"}}}}},
            "post": {"operationId": "addPet", "parameters": [{"name": "pet", "in": "body", "schema": {"$ref": "Pet.json"}}], "responses": {"204": {"description": "Added."}}}
        }}
    });
    let whole = json!({
        "swagger": "2.0", "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {
            "get": {"operationId": "listPets", "parameters": [{"$ref": "#/parameters/limit"}], "responses": {"200": {"description": "Pets.", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}}},
            "post": {"operationId": "addPet", "parameters": [{"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}], "responses": {"204": {"description": "Added."}}}
        }},
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"}},
        "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
    });
    let got = sdkgen::generate(&write(dir.path(), "split.json", &split), &options()).expect("the split document generates");
    let expected = sdkgen::generate(&write(dir.path(), "whole.json", &whole), &options()).expect("the whole document generates");
    for (path, text) in &expected.files {
        assert_eq!(got.files[path].replace(&got.digest, "DIGEST"), text.replace(&expected.digest, "DIGEST"), "{path}");
    }
}

/// What 2.0 has and 3.x has not: a query list joined by tabs (`tsv`) is
/// sent so; a collection format outside the query with no 3.x style (a
/// header's `pipes`) is sent joined by commas and said at its place.
#[test]
fn collection_formats_without_a_3_x_style_are_sent_as_2_0_says_or_warned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let document = json!({
        "swagger": "2.0", "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {"get": {"operationId": "listPets", "parameters": [
            {"name": "body", "in": "body", "schema": {"type": "object"}},
            {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
            {"name": "X-Codes", "in": "header", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
        ], "responses": {"204": {"description": "Listed."}}}}}
    });
    let path = write(dir.path(), "swagger.json", &document);
    let generated = sdkgen::generate(&path, &options()).expect("generates");
    let requests = &generated.files["src/requests.rs"];
    assert!(requests.contains("QueryList {\n                        explode: false,\n                        delimiter: '\\t',"), "{requests}");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    // The header was the third 2.0 parameter; the body left the list.
    assert!(
        warnings.iter().any(|warning| warning.contains("swagger.json#/paths/~1pets/get/parameters/2/collectionFormat: `collectionFormat: pipes` has no OpenAPI 3 style for a header parameter")),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    // The change report knows the delimiter: from commas to tabs is a
    // change on the wire.
    let mut commas = document.clone();
    commas["paths"]["/pets"]["get"]["parameters"][1]["collectionFormat"] = json!("csv");
    let report = sdkgen::compare(&write(dir.path(), "commas.json", &commas), &path, &options()).expect("compares");
    assert!(report.changes.iter().any(|change| change.kind == sdkgen::diff::ChangeKind::Wire && change.change.contains("'\\t'")), "{:?}", report.changes);
}
