//! Schemas → types. Inline schemas that need a Rust type of their own are
//! named from where they sit: `{Parent}{Property}`, `{Parent}{Property}Item`.

use super::{unescape, Lowerer, MAX_FIELDS};
use crate::ir::names::{self, Registry};
use crate::ir::public::StructApi;
use crate::ir::{Access, Enum, EnumVariant, Extra, Field, Struct, Type, TypeDef, TypeKind, Union, UnionVariant};
use crate::load::escape_pointer_segment;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use std::collections::HashSet;

/// The name of the field that keeps properties a struct does not declare.
const EXTRA_FIELD: &str = "additional_properties";

/// An object's properties and required list, after merging `allOf`.
#[derive(Default)]
struct ObjectShape<'s> {
    /// By wire name: the schema, and its pointer.
    properties: indexmap::IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)>,
    required: HashSet<String>,
    additional: Option<&'s AdditionalProperties>,
}

impl<'a> Lowerer<'a> {
    /// Defines the component schema `schema` as the type `name`.
    pub(super) fn define_component(&mut self, name: &str, schema: &'a ReferenceOr<Schema>, pointer: &str) {
        let (kind, doc) = match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.schema_type(schema, name, pointer);
                let kind = match self.follow_schema_ref(reference, pointer) {
                    Some(_) => TypeKind::Alias(target),
                    None => TypeKind::Alias(Type::Json),
                };
                (kind, None)
            }
            ReferenceOr::Item(schema) => {
                let kind = self.type_kind(schema, name, pointer);
                (kind, schema.schema_data.description.clone())
            }
        };
        let examples = match schema {
            ReferenceOr::Item(schema) => examples(schema),
            ReferenceOr::Reference { .. } => Vec::new(),
        };
        self.types.insert(
            name.to_owned(),
            TypeDef { name: name.to_owned(), doc, pointer: pointer.to_owned(), kind, examples, sent: false, features: Vec::new() },
        );
    }

    /// The Rust type for a schema or ref; `hint` names an inline schema that
    /// needs a type of its own.
    pub(super) fn schema_type<S>(&mut self, schema: &'a ReferenceOr<S>, hint: &str, pointer: &str) -> Type
    where
        S: std::borrow::Borrow<Schema> + 'a,
    {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema.borrow(), hint, pointer),
        }
    }

    fn ref_type(&mut self, reference: &str, pointer: &str) -> Type {
        let name = reference.strip_prefix("#/components/schemas/").map(unescape);
        match name.and_then(|name| self.component_types.get(&name)) {
            Some(rust) => Type::Named(rust.clone()),
            None => {
                self.problem(pointer, format!("$ref `{reference}`: no such schema in #/components/schemas"));
                Type::Json
            }
        }
    }

    fn inline_type(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Type {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) if string.enumeration.iter().all(Option::is_none) => {
                string_type(&string.format)
            }
            SchemaKind::Type(openapiv3::Type::Integer(integer)) => integer_type(&integer.format),
            SchemaKind::Type(openapiv3::Type::Number(number)) => number_type(&number.format),
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => Type::Bool,
            SchemaKind::Type(openapiv3::Type::Array(array)) => self.array_type(array, hint, pointer),
            SchemaKind::Type(openapiv3::Type::Object(object)) if object.properties.is_empty() => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() && any.enumeration.is_empty() => {
                match single_member(&any.all_of).or_else(|| self.scalar_member(&any.all_of, pointer)) {
                    Some((index, member)) => self.schema_type(member, hint, &format!("{pointer}/allOf/{index}")),
                    None if any.all_of.is_empty() => Type::Json,
                    None => self.named_inline(schema, hint, pointer),
                }
            }
            SchemaKind::AllOf { all_of } => match single_member(all_of).or_else(|| self.scalar_member(all_of, pointer)) {
                Some((index, member)) => self.schema_type(member, hint, &format!("{pointer}/allOf/{index}")),
                None => self.named_inline(schema, hint, pointer),
            },
            _ => self.named_inline(schema, hint, pointer),
        }
    }

    /// Defines a named type for an inline schema, once per schema; the
    /// name is known before the schema's parts are lowered, so a part that
    /// holds the schema again names it.
    fn named_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Type {
        if let Some(known) = self.inline_types.get(&std::ptr::from_ref(schema)) {
            return known.clone();
        }
        let name = self.names.types.claim(names::type_name(hint));
        self.inline_types.insert(std::ptr::from_ref(schema), Type::Named(name.clone()));
        let kind = self.type_kind(schema, &name, pointer);
        let def = TypeDef {
            name: name.clone(),
            doc: schema.schema_data.description.clone(),
            pointer: pointer.to_owned(),
            kind,
            examples: examples(schema),
            sent: false,
            features: Vec::new(),
        };
        self.types.insert(name.clone(), def);
        Type::Named(name)
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, hint: &str, pointer: &str) -> Type {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                Type::Map(Box::new(self.element_type(value.as_ref(), &format!("{hint}Value"), &format!("{pointer}/additionalProperties"))))
            }
            _ => Type::Map(Box::new(Type::Json)),
        }
    }

    /// A list of the array's items, or the tuple of its positions where
    /// its `items` is a tuple's (see [`crate::load::TUPLE`]).
    fn array_type(&mut self, array: &'a openapiv3::ArrayType, hint: &str, pointer: &str) -> Type {
        match &array.items {
            Some(ReferenceOr::Item(items)) if items.schema_data.extensions.contains_key(crate::load::TUPLE) => {
                let SchemaKind::AllOf { all_of: positions } = &items.schema_kind else {
                    self.problem(&format!("{pointer}/items"), format!("`{}` marks an `items` schema that is not an `allOf` of positions", crate::load::TUPLE));
                    return Type::Array(Box::new(Type::Json));
                };
                let positions = positions.iter().enumerate();
                Type::Tuple(positions.map(|(index, position)| self.element_type(position, &format!("{hint}{index}"), &format!("{pointer}/prefixItems/{index}"))).collect())
            }
            Some(items) => Type::Array(Box::new(self.element_type(items, &format!("{hint}Item"), &format!("{pointer}/items")))),
            None => Type::Array(Box::new(Type::Json)),
        }
    }

    /// The type of an array's items or a map's values: [`Type::Nullable`]
    /// where the schema allows `null` (a JSON value already does).
    fn element_type<S>(&mut self, schema: &'a ReferenceOr<S>, hint: &str, pointer: &str) -> Type
    where
        S: std::borrow::Borrow<Schema> + 'a,
    {
        let ty = self.schema_type(schema, hint, pointer);
        let nullable = self.resolved(schema, pointer).is_some_and(allows_null);
        if nullable && ty != Type::Json {
            Type::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// An enum of the string values; a value listed twice is one variant.
    fn string_enum(&mut self, values: &[Option<String>], pointer: &str) -> Enum {
        let mut scope = Registry::items();
        let mut seen = std::collections::HashSet::new();
        let mut variants = Vec::new();
        for value in values.iter().flatten() {
            if seen.insert(value.as_str()) {
                variants.push(EnumVariant { name: scope.claim(names::variant_name(value)), wire_name: value.clone() });
            } else {
                self.warn(&format!("{pointer}/enum"), format!("the value {value:?} is listed twice; it is one variant"));
            }
        }
        Enum { variants, unknown: scope.claim("Unknown".to_owned()) }
    }

    /// The kind of the named type `name` defined by `schema`.
    fn type_kind(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) if string.enumeration.iter().any(Option::is_some) => {
                TypeKind::Enum(self.string_enum(&string.enumeration, pointer))
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) if !object.properties.is_empty() => {
                let shape = ObjectShape {
                    properties: properties(&object.properties, pointer),
                    required: object.required.iter().cloned().collect(),
                    additional: object.additional_properties.as_ref(),
                };
                TypeKind::Struct(self.object(shape, name, pointer))
            }
            SchemaKind::AllOf { all_of } => {
                if let Some((index, member)) = single_member(all_of).or_else(|| self.scalar_member(all_of, pointer)) {
                    return TypeKind::Alias(self.schema_type(member, name, &format!("{pointer}/allOf/{index}")));
                }
                let mut shape = ObjectShape::default();
                self.merge_all_of(all_of, &mut shape, pointer);
                TypeKind::Struct(self.object(shape, name, pointer))
            }
            SchemaKind::OneOf { one_of } => TypeKind::Union(self.union(one_of, schema, name, &format!("{pointer}/oneOf"))),
            SchemaKind::AnyOf { any_of } => TypeKind::Union(self.union(any_of, schema, name, &format!("{pointer}/anyOf"))),
            SchemaKind::Any(any) => self.any_kind(any, schema, name, pointer),
            SchemaKind::Not { .. } => {
                self.problem(pointer, "`not` schemas are not supported: no Rust type expresses them");
                TypeKind::Alias(Type::Json)
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) => TypeKind::Alias(self.map_type(object.additional_properties.as_ref(), name, pointer)),
            SchemaKind::Type(openapiv3::Type::String(string)) => TypeKind::Alias(string_type(&string.format)),
            SchemaKind::Type(openapiv3::Type::Integer(integer)) => TypeKind::Alias(integer_type(&integer.format)),
            SchemaKind::Type(openapiv3::Type::Number(number)) => TypeKind::Alias(number_type(&number.format)),
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => TypeKind::Alias(Type::Bool),
            SchemaKind::Type(openapiv3::Type::Array(array)) => TypeKind::Alias(self.array_type(array, name, pointer)),
        }
    }

    /// A schema with no `type` (or with keywords that do not fit one kind):
    /// read from what it has.
    fn any_kind(&mut self, any: &'a openapiv3::AnySchema, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        if !any.properties.is_empty() {
            let mut shape = ObjectShape {
                properties: properties(&any.properties, pointer),
                required: any.required.iter().cloned().collect(),
                additional: any.additional_properties.as_ref(),
            };
            self.merge_all_of(&any.all_of, &mut shape, pointer);
            return TypeKind::Struct(self.object(shape, name, pointer));
        }
        if !any.one_of.is_empty() {
            return TypeKind::Union(self.union(&any.one_of, schema, name, &format!("{pointer}/oneOf")));
        }
        if !any.any_of.is_empty() {
            return TypeKind::Union(self.union(&any.any_of, schema, name, &format!("{pointer}/anyOf")));
        }
        if let Some((index, member)) = single_member(&any.all_of).or_else(|| self.scalar_member(&any.all_of, pointer)) {
            return TypeKind::Alias(self.schema_type(member, name, &format!("{pointer}/allOf/{index}")));
        }
        if !any.all_of.is_empty() {
            let mut shape = ObjectShape::default();
            self.merge_all_of(&any.all_of, &mut shape, pointer);
            return TypeKind::Struct(self.object(shape, name, pointer));
        }
        let strings: Option<Vec<Option<String>>> = any
            .enumeration
            .iter()
            .map(|value| match value {
                serde_json::Value::String(s) => Some(Some(s.clone())),
                serde_json::Value::Null => Some(None),
                _ => None,
            })
            .collect();
        match strings {
            Some(values) if values.iter().any(Option::is_some) => TypeKind::Enum(self.string_enum(&values, pointer)),
            _ => TypeKind::Alias(Type::Json),
        }
    }

    /// The member an `allOf` of scalars is (no member an object): the
    /// scalar they agree on, the most specific one (an enum over a plain
    /// string, an integer over a number). Members of different types admit
    /// no value together: a warning naming both, and any JSON value, the
    /// nearest type to one that admits nothing.
    fn scalar_member(&mut self, all_of: &'a [ReferenceOr<Schema>], pointer: &str) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        let mut chosen: Option<(usize, &'a ReferenceOr<Schema>, &'static str, u8)> = None;
        for (index, member) in all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{index}");
            let schema = self.resolved(member, &member_pointer)?;
            if is_annotation_only(schema) {
                continue;
            }
            let (base, specific) = match &schema.schema_kind {
                SchemaKind::Type(openapiv3::Type::String(string)) => ("string", if string.enumeration.iter().any(Option::is_some) { 2 } else { u8::from(!matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Empty)) }),
                SchemaKind::Type(openapiv3::Type::Integer(_)) => ("number", 1),
                SchemaKind::Type(openapiv3::Type::Number(_)) => ("number", 0),
                SchemaKind::Type(openapiv3::Type::Boolean(_)) => ("boolean", 0),
                _ => return None,
            };
            match chosen {
                Some((first, _, chosen_base, _)) if chosen_base != base => {
                    self.warn(&member_pointer, format!("this allOf member is a {base} and member {first} a {chosen_base}: no value is both; read as any JSON value"));
                    return Some((index, &*ANY));
                }
                Some((_, _, _, so_far)) if so_far >= specific => {}
                _ => chosen = Some((index, member, base, specific)),
            }
        }
        chosen.map(|(index, member, _, _)| (index, member))
    }

    /// Merges the members of `owner`'s `allOf` (and theirs, depth first, in
    /// order) into one object. Each schema is merged once, however many
    /// paths lead to it, and without recursion, so the work is linear in
    /// the schemas reached; a member that is `owner` itself is a problem.
    fn merge_all_of(&mut self, parts: &'a [ReferenceOr<Schema>], shape: &mut ObjectShape<'a>, owner: &str) {
        let mut merged: HashSet<String> = HashSet::from([owner.to_owned()]);
        let mut stack: Vec<(&'a [ReferenceOr<Schema>], String, usize)> = vec![(parts, format!("{owner}/allOf"), 0)];
        while let Some((parts, pointer, index)) = stack.pop() {
            let Some(part) = parts.get(index) else { continue };
            stack.push((parts, pointer.clone(), index + 1));
            let part_pointer = format!("{pointer}/{index}");
            if self.over_field_budget(shape.properties.len(), &part_pointer) {
                return;
            }
            let Some((schema, target)) = self.schema_target(part, &part_pointer) else { continue };
            if !merged.insert(target.clone()) {
                if target == owner {
                    self.problem(&part_pointer, "allOf includes the schema it belongs to");
                }
                continue;
            }
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => stack.push((all_of, format!("{target}/allOf"), 0)),
                SchemaKind::Type(openapiv3::Type::Object(object)) => {
                    merge_into(shape, properties(&object.properties, &target), &object.required, object.additional_properties.as_ref());
                }
                SchemaKind::Any(any) => {
                    merge_into(shape, properties(&any.properties, &target), &any.required, any.additional_properties.as_ref());
                    if !any.all_of.is_empty() {
                        stack.push((&any.all_of, format!("{target}/allOf"), 0));
                    }
                }
                _ if is_annotation_only(schema) => {}
                _ => self.warn(&part_pointer, "this allOf member is not an object, so it cannot be merged into the struct; it is left out"),
            }
        }
    }

    /// The schema a ref points at (through refs of refs), with its pointer.
    fn schema_target<S: std::borrow::Borrow<Schema>>(&mut self, schema: &'a ReferenceOr<S>, pointer: &str) -> Option<(&'a Schema, String)> {
        match schema {
            ReferenceOr::Item(schema) => Some((schema.borrow(), pointer.to_owned())),
            ReferenceOr::Reference { reference } => self.follow_schema_ref(reference, pointer),
        }
    }

    pub(super) fn follow_schema_ref(&mut self, reference: &str, pointer: &str) -> Option<(&'a Schema, String)> {
        if let Some(found) = self.followed.get(reference) {
            return found.clone();
        }
        let components = self.doc.components.as_ref();
        let mut current = reference;
        let mut chain: Vec<&'a str> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let found = loop {
            if let Some(found) = self.followed.get(current) {
                break found.clone();
            }
            if !seen.insert(current) {
                let ring: Vec<&str> = std::iter::once(reference).chain(chain.iter().copied()).collect();
                self.problem(pointer, format!("$ref cycle: {} never reaches a schema", ring.join(" -> ")));
                break None;
            }
            let name = current.strip_prefix("#/components/schemas/").map(unescape);
            let Some((name, next)) = name.and_then(|name| components.and_then(|c| c.schemas.get(&name)).map(|next| (name, next))) else {
                self.problem(pointer, format!("$ref `{current}`: no such schema in #/components/schemas"));
                break None;
            };
            match next {
                ReferenceOr::Item(schema) => break Some((schema, format!("/components/schemas/{}", escape_pointer_segment(&name)))),
                ReferenceOr::Reference { reference: further } => {
                    chain.push(further);
                    current = further;
                }
            }
        };
        // Every ref on the way leads to the same schema: a chain of n aliases
        // is followed once, not n times.
        for on_the_way in chain {
            self.followed.insert(on_the_way.to_owned(), found.clone());
        }
        self.followed.insert(reference.to_owned(), found.clone());
        found
    }

    /// The schema itself, or the one its ref points at.
    pub(super) fn resolved<S: std::borrow::Borrow<Schema>>(&mut self, schema: &'a ReferenceOr<S>, pointer: &str) -> Option<&'a Schema> {
        self.schema_target(schema, pointer).map(|(schema, _)| schema)
    }

    /// Whether `more` fields would take the crate's structs past
    /// [`MAX_FIELDS`] in all (reported once, at `pointer`): `allOf` copies
    /// each member's fields into every struct that takes it in, so a spec
    /// of linear size (a chain of schemas, each the previous one and a
    /// field) can ask for a quadratic number of fields.
    fn over_field_budget(&mut self, more: usize, pointer: &str) -> bool {
        if self.over_field_budget {
            return true;
        }
        if self.fields + more > MAX_FIELDS {
            self.over_field_budget = true;
            let message = format!("the structs would hold more than {MAX_FIELDS} fields in all (allOf copies each member's fields into every struct that takes it in); this is past what sdkgen generates");
            self.problem(pointer, message);
        }
        self.over_field_budget
    }

    fn object(&mut self, shape: ObjectShape<'a>, name: &str, pointer: &str) -> Struct {
        let mut scope = Registry::fields(EXTRA_FIELD);
        let mut fields = Vec::with_capacity(shape.properties.len());
        let mut properties = shape.properties;
        if self.over_field_budget(properties.len(), pointer) {
            properties.clear();
        }
        self.fields += properties.len();
        for (wire_name, (property, property_pointer)) in properties {
            let rust = scope.claim(names::value_name(&wire_name));
            let hint = format!("{name}{}", names::type_name(&wire_name));
            let ty = self.schema_type(property, &hint, &property_pointer);
            let ty = self.lenient_for_examples(property, ty, &property_pointer);
            let resolved = self.resolved(property, &property_pointer);
            let nullable = resolved.is_some_and(allows_null);
            let ty = secret_if_password(ty, resolved);
            let data = resolved.map(|schema| &schema.schema_data);
            let access = match data {
                Some(data) if data.read_only && data.write_only => {
                    self.warn(&property_pointer, "the property is both readOnly and writeOnly; it is treated as neither");
                    Access::ReadWrite
                }
                Some(data) if data.read_only => Access::ReadOnly,
                Some(data) if data.write_only => Access::WriteOnly,
                _ => Access::ReadWrite,
            };
            fields.push(Field {
                name: rust,
                required: shape.required.contains(&wire_name),
                wire_name,
                ty,
                nullable,
                boxed: false,
                doc: data.and_then(|data| data.description.clone()),
                access,
                default: data.and_then(|data| data.default.clone()),
                bounds: resolved.map(|schema| self.bounds(schema, &property_pointer)).unwrap_or_default(),
            });
        }
        let extra = match shape.additional {
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(schema)) => Some(Extra {
                name: EXTRA_FIELD.to_owned(),
                ty: self.schema_type(schema, &format!("{name}Value"), &format!("{pointer}/additionalProperties")),
                declared: true,
            }),
            _ => Some(Extra { name: EXTRA_FIELD.to_owned(), ty: Type::Json, declared: false }),
        };
        Struct { fields, extra, api: StructApi::default() }
    }

    /// A date or date-time property whose own example is not in that format
    /// (SailPoint's `dateCreated: 1639056206564`) shows what the server
    /// really sends: it becomes plain JSON, with a warning.
    fn lenient_for_examples(&mut self, property: &'a ReferenceOr<Box<Schema>>, ty: Type, pointer: &str) -> Type {
        let ReferenceOr::Item(schema) = property else { return ty };
        let Some(example) = &schema.schema_data.example else { return ty };
        let fits = match (&ty, example) {
            (Type::DateTime, serde_json::Value::String(text)) => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            (Type::Date, serde_json::Value::String(text)) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
            (Type::DateTime | Type::Date, serde_json::Value::Null) => true,
            (Type::DateTime | Type::Date, _) => false,
            _ => true,
        };
        if fits {
            return ty;
        }
        self.warn(pointer, format!("the example {example} contradicts the declared format; the field takes any JSON value"));
        Type::Json
    }

    /// A union of the members. With a discriminator, each member's tags
    /// come from every source the spec gives: the mapping, the one value
    /// its tag property can have, its schema's name. A member listed again
    /// is one variant, and a tag two members claim selects the first;
    /// where some member's tags stay unknown, the union is read by shape,
    /// as one without a discriminator is, and a warning says so.
    fn union(&mut self, members: &'a [ReferenceOr<Schema>], schema: &'a Schema, name: &str, pointer: &str) -> Union {
        let mut scope = Registry::items();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants: Vec<UnionVariant> = Vec::with_capacity(members.len());
        let mut seen_refs: HashSet<&str> = HashSet::new();
        let mut claimed: HashSet<String> = HashSet::new();
        let mut mapped: HashSet<&str> = HashSet::new();
        let mut untagged = false;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{index}");
            let reference = member_ref(member);
            if let Some(reference) = reference {
                if !seen_refs.insert(reference) {
                    self.warn(&member_pointer, format!("`{reference}` is a member of this union already; it is one variant"));
                    continue;
                }
            }
            let ty = self.schema_type(member, &format!("{name}{}", index + 1), &member_pointer);
            let variant = match &ty {
                Type::Named(named) => named.strip_prefix(name).filter(|rest| !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(named).to_owned(),
                other => other.kind_name().to_owned(),
            };
            let mut tags = Vec::new();
            if let Some(discriminator) = discriminator {
                let from_mapping: Vec<(&String, &String)> = discriminator.mapping.iter().filter(|(_, target)| reference == Some(target.as_str()) || reference.and_then(|r| r.rsplit('/').next()) == Some(target.as_str())).collect();
                mapped.extend(from_mapping.iter().map(|(_, target)| target.as_str()));
                let candidates: Vec<String> = if !from_mapping.is_empty() {
                    from_mapping.into_iter().map(|(tag, _)| tag.clone()).collect()
                } else if let Some(fixed) = self.fixed_tag(member, &discriminator.property_name, &member_pointer) {
                    vec![fixed]
                } else {
                    reference.and_then(|reference| reference.strip_prefix("#/components/schemas/")).map(unescape).into_iter().collect()
                };
                for tag in candidates {
                    if claimed.insert(tag.clone()) {
                        tags.push(tag);
                    } else {
                        self.warn(&member_pointer, format!("the discriminator value {tag:?} selects an earlier member; this member is not read by it"));
                    }
                }
                untagged |= tags.is_empty();
            }
            variants.push(UnionVariant { name: scope.claim(names::variant_name(&variant)), ty, boxed: false, tags, text: None });
        }
        if let Some(discriminator) = discriminator {
            for target in discriminator.mapping.values().filter(|target| !mapped.contains(target.as_str())) {
                self.warn(&format!("{}/discriminator/mapping", pointer.rsplit_once('/').map_or(pointer, |(owner, _)| owner)), format!("`{target}` is no member of this union; its mapping is ignored"));
            }
            if untagged {
                let owner = pointer.rsplit_once('/').map_or(pointer, |(owner, _)| owner);
                self.warn(&format!("{owner}/discriminator"), format!("the `{}` values of some members are not known (no mapping, no one-value `enum` or `const`, no schema name) or are another member's; the union is read by shape, each member tried in order", discriminator.property_name));
                for variant in &mut variants {
                    variant.tags.clear();
                }
            }
        }
        Union {
            variants,
            discriminator: discriminator.filter(|_| !untagged).map(|d| d.property_name.clone()),
            other: scope.claim("Other".to_owned()),
        }
    }

    /// The one value a union member's discriminator property can have (a
    /// `const`, or an `enum` of one value), which is its tag where the
    /// discriminator maps none to it.
    fn fixed_tag(&mut self, member: &'a ReferenceOr<Schema>, property: &str, pointer: &str) -> Option<String> {
        let mut schema = self.resolved(member, pointer)?;
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            if let Some((index, inner)) = single_member(all_of) {
                schema = self.resolved(inner, &format!("{pointer}/allOf/{index}"))?;
            }
        }
        let properties = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(object)) => &object.properties,
            SchemaKind::Any(any) => &any.properties,
            _ => return None,
        };
        let tag = self.resolved(properties.get(property)?, pointer)?;
        match &tag.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) => match string.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A schema's examples: its `example`, then those of an OpenAPI 3.1
