//! Regenerating after a spec update: the version the API change report
//! calls for, and the changelog entry that records it.

use crate::diff::{bump_version, ChangeKind, Report};

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
    fn the_version_follows_the_report() {
        assert_eq!(next_version("0.4.2", &report(false)).unwrap(), "0.4.3");
        assert_eq!(next_version("0.4.2", &report(true)).unwrap(), "0.5.0");
        assert_eq!(next_version("1.4.2", &report(true)).unwrap(), "2.0.0");
        assert_eq!(next_version("0.4.2", &Report::default()).unwrap(), "0.4.2");
    }
}
