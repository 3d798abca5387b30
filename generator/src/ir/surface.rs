//! The generated crate's public API, decided once. [`decide`], the last
//! IR pass, writes onto each struct its constructor, setters and readers,
//! onto each operation its `Client` arguments, request setters and mock
//! method, and onto each collection its mock method, claiming every name
//! in the scope it lives in; the Rust type of each field, parameter,
//! variant and output comes from one function here. The emitters render
//! the items with what is written on them, and `sdkgen api` and `sdkgen
//! diff` read the same through [`items`]: no rule about what users see is
//! written anywhere else.

use super::names::{self, Registry, Scope};
use super::public::{Arg, Assign, Conversion, FieldId, Held, Input, OperationApi, Reader, Setter, StructApi, Take, NEWTYPE_FIELD, STREAM_METHOD, UNKNOWN_STATUS};
use super::rust::{Module, Runtime, RustType};
use super::{Api, Body, BodyKind, ErrorCase, Extra, Field, Operation, Param, Resource, Struct, SuccessBody, TypeKind, UnionVariant};
use std::collections::BTreeMap;

/// Decides the public API of the crate generated from `api`, on its items.
pub fn decide(api: &mut Api, names: &mut Registry) {
    for ty in &mut api.types {
        if let TypeKind::Struct(object) = &mut ty.kind {
            object.api = struct_api(object);
        }
    }
    // `MockServer`'s methods: one per operation, named as the client's,
    // then one per collection, named after its path; none takes a name the
    // runtime's `MockServer` has.
    for operation in &mut api.operations {
        let mock_method = names.mock_methods.claim(operation.method_name.clone());
        operation.api = operation_api(operation, mock_method);
    }
    for resource in &mut api.resources {
        resource.method = names.mock_methods.claim(names::value_name(resource.collection.rsplit('/').next().unwrap_or_default()));
    }
}

/// What reading a webhook delivery's body gives.
pub fn payload_type(body: &Body) -> RustType {
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => ty.rust(),
        BodyKind::Text => RustType::String,
        BodyKind::Binary | BodyKind::Multipart => RustType::Bytes,
    }
}

/// `ty`, in a `Box` where the type holds itself.
fn boxed_if(ty: RustType, boxed: bool) -> RustType {
    if boxed {
        RustType::Box(Box::new(ty))
    } else {
        ty
    }
}

/// A union variant's payload: the member's type, boxed where recursive.
pub fn variant_type(variant: &UnionVariant) -> RustType {
    boxed_if(variant.ty.rust(), variant.boxed)
}

/// A field's value, before the `Option` of an optional field: the type,
/// boxed where recursive, in an `Option` where nullable.
fn value_type(field: &Field) -> RustType {
    let inner = settable_type(field);
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

/// The field that keeps properties the spec does not name.
pub fn extra_type(extra: &Extra) -> RustType {
    RustType::Map(Box::new(extra.ty.rust()))
}

/// The type a setter takes: the value without the `null` option.
fn settable_type(field: &Field) -> RustType {
    boxed_if(field.ty.rust(), field.boxed)
}

fn struct_api(object: &Struct) -> StructApi {
    let mut methods = Registry::struct_methods();
    let fields = || object.fields.iter().enumerate().map(|(at, field)| (FieldId(at), field));
    let default = object.fields.iter().all(|field| !field.in_constructor());
    let constructor = (!default).then(|| {
        methods.claim("new".to_owned());
        fields()
            .filter(|(_, field)| field.in_constructor())
            .map(|(slot, field)| Arg { slot, name: field.name.clone(), ty: value_type(field), take: if field.nullable { Take::Exact } else { Take::Into } })
            .collect()
    });
    // The readers of optional nullable fields came first, the others
    // later: claiming those last moves no name that an earlier version
    // gave.
    let (first, later): (Vec<_>, Vec<_>) = fields().partition(|(_, field)| field.nullable && !field.always_present());
    let mut readers: Vec<Reader> = first.iter().map(|&(slot, field)| reader(&mut methods, slot, field)).collect();
    // Every field not in `new` has a setter, a read-only one too: the
    // server ignores it in requests, and tests build what the server sends.
    let mut setters = Vec::new();
    for (slot, field) in fields().filter(|(_, field)| !field.in_constructor()) {
        let arg = Arg { slot, name: field.name.clone(), ty: settable_type(field), take: Take::Into };
        let assign = if field.nullable { Assign::SomeSome } else { Assign::Some };
        setters.push(Setter { method: methods.claim(names::setter_name(&field.name)), slot, arg: Some(arg), assign });
        if field.nullable {
            let method = methods.claim(names::null_setter_name(&field.name));
            setters.push(Setter { method, slot, arg: None, assign: Assign::Null });
        }
    }
    readers.extend(later.iter().map(|&(slot, field)| reader(&mut methods, slot, field)));
    readers.sort_by_key(|reader| reader.field.0);
    StructApi { default, constructor, setters, readers }
}

/// The reader of `field`: its value by reference, without its `Option`s
/// and `Box`.
fn reader(methods: &mut Scope, slot: FieldId, field: &Field) -> Reader {
    let held = match (field.always_present(), field.nullable) {
        (true, false) => Held::Always,
        (true, true) | (false, false) => Held::Option,
        (false, true) => Held::OptionOption,
    };
    Reader { method: methods.claim(names::reader_name(&field.name)), field: slot, value: field.ty.rust(), held }
}

/// The type a body is held in.
pub fn body_type(kind: &BodyKind) -> RustType {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => ty.rust(),
        BodyKind::Multipart => RustType::Multipart,
        BodyKind::Text => RustType::String,
        BodyKind::Binary => RustType::Bytes,
    }
}

