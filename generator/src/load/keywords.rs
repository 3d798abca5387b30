//! Checks the bundled document's keys and keywords against OpenAPI 3.0, so
//! nothing in it is dropped without a word: `openapiv3` ignores keys it does
//! not know (`GET:`, `paramters:`) and takes a schema with an unknown `type`
//! for one with none. Also mends one habit of Swagger 2 specs, `required:
//! true` on a property, which `openapiv3` cannot read.

use super::escape_pointer_segment;
use serde_json::{Map, Value};

/// One thing found: where (a JSON pointer into the bundled document), what,
/// and whether it stops generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
    pub fatal: bool,
}

/// What an OpenAPI object is, by where it sits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Example,
    Header,
    Tag,
    Schema,
    Discriminator,
    Xml,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
}

/// What a key's value is.
#[derive(Clone, Copy)]
enum Child {
    One(Kind),
    /// A map from names (data, any text) to objects of a kind.
    Map(Kind),
    List(Kind),
    /// Data, or a part this check does not look into.
    Opaque,
    /// Callbacks and links: read, but not supported.
    Unsupported(&'static str),
}

use Child::{List, Map as Named, One, Opaque, Unsupported};

/// A parameter's keys, `name` and `in` first.
const PARAMETER: &[(&str, Child)] = &[
    ("name", Opaque),
    ("in", Opaque),
    ("description", Opaque),
    ("required", Opaque),
    ("deprecated", Opaque),
    ("allowEmptyValue", Opaque),
    ("style", Opaque),
    ("explode", Opaque),
    ("allowReserved", Opaque),
    ("schema", One(Kind::Schema)),
    ("example", Opaque),
    ("examples", Named(Kind::Example)),
    ("content", Named(Kind::MediaType)),
];

/// The keys an object of `kind` may have (besides `x-` extensions).
fn keys(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Root => &[
            ("openapi", Opaque),
            ("info", One(Kind::Info)),
            ("servers", List(Kind::Server)),
            ("paths", One(Kind::Paths)),
            ("components", One(Kind::Components)),
            ("security", Opaque),
            ("tags", List(Kind::Tag)),
            ("externalDocs", One(Kind::ExternalDocs)),
        ],
        Kind::Info => &[
            ("title", Opaque),
            ("description", Opaque),
            ("termsOfService", Opaque),
            ("contact", One(Kind::Contact)),
            ("license", One(Kind::License)),
            ("version", Opaque),
        ],
        Kind::Contact => &[("name", Opaque), ("url", Opaque), ("email", Opaque)],
        Kind::License => &[("name", Opaque), ("url", Opaque)],
        Kind::Server => &[("url", Opaque), ("description", Opaque), ("variables", Named(Kind::ServerVariable))],
        Kind::ServerVariable => &[("enum", Opaque), ("default", Opaque), ("description", Opaque)],
        Kind::Components => &[
            ("schemas", Named(Kind::Schema)),
            ("responses", Named(Kind::Response)),
            ("parameters", Named(Kind::Parameter)),
            ("examples", Named(Kind::Example)),
            ("requestBodies", Named(Kind::RequestBody)),
            ("headers", Named(Kind::Header)),
            ("securitySchemes", Named(Kind::SecurityScheme)),
            ("links", Unsupported("links")),
            ("callbacks", Unsupported("callbacks")),
        ],
        Kind::Paths => &[],
        Kind::PathItem => &[
            ("summary", Opaque),
            ("description", Opaque),
            ("get", One(Kind::Operation)),
            ("put", One(Kind::Operation)),
            ("post", One(Kind::Operation)),
            ("delete", One(Kind::Operation)),
            ("options", One(Kind::Operation)),
            ("head", One(Kind::Operation)),
            ("patch", One(Kind::Operation)),
            ("trace", One(Kind::Operation)),
            ("servers", List(Kind::Server)),
            ("parameters", List(Kind::Parameter)),
        ],
        Kind::Operation => &[
            ("tags", Opaque),
            ("summary", Opaque),
            ("description", Opaque),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("operationId", Opaque),
            ("parameters", List(Kind::Parameter)),
            ("requestBody", One(Kind::RequestBody)),
            ("responses", One(Kind::Responses)),
            ("callbacks", Unsupported("callbacks")),
            ("deprecated", Opaque),
            ("security", Opaque),
            ("servers", List(Kind::Server)),
        ],
        Kind::ExternalDocs => &[("description", Opaque), ("url", Opaque)],
        Kind::Parameter => PARAMETER,
        Kind::RequestBody => &[("description", Opaque), ("content", Named(Kind::MediaType)), ("required", Opaque)],
        Kind::MediaType => &[("schema", One(Kind::Schema)), ("example", Opaque), ("examples", Named(Kind::Example)), ("encoding", Named(Kind::Encoding))],
        Kind::Encoding => &[("contentType", Opaque), ("headers", Named(Kind::Header)), ("style", Opaque), ("explode", Opaque), ("allowReserved", Opaque)],
        Kind::Responses => &[],
        Kind::Response => &[
            ("description", Opaque),
            ("headers", Named(Kind::Header)),
            ("content", Named(Kind::MediaType)),
            ("links", Unsupported("links")),
        ],
        Kind::Example => &[("summary", Opaque), ("description", Opaque), ("value", Opaque), ("externalValue", Opaque)],
        // A header object is a parameter without `name` and `in`.
        Kind::Header => &PARAMETER[2..],
        Kind::Tag => &[("name", Opaque), ("description", Opaque), ("externalDocs", One(Kind::ExternalDocs))],
        Kind::Schema => &[
            ("title", Opaque),
            ("multipleOf", Opaque),
            ("maximum", Opaque),
            ("exclusiveMaximum", Opaque),
            ("minimum", Opaque),
            ("exclusiveMinimum", Opaque),
            ("maxLength", Opaque),
            ("minLength", Opaque),
            ("pattern", Opaque),
            ("maxItems", Opaque),
            ("minItems", Opaque),
            ("uniqueItems", Opaque),
            ("maxProperties", Opaque),
            ("minProperties", Opaque),
            ("required", Opaque),
            ("enum", Opaque),
            ("type", Opaque),
            ("allOf", List(Kind::Schema)),
            ("oneOf", List(Kind::Schema)),
            ("anyOf", List(Kind::Schema)),
            ("not", One(Kind::Schema)),
            ("items", One(Kind::Schema)),
            ("properties", Named(Kind::Schema)),
            ("additionalProperties", One(Kind::Schema)),
            ("description", Opaque),
            ("format", Opaque),
            ("default", Opaque),
            ("nullable", Opaque),
            ("discriminator", One(Kind::Discriminator)),
            ("readOnly", Opaque),
            ("writeOnly", Opaque),
            ("xml", One(Kind::Xml)),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("example", Opaque),
            ("deprecated", Opaque),
        ],
        Kind::Discriminator => &[("propertyName", Opaque), ("mapping", Opaque)],
        Kind::Xml => &[("name", Opaque), ("namespace", Opaque), ("prefix", Opaque), ("attribute", Opaque), ("wrapped", Opaque)],
        Kind::SecurityScheme => &[
            ("type", Opaque),
            ("description", Opaque),
            ("name", Opaque),
            ("in", Opaque),
            ("scheme", Opaque),
            ("bearerFormat", Opaque),
            ("flows", One(Kind::OAuthFlows)),
            ("openIdConnectUrl", Opaque),
        ],
        Kind::OAuthFlows => &[
            ("implicit", One(Kind::OAuthFlow)),
            ("password", One(Kind::OAuthFlow)),
            ("clientCredentials", One(Kind::OAuthFlow)),
            ("authorizationCode", One(Kind::OAuthFlow)),
        ],
        Kind::OAuthFlow => &[("authorizationUrl", Opaque), ("tokenUrl", Opaque), ("refreshUrl", Opaque), ("scopes", Opaque)],
    }
}

