//! Retries, timeouts and decoding, driven through the crate's own mock (the
//! `mock` feature), as a user's tests drive them: the mock is the first user
//! of its public API. What only the real service does (its pagination and
//! token endpoint, its quota) is proved against the emulator in `client.rs`.

mod support;

use futures_util::{StreamExt, TryStreamExt};
use sailpoint_password_sdk::errors::{CreatePasswordSyncGroupError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::mock::{Fault, MockServer, Reply};
use sailpoint_password_sdk::{Client, Error, RetryPolicy, StatusCode};
use std::time::{Duration, Instant};
use support::{group, quick_retries};

fn client(mock: &MockServer) -> Client {
    mock.client_builder().retry_policy(quick_retries()).build().expect("valid settings")
}

/// A mock whose fake collection holds `n` groups, `group-00000` on.
async fn with_groups(n: usize) -> MockServer {
    let mock = MockServer::start().await;
    let groups = mock.password_sync_groups();
    for at in 0..n {
        let mut record = group(&format!("group-{at:05}"));
        record.id = Some(format!("g{at:06}"));
        groups.insert(record);
    }
    mock
}

/// What the mock received, as `(path and query, status)`.
fn seen(mock: &MockServer) -> Vec<(String, u16)> {
    mock.received().into_iter().map(|r| (r.path, r.status.as_u16())).collect()
}

#[tokio::test]
async fn stream_yields_every_item_once_in_order_page_by_page() {
    let mock = with_groups(1_234).await;
    let names: Vec<String> = client(&mock).get_password_sync_groups().limit(100).stream().map_ok(|g| g.name.unwrap_or_default()).try_collect().await.expect("every page");
    let expected: Vec<String> = (0..1_234).map(|n| format!("group-{n:05}")).collect();
    assert_eq!(names, expected);
    let pages: Vec<String> = seen(&mock).into_iter().map(|(path, _)| path).collect();
    assert_eq!(pages.len(), 13, "{pages:?}");
    assert_eq!(pages[0], "/password-sync-groups?limit=100&offset=0&count=true", "the first page asks for the total");
    assert_eq!(pages[1], "/password-sync-groups?limit=100&offset=100", "later pages do not");
    assert_eq!(pages[12], "/password-sync-groups?limit=100&offset=1200");
}

#[tokio::test]
async fn stream_surfaces_an_error_and_stops() {
    let mock = with_groups(30).await;
    let client = mock.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let mut stream = client.get_password_sync_groups().limit(10).stream();
    for _ in 0..10 {
        stream.next().await.expect("an item").expect("the first page");
    }
    mock.fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    let error = stream.next().await.expect("the error is an item").expect_err("the second page fails");
    assert!(matches!(error, Error::Api(GetPasswordSyncGroupsError::UnknownStatus(ref raw)) if raw.status().as_u16() == 503), "{error:?}");
    assert!(stream.next().await.is_none(), "the stream goes on after an error");
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    let mock = with_groups(1).await;
    mock.fault(Fault::TooManyRequests { retry_after: Duration::from_secs(1) });
    let started = Instant::now();
    let response = client(&mock).get_password_sync_group("g000000").send_with_response().await.expect("succeeds after waiting");
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait for Retry-After: {:?}", started.elapsed());
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(seen(&mock).into_iter().map(|(_, status)| status).collect::<Vec<_>>(), [429, 200]);
}

#[tokio::test]
async fn a_429_is_retried_even_for_post() {
    let mock = with_groups(0).await;
    mock.fault(Fault::TooManyRequests { retry_after: Duration::ZERO });
    client(&mock).create_password_sync_group(group("g")).await.expect("created on the second attempt");
    assert_eq!(mock.received().len(), 2);
    assert_eq!(mock.password_sync_groups().len(), 1, "created once");
}

#[tokio::test]
async fn unavailable_and_dropped_connections_are_retried_for_get() {
    let mock = with_groups(2).await;
    mock.fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    mock.fault(Fault::DropConnection);
    let groups = client(&mock).get_password_sync_groups().await.expect("third attempt succeeds");
    assert_eq!(groups.len(), 2);
    assert_eq!(mock.received().len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_the_last_attempt_and_say_how_many() {
    let mock = with_groups(0).await;
    mock.get_password_sync_groups()
        .times(3)
        .reply(Reply::new(StatusCode::SERVICE_UNAVAILABLE).json(&serde_json::json!({"messages": [{"text": "upstream unavailable"}]})));
    let error = client(&mock).get_password_sync_groups().await.expect_err("gives up");
    let raw = error.response().expect("the last response");
    assert_eq!((raw.status().as_u16(), raw.attempts()), (503, 3));
    assert_eq!(error.to_string(), "getPasswordSyncGroups: 503 Service Unavailable: upstream unavailable (3 attempts)");
    mock.verify().expect("three attempts, no more");

    let mock = with_groups(1).await;
    for _ in 0..5 {
        mock.fault(Fault::DropConnection);
    }
    let error = client(&mock).get_password_sync_groups().await.expect_err("gives up");
    assert!(matches!(error, Error::Transport { attempts: 3, sent: true, .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "getPasswordSyncGroups: no response: the connection closed after the request was sent, so the server may have acted on it (3 attempts)"
    );
}

#[tokio::test]
async fn retries_stop_when_the_time_budget_is_spent() {
    let mock = with_groups(0).await;
    mock.fault(Fault::TooManyRequests { retry_after: Duration::from_secs(30) });
    let client = mock.client_builder().retry_policy(quick_retries().max_elapsed(Duration::from_secs(5))).build().unwrap();
    let started = Instant::now();
    let error = client.get_password_sync_groups().await.expect_err("Retry-After is past the budget");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(error, Error::Api(GetPasswordSyncGroupsError::TooManyRequests(_))), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
}

#[tokio::test]
async fn post_is_not_retried_unless_asked() {
    let mock = with_groups(0).await;
    mock.fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    let client = client(&mock);
    let error = client.create_password_sync_group(group("g")).await.expect_err("not retried");
    assert!(matches!(error, Error::Api(CreatePasswordSyncGroupError::UnknownStatus(_))), "{error:?}");
    assert_eq!(mock.received().len(), 1);

    mock.fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    client.create_password_sync_group(group("g")).retry_policy(quick_retries().retry_non_idempotent(true)).await.expect("retried when asked");
    assert_eq!(mock.received().len(), 3);
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_and_not_retried() {
    let mock = with_groups(0).await;
    mock.get_password_sync_group().reply(Reply::new(StatusCode::OK).bytes(&b"{\"id\": \"x\", \"name\": "[..], "application/json"));
    let error = client(&mock).get_password_sync_group("x").await.expect_err("malformed");
    match error {
        Error::Decode { response, .. } => assert_eq!(response.text(), "{\"id\": \"x\", \"name\": "),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.received().len(), 1);
}

#[tokio::test]
async fn timeouts_come_from_the_client_or_the_request() {
    let mock = with_groups(1).await;
    let client = mock.client_builder().retry_policy(RetryPolicy::none()).timeout(Duration::from_millis(150)).build().unwrap();
    mock.fault(Fault::Slow(Duration::from_millis(600)));
    let error = client.get_password_sync_group("g000000").await.expect_err("too slow for the client");
    assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{error:?}");

    mock.fault(Fault::Slow(Duration::from_millis(300)));
    let read = client.get_password_sync_group("g000000").timeout(Duration::from_secs(5)).await.expect("the request allows longer");
    assert_eq!(read.name.as_deref(), Some("group-00000"), "a slow answer is the answer, late");

    mock.fault(Fault::Slow(Duration::from_millis(600)));
    let relaxed = mock.client_builder().timeout(Duration::from_secs(5)).build().unwrap();
    let error = relaxed.get_password_sync_group("g000000").timeout(Duration::from_millis(100)).await.expect_err("the request allows less");
    assert!(matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(100)), "{error:?}");
}

#[tokio::test]
async fn a_timeout_is_retried_for_get_and_not_for_post_and_the_policy_decides() {
    let mock = with_groups(1).await;
    let client = mock.client_builder().retry_policy(quick_retries()).timeout(Duration::from_millis(150)).build().unwrap();
    mock.fault(Fault::Slow(Duration::from_millis(600)));
    client.get_password_sync_group("g000000").await.expect("the second attempt answers in time");
    assert_eq!(mock.received().len(), 2);

    mock.fault(Fault::Slow(Duration::from_millis(600)));
    let error = client.create_password_sync_group(group("g")).await.expect_err("a POST that timed out is not resent");
    assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{error:?}");
    assert!(!error.is_retryable() && !quick_retries().retries(&error), "is_retryable says what the policy does");
    assert_eq!(mock.received().len(), 3);
}

#[tokio::test]
async fn a_classifier_retries_a_500_on_an_idempotent_put_only_when_asked() {
    let mock = with_groups(1).await;
    let client = client(&mock);
    let body = group("renamed");
    mock.fault(Fault::Status(StatusCode::INTERNAL_SERVER_ERROR));
    let error = client.update_password_sync_group("g000000", body.clone()).await.expect_err("a 500 is not retried by default");
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(!error.is_retryable());
    let with_500 = quick_retries().retry_status(StatusCode::INTERNAL_SERVER_ERROR);
    assert!(with_500.retries(&error));

    mock.fault(Fault::Status(StatusCode::INTERNAL_SERVER_ERROR));
    let updated = client.update_password_sync_group("g000000", body).retry_policy(with_500).await.expect("retried once");
    assert_eq!(updated.name.as_deref(), Some("renamed"));
    let statuses: Vec<u16> = seen(&mock).into_iter().map(|(_, status)| status).collect();
    assert_eq!(statuses, [500, 500, 200]);
}
