//! The corpus check: every real-world spec under a directory (by default
//! `../shared/specs`) generates a crate, and every crate, with its tests,
//! passes `cargo clippy -- -D warnings` (all in one workspace, sharing one
//! target directory). Prints a table of operations, types, generation
//! time and warnings. The crates have a Cargo feature per tag; each that
//! has any is also linted with only its first feature and with none. The
//! documents under `public/` (real APIs and construct examples of Swagger
//! 2.0 and OpenAPI 3.0 and 3.1) are each a crate too, every one of them.
//!
//! `cargo run --release -p sdkgen --example corpus -- [SPECS_DIR]`
//! Exits non-zero if any spec fails to generate or any crate to check.

#[path = "../tests/support/locked.rs"]
mod locked;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The allocator the `sdkgen` binary uses, so the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The root files of the specs to check, relative to the specs directory.
fn roots(dir: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for sub in ["", "sailpoint", "dropshot", "openapi-3.1"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_spec = path.extension().is_some_and(|ext| ext == "yaml" || ext == "json");
            if path.is_file() && is_spec {
                roots.push(path);
            }
        }
    }
    // SailPoint's per-API layout: one document per API, sharing `../../shared/`.
    if let Ok(entries) = std::fs::read_dir(dir.join("sailpoint/apis")) {
        roots.extend(entries.flatten().map(|entry| entry.path().join("openapi.yaml")).filter(|root| root.is_file()));
    }
    roots.extend(public_roots(&dir.join("public")));
    roots.sort();
    roots
}

/// The root documents under `public/` (any depth): the files that open
/// with an `openapi` or `swagger` key, not the parts they refer to.
fn public_roots(dir: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json") && version_of(&path).is_some() {
                roots.push(path);
            }
        }
    }
    roots
}

/// The version a document declares at its top level (`openapi: 3.1.0`,
/// `swagger: "2.0"`), read from its text.
fn version_of(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    if text.trim_start().starts_with('{') {
        let document: serde_json::Value = serde_json::from_str(&text).ok()?;
        let version = document.get("openapi").or_else(|| document.get("swagger"))?;
        return Some(version.as_str().map_or_else(|| version.to_string(), str::to_owned));
    }
    text.lines().take(50).find_map(|line| {
        let line = line.trim_start_matches(['{', ' ']);
        ["openapi", "swagger", "\"openapi\"", "\"swagger\""]
            .iter()
            .find_map(|key| line.strip_prefix(key)?.strip_prefix(':'))
            .map(|value| value.trim().trim_matches(['"', '\'', ',']).to_owned())
    })
}

fn crate_name(root: &Path, specs: &Path) -> String {
    let relative = root.strip_prefix(specs).unwrap_or(root).with_extension("");
    let name: String = relative.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("corpus-{name}")
}

/// The first tag feature a generated manifest declares, if any.
fn first_feature(manifest: &str) -> Option<String> {
    let table = manifest.split("\n[features]\n").nth(1)?;
    table.lines().find_map(|line| line.strip_suffix(" = []")).map(str::to_owned)
}

