//! OpenAPI 3.1 and 3.2: the versions read, and their JSON Schema 2020-12
//! spellings read as the shapes OpenAPI 3.0 gives the same meaning, so that
//! both spellings of one thing reach the IR as one thing:
//!
//! | 3.1 / 3.2                                   | read as (3.0)                          |
//! |---------------------------------------------|----------------------------------------|
//! | `type: [T, "null"]`                         | `type: T`, `nullable: true`            |
//! | `type: [T, U]`                              | `anyOf` of a `T` and a `U` schema      |
//! | `anyOf`/`oneOf` of `T` and `{type: "null"}` | `T`, `nullable: true`                  |
//! | `const: v`                                  | `enum: [v]`                            |
//! | `exclusiveMinimum: n` (a number)            | `minimum: n`, `exclusiveMinimum: true` |
//! | `$ref` beside other keywords                | `allOf: [$ref]` beside them            |
//! | `contentEncoding: base64`                   | `format: byte`                         |
//! | `contentMediaType` of a string              | `format: binary`                       |
//! | the schema `true` / `false`                 | `{}` / `{not: {}}` (read by `never`)   |
//! | `prefixItems: [A, B]` of a closed array     | `items: {allOf: [A, B]}`, [`TUPLE`]    |
//!
//! `examples` (a list) is kept whole under [`EXAMPLES`], its first entry
//! also as `example`. Keywords that only validate (`if`, `dependentRequired`,
//! `unevaluatedProperties`, ...) are warned about, never dropped unsaid.
//! Documents without `paths`, and operations (of paths and webhooks)
//! without `responses`, read as having none; path items under
//! `components.pathItems` are inlined where `paths` or `webhooks` refer to
//! them; schemas under a component schema's `$defs` become component
//! schemas of their own.

use super::pointer::{escape_pointer_segment, rewrite_refs, Finding};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The key where a schema's `examples` list is kept for the IR.
pub const EXAMPLES: &str = "x-sdkgen-examples";

/// The key that marks an `items` schema as a tuple's positions (its
/// `allOf`), read from `prefixItems`.
pub const TUPLE: &str = "x-sdkgen-tuple";

/// Keywords that constrain values without shaping them: the client neither
/// checks them nor needs them to read or send a value.
const VALIDATION_ONLY: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "$dynamicRef",
];

/// Keywords that apply to values of one JSON type, for splitting a schema
/// with several types into one schema per type.
fn applies_to(keyword: &str, ty: &str) -> bool {
    match keyword {
        "format" | "enum" => true,
        "pattern" | "minLength" | "maxLength" | "contentEncoding" | "contentMediaType" => ty == "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => matches!(ty, "integer" | "number"),
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" => ty == "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => ty == "object",
        _ => false,
    }
}

/// Whether `keyword` applies to values of some type, but not to `ty`'s
/// (`minimum` beside `type: string`).
pub fn applies_to_another(keyword: &str, ty: &str) -> bool {
    !applies_to(keyword, ty) && super::grammar::SCHEMA_TYPES.iter().any(|other| applies_to(keyword, other))
}

/// Reads a schema's list of types and numeric exclusive bounds, OpenAPI
/// 3.1's spellings, as 3.1 reads them (for a 3.0 document that uses them).
pub fn spelling_3_1(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    type_list(schema, pointer, findings);
    exclusive_bounds(schema);
}

/// Inlines `paths` and `webhooks` refs to `#/components/pathItems`; makes
/// component schemas of the schemas under a component schema's `$defs`.
pub fn document(document: &mut Value, findings: &mut Vec<Finding>) {
    hoist_defs(document);
    let Value::Object(root) = document else { return };
    let shared = root.get("components").and_then(|components| components.get("pathItems")).cloned();
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(section) else { continue };
        for (name, item) in items.iter_mut() {
            let pointer = format!("/{section}/{}/$ref", escape_pointer_segment(name));
            inline_path_item(item, shared.as_ref(), &pointer, findings);
        }
    }
}

/// A path item that is a ref to one of `#/components/pathItems` (`shared`)
/// becomes a copy of it; a ref to anything else is a finding at `pointer`.
fn inline_path_item(item: &mut Value, shared: Option<&Value>, pointer: &str, findings: &mut Vec<Finding>) {
    let Some(Value::String(reference)) = item.get("$ref") else { return };
    let target = reference
        .strip_prefix("#/components/pathItems/")
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
        .and_then(|name| shared.and_then(|shared| shared.get(&name)));
    match target {
        Some(target) if target.get("$ref").is_none() => *item = target.clone(),
        _ => findings.push(Finding {
            pointer: pointer.to_owned(),
            message: format!("$ref `{reference}`: expected a path item of #/components/pathItems"),
            fatal: true,
        }),
    }
}

