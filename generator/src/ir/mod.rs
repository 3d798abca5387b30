//! Stage 2: the intermediate representation. Plain data with every Rust
//! name decided; the emitters read only this, never `openapiv3` types.

pub mod lower;
pub mod names;
mod passes;
pub mod public;
pub mod rust;
pub mod surface;
pub mod wire;

use public::{OperationApi, StructApi};
use rust::RustType;

/// Everything the generated crate is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub server: Option<Server>,
    /// How clients authenticate, from the security schemes.
    pub security: Security,
    /// The generator settings the spec carries (`x-sdkgen`).
    pub settings: Settings,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in the order the spec lists them.
    pub operations: Vec<Operation>,
    /// Cargo features, one per tag, sorted by name; empty unless asked for.
    pub features: Vec<Feature>,
    /// The `recursion_limit` the crate needs, when its types nest deeper
    /// than rustc's default allows for (see `passes::recursion_limit`).
    pub recursion_limit: Option<usize>,
    /// The collections the mock can hold records for (see
    /// `passes::find_resources`).
    pub resources: Vec<Resource>,
    /// The requests the service sends (OpenAPI 3.1's webhooks), in the
    /// order the spec lists them.
    pub webhooks: Vec<Webhook>,
}

/// A request the service sends to its users' servers: one operation of an
/// OpenAPI 3.1 webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The webhook's name in the spec (`newPet`).
    pub name: String,
    /// The Rust type in the `webhooks` module that reads its deliveries.
    pub type_name: String,
    pub method: HttpMethod,
    pub summary: Option<String>,
    pub doc: Option<String>,
    /// What the service sends in the body, if the spec says.
    pub body: Option<Body>,
}

/// A collection of records the API lists, creates, reads, replaces and
/// deletes by id: a collection path and an item path below it, on one
/// schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The collection path (`/password-sync-groups`).
    pub collection: String,
    /// The item path (`/password-sync-groups/{id}`).
    pub item: String,
    /// The item path's parameter (wire name).
    pub id_param: String,
    /// The record's property that holds its id (wire name).
    pub id_field: String,
    pub integer_ids: bool,
    /// The record's type.
    pub record: String,
    /// Indexes into `Api::operations`.
    pub list: Option<usize>,
    pub create: Option<usize>,
    pub read: usize,
    pub replace: Option<usize>,
    pub delete: Option<usize>,
    /// The `MockServer` method that gives its records (decided by
    /// [`surface::decide`]).
    pub method: String,
}

/// How clients of the API authenticate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Security {
    /// The OAuth2 client credentials token URL, when the API has that flow.
    pub token_url: Option<String>,
    /// Where an API key goes, when the API takes one.
    pub api_key: Option<ApiKey>,
    /// Whether the API takes bearer tokens (OAuth2, OpenID Connect, or an
    /// HTTP bearer scheme).
    pub bearer: bool,
    /// Whether every operation can be called without credentials.
    pub anonymous: bool,
}

/// An `apiKey` security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// Header, query or cookie.
    pub location: Location,
    /// The header, query parameter or cookie name.
    pub name: String,
}

/// What the spec's `x-sdkgen` extension sets; vendor facts the runtime
/// needs, with neutral defaults when the spec says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The prefix of the environment variables a client reads
    /// (`{PREFIX}_BASE_URL`...); the crate name's when unset.
    pub env_prefix: Option<String>,
    /// The quota requests are paced below: requests per window in seconds.
    pub rate_limit: Option<(u64, u64)>,
    /// Package metadata for the generated manifest.
    pub package: PackageMeta,
    /// What the service answers to a list request past the end of a
    /// non-empty collection (status, JSON body); the mock answers the same.
    pub past_end: Option<(u16, serde_json::Value)>,
}

/// `Cargo.toml` metadata for publishing the generated crate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageMeta {
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub documentation: Option<String>,
    pub keywords: Vec<String>,
    pub categories: Vec<String>,
    pub license: Option<String>,
}

