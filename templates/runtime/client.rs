//! The client and its configuration: the builder, the environment it
//! reads, credentials, and the settings each request starts from. Sending
//! is the transport's.

use super::auth::{ApiKeyPlace, Auth, Secret, TokenSource};
use super::rate_limit::{Pacer, RateLimit};
use super::retry::RetryPolicy;
use reqwest::Url;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Each attempt's timeout, from sending to the end of the body, unless set.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The timeout for opening a connection, unless set.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// What the API description says about connecting, authenticating and
/// pacing; the generated crate fills it in.
pub(crate) struct Settings {
    /// The server URL, when the description gives one without variables.
    pub(crate) default_base_url: Option<&'static str>,
    /// The API's path below the host, added to a base URL that has none.
    pub(crate) base_path: &'static str,
    /// The OAuth2 client credentials token endpoint's path on the API host,
    /// when the API takes client credentials.
    pub(crate) token_path: Option<&'static str>,
    /// Where the API takes an API key, when it takes one.
    pub(crate) api_key: Option<(ApiKeyPlace, &'static str)>,
    /// Whether every operation can be called without credentials.
    pub(crate) anonymous: bool,
    /// The quota requests are paced below, unless set.
    pub(crate) rate_limit: Option<RateLimit>,
    /// The environment variables [`ClientBuilder::from_env`] reads.
    pub(crate) env: Environment,
}

/// The names of the environment variables a client is configured from.
pub(crate) struct Environment {
    pub(crate) base_url: &'static str,
    pub(crate) client_id: Option<&'static str>,
    pub(crate) client_secret: Option<&'static str>,
    pub(crate) api_key: Option<&'static str>,
    pub(crate) token: Option<&'static str>,
    pub(crate) max_attempts: &'static str,
    pub(crate) timeout: &'static str,
}

/// A client for the API. Cheap to clone: clones share the connection pool,
/// the cached access token and the rate limit.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: Url,
    pub(super) auth: Auth,
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Duration,
    pub(super) pacer: Option<Pacer>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment variables in
    /// [`environment`](crate::environment), with every other setting at its
    /// default; [`ClientBuilder::from_env`] starts from the same and lets
    /// you change any setting.
    pub fn from_env() -> Result<Client, ConfigError> {
        ClientBuilder::from_env().build()
    }

    /// The API's base URL, its path included.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }
}

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    setting: &'static str,
    problem: String,
}

impl ConfigError {
    pub(crate) fn new(setting: &'static str, problem: impl Into<String>) -> Self {
        ConfigError { setting, problem: problem.into() }
    }

    /// The setting at fault: an environment variable's name, or the
    /// builder method's.
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

/// How a client authenticates, as configured.
#[allow(dead_code, reason = "an API makes only the kinds of credentials it takes")]
#[derive(Debug)]
pub(crate) enum Credentials {
    Client { client_id: String, client_secret: Secret },
    Bearer(Secret),
    ApiKey(Secret),
    /// Chosen on purpose: no credentials at all.
    Anonymous,
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    /// What was wrong with the environment, kept until a setting made in
    /// code replaces the one at fault, or [`build`](Self::build) reports it.
    env_faults: EnvFaults,
    base_url: Option<String>,
    base_path: String,
    token_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            env_faults: EnvFaults::default(),
            base_url: crate::SETTINGS.default_base_url.map(str::to_owned),
            base_path: crate::SETTINGS.base_path.to_owned(),
            token_url: None,
            credentials: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            rate_limit: crate::SETTINGS.rate_limit,
        }
    }
}

impl ClientBuilder {
    /// A builder with the settings the environment variables in
    /// [`environment`](crate::environment) give (base URL, credentials,
    /// attempts, timeout); every setting can still be changed in code
    /// before [`build`](Self::build). Credentials are taken from the first
    /// kind whose variables are set, in the order that module lists them.
    ///
    /// Reading the environment never fails here: a variable that is empty
    /// or malformed, or a client id without its secret, is reported by
    /// `build`, unless code has set that setting since (so
    /// `ClientBuilder::from_env().bearer_token(token)` needs no credential
    /// variable), and a setting no variable gives is missing only if
    /// `build` finds it missing.
    pub fn from_env() -> ClientBuilder {
        let env = &crate::SETTINGS.env;
        let mut builder = ClientBuilder::default();
        let mut faults = EnvFaults::default();
        match read_env(env.base_url) {
            Ok(Some(url)) => builder.base_url = Some(url),
            Ok(None) => {}
            Err(fault) => faults.base_url = Some(fault),
        }
        match env_credentials(env) {
            Ok(credentials) => builder.credentials = credentials,
            Err(fault) => faults.credentials = Some(fault),
        }
        let attempts = |text: &str| text.parse::<u32>().ok().filter(|n| *n >= 1);
        match read_env_as(env.max_attempts, "a whole number of attempts, 1 or more", attempts) {
            Ok(Some(attempts)) => builder.retry = builder.retry.max_attempts(attempts),
            Ok(None) => {}
            Err(fault) => faults.retry = Some(fault),
        }
        match read_env_as(env.timeout, "a number of seconds above 0", seconds) {
            Ok(Some(timeout)) => builder.timeout = timeout,
            Ok(None) => {}
            Err(fault) => faults.timeout = Some(fault),
        }
        builder.env_faults = faults;
        builder
    }

