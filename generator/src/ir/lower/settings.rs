//! What the runtime needs besides operations and types: how clients
//! authenticate (the security schemes) and the generator settings the spec
//! carries in its `x-sdkgen` extension.

use super::Lowerer;
use crate::ir::{ApiKey, Location, PackageMeta, Security, Settings};
use crate::load::escape_pointer_segment;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};
use serde_json::Value;

/// The root extension that holds the generator's settings.
pub const SETTINGS_EXTENSION: &str = "x-sdkgen";

impl Lowerer<'_> {
    /// The ways the API takes credentials, and whether it needs any.
    pub(super) fn security(&mut self) -> Security {
        let mut security = Security { anonymous: self.anonymous(), ..Security::default() };
        let Some(components) = &self.doc.components else { return security };
        for (name, scheme) in &components.security_schemes {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_segment(name));
            let ReferenceOr::Item(scheme) = scheme else {
                self.problem(&pointer, "a security scheme must be inline");
                continue;
            };
            match scheme {
                SecurityScheme::OAuth2 { flows, .. } => {
                    security.bearer = true;
                    if let (None, Some(flow)) = (&security.token_url, &flows.client_credentials) {
                        security.token_url = Some(flow.token_url.clone());
                    }
                }
                SecurityScheme::OpenIDConnect { .. } => security.bearer = true,
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => security.bearer = true,
                SecurityScheme::HTTP { scheme, .. } => {
                    self.warn(&pointer, format!("the HTTP `{scheme}` scheme is not supported; a client can still send a bearer token"));
                    security.bearer = true;
                }
                SecurityScheme::APIKey { location, name: key_name, .. } => {
                    if security.api_key.is_some() {
                        self.warn(&pointer, "only the first apiKey scheme is supported; this one is left out");
                        continue;
                    }
                    let location = match location {
                        APIKeyLocation::Header => Location::Header,
                        APIKeyLocation::Query => Location::Query,
                        APIKeyLocation::Cookie => Location::Cookie,
                    };
                    if location == Location::Header && !crate::ir::names::is_header_name(key_name) {
                        self.problem(&format!("{pointer}/name"), format!("`{key_name}` is not a valid HTTP header name"));
                        continue;
                    }
                    security.api_key = Some(ApiKey { location, name: key_name.clone() });
                }
            }
        }
        security
    }

    /// Whether every operation can be called without credentials: its
    /// requirements (its own, or the document's) are absent, empty, or
    /// include the empty requirement `{}`.
    fn anonymous(&self) -> bool {
        let open = |requirements: &Option<Vec<SecurityRequirement>>| {
            requirements.as_ref().is_none_or(|list| list.is_empty() || list.iter().any(|requirement| requirement.is_empty()))
        };
        let global = &self.doc.security;
        let operations: Vec<&openapiv3::Operation> = self
            .doc
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .flat_map(|item| item.iter().map(|(_, operation)| operation))
            .collect();
        if operations.is_empty() {
            return open(global);
        }
        operations.iter().all(|operation| if operation.security.is_some() { open(&operation.security) } else { open(global) })
    }

    /// The settings in the root's `x-sdkgen` extension; the crate's license,
    /// where they name none, is the SPDX identifier of the API's license
    /// (OpenAPI 3.1's `info.license.identifier`), if it has one.
    pub(super) fn settings(&mut self) -> Settings {
        let mut settings = self.extension_settings();
        if settings.package.license.is_none() {
            settings.package.license = self.license_identifier();
        }
        settings
    }

    fn license_identifier(&mut self) -> Option<String> {
        if self.spec.dialect < crate::load::Dialect::V3_1 {
            return None;
        }
        let identifier = self.spec.bundled.pointer("/info/license/identifier")?.as_str()?;
        let spdx = |c: char| c.is_ascii_alphanumeric() || "-.+() ".contains(c);
        if identifier.trim().is_empty() || !identifier.chars().all(spdx) {
            self.warn("/info/license/identifier", "expected an SPDX license expression; the crate keeps the default license");
            return None;
        }
        Some(identifier.to_owned())
    }

    /// The settings in the root's `x-sdkgen` extension; an unknown key or a
    /// value of the wrong kind is a problem, never ignored.
    fn extension_settings(&mut self) -> Settings {
        let mut settings = Settings::default();
        let Some(value) = self.doc.extensions.get(SETTINGS_EXTENSION) else { return settings };
        let pointer = format!("/{SETTINGS_EXTENSION}");
        let Some(object) = value.as_object() else {
            self.problem(&pointer, "expected an object of generator settings");
            return settings;
        };
        for (key, value) in object {
            let at = format!("{pointer}/{}", escape_pointer_segment(key));
            match key.as_str() {
                "env-prefix" => match value.as_str() {
                    Some(prefix) if is_env_prefix(prefix) => settings.env_prefix = Some(prefix.to_owned()),
                    _ => self.problem(&at, "expected an environment variable prefix: capital letters, digits and `_`, starting with a letter"),
                },
                "rate-limit" => settings.rate_limit = self.rate_limit(value, &at),
                "package" => settings.package = self.package(value, &at),
                "past-end" => settings.past_end = self.past_end(value, &at),
                _ => self.problem(&at, "unknown setting; expected `env-prefix`, `rate-limit`, `package` or `past-end`"),
            }
        }
        settings
    }

    fn rate_limit(&mut self, value: &Value, pointer: &str) -> Option<(u64, u64)> {
        let requests = value.get("requests").and_then(Value::as_u64).filter(|n| *n > 0);
        let window = value.get("window-seconds").and_then(Value::as_u64).filter(|n| *n > 0);
        let known = value.as_object().is_some_and(|object| object.keys().all(|key| key == "requests" || key == "window-seconds"));
        match (requests, window, known) {
            (Some(requests), Some(window), true) => Some((requests, window)),
            _ => {
                self.problem(pointer, "expected `{requests: N, window-seconds: S}` with positive whole numbers");
                None
            }
        }
    }

    /// How the service answers a list request whose offset is at or past
    /// the end of a non-empty collection: `{status: 400, body: {...}}`.
    fn past_end(&mut self, value: &Value, pointer: &str) -> Option<(u16, Value)> {
        let status = value.get("status").and_then(Value::as_u64).and_then(|status| u16::try_from(status).ok()).filter(|status| (200..600).contains(status));
        let known = value.as_object().is_some_and(|object| object.keys().all(|key| key == "status" || key == "body"));
        match (status, known) {
            (Some(status), true) => Some((status, value.get("body").cloned().unwrap_or(Value::Null))),
            _ => {
                self.problem(pointer, "expected `{status: N, body: ...}`: the status (200 to 599) and JSON body the service answers past the end of a list");
                None
            }
        }
    }

    fn package(&mut self, value: &Value, pointer: &str) -> PackageMeta {
        let mut package = PackageMeta::default();
        let Some(object) = value.as_object() else {
            self.problem(pointer, "expected an object of package metadata");
            return package;
        };
        for (key, value) in object {
            let at = format!("{pointer}/{}", escape_pointer_segment(key));
            let text = || value.as_str().filter(|text| is_manifest_text(text)).map(str::to_owned);
            let list = || {
                value.as_array().and_then(|items| items.iter().map(|item| item.as_str().filter(|t| is_manifest_text(t)).map(str::to_owned)).collect())
            };
            let slot = match key.as_str() {
                "repository" => text().map(|t| package.repository = Some(t)).is_some(),
                "homepage" => text().map(|t| package.homepage = Some(t)).is_some(),
                "documentation" => text().map(|t| package.documentation = Some(t)).is_some(),
                "license" => text().map(|t| package.license = Some(t)).is_some(),
                "keywords" => list().map(|items| package.keywords = items).is_some(),
                "categories" => list().map(|items| package.categories = items).is_some(),
                _ => {
                    self.problem(&at, "unknown package setting; expected repository, homepage, documentation, license, keywords or categories");
                    continue;
                }
            };
            if !slot {
                self.problem(&at, "expected text without quotes, backslashes or line breaks (a list of such for keywords and categories)");
            }
        }
        package
    }
}

/// `SAIL`, `MY_API2`: what can start an environment variable's name.
fn is_env_prefix(prefix: &str) -> bool {
    prefix.starts_with(|c: char| c.is_ascii_uppercase()) && prefix.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Text that can stand in a TOML basic string as it is.
fn is_manifest_text(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(|c| c == '"' || c == '\\' || c.is_control())
}
