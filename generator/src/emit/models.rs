//! `models.rs`: one item per schema.

use super::docs::{bounds_note, default_note, doc_attrs, doc_attrs_with_notes};
use super::RustFile;
use super::types::{feature_gate, ident, type_tokens};
use crate::ir::{Access, Enum, Field, Struct, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `models` module, emitted a type at a time.
pub fn emit_models(types: &[TypeDef]) -> RustFile<'_> {
    RustFile {
        head: quote! {
            //! Types for the request and response bodies of the API.
        },
        items: Box::new(types.iter().map(emit_type)),
    }
}

fn emit_type(ty: &TypeDef) -> TokenStream {
    let docs = doc_attrs(ty.doc.as_deref());
    let gate = feature_gate(&ty.features);
    let name = ident(&ty.name);
    match &ty.kind {
        TypeKind::Struct(object) => emit_struct(&docs, &gate, &name, object, ty.sent),
        TypeKind::Enum(values) => emit_enum(&docs, &gate, &name, values),
        TypeKind::Union(union) => emit_union(&docs, &gate, &name, union),
        TypeKind::Alias(target) => {
            let target = type_tokens(target);
            quote! {
                #docs
                #gate
                pub type #name = #target;
            }
        }
    }
}

/// A struct with its serde attributes, a `new` taking the fields a request
/// must set (or `Default` when there are none) and, for types that are
/// sent, a `with_*` setter for each other field the client may set.
fn emit_struct(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, object: &Struct, sent: bool) -> TokenStream {
    let all_optional = object.fields.iter().all(|field| !field.in_constructor());
    let camel = object.fields.iter().filter(|f| serde_camel_case(&f.name) == f.wire_name && f.name != f.wire_name).count();
    let renamed = object.fields.iter().filter(|f| f.name != f.wire_name).count();
    let style = SerdeStyle { camel_case: camel > 0 && camel * 2 >= renamed, struct_default: all_optional };
    let container = match (style.camel_case, style.struct_default) {
        (true, true) => quote!(#[serde(rename_all = "camelCase", default)]),
        (true, false) => quote!(#[serde(rename_all = "camelCase")]),
        (false, true) => quote!(#[serde(default)]),
        (false, false) => TokenStream::new(),
    };
    let fields = object.fields.iter().map(|field| emit_field(field, style));
    let extra = object.extra.as_ref().map(|extra| {
        let extra_name = ident(&extra.name);
        let value = type_tokens(&extra.ty);
        let doc = if extra.declared {
            " Properties beyond the named fields."
        } else {
            " Properties the spec does not name, kept so that a value read from the server and sent back loses nothing."
        };
        quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #extra_name: std::collections::BTreeMap<String, #value>,
        }
    });
    let default = all_optional.then(|| quote!(Default,));
    let constructor = emit_constructor(name, object, all_optional);
    let settable = |field: &&Field| sent && !field.in_constructor() && field.access != Access::ReadOnly;
    let setters: Vec<TokenStream> = object.fields.iter().filter(settable).map(emit_setter).collect();
    let methods = (!constructor.is_empty() || !setters.is_empty()).then(|| {
        quote! {
            #gate
            impl #name {
                #constructor
                #(#setters)*
            }
        }
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #container
        pub struct #name {
            #(#fields)*
            #extra
        }

        #methods
    }
}

/// The field's type as declared: `Option` for optional or nullable fields,
/// `Option<Option<_>>` for fields that are both, `Box` where recursive.
fn field_type(field: &Field) -> TokenStream {
    let value = value_type(field);
    if field.always_present() {
        value
    } else {
        quote!(Option<#value>)
    }
}

/// Serde attributes set on the struct, so its fields need fewer.
#[derive(Clone, Copy)]
struct SerdeStyle {
    /// `rename_all = "camelCase"`: fields whose wire name is the camelCase
    /// of their Rust name need no `rename`.
    camel_case: bool,
    /// `default` on the struct: optional fields need no `default`.
    struct_default: bool,
}

/// The wire name serde's `rename_all = "camelCase"` gives a field.
fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn emit_field(field: &Field, style: SerdeStyle) -> TokenStream {
    let docs = doc_attrs_with_notes(field.doc.as_deref(), &field_notes(field));
    let name = ident(&field.name);
    let ty = field_type(field);
    let implied = if style.camel_case { serde_camel_case(&field.name) } else { field.name.clone() };
    let rename = (implied != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(rename = #wire,)
    });
    let default = (!style.struct_default).then(|| quote!(default,));
    let serde = match (field.always_present(), field.nullable) {
        (true, false) => rename.map(|rename| quote!(#[serde(#rename)])),
        (true, true) => Some(quote!(#[serde(#rename default)])),
        (false, false) => Some(quote!(#[serde(#rename #default skip_serializing_if = "Option::is_none")])),
        (false, true) => Some(quote!(
            #[serde(#rename #default skip_serializing_if = "Option::is_none", with = "crate::runtime::nullable")]
        )),
    };
    quote! {
        #docs
        #serde
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
fn emit_constructor(name: &proc_macro2::Ident, object: &Struct, all_optional: bool) -> TokenStream {
    if all_optional {
        return TokenStream::new();
    }
    let params = object.fields.iter().filter(|f| f.in_constructor()).map(|field| {
        let name = ident(&field.name);
        let ty = value_type(field);
        quote!(#name: #ty)
    });
    let inits = object.fields.iter().map(|field| {
        let name = ident(&field.name);
        match (field.always_present(), field.in_constructor()) {
            (true, _) => quote!(#name),
            (false, true) => quote!(#name: Some(#name)),
            (false, false) => quote!(#name: None),
        }
    });
    let extra = object.extra.as_ref().map(|extra| {
        let extra = ident(&extra.name);
        quote!(#extra: std::collections::BTreeMap::new(),)
    });
    quote! {
        /// A value with the required fields set and the others empty.
        pub fn new(#(#params),*) -> Self {
            #name { #(#inits,)* #extra }
        }
    }
}

/// The type a setter (or `new`) takes: the value, or for a nullable field
/// the value or `None` for `null`.
fn value_type(field: &Field) -> TokenStream {
    let inner = type_tokens(&field.ty);
    let inner = if field.boxed { quote!(Box<#inner>) } else { inner };
    if field.nullable {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

fn emit_setter(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let setter = format_ident!("with_{}", field.name.trim_end_matches('_'));
    let param = value_type(field);
    let doc = if field.nullable {
        format!(" Sets `{}`; `None` sends `null`.", field.wire_name)
    } else {
        format!(" Sets `{}`.", field.wire_name)
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #setter(mut self, #name: #param) -> Self {
            self.#name = Some(#name);
            self
        }
    }
}

fn emit_enum(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, values: &Enum) -> TokenStream {
    let unknown = ident(&values.unknown);
    let variants = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = format!(" `{}`", variant.wire_name);
        quote!(#[doc = #doc] #variant_name,)
    });
    let as_str = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_name;
        quote!(#name::#variant_name => #wire,)
    });
    let from_str = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_name;
        quote!(#wire => #name::#variant_name,)
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not list (the API may add values), kept as sent.
            #unknown(String),
        }

        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::#unknown(value) => value,
                }
            }
        }

        #gate
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => #name::#unknown(value),
                }
            }
        }

        #gate
        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::#unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        #gate
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_union(docs: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let other = ident(&union.other);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = type_tokens(&variant.ty);
        quote!(#variant_name(#ty),)
    });
    let untagged_derive = union.discriminator.is_none().then(|| quote!(serde::Deserialize,));
    let deserialize = union.discriminator.as_deref().map(|property| {
        let deserialize = emit_tagged_deserialize(name, union, property);
        quote!(#gate #deserialize)
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, serde::Serialize, #untagged_derive)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// JSON that matches none of the variants, kept as sent.
            #other(serde_json::Value),
        }

        #deserialize
    }
}

/// Picks the variant by the discriminator property; an unknown tag keeps
/// the JSON in the fallback variant instead of failing.
fn emit_tagged_deserialize(name: &proc_macro2::Ident, union: &Union, property: &str) -> TokenStream {
    let other = ident(&union.other);
    let arms = union.variants.iter().filter(|variant| !variant.tags.is_empty()).map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#name::#variant_name),)
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(#name::#other(value)),
                }
                .map_err(serde::de::Error::custom)
            }
        }
    }
}
