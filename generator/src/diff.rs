//! Comparing two generated crates as their users see them: the public
//! API item by item (what was removed, added or changed, and whether code
//! that compiled against the old crate still compiles, under Cargo's
//! semver rules), and the wire contract (whether an unchanged program now
//! sends something different or stops accepting what the service sends),
//! and the version bump that follows.

use crate::ir::surface::{items, Item, ItemKind, Items};
use crate::ir::wire::{self, operation_subject, Aspect, Fact};
use crate::ir::{Api, Operation};
use std::collections::{BTreeMap, BTreeSet};

/// One change to the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    /// The item, as users name it: `field models::Thing::size`.
    pub item: String,
    /// How it changed: `removed`, `added: Option<String>`, `i64 → String`;
    /// for the wire, what an unchanged program now does differently.
    pub change: String,
    /// Whether code using the old crate can stop compiling, or (on the
    /// wire) an unchanged program send something different or stop
    /// accepting what the service sends.
    pub breaking: bool,
    /// Whether the Rust API or the wire contract changed.
    pub kind: ChangeKind,
}

/// What a change is to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The Rust API: seen by the compiler and cargo-semver-checks.
    Api,
    /// What goes on the wire: seen by neither.
    Wire,
}

impl Change {
    fn api(item: String, change: String, breaking: bool) -> Self {
        Change { item, change, breaking, kind: ChangeKind::Api }
    }

    fn wire(item: String, change: String, breaking: bool) -> Self {
        Change { item, change, breaking, kind: ChangeKind::Wire }
    }
}

/// The semver bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every change, in a deterministic order (by item, then change).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// Whether code that compiled against the old crate can stop
    /// compiling: what cargo-semver-checks and the compiler can judge.
    pub fn breaks_api(&self) -> bool {
        self.changes.iter().any(|c| c.breaking && c.kind == ChangeKind::Api)
    }

    /// Major for a breaking change, minor for an addition, none otherwise.
    pub fn bump(&self) -> Bump {
        match (self.is_breaking(), self.changes.is_empty()) {
            (true, _) => Bump::Major,
            (false, false) => Bump::Minor,
            (false, true) => Bump::None,
        }
    }

    /// The report as text, a change a line, then the bump.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for change in &self.changes {
            let verdict = if change.breaking { "breaking  " } else { "compatible" };
            let wire = if change.kind == ChangeKind::Wire { "on the wire: " } else { "" };
            text.push_str(&format!("{verdict} {wire}{}: {}\n", change.item, change.change));
        }
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        let wire = match self.changes.iter().filter(|c| c.kind == ChangeKind::Wire).count() {
            0 => String::new(),
            count => format!("; {count} of them on the wire"),
        };
        text.push_str(&format!("semver: {} ({breaking} breaking, {} compatible{wire})\n", self.bump().as_str(), self.changes.len() - breaking));
        text
    }
}

/// `version` bumped as Cargo reads semver: before 1.0.0 a breaking change
/// bumps the minor version and an addition the patch version.
pub fn bump_version(version: &str, bump: Bump) -> Result<String, semver::Error> {
    let mut version = semver::Version::parse(version)?;
    let pre_one = version.major == 0;
    match (bump, pre_one) {
        (Bump::None, _) => return Ok(version.to_string()),
        (Bump::Major, false) => {
            version.major += 1;
            version.minor = 0;
            version.patch = 0;
        }
        (Bump::Major, true) | (Bump::Minor, false) => {
            version.minor += 1;
            version.patch = 0;
        }
        (Bump::Minor, true) | (Bump::Patch, _) => version.patch += 1,
    }
    version.pre = semver::Prerelease::EMPTY;
    Ok(version.to_string())
}