/// Moves the schemas under each component schema's `$defs` into
/// `#/components/schemas` (named as in `$defs`, or after their owner and
/// themselves where that name is taken), and points the refs to them there.
fn hoist_defs(document: &mut Value) {
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else { return };
    let mut moved: HashMap<String, String> = HashMap::new();
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let owners: Vec<String> = schemas.iter().filter(|(_, schema)| schema.get("$defs").is_some_and(Value::is_object)).map(|(name, _)| name.clone()).collect();
    for owner in owners {
        let Some(Value::Object(defs)) = schemas.get_mut(&owner).and_then(|schema| schema.as_object_mut()).and_then(|schema| schema.remove("$defs")) else { continue };
        for (name, schema) in defs {
            let mut free = name.clone();
            if schemas.contains_key(&free) || hoisted.iter().any(|(taken, _)| *taken == free) {
                free = format!("{owner}{name}");
            }
            let base = free.clone();
            let mut suffix = 2;
            while schemas.contains_key(&free) || hoisted.iter().any(|(taken, _)| *taken == free) {
                free = format!("{base}{suffix}");
                suffix += 1;
            }
            let from = format!("#/components/schemas/{}/$defs/{}", escape_pointer_segment(&owner), escape_pointer_segment(&name));
            moved.insert(from, format!("#/components/schemas/{}", escape_pointer_segment(&free)));
            hoisted.push((free, schema));
        }
    }
    if hoisted.is_empty() {
        return;
    }
    schemas.extend(hoisted);
    rewrite_refs(document, |reference| moved.get(reference).cloned());
}

/// The schema `true` reads as `{}` (any value), `false` as `{not: {}}`.
pub fn boolean_schema(value: &mut Value) {
    if let Value::Bool(allows) = value {
        let mut schema = Map::new();
        if !*allows {
            schema.insert("not".to_owned(), Value::Object(Map::new()));
        }
        *value = Value::Object(schema);
    }
}

/// A schema `$ref` with keywords beside it (which 3.1 honours) becomes an
/// `allOf` of the ref that those keywords annotate; whether it did.
pub fn ref_with_siblings(schema: &mut Map<String, Value>) -> bool {
    if !schema.keys().any(|key| key != "$ref" && !key.starts_with("x-")) {
        return false;
    }
    let Some(reference) = schema.remove("$ref") else { return false };
    let mut target = Map::new();
    target.insert("$ref".to_owned(), reference);
    match schema.entry("allOf").or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(members) => members.insert(0, Value::Object(target)),
        other => *other = Value::Array(vec![Value::Object(target)]),
    }
    true
}

/// Reads one schema's 2020-12 spellings as 3.0's (the table above); what
/// the client cannot honour is a finding at `pointer`.
pub fn schema(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    null_branches(schema);
    type_list(schema, pointer, findings);
    constant(schema);
    examples(schema, pointer, findings);
    exclusive_bounds(schema);
    content(schema);
    tuple(schema, pointer, findings);
    let unchecked: Vec<String> = VALIDATION_ONLY.iter().filter(|key| schema.contains_key(**key)).map(|key| format!("`{key}`")).collect();
    if !unchecked.is_empty() {
        let (verb, noun) = if unchecked.len() == 1 { ("is a check", "it") } else { ("are checks", "them") };
        let message = format!("{} {verb} the client does not make; values are read and sent without {noun}", unchecked.join(", "));
        findings.push(Finding { pointer: pointer.to_owned(), message, fatal: false });
    }
}

/// Whether a schema admits only `null`.
fn is_null(schema: &Value) -> bool {
    let Value::Object(schema) = schema else { return false };
    match schema.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Array(types)) => types.iter().all(|ty| ty == "null"),
        _ => schema.get("const") == Some(&Value::Null) || schema.get("enum").and_then(Value::as_array).is_some_and(|values| values == &[Value::Null]),
    }
}

