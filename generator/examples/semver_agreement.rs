//! Checks `sdkgen diff` against two independent judges, for every kind of
//! change in `tests/support/diff_cases.rs`:
//!
//! - cargo-semver-checks, run on the crates generated from the old and the
//!   new spec; where it has a lint for the kind of change, its verdict
//!   (breaking or not) must be `sdkgen diff`'s;
//! - a probe: a program that uses every public item of the old crate with
//!   its exact types (reads each field, calls each method with arguments of
//!   the old types, builds each variant). It must compile against the old
//!   crate, and it compiles against the new one exactly when `sdkgen diff`
//!   calls the change compatible.
//!
//!
//! Then the wire report, for every kind of wire change and a few
//! compatible API changes as controls: a program that calls each operation
//! of the old crate against a recorder answering as the old service does,
//! built against the old crate and against the new one (when it still
//! compiles), prints the requests it sent and what each call returned. The
//! two runs differ exactly when `sdkgen diff` reports a breaking change on
//! the wire.
//!
//! `cargo run -p sdkgen --example semver_agreement` (CI runs it). Needs
//! `cargo-semver-checks` on the PATH (`cargo install --locked
//! cargo-semver-checks`), and fails if it is missing.

#[path = "../tests/support/locked.rs"]
mod locked;

#[path = "../tests/support/diff_cases.rs"]
#[allow(dead_code, reason = "the report's lines are checked by tests/diff.rs")]
mod cases;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use sdkgen::ir::public::{Arg, NEWTYPE_FIELD};
use sdkgen::ir::rust::RustType;
use sdkgen::ir::surface::{body_field_type, error_variants, extra_type, field_type, output_type, param_type, stream_item, variant_type};
use sdkgen::ir::{Api, TypeKind};
use std::path::Path;
use std::process::{Command, ExitCode};

const CRATE: &str = "things";

fn main() -> ExitCode {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = workspace.join("target/semver-agreement");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("creates target/semver-agreement");
    let target = root.join("target");
    if Command::new("cargo").args(["semver-checks", "--version"]).output().map(|o| !o.status.success()).unwrap_or(true) {
        eprintln!("cargo-semver-checks is not installed: cargo install --locked cargo-semver-checks");
        return ExitCode::FAILURE;
    }
    let mut failures = 0;
    println!("{:<40} {:>8} {:>14} {:>8}", "change", "diff", "semver-checks", "probe");
    for (index, case) in cases::CASES.iter().enumerate() {
        let dir = root.join(format!("case{index:02}"));
        let mut new_spec = cases::base();
        (case.edit)(&mut new_spec);
        let old = generate(&dir.join("old"), &cases::base());
        let new = generate(&dir.join("new"), &new_spec);
        let diff = sdkgen::diff::diff(&old, &new).breaks_api();
        let semver = semver_checks_breaking(&dir, &target);
        write_probe(&dir.join("probe-old"), "../old", &old);
        write_probe(&dir.join("probe-new"), "../new", &old);
        let (old_ok, old_errors) = compiles(&dir.join("probe-old"), &target);
        let (new_ok, new_errors) = compiles(&dir.join("probe-new"), &target);
        let semver_text = match (&semver, case.semver_checks) {
            (Ok(breaking), cases::Seen::Yes) => verdict(*breaking).to_owned(),
            (Ok(breaking), cases::Seen::No(_)) => format!("({})", verdict(*breaking)),
            (Err(_), _) => "error".to_owned(),
        };
        println!("{:<40} {:>8} {:>14} {:>8}", case.name, verdict(diff), semver_text, verdict(!new_ok));
        let mut problems = Vec::new();
        if diff != case.breaking {
            problems.push(format!("sdkgen diff says {}, the case says {}", verdict(diff), verdict(case.breaking)));
        }
        if !old_ok {
            problems.push(format!("the probe does not compile against the old crate:\n{old_errors}"));
        } else if new_ok == diff {
            problems.push(format!("the probe {} against the new crate, but sdkgen diff says {}:\n{new_errors}", if new_ok { "compiles" } else { "fails" }, verdict(diff)));
        }
        match (semver, case.semver_checks) {
            (Err(message), _) => problems.push(format!("cargo-semver-checks failed to run:\n{message}")),
            (Ok(breaking), cases::Seen::Yes) if breaking != diff => {
                problems.push(format!("cargo-semver-checks says {}, sdkgen diff says {}", verdict(breaking), verdict(diff)));
            }
            (Ok(true), cases::Seen::No(why)) => {
                problems.push(format!("cargo-semver-checks sees this change after all (the case says {why}): update the case"));
            }
            _ => {}
        }
        for problem in &problems {
            eprintln!("  {}: {problem}", case.name);
        }
        failures += problems.len();
    }
    let wire_failures = wire_agreement(&root, &target);
    if failures + wire_failures > 0 {
        eprintln!("{} disagreement(s)", failures + wire_failures);
        return ExitCode::FAILURE;
    }
    println!("sdkgen diff agrees with cargo-semver-checks (where it can see the change) and with the compiled probe on {} kinds of change", cases::CASES.len());
    println!("and with what a program sends and reads on {} kinds of wire change and {CONTROLS} controls", cases::WIRE_CASES.len());
    ExitCode::SUCCESS
}

