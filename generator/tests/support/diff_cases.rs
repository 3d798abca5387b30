//! Pairs of specs, one for each kind of change to the generated crate's
//! public API: a base spec, and an edit that makes the new one. Each case
//! says what `sdkgen diff` must report and whether the change breaks
//! users. `tests/diff.rs` checks the report; `examples/semver_agreement.rs`
//! (run in CI) generates both crates and checks that cargo-semver-checks,
//! and a program compiled against both, agree.

use serde_json::{json, Value};

/// Whether cargo-semver-checks can see a change of this kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// It has a lint for it, so its verdict must match ours.
    Yes,
    /// It has no lint for it (it does not compare types, only names and
    /// arities); the compiled program is the only judge.
    No(&'static str),
}

/// One kind of change.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub edit: fn(&mut Value),
    /// Lines the report must hold: `item: change`, and whether each breaks.
    pub expected: &'static [(&'static str, bool)],
    /// Whether the change breaks code that compiled against the old crate.
    pub breaking: bool,
    pub semver_checks: Seen,
}

/// The spec every case starts from.
pub fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                        "404": {"description": "no such thing"}
                    }
                }
            },
            "/parts": {
                "get": {
                    "operationId": "listParts",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1}}],
                    "responses": {"200": {"description": "parts", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}
                }
            },
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 100}},
                        {"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}}
                    ],
                    "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}
                },
                "post": {
                    "operationId": "addThing",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "responses": {"204": {"description": "added"}}
                }
            }
        },
        "components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "size": {"type": "integer"},
                "state": {"$ref": "#/components/schemas/State"},
                "child": {"$ref": "#/components/schemas/Child"}
            }},
            "Child": {"type": "object", "properties": {"label": {"type": "string"}}},
            "State": {"type": "string", "enum": ["on", "off"]},
            "Shape": {"oneOf": [{"$ref": "#/components/schemas/Child"}, {"type": "string"}]}
        }}
    })
}

fn thing(spec: &mut Value) -> &mut Value {
    &mut spec["components"]["schemas"]["Thing"]
}

fn get_thing(spec: &mut Value) -> &mut Value {
    &mut spec["paths"]["/things/{id}"]["get"]
}

