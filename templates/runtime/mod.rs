//! The hand-written runtime every generated operation uses: the client,
//! authentication, responses and errors. Copied from `templates/runtime/`.

mod auth;
mod client;
#[allow(dead_code, reason = "a spec uses the decoders its kinds of response need")]
pub(crate) mod decode;
mod error;
#[allow(dead_code, reason = "used only by specs with offset-paginated list operations")]
pub(crate) mod paginate;
mod rate_limit;
mod retry;
#[allow(dead_code, reason = "used only by specs with optional nullable fields")]
pub(crate) mod nullable;
#[allow(dead_code, reason = "helpers for kinds of parameter that a given spec may not use")]
pub(crate) mod params;
mod response;

pub use auth::Secret;
pub(crate) use client::{Endpoint, RequestOptions};
pub use client::{Client, ClientBuilder, ConfigError};
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use error::{AuthError, Error, FromResponse};
pub(crate) use error::describe;
pub use response::{ErrorResponse, RawResponse, Response};

/// The future a request builder turns into with `.await`.
pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;
