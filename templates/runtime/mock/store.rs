//! The records of the API's collections the mock holds, and how it serves
//! them as the service does (listed page by page, created with a new id,
//! read, replaced and deleted by id).

use crate::runtime::params::Style;
use crate::runtime::prepared::Endpoint;
use bytes::Bytes;
use hyper::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeMap;
use super::incoming::Incoming;
use super::reply::Reply;

/// How the generated code describes one of the API's collections that the
/// mock can hold records for.
#[doc(hidden)]
#[derive(Debug)]
pub struct ResourceSpec {
    /// The collection's path (`/password-sync-groups`).
    pub collection: &'static str,
    /// The item's path (`/password-sync-groups/{id}`).
    pub item: &'static str,
    /// The item path's parameter.
    pub id_param: &'static str,
    /// The record's property that holds its id.
    pub id_field: &'static str,
    /// Whether ids are integers (else strings).
    pub integer_ids: bool,
    /// The operations and their success statuses: list, create, read,
    /// replace, delete.
    pub list: Option<ListSpec>,
    pub create: Option<u16>,
    pub read: Option<u16>,
    pub replace: Option<u16>,
    pub delete: Option<u16>,
    /// The body of a 404, as the API description's example gives it.
    pub not_found: &'static str,
    /// The API description's examples of a record, as JSON.
    pub examples: &'static [&'static str],
}

/// How a collection is listed.
#[doc(hidden)]
#[derive(Debug)]
pub struct ListSpec {
    pub status: u16,
    pub limit: &'static str,
    pub offset: &'static str,
    pub page_size: usize,
    /// The parameter that asks for the total, and the header it comes in.
    pub count: Option<(&'static str, &'static str)>,
    /// The answer to an offset at or past the end of a non-empty
    /// collection: a status and a JSON body (an empty page when `None`).
    pub past_end: Option<(u16, &'static str)>,
}

/// The records of one collection, by id in insertion order.
#[derive(Default)]
pub(super) struct Store {
    pub(super) records: Vec<(String, Value)>,
    pub(super) next_id: u64,
}

impl Store {
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.records.iter().position(|(known, _)| known == id)
    }

    /// Stores `record`, with the id it has, or a new one.
    pub(super) fn insert(&mut self, spec: &ResourceSpec, mut record: Value) -> String {
        let given = record.get(spec.id_field).and_then(|id| match id {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        });
        let id = given.unwrap_or_else(|| {
            self.next_id += 1;
            let id = if spec.integer_ids { self.next_id.to_string() } else { format!("{:032x}", self.next_id) };
            if let Value::Object(fields) = &mut record {
                let value = if spec.integer_ids { Value::from(self.next_id) } else { Value::String(id.clone()) };
                fields.insert(spec.id_field.to_owned(), value);
            }
            id
        });
        match self.position(&id) {
            Some(at) => self.records[at].1 = record,
            None => self.records.push((id.clone(), record)),
        }
        id
    }
}

/// The parameters of `template` (`/groups/{id}`) in `path`, if it matches.
pub(super) fn match_path(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template_parts: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let path_parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if template_parts.len() != path_parts.len() {
        return None;
    }
    let mut params = BTreeMap::new();
    for (expected, actual) in template_parts.into_iter().zip(path_parts) {
        match expected.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(name) => {
                let value = percent_encoding::percent_decode_str(actual).decode_utf8().ok()?.into_owned();
                params.insert(name.to_owned(), value);
            }
            None if expected == actual => {}
            None => return None,
        }
    }
    Some(params)
}

/// The collection's answer to a request for `endpoint`, if the request is
/// one of the collection's.
pub(super) fn serve(spec: &ResourceSpec, store: &mut Store, endpoint: &Endpoint, incoming: &Incoming) -> Option<Reply> {
    let not_found = || Reply::new(StatusCode::NOT_FOUND).bytes(Bytes::from_static(spec.not_found.as_bytes()), "application/json");
    if endpoint.path == spec.collection {
        if endpoint.method == Method::GET {
            let list = spec.list.as_ref()?;
            return Some(list_page(list, store, incoming));
        }
        if endpoint.method == Method::POST {
            let code = spec.create?;
            let record: Value = incoming.json().ok().flatten()?;
            let id = store.insert(spec, record);
            let stored = store.position(&id).map(|at| store.records[at].1.clone()).unwrap_or(Value::Null);
            return Some(Reply::code(code).json(&stored));
        }
        return None;
    }
    if endpoint.path != spec.item {
        return None;
    }
    let id: String = incoming.path(spec.id_param).ok()?;
    let at = store.position(&id);
    if endpoint.method == Method::GET {
        let code = spec.read?;
        return Some(match at {
            Some(at) => Reply::code(code).json(&store.records[at].1),
            None => not_found(),
        });
    }
    if endpoint.method == Method::PUT {
        let code = spec.replace?;
        let Some(at) = at else { return Some(not_found()) };
        let mut record: Value = incoming.json().ok().flatten()?;
        if let Value::Object(fields) = &mut record {
            let id_value = store.records[at].1.get(spec.id_field).cloned().unwrap_or(Value::String(id));
            fields.insert(spec.id_field.to_owned(), id_value);
        }
        store.records[at].1 = record.clone();
        return Some(Reply::code(code).json(&record));
    }
    if endpoint.method == Method::DELETE {
        let code = spec.delete?;
        let Some(at) = at else { return Some(not_found()) };
        store.records.remove(at);
        return Some(Reply::code(code));
    }
    None
}

/// One page of a collection, as the service pages it.
pub(super) fn list_page(list: &ListSpec, store: &Store, incoming: &Incoming) -> Reply {
    let number = |name: &str| incoming.value::<i64>(Style::Query, name).ok().flatten();
    let limit = number(list.limit).and_then(|limit| usize::try_from(limit).ok()).unwrap_or(list.page_size);
    let offset = number(list.offset).and_then(|offset| usize::try_from(offset).ok()).unwrap_or(0);
    let total = store.records.len();
    if total > 0 && offset >= total {
        if let Some((code, body)) = list.past_end {
            return Reply::code(code).bytes(Bytes::from_static(body.as_bytes()), "application/json");
        }
    }
    let page: Vec<&Value> = store.records.iter().skip(offset).take(limit).map(|(_, value)| value).collect();
    let mut reply = Reply::code(list.status).json(&page);
    if let Some((count, header)) = list.count {
        if incoming.value::<bool>(Style::Query, count).ok().flatten() == Some(true) {
            reply = reply.header(header, &total.to_string());
        }
    }
    reply
}