/// What changed from `old` to `new`. Every struct and enum the crate
/// defines is `#[non_exhaustive]` and built through constructors and
/// setters, so an added item (a field, a variant, a method, a type) breaks
/// nothing; a removed item, or one whose signature changed, does. An
/// operation whose method and path stayed while its id changed is a
/// rename: its items are reported renamed, not removed and added. Then the
/// wire contract, fact by fact.
pub fn diff(old: &Api, new: &Api) -> Report {
    let (old_wire, new_wire) = (wire::contract(old), wire::contract(new));
    let renames = operation_renames(old, new, &old_wire, &new_wire);
    let names: BTreeMap<&str, &str> = renames.iter().flat_map(|(before, after)| renamed_names(before, after)).collect();
    let (old_items, new_items) = (items(old), items(new));
    let mut changes = Vec::new();
    let mut renamed_to = BTreeSet::new();
    let removed = containers(&old_items, &new_items);
    for (key, item) in &old_items {
        match new_items.get(key) {
            None if !inside(&item.path, &removed) => {
                let (path, signature) = (rename_idents(&item.path, &names), rename_idents(&item.signature, &names));
                match new_items.get(&(path.clone(), item.kind)) {
                    Some(now) if path != item.path && now.signature == signature => {
                        renamed_to.insert((path.clone(), item.kind));
                        let detail = renames.iter().find(|(before, _)| item.path == operation_subject(&before.method_name)).map(|(before, after)| {
                            format!(" (operation `{}` is now `{}`, sent as before)", before.operation_id, after.operation_id)
                        });
                        changes.push(Change::api(label(item), format!("renamed {path}{}", detail.unwrap_or_default()), true));
                    }
                    _ => changes.push(Change::api(label(item), "removed".to_owned(), true)),
                }
            }
            Some(now) if now.signature != item.signature => {
                changes.push(Change::api(label(item), format!("{} → {}", shown(&item.signature), shown(&now.signature)), true));
            }
            _ => {}
        }
    }
    let added = containers(&new_items, &old_items);
    for (key, item) in &new_items {
        if !old_items.contains_key(key) && !inside(&item.path, &added) && !renamed_to.contains(key) {
            let change = if item.signature.is_empty() { "added".to_owned() } else { format!("added: {}", item.signature) };
            changes.push(Change::api(label(item), change, false));
        }
    }
    changes.extend(wire_changes(&old_wire, &new_wire, &names));
    changes.sort();
    Report { changes }
}

/// Operations gone from `old` whose method and path template an operation
/// new in `new` has: the same request under another id.
fn operation_renames<'a>(old: &'a Api, new: &'a Api, old_wire: &[Fact], new_wire: &[Fact]) -> Vec<(&'a Operation, &'a Operation)> {
    let lines = |wire: &[Fact]| -> BTreeMap<String, String> {
        wire.iter().filter(|fact| fact.aspect == Aspect::RequestLine).map(|fact| (fact.subject.clone(), fact.value.clone())).collect()
    };
    let (old_lines, new_lines) = (lines(old_wire), lines(new_wire));
    let mut renames = Vec::new();
    for before in &old.operations {
        let subject = operation_subject(&before.method_name);
        if new_lines.contains_key(subject.as_str()) {
            continue;
        }
        let Some(line) = old_lines.get(subject.as_str()) else { continue };
        let mut candidates = new.operations.iter().filter(|after| {
            let subject = operation_subject(&after.method_name);
            !old_lines.contains_key(subject.as_str()) && new_lines.get(subject.as_str()) == Some(line)
        });
        if let (Some(after), None) = (candidates.next(), candidates.next()) {
            renames.push((before, after));
        }
    }
    renames
}

/// The names a renamed operation's items change: its method, request,
/// parameters and error types.
fn renamed_names<'a>(before: &'a Operation, after: &'a Operation) -> Vec<(&'a str, &'a str)> {
    [
        (&before.method_name, &after.method_name),
        (&before.request_name, &after.request_name),
        (&before.params_name, &after.params_name),
        (&before.error_name, &after.error_name),
    ]
        .into_iter()
        .map(|(from, to)| (from.as_str(), to.as_str()))
        .collect()
}

