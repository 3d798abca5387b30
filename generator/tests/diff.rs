//! The API change report: each kind of change classified for the Rust API,
//! the bump that follows, the command line, and `generate --since`.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small spec; each test changes one thing in a copy.
fn base() -> Value {
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
            "/things": {
                "post": {
                    "operationId": "addThing",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "responses": {"204": {"description": "added"}}
                }
            }
        },
        "components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "size": {"type": "integer"}, "state": {"$ref": "#/components/schemas/State"}}},
            "State": {"type": "string", "enum": ["on", "off"]}
        }}
    })
}

fn write(dir: &Path, name: &str, spec: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
    path
}

/// The report from `base()` to `base()` changed by `edit`.
fn report(edit: impl FnOnce(&mut Value)) -> sdkgen::diff::Report {
    let dir = tempfile::tempdir().unwrap();
    let mut new = base();
    edit(&mut new);
    sdkgen::compare(&write(dir.path(), "old.json", &base()), &write(dir.path(), "new.json", &new)).expect("both specs load")
}

fn summary(report: &sdkgen::diff::Report) -> Vec<(String, bool)> {
    report.changes.iter().map(|c| (format!("{}: {}", c.item, c.change), c.breaking)).collect()
}

use sdkgen::diff::Bump;

/// A change to make, the line it must give, and whether it breaks.
type Case = (&'static str, Box<dyn FnOnce(&mut Value)>, &'static str, bool);

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let report = sdkgen::compare(&root, &root).unwrap();
    assert!(report.changes.is_empty(), "{report:?}");
    assert_eq!(report.bump(), Bump::None);
    assert_eq!(report.to_text(), "semver: none (0 breaking, 0 compatible)\n");
}

#[test]
fn each_kind_of_change_is_classified() {
    let cases: Vec<Case> = vec![
        ("new optional field", Box::new(|s| s["components"]["schemas"]["Thing"]["properties"]["color"] = json!({"type": "string"})), "type Thing: optional field `color` added", false),
        ("new required field", Box::new(|s| {
            s["components"]["schemas"]["Thing"]["properties"]["color"] = json!({"type": "string"});
            s["components"]["schemas"]["Thing"]["required"] = json!(["id", "color"]);
        }), "type Thing: required field `color` added", true),
        ("removed field", Box::new(|s| { s["components"]["schemas"]["Thing"]["properties"].as_object_mut().unwrap().remove("size"); }), "type Thing: field `size` removed", true),
        ("field type", Box::new(|s| s["components"]["schemas"]["Thing"]["properties"]["size"] = json!({"type": "string"})), "type Thing: field `size` type I64 → String", true),
        ("field made required", Box::new(|s| s["components"]["schemas"]["Thing"]["required"] = json!(["id", "size"])), "type Thing: field `size` now required", true),
        ("write-only field", Box::new(|s| s["components"]["schemas"]["Thing"]["properties"]["size"]["writeOnly"] = json!(true)), "type Thing: field `size` now write-only", false),
        ("required field made read-only", Box::new(|s| s["components"]["schemas"]["Thing"]["properties"]["id"]["readOnly"] = json!(true)), "type Thing: field `id` now read-only", true),
        ("field of a sent type made read-only", Box::new(|s| s["components"]["schemas"]["Thing"]["properties"]["size"]["readOnly"] = json!(true)), "type Thing: field `size` now read-only", true),
        ("type no longer sent", Box::new(|s| { s["paths"].as_object_mut().unwrap().remove("/things"); }), "type Thing: no longer sent in requests (loses its `with_*` setters)", true),
        ("enum value added", Box::new(|s| s["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"])), "type State: enum value `dim` added", false),
        ("enum value removed", Box::new(|s| s["components"]["schemas"]["State"]["enum"] = json!(["on"])), "type State: enum value `off` removed", true),
        ("operation added", Box::new(|s| s["paths"]["/widgets"] = json!({"get": {"operationId": "listThings", "responses": {"204": {"description": "none"}}}})), "operation listThings: added (`Client::list_things`)", false),
        ("operation removed", Box::new(|s| { s["paths"].as_object_mut().unwrap().clear(); }), "operation getThing: removed (`Client::get_thing`)", true),
        ("required parameter added", Box::new(|s| s["paths"]["/things/{id}"]["get"]["parameters"].as_array_mut().unwrap().push(json!({"name": "tenant", "in": "header", "required": true, "schema": {"type": "string"}}))), "operation getThing: required parameter `tenant` added", true),
        ("optional parameter added", Box::new(|s| s["paths"]["/things/{id}"]["get"]["parameters"].as_array_mut().unwrap().push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}))), "operation getThing: optional parameter `page` added", false),
        ("parameter removed", Box::new(|s| { s["paths"]["/things/{id}"]["get"]["parameters"].as_array_mut().unwrap().pop(); }), "operation getThing: parameter `verbose` removed", true),
        ("error status added", Box::new(|s| s["paths"]["/things/{id}"]["get"]["responses"]["429"] = json!({"description": "slow down"})), "operation getThing: error status 429 (TooManyRequests) added", false),
        ("error status removed", Box::new(|s| { s["paths"]["/things/{id}"]["get"]["responses"].as_object_mut().unwrap().remove("404"); }), "operation getThing: error status 404 (NotFound) removed", true),
        ("response type", Box::new(|s| s["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = json!({"type": "string"})), "operation getThing: response type Thing → String", true),
        ("type removed", Box::new(|s| { s["components"]["schemas"]["Thing"]["properties"].as_object_mut().unwrap().remove("state"); s["components"]["schemas"].as_object_mut().unwrap().remove("State"); }), "type State: removed", true),
    ];
    for (name, edit, expected, breaking) in cases {
        let report = report(edit);
        let changes = summary(&report);
        assert!(changes.contains(&(expected.to_owned(), breaking)), "{name}: expected {expected:?} ({breaking}) in {changes:?}");
        let bump = if breaking { Bump::Major } else { Bump::Minor };
        assert_eq!(report.bump(), bump, "{name}: {changes:?}");
    }
}

#[test]
fn the_report_is_in_a_stable_order() {
    let edit = |s: &mut Value| {
        s["components"]["schemas"]["State"]["enum"] = json!(["on", "dim"]);
        s["components"]["schemas"]["Thing"]["properties"]["color"] = json!({"type": "string"});
    };
    let text = report(edit).to_text();
    assert_eq!(
        text,
        "compatible type State: enum value `dim` added\nbreaking   type State: enum value `off` removed\ncompatible type Thing: optional field `color` added\nsemver: major (1 breaking, 2 compatible)\n"
    );
}

/// The real change between the beta and v3 versions of SailPoint's
/// password policy endpoints, from the shared real-world specs.
#[test]
fn the_report_for_the_password_policy_endpoints_from_beta_to_v3() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/sailpoint");
    assert!(shared.exists(), "this test reads SailPoint's real specs from {}; they are missing", shared.display());
    let dir = tempfile::tempdir().unwrap();
    let root = |version: &str| {
        let paths = shared.join(version).join("paths");
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "Password policies", "version": version},
            "paths": {
                "/password-policies": {"$ref": paths.join("password-policies.yaml")},
                "/password-policies/{id}": {"$ref": paths.join("password-policy.yaml")}
            }
        });
        write(dir.path(), &format!("{version}.json"), &spec)
    };
    let report = sdkgen::compare(&root("beta"), &root("v3")).unwrap();
    assert_eq!(
        summary(&report),
        [
            ("operation setPasswordPolicy: added (`Client::set_password_policy`)".to_owned(), false),
            ("operation updatePasswordPolicy: removed (`Client::update_password_policy`)".to_owned(), true),
        ]
    );
    assert_eq!(report.bump(), Bump::Major);
}

