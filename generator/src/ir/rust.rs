//! Rust types as the generated crate's users see them: rendered as tokens
//! (with full paths) by the emitters, and as short text (`Option<Vec<Foo>>`)
//! by the change report.

use std::fmt;

/// A Rust type in the generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RustType {
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    Unit,
    /// `serde_json::Value`.
    Json,
    /// `chrono::DateTime<chrono::FixedOffset>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `bytes::Bytes`.
    Bytes,
    /// `reqwest::multipart::Form`.
    Multipart,
    /// A generated type, by module and name.
    Local(Module, String),
    /// A type the runtime defines, with its type arguments: `Secret`,
    /// `ErrorResponse<T>`, `Request<P>`, `Pages<P>`.
    Runtime(&'static str, Vec<RustType>),
    Option(Box<RustType>),
    Vec(Box<RustType>),
    Box(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `(A, B)`.
    Tuple(Vec<RustType>),
}

/// The generated module a type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    Models,
    Requests,
    Errors,
}

impl Module {
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Models => "models",
            Module::Requests => "requests",
            Module::Errors => "errors",
        }
    }
}

impl RustType {
    pub fn option(inner: RustType) -> RustType {
        RustType::Option(Box::new(inner))
    }

    pub fn model(name: &str) -> RustType {
        RustType::Local(Module::Models, name.to_owned())
    }
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::String => f.write_str("String"),
            RustType::I32 => f.write_str("i32"),
            RustType::I64 => f.write_str("i64"),
            RustType::F32 => f.write_str("f32"),
            RustType::F64 => f.write_str("f64"),
            RustType::Bool => f.write_str("bool"),
            RustType::Unit => f.write_str("()"),
            RustType::Json => f.write_str("serde_json::Value"),
            RustType::DateTime => f.write_str("DateTime<FixedOffset>"),
            RustType::Date => f.write_str("NaiveDate"),
            RustType::Bytes => f.write_str("Bytes"),
            RustType::Multipart => f.write_str("multipart::Form"),
            RustType::Local(_, name) => f.write_str(name),
            RustType::Runtime(name, args) if args.is_empty() => f.write_str(name),
            RustType::Runtime(name, args) => {
                let args: Vec<String> = args.iter().map(ToString::to_string).collect();
                write!(f, "{name}<{}>", args.join(", "))
            }
            RustType::Option(inner) => write!(f, "Option<{inner}>"),
            RustType::Vec(inner) => write!(f, "Vec<{inner}>"),
            RustType::Box(inner) => write!(f, "Box<{inner}>"),
            RustType::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            RustType::Tuple(positions) if positions.len() == 1 => write!(f, "({},)", positions[0]),
            RustType::Tuple(positions) => {
                let positions: Vec<String> = positions.iter().map(ToString::to_string).collect();
                write!(f, "({})", positions.join(", "))
            }
        }
    }
}
