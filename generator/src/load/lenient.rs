//! What a document means where it breaks a rule of its version but has
//! one evident meaning, read as meant with a warning at the place (which
//! `--strict` makes an error): a document without `info` or `paths`, an
//! operation without `responses`, a response without `description`,
//! `security: [{oauth2: null}]`, a 3.1 spelling in a 3.0 document, a
//! misspelt or meaningless `type`, keywords that do not apply to a
//! schema's type, `required: true` on a schema that is not a property, and
//! the 3.1 security scheme `mutualTLS`, which the TLS layer answers, not
//! the client.

use super::dialect;
use super::grammar::{is_method, suggestion, Dialect, SCHEMA_TYPES};
use super::pointer::{escape_pointer_segment, Finding};
use serde_json::{Map, Value};

fn warn(findings: &mut Vec<Finding>, pointer: String, message: String) {
    findings.push(Finding { pointer, message, fatal: false });
}

/// The document's own parts: `info` (titled after the file where it has
/// no title), `paths`, each operation's `responses`, each response's
/// `description`, and the security schemes and requirements.
pub fn document(document: &mut Value, dialect: Dialect, file_stem: &str, findings: &mut Vec<Finding>) {
    let Value::Object(root) = document else { return };
    let info = root.entry("info").or_insert_with(|| {
        findings.push(Finding { pointer: "/info".to_owned(), message: format!("the document has no `info`; its title is taken from the file name, `{file_stem}`"), fatal: false });
        Value::Object(Map::new())
    });
    if let Value::Object(info) = info {
        if !info.contains_key("title") {
            warn(findings, "/info/title".to_owned(), format!("`info` has no `title`; taken from the file name, `{file_stem}`"));
            info.insert("title".to_owned(), Value::String(file_stem.to_owned()));
        }
        if !info.contains_key("version") {
            warn(findings, "/info/version".to_owned(), "`info` has no `version`; the API's version is left unsaid".to_owned());
            info.insert("version".to_owned(), Value::String(String::new()));
        }
    }
    if !root.contains_key("paths") {
        if dialect == Dialect::V3_0 {
            warn(findings, "/paths".to_owned(), "the document has no `paths` (OpenAPI 3.0 requires it); read as having none".to_owned());
        }
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(section) else { continue };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            let item_pointer = format!("/{section}/{}", escape_pointer_segment(path));
            for (method, operation) in item.iter_mut().filter(|(method, _)| is_method(method)) {
                operation_parts(operation, dialect, &format!("{item_pointer}/{method}"), findings);
            }
        }
    }
    mutual_tls(root, findings);
    if let Some(security) = root.get_mut("security") {
        requirements(security, "/security", findings);
    }
}

/// An operation's `responses` (none, where it has none), each response's
/// `description`, and its security requirements.
fn operation_parts(operation: &mut Value, dialect: Dialect, pointer: &str, findings: &mut Vec<Finding>) {
    let Value::Object(operation) = operation else { return };
    if !operation.contains_key("responses") {
        if dialect == Dialect::V3_0 {
            warn(findings, format!("{pointer}/responses"), "the operation has no `responses` (OpenAPI 3.0 requires them); read as having none".to_owned());
        }
        operation.insert("responses".to_owned(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for (status, response) in responses.iter_mut() {
            let Value::Object(response) = response else { continue };
            if response.contains_key("$ref") || response.contains_key("description") {
                continue;
            }
            if dialect < Dialect::V3_2 {
                let at = format!("{pointer}/responses/{}/description", escape_pointer_segment(status));
                warn(findings, at, "the response has no `description` (required before OpenAPI 3.2); read as having none".to_owned());
            }
            response.insert("description".to_owned(), Value::String(String::new()));
        }
    }
    if let Some(security) = operation.get_mut("security") {
        requirements(security, &format!("{pointer}/security"), findings);
    }
}

/// Security requirements whose scopes are `null` (or missing in another
/// way) ask for no scopes.
fn requirements(security: &mut Value, pointer: &str, findings: &mut Vec<Finding>) {
    let Value::Array(requirements) = security else { return };
    for (index, requirement) in requirements.iter_mut().enumerate() {
        let Value::Object(schemes) = requirement else { continue };
        for (name, scopes) in schemes.iter_mut().filter(|(_, scopes)| !scopes.is_array()) {
            let at = format!("{pointer}/{index}/{}", escape_pointer_segment(name));
            warn(findings, at, format!("the scopes of `{name}` are {scopes}, not a list; read as no scopes"));
            *scopes = Value::Array(Vec::new());
        }
    }
}

/// OpenAPI 3.1's `mutualTLS` scheme is met by the TLS connection (a client
/// certificate), not by anything the client adds to a request: the scheme
/// and the requirements naming it are left out, with a warning.
fn mutual_tls(root: &mut Map<String, Value>, findings: &mut Vec<Finding>) {
    let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|components| components.get_mut("securitySchemes")) else { return };
    let mutual: Vec<String> = schemes.iter().filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS")).map(|(name, _)| name.clone()).collect();
    for name in &mutual {
        schemes.remove(name);
        let at = format!("/components/securitySchemes/{}", escape_pointer_segment(name));
        warn(findings, at, "mutual TLS is set up on the connection (a client certificate through reqwest), not by the client; the scheme and the requirements naming it are left out".to_owned());
    }
    if mutual.is_empty() {
        return;
    }
    let strip = |security: &mut Value| {
        if let Value::Array(requirements) = security {
            for requirement in requirements.iter_mut() {
                if let Value::Object(schemes) = requirement {
                    schemes.retain(|name, _| !mutual.contains(name));
                }
            }
        }
    };
    if let Some(security) = root.get_mut("security") {
        strip(security);
    }
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(section) else { continue };
        for item in items.values_mut().filter_map(Value::as_object_mut) {
            for (_, operation) in item.iter_mut().filter(|(method, _)| is_method(method)) {
                if let Some(security) = operation.get_mut("security") {
                    strip(security);
                }
            }
        }
    }
}

