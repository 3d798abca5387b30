//! A local mock of the API, for testing code that uses this crate without
//! a server of the real API: typed expectations per operation, faults,
//! and a stateful fake of the API's collections. The generated `mock`
//! module adds a method per operation and per collection.

use super::auth::Secret;
use super::client::{Client, ClientBuilder, Credentials};
use super::error::ApiError;
use super::prepared::Endpoint;
use super::request::Operation;
use super::response::RawResponse;
use super::retry::RetryPolicy;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming as HyperBody};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// An operation the mock can answer: how its parameters are read back from
/// a request, and how its success value is put on the wire. Implemented by
/// every generated `*Params` type when the `mock` feature is on.
pub trait Mockable: Operation {
    /// The operation's parameters, read from a request the client sent.
    #[doc(hidden)]
    fn from_request(request: &Incoming) -> Result<Self, String>;

    /// The answer that carries `output`.
    #[doc(hidden)]
    fn reply(output: &Self::Output) -> Reply;
}

/// A fault to answer with instead of the API's answer, for testing what
/// code does when the client retries or gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with a `Retry-After` of the given seconds.
    TooManyRequests {
        /// What `Retry-After` says.
        retry_after: Duration,
    },
    /// An answer with this status (a 5xx, say) and an empty body.
    Status(StatusCode),
    /// The answer the mock gives otherwise, after a wait.
    Slow(Duration),
    /// The answer the mock gives otherwise, cut: the connection is closed
    /// before its body is complete.
    DropConnection,
}

/// An answer: status, headers and body, built by hand.
#[derive(Debug, Clone)]
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    /// An answer with `status` and no body.
    pub fn new(status: StatusCode) -> Self {
        Reply { status, headers: HeaderMap::new(), body: Bytes::new() }
    }

    /// An answer with the status `code` from the spec: the spec's statuses
    /// are three-digit codes, which `StatusCode` always accepts.
    #[doc(hidden)]
    pub fn code(code: u16) -> Self {
        Reply::new(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
    }

    /// `value` as a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = Bytes::from(serde_json::to_vec(value).unwrap_or_default());
        self.header(hyper::header::CONTENT_TYPE, "application/json")
    }

    /// `text` as a `text/plain` body.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.body = Bytes::from(text.into());
        self.header(hyper::header::CONTENT_TYPE, "text/plain; charset=utf-8")
    }

    /// `bytes` as the body, with the media type `content_type`.
    pub fn bytes(mut self, bytes: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = bytes.into();
        self.header(hyper::header::CONTENT_TYPE, content_type)
    }

    /// Adds a header. A name or value HTTP does not allow is left out.
    pub fn header(mut self, name: impl TryInto<HeaderName>, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (name.try_into(), HeaderValue::from_str(value)) {
            self.headers.append(name, value);
        }
        self
    }

    /// The answer a raw response is: its status, headers and body.
    pub fn from_raw(raw: &RawResponse) -> Self {
        Reply { status: raw.status(), headers: raw.headers().clone(), body: raw.body().clone() }
    }
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation it was for, when it matched one of the API's.
    pub operation: Option<&'static str>,
    /// The method.
    pub method: Method,
    /// The path below the API's base path, and the query.
    pub path: String,
    /// The body, as text (lossy for binary bodies).
    pub body: String,
    /// The status the mock answered with.
    pub status: StatusCode,
}

impl fmt::Display for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(operation) = self.operation {
            write!(f, " ({operation})")?;
        }
        if !self.body.is_empty() {
            let body: String = self.body.chars().take(200).collect();
            write!(f, " with body {body}")?;
        }
        Ok(())
    }
}

/// What [`MockServer::verify`] found: expectations called fewer or more
/// times than expected, and requests that nothing expected.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Each expectation that was not met: what it expected, and how often
    /// it was called.
    pub unmet: Vec<String>,
    /// Each request no expectation, fake collection or API operation
    /// answered.
    pub unexpected: Vec<Received>,
}

