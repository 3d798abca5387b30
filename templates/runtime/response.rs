//! What the server sent back: successful responses and raw responses.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::str::FromStr;

/// A successful response: the decoded body with the status and headers it
/// came with (for example `X-Total-Count` on list operations).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response { status, headers, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The header `name` parsed as `V`; `None` when it is absent or does not
    /// parse (the raw value stays in [`headers`](Self::headers)).
    pub fn header<V: FromStr>(&self, name: &str) -> Option<V> {
        parse_header(&self.headers, name)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A response exactly as received: status, headers and the body's bytes.
/// Kept whole whenever the body is not what the spec documents, so nothing
/// the server sent is lost. Boxed inside, so errors that carry one stay
/// small.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    parts: Box<RawParts>,
}

#[derive(Clone, PartialEq, Eq)]
struct RawParts {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { parts: Box::new(RawParts { status, headers, body, attempts: 1 }) }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.parts.attempts = attempts;
        self
    }

    /// How many attempts the request took, this response's included.
    pub fn attempts(&self) -> u32 {
        self.parts.attempts
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.parts.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The header `name` parsed as `V`, if present and well formed.
    pub fn header<V: FromStr>(&self, name: &str) -> Option<V> {
        parse_header(&self.parts.headers, name)
    }

    /// The body's bytes.
    pub fn body(&self) -> &Bytes {
        &self.parts.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.parts.body)
    }
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.parts.status)
            .field("headers", &self.parts.headers)
            .field("body", &self.text())
            .field("attempts", &self.parts.attempts)
            .finish()
    }
}

/// An error response: its body decoded into the type the spec documents for
/// its status, when it decodes, and always the raw response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse<T> {
    content: Option<Box<T>>,
    raw: RawResponse,
}

impl<T: serde::de::DeserializeOwned> ErrorResponse<T> {
    /// Decodes `raw`'s body as `T`; an empty or malformed body leaves
    /// [`content`](Self::content) empty and is still kept in [`raw`](Self::raw).
    pub fn new(raw: RawResponse) -> Self {
        let content = serde_json::from_slice(raw.body()).ok().map(Box::new);
        ErrorResponse { content, raw }
    }
}

impl<T> ErrorResponse<T> {
    /// The decoded body, if the server sent the documented shape.
    pub fn content(&self) -> Option<&T> {
        self.content.as_deref()
    }

    /// The response as received.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.raw.status()
    }
}

fn parse_header<V: FromStr>(headers: &HeaderMap, name: &str) -> Option<V> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}
