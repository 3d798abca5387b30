//! The generated client against a real HTTP server on 127.0.0.1
//! (wiremock): what goes on the wire, and how every answer is decoded.

use sailpoint_password_sdk::errors::{DeletePasswordSyncGroupError, GetPasswordSyncGroupError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::models::{LocaleOrigin, PasswordSyncGroup};
use sailpoint_password_sdk::{AuthError, Client, Error, RetryPolicy, TryStreamExt};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "t0ken-a";

/// A client that makes one attempt per call: these tests look at single
/// exchanges; retries are tested against the emulator.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v3", server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid settings")
}

fn group_json() -> serde_json::Value {
    json!({
        "id": "6881f631-3bd5-4213-9c75-8e05cc3e35dd",
        "name": "Password Sync Group 1",
        "passwordPolicyId": "2c91808d744ba0ce01746f93b6204501",
        "sourceIds": ["2c918084660f45d6016617daa9210584", "2c918084660f45d6016617daa9210500"],
        "created": "2023-03-16T04:00:00Z",
        "modified": null
    })
}

fn error_json(detail: &str) -> serde_json::Value {
    json!({
        "detailCode": detail,
        "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "something"}]
    })
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

#[tokio::test]
async fn list_sends_its_query_and_bearer_token_and_exposes_the_total_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/password-sync-groups"))
        .and(query_param("limit", "50"))
        .and(query_param("offset", "100"))
        .and(query_param("count", "true"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([group_json()])).insert_header("X-Total-Count", "1234"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_password_sync_groups()
        .limit(50)
        .offset(100)
        .count(true)
        .send_with_response()
        .await
        .expect("the call succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.header::<u64>("x-total-count"), Some(1234));
    let groups = response.into_body();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name.as_deref(), Some("Password Sync Group 1"));
    assert_eq!(groups[0].created, Some(Some("2023-03-16T04:00:00Z".parse().unwrap())));
    assert_eq!(groups[0].modified, Some(None), "an explicit null is kept apart from an absent field");
    let request = &received(&server).await[0];
    assert_eq!(request.url.query(), Some("limit=50&offset=100&count=true"));
}

#[tokio::test]
async fn optional_parameters_that_are_not_set_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&server).await;
    let groups = client(&server).get_password_sync_groups().await.expect("succeeds");
    assert!(groups.is_empty());
    assert_eq!(received(&server).await[0].url.query(), None);
}