/// One schema's `type` and the keywords beside it: a 3.1 spelling in a 3.0
/// document is read as 3.1 reads it; a `type` that is not one (`{}`, `7`)
/// is taken as any JSON value, one a letter or two from one (`string,`,
/// `strnig`) as that one; keywords of another type than the schema's are
/// left out; `required: true` on a schema that is not a property says
/// nothing a schema can.
pub fn schema(schema: &mut Map<String, Value>, dialect: Dialect, pointer: &str, findings: &mut Vec<Finding>) {
    if dialect == Dialect::V3_0 {
        let mut spelt = Vec::new();
        if matches!(schema.get("type"), Some(Value::Array(_))) {
            spelt.push(("type", "a list of types"));
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum"].into_iter().filter(|key| schema.get(*key).is_some_and(Value::is_number)) {
            spelt.push((key, "a numeric exclusive bound"));
        }
        for (key, what) in &spelt {
            warn(findings, format!("{pointer}/{key}"), format!("{what} is OpenAPI 3.1's spelling; this 3.0 document reads it as 3.1 does"));
        }
        if !spelt.is_empty() {
            dialect::spelling_3_1(schema, pointer, findings);
        }
    }
    if let Some(Value::Bool(flag)) = schema.get("required") {
        let message = format!("`required: {flag}` on a schema that is not a property says nothing; whether a value must be sent is its parameter's or body's `required`");
        schema.remove("required");
        warn(findings, format!("{pointer}/required"), message);
    }
    schema_type(schema, pointer, findings);
    if let Some(ty) = schema.get("type").and_then(Value::as_str).map(str::to_owned) {
        let foreign: Vec<String> = schema.keys().filter(|key| dialect::applies_to_another(key, &ty)).cloned().collect();
        for key in foreign {
            schema.remove(&key);
            warn(findings, format!("{pointer}/{}", escape_pointer_segment(&key)), format!("`{key}` does not apply to a schema of type `{ty}`; it is left out"));
        }
    }
}

/// Takes the text at `key` as the one of `allowed` it differs from only in
/// case (`type: String`, `in: Query`), with a warning; whether it did.
pub fn mend_value_case(object: &mut Map<String, Value>, key: &str, allowed: &[&str], pointer: &str, findings: &mut Vec<Finding>) -> bool {
    let Some(Value::String(found)) = object.get_mut(key) else { return false };
    let Some(known) = allowed.iter().find(|known| known.eq_ignore_ascii_case(found)) else { return false };
    let message = format!("`{found}` is taken as `{known}`, which it differs from only in case");
    *found = (*known).to_owned();
    warn(findings, format!("{pointer}/{key}"), message);
    true
}

/// A `type` that is not text naming a type: the nearest reading.
fn schema_type(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    let at = format!("{pointer}/type");
    let Some(found) = schema.get("type").cloned() else { return };
    if found.as_str().is_some_and(|found| SCHEMA_TYPES.contains(&found)) || mend_value_case(schema, "type", SCHEMA_TYPES, pointer, findings) {
        return;
    }
    match found.as_str().and_then(|found| suggestion(found, SCHEMA_TYPES.iter().copied())) {
        Some(known) => {
            warn(findings, at, format!("`{}` is not a schema type; taken as `{known}`, the one it most likely misspells", found.as_str().unwrap_or_default()));
            schema.insert("type".to_owned(), Value::String(known.to_owned()));
        }
        None => {
            let shown = found.as_str().map_or_else(|| found.to_string(), |text| format!("`{text}`"));
            warn(findings, at, format!("{shown} is not a schema type; the schema is taken as any JSON value"));
            schema.remove("type");
        }
    }
}