/// An `anyOf`/`oneOf` with a `null` branch (Pydantic's `Optional[T]`)
/// is `nullable`; with one other branch it is that branch.
fn null_branches(schema: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else { continue };
        if !branches.iter().any(is_null) {
            continue;
        }
        let Some(Value::Array(branches)) = schema.remove(key) else { continue };
        let mut rest: Vec<Value> = branches.into_iter().filter(|branch| !is_null(branch)).collect();
        schema.insert("nullable".to_owned(), Value::Bool(true));
        match rest.len() {
            0 => {}
            1 => merge_branch(schema, rest.remove(0)),
            _ => {
                schema.insert(key.to_owned(), Value::Array(rest));
            }
        }
    }
}

/// Takes the one non-null branch into its parent: a ref as the parent's
/// `allOf`, an inline schema's keywords where the parent has none.
fn merge_branch(schema: &mut Map<String, Value>, branch: Value) {
    match branch {
        Value::Object(branch) if branch.contains_key("$ref") => match schema.entry("allOf").or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(members) => members.push(Value::Object(branch)),
            other => *other = Value::Array(vec![Value::Object(branch)]),
        },
        Value::Object(branch) => {
            for (key, value) in branch {
                schema.entry(key).or_insert(value);
            }
        }
        _ => {}
    }
}

/// `type` as a list: `null` in it makes the schema nullable; several other
/// types make it an `anyOf` with one schema per type.
fn type_list(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    match schema.get("type") {
        Some(Value::String(ty)) if ty == "null" => {
            schema.remove("type");
            schema.insert("nullable".to_owned(), Value::Bool(true));
            return;
        }
        Some(Value::Array(types)) if types.iter().all(|ty| ty.is_string() || ty.is_null()) => {}
        _ => return,
    }
    let Some(Value::Array(mut types)) = schema.remove("type") else { return };
    for ty in types.iter_mut().filter(|ty| ty.is_null()) {
        let message = "YAML's `null` in a list of types, where JSON Schema names the type `\"null\"`; taken as that".to_owned();
        findings.push(Finding { pointer: format!("{pointer}/type"), message, fatal: false });
        *ty = Value::String("null".to_owned());
    }
    let mut names: Vec<String> = Vec::with_capacity(types.len());
    for ty in types.into_iter().filter_map(|ty| ty.as_str().map(str::to_owned)) {
        if ty == "null" {
            schema.insert("nullable".to_owned(), Value::Bool(true));
        } else if !names.contains(&ty) {
            names.push(ty);
        }
    }
    match names.len() {
        0 => {}
        1 => {
            schema.insert("type".to_owned(), Value::String(names.remove(0)));
        }
        _ if schema.contains_key("anyOf") || schema.contains_key("oneOf") => {
            let message = format!("a list of types beside `anyOf` or `oneOf` is read as those branches alone, not as {}", names.join(" or "));
            findings.push(Finding { pointer: format!("{pointer}/type"), message, fatal: false });
        }
        _ => {
            let branches = names
                .iter()
                .map(|ty| {
                    let mut branch = Map::new();
                    branch.insert("type".to_owned(), Value::String(ty.clone()));
                    for (key, value) in schema.iter().filter(|(key, _)| applies_to(key, ty)) {
                        branch.insert(key.clone(), value.clone());
                    }
                    Value::Object(branch)
                })
                .collect();
            schema.retain(|key, _| !names.iter().any(|ty| applies_to(key, ty)));
            schema.insert("anyOf".to_owned(), Value::Array(branches));
        }
    }
}

/// `const: v` is the one-value `enum: [v]`, of `v`'s type where the schema
/// names none.
fn constant(schema: &mut Map<String, Value>) {
    let Some(value) = schema.remove("const") else { return };
    if !schema.contains_key("type") {
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            Value::Null => {
                schema.insert("nullable".to_owned(), Value::Bool(true));
                None
            }
            Value::Array(_) | Value::Object(_) => None,
        };
        if let Some(ty) = ty {
            schema.insert("type".to_owned(), Value::String(ty.to_owned()));
        }
    }
    schema.insert("enum".to_owned(), Value::Array(vec![value]));
}

/// `examples` (a list in 2020-12) is kept whole under [`EXAMPLES`]; its
/// first entry is also `example`, where the schema has none.
fn examples(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    match schema.remove("examples") {
        Some(Value::Array(list)) => {
            if let Some(first) = list.first().filter(|_| !schema.contains_key("example")) {
                schema.insert("example".to_owned(), first.clone());
            }
            schema.insert(EXAMPLES.to_owned(), Value::Array(list));
        }
        Some(other) => {
            let message = "`examples` of a schema is a list of values; this one is ignored".to_owned();
            findings.push(Finding { pointer: format!("{pointer}/examples"), message, fatal: false });
            schema.insert("examples".to_owned(), other);
        }
        None => {}
    }
}

