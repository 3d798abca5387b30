//! The crate's own mock (the `mock` feature), as a user's tests use it:
//! typed expectations with their reports, faults, the stateful fake of the
//! API's collections, and its authentication.

mod support;

use futures_util::TryStreamExt;
use sailpoint_password_sdk::errors::{CreatePasswordSyncGroupError, GetPasswordSyncGroupError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::mock::{Fault, MockServer, Reply};
use sailpoint_password_sdk::models::{ErrorResponseDto, PasswordSyncGroup};
use sailpoint_password_sdk::{AuthError, Client, Error, ErrorResponse, RetryPolicy, StatusCode};
use std::time::{Duration, Instant};
use support::quick_retries;

/// A group as the service holds it: with its id.
fn group(id: &str, name: &str) -> PasswordSyncGroup {
    let mut group = support::group(name);
    group.id = Some(id.to_owned());
    group
}

#[tokio::test]
async fn an_expectation_matches_typed_parameters_and_answers_with_a_typed_value() {
    let mock = MockServer::start().await;
    let listed = mock
        .get_password_sync_groups()
        .when(|params| params.limit == Some(50) && params.count == Some(true))
        .header("X-Total-Count", "2")
        .times(1)
        .respond(vec![group("g1", "one"), group("g2", "two")]);
    let client = mock.client();
    let response = client.get_password_sync_groups().limit(50).count(true).send_with_response().await.expect("answered");
    assert_eq!(response.header::<u64>("X-Total-Count"), Some(2));
    assert_eq!(response.body().iter().map(|g| g.name.as_deref().unwrap_or_default()).collect::<Vec<_>>(), ["one", "two"]);
    assert_eq!(listed.calls(), 1);
    mock.verify().expect("every expectation met");
}

#[tokio::test]
async fn a_request_no_expectation_matches_is_reported_with_its_operation_path_and_body() {
    let mock = MockServer::start().await;
    mock.create_password_sync_group().when(|params| params.body.name.as_deref() == Some("wanted")).respond(group("g1", "wanted"));
    let client = mock.client();
    let error = client.create_password_sync_group(group("x", "unwanted")).await.expect_err("nothing expected it");
    assert_eq!(error.status(), Some(StatusCode::NOT_IMPLEMENTED));
    let report = mock.verify().expect_err("an unmet expectation and an unexpected request");
    let text = report.to_string();
    assert!(text.contains("unmet: createPasswordSyncGroup (POST /password-sync-groups) with matching parameters, expected at least once, called 0 times"), "{text}");
    assert!(text.contains("unexpected: POST /password-sync-groups (createPasswordSyncGroup) with body {"), "{text}");
    assert!(text.contains("\"name\":\"unwanted\""), "{text}");
}

#[tokio::test]
async fn an_expectation_fails_with_a_typed_documented_error() {
    let mock = MockServer::start().await;
    let mut body = ErrorResponseDto::default();
    body.detail_code = Some("404 Not found".to_owned());
    body.tracking_id = Some("t-1".to_owned());
    let not_found = GetPasswordSyncGroupError::NotFound(ErrorResponse::from_body(StatusCode::NOT_FOUND, body));
    mock.get_password_sync_group().when(|params| params.id == "gone").fail(not_found);
    let error = mock.client().get_password_sync_group("gone").await.expect_err("not found");
    match &error {
        Error::Api(GetPasswordSyncGroupError::NotFound(response)) => {
            assert_eq!(response.body().and_then(|b| b.detail_code.as_deref()), Some("404 Not found"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.tracking_id().as_deref(), Some("t-1"));
}

#[tokio::test]
async fn an_expectation_used_up_gives_way_to_the_next() {
    let mock = MockServer::start().await;
    let throttled = mock.get_password_sync_group().times(1).fault(Fault::TooManyRequests { retry_after: Duration::from_secs(0) });
    let served = mock.get_password_sync_group().respond(group("g1", "one"));
    let client = mock.client_builder().retry_policy(quick_retries()).build().unwrap();
    let read = client.get_password_sync_group("g1").await.expect("served after one 429");
    assert_eq!(read.name.as_deref(), Some("one"));
    assert_eq!((throttled.calls(), served.calls()), (1, 1));
    let statuses: Vec<u16> = mock.received().iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [429, 200]);
    mock.verify().unwrap();
}

#[test]
fn a_mock_dropped_with_an_unmet_expectation_panics_with_its_report() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async {
            let mock = MockServer::start().await;
            let _ = mock.delete_password_sync_group().times(2).respond(());
        })
    }))
    .expect_err("dropping the mock panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("deletePasswordSyncGroup (DELETE /password-sync-groups/{id}), expected exactly 2 times, called 0 times"), "{message}");
}

