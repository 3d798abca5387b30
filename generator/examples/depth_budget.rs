//! The largest crate sdkgen promises to compile, compiled: a spec of
//! 2,501 structs each holding the next, whose types nest the 10,000 levels
//! the generator allows (one struct more is refused, as
//! `tests/hostile.rs` checks). `cargo check` of the crate must pass; the
//! example prints how long it took. CI runs it.
//!
//! `cargo run --release -p sdkgen --example depth_budget`

#[path = "../tests/support/chain.rs"]
mod chain;
#[path = "../tests/support/locked.rs"]
mod locked;

use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = workspace.join("target/depth-budget");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates target/depth-budget");
    let spec = chain::spec(chain::LONGEST);
    let path = dir.join("chain.json");
    std::fs::write(&path, spec.to_string()).expect("writes the spec");
    let generated = match sdkgen::generate(&path, &sdkgen::Options::new("chain")) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("the chain at the depth budget is refused: {err}");
            return ExitCode::FAILURE;
        }
    };
    let krate = dir.join("chain");
    sdkgen::write::write(&krate, &generated.files).expect("writes the crate");
    let manifest = krate.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("reads the manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("makes the crate its own workspace");
    locked::pin(&krate);
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["check", "--locked", "--quiet"])
        .current_dir(&krate)
        // The fixture crates' target directory: their dependencies are
        // these, already checked when the tests ran.
        .env("CARGO_TARGET_DIR", workspace.join("target/fixture-crates"))
        .status()
        .expect("cargo runs");
    println!("cargo check of {} chained structs: {} in {:.0} s", chain::LONGEST, if status.success() { "ok" } else { "FAILED" }, started.elapsed().as_secs_f64());
    if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