#[tokio::test]
async fn create_sends_the_body_as_json() {
    let server = MockServer::start().await;
    let sent = json!({"name": "Group 2", "passwordPolicyId": "p1", "sourceIds": ["s1", "s2"]});
    Mock::given(method("POST"))
        .and(path("/v3/password-sync-groups"))
        .and(header("content-type", "application/json"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(group_json()))
        .expect(1)
        .mount(&server)
        .await;
    let group = PasswordSyncGroup::default().with_name("Group 2").with_password_policy_id("p1").with_source_ids(["s1".to_owned(), "s2".to_owned()]);
    let created = client(&server).create_password_sync_group(group).await.expect("created");
    assert_eq!(created.id.as_deref(), Some("6881f631-3bd5-4213-9c75-8e05cc3e35dd"));
}

#[tokio::test]
async fn a_read_modify_write_keeps_fields_and_enum_values_the_spec_does_not_know() {
    let server = MockServer::start().await;
    let mut from_server = group_json();
    from_server["futureField"] = json!({"nested": [1, 2, 3]});
    from_server["syncMode"] = json!("SOMETHING_NEW");
    Mock::given(method("GET"))
        .and(path("/v3/password-sync-groups/g1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&from_server))
        .mount(&server)
        .await;
    let mut expected = from_server.clone();
    expected["name"] = json!("Renamed");
    Mock::given(method("PUT"))
        .and(path("/v3/password-sync-groups/g1"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(&expected))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let mut group = client.get_password_sync_group("g1").await.expect("read");
    assert_eq!(group.additional_properties["futureField"], json!({"nested": [1, 2, 3]}));
    group.name = Some("Renamed".to_owned());
    let updated = client.update_password_sync_group("g1", group).await.expect("written back");
    assert_eq!(updated.additional_properties["syncMode"], json!("SOMETHING_NEW"));
}

#[test]
fn an_unknown_enum_value_is_kept_and_sent_back_unchanged() {
    let text = r#"{"locale":null,"localeOrigin":"SOMETHING_NEW","text":"hi"}"#;
    let message: sailpoint_password_sdk::models::ErrorMessageDto = serde_json::from_str(text).expect("decodes");
    assert_eq!(message.locale_origin, Some(Some(LocaleOrigin::Unknown("SOMETHING_NEW".to_owned()))));
    assert_eq!(message.locale, Some(None));
    assert_eq!(serde_json::to_string(&message).unwrap(), text);
    let known: LocaleOrigin = serde_json::from_str(r#""REQUEST""#).unwrap();
    assert_eq!(known, LocaleOrigin::Request);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_dot_segments_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(group_json())).mount(&server).await;
    let client = client(&server);
    client.get_password_sync_group("a/b c?d#e").await.expect("sent");
    client.get_password_sync_group("../x").await.expect("sent");
    let paths: Vec<String> = received(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/v3/password-sync-groups/a%2Fb%20c%3Fd%23e", "/v3/password-sync-groups/..%2Fx"]);

    for id in ["..", ".", ""] {
        let error = client.get_password_sync_group(id).await.expect_err("refused");
        assert!(matches!(&error, Error::InvalidArgument(invalid) if invalid.name() == "id"), "{id:?}: {error:?}");
    }
    assert_eq!(received(&server).await.len(), 2, "a refused call sent a request");
}

#[tokio::test]
async fn bounds_from_the_spec_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = client.get_password_sync_groups().limit(251).await.expect_err("out of range");
    match &error {
        Error::InvalidArgument(invalid) => {
            assert_eq!(invalid.name(), "limit");
            assert!(invalid.reason().contains("from 0 to 250"), "{invalid}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "getPasswordSyncGroups: invalid argument `limit`: 251 is out of range: it must be from 0 to 250; nothing was sent"
    );
    let error = client.list_password_policies().offset(-1).await.expect_err("out of range");
    assert!(matches!(&error, Error::InvalidArgument(invalid) if invalid.name() == "offset"));
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_integer_parameter_takes_any_integer_type_and_refuses_one_that_does_not_fit() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v3/password-sync-groups")).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&server).await;
    let client = client(&server);
    let page_size: usize = 100;
    let (offset, small): (u64, u8) = (20, 7);
    client.get_password_sync_groups().limit(page_size).offset(offset).await.expect("a usize page size and a u64 offset");
    client.get_password_sync_groups().limit(small).offset(0_i64).await.expect("a u8 and an i64");
    let sent: Vec<Option<String>> = received(&server).await.iter().map(|request| request.url.query().map(str::to_owned)).collect();
    assert_eq!(sent, [Some("limit=100&offset=20".to_owned()), Some("limit=7&offset=0".to_owned())]);

    let error = client.get_password_sync_groups().limit(u64::MAX).await.expect_err("does not fit i32");
    match &error {
        Error::InvalidArgument(invalid) => {
            assert_eq!(invalid.name(), "limit");
            assert_eq!(invalid.reason(), "the value does not fit the parameter's type, i32");
        }
        other => panic!("{other:?}"),
    }
    // The refusal stands whatever is set after it, in `stream()` too.
    let request = client.list_password_policies().offset(i64::MIN).count(true);
    assert!(matches!(request.clone().await, Err(Error::InvalidArgument(invalid)) if invalid.name() == "offset"));
    let first = request.stream().try_next().await;
    assert!(matches!(&first, Err(Error::InvalidArgument(invalid)) if invalid.name() == "offset"), "{first:?}");
    assert_eq!(received(&server).await.len(), 2, "a refused call sent a request");
}

#[tokio::test]
async fn every_documented_error_status_gives_its_own_variant() {
    let server = MockServer::start().await;
    let statuses = [400, 401, 403, 404, 429, 500];
    for status in statuses {
        let body = match status {
            401 => json!({"error": "JWT validation failed: JWT is expired"}),
            429 => json!({"message": " Rate Limit Exceeded "}),
            _ => error_json(&format!("{status} detail")),
        };
        let mut response = ResponseTemplate::new(status).set_body_json(body);
        if status == 429 {
            response = response.insert_header("Retry-After", "10");
        }
        Mock::given(path(format!("/v3/password-sync-groups/s{status}"))).respond_with(response).mount(&server).await;
    }
    let client = client(&server);
    for status in statuses {
        let error = client.get_password_sync_group(format!("s{status}")).await.expect_err("an error status");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let Error::Api(error) = error else { panic!("{status}: not an API error") };
        let detail = format!("{status} detail");
        match (status, &error) {
            (400, GetPasswordSyncGroupError::BadRequest(body))
            | (403, GetPasswordSyncGroupError::Forbidden(body))
            | (404, GetPasswordSyncGroupError::NotFound(body))
            | (500, GetPasswordSyncGroupError::InternalServerError(body)) => {
                let content = body.body().expect("the documented body");
                assert_eq!(content.detail_code.as_deref(), Some(detail.as_str()));
                let messages = content.messages.as_ref().expect("messages");
                assert_eq!(messages[0].locale_origin, Some(Some(LocaleOrigin::Default)));
            }
            (401, GetPasswordSyncGroupError::Unauthorized(body)) => {
                let content = body.body().expect("the 401 body");
                assert_eq!(content.error.as_deref(), Some("JWT validation failed: JWT is expired"));
            }
            (429, GetPasswordSyncGroupError::TooManyRequests(body)) => {
                assert_eq!(body.retry_after(), Some(Duration::from_secs(10)));
                assert_eq!(body.header::<String>("Retry-After").as_deref(), Some("10"));
                assert_eq!(body.body().and_then(|c| c.message.as_deref()), Some(" Rate Limit Exceeded "));
            }
            (status, other) => panic!("{status} gave {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_empty_or_non_json_error_body_still_gives_the_right_variant_and_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/v3/password-sync-groups/html"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>no such thing</html>"))
        .mount(&server)
        .await;
    Mock::given(path("/v3/password-sync-groups/empty")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    Mock::given(path("/v3/password-sync-groups/teapot"))
        .respond_with(ResponseTemplate::new(418).set_body_string("short and stout").insert_header("X-Why", "tea"))
        .mount(&server)
        .await;
    let client = client(&server);

    match client.get_password_sync_group("html").await {
        Err(Error::Api(GetPasswordSyncGroupError::NotFound(body))) => {
            assert!(body.body().is_none());
            assert_eq!(body.raw().text(), "<html>no such thing</html>");
        }
        other => panic!("{other:?}"),
    }
    match client.get_password_sync_group("empty").await {
        Err(Error::Api(GetPasswordSyncGroupError::InternalServerError(body))) => {
            assert!(body.body().is_none());
            assert!(body.raw().body().is_empty());
        }
        other => panic!("{other:?}"),
    }
    match client.get_password_sync_group("teapot").await {
        Err(Error::Api(GetPasswordSyncGroupError::UnknownStatus(error))) => {
            assert_eq!(error.status().as_u16(), 418);
            assert_eq!(error.raw().text(), "short and stout");
            assert_eq!(error.header::<String>("x-why").as_deref(), Some("tea"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_an_error_that_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id": 42}"#))
        .mount(&server)
        .await;
    let error = client(&server).get_password_sync_groups().await.expect_err("not an array");
    match &error {
        Error::Decode { response, .. } => assert_eq!(response.text(), r#"{"id": 42}"#),
        other => panic!("{other:?}"),
    }
    assert_eq!(error.to_string(), "getPasswordSyncGroups: the 200 OK response does not have the documented shape");
}

#[tokio::test]
async fn delete_answers_204_with_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/password-sync-groups/g1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v3/password-sync-groups/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_json("404 Not found")))
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete_password_sync_group("g1").await.expect("deleted");
    let error = client.delete_password_sync_group("gone").await.expect_err("404");
    assert!(matches!(error, Error::Api(DeletePasswordSyncGroupError::NotFound(_))), "{error:?}");
    assert_eq!(error.to_string(), "deletePasswordSyncGroup: 404 Not Found: something (tracking id b21b1f7ce4da4d639f2c62a57171b427)");
}

#[tokio::test]
async fn client_credentials_fetch_one_token_and_reuse_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_id=my-id"))
        .and(body_string_contains("client_secret=s3cr%2Ft"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "fresh", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v3", server.uri()))
        .client_credentials("my-id", "s3cr/t")
        .build()
        .expect("valid");
    for _ in 0..3 {
        client.get_password_sync_groups().await.expect("authorized");
    }
    assert!(!format!("{client:?}").contains("s3cr/t"), "the secret shows in Debug: {client:?}");
}

#[tokio::test]
async fn a_401_fetches_a_new_token_once_and_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "old", "expires_in": 3600})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "new", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "JWT is expired"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(format!("{}/v3", server.uri())).client_credentials("id", "secret").build().unwrap();
    client.get_password_sync_groups().await.expect("retried with a new token");
    let token_requests = received(&server).await.iter().filter(|r| r.url.path() == "/oauth/token").count();
    assert_eq!(token_requests, 2);
}

#[tokio::test]
async fn a_rejected_token_request_is_an_auth_error_with_the_servers_answer() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(format!("{}/v3", server.uri())).client_credentials("id", "wrong-secret").build().unwrap();
    let error = client.get_password_sync_groups().await.expect_err("no token");
    match &error {
        Error::Auth(AuthError::Rejected { status, code, .. }) => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(code.as_deref(), Some("invalid_client"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401), "the token endpoint's status");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains("wrong-secret"), "the secret leaked: {shown}");
    assert!(received(&server).await.iter().all(|r| r.url.path() == "/oauth/token"), "an API call was sent without a token");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v3", server.uri()))
        .no_authentication()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.get_password_sync_groups().await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout { attempts: 3, timeout } if timeout == Duration::from_millis(200)), "{error:?}");
    assert_eq!(error.to_string(), "getPasswordSyncGroups: no answer within the timeout of 200ms (3 attempts)");
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "a GET that timed out is retried");
    assert!(error.is_retryable());

    let error = client.get_password_sync_groups().retry_policy(RetryPolicy::default().retry_timeouts(false)).await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{error:?}");
    assert!(!RetryPolicy::default().retry_timeouts(false).retries(&error));
}

#[test]
fn settings_are_checked_and_named_in_errors() {
    let error = Client::builder().build().expect_err("no base URL");
    assert_eq!(error.setting(), "base_url");
    let error = Client::builder().base_url("not a url").build().expect_err("bad URL");
    assert_eq!(error.setting(), "base_url");
    assert!(error.to_string().contains("not a url"), "{error}");
    let error = Client::builder().base_url("https://x.example/v3").client_credentials("", "s").build().expect_err("no id");
    assert_eq!(error.setting(), "client_credentials");
    let error = Client::builder().base_url("https://x.example/v3").build().expect_err("no credentials");
    assert_eq!(error.setting(), "credentials", "a client without credentials is refused unless asked for");
    let anonymous = Client::builder().base_url("https://x.example").no_authentication().build().expect("asked for");
    assert_eq!(anonymous.base_url().as_str(), "https://x.example/v3", "a base URL without a path gets the API's");
    let custom = Client::builder().base_url("https://x.example/custom/").no_authentication().build().expect("valid");
    assert_eq!(custom.base_url().as_str(), "https://x.example/custom", "a base URL with a path is kept");

}

#[tokio::test]
async fn list_errors_keep_their_own_enum() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(403).set_body_json(error_json("403 Forbidden"))).mount(&server).await;
    let error = client(&server).get_password_sync_groups().await.expect_err("forbidden");
    assert!(matches!(error, Error::Api(GetPasswordSyncGroupsError::Forbidden(_))), "{error:?}");
}

/// A server on 127.0.0.1 that answers its first connection with the headers
/// and part of a `Content-Length` body, then closes it, and every later
/// one in full. Returns its address and a count of connections.
async fn cut_short_once(full: &'static str) -> (std::net::SocketAddr, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let first = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0;
            tokio::spawn(async move {
                // Read the request head (and any small body with it).
                let mut request = vec![0; 64 * 1024];
                let _ = socket.read(&mut request).await;
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", full.len());
                let body = if first { &full[..full.len() / 2] } else { full };
                socket.write_all(head.as_bytes()).await.unwrap();
                socket.write_all(body.as_bytes()).await.unwrap();
                socket.flush().await.unwrap();
                // Dropping the socket closes it, the body unfinished.
            });
        }
    });
    (addr, connections)
}

#[tokio::test]
async fn a_body_cut_short_is_a_broken_connection_retried_for_get_and_not_for_post() {
    const GROUPS: &str = r#"[{"id": "g1", "name": "one", "sourceIds": []}, {"id": "g2", "name": "two", "sourceIds": []}]"#;
    let (addr, connections) = cut_short_once(GROUPS).await;
    let retrying = |addr: std::net::SocketAddr| {
        Client::builder()
            .base_url(format!("http://{addr}/v3"))
            .bearer_token(TOKEN)
            .retry_policy(RetryPolicy::default().max_attempts(3).backoff(Duration::from_millis(10), Duration::from_millis(20)))
            .build()
            .unwrap()
    };
    let groups = retrying(addr).get_password_sync_groups().await.expect("the second attempt reads the whole body");
    assert_eq!(groups.len(), 2);
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);

    const GROUP: &str = r#"{"id": "g1", "name": "one", "sourceIds": []}"#;
    let (addr, connections) = cut_short_once(GROUP).await;
    let group = PasswordSyncGroup::default().with_name("one".to_owned());
    let error = retrying(addr).create_password_sync_group(group).await.expect_err("a POST is not sent twice");
    assert!(matches!(error, Error::Transport { attempts: 1, sent: true, .. }), "{error:?}");
    assert!(!error.is_retryable(), "the default policy does not resend a POST the server may have acted on");
    assert!(RetryPolicy::default().retry_non_idempotent(true).retries(&error), "unless asked to");
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
}
