//! Operations → request builders, success types and error enums.

use super::schema::secret_if_password;
use super::{status, Lowerer};
use crate::ir::names::{self, Registry, Scope};
use crate::ir::public::OperationApi;
use crate::ir::{Body, BodyKind, Bounds, ErrorCase, ErrorStatus, Header, HttpMethod, Location, Operation, Pagination, Param, PathPart, Style, Success, SuccessBody, Type, Webhook};
use crate::load::escape_pointer_segment;
use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// The extension that forces (`true`) or disables (`false`) pagination.
const PAGINATION_EXTENSION: &str = "x-sdkgen-pagination";

struct Responses {
    success: Success,
    errors: Vec<ErrorCase>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut operations = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let item_pointer = format!("/paths/{}", escape_pointer_segment(path));
            let ReferenceOr::Item(item) = item else {
                self.problem(&item_pointer, "a path item must be inline or a ref to a file");
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{item_pointer}/{method}");
                let mut id = operation.operation_id.clone().unwrap_or_else(|| derived_id(method, path));
                if let Some(first) = ids.get(&id) {
                    let apart = [format!("{id}_{method}"), format!("{id}_{}", derived_id(method, path))]
                        .into_iter()
                        .chain((2..).map(|n| format!("{id}_{n}")))
                        .find(|candidate| !ids.contains_key(candidate))
                        .expect("an endless list has a free name");
                    self.warn(&format!("{pointer}/operationId"), format!("operationId `{id}` is used twice (first at #{first}); this operation is named `{apart}`"));
                    id = apart;
                }
                ids.insert(id.clone(), pointer.clone());
                let method_name = self.names.client_methods.claim(names::client_method_name(&id));
                if let Some(lowered) = self.operation(id, method_name, method, path, &item.parameters, operation, &pointer) {
                    operations.push(lowered);
                }
            }
        }
        let taken: BTreeSet<String> = operations.iter().map(|operation| operation.method_name.clone()).collect();
        let taken: BTreeSet<&str> = taken.iter().map(String::as_str).collect();
        for operation in &mut operations {
            operation.aliases = names::method_aliases(&operation.method_name, operation.http_method, &operation.path, &taken);
        }
        operations
    }

    /// Each operation of each webhook: its name in the `webhooks` module
    /// (the webhook's, with the method's where it has several) and what its
    /// body carries.
    pub(super) fn lower_webhooks(&mut self) -> Vec<Webhook> {
        let mut webhooks = Vec::new();
        for (name, item) in &self.spec.webhooks {
            let item_pointer = format!("/webhooks/{}", escape_pointer_segment(name));
            let ReferenceOr::Item(item) = item else {
                self.problem(&item_pointer, "a webhook must be inline or a ref to a file");
                continue;
            };
            let several = item.iter().count() > 1;
            for (method, operation) in item.iter() {
                let pointer = format!("{item_pointer}/{method}");
                let base = if several { format!("{name} {method}") } else { name.clone() };
                let type_name = self.names.webhook_types.claim(names::type_name(&base));
                let body = self.body(operation, &format!("{type_name}Webhook"), &pointer, &mut Registry::items());
                webhooks.push(Webhook {
                    name: name.clone(),
                    type_name,
                    method: http_method(method),
                    summary: operation.summary.clone(),
                    doc: operation.description.clone(),
                    body,
                });
            }
        }
        webhooks
    }

    #[allow(clippy::too_many_arguments, reason = "each argument is one part of where the operation sits")]
    fn operation(
        &mut self,
        id: String,
        method_name: String,
        method: &str,
        path: &str,
        shared_params: &'a [ReferenceOr<openapiv3::Parameter>],
        operation: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Option<Operation> {
        let type_base = names::type_name(&id);
        let request_name = self.names.types.claim(type_base.clone());
        // Named after the request type as claimed, so `Clone2` has `Clone2Params`.
        let params_name = self.names.types.claim(names::params_name(&request_name));
        let error_name = self.names.types.claim(names::error_name(&request_name));
        let mut scope = Registry::items();
        let mut params = self.params(shared_params, &operation.parameters, &type_base, pointer, &mut scope);
        self.reconcile_path_params(path, &mut params, pointer, &mut scope);
        let path_parts = self.path_parts(path, &params, pointer)?;
        let body = self.body(operation, &type_base, pointer, &mut scope);
        let responses = self.responses(operation, &type_base, pointer)?;
        let pagination = self.pagination(operation, method, &params, &responses.success, pointer);
        Some(Operation {
            operation_id: id,
            method_name,
            aliases: Vec::new(),
            request_name,
            params_name,
            error_name,
            http_method: http_method(method),
            path: path.to_owned(),
            path_parts,
            params,
            body,
            success: responses.success,
            errors: responses.errors,
            pagination,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            tags: operation.tags.clone(),
            features: Vec::new(),
            api: OperationApi::default(),
        })
    }

    /// A GET whose success body is an array and that has integer `limit`
    /// and `offset` query parameters pages; the extension overrides that.
    fn pagination(&mut self, operation: &openapiv3::Operation, method: &str, params: &[Param], success: &Success, pointer: &str) -> Option<Pagination> {
        let wanted = match operation.extensions.get(PAGINATION_EXTENSION) {
            None => None,
            Some(serde_json::Value::Bool(wanted)) => Some(*wanted),
            Some(other) => {
                self.problem(&format!("{pointer}/{PAGINATION_EXTENSION}"), format!("expected true or false, found {other}"));
                return None;
            }
        };
        if wanted == Some(false) {
            return None;
        }
        let integer_query = |name: &str| {
            params.iter().position(|p| p.location == Location::Query && p.wire_name == name && matches!(p.ty, Type::I32 | Type::I64))
        };
        let found = match (integer_query("limit"), integer_query("offset"), &success.body) {
            (Some(limit), Some(offset), SuccessBody::Json(Type::Array(item))) if method == "get" || wanted == Some(true) => {
                let page_size = params[limit]
                    .default
                    .as_ref()
                    .and_then(serde_json::Value::as_i64)
                    .or(params[limit].bounds.maximum)
                    .filter(|size| *size > 0)
                    .unwrap_or(100);
                let total_header = success.headers.iter().find(|h| is_total_header(h)).map(|h| h.wire_name.clone());
                let count = params.iter().position(|p| p.location == Location::Query && p.ty == Type::Bool && is_count_param(&p.wire_name));
                Some(Pagination { limit, offset, item: (**item).clone(), page_size, total_header, count })
            }
            _ => None,
        };
        if found.is_none() && wanted == Some(true) {
            self.problem(
                &format!("{pointer}/{PAGINATION_EXTENSION}"),
                "pagination needs integer `limit` and `offset` query parameters and an array response",
            );
        }
        found
    }

    fn params(
        &mut self,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        type_base: &str,
        pointer: &str,
        scope: &mut Scope,
    ) -> Vec<Param> {
        // Each parameter, where it is listed, and the component it is.
        let mut resolved: Vec<(&'a openapiv3::Parameter, String, Option<String>)> = Vec::new();
        let shared_pointer = pointer.rsplit_once('/').map_or(pointer, |(item, _)| item);
        let listed = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{shared_pointer}/parameters/{i}")))
            .chain(own.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))));
        for (param, param_pointer) in listed {
            let Some((param, component)) = self.resolve(param, "parameters", |c| &c.parameters, &param_pointer) else { continue };
            let data = param.parameter_data_ref();
            if location(param) == Location::Header && !self.header_param_kept(&data.name, &param_pointer) {
                continue;
            }
            let key = (location(param), data.name.as_str());
            match resolved.iter_mut().find(|(p, _, _)| (location(p), p.parameter_data_ref().name.as_str()) == key) {
                Some(slot) => *slot = (param, param_pointer, component),
                None => resolved.push((param, param_pointer, component)),
            }
        }
        resolved
            .into_iter()
            .map(|(param, pointer, component)| {
                let at = component.map_or_else(|| pointer.clone(), |name| format!("/components/parameters/{name}"));
                let mut lowered = self.param(param, type_base, &pointer, scope);
                // A list joined by a delimiter OpenAPI 3 has no style for.
                if let (Some(&delimiter), Style::QueryList { explode: false, .. }) = (self.spec.delimiters.get(&at), lowered.style) {
                    lowered.style = Style::QueryList { explode: false, delimiter };
                }
                lowered
            })
            .collect()
    }

    /// A header parameter needs a name HTTP allows; one named `Accept`,
    /// `Content-Type` or `Authorization` is ignored, as OpenAPI says (the
    /// client sets those itself).
    fn header_param_kept(&mut self, name: &str, pointer: &str) -> bool {
        if ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str()) {
            self.warn(pointer, format!("a header parameter named `{name}` is ignored, as OpenAPI says; the client sets it"));
            false
        } else if !names::is_header_name(name) {
            self.problem(pointer, format!("`{name}` is not a header name: expected letters, digits and ``!#$%&'*+-.^_`|~`` only"));
            false
        } else {
            true
        }
    }

    fn param(&mut self, param: &'a openapiv3::Parameter, type_base: &str, pointer: &str, scope: &mut Scope) -> Param {
        let data = param.parameter_data_ref();
        let hint = format!("{type_base}{}", names::type_name(&data.name));
        let (ty, bounds, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.schema_type(schema, &hint, &format!("{pointer}/schema")).without_nulls();
                // A named list is sent as the list it is, item by item.
                let ty = self.array_behind_aliases(&ty).clone();
                let target = self.resolved(schema, pointer);
                let ty = secret_if_password(ty, target);
                let bounds = target.map(|schema| self.bounds(schema, pointer)).unwrap_or_default();
                (ty, bounds, target.and_then(|s| s.schema_data.default.clone()))
            }
            // Sent as JSON text, whatever the media type says it is.
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, media_type)) => {
                    if !media.contains("json") {
                        self.warn(&format!("{pointer}/content"), format!("the parameter is described as `{media}`; it is sent as JSON text"));
                    }
                    let ty = match &media_type.schema {
                        Some(schema) => self.schema_type(schema, &hint, &format!("{pointer}/content/{}/schema", escape_pointer_segment(media))).without_nulls(),
                        None => Type::Json,
                    };
                    (ty, Bounds::default(), None)
                }
                None => (Type::Json, Bounds::default(), None),
            },
        };
        let location = location(param);
        let content = matches!(data.format, ParameterSchemaOrContent::Content(_));
        let object = !self.is_text_type(&ty);
        if location == Location::Path && !data.required {
            self.warn(&format!("{pointer}/required"), "a path parameter is always required (`required: true`); read as required");
        }
        Param {
            name: scope.claim(names::value_name(&data.name)),
            wire_name: data.name.clone(),
            location,
            style: Style::of(location, &ty, object, style_name(param), data.explode, content),
            ty,
            required: data.required || location == Location::Path,
            doc: data.description.clone(),
            bounds,
            default,
        }
    }

    /// Real specs name path parameters they do not declare, and declare
    /// ones their path does not have: the first become string parameters,
    /// the second are dropped, each with a warning.
    fn reconcile_path_params(&mut self, path: &str, params: &mut Vec<Param>, pointer: &str, scope: &mut Scope) {
        let named: Vec<&str> = path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        for name in &named {
            if !params.iter().any(|p| p.location == Location::Path && p.wire_name == *name) {
                self.warn(pointer, format!("the path names `{{{name}}}` but declares no such path parameter; it is taken as a required string"));
                params.push(Param {
                    name: scope.claim(names::value_name(name)),
                    wire_name: (*name).to_owned(),
                    location: Location::Path,
                    ty: Type::String,
                    required: true,
                    doc: None,
                    bounds: Bounds::default(),
                    default: None,
                    style: Style::Path,
                });
            }
        }
        let before = params.len();
        params.retain(|p| p.location != Location::Path || named.contains(&p.wire_name.as_str()));
        if params.len() < before {
            self.warn(pointer, format!("path parameters that `{path}` does not contain are left out"));
        }
    }

    fn path_parts(&mut self, path: &str, params: &[Param], pointer: &str) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.problem(pointer, format!("path `{path}` has an unclosed `{{`"));
                return None;
            };
            let name = &rest[open + 1..open + close];
            let Some(index) = params.iter().position(|p| p.location == Location::Path && p.wire_name == name) else {
                self.problem(pointer, format!("path `{path}` names `{{{name}}}` but no path parameter `{name}` is declared"));
                return None;
            };
            parts.push(PathPart::Param(index));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        Some(parts)
    }

    fn body(&mut self, operation: &'a openapiv3::Operation, type_base: &str, pointer: &str, scope: &mut Scope) -> Option<Body> {
        let body_pointer = format!("{pointer}/requestBody");
        let (body, _) = self.resolve(operation.request_body.as_ref()?, "requestBodies", |c| &c.request_bodies, &body_pointer)?;
        let Some((content_type, media)) = preferred_media(&body.content) else {
            self.problem(&body_pointer, "a request body needs at least one media type in `content`");
            return None;
        };
        let media_pointer = format!("{body_pointer}/content/{}", escape_pointer_segment(content_type));
        let kind = match media_kind(content_type) {
            MediaKind::Json => BodyKind::Json(self.media_type(media, &format!("{type_base}Body"), &media_pointer)),
            MediaKind::Form => BodyKind::Form(self.media_type(media, &format!("{type_base}Body"), &media_pointer)),
            MediaKind::Multipart => BodyKind::Multipart,
            MediaKind::Text => BodyKind::Text,
            MediaKind::Binary => BodyKind::Binary,
        };
        Some(Body {
            name: scope.claim("body".to_owned()),
            kind,
            required: body.required,
            content_type: content_type.to_owned(),
            doc: body.description.clone(),
        })
    }

    fn media_type(&mut self, media: &'a MediaType, hint: &str, pointer: &str) -> Type {
        let ty = match &media.schema {
            Some(schema) => self.schema_type(schema, hint, &format!("{pointer}/schema")),
            None => Type::Json,
        };
        if let Type::Named(name) = &ty {
            let examples = media.example.iter().cloned().chain(media.examples.values().filter_map(|example| match example {
                ReferenceOr::Item(example) => example.value.clone(),
                ReferenceOr::Reference { .. } => None,
            }));
            self.examples.entry(name.clone()).or_default().extend(examples);
        }
        ty
    }

    fn responses(&mut self, operation: &'a openapiv3::Operation, type_base: &str, pointer: &str) -> Option<Responses> {
        let mut successes: Vec<(u16, SuccessBody, Vec<Header>)> = Vec::new();
        let mut errors = Vec::new();
        let mut scope = Registry::error_variants();
        let listed = operation.responses.responses.iter().map(|(code, response)| match *code {
            StatusCode::Code(code) => (ErrorStatus::Code(code), response),
            StatusCode::Range(hundreds) => (ErrorStatus::Range(hundreds), response),
        });
        let default = operation.responses.default.iter().map(|response| (ErrorStatus::Default, response));
        for (status, response) in listed.chain(default) {
            let key = match status {
                ErrorStatus::Default => "default".to_owned(),
                other => other.to_string(),
            };
            let response_pointer = format!("{pointer}/responses/{key}");
            if matches!(status, ErrorStatus::Range(2)) {
                self.warn(&response_pointer, "a 2XX range is not a documented success status; such responses are kept raw");
                continue;
            }
            let Some((response, component)) = self.resolve(response, "responses", |c| &c.responses, &response_pointer) else { continue };
            let is_success = matches!(status, ErrorStatus::Code(200..=299));
            let variant = status::variant(status);
            let (hint, content_pointer) = match &component {
                Some(name) => (response_hint(name), format!("/components/responses/{}", escape_pointer_segment(name))),
                None if is_success => (format!("{type_base}Response"), response_pointer.clone()),
                None => (format!("{type_base}{variant}Body"), response_pointer.clone()),
            };
            let body = self.response_body(response, &hint, &content_pointer);
            let headers = self.headers(response, &content_pointer);
            if let (true, ErrorStatus::Code(code)) = (is_success, status) {
                successes.push((code, body, headers));
            } else {
                errors.push(ErrorCase {
                    status,
                    variant: scope.claim(variant),
                    ty: body.schema_type().cloned(),
                    headers,
                    doc: Some(response.description.clone()).filter(|d| !d.is_empty()),
                    example: media_example(response),
                });
            }
        }
        let success = self.success(successes, pointer);
        Some(Responses { success, errors })
    }

    fn response_body(&mut self, response: &'a openapiv3::Response, hint: &str, pointer: &str) -> SuccessBody {
        let Some((content_type, media)) = preferred_media(&response.content) else {
            return SuccessBody::Empty;
        };
        match media_kind(content_type) {
            MediaKind::Json => {
                let media_pointer = format!("{pointer}/content/{}", escape_pointer_segment(content_type));
                SuccessBody::Json(self.media_type(media, hint, &media_pointer))
            }
            MediaKind::Text => SuccessBody::Text,
            MediaKind::Form | MediaKind::Multipart | MediaKind::Binary => SuccessBody::Binary,
        }
    }

    fn headers(&mut self, response: &'a openapiv3::Response, pointer: &str) -> Vec<Header> {
        let mut scope = Registry::items();
        let mut headers = Vec::new();
        for (wire_name, header) in &response.headers {
            let header_pointer = format!("{pointer}/headers/{}", escape_pointer_segment(wire_name));
            let Some((header, _)) = self.resolve(header, "headers", |c| &c.headers, &header_pointer) else { continue };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_type(schema, &names::type_name(wire_name), &format!("{header_pointer}/schema")).without_nulls()
                }
                ParameterSchemaOrContent::Content(_) => Type::String,
            };
            headers.push(Header {
                name: scope.claim(names::value_name(wire_name)),
                wire_name: wire_name.clone(),
                ty,
                doc: header.description.clone(),
            });
        }
        headers
    }

    /// One body type for every success status: the shared one, `Option`
    /// where some statuses have no body, or, where they truly differ, the
    /// most general one (with a warning).
    fn success(&mut self, successes: Vec<(u16, SuccessBody, Vec<Header>)>, pointer: &str) -> Success {
        if successes.is_empty() {
            self.warn(
                &format!("{pointer}/responses"),
                "no 2xx response is documented; any 2xx counts as success and its body is returned as bytes",
            );
            return Success { statuses: Vec::new(), body: SuccessBody::Binary, headers: Vec::new() };
        }
        let mut statuses = Vec::new();
        let mut headers: Vec<Header> = Vec::new();
        let mut bodies: Vec<SuccessBody> = Vec::new();
        for (status, body, more_headers) in successes {
            statuses.push(status);
            for header in more_headers {
                if !headers.iter().any(|h| h.wire_name == header.wire_name) {
                    headers.push(header);
                }
            }
            if !bodies.contains(&body) {
                bodies.push(body);
            }
        }
        let body = match bodies.as_slice() {
            [one] => one.clone(),
            [SuccessBody::Json(ty), SuccessBody::Empty] | [SuccessBody::Empty, SuccessBody::Json(ty)] => SuccessBody::OptionalJson(ty.clone()),
            _ => {
                let all_json = bodies.iter().all(|b| matches!(b, SuccessBody::Json(_) | SuccessBody::Empty));
                let body = if all_json { SuccessBody::OptionalJson(Type::Json) } else { SuccessBody::Binary };
                self.warn(
                    &format!("{pointer}/responses"),
                    format!("success statuses {statuses:?} have different bodies; the body is returned as {}", if all_json { "JSON" } else { "bytes" }),
                );
                body
            }
        };
        Success { statuses, body, headers }
    }
}

