//! The mock's server: `MockServer`, the credentials it issues, and how it
//! routes each request to an expectation, a collection or a fault.

use crate::runtime::auth::Secret;
use crate::runtime::client::{Client, ClientBuilder, Credentials};
use crate::runtime::params::Style;
use crate::runtime::prepared::Endpoint;
use crate::runtime::retry::RetryPolicy;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming as HyperBody};
use hyper::{Method, StatusCode};
use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use super::expect::{Expectation, Mockable};
use super::fake::Resource;
use super::incoming::Incoming;
use super::reply::{Fault, Reply};
use super::state::{Answer, Received, Registered, Report, Shared, State};
use super::store::{match_path, serve, ResourceSpec};

/// What the generated code tells the mock about the API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Api {
    /// Every operation's endpoint.
    pub endpoints: fn() -> Vec<Endpoint>,
}

/// The kind of credentials the mock gives its clients and accepts: the
/// API's.
#[derive(Debug, Clone, Copy)]
pub(super) enum Issued {
    ClientCredentials,
    ApiKey(crate::runtime::ApiKeyPlace, &'static str),
    Nothing,
    Bearer,
}

impl Issued {
    pub(super) fn for_api() -> Issued {
        let settings = &crate::SETTINGS;
        match (settings.token_path, settings.api_key) {
            (Some(_), _) => Issued::ClientCredentials,
            (None, Some((place, name))) => Issued::ApiKey(place, name),
            (None, None) if settings.anonymous => Issued::Nothing,
            (None, None) => Issued::Bearer,
        }
    }
}

/// The timeout of the mock's clients.
pub(super) const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The credentials the mock gives its clients.
pub(super) const CLIENT_ID: &str = "mock-client";
pub(super) const CLIENT_SECRET: &str = "mock-client-secret";
pub(super) const API_KEY: &str = "mock-api-key";
pub(super) const BEARER: &str = "mock-token";

/// A mock of the API on an ephemeral port of 127.0.0.1, for tests. Start
/// it, take a [`client`](Self::client) that is pointed at it and
/// authenticated against it, and tell it what to expect: each operation
/// has a method here that starts an [`Expectation`], and each collection
/// the API lists, creates, reads and deletes has one that gives its
/// in-memory [`Resource`]. A request nothing expected is answered `501`
/// and reported. When the mock is dropped it checks its expectations and
/// panics with a report if one was not met or a request was unexpected
/// (unless the test is already panicking); [`verify`](Self::verify)
/// checks the same on demand.
pub struct MockServer {
    pub(super) shared: Arc<Shared>,
    pub(super) addr: SocketAddr,
    pub(super) server: tokio::task::JoinHandle<()>,
    pub(super) verified: AtomicBool,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.abort();
        if self.verified.load(Ordering::SeqCst) || std::thread::panicking() {
            return;
        }
        let report = self.report();
        if !report.is_ok() {
            panic!("the mock's expectations were not met:\n{report}");
        }
    }
}

