//! How generation time and memory grow with the spec, for the shapes that
//! once grew faster than the spec or overflowed the stack: long chains of
//! ref aliases, of structs each holding the next, of `allOf`s each taking
//! in the previous, one object with many properties, and many schemas each
//! holding the next three; and a YAML file of flow mappings nested 40 N
//! deep (`{a: {a: ...`), refused past 128 levels before the YAML parser,
//! whose time grows with the square of the depth, reads it. A chain of
//! `allOf`s asks for a quadratic number of fields, and is refused past
//! 250,000 (in time linear in the spec).
//! Each shape is generated at N, 2N and 4N
//! schemas (or properties); a ratio near 2 between one size and the next
//! means linear growth, near 4 quadratic. Memory is the process's peak
//! resident size during the run (Linux only; the spec text is part of it).
//!
//! `cargo run --release -p sdkgen --example scaling [-- N]` (N: 2500)

use serde_json::{json, Map, Value};
use std::time::Instant;

/// The allocator the `sdkgen` binary uses, so the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Resets the process's peak resident memory (Linux: `/proc/self/clear_refs`).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory since the last reset, in MiB.
fn peak_memory() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn schema_ref(index: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/S{index}")})
}

/// The spec of one shape at size `n`.
fn spec(shape: &str, n: usize) -> Value {
    let mut schemas = Map::new();
    let chained = if shape == "wide object" { 0 } else { n };
    for index in 0..chained {
        let last = index + 1 == n;
        let schema = match shape {
            "ref chain" if last => json!({"type": "string"}),
            "ref chain" => schema_ref(index + 1),
            "struct chain" if last => json!({"type": "object", "properties": {"id": {"type": "string"}}}),
            "struct chain" => json!({"type": "object", "properties": {"id": {"type": "string"}, "next": schema_ref(index + 1)}}),
            "allOf chain" if index == 0 => json!({"type": "object", "properties": {"p0": {"type": "string"}}}),
            "allOf chain" => json!({"allOf": [schema_ref(index - 1), {"type": "object", "properties": {format!("p{index}"): {"type": "string"}}}]}),
            "fan-out 3" => {
                let properties: Map<String, Value> = (1..=3).filter(|step| index + step < n).map(|step| (format!("next{step}"), schema_ref(index + step))).collect();
                json!({"type": "object", "properties": properties})
            }
            _ => unreachable!("a shape of this example"),
        };
        schemas.insert(format!("S{index}"), schema);
    }
    let root = match shape {
        "allOf chain" => schema_ref(n - 1),
        "wide object" => {
            let properties: Map<String, Value> = (0..n).map(|index| (format!("p{index}"), json!({"type": "string"}))).collect();
            schemas.insert("Wide".to_owned(), json!({"type": "object", "properties": properties}));
            json!({"$ref": "#/components/schemas/Wide"})
        }
        _ => schema_ref(0),
    };
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Scaling", "version": "1"},
        "paths": {"/root": {"get": {"operationId": "getRoot", "responses": {"200": {
            "description": "The root.", "content": {"application/json": {"schema": root}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

/// Generates one shape at one size in this process: prints the seconds
/// it took, the peak memory in MiB, and whether the spec was refused.
fn measure(shape: &str, n: usize) {
    let dir = std::env::temp_dir().join(format!("sdkgen-scaling-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creates a temporary directory");
    let (path, text) = match shape {
        "YAML nesting" => (dir.join("spec.yaml"), format!("openapi: 3.0.3\ninfo: {}1{}\n", "{a: ".repeat(40 * n), "}".repeat(40 * n))),
        _ => (dir.join("spec.json"), spec(shape, n).to_string()),
    };
    std::fs::write(&path, text).expect("writes the spec");
    reset_peak_memory();
    let started = Instant::now();
    let generated = sdkgen::generate(&path, &sdkgen::Options::new("scaling"));
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_memory().unwrap_or(f64::NAN);
    let _ = std::fs::remove_dir_all(&dir);
    // A spec past a limit sdkgen enforces is refused: the time to refuse
    // it counts, and must grow linearly too.
    let refused = match generated {
        Ok(_) => false,
        Err(sdkgen::Error::Lower(_)) => true,
        Err(sdkgen::Error::Load(_)) if shape == "YAML nesting" => true,
        Err(err) => {
            eprintln!("{shape} at {n}: {err}");
            std::process::exit(1);
        }
    };
    println!("{seconds} {peak} {refused}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, shape, n] = args.as_slice() {
        if flag == "--one" {
            return measure(shape, n.parse().expect("a size"));
        }
    }
    let base: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2500);
    let me = std::env::current_exe().expect("knows its own path");
    println!("{:<14} {:>7} {:>10} {:>8} {:>11} {:>8}", "shape", "size", "time", "ratio", "peak memory", "ratio");
    for shape in ["ref chain", "struct chain", "allOf chain", "wide object", "fan-out 3", "YAML nesting"] {
        let mut previous: Option<(f64, f64)> = None;
        for n in [base, 2 * base, 4 * base] {
            // Each run in a process of its own, so no run's memory counts
            // towards another's peak.
            let output = std::process::Command::new(&me).args(["--one", shape, &n.to_string()]).output().expect("runs itself");
            if !output.status.success() {
                eprint!("{}", String::from_utf8_lossy(&output.stderr));
                std::process::exit(1);
            }
            let text = String::from_utf8_lossy(&output.stdout);
            let mut figures = text.split_whitespace();
            let seconds: f64 = figures.next().and_then(|s| s.parse().ok()).expect("seconds");
            let peak: f64 = figures.next().and_then(|s| s.parse().ok()).expect("memory");
            let refused = figures.next() == Some("true");
            let ratio = |now: f64, before: Option<f64>| before.map_or(String::from("-"), |before| format!("{:.2}", now / before));
            println!(
                "{shape:<14} {n:>7} {:>8.0}ms {:>8} {peak:>8.0}MiB {:>8}{}",
                seconds * 1000.0,
                ratio(seconds, previous.map(|p| p.0)),
                ratio(peak, previous.map(|p| p.1)),
                if refused { " refused: past a limit" } else { "" }
            );
            previous = Some((seconds, peak));
        }
    }
}
