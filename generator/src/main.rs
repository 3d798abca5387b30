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
#[command(name = "sdkgen", version, about = "Generates a Rust client crate from an OpenAPI 3.0 or 3.1 description")]
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
        #[arg(long, value_parser = crate_name)]
        crate_name: Option<String>,
        /// The generated crate's version (semver) [default: the version in OUT/Cargo.toml, else 0.1.0].
        #[arg(long, value_parser = crate_version)]
        crate_version: Option<String>,
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
        #[command(flatten)]
        refs: Refs,
    },
    /// Print the public API of the crate a spec gives, an item a line: every type, field,
    /// method and variant users can name, with its signature.
    Api {
        /// The spec's root file.
        spec: PathBuf,
        #[command(flatten)]
        refs: Refs,
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
        #[command(flatten)]
        refs: Refs,
    },
}

/// Where a spec's refs may name files.
#[derive(clap::Args)]
struct Refs {
    /// Let refs also name files under DIR (by default only files under the root file's
    /// directory are read). May be given more than once.
    #[arg(long, value_name = "DIR")]
    allow_refs_under: Vec<PathBuf>,
}

/// A valid Cargo package name whose library name is a Rust identifier.
fn crate_name(name: &str) -> Result<String, String> {
    sdkgen::ir::names::check_crate_name(name).map(|()| name.to_owned())
}

fn crate_version(version: &str) -> Result<String, String> {
    semver::Version::parse(version).map(|_| version.to_owned()).map_err(|err| format!("`{version}` is not a semver version: {err}"))
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
    let outcome = match cli.command {
        Command::Generate { spec, out, crate_name, crate_version, check, strict, since, tag_features, refs } => {
            let crate_name = crate_name.unwrap_or_else(|| sdkgen::ir::names::default_crate_name(&spec));
            // Regenerating keeps the version the crate has; `--since` bumps it.
            let crate_version = crate_version.or_else(|| sdkgen::write::current_version(&out)).unwrap_or_else(|| "0.1.0".to_owned());
            let options = sdkgen::Options { crate_name, crate_version, tag_features, allow_refs_under: refs.allow_refs_under };
            generate(&Job { spec, out, check, strict, since }, options)
        }
        Command::Api { spec, refs } => {
            let options = sdkgen::Options { allow_refs_under: refs.allow_refs_under, ..sdkgen::Options::new("api") };
            sdkgen::lower(&spec, &options).map_err(|err| err.to_string()).map(|model| {
                print!("{}", sdkgen::ir::surface::to_text(&model.api));
                ExitCode::SUCCESS
            })
        }
        Command::Diff { old, new, format, refs } => {
            let options = sdkgen::Options { allow_refs_under: refs.allow_refs_under, ..sdkgen::Options::new("api") };
            diff(&old, &new, format, &options)
        }
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

/// One `generate` run.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    check: bool,
    strict: bool,
    since: Option<PathBuf>,
}

fn generate(job: &Job, options: sdkgen::Options) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let model = sdkgen::lower(&job.spec, &options).map_err(|err| err.to_string())?;
    let label = if job.strict { "error" } else { "warning" };
    for warning in &model.warnings {
        eprintln!("{label}: {warning}");
    }
    if job.strict && !model.warnings.is_empty() {
        return Err(format!("{} warning(s), and --strict makes them errors; nothing was written", model.warnings.len()));
    }
    let release = match &job.since {
        Some(old) if !job.check => {
            let release = sdkgen::release::since(old, &job.out, &model, &options).map_err(|err| err.to_string())?;
            eprint!("changes since {}:\n{}", old.display(), release.report.to_text());
            Some(release)
        }
        _ => None,
    };
    let options = match &release {
        Some(release) => sdkgen::Options { crate_version: release.version.clone(), ..options },
        None => options,
    };
    let generated = sdkgen::emit(&model, &options).map_err(|err| err.to_string())?;
    if job.check {
        return check(job, &options, &generated);
    }
    // The changelog is the user's file: updated from its text, in the same
    // atomic write as the crate.
    let updated: std::collections::BTreeMap<String, String> = release.iter().map(|release| release.changelog_file(&job.out)).collect();
    let changes = sdkgen::write::write_with(&job.out, &generated.files, &updated).map_err(|err| err.to_string())?;
    eprintln!(
        "generated {} in {:.1} ms: {} files ({} added, {} changed, {} removed)",
        job.out.display(),
        started.elapsed().as_secs_f64() * 1000.0,
        generated.files.len(),
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
    );
    if let Some(release) = release {
        eprintln!("version {}; {} updated", release.version, job.out.join(sdkgen::release::CHANGELOG).display());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(job: &Job, options: &sdkgen::Options, generated: &sdkgen::Generated) -> Result<ExitCode, String> {
    let changes = sdkgen::check::compare(&job.out, &generated.files).map_err(|err| err.to_string())?;
    if changes.is_empty() {
        eprintln!("{} is up to date with {}", job.out.display(), job.spec.display());
        return Ok(ExitCode::SUCCESS);
    }
    eprint!("{}", sdkgen::check::describe(&job.out, &generated.files, &changes, 40));
    let command = sdkgen::regenerate_command(&job.spec, &job.out, options);
    eprintln!("error: {} is not what {} gives; regenerate with `{command}`", job.out.display(), job.spec.display());
    Ok(ExitCode::from(1))
}

fn diff(old: &std::path::Path, new: &std::path::Path, format: Format, options: &sdkgen::Options) -> Result<ExitCode, String> {
    let report = sdkgen::compare(old, new, options).map_err(|err| err.to_string())?;
    match format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => {
            let value = serde_json::json!({"bump": report.bump(), "breaking": report.is_breaking(), "changes": report.changes});
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
    }
    Ok(if report.is_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
