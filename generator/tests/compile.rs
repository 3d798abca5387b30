//! Goldens that compile: every fixture spec's crate builds, with its
//! example tests, under `clippy -D warnings`, and those tests pass, with
//! the hand-written `tests/fixtures/NAME_behaviour.rs` where there is one.
//! Generated code that does not compile, compiles with a warning, or loses
//! data from an example, fails here.

use std::path::Path;
use std::process::Command;

const FIXTURES: &[&str] = &["bodies", "composition", "cursed", "enums", "objects", "parameters", "tags"];

#[test]
fn every_fixture_crate_passes_clippy_and_its_own_tests() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = tempfile::tempdir().expect("temp dir");
    for name in FIXTURES {
        let spec = manifest_dir.join("tests/fixtures").join(format!("{name}.yaml"));
        let options = sdkgen::Options { tag_features: *name == "tags", ..sdkgen::Options::new(format!("fixture-{name}")) };
        let generated = sdkgen::generate(&spec, &options).unwrap_or_else(|err| panic!("{name}: {err}"));
        let dir = workspace.path().join(name);
        sdkgen::write::write(&dir, &generated.files).expect("writes");
        let behaviour = manifest_dir.join("tests/fixtures").join(format!("{name}_behaviour.rs"));
        if behaviour.exists() {
            std::fs::copy(&behaviour, dir.join("tests/behaviour.rs")).expect("copies the behaviour tests");
        }
    }
    let members = FIXTURES.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(workspace.path().join("Cargo.toml"), format!("[workspace]\nmembers = [{members}]\nresolver = \"2\"\n")).expect("writes");
    std::fs::copy(manifest_dir.join("../Cargo.lock"), workspace.path().join("Cargo.lock")).expect("copies the lock file");

    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(workspace.path())
            .env("CARGO_TARGET_DIR", manifest_dir.join("../target/fixture-crates"))
            .output()
            .expect("cargo runs")
    };
    let clippy = cargo(&["clippy", "--offline", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    assert!(clippy.status.success(), "the fixture crates do not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    // The crate with a feature per tag builds clean with any of them off.
    for features in [&["--no-default-features", "--features", "pets"][..], &["--no-default-features", "--features", "store-front"], &["--no-default-features"]] {
        let mut args = vec!["clippy", "--offline", "--all-targets", "--quiet", "-p", "fixture-tags"];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        let clippy = cargo(&args);
        assert!(clippy.status.success(), "fixture-tags with {features:?} does not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    }
    let tests = cargo(&["test", "--offline", "--quiet"]);
    assert!(
        tests.status.success(),
        "the fixture crates' own tests (their spec examples) fail:\n{}{}",
        String::from_utf8_lossy(&tests.stdout),
        String::from_utf8_lossy(&tests.stderr)
    );
}
