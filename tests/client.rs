//! The generated client against the stateful emulator: CRUD, pagination,
//! tokens, pacing, retries, timeouts and tracing.

mod emulator;

use emulator::{Emulator, Fault, CLIENT_ID, CLIENT_SECRET};
use futures_util::{StreamExt, TryStreamExt};
use sailpoint_password_sdk::errors::{CreatePasswordSyncGroupError, GetPasswordSyncGroupError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::models::{PasswordPolicyV3Dto, PasswordSyncGroup};
use sailpoint_password_sdk::{Client, ClientBuilder, Error, RateLimit, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant};

/// Fast backoff so retry tests take milliseconds.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().max_attempts(3).backoff(Duration::from_millis(10), Duration::from_millis(40))
}

fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(quick_retries())
}

fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("valid settings")
}

fn group(name: &str) -> PasswordSyncGroup {
    PasswordSyncGroup::default().with_name(name.to_owned()).with_password_policy_id("p1".to_owned()).with_source_ids(vec!["s1".to_owned()])
}

#[tokio::test]
async fn full_crud_of_sync_groups_and_policies() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);

    let created = client.create_password_sync_group(group("first")).await.expect("created");
    let id = created.id.clone().expect("the server gives an id");
    assert!(created.created.is_some());

    let read = client.get_password_sync_group(&id).await.expect("read");
    assert_eq!(read.name.as_deref(), Some("first"));

    let updated = client.update_password_sync_group(&id, read.with_name("renamed".to_owned())).await.expect("updated");
    assert_eq!(updated.name.as_deref(), Some("renamed"));
    assert!(updated.modified.is_some());

    let listed = client.get_password_sync_groups().await.expect("listed");
    assert_eq!(listed.iter().map(|g| g.name.as_deref()).collect::<Vec<_>>(), [Some("renamed")]);

    client.delete_password_sync_group(&id).await.expect("deleted");
    match client.get_password_sync_group(&id).await {
        Err(Error::Api(GetPasswordSyncGroupError::NotFound(body))) => {
            assert_eq!(body.body().and_then(|c| c.detail_code.as_deref()), Some("404 Not found"));
        }
        other => panic!("{other:?}"),
    }

    let policy: PasswordPolicyV3Dto =
        serde_json::from_value(json!({"name": "strict", "minLength": 12, "useDictionary": true})).unwrap();
    let created = client.create_password_policy(policy).await.expect("policy created");
    let id = created.id.clone().expect("an id");
    let fetched = client.get_password_policy_by_id(&id).await.expect("policy read");
    assert_eq!((fetched.min_length, fetched.use_dictionary), (Some(12), Some(true)));
    client.set_password_policy(&id, fetched.with_min_length(16)).await.expect("policy updated");
    assert_eq!(client.list_password_policies().await.expect("listed")[0].min_length, Some(16));
    client.delete_password_policy(&id).await.expect("policy deleted");
    assert!(client.list_password_policies().await.expect("listed").is_empty());
}

#[tokio::test]
async fn a_read_modify_write_keeps_unknown_fields_and_enum_values() {
    let emulator = Emulator::start().await;
    let stored = json!({
        "id": "g1", "name": "old", "sourceIds": [],
        "futureField": {"nested": [1, 2]}, "syncMode": "SOMETHING_NEW", "modified": null
    });
    emulator.put_raw("password-sync-groups", "g1", stored);
    let client = client(&emulator);
    let group = client.get_password_sync_group("g1").await.expect("read");
    client.update_password_sync_group("g1", group.with_name("new".to_owned())).await.expect("written");
    let after = emulator.get_raw("password-sync-groups", "g1").expect("still there");
    assert_eq!(after["futureField"], json!({"nested": [1, 2]}));
    assert_eq!(after["syncMode"], json!("SOMETHING_NEW"));
    assert_eq!(after["name"], json!("new"));
}

#[tokio::test]
async fn stream_yields_every_item_once_in_order_page_by_page() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1_234);
    let client = builder(&emulator).rate_limit(None).build().unwrap();
    let names: Vec<String> = client
        .get_password_sync_groups()
        .limit(100)
        .stream()
        .map_ok(|group| group.name.unwrap_or_default())
        .try_collect()
        .await
        .expect("every page");
    let expected: Vec<String> = (0..1_234).map(|n| format!("group-{n:05}")).collect();
    assert_eq!(names, expected);
    let pages: Vec<Option<String>> = emulator.seen().into_iter().map(|s| s.query).collect();
    assert_eq!(pages.len(), 13, "{pages:?}");
    assert_eq!(pages[0].as_deref(), Some("limit=100&offset=0&count=true"), "the first page asks for the total");
    assert_eq!(pages[1].as_deref(), Some("limit=100&offset=100"), "later pages do not");
    assert_eq!(pages[12].as_deref(), Some("limit=100&offset=1200"));
}

