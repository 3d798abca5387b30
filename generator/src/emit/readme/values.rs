//! Example values for the README's code: a value of each type the API
//! names, built with the constructors and setters decided for it, and the
//! call of an operation with them.

use super::{Examples, EXAMPLE_DEPTH};
use crate::ir::public::{Input, Take};
use crate::ir::rust::{Module, Runtime, RustType};
use crate::ir::{Access, Api, Operation, TypeKind};
use crate::templates;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

impl Examples<'_> {

    /// An example value of type `ty`, or `None` where none can be made.
    /// `exact` when the value must be of `ty` itself, not convertible into it.
    pub(super) fn value(&self, ty: &RustType, hint: &str, exact: bool, depth: usize) -> Option<TokenStream> {
        let krate = &self.krate;
        Some(match ty {
            RustType::String if exact => quote!(#hint.to_owned()),
            RustType::String => quote!(#hint),
            RustType::I32 | RustType::I64 => quote!(1),
            RustType::F32 | RustType::F64 => quote!(1.5),
            RustType::Bool => quote!(true),
            RustType::Unit => quote!(()),
            RustType::Json => quote!(serde_json::json!({})),
            RustType::DateTime => quote!("2024-01-01T00:00:00Z".parse::<chrono::DateTime<chrono::FixedOffset>>()?),
            RustType::Date => quote!("2024-01-01".parse::<chrono::NaiveDate>()?),
            RustType::Bytes => quote!(#krate::Bytes::from_static(b"bytes")),
            RustType::Multipart => quote!(#krate::reqwest::multipart::Form::new()),
            RustType::Runtime(Runtime::Secret, _) if exact => quote!(#krate::Secret::new(#hint)),
            RustType::Runtime(Runtime::Secret, _) => quote!(#hint),
            RustType::Runtime(..) => return None,
            RustType::Option(inner) => {
                let inner = self.value(inner, hint, true, depth)?;
                quote!(Some(#inner))
            }
            RustType::Vec(inner) => {
                let inner = self.value(inner, hint, exact, depth)?;
                quote!(vec![#inner])
            }
            RustType::Box(inner) => self.value(inner, hint, true, depth)?,
            RustType::Map(_) => quote!(std::collections::BTreeMap::new()),
            RustType::Tuple(positions) => {
                let values = positions.iter().map(|position| self.value(position, hint, true, depth)).collect::<Option<Vec<_>>>()?;
                quote!((#(#values,)*))
            }
            RustType::Local(Module::Models, name) if depth < EXAMPLE_DEPTH => self.model_value(name, hint, depth + 1)?,
            RustType::Local(..) | RustType::Ref(_) => return None,
        })
    }

    fn model_value(&self, name: &str, hint: &str, depth: usize) -> Option<TokenStream> {
        let krate = &self.krate;
        let ty = self.types.get(name)?;
        let path = Ident::new(name, Span::call_site());
        Some(match &ty.kind {
            TypeKind::Enum(values) => match values.variants.first() {
                Some(first) => {
                    let variant = Ident::new(&first.name, Span::call_site());
                    quote!(#krate::models::#path::#variant)
                }
                None => {
                    let variant = Ident::new(&values.unknown, Span::call_site());
                    quote!(#krate::models::#path::#variant(#hint.to_owned()))
                }
            },
            TypeKind::Alias(target) => self.value(&target.rust(), hint, true, depth)?,
            TypeKind::Newtype(target) => {
                let value = self.value(&target.rust(), hint, false, depth)?;
                quote!(#krate::models::#path::new(#value))
            }
            TypeKind::Union(union) => {
                let other = Ident::new(&union.other, Span::call_site());
                quote!(#krate::models::#path::#other(serde_json::json!({})))
            }
            TypeKind::Struct(object) => match &object.api.constructor {
                None => quote!(#krate::models::#path::default()),
                Some(args) => {
                    let values = args.iter().map(|arg| self.value(&arg.ty, &arg.name, arg.take == Take::Exact, depth)).collect::<Option<Vec<_>>>()?;
                    quote!(#krate::models::#path::new(#(#values),*))
                }
            },
        })
    }

    /// The value for a body of type `ty`, built with the setters of its
    /// struct where it has some.
    pub(super) fn body_value(&self, ty: &RustType) -> Option<TokenStream> {
        let base = self.value(ty, "name", true, 0)?;
        let RustType::Local(Module::Models, name) = ty else { return Some(base) };
        let Some(TypeKind::Struct(object)) = self.types.get(name.as_str()).map(|ty| &ty.kind) else { return Some(base) };
        let assigned = self.id_field(name);
        let setters: Vec<TokenStream> = object
            .api
            .setters
            .iter()
            .filter(|setter| {
                let field = &object.fields[setter.slot.0];
                assigned != Some(field.name.as_str()) && field.access != Access::ReadOnly
            })
            .filter_map(|setter| {
                let arg = setter.arg.as_ref()?;
                let value = self.value(&arg.ty, &arg.name, arg.take == Take::Exact, 1)?;
                let method = Ident::new(&setter.method, Span::call_site());
                Some(quote!(.#method(#value)))
            })
            .take(3)
            .collect();
        Some(quote!(#base #(#setters)*))
    }

    /// The field of `record` that holds the id the server assigns, where
    /// `record` is a collection's: examples leave it to the server.
    fn id_field(&self, record: &str) -> Option<&str> {
        let resource = self.api.resources.iter().find(|resource| resource.record == record)?;
        let ty = self.api.types.iter().find(|ty| ty.name == record)?;
        let TypeKind::Struct(object) = &ty.kind else { return None };
        object.fields.iter().find(|field| field.wire_name == resource.id_field).map(|field| field.name.as_str())
    }

    /// `client.method(args)`, and the statements that prepare them.
    pub(super) fn call(&self, operation: &Operation) -> Option<(TokenStream, TokenStream)> {
        let method = Ident::new(&operation.method_name, Span::call_site());
        let mut setup = TokenStream::new();
        let mut args = Vec::new();
        for arg in &operation.api.args {
            if arg.slot == Input::Body {
                let value = self.body_value(&arg.ty)?;
                let name = Ident::new(&arg.name, Span::call_site());
                setup.extend(quote!(let #name = #value;));
                args.push(quote!(#name));
            } else {
                args.push(self.value(&arg.ty, &arg.name, arg.take == Take::Exact, 0)?);
            }
        }
        Some((setup, quote!(client.#method(#(#args),*))))
    }
}


/// The example base URL: the first server's, with its variables' defaults.
pub(super) fn example_base_url(api: &Api) -> Literal {
    let url = match &api.server {
        Some(server) if server.url.contains("://") => {
            let values: Vec<(&str, &str)> = server.variables.iter().map(|(name, default)| (name.as_str(), default.as_str())).collect();
            templates::substitute(&server.url, ("{", "}"), &values)
        }
        _ => "https://api.example.com".to_owned(),
    };
    Literal::string(&url)
}

/// The type a header example parses its value as.
pub(super) fn header_type(ty: &crate::ir::Type) -> TokenStream {
    use crate::ir::Type;
    match ty {
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        _ => quote!(String),
    }
}
