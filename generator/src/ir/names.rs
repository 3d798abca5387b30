//! Every Rust name the generator makes is made here: one case policy
//! (`heck`), one keyword list, one escaping rule (a trailing `_`).

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use super::HttpMethod;
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
const DERIVED_METHODS: [&str; 7] = ["clone", "clone_from", "default", "deserialize", "eq", "fmt", "serialize"];

/// Methods of standard traits: clippy's `should_implement_trait` takes an
/// inherent method so named, with a matching receiver, for one that should
/// be the trait's. Methods named from the spec stay clear of them.
const STD_TRAIT_METHODS: &[&str] = &[
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref", "deref_mut",
    "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg", "next", "not", "rem",
    "shl", "shr", "sub",
];

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
    let name = ident_start(words(raw).to_upper_camel_case(), "Type");
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
    by_reference(field.to_owned())
}

/// The `Client` method (`&self`) for the operation `id`.
pub fn client_method_name(id: &str) -> String {
    match value_name(id) {
        name if name == "new" => "new_".to_owned(),
        name => by_reference(name),
    }
}

/// The first words of method names that read or write a resource, which
/// an alias may replace with the conventional one.
const CRUD_VERBS: &[&str] = &[
    "get", "list", "fetch", "read", "retrieve", "find", "search", "query", "create", "add", "new", "make", "post", "insert", "update",
    "set", "put", "patch", "modify", "edit", "change", "replace", "save", "delete", "remove", "del", "destroy", "drop",
];

/// The names users of other SDKs look for a `Client` method by, for
/// `#[doc(alias)]`: the method's name with the verb its HTTP method and
/// path make conventional (`list_` for a GET of a collection, `get_` of an
/// item, `create_` for a POST to a collection, `update_` for PUT and PATCH,
/// `delete_`), and without a `_by_id`-like suffix; never the name itself
/// or one in `taken` (another method's).
pub fn method_aliases(name: &str, method: HttpMethod, path: &str, taken: &BTreeSet<&str>) -> Vec<String> {
    let item = path.trim_end_matches('/').ends_with('}');
    let verb = match (method, item) {
        (HttpMethod::Get, true) => "get",
        (HttpMethod::Get, false) => "list",
        (HttpMethod::Post, false) => "create",
        (HttpMethod::Put | HttpMethod::Patch, _) => "update",
        (HttpMethod::Delete, _) => "delete",
        _ => return Vec::new(),
    };
    let Some((first, rest)) = name.split_once('_') else { return Vec::new() };
    if !CRUD_VERBS.contains(&first) {
        // An action (`run_job`), not a read or write of a resource.
        return Vec::new();
    }
    let rest = rest.find("_by_").map_or(rest, |at| &rest[..at]);
    let mut aliases: Vec<String> = Vec::new();
    for candidate in [format!("{verb}_{rest}"), format!("{first}_{rest}")] {
        if candidate != name && !taken.contains(candidate.as_str()) && !aliases.contains(&candidate) {
            aliases.push(candidate);
        }
    }
    aliases
}

/// `name` for a method taking `&self`: as it is, or with `get_` where the
/// name would break a convention (`new`, `from_*`, `into_*`, a derived or
/// standard trait's method).
fn by_reference(name: String) -> String {
    let taken = name == "new" || DERIVED_METHODS.contains(&name.as_str()) || STD_TRAIT_METHODS.contains(&name.as_str());
    if taken || NOT_BY_REFERENCE.iter().any(|prefix| name.starts_with(prefix)) {
        format!("get_{}", name.trim_end_matches('_'))
    } else {
        name
    }
}

/// A request's setter for the optional parameter `field` (`self`): the
/// field's name, or `with_{field}` where that name would break a convention
/// or be taken for a standard trait's method (`add`, `sub`).
pub fn request_setter_name(field: &str) -> String {
    if STD_TRAIT_METHODS.contains(&field) || NOT_BY_VALUE.iter().any(|prefix| field.starts_with(prefix)) {
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
    let name = words(raw).to_upper_camel_case();
    match name.as_str() {
        "" => "Empty".to_owned(),
        "Self" => "SelfValue".to_owned(),
        _ => ident_start(name, "Value"),
    }
}

/// A field, parameter or method name (`snake_case`) for `raw`.
pub fn value_name(raw: &str) -> String {
    let name = ident_start(words(raw).to_snake_case(), "field");
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

/// Checks a crate name: a Cargo package name (ASCII letters, digits, `-`
/// and `_`, starting with a letter, at most 64 characters) whose library
/// name is not a Rust keyword.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!("`{name}` is not a crate name: use ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters"));
    }
    let library = name.replace('-', "_");
    if KEYWORDS.contains(&library.as_str()) || ["std", "core", "alloc", "test", "proc_macro"].contains(&library.as_str()) {
        return Err(format!("`{name}` is not a crate name: its library would be `{library}`, a name Rust reserves"));
    }
    Ok(())
}

