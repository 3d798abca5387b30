//! The crate's error types.

use super::response::RawResponse;
use reqwest::{Method, StatusCode};
use std::fmt;
use std::time::Duration;

/// A boxed error from a lower layer (the HTTP stack, a decoder).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a success body did not decode.
pub type DecodeError = BoxError;

/// Why a request got no answer to hand to its operation.
pub(crate) enum Failure {
    Timeout { attempts: u32, timeout: Duration },
    Transport { attempts: u32, sent: bool, source: BoxError, received: Option<RawResponse> },
    Auth(AuthError),
}

/// An operation's error enum: one variant per documented error status,
/// and `UnknownStatus` for any other. Implemented by the generated types
/// in [`errors`](crate::errors).
pub trait ApiError: Sized + fmt::Debug + fmt::Display + Send + 'static + crate::__private::Sealed {
    /// The operation's id in the API description, as errors name it.
    const OPERATION: &'static str;

    /// The operation's HTTP method, which decides what may be retried.
    const METHOD: Method;

    /// Picks the variant for `response` by its status code and decodes the
    /// body the spec documents for it. Use it to make errors in tests.
    fn from_response(response: RawResponse) -> Self;

    /// The response the error was made from.
    fn raw(&self) -> &RawResponse;
}

/// Why a call failed. `E` is the operation's own error enum, for error
/// statuses the server answered with.
///
/// `Display` names the operation and says what went wrong, with the
/// server's messages; [`source`](std::error::Error::source) gives the
/// lower-level cause where there is one, never the same text again.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status.
    Api(E),
    /// An argument broke a rule of the API description; nothing was sent.
    InvalidArgument(InvalidArgument),
    /// The server answered with a success status but a body that does not
    /// decode into the documented type; the response is kept whole.
    Decode {
        /// The response as received.
        response: RawResponse,
        /// What did not decode.
        source: DecodeError,
    },
    /// No answer came within the timeout, on the last attempt.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
        /// The timeout each attempt had.
        timeout: Duration,
    },
    /// No connection could be made, or the connection broke before the
    /// response was read.
    Transport {
        /// How many attempts were made.
        attempts: u32,
        /// Whether the last attempt's request went out before the
        /// connection failed: if so, the server may have acted on it (a
        /// create may have happened) though no answer came.
        sent: bool,
        /// What failed.
        source: BoxError,
        /// The part of the response that arrived before the connection
        /// broke (status, headers and the bytes read), if any did.
        received: Option<RawResponse>,
    },
    /// No access token could be obtained.
    Auth(AuthError),
}

impl<E: ApiError> Error<E> {
    pub(crate) fn from_failure(failure: Failure) -> Self {
        match failure {
            Failure::Timeout { attempts, timeout } => Error::Timeout { attempts, timeout },
            Failure::Transport { attempts, sent, source, received } => Error::Transport { attempts, sent, source, received },
            Failure::Auth(error) => Error::Auth(error),
        }
    }

    /// The operation's id in the API description.
    pub fn operation(&self) -> &'static str {
        E::OPERATION
    }

    /// The response, when the server answered: with an error status, or
    /// with a success status whose body did not decode.
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Error::Api(error) => Some(error.raw()),
            Error::Decode { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status the server answered with; for [`Error::Auth`], the
    /// token endpoint's.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Auth(error) => error.status(),
            _ => self.response().map(RawResponse::status),
        }
    }

    /// The messages in the error response's body, if it has any.
    pub fn messages(&self) -> Vec<String> {
        self.response().map(RawResponse::messages).unwrap_or_default()
    }

    /// The id the server gave this failure for its logs, if it sent one.
    pub fn tracking_id(&self) -> Option<String> {
        self.response().and_then(RawResponse::tracking_id)
    }

    /// How long the server asked to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(RawResponse::retry_after)
    }
}

/// ` (N attempts)`, when there was more than one.
fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" ({attempts} attempts)")
    } else {
        String::new()
    }
}

impl<E: ApiError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = E::OPERATION;
        match self {
            Error::Api(error) => write!(f, "{error}{}", attempts_note(error.raw().attempts())),
            Error::InvalidArgument(invalid) => write!(f, "{operation}: {invalid}; nothing was sent"),
            Error::Decode { response, .. } => {
                write!(f, "{operation}: the {} response does not have the documented shape", response.status())
            }
            Error::Timeout { attempts, timeout } => {
                write!(f, "{operation}: no answer within the timeout of {timeout:?}{}", attempts_note(*attempts))
            }
            Error::Transport { attempts, sent, received, .. } => match (received, sent) {
                (Some(response), _) => write!(
                    f,
                    "{operation}: the connection broke while reading the {} response{}",
                    response.status(),
                    attempts_note(*attempts)
                ),
                (None, true) => write!(
                    f,
                    "{operation}: no response: the connection closed after the request was sent, so the server may have acted on it{}",
                    attempts_note(*attempts)
                ),
                (None, false) => write!(f, "{operation}: no connection could be made; the request was not sent{}", attempts_note(*attempts)),
            },
            Error::Auth(error) => write!(f, "{operation}: no access token: {error}"),
        }
    }
}

