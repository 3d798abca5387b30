//! Comparing two generated crates' public APIs, item by item, as their
//! users see them: what was removed, added or changed, whether each change
//! breaks code that compiled against the old crate (Cargo's semver rules),
//! and the version bump that follows.

use crate::ir::surface::{Item, ItemKind, Items, Surface};
use std::collections::BTreeSet;

/// One change to the generated crate's API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    /// The item, as users name it: `field models::Thing::size`.
    pub item: String,
    /// How it changed: `removed`, `added: Option<String>`, `i64 → String`.
    pub change: String,
    /// Whether code using the old crate can stop compiling.
    pub breaking: bool,
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
            let kind = if change.breaking { "breaking  " } else { "compatible" };
            text.push_str(&format!("{kind} {}: {}\n", change.item, change.change));
        }
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        text.push_str(&format!("semver: {} ({breaking} breaking, {} compatible)\n", self.bump().as_str(), self.changes.len() - breaking));
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
/// nothing; a removed item, or one whose signature changed, does.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let (old, new) = (old.items(), new.items());
    let mut changes = Vec::new();
    let removed = containers(&old, &new);
    for (key, item) in &old {
        match new.get(key) {
            None if !inside(&item.path, &removed) => changes.push(Change { item: label(item), change: "removed".to_owned(), breaking: true }),
            Some(now) if now.signature != item.signature => {
                changes.push(Change { item: label(item), change: format!("{} → {}", shown(&item.signature), shown(&now.signature)), breaking: true });
            }
            _ => {}
        }
    }
    let added = containers(&new, &old);
    for (key, item) in &new {
        if !old.contains_key(key) && !inside(&item.path, &added) {
            let change = if item.signature.is_empty() { "added".to_owned() } else { format!("added: {}", item.signature) };
            changes.push(Change { item: label(item), change, breaking: false });
        }
    }
    changes.sort();
    Report { changes }
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
