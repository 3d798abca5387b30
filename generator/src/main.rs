//! The `sdkgen` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generation allocates many small, short-lived values (tokens, syntax
/// trees); mimalloc serves them with a quarter fewer instructions than the
/// system allocator. Transparent huge pages are off because faulting them
/// in cost more system time than they saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// The previous spec's root file: print the API change report, bump the crate's version
        /// (from OUT/Cargo.toml, or --crate-version) by it, and add an entry to OUT/CHANGELOG.md.
        #[arg(long, value_name = "OLD_SPEC")]
        since: Option<PathBuf>,
        /// Put each tag's operations (and the types only they use) behind a Cargo feature of
        /// its own, all on by default, so a program can build only the parts it calls.
        #[arg(long)]
        tag_features: bool,
    },
    /// Print what changed for users of the generated crate between two specs, each change
    /// classified breaking or compatible, and the semver bump that follows.
    /// Exit code: 0 compatible, 1 breaking, 2 error.
    Diff {
        /// The old spec's root file.
        old: PathBuf,
        /// The new spec's root file.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
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
        Command::Generate { spec, out, crate_name, crate_version, check, strict, since, tag_features } => {
            let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&spec));
            let options = sdkgen::Options { crate_name, crate_version, tag_features };
            match since {
                Some(old) if !check => release(&old, &spec, &out, options, strict),
                _ => generate(&spec, &out, &options, Mode { check, strict }),
            }
        }
        Command::Diff { old, new, format } => diff(&old, &new, format),
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

fn diff(old: &std::path::Path, new: &std::path::Path, format: Format) -> ExitCode {
    let report = match sdkgen::compare(old, new) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => {
            let value = serde_json::json!({"bump": report.bump(), "breaking": report.is_breaking(), "changes": report.changes});
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
    }
    if report.is_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Regenerates after a spec update: reports the changes since `old`, bumps
/// the crate's version by them, and records them in `CHANGELOG.md`.
fn release(old: &std::path::Path, spec: &std::path::Path, out: &std::path::Path, options: sdkgen::Options, strict: bool) -> ExitCode {
    let report = match sdkgen::compare(old, spec) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let current = sdkgen::write::current_version(out).unwrap_or(options.crate_version.clone());
    let version = match sdkgen::diff::bump_version(&current, report.bump()) {
        Ok(version) => version,
        Err(err) => {
            eprintln!("error: {}/Cargo.toml: version `{current}` is not semver: {err}", out.display());
            return ExitCode::from(2);
        }
    };
    eprint!("changes since {}:\n{}", old.display(), report.to_text());
    let options = sdkgen::Options { crate_version: version.clone(), ..options };
    let code = generate(spec, out, &options, Mode { check: false, strict });
    if code != ExitCode::SUCCESS || report.changes.is_empty() {
        return code;
    }
    let changelog = out.join("CHANGELOG.md");
    let previous = std::fs::read_to_string(&changelog).unwrap_or_else(|_| "# Changelog\n".to_owned());
    let (title, rest) = previous.split_once('\n').unwrap_or((previous.as_str(), ""));
    let lines: String = report.changes.iter().map(|c| format!("- {}{}: {}\n", if c.breaking { "**breaking** " } else { "" }, c.item, c.change)).collect();
    let entry = format!("## {version}\n\n{lines}");
    let earlier = rest.trim_start_matches('\n');
    let updated = if earlier.is_empty() { format!("{title}\n\n{entry}") } else { format!("{title}\n\n{entry}\n{earlier}") };
    if let Err(err) = std::fs::write(&changelog, updated) {
        eprintln!("error: {}: {err}", changelog.display());
        return ExitCode::from(2);
    }
    eprintln!("version {current} → {version}; {} updated", changelog.display());
    ExitCode::SUCCESS
}

/// The kebab-case of the spec's file stem, for when no name is given.
fn default_crate_name(spec: &std::path::Path) -> String {
    use heck::ToKebabCase;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = stem.to_kebab_case();
    if name.is_empty() { "api-client".to_owned() } else { format!("{name}-client") }
}
