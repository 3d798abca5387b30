//! The generated crate's public API, decided once: every type, field with
//! its Rust type, constructor, setter and reader, request type and its
//! methods, error enum and each variant's shape, and stream. The emitters
//! render it, and `sdkgen diff` compares two of it through [`Surface::items`];
//! no rule about what users see is written anywhere else.

use super::names::{self, Scope};
use super::rust::RustType;
use super::wire;
use super::{Access, Api, BodyKind, Field, Operation, Param, Struct, SuccessBody, TypeDef, TypeKind, Webhook};
use std::collections::BTreeMap;

/// The public API of one generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    /// One per [`Api::types`] entry, in the same order.
    pub types: Vec<TypeApi>,
    /// One per [`Api::operations`] entry, in the same order.
    pub operations: Vec<OperationApi>,
    /// The `mock` feature's `MockServer` methods.
    pub mock: MockApi,
    /// What programs built on the crate send and accept.
    pub wire: Vec<wire::Fact>,
    /// One per [`Api::webhooks`] entry, in the same order.
    pub webhooks: Vec<WebhookApi>,
}

/// A webhook's type in the `webhooks` module, and what reading a
/// delivery's body gives, if the spec says what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookApi {
    pub name: String,
    pub payload: Option<RustType>,
}

/// The methods the `mock` feature adds to `MockServer`.
#[derive(Debug, Clone, PartialEq)]
pub struct MockApi {
    /// The method that starts an expectation, one per [`Api::operations`]
    /// entry, in the same order.
    pub operations: Vec<String>,
    /// One per [`Api::resources`] entry, in the same order.
    pub resources: Vec<ResourceApi>,
}

/// A collection the mock holds: the `MockServer` method that gives it, and
/// the model of its records.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceApi {
    pub method: String,
    pub record: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeApi {
    pub name: String,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Struct(StructApi),
    /// A string enum: its variants, and the one that keeps other values.
    Enum { variants: Vec<String>, unknown: String },
    /// `oneOf`/`anyOf`: a variant per member, and one that keeps other JSON.
    Union { variants: Vec<(String, RustType)>, other: String },
    Alias(RustType),
    /// A struct holding one value in `value`, encoded as the value itself.
    Newtype(RustType),
}

/// A `#[non_exhaustive]` struct with public fields, built through `new` (or
/// `Default`) and setters, never a literal, so a new optional field is a
/// compatible change.
#[derive(Debug, Clone, PartialEq)]
pub struct StructApi {
    pub fields: Vec<FieldApi>,
    /// Whether it implements `Default` (no field must be set).
    pub default: bool,
    /// `new`'s arguments, when some field must be set.
    pub constructor: Option<Vec<Arg>>,
    pub setters: Vec<Setter>,
    pub readers: Vec<Reader>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldApi {
    pub name: String,
    pub ty: RustType,
}

/// A method argument: `name: ty`, or `name: impl Into<ty>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub ty: RustType,
    pub into: bool,
}

/// How an argument is taken: as its type, as anything that converts into
/// it, or (a list) as anything iterable whose items convert, so
/// `vec!["a"]` and `["a".to_owned()]` both set a `Vec<String>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion<'a> {
    Exact,
    Into,
    EachInto(&'a RustType),
}

impl Arg {
    pub fn conversion(&self) -> Conversion<'_> {
        match (&self.ty, self.into) {
            (_, false) => Conversion::Exact,
            (RustType::Vec(item), true) => Conversion::EachInto(item),
            (_, true) => Conversion::Into,
        }
    }
}

/// A builder method `fn method(self, arg) -> Self` that sets `field`.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    pub method: String,
    pub field: String,
    /// `None` for the setter that sends `null`.
    pub arg: Option<Arg>,
    pub assign: Assign,
}

/// What a setter stores in its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assign {
    /// `Some(value)`.
    Some,
    /// `Some(Some(value))`: a nullable optional field set to a value.
    SomeSome,
    /// `Some(None)`: a nullable optional field set to `null`.
    Null,
}