/// `examples` list (kept by the loader) that differ from it.
fn examples(schema: &Schema) -> Vec<serde_json::Value> {
    let listed = schema.schema_data.extensions.get(crate::load::EXAMPLES).and_then(serde_json::Value::as_array);
    let mut examples: Vec<serde_json::Value> = schema.schema_data.example.iter().cloned().collect();
    for example in listed.into_iter().flatten() {
        if !examples.contains(example) {
            examples.push(example.clone());
        }
    }
    examples
}

/// The schema of any JSON value, for what no Rust type expresses.
static ANY: std::sync::LazyLock<ReferenceOr<Schema>> =
    std::sync::LazyLock::new(|| ReferenceOr::Item(Schema { schema_data: openapiv3::SchemaData::default(), schema_kind: SchemaKind::Any(openapiv3::AnySchema::default()) }));

/// The ref a union member is: its own, or that of the one member of the
/// `allOf` it is (3.1's `$ref` with a `title` beside it).
fn member_ref(member: &ReferenceOr<Schema>) -> Option<&str> {
    match member {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match single_member(all_of) {
                Some((_, ReferenceOr::Reference { reference })) => Some(reference),
                _ => None,
            },
            _ => None,
        },
    }
}

/// A schema that only annotates (a description, `nullable`) and says
/// nothing about the value's shape.
fn is_annotation_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

