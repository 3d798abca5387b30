//! A stateful emulator of the password endpoints, served by axum on an
//! ephemeral port of 127.0.0.1: a token endpoint, CRUD over in-memory
//! collections, `limit`/`offset`/`count`, 404s, a per-token quota, and
//! faults injected on demand, on the API or on the token endpoint (429,
//! 503, slow answers, dropped connections, malformed and truncated
//! bodies, token answers of other shapes). Like the service, it answers a
//! list request whose offset is at or past the end of a non-empty
//! collection with `400 {"detailMessage": "Specified offset is invalid."}`.
#![allow(dead_code, reason = "each test binary uses a part of the emulator")]

use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const CLIENT_ID: &str = "emulator-client";
pub const CLIENT_SECRET: &str = "emulator-secret-do-not-log";

/// A fault the emulator answers the next API request with.
#[derive(Debug, Clone)]
pub enum Fault {
    TooManyRequests { retry_after: String },
    Unavailable,
    Slow(Duration),
    DropConnection,
    Malformed,
    Truncated,
    /// A 200 with this JSON body (for the token endpoint: a token answer of
    /// another shape).
    Body(Value),
}

/// One API request as the emulator saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct Store {
    /// Items by id; `BTreeMap` so listing order is the ids' order.
    collections: HashMap<&'static str, BTreeMap<String, Value>>,
    next_id: u64,
}

struct Emulation {
    store: Mutex<Store>,
    tokens: Mutex<HashMap<String, Instant>>,
    token_lifetime: Mutex<Duration>,
    token_requests: AtomicUsize,
    faults: Mutex<VecDeque<Fault>>,
    token_faults: Mutex<VecDeque<Fault>>,
    /// Whether `count=true` gets an `X-Total-Count` header.
    total_count: std::sync::atomic::AtomicBool,
    seen: Mutex<Vec<Seen>>,
    quota: Option<(usize, Duration)>,
    recent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// A running emulator; stops when dropped.
pub struct Emulator {
    pub addr: SocketAddr,
    state: Arc<Emulation>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

const SYNC_GROUPS: &str = "password-sync-groups";
const POLICIES: &str = "password-policies";

impl Emulator {
    pub async fn start() -> Emulator {
        Emulator::start_with_quota(None).await
    }

    /// An emulator that answers 429 past `requests` per `window` per token.
    pub async fn start_with_quota(quota: Option<(usize, Duration)>) -> Emulator {
        let state = Arc::new(Emulation {
            store: Mutex::new(Store::default()),
            tokens: Mutex::new(HashMap::new()),
            token_lifetime: Mutex::new(Duration::from_secs(3600)),
            token_requests: AtomicUsize::new(0),
            faults: Mutex::new(VecDeque::new()),
            token_faults: Mutex::new(VecDeque::new()),
            total_count: std::sync::atomic::AtomicBool::new(true),
            seen: Mutex::new(Vec::new()),
            quota,
            recent: Mutex::new(HashMap::new()),
        });
        let api = Router::new()
            .route("/v3/{collection}", get(list).post(create))
            .route("/v3/{collection}/{id}", get(read).put(update).delete(remove))
            .layer(middleware::from_fn_with_state(state.clone(), gate));
        let app = Router::new().route("/oauth/token", post(token)).merge(api).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds to loopback");
        let addr = listener.local_addr().expect("has an address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serves");
        });
        Emulator { addr, state, server }
    }

    /// The v3 base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}/v3", self.addr)
    }

    pub fn fault(&self, fault: Fault) {
        self.state.faults.lock().unwrap().push_back(fault);
    }

    /// Lets `token` through the API gate, as a token the emulator issued.
    pub fn accept_token(&self, token: &str) {
        self.state.tokens.lock().unwrap().insert(token.to_owned(), Instant::now() + Duration::from_secs(3600));
    }

    /// A fault the token endpoint answers its next request with.
    pub fn token_fault(&self, fault: Fault) {
        self.state.token_faults.lock().unwrap().push_back(fault);
    }

    /// Whether lists send `X-Total-Count` when asked with `count=true`
    /// (some list endpoints never do).
    pub fn set_total_count(&self, sent: bool) {
        self.state.total_count.store(sent, Ordering::SeqCst);
    }

    pub fn token_requests(&self) -> usize {
        self.state.token_requests.load(Ordering::SeqCst)
    }

    /// How long tokens issued from now on live, and what `expires_in` says.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        *self.state.token_lifetime.lock().unwrap() = lifetime;
    }

    /// Makes every issued token invalid, as a server-side expiry would.
    pub fn revoke_tokens(&self) {
        self.state.tokens.lock().unwrap().clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// Adds sync groups named `group-00000`... with ids in the same order.
    pub fn seed_groups(&self, count: usize) {
        let mut store = self.state.store.lock().unwrap();
        let groups = store.collections.entry(SYNC_GROUPS).or_default();
        for n in 0..count {
            let id = format!("g{n:06}");
            groups.insert(id.clone(), json!({"id": id, "name": format!("group-{n:05}"), "sourceIds": []}));
        }
    }

    /// Stores `item` under `id` as given, fields unknown to the spec included.
    pub fn put_raw(&self, collection: &'static str, id: &str, item: Value) {
        self.state.store.lock().unwrap().collections.entry(collection).or_default().insert(id.to_owned(), item);
    }

    pub fn get_raw(&self, collection: &'static str, id: &str) -> Option<Value> {
        self.state.store.lock().unwrap().collections.get(collection)?.get(id).cloned()
    }
}

