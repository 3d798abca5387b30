//! OpenAPI's grammar: the versions read, and for each kind of object the
//! keys each version allows and what each key's value is. The keyword check
//! and the bundler walk it (the one to check each key, the other to know
//! where a `$ref` sits); the 3.1 reading asks it which keys of a path item
//! are operations.

use serde_json::Value;

/// The OpenAPI versions this stage reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dialect {
    V3_0,
    V3_1,
    V3_2,
}

impl Dialect {
    /// The dialect of a document's `openapi` value (text, or a number a
    /// YAML reader took `3.1` for).
    pub fn of(version: &Value) -> Option<Dialect> {
        let text = match version {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return None,
        };
        let mut parts = text.split('.');
        if parts.next() != Some("3") {
            return None;
        }
        match parts.next() {
            Some("0") => Some(Dialect::V3_0),
            Some("1") => Some(Dialect::V3_1),
            Some("2") => Some(Dialect::V3_2),
            _ => None,
        }
    }
}

/// What an OpenAPI object is, by where it sits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Example,
    Header,
    Tag,
    Schema,
    Discriminator,
    Xml,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
}

/// What a key's value is.
#[derive(Clone, Copy)]
pub(super) enum Child {
    One(Kind),
    /// A map from names (data, any text) to objects of a kind.
    Map(Kind),
    List(Kind),
    /// Data, or a part this check does not look into.
    Opaque,
    /// Text: a number or boolean there is taken as its text.
    Text,
    /// Callbacks and links: read, but not supported.
    Unsupported(&'static str),
}

use Child::{List, Map as Named, One, Opaque, Text, Unsupported};

/// A parameter's keys, `name` and `in` first.
pub(super) const PARAMETER: &[(&str, Child)] = &[
    ("name", Text),
    ("in", Opaque),
    ("description", Text),
    ("required", Opaque),
    ("deprecated", Opaque),
    ("allowEmptyValue", Opaque),
    ("style", Opaque),
    ("explode", Opaque),
    ("allowReserved", Opaque),
    ("schema", One(Kind::Schema)),
    ("example", Opaque),
    ("examples", Named(Kind::Example)),
    ("content", Named(Kind::MediaType)),
];

/// The keys an object of `kind` may have (besides `x-` extensions).
pub(super) fn keys(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Root => &[
            ("openapi", Text),
            ("info", One(Kind::Info)),
            ("servers", List(Kind::Server)),
            ("paths", One(Kind::Paths)),
            ("components", One(Kind::Components)),
            ("security", Opaque),
            ("tags", List(Kind::Tag)),
            ("externalDocs", One(Kind::ExternalDocs)),
        ],
        Kind::Info => &[
            ("title", Text),
            ("description", Text),
            ("termsOfService", Text),
            ("contact", One(Kind::Contact)),
            ("license", One(Kind::License)),
            ("version", Text),
        ],
        Kind::Contact => &[("name", Text), ("url", Text), ("email", Text)],
        Kind::License => &[("name", Text), ("url", Text)],
        Kind::Server => &[("url", Text), ("description", Text), ("variables", Named(Kind::ServerVariable))],
        Kind::ServerVariable => &[("enum", Opaque), ("default", Text), ("description", Text)],
        Kind::Components => &[
            ("schemas", Named(Kind::Schema)),
            ("responses", Named(Kind::Response)),
            ("parameters", Named(Kind::Parameter)),
            ("examples", Named(Kind::Example)),
            ("requestBodies", Named(Kind::RequestBody)),
            ("headers", Named(Kind::Header)),
            ("securitySchemes", Named(Kind::SecurityScheme)),
            ("links", Unsupported("links")),
            ("callbacks", Unsupported("callbacks")),
        ],
        Kind::Paths => &[],
        Kind::PathItem => &[
            ("summary", Text),
            ("description", Text),
            ("get", One(Kind::Operation)),
            ("put", One(Kind::Operation)),
            ("post", One(Kind::Operation)),
            ("delete", One(Kind::Operation)),
            ("options", One(Kind::Operation)),
            ("head", One(Kind::Operation)),
            ("patch", One(Kind::Operation)),
            ("trace", One(Kind::Operation)),
            ("servers", List(Kind::Server)),
            ("parameters", List(Kind::Parameter)),
        ],
        Kind::Operation => &[
            ("tags", Opaque),
            ("summary", Text),
            ("description", Text),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("operationId", Text),
            ("parameters", List(Kind::Parameter)),
            ("requestBody", One(Kind::RequestBody)),
            ("responses", One(Kind::Responses)),
            ("callbacks", Unsupported("callbacks")),
            ("deprecated", Opaque),
            ("security", Opaque),
            ("servers", List(Kind::Server)),
        ],
        Kind::ExternalDocs => &[("description", Text), ("url", Text)],
        Kind::Parameter => PARAMETER,
        Kind::RequestBody => &[("description", Text), ("content", Named(Kind::MediaType)), ("required", Opaque)],
        Kind::MediaType => &[("schema", One(Kind::Schema)), ("example", Opaque), ("examples", Named(Kind::Example)), ("encoding", Named(Kind::Encoding))],
        Kind::Encoding => &[("contentType", Opaque), ("headers", Named(Kind::Header)), ("style", Opaque), ("explode", Opaque), ("allowReserved", Opaque)],
        Kind::Responses => &[],
        Kind::Response => &[
            ("description", Text),
            ("headers", Named(Kind::Header)),
            ("content", Named(Kind::MediaType)),
            ("links", Unsupported("links")),
        ],
        Kind::Example => &[("summary", Text), ("description", Text), ("value", Opaque), ("externalValue", Opaque)],
        // A header object is a parameter without `name` and `in`.
        Kind::Header => &PARAMETER[2..],
        Kind::Tag => &[("name", Text), ("description", Text), ("externalDocs", One(Kind::ExternalDocs))],
        Kind::Schema => &[
            ("title", Text),
            ("multipleOf", Opaque),
            ("maximum", Opaque),
            ("exclusiveMaximum", Opaque),
            ("minimum", Opaque),
            ("exclusiveMinimum", Opaque),
            ("maxLength", Opaque),
            ("minLength", Opaque),
            ("pattern", Text),
            ("maxItems", Opaque),
            ("minItems", Opaque),
            ("uniqueItems", Opaque),
            ("maxProperties", Opaque),
            ("minProperties", Opaque),
            ("required", Opaque),
            ("enum", Opaque),
            ("type", Opaque),
            ("allOf", List(Kind::Schema)),
            ("oneOf", List(Kind::Schema)),
            ("anyOf", List(Kind::Schema)),
            ("not", One(Kind::Schema)),
            ("items", One(Kind::Schema)),
            ("properties", Named(Kind::Schema)),
            ("additionalProperties", One(Kind::Schema)),
            ("description", Text),
            ("format", Text),
            ("default", Opaque),
            ("nullable", Opaque),
            ("discriminator", One(Kind::Discriminator)),
            ("readOnly", Opaque),
            ("writeOnly", Opaque),
            ("xml", One(Kind::Xml)),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("example", Opaque),
            ("deprecated", Opaque),
        ],
        Kind::Discriminator => &[("propertyName", Text), ("mapping", Opaque)],
        Kind::Xml => &[("name", Opaque), ("namespace", Opaque), ("prefix", Opaque), ("attribute", Opaque), ("wrapped", Opaque)],
        Kind::SecurityScheme => &[
            ("type", Opaque),
            ("description", Text),
            ("name", Text),
            ("in", Opaque),
            ("scheme", Text),
            ("bearerFormat", Text),
            ("flows", One(Kind::OAuthFlows)),
            ("openIdConnectUrl", Text),
        ],
        Kind::OAuthFlows => &[
            ("implicit", One(Kind::OAuthFlow)),
            ("password", One(Kind::OAuthFlow)),
            ("clientCredentials", One(Kind::OAuthFlow)),
            ("authorizationCode", One(Kind::OAuthFlow)),
        ],
        Kind::OAuthFlow => &[("authorizationUrl", Text), ("tokenUrl", Text), ("refreshUrl", Text), ("scopes", Opaque)],
    }
}

