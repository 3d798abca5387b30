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

/// A method argument that fills in `slot`: `name: ty`, `name: impl
/// Into<ty>`, or `name: impl TryInto<ty>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<S> {
    pub slot: S,
    pub name: String,
    pub ty: RustType,
    pub take: Take,
}

/// What an argument accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// The type itself.
    Exact,
    /// Anything that converts into it.
    Into,
    /// Any integer type, checked to fit when the request is sent: a
    /// parameter's integer, so a `usize` page size sets an `i32` `limit`.
    Checked,
}

/// How an argument is taken: as its type, as anything that converts into
/// it, (a list) as anything iterable whose items convert, so `vec!["a"]`
/// and `["a".to_owned()]` both set a `Vec<String>`, or as any integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion<'a> {
    Exact,
    Into,
    EachInto(&'a RustType),
    TryInto,
}

impl<S> Arg<S> {
    pub fn conversion(&self) -> Conversion<'_> {
        match (&self.ty, self.take) {
            (_, Take::Exact) => Conversion::Exact,
            (_, Take::Checked) => Conversion::TryInto,
            (RustType::Vec(item), Take::Into) => Conversion::EachInto(item),
            (_, Take::Into) => Conversion::Into,
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

/// `fn method(&self) -> Option<&T>` (or `-> &T` for a field every value
/// has): the field's value, by reference, when it is set and not `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub method: String,
    pub field: FieldId,
    /// `T`: the field's type without its `Option`s and `Box`.
    pub value: RustType,
    pub held: Held,
}

impl Reader {
    /// What it returns: `&T`, or `Option<&T>`.
    pub fn output(&self) -> RustType {
        let lent = RustType::Ref(Box::new(self.value.clone()));
        match self.held {
            Held::Always => lent,
            Held::Option | Held::OptionOption => RustType::option(lent),
        }
    }
}

/// How a field holds its value, for its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// `T`: every value has it, never `null`.
    Always,
    /// `Option<T>`: optional, or present and nullable.
    Option,
    /// `Option<Option<T>>`: optional and nullable.
    OptionOption,
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

/// The method of a paginated operation's request that streams every item.
pub const STREAM_METHOD: &str = "stream";

/// The variant for statuses an operation does not document.
pub const UNKNOWN_STATUS: &str = "UnknownStatus";
