//! Goldens that compile: every fixture spec's crate builds, with its
//! example tests, under `clippy -D warnings`. Generated code that does not
//! compile, or compiles with a warning, fails here.

use std::path::Path;
use std::process::Command;

const FIXTURES: &[&str] = &["composition", "cursed", "enums", "objects", "parameters"];

#[test]
fn every_fixture_crate_passes_clippy_with_warnings_denied() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = tempfile::tempdir().expect("temp dir");
    for name in FIXTURES {
        let spec = manifest_dir.join("tests/fixtures").join(format!("{name}.yaml"));
        let options = sdkgen::Options { crate_name: format!("fixture-{name}"), crate_version: "0.1.0".to_owned() };
        let generated = sdkgen::generate(&spec, &options).unwrap_or_else(|err| panic!("{name}: {err}"));
        sdkgen::write::write(&workspace.path().join(name), &generated.files).expect("writes");
    }
    let members = FIXTURES.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(workspace.path().join("Cargo.toml"), format!("[workspace]\nmembers = [{members}]\nresolver = \"2\"\n")).expect("writes");
    std::fs::copy(manifest_dir.join("../Cargo.lock"), workspace.path().join("Cargo.lock")).expect("copies the lock file");

    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--offline", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(workspace.path())
        .env("CARGO_TARGET_DIR", manifest_dir.join("../target/fixture-crates"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "the fixture crates do not pass clippy:\n{}", String::from_utf8_lossy(&output.stderr));
}