/// How many compatible API changes are run as controls of the wire
/// report: they change nothing on the wire.
const CONTROLS: usize = 4;

/// Runs the wire probe built against the old and the new crate of each
/// wire case (and of the first compatible API cases, as controls) and
/// counts the cases where the runs' difference and the report disagree.
fn wire_agreement(root: &Path, target: &Path) -> usize {
    println!("\n{:<52} {:>8} {:>10}", "wire change", "diff", "program");
    let old_dir = root.join("wire/old");
    let old = generate(&old_dir, &cases::base());
    write_wire_probe(&root.join("wire/probe-old"), "../old");
    let Some(before) = run_wire_probe(&root.join("wire/probe-old"), target) else {
        eprintln!("  the wire probe does not build against the old crate");
        return 1;
    };
    let controls = cases::CASES.iter().filter(|case| !case.breaking).take(CONTROLS).map(|case| (case.name, case.edit));
    let wire = cases::WIRE_CASES.iter().map(|case| (case.name, case.edit));
    let mut failures = 0;
    for (index, (name, edit)) in wire.chain(controls).enumerate() {
        let dir = root.join(format!("wire/case{index:02}"));
        let mut new_spec = cases::base();
        edit(&mut new_spec);
        let new = generate(&dir.join("new"), &new_spec);
        let report = sdkgen::diff::diff(&old, &new);
        let wire_breaking = report.changes.iter().any(|change| change.breaking && change.kind == sdkgen::diff::ChangeKind::Wire);
        write_wire_probe(&dir.join("probe"), "../new");
        let after = run_wire_probe(&dir.join("probe"), target);
        let program = match &after {
            None => "n/a",
            Some(after) if *after != before => "differs",
            Some(_) => "same",
        };
        println!("{name:<52} {:>8} {program:>10}", verdict(wire_breaking));
        match after {
            None if !report.breaks_api() => {
                eprintln!("  {name}: the probe does not build against the new crate, though the Rust API did not break");
                failures += 1;
            }
            Some(after) if (after != before) != wire_breaking => {
                eprintln!("  {name}: sdkgen diff says {} on the wire, the program's runs are {program}:\n--- old\n{before}--- new\n{after}", verdict(wire_breaking));
                failures += 1;
            }
            _ => {}
        }
    }
    failures
}