fn collection(name: &str) -> Option<&'static str> {
    [SYNC_GROUPS, POLICIES].into_iter().find(|known| *known == name)
}

fn error_body(status: StatusCode, detail: &str) -> Response {
    let body = json!({
        "detailCode": detail,
        "trackingId": "0123456789abcdef0123456789abcdef",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": detail}]
    });
    (status, Json(body)).into_response()
}

#[derive(serde::Deserialize)]
struct TokenForm {
    grant_type: String,
    client_id: String,
    client_secret: String,
}

async fn token(State(state): State<Arc<Emulation>>, Form(form): Form<TokenForm>) -> Response {
    state.token_requests.fetch_add(1, Ordering::SeqCst);
    let fault = state.token_faults.lock().unwrap().pop_front();
    if let Some(fault) = fault {
        if let Some(response) = faulty(fault).await {
            return response;
        }
    }
    if form.grant_type != "client_credentials" || form.client_id != CLIENT_ID || form.client_secret != CLIENT_SECRET {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "invalid_client", "error_description": "Bad credentials"}))).into_response();
    }
    let lifetime = *state.token_lifetime.lock().unwrap();
    let n = state.token_requests.load(Ordering::SeqCst);
    let token = format!("token-{n}");
    state.tokens.lock().unwrap().insert(token.clone(), Instant::now() + lifetime);
    Json(json!({"access_token": token, "token_type": "bearer", "expires_in": lifetime.as_secs()})).into_response()
}

/// Records the request, then applies auth, the quota and any queued fault.
async fn gate(State(state): State<Arc<Emulation>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let response = gated(&state, request, next).await;
    state.seen.lock().unwrap().push(Seen { method, path, query, status: response.status().as_u16() });
    response
}

async fn gated(state: &Emulation, request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::to_owned);
    let valid = bearer.as_ref().is_some_and(|token| {
        state.tokens.lock().unwrap().get(token).is_some_and(|expiry| Instant::now() < *expiry)
    });
    let Some(token) = bearer.filter(|_| valid) else {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "JWT validation failed: JWT is expired"}))).into_response();
    };
    if let Some((requests, window)) = state.quota {
        let mut recent = state.recent.lock().unwrap();
        let log = recent.entry(token).or_default();
        let now = Instant::now();
        while log.front().is_some_and(|at| now.duration_since(*at) >= window) {
            log.pop_front();
        }
        if log.len() >= requests {
            let wait = window - now.duration_since(log[0]);
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(json!({"message": " Rate Limit Exceeded "}))).into_response();
            response.headers_mut().insert("retry-after", HeaderValue::from(wait.as_secs() + 1));
            return response;
        }
        log.push_back(now);
    }
    let fault = state.faults.lock().unwrap().pop_front();
    match fault {
        None => next.run(request).await,
        Some(Fault::Truncated) => {
            let mut response = next.run(request).await;
            let bytes = axum::body::to_bytes(std::mem::take(response.body_mut()), usize::MAX).await.unwrap();
            let half = bytes.slice(..bytes.len() / 2);
            let chunks = futures_util::stream::iter([Ok(half.to_vec()), Err(std::io::Error::other("cut short"))]);
            *response.body_mut() = Body::from_stream(chunks);
            response
        }
        Some(fault) => match faulty(fault).await {
            Some(response) => response,
            None => next.run(request).await,
        },
    }
}

