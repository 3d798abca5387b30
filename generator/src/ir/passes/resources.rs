//! The collections the mock can hold records for.

use super::graph::type_index;
use crate::ir::{Api, HttpMethod, PathPart, Resource, SuccessBody, Type, TypeKind};

/// The collections the mock can hold: an item path ending in a parameter
/// (`/groups/{id}`) whose GET answers with a struct that has a property
/// for the id (named like the parameter, or `id`), below a collection
/// path that lists those structs or creates one; with the PUT and DELETE
/// of the item path where they answer the same way.
pub(super) fn find_resources(api: &Api) -> Vec<Resource> {
    let index = type_index(&api.types);
    let find = |path: &str, method: HttpMethod| api.operations.iter().position(|op| op.path == path && op.http_method == method);
    let mut resources = Vec::new();
    for (read, operation) in api.operations.iter().enumerate() {
        let Some(record) = record_of(&operation.success.body).filter(|_| operation.http_method == HttpMethod::Get) else { continue };
        let Some(PathPart::Param(last)) = operation.path_parts.last() else { continue };
        let id_param = &operation.params[*last].wire_name;
        let Some((collection, _)) = operation.path.rsplit_once('/') else { continue };
        let Some(TypeKind::Struct(object)) = index.get(record).map(|&at| &api.types[at].kind) else { continue };
        let id = object.fields.iter().find(|field| field.wire_name == *id_param).or_else(|| object.fields.iter().find(|field| field.wire_name == "id"));
        let Some(id) = id.filter(|field| matches!(field.ty, Type::String | Type::I32 | Type::I64)) else { continue };
        let list = find(collection, HttpMethod::Get).filter(|&at| {
            let listed = &api.operations[at];
            listed.pagination.as_ref().is_some_and(|page| page.item == Type::Named(record.to_owned()))
        });
        let create = find(collection, HttpMethod::Post).filter(|&at| record_of(&api.operations[at].success.body) == Some(record));
        if list.is_none() && create.is_none() {
            continue;
        }
        let replace = find(&operation.path, HttpMethod::Put).filter(|&at| record_of(&api.operations[at].success.body) == Some(record));
        let delete = find(&operation.path, HttpMethod::Delete);
        resources.push(Resource {
            collection: collection.to_owned(),
            item: operation.path.clone(),
            id_param: id_param.clone(),
            id_field: id.wire_name.clone(),
            integer_ids: id.ty != Type::String,
            record: record.to_owned(),
            list,
            create,
            read,
            replace,
            delete,
            method: String::new(),
        });
    }
    resources
}

/// The named type a JSON success body is, if it is one.
fn record_of(body: &SuccessBody) -> Option<&str> {
    match body {
        SuccessBody::Json(Type::Named(name)) => Some(name.as_str()),
        _ => None,
    }
}
