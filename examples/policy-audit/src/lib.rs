//! A password policy audit: which password sync groups lack a policy, point
//! at one that no longer exists, or use one shorter than a minimum length.
//!
//! It stands for the code users write around the SDK, and its tests show
//! how such code is tested with the SDK's `mock` feature: a typed
//! expectation, fault injection, and the stateful fake with pagination.

use futures_util::TryStreamExt;
use sailpoint_password_sdk::errors::{GetPasswordPolicyByIdError, GetPasswordSyncGroupsError};
use sailpoint_password_sdk::models::PasswordPolicyV3Dto;
use sailpoint_password_sdk::{Client, Error};
use std::collections::BTreeMap;
use std::fmt;

/// What is wrong with one sync group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The group names no password policy.
    NoPolicy,
    /// The group's policy does not exist any more.
    PolicyGone {
        /// The id the group names.
        policy: String,
    },
    /// The group's policy allows passwords shorter than the minimum.
    TooShort {
        /// The policy's id.
        policy: String,
        /// Its minimum length, if it sets one.
        min_length: Option<i64>,
    },
}

/// A sync group and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The group's name (its id when it has no name).
    pub group: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Why the audit could not finish.
#[derive(Debug)]
pub enum AuditError {
    /// Listing the sync groups failed.
    Groups(Error<GetPasswordSyncGroupsError>),
    /// Reading a policy failed (other than its being gone).
    Policy(Error<GetPasswordPolicyByIdError>),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuditError::Groups(_) => "the audit could not list the password sync groups",
            AuditError::Policy(_) => "the audit could not read a password policy",
        })
    }
}

impl std::error::Error for AuditError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuditError::Groups(error) => Some(error),
            AuditError::Policy(error) => Some(error),
        }
    }
}

// Each operation has its own error type, so each gets its own `From`.
impl From<Error<GetPasswordSyncGroupsError>> for AuditError {
    fn from(error: Error<GetPasswordSyncGroupsError>) -> Self {
        AuditError::Groups(error)
    }
}

impl From<Error<GetPasswordPolicyByIdError>> for AuditError {
    fn from(error: Error<GetPasswordPolicyByIdError>) -> Self {
        AuditError::Policy(error)
    }
}

/// Whether a failed policy read means the policy does not exist.
pub fn policy_is_gone(error: &Error<GetPasswordPolicyByIdError>) -> bool {
    matches!(error, Error::Api(GetPasswordPolicyByIdError::NotFound(_)))
}

/// Audits every sync group, page by page, reading each policy once.
pub async fn audit(client: &Client, min_length: i64) -> Result<Vec<Finding>, AuditError> {
    let mut policies: BTreeMap<String, Option<PasswordPolicyV3Dto>> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut groups = client.get_password_sync_groups().stream();
    while let Some(group) = groups.try_next().await? {
        let name = group.name.clone().or(group.id.clone()).unwrap_or_default();
        let Some(policy_id) = group.password_policy_id.clone() else {
            findings.push(Finding { group: name, problem: Problem::NoPolicy });
            continue;
        };
        if !policies.contains_key(&policy_id) {
            let policy = match client.get_password_policy_by_id(&policy_id).await {
                Ok(policy) => Some(policy),
                Err(error) if policy_is_gone(&error) => None,
                Err(error) => return Err(error.into()),
            };
            policies.insert(policy_id.clone(), policy);
        }
        let problem = match &policies[&policy_id] {
            None => Some(Problem::PolicyGone { policy: policy_id }),
            Some(policy) if policy.min_length.is_none_or(|length| length < min_length) => {
                Some(Problem::TooShort { policy: policy_id, min_length: policy.min_length })
            }
            Some(_) => None,
        };
        findings.extend(problem.map(|problem| Finding { group: name, problem }));
    }
    Ok(findings)
}
