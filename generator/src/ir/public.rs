//! The public API the last pass ([`super::surface::decide`]) writes onto
//! the items it belongs to: a struct's constructor, setters and readers,
//! an operation's `Client` arguments, request setters and mock method.
//! Each method points at what it sets by index ([`FieldId`], [`Input`]),
//! never by name.

use super::rust::RustType;

/// A struct's field, by its index in [`super::Struct::fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldId(pub usize);

/// What a request's argument or setter fills in: a parameter, by its
/// index in [`super::Operation::params`], or the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Param(usize),
    Body,
}

/// A method argument that fills in `slot`: `name: ty`, or `name: impl
/// Into<ty>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<S> {
    pub slot: S,
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

impl<S> Arg<S> {
    pub fn conversion(&self) -> Conversion<'_> {
        match (&self.ty, self.into) {
            (_, false) => Conversion::Exact,
            (RustType::Vec(item), true) => Conversion::EachInto(item),
            (_, true) => Conversion::Into,
        }
    }
}

/// A builder method `fn method(self, arg) -> Self` that sets `slot`.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter<S> {
    pub method: String,
    pub slot: S,
    /// `None` for the setter that sends `null`.
    pub arg: Option<Arg<S>>,
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
    pub field: FieldId,
    pub value: RustType,
}

/// A `#[non_exhaustive]` struct's methods: built through `new` (or
/// `Default`) and setters, never a literal, so a new optional field is a
/// compatible change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StructApi {
    /// Whether it implements `Default` (no field must be set).
    pub default: bool,
    /// `new`'s arguments, when some field must be set.
    pub constructor: Option<Vec<Arg<FieldId>>>,
    pub setters: Vec<Setter<FieldId>>,
    pub readers: Vec<Reader>,
}

/// An operation's methods: the `Client` method's arguments (required
/// parameters, then a required body), the request's setters (optional
/// parameters, then an optional body), and the `MockServer` method that
/// starts an expectation for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationApi {
    pub args: Vec<Arg<Input>>,
    pub setters: Vec<Setter<Input>>,
    pub mock_method: String,
}

/// The field of a newtype struct.
pub const NEWTYPE_FIELD: &str = "value";

/// The variant for statuses an operation does not document.
pub const UNKNOWN_STATUS: &str = "UnknownStatus";