/// The answer a fault gives in place of the endpoint's, or `None` when the
/// endpoint answers after all (after a slow start).
async fn faulty(fault: Fault) -> Option<Response> {
    Some(match fault {
        Fault::TooManyRequests { retry_after } => {
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(json!({"message": " Rate Limit Exceeded "}))).into_response();
            response.headers_mut().insert("retry-after", HeaderValue::from_str(&retry_after).unwrap());
            response
        }
        Fault::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "upstream unavailable").into_response(),
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            return None;
        }
        Fault::DropConnection => {
            let broken = futures_util::stream::once(async { Err::<Vec<u8>, _>(std::io::Error::other("connection dropped")) });
            Response::builder().status(200).body(Body::from_stream(broken)).unwrap()
        }
        Fault::Malformed => (StatusCode::OK, [("content-type", "application/json")], "{\"id\": \"x\", \"name\": ").into_response(),
        Fault::Truncated => (StatusCode::OK, [("content-type", "application/json")], "{\"access_token\": \"cut").into_response(),
        Fault::Body(body) => Json(body).into_response(),
    })
}

#[derive(serde::Deserialize)]
struct Paging {
    limit: Option<i64>,
    offset: Option<i64>,
    count: Option<bool>,
}

async fn list(State(state): State<Arc<Emulation>>, Path(name): Path<String>, Query(paging): Query<Paging>) -> Response {
    let Some(name) = collection(&name) else { return error_body(StatusCode::NOT_FOUND, "404 Not found") };
    let limit = paging.limit.unwrap_or(250);
    let offset = paging.offset.unwrap_or(0);
    if !(0..=250).contains(&limit) || offset < 0 {
        return error_body(StatusCode::BAD_REQUEST, "400.1 Bad Request Content");
    }
    let store = state.store.lock().unwrap();
    let items = store.collections.get(name);
    let len = items.map_or(0, BTreeMap::len);
    if len > 0 && offset as usize >= len {
        return (StatusCode::BAD_REQUEST, Json(json!({"detailMessage": "Specified offset is invalid."}))).into_response();
    }
    let page: Vec<Value> = items.into_iter().flat_map(|c| c.values()).skip(offset as usize).take(limit as usize).cloned().collect();
    let mut headers = HeaderMap::new();
    if paging.count == Some(true) && state.total_count.load(Ordering::SeqCst) {
        headers.insert("x-total-count", HeaderValue::from(items.map_or(0, BTreeMap::len)));
    }
    (headers, Json(page)).into_response()
}

async fn create(State(state): State<Arc<Emulation>>, Path(name): Path<String>, Json(mut item): Json<Value>) -> Response {
    let Some(name) = collection(&name) else { return error_body(StatusCode::NOT_FOUND, "404 Not found") };
    if !item.is_object() || item.get("name").and_then(Value::as_str).is_none() {
        return error_body(StatusCode::BAD_REQUEST, "400.1 Bad Request Content");
    }
    let mut store = state.store.lock().unwrap();
    store.next_id += 1;
    let id = format!("new{:06}", store.next_id);
    item["id"] = json!(id);
    item["created"] = json!("2023-03-16T04:00:00Z");
    store.collections.entry(name).or_default().insert(id, item.clone());
    Json(item).into_response()
}

async fn read(State(state): State<Arc<Emulation>>, Path((name, id)): Path<(String, String)>) -> Response {
    let store = state.store.lock().unwrap();
    match collection(&name).and_then(|name| store.collections.get(name)).and_then(|c| c.get(&id)) {
        Some(item) => Json(item.clone()).into_response(),
        None => error_body(StatusCode::NOT_FOUND, "404 Not found"),
    }
}

async fn update(State(state): State<Arc<Emulation>>, Path((name, id)): Path<(String, String)>, Json(mut item): Json<Value>) -> Response {
    let mut store = state.store.lock().unwrap();
    let Some(items) = collection(&name).and_then(|name| store.collections.get_mut(name)) else {
        return error_body(StatusCode::NOT_FOUND, "404 Not found");
    };
    if !items.contains_key(&id) {
        return error_body(StatusCode::NOT_FOUND, "404 Not found");
    }
    item["id"] = json!(id);
    item["modified"] = json!("2024-01-01T00:00:00Z");
    items.insert(id, item.clone());
    Json(item).into_response()
}

async fn remove(State(state): State<Arc<Emulation>>, Path((name, id)): Path<(String, String)>) -> Response {
    let mut store = state.store.lock().unwrap();
    let removed = collection(&name).and_then(|name| store.collections.get_mut(name)).and_then(|c| c.remove(&id));
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => error_body(StatusCode::NOT_FOUND, "404 Not found"),
    }
}
