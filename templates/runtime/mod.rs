//! The hand-written runtime every generated operation uses: the client,
//! authentication, requests, responses and errors. Copied from
//! `templates/runtime/`.

mod auth;
mod client;
#[allow(dead_code, reason = "a spec uses the decoders its kinds of response need")]
pub(crate) mod decode;
mod details;
mod entries;
mod error;
mod fields;
#[cfg(feature = "mock")]
pub(crate) mod mock;
mod pages;
#[allow(dead_code, reason = "helpers for kinds of parameter that a given spec may not use")]
pub(crate) mod params;
mod prepared;
mod rate_limit;
mod request;
mod response;
mod retry;
mod transport;

pub use auth::Secret;
#[allow(unused_imports, reason = "named by crates whose API takes an API key")]
pub(crate) use auth::ApiKeyPlace;
pub use client::{Client, ClientBuilder, ConfigError};
#[allow(unused_imports, reason = "named by the builder methods of APIs that take credentials")]
pub(crate) use client::Credentials;
pub(crate) use client::{Environment, Settings};
pub use error::{ApiError, AuthError, BoxError, DecodeError, Error, InvalidArgument};
pub use entries::Entries;
pub use fields::Fields;
pub(crate) use error::{api_error, describe};
pub use pages::{Pages, Paginated};
pub use rate_limit::RateLimit;
pub use prepared::{Endpoint, Prepared};
pub use request::{Operation, Request, ResponseFuture};
pub use response::{ErrorResponse, RawResponse, Response};
pub use retry::RetryPolicy;
