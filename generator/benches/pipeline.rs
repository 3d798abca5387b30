//! Time per stage (load → lower → emit and format) for `spec/`, for the
//! largest real spec in `../shared/specs` and for the largest OpenAPI 3.1
//! one there (FastAPI's output; when present), so growth from the small
//! spec to the large one, and 3.1 against 3.0, can be read per operation. Each stage
//! is the function `sdkgen generate` calls: formatting pulls emitted items
//! one at a time, files in parallel, so it is measured with emitting.
//!
//! `cargo bench -p sdkgen --bench pipeline`

use std::path::{Path, PathBuf};

/// The allocator the `sdkgen` binary uses, so the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SPECS: &[&str] = &["spec/openapi.yaml", "../shared/specs/sailpoint-beta-bundled.yaml", "../shared/specs/openapi-3.1/fastapi-inventory.json"];

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

fn options() -> sdkgen::Options {
    sdkgen::Options::new("bench")
}

fn available() -> impl Iterator<Item = &'static str> {
    SPECS.iter().copied().filter(|name| spec(name).exists())
}

#[divan::bench(args = available(), sample_count = 10)]
fn load(name: &str) -> sdkgen::load::Spec {
    sdkgen::load::load(&spec(name), &[]).expect("loads")
}

/// Lowering, the passes, and deciding the public API.
#[divan::bench(args = available(), sample_count = 10)]
fn lower(bencher: divan::Bencher, name: &str) {
    let loaded = sdkgen::load::load(&spec(name), &[]).expect("loads");
    bencher.bench(|| sdkgen::ir::lower::lower(&loaded, false).expect("lowers").api);
}

/// Emitting and formatting every file, as `sdkgen generate` does.
#[divan::bench(args = available(), sample_count = 10)]
fn emit_and_format(bencher: divan::Bencher, name: &str) {
    let model = sdkgen::lower(&spec(name), &options()).expect("lowers");
    bencher.bench(|| sdkgen::emit(&model, &options()).expect("emits"));
}

#[divan::bench(args = available(), sample_count = 10)]
fn whole_pipeline(name: &str) -> sdkgen::Generated {
    sdkgen::generate(&spec(name), &options()).expect("generates")
}
