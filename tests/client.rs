//! The generated client against the emulator, which answers as the real
//! service does: CRUD, its pagination past the end, its token endpoint,
//! its quota and pacing, cut bodies. Retries, timeouts and decoding are
//! driven through the crate's own mock in `resilience.rs`.

mod emulator;
mod support;

use emulator::{Emulator, Fault, CLIENT_ID, CLIENT_SECRET};
use futures_util::TryStreamExt;
use sailpoint_password_sdk::errors::{GetPasswordSyncGroupError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::models::PasswordPolicyV3Dto;
use sailpoint_password_sdk::{AuthError, Client, ClientBuilder, Error, RateLimit, RetryPolicy};
use serde_json::json;
use support::{group, quick_retries};
use std::time::{Duration, Instant};

fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(quick_retries())
}

fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("valid settings")
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
async fn a_truncated_body_is_retried_for_get() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(2);
    emulator.fault(Fault::Truncated);
    let groups = client(&emulator).get_password_sync_groups().await.expect("second attempt succeeds");
    assert_eq!(groups.len(), 2);
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

/// Lists the emulator's groups with `stream()` from `offset` in pages of
/// `size`; the names, or the error that ended the stream.
async fn stream_names(client: &Client, offset: i32, size: i32) -> Result<Vec<String>, Error<GetPasswordSyncGroupsError>> {
    client.get_password_sync_groups().offset(offset).limit(size).stream().map_ok(|group| group.name.unwrap_or_default()).try_collect().await
}

#[tokio::test]
async fn a_list_whose_length_is_a_multiple_of_the_page_size_ends_cleanly_at_the_services_400() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(500);
    emulator.set_total_count(false);
    let client = client(&emulator);
    let names = stream_names(&client, 0, 250).await.expect("the 400 past the end ends the stream");
    assert_eq!(names.len(), 500);
    assert_eq!(names.last().map(String::as_str), Some("group-00499"));
    let seen: Vec<(Option<String>, u16)> = emulator.seen().into_iter().map(|s| (s.query, s.status)).collect();
    assert_eq!(
        seen,
        [
            (Some("limit=250&offset=0&count=true".to_owned()), 200),
            (Some("limit=250&offset=250".to_owned()), 200),
            (Some("limit=250&offset=500".to_owned()), 400),
        ],
        "count=true is sent once, and the page past the end is asked for once"
    );

    // From an offset whose remainder divides evenly, too.
    let names = stream_names(&client, 100, 200).await.expect("ends cleanly");
    assert_eq!(names.len(), 400);
    assert_eq!(names.first().map(String::as_str), Some("group-00100"));
}

#[tokio::test]
async fn with_the_total_known_a_stream_never_asks_past_the_end() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(500);
    let names = stream_names(&client(&emulator), 0, 250).await.expect("every page");
    assert_eq!(names.len(), 500);
    assert!(emulator.seen().iter().all(|s| s.status == 200), "{:?}", emulator.seen());
    assert_eq!(emulator.seen().len(), 2);
}

#[tokio::test]
async fn a_400_for_the_first_page_is_not_hidden() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(500);
    emulator.set_total_count(false);
    let client = client(&emulator);
    for offset in [500, 600] {
        let error = stream_names(&client, offset, 250).await.expect_err("the caller's page is refused");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error:?}");
    }
}

#[tokio::test]
async fn a_token_endpoint_out_of_service_is_retried_and_then_named_an_outage() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    emulator.token_fault(Fault::Unavailable);
    client(&emulator).get_password_sync_group("g000000").await.expect("the token fetch is retried");
    assert_eq!(emulator.token_requests(), 2);

    let emulator = Emulator::start().await;
    for _ in 0..5 {
        emulator.token_fault(Fault::Unavailable);
    }
    let error = client(&emulator).get_password_sync_group("g000000").await.expect_err("no token");
    assert!(matches!(error, Error::Auth(AuthError::Unavailable { attempts: 3, .. })), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "status() is the token endpoint's");
    assert!(error.is_retryable());
    let text = error.to_string();
    assert!(text.contains("out of service") && !text.contains("reject") && !text.trim_end().ends_with(':'), "{text}");
    assert_eq!(emulator.token_requests(), 3);
    assert!(emulator.seen().is_empty());
}

#[tokio::test]
async fn a_rejection_by_the_token_endpoint_is_named_one_and_not_retried() {
    let emulator = Emulator::start().await;
    let rejected = Client::builder().base_url(emulator.base_url()).client_credentials(CLIENT_ID, "wrong").retry_policy(quick_retries()).build().unwrap();
    let error = rejected.get_password_sync_groups().await.expect_err("rejected");
    assert!(matches!(error, Error::Auth(AuthError::Rejected { .. })), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("rejected"), "{error}");
    assert_eq!(emulator.token_requests(), 1);
}

#[tokio::test]
async fn a_token_fetch_that_takes_too_long_is_a_timeout_within_the_requests_timeout() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    for _ in 0..3 {
        emulator.token_fault(Fault::Slow(Duration::from_secs(3)));
    }
    let client = builder(&emulator).retry_policy(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    let error = client.get_password_sync_group("g000000").timeout(Duration::from_millis(200)).await.expect_err("the token is too slow");
    assert!(matches!(error, Error::Auth(AuthError::Timeout { .. })), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "the request's timeout did not bound its token fetch: {:?}", started.elapsed());
    assert!(error.to_string().contains("did not answer"), "{error}");
}