/// How a media type is sent and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

fn media_kind(content_type: &str) -> MediaKind {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" => MediaKind::Multipart,
        "application/xml" => MediaKind::Text,
        other if other.ends_with("+json") => MediaKind::Json,
        other if other.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

/// The media type to use where several are offered: JSON first.
fn preferred_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .min_by_key(|(content_type, _)| media_kind(content_type))
        .map(|(content_type, media)| (content_type.as_str(), media))
}

impl Lowerer<'_> {
    /// Whether a parameter of type `ty` can be written as text: what has
    /// a text form, and arrays of it.
    fn is_text_type(&self, ty: &Type) -> bool {
        let item = match self.array_behind_aliases(ty) {
            Type::Array(item) => item,
            other => other,
        };
        crate::ir::text_form(item, |name| self.types.get(name).map(|def| &def.kind)).is_some()
    }

    /// The array a chain of aliases names (`Ids` for `type Ids =
    /// Vec<String>`), whose items a parameter writes one by one; any other
    /// type as it is.
    fn array_behind_aliases<'t>(&'t self, ty: &'t Type) -> &'t Type {
        let mut current = ty;
        let mut seen = std::collections::HashSet::new();
        while let Type::Named(name) = current {
            match self.types.get(name).map(|def| &def.kind) {
                Some(crate::ir::TypeKind::Alias(inner @ (Type::Named(_) | Type::Array(_)))) if seen.insert(name) => current = inner,
                _ => break,
            }
        }
        if matches!(current, Type::Array(_)) { current } else { ty }
    }
}