impl MockServer {
    /// Starts a mock of the API `api` describes; the generated `start`
    /// calls it.
    pub(crate) async fn start_for(api: &'static Api) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            endpoints: (api.endpoints)(),
            base_path: wire_path(crate::SETTINGS.base_path),
            token_path: crate::SETTINGS.token_path.map(wire_path),
            state: Mutex::new(State::default()),
        });
        let serving = shared.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = serving.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = shared.clone();
                        async move { Ok::<_, std::convert::Infallible>(shared.answer(request).await) }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
        Ok(MockServer { shared, addr, server, verified: AtomicBool::new(false) })
    }

    /// The API's base URL on the mock.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, crate::SETTINGS.base_path)
    }

    /// A client builder pointed at the mock, with credentials its
    /// authentication accepts and one attempt per request (set a
    /// [`RetryPolicy`] to test retries), no pacing and a 10-second
    /// timeout.
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = Client::builder().base_url(self.base_url()).retry_policy(RetryPolicy::none()).rate_limit(None).timeout(CLIENT_TIMEOUT);
        match Issued::for_api() {
            Issued::ClientCredentials => builder.credentials(Credentials::Client { client_id: CLIENT_ID.to_owned(), client_secret: Secret::new(CLIENT_SECRET) }),
            Issued::ApiKey(..) => builder.credentials(Credentials::ApiKey(Secret::new(API_KEY))),
            Issued::Nothing => builder.credentials(Credentials::Anonymous),
            Issued::Bearer => builder.credentials(Credentials::Bearer(Secret::new(BEARER))),
        }
    }

    /// The environment variables that configure a client for the mock, as
    /// `(name, value)` pairs: the base URL, credentials the mock accepts,
    /// one attempt per request and a 10-second timeout, as
    /// [`client_builder`](Self::client_builder) sets them. Give them to a
    /// program started as a separate process (an end-to-end test of a
    /// command line tool) whose client comes from
    /// [`Client::from_env`](crate::Client::from_env).
    pub fn environment(&self) -> Vec<(&'static str, String)> {
        let env = &crate::SETTINGS.env;
        let mut pairs = vec![(env.base_url, self.base_url())];
        match (Issued::for_api(), env.client_id.zip(env.client_secret), env.api_key, env.token) {
            (Issued::ClientCredentials, Some((id, secret)), _, _) => pairs.extend([(id, CLIENT_ID.to_owned()), (secret, CLIENT_SECRET.to_owned())]),
            (Issued::ApiKey(..), _, Some(key), _) => pairs.push((key, API_KEY.to_owned())),
            (Issued::Bearer, _, _, Some(token)) => pairs.push((token, BEARER.to_owned())),
            _ => {}
        }
        let attempts = RetryPolicy::none().attempt_limit().to_string();
        pairs.extend([(env.max_attempts, attempts), (env.timeout, CLIENT_TIMEOUT.as_secs().to_string())]);
        pairs
    }

    /// A client pointed at the mock (see [`client_builder`](Self::client_builder)).
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(error) => panic!("the mock's client settings are invalid: {error}"),
        }
    }

    /// Answers the next request, whatever it is for, with `fault`; faults
    /// queue up, one per request.
    pub fn fault(&self, fault: Fault) {
        self.lock().faults.push_back(fault);
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// Checks that every expectation was met and every request expected.
    /// Once called, the mock no longer checks when dropped.
    pub fn verify(&self) -> Result<(), Report> {
        self.verified.store(true, Ordering::SeqCst);
        let report = self.report();
        if report.is_ok() {
            Ok(())
        } else {
            Err(report)
        }
    }

    pub(super) fn report(&self) -> Report {
        let state = self.lock();
        let unmet = state
            .expectations
            .iter()
            .filter_map(|expected| {
                let calls = expected.calls.load(Ordering::SeqCst);
                (!expected.times.met(calls)).then(|| unmet(expected, calls, &state.received))
            })
            .collect();
        let unexpected = state.unexpected.iter().map(|&at| state.received[at].clone()).collect();
        Report { unmet, unexpected }
    }

    /// Starts an expectation for the operation `O`; the generated methods
    /// named after the operations call it.
    pub(crate) fn expect<O: Mockable>(&self) -> Expectation<'_, O> {
        Expectation::new(&self.shared)
    }

    /// The collection `spec` describes, served from now on.
    #[allow(dead_code, reason = "only an API with collections has methods that call it")]
    pub(crate) fn resource<T>(&self, spec: &'static ResourceSpec) -> Resource<'_, T> {
        let mut state = self.lock();
        if !state.served.iter().any(|served| std::ptr::eq(*served, spec)) {
            state.served.push(spec);
        }
        drop(state);
        Resource::new(&self.shared, spec)
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// An unmet expectation, and what the requests for its operation got
/// instead: `getGroups once, called 0 times; getGroups requests got:
/// GET /groups → 429 Too Many Requests`.
pub(super) fn unmet(expected: &Registered, calls: usize, received: &[Received]) -> String {
    let mut text = format!("{}, called {calls} times", expected.described);
    let answered: Vec<String> = received
        .iter()
        .filter(|request| request.operation == Some(expected.operation))
        .map(|request| format!("{} {} → {}", request.method, request.path, request.status))
        .collect();
    if answered.is_empty() {
        text.push_str(&format!("; no {} request arrived", expected.operation));
    } else {
        text.push_str(&format!("; {} requests got: {}", expected.operation, answered.join(", ")));
    }
    text
}

/// The answer to one request, and whether an expectation or a collection
/// took it.
pub(super) struct Outcome {
    pub(super) reply: Reply,
    pub(super) fault: Option<Fault>,
    pub(super) delay: Option<Duration>,
    pub(super) expected: bool,
}

impl Outcome {
    pub(super) fn reply(reply: Reply) -> Self {
        Outcome { reply, fault: None, delay: None, expected: true }
    }

    /// A request nothing expected, and what it is answered with.
    pub(super) fn unexpected(reply: Reply) -> Self {
        Outcome { reply, fault: None, delay: None, expected: false }
    }

    pub(super) fn fault(fault: Fault, delay: Option<Duration>) -> Self {
        Outcome { reply: Reply::new(StatusCode::OK), fault: Some(fault), delay, expected: true }
    }
}

/// `path` as a request for it arrives: percent-encoded as the client's URL
/// encodes it (a base path of `/v"1` arrives as `/v%221`).
fn wire_path(path: &str) -> String {
    match reqwest::Url::parse("http://mock/") {
        Ok(mut url) => {
            url.set_path(path);
            url.path().to_owned()
        }
        Err(_) => path.to_owned(),
    }
}

pub(super) type ResponseBody = http_body_util::Either<Full<Bytes>, StreamBody<futures_util::stream::Iter<std::vec::IntoIter<Result<Frame<Bytes>, std::io::Error>>>>>;

impl Shared {
    pub(super) async fn answer(&self, request: hyper::Request<HyperBody>) -> hyper::Response<ResponseBody> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|collected| collected.to_bytes()).unwrap_or_default();
        let full_path = parts.uri.path().to_owned();
        let query: Vec<(String, String)> = parts.uri.query().and_then(|query| serde_urlencoded::from_str(query).ok()).unwrap_or_default();
        if self.token_path.as_deref() == Some(full_path.as_str()) && parts.method == Method::POST {
            return respond(self.issue_token(&body), None).await;
        }
        let path = full_path.strip_prefix(self.base_path.as_str()).filter(|rest| rest.starts_with('/') || rest.is_empty()).unwrap_or(&full_path);
        let path = if path.is_empty() { "/" } else { path };
        let shown = match parts.uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let endpoint = self.endpoints.iter().find_map(|endpoint| {
            let params = match_path(endpoint.path, path)?;
            (endpoint.method == parts.method).then_some((endpoint, params))
        });
        let operation = endpoint.as_ref().map(|(endpoint, _)| endpoint.operation);
        let mut incoming = Incoming { method: parts.method.clone(), path_params: BTreeMap::new(), query, headers: parts.headers, body };
        let outcome = match endpoint {
            _ if !self.authorized(&incoming) => {
                Outcome::reply(Reply::new(StatusCode::UNAUTHORIZED).json(&serde_json::json!({"error": "the mock received no credentials it issued"})))
            }
            Some((endpoint, params)) => {
                incoming.path_params = params;
                self.outcome(endpoint, &incoming)
            }
            None => Outcome::unexpected(Reply::new(StatusCode::NOT_FOUND).text(format!("{} {shown} is not an operation of the API", incoming.method))),
        };
        let status = match &outcome.fault {
            Some(Fault::TooManyRequests { .. }) => StatusCode::TOO_MANY_REQUESTS,
            Some(Fault::Status(status)) => *status,
            _ => outcome.reply.status,
        };
        let received = Received { operation, method: incoming.method.clone(), path: shown, body: String::from_utf8_lossy(&incoming.body).into_owned(), status };
        self.record(received, outcome.expected);
        if let Some(delay) = outcome.delay {
            tokio::time::sleep(delay).await;
        }
        respond(outcome.reply, outcome.fault).await
    }

    /// Keeps `received` for [`MockServer::received`], and for the report
    /// when nothing `expected` it.
    pub(super) fn record(&self, received: Received, expected: bool) {
        let mut state = self.lock();
        state.received.push(received);
        if !expected {
            let at = state.received.len() - 1;
            state.unexpected.push(at);
        }
    }

    /// The answer for a request to `endpoint`: a queued fault, the first
    /// expectation that matches and still answers, the collection the path
    /// belongs to, or a 501. A slow answer or a dropped connection delays or
    /// cuts the answer the mock gives otherwise.
    pub(super) fn outcome(&self, endpoint: &Endpoint, incoming: &Incoming) -> Outcome {
        let mut state = self.lock();
        let mut fault = state.faults.pop_front();
        if let Some(instead @ (Fault::TooManyRequests { .. } | Fault::Status(_))) = fault {
            return Outcome::fault(instead, None);
        }
        let mut delay = None;
        let matching = state.expectations.iter().filter(|expected| {
            expected.operation == endpoint.operation && !expected.times.full(expected.calls.load(Ordering::SeqCst)) && (expected.matches)(incoming)
        });
        for expected in matching {
            expected.calls.fetch_add(1, Ordering::SeqCst);
            delay = delay.or(expected.delay);
            match &expected.answer {
                Answer::Reply(reply) => return Outcome { fault, delay, ..Outcome::reply(reply.clone()) },
                Answer::Fault(instead @ (Fault::TooManyRequests { .. } | Fault::Status(_))) => return Outcome::fault(instead.clone(), delay),
                Answer::Fault(cut) => fault = fault.or_else(|| Some(cut.clone())),
            }
        }
        let served = state.served.clone();
        for spec in served {
            if let Some(reply) = serve(spec, state.stores.entry(spec.collection).or_default(), endpoint, incoming) {
                return Outcome { fault, delay, ..Outcome::reply(reply) };
            }
        }
        let operation = endpoint.operation;
        let text = if state.expectations.iter().any(|expected| expected.operation == operation) {
            format!("the mock expected no more {operation} requests: its expectations for it have answered every call they expect")
        } else {
            format!("the mock expected no {operation} request")
        };
        let reply = Reply::new(StatusCode::NOT_IMPLEMENTED).text(text);
        Outcome { fault, delay, ..Outcome::unexpected(reply) }
    }

    /// Whether the request carries credentials the mock gave out.
    pub(super) fn authorized(&self, incoming: &Incoming) -> bool {
        let bearer = || {
            incoming.headers.get(hyper::header::AUTHORIZATION).and_then(|value| value.to_str().ok()).and_then(|value| value.strip_prefix("Bearer ")).map(str::to_owned)
        };
        match Issued::for_api() {
            Issued::ClientCredentials => bearer().is_some_and(|token| self.lock().tokens.contains(&token)),
            Issued::ApiKey(place, name) => {
                let style = match place {
                    crate::runtime::ApiKeyPlace::Header => Style::Header,
                    crate::runtime::ApiKeyPlace::Query => Style::Query,
                    crate::runtime::ApiKeyPlace::Cookie => Style::Cookie,
                };
                incoming.value::<String>(style, name).ok().flatten().as_deref() == Some(API_KEY)
            }
            Issued::Nothing => true,
            Issued::Bearer => bearer().as_deref() == Some(BEARER),
        }
    }

    /// The mock's token endpoint: the client credentials grant for the
    /// mock's own client.
    pub(super) fn issue_token(&self, body: &Bytes) -> Reply {
        let form: BTreeMap<String, String> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let field = |name: &str| form.get(name).map(String::as_str);
        if field("grant_type") != Some("client_credentials") || field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return Reply::new(StatusCode::UNAUTHORIZED).json(&serde_json::json!({"error": "invalid_client"}));
        }
        let mut state = self.lock();
        let token = format!("mock-access-token-{}", state.tokens.len() + 1);
        state.tokens.push(token.clone());
        Reply::new(StatusCode::OK).json(&serde_json::json!({"access_token": token, "token_type": "bearer", "expires_in": 3600}))
    }
}

