//! Credentials: OAuth2 client credentials with the token cached until
//! shortly before it expires, a bearer token, or an API key.

use super::details::{object, text_field};
use super::error::{AuthError, BoxError};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::time::{Duration, Instant};
use tokio::time::Instant as Deadline;

/// A secret (client secret, access token, API key, a model's
/// `format: password` field): never shown by `Debug`, with no `Display`,
/// and wiped from memory when dropped. It is serialized as the plain
/// string, so a model holding one sends it; nothing else reveals it but
/// [`expose`](Self::expose).
#[derive(Clone, Default)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(Secret::new)
    }
}

/// Where an API key goes.
#[allow(dead_code, reason = "an API without an apiKey scheme names none")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiKeyPlace {
    Header,
    Query,
    Cookie,
}

/// How requests are authenticated.
#[derive(Debug)]
pub(crate) enum Auth {
    None,
    Bearer(Secret),
    ApiKey { place: ApiKeyPlace, name: &'static str, key: Secret },
    ClientCredentials(TokenSource),
}

impl Auth {
    /// The bearer token to send, fetching one if needed before `deadline`
    /// (one request to the token endpoint: a failure is the attempt's, and
    /// the request's retry policy decides about another). `attempt` is the
    /// request's attempt, for the error.
    pub(crate) async fn token(&self, http: &reqwest::Client, deadline: Deadline, attempt: u32) -> Result<Option<Secret>, TokenFailure> {
        match self {
            Auth::None | Auth::ApiKey { .. } => Ok(None),
            Auth::Bearer(token) => Ok(Some(token.clone())),
            Auth::ClientCredentials(source) => source.token(http, deadline, attempt).await.map(Some),
        }
    }

    /// Forgets `rejected` so the next call fetches a new token. Returns
    /// whether a new token can be fetched at all.
    pub(crate) async fn invalidate(&self, rejected: &Secret) -> bool {
        match self {
            Auth::ClientCredentials(source) => {
                let mut cached = source.cached.lock().await;
                if cached.as_ref().is_some_and(|token| token.value == *rejected) {
                    *cached = None;
                }
                true
            }
            Auth::None | Auth::Bearer(_) | Auth::ApiKey { .. } => false,
        }
    }
}

/// Fetches tokens from the token endpoint and caches them. The lock is
/// held while fetching, so many tasks needing a token at once share one
/// request.
pub(crate) struct TokenSource {
    token_url: reqwest::Url,
    client_id: String,
    client_secret: Secret,
    cached: tokio::sync::Mutex<Option<CachedToken>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

struct CachedToken {
    value: Secret,
    /// When to fetch a new one; `None` when the endpoint gave no lifetime,
    /// and the token is kept until the API rejects it.
    refresh_at: Option<Instant>,
}

/// The longest a token is replaced before it expires.
const MAX_EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// How long before its expiry a token with `lifetime` is replaced: a tenth
/// of its lifetime, at most a minute, so short-lived tokens are still used.
fn refresh_after(lifetime: Duration) -> Duration {
    lifetime - (lifetime / 10).min(MAX_EXPIRY_MARGIN)
}

/// A token request that failed, and the wait its `Retry-After` asked for.
#[derive(Debug)]
pub(crate) struct TokenFailure {
    pub(crate) error: AuthError,
    pub(crate) retry_after: Option<Duration>,
}

impl From<AuthError> for TokenFailure {
    fn from(error: AuthError) -> Self {
        TokenFailure { error, retry_after: None }
    }
}

impl TokenSource {
    pub(crate) fn new(token_url: reqwest::Url, client_id: String, client_secret: Secret) -> Self {
        TokenSource { token_url, client_id, client_secret, cached: tokio::sync::Mutex::new(None) }
    }

