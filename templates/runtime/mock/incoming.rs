//! A request as the mock sees it, and how the generated decoders read an
//! operation's parameters and body back from it.

use crate::runtime::params::{Serialization, Shape, Style};
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
        let items: Vec<&str> = if style.joins() { texts.iter().flat_map(|text| text.split(style.delimiter())).collect() } else { texts.iter().map(String::as_str).collect() };
        if items.is_empty() {
            return Ok(None);
        }
        items.into_iter().map(|text| from_text(text).map_err(|error| format!("{}: {error}", style.describe(name)))).collect::<Result<_, _>>().map(Some)
    }

    /// A parameter written by `serialize`: in the path (`style` `None`),
    /// or where `style` says; read back as `form` and `shape` say.
    pub fn serialized<T: DeserializeOwned>(&self, style: Option<Style>, name: &str, form: Serialization, explode: bool, shape: Shape) -> Result<Option<T>, String> {
        let text = match style {
            None => self.path_params.get(name).cloned(),
            Some(style) => self.texts(style, name)?.into_iter().next(),
        };
        let Some(text) = text else { return Ok(None) };
        let value = unserialize(&text, name, form, explode, shape).map_err(|error| format!("parameter `{name}`: {error}"))?;
        serde_json::from_value(value).map(Some).map_err(|error| format!("parameter `{name}`: {error}"))
    }

    /// An object query parameter sent one pair per field named
    /// `name[field]` (`style: deepObject`).
    pub fn query_deep_object<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        let fields: serde_json::Map<String, Value> = self
            .query
            .iter()
            .filter_map(|(key, text)| Some((key.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?.to_owned(), guess(text))))
            .collect();
        if fields.is_empty() {
            return Ok(None);
        }
        serde_json::from_value(Value::Object(fields)).map(Some).map_err(|error| format!("query parameter `{name}`: {error}"))
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

/// The JSON a serialized parameter's text stands for (the inverse of the
/// runtime's `serialize`).
fn unserialize(text: &str, name: &str, form: Serialization, explode: bool, shape: Shape) -> Result<Value, String> {
    if form == Serialization::Json {
        return serde_json::from_str(text).map_err(|error| error.to_string());
    }
    let prefix = format!(";{name}=");
    // The parts, and for an exploded object the pairs they are.
    let parts: Vec<&str> = match form {
        Serialization::Label => {
            let rest = text.strip_prefix('.').ok_or("a label value starts with `.`")?;
            rest.split(if explode { '.' } else { ',' }).collect()
        }
        Serialization::Matrix if explode => {
            let rest = text.strip_prefix(';').ok_or("a matrix value starts with `;`")?;
            rest.split(';').map(|part| part.strip_prefix(&prefix[1..]).unwrap_or(part)).collect()
        }
        Serialization::Matrix => text.strip_prefix(prefix.as_str()).ok_or_else(|| format!("a matrix value starts with `{prefix}`"))?.split(',').collect(),
        _ => text.split(',').collect(),
    };
    Ok(match shape {
        Shape::Scalar => guess(parts.first().copied().unwrap_or_default()),
        Shape::List => Value::Array(parts.iter().map(|part| guess(part)).collect()),
        Shape::Object if explode => Value::Object(parts.iter().filter_map(|pair| pair.split_once('=')).map(|(key, value)| (key.to_owned(), guess(value))).collect()),
        Shape::Object => Value::Object(parts.chunks(2).filter_map(|pair| Some((pair.first()?.to_string(), guess(pair.get(1)?)))).collect()),
    })
}