/// A Cargo feature that compiles the operations of one tag, and the types
/// only they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: String,
    pub tag: String,
    pub operations: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Server variables: name and default value.
    pub variables: Vec<(String, String)>,
}

impl Server {
    /// The API's path below the host: `https://{tenant}.host/v3` → `/v3`.
    pub fn base_path(&self) -> String {
        url_path(&self.url)
    }
}

impl Security {
    /// The token endpoint's path on its host, for client credentials.
    pub fn token_path(&self) -> Option<String> {
        self.token_url.as_deref().map(url_path)
    }
}

/// The path of a URL (template), without a trailing `/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// Where the schema sits in the bundled spec.
    pub pointer: String,
    pub kind: TypeKind,
    /// Examples given for the schema itself, and for media types that use it.
    pub examples: Vec<serde_json::Value>,
    /// Whether a request can carry the type (in a body or a parameter, or
    /// inside one). Only such types get `with_*` setters: a value that is
    /// only ever received is read, not built.
    pub sent: bool,
    /// Compiled when any of these Cargo features is on; always when empty.
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; values the spec does not list are kept as `Unknown`.
    Enum(Enum),
    /// `oneOf`/`anyOf`: one variant per member, plus one that keeps any
    /// other JSON as it came.
    Union(Union),
    /// A schema that is just another type (`type: string`, an array...).
    Alias(Type),
    /// A schema that is another type and refers to itself through it
    /// (`Tree = array of Tree`): a struct holding the value, as an alias
    /// would expand forever.
    Newtype(Type),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties the spec does not list; `None` for
    /// `additionalProperties: false`.
    pub extra: Option<Extra>,
    /// Its constructor, setters and readers (decided by
    /// [`surface::decide`]).
    pub api: StructApi,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    pub name: String,
    pub ty: Type,
    /// True when the spec names the type of additional properties (a map
    /// schema) rather than leaving them unknown.
    pub declared: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub ty: Type,
    pub required: bool,
    pub nullable: bool,
    /// Set where the field's type contains the struct itself.
    pub boxed: bool,
    pub doc: Option<String>,
    pub access: Access,
    /// The value the server assumes when the field is left out.
    pub default: Option<serde_json::Value>,
    /// Limits the spec sets on the value, documented on the field.
    pub bounds: Bounds,
}

impl Field {
    /// Whether every value has the field, so it needs no `Option`: required,
    /// and neither set only by the server nor only by the client.
    pub fn always_present(&self) -> bool {
        self.required && self.access == Access::ReadWrite
    }

    /// Whether building a value for a request must set the field (`new`
    /// takes it): required, and not set only by the server.
    pub fn in_constructor(&self) -> bool {
        self.required && self.access != Access::ReadOnly
    }
}

/// Which way a field travels (`readOnly` / `writeOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Set by the server, in responses only; requests leave it out.
    ReadOnly,
    /// Sent by the client, never returned.
    WriteOnly,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps a value the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub wire_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The discriminating property and its values, where the spec gives one.
    pub discriminator: Option<String>,
    /// The name of the variant that keeps JSON matching no member.
    pub other: String,
}

impl Union {
    /// Whether every member has a text form (see [`text_form`]): then so
    /// has the union, for a path or query.
    pub fn is_scalar(&self) -> bool {
        self.variants.iter().all(|variant| variant.text.is_some())
    }
}

/// How a value is written as text, in a path or a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// Its `Display`: strings, numbers, booleans, dates, string enums and
    /// unions of these.
    Display,
    /// RFC 3339, as OpenAPI writes a `date-time`.
    Rfc3339,
}

