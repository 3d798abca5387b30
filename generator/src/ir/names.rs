//! Every Rust name the generator makes is made here: one case policy
//! (`heck`), one keyword list, one escaping rule (a trailing `_`).

use super::ErrorStatus;
use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust's strict and reserved keywords, 2021 edition and `gen` (2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated modules already use: the prelude's and the
/// runtime's. A spec type with one of these names gets a `Model` suffix.
const RESERVED_TYPES: &[&str] = &[
    "Box", "BoxFuture", "Client", "ClientBuilder", "Duration", "Endpoint", "Error", "ErrorResponse",
    "FromResponse", "Option", "RawResponse", "RequestOptions", "Response", "Result", "RetryPolicy", "Self",
    "String", "Vec",
];

/// A type name (`UpperCamelCase`) for `raw`.
pub fn type_name(raw: &str) -> String {
    let name = ident_start(raw.to_upper_camel_case(), "Type");
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// An enum variant name for the wire value `raw`.
pub fn variant_name(raw: &str) -> String {
    let name = raw.to_upper_camel_case();
    match name.as_str() {
        "" => "Empty".to_owned(),
        "Self" => "SelfValue".to_owned(),
        _ => ident_start(name, "Value"),
    }
}

/// A field, parameter or method name (`snake_case`) for `raw`.
pub fn value_name(raw: &str) -> String {
    let name = ident_start(raw.to_snake_case(), "field");
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The name of an error enum shared by operations that answer with the
/// same statuses: `Errors400_404_500`, `Errors400_500to599`, and
/// `DefaultErrors...` when a `default` response is among them. Spec names
/// never hold `_`, so it cannot clash with one; every `_` stands between
/// digits, as Rust's camel-case lint wants.
pub fn shared_error_name(statuses: &[ErrorStatus]) -> String {
    let parts: Vec<String> = statuses
        .iter()
        .filter_map(|status| match status {
            ErrorStatus::Code(code) => Some(code.to_string()),
            ErrorStatus::Range(hundreds) => Some(format!("{hundreds}00to{hundreds}99")),
            ErrorStatus::Default => None,
        })
        .collect();
    let prefix = if statuses.contains(&ErrorStatus::Default) { "DefaultErrors" } else { "Errors" };
    if parts.is_empty() {
        format!("{prefix}Undocumented")
    } else {
        format!("{prefix}{}", parts.join("_"))
    }
}

/// The Cargo feature for a tag: kebab case, ASCII letters and digits.
pub fn feature_name(tag: &str) -> String {
    let ascii: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    match ascii.to_lowercase().to_kebab_case() {
        name if name.is_empty() => "tag".to_owned(),
        name => name,
    }
}

/// Makes `name` a valid identifier start: a leading digit gets `prefix`
/// before it, and an empty name becomes `prefix`.
fn ident_start(name: String, prefix: &str) -> String {
    let name: String = name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    match name.chars().next() {
        None => prefix.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        Some(_) if name.chars().all(|c| c == '_') => prefix.to_owned(),
        Some(_) => name,
    }
}

/// Hands out names within one scope, adding `2`, `3`... to a name already
/// taken, so that colliding names are told apart the same way every run.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope in which `names` are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope { taken: names.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// `wanted`, or `wanted` with the smallest free number after it.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_one_policy() {
        let table = [
            ("passwordPolicyId", "password_policy_id", "PasswordPolicyId"),
            ("type", "type_", "Type"),
            ("self", "self_", "SelfModel"),
            ("gen", "gen_", "Gen"),
            ("X-Total-Count", "x_total_count", "XTotalCount"),
            ("401", "field401", "Type401"),
            ("Result", "result", "ResultModel"),
            ("sourceIDs", "source_i_ds", "SourceIDs"),
            ("$name", "name", "Name"),
            ("", "field", "Type"),
        ];
        for (raw, value, ty) in table {
            assert_eq!(value_name(raw), value, "value name of {raw:?}");
            assert_eq!(type_name(raw), ty, "type name of {raw:?}");
        }
        assert_eq!(variant_name("DEFAULT"), "Default");
        assert_eq!(variant_name("in-progress"), "InProgress");
        assert_eq!(variant_name("1"), "Value1");
        assert_eq!(variant_name("Self"), "SelfValue");
    }

    #[test]
    fn scope_numbers_collisions_deterministically() {
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        assert_eq!(scope.claim("name".into()), "name");
        assert_eq!(scope.claim("name".into()), "name2");
        assert_eq!(scope.claim("name".into()), "name3");
        assert_eq!(scope.claim("additional_properties".into()), "additional_properties2");
        assert_eq!(scope.claim("v2".into()), "v2");
        assert_eq!(scope.claim("v2".into()), "v2_2");
    }
}
