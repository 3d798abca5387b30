//! When and how long to wait before trying a request again.

use super::error::{ApiError, Error};
use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::{Method, StatusCode};
use std::time::Duration;

/// Which failed attempts are tried again, how often and how soon.
///
/// What is retried, by default:
/// - a status in [`retried_statuses`](Self::retried_statuses) (429, 502,
///   503 and 504 unless set): a 429 for every method (the server did not
///   act on the request), the others for idempotent methods (GET, PUT,
///   DELETE, HEAD, OPTIONS), and for POST and PATCH too when
///   [`retry_non_idempotent`](Self::retry_non_idempotent) is set. A
///   `Retry-After` the server sends is waited for; otherwise the wait is
///   exponential backoff with jitter;
/// - a timeout, and a connection that broke after the request was sent, on
///   the same terms as a 502 (a timeout only while
///   [`retry_timeouts`](Self::retry_timeouts) is on);
/// - a connection that could not be made, and a token endpoint out of
///   service or out of reach, for every method: nothing reached the API.
///
/// Attempts are bounded by [`max_attempts`](Self::max_attempts) and the
/// time from the first attempt until the last one starts by
/// [`max_elapsed`](Self::max_elapsed). The policy that governs a call is
/// the request's, else the client's, and it governs the call's token fetch
/// as well: fetching a token is part of an attempt. Each retry is a
/// `tracing` event at `WARN` level, with the fields `operation`,
/// `attempt` (the one that failed), `status` (when the server answered),
/// `reason` and `wait_ms`. [`retries`](Self::retries) tells whether the
/// policy retries a failure like a given error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    min_delay: Duration,
    max_delay: Duration,
    non_idempotent: bool,
    statuses: Vec<StatusCode>,
    timeouts: bool,
}

/// The statuses retried unless set.
const DEFAULT_STATUSES: [StatusCode; 4] =
    [StatusCode::TOO_MANY_REQUESTS, StatusCode::BAD_GATEWAY, StatusCode::SERVICE_UNAVAILABLE, StatusCode::GATEWAY_TIMEOUT];

impl Default for RetryPolicy {
    /// Three attempts within one minute, backoff from 200 ms to 10 s; 429,
    /// 502, 503, 504, timeouts and broken connections retried.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(60),
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            non_idempotent: false,
            statuses: DEFAULT_STATUSES.to_vec(),
            timeouts: true,
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

    /// Also retry POST and PATCH on the retried statuses other than 429, on
    /// timeouts and on connections that broke after sending (only if the
    /// operation is safe to repeat).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The statuses that are retried, replacing the set (429, 502, 503
    /// and 504 unless set); an empty set retries no status.
    pub fn retry_statuses(mut self, statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        self.statuses = Vec::new();
        for status in statuses {
            self = self.retry_status(status);
        }
        self
    }

    /// Also retries `status`: `retry_status(StatusCode::INTERNAL_SERVER_ERROR)`
    /// retries a 500 (for idempotent methods, as the other statuses).
    pub fn retry_status(mut self, status: StatusCode) -> Self {
        if !self.statuses.contains(&status) {
            self.statuses.push(status);
            self.statuses.sort();
        }
        self
    }

    /// Whether an attempt that timed out is retried (on unless set).
    pub fn retry_timeouts(mut self, retry: bool) -> Self {
        self.timeouts = retry;
        self
    }

    /// The most attempts, the first included.
    pub fn attempt_limit(&self) -> u32 {
        self.max_attempts
    }

    /// The longest time from the first attempt until the last one starts.
    pub fn elapsed_limit(&self) -> Duration {
        self.max_elapsed
    }

    /// The backoff's first delay and its cap.
    pub fn backoff_bounds(&self) -> (Duration, Duration) {
        (self.min_delay, self.max_delay)
    }

    /// The statuses that are retried, in ascending order.
    pub fn retried_statuses(&self) -> &[StatusCode] {
        &self.statuses
    }

    /// Whether attempts that timed out are retried.
    pub fn retries_timeouts(&self) -> bool {
        self.timeouts
    }

    /// Whether POST and PATCH are retried like idempotent methods.
    pub fn retries_non_idempotent(&self) -> bool {
        self.non_idempotent
    }

    /// Whether this policy retries a failure like `error` (as long as
    /// attempts and time remain): what
    /// [`Error::is_retryable`](crate::Error::is_retryable) asks of the
    /// default policy.
    pub fn retries<E: ApiError>(&self, error: &Error<E>) -> bool {
        let kind = match error {
            Error::Api(error) => Retryable::Status(error.raw().status()),
            Error::Timeout { .. } => Retryable::Timeout,
            Error::Transport { sent: false, .. } => Retryable::Unsent,
            Error::Transport { .. } => Retryable::Broken,
            Error::Auth(auth) if auth.is_retryable() => Retryable::Token,
            Error::Auth(_) | Error::InvalidArgument(_) | Error::Decode { .. } => return false,
        };
        self.may_retry(&E::METHOD, kind)
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
        let repeatable = self.non_idempotent || is_idempotent(method);
        match failure {
            Retryable::Status(status) if !self.statuses.contains(&status) => false,
            Retryable::Status(StatusCode::TOO_MANY_REQUESTS) | Retryable::Unsent | Retryable::Token => true,
            Retryable::Timeout => self.timeouts && repeatable,
            Retryable::Status(_) | Retryable::Broken => repeatable,
        }
    }
}