#[tokio::test]
async fn stream_uses_the_spec_default_page_size_and_the_callers_offset() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(600);
    let client = client(&emulator);
    let count = client.get_password_sync_groups().offset(100).stream().try_fold(0, |n, _| async move { Ok(n + 1) }).await.unwrap();
    assert_eq!(count, 500);
    let queries: Vec<String> = emulator.seen().into_iter().filter_map(|s| s.query).collect();
    assert_eq!(queries, ["limit=250&offset=100&count=true", "limit=250&offset=350"], "the total ends the stream: no page past the end");
}

#[tokio::test]
async fn stream_surfaces_an_error_and_stops() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(30);
    let client = builder(&emulator).retry_policy(RetryPolicy::none()).build().unwrap();
    let mut stream = std::pin::pin!(client.get_password_sync_groups().limit(10).stream());
    for _ in 0..10 {
        stream.next().await.expect("an item").expect("the first page");
    }
    emulator.fault(Fault::Unavailable);
    let error = stream.next().await.expect("the error is an item").expect_err("the second page fails");
    assert!(matches!(error, Error::Api(GetPasswordSyncGroupsError::UnknownStatus(ref raw)) if raw.status().as_u16() == 503), "{error:?}");
    assert!(stream.next().await.is_none(), "the stream goes on after an error");
}

#[tokio::test]
async fn the_total_count_header_is_readable_when_asked_for() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(42);
    let response = client(&emulator).get_password_sync_groups().limit(5).count(true).send_with_response().await.unwrap();
    assert_eq!(response.header::<u64>("X-Total-Count"), Some(42));
    assert_eq!(response.body().len(), 5);
}

#[tokio::test]
async fn concurrent_calls_share_one_token_fetch() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(3);
    let client = client(&emulator);
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_password_sync_group("g000001").await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.expect("task runs").expect("call succeeds");
    }
    assert_eq!(emulator.token_requests(), 1);
}

#[tokio::test]
async fn an_expiring_token_is_replaced_before_it_runs_out() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    // The client replaces a token a tenth of its lifetime before it
    // expires: this one is cached for 1.8 seconds.
    emulator.set_token_lifetime(Duration::from_secs(2));
    let client = client(&emulator);
    client.get_password_sync_group("g000000").await.expect("first token");
    client.get_password_sync_group("g000000").await.expect("cached token");
    assert_eq!(emulator.token_requests(), 1);
    tokio::time::sleep(Duration::from_millis(1_850)).await;
    client.get_password_sync_group("g000000").await.expect("fresh token");
    assert_eq!(emulator.token_requests(), 2, "a token close to its expiry was reused");
}

#[tokio::test]
async fn a_token_the_server_revoked_is_refreshed_once_on_401() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let client = client(&emulator);
    client.get_password_sync_group("g000000").await.expect("first");
    emulator.revoke_tokens();
    client.get_password_sync_group("g000000").await.expect("refreshed and retried");
    assert_eq!(emulator.token_requests(), 2);
    let statuses: Vec<u16> = emulator.seen().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [200, 401, 200]);
}

#[tokio::test]
async fn bad_credentials_are_an_auth_error_at_once() {
    let emulator = Emulator::start().await;
    let client = Client::builder().base_url(emulator.base_url()).client_credentials(CLIENT_ID, "wrong").build().unwrap();
    let error = client.get_password_sync_groups().await.expect_err("no token");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("401") && error.to_string().contains("Bad credentials"), "{error}");
    assert!(emulator.seen().is_empty(), "an API call went out without a token");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_error() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/v3")
        .client_credentials("id", "secret")
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let error = client.get_password_sync_groups().await.expect_err("unreachable");
    assert!(matches!(error, Error::Auth(sailpoint_password_sdk::AuthError::Unreachable { .. })), "{error:?}");
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    emulator.fault(Fault::TooManyRequests { retry_after: "1".to_owned() });
    let client = client(&emulator);
    let started = Instant::now();
    let response = client.get_password_sync_group("g000000").send_with_response().await.expect("succeeds after waiting");
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait for Retry-After: {:?}", started.elapsed());
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(emulator.seen().iter().map(|s| s.status).collect::<Vec<_>>(), [429, 200]);
}

#[tokio::test]
async fn a_429_is_retried_even_for_post() {
    let emulator = Emulator::start().await;
    emulator.fault(Fault::TooManyRequests { retry_after: "0".to_owned() });
    client(&emulator).create_password_sync_group(group("g")).await.expect("created on the second attempt");
    assert_eq!(emulator.seen().len(), 2);
}

#[tokio::test]
async fn unavailable_and_dropped_connections_are_retried_for_get() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(2);
    emulator.fault(Fault::Unavailable);
    emulator.fault(Fault::DropConnection);
    let groups = client(&emulator).get_password_sync_groups().await.expect("third attempt succeeds");
    assert_eq!(groups.len(), 2);
    assert_eq!(emulator.seen().len(), 3);
}