/// What a successful call returns.
pub fn output_type(body: &SuccessBody) -> RustType {
    match body {
        SuccessBody::Empty => RustType::Unit,
        SuccessBody::Json(ty) => ty.rust(),
        SuccessBody::OptionalJson(ty) => RustType::option(ty.rust()),
        SuccessBody::Text => RustType::String,
        SuccessBody::Binary => RustType::Bytes,
    }
}

/// A parameter's field of the parameters struct: `Option` unless required.
pub fn param_type(param: &Param) -> RustType {
    let ty = param.ty.rust();
    if param.required { ty } else { RustType::option(ty) }
}

/// The body's field of the parameters struct: `Option` unless required.
pub fn body_field_type(body: &Body) -> RustType {
    let ty = body_type(&body.kind);
    if body.required { ty } else { RustType::option(ty) }
}

/// The parameters struct's type: the `P` of `Request<P>`.
fn params_type(operation: &Operation) -> RustType {
    RustType::Local(Module::Requests, operation.params_name.clone())
}

/// What the request type names: `Request<P>`.
pub fn request_type(operation: &Operation) -> RustType {
    RustType::Runtime(Runtime::Request, vec![params_type(operation)])
}

/// What a paginated request's `stream()` returns: `Pages<P>`.
pub fn pages_type(operation: &Operation) -> RustType {
    RustType::Runtime(Runtime::Pages, vec![params_type(operation)])
}

/// What the operation's `MockServer` method returns: `Expectation<'_, P>`.
pub fn expectation_type(operation: &Operation) -> RustType {
    RustType::Runtime(Runtime::Expectation, vec![params_type(operation)])
}

/// What a collection's `MockServer` method returns: `Resource<'_, T>`.
pub fn resource_type(resource: &Resource) -> RustType {
    RustType::Runtime(Runtime::Resource, vec![RustType::model(&resource.record)])
}

/// `stream()`'s item, for a paginated operation.
pub fn stream_item(operation: &Operation) -> Option<RustType> {
    operation.pagination.as_ref().map(|pagination| pagination.item.rust())
}

/// An error enum's variant: `name(ErrorResponse<body>)`, for a documented
/// error case or (`case` `None`) for any other status.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    pub name: &'a str,
    pub body: &'a super::Type,
    pub case: Option<&'a ErrorCase>,
}

impl Variant<'_> {
    /// The type of the body the variant's response carries.
    pub fn body_type(&self) -> RustType {
        self.body.rust()
    }

    /// The variant's payload: `ErrorResponse<body>`.
    pub fn payload_type(&self) -> RustType {
        RustType::Runtime(Runtime::ErrorResponse, vec![self.body_type()])
    }
}

