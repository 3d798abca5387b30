//! Rust types as the generated crate's users see them: rendered as tokens
//! (with full paths) by the emitters, and as short text (`Option<Vec<Foo>>`)
//! by the change report.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
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
    /// A type the runtime defines, with its type arguments.
    Runtime(Runtime, Vec<RustType>),
    Option(Box<RustType>),
    Vec(Box<RustType>),
    Box(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `(A, B)`.
    Tuple(Vec<RustType>),
    /// `&T`: what a reader lends.
    Ref(Box<RustType>),
}

/// The types of the runtime that the public API names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    /// `Secret`: text kept out of `Debug` output.
    Secret,
    /// `ErrorResponse<T>`: an error status's response and its body.
    ErrorResponse,
    /// `Request<P>`: a request with the parameters `P`.
    Request,
    /// `Pages<P>`: the stream of a paginated request's items.
    Pages,
    /// `mock::Expectation<'_, P>`: how the mock answers the requests with
    /// parameters `P`.
    Expectation,
    /// `mock::Resource<'_, T>`: a collection of `T` the mock serves.
    Resource,
}

impl Runtime {
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Secret => "Secret",
            Runtime::ErrorResponse => "ErrorResponse",
            Runtime::Request => "Request",
            Runtime::Pages => "Pages",
            Runtime::Expectation => "Expectation",
            Runtime::Resource => "Resource",
        }
    }

    /// The module of the crate it is named from, if not the root.
    fn module(self) -> Option<&'static str> {
        match self {
            Runtime::Expectation | Runtime::Resource => Some("mock"),
            Runtime::Secret | Runtime::ErrorResponse | Runtime::Request | Runtime::Pages => None,
        }
    }

    /// Whether it borrows the mock server (its first argument is `'_`).
    fn borrows(self) -> bool {
        self.module().is_some()
    }
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