#[tokio::test]
async fn a_truncated_body_is_retried_for_get() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(2);
    emulator.fault(Fault::Truncated);
    let groups = client(&emulator).get_password_sync_groups().await.expect("second attempt succeeds");
    assert_eq!(groups.len(), 2);
}

#[tokio::test]
async fn retries_give_up_after_the_last_attempt_and_say_how_many() {
    let emulator = Emulator::start().await;
    for _ in 0..5 {
        emulator.fault(Fault::Unavailable);
    }
    let error = client(&emulator).get_password_sync_groups().await.expect_err("gives up");
    let raw = error.response().expect("the last response");
    assert_eq!((raw.status().as_u16(), raw.attempts()), (503, 3));
    assert_eq!(error.to_string(), "getPasswordSyncGroups: 503 Service Unavailable: upstream unavailable (3 attempts)");
    assert_eq!(emulator.seen().len(), 3);

    let emulator = Emulator::start().await;
    for _ in 0..5 {
        emulator.fault(Fault::DropConnection);
    }
    let error = client(&emulator).get_password_sync_groups().await.expect_err("gives up");
    assert!(matches!(error, Error::Transport { attempts: 3, .. }), "{error:?}");
    assert_eq!(error.to_string(), "getPasswordSyncGroups: the request could not be sent (3 attempts)");
}

#[tokio::test]
async fn retries_stop_when_the_time_budget_is_spent() {
    let emulator = Emulator::start().await;
    emulator.fault(Fault::TooManyRequests { retry_after: "30".to_owned() });
    let client = builder(&emulator).retry_policy(quick_retries().max_elapsed(Duration::from_secs(5))).build().unwrap();
    let started = Instant::now();
    let error = client.get_password_sync_groups().await.expect_err("Retry-After is past the budget");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(error, Error::Api(GetPasswordSyncGroupsError::TooManyRequests(_))), "{error:?}");
}

#[tokio::test]
async fn post_is_not_retried_unless_asked() {
    let emulator = Emulator::start().await;
    emulator.fault(Fault::Unavailable);
    let client = client(&emulator);
    let error = client.create_password_sync_group(group("g")).await.expect_err("not retried");
    assert!(matches!(error, Error::Api(CreatePasswordSyncGroupError::UnknownStatus(_))), "{error:?}");
    assert_eq!(emulator.seen().len(), 1);

    emulator.fault(Fault::Unavailable);
    client
        .create_password_sync_group(group("g"))
        .retry_policy(quick_retries().retry_non_idempotent(true))
        .await
        .expect("retried when asked");
    assert_eq!(emulator.seen().len(), 3);
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_and_not_retried() {
    let emulator = Emulator::start().await;
    emulator.fault(Fault::Malformed);
    let error = client(&emulator).get_password_sync_group("x").await.expect_err("malformed");
    match error {
        Error::Decode { response, .. } => assert_eq!(response.text(), "{\"id\": \"x\", \"name\": "),
        other => panic!("{other:?}"),
    }
    assert_eq!(emulator.seen().len(), 1);
}

#[tokio::test]
async fn timeouts_come_from_the_client_or_the_request() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let client = builder(&emulator).timeout(Duration::from_millis(150)).build().unwrap();
    emulator.fault(Fault::Slow(Duration::from_millis(600)));
    let error = client.get_password_sync_group("g000000").await.expect_err("too slow for the client");
    assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{error:?}");

    emulator.fault(Fault::Slow(Duration::from_millis(300)));
    client.get_password_sync_group("g000000").timeout(Duration::from_secs(5)).await.expect("the request allows longer");

    emulator.fault(Fault::Slow(Duration::from_millis(600)));
    let relaxed = builder(&emulator).timeout(Duration::from_secs(5)).build().unwrap();
    let error = relaxed.get_password_sync_group("g000000").timeout(Duration::from_millis(100)).await.expect_err("the request allows less");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn pacing_keeps_a_burst_within_the_servers_quota() {
    let window = Duration::from_millis(500);
    let emulator = Emulator::start_with_quota(Some((10, window))).await;
    emulator.seed_groups(1);
    let client = builder(&emulator).rate_limit(Some(RateLimit::new(10, window))).retry_policy(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    let calls = (0..30).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_password_sync_group("g000000").await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.expect("task runs").expect("no call was refused");
    }
    assert!(started.elapsed() >= window * 2, "30 calls at 10 per window took {:?}", started.elapsed());
    assert!(emulator.seen().iter().all(|s| s.status == 200));

    let unpaced = builder(&emulator).rate_limit(None).retry_policy(RetryPolicy::none()).build().unwrap();
    let burst = (0..30).map(|_| {
        let client = unpaced.clone();
        tokio::spawn(async move { client.get_password_sync_group("g000000").await })
    });
    let refused = futures_util::future::join_all(burst).await.into_iter().filter(|call| !matches!(call, Ok(Ok(_)))).count();
    assert!(refused > 0, "the emulator's quota is not enforced, so pacing proves nothing");
}
