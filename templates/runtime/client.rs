//! The client: configuration, authentication, pacing, retries and sending.

use super::auth::{Auth, TokenSource};
use super::rate_limit::{Pacer, RateLimit};
use super::retry::{self, Failure, RetryPolicy};
use super::decode::DecodeError;
use super::{Error, FromResponse, RawResponse, Response, Secret};
use reqwest::{Method, StatusCode, Url};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// The timeout for a whole request, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for the API. Cheap to clone: clones share the connection pool,
/// the cached access token and the rate limit.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    auth: Auth,
    retry: RetryPolicy,
    pacer: Option<Pacer>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
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
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token_url: Option<String>,
    credentials: Option<(String, Secret)>,
    bearer: Option<Secret>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            token_url: None,
            credentials: None,
            bearer: None,
            timeout: None,
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
        }
    }
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

    /// The timeout for each attempt, from sending to the end of the body
    /// (60 seconds unless set). Requests can override it.
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

    /// How failed requests are retried; [`RetryPolicy::default`] unless set.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Paces requests to stay within `limit`, or not at all with `None`. On
    /// by default at SailPoint's documented quota, 100 requests per 10
    /// seconds.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
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
        let pacer = self.rate_limit.map(Pacer::new);
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth, retry: self.retry, pacer }) })
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

/// Settings of one request that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// Which operation a request is: its method, and its id and path
/// template for tracing.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
}

/// One finished attempt: the response and the token it was sent with.
type Attempt<E> = Result<(RawResponse, Option<Secret>), Error<E>>;

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

    /// A request to `endpoint` at `path` (already encoded) below the base URL.
    pub(crate) fn request(&self, endpoint: &Endpoint, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.inner.base_url.as_str().trim_end_matches('/'));
        self.inner.http.request(endpoint.method.clone(), url).header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends `request`, retrying as the policy allows; on a 401 with a
    /// cached token, fetches a new token and sends once more.
    async fn execute<E>(&self, endpoint: Endpoint, request: reqwest::RequestBuilder, options: RequestOptions) -> Result<RawResponse, Error<E>> {
        let policy = options.retry.as_ref().unwrap_or(&self.inner.retry);
        let method = &endpoint.method;
        let span = tracing::info_span!(
            "request",
            operation = endpoint.operation,
            method = %method,
            path = endpoint.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut delays = policy.delays();
        let mut attempt: u32 = 1;
        let mut refreshed = false;
        loop {
            let Some(this_try) = request.try_clone() else {
                return self.attempt(request, options.timeout, attempt).instrument(span).await.map(|(raw, _)| raw);
            };
            let outcome = self.attempt(this_try, options.timeout, attempt).instrument(span.clone()).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            if let Ok((raw, Some(token))) = &outcome {
                if raw.status() == StatusCode::UNAUTHORIZED && !refreshed && self.inner.auth.invalidate(token).await {
                    refreshed = true;
                    continue;
                }
            }
            let wait = match &outcome {
                Ok((raw, _)) => Failure::of_status(raw.status())
                    .filter(|failure| policy.may_retry(method, *failure))
                    .map(|failure| match failure {
                        Failure::RateLimited => raw
                            .header::<String>("retry-after")
                            .and_then(|value| retry::retry_after(&value, SystemTime::now()))
                            .or_else(|| delays.next()),
                        _ => delays.next(),
                    }),
                Err(Error::Transport { source, .. }) => Failure::of_error(source)
                    .filter(|failure| policy.may_retry(method, *failure))
                    .map(|_| delays.next()),
                Err(_) => None,
            }
            .flatten();
            match wait {
                Some(wait) if attempt < policy.attempts() && started.elapsed() + wait <= policy.elapsed_budget() => {
                    tracing::warn!(parent: &span, attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome.map(|(raw, _)| raw),
            }
        }
    }

    /// One attempt: waits for the rate limit, authenticates, sends, reads
    /// the whole body.
    async fn attempt<E>(&self, request: reqwest::RequestBuilder, timeout: Option<Duration>, attempt: u32) -> Attempt<E> {
        tracing::Span::current().record("attempt", attempt);
        if let Some(pacer) = &self.inner.pacer {
            pacer.acquire().await;
        }
        let token = self.inner.auth.token(&self.inner.http).await.map_err(Error::Auth)?;
        let request = match &token {
            Some(token) => request.bearer_auth(token.expose()),
            None => request,
        };
        let request = match timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        let transport = |source: reqwest::Error| Error::from_reqwest(source, attempt);
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        Ok((RawResponse::new(status, headers, body).with_attempts(attempt), token))
    }

    /// Sends `request` and decodes the body with `decode` when the status
    /// is one of `success` (any 2xx when `success` is empty); any other
    /// status becomes the operation's error `E`.
    pub(crate) async fn call<T, E: FromResponse>(
        &self,
        endpoint: Endpoint,
        request: reqwest::RequestBuilder,
        options: RequestOptions,
        success: &[u16],
        decode: fn(&RawResponse) -> Result<T, DecodeError>,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.execute(endpoint, request, options).await?;
        let status = raw.status();
        let is_success = if success.is_empty() { status.is_success() } else { success.contains(&status.as_u16()) };
        if !is_success {
            return Err(Error::Api(E::from_response(raw)));
        }
        match decode(&raw) {
            Ok(body) => Ok(Response::new(status, raw.headers().clone(), body)),
            Err(source) => Err(Error::Decode { response: raw, source }),
        }
    }
}