/// The text form of a value of `ty`, looking through aliases (an `allOf`
/// of one scalar is that scalar) and into unions (a `oneOf` of scalars has
/// one); `None` for objects, maps, arrays and any JSON. `kind_of` gives a
/// named type's kind. A worklist, so no spec overflows the stack.
pub fn text_form<'t>(ty: &'t Type, kind_of: impl Fn(&str) -> Option<&'t TypeKind>) -> Option<TextForm> {
    let mut form = None;
    let mut pending = vec![ty];
    let mut seen = std::collections::HashSet::new();
    while let Some(current) = pending.pop() {
        match current {
            Type::Named(name) if !seen.insert(name) => {}
            Type::Named(name) => match kind_of(name)? {
                TypeKind::Enum(_) => {}
                TypeKind::Alias(inner) => pending.push(inner),
                TypeKind::Union(union) => {
                    // A union is written by its own `Display`.
                    form = form.or(Some(TextForm::Display));
                    pending.extend(union.variants.iter().map(|variant| &variant.ty));
                }
                TypeKind::Struct(_) | TypeKind::Newtype(_) => return None,
            },
            Type::Array(_) | Type::Map(_) | Type::Tuple(_) | Type::Json => return None,
            Type::DateTime => form = form.or(Some(TextForm::Rfc3339)),
            _ => {}
        }
    }
    Some(form.unwrap_or(TextForm::Display))
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Type,
    /// Set where the member's type contains the union itself, or is so
    /// much larger than the others that every value would pay for it.
    pub boxed: bool,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// How the member's value is written as text, where it can be.
    pub text: Option<TextForm>,
}

/// A Rust type, as the spec's schemas map onto them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    String,
    /// A string field with `format: password`: kept out of `Debug` output.
    Secret,
    DateTime,
    Date,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Any JSON value.
    Json,
    Named(String),
    Array(Box<Type>),
    Map(Box<Type>),
    /// An array of a fixed number of values, each of its position's type
    /// (`prefixItems`).
    Tuple(Vec<Type>),
    /// An array's item or a map's value that may be `null` (a field's
    /// nullability is the field's own, [`Field::nullable`]).
    Nullable(Box<Type>),
}

impl Type {
    /// The type with no [`Type::Nullable`] in it: a parameter or header is
    /// never sent or read as `null`.
    pub fn without_nulls(self) -> Type {
        match self {
            Type::Nullable(inner) => inner.without_nulls(),
            Type::Array(inner) => Type::Array(Box::new(inner.without_nulls())),
            Type::Map(inner) => Type::Map(Box::new(inner.without_nulls())),
            Type::Tuple(positions) => Type::Tuple(positions.into_iter().map(Type::without_nulls).collect()),
            other => other,
        }
    }

    /// How many containers deep the type is: 0 for a scalar or a named
    /// type, 2 for a list of maps.
    pub fn nesting(&self) -> usize {
        match self {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => 1 + inner.nesting(),
            Type::Tuple(positions) => 1 + positions.iter().map(Type::nesting).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// A name for what kind of type this is, as a union's variant for a
    /// member of this type is named (`String`, `I64`, `Array`): part of
    /// the public API, so spelled out here, never derived from the IR's
    /// own names.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Type::String => "String",
            Type::Secret => "Secret",
            Type::DateTime => "DateTime",
            Type::Date => "Date",
            Type::I32 => "I32",
            Type::I64 => "I64",
            Type::F32 => "F32",
            Type::F64 => "F64",
            Type::Bool => "Bool",
            Type::Json => "Json",
            Type::Named(_) => "Named",
            Type::Array(_) => "Array",
            Type::Map(_) => "Map",
            Type::Tuple(_) => "Tuple",
            Type::Nullable(inner) => inner.kind_name(),
        }
    }

    /// The Rust type a value of this type is.
    pub fn rust(&self) -> RustType {
        match self {
            Type::String => RustType::String,
            Type::Secret => RustType::Runtime(rust::Runtime::Secret, Vec::new()),
            Type::DateTime => RustType::DateTime,
            Type::Date => RustType::Date,
            Type::I32 => RustType::I32,
            Type::I64 => RustType::I64,
            Type::F32 => RustType::F32,
            Type::F64 => RustType::F64,
            Type::Bool => RustType::Bool,
            Type::Json => RustType::Json,
            Type::Named(name) => RustType::model(name),
            Type::Array(item) => RustType::Vec(Box::new(item.rust())),
            Type::Map(value) => RustType::Map(Box::new(value.rust())),
            Type::Tuple(positions) => RustType::Tuple(positions.iter().map(Type::rust).collect()),
            Type::Nullable(inner) => RustType::option(inner.rust()),
        }
    }