/// The crate name for a spec when none is given: its file stem in kebab
/// case with `-client` (`api-client` when the stem has no letters first).
pub fn default_crate_name(spec: &std::path::Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ascii: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let base = ascii.to_kebab_case();
    let name: String = base.chars().take(50).collect();
    match name.chars().next() {
        None => "api-client".to_owned(),
        Some(first) if first.is_ascii_alphabetic() => format!("{name}-client"),
        Some(_) => format!("api-{name}-client"),
    }
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The words of `raw` for a case conversion: ASCII letters, digits and
/// `_`; anything else (`$`, `-`, `²`, letters of other scripts) separates
/// words. Names are kept to ASCII so that no identifier trips rustc's
/// lints on uncommon or confusable characters, or NFC folding two names
/// into one.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { ' ' }).collect()
}

/// Makes `name` a valid identifier start: a leading digit gets `prefix`
/// before it, and an empty name becomes `prefix`.
fn ident_start(name: String, prefix: &str) -> String {
    match name.chars().next() {
        None => prefix.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        Some(_) if name.chars().all(|c| c == '_') => prefix.to_owned(),
        Some(_) => name,
    }
}

/// Whether `name` is an identifier by Rust's rules (Unicode's XID
/// properties): every name this module makes is one.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
        && name != "_"
}

/// Every scope a public name is claimed in, each seeded once here with
/// what the runtime and the derives already take in it. The crate-wide
/// scopes live on the registry; a scope per item (a struct's fields and
/// methods, a request's setters...) comes from it, already seeded.
/// Lowering claims type, `Client` method, field, parameter and variant
/// names as it meets them (a ref needs its type's name); the last pass
/// (`surface::decide`) claims the methods of structs, requests and the
/// mock, from the same registry.
#[derive(Debug)]
pub struct Registry {
    /// The names of models, requests, parameters and errors: one scope, as
    /// they are named across modules in docs and the change report.
    pub types: Scope,
    /// The webhooks module's types.
    pub webhook_types: Scope,
    /// `Client`'s methods: one per operation.
    pub client_methods: Scope,
    /// `MockServer`'s methods: one per operation, then one per collection.
    pub mock_methods: Scope,
    /// Cargo features: one per tag, clear of the manifest's own.
    pub features: Scope,
}

impl Default for Registry {
    fn default() -> Self {
        let features = crate::templates::manifest_features();
        Registry {
            types: Scope::new(),
            webhook_types: Scope::new(),
            client_methods: Scope::with_reserved(&crate::templates::client_methods()),
            mock_methods: Scope::with_reserved(&crate::templates::mock_methods()),
            features: Scope::with_reserved(&features),
        }
    }
}

impl Registry {
    /// A struct's fields, clear of the one that keeps unnamed properties.
    pub fn fields(extra: &str) -> Scope {
        Scope::with_reserved(&[extra])
    }

    /// A struct's methods, clear of its derived traits' methods.
    pub fn struct_methods() -> Scope {
        Scope::with_reserved(&DERIVED_METHODS)
    }

    /// A request's setters, clear of the methods every request has and of
    /// the one a paginated request has.
    pub fn request_methods() -> Scope {
        let mut reserved = crate::templates::request_methods();
        reserved.push(super::public::STREAM_METHOD);
        Scope::with_reserved(&reserved)
    }

    /// An error enum's variants, clear of the one for undocumented statuses.
    pub fn error_variants() -> Scope {
        Scope::with_reserved(&[super::public::UNKNOWN_STATUS])
    }

    /// A scope nothing is taken in yet: an enum's variants, a union's, an
    /// operation's parameters, a response's headers.
    pub fn items() -> Scope {
        Scope::new()
    }
}

