//! The schema that admits no value, and `not`. JSON Schema spells "no value
//! is valid here" as the schema `false` (3.1) or `not: {}` (any version);
//! what it means depends on where it sits, and each place has a reading
//! Rust can give exactly:
//!
//! | where                         | read as                                        |
//! |-------------------------------|------------------------------------------------|
//! | `additionalProperties`        | `additionalProperties: false` (a closed object) |
//! | a property                    | no such property (it must be absent)           |
//! | `items`                       | an array of no items (`maxItems: 0`)           |
//! | a member of `oneOf`/`anyOf`   | no such member                                 |
//! | a member of `allOf`, or alone | any JSON value, with a warning                 |
//!
//! Any other `not` only narrows what is valid, which the client does not
//! check: it is taken out, with a warning at its place, and the rest of
//! the schema kept.

use super::pointer::{escape_pointer_segment, Finding};
use serde_json::{Map, Value};

/// Keys that annotate a schema without constraining it.
const ANNOTATIONS: &[&str] = &["description", "title", "$comment", "deprecated", "readOnly", "writeOnly", "example", "examples"];

/// Whether `schema` admits every value: `true`, or an object of only
/// annotations.
fn admits_everything(schema: &Value) -> bool {
    match schema {
        Value::Bool(allows) => *allows,
        Value::Object(object) => object.keys().all(|key| key.starts_with("x-") || ANNOTATIONS.contains(&key.as_str())),
        _ => false,
    }
}

/// Whether `schema` admits no value: `false`, or any schema whose `not`
/// admits every value.
pub fn admits_nothing(schema: &Value) -> bool {
    match schema {
        Value::Bool(allows) => !*allows,
        Value::Object(object) => object.get("not").is_some_and(admits_everything),
        _ => false,
    }
}

/// Reads the schemas that admit nothing among `schema`'s children, and its
/// own `not`, as the table above says; what is read with a loss of
/// meaning is a finding at its place under `pointer`.
pub fn read(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    let mut warn = |at: String, message: &str| findings.push(Finding { pointer: at, message: message.to_owned(), fatal: false });
    if schema.get("additionalProperties").is_some_and(admits_nothing) {
        schema.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if schema.get("items").is_some_and(admits_nothing) {
        schema.remove("items");
        schema.insert("maxItems".to_owned(), Value::from(0));
    }
    absent_properties(schema, pointer, &mut warn);
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = schema.get_mut(key) {
            members.retain(|member| !admits_nothing(member));
            if members.is_empty() {
                schema.remove(key);
                warn(format!("{pointer}/{key}"), &format!("no member of this `{key}` admits a value; the schema is read as any JSON value"));
            }
        }
    }
    if let Some(Value::Array(members)) = schema.get_mut("allOf") {
        for (index, _) in members.iter().enumerate().filter(|(_, member)| admits_nothing(member)) {
            warn(format!("{pointer}/allOf/{index}"), "this `allOf` member admits no value, so no value is valid here; the member is left out");
        }
        members.retain(|member| !admits_nothing(member));
    }
    match schema.remove("not") {
        Some(not) if admits_everything(&not) => {
            warn(format!("{pointer}/not"), "this schema admits no value (`not` of a schema that admits every value); it is read as any JSON value");
            schema.retain(|key, _| key.starts_with("x-") || ANNOTATIONS.contains(&key.as_str()));
        }
        Some(_) => warn(format!("{pointer}/not"), "`not` is a check the client does not make; values are read and sent without it"),
        None => {}
    }
}

/// Takes each property that admits nothing (one that must be absent) out
/// of the object; one the object also requires makes the object admit
/// nothing, which is said.
fn absent_properties(schema: &mut Map<String, Value>, pointer: &str, warn: &mut impl FnMut(String, &str)) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else { return };
    let absent: Vec<String> = properties.iter().filter(|(_, property)| admits_nothing(property)).map(|(name, _)| name.clone()).collect();
    if absent.is_empty() {
        return;
    }
    properties.retain(|name, _| !absent.contains(name));
    let Some(Value::Array(required)) = schema.get_mut("required") else { return };
    for name in &absent {
        if required.iter().any(|entry| entry.as_str() == Some(name.as_str())) {
            required.retain(|entry| entry.as_str() != Some(name.as_str()));
            let at = format!("{pointer}/properties/{}", escape_pointer_segment(name));
            warn(at, "the property is required and admits no value, so no object is valid; it is read as absent");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_as(mut schema: Value) -> (Value, Vec<String>) {
        let mut findings = Vec::new();
        read(schema.as_object_mut().unwrap(), "/s", &mut findings);
        (schema, findings.into_iter().map(|finding| format!("{}: {}", finding.pointer, finding.message)).collect())
    }

    #[test]
    fn each_place_of_the_schema_that_admits_nothing_has_its_reading() {
        for nothing in [json!(false), json!({"not": {}}), json!({"not": true}), json!({"type": "string", "not": {"description": "Anything."}})] {
            let (schema, found) = read_as(json!({
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string"}, "gone": nothing},
                "additionalProperties": nothing,
            }));
            assert_eq!(schema, json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": false}));
            assert!(found.is_empty(), "{found:?}");
            let (schema, found) = read_as(json!({"type": "array", "items": nothing}));
            assert_eq!(schema, json!({"type": "array", "maxItems": 0}));
            assert!(found.is_empty(), "{found:?}");
            let (schema, found) = read_as(json!({"oneOf": [nothing, {"type": "string"}]}));
            assert_eq!(schema, json!({"oneOf": [{"type": "string"}]}));
            assert!(found.is_empty(), "{found:?}");
        }
    }

    #[test]
    fn what_no_rust_type_expresses_is_warned_at_its_place() {
        let (schema, found) = read_as(json!({"type": "string", "not": {"type": "integer"}, "description": "Text."}));
        assert_eq!(schema, json!({"type": "string", "description": "Text."}));
        assert_eq!(found, ["/s/not: `not` is a check the client does not make; values are read and sent without it"]);
        let (schema, found) = read_as(json!({"type": "string", "not": {}, "description": "Never."}));
        assert_eq!(schema, json!({"description": "Never."}));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("/s/not: this schema admits no value"), "{found:?}");
        let (schema, found) = read_as(json!({"allOf": [{"type": "string"}, false]}));
        assert_eq!(schema, json!({"allOf": [{"type": "string"}]}));
        assert_eq!(found, ["/s/allOf/1: this `allOf` member admits no value, so no value is valid here; the member is left out"]);
        let (_, found) = read_as(json!({"anyOf": [false]}));
        assert_eq!(found, ["/s/anyOf: no member of this `anyOf` admits a value; the schema is read as any JSON value"]);
        let (schema, found) = read_as(json!({"required": ["gone"], "properties": {"gone": false}}));
        assert_eq!(schema, json!({"required": [], "properties": {}}));
        assert_eq!(found, ["/s/properties/gone: the property is required and admits no value, so no object is valid; it is read as absent"]);
    }
}
