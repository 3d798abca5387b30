//! Regenerating after a spec update: the version the API change report
//! calls for, and the changelog entry that records it.

use crate::diff::{bump_version, ChangeKind, Report};
use crate::{Model, Options};
use std::path::{Path, PathBuf};

/// The changelog a release keeps, at the root of the crate.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// A release of the generated crate: the changes since the old spec, and
/// the version they call for.
#[derive(Debug)]
pub struct Release {
    pub version: String,
    pub report: Report,
}

#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error("the old spec: {0}")]
    Old(#[from] crate::Error),
    #[error("{}: version `{version}` is not semver: {source}", manifest.display())]
    Version { manifest: PathBuf, version: String, source: semver::Error },
}

/// The release that `model` makes of the crate in `out` since the spec
/// rooted at `old`: the old spec lowered with the same options, the two
/// compared, and the version in `out/Cargo.toml` (else `options`') bumped
/// as the report says.
pub fn since(old: &Path, out: &Path, model: &Model, options: &Options) -> Result<Release, ReleaseError> {
    let old_model = crate::lower(old, options)?;
    let report = crate::diff::diff(&old_model.api, &model.api);
    let current = crate::write::current_version(out).unwrap_or_else(|| options.crate_version.clone());
    let version = next_version(&current, &report).map_err(|source| ReleaseError::Version { manifest: out.join("Cargo.toml"), version: current, source })?;
    Ok(Release { version, report })
}

impl Release {
    /// The crate's changelog with this release's entry on top: the path
    /// inside the crate, and the text, made from what `out` holds now.
    pub fn changelog_file(&self, out: &Path) -> (String, String) {
        let previous = std::fs::read_to_string(out.join(CHANGELOG)).ok();
        (CHANGELOG.to_owned(), changelog(previous.as_deref(), &self.version, &self.report))
    }
}

/// The version after the changes in `report`, from `current`; an error
/// when `current` is not semver.
pub fn next_version(current: &str, report: &Report) -> Result<String, semver::Error> {
    bump_version(current, report.bump())
}

/// `previous` (a changelog, if there is one) with an entry for `version`
/// listing the changes on top; `previous` unchanged when there are none.
pub fn changelog(previous: Option<&str>, version: &str, report: &Report) -> String {
    let previous = previous.unwrap_or("# Changelog\n");
    if report.changes.is_empty() {
        return previous.to_owned();
    }
    let (title, rest) = previous.split_once('\n').unwrap_or((previous, ""));
    let lines: String = report
        .changes
        .iter()
        .map(|change| {
            let verdict = if change.breaking { "**breaking** " } else { "" };
            let wire = if change.kind == ChangeKind::Wire { "on the wire: " } else { "" };
            format!("- {verdict}{wire}{}: {}\n", change.item, change.change)
        })
        .collect();
    let entry = format!("## {version}\n\n{lines}");
    match rest.trim_start_matches('\n') {
        "" => format!("{title}\n\n{entry}"),
        earlier => format!("{title}\n\n{entry}\n{earlier}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Change;

    fn report(breaking: bool) -> Report {
        Report { changes: vec![Change { item: "variant models::State::Dim".to_owned(), change: "added".to_owned(), breaking, kind: ChangeKind::Api }] }
    }

    #[test]
    fn entries_go_on_top_and_say_what_breaks() {
        let first = changelog(None, "0.4.3", &report(false));
        assert_eq!(first, "# Changelog\n\n## 0.4.3\n\n- variant models::State::Dim: added\n");
        let second = changelog(Some(&first), "0.5.0", &report(true));
        assert_eq!(
            second,
            "# Changelog\n\n## 0.5.0\n\n- **breaking** variant models::State::Dim: added\n\n## 0.4.3\n\n- variant models::State::Dim: added\n"
        );
        assert_eq!(changelog(Some(&second), "0.5.0", &Report::default()), second);
    }

    #[test]
    fn a_wire_change_is_recorded_as_one_and_bumps_the_version() {
        let field = "field models::Group::policy_id".to_owned();
        let wire = Report { changes: vec![Change { item: field, change: "sent and read as \"policy_id\", was \"policyId\"".to_owned(), breaking: true, kind: ChangeKind::Wire }] };
        assert_eq!(
            changelog(None, "0.5.0", &wire),
            "# Changelog\n\n## 0.5.0\n\n- **breaking** on the wire: field models::Group::policy_id: sent and read as \"policy_id\", was \"policyId\"\n"
        );
        assert_eq!(next_version("0.4.2", &wire).unwrap(), "0.5.0");
    }

    #[test]
    fn a_release_since_an_old_spec_bumps_the_crate_s_version_and_tops_its_changelog() {
        let dir = tempfile::tempdir().unwrap();
        let spec = |operations: &[&str]| {
            let paths: serde_json::Map<String, serde_json::Value> = operations
                .iter()
                .map(|id| (format!("/{id}"), serde_json::json!({"get": {"operationId": id, "responses": {"204": {"description": "Done."}}}})))
                .collect();
            serde_json::json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths}).to_string()
        };
        let (old, new, out) = (dir.path().join("old.json"), dir.path().join("new.json"), dir.path().join("out"));
        std::fs::write(&old, spec(&["ping", "pong"])).unwrap();
        std::fs::write(&new, spec(&["ping"])).unwrap();
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"t\"\nversion = \"0.4.2\"\n").unwrap();
        std::fs::write(out.join(CHANGELOG), "# Changelog\n\n## 0.4.2\n\n- earlier\n").unwrap();
        let options = Options::new("t");
        let model = crate::lower(&new, &options).unwrap();
        let release = since(&old, &out, &model, &options).unwrap();
        assert_eq!(release.version, "0.5.0", "a removed operation breaks: {:?}", release.report);
        let (path, text) = release.changelog_file(&out);
        assert_eq!(path, CHANGELOG);
        assert!(text.starts_with("# Changelog\n\n## 0.5.0\n\n- **breaking** "), "{text}");
        assert!(text.contains("\n- **breaking** method Client::pong: removed\n"), "{text}");
        assert!(text.ends_with("## 0.4.2\n\n- earlier\n"), "{text}");
        std::fs::write(out.join("Cargo.toml"), "[package]\nversion = \"four\"\n").unwrap();
        let error = since(&old, &out, &model, &options).unwrap_err().to_string();
        assert!(error.contains("Cargo.toml: version `four` is not semver"), "{error}");
    }

    #[test]
    fn the_version_follows_the_report() {
        assert_eq!(next_version("0.4.2", &report(false)).unwrap(), "0.4.3");
        assert_eq!(next_version("0.4.2", &report(true)).unwrap(), "0.5.0");
        assert_eq!(next_version("1.4.2", &report(true)).unwrap(), "2.0.0");
        assert_eq!(next_version("0.4.2", &Report::default()).unwrap(), "0.4.2");
    }
}
