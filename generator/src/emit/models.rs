//! `models.rs`: one item per schema, its public API as the surface decides.

use super::docs::{bounds_note, code, default_note, item_docs, pointer_summary};
use super::types::{argument, feature_gate, field_init, ident, rust_type};
use crate::content::RustFile;
use crate::ir::rust::RustType;
use crate::ir::surface::{Arg, Assign, Reader, Setter, Shape, StructApi, TypeApi, NEWTYPE_FIELD};
use crate::ir::{Access, Enum, Field, Struct, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module, emitted a type at a time.
pub fn emit_models<'a>(types: &'a [TypeDef], surface: &'a [TypeApi]) -> RustFile<'a> {
    RustFile {
        head: quote! {
            //! Types for the request and response bodies of the API. Structs
            //! are `#[non_exhaustive]`: build them with `Default` (or `new`,
            //! where a model has fields a request must set) and their `with_*`
            //! setters, so that a field the API adds later breaks no code.
        },
        items: Box::new(types.iter().zip(surface).map(|(ty, api)| emit_type(ty, api))),
    }
}

fn emit_type(ty: &TypeDef, api: &TypeApi) -> TokenStream {
    let fallback = pointer_summary(&ty.pointer);
    let docs = item_docs(ty.doc.as_deref(), &fallback, &[]);
    let gate = feature_gate(&ty.features);
    let name = ident(&ty.name);
    match (&ty.kind, &api.shape) {
        (TypeKind::Struct(object), Shape::Struct(shape)) => emit_struct(&docs, &gate, &name, object, shape),
        (TypeKind::Enum(values), Shape::Enum { .. }) => emit_enum(&docs, &gate, &name, values),
        (TypeKind::Union(union), Shape::Union { variants, .. }) => emit_union(&docs, &gate, &name, union, variants),
        (TypeKind::Alias(_), Shape::Alias(target)) => {
            let target = rust_type(target);
            quote! {
                #docs
                #gate
                pub type #name = #target;
            }
        }
        (TypeKind::Newtype(_), Shape::Newtype(value)) => emit_newtype(&docs, &gate, &name, value),
        (kind, shape) => unreachable!("the surface of `{}` is made from its kind, yet {shape:?} differs from {kind:?}", ty.name),
    }
}

/// A struct, its `PartialEq`, `Serialize` and `Deserialize` impls, then
/// `new`, setters and readers. The impls are written out, one flat
/// statement a field, rather than derived: derives build one expression
/// chaining every field, which overflows rustc's stack for thousands of
/// fields, and a derived `Deserialize` is the largest part of a crate's
/// compile time.
fn emit_struct(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, object: &Struct, api: &StructApi) -> TokenStream {
    let fields = object.fields.iter().zip(&api.fields).map(|(field, declared)| emit_field(field, &rust_type(&declared.ty)));
    let extra = object.extra.as_ref().zip(api.fields.get(object.fields.len())).map(|(extra, declared)| {
        let extra_name = ident(&extra.name);
        let ty = rust_type(&declared.ty);
        let doc = if extra.declared {
            " Properties beyond the named fields."
        } else {
            " Properties the spec does not name, kept so that a value read from the server and sent back loses nothing."
        };
        quote! {
            #[doc = #doc]
            pub #extra_name: #ty,
        }
    });
    let default = api.default.then(|| quote!(Default,));
    let constructor = api.constructor.as_ref().map(|args| emit_constructor(name, object, args));
    let setters = api.setters.iter().map(emit_setter);
    let readers = api.readers.iter().map(emit_reader);
    let methods = (api.constructor.is_some() || !api.setters.is_empty() || !api.readers.is_empty()).then(|| {
        quote! {
            #gate
            impl #name {
                #constructor
                #(#setters)*
                #(#readers)*
            }
        }
    });
    let partial_eq = emit_partial_eq(name, object);
    let serialize = emit_serialize(name, object);
    let deserialize = emit_deserialize(name, object);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #gate
        #partial_eq

        #gate
        #serialize

        #gate
        #deserialize

        #methods
    }
}

/// Every field of `object` (the extra properties last), by Rust name.
fn field_idents(object: &Struct) -> impl Iterator<Item = proc_macro2::Ident> + '_ {
    object.fields.iter().map(|field| ident(&field.name)).chain(object.extra.iter().map(|extra| ident(&extra.name)))
}