/// The one member of an `allOf` that says something, when the others only
/// annotate: `allOf: [$ref: X]` beside a description is just `X`.
fn single_member(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut meaningful = all_of
        .iter()
        .enumerate()
        .filter(|(_, member)| !matches!(member, ReferenceOr::Item(schema) if is_annotation_only(schema)));
    let first = meaningful.next()?;
    meaningful.next().is_none().then_some(first)
}

fn properties<'s>(
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    pointer: &str,
) -> indexmap::IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)> {
    properties
        .iter()
        .map(|(name, schema)| (name.clone(), (schema, format!("{pointer}/properties/{}", escape_pointer_segment(name)))))
        .collect()
}

/// Adds an `allOf` member's properties to `shape`; a property it names
/// again takes the member's schema, where the first one stood.
fn merge_into<'s>(
    shape: &mut ObjectShape<'s>,
    properties: indexmap::IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)>,
    required: &[String],
    additional: Option<&'s AdditionalProperties>,
) {
    shape.properties.extend(properties);
    shape.required.extend(required.iter().cloned());
    if matches!(additional, Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(false))) {
        shape.additional = additional;
    }
}

/// Whether the schema allows `null`.
fn allows_null(schema: &Schema) -> bool {
    schema.schema_data.nullable || matches!(&schema.schema_kind, SchemaKind::Type(openapiv3::Type::String(s)) if s.enumeration.contains(&None))
}

/// A string with `format: password` becomes a `Secret`, kept out of `Debug`.
pub(super) fn secret_if_password(ty: Type, schema: Option<&Schema>) -> Type {
    use openapiv3::{StringFormat, VariantOrUnknownOrEmpty as V};
    let password = |schema: &Schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(openapiv3::Type::String(string)) if string.format == V::Item(StringFormat::Password))
    };
    if ty == Type::String && schema.is_some_and(password) {
        Type::Secret
    } else {
        ty
    }
}

fn string_type(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> Type {
    use openapiv3::{StringFormat, VariantOrUnknownOrEmpty as V};
    match format {
        V::Item(StringFormat::DateTime) => Type::DateTime,
        V::Item(StringFormat::Date) => Type::Date,
        _ => Type::String,
    }
}

fn integer_type(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> Type {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::I32,
        _ => Type::I64,
    }
}

fn number_type(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::NumberFormat>) -> Type {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Type::F32,
        _ => Type::F64,
    }
}
