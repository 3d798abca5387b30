//! The crate's error type.

use super::decode::DecodeError;
use super::RawResponse;
use std::fmt;

/// An operation's error enum: one variant per documented error status and
/// one for any other status.
pub trait FromResponse: Sized {
    /// Picks the variant for `response` by its status code.
    fn from_response(response: RawResponse) -> Self;

    /// The response the error was made from.
    fn raw(&self) -> &RawResponse;
}

/// Why a call failed. `E` is the operation's own error enum, for statuses
/// the server answered with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status.
    Api(E),
    /// An argument broke a rule of the spec; nothing was sent.
    InvalidArgument {
        /// The parameter's name on the wire.
        name: &'static str,
        /// What rule it broke.
        reason: String,
    },
    /// The server answered with a success status but a body that does not
    /// decode into the documented type; the response is kept whole.
    Decode {
        /// The response as received.
        response: RawResponse,
        /// What did not decode.
        source: DecodeError,
    },
    /// No answer came within the configured timeout.
    Timeout {
        /// What timed out.
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request could not be sent, or its response not read.
    Transport {
        /// What failed.
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// No access token could be obtained.
    Auth(AuthError),
}

impl<E: FromResponse> Error<E> {
    /// The error response, when the server answered with an error status.
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Error::Api(error) => Some(error.raw()),
            Error::Decode { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        self.response().map(RawResponse::status)
    }
}

impl<E> Error<E> {
    pub(crate) fn from_reqwest(source: reqwest::Error, attempts: u32) -> Self {
        let source = source.without_url();
        if source.is_timeout() {
            Error::Timeout { source, attempts }
        } else {
            Error::Transport { source, attempts }
        }
    }
}

/// ` after N attempts`, when there was more than one.
fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

impl<E: FromResponse + fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "{error}{}", attempts_note(error.raw().attempts())),
            Error::InvalidArgument { name, reason } => write!(f, "invalid argument `{name}`: {reason}"),
            Error::Decode { response, source } => {
                write!(f, "the {} response did not decode: {source}", response.status())
            }
            Error::Timeout { attempts, .. } => write!(f, "the request timed out{}", attempts_note(*attempts)),
            Error::Transport { source, attempts } => write!(f, "the request failed{}: {source}", attempts_note(*attempts)),
            Error::Auth(error) => error.fmt(f),
        }
    }
}

impl<E: FromResponse + std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::Timeout { source, .. } | Error::Transport { source, .. } => Some(source),
            Error::Auth(error) => Some(error),
            Error::InvalidArgument { .. } => None,
        }
    }
}

/// Why no access token could be obtained.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint answered with an error status.
    Rejected {
        /// The token endpoint's answer.
        response: RawResponse,
    },
    /// The token endpoint answered with a body that is not a token.
    Malformed {
        /// The token endpoint's answer.
        response: RawResponse,
        /// What did not decode.
        source: serde_json::Error,
    },
    /// The token endpoint could not be reached.
    Transport(reqwest::Error),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Rejected { response } => {
                write!(f, "the token request was rejected with {}: {}", response.status(), response.text())
            }
            AuthError::Malformed { source, .. } => write!(f, "the token response did not decode: {source}"),
            AuthError::Transport(error) => write!(f, "the token request failed: {error}"),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::Malformed { source, .. } => Some(source),
            AuthError::Transport(error) => Some(error),
            AuthError::Rejected { .. } => None,
        }
    }
}

/// Formats an error response for an operation's error enum: status, then
/// the body (cut short).
pub fn describe(f: &mut fmt::Formatter<'_>, what: &str, response: &RawResponse) -> fmt::Result {
    const SHOWN: usize = 512;
    let text = response.text();
    let cut = text.char_indices().nth(SHOWN).map_or(text.len(), |(at, _)| at);
    write!(f, "{what} ({})", response.status())?;
    if !text.is_empty() {
        write!(f, ": {}", &text[..cut])?;
        if cut < text.len() {
            f.write_str("...")?;
        }
    }
    Ok(())
}
