//! `models.rs`: one item per schema, with the public API decided on it.

use super::docs::{bounds_note, code, default_note, item_docs, pointer_summary};
use super::types::{argument, feature_gate, field_init, ident, rust_type};
use crate::content::RustFile;
use crate::ir::rust::RustType;
use crate::ir::public::{Arg, Assign, FieldId, Held, Reader, Setter, NEWTYPE_FIELD};
use crate::ir::surface::{extra_type, field_type, variant_type};
use crate::ir::{Access, Enum, Field, Struct, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module, emitted a type at a time.
pub fn emit_models(types: &[TypeDef]) -> RustFile<'_> {
    RustFile {
        head: quote! {
            //! Types for the request and response bodies of the API. Structs
            //! are `#[non_exhaustive]`: build them with `Default` (or `new`,
            //! where a model has fields a request must set) and their `with_*`
            //! setters, so that a field the API adds later breaks no code.
        },
        items: Box::new(types.iter().map(emit_type)),
    }
}

fn emit_type(ty: &TypeDef) -> TokenStream {
    let fallback = pointer_summary(&ty.pointer);
    let docs = item_docs(ty.doc.as_deref(), &fallback, &[]);
    let gate = feature_gate(&ty.features);
    let name = ident(&ty.name);
    match &ty.kind {
        TypeKind::Struct(object) => emit_struct(&docs, &gate, &name, object),
        TypeKind::Enum(values) => emit_enum(&docs, &gate, &name, values),
        TypeKind::Union(union) => emit_union(&docs, &gate, &name, union),
        TypeKind::Alias(target) => {
            let target = rust_type(&target.rust());
            quote! {
                #docs
                #gate
                pub type #name = #target;
            }
        }
        TypeKind::Newtype(value) => emit_newtype(&docs, &gate, &name, &value.rust()),
    }
}

/// A struct, its `PartialEq`, `Serialize` and `Deserialize` impls, then
/// `new`, setters and readers. The impls are written out, one flat
/// statement a field, rather than derived: derives build one expression
/// chaining every field, which overflows rustc's stack for thousands of
/// fields, and a derived `Deserialize` is the largest part of a crate's
/// compile time.
fn emit_struct(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let api = &object.api;
    let fields = object.fields.iter().map(emit_field);
    let extra = object.extra.as_ref().map(|extra| {
        let extra_name = ident(&extra.name);
        let ty = rust_type(&extra_type(extra));
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
    let setters = api.setters.iter().map(|setter| emit_setter(object, setter));
    let readers = api.readers.iter().map(|reader| emit_reader(object, reader));
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
/// `Some(None)` is `null`), then the extra properties. Each field is one
/// call on the runtime's `Entries`, which keeps the first failure.
fn emit_serialize(name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let entries = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        if field.always_present() {
            quote!(map.required(#wire, &self.#field_name);)
        } else {
            quote!(map.optional(#wire, &self.#field_name);)
        }
    });
    let extra = object.extra.as_ref().map(|extra| {
        let extra = ident(&extra.name);
        quote!(map.rest(&self.#extra);)
    });
    let binding = if object.fields.is_empty() && object.extra.is_none() { quote!(map) } else { quote!(mut map) };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #binding = crate::__private::Entries::new(serializer)?;
                #(#entries)*
                #extra
                map.end()
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

fn emit_field(field: &Field) -> TokenStream {
    let ty = rust_type(&field_type(field));
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
fn emit_constructor(name: &proc_macro2::Ident, object: &Struct, args: &[Arg<FieldId>]) -> TokenStream {
    let (params, values): (Vec<TokenStream>, Vec<TokenStream>) = args.iter().map(argument).unzip();
    let inits = object.fields.iter().enumerate().map(|(at, field)| {
        let field_name = ident(&field.name);
        let Some(at) = args.iter().position(|arg| arg.slot == FieldId(at)) else {
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

fn emit_setter(object: &Struct, setter: &Setter<FieldId>) -> TokenStream {
    let method = ident(&setter.method);
    let field_name = &object.fields[setter.slot.0].name;
    let field = ident(field_name);
    let (param, value) = match &setter.arg {
        Some(arg) => {
            let (param, value) = argument(arg);
            (Some(param), value)
        }
        None => (None, TokenStream::new()),
    };
    let read_only = match object.fields[setter.slot.0].access {
        Access::ReadOnly => " The server sets it and ignores it in requests: set it to build what the server sends, as a test does.",
        Access::WriteOnly | Access::ReadWrite => "",
    };
    let (doc, stored) = match setter.assign {
        Assign::Some => (format!(" Sets `{field_name}`.{read_only}"), quote!(Some(#value))),
        Assign::SomeSome => {
            let null = null_method(object, setter.slot).unwrap_or_default();
            (format!(" Sets `{field_name}` to a value (see [`{null}`](Self::{null}) for `null`).{read_only}"), quote!(Some(Some(#value))))
        }
        Assign::Null => (format!(" Sends `{field_name}` as `null`."), quote!(Some(None))),
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

/// The setter that sends the field `slot` as `null`.
fn null_method(object: &Struct, slot: FieldId) -> Option<&str> {
    object.api.setters.iter().find(|setter| setter.slot == slot && setter.assign == Assign::Null).map(|setter| setter.method.as_str())
}

fn emit_reader(object: &Struct, reader: &Reader) -> TokenStream {
    let method = ident(&reader.method);
    let field = &object.fields[reader.field.0];
    let field_name = ident(&field.name);
    let output = rust_type(&reader.output());
    // A boxed value is lent as what the box holds.
    let lend = if field.boxed { quote!(as_deref) } else { quote!(as_ref) };
    let (doc, body) = match reader.held {
        Held::Always => (format!(" The value of `{}`.", field.name), quote!(&self.#field_name)),
        Held::Option => {
            let when = if field.nullable { "when it is not `null`" } else { "when it is set" };
            (format!(" The value of `{}`, {when}.", field.name), quote!(self.#field_name.#lend()))
        }
        Held::OptionOption => (
            format!(" The value of `{}`, when it is set and not `null`.", field.name),
            quote!(self.#field_name.as_ref().and_then(|value| value.#lend())),
        ),
    };
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #output {
            #body
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

fn emit_union(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let other = ident(&union.other);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = variant_type(variant);
        let doc = format!(" A value of the `{ty}` member.");
        let ty = rust_type(&ty);
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
