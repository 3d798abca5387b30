//! Helpers the end-to-end test binaries share.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]

use sailpoint_password_sdk::models::PasswordSyncGroup;
use sailpoint_password_sdk::RetryPolicy;
use std::time::Duration;

/// Fast backoff so retry tests take milliseconds.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().max_attempts(3).backoff(Duration::from_millis(10), Duration::from_millis(40))
}

/// A sync group a request may carry: named, with a policy and a source.
pub fn group(name: &str) -> PasswordSyncGroup {
    PasswordSyncGroup::default().with_name(name.to_owned()).with_password_policy_id("p1".to_owned()).with_source_ids(vec!["s1".to_owned()])
}
