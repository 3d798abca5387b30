//! What the mock answers with: a reply built by hand or from a typed
//! value, and the faults it can put in a reply's place.

use crate::runtime::response::RawResponse;
use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{HeaderMap, StatusCode};
use serde::Serialize;
use std::time::Duration;

/// A fault to answer with instead of the API's answer, for testing what
/// code does when the client retries or gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with a `Retry-After` of the given seconds.
    TooManyRequests {
        /// What `Retry-After` says.
        retry_after: Duration,
    },
    /// An answer with this status (a 5xx, say) and an empty body.
    Status(StatusCode),
    /// The answer the mock gives otherwise, after a wait.
    Slow(Duration),
    /// The answer the mock gives otherwise, cut: the connection is closed
    /// before its body is complete.
    DropConnection,
}

/// An answer: status, headers and body, built by hand.
#[derive(Debug, Clone)]
pub struct Reply {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl Reply {
    /// An answer with `status` and no body.
    pub fn new(status: StatusCode) -> Self {
        Reply { status, headers: HeaderMap::new(), body: Bytes::new() }
    }

    /// An answer with the status `code` from the spec: the spec's statuses
    /// are three-digit codes, which `StatusCode` always accepts.
    #[doc(hidden)]
    pub fn code(code: u16) -> Self {
        Reply::new(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
    }

    /// `value` as a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = Bytes::from(serde_json::to_vec(value).unwrap_or_default());
        self.header(hyper::header::CONTENT_TYPE, "application/json")
    }

    /// `text` as a `text/plain` body.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.body = Bytes::from(text.into());
        self.header(hyper::header::CONTENT_TYPE, "text/plain; charset=utf-8")
    }

    /// `bytes` as the body, with the media type `content_type`.
    pub fn bytes(mut self, bytes: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = bytes.into();
        self.header(hyper::header::CONTENT_TYPE, content_type)
    }

    /// Adds a header. A name or value HTTP does not allow is left out.
    pub fn header(mut self, name: impl TryInto<HeaderName>, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (name.try_into(), HeaderValue::from_str(value)) {
            self.headers.append(name, value);
        }
        self
    }

    /// The answer a raw response is: its status, headers and body.
    pub fn from_raw(raw: &RawResponse) -> Self {
        Reply { status: raw.status(), headers: raw.headers().clone(), body: raw.body().clone() }
    }
}