/// The variants of an operation's error enum: one per documented error
/// case, then [`UNKNOWN_STATUS`].
pub fn error_variants(operation: &Operation) -> impl Iterator<Item = Variant<'_>> {
    let documented = operation.errors.iter().map(|case| Variant { name: &case.variant, body: case.ty.as_ref().unwrap_or(&super::Type::Json), case: Some(case) });
    documented.chain(std::iter::once(Variant { name: UNKNOWN_STATUS, body: &super::Type::Json, case: None }))
}

fn operation_api(operation: &Operation, mock_method: String) -> OperationApi {
    let body = operation.body.as_ref();
    let params = || operation.params.iter().enumerate().map(|(at, param)| (Input::Param(at), param));
    let param_arg = |slot, param: &Param| Arg { slot, name: param.name.clone(), ty: param.ty.rust(), take: param_take(param) };
    let body_arg = |body: &Body| Arg { slot: Input::Body, name: body.name.clone(), ty: body_type(&body.kind), take: Take::Into };
    let required_args = params().filter(|(_, p)| p.required).map(|(slot, p)| param_arg(slot, p));
    let required_body = body.filter(|b| b.required).map(body_arg);
    let mut methods = Registry::request_methods();
    let optional = params().filter(|(_, p)| !p.required).map(|(slot, p)| param_arg(slot, p));
    let optional_body = body.filter(|b| !b.required).map(body_arg);
    let setters = optional
        .chain(optional_body)
        .map(|arg| Setter { method: methods.claim(names::request_setter_name(&arg.name)), slot: arg.slot, arg: Some(arg), assign: Assign::Some })
        .collect();
    OperationApi { args: required_args.chain(required_body).collect(), setters, mock_method }
}

