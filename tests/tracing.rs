//! Every request is a `tracing` span with the operation, method, path
//! template, status, attempt and duration, and no secret in any field; a
//! wait for the rate limit is an event.

mod emulator;

use emulator::{Emulator, Fault, CLIENT_ID, CLIENT_SECRET};
use sailpoint_password_sdk::{Client, RateLimit, RetryPolicy};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// Every span's fields as text, by span id, and every event's.
#[derive(Clone, Default)]
struct Captured {
    spans: Arc<Mutex<BTreeMap<u64, BTreeMap<String, String>>>>,
    events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::from([("name".to_owned(), attrs.metadata().name().to_owned())]);
        attrs.record(&mut Fields(&mut fields));
        self.spans.lock().unwrap().insert(id.into_u64(), fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(fields) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(fields);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_request_is_a_span_with_its_facts_and_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));

    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    emulator.fault(Fault::Unavailable);
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(5)))
        .build()
        .unwrap();
    client.get_password_sync_group("g000000").await.expect("succeeds on the second attempt");

    let spans = captured.spans.lock().unwrap().clone();
    let requests: Vec<&BTreeMap<String, String>> = spans.values().filter(|s| s["name"] == "request").collect();
    assert_eq!(requests.len(), 1, "{spans:?}");
    let span = requests[0];
    assert_eq!(span["operation"], "getPasswordSyncGroup");
    assert_eq!(span["method"], "GET");
    assert_eq!(span["path"], "/password-sync-groups/{id}");
    assert_eq!(span["status"], "200");
    assert_eq!(span["attempt"], "2");
    assert!(span["duration_ms"].parse::<u64>().is_ok(), "{span:?}");

    let events = captured.events.lock().unwrap().clone();
    let retry = events.iter().find(|e| e.get("reason").is_some()).unwrap_or_else(|| panic!("no retry event: {events:?}"));
    assert_eq!(retry.get("message").map(String::as_str), Some("retrying getPasswordSyncGroup after a 503 Service Unavailable answer"), "{retry:?}");
    assert_eq!(retry.get("operation").map(String::as_str), Some("getPasswordSyncGroup"));
    assert_eq!(retry.get("status").map(String::as_str), Some("503"));
    assert_eq!(retry.get("reason").map(String::as_str), Some("status"));
    assert_eq!(retry.get("attempt").map(String::as_str), Some("1"));
    assert!(retry.get("wait_ms").is_some_and(|wait| wait.parse::<u64>().is_ok()), "{retry:?}");

    let everything = format!("{spans:?} {events:?}");
    assert!(!everything.contains(CLIENT_SECRET), "the client secret was traced");
    assert!(!everything.contains("token-1"), "the access token was traced");
}

#[tokio::test(flavor = "current_thread")]
async fn a_wait_for_the_quota_is_an_event_with_its_length() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));

    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .rate_limit(Some(RateLimit::new(1, Duration::from_millis(300))))
        .build()
        .unwrap();
    client.get_password_sync_group("g000000").await.expect("first");
    client.get_password_sync_group("g000000").await.expect("second, after waiting");

    let events = captured.events.lock().unwrap().clone();
    let waits: Vec<&BTreeMap<String, String>> = events.iter().filter(|e| e.get("message").is_some_and(|m| m == "waiting for the rate limit")).collect();
    assert_eq!(waits.len(), 1, "{events:?}");
    let waited: u64 = waits[0]["wait_ms"].parse().expect("the wait in milliseconds");
    // The pacer stretches the window by a tenth (330 ms), less the time the
    // first call took.
    assert!((100..=330).contains(&waited), "{waited} ms");
}
