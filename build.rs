//! Keeps `generated/` in step with `spec/` and `templates/`.
//!
//! Cargo reruns this script when anything under `spec/` or `templates/`
//! changes (`rerun-if-changed`), and only then. It regenerates the SDK into
//! `generated/`, writing only the files whose contents changed, and passes
//! the digest of the spec it generated from to the crate as
//! `SDK_SPEC_DIGEST`. `src/lib.rs` compares that digest with the one
//! compiled into the generated crate and refuses to compile when they
//! differ, so no build or test can run on stale generated code.
//!
//! In CI (`CI` set) it writes nothing: a stale `generated/` fails the build
//! with the command that regenerates it, as the committed code is what
//! users get.

use std::path::Path;

include!("src/generation.rs");

fn main() {
    println!("cargo:rerun-if-changed=spec");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-env-changed=CI");
    let version = sdkgen::write::current_version(Path::new(OUT)).unwrap_or_else(|| CRATE_VERSION.to_owned());
    let options = sdkgen::Options { crate_version: version, ..sdkgen::Options::new(CRATE_NAME) };
    let generated = match sdkgen::generate(Path::new(SPEC), &options) {
        Ok(generated) => generated,
        Err(err) => fail(&format!("cannot generate the SDK from {SPEC}:\n{err}")),
    };
    for warning in &generated.warnings {
        println!("cargo:warning={SPEC}: {warning}");
    }
    let out = Path::new(OUT);
    if std::env::var_os("CI").is_some() {
        match sdkgen::check::compare(out, &generated.files) {
            Ok(changes) if changes.is_empty() => {}
            Ok(changes) => fail(&format!(
                "{OUT}/ is stale: it is not what {SPEC} gives.\n{}\nRegenerate and commit: {}",
                sdkgen::check::describe(out, &generated.files, &changes, 20),
                sdkgen::regenerate_command(Path::new(SPEC), out, &options)
            )),
            Err(err) => fail(&format!("cannot compare {OUT}/: {err}")),
        }
    } else if let Err(err) = sdkgen::write::write(out, &generated.files) {
        fail(&format!("cannot write {OUT}/: {err}"));
    }
    println!("cargo:rustc-env=SDK_SPEC_DIGEST={}", generated.digest);
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo:warning={line}");
    }
    eprintln!("{message}");
    std::process::exit(1);
}