impl Report {
    /// Whether every expectation was met and every request expected.
    pub fn is_ok(&self) -> bool {
        self.unmet.is_empty() && self.unexpected.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_ok() {
            return f.write_str("every expectation was met and every request expected");
        }
        for unmet in &self.unmet {
            writeln!(f, "unmet: {unmet}")?;
        }
        for received in &self.unexpected {
            writeln!(f, "unexpected: {received}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// How many calls an expectation wants.
#[derive(Debug, Clone, Copy)]
enum Times {
    Exactly(usize),
    AtLeast(usize),
}

impl Times {
    fn met(self, calls: usize) -> bool {
        match self {
            Times::Exactly(n) => calls == n,
            Times::AtLeast(n) => calls >= n,
        }
    }

    fn full(self, calls: usize) -> bool {
        matches!(self, Times::Exactly(n) if calls >= n)
    }
}

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Times::Exactly(1) => f.write_str("once"),
            Times::Exactly(n) => write!(f, "exactly {n} times"),
            Times::AtLeast(1) => f.write_str("at least once"),
            Times::AtLeast(n) => write!(f, "at least {n} times"),
        }
    }
}

/// What an expectation answers with.
enum Answer {
    Reply(Reply),
    Fault(Fault),
}

/// An expectation, its parameters' type erased.
struct Registered {
    operation: &'static str,
    described: String,
    matches: Matcher<Incoming>,
    answer: Answer,
    delay: Option<Duration>,
    times: Times,
    calls: Arc<AtomicUsize>,
}

/// A test of an operation's parameters.
type Matcher<O> = Box<dyn Fn(&O) -> bool + Send + Sync>;

/// An expectation for one operation, made by the operation's method on
/// [`MockServer`]: narrow it with [`when`](Self::when), say how often it
/// is called, then register it with what it answers.
#[must_use = "an expectation does nothing until `respond`, `fail`, `reply` or `fault` registers it"]
pub struct Expectation<'a, O> {
    server: &'a MockServer,
    matches: Option<Matcher<O>>,
    times: Times,
    headers: Vec<(HeaderName, HeaderValue)>,
    delay: Option<Duration>,
}

impl<O: Mockable> fmt::Debug for Expectation<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &O::ENDPOINT.operation)
            .field("narrowed", &self.matches.is_some())
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'a, O: Mockable> Expectation<'a, O> {
    fn new(server: &'a MockServer) -> Self {
        Expectation { server, matches: None, times: Times::AtLeast(1), headers: Vec::new(), delay: None }
    }

    /// Answers only requests whose parameters (and body) `matches` accepts.
    pub fn when(mut self, matches: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.matches = Some(Box::new(matches));
        self
    }

    /// Expects exactly `n` calls; after the `n`th, the expectation answers
    /// no more, and a later one for the operation can. A call is a request:
    /// when an answer is a 401, the client fetches a new access token and
    /// sends the request once more, so an expectation that answers a call
    /// with 401 is called twice (`.times(2)`).
    pub fn times(mut self, n: usize) -> Self {
        self.times = Times::Exactly(n);
        self
    }

    /// Expects at least `n` calls (the default is at least one).
    pub fn at_least(mut self, n: usize) -> Self {
        self.times = Times::AtLeast(n);
        self
    }

    /// Adds a header to the answer (`X-Total-Count`, `Retry-After`).
    pub fn header(mut self, name: impl TryInto<HeaderName>, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (name.try_into(), HeaderValue::from_str(value)) {
            self.headers.push((name, value));
        }
        self
    }

    /// Waits `delay` before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with `output`, the operation's success value.
    pub fn respond(self, output: O::Output) -> Expected {
        let reply = O::reply(&output);
        self.register(Answer::Reply(reply))
    }

    /// Answers with `error`, one of the operation's documented errors: its
    /// status, headers and body as they are in its raw response.
    pub fn fail(self, error: O::Error) -> Expected {
        let reply = Reply::from_raw(error.raw());
        self.register(Answer::Reply(reply))
    }

    /// Answers with a reply built by hand.
    pub fn reply(self, reply: Reply) -> Expected {
        self.register(Answer::Reply(reply))
    }

    /// Answers with a fault. A [`Fault::Slow`] or [`Fault::DropConnection`]
    /// delays or cuts the answer the mock gives otherwise: the next
    /// expectation that matches, or the fake collection.
    pub fn fault(self, fault: Fault) -> Expected {
        self.register(Answer::Fault(fault))
    }

    fn register(self, mut answer: Answer) -> Expected {
        if let Answer::Reply(reply) = &mut answer {
            for (name, value) in self.headers {
                reply.headers.append(name, value);
            }
        }
        let described = format!(
            "{} ({} {}){}, expected {}",
            O::ENDPOINT.operation,
            O::ENDPOINT.method,
            O::ENDPOINT.path,
            if self.matches.is_some() { " with matching parameters" } else { "" },
            self.times
        );
        let matches: Matcher<Incoming> = match self.matches {
            Some(matches) => Box::new(move |incoming| O::from_request(incoming).is_ok_and(|params| matches(&params))),
            None => Box::new(|_| true),
        };
        let calls = Arc::new(AtomicUsize::new(0));
        let registered = Registered {
            operation: O::ENDPOINT.operation,
            described,
            matches,
            answer,
            delay: self.delay,
            times: self.times,
            calls: calls.clone(),
        };
        self.server.lock().expectations.push(registered);
        Expected { calls }
    }
}

