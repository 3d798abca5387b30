//! The generated crate's public API as a program uses it: request types it
//! can name, store and clone; a stream it can read without pinning; error
//! types of its own per operation, which convert into the program's error
//! type; errors that say what happened once; values it can build in its
//! own tests; setters that take what converts.

use sailpoint_password_sdk::errors::{CreatePasswordPolicyError, GetPasswordSyncGroupError};
use sailpoint_password_sdk::models::{ErrorResponseDto, PasswordPolicyV3Dto, PasswordSyncGroup};
use sailpoint_password_sdk::requests::{GetPasswordSyncGroups, GetPasswordSyncGroupsParams};
use sailpoint_password_sdk::{ApiError, Client, Error, ErrorResponse, Pages, RawResponse, RetryPolicy, StatusCode, TryStreamExt};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("t0ken").retry_policy(RetryPolicy::none()).rate_limit(None).build().expect("valid settings")
}

fn error_body(text: &str) -> serde_json::Value {
    json!({
        "detailCode": "400.1 Bad Request Content",
        "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}]
    })
}

/// A program's own error type, taking two operations' errors.
#[derive(Debug)]
enum AppError {
    Policy(Error<CreatePasswordPolicyError>),
    Group(Error<GetPasswordSyncGroupError>),
}

impl From<Error<CreatePasswordPolicyError>> for AppError {
    fn from(error: Error<CreatePasswordPolicyError>) -> Self {
        AppError::Policy(error)
    }
}

impl From<Error<GetPasswordSyncGroupError>> for AppError {
    fn from(error: Error<GetPasswordSyncGroupError>) -> Self {
        AppError::Group(error)
    }
}

async fn create_and_read(client: &Client) -> Result<PasswordSyncGroup, AppError> {
    client.create_password_policy(PasswordPolicyV3Dto::default().with_name("strict")).await?;
    Ok(client.get_password_sync_group("g1").await?)
}

#[tokio::test]
async fn each_operation_has_an_error_type_of_its_own_that_converts_into_the_programs() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "strict"}))).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(error_body("No such group."))).mount(&server).await;
    match create_and_read(&client(&server)).await {
        Err(AppError::Group(Error::Api(GetPasswordSyncGroupError::NotFound(response)))) => {
            assert_eq!(response.messages(), ["No such group."]);
        }
        Err(AppError::Policy(error)) => panic!("the policy was not created: {error}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn requests_can_be_named_stored_cloned_and_streamed_without_pinning() {
    let server = MockServer::start().await;
    let page: Vec<serde_json::Value> = (0..3).map(|n| json!({"name": format!("g{n}")})).collect();
    Mock::given(method("GET"))
        .and(path("/v3/password-sync-groups"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page).insert_header("X-Total-Count", "3"))
        .mount(&server)
        .await;
    let client = client(&server);
    let request: GetPasswordSyncGroups = client.get_password_sync_groups().limit(10).count(true);
    let parameters: &GetPasswordSyncGroupsParams = request.parameters();
    assert_eq!((parameters.limit, parameters.offset, parameters.count), (Some(10), None, Some(true)));
    let stored = vec![request.clone(), request];
    let mut names = Vec::new();
    for request in stored {
        let mut groups: Pages<GetPasswordSyncGroupsParams> = request.stream();
        while let Some(group) = groups.try_next().await.expect("a page") {
            names.extend(group.name);
        }
    }
    assert_eq!(names, ["g0", "g1", "g2", "g0", "g1", "g2"]);
}

#[tokio::test]
async fn an_error_names_the_operation_and_shows_the_servers_messages_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(400).set_body_json(error_body("The name is too long."))).mount(&server).await;
    let error = client(&server).get_password_sync_group("g1").await.expect_err("a 400");
    assert_eq!(
        error.to_string(),
        "getPasswordSyncGroup: 400 Bad Request: The name is too long. (tracking id b21b1f7ce4da4d639f2c62a57171b427)"
    );
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.messages(), ["The name is too long."]);
    assert_eq!(error.tracking_id().as_deref(), Some("b21b1f7ce4da4d639f2c62a57171b427"));
    assert!(!error.is_retryable());
    assert!(std::error::Error::source(&error).is_none(), "the source would repeat what Display says");
    let Error::Api(GetPasswordSyncGroupError::BadRequest(response)) = &error else { panic!("{error:?}") };
    assert_eq!(response.body().and_then(|body| body.tracking_id.as_deref()), Some("b21b1f7ce4da4d639f2c62a57171b427"));
}

