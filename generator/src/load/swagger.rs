//! Swagger 2.0: a document read as the OpenAPI 3.0 document of the same
//! meaning, so it reaches the one IR the way 3.1 does, with every check
//! 3.0 has. After bundling (every ref local), before the keyword check:
//!
//! | 2.0                                             | read as (3.0)                                      |
//! |-------------------------------------------------|----------------------------------------------------|
//! | `host`, `basePath`, `schemes`                   | `servers` (a relative one without `host`)          |
//! | `definitions`, `parameters`, `responses`        | `components` (refs to them follow)                 |
//! | a parameter `in: body`                          | the operation's `requestBody`                      |
//! | parameters `in: formData`                       | a form body; multipart with a `type: file` or as `consumes` says |
//! | `consumes`, `produces` (global, per operation)  | the bodies' content types                          |
//! | a parameter's `type`, `items`, ...              | its `schema`                                       |
//! | `collectionFormat` `csv` `ssv` `pipes` `multi`  | `style` and `explode`                              |
//! | `collectionFormat: tsv` in the query            | a list joined by tabs ([`Spec::delimiters`](super::Spec::delimiters)) |
//! | `type: file`                                    | `type: string`, `format: binary`                   |
//! | `securityDefinitions` and their `flow`s         | `components.securitySchemes` and `flows`           |
//! | `x-nullable`, `x-isnullable`                    | `nullable`                                         |
//! | `discriminator: name`                           | `discriminator: {propertyName: name}`              |
//! | a response's `schema`, `headers`, `examples`    | its `content` by media type, `headers`             |

use super::bundle::Origin;
use super::pointer::{escape_pointer_segment, rewrite_refs, Finding};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The media type a document that names none sends and answers with.
const JSON: &str = "application/json";

/// Keywords a 2.0 non-body parameter (or header, or `items`) has that
/// describe its value: they become its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "enum", "multipleOf",
];

/// Whether `document` is a Swagger 2.0 document.
pub fn is_swagger(document: &Value) -> bool {
    document.get("swagger").is_some_and(|version| version.as_str().map_or(version.as_f64() == Some(2.0), |text| text.starts_with("2.")))
}

/// Reads the bundled 2.0 `document` (whose root file is `root`) as 3.0;
/// where parts moved, `origins` gets their places in the 2.0 file, and
/// what is read with a loss is a finding.
pub fn read(document: &mut Value, root: &Path, origins: &mut Vec<Origin>, findings: &mut Vec<Finding>, delimiters: &mut BTreeMap<String, char>) {
    let mut old = std::mem::take(document);
    rename_refs_in(&mut old);
    let Value::Object(mut old) = old else { return };
    let mut reader = Reader {
        root,
        origins,
        findings,
        consumes: media_types(old.get("consumes")),
        produces: media_types(old.get("produces")),
        bodies: Vec::new(),
        forms: Map::new(),
        delimiters,
    };
    let mut new = Map::new();
    new.insert("openapi".to_owned(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = old.remove(key) {
            new.insert(key.to_owned(), value);
        }
    }
    if let Some(servers) = servers(&old) {
        new.insert("servers".to_owned(), servers);
    }
    let mut components = match old.remove("components") {
        Some(Value::Object(components)) => components,
        _ => Map::new(),
    };
    reader.components(&mut old, &mut components);
    if let Some(Value::Object(paths)) = old.remove("paths") {
        let mut converted = Map::new();
        for (path, item) in paths {
            let pointer = format!("/paths/{}", escape_pointer_segment(&path));
            let item = if path.starts_with("x-") { item } else { reader.path_item(item, &pointer) };
            converted.insert(path, item);
        }
        new.insert("paths".to_owned(), Value::Object(converted));
    }
    if !components.is_empty() {
        new.insert("components".to_owned(), Value::Object(components));
    }
    // Extensions stay; what else is left is 2.0's and read above.
    for (key, value) in old.into_iter().filter(|(key, _)| key.starts_with("x-")) {
        new.insert(key, value);
    }
    *document = Value::Object(new);
}

/// `#/definitions/X`, `#/parameters/X`, `#/responses/X` as the components
/// they become.
fn rename_refs_in(value: &mut Value) {
    const MOVED: [(&str, &str); 3] = [("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"), ("#/responses/", "#/components/responses/")];
    rewrite_refs(value, |reference| MOVED.iter().find_map(|(from, to)| reference.strip_prefix(from).map(|rest| format!("{to}{rest}"))));
}

/// A list of media types, or none.
fn media_types(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|types| types.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default()
}

/// `host` + `basePath` + `schemes` as servers: one a scheme, `https`
/// first; a relative one where there is no `host`.
fn servers(old: &Map<String, Value>) -> Option<Value> {
    let base = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        return (!base.is_empty()).then(|| json!([{"url": base}]));
    };
    let mut schemes = media_types(old.get("schemes"));
    schemes.sort_by_key(|scheme| scheme != "https");
    if schemes.is_empty() {
        schemes.push("https".to_owned());
    }
    Some(Value::Array(schemes.iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base}")})).collect()))
}

struct Reader<'r> {
    root: &'r Path,
    origins: &'r mut Vec<Origin>,
    findings: &'r mut Vec<Finding>,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The names of the component parameters that were bodies, now
    /// request bodies.
    bodies: Vec<String>,
    /// The component parameters that are form fields, by name: they become
    /// part of the bodies of the operations that name them.
    forms: Map<String, Value>,
    /// Query lists joined by a tab (`tsv`), by the parameter's pointer.
    delimiters: &'r mut BTreeMap<String, char>,
}

