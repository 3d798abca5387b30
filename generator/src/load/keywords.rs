//! Checks the bundled document's keys and keywords against OpenAPI 3.0, so
//! nothing in it is dropped without a word: `openapiv3` ignores keys it does
//! not know (`GET:`, `paramters:`) and takes a schema with an unknown `type`
//! for one with none.
//!
//! Where a spec's mistake has one evident meaning it is read as meant, with
//! a warning naming the place (`--strict` makes every warning an error): a
//! key that differs from a known one only in case (`readonly`, `GET`), a
//! number or boolean where OpenAPI wants text (`version: 1`, `openapi:
//! 3.0`), `required: true` on a property (Swagger 2's way). Any other
//! unknown key is a warning that says it is ignored, and what it most
//! likely misspells.

use super::dialect;
use super::lenient;
use super::never;
use super::grammar::{allowed, article, suggestion, Child, Dialect, Kind, LOCATIONS};
use Child::{List, Map as Named, One, Text, Unsupported};
use super::pointer::{escape_pointer_segment, Finding};
use serde_json::{Map, Value};


/// Checks `document` (a bundled spec of `dialect`: every ref is local) and
/// mends `required: true` on properties; returns what it found.
pub fn check(document: &mut Value, dialect: Dialect, file_stem: &str) -> Vec<Finding> {
    let mut checker = Checker { findings: Vec::new(), dialect };
    checker.findings.extend(strip_marks(document));
    if dialect >= Dialect::V3_1 {
        dialect::document(document, &mut checker.findings);
    }
    lenient::document(document, dialect, file_stem, &mut checker.findings);
    checker.object(document, Kind::Root, &mut String::new());
    if let Some(version) = document.get("openapi").and_then(Value::as_str).filter(|version| version.split('.').count() == 2) {
        let message = format!("`{version}` names no patch version; read as OpenAPI `{version}.x`");
        checker.find("/openapi", message, false);
    }
    checker.findings
}

struct Checker {
    findings: Vec<Finding>,
    dialect: Dialect,
}

impl Checker {
    fn find(&mut self, pointer: &str, message: String, fatal: bool) {
        self.findings.push(Finding { pointer: pointer.to_owned(), message, fatal });
    }

