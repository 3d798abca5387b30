//! Typed expectations: what a test tells the mock an operation will be
//! asked, how often, and what to answer.

use crate::runtime::error::ApiError;
use crate::runtime::request::Operation;
use hyper::header::{HeaderName, HeaderValue};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use super::incoming::Incoming;
use super::reply::{Fault, Reply};
use super::state::{Answer, Matcher, Registered, Shared, Times};

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

/// An expectation for one operation, made by the operation's method on
/// [`MockServer`](super::MockServer): narrow it with [`when`](Self::when), say how often it
/// is called, then register it with what it answers.
#[must_use = "an expectation does nothing until `respond`, `fail`, `reply` or `fault` registers it"]
pub struct Expectation<'a, O> {
    pub(super) shared: &'a Shared,
    pub(super) matches: Option<Matcher<O>>,
    pub(super) times: Times,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) delay: Option<Duration>,
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
    pub(super) fn new(shared: &'a Shared) -> Self {
        Expectation { shared, matches: None, times: Times::AtLeast(1), headers: Vec::new(), delay: None }
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

    pub(super) fn register(self, mut answer: Answer) -> Expected {
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
        self.shared.lock().expectations.push(registered);
        Expected { calls }
    }
}

/// A registered expectation: how often it has been called so far.
#[derive(Debug, Clone)]
pub struct Expected {
    pub(super) calls: Arc<AtomicUsize>,
}

impl Expected {
    /// How many requests the expectation answered.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}