/// How a parameter's argument is taken: an integer as any integer,
/// checked when sent; anything else as what converts into its type.
fn param_take(param: &Param) -> Take {
    match param.ty {
        super::Type::I32 | super::Type::I64 => Take::Checked,
        _ => Take::Into,
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

/// The public API as a flat list of items, for comparing two of them and
/// for reading in review ([`to_text`] prints one a line).
pub fn items(api: &Api) -> Items {
    let mut items = Items::new();
    let mut add = |path: String, kind: ItemKind, signature: String| {
        items.insert((path.clone(), kind), Item { path, kind, signature });
    };
    for ty in &api.types {
        let path = format!("models::{}", ty.name);
        match &ty.kind {
            TypeKind::Struct(object) => {
                add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
                for field in &object.fields {
                    add(format!("{path}::{}", field.name), ItemKind::Field, field_type(field).to_string());
                }
                if let Some(extra) = &object.extra {
                    add(format!("{path}::{}", extra.name), ItemKind::Field, extra_type(extra).to_string());
                }
                let api = &object.api;
                if api.default {
                    add(format!("Default for {path}"), ItemKind::TraitImpl, String::new());
                }
                if let Some(args) = &api.constructor {
                    add(format!("{path}::new"), ItemKind::Method, format!("fn new({}) -> {}", arg_list(args), ty.name));
                }
                for setter in &api.setters {
                    add(format!("{path}::{}", setter.method), ItemKind::Method, setter_signature(setter, &ty.name));
                }
                for reader in &api.readers {
                    add(format!("{path}::{}", reader.method), ItemKind::Method, reader_signature(reader));
                }
            }
            TypeKind::Enum(values) => {
                add(path.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
                for variant in &values.variants {
                    add(format!("{path}::{}", variant.name), ItemKind::Variant, String::new());
                }
                add(format!("{path}::{}", values.unknown), ItemKind::Variant, "(String)".to_owned());
            }
            TypeKind::Union(union) => {
                add(path.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
                for variant in &union.variants {
                    add(format!("{path}::{}", variant.name), ItemKind::Variant, format!("({})", variant_type(variant)));
                }
                add(format!("{path}::{}", union.other), ItemKind::Variant, "(serde_json::Value)".to_owned());
            }
            TypeKind::Alias(target) => add(path, ItemKind::TypeAlias, format!("= {}", target.rust())),
            TypeKind::Newtype(value) => {
                let value = value.rust();
                add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
                add(format!("{path}::{NEWTYPE_FIELD}"), ItemKind::Field, value.to_string());
                add(format!("{path}::new"), ItemKind::Method, format!("fn new({NEWTYPE_FIELD}: impl Into<{value}>) -> {}", ty.name));
            }
        }
    }
    for operation in &api.operations {
        let (method, request_name, params_name) = (&operation.method_name, &operation.request_name, &operation.params_name);
        let request = format!("requests::{request_name}");
        let params = format!("requests::{params_name}");
        add(format!("Client::{method}"), ItemKind::Method, format!("fn {method}(&self{}) -> {request_name}", leading_comma(&operation.api.args)));
        add(request.clone(), ItemKind::TypeAlias, format!("= {}", request_type(operation)));
        add(params.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
        for param in &operation.params {
            add(format!("{params}::{}", param.name), ItemKind::Field, param_type(param).to_string());
        }
        if let Some(body) = &operation.body {
            add(format!("{params}::{}", body.name), ItemKind::Field, body_field_type(body).to_string());
        }
        for setter in &operation.api.setters {
            add(format!("{request}::{}", setter.method), ItemKind::Method, setter_signature(setter, request_name));
        }
        add(format!("<{params} as Operation>::Output"), ItemKind::AssociatedType, format!("= {}", output_type(&operation.success.body)));
        add(format!("<{params} as Operation>::Error"), ItemKind::AssociatedType, format!("= {}", operation.error_name));
        if let Some(item) = stream_item(operation) {
            add(format!("Paginated for {params}"), ItemKind::TraitImpl, format!("Item = {item}"));
            add(format!("{request}::{STREAM_METHOD}"), ItemKind::Method, format!("fn {STREAM_METHOD}(self) -> {}", pages_type(operation)));
        }
        let error = format!("errors::{}", operation.error_name);
        add(error.clone(), ItemKind::Enum, "#[non_exhaustive]".to_owned());
        for variant in error_variants(operation) {
            add(format!("{error}::{}", variant.name), ItemKind::Variant, format!("({})", variant.payload_type()));
        }
        let mock = &operation.api.mock_method;
        add(format!("mock::MockServer::{mock}"), ItemKind::Method, format!("fn {mock}(&self) -> {}", expectation_type(operation)));
    }
    for resource in &api.resources {
        let method = &resource.method;
        add(format!("mock::MockServer::{method}"), ItemKind::Method, format!("fn {method}(&self) -> {}", resource_type(resource)));
    }
    for webhook in &api.webhooks {
        let path = format!("webhooks::{}", webhook.type_name);
        add(path.clone(), ItemKind::Struct, "#[non_exhaustive]".to_owned());
        add(format!("{path}::NAME"), ItemKind::Const, "&str".to_owned());
        add(format!("{path}::METHOD"), ItemKind::Const, "Method".to_owned());
        if let Some(payload) = webhook.body.as_ref().map(payload_type) {
            add(format!("{path}::from_body"), ItemKind::Method, format!("fn from_body(body: &[u8]) -> Result<{payload}, DecodeError>"));
        }
    }
    items
}

/// The public API as text, an item a line, for review.
pub fn to_text(api: &Api) -> String {
    items(api).values().map(|item| format!("{} {} {}\n", item.kind.as_str(), item.path, item.signature).replace(" \n", "\n")).collect()
}

fn arg_text<S>(arg: &Arg<S>) -> String {
    match arg.conversion() {
        Conversion::Exact => format!("{}: {}", arg.name, arg.ty),
        Conversion::Into => format!("{}: impl Into<{}>", arg.name, arg.ty),
        Conversion::EachInto(item) => format!("{}: impl IntoIterator<Item = impl Into<{item}>>", arg.name),
        Conversion::TryInto => format!("{}: impl TryInto<{}>", arg.name, arg.ty),
    }
}

fn arg_list<S>(args: &[Arg<S>]) -> String {
    args.iter().map(arg_text).collect::<Vec<_>>().join(", ")
}

fn leading_comma<S>(args: &[Arg<S>]) -> String {
    args.iter().map(|arg| format!(", {}", arg_text(arg))).collect()
}

fn reader_signature(reader: &Reader) -> String {
    format!("fn {}(&self) -> {}", reader.method, reader.output())
}

fn setter_signature<S>(setter: &Setter<S>, owner: &str) -> String {
    let arg = setter.arg.as_ref().map(|arg| format!(", {}", arg_text(arg))).unwrap_or_default();
    format!("fn {}(self{arg}) -> {owner}", setter.method)
}
