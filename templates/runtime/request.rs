//! One request type for every operation: [`Request<O>`] holds the client,
//! per-request settings and the operation's parameters `O`; the generated
//! code adds `O`'s setters and tells the runtime, through [`Operation`],
//! how to put the parameters on the wire and how to read the answer.

use super::client::Client;
use super::error::{ApiError, DecodeError, Error, InvalidArgument};
use super::params;
use super::prepared::{Endpoint, Prepared};
use super::response::{RawResponse, Response};
use super::retry::RetryPolicy;
use super::transport::{self, RequestOptions};
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
    /// The first argument refused while the request was built (an integer
    /// its parameter's type cannot hold), which sending reports.
    refused: Option<InvalidArgument>,
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
            .field("refused", &self.refused)
            .finish()
    }
}

impl<O: Operation> Request<O> {
    pub(crate) fn new(client: &Client, parameters: O) -> Self {
        Request { client: client.clone(), options: RequestOptions::default(), parameters, refused: None }
    }

    /// Sets an integer parameter (`set` stores it) from `value`, of any
    /// integer type: one the parameter's type cannot hold is refused when
    /// the request is sent, never wrapped.
    #[allow(dead_code, reason = "used by the methods of integer parameters, which a given spec may not have")]
    pub(crate) fn checked<T, V: TryInto<T>>(mut self, name: &'static str, value: V, set: impl FnOnce(&mut O, T)) -> Self {
        match params::integer(name, value) {
            Ok(value) => set(&mut self.parameters, value),
            Err(refused) => {
                self.refused.get_or_insert(refused);
            }
        }
        self
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
        let Request { client, options, parameters, refused } = self;
        if let Some(refused) = refused {
            return Err(Error::InvalidArgument(refused));
        }
        let prepared = parameters.prepare().map_err(Error::InvalidArgument)?;
        let raw = transport::execute(&client, &O::ENDPOINT, prepared, options).await.map_err(Error::from_failure)?;
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