fn exclusive_bounds(schema: &mut Map<String, Value>) {
    exclusive_bound(schema, "exclusiveMinimum", "minimum", |exclusive, inclusive| exclusive >= inclusive);
    exclusive_bound(schema, "exclusiveMaximum", "maximum", |exclusive, inclusive| exclusive <= inclusive);
}

/// A numeric `exclusiveMinimum` (or `exclusiveMaximum`) is 3.0's bound
/// with the `exclusive…: true` flag, unless the inclusive bound beside it is
/// the tighter one (`tighter(exclusive, inclusive)` says which).
fn exclusive_bound(schema: &mut Map<String, Value>, exclusive: &str, inclusive: &str, tighter: fn(f64, f64) -> bool) {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else { return };
    let keep_exclusive = match schema.get(inclusive).and_then(Value::as_f64) {
        Some(existing) => bound.as_f64().is_some_and(|bound| tighter(bound, existing)),
        None => true,
    };
    if keep_exclusive {
        schema.insert(inclusive.to_owned(), Value::Number(bound));
        schema.insert(exclusive.to_owned(), Value::Bool(true));
    } else {
        schema.remove(exclusive);
    }
}

/// A string's `contentEncoding` and `contentMediaType` are 3.0's formats
/// `byte` (base64 text) and `binary` (raw bytes).
fn content(schema: &mut Map<String, Value>) {
    if schema.contains_key("format") || schema.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    let format = match schema.get("contentEncoding").and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        Some(_) => return,
        None if schema.contains_key("contentMediaType") => "binary",
        None => return,
    };
    schema.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// The most positions a tuple is read with: the arity up to which Rust's
/// tuples implement the traits the generated models derive.
const TUPLE_ARITY: usize = 12;

/// `prefixItems` (a tuple) of a closed array, one with exactly as many
/// values as positions (`minItems` at least that, and `items: false` or
/// `maxItems` at most that), becomes an `items` schema marked [`TUPLE`]
/// whose `allOf` lists the positions' schemas, as the 3.0 document model
/// has no `prefixItems`. Another `prefixItems` is read as a list of what
/// `items` allows (any value, where `items` is absent or `false`), with a
/// warning that says why.
fn tuple(schema: &mut Map<String, Value>, pointer: &str, findings: &mut Vec<Finding>) {
    let Some(Value::Array(positions)) = schema.get("prefixItems") else { return };
    let count = positions.len();
    let closed_by_items = matches!(schema.get("items"), Some(Value::Bool(false)));
    let bound = |key: &str| schema.get(key).and_then(Value::as_u64).and_then(|bound| usize::try_from(bound).ok());
    let closed = closed_by_items || (!schema.contains_key("items") && bound("maxItems").is_some_and(|max| max <= count));
    let filled = bound("minItems").is_some_and(|min| min >= count);
    let why = if count == 0 || count > TUPLE_ARITY {
        Some(format!("a tuple of {count} positions (a Rust tuple has 1 to {TUPLE_ARITY})"))
    } else if !closed {
        Some("an array that may hold more values than it has positions (neither `items: false` nor a `maxItems` of at most their number)".to_owned())
    } else if !filled {
        Some("an array that may hold fewer values than it has positions (no `minItems` of at least their number)".to_owned())
    } else {
        None
    };
    if closed_by_items {
        schema.remove("items");
    }
    let Some(why) = why else {
        let Some(positions) = schema.remove("prefixItems") else { return };
        schema.remove("minItems");
        schema.remove("maxItems");
        let mut items = Map::new();
        items.insert("allOf".to_owned(), positions);
        items.insert(TUPLE.to_owned(), Value::Bool(true));
        schema.insert("items".to_owned(), Value::Object(items));
        schema.entry("type").or_insert_with(|| Value::String("array".to_owned()));
        return;
    };
    let read_as = if schema.contains_key("items") { "a list of what `items` allows" } else { "a list of any JSON values" };
    let message = format!("`prefixItems` of {why} is read as {read_as}; the positions' own types are not kept");
    findings.push(Finding { pointer: format!("{pointer}/prefixItems"), message, fatal: false });
}
