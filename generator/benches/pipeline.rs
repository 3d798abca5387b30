//! Time per stage (load → lower → emit → format) for `spec/` and for the
//! largest real spec in `../shared/specs` (when present), so growth from
//! the small spec to the large one can be read per operation. Formatting
//! pulls emitted items one at a time, so it is measured together with
//! emitting; `whole_pipeline` formats files in parallel, as `sdkgen` does.
//!
//! `cargo bench -p sdkgen --bench pipeline`

use std::path::{Path, PathBuf};

/// The allocator the `sdkgen` binary uses, so the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SPECS: &[&str] = &["spec/openapi.yaml", "../shared/specs/sailpoint-beta-bundled.yaml"];

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

fn options() -> sdkgen::Options {
    sdkgen::Options { crate_name: "bench".to_owned(), crate_version: "0.0.0".to_owned(), tag_features: false }
}

fn available() -> impl Iterator<Item = &'static str> {
    SPECS.iter().copied().filter(|name| spec(name).exists())
}

#[divan::bench(args = available(), sample_count = 10)]
fn load(name: &str) -> sdkgen::load::Spec {
    sdkgen::load::load(&spec(name)).expect("loads")
}

#[divan::bench(args = available(), sample_count = 10)]
fn lower(bencher: divan::Bencher, name: &str) {
    let loaded = sdkgen::load::load(&spec(name)).expect("loads");
    bencher.bench(|| sdkgen::ir::lower(&loaded).expect("lowers"));
}

/// Emitting alone: every file's tokens made, none formatted.
#[divan::bench(args = available(), sample_count = 10)]
fn emit(bencher: divan::Bencher, name: &str) {
    let loaded = sdkgen::load::load(&spec(name)).expect("loads");
    let api = sdkgen::ir::lower(&loaded).expect("lowers").api;
    bencher.bench_local(|| {
        sdkgen::emit::emit(&api, &options(), "digest")
            .into_values()
            .map(|content| match content {
                sdkgen::emit::Content::Rust(file) => file.items.count(),
                _ => 0,
            })
            .sum::<usize>()
    });
}

/// Emitting and formatting on one thread; formatting is this less `emit`.
#[divan::bench(args = available(), sample_count = 10)]
fn emit_and_format(bencher: divan::Bencher, name: &str) {
    let loaded = sdkgen::load::load(&spec(name)).expect("loads");
    let api = sdkgen::ir::lower(&loaded).expect("lowers").api;
    bencher.bench_local(|| sdkgen::format::format(sdkgen::emit::emit(&api, &options(), "digest")).expect("formats"));
}

#[divan::bench(args = available(), sample_count = 10)]
fn whole_pipeline(name: &str) -> sdkgen::Generated {
    sdkgen::generate(&spec(name), &options()).expect("generates")
}