    fn object(&mut self, value: &mut Value, kind: Kind, pointer: &mut String) {
        let since_3_1 = self.dialect >= Dialect::V3_1;
        if since_3_1 && kind == Kind::Schema {
            dialect::boolean_schema(value);
        }
        let Value::Object(object) = value else { return };
        let read_beside = since_3_1 && kind == Kind::Schema && dialect::ref_with_siblings(object);
        if object.contains_key("$ref") && !read_beside {
            // 3.1 lets a reference object override the target's summary and description.
            let overrides: &[&str] = if since_3_1 { &["summary", "description"] } else { &[] };
            let ignored: Vec<&String> = object.keys().filter(|key| *key != "$ref" && !key.starts_with("x-") && !overrides.contains(&key.as_str())).collect();
            if !ignored.is_empty() {
                let keys: Vec<String> = ignored.iter().map(|key| format!("`{key}`")).collect();
                let verb = if keys.len() == 1 { "is" } else { "are" };
                self.find(pointer, format!("{} beside `$ref` {verb} ignored (OpenAPI 3.0 reads only the ref)", keys.join(", ")), false);
            }
            return;
        }
        self.mend_case(object, kind, pointer);
        match kind {
            Kind::Paths => return self.paths(object, pointer),
            Kind::Responses => return self.responses(object, pointer),
            Kind::Schema => {
                if since_3_1 {
                    dialect::schema(object, pointer, &mut self.findings);
                }
                self.schema(object, pointer);
            }
            Kind::Parameter => self.value_in(object, "in", LOCATIONS, "a parameter location", pointer),
            _ => {}
        }
        let allowed = allowed(self.dialect, kind);
        for (key, child) in object.iter_mut() {
            // `additionalProperties: true` or `false` is itself the reading
            // of a boolean schema there, in every version.
            if key.starts_with("x-") || (kind == Kind::Schema && key == "additionalProperties" && child.is_boolean()) {
                continue;
            }
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(key));
            match allowed.clone().find(|(name, _)| name == key) {
                Some((_, child_kind)) => self.child(child, *child_kind, pointer),
                None => {
                    let hint = suggestion(key, allowed.clone().map(|(name, _)| *name)).map(|known| format!("; did you mean `{known}`?")).unwrap_or_default();
                    self.find(pointer, format!("`{key}` is not a key of {} and is ignored{hint}", article(kind)), false);
                }
            }
            pointer.truncate(len);
        }
        // What is not supported is left out, as warned: an unread part
        // must not stop the document (a callback by `$ref`).
        object.retain(|key, _| !matches!(allowed.clone().find(|(name, _)| name == key), Some((_, Unsupported(_)))));
    }

    /// Renames each key that differs from a known key of `kind` only in case
    /// (`readonly`, `GET`), where no other key of the object means the same.
    fn mend_case(&mut self, object: &mut Map<String, Value>, kind: Kind, pointer: &str) {
        let allowed = allowed(self.dialect, kind);
        let renames: Vec<(String, &'static str)> = object
            .keys()
            .filter(|key| !key.starts_with("x-") && !allowed.clone().any(|(name, _)| name == key))
            .filter_map(|key| {
                let (known, _) = allowed.clone().find(|(name, _)| name.eq_ignore_ascii_case(key))?;
                let alone = object.keys().filter(|other| other.eq_ignore_ascii_case(known)).count() == 1;
                alone.then(|| (key.clone(), *known))
            })
            .collect();
        if renames.is_empty() {
            return;
        }
        for (from, to) in &renames {
            let at = format!("{pointer}/{}", escape_pointer_segment(from));
            self.find(&at, format!("`{from}` is not a key of {}; taken as `{to}`, which it differs from only in case", article(kind)), false);
        }
        *object = std::mem::take(object)
            .into_iter()
            .map(|(key, value)| match renames.iter().find(|(from, _)| *from == key) {
                Some((_, to)) => ((*to).to_owned(), value),
                None => (key, value),
            })
            .collect();
    }

    fn child(&mut self, value: &mut Value, child: Child, pointer: &mut String) {
        if let Some(expected) = misshapen(child, value) {
            let message = format!("expected {expected}, found {}", json_kind(value));
            return self.find(pointer, message, true);
        }
        match (child, value) {
            (Text, value @ (Value::Number(_) | Value::Bool(_))) => {
                let text = value.to_string();
                self.find(pointer, format!("{text} is not text; taken as the text `{text}`"), false);
                *value = Value::String(text);
            }
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
        never::read(schema, pointer, &mut self.findings);
        lenient::schema(schema, self.dialect, pointer, &mut self.findings);
        numeric_limits(schema);
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

    fn value_in(&mut self, object: &mut Map<String, Value>, key: &str, allowed: &[&str], what: &str, pointer: &str) {
        let Some(value) = object.get(key).cloned() else { return };
        if value.as_str().is_some_and(|value| allowed.contains(&value)) || lenient::mend_value_case(object, key, allowed, pointer, &mut self.findings) {
            return;
        }
        let known: Vec<String> = allowed.iter().map(|value| format!("`{value}`")).collect();
        self.find(&format!("{pointer}/{key}"), format!("{value} is not {what}; expected one of {}", known.join(", ")), true);
    }

}

/// Takes out of the document the keys the readings mark schemas with
/// ([`TUPLE`](super::dialect::TUPLE), [`EXAMPLES`](super::dialect::EXAMPLES),
/// [`UNCHECKED`]) where the spec writes them itself, before any reading
/// runs: what the lowering reads there is the readings' word alone. Data
/// (examples, defaults, enums) is not looked into.
fn strip_marks(document: &mut Value) -> Vec<Finding> {
    let marks = [super::dialect::TUPLE, super::dialect::EXAMPLES, UNCHECKED];
    let mut findings = Vec::new();
    let mut stack = vec![(document, String::new())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(object) => {
                for mark in marks {
                    if object.remove(mark).is_some() {
                        let message = format!("`{mark}` is a mark of sdkgen's own reading, not the spec's; ignored");
                        findings.push(Finding { pointer: format!("{pointer}/{mark}"), message, fatal: false });
                    }
                }
                for (key, child) in object.iter_mut().filter(|(key, _)| !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const")) {
                    stack.push((child, format!("{pointer}/{}", escape_pointer_segment(key))));
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut().enumerate().map(|(index, child)| (child, format!("{pointer}/{index}")))),
            _ => {}
        }
    }
    findings
}

/// The key where [`numeric_limits`] keeps, as text for the docs, the
/// limits it takes out of a schema.
pub const UNCHECKED: &str = "x-sdkgen-unchecked";

/// What a value of `child` must be where `value` is not that: text, an
/// object, a map or a list.
fn misshapen(child: Child, value: &Value) -> Option<String> {
    match (child, value) {
        (Text, Value::Object(_) | Value::Array(_)) => Some("text".to_owned()),
        // The boolean schemas are read before this (3.1), or are not schemas (3.0).
        (One(Kind::Schema), Value::Bool(_)) => None,
        (One(kind), value) if !value.is_object() => Some(article(kind)),
        (Named(kind), value) if !value.is_object() => Some(format!("a map of names to objects like {}", article(kind))),
        (List(kind), value) if !value.is_array() => Some(format!("a list of objects like {}", article(kind))),
        _ => None,
    }
}

/// What a JSON value is, for messages: `a map`, `the text "a"`, ...
fn json_kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text {:?}", super::source::excerpt(text)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a map".to_owned(),
    }
}

