//! Pacing requests below the API's quota, so a busy caller waits instead of
//! collecting 429s.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `requests` requests in any `window`. SailPoint documents 100
/// requests per access token per 10 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: usize,
    window: Duration,
}

impl RateLimit {
    /// At most `requests` (at least 1) in any `window`.
    pub fn new(requests: usize, window: Duration) -> Self {
        RateLimit { requests: requests.max(1), window }
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::new(100, Duration::from_secs(10))
    }
}

/// A sliding window over the start times of recent requests. Unlike a
/// token bucket refilling at an even rate, it lets the full quota through
/// at once and then waits until the oldest request leaves the window, which
/// is how the server counts. The window is stretched by a tenth: the server
/// counts a request when it arrives, a little after the client sent it, and
/// arrival order can differ from sending order.
#[derive(Debug)]
pub(crate) struct Pacer {
    limit: RateLimit,
    sent: Mutex<VecDeque<Instant>>,
}

impl Pacer {
    pub(crate) fn new(limit: RateLimit) -> Self {
        let window = limit.window + limit.window / 10;
        Pacer { limit: RateLimit { window, ..limit }, sent: Mutex::new(VecDeque::with_capacity(limit.requests)) }
    }

    /// Waits until one more request fits in the window, and counts it.
    pub(crate) async fn acquire(&self) {
        loop {
            let wait = {
                let mut sent = self.sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                while sent.front().is_some_and(|oldest| now.duration_since(*oldest) >= self.limit.window) {
                    sent.pop_front();
                }
                if sent.len() < self.limit.requests {
                    sent.push_back(now);
                    return;
                }
                sent.front().map_or(Duration::ZERO, |oldest| self.limit.window - now.duration_since(*oldest))
            };
            tokio::time::sleep(wait).await;
        }
    }
}
