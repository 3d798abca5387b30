//! `--check`: how an output directory differs from what the spec gives,
//! without writing anything, with a short report naming the files and the
//! items (types, impls) that differ.

use crate::write::{Changes, WriteError};
use std::collections::BTreeMap;
use std::path::Path;

/// Compares `files` with what is in `out`, writing nothing.
pub fn compare(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes, WriteError> {
    crate::write::changes(out, files)
}

/// The top-level items of two versions of a Rust file that differ:
/// `struct Foo changed`, `enum Bar added`.
fn item_changes(old: &str, new: &str) -> Vec<String> {
    fn items(text: &str) -> BTreeMap<String, String> {
        let Ok(file) = syn::parse_file(text) else { return BTreeMap::new() };
        file.items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let tokens = quote::ToTokens::to_token_stream(item).to_string();
                (item_label(item).unwrap_or_else(|| format!("item #{index}")), tokens)
            })
            .collect()
    }
    let (old, new) = (items(old), items(new));
    let mut changes = Vec::new();
    for (label, tokens) in &old {
        match new.get(label) {
            None => changes.push(format!("{label} removed")),
            Some(now) if now != tokens => changes.push(format!("{label} changed")),
            Some(_) => {}
        }
    }
    changes.extend(new.keys().filter(|label| !old.contains_key(*label)).map(|label| format!("{label} added")));
    changes
}

fn item_label(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Struct(item) => format!("struct {}", item.ident),
        syn::Item::Enum(item) => format!("enum {}", item.ident),
        syn::Item::Type(item) => format!("type {}", item.ident),
        syn::Item::Fn(item) => format!("fn {}", item.sig.ident),
        syn::Item::Const(item) => format!("const {}", item.ident),
        syn::Item::Impl(item) => {
            let mut item = item.clone();
            syn::visit_mut::VisitMut::visit_item_impl_mut(&mut LastSegments, &mut item);
            let compact = |tokens: proc_macro2::TokenStream| tokens.to_string().replace(' ', "");
            let ty = compact(quote::ToTokens::to_token_stream(&item.self_ty));
            match &item.trait_ {
                Some((_, path, _)) => format!("impl {} for {ty}", compact(quote::ToTokens::to_token_stream(path))),
                None => format!("impl {ty}"),
            }
        }
        _ => return None,
    })
}

/// Shortens every path to its last segment (`::std::convert::From` →
/// `From`), as a person names an impl.
struct LastSegments;

impl syn::visit_mut::VisitMut for LastSegments {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(last) = path.segments.pop() {
            path.segments.clear();
            path.segments.push(last.into_value());
            path.leading_colon = None;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

/// A short unified diff of each changed file, for `--check`.
pub fn describe(out: &Path, files: &BTreeMap<String, String>, changes: &Changes, max_lines: usize) -> String {
    let mut report = String::new();
    for path in &changes.added {
        report.push_str(&format!("missing: {path}\n"));
    }
    for path in &changes.removed {
        report.push_str(&format!("stale (no longer generated): {path}\n"));
    }
    for path in &changes.changed {
        let old = std::fs::read_to_string(out.join(path)).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(old.as_str(), files[path].as_str());
        let unified = diff.unified_diff().context_radius(2).header(&format!("{path} (on disk)"), &format!("{path} (from the spec)")).to_string();
        let lines: Vec<&str> = unified.lines().collect();
        report.push_str(&format!("differs: {path}\n"));
        if path.ends_with(".rs") {
            for change in item_changes(&old, &files[path]) {
                report.push_str(&format!("  {change}\n"));
            }
        }
        for line in lines.iter().take(max_lines) {
            report.push_str(&format!("    {line}\n"));
        }
        if lines.len() > max_lines {
            report.push_str(&format!("    ... {} more diff lines\n", lines.len() - max_lines));
        }
    }
    report
}
