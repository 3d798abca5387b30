//! Tokens for Rust types and identifiers. Emitted code names every type by
//! its full path (`::std::option::Option`, `crate::models::Foo`), so a spec
//! type called `Option`, `Result` or `Client` collides with nothing.

use crate::ir::public::{Arg, Conversion, Take};
use crate::ir::rust::{Paths, RustType};
use crate::ir::{HttpMethod, Location, Serialization, Shape, Style};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// An identifier the IR has already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[cfg]` for an item compiled only with some Cargo features; nothing for
/// an item always compiled.
pub fn feature_gate(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `::reqwest::Method::GET` for `method`.
pub fn http_method(method: HttpMethod) -> TokenStream {
    let name = format_ident!("{}", method.as_str());
    quote!(::reqwest::Method::#name)
}

/// The runtime's `params::Style` (the table the client's encoding and the
/// mock's decoding share) of a parameter carried as text: a query pair, a
/// list in the query, a header or a cookie; `None` for a path segment or
/// an object in the query, which have shapes of their own.
pub fn runtime_style(style: Style) -> Option<TokenStream> {
    let path = quote!(crate::__private::Style);
    match style {
        Style::Query => Some(quote!(#path::Query)),
        Style::QueryList { explode, delimiter } => Some(quote!(#path::QueryList { explode: #explode, delimiter: #delimiter })),
        Style::Header => Some(quote!(#path::Header)),
        Style::Cookie => Some(quote!(#path::Cookie)),
        Style::Path | Style::QueryObject { .. } | Style::Serialized { .. } => None,
    }
}

/// The runtime's `Style` of where a parameter in `location` travels, but
/// for the path (which is part of the path).
pub fn location_style(location: Location) -> Option<TokenStream> {
    let path = quote!(crate::__private::Style);
    match location {
        Location::Path => None,
        Location::Query => Some(quote!(#path::Query)),
        Location::Header => Some(quote!(#path::Header)),
        Location::Cookie => Some(quote!(#path::Cookie)),
    }
}

/// The runtime's `Serialization` and `Shape` of a serialized parameter.
pub fn serialization(form: Serialization, shape: Shape) -> (TokenStream, TokenStream) {
    let form = match form {
        Serialization::Simple => quote!(Simple),
        Serialization::Label => quote!(Label),
        Serialization::Matrix => quote!(Matrix),
        Serialization::Form => quote!(Form),
        Serialization::Json => quote!(Json),
    };
    let shape = match shape {
        Shape::Scalar => quote!(Scalar),
        Shape::List => quote!(List),
        Shape::Object => quote!(Object),
    };
    (quote!(crate::__private::Serialization::#form), quote!(crate::__private::Shape::#shape))
}

/// The tokens of `ty`, by full path, inside the generated crate.
pub fn rust_type(ty: &RustType) -> TokenStream {
    rust_type_from(ty, &quote!(crate))
}

/// The tokens of `ty`, by full path, with the generated crate named `root`
/// (`crate` inside it, its name outside).
pub fn rust_type_from(ty: &RustType, root: &TokenStream) -> TokenStream {
    ty.tokens(Paths::From(root))
}

/// `field: value` in a struct expression, shortened to `field` where the
/// value is the argument of the same name.
pub fn field_init<S>(field: &str, arg: &Arg<S>, value: &TokenStream) -> TokenStream {
    let name = ident(field);
    if arg.take != Take::Exact || arg.name != field {
        quote!(#name: #value)
    } else {
        quote!(#name)
    }
}

/// `name: ty`, `name: impl Into<ty>`, `name: impl IntoIterator<Item =
/// impl Into<item>>` or `name: impl TryInto<ty>`, and the expression that
/// turns the argument into the type (for `TryInto`, the argument itself:
/// the runtime's `Request::checked` checks it when the request is built).
pub fn argument<S>(arg: &Arg<S>) -> (TokenStream, TokenStream) {
    let name = ident(&arg.name);
    let ty = rust_type(&arg.ty);
    match arg.conversion() {
        Conversion::Exact => (quote!(#name: #ty), quote!(#name)),
        Conversion::Into => (quote!(#name: impl ::std::convert::Into<#ty>), quote!(#name.into())),
        Conversion::EachInto(item) => {
            let item = rust_type(item);
            (
                quote!(#name: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(#name.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        Conversion::TryInto => (quote!(#name: impl ::std::convert::TryInto<#ty>), quote!(#name)),
    }
}
