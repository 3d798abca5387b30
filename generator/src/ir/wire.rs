//! The wire contract of a generated crate: what a program built on it
//! sends and accepts, keyed by what the program's code names
//! (`Client::get_thing`, `models::Thing::size`). `sdkgen diff` compares it
//! beside the Rust API, so a change that leaves every Rust item alone but
//! changes the HTTP conversation is still reported.

use super::{Api, Bounds, Location, Operation, Param, Security, Style, SuccessBody, TypeKind};

/// One fact of the wire contract: `subject`'s `aspect` is `value`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// What the program's code names: `Client::get_thing`,
    /// `Client::get_thing(limit)` for a parameter, `models::Thing::size`,
    /// `models::Kind::Big`, `Client` for the crate's defaults.
    pub subject: String,
    pub aspect: Aspect,
    pub value: String,
}

/// What a fact is about, and so how a change of it is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Aspect {
    /// The operation's id, as errors name it; not sent.
    OperationId,
    /// Method and path template, the base path included.
    RequestLine,
    /// The request body's content type, or `none`.
    RequestBody,
    /// The statuses read as success.
    Success,
    /// How a success answer's body is read.
    ResponseBody,
    /// How requests authenticate.
    Security,
    /// How `stream()` pages, or `none`.
    Pagination,
    /// Where and under which name a parameter goes.
    SentAs,
    /// A parameter's limits, checked before sending.
    Minimum,
    Maximum,
    MinLength,
    MaxLength,
    /// A model field's JSON key.
    WireName,
    /// An enum variant's JSON value.
    WireValue,
    /// The discriminator values that select a union variant.
    Tags,
    /// The server a client talks to unless told otherwise.
    DefaultServer,
}

/// The subject of the facts about the operation whose `Client` method is
/// `method`: `Client::get_thing`.
pub fn operation_subject(method: &str) -> String {
    format!("Client::{method}")
}

/// The wire contract of `api`, sorted.
pub fn contract(api: &Api) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut add = |subject: String, aspect: Aspect, value: String| facts.push(Fact { subject, aspect, value });
    let base_path = api.server.as_ref().map_or(String::new(), super::Server::base_path);
    if let Some(server) = &api.server {
        add("Client".to_owned(), Aspect::DefaultServer, server.url.clone());
    }
    for operation in &api.operations {
        let subject = operation_subject(&operation.method_name);
        add(subject.clone(), Aspect::OperationId, operation.operation_id.clone());
        add(subject.clone(), Aspect::RequestLine, format!("{} {base_path}{}", operation.http_method.as_str(), operation.path));
        add(subject.clone(), Aspect::RequestBody, operation.body.as_ref().map_or_else(|| "none".to_owned(), |body| body.content_type.clone()));
        add(subject.clone(), Aspect::Success, success(operation));
        add(subject.clone(), Aspect::ResponseBody, response_body(&operation.success.body).to_owned());
        add(subject.clone(), Aspect::Security, security(&api.security));
        add(subject.clone(), Aspect::Pagination, pagination(operation));
        for param in &operation.params {
            let subject = format!("{subject}({})", param.name);
            add(subject.clone(), Aspect::SentAs, sent_as(param));
            for (aspect, value) in bounds(&param.bounds) {
                add(subject.clone(), aspect, value);
            }
        }
    }
    for ty in &api.types {
        let path = format!("models::{}", ty.name);
        match &ty.kind {
            TypeKind::Struct(object) => {
                for field in &object.fields {
                    add(format!("{path}::{}", field.name), Aspect::WireName, field.wire_name.clone());
                }
            }
            TypeKind::Enum(values) => {
                for variant in &values.variants {
                    add(format!("{path}::{}", variant.name), Aspect::WireValue, variant.wire_name.clone());
                }
            }
            TypeKind::Union(union) if union.discriminator.is_some() => {
                for variant in &union.variants {
                    add(format!("{path}::{}", variant.name), Aspect::Tags, variant.tags.join(", "));
                }
            }
            _ => {}
        }
    }
    facts.sort();
    facts
}