/// Hands out names within one scope, adding `2`, `3`... to a name already
/// taken, so that colliding names are told apart the same way every run.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    fn new() -> Self {
        Scope::default()
    }

    /// A scope in which `names` are already taken.
    fn with_reserved<S: AsRef<str>>(names: &[S]) -> Self {
        Scope { taken: names.iter().map(|name| name.as_ref().to_owned()).collect() }
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
    fn aliases_give_the_conventional_verb_and_drop_by_id() {
        let taken: BTreeSet<&str> = ["list_password_policies", "create_password_policy"].into_iter().collect();
        let aliases = |name, method, path| method_aliases(name, method, path, &taken);
        assert_eq!(aliases("get_password_sync_groups", HttpMethod::Get, "/password-sync-groups"), ["list_password_sync_groups"]);
        assert_eq!(aliases("get_password_policy_by_id", HttpMethod::Get, "/password-policies/{id}"), ["get_password_policy"]);
        assert_eq!(aliases("set_password_policy", HttpMethod::Put, "/password-policies/{id}"), ["update_password_policy"]);
        assert_eq!(aliases("remove_group_by_id", HttpMethod::Delete, "/groups/{id}"), ["delete_group", "remove_group"]);
        assert!(aliases("list_password_policies", HttpMethod::Get, "/password-policies").is_empty(), "already conventional");
        assert!(aliases("make_password_policy", HttpMethod::Post, "/password-policies").is_empty(), "another method's name");
        assert!(aliases("ping", HttpMethod::Get, "/ping").is_empty(), "no verb to replace");
        assert!(aliases("run_job", HttpMethod::Post, "/jobs/{id}/run").is_empty(), "an action");
    }

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
    fn names_from_any_text_are_identifiers() {
        for raw in ["area_m²", "M²", "٣x", "名前", "²", "a\u{0301}", "𝔘", "--", "_", "__", "9", "Self", "self", "r#type", "a b\tc"] {
            for name in [value_name(raw), type_name(raw), variant_name(raw)] {
                assert!(is_identifier(&name), "{raw:?} gave {name:?}");
            }
        }
        assert_eq!(value_name("area_m²"), "area_m");
        assert_eq!(variant_name("M²"), "M");
        assert_eq!(value_name("٣x"), "x");
        assert_eq!(value_name("名前"), "field");
    }

    #[test]
    fn method_names_keep_rusts_conventions() {
        for (field, reader) in [("name", "name"), ("new", "get_new"), ("clone", "get_clone"), ("as_ref", "get_as_ref"), ("from_date", "get_from_date"), ("is_active", "is_active")] {
            assert_eq!(reader_name(field), reader, "the reader of {field}");
        }
        for (field, setter) in [("limit", "limit"), ("add", "with_add"), ("sub", "with_sub"), ("is_active", "with_is_active"), ("to", "to")] {
            assert_eq!(request_setter_name(field), setter, "the request setter of {field}");
        }
        assert_eq!(client_method_name("new"), "new_");
        assert_eq!(client_method_name("next"), "get_next");
        assert_eq!(client_method_name("fromEnv"), "get_from_env");
    }

    #[test]
    fn crate_names_follow_cargo() {
        assert!(check_crate_name("my-api").is_ok());
        for bad in ["1api", "", "my api", "a/b", "self", "std", "ünicode"] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(default_crate_name(std::path::Path::new("dir/123-spec.yaml")), "api-123-spec-client");
        assert_eq!(default_crate_name(std::path::Path::new("Pet Store.yaml")), "pet-store-client");
        assert_eq!(default_crate_name(std::path::Path::new("名前.yaml")), "api-client");
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

    const UNKNOWN: &str = super::super::public::UNKNOWN_STATUS;

    #[test]
    fn every_scope_from_the_registry_keeps_clear_of_what_is_taken_there() {
        let mut names = Registry::default();
        assert_eq!(names.client_methods.claim("builder".to_owned()), "builder2", "Client::builder is the runtime's");
        assert_eq!(names.mock_methods.claim("verify".to_owned()), "verify2", "MockServer::verify is the runtime's");
        assert_eq!(names.features.claim("mock".to_owned()), "mock2", "the manifest's feature");
        assert_eq!(Registry::request_methods().claim("send".to_owned()), "send2", "every request has send");
        assert_eq!(Registry::request_methods().claim("stream".to_owned()), "stream2", "a paginated request has stream");
        assert_eq!(Registry::struct_methods().claim("clone".to_owned()), "clone2", "every model derives Clone");
        assert_eq!(Registry::error_variants().claim(UNKNOWN.to_owned()), format!("{UNKNOWN}2"));
        assert_eq!(Registry::fields("additional_properties").claim("additional_properties".to_owned()), "additional_properties2");
        assert_eq!(Registry::items().claim("anything".to_owned()), "anything");
        assert_eq!(names.types.claim("Pet".to_owned()), "Pet");
        assert_eq!(names.types.claim("Pet".to_owned()), "Pet2", "one scope for every type of the crate");
    }
}