/// The HTTP response for a reply, or for a fault in its place.
pub(super) async fn respond(reply: Reply, fault: Option<Fault>) -> hyper::Response<ResponseBody> {
    let reply = match fault {
        None => reply,
        Some(Fault::TooManyRequests { retry_after }) => Reply::new(StatusCode::TOO_MANY_REQUESTS)
            .json(&serde_json::json!({"message": "too many requests"}))
            .header(hyper::header::RETRY_AFTER, &retry_after.as_secs().to_string()),
        Some(Fault::Status(status)) => Reply::new(status),
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            reply
        }
        Some(Fault::DropConnection) => {
            // Headers promising a body, part of it, then an error: hyper
            // closes the connection mid-body.
            let half = reply.body.slice(..reply.body.len() / 2);
            let frames = vec![Ok(Frame::data(half)), Err(std::io::Error::other("the mock dropped the connection"))];
            let mut response = hyper::Response::new(http_body_util::Either::Right(StreamBody::new(futures_util::stream::iter(frames))));
            *response.status_mut() = reply.status;
            *response.headers_mut() = reply.headers;
            return response;
        }
    };
    let mut response = hyper::Response::new(http_body_util::Either::Left(Full::new(reply.body)));
    *response.status_mut() = reply.status;
    *response.headers_mut() = reply.headers;
    response
}