/// `fn method(&self) -> Option<&T>`: the value of a nullable optional
/// field, when it is set and not `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub method: String,
    pub field: String,
    pub value: RustType,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperationApi {
    /// `Client::{method}`.
    pub method: String,
    /// The method's arguments: required parameters, then a required body.
    pub args: Vec<Arg>,
    /// The body's name (an argument or a setter), when there is a body.
    pub body: Option<String>,
    /// The request type, `Request<{params}>`.
    pub request: String,
    /// The parameters struct.
    pub params: String,
    /// Its fields: every parameter, then the body.
    pub param_fields: Vec<FieldApi>,
    /// The request's methods for optional parameters and an optional body.
    pub setters: Vec<Setter>,
    /// What a successful call returns.
    pub output: RustType,
    pub error: String,
    pub variants: Vec<VariantApi>,
    /// `stream()`'s item, for paginated operations.
    pub stream_item: Option<RustType>,
}

/// An error enum's variant: `name(ErrorResponse<body>)`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantApi {
    pub name: String,
    pub body: RustType,
}

/// The field of a newtype struct.
pub const NEWTYPE_FIELD: &str = "value";

/// The variant for statuses an operation does not document.
pub const UNKNOWN_STATUS: &str = "UnknownStatus";

/// Decides the public API of the crate generated from `api`.
pub fn surface(api: &Api) -> Surface {
    Surface {
        types: api.types.iter().map(type_api).collect(),
        operations: api.operations.iter().map(operation_api).collect(),
        mock: mock_api(api),
        wire: wire::contract(api),
        webhooks: api.webhooks.iter().map(webhook_api).collect(),
    }
}

fn webhook_api(webhook: &Webhook) -> WebhookApi {
    let payload = webhook.body.as_ref().map(|body| match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => RustType::of(ty),
        BodyKind::Text => RustType::String,
        BodyKind::Binary | BodyKind::Multipart => RustType::Bytes,
    });
    WebhookApi { name: webhook.type_name.clone(), payload }
}

/// `MockServer`'s methods: one per operation, named as the client's, then
/// one per collection, named after its path; none takes a name the
/// runtime's `MockServer` has.
fn mock_api(api: &Api) -> MockApi {
    let mut methods = Scope::with_reserved(&crate::templates::mock_methods());
    let operations = api.operations.iter().map(|operation| methods.claim(operation.method_name.clone())).collect();
    let resources = api
        .resources
        .iter()
        .map(|resource| ResourceApi {
            method: methods.claim(names::value_name(resource.collection.rsplit('/').next().unwrap_or_default())),
            record: resource.record.clone(),
        })
        .collect();
    MockApi { operations, resources }
}

fn type_api(ty: &TypeDef) -> TypeApi {
    let shape = match &ty.kind {
        TypeKind::Struct(object) => Shape::Struct(struct_api(object, ty.sent)),
        TypeKind::Enum(values) => {
            Shape::Enum { variants: values.variants.iter().map(|v| v.name.clone()).collect(), unknown: values.unknown.clone() }
        }
        TypeKind::Union(union) => Shape::Union {
            variants: union.variants.iter().map(|v| (v.name.clone(), boxed_if(RustType::of(&v.ty), v.boxed))).collect(),
            other: union.other.clone(),
        },
        TypeKind::Alias(target) => Shape::Alias(RustType::of(target)),
        TypeKind::Newtype(target) => Shape::Newtype(RustType::of(target)),
    };
    TypeApi { name: ty.name.clone(), shape }
}

/// `ty`, in a `Box` where the type holds itself.
fn boxed_if(ty: RustType, boxed: bool) -> RustType {
    if boxed {
        RustType::Box(Box::new(ty))
    } else {
        ty
    }
}

/// A field's value, before the `Option` of an optional field: the type,
/// boxed where recursive, in an `Option` where nullable.
fn value_type(field: &Field) -> RustType {
    let inner = boxed_if(RustType::of(&field.ty), field.boxed);
    if field.nullable {
        RustType::option(inner)
    } else {
        inner
    }
}

