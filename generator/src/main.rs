//! The `sdkgen` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "sdkgen", version, about = "Generates a Rust client crate from an OpenAPI 3.0 description")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from a spec.
    Generate {
        /// The spec's root file (YAML or JSON); relative `$ref`s to other files are followed.
        #[arg(long)]
        spec: PathBuf,
        /// The directory to write the crate to.
        #[arg(long)]
        out: PathBuf,
        /// The generated crate's name [default: the spec file's stem, kebab-case, with `-client`].
        #[arg(long)]
        crate_name: Option<String>,
        /// The generated crate's version.
        #[arg(long, default_value = "0.1.0")]
        crate_version: String,
        /// Write nothing; exit 1 with a summary of the differences if OUT is not what the spec gives.
        #[arg(long)]
        check: bool,
        /// Treat warnings (places where the spec is wrong and the generated code is lenient) as errors.
        #[arg(long)]
        strict: bool,
    },
}

/// Exit codes: 0 ok, 1 check failed, 2 bad spec or usage.
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Generate { spec, out, crate_name, crate_version, check, strict } => {
            let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&spec));
            let options = sdkgen::Options { crate_name, crate_version };
            generate(&spec, &out, &options, Mode { check, strict })
        }
    }
}

/// What `generate` does besides generating.
struct Mode {
    check: bool,
    strict: bool,
}

fn generate(spec: &std::path::Path, out: &std::path::Path, options: &sdkgen::Options, mode: Mode) -> ExitCode {
    let started = std::time::Instant::now();
    let generated = match sdkgen::generate(spec, options) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let label = if mode.strict { "error" } else { "warning" };
    for warning in &generated.warnings {
        eprintln!("{label}: {warning}");
    }
    if mode.strict && !generated.warnings.is_empty() {
        eprintln!("error: {} warning(s), and --strict makes them errors; nothing was written", generated.warnings.len());
        return ExitCode::from(2);
    }
    if mode.check {
        return match sdkgen::write::compare(out, &generated.files) {
            Ok(changes) if changes.is_empty() => {
                eprintln!("{} is up to date with {}", out.display(), spec.display());
                ExitCode::SUCCESS
            }
            Ok(changes) => {
                eprint!("{}", sdkgen::write::describe(out, &generated.files, &changes, 40));
                eprintln!(
                    "error: {} is not what {} gives; regenerate with `cargo run -p sdkgen -- generate --spec {} --out {} --crate-name {}`",
                    out.display(),
                    spec.display(),
                    spec.display(),
                    out.display(),
                    options.crate_name,
                );
                ExitCode::from(1)
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(2)
            }
        };
    }
    match sdkgen::write::write(out, &generated.files) {
        Ok(changes) => {
            eprintln!(
                "generated {} in {:.1} ms: {} files ({} added, {} changed, {} removed)",
                out.display(),
                started.elapsed().as_secs_f64() * 1000.0,
                generated.files.len(),
                changes.added.len(),
                changes.changed.len(),
                changes.removed.len(),
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// The kebab-case of the spec's file stem, for when no name is given.
fn default_crate_name(spec: &std::path::Path) -> String {
    use heck::ToKebabCase;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = stem.to_kebab_case();
    if name.is_empty() { "api-client".to_owned() } else { format!("{name}-client") }
}