    /// The API's base URL. A URL without a path gets the API's base path
    /// (see [`base_path`](Self::base_path)), so `https://host` and
    /// `https://host/api` are the same for an API under `/api`; a URL with a
    /// path is used as it is.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self.env_faults.base_url = None;
        self
    }

    /// The path added to a base URL that has none: the API description's
    /// unless set; `""` for a server that serves the API at its root (a
    /// mock server, a gateway).
    pub fn base_path(mut self, path: impl Into<String>) -> Self {
        self.base_path = path.into();
        self
    }

    /// Sets how the client authenticates; the generated builder methods
    /// for the API's kinds of credentials call it.
    pub(crate) fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self.env_faults.credentials = None;
        self
    }

    #[allow(dead_code, reason = "used by APIs that take client credentials")]
    pub(crate) fn set_token_url(mut self, url: String) -> Self {
        self.token_url = Some(url);
        self
    }

    /// Sends requests without credentials: for operations that need none,
    /// or a proxy that adds them. Without this, [`build`](Self::build)
    /// refuses a builder with no credentials.
    pub fn no_authentication(self) -> Self {
        self.credentials(Credentials::Anonymous)
    }

    /// The timeout for each attempt, from sending to the end of the body
    /// (60 seconds unless set); it covers fetching an access token too.
    /// Requests can override it, also when an
    /// [`http_client`](Self::http_client) is given.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.env_faults.timeout = None;
        self
    }

    /// The timeout for opening a connection (10 seconds unless set).
    /// Ignored when an [`http_client`](Self::http_client) is given: set it
    /// on that client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header. Ignored when
    /// [`http_client`](Self::http_client) is given.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through the caller's own `reqwest` client (for a
    /// proxy, or custom TLS roots). The timeouts set here still apply to
    /// each request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed requests are retried; [`RetryPolicy::default`] unless set.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self.env_faults.retry = None;
        self
    }

    /// Paces requests to stay within `limit`, or not at all with `None`.
    /// The default is the quota the API description declares, if any.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Checks the settings and makes the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        if let Some(fault) = self.env_faults.first() {
            return Err(fault);
        }
        let env = &crate::SETTINGS.env;
        let base = self
            .base_url
            .ok_or_else(|| ConfigError::new("base_url", format!("is not set: call base_url() or set {}", env.base_url)))?;
        let base_url = base_url(&base, &self.base_path)?;
        let auth = match self.credentials {
            Some(Credentials::Client { client_id, client_secret }) => {
                if client_id.is_empty() {
                    return Err(ConfigError::new("client_credentials", "the client id is empty"));
                }
                let token_url = match (self.token_url, crate::SETTINGS.token_path) {
                    (Some(url), _) => parse_http_url("token_url", &url)?,
                    (None, Some(path)) => base_url.join(path).map_err(|error| ConfigError::new("token_url", error.to_string()))?,
                    (None, None) => return Err(ConfigError::new("client_credentials", "the API takes no client credentials")),
                };
                Auth::ClientCredentials(TokenSource::new(token_url, client_id, client_secret))
            }
            Some(Credentials::Bearer(token)) => Auth::Bearer(token),
            Some(Credentials::ApiKey(key)) => match crate::SETTINGS.api_key {
                Some((place, name)) => Auth::ApiKey { place, name, key },
                None => return Err(ConfigError::new("api_key", "the API takes no API key")),
            },
            Some(Credentials::Anonymous) => Auth::None,
            None if crate::SETTINGS.anonymous => Auth::None,
            None => {
                return Err(ConfigError::new(
                    "credentials",
                    format!(
                        "none are set: set the API's credentials in code{}, or call no_authentication() to send requests without any",
                        credential_variables(env)
                    ),
                ));
            }
        };
        let http = match self.http {
            Some(http) => http,
            None => compiled_in_roots(reqwest::Client::builder())?
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent.unwrap_or_else(|| USER_AGENT.to_owned()))
                .build()
                .map_err(|error| ConfigError::new("http_client", error.to_string()))?,
        };
        let pacer = self.rate_limit.map(Pacer::new);
        let inner = Inner { http, base_url, auth, retry: self.retry, timeout: self.timeout, pacer };
        Ok(Client { inner: Arc::new(inner) })
    }
}