pub const CASES: &[Case] = &[
    Case {
        name: "optional field added",
        edit: |s| thing(s)["properties"]["color"] = json!({"type": "string"}),
        expected: &[("field models::Thing::color", false), ("method models::Thing::with_color", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "required field added",
        edit: |s| {
            thing(s)["properties"]["color"] = json!({"type": "string"});
            thing(s)["required"] = json!(["id", "color"]);
        },
        expected: &[("method models::Thing::new", true), ("field models::Thing::color", false)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "field removed",
        edit: |s| {
            thing(s)["properties"].as_object_mut().unwrap().remove("size");
        },
        expected: &[("field models::Thing::size", true), ("method models::Thing::with_size", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "field type changed",
        edit: |s| thing(s)["properties"]["size"] = json!({"type": "string"}),
        expected: &[("field models::Thing::size", true), ("method models::Thing::with_size", true)],
        breaking: true,
        semver_checks: Seen::No("it does not compare field types"),
    },
    Case {
        name: "optional field made required",
        edit: |s| thing(s)["required"] = json!(["id", "size"]),
        expected: &[("field models::Thing::size", true), ("method models::Thing::new", true), ("method models::Thing::with_size", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "field made nullable",
        edit: |s| thing(s)["properties"]["size"]["nullable"] = json!(true),
        expected: &[("field models::Thing::size", true), ("method models::Thing::with_size_null", false)],
        breaking: true,
        semver_checks: Seen::No("it does not compare field types"),
    },
    Case {
        name: "field made recursive (boxed)",
        edit: |s| s["components"]["schemas"]["Child"]["properties"]["parent"] = json!({"$ref": "#/components/schemas/Thing"}),
        expected: &[("field models::Thing::child", true), ("field models::Child::parent", false)],
        breaking: true,
        semver_checks: Seen::No("it does not compare field types"),
    },
    Case {
        name: "required field made read-only",
        edit: |s| thing(s)["properties"]["id"]["readOnly"] = json!(true),
        expected: &[("field models::Thing::id", true), ("method models::Thing::new", true), ("impl Default for models::Thing", false)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "type no longer sent",
        edit: |s| {
            s["paths"]["/things"].as_object_mut().unwrap().remove("post");
        },
        expected: &[("method Client::add_thing", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "enum value added",
        edit: |s| s["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"]),
        expected: &[("variant models::State::Dim", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "enum value removed",
        edit: |s| s["components"]["schemas"]["State"]["enum"] = json!(["on"]),
        expected: &[("variant models::State::Off", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "union member added",
        edit: |s| s["components"]["schemas"]["Shape"]["oneOf"].as_array_mut().unwrap().push(json!({"type": "integer"})),
        expected: &[("variant models::Shape::I64", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "type removed",
        edit: |s| {
            s["components"]["schemas"].as_object_mut().unwrap().remove("Shape");
        },
        expected: &[("enum models::Shape", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "operation added",
        edit: |s| s["paths"]["/widgets"] = json!({"get": {"operationId": "listWidgets", "responses": {"204": {"description": "none"}}}}),
        expected: &[("method Client::list_widgets", false), ("type requests::ListWidgets", false), ("enum errors::ListWidgetsError", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "operation removed",
        edit: |s| {
            s["paths"].as_object_mut().unwrap().remove("/things/{id}");
        },
        expected: &[("method Client::get_thing", true), ("type requests::GetThing", true), ("enum errors::GetThingError", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "required parameter added",
        edit: |s| get_thing(s)["parameters"].as_array_mut().unwrap().push(json!({"name": "tenant", "in": "header", "required": true, "schema": {"type": "string"}})),
        expected: &[("method Client::get_thing", true), ("field requests::GetThingParams::tenant", false)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "optional parameter added",
        edit: |s| get_thing(s)["parameters"].as_array_mut().unwrap().push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}})),
        expected: &[("method requests::GetThing::page", false), ("field requests::GetThingParams::page", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "parameter removed",
        edit: |s| {
            get_thing(s)["parameters"].as_array_mut().unwrap().pop();
        },
        expected: &[("method requests::GetThing::verbose", true), ("field requests::GetThingParams::verbose", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "parameter type changed",
        edit: |s| get_thing(s)["parameters"][1]["schema"] = json!({"type": "string"}),
        expected: &[("method requests::GetThing::verbose", true), ("field requests::GetThingParams::verbose", true)],
        breaking: true,
        semver_checks: Seen::No("it does not compare parameter types"),
    },
    Case {
        name: "request body made required",
        edit: |s| s["paths"]["/things"]["post"]["requestBody"]["required"] = json!(true),
        expected: &[("method Client::add_thing", true), ("method requests::AddThing::body", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "error status added",
        edit: |s| get_thing(s)["responses"]["500"] = json!({"description": "broken"}),
        expected: &[("variant errors::GetThingError::InternalServerError", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "429 with a Retry-After header added",
        edit: |s| {
            get_thing(s)["responses"]["429"] = json!({"description": "slow down", "headers": {"Retry-After": {"schema": {"type": "string"}}}});
        },
        expected: &[("variant errors::GetThingError::TooManyRequests", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "error status removed",
        edit: |s| {
            get_thing(s)["responses"].as_object_mut().unwrap().remove("404");
        },
        expected: &[("variant errors::GetThingError::NotFound", true)],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "error body documented",
        edit: |s| {
            get_thing(s)["responses"]["404"]["content"] = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Child"}}});
        },
        expected: &[("variant errors::GetThingError::NotFound", true)],
        breaking: true,
        semver_checks: Seen::No("it does not compare variant payload types"),
    },
    Case {
        name: "response type changed",
        edit: |s| s["paths"]["/parts"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"] = json!({"type": "integer"}),
        expected: &[("associated type <requests::ListPartsParams as Operation>::Output", true)],
        breaking: true,
        semver_checks: Seen::No("it does not compare associated types"),
    },
    Case {
        name: "pagination turned off",
        edit: |s| s["paths"]["/things"]["get"]["x-sdkgen-pagination"] = json!(false),
        expected: &[
            ("method requests::ListThings::stream", true),
            ("impl Paginated for requests::ListThingsParams", true),
            // The mock serves a collection page by page: unpaged, it has none.
            ("method mock::MockServer::things", true),
        ],
        breaking: true,
        semver_checks: Seen::Yes,
    },
    Case {
        name: "pagination gained",
        edit: |s| {
            let offset = json!({"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}});
            s["paths"]["/parts"]["get"]["parameters"].as_array_mut().unwrap().push(offset);
        },
        expected: &[("method requests::ListParts::stream", false), ("method requests::ListParts::offset", false)],
        breaking: false,
        semver_checks: Seen::Yes,
    },
];

/// One kind of change to the wire contract: what programs send and accept.
#[derive(Debug, Clone, Copy)]
pub struct WireCase {
    pub name: &'static str,
    pub edit: fn(&mut Value),
    /// The wire lines the report must hold: the item, a part of what the
    /// change says, and whether it breaks.
    pub expected: &'static [(&'static str, &'static str, bool)],
    /// Whether the Rust API breaks too.
    pub api_breaking: bool,
    /// Whether anything breaks.
    pub breaking: bool,
}

fn rename_key(object: &mut Value, from: &str, to: &str) {
    let object = object.as_object_mut().unwrap();
    let value = object.remove(from).unwrap();
    object.insert(to.to_owned(), value);
}

fn list_things(spec: &mut Value) -> &mut Value {
    &mut spec["paths"]["/things"]["get"]
}

pub const WIRE_CASES: &[WireCase] = &[
    WireCase {
        name: "a field's JSON key renamed, its Rust name the same",
        edit: |s| rename_key(&mut thing(s)["properties"], "size", "Size"),
        expected: &[("field models::Thing::size", "sent and read as \"Size\", was \"size\"", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "paths moved under a version",
        edit: |s| {
            rename_key(&mut s["paths"], "/things/{id}", "/v1/things/{id}");
            rename_key(&mut s["paths"], "/things", "/v1/things");
        },
        expected: &[
            ("method Client::get_thing", "sends GET /v1/things/{id}, was GET /things/{id}", true),
            ("method Client::list_things", "sends GET /v1/things, was GET /things", true),
        ],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "an operation's method changed",
        edit: |s| rename_key(&mut s["paths"]["/things"], "post", "put"),
        expected: &[("method Client::add_thing", "sends PUT /things, was POST /things", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "an operation renamed, its request the same",
        edit: |s| get_thing(s)["operationId"] = json!("getThingV1"),
        expected: &[
            ("method Client::get_thing", "renamed Client::get_thing_v1 (operation `getThing` is now `getThingV1`, sent as before)", true),
            ("type requests::GetThing", "renamed requests::GetThingV1", true),
            ("enum errors::GetThingError", "renamed errors::GetThingV1Error", true),
        ],
        api_breaking: true,
        breaking: true,
    },
    WireCase {
        name: "a query parameter renamed on the wire and in Rust",
        edit: |s| list_things(s)["parameters"][0]["name"] = json!("pageSize"),
        expected: &[
            ("parameter Client::list_things(limit)", "the wire parameter query `limit` became query `pageSize`, set as `page_size`", true),
            ("method Client::list_things", "no longer pages: stream() is gone, was paged by `limit` and `offset`", true),
        ],
        api_breaking: true,
        breaking: true,
    },
    WireCase {
        name: "an enum value's wire spelling changed",
        edit: |s| s["components"]["schemas"]["State"]["enum"] = json!(["on", "OFF"]),
        expected: &[("variant models::State::Off", "sent and read as \"OFF\", was \"off\"", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "a checked bound narrowed",
        edit: |s| list_things(s)["parameters"][0]["schema"]["maximum"] = json!(50),
        expected: &[
            ("parameter Client::list_things(limit)", "refuses before sending a value above 50, was a value above 100", true),
            ("method Client::list_things", "stream() pages by `limit` and `offset`, 50 a page unless set, was `limit` and `offset`, 100 a page", true),
        ],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "a checked bound widened",
        edit: |s| s["paths"]["/parts"]["get"]["parameters"][0]["schema"]["minimum"] = json!(0),
        expected: &[("parameter Client::list_parts(limit)", "refuses before sending a value below 0, was a value below 1", false)],
        api_breaking: false,
        breaking: false,
    },
    WireCase {
        name: "a bound checked where none was",
        edit: |s| list_things(s)["parameters"][1]["schema"]["minimum"] = json!(0),
        expected: &[("parameter Client::list_things(offset)", "refuses before sending a value below 0, was nothing", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "the success status changed",
        edit: |s| rename_key(&mut s["paths"]["/things"]["post"]["responses"], "204", "201"),
        expected: &[("method Client::add_thing", "reads 201 as success, was 204", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "a success status added",
        edit: |s| s["paths"]["/things"]["post"]["responses"]["202"] = json!({"description": "queued"}),
        expected: &[("method Client::add_thing", "reads 202, 204 as success, was 204", false)],
        api_breaking: false,
        breaking: false,
    },
    WireCase {
        name: "the request body's content type changed",
        edit: |s| {
            let body = &mut s["paths"]["/things"]["post"]["requestBody"]["content"];
            rename_key(body, "application/json", "application/merge-patch+json");
        },
        expected: &[("method Client::add_thing", "sends its body as application/merge-patch+json, was application/json", true)],
        api_breaking: false,
        breaking: true,
    },
    WireCase {
        name: "a parameter moved from the query to a header",
        edit: |s| get_thing(s)["parameters"][1]["in"] = json!("header"),
        expected: &[("parameter Client::get_thing(verbose)", "sent as header `verbose`, was query `verbose`", true)],
        api_breaking: false,
        breaking: true,
    },
];