/// `PartialEq`: field by field.
fn emit_partial_eq(name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let checks = field_idents(object).map(|field| quote!(if self.#field != other.#field { return false; }));
    let other = if object.fields.is_empty() && object.extra.is_none() { quote!(_other) } else { quote!(other) };
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, #other: &Self) -> bool {
                #(#checks)*
                true
            }
        }
    }
}

/// `Serialize`: an object of the fields that are set, each under its wire
/// name (an optional field left `None` is left out; a nullable one set to
/// `Some(None)` is `null`), then the extra properties.
fn emit_serialize(name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let entries = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        if field.always_present() {
            quote!(::serde::ser::SerializeMap::serialize_entry(&mut map, #wire, &self.#field_name)?;)
        } else {
            quote! {
                if let Some(value) = &self.#field_name {
                    ::serde::ser::SerializeMap::serialize_entry(&mut map, #wire, value)?;
                }
            }
        }
    });
    let extra = object.extra.as_ref().map(|extra| {
        let extra = ident(&extra.name);
        quote! {
            for (key, value) in &self.#extra {
                ::serde::ser::SerializeMap::serialize_entry(&mut map, key, value)?;
            }
        }
    });
    let binding = if object.fields.is_empty() && object.extra.is_none() { quote!(map) } else { quote!(mut map) };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #binding = serializer.serialize_map(None)?;
                #(#entries)*
                #extra
                ::serde::ser::SerializeMap::end(map)
            }
        }
    }
}