/// How a rendering of a type names what it names: by full path, with the
/// generated crate named by the given root (`crate` inside it, its name
/// outside), as emitted code does so that a spec type called `Option`
/// collides with nothing (`In` a module of the crate, that module's own
/// types by name); or by short names, as the change report and doc text
/// show them (`Option<Vec<Pet>>`).
#[derive(Debug, Clone, Copy)]
pub enum Paths<'a> {
    From(&'a TokenStream),
    In(&'a TokenStream, Module),
    Short,
}

impl RustType {
    /// The type's tokens: the one rendering of a type, which code, docs
    /// and the change report all read.
    pub fn tokens(&self, paths: Paths<'_>) -> TokenStream {
        let named = |full: TokenStream, short: TokenStream| match paths {
            Paths::From(_) | Paths::In(..) => full,
            Paths::Short => short,
        };
        let generic = |full: TokenStream, short: TokenStream, inner: &RustType| {
            let (path, inner) = (named(full, short), inner.tokens(paths));
            quote!(#path<#inner>)
        };
        match self {
            RustType::String => named(quote!(::std::string::String), quote!(String)),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F32 => quote!(f32),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::Unit => quote!(()),
            RustType::Json => named(quote!(::serde_json::Value), quote!(serde_json::Value)),
            RustType::DateTime => named(quote!(::chrono::DateTime<::chrono::FixedOffset>), quote!(DateTime<FixedOffset>)),
            RustType::Date => named(quote!(::chrono::NaiveDate), quote!(NaiveDate)),
            RustType::Bytes => named(quote!(::bytes::Bytes), quote!(Bytes)),
            RustType::Multipart => named(quote!(::reqwest::multipart::Form), quote!(multipart::Form)),
            RustType::Local(module, name) => {
                let name = Ident::new(name, Span::call_site());
                match paths {
                    Paths::In(_, within) if within == *module => quote!(#name),
                    Paths::From(root) | Paths::In(root, _) => {
                        let module = Ident::new(module.as_str(), Span::call_site());
                        quote!(#root::#module::#name)
                    }
                    Paths::Short => quote!(#name),
                }
            }
            RustType::Runtime(runtime, args) => {
                let name = Ident::new(runtime.as_str(), Span::call_site());
                let module = runtime.module().map(|module| Ident::new(module, Span::call_site()));
                let path = match (paths, module) {
                    (Paths::From(root) | Paths::In(root, _), Some(module)) => quote!(#root::#module::#name),
                    (Paths::From(root) | Paths::In(root, _), None) => quote!(#root::#name),
                    (Paths::Short, _) => quote!(#name),
                };
                let lifetime = runtime.borrows().then(|| quote!('_));
                let args: Vec<TokenStream> = lifetime.into_iter().chain(args.iter().map(|arg| arg.tokens(paths))).collect();
                if args.is_empty() {
                    path
                } else {
                    quote!(#path<#(#args),*>)
                }
            }
            RustType::Option(inner) => generic(quote!(::std::option::Option), quote!(Option), inner),
            RustType::Vec(inner) => generic(quote!(::std::vec::Vec), quote!(Vec), inner),
            RustType::Box(inner) => generic(quote!(::std::boxed::Box), quote!(Box), inner),
            RustType::Map(inner) => {
                let (map, key, inner) = (named(quote!(::std::collections::BTreeMap), quote!(BTreeMap)), RustType::String.tokens(paths), inner.tokens(paths));
                quote!(#map<#key, #inner>)
            }
            // A trailing comma only where it makes a tuple of one.
            RustType::Tuple(positions) if positions.len() == 1 => {
                let only = positions[0].tokens(paths);
                quote!((#only,))
            }
            RustType::Tuple(positions) => {
                let positions = positions.iter().map(|position| position.tokens(paths));
                quote!((#(#positions),*))
            }
            RustType::Ref(inner) => {
                let inner = inner.tokens(paths);
                quote!(&#inner)
            }
        }
    }
}

/// The short rendering, as text: `Option<Vec<Pet>>`, `(f64, f64)`,
/// `(Chip,)`.
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.tokens(Paths::Short).to_string().replace(' ', "").replace(',', ", ");
        f.write_str(&text.replace(", )", ",)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_the_short_rendering_and_the_code_the_full_one() {
        let pet = RustType::model("Pet");
        let cases = [
            (RustType::option(RustType::Vec(Box::new(pet.clone()))), "Option<Vec<Pet>>", "::std::option::Option<::std::vec::Vec<crate::models::Pet>>"),
            (RustType::Map(Box::new(RustType::Json)), "BTreeMap<String, serde_json::Value>", "::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>"),
            (RustType::Runtime(Runtime::ErrorResponse, vec![pet.clone()]), "ErrorResponse<Pet>", "crate::ErrorResponse<crate::models::Pet>"),
            (RustType::Tuple(vec![RustType::F64, RustType::option(RustType::I64)]), "(f64, Option<i64>)", "(f64, ::std::option::Option<i64>)"),
            (RustType::option(RustType::Tuple(vec![pet])), "Option<(Pet,)>", "::std::option::Option<(crate::models::Pet,)>"),
            (RustType::DateTime, "DateTime<FixedOffset>", "::chrono::DateTime<::chrono::FixedOffset>"),
        ];
        for (ty, text, code) in cases {
            assert_eq!(ty.to_string(), text);
            let parsed: syn::Type = syn::parse_str(text).expect("the text is a Rust type");
            assert_eq!(quote!(#parsed).to_string(), ty.tokens(Paths::Short).to_string(), "{text} is the short tokens");
            let full: syn::Type = syn::parse_str(code).expect("the code is a Rust type");
            assert_eq!(quote!(#full).to_string(), ty.tokens(Paths::From(&quote!(crate))).to_string(), "{code}");
        }
        // Inside a module of the crate, that module's types go by name.
        let request = RustType::Runtime(Runtime::Request, vec![RustType::Local(Module::Requests, "GetPetParams".to_owned())]);
        assert_eq!(request.to_string(), "Request<GetPetParams>");
        assert_eq!(request.tokens(Paths::In(&quote!(crate), Module::Requests)).to_string(), quote!(crate::Request<GetPetParams>).to_string());
        assert_eq!(request.tokens(Paths::In(&quote!(crate), Module::Models)).to_string(), quote!(crate::Request<crate::requests::GetPetParams>).to_string());
        // The mock's handles borrow the server, and live in its module.
        let expectation = RustType::Runtime(Runtime::Expectation, vec![RustType::Local(Module::Requests, "GetPetParams".to_owned())]);
        assert_eq!(expectation.to_string(), "Expectation<'_, GetPetParams>");
        assert_eq!(expectation.tokens(Paths::From(&quote!(crate))).to_string(), quote!(crate::mock::Expectation<'_, crate::requests::GetPetParams>).to_string());
    }
}