/// The values `type` may have in a schema.
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
/// The values `in` may have in a parameter.
const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

/// Checks `document` (a bundled spec: every ref is local) and mends
/// `required: true` on properties; returns what it found.
pub fn check(document: &mut Value) -> Vec<Finding> {
    let mut checker = Checker { findings: Vec::new() };
    checker.object(document, Kind::Root, &mut String::new());
    checker.findings
}

struct Checker {
    findings: Vec<Finding>,
}

impl Checker {
    fn find(&mut self, pointer: &str, message: String, fatal: bool) {
        self.findings.push(Finding { pointer: pointer.to_owned(), message, fatal });
    }

    fn object(&mut self, value: &mut Value, kind: Kind, pointer: &mut String) {
        let Value::Object(object) = value else { return };
        if object.contains_key("$ref") {
            let ignored: Vec<&String> = object.keys().filter(|key| *key != "$ref" && !key.starts_with("x-")).collect();
            if !ignored.is_empty() {
                let keys: Vec<String> = ignored.iter().map(|key| format!("`{key}`")).collect();
                let verb = if keys.len() == 1 { "is" } else { "are" };
                self.find(pointer, format!("{} beside `$ref` {verb} ignored (OpenAPI 3.0 reads only the ref)", keys.join(", ")), false);
            }
            return;
        }
        match kind {
            Kind::Paths => return self.paths(object, pointer),
            Kind::Responses => return self.responses(object, pointer),
            Kind::Schema => self.schema(object, pointer),
            Kind::Parameter => self.value_in(object, "in", LOCATIONS, "a parameter location", pointer),
            _ => {}
        }
        let allowed = keys(kind);
        for (key, child) in object.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(key));
            match allowed.iter().find(|(name, _)| name == key) {
                Some((_, child_kind)) => self.child(child, *child_kind, pointer),
                None => {
                    let hint = suggestion(key, allowed.iter().map(|(name, _)| *name)).map(|known| format!("; did you mean `{known}`?")).unwrap_or_default();
                    let fatal = !hint.is_empty();
                    self.find(pointer, format!("`{key}` is not a key of {} and is ignored{hint}", article(kind)), fatal);
                }
            }
            pointer.truncate(len);
        }
    }

    fn child(&mut self, value: &mut Value, child: Child, pointer: &mut String) {
        match (child, value) {
            (One(kind), value) => self.object(value, kind, pointer),
            (Named(kind), Value::Object(entries)) => {
                for (name, entry) in entries.iter_mut() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_segment(name));
                    self.object(entry, kind, pointer);
                    pointer.truncate(len);
                }
            }
            (List(kind), Value::Array(items)) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{index}"));
                    self.object(item, kind, pointer);
                    pointer.truncate(len);
                }
            }
            (Unsupported(what), Value::Object(entries)) if !entries.is_empty() => {
                self.find(pointer, format!("{what} are not supported; the client leaves them out"), false);
            }
            _ => {}
        }
    }

    /// Path keys start with `/`.
    fn paths(&mut self, paths: &mut Map<String, Value>, pointer: &mut String) {
        for (path, item) in paths.iter_mut().filter(|(path, _)| !path.starts_with("x-")) {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(path));
            if !path.starts_with('/') {
                self.find(pointer, format!("the path `{path}` does not start with `/`"), true);
            } else {
                self.object(item, Kind::PathItem, pointer);
            }
            pointer.truncate(len);
        }
    }

    /// Response keys are `default`, a status code, or a range like `4XX`.
    fn responses(&mut self, responses: &mut Map<String, Value>, pointer: &mut String) {
        for (status, response) in responses.iter_mut().filter(|(status, _)| !status.starts_with("x-")) {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(status));
            let bytes = status.as_bytes();
            let code = bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && bytes[1..].iter().all(u8::is_ascii_digit);
            let range = bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && bytes[1..].eq_ignore_ascii_case(b"xx");
            if status == "default" || code || range {
                self.object(response, Kind::Response, pointer);
            } else {
                self.find(pointer, format!("`{status}` is not a status code, a range like `4XX`, or `default`; the response is ignored"), true);
            }
            pointer.truncate(len);
        }
    }

    /// A schema's `type`, and `required: true` on its properties (Swagger
    /// 2's way): taken as the property being required, with a warning.
    fn schema(&mut self, schema: &mut Map<String, Value>, pointer: &str) {
        self.schema_type(schema, pointer);
        let Some(Value::Object(properties)) = schema.get_mut("properties") else { return };
        let mut required = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(flag) = property.as_object_mut().and_then(|property| property.get("required")).and_then(Value::as_bool) else { continue };
            if let Some(property) = property.as_object_mut() {
                property.remove("required");
            }
            let at = format!("{pointer}/properties/{}/required", escape_pointer_segment(name));
            self.find(&at, format!("`required: {flag}` on a property is Swagger 2's way; taken as the property being {}", if flag { "required" } else { "optional" }), false);
            if flag {
                required.push(Value::String(name.clone()));
            }
        }
        if !required.is_empty() {
            match schema.entry("required").or_insert_with(|| Value::Array(Vec::new())) {
                Value::Array(list) => list.extend(required.into_iter().filter(|name| !list.contains(name)).collect::<Vec<_>>()),
                other => *other = Value::Array(required),
            }
        }
    }

    /// A `type` that misspells a schema type stops generation; any other
    /// unknown `type` (`date-time`, a format given as a type) is read, as
    /// `openapiv3` reads it, as a schema of any JSON value, with a warning.
    fn schema_type(&mut self, schema: &Map<String, Value>, pointer: &str) {
        let Some(Value::String(found)) = schema.get("type") else {
            return self.value_in(schema, "type", SCHEMA_TYPES, "a schema type", pointer);
        };
        if SCHEMA_TYPES.contains(&found.as_str()) {
            return;
        }
        let at = format!("{pointer}/type");
        match suggestion(found, SCHEMA_TYPES.iter().copied()) {
            Some(known) => self.find(&at, format!("`{found}` is not a schema type; did you mean `{known}`?"), true),
            None => self.find(&at, format!("`{found}` is not a schema type; the schema is taken as any JSON value"), false),
        }
    }

    fn value_in(&mut self, object: &Map<String, Value>, key: &str, allowed: &[&str], what: &str, pointer: &str) {
        let Some(value) = object.get(key) else { return };
        if !value.as_str().is_some_and(|value| allowed.contains(&value)) {
            let known: Vec<String> = allowed.iter().map(|value| format!("`{value}`")).collect();
            self.find(&format!("{pointer}/{key}"), format!("{value} is not {what}; expected one of {}", known.join(", ")), true);
        }
    }
}