/// A failed attempt, as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retryable {
    /// The server answered with this status.
    Status(StatusCode),
    /// No answer within the timeout.
    Timeout,
    /// No connection could be made: nothing was sent.
    Unsent,
    /// The connection broke after the request was sent.
    Broken,
    /// The token endpoint was out of service or out of reach.
    Token,
}

impl Retryable {
    /// What the retry event's `reason` field says.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Retryable::Status(_) => "status",
            Retryable::Timeout => "timeout",
            Retryable::Unsent => "no connection",
            Retryable::Broken => "connection broken",
            Retryable::Token => "token endpoint unavailable",
        }
    }

    /// What the attempt met, for the retry event's message.
    pub(crate) fn met(self) -> String {
        match self {
            Retryable::Status(status) => format!("a {status} answer"),
            Retryable::Timeout => "no answer within the timeout".to_owned(),
            Retryable::Unsent => "no connection".to_owned(),
            Retryable::Broken => "a broken connection".to_owned(),
            Retryable::Token => "the token endpoint failed".to_owned(),
        }
    }
}

impl<E: ApiError> Error<E> {
    /// Whether the default [`RetryPolicy`] retries a failure like this one
    /// for this operation (when attempts and time remain): a 429 for every
    /// method; 502, 503, 504, a timeout or a connection that broke after
    /// sending for idempotent methods (GET, PUT, DELETE, HEAD, OPTIONS);
    /// a connection that could not be made or a token endpoint out of
    /// service for every method. [`RetryPolicy::retries`] asks the same of
    /// another policy.
    pub fn is_retryable(&self) -> bool {
        RetryPolicy::default().retries(self)
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_is_retried_on_its_terms() {
        let policy = RetryPolicy::default();
        let unavailable = Retryable::Status(StatusCode::SERVICE_UNAVAILABLE);
        assert!(policy.may_retry(&Method::GET, unavailable));
        assert!(policy.may_retry(&Method::DELETE, Retryable::Broken));
        assert!(policy.may_retry(&Method::PUT, Retryable::Timeout));
        assert!(!policy.may_retry(&Method::POST, unavailable));
        assert!(!policy.may_retry(&Method::POST, Retryable::Timeout));
        assert!(policy.may_retry(&Method::POST, Retryable::Status(StatusCode::TOO_MANY_REQUESTS)));
        assert!(policy.may_retry(&Method::POST, Retryable::Unsent), "nothing was sent");
        assert!(policy.may_retry(&Method::PATCH, Retryable::Token), "nothing reached the API");
        assert!(!policy.may_retry(&Method::PUT, Retryable::Status(StatusCode::INTERNAL_SERVER_ERROR)));
        assert!(policy.clone().retry_non_idempotent(true).may_retry(&Method::POST, Retryable::Broken));
        assert!(!policy.clone().retry_timeouts(false).may_retry(&Method::GET, Retryable::Timeout));
        let with_500 = policy.clone().retry_status(StatusCode::INTERNAL_SERVER_ERROR);
        assert!(with_500.may_retry(&Method::PUT, Retryable::Status(StatusCode::INTERNAL_SERVER_ERROR)));
        assert!(!with_500.may_retry(&Method::POST, Retryable::Status(StatusCode::INTERNAL_SERVER_ERROR)));
        let only_429 = policy.retry_statuses([StatusCode::TOO_MANY_REQUESTS]);
        assert!(!only_429.may_retry(&Method::GET, unavailable));
        assert_eq!(only_429.retried_statuses(), [StatusCode::TOO_MANY_REQUESTS]);
    }

    #[test]
    fn settings_read_back_as_set() {
        let policy = RetryPolicy::default()
            .max_attempts(5)
            .max_elapsed(Duration::from_secs(9))
            .backoff(Duration::from_millis(5), Duration::from_millis(50))
            .retry_status(StatusCode::INTERNAL_SERVER_ERROR)
            .retry_timeouts(false)
            .retry_non_idempotent(true);
        assert_eq!(policy.attempt_limit(), 5);
        assert_eq!(policy.elapsed_limit(), Duration::from_secs(9));
        assert_eq!(policy.backoff_bounds(), (Duration::from_millis(5), Duration::from_millis(50)));
        let statuses: Vec<u16> = policy.retried_statuses().iter().map(StatusCode::as_u16).collect();
        assert_eq!(statuses, [429, 500, 502, 503, 504]);
        assert!(!policy.retries_timeouts());
        assert!(policy.retries_non_idempotent());
        assert_eq!(RetryPolicy::none().attempt_limit(), 1);
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
