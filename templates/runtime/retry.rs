//! When and how long to wait before trying a request again.

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::{Method, StatusCode};
use std::time::{Duration, SystemTime};

/// How failed requests are retried.
///
/// A 429 is retried after its `Retry-After` (seconds or an HTTP date), for
/// every method: the server did not act on the request. 502, 503, 504 and
/// connection failures are retried with exponential backoff and jitter, for
/// idempotent methods only (GET, PUT, DELETE, HEAD, OPTIONS) unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set. Both the
/// number of attempts and the total time are bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    min_delay: Duration,
    max_delay: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts within one minute, backoff from 200 ms to 10 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(60),
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry: one attempt.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The most attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The longest time from the first attempt until the last one starts.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The backoff's first delay and its cap.
    pub fn backoff(mut self, min_delay: Duration, max_delay: Duration) -> Self {
        self.min_delay = min_delay;
        self.max_delay = max_delay.max(min_delay);
        self
    }

    /// Also retry POST and PATCH on 502/503/504 and connection failures
    /// (only if the operation is safe to repeat).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn elapsed_budget(&self) -> Duration {
        self.max_elapsed
    }

    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times()
            .build()
    }

    /// Whether a failure of this kind may be retried for `method`.
    pub(crate) fn may_retry(&self, method: &Method, failure: Retryable) -> bool {
        match failure {
            Retryable::RateLimited => true,
            Retryable::Unavailable | Retryable::Connection => self.non_idempotent || is_idempotent(method),
        }
    }
}

/// A failure that may be worth another attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retryable {
    /// 429.
    RateLimited,
    /// 502, 503 or 504.
    Unavailable,
    /// The connection failed, or broke before the whole response was read.
    Connection,
}

impl Retryable {
    pub(crate) fn of_status(status: StatusCode) -> Option<Retryable> {
        match status.as_u16() {
            429 => Some(Retryable::RateLimited),
            502..=504 => Some(Retryable::Unavailable),
            _ => None,
        }
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS)
}

/// The wait a `Retry-After` value asks for: whole seconds or an HTTP date.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(at);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("10", now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn only_idempotent_methods_retry_unavailable_unless_asked() {
        let policy = RetryPolicy::default();
        assert!(policy.may_retry(&Method::GET, Retryable::Unavailable));
        assert!(policy.may_retry(&Method::DELETE, Retryable::Connection));
        assert!(!policy.may_retry(&Method::POST, Retryable::Unavailable));
        assert!(policy.may_retry(&Method::POST, Retryable::RateLimited));
        assert!(policy.retry_non_idempotent(true).may_retry(&Method::POST, Retryable::Connection));
    }

    #[test]
    fn backoff_grows_within_its_bounds() {
        let policy = RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(800));
        let delays: Vec<Duration> = policy.delays().take(6).collect();
        assert_eq!(delays.len(), 6);
        assert!(delays.iter().all(|d| *d >= Duration::from_millis(100) && *d <= Duration::from_millis(1600)), "{delays:?}");
        assert!(delays[3] >= Duration::from_millis(800), "{delays:?}");
    }
}