#[tokio::test]
async fn a_chain_of_causes_never_repeats_a_message() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("t0ken")
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
        .build()
        .expect("valid settings");
    let error = client.get_password_sync_group("g1").await.expect_err("nothing listens on port 9");
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    assert_eq!(chain[0], "getPasswordSyncGroup: no connection could be made; the request was not sent");
    assert!(matches!(error, Error::Transport { sent: false, received: None, .. }), "{error:?}");
    assert!(chain.len() > 1, "the cause is kept: {chain:?}");
    for (index, message) in chain.iter().enumerate() {
        assert!(!chain[index + 1..].iter().any(|later| later.contains(message.as_str())), "{message:?} is repeated: {chain:?}");
    }
    assert!(error.is_retryable());
}

#[tokio::test]
async fn retry_after_is_a_duration() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"message": " Rate Limit Exceeded "})).insert_header("Retry-After", "7"))
        .mount(&server)
        .await;
    let error = client(&server).get_password_sync_group("g1").await.expect_err("rate limited");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
    assert_eq!(error.messages(), ["Rate Limit Exceeded"]);
    let Error::Api(GetPasswordSyncGroupError::TooManyRequests(response)) = &error else { panic!("{error:?}") };
    assert_eq!(response.retry_after(), Some(Duration::from_secs(7)));
}

/// What a program's own tests do: build the errors and responses a call
/// gives, without a server.
#[test]
fn errors_and_responses_can_be_built_in_a_programs_tests() {
    let mut body = ErrorResponseDto::default();
    body.tracking_id = Some("t-1".to_owned());
    let not_found = GetPasswordSyncGroupError::NotFound(ErrorResponse::from_body(StatusCode::NOT_FOUND, body));
    assert_eq!(not_found.status(), StatusCode::NOT_FOUND);
    assert_eq!(not_found.to_string(), "getPasswordSyncGroup: 404 Not Found (tracking id t-1)");
    let error: Error<GetPasswordSyncGroupError> = Error::Api(not_found);
    assert_eq!(error.tracking_id().as_deref(), Some("t-1"));

    let raw = RawResponse::from_json(StatusCode::BAD_REQUEST, &error_body("Bad name."));
    let decoded = GetPasswordSyncGroupError::from_response(raw);
    assert!(matches!(&decoded, GetPasswordSyncGroupError::BadRequest(response) if response.messages() == ["Bad name."]));

    let timeout: Error<GetPasswordSyncGroupError> = Error::Timeout { attempts: 3, timeout: Duration::from_millis(1500) };
    assert_eq!(timeout.to_string(), "getPasswordSyncGroup: no answer within the timeout of 1.5s (3 attempts)");
}

#[test]
fn setters_take_what_converts_and_every_field_has_a_reader() {
    let policy = PasswordPolicyV3Dto::default().with_name("strict").with_description("for admins").with_min_length(12);
    assert_eq!(policy.name(), Some(&"strict".to_owned()));
    assert_eq!(policy.min_length(), Some(&12));
    assert_eq!(policy.max_length(), None);
    assert_eq!(policy.description(), Some(&"for admins".to_owned()));
    let cleared = policy.with_description_null();
    assert_eq!(cleared.description, Some(None));
    assert_eq!(cleared.description(), None);
    assert_eq!(serde_json::to_value(&cleared).unwrap()["description"], serde_json::Value::Null);
    let group = PasswordSyncGroup::default().with_source_ids(["s1".to_owned()]);
    assert_eq!(group.source_ids, Some(vec!["s1".to_owned()]));
    let sources = ["s2", "s3"];
    let group = PasswordSyncGroup::default().with_source_ids(vec!["s1"]).with_source_ids(sources.iter().copied());
    assert_eq!(group.source_ids, Some(vec!["s2".to_owned(), "s3".to_owned()]), "a list setter takes any iterable of what converts");
    assert_eq!(group.source_ids().map(Vec::len), Some(2));
}

#[test]
fn a_model_only_the_server_sends_is_built_in_one_expression() {
    use sailpoint_password_sdk::models::{ErrorMessageDto, LocaleOrigin};
    let body = ErrorResponseDto::default()
        .with_detail_code("400.1 Bad Request Content")
        .with_tracking_id("t-2")
        .with_messages([ErrorMessageDto::default().with_locale("en-US").with_locale_origin(LocaleOrigin::Default).with_text("Bad name.")]);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "detailCode": "400.1 Bad Request Content",
            "trackingId": "t-2",
            "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "Bad name."}]
        })
    );
    assert_eq!(body.tracking_id().map(String::as_str), Some("t-2"));
    let error: Error<GetPasswordSyncGroupError> = Error::Api(GetPasswordSyncGroupError::BadRequest(ErrorResponse::from_body(StatusCode::BAD_REQUEST, body)));
    assert_eq!(error.messages(), ["Bad name."]);
}

