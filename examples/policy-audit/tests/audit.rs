//! The audit tested the way the SDK's users test their code: against the
//! SDK's own mock (the `mock` feature), with no tenant.

use policy_audit::{audit, policy_is_gone, AuditError, Finding, Problem};
use sailpoint_password_sdk::errors::GetPasswordPolicyByIdError;
use sailpoint_password_sdk::mock::{Fault, MockServer};
use sailpoint_password_sdk::models::{ErrorResponseDto, PasswordPolicyV3Dto, PasswordSyncGroup};
use sailpoint_password_sdk::{Error, ErrorResponse, RetryPolicy, StatusCode};
use std::time::Duration;

fn group(name: &str, policy: Option<&str>) -> PasswordSyncGroup {
    let group = PasswordSyncGroup::default().with_name(name);
    match policy {
        Some(policy) => group.with_password_policy_id(policy),
        None => group,
    }
}

fn policy(id: &str, min_length: i64) -> PasswordPolicyV3Dto {
    PasswordPolicyV3Dto::default().with_id(id).with_min_length(min_length)
}

/// Typed expectations: each operation answered with typed values, checked
/// on the typed parameters, verified at the end.
#[tokio::test]
async fn a_weak_policy_is_found_and_read_once() {
    let mock = MockServer::start().await;
    mock.get_password_sync_groups()
        .when(|params| params.offset == Some(0))
        .respond(vec![group("hr", Some("weak")), group("it", Some("weak")), group("lab", None)]);
    mock.get_password_policy_by_id().when(|params| params.id == "weak").times(1).respond(policy("weak", 6));

    let findings = audit(&mock.client(), 12).await.expect("audited");

    let too_short = Problem::TooShort { policy: "weak".into(), min_length: Some(6) };
    assert_eq!(
        findings,
        [
            Finding { group: "hr".into(), problem: too_short.clone() },
            Finding { group: "it".into(), problem: too_short },
            Finding { group: "lab".into(), problem: Problem::NoPolicy },
        ]
    );
    mock.verify().expect("the policy was read once");
}

/// Faults: a throttled page is retried by the client; a policy service
/// that stays down ends the audit with the policy error.
#[tokio::test]
async fn the_audit_survives_throttling_and_reports_an_outage() {
    let mock = MockServer::start().await;
    mock.get_password_sync_groups().respond(vec![group("hr", Some("p1"))]);
    mock.get_password_policy_by_id().times(3).fault(Fault::Status(StatusCode::SERVICE_UNAVAILABLE));
    mock.fault(Fault::TooManyRequests { retry_after: Duration::ZERO });
    let quick = RetryPolicy::default().max_attempts(3).backoff(Duration::from_millis(5), Duration::from_millis(10));
    let client = mock.client_builder().retry_policy(quick).build().expect("a client");

    let error = audit(&client, 12).await.expect_err("the policy service is down");

    let AuditError::Policy(cause) = &error else { panic!("{error:?}") };
    assert_eq!(cause.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(cause.response().map(|raw| raw.attempts()), Some(3));
    let statuses: Vec<u16> = mock.received().iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [429, 200, 503, 503, 503]);
}

/// The stateful fake: 600 groups served page by page as the service pages
/// them, policies read from the fake's store, one of them deleted.
#[tokio::test]
async fn every_page_of_groups_is_audited() {
    let mock = MockServer::start().await;
    let policies = mock.password_policies();
    policies.insert(policy("strong", 14));
    policies.insert(policy("weak", 8));
    let groups = mock.password_sync_groups();
    for n in 0..600 {
        let policy = ["strong", "weak", "gone"][n % 3];
        groups.insert(group(&format!("group-{n:03}"), Some(policy)));
    }

    let findings = audit(&mock.client(), 12).await.expect("audited");

    assert_eq!(findings.len(), 400);
    assert_eq!(findings[0], Finding { group: "group-001".into(), problem: Problem::TooShort { policy: "weak".into(), min_length: Some(8) } });
    assert_eq!(findings[399], Finding { group: "group-599".into(), problem: Problem::PolicyGone { policy: "gone".into() } });
    let pages = mock.received().iter().filter(|r| r.operation == Some("getPasswordSyncGroups")).count();
    assert_eq!(pages, 3, "600 groups in pages of 250");
}

/// Errors built by hand, for the code that classifies them: no server.
#[test]
fn only_a_404_means_the_policy_is_gone() {
    // Models only the server sends have no setters: their fields are public.
    let mut body = ErrorResponseDto::default();
    body.detail_code = Some("404 Not found".to_owned());
    let not_found = Error::Api(GetPasswordPolicyByIdError::NotFound(ErrorResponse::from_body(StatusCode::NOT_FOUND, body.clone())));
    let forbidden = Error::Api(GetPasswordPolicyByIdError::Forbidden(ErrorResponse::from_body(StatusCode::FORBIDDEN, body)));
    assert!(policy_is_gone(&not_found));
    assert!(!policy_is_gone(&forbidden));
}
