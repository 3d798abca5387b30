//! What the server sent back: successful responses, raw responses, and
//! error responses decoded into the documented type.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

/// A successful response: the decoded body with the status and headers it
/// came with (for example `X-Total-Count` on list operations).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// A response with `status`, `headers` and the decoded `body`: what a
    /// call returns, for tests of code that handles responses.
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
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
    /// A response with `status`, no headers and `body`: what the server
    /// sent, for tests of code that handles errors.
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        RawResponse { parts: Box::new(RawParts { status, headers: HeaderMap::new(), body: body.into(), attempts: 1 }) }
    }

    /// A response with `status` and `value` as its JSON body.
    pub fn from_json<T: serde::Serialize>(status: StatusCode, value: &T) -> Self {
        RawResponse::new(status, serde_json::to_vec(value).unwrap_or_default())
            .with_header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
    }

    /// The same response with the header `name: value` added.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.parts.headers.append(name, value);
        self
    }

    pub(crate) fn from_parts(status: StatusCode, headers: HeaderMap, body: Bytes, attempts: u32) -> Self {
        RawResponse { parts: Box::new(RawParts { status, headers, body, attempts }) }
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

    /// The body decoded as JSON into `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        super::details::from_json(&self.parts.body)
    }

    /// How long the server asked to wait before trying again: the
    /// `Retry-After` header, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.header::<String>("retry-after")?;
        super::details::retry_after(&value, SystemTime::now())
    }

    /// The human-readable messages in the body: the usual places APIs put
    /// them (`messages[].text`, `errors[].message`, `message`, `detail`,
    /// `error_description`, `error`, `detailMessage`, `title`), or a short
    /// text body as it is.
    pub fn messages(&self) -> Vec<String> {
        super::details::messages(&self.parts.body)
    }

    /// The id the server gave the failure for its logs: a `trackingId`,
    /// `requestId`, `traceId` or `correlationId` in the body, or an
    /// `X-Request-Id` header.
    pub fn tracking_id(&self) -> Option<String> {
        super::details::tracking_id(&self.parts.body).or_else(|| self.header("x-request-id"))
    }
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.parts.status)
            .field("headers", &super::details::RedactedHeaders(&self.parts.headers))
            .field("body", &self.text())
            .field("attempts", &self.parts.attempts)
            .finish()
    }
}

/// An error response: its body decoded into the type the spec documents for
/// its status, when it decodes, and always the raw response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse<T> {
    body: Option<Box<T>>,
    raw: RawResponse,
}

impl<T: serde::de::DeserializeOwned> ErrorResponse<T> {
    /// Decodes `raw`'s body as `T`; an empty or malformed body leaves
    /// [`body`](Self::body) empty and is still kept in [`raw`](Self::raw).
    pub fn new(raw: RawResponse) -> Self {
        let body = raw.json().ok().map(Box::new);
        ErrorResponse { body, raw }
    }
}

impl<T: serde::Serialize> ErrorResponse<T> {
    /// An error response with `status` and `body`, encoded as JSON: what
    /// the server would send, for tests of code that handles errors.
    pub fn from_body(status: StatusCode, body: T) -> Self {
        let raw = RawResponse::from_json(status, &body);
        ErrorResponse { body: Some(Box::new(body)), raw }
    }
}

impl<T> ErrorResponse<T> {
    /// The decoded body, if the server sent the documented shape.
    pub fn body(&self) -> Option<&T> {
        self.body.as_deref()
    }

    /// The response as received.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.raw.status()
    }

    /// The human-readable messages in the body (see [`RawResponse::messages`]).
    pub fn messages(&self) -> Vec<String> {
        self.raw.messages()
    }

    /// The id the server gave the failure (see [`RawResponse::tracking_id`]).
    pub fn tracking_id(&self) -> Option<String> {
        self.raw.tracking_id()
    }

    /// How long the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.raw.retry_after()
    }

    /// The header `name` parsed as `V`, if present and well formed.
    pub fn header<V: FromStr>(&self, name: &str) -> Option<V> {
        self.raw.header(name)
    }
}

fn parse_header<V: FromStr>(headers: &HeaderMap, name: &str) -> Option<V> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}
