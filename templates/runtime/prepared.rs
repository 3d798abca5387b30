//! What an operation puts on the wire, before the client sends it: which
//! endpoint it is, and its encoded path, query, headers, cookies and body.

use super::error::InvalidArgument;
use super::params::Style;
use bytes::Bytes;
use reqwest::Method;

/// Which operation a request is: its id, method and path template (for
/// tracing and errors) and the statuses that count as success.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub operation: &'static str,
    pub method: Method,
    pub path: &'static str,
    /// The documented success statuses; any 2xx when empty.
    pub success: &'static [u16],
}

impl Endpoint {
    pub(crate) fn is_success(&self, status: reqwest::StatusCode) -> bool {
        if self.success.is_empty() {
            status.is_success()
        } else {
            self.success.contains(&status.as_u16())
        }
    }
}

/// A request's parts as they go on the wire: the encoded path below the
/// base URL, query pairs, headers, cookies and body.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Prepared {
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) cookies: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
}

/// A request body.
pub(crate) enum Body {
    /// Bytes that can be sent again on a retry.
    Bytes { content_type: &'static str, bytes: Bytes },
    /// A body built by `reqwest` itself (multipart), sent once.
    Custom(Box<dyn FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send>),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Bytes { content_type, bytes } => write!(f, "{} bytes of {content_type}", bytes.len()),
            Body::Custom(_) => f.write_str("a multipart body"),
        }
    }
}

impl Prepared {
    /// A request to `path` (already encoded) below the base URL.
    pub fn new(path: String) -> Self {
        Prepared { path, ..Prepared::default() }
    }

    /// Adds the parameter `name` where `style` says: `texts` is a value's
    /// text, or the texts of a list's items.
    pub fn put(&mut self, style: Style, name: &'static str, texts: impl IntoIterator<Item = String>) {
        let texts: Vec<String> = texts.into_iter().collect();
        let texts = if style.joins() { vec![texts.join(style.delimiter().to_string().as_str())] } else { texts };
        for text in texts {
            match style {
                Style::Query | Style::QueryList { .. } => self.query.push((name.to_owned(), text)),
                Style::Header => self.headers.push((name, text)),
                Style::Cookie => self.cookies.push((name, super::params::cookie_value(&text))),
            }
        }
    }

    /// Adds `text`, written by [`serialize`](super::params::serialize)
    /// and escaped for where `style` puts it, as it is.
    pub fn put_serialized(&mut self, style: Style, name: &'static str, text: String) {
        match style {
            Style::Query | Style::QueryList { .. } => self.query.push((name.to_owned(), text)),
            Style::Header => self.headers.push((name, text)),
            Style::Cookie => self.cookies.push((name, text)),
        }
    }

    /// Adds one query pair per field of `value`, named `name[field]`
    /// (`style: deepObject`).
    pub fn query_deep_object<T: serde::Serialize>(&mut self, name: &'static str, value: &T) -> Result<(), InvalidArgument> {
        let start = self.query.len();
        self.query_object(name, value)?;
        for (key, _) in &mut self.query[start..] {
            *key = format!("{name}[{key}]");
        }
        Ok(())
    }

    /// Adds one query pair per field of `value` (`style: form`, `explode: true`).
    pub fn query_object<T: serde::Serialize>(&mut self, name: &'static str, value: &T) -> Result<(), InvalidArgument> {
        let fields = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(fields)) => fields,
            Ok(_) => return Err(InvalidArgument::new(name, "is not an object")),
            Err(error) => return Err(InvalidArgument::new(name, error.to_string())),
        };
        for (key, value) in fields {
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            self.query.push((key, text));
        }
        Ok(())
    }

    /// Sends `value` as JSON with the media type `content_type`.
    pub fn json<T: serde::Serialize>(&mut self, value: &T, content_type: &'static str) -> Result<(), InvalidArgument> {
        let bytes = serde_json::to_vec(value).map_err(|error| InvalidArgument::new("body", error.to_string()))?;
        self.body = Some(Body::Bytes { content_type, bytes: Bytes::from(bytes) });
        Ok(())
    }

    /// Sends `value` as `application/x-www-form-urlencoded`.
    pub fn form<T: serde::Serialize>(&mut self, value: &T) -> Result<(), InvalidArgument> {
        let text = serde_urlencoded::to_string(value).map_err(|error| InvalidArgument::new("body", error.to_string()))?;
        self.body = Some(Body::Bytes { content_type: "application/x-www-form-urlencoded", bytes: Bytes::from(text) });
        Ok(())
    }

    /// Sends `bytes` as they are, with the media type `content_type`.
    pub fn bytes(&mut self, bytes: Bytes, content_type: &'static str) {
        self.body = Some(Body::Bytes { content_type, bytes });
    }

    /// Lets `reqwest` build the body (a multipart form); such a request is
    /// sent once, never retried.
    pub fn custom(&mut self, attach: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + 'static) {
        self.body = Some(Body::Custom(Box::new(attach)));
    }
}

#[cfg(test)]
mod tests {
    use super::Prepared;
    use crate::runtime::params::Style;
    use std::collections::BTreeMap;

    /// A list in the query is one pair per item, or one pair of the items
    /// joined as its style says (`form` by `,`, `spaceDelimited` by ` `,
    /// `pipeDelimited` by `|`); a `deepObject` is a pair per field named
    /// `name[field]`.
    #[test]
    fn the_query_carries_lists_and_objects_as_their_style_says() {
        let mut request = Prepared::new("/".to_owned());
        let items = || ["a".to_owned(), "b".to_owned()];
        request.put(Style::QueryList { explode: true, delimiter: ',' }, "each", items());
        request.put(Style::QueryList { explode: false, delimiter: ',' }, "form", items());
        request.put(Style::QueryList { explode: false, delimiter: ' ' }, "space", items());
        request.put(Style::QueryList { explode: false, delimiter: '|' }, "pipe", items());
        request.query_deep_object("filter", &BTreeMap::from([("colour", "red"), ("size", "xl")])).expect("an object");
        let pairs: Vec<(&str, &str)> = request.query.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect();
        assert_eq!(
            pairs,
            [("each", "a"), ("each", "b"), ("form", "a,b"), ("space", "a b"), ("pipe", "a|b"), ("filter[colour]", "red"), ("filter[size]", "xl")]
        );
    }
}
