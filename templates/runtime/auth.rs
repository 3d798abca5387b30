//! OAuth2 client credentials, with the token cached until shortly before it
//! expires, and a static bearer token.

use super::{AuthError, RawResponse};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A secret (client secret, access token, a model's `format: password`
/// field) that never shows in `Debug` output and has no `Display`. It is
/// sent as the plain string.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(Secret::new)
    }
}

/// How requests are authenticated.
#[derive(Debug)]
pub(crate) enum Auth {
    None,
    Bearer(Secret),
    ClientCredentials(TokenSource),
}

impl Auth {
    /// The bearer token to send, fetching one if needed.
    pub(crate) async fn token(&self, http: &reqwest::Client) -> Result<Option<Secret>, AuthError> {
        match self {
            Auth::None => Ok(None),
            Auth::Bearer(token) => Ok(Some(token.clone())),
            Auth::ClientCredentials(source) => source.token(http).await.map(Some),
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
            Auth::None | Auth::Bearer(_) => false,
        }
    }
}

/// Fetches tokens from the token endpoint and caches them. The lock is
/// held while fetching, so many tasks needing a token at once share one
/// request.
#[derive(Debug)]
pub(crate) struct TokenSource {
    pub(crate) token_url: reqwest::Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    cached: tokio::sync::Mutex<Option<CachedToken>>,
}

#[derive(Debug)]
struct CachedToken {
    value: Secret,
    refresh_at: Instant,
}

/// How long before its expiry a token is replaced.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl TokenSource {
    pub(crate) fn new(token_url: reqwest::Url, client_id: String, client_secret: Secret) -> Self {
        TokenSource { token_url, client_id, client_secret, cached: tokio::sync::Mutex::new(None) }
    }

    async fn token(&self, http: &reqwest::Client) -> Result<Secret, AuthError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|token| Instant::now() < token.refresh_at) {
            return Ok(token.value.clone());
        }
        let fresh = self.fetch(http).await?;
        let value = fresh.value.clone();
        *cached = Some(fresh);
        Ok(value)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedToken, AuthError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        let response = http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|error| AuthError::Transport(error.without_url()))?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(|error| AuthError::Transport(error.without_url()))?;
        let raw = RawResponse::new(status, headers, bytes);
        if !status.is_success() {
            return Err(AuthError::Rejected { response: raw });
        }
        let token: TokenResponse = match serde_json::from_slice(raw.body()) {
            Ok(token) => token,
            Err(source) => return Err(AuthError::Malformed { response: raw, source }),
        };
        let lifetime = Duration::from_secs(token.expires_in.unwrap_or(0));
        Ok(CachedToken {
            value: Secret::new(token.access_token),
            refresh_at: Instant::now() + lifetime.saturating_sub(EXPIRY_MARGIN),
        })
    }
}