#[tokio::test]
async fn a_refused_connection_to_the_token_endpoint_is_retried_then_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v3"))
        .client_credentials("id", "secret")
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let error = client.get_password_sync_groups().await.expect_err("refused");
    assert!(matches!(error, Error::Auth(AuthError::Unreachable { attempts: 3, .. })), "{error:?}");
    assert!(error.to_string().contains("could not be reached"), "{error}");
}

#[tokio::test]
async fn short_lived_tokens_and_tokens_without_a_lifetime_are_reused() {
    for answer in [
        json!({"access_token": "short", "token_type": "bearer", "expires_in": 30}),
        json!({"access_token": "forever", "token_type": "bearer"}),
        json!({"access_token": "text", "token_type": "bearer", "expires_in": "3600"}),
    ] {
        let emulator = Emulator::start().await;
        emulator.seed_groups(1);
        let token = answer["access_token"].as_str().unwrap().to_owned();
        emulator.accept_token(&token);
        emulator.token_fault(Fault::Body(answer));
        let client = client(&emulator);
        for _ in 0..5 {
            client.get_password_sync_group("g000000").await.expect("the token works");
        }
        assert_eq!(emulator.token_requests(), 1, "the token {token:?} was fetched again");
    }
}

#[tokio::test]
async fn a_malformed_token_answer_never_shows_the_token() {
    let emulator = Emulator::start().await;
    let secret = "SECRET-ACCESS-TOKEN-0123";
    emulator.token_fault(Fault::Body(json!({"access_token": secret, "expires_in": {"not": "a number"}})));
    let client = builder(&emulator).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = client.get_password_sync_groups().await.expect_err("malformed");
    assert!(matches!(error, Error::Auth(AuthError::Malformed { .. })), "{error:?}");
    for shown in [format!("{error}"), format!("{error:?}"), format!("{error:#?}"), format!("{client:?}")] {
        assert!(!shown.contains(secret) && !shown.contains(CLIENT_SECRET), "a secret is shown: {shown}");
    }
}

#[tokio::test]
async fn the_callers_own_http_client_keeps_the_timeout() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let client = builder(&emulator).http_client(reqwest::Client::new()).timeout(Duration::from_millis(200)).build().unwrap();
    client.get_password_sync_group("g000000").await.expect("a fast answer");
    emulator.fault(Fault::Slow(Duration::from_secs(3)));
    let started = Instant::now();
    let error = client.get_password_sync_group("g000000").retry_policy(RetryPolicy::none()).await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "the timeout was ignored: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_connection_that_is_never_accepted_hits_the_connect_timeout() {
    // A listener that never accepts: once its backlog is full, the kernel
    // drops further connection attempts, and connecting hangs.
    let listener = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    listener.bind(&"127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap().into()).unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let fillers: Vec<_> = (0..4).filter_map(|_| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).ok()).collect();
    let client = Client::builder()
        .base_url(format!("http://{addr}/v3"))
        .bearer_token("token")
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(30))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_password_sync_groups().await.expect_err("never connected");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(250), "the connection did not hang, so this proves nothing: {waited:?} {error:?}");
    assert!(waited < Duration::from_secs(5), "the connect timeout was not applied: {waited:?} {error:?}");
    assert!(matches!(error, Error::Timeout { .. } | Error::Transport { .. }), "{error:?}");
    drop(fillers);
}

#[tokio::test]
async fn callers_waiting_for_the_quota_go_first_come_first_served() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let client = builder(&emulator).rate_limit(Some(RateLimit::new(2, Duration::from_millis(200)))).build().unwrap();
    let finished = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for index in 0..10 {
        let (client, finished) = (client.clone(), finished.clone());
        tasks.push(tokio::spawn(async move {
            client.get_password_sync_group("g000000").await.expect("served");
            finished.lock().unwrap().push(index);
        }));
        // Arrive one after another.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for task in tasks {
        task.await.unwrap();
    }
    let order = finished.lock().unwrap().clone();
    assert_eq!(order, (0..10).collect::<Vec<_>>(), "a later caller overtook an earlier one");
}

#[tokio::test]
async fn time_spent_waiting_for_the_quota_does_not_count_against_the_retry_budget() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(1);
    let policy = quick_retries().max_elapsed(Duration::from_millis(400));
    let client = builder(&emulator).rate_limit(Some(RateLimit::new(1, Duration::from_secs(1)))).retry_policy(policy).build().unwrap();
    client.get_password_sync_group("g000000").await.expect("first");
    emulator.fault(Fault::Unavailable);
    // Paced for about a second, past the 400 ms budget, then a 503: the
    // budget is for retrying, so the retry still happens.
    client.get_password_sync_group("g000000").await.expect("retried after the pacing wait");
    assert_eq!(emulator.seen().iter().map(|s| s.status).collect::<Vec<_>>(), [200, 503, 200]);
}