/// The `rustls-webpki-roots` feature's root certificates: Mozilla's,
/// compiled in, trusted alone or, where the platform's are trusted too (the
/// `rustls-native-roots` or `native-tls` feature), beside them.
#[cfg(feature = "rustls-webpki-roots")]
fn compiled_in_roots(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ConfigError> {
    let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| reqwest::Certificate::from_der(der))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| ConfigError::new("http_client", format!("a compiled-in root certificate: {error}")))?;
    if cfg!(any(feature = "rustls-native-roots", feature = "native-tls")) {
        Ok(builder.tls_certs_merge(roots))
    } else {
        Ok(builder.tls_certs_only(roots))
    }
}

/// Without the `rustls-webpki-roots` feature, the TLS library's own roots.
#[cfg(not(feature = "rustls-webpki-roots"))]
fn compiled_in_roots(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ConfigError> {
    Ok(builder)
}

/// What the environment got wrong, by the setting it concerns.
#[derive(Debug, Default)]
struct EnvFaults {
    base_url: Option<ConfigError>,
    credentials: Option<ConfigError>,
    retry: Option<ConfigError>,
    timeout: Option<ConfigError>,
}

impl EnvFaults {
    /// The fault `build` reports: the base URL's, then the credentials',
    /// the retries' and the timeout's.
    fn first(self) -> Option<ConfigError> {
        self.base_url.or(self.credentials).or(self.retry).or(self.timeout)
    }
}

fn read_env(name: &'static str) -> Result<Option<String>, ConfigError> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(ConfigError::new(name, "is set but empty")),
        Ok(value) => Ok(Some(value.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::new(name, "is not valid UTF-8")),
    }
}

/// The variable `name` read by `parse`, if it is set; an error saying what
/// it should hold when `parse` refuses it.
fn read_env_as<T>(name: &'static str, expected: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, ConfigError> {
    let Some(text) = read_env(name)? else { return Ok(None) };
    parse(&text).map(Some).ok_or_else(|| ConfigError::new(name, format!("is `{text}`, not {expected}")))
}

/// A positive, finite number of seconds.
fn seconds(text: &str) -> Option<Duration> {
    text.parse::<f64>().ok().filter(|seconds| seconds.is_finite() && *seconds > 0.0).and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
}

/// The credentials the environment sets, if any: the first kind whose
/// variables are set. A client id without its secret, or a secret without
/// its id, is an error naming the one missing.
fn env_credentials(env: &Environment) -> Result<Option<Credentials>, ConfigError> {
    if let (Some(id_name), Some(secret_name)) = (env.client_id, env.client_secret) {
        match (read_env(id_name)?, read_env(secret_name)?) {
            (Some(client_id), Some(secret)) => return Ok(Some(Credentials::Client { client_id, client_secret: Secret::new(secret) })),
            (Some(_), None) => return Err(ConfigError::new(secret_name, format!("is not set, though {id_name} is: client credentials need both"))),
            (None, Some(_)) => return Err(ConfigError::new(id_name, format!("is not set, though {secret_name} is: client credentials need both"))),
            (None, None) => {}
        }
    }
    if let Some(key) = env.api_key.map(read_env).transpose()?.flatten() {
        return Ok(Some(Credentials::ApiKey(Secret::new(key))));
    }
    Ok(env.token.map(read_env).transpose()?.flatten().map(|token| Credentials::Bearer(Secret::new(token))))
}

/// `" or in the environment (APP_CLIENT_ID and APP_CLIENT_SECRET, or
/// APP_TOKEN)"`: where credentials can come from, for an error.
fn credential_variables(env: &Environment) -> String {
    let client = env.client_id.zip(env.client_secret).map(|(id, secret)| format!("{id} and {secret}"));
    let kinds: Vec<String> = client.into_iter().chain(env.api_key.map(str::to_owned)).chain(env.token.map(str::to_owned)).collect();
    if kinds.is_empty() {
        String::new()
    } else {
        format!(" or in the environment ({})", kinds.join(", or "))
    }
}

/// The base URL: `url`, with `base_path` when it has no path.
fn base_url(url: &str, base_path: &str) -> Result<Url, ConfigError> {
    let mut parsed = parse_http_url("base_url", url)?;
    if parsed.path() == "/" {
        parsed.set_path(base_path);
    }
    let trimmed = parsed.path().trim_end_matches('/').to_owned();
    parsed.set_path(&trimmed);
    Ok(parsed)
}

fn parse_http_url(setting: &'static str, url: &str) -> Result<Url, ConfigError> {
    let parsed = Url::parse(url).map_err(|error| ConfigError::new(setting, format!("`{url}` is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ConfigError::new(setting, format!("`{url}` is not an http(s) URL with a host")));
    }
    Ok(parsed)
}


#[cfg(all(test, feature = "rustls-webpki-roots"))]
mod tests {
    /// Every compiled-in root is read, and reqwest takes them as the
    /// features ask (alone, or beside the platform's).
    #[test]
    fn a_client_builds_with_the_compiled_in_roots() {
        let builder = super::compiled_in_roots(reqwest::Client::builder()).expect("every compiled-in root is a certificate");
        builder.build().expect("reqwest takes the roots");
    }
}