    /// Whether a named type appears in this type.
    pub fn mentions_named(&self) -> bool {
        matches!(self, Type::Named(_)) || self.held().iter().any(|(inner, _)| inner.mentions_named())
    }

    /// The types a value of this type holds, each with whether it holds it
    /// inline (an `Option`'s value, a tuple's positions) or behind a
    /// collection's pointer (an array's items, a map's values).
    pub fn held(&self) -> Vec<(&Type, bool)> {
        match self {
            Type::Nullable(inner) => vec![(inner, true)],
            Type::Array(inner) | Type::Map(inner) => vec![(inner, false)],
            Type::Tuple(positions) => positions.iter().map(|position| (position, true)).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// The `Client` method, snake case.
    pub method_name: String,
    /// Other names rustdoc's search finds the method by.
    pub aliases: Vec<String>,
    /// The request type (`Request<{params_name}>`).
    pub request_name: String,
    /// The struct of the operation's parameters.
    pub params_name: String,
    /// The operation's own error enum.
    pub error_name: String,
    pub http_method: HttpMethod,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    pub errors: Vec<ErrorCase>,
    /// Set for list operations paged with `limit` and `offset`.
    pub pagination: Option<Pagination>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Compiled when any of these Cargo features is on; always when empty.
    pub features: Vec<String>,
    /// Its `Client` arguments, request setters and mock method (decided
    /// by [`surface::decide`]).
    pub api: OperationApi,
}

/// An offset-paginated list: which parameters page it, and what it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index into `Operation::params`.
    pub limit: usize,
    /// Index into `Operation::params`.
    pub offset: usize,
    pub item: Type,
    /// The page size when the caller sets no `limit`.
    pub page_size: i64,
    /// The success response header that carries the number of items in
    /// all, when the spec documents one.
    pub total_header: Option<String>,
    /// Index into `Operation::params`: the boolean parameter that asks for
    /// that header, when there is one.
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: Location,
    pub ty: Type,
    pub required: bool,
    pub doc: Option<String>,
    pub bounds: Bounds,
    pub default: Option<serde_json::Value>,
    /// How its value is written on the wire, and read back by the mock.
    pub style: Style,
}

/// How a parameter's value is written on the wire: decided once, for the
/// client's encoding and the mock's decoding alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A path segment: the value's text, percent-encoded.
    Path,
    /// One `name=text` query pair.
    Query,
    /// A list in the query: a pair per item (`explode: true`, the
    /// default), or one pair with the items joined by `delimiter` (`,` for
    /// `form`, ` ` for `spaceDelimited`, `|` for `pipeDelimited`).
    QueryList { explode: bool, delimiter: char },
    /// An object or map in the query: a pair per field (`style: form`,
    /// `explode: true`), named `name[field]` where `deep` (`deepObject`).
    QueryObject { deep: bool },
    /// A header; a list's items joined by commas.
    Header,
    /// A cookie; a list's items joined by commas.
    Cookie,
    /// Written whole by a style of OpenAPI's (or as JSON, for a parameter
    /// described by `content`): a list or an object in the path, a header
    /// or a cookie, a path value `label` or `matrix` style, any `content`
    /// parameter.
    Serialized { form: Serialization, explode: bool, shape: Shape },
}

/// How a [`Style::Serialized`] parameter is written (the runtime's
/// `params::Serialization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serialization {
    Simple,
    Label,
    Matrix,
    Form,
    Json,
}

/// What a [`Style::Serialized`] value is: one value, a list or an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    List,
    Object,
}