/// The field as declared: `Option` unless every value has it.
pub fn field_type(field: &Field) -> RustType {
    let value = value_type(field);
    if field.always_present() {
        value
    } else {
        RustType::option(value)
    }
}

/// The type a setter takes: the value without the `null` option.
fn settable_type(field: &Field) -> RustType {
    boxed_if(RustType::of(&field.ty), field.boxed)
}

fn struct_api(object: &Struct, sent: bool) -> StructApi {
    let mut methods = Scope::with_reserved(&names::DERIVED_METHODS);
    let default = object.fields.iter().all(|field| !field.in_constructor());
    let constructor = (!default).then(|| {
        methods.claim("new".to_owned());
        object
            .fields
            .iter()
            .filter(|field| field.in_constructor())
            .map(|field| Arg { name: field.name.clone(), ty: value_type(field), into: !field.nullable })
            .collect()
    });
    let mut fields: Vec<FieldApi> = object.fields.iter().map(|field| FieldApi { name: field.name.clone(), ty: field_type(field) }).collect();
    fields.extend(object.extra.iter().map(|extra| FieldApi { name: extra.name.clone(), ty: RustType::Map(Box::new(RustType::of(&extra.ty))) }));
    let readers = object
        .fields
        .iter()
        .filter(|field| field.nullable && !field.always_present())
        .map(|field| Reader { method: methods.claim(names::reader_name(&field.name)), field: field.name.clone(), value: settable_type(field) })
        .collect();
    let settable = |field: &&Field| sent && !field.in_constructor() && field.access != Access::ReadOnly;
    let mut setters = Vec::new();
    for field in object.fields.iter().filter(settable) {
        let arg = Arg { name: field.name.clone(), ty: settable_type(field), into: true };
        let assign = if field.nullable { Assign::SomeSome } else { Assign::Some };
        setters.push(Setter { method: methods.claim(names::setter_name(&field.name)), field: field.name.clone(), arg: Some(arg), assign });
        if field.nullable {
            let method = methods.claim(names::null_setter_name(&field.name));
            setters.push(Setter { method, field: field.name.clone(), arg: None, assign: Assign::Null });
        }
    }
    StructApi { fields, default, constructor, setters, readers }
}

/// The type a body is held in.
pub fn body_type(kind: &BodyKind) -> RustType {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => RustType::of(ty),
        BodyKind::Multipart => RustType::Multipart,
        BodyKind::Text => RustType::String,
        BodyKind::Binary => RustType::Bytes,
    }
}

/// What a successful call returns.
pub fn output_type(body: &SuccessBody) -> RustType {
    match body {
        SuccessBody::Empty => RustType::Unit,
        SuccessBody::Json(ty) => RustType::of(ty),
        SuccessBody::OptionalJson(ty) => RustType::option(RustType::of(ty)),
        SuccessBody::Text => RustType::String,
        SuccessBody::Binary => RustType::Bytes,
    }
}

fn param_field(param: &Param) -> FieldApi {
    let ty = RustType::of(&param.ty);
    FieldApi { name: param.name.clone(), ty: if param.required { ty } else { RustType::option(ty) } }
}