    /// The cached token, or a new one. Waiting for another task's fetch
    /// counts against the deadline too.
    async fn token(&self, http: &reqwest::Client, deadline: Deadline, attempt: u32) -> Result<Secret, TokenFailure> {
        let fetched = tokio::time::timeout_at(deadline, async {
            let mut cached = self.cached.lock().await;
            if let Some(token) = cached.as_ref().filter(|token| token.refresh_at.is_none_or(|at| Instant::now() < at)) {
                return Ok(token.value.clone());
            }
            tracing::debug!(attempt, "fetching an access token");
            let fresh = self.fetch(http, deadline, attempt).await?;
            let value = fresh.value.clone();
            *cached = Some(fresh);
            Ok(value)
        });
        fetched.await.unwrap_or_else(|_| Err(AuthError::Timeout { attempts: attempt }.into()))
    }

    async fn fetch(&self, http: &reqwest::Client, deadline: Deadline, attempts: u32) -> Result<CachedToken, TokenFailure> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        let sent = http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(deadline.saturating_duration_since(Deadline::now()))
            .form(&form)
            .send()
            .await;
        let unreached = |error: reqwest::Error| {
            if error.is_timeout() {
                AuthError::Timeout { attempts }
            } else {
                let source: BoxError = Box::new(error.without_url());
                AuthError::Unreachable { attempts, source }
            }
        };
        let response = sent.map_err(unreached)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| super::details::retry_after(value, std::time::SystemTime::now()));
        let body = response.bytes().await.map_err(unreached)?;
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(TokenFailure { error: AuthError::Unavailable { status, attempts }, retry_after });
        }
        if !status.is_success() {
            let (code, description) = (text_field(&body, "error"), text_field(&body, "error_description"));
            return Err(AuthError::Rejected { status, code, description }.into());
        }
        parse_token(&body).map_err(|reason| AuthError::Malformed { status, reason }.into())
    }
}

/// Reads a token response. `expires_in` may be a number or a numeric
/// string (as some servers send it). Errors never quote the body.
fn parse_token(body: &[u8]) -> Result<CachedToken, String> {
    let value = object(body).ok_or_else(|| "the body is not a JSON object".to_owned())?;
    let token = match value.get("access_token") {
        Some(serde_json::Value::String(token)) if !token.is_empty() => Secret::new(token.as_str()),
        Some(_) => return Err("`access_token` is not a non-empty string".to_owned()),
        None => return Err("it has no `access_token`".to_owned()),
    };
    let lifetime = match value.get("expires_in") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(seconds)) => seconds.as_f64(),
        Some(serde_json::Value::String(seconds)) => seconds.trim().parse::<f64>().ok(),
        Some(_) => return Err("`expires_in` is not a number of seconds".to_owned()),
    };
    let refresh_at = match lifetime {
        None => None,
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => Some(Instant::now() + refresh_after(Duration::from_secs_f64(seconds))),
        Some(_) => return Err("`expires_in` is not a number of seconds".to_owned()),
    };
    Ok(CachedToken { value: token, refresh_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refresh_margin_scales_with_the_lifetime() {
        assert_eq!(refresh_after(Duration::from_secs(3600)), Duration::from_secs(3540));
        assert_eq!(refresh_after(Duration::from_secs(60)), Duration::from_secs(54));
        assert_eq!(refresh_after(Duration::from_secs(10)), Duration::from_secs(9));
        assert_eq!(refresh_after(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn token_responses_are_read_leniently_and_never_quoted() {
        assert!(parse_token(br#"{"access_token":"abc","expires_in":"3600"}"#).unwrap().refresh_at.is_some());
        assert!(parse_token(br#"{"access_token":"abc"}"#).unwrap().refresh_at.is_none());
        let error = parse_token(br#"{"access_token":"s3cr3t-token","expires_in":{"seconds":5}}"#).err().unwrap();
        assert!(!error.contains("s3cr3t"), "{error}");
        assert!(parse_token(b"s3cr3t-token").err().unwrap().contains("not a JSON object"));
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    }
}