/// A program that calls every operation of the base spec's crate with
/// values at the edges the wire cases move, against a recorder that
/// answers as the base spec's service, and prints each request it
/// received and what each call returned.
fn write_wire_probe(dir: &Path, dependency: &str) {
    std::fs::create_dir_all(dir.join("src")).expect("creates the wire probe");
    let manifest = format!(
        "[package]\nname = \"wire-probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{CRATE} = {{ path = \"{dependency}\" }}\nserde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\"] }}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("writes the wire probe manifest");
    let file = syn::parse2::<syn::File>(wire_probe()).expect("the wire probe parses");
    std::fs::write(dir.join("src/main.rs"), prettyplease::unparse(&file)).expect("writes the wire probe");
    locked::pin(dir);
}

fn wire_probe() -> TokenStream {
    let krate = format_ident!("{CRATE}");
    quote! {
        use std::io::{BufRead, BufReader, Read, Write};
        use #krate::TryStreamExt;

        /// Answers as the old service: its paths and methods, its statuses.
        fn answer(method: &str, path: &str) -> (u16, &'static str) {
            let path = path.split('?').next().unwrap_or_default();
            match (method, path) {
                ("GET", "/things") | ("GET", "/parts") => (200, "[]"),
                ("GET", item) if item.starts_with("/things/") => (200, r#"{"id":"t1","size":3,"state":"off"}"#),
                ("POST", "/things") => (204, ""),
                _ => (404, "{}"),
            }
        }

        /// Records each request: method, target, the headers that are not
        /// the transport's, and the body.
        fn record(listener: std::net::TcpListener, seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().expect("clones the stream"));
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let (method, target) = (parts.next().unwrap_or_default().to_owned(), parts.next().unwrap_or_default().to_owned());
                let mut headers = Vec::new();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap_or((header.as_str(), ""));
                    let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_owned());
                    if name == "content-length" {
                        length = value.parse().unwrap_or(0);
                    } else if !["host", "user-agent", "accept", "connection", "accept-encoding"].contains(&name.as_str()) {
                        headers.push(format!("{name}: {value}"));
                    }
                }
                headers.sort();
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                seen.lock().expect("the record").push(format!("{method} {target} [{}] {}", headers.join("; "), String::from_utf8_lossy(&body)));
                let (status, reply) = answer(&method, &target);
                let response = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len());
                let _ = stream.write_all(response.as_bytes());
            }
        }

        fn shown<T: serde::Serialize, E: std::fmt::Display>(result: Result<T, E>) -> String {
            match result {
                Ok(value) => format!("ok {}", serde_json::to_string(&value).expect("serializes")),
                Err(error) => format!("error {error}"),
            }
        }

        fn main() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
            let address = listener.local_addr().expect("an address");
            let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let recorder = seen.clone();
            std::thread::spawn(move || record(listener, recorder));
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            let client = #krate::Client::builder()
                .base_url(format!("http://{address}"))
                .no_authentication()
                .retry_policy(#krate::RetryPolicy::none())
                .rate_limit(None)
                .build()
                .expect("a client");
            let body = #krate::models::Thing::new("id1").with_size(3).with_state(#krate::models::State::Off);
            let outcomes = runtime.block_on(async {
                vec![
                    shown(client.get_thing("t1").verbose(true).await),
                    shown(client.list_things().limit(80).offset(-1).await),
                    shown(client.list_things().stream().try_collect::<Vec<_>>().await),
                    shown(client.list_parts().limit(1).await),
                    shown(client.add_thing().body(body).await),
                ]
            });
            for request in seen.lock().expect("the record").iter() {
                println!("sent {request}");
            }
            for outcome in outcomes {
                println!("got {outcome}");
            }
        }
    }
}