/// A README example that fails ends with its own error, not with the
/// expectations it left unmet (which would hide why).
#[test]
fn a_readme_example_that_fails_reports_its_error_not_the_mock_left_unmet() {
    let outcome = sailpoint_password_sdk::mock::run_example(
        |client| async move {
            client.delete_password_sync_group("g1").await?;
            Ok(())
        },
        |mock| {
            let _ = mock.get_password_sync_group().respond(group("g1", "one"));
            Ok(())
        },
    );
    let error = outcome.expect_err("the example fails").to_string();
    assert!(error.contains("501"), "the example's own error, a 501 for a request nothing expects: {error}");
    assert!(!error.contains("unmet"), "not the expectation it left unmet: {error}");
}

#[tokio::test]
async fn faults_for_resilience_tests() {
    let mock = MockServer::start().await;
    mock.get_password_sync_groups().respond(vec![group("g1", "one")]);
    let client = mock.client_builder().retry_policy(quick_retries()).build().unwrap();

    mock.fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    mock.fault(Fault::DropConnection);
    assert_eq!(client.get_password_sync_groups().await.expect("retried twice").len(), 1);

    for _ in 0..3 {
        mock.fault(Fault::Status(StatusCode::BAD_GATEWAY));
    }
    let error = client.get_password_sync_groups().await.expect_err("gives up");
    assert_eq!(error.response().map(|r| (r.status().as_u16(), r.attempts())), Some((502, 3)));

    mock.fault(Fault::Slow(Duration::from_secs(3)));
    let started = Instant::now();
    let error = client.get_password_sync_groups().retry_policy(RetryPolicy::none()).timeout(Duration::from_millis(200)).await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));

    mock.fault(Fault::TooManyRequests { retry_after: Duration::from_secs(1) });
    let started = Instant::now();
    client.get_password_sync_groups().await.expect("served after Retry-After");
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn the_fake_collection_serves_crud_pagination_and_the_services_errors() {
    let mock = MockServer::start().await;
    let groups = mock.password_sync_groups();
    for n in 0..500 {
        groups.insert(group(&format!("g{n:03}"), &format!("group-{n:03}")));
    }
    let client = mock.client();

    let names: Vec<String> = client.get_password_sync_groups().limit(250).stream().map_ok(|g| g.name.unwrap_or_default()).try_collect().await.expect("all pages");
    assert_eq!(names.len(), 500);
    assert_eq!(names[499], "group-499");
    let response = client.get_password_sync_groups().limit(10).offset(495).count(true).send_with_response().await.unwrap();
    assert_eq!((response.body().len(), response.header::<u64>("X-Total-Count")), (5, Some(500)));
    let past_end = client.get_password_sync_groups().offset(500).await.expect_err("the service refuses an offset past the end");
    match past_end {
        Error::Api(GetPasswordSyncGroupsError::BadRequest(response)) => {
            assert_eq!(response.raw().json::<serde_json::Value>().unwrap(), serde_json::json!({"detailMessage": "Specified offset is invalid."}));
        }
        other => panic!("{other:?}"),
    }

    let created = client.create_password_sync_group(PasswordSyncGroup::default().with_name("new".to_owned())).await.expect("created");
    let id = created.id.clone().expect("the fake assigns an id");
    assert_eq!(groups.len(), 501);
    let read = client.get_password_sync_group(&id).await.expect("read back");
    assert_eq!(read.name.as_deref(), Some("new"));
    client.update_password_sync_group(&id, read.with_name("renamed".to_owned())).await.expect("replaced");
    assert_eq!(groups.get(&id).and_then(|g| g.name), Some("renamed".to_owned()));
    client.delete_password_sync_group(&id).await.expect("deleted");
    match client.get_password_sync_group(&id).await {
        Err(Error::Api(GetPasswordSyncGroupError::NotFound(response))) => {
            assert_eq!(response.body().and_then(|b| b.detail_code.as_deref()), Some("404 Not found"), "the spec's example 404");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(client.delete_password_sync_group(&id).await, Err(Error::Api(_))));
}

#[tokio::test]
async fn an_expectation_takes_precedence_over_the_fake_and_examples_seed_it() {
    let mock = MockServer::start().await;
    let groups = mock.password_sync_groups();
    let ids = groups.seed_examples();
    assert!(!ids.is_empty());
    assert_eq!(groups.len(), ids.len());
    let client = mock.client();
    assert_eq!(client.get_password_sync_groups().await.unwrap().len(), ids.len());

    let mut refused = ErrorResponseDto::default();
    refused.detail_code = Some("400.1 Bad Request Content".to_owned());
    let error = CreatePasswordSyncGroupError::BadRequest(ErrorResponse::from_body(StatusCode::BAD_REQUEST, refused));
    mock.create_password_sync_group().fail(error);
    let error = client.create_password_sync_group(group("x", "x")).await.expect_err("the expectation answers first");
    assert!(matches!(error, Error::Api(CreatePasswordSyncGroupError::BadRequest(_))), "{error:?}");
    assert_eq!(groups.len(), ids.len(), "the fake was not touched");
}

#[tokio::test]
async fn the_mock_authenticates_its_clients_and_refuses_others() {
    let mock = MockServer::start().await;
    mock.get_password_sync_groups().at_least(0).respond(Vec::new());
    mock.client().get_password_sync_groups().await.expect("the mock's client has a token");

    let stranger = Client::builder().base_url(mock.base_url()).client_credentials("someone", "else").build().unwrap();
    let error = stranger.get_password_sync_groups().await.expect_err("unknown credentials");
    assert!(matches!(error, Error::Auth(AuthError::Rejected { .. })), "{error:?}");

    let forged = Client::builder().base_url(mock.base_url()).bearer_token("forged").build().unwrap();
    let error = forged.get_password_sync_groups().await.expect_err("a token the mock did not issue");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn a_reply_built_by_hand_is_sent_as_it_is() {
    let mock = MockServer::start().await;
    mock.get_password_sync_group().reply(Reply::new(StatusCode::OK).text("not json").header("X-Custom", "yes"));
    let error = mock.client().get_password_sync_group("x").await.expect_err("not JSON");
    match error {
        Error::Decode { response, .. } => {
            assert_eq!(response.text(), "not json");
            assert_eq!(response.header::<String>("X-Custom").as_deref(), Some("yes"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unmet_expectation_says_what_the_requests_that_arrived_got() {
    let mock = MockServer::start().await;
    mock.get_password_sync_groups().times(1).respond(vec![group("g1", "one")]);
    mock.fault(Fault::TooManyRequests { retry_after: Duration::from_secs(1) });
    let error = mock.client().get_password_sync_groups().await.expect_err("one attempt, and the 429 is the answer");
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    let text = mock.verify().expect_err("the expectation was never called").to_string();
    assert!(
        text.contains("called 0 times; getPasswordSyncGroups requests got: GET /password-sync-groups → 429 Too Many Requests"),
        "{text}"
    );
}

#[tokio::test]
async fn verify_takes_a_shared_borrow_so_a_fake_collection_can_stay_borrowed() {
    let mock = MockServer::start().await;
    let groups = mock.password_sync_groups();
    groups.insert(group("g1", "one"));
    mock.client().get_password_sync_group("g1").await.expect("served by the fake");
    mock.verify().expect("nothing unexpected");
    assert_eq!(groups.len(), 1, "the collection is still borrowed here");
}

#[tokio::test]
async fn a_401_answer_is_sent_again_with_a_new_token_so_it_is_two_calls() {
    let mock = MockServer::start().await;
    let raw = sailpoint_password_sdk::RawResponse::from_json(StatusCode::UNAUTHORIZED, &serde_json::json!({"error": "expired"}));
    let unauthorized = <GetPasswordSyncGroupError as sailpoint_password_sdk::ApiError>::from_response(raw);
    let expected = mock.get_password_sync_group().times(2).fail(unauthorized);
    let error = mock.client().get_password_sync_group("g1").await.expect_err("401 twice");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(expected.calls(), 2, "the client resent the request once with a new token");
    mock.verify().expect("two calls, as the times docs say");
}

/// The program a separate process runs: a client from the environment
/// alone, as a command line tool makes one. Run by the test below, with
/// the mock's environment; ignored when the suite runs it directly.
#[tokio::test]
#[ignore = "run as a child process by a_program_in_another_process_configured_by_the_mocks_environment_reaches_it"]
async fn child_program_lists_the_groups_it_is_configured_for() {
    let client = Client::from_env().expect("the mock's environment configures a client");
    let groups = client.get_password_sync_groups().await.expect("the mock answers");
    println!("child saw {} groups", groups.len());
}

#[tokio::test]
async fn a_program_in_another_process_configured_by_the_mocks_environment_reaches_it() {
    let mock = MockServer::start().await;
    let groups = mock.password_sync_groups();
    groups.insert(group("g1", "one"));
    groups.insert(group("g2", "two"));
    let environment = mock.environment();
    let names: Vec<&str> = environment.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET", "SAIL_MAX_ATTEMPTS", "SAIL_TIMEOUT"]);
    let mut child = std::process::Command::new(std::env::current_exe().expect("this test binary"));
    child.args(["--ignored", "--exact", "child_program_lists_the_groups_it_is_configured_for", "--nocapture"]).env_remove("SAIL_TOKEN").envs(environment);
    // The mock answers on this test's runtime while the child runs.
    let output = tokio::task::spawn_blocking(move || child.output()).await.expect("joined").expect("the child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("child saw 2 groups"), "{stdout}");
    mock.verify().expect("the child's token request and call were expected");
}
