//! What the mock holds between requests: the registered expectations, the
//! queued faults, the requests received, the tokens issued and the
//! collections' records; and the report of what was met.

use crate::runtime::prepared::Endpoint;
use hyper::{Method, StatusCode};
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use super::incoming::Incoming;
use super::reply::{Fault, Reply};
use super::store::{ResourceSpec, Store};

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

/// What [`MockServer::verify`](super::MockServer::verify) found: expectations called fewer or more
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
pub(super) enum Times {
    Exactly(usize),
    AtLeast(usize),
}

impl Times {
    pub(super) fn met(self, calls: usize) -> bool {
        match self {
            Times::Exactly(n) => calls == n,
            Times::AtLeast(n) => calls >= n,
        }
    }

    pub(super) fn full(self, calls: usize) -> bool {
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
pub(super) enum Answer {
    Reply(Reply),
    Fault(Fault),
}

/// An expectation, its parameters' type erased.
pub(super) struct Registered {
    pub(super) operation: &'static str,
    pub(super) described: String,
    pub(super) matches: Matcher<Incoming>,
    pub(super) answer: Answer,
    pub(super) delay: Option<Duration>,
    pub(super) times: Times,
    pub(super) calls: Arc<AtomicUsize>,
}

/// A test of an operation's parameters.
pub(super) type Matcher<O> = Box<dyn Fn(&O) -> bool + Send + Sync>;

#[derive(Default)]
pub(super) struct State {
    pub(super) expectations: Vec<Registered>,
    pub(super) faults: VecDeque<Fault>,
    pub(super) received: Vec<Received>,
    pub(super) unexpected: Vec<usize>,
    /// The access tokens the mock's token endpoint issued.
    pub(super) tokens: Vec<String>,
    pub(super) stores: BTreeMap<&'static str, Store>,
    /// The collections a test asked for, which the mock serves.
    pub(super) served: Vec<&'static ResourceSpec>,
}

pub(super) struct Shared {
    pub(super) endpoints: Vec<Endpoint>,
    /// The API's base path and token path as requests for them arrive
    /// (percent-encoded as the client's URL encodes them).
    pub(super) base_path: String,
    pub(super) token_path: Option<String>,
    pub(super) state: Mutex<State>,
}

impl Shared {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