fn success(operation: &Operation) -> String {
    let statuses: std::collections::BTreeSet<u16> = operation.success.statuses.iter().copied().collect();
    if statuses.is_empty() {
        "any 2xx".to_owned()
    } else {
        statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
    }
}

fn response_body(body: &SuccessBody) -> &'static str {
    match body {
        SuccessBody::Empty => "nothing",
        SuccessBody::Json(_) => "JSON",
        SuccessBody::OptionalJson(_) => "JSON, or nothing for some statuses",
        SuccessBody::Text => "text",
        SuccessBody::Binary => "bytes",
    }
}

fn security(security: &Security) -> String {
    let mut kinds = Vec::new();
    if let Some(url) = &security.token_url {
        kinds.push(format!("client credentials from {url}"));
    }
    if let Some(key) = &security.api_key {
        kinds.push(format!("an API key in {} `{}`", location(key.location), key.name));
    }
    if security.bearer {
        kinds.push("a bearer token".to_owned());
    }
    // Without a scheme nothing is sent, whether or not the spec says so.
    if security.anonymous || kinds.is_empty() {
        kinds.push("no credentials".to_owned());
    }
    kinds.join(" or ")
}

fn pagination(operation: &Operation) -> String {
    match &operation.pagination {
        Some(paging) => {
            let (limit, offset) = (&operation.params[paging.limit].wire_name, &operation.params[paging.offset].wire_name);
            format!("`{limit}` and `{offset}`, {} a page unless set", paging.page_size)
        }
        None => "none".to_owned(),
    }
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

/// `query `limit``, with how lists and objects are spread.
fn sent_as(param: &Param) -> String {
    let mut text = format!("{} `{}`", location(param.location), param.wire_name);
    match param.style {
        Style::QueryObject { deep: false } => text.push_str(", a pair per field"),
        Style::QueryObject { deep: true } => text.push_str(", a pair per field, named `name[field]`"),
        Style::QueryList { explode: true, .. } => text.push_str(", a pair per item"),
        Style::QueryList { explode: false, delimiter: ',' } => text.push_str(", items joined by commas"),
        Style::QueryList { explode: false, delimiter } => text.push_str(&format!(", items joined by {delimiter:?}")),
        Style::Serialized { form, explode, .. } => {
            let form = match form {
                crate::ir::Serialization::Simple => "simple",
                crate::ir::Serialization::Label => "label",
                crate::ir::Serialization::Matrix => "matrix",
                crate::ir::Serialization::Form => "form",
                crate::ir::Serialization::Json => "JSON text",
            };
            text.push_str(&format!(", {form}{}", if explode { " exploded" } else { "" }));
        }
        Style::Path | Style::Query | Style::Header | Style::Cookie => {}
    }
    text
}

fn bounds(bounds: &Bounds) -> Vec<(Aspect, String)> {
    let mut facts = Vec::new();
    if let Some(minimum) = bounds.minimum {
        facts.push((Aspect::Minimum, minimum.to_string()));
    }
    if let Some(maximum) = bounds.maximum {
        facts.push((Aspect::Maximum, maximum.to_string()));
    }
    if let Some(length) = bounds.min_length {
        facts.push((Aspect::MinLength, length.to_string()));
    }
    if let Some(length) = bounds.max_length {
        facts.push((Aspect::MaxLength, length.to_string()));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_without_schemes_sends_no_credentials_whatever_it_says() {
        let none = Security { token_url: None, api_key: None, bearer: false, anonymous: false };
        let anonymous = Security { anonymous: true, ..none.clone() };
        assert_eq!(security(&none), "no credentials");
        assert_eq!(security(&anonymous), "no credentials");
        let bearer = Security { bearer: true, ..none.clone() };
        assert_eq!(security(&bearer), "a bearer token");
        assert_eq!(security(&Security { anonymous: true, ..bearer }), "a bearer token or no credentials");
    }
}