/// A success header that carries a list's size in all: an integer header
/// whose name speaks of a total (`X-Total-Count`, `X-Total`, `Total-Count`).
fn is_total_header(header: &Header) -> bool {
    matches!(header.ty, Type::I32 | Type::I64) && header.wire_name.to_ascii_lowercase().contains("total")
}

/// A boolean query parameter that asks for the total: `count`,
/// `includeTotal`, `withCount`, `total`...
fn is_count_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "count" || name.contains("total") || name == "withcount" || name == "include_count" || name == "includecount"
}

/// A stable name for an operation without an `operationId`, from its
/// method and path: `get /users/{id}/keys` → `get_users_by_id_keys`.
fn derived_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// The type name for an inline body inside the response component `name`:
/// `UnauthorizedBody` for the component `401`, `{Name}Body` otherwise.
fn response_hint(name: &str) -> String {
    match name.parse::<u16>() {
        Ok(code) => format!("{}Body", status::variant(ErrorStatus::Code(code))),
        Err(_) => format!("{}Body", names::type_name(name)),
    }
}

fn location(param: &openapiv3::Parameter) -> Location {
    match param {
        openapiv3::Parameter::Query { .. } => Location::Query,
        openapiv3::Parameter::Header { .. } => Location::Header,
        openapiv3::Parameter::Path { .. } => Location::Path,
        openapiv3::Parameter::Cookie { .. } => Location::Cookie,
    }
}

fn http_method(method: &str) -> HttpMethod {
    match method {
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => HttpMethod::Get,
    }
}

/// The example a response's preferred media type gives, if it gives one
/// inline: `example`, or the first of `examples`.
fn media_example(response: &openapiv3::Response) -> Option<serde_json::Value> {
    let (_, media) = preferred_media(&response.content)?;
    media.example.clone().or_else(|| {
        media.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

/// The `style` a parameter names, if it names one.
fn style_name(param: &openapiv3::Parameter) -> Option<&'static str> {
    use openapiv3::{Parameter, PathStyle, QueryStyle};
    match param {
        Parameter::Path { style: PathStyle::Label, .. } => Some("label"),
        Parameter::Path { style: PathStyle::Matrix, .. } => Some("matrix"),
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => Some("spaceDelimited"),
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => Some("pipeDelimited"),
        Parameter::Query { style: QueryStyle::DeepObject, .. } => Some("deepObject"),
        _ => None,
    }
}
