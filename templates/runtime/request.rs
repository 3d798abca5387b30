//! One request type for every operation: [`Request<O>`] holds the client,
//! per-request settings and the operation's parameters `O`; the generated
//! code adds `O`'s setters and tells the runtime, through [`Operation`],
//! how to put the parameters on the wire and how to read the answer.

use super::client::{self, RequestOptions};
use super::decode::DecodeError;
use super::error::{ApiError, Error, InvalidArgument};
use super::response::{RawResponse, Response};
use super::{Client, RetryPolicy};
use bytes::Bytes;
use reqwest::Method;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// The parameters of one operation; implemented by the generated
/// `*Params` types in [`requests`](crate::requests).
pub trait Operation: Send + Sized + 'static + crate::__private::Sealed {
    /// What a successful call returns.
    type Output: Send + 'static;
    /// The operation's own error enum, one variant per documented status.
    type Error: ApiError;

    #[doc(hidden)]
    const ENDPOINT: Endpoint;

    /// Checks the parameters and puts them on the wire.
    #[doc(hidden)]
    fn prepare(self) -> Result<Prepared, InvalidArgument>;

    /// Decodes a success response's body.
    #[doc(hidden)]
    fn decode(response: &RawResponse) -> Result<Self::Output, DecodeError>;
}

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

    /// Adds the query pair `name=value`.
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.to_owned(), value));
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

    /// Adds the header `name: value`.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Adds the cookie `name=value` (percent-encoded).
    pub fn cookie(&mut self, name: &'static str, value: &str) {
        self.cookies.push((name, super::params::cookie_value(value)));
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

/// A request for one operation, made by a [`Client`] method: set its
/// optional parameters with its methods, then `.await` it, or call
/// [`send_with_response`](Self::send_with_response) for the status and
/// headers too. Cloning a request is cheap; each clone is sent on its own.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.await`, `send` or `send_with_response`"]
pub struct Request<O> {
    client: Client,
    options: RequestOptions,
    pub(crate) parameters: O,
}

impl<O: Operation + fmt::Debug> fmt::Debug for Request<O> {
    /// The operation, its parameters and what the request overrides; not
    /// the client, which every request shares.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &O::ENDPOINT.operation)
            .field("parameters", &self.parameters)
            .field("timeout", &self.options.timeout)
            .field("retry_policy", &self.options.retry)
            .finish()
    }
}

impl<O: Operation> Request<O> {
    pub(crate) fn new(client: &Client, parameters: O) -> Self {
        Request { client: client.clone(), options: RequestOptions::default(), parameters }
    }

    /// The operation's parameters as set so far.
    pub fn parameters(&self) -> &O {
        &self.parameters
    }

    /// Overrides the client's timeout for each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy for this request.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Sends the request and returns the decoded body.
    pub async fn send(self) -> Result<O::Output, Error<O::Error>> {
        self.send_with_response().await.map(Response::into_body)
    }

    /// Sends the request and returns the decoded body with the response's
    /// status and headers.
    pub async fn send_with_response(self) -> Result<Response<O::Output>, Error<O::Error>> {
        let Request { client, options, parameters } = self;
        let prepared = parameters.prepare().map_err(Error::InvalidArgument)?;
        let raw = client::execute(&client, &O::ENDPOINT, prepared, options).await.map_err(Error::from_failure)?;
        finish::<O>(raw)
    }
}

/// The operation's answer: its decoded body on a success status, its error
/// enum on any other.
fn finish<O: Operation>(raw: RawResponse) -> Result<Response<O::Output>, Error<O::Error>> {
    if !O::ENDPOINT.is_success(raw.status()) {
        return Err(Error::Api(O::Error::from_response(raw)));
    }
    match O::decode(&raw) {
        Ok(body) => Ok(Response::new(raw.status(), raw.headers().clone(), body)),
        Err(source) => Err(Error::Decode { response: raw, source }),
    }
}

/// The future a request turns into with `.await`.
pub type ResponseFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send>>;

impl<O: Operation> IntoFuture for Request<O> {
    type Output = Result<O::Output, Error<O::Error>>;
    type IntoFuture = ResponseFuture<O::Output, O::Error>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