/// A registered expectation: how often it has been called so far.
#[derive(Debug, Clone)]
pub struct Expected {
    calls: Arc<AtomicUsize>,
}

impl Expected {
    /// How many requests the expectation answered.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// A request as the mock sees it, for the generated decoders.
#[doc(hidden)]
#[derive(Debug)]
pub struct Incoming {
    method: Method,
    path_params: BTreeMap<String, String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

impl Incoming {
    /// The path parameter `name`.
    pub fn path<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let text = self.path_params.get(name).ok_or_else(|| format!("no path parameter `{name}`"))?;
        from_text(text).map_err(|error| format!("path parameter `{name}`: {error}"))
    }

    /// The query parameter `name`, if sent.
    pub fn query<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        self.query_texts(name).next().map(|text| from_text(text).map_err(|error| format!("query parameter `{name}`: {error}"))).transpose()
    }

    /// The query parameter `name`, which must be sent.
    pub fn required_query<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        self.query(name)?.ok_or_else(|| format!("query parameter `{name}` is missing"))
    }

    /// Every item of the array query parameter `name`: one pair per item,
    /// or (`explode` off) one pair of items joined by commas.
    pub fn query_list<T: DeserializeOwned>(&self, name: &str, explode: bool) -> Result<Option<Vec<T>>, String> {
        let texts: Vec<&str> = if explode {
            self.query_texts(name).collect()
        } else {
            self.query_texts(name).flat_map(|text| text.split(',')).collect()
        };
        if texts.is_empty() {
            return Ok(None);
        }
        texts.into_iter().map(|text| from_text(text).map_err(|error| format!("query parameter `{name}`: {error}"))).collect::<Result<_, _>>().map(Some)
    }

    /// An object query parameter sent one pair per field: every pair not
    /// named in `others`.
    pub fn query_object<T: DeserializeOwned>(&self, others: &[&str]) -> Result<Option<T>, String> {
        let fields: serde_json::Map<String, Value> =
            self.query.iter().filter(|(key, _)| !others.contains(&key.as_str())).map(|(key, text)| (key.clone(), guess(text))).collect();
        if fields.is_empty() {
            return Ok(None);
        }
        serde_json::from_value(Value::Object(fields)).map(Some).map_err(|error| format!("query object: {error}"))
    }

    /// The header `name`, if sent.
    pub fn header<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        let Some(value) = self.headers.get(name) else { return Ok(None) };
        let text = value.to_str().map_err(|_| format!("header `{name}` is not text"))?;
        from_text(text).map(Some).map_err(|error| format!("header `{name}`: {error}"))
    }

    /// The cookie `name`, if sent.
    pub fn cookie<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        let cookies = self.headers.get_all(hyper::header::COOKIE).iter().filter_map(|value| value.to_str().ok());
        let found = cookies.flat_map(|line| line.split(';')).find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
        });
        found.map(|text| from_text(&text).map_err(|error| format!("cookie `{name}`: {error}"))).transpose()
    }

    /// The body as JSON, if there is one.
    pub fn json<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&self.body).map(Some).map_err(|error| format!("body: {error}"))
    }

    /// The body as a form, if there is one.
    pub fn form<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&self.body).map_err(|error| format!("body: {error}"))?;
        let fields = pairs.into_iter().map(|(key, text)| (key, guess(&text))).collect();
        serde_json::from_value(Value::Object(fields)).map(Some).map_err(|error| format!("body: {error}"))
    }

    /// The body as text, if there is one.
    pub fn text(&self) -> Result<Option<String>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        String::from_utf8(self.body.to_vec()).map(Some).map_err(|_| "body: not UTF-8".to_owned())
    }

    /// The body as bytes, if there is one.
    pub fn bytes(&self) -> Result<Option<Bytes>, String> {
        Ok((!self.body.is_empty()).then(|| self.body.clone()))
    }

    /// A body this mock does not read back (a multipart form).
    pub fn unreadable<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("the mock does not read {what} bodies back"))
    }

    fn query_texts<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.query.iter().filter(move |(key, _)| key == name).map(|(_, text)| text.as_str())
    }
}