/// "an operation", "a schema"... for messages.
fn article(kind: Kind) -> String {
    let name = format!("{kind:?}");
    let mut words = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() && index > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {words}")
}

/// The known key that `key` most likely misspells: the same but for case,
/// or one or two edits away.
fn suggestion<'k>(key: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known.filter(|candidate| candidate.eq_ignore_ascii_case(key) || edits(key, candidate) <= 2).min_by_key(|candidate| edits(key, candidate))
}

/// The Levenshtein distance between two short words.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(previous + cost);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn findings(mut document: Value) -> Vec<(String, bool)> {
        check(&mut document).into_iter().map(|finding| (format!("{}: {}", finding.pointer, finding.message), finding.fatal)).collect()
    }

    #[test]
    fn misspelled_keys_and_unknown_values_are_found() {
        let found = findings(json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"GET": {}, "post": {"paramters": [], "responses": {"2OO": {}}}},
                "b": {"get": {}}
            },
            "components": {"schemas": {
                "S": {"type": "strnig", "x-ok": 1, "colour": "red"},
                "T": {"type": "date-time"},
                "U": {"type": 7}
            }}
        }));
        assert_eq!(
            found,
            [
                ("/paths/~1a/GET: `GET` is not a key of a path item and is ignored; did you mean `get`?".to_owned(), true),
                ("/paths/~1a/post/paramters: `paramters` is not a key of an operation and is ignored; did you mean `parameters`?".to_owned(), true),
                ("/paths/~1a/post/responses/2OO: `2OO` is not a status code, a range like `4XX`, or `default`; the response is ignored".to_owned(), true),
                ("/paths/b: the path `b` does not start with `/`".to_owned(), true),
                ("/components/schemas/S/type: `strnig` is not a schema type; did you mean `string`?".to_owned(), true),
                ("/components/schemas/S/colour: `colour` is not a key of a schema and is ignored".to_owned(), false),
                ("/components/schemas/T/type: `date-time` is not a schema type; the schema is taken as any JSON value".to_owned(), false),
                ("/components/schemas/U/type: 7 is not a schema type; expected one of `string`, `number`, `integer`, `boolean`, `array`, `object`".to_owned(), true),
            ]
        );
    }

    #[test]
    fn required_true_on_a_property_is_mended() {
        let mut document = json!({"components": {"schemas": {"S": {"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"type": "string", "required": true}, "c": {"type": "string", "required": false}
        }}}}});
        let found = check(&mut document);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|finding| !finding.fatal));
        assert_eq!(document["components"]["schemas"]["S"]["required"], json!(["a", "b"]));
        assert!(document["components"]["schemas"]["S"]["properties"]["b"].get("required").is_none());
    }
}
