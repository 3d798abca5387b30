//! Pacing requests below the API's quota, so a busy caller waits instead of
//! collecting 429s.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `requests` requests in any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: usize,
    window: Duration,
}

impl RateLimit {
    /// At most `requests` (at least 1) in any `window`.
    pub const fn new(requests: usize, window: Duration) -> Self {
        RateLimit { requests: if requests == 0 { 1 } else { requests }, window }
    }

    /// How many requests fit in a window.
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// The window.
    pub fn window(&self) -> Duration {
        self.window
    }
}

/// A sliding window of the start times of recent and upcoming requests.
/// Unlike a token bucket refilling at an even rate, it lets the full quota
/// through at once and then waits until the oldest request leaves the
/// window, which is how servers count. Each request reserves its start
/// time under a lock, in the order requests arrive, and then sleeps until
/// then without the lock: first come, first served, and waiters wake one
/// at a time instead of racing. The window is stretched by a tenth: the
/// server counts a request when it arrives, a little after it was sent.
#[derive(Debug)]
pub(crate) struct Pacer {
    requests: usize,
    window: Duration,
    starts: Mutex<VecDeque<Instant>>,
}

impl Pacer {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Pacer { requests: limit.requests, window: limit.window + limit.window / 10, starts: Mutex::new(VecDeque::new()) }
    }

    /// Waits for this request's turn; returns how long it waited.
    pub(crate) async fn acquire(&self) -> Duration {
        let now = Instant::now();
        let start = self.reserve(now);
        let wait = start.saturating_duration_since(now);
        if !wait.is_zero() {
            tracing::info!(wait_ms = wait.as_millis() as u64, "waiting for the rate limit");
            tokio::time::sleep_until(start.into()).await;
        }
        wait
    }

    /// The earliest start at which this request keeps the window within
    /// the quota, counted as taken.
    fn reserve(&self, now: Instant) -> Instant {
        let mut starts = self.starts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while starts.front().is_some_and(|oldest| *oldest + self.window <= now) {
            starts.pop_front();
        }
        let start = match starts.len().checked_sub(self.requests) {
            Some(earlier) => (starts[earlier] + self.window).max(now),
            None => now,
        };
        starts.push_back(start);
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_fill_the_window_then_queue_in_order() {
        let pacer = Pacer::new(RateLimit::new(2, Duration::from_secs(10)));
        let now = Instant::now();
        let window = Duration::from_secs(11);
        let starts: Vec<Duration> = (0..5).map(|_| pacer.reserve(now) - now).collect();
        assert_eq!(starts, [Duration::ZERO, Duration::ZERO, window, window, window * 2]);
        let later = now + window;
        assert_eq!(pacer.reserve(later) - now, window * 2, "the two reserved for `window` still fill it");
    }
}