fn operation_api(operation: &Operation) -> OperationApi {
    let body = operation.body.as_ref();
    let required_args = operation.params.iter().filter(|p| p.required).map(|p| Arg { name: p.name.clone(), ty: RustType::of(&p.ty), into: true });
    let body_arg = body.filter(|b| b.required).map(|b| Arg { name: b.name.clone(), ty: body_type(&b.kind), into: true });
    let mut param_fields: Vec<FieldApi> = operation.params.iter().map(param_field).collect();
    param_fields.extend(body.map(|b| {
        let ty = body_type(&b.kind);
        FieldApi { name: b.name.clone(), ty: if b.required { ty } else { RustType::option(ty) } }
    }));
    let mut methods = Scope::with_reserved(&crate::templates::request_methods());
    let optional = operation.params.iter().filter(|p| !p.required).map(|p| (p.name.clone(), RustType::of(&p.ty)));
    let optional_body = body.filter(|b| !b.required).map(|b| (b.name.clone(), body_type(&b.kind)));
    let setters = optional
        .chain(optional_body)
        .map(|(field, ty)| Setter {
            method: methods.claim(names::request_setter_name(&field)),
            arg: Some(Arg { name: field.clone(), ty, into: true }),
            field,
            assign: Assign::Some,
        })
        .collect();
    let mut variants: Vec<VariantApi> = operation
        .errors
        .iter()
        .map(|case| VariantApi { name: case.variant.clone(), body: case.ty.as_ref().map_or(RustType::Json, RustType::of) })
        .collect();
    variants.push(VariantApi { name: UNKNOWN_STATUS.to_owned(), body: RustType::Json });
    OperationApi {
        method: operation.method_name.clone(),
        args: required_args.chain(body_arg).collect(),
        body: body.map(|b| b.name.clone()),
        request: operation.request_name.clone(),
        params: operation.params_name.clone(),
        param_fields,
        setters,
        output: output_type(&operation.success.body),
        error: operation.error_name.clone(),
        variants,
        stream_item: operation.pagination.as_ref().map(|p| RustType::of(&p.item)),
    }
}

/// One public item, as users rely on it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// Where users name it: `models::Thing::size`, `Client::get_thing`.
    pub path: String,
    pub kind: ItemKind,
    /// What users rely on: a field's type, a method's signature, a
    /// variant's payload, an alias's target.
    pub signature: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Struct,
    Const,
    Field,
    Method,
    Enum,
    Variant,
    TypeAlias,
    AssociatedType,
    TraitImpl,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Struct => "struct",
            ItemKind::Const => "const",
            ItemKind::Field => "field",
            ItemKind::Method => "method",
            ItemKind::Enum => "enum",
            ItemKind::Variant => "variant",
            ItemKind::TypeAlias => "type",
            ItemKind::AssociatedType => "associated type",
            ItemKind::TraitImpl => "impl",
        }
    }
}

/// Every item of a surface by path and kind.
pub type Items = BTreeMap<(String, ItemKind), Item>;

