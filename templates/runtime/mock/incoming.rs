//! A request as the mock sees it, and how the generated decoders read an
//! operation's parameters and body back from it.

use crate::runtime::params::Style;
use bytes::Bytes;
use hyper::{HeaderMap, Method};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

/// A request as the mock sees it, for the generated decoders.
#[doc(hidden)]
#[derive(Debug)]
pub struct Incoming {
    pub(super) method: Method,
    pub(super) path_params: BTreeMap<String, String>,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl Incoming {
    /// The path parameter `name`.
    pub fn path<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let text = self.path_params.get(name).ok_or_else(|| format!("no path parameter `{name}`"))?;
        from_text(text).map_err(|error| format!("path parameter `{name}`: {error}"))
    }

    /// The parameter `name`, where `style` says, if sent.
    pub fn value<T: DeserializeOwned>(&self, style: Style, name: &str) -> Result<Option<T>, String> {
        let texts = self.texts(style, name)?;
        texts.first().map(|text| from_text(text).map_err(|error| format!("{}: {error}", style.describe(name)))).transpose()
    }

    /// Every item of the list parameter `name`, where `style` says: one
    /// text per item, or one of the items joined by commas.
    pub fn list<T: DeserializeOwned>(&self, style: Style, name: &str) -> Result<Option<Vec<T>>, String> {
        let texts = self.texts(style, name)?;
        let items: Vec<&str> = if style.joins() { texts.iter().flat_map(|text| text.split(',')).collect() } else { texts.iter().map(String::as_str).collect() };
        if items.is_empty() {
            return Ok(None);
        }
        items.into_iter().map(|text| from_text(text).map_err(|error| format!("{}: {error}", style.describe(name)))).collect::<Result<_, _>>().map(Some)
    }

    /// An object query parameter sent one pair per field: every pair not
    /// named in `others`.
    pub fn query_object<T: DeserializeOwned>(&self, others: &[&str]) -> Result<Option<T>, String> {
        let fields: serde_json::Map<String, Value> =
            self.query.iter().filter(|(key, _)| !others.contains(&key.as_str())).map(|(key, text)| (key.clone(), guess(text))).collect();
        if fields.is_empty() {
            return Ok(None);
        }
        serde_json::from_value(Value::Object(fields)).map(Some).map_err(|error| format!("query object: {error}"))
    }

    /// The body as JSON, if there is one.
    pub fn json<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&self.body).map(Some).map_err(|error| format!("body: {error}"))
    }

    /// The body as a form, if there is one.
    pub fn form<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&self.body).map_err(|error| format!("body: {error}"))?;
        let fields = pairs.into_iter().map(|(key, text)| (key, guess(&text))).collect();
        serde_json::from_value(Value::Object(fields)).map(Some).map_err(|error| format!("body: {error}"))
    }

    /// The body as text, if there is one.
    pub fn text(&self) -> Result<Option<String>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        String::from_utf8(self.body.to_vec()).map(Some).map_err(|_| "body: not UTF-8".to_owned())
    }

    /// The body as bytes, if there is one.
    pub fn bytes(&self) -> Result<Option<Bytes>, String> {
        Ok((!self.body.is_empty()).then(|| self.body.clone()))
    }

    /// A body this mock does not read back (a multipart form).
    pub fn unreadable<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("the mock does not read {what} bodies back"))
    }

    /// The texts sent for the parameter `name` where `style` says: each
    /// query pair's, the header's, the cookie's (percent-decoded).
    fn texts(&self, style: Style, name: &str) -> Result<Vec<String>, String> {
        Ok(match style {
            Style::Query | Style::QueryList { .. } => self.query.iter().filter(|(key, _)| key == name).map(|(_, text)| text.clone()).collect(),
            Style::Header => match self.headers.get(name) {
                Some(value) => vec![value.to_str().map_err(|_| format!("header `{name}` is not text"))?.to_owned()],
                None => Vec::new(),
            },
            Style::Cookie => {
                let cookies = self.headers.get_all(hyper::header::COOKIE).iter().filter_map(|value| value.to_str().ok());
                let found = cookies.flat_map(|line| line.split(';')).find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    (key == name).then(|| percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
                });
                found.into_iter().collect()
            }
        })
    }
}

/// A value from its text form: as a JSON string first (text, dates,
/// enums), then as JSON (numbers, booleans).
pub(super) fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(text.to_owned())).or_else(|first| serde_json::from_str(text).map_err(|_| first.to_string()))
}

/// A query or form value as the JSON it most likely stands for.
pub(super) fn guess(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Number(_) | Value::Bool(_))) => value,
        _ => Value::String(text.to_owned()),
    }
}
