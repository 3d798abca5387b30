//! The spec that marks the size of crate sdkgen promises to compile: structs
//! each holding the next, so their types nest four levels a struct.

use serde_json::{json, Map, Value};

/// The most structs a chain may have: their types nest the 10,000 levels
/// the generator allows; one more is refused.
pub const LONGEST: usize = 2_501;

/// A spec of `length` structs `S0`, `S1`... each holding the next, its one
/// operation answering with the first.
pub fn spec(length: usize) -> Value {
    let schemas: Map<String, Value> = (0..length)
        .map(|index| {
            let mut properties = json!({"id": {"type": "string"}});
            if index + 1 < length {
                properties["next"] = json!({"$ref": format!("#/components/schemas/S{}", index + 1)});
            }
            (format!("S{index}"), json!({"type": "object", "properties": properties}))
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/root": {"get": {"operationId": "getRoot", "responses": {"200": {
            "description": "The first link.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}