fn main() -> ExitCode {
    let specs = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/specs".to_owned()));
    let workspace_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = workspace_root.join("target/corpus");
    let roots = roots(&specs);
    if roots.is_empty() {
        eprintln!("no specs under {}", specs.display());
        return ExitCode::FAILURE;
    }
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("creates target/corpus");
    let mut members = Vec::new();
    let mut failed = false;
    println!("{:<48} {:>10} {:>6} {:>9} {:>9}", "spec", "operations", "types", "generate", "warnings");
    for root in &roots {
        let name = crate_name(root, &specs);
        // The public documents are many: their crates are linted whole,
        // without the per-feature subsets.
        let public = root.starts_with(specs.join("public"));
        let options = sdkgen::Options { tag_features: !public, ..sdkgen::Options::new(name.clone()) };
        let started = Instant::now();
        let result = sdkgen::generate(root, &options);
        let elapsed = started.elapsed();
        let label = root.strip_prefix(&specs).unwrap_or(root).display().to_string();
        match result {
            Ok(generated) => {
                println!(
                    "{label:<48} {:>10} {:>6} {:>7.0}ms {:>9}",
                    generated.operations,
                    generated.types,
                    elapsed.as_secs_f64() * 1000.0,
                    generated.warnings.len()
                );
                sdkgen::write::write(&out.join(&name), &generated.files).expect("writes the crate");
                let first_feature = first_feature(&generated.files["Cargo.toml"]);
                members.push((name, first_feature));
            }
            Err(err) => {
                println!("{label:<48} FAILED: {err}");
                failed = true;
            }
        }
    }
    println!("{} of {} documents generate", members.len(), roots.len());
    let names = members.iter().map(|(m, _)| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(out.join("Cargo.toml"), format!("[workspace]\nmembers = [{names}]\nresolver = \"2\"\n")).expect("writes the manifest");
    locked::pin(&out);
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--locked", "--workspace", "--all-targets", "--keep-going", "--quiet", "--features", "mock", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", workspace_root.join("target/corpus-target"))
        .status()
        .expect("cargo runs");
    println!(
        "cargo clippy -D warnings of every crate and its tests, every tag feature and the mock on: {} in {:.1} s",
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    let mut subsets_ok = true;
    for (name, feature) in members.iter().filter_map(|(name, feature)| Some((name, feature.as_deref()?))) {
        for features in [vec!["--no-default-features", "--features", feature], vec!["--no-default-features"]] {
            let started = Instant::now();
            let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
                .args(["clippy", "--locked", "--quiet", "-p", name])
                .args(&features)
                .args(["--", "-D", "warnings"])
                .current_dir(&out)
                .env("CARGO_TARGET_DIR", workspace_root.join("target/corpus-target"))
                .output()
                .expect("cargo runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            let clean = output.status.success() && !stderr.contains("warning");
            subsets_ok &= clean;
            println!("cargo clippy -p {name} {}: {} in {:.1} s", features.join(" "), if clean { "ok" } else { "FAILED" }, started.elapsed().as_secs_f64());
            if !clean {
                eprintln!("{stderr}");
            }
        }
    }
    let report_ok = password_policy_report(&specs);
    if failed || !status.success() || !subsets_ok || !report_ok {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The change report between SailPoint's beta and v3 password policy
/// endpoints: v3 renamed `updatePasswordPolicy` to `setPasswordPolicy`.
fn password_policy_report(specs: &Path) -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus/password-policies");
    let _ = std::fs::create_dir_all(&dir);
    let root = |version: &str| {
        let paths = std::fs::canonicalize(specs.join("sailpoint").join(version).join("paths")).unwrap_or_default();
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Password policies", "version": version},
            "paths": {
                "/password-policies": {"$ref": paths.join("password-policies.yaml")},
                "/password-policies/{id}": {"$ref": paths.join("password-policy.yaml")}
            }
        });
        let path = dir.join(format!("{version}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(&spec).unwrap_or_default()).expect("writes the spec");
        path
    };
    // The two roots live here and name the corpus's files by absolute path.
    let options = sdkgen::Options { allow_refs_under: vec![specs.join("sailpoint")], ..sdkgen::Options::new("policies") };
    let report = match sdkgen::compare(&root("beta"), &root("v3"), &options) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("the password policy report failed: {err}");
            return false;
        }
    };
    // The same request under a new operationId: a rename, not a removal
    // and an addition, and nothing else changed on the wire.
    let renamed = report
        .changes
        .iter()
        .any(|c| c.item == "method Client::update_password_policy" && c.change.starts_with("renamed Client::set_password_policy") && c.breaking);
    let split = report.changes.iter().any(|c| c.change == "removed" || c.change.starts_with("added"));
    let wire_breaks = report.changes.iter().any(|c| c.kind == sdkgen::diff::ChangeKind::Wire && c.breaking);
    println!("beta → v3 password policies: {} changes, semver {}", report.changes.len(), report.bump().as_str());
    let ok = renamed && !split && !wire_breaks;
    if !ok {
        eprintln!("the report misses the renamed operation, or sees a wire change that is not there:\n{}", report.to_text());
    }
    ok
}