/// The keys OpenAPI 3.1 adds to an object of `kind`: JSON Schema 2020-12's
/// keywords in a schema (the ones that shape a value are read as 3.0's,
/// by [`dialect::schema`](super::dialect::schema); the ones that only validate are warned about).
pub(super) fn keys_3_1(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Root => &[("webhooks", Named(Kind::PathItem)), ("jsonSchemaDialect", Text)],
        Kind::Info => &[("summary", Text)],
        Kind::License => &[("identifier", Text)],
        Kind::Components => &[("pathItems", Named(Kind::PathItem))],
        Kind::Schema => &[
            ("const", Opaque),
            ("examples", Opaque),
            ("$schema", Text),
            ("$id", Text),
            ("$anchor", Text),
            ("$dynamicAnchor", Text),
            ("$dynamicRef", Text),
            ("$comment", Text),
            ("$vocabulary", Opaque),
            ("$defs", Named(Kind::Schema)),
            ("prefixItems", List(Kind::Schema)),
            ("contains", One(Kind::Schema)),
            ("minContains", Opaque),
            ("maxContains", Opaque),
            ("unevaluatedItems", One(Kind::Schema)),
            ("unevaluatedProperties", One(Kind::Schema)),
            ("patternProperties", Named(Kind::Schema)),
            ("propertyNames", One(Kind::Schema)),
            ("dependentRequired", Opaque),
            ("dependentSchemas", Named(Kind::Schema)),
            ("if", One(Kind::Schema)),
            ("then", One(Kind::Schema)),
            ("else", One(Kind::Schema)),
            ("contentEncoding", Text),
            ("contentMediaType", Text),
            ("contentSchema", One(Kind::Schema)),
        ],
        _ => &[],
    }
}