/// The wire probe's output, or `None` when it does not build. A probe
/// that builds and then fails is a broken harness, not a verdict.
fn run_wire_probe(dir: &Path, target: &Path) -> Option<String> {
    let built = Command::new("cargo").args(["build", "--locked", "--quiet"]).current_dir(dir).env("CARGO_TARGET_DIR", target).output().expect("cargo runs");
    if !built.status.success() {
        return None;
    }
    let output = Command::new(target.join("debug/wire-probe")).output().expect("the wire probe runs");
    assert!(output.status.success(), "the wire probe failed:\n{}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn verdict(breaking: bool) -> &'static str {
    if breaking { "breaking" } else { "ok" }
}

/// Generates the crate for `spec` into `dir` and returns its model, with
/// its public API decided.
fn generate(dir: &Path, spec: &serde_json::Value) -> Api {
    std::fs::create_dir_all(dir).expect("creates the crate directory");
    let spec_path = dir.with_extension("json");
    std::fs::write(&spec_path, serde_json::to_vec_pretty(spec).expect("serializes")).expect("writes the spec");
    let options = sdkgen::Options { crate_version: "1.0.0".to_owned(), ..sdkgen::Options::new(CRATE) };
    let model = sdkgen::lower(&spec_path, &options).expect("the spec lowers");
    let generated = sdkgen::emit(&model, &options).expect("the crate generates");
    sdkgen::write::write(dir, &generated.files).expect("writes the crate");
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("reads the manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("makes the crate its own workspace");
    locked::pin(dir);
    model.api
}

/// Whether cargo-semver-checks finds a change that needs a major version.
fn semver_checks_breaking(dir: &Path, target: &Path) -> Result<bool, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--baseline-root", "../old", "--release-type", "minor"])
        .current_dir(dir.join("new"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|err| err.to_string())?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if text.contains("semver requires new major version") {
        Ok(true)
    } else if output.status.success() {
        Ok(false)
    } else {
        Err(text)
    }
}

fn compiles(dir: &Path, target: &Path) -> (bool, String) {
    let output = Command::new("cargo")
        .args(["check", "--locked", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    let errors: Vec<String> = String::from_utf8_lossy(&output.stderr).lines().filter(|line| line.starts_with("error")).take(8).map(str::to_owned).collect();
    (output.status.success(), errors.join("\n"))
}

/// A crate that uses every public item of `api` with its exact types,
/// built against the crate at `dependency`.
fn write_probe(dir: &Path, dependency: &str, api: &Api) {
    std::fs::create_dir_all(dir.join("src")).expect("creates the probe");
    let manifest = format!(
        "[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{CRATE} = {{ path = \"{dependency}\" }}\nchrono = {{ version = \"0.4\", default-features = false }}\nserde_json = \"1\"\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("writes the probe manifest");
    let file = syn::parse2::<syn::File>(probe(api)).expect("the probe parses");
    std::fs::write(dir.join("src/lib.rs"), prettyplease::unparse(&file)).expect("writes the probe");
    locked::pin(dir);
}

fn probe(api: &Api) -> TokenStream {
    let krate = format_ident!("{CRATE}");
    let mut uses = Vec::new();
    let mut next = 0;
    let mut probe = |signature: TokenStream, body: TokenStream| {
        let name = format_ident!("probe{next}");
        next += 1;
        uses.push(quote!(pub fn #name #signature { #body }));
    };
    for ty in &api.types {
        let name = ident(&ty.name);
        let path = quote!(#krate::models::#name);
        match &ty.kind {
            TypeKind::Struct(object) => {
                let fields = object.fields.iter().map(|field| (&field.name, field_type(field)));
                for (field_name, field_ty) in fields.chain(object.extra.iter().map(|extra| (&extra.name, extra_type(extra)))) {
                    let (field_name, field_ty) = (ident(field_name), tokens(&field_ty));
                    probe(quote!((value: &#path) -> &#field_ty), quote!(&value.#field_name));
                }
                let methods = &object.api;
                if methods.default {
                    probe(quote!(() -> #path), quote!(<#path as ::std::default::Default>::default()));
                }
                if let Some(args) = &methods.constructor {
                    let (params, values) = arguments(args);
                    probe(quote!((#(#params),*) -> #path), quote!(#path::new(#(#values),*)));
                }
                for setter in &methods.setters {
                    let method = ident(&setter.method);
                    let (params, values) = arguments(setter.arg.as_slice());
                    probe(quote!((value: #path, #(#params),*) -> #path), quote!(value.#method(#(#values),*)));
                }
                for reader in &methods.readers {
                    let (method, output) = (ident(&reader.method), tokens(&reader.output()));
                    probe(quote!((value: &#path) -> #output), quote!(value.#method()));
                }
            }
            TypeKind::Enum(values) => {
                for variant in &values.variants {
                    let variant = ident(&variant.name);
                    probe(quote!(() -> #path), quote!(#path::#variant));
                }
                let unknown = ident(&values.unknown);
                probe(quote!((value: ::std::string::String) -> #path), quote!(#path::#unknown(value)));
            }
            TypeKind::Union(union) => {
                for variant in &union.variants {
                    let (name, payload) = (ident(&variant.name), tokens(&variant_type(variant)));
                    probe(quote!((value: #payload) -> #path), quote!(#path::#name(value)));
                }
                let other = ident(&union.other);
                probe(quote!((value: ::serde_json::Value) -> #path), quote!(#path::#other(value)));
            }
            TypeKind::Newtype(value) => {
                let (value, field) = (tokens(&value.rust()), ident(NEWTYPE_FIELD));
                probe(quote!((value: #value) -> #path), quote!(#path::new(value)));
                probe(quote!((value: &#path) -> &#value), quote!(&value.#field));
            }
            TypeKind::Alias(target) => {
                let target = tokens(&target.rust());
                probe(quote!((value: #path) -> #target), quote!(value));
            }
        }
    }
    for operation in &api.operations {
        let names = [&operation.method_name, &operation.request_name, &operation.params_name, &operation.error_name];
        let [method, request, params, error] = names.map(|name| ident(name));
        let request = quote!(#krate::requests::#request);
        let params = quote!(#krate::requests::#params);
        let error = quote!(#krate::errors::#error);
        let (arg_params, arg_values) = arguments(&operation.api.args);
        probe(quote!((client: &#krate::Client, #(#arg_params),*) -> #request), quote!(client.#method(#(#arg_values),*)));
        let fields = operation.params.iter().map(|param| (&param.name, param_type(param)));
        for (field_name, field_ty) in fields.chain(operation.body.iter().map(|body| (&body.name, body_field_type(body)))) {
            let (field_name, field_ty) = (ident(field_name), tokens(&field_ty));
            probe(quote!((value: &#params) -> &#field_ty), quote!(&value.#field_name));
        }
        for setter in &operation.api.setters {
            let method = ident(&setter.method);
            let (setter_params, setter_values) = arguments(setter.arg.as_slice());
            probe(quote!((value: #request, #(#setter_params),*) -> #request), quote!(value.#method(#(#setter_values),*)));
        }
        let output = tokens(&output_type(&operation.success.body));
        probe(quote!((value: <#params as #krate::Operation>::Output) -> #output), quote!(value));
        probe(quote!((value: <#params as #krate::Operation>::Error) -> #error), quote!(value));
        if let Some(item) = stream_item(operation) {
            let item = tokens(&item);
            probe(quote!((value: #request) -> #krate::Pages<#params>), quote!(value.stream()));
            probe(quote!((value: <#params as #krate::Paginated>::Item) -> #item), quote!(value));
        }
        for variant in error_variants(operation) {
            let (name, body) = (ident(variant.name), tokens(&variant.body_type()));
            probe(quote!((value: #krate::ErrorResponse<#body>) -> #error), quote!(#error::#name(value)));
        }
    }
    quote! {
        //! Uses every public item of the old crate with its exact types.
        #![allow(clippy::all)]
        #(#uses)*
    }
}

/// `ty` named from outside the crate.
fn tokens(ty: &RustType) -> TokenStream {
    let krate = format_ident!("{CRATE}");
    sdkgen::emit::types::rust_type_from(ty, &quote!(#krate))
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Parameters of the arguments' exact types, and the values passed.
fn arguments<S>(args: &[Arg<S>]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    args.iter()
        .map(|arg| {
            let (name, ty) = (format_ident!("arg_{}", arg.name.trim_end_matches('_')), tokens(&arg.ty));
            (quote!(#name: #ty), quote!(#name))
        })
        .unzip()
}