/// `text` with each identifier in `names` replaced by its new name.
fn rename_idents(text: &str, names: &BTreeMap<&str, &str>) -> String {
    if names.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        out.push_str(names.get(word.as_str()).copied().unwrap_or(&word));
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// How the wire contract changed, fact by fact, for subjects both crates
/// have (a subject only one has is a Rust item added or removed, which the
/// API part reports), with the renamed operations' facts compared under
/// their new names. A change that makes an unchanged program send
/// something different, or stop accepting what the service sends, breaks;
/// one that only widens what is accepted does not. A parameter whose Rust
/// name changed with its wire name (`limit` to `pageSize`) is reported as
/// the wire parameter it became.
fn wire_changes(old: &[Fact], new: &[Fact], names: &BTreeMap<&str, &str>) -> Vec<Change> {
    let index = |facts: &[Fact], rename: bool| -> BTreeMap<(String, Aspect), String> {
        facts
            .iter()
            .map(|fact| {
                let subject = if rename { rename_idents(&fact.subject, names) } else { fact.subject.clone() };
                ((subject, fact.aspect), fact.value.clone())
            })
            .collect()
    };
    let (old, new) = (index(old, true), index(new, false));
    let subjects = |facts: &BTreeMap<(String, Aspect), String>| -> BTreeSet<String> { facts.keys().map(|(subject, _)| subject.clone()).collect() };
    let (old_subjects, new_subjects) = (subjects(&old), subjects(&new));
    let mut changes = Vec::new();
    for ((subject, aspect), before) in &old {
        if !new_subjects.contains(subject) {
            continue;
        }
        match new.get(&(subject.clone(), *aspect)) {
            Some(after) if after != before => changes.push(judge(subject, *aspect, Some(before), Some(after))),
            None => changes.push(judge(subject, *aspect, Some(before), None)),
            _ => {}
        }
    }
    for ((subject, aspect), after) in &new {
        if old_subjects.contains(subject) && !old.contains_key(&(subject.clone(), *aspect)) {
            changes.push(judge(subject, *aspect, None, Some(after)));
        }
    }
    changes.extend(replaced_parameters(&old, &new, &old_subjects, &new_subjects));
    changes
}

/// A parameter of an operation both crates have that is gone, where the
/// operation gained one parameter in the same place: the wire parameter
/// was renamed with its Rust name.
fn replaced_parameters(
    old: &BTreeMap<(String, Aspect), String>,
    new: &BTreeMap<(String, Aspect), String>,
    old_subjects: &BTreeSet<String>,
    new_subjects: &BTreeSet<String>,
) -> Vec<Change> {
    let parameters = |facts: &BTreeMap<(String, Aspect), String>, only: &BTreeSet<String>, other: &BTreeSet<String>| -> Vec<(String, String, String)> {
        facts
            .iter()
            .filter(|((subject, aspect), _)| *aspect == Aspect::SentAs && only.contains(subject) && !other.contains(subject))
            .filter_map(|((subject, _), sent)| {
                let (operation, _) = subject.split_once('(')?;
                Some((operation.to_owned(), subject.clone(), sent.clone()))
            })
            .filter(|(operation, _, _)| old_subjects.contains(operation) && new_subjects.contains(operation))
            .collect()
    };
    let gone = parameters(old, old_subjects, new_subjects);
    let came = parameters(new, new_subjects, old_subjects);
    let place = |sent: &str| sent.split(' ').next().unwrap_or_default().to_owned();
    let mut changes = Vec::new();
    for (operation, subject, sent) in &gone {
        let same_place = |list: &[(String, String, String)]| -> Vec<(String, String, String)> {
            list.iter().filter(|(op, _, other)| op == operation && place(other) == place(sent)).cloned().collect()
        };
        if let ([(_, now, sent_now)], [_]) = (same_place(&came).as_slice(), same_place(&gone).as_slice()) {
            let change = format!("the wire parameter {sent} became {sent_now}, set as `{}`", now.trim_start_matches(operation.as_str()).trim_matches(['(', ')']));
            changes.push(Change::wire(format!("parameter {subject}"), change, true));
        }
    }
    changes
}

/// The change of one fact, in what an unchanged program now does.
fn judge(subject: &str, aspect: Aspect, before: Option<&str>, after: Option<&str>) -> Change {
    let label = match aspect {
        Aspect::OperationId
        | Aspect::RequestLine
        | Aspect::RequestBody
        | Aspect::Success
        | Aspect::ResponseBody
        | Aspect::Security
        | Aspect::Pagination
        | Aspect::DefaultServer => "method",
        Aspect::SentAs | Aspect::Minimum | Aspect::Maximum | Aspect::MinLength | Aspect::MaxLength => "parameter",
        Aspect::WireName => "field",
        Aspect::WireValue | Aspect::Tags => "variant",
    };
    let item = match aspect {
        Aspect::DefaultServer => "method Client::builder".to_owned(),
        _ => format!("{label} {subject}"),
    };
    let (was, now) = (before.unwrap_or("none"), after.unwrap_or("none"));
    let (change, breaking) = match aspect {
        Aspect::OperationId => (format!("errors name the operation `{now}`, was `{was}`"), false),
        Aspect::RequestLine => (format!("sends {now}, was {was}"), true),
        Aspect::RequestBody if was == "none" => (format!("may send a body as {now}; unchanged code sends none"), false),
        Aspect::RequestBody => (format!("sends its body as {now}, was {was}"), true),
        Aspect::Success => (format!("reads {now} as success, was {was}"), !widens_success(was, now)),
        Aspect::ResponseBody => (format!("reads a success answer's body as {now}, was {was}"), true),
        Aspect::Security => (format!("authenticates with {now}, was {was}"), true),
        Aspect::Pagination if was == "none" => (format!("stream() pages by {now}; unchanged code sends the same"), false),
        Aspect::Pagination if now == "none" => (format!("no longer pages: stream() is gone, was paged by {was}"), true),
        Aspect::Pagination => (format!("stream() pages by {now}, was {was}"), true),
        Aspect::SentAs => (format!("sent as {now}, was {was}"), true),
        Aspect::Minimum | Aspect::MinLength | Aspect::Maximum | Aspect::MaxLength => bound_change(aspect, before, after),
        Aspect::WireName | Aspect::WireValue => (format!("sent and read as \"{now}\", was \"{was}\""), true),
        Aspect::Tags => (format!("selected by the tag {now}, was {was}"), true),
        Aspect::DefaultServer => (format!("connects to {now} unless told otherwise, was {was}"), true),
    };
    Change::wire(item, change, breaking)
}

/// Whether the statuses read as success grew (or stayed) from `was` to
/// `now`: a response the old crate accepted is still accepted.
fn widens_success(was: &str, now: &str) -> bool {
    let set = |text: &str| -> BTreeSet<String> { text.split(", ").map(str::to_owned).collect() };
    now == "any 2xx" || set(now).is_superset(&set(was))
}

/// A limit checked before sending: narrowing refuses a value that was
/// sent, so it breaks; widening does not.
fn bound_change(aspect: Aspect, before: Option<&str>, after: Option<&str>) -> (String, bool) {
    let lower = matches!(aspect, Aspect::Minimum | Aspect::MinLength);
    let what = match aspect {
        Aspect::Minimum => "a value below",
        Aspect::Maximum => "a value above",
        Aspect::MinLength => "a length below",
        _ => "a length above",
    };
    let number = |text: Option<&str>| text.and_then(|text| text.parse::<i128>().ok());
    let narrows = match (number(before), number(after)) {
        (Some(was), Some(now)) => if lower { now > was } else { now < was },
        (None, Some(_)) => true,
        _ => false,
    };
    let refused = |text: Option<&str>| text.map_or_else(|| "nothing".to_owned(), |limit| format!("{what} {limit}"));
    (format!("refuses before sending {}, was {}", refused(after), refused(before)), narrows)
}

/// The types in `items` that `other` lacks: their members are reported
/// with them, not one by one.
fn containers(items: &Items, other: &Items) -> BTreeSet<String> {
    items
        .iter()
        .filter(|(key, item)| matches!(item.kind, ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias) && !other.contains_key(*key))
        .map(|(_, item)| item.path.clone())
        .collect()
}

fn inside(path: &str, containers: &BTreeSet<String>) -> bool {
    containers.iter().any(|container| path.strip_prefix(container.as_str()).is_some_and(|rest| rest.starts_with("::")))
}

fn label(item: &Item) -> String {
    format!("{} {}", item.kind.as_str(), item.path)
}

fn shown(signature: &str) -> &str {
    signature.strip_prefix("= ").unwrap_or(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_cargo_reads_semver() {
        assert_eq!(bump_version("1.2.3", Bump::Major).unwrap(), "2.0.0");
        assert_eq!(bump_version("1.2.3", Bump::Minor).unwrap(), "1.3.0");
        assert_eq!(bump_version("0.2.3", Bump::Major).unwrap(), "0.3.0");
        assert_eq!(bump_version("0.2.3", Bump::Minor).unwrap(), "0.2.4");
        assert_eq!(bump_version("0.2.3", Bump::None).unwrap(), "0.2.3");
        assert!(bump_version("one", Bump::Minor).is_err());
    }
}