impl Surface {
    /// The surface as a flat list of items, for comparing two of them and
    /// for reading in review (`Display` prints one a line).
    pub fn items(&self) -> Items {
        let mut items = Items::new();
        let mut add = |path: String, kind: ItemKind, signature: String| {
            items.insert((path.clone(), kind), Item { path, kind, signature });
        };
        for ty in &self.types {
            let path = format!("models::{}", ty.name);
            match &ty.shape {
                Shape::Struct(object) => {
                    add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
                    for field in &object.fields {
                        add(format!("{path}::{}", field.name), ItemKind::Field, field.ty.to_string());
                    }
                    if object.default {
                        add(format!("Default for {path}"), ItemKind::TraitImpl, String::new());
                    }
                    if let Some(args) = &object.constructor {
                        add(format!("{path}::new"), ItemKind::Method, format!("fn new({}) -> {}", arg_list(args), ty.name));
                    }
                    for setter in &object.setters {
                        add(format!("{path}::{}", setter.method), ItemKind::Method, setter_signature(setter, &ty.name));
                    }
                    for reader in &object.readers {
                        add(format!("{path}::{}", reader.method), ItemKind::Method, format!("fn {}(&self) -> Option<&{}>", reader.method, reader.value));
                    }
                }
                Shape::Enum { variants, unknown } => {
                    add(path.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
                    for variant in variants {
                        add(format!("{path}::{variant}"), ItemKind::Variant, String::new());
                    }
                    add(format!("{path}::{unknown}"), ItemKind::Variant, "(String)".to_owned());
                }
                Shape::Union { variants, other } => {
                    add(path.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
                    for (variant, payload) in variants {
                        add(format!("{path}::{variant}"), ItemKind::Variant, format!("({payload})"));
                    }
                    add(format!("{path}::{other}"), ItemKind::Variant, "(serde_json::Value)".to_owned());
                }
                Shape::Alias(target) => add(path, ItemKind::TypeAlias, format!("= {target}")),
                Shape::Newtype(value) => {
                    add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
                    add(format!("{path}::{NEWTYPE_FIELD}"), ItemKind::Field, value.to_string());
                    add(format!("{path}::new"), ItemKind::Method, format!("fn new({NEWTYPE_FIELD}: impl Into<{value}>) -> {}", ty.name));
                }
            }
        }
        for operation in &self.operations {
            let request = format!("requests::{}", operation.request);
            let params = format!("requests::{}", operation.params);
            add(format!("Client::{}", operation.method), ItemKind::Method, format!("fn {}(&self{}) -> {}", operation.method, leading_comma(&operation.args), operation.request));
            add(request.clone(), ItemKind::TypeAlias, format!("= Request<{}>", operation.params));
            add(params.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
            for field in &operation.param_fields {
                add(format!("{params}::{}", field.name), ItemKind::Field, field.ty.to_string());
            }
            for setter in &operation.setters {
                add(format!("{request}::{}", setter.method), ItemKind::Method, setter_signature(setter, &operation.request));
            }
            add(format!("<{params} as Operation>::Output"), ItemKind::AssociatedType, format!("= {}", operation.output));
            add(format!("<{params} as Operation>::Error"), ItemKind::AssociatedType, format!("= {}", operation.error));
            if let Some(item) = &operation.stream_item {
                add(format!("Paginated for {params}"), ItemKind::TraitImpl, format!("Item = {item}"));
                add(format!("{request}::stream"), ItemKind::Method, format!("fn stream(self) -> Pages<{}>", operation.params));
            }
            let error = format!("errors::{}", operation.error);
            add(error.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
            for variant in &operation.variants {
                add(format!("{error}::{}", variant.name), ItemKind::Variant, format!("(ErrorResponse<{}>)", variant.body));
            }
        }
        for (operation, method) in self.operations.iter().zip(&self.mock.operations) {
            add(format!("mock::MockServer::{method}"), ItemKind::Method, format!("fn {method}(&self) -> Expectation<'_, {}>", operation.params));
        }
        for resource in &self.mock.resources {
            let (method, record) = (&resource.method, &resource.record);
            add(format!("mock::MockServer::{method}"), ItemKind::Method, format!("fn {method}(&self) -> Resource<'_, models::{record}>"));
        }
        for webhook in &self.webhooks {
            let path = format!("webhooks::{}", webhook.name);
            add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
            add(format!("{path}::NAME"), ItemKind::Const, "&str".to_owned());
            add(format!("{path}::METHOD"), ItemKind::Const, "Method".to_owned());
            if let Some(payload) = &webhook.payload {
                add(format!("{path}::from_body"), ItemKind::Method, format!("fn from_body(body: &[u8]) -> Result<{payload}, DecodeError>"));
            }
        }
        items
    }

    /// The surface as text, an item a line, for review.
    pub fn to_text(&self) -> String {
        self.items().values().map(|item| format!("{} {} {}\n", item.kind.as_str(), item.path, item.signature).replace(" \n", "\n")).collect()
    }
}

fn arg_text(arg: &Arg) -> String {
    match arg.conversion() {
        Conversion::Exact => format!("{}: {}", arg.name, arg.ty),
        Conversion::Into => format!("{}: impl Into<{}>", arg.name, arg.ty),
        Conversion::EachInto(item) => format!("{}: impl IntoIterator<Item = impl Into<{item}>>", arg.name),
    }
}

fn arg_list(args: &[Arg]) -> String {
    args.iter().map(arg_text).collect::<Vec<_>>().join(", ")
}

fn leading_comma(args: &[Arg]) -> String {
    args.iter().map(|arg| format!(", {}", arg_text(arg))).collect()
}

fn setter_signature(setter: &Setter, owner: &str) -> String {
    let arg = setter.arg.as_ref().map(|arg| format!(", {}", arg_text(arg))).unwrap_or_default();
    format!("fn {}(self{arg}) -> {owner}", setter.method)
}