impl<E: ApiError + std::error::Error> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // `Display` already shows these; their causes come next.
            Error::Api(error) => error.source(),
            Error::Auth(error) => error.source(),
            Error::Decode { source, .. } | Error::Transport { source, .. } => Some(source.as_ref()),
            Error::InvalidArgument(_) | Error::Timeout { .. } => None,
        }
    }
}

/// An argument that breaks a rule of the API description (a bound, a
/// length, a path segment that would change the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidArgument {
    name: &'static str,
    reason: String,
}

impl InvalidArgument {
    /// `name` (the parameter's name on the wire) breaks a rule: `reason`.
    pub fn new(name: &'static str, reason: impl Into<String>) -> Self {
        InvalidArgument { name, reason: reason.into() }
    }

    /// The parameter's name on the wire.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The rule it breaks.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidArgument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid argument `{}`: {}", self.name, self.reason)
    }
}

impl std::error::Error for InvalidArgument {}

/// Why no access token could be obtained. No variant holds the token
/// endpoint's body, so no token or secret can leak through `Debug`.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused the credentials (a 4xx other than 429).
    Rejected {
        /// The token endpoint's status.
        status: StatusCode,
        /// The OAuth2 error code (`error`), when the endpoint sent one.
        code: Option<String>,
        /// The OAuth2 error's description (`error_description`), when sent.
        description: Option<String>,
    },
    /// The token endpoint was out of service (429 or 5xx) on every attempt.
    Unavailable {
        /// The token endpoint's last status.
        status: StatusCode,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The token endpoint could not be reached, on every attempt.
    Unreachable {
        /// How many attempts were made.
        attempts: u32,
        /// What failed.
        source: BoxError,
    },
    /// The token endpoint did not answer within the timeout.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The token endpoint answered with a success status but no usable token.
    Malformed {
        /// The token endpoint's status.
        status: StatusCode,
        /// What is wrong with the answer (never the answer itself).
        reason: String,
    },
}

impl AuthError {
    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            AuthError::Rejected { status, .. } | AuthError::Unavailable { status, .. } | AuthError::Malformed { status, .. } => {
                Some(*status)
            }
            AuthError::Unreachable { .. } | AuthError::Timeout { .. } => None,
        }
    }

    /// Whether a later attempt could succeed: an outage, not a rejection.
    pub fn is_retryable(&self) -> bool {
        matches!(self, AuthError::Unavailable { .. } | AuthError::Unreachable { .. } | AuthError::Timeout { .. })
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Rejected { status, code, description } => {
                write!(f, "the token endpoint rejected the credentials ({status})")?;
                for detail in [code, description].into_iter().flatten() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            AuthError::Unavailable { status, attempts } => {
                write!(f, "the token endpoint is out of service ({status}){}", attempts_note(*attempts))
            }
            AuthError::Unreachable { attempts, .. } => {
                write!(f, "the token endpoint could not be reached{}", attempts_note(*attempts))
            }
            AuthError::Timeout { attempts } => write!(f, "the token endpoint did not answer within the timeout{}", attempts_note(*attempts)),
            AuthError::Malformed { status, reason } => write!(f, "the token endpoint's {status} answer is not a token: {reason}"),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::Unreachable { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// Formats an operation's error response: the operation, the status, and
/// the server's messages and tracking id when the body has them.
pub(crate) fn describe(f: &mut fmt::Formatter<'_>, operation: &str, response: &RawResponse) -> fmt::Result {
    write!(f, "{operation}: {}", response.status())?;
    for (index, message) in response.messages().iter().enumerate() {
        f.write_str(if index == 0 { ": " } else { "; " })?;
        f.write_str(message)?;
    }
    if let Some(id) = response.tracking_id() {
        write!(f, " (tracking id {id})")?;
    }
    Ok(())
}

/// What every operation's error enum has beyond its variants and its
/// [`ApiError`] impl, written once: `raw` and `status` callable without
/// importing the trait, the seal, `Display` and `Error`. `errors.rs` calls
/// it after each enum, under the enum's feature gates.
#[allow(unused_macros, reason = "a spec without operations has no error enums")]
macro_rules! api_error {
    ($name:ident) => {
        impl $name {
            /// The response as received.
            pub fn raw(&self) -> &crate::RawResponse {
                <Self as crate::ApiError>::raw(self)
            }

            /// The HTTP status.
            pub fn status(&self) -> crate::StatusCode {
                self.raw().status()
            }
        }

        impl crate::__private::Sealed for $name {}

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                crate::runtime::describe(f, <Self as crate::ApiError>::OPERATION, self.raw())
            }
        }

        impl ::std::error::Error for $name {}
    };
}
pub(crate) use api_error;