/// The one test in this binary that touches the environment (tests run
/// on threads of one process).
#[test]
fn the_environment_layers_under_code_and_names_what_is_wrong() {
    use sailpoint_password_sdk::environment::{BASE_URL, CLIENT_ID, CLIENT_SECRET, MAX_ATTEMPTS, TIMEOUT, TOKEN};
    use sailpoint_password_sdk::ClientBuilder;
    let clear = || {
        for name in [BASE_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, MAX_ATTEMPTS, TIMEOUT] {
            std::env::remove_var(name);
        }
    };
    clear();
    let error = Client::from_env().expect_err("nothing set");
    assert_eq!(error.setting(), "base_url");
    assert!(error.to_string().contains("SAIL_BASE_URL"), "{error}");
    std::env::set_var(BASE_URL, "https://acme.api.identitynow.com");

    // Every combination of the credential variables.
    for set in 0..8u8 {
        let (id, secret, token) = (set & 1 != 0, set & 2 != 0, set & 4 != 0);
        for (name, on, value) in [(CLIENT_ID, id, "id"), (CLIENT_SECRET, secret, "top-secret"), (TOKEN, token, "env-token")] {
            if on {
                std::env::set_var(name, value);
            } else {
                std::env::remove_var(name);
            }
        }
        let built = Client::from_env();
        match (id, secret, token) {
            (true, true, _) | (false, false, true) => {
                let client = built.unwrap_or_else(|error| panic!("{id} {secret} {token}: {error}"));
                assert_eq!(client.base_url().as_str(), "https://acme.api.identitynow.com/v3", "the builder's base URL rule");
                let shown = format!("{client:?}");
                assert!(!shown.contains("top-secret") && !shown.contains("env-token"), "{shown}");
            }
            (true, false, _) => {
                let error = built.expect_err("a client id without its secret");
                assert_eq!(error.setting(), CLIENT_SECRET, "{error}");
                assert_eq!(error.to_string(), "SAIL_CLIENT_SECRET: is not set, though SAIL_CLIENT_ID is: client credentials need both");
            }
            (false, true, _) => {
                let error = built.expect_err("a secret without its client id");
                assert_eq!(error.setting(), CLIENT_ID, "{error}");
            }
            (false, false, false) => {
                let error = built.expect_err("no credentials");
                assert_eq!(error.setting(), "credentials");
                let text = error.to_string();
                assert!(text.contains("SAIL_CLIENT_ID and SAIL_CLIENT_SECRET, or SAIL_TOKEN") && text.contains("no_authentication()"), "{text}");
            }
        }
        // Credentials set in code replace the environment's, whatever it holds.
        let layered = ClientBuilder::from_env().bearer_token("vault-token").build();
        assert!(layered.is_ok(), "{id} {secret} {token}: {layered:?}");
    }

    // Attempts and timeout: read, reported when malformed, replaced by code.
    std::env::set_var(TOKEN, "env-token");
    std::env::set_var(MAX_ATTEMPTS, "5");
    std::env::set_var(TIMEOUT, "2.5");
    let shown = format!("{:?}", Client::from_env().expect("valid"));
    assert!(shown.contains("max_attempts: 5") && shown.contains("timeout: 2.5s"), "{shown}");
    std::env::set_var(MAX_ATTEMPTS, "zero");
    let error = Client::from_env().expect_err("not a number");
    assert_eq!(error.to_string(), "SAIL_MAX_ATTEMPTS: is `zero`, not a whole number of attempts, 1 or more");
    ClientBuilder::from_env().retry_policy(RetryPolicy::none()).build().expect("the policy set in code replaces it");
    std::env::remove_var(MAX_ATTEMPTS);
    std::env::set_var(TIMEOUT, "-1");
    assert_eq!(Client::from_env().expect_err("negative").setting(), TIMEOUT);
    ClientBuilder::from_env().timeout(Duration::from_secs(3)).build().expect("the timeout set in code replaces it");
    std::env::remove_var(TIMEOUT);
    std::env::set_var(BASE_URL, " ");
    assert_eq!(Client::from_env().expect_err("empty").to_string(), "SAIL_BASE_URL: is set but empty");
    ClientBuilder::from_env().base_url("https://other.example").build().expect("the base URL set in code replaces it");
    clear();
}

#[test]
fn a_requests_debug_shows_its_operation_and_parameters_not_the_client() {
    let client = Client::builder().base_url("https://acme.example/v3").bearer_token("t0ken").build().expect("valid settings");
    let request = client.get_password_sync_groups().limit(5).timeout(Duration::from_secs(2));
    let shown = format!("{request:?}");
    assert!(shown.starts_with("Request { operation: \"getPasswordSyncGroups\", parameters: GetPasswordSyncGroupsParams {"), "{shown}");
    assert!(shown.contains("limit: Some(5)") && shown.contains("timeout: Some(2s)"), "{shown}");
    assert!(!shown.contains("acme.example") && !shown.contains("Client"), "the client is not repeated: {shown}");
}
