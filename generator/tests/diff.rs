//! The API change report: each kind of change classified for the Rust API
//! (the cases in `support/diff_cases.rs`, which CI also checks against
//! cargo-semver-checks and a compiled program), the bump that follows, the
//! command line, `generate --since` and `--check`.

#[path = "support/diff_cases.rs"]
mod cases;

use cases::{base, CASES};
use sdkgen::diff::{Bump, ChangeKind};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

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
    sdkgen::compare(&write(dir.path(), "old.json", &base()), &write(dir.path(), "new.json", &new), &sdkgen::Options::new("things")).expect("both specs load")
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let report = sdkgen::compare(&root, &root, &sdkgen::Options::new("things")).unwrap();
    assert!(report.changes.is_empty(), "{report:?}");
    assert_eq!(report.bump(), Bump::None);
    assert_eq!(report.to_text(), "semver: none (0 breaking, 0 compatible)\n");
}

#[test]
fn each_kind_of_change_is_classified() {
    for case in CASES {
        let report = report(case.edit);
        let changes: Vec<(String, bool)> = report.changes.iter().map(|c| (c.item.clone(), c.breaking)).collect();
        for (item, breaking) in case.expected {
            assert!(
                changes.contains(&((*item).to_owned(), *breaking)),
                "{}: expected `{item}` ({}) in\n{}",
                case.name,
                if *breaking { "breaking" } else { "compatible" },
                report.to_text()
            );
        }
        assert_eq!(report.is_breaking(), case.breaking, "{}:\n{}", case.name, report.to_text());
        assert_eq!(report.bump(), if case.breaking { Bump::Major } else { Bump::Minor }, "{}", case.name);
        if let cases::Seen::No(why) = case.semver_checks {
            assert!(case.breaking && !why.is_empty(), "{}: only a break cargo-semver-checks cannot see needs a reason", case.name);
        }
    }
}

#[test]
fn each_kind_of_wire_change_is_classified() {
    for case in cases::WIRE_CASES {
        let report = report(case.edit);
        for (item, says, breaking) in case.expected {
            assert!(
                report.changes.iter().any(|c| c.item == *item && c.change.contains(says) && c.breaking == *breaking),
                "{}: expected `{item}: {says}` ({}) in\n{}",
                case.name,
                if *breaking { "breaking" } else { "compatible" },
                report.to_text()
            );
        }
        assert_eq!(report.breaks_api(), case.api_breaking, "{}:\n{}", case.name, report.to_text());
        assert_eq!(report.is_breaking(), case.breaking, "{}:\n{}", case.name, report.to_text());
        assert!(report.changes.iter().all(|c| !c.change.contains("removed") || c.kind == ChangeKind::Api), "{}", case.name);
    }
}

#[test]
fn a_renamed_operation_is_one_rename_per_item_not_a_removal_and_an_addition() {
    let report = report(|s| s["paths"]["/things/{id}"]["get"]["operationId"] = json!("getThingV1"));
    let text = report.to_text();
    assert!(!text.contains(": removed") && !text.contains(": added"), "{text}");
    assert!(report.changes.iter().all(|c| c.kind == ChangeKind::Api || !c.breaking), "the request on the wire is the same:\n{text}");
}

#[test]
fn changes_are_reported_in_rust_terms() {
    let text = report(|s| {
        s["components"]["schemas"]["State"]["enum"] = json!(["on", "dim"]);
        s["components"]["schemas"]["Thing"]["properties"]["size"] = json!({"type": "string"});
    })
    .to_text();
    assert_eq!(
        text,
        "breaking   field models::Thing::size: Option<i64> → Option<String>\n\
         breaking   method models::Thing::size: fn size(&self) -> Option<&i64> → fn size(&self) -> Option<&String>\n\
         breaking   method models::Thing::with_size: fn with_size(self, size: impl Into<i64>) -> Thing → fn with_size(self, size: impl Into<String>) -> Thing\n\
         compatible variant models::State::Dim: added\n\
         breaking   variant models::State::Off: removed\n\
         semver: major (4 breaking, 1 compatible)\n"
    );
}

#[test]
fn a_removed_type_is_one_change_not_one_per_member() {
    let report = report(|s| {
        s["components"]["schemas"].as_object_mut().unwrap().remove("Shape");
    });
    let items: Vec<&str> = report.changes.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(items, ["enum models::Shape"]);
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
    assert_eq!((code, out.as_str()), (0, "compatible variant models::State::Dim: added\nsemver: minor (0 breaking, 1 compatible)\n"));
    let (code, out, _) = sdkgen(&["diff", &path(&old), &path(&breaking), "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(json["bump"], "major");
    assert_eq!(json["changes"][0], json!({"item": "variant models::State::Off", "change": "removed", "breaking": true, "kind": "api"}));
    let (code, _, err) = sdkgen(&["diff", &path(&old), "missing.yaml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_api_command_lists_every_public_item() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(dir.path(), "spec.json", &base());
    let (code, out, err) = sdkgen(&["api", spec.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "method Client::get_thing fn get_thing(&self, id: impl Into<String>) -> GetThing\n",
        "field models::Thing::size Option<i64>\n",
        "method requests::ListThings::stream fn stream(self) -> Pages<ListThingsParams>\n",
        "variant errors::GetThingError::NotFound (ErrorResponse<serde_json::Value>)\n",
    ] {
        assert!(out.contains(line), "{line:?} is missing from\n{out}");
    }
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
    assert!(err.contains("compatible variant models::State::Dim: added"), "{err}");
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
        "# Changelog\n\n## 0.5.0\n\n- **breaking** variant models::State::Off: removed\n\n## 0.4.3\n\n- variant models::State::Dim: added\n"
    );
}

#[test]
fn check_names_the_items_that_differ_and_the_full_command() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let out = dir.path().join("crate");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let generate = |spec: &Path, extra: &[&str]| {
        let mut args = vec!["generate", "--tag-features", "--crate-version", "1.2.3", "--crate-name", "things"];
        let (spec, out) = (path(spec), path(&out));
        args.extend(["--spec", &spec, "--out", &out]);
        args.extend(extra);
        sdkgen(&args)
    };
    assert_eq!(generate(&old, &[]).0, 0);
    let mut changed = base();
    changed["components"]["schemas"]["State"]["enum"] = json!(["on", "off", "dim"]);
    let changed = write(dir.path(), "changed.json", &changed);
    let (code, _, err) = generate(&changed, &["--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("differs: src/models.rs\n  enum State changed\n  impl From<String> for State changed\n  impl State changed\n"), "{err}");
    let hint = err.lines().last().unwrap_or_default();
    assert!(hint.contains("--crate-version 1.2.3") && hint.contains("--tag-features"), "the hint must regenerate the same crate: {hint}");
}
