//! `generated/` is exactly what `spec/` and `templates/` give.

use sdk_checks::generation::{CRATE_NAME, CRATE_VERSION, OUT, SPEC};
use std::path::Path;

#[test]
fn generated_crate_is_what_the_spec_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join(OUT);
    let version = sdkgen::write::current_version(&out).unwrap_or_else(|| CRATE_VERSION.to_owned());
    let options = sdkgen::Options { crate_version: version, ..sdkgen::Options::new(CRATE_NAME) };
    let generated = sdkgen::generate(&root.join(SPEC), &options).expect("spec/ generates");
    let changes = sdkgen::check::compare(&out, &generated.files).expect("generated/ reads");
    assert!(
        changes.is_empty(),
        "{OUT}/ is stale:\n{}\nregenerate it with: {}",
        sdkgen::check::describe(&out, &generated.files, &changes, 20),
        sdkgen::regenerate_command(Path::new(SPEC), Path::new(OUT), &options)
    );
}
