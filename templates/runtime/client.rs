//! The client: configuration, authentication and sending.

use super::auth::{Auth, TokenSource};
use super::{Error, FromResponse, RawResponse, Response, Secret};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The timeout for a whole request, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for the API. Cheap to clone: clones share the connection pool
/// and the cached access token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    setting: &'static str,
    problem: String,
}

impl ConfigError {
    fn new(setting: &'static str, problem: impl Into<String>) -> Self {
        ConfigError { setting, problem: problem.into() }
    }

    /// The setting at fault (an environment variable's name, or the
    /// builder method's).
    pub fn setting(&self) -> &str {
        self.setting
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Configures a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token_url: Option<String>,
    credentials: Option<(String, Secret)>,
    bearer: Option<Secret>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The API's base URL, version path included, for example
    /// `https://acme.api.identitynow.com/v3`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticates with the OAuth2 client credentials grant.
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.credentials = Some((client_id.into(), Secret::new(client_secret)));
        self
    }

    /// The token endpoint for [`client_credentials`](Self::client_credentials);
    /// by default `/oauth/token` on the base URL's host.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Authenticates with a bearer token obtained elsewhere.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(Secret::new(token));
        self
    }

    /// The timeout for each request, from sending to the end of the body.
    /// Ignored when [`http_client`](Self::http_client) is given.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header. Ignored when
    /// [`http_client`](Self::http_client) is given.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through the caller's own `reqwest` client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and makes the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base = self.base_url.ok_or_else(|| ConfigError::new("base_url", "is not set"))?;
        let base_url = parse_http_url("base_url", base.trim_end_matches('/'))?;
        let auth = match (self.credentials, self.bearer) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new("client_credentials", "set either client credentials or a bearer token, not both"));
            }
            (Some((client_id, client_secret)), None) => {
                if client_id.is_empty() {
                    return Err(ConfigError::new("client_id", "is empty"));
                }
                let token_url = match self.token_url {
                    Some(url) => parse_http_url("token_url", &url)?,
                    None => default_token_url(&base_url)?,
                };
                Auth::ClientCredentials(TokenSource::new(token_url, client_id, client_secret))
            }
            (None, Some(token)) => Auth::Bearer(token),
            (None, None) => Auth::None,
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .user_agent(self.user_agent.unwrap_or_else(|| crate::USER_AGENT.to_owned()))
                .build()
                .map_err(|error| ConfigError::new("http_client", error.to_string()))?,
        };
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth }) })
    }
}

fn parse_http_url(setting: &'static str, url: &str) -> Result<Url, ConfigError> {
    let parsed = Url::parse(url).map_err(|error| ConfigError::new(setting, format!("`{url}` is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ConfigError::new(setting, format!("`{url}` is not an http(s) URL with a host")));
    }
    Ok(parsed)
}

fn default_token_url(base_url: &Url) -> Result<Url, ConfigError> {
    base_url.join(crate::TOKEN_PATH).map_err(|error| ConfigError::new("token_url", error.to_string()))
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `SAIL_BASE_URL` (the
    /// tenant's API host, for example `https://acme.api.identitynow.com`;
    /// the API's version path is added when it has none),
    /// `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET`.
    pub fn from_env() -> Result<Client, ConfigError> {
        let var = |name: &'static str| match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
            Ok(_) => Err(ConfigError::new(name, "is empty")),
            Err(std::env::VarError::NotPresent) => Err(ConfigError::new(name, "is not set")),
            Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::new(name, "is not valid UTF-8")),
        };
        let host = var("SAIL_BASE_URL")?;
        let parsed = parse_http_url("SAIL_BASE_URL", &host)?;
        let base_url = if parsed.path() == "/" {
            format!("{}{}", host.trim_end_matches('/'), crate::API_PATH)
        } else {
            host
        };
        Client::builder()
            .base_url(base_url)
            .client_credentials(var("SAIL_CLIENT_ID")?, var("SAIL_CLIENT_SECRET")?)
            .build()
    }

    /// The API's base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// A request for `path` (already encoded) below the base URL.
    pub(crate) fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.inner.base_url.as_str().trim_end_matches('/'));
        self.inner.http.request(method, url).header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends `request` with the access token; on a 401 with a cached token,
    /// fetches a new token and sends once more.
    async fn execute<E>(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
        let retry = request.try_clone();
        let (response, token) = self.send_authenticated(request).await?;
        if response.status() == StatusCode::UNAUTHORIZED {
            if let (Some(token), Some(retry)) = (token, retry) {
                if self.inner.auth.invalidate(&token).await {
                    return self.send_authenticated(retry).await.map(|(response, _)| response);
                }
            }
        }
        Ok(response)
    }

    async fn send_authenticated<E>(&self, request: reqwest::RequestBuilder) -> Result<(RawResponse, Option<Secret>), Error<E>> {
        let token = self.inner.auth.token(&self.inner.http).await.map_err(Error::Auth)?;
        let request = match &token {
            Some(token) => request.bearer_auth(token.expose()),
            None => request,
        };
        let response = request.send().await.map_err(Error::from_reqwest)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok((RawResponse::new(status, headers, body), token))
    }

    /// Sends `request` and decodes a JSON body when the status is one of
    /// `success`; any other status becomes the operation's error `E`.
    #[allow(dead_code, reason = "unused when no operation returns a body")]
    pub(crate) async fn call_json<T: DeserializeOwned, E: FromResponse>(
        &self,
        request: reqwest::RequestBuilder,
        success: &[u16],
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.execute(request).await?;
        if !success.contains(&raw.status().as_u16()) {
            return Err(Error::Api(E::from_response(raw)));
        }
        match serde_json::from_slice(raw.body()) {
            Ok(body) => Ok(Response::new(raw.status(), raw.headers().clone(), body)),
            Err(source) => Err(Error::Decode { response: raw, source }),
        }
    }

    /// Sends `request` for an operation whose success response has no body.
    #[allow(dead_code, reason = "unused when every operation returns a body")]
    pub(crate) async fn call_empty<E: FromResponse>(
        &self,
        request: reqwest::RequestBuilder,
        success: &[u16],
    ) -> Result<Response<()>, Error<E>> {
        let raw = self.execute(request).await?;
        if !success.contains(&raw.status().as_u16()) {
            return Err(Error::Api(E::from_response(raw)));
        }
        Ok(Response::new(raw.status(), raw.headers().clone(), ()))
    }
}
