//! The workspace's own package: it carries the build script that keeps
//! `generated/` fresh, and the end-to-end tests under `tests/`.
//!
//! The constant below makes a stale build impossible: `build.rs` passes the
//! digest of the spec it generated from, the generated crate carries the
//! digest it was generated from, and compilation stops if they differ
//! (which happens only when Cargo compiled the generated crate before the
//! build script rewrote it; building again picks up the new code).

pub mod generation;

const _: () = assert!(
    same(sailpoint_password_sdk::SPEC_DIGEST, env!("SDK_SPEC_DIGEST")),
    "generated/ was compiled from another version of spec/ than the current one: build again to compile the regenerated code"
);

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
