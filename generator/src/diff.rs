//! Comparing two specs as users of the generated crate see them: what
//! changed in the Rust API, whether each change breaks callers, and the
//! semver bump that follows.

use crate::ir::{Access, Api, Field, Operation, Param, SuccessBody, Type, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// One change to the generated crate's API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    /// What changed: `operation getPasswordSyncGroups`, `type Foo`, ...
    pub item: String,
    /// How it changed.
    pub change: String,
    /// Whether code using the old crate can stop compiling or behave
    /// differently.
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
        text.push_str(&format!(
            "semver: {} ({breaking} breaking, {} compatible)\n",
            serde_json::to_value(self.bump()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            self.changes.len() - breaking
        ));
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

struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn add(&mut self, item: impl Into<String>, change: impl Into<String>, breaking: bool) {
        self.changes.push(Change { item: item.into(), change: change.into(), breaking });
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut differ = Differ { changes: Vec::new() };
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|op| (op.operation_id.as_str(), op)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|op| (op.operation_id.as_str(), op)).collect();
    for (id, op) in &old_ops {
        match new_ops.get(id) {
            None => differ.add(format!("operation {id}"), format!("removed (`Client::{}`)", op.method_name), true),
            Some(new_op) => diff_operation(&mut differ, op, new_op),
        }
    }
    for (id, op) in &new_ops {
        if !old_ops.contains_key(id) {
            differ.add(format!("operation {id}"), format!("added (`Client::{}`)", op.method_name), false);
        }
    }
    let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for (name, ty) in &old_types {
        match new_types.get(name) {
            None => differ.add(format!("type {name}"), "removed", true),
            Some(new_ty) => {
                if ty.sent != new_ty.sent {
                    let change = if new_ty.sent { "now sent in requests (gains `with_*` setters)" } else { "no longer sent in requests (loses its `with_*` setters)" };
                    differ.add(format!("type {name}"), change, ty.sent);
                }
                diff_type(&mut differ, name, &ty.kind, &new_ty.kind, ty.sent && new_ty.sent);
            }
        }
    }
    for name in new_types.keys().filter(|name| !old_types.contains_key(*name)) {
        differ.add(format!("type {name}"), "added", false);
    }
    differ.changes.sort();
    differ.changes.dedup();
    Report { changes: differ.changes }
}

fn type_text(ty: &Type) -> String {
    match ty {
        Type::Named(name) => name.clone(),
        Type::Array(inner) => format!("Vec<{}>", type_text(inner)),
        Type::Map(inner) => format!("Map<String, {}>", type_text(inner)),
        other => format!("{other:?}"),
    }
}

fn diff_operation(differ: &mut Differ, old: &Operation, new: &Operation) {
    let item = format!("operation {}", old.operation_id);
    if (old.http_method, &old.path) != (new.http_method, &new.path) {
        let change = format!("now `{} {}` (was `{} {}`)", new.http_method.as_str(), new.path, old.http_method.as_str(), old.path);
        differ.add(&item, change, false);
    }
    if old.method_name != new.method_name {
        differ.add(&item, format!("method renamed `{}` → `{}`", old.method_name, new.method_name), true);
    }
    diff_params(differ, &item, &old.params, &new.params);
    let body_type = |op: &Operation| op.body.as_ref().map(|b| (b.required, format!("{:?}", b.kind)));
    match (body_type(old), body_type(new)) {
        (None, Some((required, _))) => differ.add(&item, "request body added", required),
        (Some(_), None) => differ.add(&item, "request body removed", true),
        (Some(a), Some(b)) if a != b => differ.add(&item, format!("request body changed: {} → {}", a.1, b.1), true),
        _ => {}
    }
    if old.success.body != new.success.body {
        let text = |body: &SuccessBody| match body {
            SuccessBody::Json(ty) => type_text(ty),
            SuccessBody::OptionalJson(ty) => format!("Option<{}>", type_text(ty)),
            other => format!("{other:?}"),
        };
        differ.add(&item, format!("response type {} → {}", text(&old.success.body), text(&new.success.body)), true);
    }
    for case in &old.errors {
        match new.errors.iter().find(|c| c.status == case.status) {
            None => differ.add(&item, format!("error status {} ({}) removed", case.status, case.variant), true),
            Some(now) if now.ty != case.ty => differ.add(&item, format!("error status {} body changed", case.status), true),
            Some(_) => {}
        }
    }
    for case in new.errors.iter().filter(|c| !old.errors.iter().any(|o| o.status == c.status)) {
        differ.add(&item, format!("error status {} ({}) added", case.status, case.variant), false);
    }
}

fn diff_params(differ: &mut Differ, item: &str, old: &[Param], new: &[Param]) {
    for param in old {
        let Some(now) = new.iter().find(|p| p.wire_name == param.wire_name && p.location == param.location) else {
            differ.add(item, format!("parameter `{}` removed", param.wire_name), true);
            continue;
        };
        if now.ty != param.ty {
            differ.add(item, format!("parameter `{}` type {} → {}", param.wire_name, type_text(&param.ty), type_text(&now.ty)), true);
        }
        if now.required != param.required {
            let change = if now.required { "now required" } else { "now optional" };
            differ.add(item, format!("parameter `{}` {change}", param.wire_name), true);
        }
    }
    for param in new.iter().filter(|p| !old.iter().any(|o| o.wire_name == p.wire_name && o.location == p.location)) {
        let kind = if param.required { "required" } else { "optional" };
        differ.add(item, format!("{kind} parameter `{}` added", param.wire_name), param.required);
    }
}

/// `sent`: the type has setters before and after.
fn diff_type(differ: &mut Differ, name: &str, old: &TypeKind, new: &TypeKind, sent: bool) {
    let item = format!("type {name}");
    match (old, new) {
        (TypeKind::Struct(old), TypeKind::Struct(new)) => diff_fields(differ, &item, &old.fields, &new.fields, sent),
        (TypeKind::Enum(old), TypeKind::Enum(new)) => {
            for value in &old.variants {
                if !new.variants.iter().any(|v| v.wire_name == value.wire_name) {
                    differ.add(&item, format!("enum value `{}` removed", value.wire_name), true);
                }
            }
            for value in new.variants.iter().filter(|v| !old.variants.iter().any(|o| o.wire_name == v.wire_name)) {
                differ.add(&item, format!("enum value `{}` added", value.wire_name), false);
            }
        }
        (TypeKind::Union(old), TypeKind::Union(new)) => {
            let names = |u: &crate::ir::Union| u.variants.iter().map(|v| (v.name.clone(), v.ty.clone())).collect::<Vec<_>>();
            if names(old) != names(new) {
                differ.add(&item, "oneOf/anyOf variants changed", true);
            }
        }
        (TypeKind::Alias(old), TypeKind::Alias(new)) if old != new => {
            differ.add(&item, format!("now {} (was {})", type_text(new), type_text(old)), true);
        }
        (TypeKind::Alias(_), TypeKind::Alias(_)) => {}
        _ => differ.add(&item, "changed kind (struct, enum, union or alias)", true),
    }
}

/// A field's type, whether `new` takes it, and whether it is nullable.
fn field_shape(field: &Field) -> (String, bool, bool) {
    (type_text(&field.ty), field.in_constructor(), field.nullable)
}

fn diff_fields(differ: &mut Differ, item: &str, old: &[Field], new: &[Field], sent: bool) {
    for field in old {
        let Some(now) = new.iter().find(|f| f.wire_name == field.wire_name) else {
            differ.add(item, format!("field `{}` removed", field.wire_name), true);
            continue;
        };
        let (before, after) = (field_shape(field), field_shape(now));
        if before.0 != after.0 {
            differ.add(item, format!("field `{}` type {} → {}", field.wire_name, before.0, after.0), true);
        }
        if before.1 != after.1 {
            differ.add(item, format!("field `{}` now {}", field.wire_name, if after.1 { "required" } else { "optional" }), true);
        }
        if before.2 != after.2 {
            differ.add(item, format!("field `{}` now {}", field.wire_name, if after.2 { "nullable" } else { "not nullable" }), true);
        }
        if field.access != now.access {
            let access = match now.access {
                Access::ReadOnly => "read-only",
                Access::WriteOnly => "write-only",
                Access::ReadWrite => "read-write",
            };
            // Breaking when the field becomes, or stops being, an `Option`,
            // or loses its setter.
            let breaking = field.always_present() != now.always_present() || (sent && now.access == Access::ReadOnly);
            differ.add(item, format!("field `{}` now {access}", field.wire_name), breaking);
        }
    }
    for field in new.iter().filter(|f| !old.iter().any(|o| o.wire_name == f.wire_name)) {
        let kind = if field.in_constructor() { "required" } else { "optional" };
        differ.add(item, format!("{kind} field `{}` added", field.wire_name), field.in_constructor());
    }
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