/// A value from its text form: as a JSON string first (text, dates,
/// enums), then as JSON (numbers, booleans).
fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(text.to_owned())).or_else(|first| serde_json::from_str(text).map_err(|_| first.to_string()))
}

/// A query or form value as the JSON it most likely stands for.
fn guess(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Number(_) | Value::Bool(_))) => value,
        _ => Value::String(text.to_owned()),
    }
}

/// How the generated code describes one of the API's collections that the
/// mock can hold records for.
#[doc(hidden)]
#[derive(Debug)]
pub struct ResourceSpec {
    /// The collection's path (`/password-sync-groups`).
    pub collection: &'static str,
    /// The item's path (`/password-sync-groups/{id}`).
    pub item: &'static str,
    /// The item path's parameter.
    pub id_param: &'static str,
    /// The record's property that holds its id.
    pub id_field: &'static str,
    /// Whether ids are integers (else strings).
    pub integer_ids: bool,
    /// The operations and their success statuses: list, create, read,
    /// replace, delete.
    pub list: Option<ListSpec>,
    pub create: Option<u16>,
    pub read: Option<u16>,
    pub replace: Option<u16>,
    pub delete: Option<u16>,
    /// The body of a 404, as the API description's example gives it.
    pub not_found: &'static str,
    /// The API description's examples of a record, as JSON.
    pub examples: &'static [&'static str],
}

/// How a collection is listed.
#[doc(hidden)]
#[derive(Debug)]
pub struct ListSpec {
    pub status: u16,
    pub limit: &'static str,
    pub offset: &'static str,
    pub page_size: usize,
    /// The parameter that asks for the total, and the header it comes in.
    pub count: Option<(&'static str, &'static str)>,
    /// The answer to an offset at or past the end of a non-empty
    /// collection: a status and a JSON body (an empty page when `None`).
    pub past_end: Option<(u16, &'static str)>,
}

/// The records of one collection, by id in insertion order.
#[derive(Default)]
struct Store {
    records: Vec<(String, Value)>,
    next_id: u64,
}

impl Store {
    fn position(&self, id: &str) -> Option<usize> {
        self.records.iter().position(|(known, _)| known == id)
    }