/// The keys OpenAPI 3.2 adds to an object of `kind`, beyond 3.1's.
pub(super) fn keys_3_2(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Root => &[("$self", Text)],
        Kind::Components => &[("mediaTypes", Named(Kind::MediaType))],
        Kind::PathItem => &[("query", Unsupported("QUERY operations")), ("additionalOperations", Unsupported("operations of other methods"))],
        Kind::Tag => &[("summary", Text), ("parent", Text), ("kind", Text)],
        Kind::Response => &[("summary", Text)],
        Kind::Server => &[("name", Text)],
        Kind::MediaType => &[("itemSchema", One(Kind::Schema)), ("itemEncoding", Opaque), ("prefixEncoding", Opaque)],
        Kind::Example => &[("dataValue", Opaque), ("serializedValue", Opaque)],
        Kind::Discriminator => &[("defaultMapping", Text)],
        Kind::SecurityScheme => &[("deprecated", Opaque), ("oauth2MetadataUrl", Text)],
        Kind::OAuthFlows => &[("deviceAuthorization", One(Kind::OAuthFlow))],
        Kind::OAuthFlow => &[("deviceAuthorizationUrl", Text)],
        _ => &[],
    }
}

/// The keys Swagger 2.0 has where 3.x has others, for the bundler to know
/// where a ref in a 2.0 document sits (the 2.0 reading turns them into 3.0's).
pub(super) fn keys_2_0(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Root => &[("definitions", Named(Kind::Schema)), ("parameters", Named(Kind::Parameter)), ("responses", Named(Kind::Response))],
        Kind::Response => &[("schema", One(Kind::Schema))],
        Kind::Parameter | Kind::Header => &[("items", One(Kind::Schema))],
        _ => &[],
    }
}

/// The keys an object of `kind` may have in `dialect`.
pub(super) fn allowed(dialect: Dialect, kind: Kind) -> impl Iterator<Item = &'static (&'static str, Child)> + Clone {
    let later = if dialect >= Dialect::V3_1 { keys_3_1(kind) } else { &[] };
    let latest = if dialect >= Dialect::V3_2 { keys_3_2(kind) } else { &[] };
    keys(kind).iter().chain(later).chain(latest)
}

/// Whether a path item's key names an operation of OpenAPI 3.0's methods.
pub(super) fn is_method(key: &str) -> bool {
    matches!(key, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
}

/// The values `type` may have in a schema.
pub(super) const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
/// The values `in` may have in a parameter.
pub(super) const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

/// "an operation", "a schema"... for messages.
pub(super) fn article(kind: Kind) -> String {
    let words = noun(kind);
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {words}")
}

/// "operation", "path item"... for messages.
pub(super) fn noun(kind: Kind) -> String {
    let name = format!("{kind:?}");
    let mut words = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() && index > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

/// The known key that `key` most likely misspells: the same but for case,
/// or one or two edits away.
pub(super) fn suggestion<'k>(key: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known.filter(|candidate| candidate.eq_ignore_ascii_case(key) || edits(key, candidate) <= 2).min_by_key(|candidate| edits(key, candidate))
}

/// The Levenshtein distance between two short words.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(previous + cost);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
