//! Building crates that sdkgen wrote in workspaces of their own, with the
//! crates the repository's `Cargo.lock` pins and no others, so that a test
//! needs only what the README's commands put on a machine (and what the
//! registry serves for that lock), never what a cache happens to hold.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Gives the workspace at `dir` the repository's lock file, trimmed to its
/// members; cargo commands in `dir` then run `--locked`. Panics naming
/// every crate the workspace needs that the lock file does not pin.
pub fn pin(dir: &Path) {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).expect("copies the lock file");
    // Updates the members' entries only; a crate the lock lacks is resolved
    // anew, and so found below.
    let output = Command::new(env!("CARGO")).args(["update", "--workspace", "--quiet"]).current_dir(dir).output().expect("cargo runs");
    assert!(output.status.success(), "cargo update --workspace in {}:\n{}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let pinned = registry_packages(&lock);
    let needed = registry_packages(&dir.join("Cargo.lock"));
    let unpinned: Vec<&String> = needed.difference(&pinned).collect();
    assert!(
        unpinned.is_empty(),
        "the generated crates need crates that the repository's Cargo.lock does not pin: {unpinned:?}; \
         make a workspace member depend on them (the root Cargo.toml's dev-dependencies say how)"
    );
}

/// The `name version` of every registry package a lock file lists.
fn registry_packages(lock: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(lock).expect("reads a lock file");
    let document: toml_edit::DocumentMut = text.parse().expect("a lock file is TOML");
    let packages = document.get("package").and_then(toml_edit::Item::as_array_of_tables).into_iter().flatten();
    packages
        .filter(|package| package.get("source").and_then(toml_edit::Item::as_str).is_some_and(|source| source.starts_with("registry+")))
        .filter_map(|package| Some(format!("{} {}", package.get("name")?.as_str()?, package.get("version")?.as_str()?)))
        .collect()
}
