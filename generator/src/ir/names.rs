//! Every Rust name the generator makes is made here: one case policy
//! (`heck`), one keyword list, one escaping rule (a trailing `_`).

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust's strict and reserved keywords, 2021 edition and `gen` (2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// The methods of the standard traits a model struct implements or
/// derives; no generated method takes these names.
pub const DERIVED_METHODS: [&str; 7] = ["clone", "clone_from", "default", "deserialize", "eq", "fmt", "serialize"];

/// Prefixes Rust's API conventions (and clippy's `wrong_self_convention`)
/// tie to a kind of receiver: a method taking `self` by value may not start
/// with these...
const NOT_BY_VALUE: &[&str] = &["as_", "from_", "is_", "to_"];
/// ...nor a method taking `&self` with these.
const NOT_BY_REFERENCE: &[&str] = &["from_", "into_"];

/// A type name (`UpperCamelCase`) for `raw`. Emitted code names the
/// standard library's types by full path, so a spec type may be called
/// `Result` or `Option`; only `Self` is taken.
pub fn type_name(raw: &str) -> String {
    let name = ident_start(raw.to_upper_camel_case(), "Type");
    if name == "Self" {
        format!("{name}Model")
    } else {
        name
    }
}

/// The parameters struct of the request type `request`.
pub fn params_name(request: &str) -> String {
    format!("{request}Params")
}

/// The error enum of the request type `request`.
pub fn error_name(request: &str) -> String {
    format!("{request}Error")
}

/// A model's setter for `field`: `with_{field}`.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.trim_end_matches('_'))
}

/// A model's setter that sends `null` for `field`.
pub fn null_setter_name(field: &str) -> String {
    format!("with_{}_null", field.trim_end_matches('_'))
}

/// A model's reader for a nullable `field` (`&self`).
pub fn reader_name(field: &str) -> String {
    if DERIVED_METHODS.contains(&field) || NOT_BY_REFERENCE.iter().any(|prefix| field.starts_with(prefix)) {
        format!("get_{}", field.trim_end_matches('_'))
    } else {
        field.to_owned()
    }
}

/// A request's setter for the optional parameter `field` (`self`): the
/// field's name, or `with_{field}` where that name would break a convention.
pub fn request_setter_name(field: &str) -> String {
    if NOT_BY_VALUE.iter().any(|prefix| field.starts_with(prefix)) {
        format!("with_{}", field.trim_end_matches('_'))
    } else {
        field.to_owned()
    }
}

/// The prefix of the environment variables a crate's client reads, from
/// its name: `petstore-client` → `PETSTORE_CLIENT`.
pub fn env_prefix(crate_name: &str) -> String {
    crate_name.to_shouty_snake_case()
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

/// The Cargo feature for a tag: kebab case, ASCII letters and digits.
pub fn feature_name(tag: &str) -> String {
    let ascii: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    match ascii.to_lowercase().to_kebab_case() {
        name if name.is_empty() => "tag".to_owned(),
        name => name,
    }
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
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
            ("Result", "result", "Result"),
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