/// `Deserialize`, reading each field by its wire name: required fields must
/// be there, optional ones may be missing or `null`, nullable optional ones
/// keep `null` apart from missing, and what is left goes to the struct's
/// extra properties.
fn emit_deserialize(name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let fields = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        match (field.always_present(), field.nullable) {
            (true, false) => quote!(#field_name: fields.required(#wire)?,),
            (false, true) => quote!(#field_name: fields.nullable(#wire),),
            _ => quote!(#field_name: fields.optional(#wire),),
        }
    });
    let extra = object.extra.as_ref().map(|extra| {
        let extra = ident(&extra.name);
        quote!(#extra: fields.rest(),)
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // Not generic, so compiled once whatever the deserializer.
                fn from_fields(mut fields: crate::__private::Fields) -> ::std::result::Result<#name, ::serde_json::Error> {
                    let value = #name { #(#fields)* #extra };
                    fields.finish(value)
                }
                let fields = <crate::__private::Fields as ::serde::Deserialize>::deserialize(deserializer)?;
                from_fields(fields).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}

fn emit_field(field: &Field, ty: &TokenStream) -> TokenStream {
    let fallback = format!("The {} property.", code(&field.wire_name));
    let docs = item_docs(field.doc.as_deref(), &fallback, &field_notes(field));
    let name = ident(&field.name);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// What a reader of the field needs to know beyond the spec's description.
fn field_notes(field: &Field) -> Vec<String> {
    let mut notes = Vec::new();
    match field.access {
        Access::ReadOnly => notes.push("Read-only: set by the server, which ignores it in requests.".to_owned()),
        Access::WriteOnly => notes.push("Write-only: sent to the server, never returned by it.".to_owned()),
        Access::ReadWrite => {}
    }
    notes.extend(bounds_note(&field.bounds));
    notes.extend(field.default.iter().map(default_note));
    if !field.always_present() && field.nullable {
        notes.push("`None` leaves the field out; `Some(None)` sends `null`.".to_owned());
    }
    notes
}

/// `new` takes the fields a request must set; the rest start empty.
fn emit_constructor(name: &proc_macro2::Ident, object: &Struct, args: &[Arg]) -> TokenStream {
    let (params, values): (Vec<TokenStream>, Vec<TokenStream>) = args.iter().map(argument).unzip();
    let inits = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let Some(at) = args.iter().position(|arg| arg.name == field.name) else {
            return quote!(#field_name: None);
        };
        let value = &values[at];
        if field.always_present() {
            field_init(&field.name, &args[at], value)
        } else {
            quote!(#field_name: Some(#value))
        }
    });
    let extra = object.extra.as_ref().map(|extra| {
        let extra = ident(&extra.name);
        quote!(#extra: ::std::collections::BTreeMap::new(),)
    });
    let allow = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per field a request must set")]));
    quote! {
        /// A value with the fields a request must set, and the others empty.
        #allow
        pub fn new(#(#params),*) -> Self {
            #name { #(#inits,)* #extra }
        }
    }
}

fn emit_setter(setter: &Setter) -> TokenStream {
    let method = ident(&setter.method);
    let field = ident(&setter.field);
    let (param, value) = match &setter.arg {
        Some(arg) => {
            let (param, value) = argument(arg);
            (Some(param), value)
        }
        None => (None, TokenStream::new()),
    };
    let (doc, stored) = match setter.assign {
        Assign::Some => (format!(" Sets `{}`.", setter.field), quote!(Some(#value))),
        Assign::SomeSome => (
            format!(" Sets `{}` to a value (see [`{}`](Self::{}) for `null`).", setter.field, null_method(&setter.field), null_method(&setter.field)),
            quote!(Some(Some(#value))),
        ),
        Assign::Null => (format!(" Sends `{}` as `null`.", setter.field), quote!(Some(None))),
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #method(mut self, #param) -> Self {
            self.#field = #stored;
            self
        }
    }
}

fn null_method(field: &str) -> String {
    crate::ir::names::null_setter_name(field)
}

fn emit_reader(reader: &Reader) -> TokenStream {
    let method = ident(&reader.method);
    let field = ident(&reader.field);
    let value = rust_type(&reader.value);
    let doc = format!(" The value of `{}`, when it is set and not `null`.", reader.field);
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> ::std::option::Option<&#value> {
            self.#field.as_ref().and_then(|value| value.as_ref())
        }
    }
}

fn emit_enum(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, values: &Enum) -> TokenStream {
    let unknown = ident(&values.unknown);
    let variants = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = format!(" {}", code(&variant.wire_name));
        quote!(#[doc = #doc] #variant_name,)
    });
    let as_str = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_name;
        quote!(Self::#variant_name => #wire,)
    });
    let from_str = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_name;
        quote!(#wire => Self::#variant_name,)
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "::std::string::String", into = "::std::string::String")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not list (the API may add values), kept as sent.
            #unknown(::std::string::String),
        }

        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        #gate
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#unknown(value),
                }
            }
        }

        #gate
        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                match value {
                    #name::#unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        #gate
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_union(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, union: &Union, declared: &[(String, RustType)]) -> TokenStream {
    let other = ident(&union.other);
    let variants = declared.iter().map(|(variant, ty)| {
        let variant_name = ident(variant);
        let doc = format!(" A value of the `{ty}` member.");
        let ty = rust_type(ty);
        quote!(#[doc = #doc] #variant_name(#ty),)
    });
    let untagged_derive = union.discriminator.is_none().then(|| quote!(::serde::Deserialize,));
    let deserialize = union.discriminator.as_deref().map(|property| {
        let deserialize = emit_tagged_deserialize(name, union, property);
        quote!(#gate #deserialize)
    });
    let display = union.is_scalar().then(|| {
        let display = emit_union_display(name, union);
        quote!(#gate #display)
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #untagged_derive)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// JSON that matches none of the variants, kept as sent.
            #other(::serde_json::Value),
        }

        #deserialize

        #display
    }
}

/// A struct holding one value, encoded as the value itself: what a schema
/// that would be a recursive alias becomes.
fn emit_newtype(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, value: &RustType) -> TokenStream {
    let field = ident(NEWTYPE_FIELD);
    let ty = rust_type(value);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        #[non_exhaustive]
        pub struct #name {
            /// The value.
            pub #field: #ty,
        }

        #gate
        impl #name {
            /// A value holding `value`.
            pub fn new(#field: impl ::std::convert::Into<#ty>) -> Self {
                Self { #field: #field.into() }
            }
        }
    }
}

/// `Display` for a union of primitives, so it can be a path or query
/// parameter: each member as its text, and other JSON as it came.
fn emit_union_display(name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let other = ident(&union.other);
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        match variant.text {
            Some(crate::ir::TextForm::Rfc3339) => quote!(Self::#variant_name(value) => f.write_str(&value.to_rfc3339()),),
            _ => quote!(Self::#variant_name(value) => ::std::fmt::Display::fmt(value, f),),
        }
    });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::#other(::serde_json::Value::String(text)) => f.write_str(text),
                    Self::#other(value) => ::std::fmt::Display::fmt(value, f),
                }
            }
        }
    }
}

/// Picks the variant by the discriminator property; an unknown tag keeps
/// the JSON in the fallback variant instead of failing.
fn emit_tagged_deserialize(name: &proc_macro2::Ident, union: &Union, property: &str) -> TokenStream {
    let other = ident(&union.other);
    let arms = union.variants.iter().filter(|variant| !variant.tags.is_empty()).map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        quote!(Some(#(#tags)|*) => ::serde_json::from_value(value).map(Self::#variant_name),)
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
                .map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