    /// Stores `record`, with the id it has, or a new one.
    fn insert(&mut self, spec: &ResourceSpec, mut record: Value) -> String {
        let given = record.get(spec.id_field).and_then(|id| match id {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        });
        let id = given.unwrap_or_else(|| {
            self.next_id += 1;
            let id = if spec.integer_ids { self.next_id.to_string() } else { format!("{:032x}", self.next_id) };
            if let Value::Object(fields) = &mut record {
                let value = if spec.integer_ids { Value::from(self.next_id) } else { Value::String(id.clone()) };
                fields.insert(spec.id_field.to_owned(), value);
            }
            id
        });
        match self.position(&id) {
            Some(at) => self.records[at].1 = record,
            None => self.records.push((id.clone(), record)),
        }
        id
    }
}

/// One of the API's collections, held in memory by the mock and served as
/// the service serves it: records listed page by page (`limit`, `offset`,
/// the total when asked), created with a new id, read, replaced and
/// deleted by id, 404 for an id it does not hold. Made by the
/// collection's method on [`MockServer`]; requests that no expectation
/// answers go to it.
pub struct Resource<'a, T> {
    server: &'a MockServer,
    spec: &'static ResourceSpec,
    record: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Resource<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resource").field("collection", &self.spec.collection).field("records", &self.len()).finish()
    }
}