/// Numeric limits as the Rust types read them. JSON Schema's numbers are
/// not Rust's: `maximum: 5.0` on an integer is 5, `maximum: 9.5` is 9
/// (rounded inward); a bound past `i64` (`maximum: 18446744073709551615`)
/// or a count past `u64` limits nothing a value can be, so it is taken out
/// and kept as text under [`UNCHECKED`], which the docs show. So is a
/// number past `f64` (`1e400`), which the YAML reader leaves as text.
fn numeric_limits(schema: &mut Map<String, Value>) {
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    let mut unchecked = Vec::new();
    for key in ["minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
        if let Some(Value::String(text)) = schema.get(key) {
            if text.trim().parse::<f64>().is_ok_and(f64::is_infinite) {
                unchecked.push(format!("{key}: {text}"));
                schema.remove(key);
            }
            continue;
        }
        let Some(Value::Number(number)) = schema.get(key) else { continue };
        let count = !matches!(key, "minimum" | "maximum" | "multipleOf");
        let fits = if count { number.is_u64() } else { !integer || number.is_i64() };
        let Some(value) = number.as_f64().filter(|_| !fits) else { continue };
        let value = match key {
            "minimum" => value.ceil(),
            "maximum" => value.floor(),
            _ => value,
        };
        let mended = if value.fract() != 0.0 {
            None
        } else if count {
            (0.0..U64_END).contains(&value).then(|| Value::from(value as u64))
        } else {
            (-I64_END..I64_END).contains(&value).then(|| Value::from(value as i64))
        };
        match mended {
            Some(mended) => {
                schema.insert(key.to_owned(), mended);
            }
            None => {
                unchecked.push(format!("{key}: {number}"));
                schema.remove(key);
            }
        }
    }
    if !unchecked.is_empty() {
        schema.insert(UNCHECKED.to_owned(), Value::from(unchecked));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn findings(mut document: Value) -> Vec<(String, bool)> {
        check(&mut document, Dialect::V3_0, "openapi").into_iter().map(|finding| (format!("{}: {}", finding.pointer, finding.message), finding.fatal)).collect()
    }

    #[test]
    fn misspelled_keys_and_unknown_values_are_found() {
        let found = findings(json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"post": {"paramters": [], "responses": {"2OO": {}}}},
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
                ("/paths/~1a/post/responses/2OO/description: the response has no `description` (required before OpenAPI 3.2); read as having none".to_owned(), false),
                ("/paths/b/get/responses: the operation has no `responses` (OpenAPI 3.0 requires them); read as having none".to_owned(), false),
                ("/paths/~1a/post/paramters: `paramters` is not a key of an operation and is ignored; did you mean `parameters`?".to_owned(), false),
                ("/paths/~1a/post/responses/2OO: `2OO` is not a status code, a range like `4XX`, or `default`; the response is ignored".to_owned(), true),
                ("/paths/b: the path `b` does not start with `/`".to_owned(), true),
                ("/components/schemas/S/type: `strnig` is not a schema type; taken as `string`, the one it most likely misspells".to_owned(), false),
                ("/components/schemas/S/colour: `colour` is not a key of a schema and is ignored".to_owned(), false),
                ("/components/schemas/T/type: `date-time` is not a schema type; the schema is taken as any JSON value".to_owned(), false),
                ("/components/schemas/U/type: 7 is not a schema type; the schema is taken as any JSON value".to_owned(), false),
            ]
        );
    }

    #[test]
    fn what_has_one_evident_meaning_is_read_as_meant_with_a_warning() {
        let mut document = json!({
            "openapi": 3.0, "info": {"title": "T", "version": 1},
            "servers": [{"url": "https://{host}:{port}", "variables": {"port": {"default": 8443}}}],
            "paths": {"/a": {
                "GET": {"responses": {}, "parameters": [{"name": "q", "in": "Query", "schema": {"type": "String"}}]},
                "Post": {"responses": {}}, "post": {"responses": {}}
            }},
            "components": {"schemas": {"S": {"type": "object", "properties": {"id": {"type": "string", "readonly": true}}}}}
        });
        let found = check(&mut document, Dialect::V3_0, "openapi");
        assert!(found.iter().all(|finding| !finding.fatal), "{found:?}");
        let places: Vec<&str> = found.iter().map(|finding| finding.pointer.as_str()).collect();
        assert_eq!(
            places,
            [
                "/openapi",
                "/info/version",
                "/servers/0/variables/port/default",
                "/paths/~1a/GET",
                "/paths/~1a/get/parameters/0/in",
                "/paths/~1a/get/parameters/0/schema/type",
                "/paths/~1a/Post",
                "/components/schemas/S/properties/id/readonly",
                "/openapi",
            ]
        );
        assert_eq!(document["openapi"], "3.0");
        assert_eq!(document["info"]["version"], "1");
        assert_eq!(document["servers"][0]["variables"]["port"]["default"], "8443");
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["in"], "query");
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"]["type"], "string");
        // `Post` beside `post` has no one meaning: it is ignored, not merged.
        assert!(document["paths"]["/a"].get("Post").is_some());
        assert_eq!(document["components"]["schemas"]["S"]["properties"]["id"]["readOnly"], true);
        assert!(found[3].message.contains("taken as `get`"), "{}", found[3].message);
        assert!(found[8].message.contains("no patch version"), "{}", found[8].message);
    }

    #[test]
    fn required_true_on_a_property_is_mended() {
        let mut document = json!({"components": {"schemas": {"S": {"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"type": "string", "required": true}, "c": {"type": "string", "required": false}
        }}}}});
        let found: Vec<Finding> = check(&mut document, Dialect::V3_0, "openapi").into_iter().filter(|finding| finding.pointer.starts_with("/components")).collect();
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|finding| !finding.fatal));
        assert_eq!(document["components"]["schemas"]["S"]["required"], json!(["a", "b"]));
        assert!(document["components"]["schemas"]["S"]["properties"]["b"].get("required").is_none());
    }

    #[test]
    fn marks_of_the_readings_written_by_the_spec_are_not_believed() {
        let mut document = json!({"components": {"schemas": {"S": {"type": "array", "items": {"allOf": [{"type": "string"}], "x-sdkgen-tuple": true}, "example": {"x-sdkgen-tuple": "data"}}}}});
        let found = check(&mut document, Dialect::V3_0, "openapi");
        assert!(document["components"]["schemas"]["S"]["items"].get("x-sdkgen-tuple").is_none());
        assert_eq!(document["components"]["schemas"]["S"]["example"], json!({"x-sdkgen-tuple": "data"}), "data is kept as written");
        assert!(found.iter().any(|finding| finding.pointer == "/components/schemas/S/items/x-sdkgen-tuple" && !finding.fatal), "{found:?}");
    }
}