fn sdkgen(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen")).args(args).output().expect("runs");
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn the_command_exits_by_whether_the_change_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let mut compatible = base();
    compatible["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"]);
    let compatible = write(dir.path(), "compatible.json", &compatible);
    let mut breaking = base();
    breaking["components"]["schemas"]["State"]["enum"] = json!(["on"]);
    let breaking = write(dir.path(), "breaking.json", &breaking);
    let path = |p: &PathBuf| p.to_str().unwrap().to_owned();

    let (code, out, _) = sdkgen(&["diff", &path(&old), &path(&compatible)]);
    assert_eq!((code, out.as_str()), (0, "compatible type State: enum value `dim` added\nsemver: minor (0 breaking, 1 compatible)\n"));
    let (code, out, _) = sdkgen(&["diff", &path(&old), &path(&breaking), "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(json["bump"], "major");
    assert_eq!(json["changes"][0], json!({"item": "type State", "change": "enum value `off` removed", "breaking": true}));
    let (code, _, err) = sdkgen(&["diff", &path(&old), "missing.yaml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn generate_since_bumps_the_version_and_adds_a_changelog_entry() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let out = dir.path().join("crate");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let (code, _, err) = sdkgen(&["generate", "--spec", &path(&old), "--out", &path(&out), "--crate-version", "0.4.2"]);
    assert_eq!(code, 0, "{err}");

    let mut added = base();
    added["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"]);
    let added = write(dir.path(), "added.json", &added);
    let (code, _, err) = sdkgen(&["generate", "--spec", &path(&added), "--out", &path(&out), "--since", &path(&old)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("compatible type State: enum value `dim` added"), "{err}");
    assert_eq!(sdkgen::write::current_version(&out).as_deref(), Some("0.4.3"));

    let mut removed = base();
    removed["components"]["schemas"]["State"]["enum"] = json!(["on", "dim"]);
    let removed = write(dir.path(), "removed.json", &removed);
    let (code, _, err) = sdkgen(&["generate", "--spec", &path(&removed), "--out", &path(&out), "--since", &path(&added)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sdkgen::write::current_version(&out).as_deref(), Some("0.5.0"));
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert_eq!(
        changelog,
        "# Changelog\n\n## 0.5.0\n\n- **breaking** type State: enum value `off` removed\n\n## 0.4.3\n\n- type State: enum value `dim` added\n"
    );
}

#[test]
fn check_names_the_items_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let out = dir.path().join("crate");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    assert_eq!(sdkgen(&["generate", "--spec", &path(&old), "--out", &path(&out), "--crate-name", "things"]).0, 0);
    let mut changed = base();
    changed["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"]);
    let changed = write(dir.path(), "changed.json", &changed);
    let (code, _, err) = sdkgen(&["generate", "--spec", &path(&changed), "--out", &path(&out), "--crate-name", "things", "--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("differs: src/models.rs\n  enum State changed\n  impl From<String> for State changed\n  impl State changed\n"), "{err}");
}