impl<T> Resource<'_, T> {
    fn with<R>(&self, action: impl FnOnce(&mut Store) -> R) -> R {
        let mut state = self.server.lock();
        action(state.stores.entry(self.spec.collection).or_default())
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.with(|store| store.records.len())
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes every record.
    pub fn clear(&self) {
        self.with(|store| store.records.clear());
    }

    /// Adds the API description's examples of a record (an example with
    /// the id of an earlier one replaces it); returns the ids, each once.
    pub fn seed_examples(&self) -> Vec<String> {
        let spec = self.spec;
        let mut ids: Vec<String> = Vec::new();
        for example in spec.examples.iter().filter_map(|text| serde_json::from_str::<Value>(text).ok()) {
            let id = self.with(|store| store.insert(spec, example));
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

impl<T: Serialize + DeserializeOwned> Resource<'_, T> {
    /// Adds `record` (replacing one with its id); one without an id gets a
    /// new one. Returns the id.
    pub fn insert(&self, record: T) -> String {
        let value = serde_json::to_value(record).unwrap_or(Value::Null);
        let spec = self.spec;
        self.with(|store| store.insert(spec, value))
    }

    /// The record with `id`, if it holds one.
    pub fn get(&self, id: &str) -> Option<T> {
        let value = self.with(|store| store.position(id).map(|at| store.records[at].1.clone()))?;
        serde_json::from_value(value).ok()
    }

    /// Every record, in the order they were added.
    pub fn all(&self) -> Vec<T> {
        self.with(|store| store.records.iter().map(|(_, value)| value.clone()).collect::<Vec<_>>())
            .into_iter()
            .filter_map(|value| serde_json::from_value(value).ok())
            .collect()
    }
}

/// What the generated code tells the mock about the API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Api {
    /// Every operation's endpoint.
    pub endpoints: fn() -> Vec<Endpoint>,
}

#[derive(Default)]
struct State {
    expectations: Vec<Registered>,
    faults: VecDeque<Fault>,
    received: Vec<Received>,
    unexpected: Vec<usize>,
    /// The access tokens the mock's token endpoint issued.
    tokens: Vec<String>,
    stores: BTreeMap<&'static str, Store>,
    /// The collections a test asked for, which the mock serves.
    served: Vec<&'static ResourceSpec>,
}

struct Shared {
    endpoints: Vec<Endpoint>,
    state: Mutex<State>,
}

/// The kind of credentials the mock gives its clients and accepts: the
/// API's.
#[derive(Debug, Clone, Copy)]
enum Issued {
    ClientCredentials,
    ApiKey(super::ApiKeyPlace, &'static str),
    Nothing,
    Bearer,
}

impl Issued {
    fn for_api() -> Issued {
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
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The credentials the mock gives its clients.
const CLIENT_ID: &str = "mock-client";
const CLIENT_SECRET: &str = "mock-client-secret";
const API_KEY: &str = "mock-api-key";
const BEARER: &str = "mock-token";

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
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
    verified: AtomicBool,
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
        let shared = Arc::new(Shared { endpoints: (api.endpoints)(), state: Mutex::new(State::default()) });
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

    fn report(&self) -> Report {
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
        Expectation::new(self)
    }

    /// The collection `spec` describes, served from now on.
    #[allow(dead_code, reason = "only an API with collections has methods that call it")]
    pub(crate) fn resource<T>(&self, spec: &'static ResourceSpec) -> Resource<'_, T> {
        let mut state = self.lock();
        if !state.served.iter().any(|served| std::ptr::eq(*served, spec)) {
            state.served.push(spec);
        }
        drop(state);
        Resource { server: self, spec, record: PhantomData }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// An unmet expectation, and what the requests for its operation got
/// instead: `getGroups once, called 0 times; getGroups requests got:
/// GET /groups → 429 Too Many Requests`.
fn unmet(expected: &Registered, calls: usize, received: &[Received]) -> String {
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
struct Outcome {
    reply: Reply,
    fault: Option<Fault>,
    delay: Option<Duration>,
    expected: bool,
}

impl Outcome {
    fn reply(reply: Reply) -> Self {
        Outcome { reply, fault: None, delay: None, expected: true }
    }

    /// A request nothing expected, and what it is answered with.
    fn unexpected(reply: Reply) -> Self {
        Outcome { reply, fault: None, delay: None, expected: false }
    }

    fn fault(fault: Fault, delay: Option<Duration>) -> Self {
        Outcome { reply: Reply::new(StatusCode::OK), fault: Some(fault), delay, expected: true }
    }
}

type ResponseBody = http_body_util::Either<Full<Bytes>, StreamBody<futures_util::stream::Iter<std::vec::IntoIter<Result<Frame<Bytes>, std::io::Error>>>>>;

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn answer(&self, request: hyper::Request<HyperBody>) -> hyper::Response<ResponseBody> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|collected| collected.to_bytes()).unwrap_or_default();
        let full_path = parts.uri.path().to_owned();
        let query: Vec<(String, String)> = parts.uri.query().and_then(|query| serde_urlencoded::from_str(query).ok()).unwrap_or_default();
        if crate::SETTINGS.token_path == Some(full_path.as_str()) && parts.method == Method::POST {
            return respond(self.issue_token(&body), None).await;
        }
        let path = full_path.strip_prefix(crate::SETTINGS.base_path).filter(|rest| rest.starts_with('/') || rest.is_empty()).unwrap_or(&full_path);
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
    fn record(&self, received: Received, expected: bool) {
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
    fn outcome(&self, endpoint: &Endpoint, incoming: &Incoming) -> Outcome {
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
    fn authorized(&self, incoming: &Incoming) -> bool {
        let bearer = || {
            incoming.headers.get(hyper::header::AUTHORIZATION).and_then(|value| value.to_str().ok()).and_then(|value| value.strip_prefix("Bearer ")).map(str::to_owned)
        };
        match Issued::for_api() {
            Issued::ClientCredentials => bearer().is_some_and(|token| self.lock().tokens.contains(&token)),
            Issued::ApiKey(place, name) => {
                let sent = match place {
                    super::ApiKeyPlace::Header => incoming.header::<String>(name).ok().flatten(),
                    super::ApiKeyPlace::Query => incoming.query::<String>(name).ok().flatten(),
                    super::ApiKeyPlace::Cookie => incoming.cookie::<String>(name).ok().flatten(),
                };
                sent.as_deref() == Some(API_KEY)
            }
            Issued::Nothing => true,
            Issued::Bearer => bearer().as_deref() == Some(BEARER),
        }
    }

    /// The mock's token endpoint: the client credentials grant for the
    /// mock's own client.
    fn issue_token(&self, body: &Bytes) -> Reply {
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

/// The parameters of `template` (`/groups/{id}`) in `path`, if it matches.
fn match_path(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template_parts: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let path_parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if template_parts.len() != path_parts.len() {
        return None;
    }
    let mut params = BTreeMap::new();
    for (expected, actual) in template_parts.into_iter().zip(path_parts) {
        match expected.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(name) => {
                let value = percent_encoding::percent_decode_str(actual).decode_utf8().ok()?.into_owned();
                params.insert(name.to_owned(), value);
            }
            None if expected == actual => {}
            None => return None,
        }
    }
    Some(params)
}

/// The collection's answer to a request for `endpoint`, if the request is
/// one of the collection's.
fn serve(spec: &ResourceSpec, store: &mut Store, endpoint: &Endpoint, incoming: &Incoming) -> Option<Reply> {
    let not_found = || Reply::new(StatusCode::NOT_FOUND).bytes(Bytes::from_static(spec.not_found.as_bytes()), "application/json");
    if endpoint.path == spec.collection {
        if endpoint.method == Method::GET {
            let list = spec.list.as_ref()?;
            return Some(list_page(list, store, incoming));
        }
        if endpoint.method == Method::POST {
            let code = spec.create?;
            let record: Value = incoming.json().ok().flatten()?;
            let id = store.insert(spec, record);
            let stored = store.position(&id).map(|at| store.records[at].1.clone()).unwrap_or(Value::Null);
            return Some(Reply::code(code).json(&stored));
        }
        return None;
    }
    if endpoint.path != spec.item {
        return None;
    }
    let id: String = incoming.path(spec.id_param).ok()?;
    let at = store.position(&id);
    if endpoint.method == Method::GET {
        let code = spec.read?;
        return Some(match at {
            Some(at) => Reply::code(code).json(&store.records[at].1),
            None => not_found(),
        });
    }
    if endpoint.method == Method::PUT {
        let code = spec.replace?;
        let Some(at) = at else { return Some(not_found()) };
        let mut record: Value = incoming.json().ok().flatten()?;
        if let Value::Object(fields) = &mut record {
            let id_value = store.records[at].1.get(spec.id_field).cloned().unwrap_or(Value::String(id));
            fields.insert(spec.id_field.to_owned(), id_value);
        }
        store.records[at].1 = record.clone();
        return Some(Reply::code(code).json(&record));
    }
    if endpoint.method == Method::DELETE {
        let code = spec.delete?;
        let Some(at) = at else { return Some(not_found()) };
        store.records.remove(at);
        return Some(Reply::code(code));
    }
    None
}

/// One page of a collection, as the service pages it.
fn list_page(list: &ListSpec, store: &Store, incoming: &Incoming) -> Reply {
    let number = |name: &str| incoming.query::<i64>(name).ok().flatten();
    let limit = number(list.limit).and_then(|limit| usize::try_from(limit).ok()).unwrap_or(list.page_size);
    let offset = number(list.offset).and_then(|offset| usize::try_from(offset).ok()).unwrap_or(0);
    let total = store.records.len();
    if total > 0 && offset >= total {
        if let Some((code, body)) = list.past_end {
            return Reply::code(code).bytes(Bytes::from_static(body.as_bytes()), "application/json");
        }
    }
    let page: Vec<&Value> = store.records.iter().skip(offset).take(limit).map(|(_, value)| value).collect();
    let mut reply = Reply::code(list.status).json(&page);
    if let Some((count, header)) = list.count {
        if incoming.query::<bool>(count).ok().flatten() == Some(true) {
            reply = reply.header(header, &total.to_string());
        }
    }
    reply
}

/// The HTTP response for a reply, or for a fault in its place.
async fn respond(reply: Reply, fault: Option<Fault>) -> hyper::Response<ResponseBody> {
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
