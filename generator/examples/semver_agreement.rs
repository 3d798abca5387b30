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
use sdkgen::ir::rust::RustType;
use sdkgen::ir::surface::{Arg, Shape, Surface};
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
    if failures > 0 {
        eprintln!("{failures} disagreement(s)");
        return ExitCode::FAILURE;
    }
    println!("sdkgen diff agrees with cargo-semver-checks (where it can see the change) and with the compiled probe on {} kinds of change", cases::CASES.len());
    ExitCode::SUCCESS
}

fn verdict(breaking: bool) -> &'static str {
    if breaking { "breaking" } else { "ok" }
}

/// Generates the crate for `spec` into `dir` and returns its surface.
fn generate(dir: &Path, spec: &serde_json::Value) -> Surface {
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
    model.surface
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

/// A crate that uses every item of `surface` with its exact types, built
/// against the crate at `dependency`.
fn write_probe(dir: &Path, dependency: &str, surface: &Surface) {
    std::fs::create_dir_all(dir.join("src")).expect("creates the probe");
    let manifest = format!(
        "[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{CRATE} = {{ path = \"{dependency}\" }}\nchrono = {{ version = \"0.4\", default-features = false }}\nserde_json = \"1\"\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("writes the probe manifest");
    let file = syn::parse2::<syn::File>(probe(surface)).expect("the probe parses");
    std::fs::write(dir.join("src/lib.rs"), prettyplease::unparse(&file)).expect("writes the probe");
    locked::pin(dir);
}

fn probe(surface: &Surface) -> TokenStream {
    let krate = format_ident!("{CRATE}");
    let mut uses = Vec::new();
    let mut next = 0;
    let mut probe = |signature: TokenStream, body: TokenStream| {
        let name = format_ident!("probe{next}");
        next += 1;
        uses.push(quote!(pub fn #name #signature { #body }));
    };
    for ty in &surface.types {
        let name = ident(&ty.name);
        let path = quote!(#krate::models::#name);
        match &ty.shape {
            Shape::Struct(object) => {
                for field in &object.fields {
                    let (field_name, field_ty) = (ident(&field.name), tokens(&field.ty));
                    probe(quote!((value: &#path) -> &#field_ty), quote!(&value.#field_name));
                }
                if object.default {
                    probe(quote!(() -> #path), quote!(<#path as ::std::default::Default>::default()));
                }
                if let Some(args) = &object.constructor {
                    let (params, values) = arguments(args);
                    probe(quote!((#(#params),*) -> #path), quote!(#path::new(#(#values),*)));
                }
                for setter in &object.setters {
                    let method = ident(&setter.method);
                    let (params, values) = arguments(setter.arg.as_slice());
                    probe(quote!((value: #path, #(#params),*) -> #path), quote!(value.#method(#(#values),*)));
                }
                for reader in &object.readers {
                    let (method, value) = (ident(&reader.method), tokens(&reader.value));
                    probe(quote!((value: &#path) -> ::std::option::Option<&#value>), quote!(value.#method()));
                }
            }
            Shape::Enum { variants, unknown } => {
                for variant in variants {
                    let variant = ident(variant);
                    probe(quote!(() -> #path), quote!(#path::#variant));
                }
                let unknown = ident(unknown);
                probe(quote!((value: ::std::string::String) -> #path), quote!(#path::#unknown(value)));
            }
            Shape::Union { variants, other } => {
                for (variant, payload) in variants {
                    let (variant, payload) = (ident(variant), tokens(payload));
                    probe(quote!((value: #payload) -> #path), quote!(#path::#variant(value)));
                }
                let other = ident(other);
                probe(quote!((value: ::serde_json::Value) -> #path), quote!(#path::#other(value)));
            }
            Shape::Newtype(value) => {
                let value = tokens(value);
                probe(quote!((value: #value) -> #path), quote!(#path::new(value)));
                probe(quote!((value: &#path) -> &#value), quote!(&value.value));
            }
            Shape::Alias(target) => {
                let target = tokens(target);
                probe(quote!((value: #path) -> #target), quote!(value));
            }
        }
    }
    for operation in &surface.operations {
        let (method, request, params, error) = (ident(&operation.method), ident(&operation.request), ident(&operation.params), ident(&operation.error));
        let request = quote!(#krate::requests::#request);
        let params = quote!(#krate::requests::#params);
        let error = quote!(#krate::errors::#error);
        let (arg_params, arg_values) = arguments(&operation.args);
        probe(quote!((client: &#krate::Client, #(#arg_params),*) -> #request), quote!(client.#method(#(#arg_values),*)));
        for field in &operation.param_fields {
            let (field_name, field_ty) = (ident(&field.name), tokens(&field.ty));
            probe(quote!((value: &#params) -> &#field_ty), quote!(&value.#field_name));
        }
        for setter in &operation.setters {
            let method = ident(&setter.method);
            let (setter_params, setter_values) = arguments(setter.arg.as_slice());
            probe(quote!((value: #request, #(#setter_params),*) -> #request), quote!(value.#method(#(#setter_values),*)));
        }
        let output = tokens(&operation.output);
        probe(quote!((value: <#params as #krate::Operation>::Output) -> #output), quote!(value));
        probe(quote!((value: <#params as #krate::Operation>::Error) -> #error), quote!(value));
        if let Some(item) = &operation.stream_item {
            let item = tokens(item);
            probe(quote!((value: #request) -> #krate::Pages<#params>), quote!(value.stream()));
            probe(quote!((value: <#params as #krate::Paginated>::Item) -> #item), quote!(value));
        }
        for variant in &operation.variants {
            let (name, body) = (ident(&variant.name), tokens(&variant.body));
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
fn arguments(args: &[Arg]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    args.iter()
        .map(|arg| {
            let (name, ty) = (format_ident!("arg_{}", arg.name.trim_end_matches('_')), tokens(&arg.ty));
            (quote!(#name: #ty), quote!(#name))
        })
        .unzip()
}