impl Reader<'_> {
    /// Where a parameter (or the component it refers to) goes.
    fn location<'v>(&'v self, parameter: &'v Value) -> Option<&'v str> {
        match component_name(parameter) {
            Some(name) if self.bodies.contains(&name) => Some("body"),
            Some(name) if self.forms.contains_key(&name) => Some("formData"),
            _ => parameter.get("in").and_then(Value::as_str),
        }
    }

    /// A form parameter itself, or the component its ref names.
    fn form_field(&self, parameter: &Value) -> Value {
        component_name(parameter).and_then(|name| self.forms.get(&name)).unwrap_or(parameter).clone()
    }

    fn moved(&mut self, bundled: String, fragment: String) {
        self.origins.push(Origin { bundled, file: self.root.to_path_buf(), fragment });
    }

    fn warn(&mut self, pointer: &str, message: String) {
        self.findings.push(Finding { pointer: pointer.to_owned(), message, fatal: false });
    }

    /// `definitions`, `parameters`, `responses` and `securityDefinitions`
    /// into `components`, beside what bundling put there (the parts of
    /// other files, already 3.x-placed but 2.0 in shape).
    fn components(&mut self, old: &mut Map<String, Value>, components: &mut Map<String, Value>) {
        let section = |components: &mut Map<String, Value>, name: &str| match components.remove(name) {
            Some(Value::Object(entries)) => entries,
            _ => Map::new(),
        };
        let mut schemas = section(components, "schemas");
        if let Some(Value::Object(definitions)) = old.remove("definitions") {
            for (name, schema) in definitions {
                self.moved(format!("/components/schemas/{}", escape_pointer_segment(&name)), format!("/definitions/{}", escape_pointer_segment(&name)));
                schemas.insert(name, schema);
            }
        }
        for schema in schemas.values_mut() {
            read_schema(schema);
        }
        let mut parameters = section(components, "parameters");
        if let Some(Value::Object(old_parameters)) = old.remove("parameters") {
            for (name, parameter) in old_parameters {
                self.moved(format!("/components/parameters/{}", escape_pointer_segment(&name)), format!("/parameters/{}", escape_pointer_segment(&name)));
                parameters.insert(name, parameter);
            }
        }
        let mut bodies = section(components, "requestBodies");
        let mut kept = Map::new();
        for (name, parameter) in parameters {
            let pointer = format!("/components/parameters/{}", escape_pointer_segment(&name));
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let consumes = self.consumes.clone();
                    self.bodies.push(name.clone());
                    bodies.insert(name, body(parameter, &consumes));
                }
                Some("formData") => {
                    self.forms.insert(name, parameter);
                }
                _ => {
                    kept.insert(name, self.parameter(parameter, &pointer));
                }
            }
        }
        let mut responses = section(components, "responses");
        if let Some(Value::Object(old_responses)) = old.remove("responses") {
            for (name, response) in old_responses {
                self.moved(format!("/components/responses/{}", escape_pointer_segment(&name)), format!("/responses/{}", escape_pointer_segment(&name)));
                responses.insert(name, response);
            }
        }
        let produces = self.produces.clone();
        for response in responses.values_mut() {
            *response = self.response(std::mem::take(response), &produces);
        }
        let mut schemes = section(components, "securitySchemes");
        if let Some(Value::Object(definitions)) = old.remove("securityDefinitions") {
            for (name, definition) in definitions {
                let pointer = format!("/securityDefinitions/{}", escape_pointer_segment(&name));
                if let Some(scheme) = self.security_scheme(definition, &pointer) {
                    schemes.insert(name, scheme);
                }
            }
        }
        for (name, entries) in [("schemas", schemas), ("parameters", kept), ("requestBodies", bodies), ("responses", responses), ("securitySchemes", schemes)] {
            if !entries.is_empty() {
                components.insert(name.to_owned(), Value::Object(entries));
            }
        }
    }

    fn security_scheme(&mut self, mut definition: Value, pointer: &str) -> Option<Value> {
        let Value::Object(scheme) = &mut definition else { return None };
        let description = scheme.get("description").cloned();
        let mut converted = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({"type": "http", "scheme": "basic"}),
            Some("apiKey") => json!({"type": "apiKey", "name": scheme.get("name").cloned().unwrap_or_default(), "in": scheme.get("in").cloned().unwrap_or_default()}),
            Some("oauth2") => {
                let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let text = |key: &str| scheme.get(key).cloned().unwrap_or_default();
                let (flow, fields) = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", json!({"authorizationUrl": text("authorizationUrl"), "scopes": scopes})),
                    Some("password") => ("password", json!({"tokenUrl": text("tokenUrl"), "scopes": scopes})),
                    Some("application") => ("clientCredentials", json!({"tokenUrl": text("tokenUrl"), "scopes": scopes})),
                    Some("accessCode") => ("authorizationCode", json!({"authorizationUrl": text("authorizationUrl"), "tokenUrl": text("tokenUrl"), "scopes": scopes})),
                    other => {
                        self.warn(&format!("{pointer}/flow"), format!("{} is not an OAuth 2.0 flow of Swagger 2.0 (implicit, password, application, accessCode); the scheme is left out", other.map_or("no flow".to_owned(), |flow| format!("`{flow}`"))));
                        return None;
                    }
                };
                json!({"type": "oauth2", "flows": {flow: fields}})
            }
            other => {
                self.warn(&format!("{pointer}/type"), format!("{} is not a security scheme type of Swagger 2.0 (basic, apiKey, oauth2); the scheme is left out", other.map_or("no type".to_owned(), |ty| format!("`{ty}`"))));
                return None;
            }
        };
        if let Some(description) = description {
            converted["description"] = description;
        }
        for (key, value) in scheme.iter().filter(|(key, _)| key.starts_with("x-")) {
            converted[key] = value.clone();
        }
        Some(converted)
    }

    /// A path item: its operations, each with its own and the item's
    /// parameters read apart (bodies and forms become the request body).
    fn path_item(&mut self, item: Value, pointer: &str) -> Value {
        let Value::Object(mut item) = item else { return item };
        let shared: Vec<Value> = match item.remove("parameters") {
            Some(Value::Array(shared)) => shared,
            _ => Vec::new(),
        };
        let mut converted = Map::new();
        let mut shared_kept = Vec::new();
        for (index, parameter) in shared.iter().enumerate() {
            if !matches!(self.location(parameter), Some("body" | "formData")) {
                let at = self.kept_at(&format!("{pointer}/parameters"), index, shared_kept.len());
                shared_kept.push(self.parameter_or_ref(parameter.clone(), &at));
            }
        }
        for (key, value) in item {
            if super::grammar::is_method(&key) {
                let at = format!("{pointer}/{key}");
                let operation = self.operation(value, &shared, &at);
                converted.insert(key, operation);
            } else {
                converted.insert(key, value);
            }
        }
        if !shared_kept.is_empty() {
            converted.insert("parameters".to_owned(), Value::Array(shared_kept));
        }
        Value::Object(converted)
    }

    fn operation(&mut self, operation: Value, shared: &[Value], pointer: &str) -> Value {
        let Value::Object(mut operation) = operation else { return operation };
        let consumes = media_types(operation.get("consumes"));
        let consumes = if consumes.is_empty() { self.consumes.clone() } else { consumes };
        let produces = media_types(operation.get("produces"));
        let produces = if produces.is_empty() { self.produces.clone() } else { produces };
        operation.remove("consumes");
        operation.remove("produces");
        operation.remove("schemes");
        let own: Vec<Value> = match operation.remove("parameters") {
            Some(Value::Array(own)) => own,
            _ => Vec::new(),
        };
        let mut parameters = Vec::new();
        let mut form: Vec<Value> = Vec::new();
        // The operation's own parameters, and the path item's that it does
        // not override (bodies and forms only: the rest stay on the item).
        let own_names: Vec<(Option<String>, Option<String>)> = own.iter().map(|parameter| (parameter.get("name").and_then(Value::as_str).map(str::to_owned), self.location(parameter).map(str::to_owned))).collect();
        let inherited: Vec<Value> = shared
            .iter()
            .filter(|parameter| {
                let key = (parameter.get("name").and_then(Value::as_str).map(str::to_owned), self.location(parameter).map(str::to_owned));
                matches!(key.1.as_deref(), Some("body" | "formData")) && !own_names.contains(&key)
            })
            .cloned()
            .collect();
        let all: Vec<(Option<usize>, Value)> = own.into_iter().enumerate().map(|(index, parameter)| (Some(index), parameter)).chain(inherited.into_iter().map(|parameter| (None, parameter))).collect();
        for (index, parameter) in all {
            let at = index.map_or_else(|| format!("{pointer}/parameters"), |index| format!("{pointer}/parameters/{index}"));
            let location = self.location(&parameter).map(str::to_owned);
            match location.as_deref() {
                Some("body") => {
                    let request_body = match parameter.get("$ref").and_then(Value::as_str) {
                        Some(reference) => json!({"$ref": reference.replacen("#/components/parameters/", "#/components/requestBodies/", 1)}),
                        None => {
                            if let Some(index) = index {
                                let media = escape_pointer_segment(consumes.first().map_or(JSON, String::as_str));
                                self.moved(format!("{pointer}/requestBody/content/{media}/schema"), format!("{pointer}/parameters/{index}/schema"));
                            }
                            body(parameter, &consumes)
                        }
                    };
                    operation.insert("requestBody".to_owned(), request_body);
                }
                Some("formData") => form.push(self.form_field(&parameter)),
                _ => {
                    let at = match index {
                        Some(index) => self.kept_at(&format!("{pointer}/parameters"), index, parameters.len()),
                        None => at,
                    };
                    parameters.push(self.parameter_or_ref(parameter, &at));
                }
            }
        }
        if !form.is_empty() {
            operation.insert("requestBody".to_owned(), form_body(&form, &consumes));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".to_owned(), Value::Array(parameters));
        }
        if let Some(Value::Object(responses)) = operation.remove("responses") {
            let converted: Map<String, Value> = responses
                .into_iter()
                .map(|(status, response)| {
                    if status.starts_with("x-") || response.get("$ref").is_some() {
                        return (status, response);
                    }
                    if response.get("schema").is_some() {
                        let media = escape_pointer_segment(produces.first().map_or(JSON, String::as_str));
                        let at = format!("{pointer}/responses/{}", escape_pointer_segment(&status));
                        self.moved(format!("{at}/content/{media}/schema"), format!("{at}/schema"));
                    }
                    (status, self.response(response, &produces))
                })
                .collect();
            operation.insert("responses".to_owned(), Value::Object(converted));
        }
        Value::Object(operation)
    }

    /// Where the parameter `index` of the 2.0 list at `list` sits among
    /// the parameters kept (bodies and forms leave it), as `kept`; the move
    /// is an origin, so messages name the 2.0 place.
    fn kept_at(&mut self, list: &str, index: usize, kept: usize) -> String {
        let at = format!("{list}/{kept}");
        if kept != index {
            self.moved(at.clone(), format!("{list}/{index}"));
        }
        at
    }

    fn parameter_or_ref(&mut self, parameter: Value, pointer: &str) -> Value {
        if parameter.get("$ref").is_some() { parameter } else { self.parameter(parameter, pointer) }
    }

    /// A non-body parameter: its value's keywords as its `schema`, its
    /// `collectionFormat` as a style.
    fn parameter(&mut self, parameter: Value, pointer: &str) -> Value {
        let Value::Object(mut parameter) = parameter else { return parameter };
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        let schema = value_schema(&mut parameter);
        let format = parameter.remove("collectionFormat");
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location.as_str()) {
                ("multi", "query") => ("form", true),
                ("csv", "query") => ("form", false),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("tsv", "query") => {
                    self.delimiters.insert(pointer.to_owned(), '\t');
                    ("form", false)
                }
                ("csv", _) => ("simple", false),
                (other, _) => {
                    let message = format!("`collectionFormat: {other}` has no OpenAPI 3 style for a {location} parameter; the items are sent joined by commas, as `csv` says");
                    self.warn(&format!("{pointer}/collectionFormat"), message);
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            parameter.insert("style".to_owned(), json!(style));
            parameter.insert("explode".to_owned(), json!(explode));
        }
        parameter.insert("schema".to_owned(), schema);
        Value::Object(parameter)
    }

    /// A response: its `schema` as the content of each media type the
    /// operation produces, its `examples` by media type, its headers'
    /// value keywords as their schemas.
    fn response(&mut self, response: Value, produces: &[String]) -> Value {
        let Value::Object(mut response) = response else { return response };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let examples = response.remove("examples");
        if let Some(mut schema) = response.remove("schema") {
            read_schema(&mut schema);
            let types: Vec<String> = if produces.is_empty() { vec![JSON.to_owned()] } else { produces.to_vec() };
            let content: Map<String, Value> = types
                .iter()
                .map(|media| {
                    let mut entry = json!({"schema": schema.clone()});
                    if let Some(example) = examples.as_ref().and_then(|examples| examples.get(media)) {
                        entry["example"] = example.clone();
                    }
                    (media.clone(), entry)
                })
                .collect();
            response.insert("content".to_owned(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for header in headers.values_mut() {
                let Value::Object(fields) = header else { continue };
                let schema = value_schema(fields);
                fields.remove("collectionFormat");
                fields.insert("schema".to_owned(), schema);
            }
        }
        Value::Object(response)
    }
}

/// The name of the component parameter a ref names.
fn component_name(parameter: &Value) -> Option<String> {
    let reference = parameter.get("$ref")?.as_str()?;
    Some(reference.strip_prefix("#/components/parameters/")?.replace("~1", "/").replace("~0", "~"))
}

/// A body parameter as a request body, its schema under each media type
/// the operation consumes.
fn body(parameter: Value, consumes: &[String]) -> Value {
    let mut schema = parameter.get("schema").cloned().unwrap_or_else(|| json!({}));
    read_schema(&mut schema);
    let types: Vec<&str> = if consumes.is_empty() { vec![JSON] } else { consumes.iter().map(String::as_str).collect() };
    let content: Map<String, Value> = types.iter().map(|media| ((*media).to_owned(), json!({"schema": schema.clone()}))).collect();
    let mut body = json!({"content": content});
    if let Some(required) = parameter.get("required") {
        body["required"] = required.clone();
    }
    if let Some(description) = parameter.get("description") {
        body["description"] = description.clone();
    }
    body
}

/// `formData` parameters as one object body: multipart where a parameter
/// is a file or `consumes` asks for it, else a URL-encoded form.
fn form_body(parameters: &[Value], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut file = false;
    for parameter in parameters {
        let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
        let mut fields = parameter.as_object().cloned().unwrap_or_default();
        file |= fields.get("type").and_then(Value::as_str) == Some("file");
        let mut schema = value_schema(&mut fields);
        if let Some(description) = fields.remove("description") {
            schema["description"] = description;
        }
        properties.insert(name.to_owned(), schema);
        if parameter.get("required") == Some(&Value::Bool(true)) {
            required.push(json!(name));
        }
    }
    let media = if file || consumes.iter().any(|media| media == "multipart/form-data") { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    let mut body = json!({"content": {media: {"schema": schema}}});
    if !required.is_empty() {
        body["required"] = json!(true);
    }
    body
}

/// The keywords of a 2.0 parameter, header or form field that describe its
/// value, taken out of `fields` as the schema they make.
fn value_schema(fields: &mut Map<String, Value>) -> Value {
    let mut schema = Value::Object(VALUE_KEYWORDS.iter().filter_map(|key| Some(((*key).to_owned(), fields.remove(*key)?))).collect());
    read_schema(&mut schema);
    schema
}

/// A 2.0 schema's own spellings, in it and the schemas it holds:
/// `x-nullable`, `discriminator` as a property name, `type: file`.
fn read_schema(schema: &mut Value) {
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        let Value::Object(schema) = value else { continue };
        if schema.contains_key("$ref") {
            continue;
        }
        for key in ["x-nullable", "x-isnullable"] {
            if let Some(flag) = schema.remove(key) {
                schema.insert("nullable".to_owned(), flag);
            }
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
            schema.insert("discriminator".to_owned(), json!({"propertyName": property}));
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".to_owned(), json!("string"));
            schema.insert("format".to_owned(), json!("binary"));
        }
        for (key, child) in schema.iter_mut() {
            match (key.as_str(), child) {
                ("items" | "additionalProperties", child) => stack.push(child),
                ("allOf", Value::Array(members)) => stack.extend(members.iter_mut()),
                ("properties", Value::Object(properties)) => stack.extend(properties.values_mut()),
                _ => {}
            }
        }
    }
}