impl Style {
    /// The style of a parameter in `location` of type `ty`; `object` when
    /// its type has no text form; `style` and `explode` as the spec says;
    /// `content` where the spec describes the value by a media type.
    pub fn of(location: Location, ty: &Type, object: bool, style: Option<&str>, explode: Option<bool>, content: bool) -> Style {
        let shape = if matches!(ty, Type::Array(_)) {
            Shape::List
        } else if object {
            Shape::Object
        } else {
            Shape::Scalar
        };
        // `explode` is true by default for `form` only.
        let serialized = |form: Serialization| Style::Serialized { form, explode: explode.unwrap_or(form == Serialization::Form), shape };
        if content {
            return Style::Serialized { form: Serialization::Json, explode: false, shape };
        }
        match location {
            Location::Path => match style {
                Some("label") => serialized(Serialization::Label),
                Some("matrix") => serialized(Serialization::Matrix),
                _ if shape == Shape::Scalar => Style::Path,
                _ => serialized(Serialization::Simple),
            },
            Location::Query if shape == Shape::Object => Style::QueryObject { deep: style == Some("deepObject") },
            // A list of objects: each as JSON text, joined by commas.
            Location::Query if object => Style::Serialized { form: Serialization::Form, explode: false, shape },
            Location::Query if shape == Shape::List => {
                let delimiter = match style {
                    Some("spaceDelimited") => ' ',
                    Some("pipeDelimited") => '|',
                    _ => ',',
                };
                // `explode` is true by default for `form` only.
                Style::QueryList { explode: explode.unwrap_or(delimiter == ','), delimiter }
            }
            Location::Query => Style::Query,
            Location::Header if object => serialized(Serialization::Simple),
            Location::Header => Style::Header,
            Location::Cookie if object => Style::Serialized { form: Serialization::Form, explode: false, shape },
            Location::Cookie => Style::Cookie,
        }
    }
}

/// Limits the client checks before sending, and those it cannot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bounds {
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// Limits the spec gives past what the Rust type holds
    /// (`maximum: 18446744073709551615`), as the spec wrote them: shown in
    /// the docs, never checked, as no value of the type can break them.
    pub unchecked: Vec<String>,
}

impl Bounds {
    /// Whether the client has nothing to check.
    pub fn checks_nothing(&self) -> bool {
        self.minimum.is_none() && self.maximum.is_none() && self.min_length.is_none() && self.max_length.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub name: String,
    pub kind: BodyKind,
    pub required: bool,
    pub content_type: String,
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(Type),
    /// `application/x-www-form-urlencoded`, from a struct.
    Form(Type),
    /// `multipart/form-data`, built by the caller.
    Multipart,
    /// `text/*`, as a string.
    Text,
    /// Anything else, as bytes.
    Binary,
}

impl BodyKind {
    /// The type of the body in Rust, for JSON and form bodies.
    pub fn schema_type(&self) -> Option<&Type> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The documented 2xx statuses; empty when none is documented, and any
    /// 2xx then counts as success.
    pub statuses: Vec<u16>,
    pub body: SuccessBody,
    pub headers: Vec<Header>,
}

/// What a success response's body decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// No body: `()`.
    Empty,
    Json(Type),
    /// JSON for some success statuses and no body for others: `Option<T>`.
    OptionalJson(Type),
    /// `text/*` and XML: `String`.
    Text,
    /// Anything else: bytes.
    Binary,
}

impl SuccessBody {
    /// The JSON type the body decodes into, if it is JSON.
    pub fn schema_type(&self) -> Option<&Type> {
        match self {
            SuccessBody::Json(ty) | SuccessBody::OptionalJson(ty) => Some(ty),
            _ => None,
        }
    }
}

/// Which statuses an error case covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    /// The spec's `default` response: every status not otherwise listed.
    Default,
}

impl std::fmt::Display for ErrorStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorStatus::Code(code) => write!(f, "{code}"),
            ErrorStatus::Range(hundreds) => write!(f, "{hundreds}XX"),
            ErrorStatus::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    pub status: ErrorStatus,
    pub variant: String,
    pub ty: Option<Type>,
    pub headers: Vec<Header>,
    pub doc: Option<String>,
    /// The response's example body, when the spec gives one.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub wire_name: String,
    pub ty: Type,
    pub doc: Option<String>,
}
