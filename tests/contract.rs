//! A contract test against an independent mock built from the spec: Prism
//! (`@stoplight/prism-cli`, pinned in `tests/prism/package-lock.json`) runs
//! `prism mock spec/openapi.yaml --errors --dynamic` on loopback. Every
//! operation is called through the generated client; Prism must accept
//! every request as valid for the spec (it answers an invalid one with 400
//! and an `sl-violations` header), and the client must decode every
//! response Prism makes up from the spec's schemas.
//!
//! The test installs Prism with `npm ci` and starts it itself; it fails,
//! loudly, if it cannot.

use sailpoint_password_sdk::models::{PasswordPolicyV3Dto, PasswordSyncGroup};
use sailpoint_password_sdk::{Client, RawResponse, Response, RetryPolicy};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How often each operation is called: Prism's answers are random.
const ROUNDS: usize = 10;

struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs Prism once per test run, however many tests start it.
fn install_prism(dir: &Path) -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| npm_ci(dir)).clone()
}

fn npm_ci(dir: &Path) -> PathBuf {
    let bin = dir.join("node_modules/.bin/prism");
    if bin.exists() {
        return bin;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .unwrap_or_else(|err| panic!("cannot run npm to install Prism (is Node.js installed?): {err}"));
    assert!(status.success(), "`npm ci` in {} failed: {status}", dir.display());
    assert!(bin.exists(), "npm ci did not install {}", bin.display());
    bin
}

fn start_prism() -> Prism {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = install_prism(&root.join("tests/prism"));
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let log = std::env::temp_dir().join(format!("prism-{port}.log"));
    let child = Command::new(bin)
        .args(["mock", "spec/openapi.yaml", "--errors", "--dynamic", "--host", "127.0.0.1", "--port", &port.to_string()])
        .current_dir(root)
        .stdout(std::fs::File::create(&log).expect("log file"))
        .stderr(Stdio::inherit())
        .spawn()
        .expect("Prism starts");
    let mut prism = Prism { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), log };
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(prism.addr).is_err() {
        if let Some(status) = prism.child.try_wait().expect("Prism's status") {
            panic!("Prism exited with {status}:\n{}", std::fs::read_to_string(&prism.log).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "Prism did not listen on {} within 90 s", prism.addr);
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

/// Prism's verdict on a request it answered: no `sl-violations` header.
fn assert_valid(operation: &str, headers: &reqwest::header::HeaderMap) {
    if let Some(violations) = headers.get("sl-violations") {
        panic!("Prism found {operation}'s request invalid: {violations:?}");
    }
}

fn checked<T: std::fmt::Debug, E: std::fmt::Debug>(operation: &str, result: Result<Response<T>, E>) -> Response<T> {
    match result {
        Ok(response) => {
            assert_valid(operation, response.headers());
            response
        }
        Err(error) => panic!("{operation}: {error:?}"),
    }
}

fn raw_violations(raw: &RawResponse) -> Option<String> {
    raw.headers().get("sl-violations").map(|v| v.to_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn prism_accepts_every_request_and_the_client_decodes_every_answer() {
    let prism = start_prism();
    let client = Client::builder()
        .base_url(format!("http://{}", prism.addr))
        .base_path("")
        .bearer_token("contract-test-token")
        .retry_policy(RetryPolicy::none())
        .rate_limit(None)
        .build()
        .expect("valid settings");
    let group: PasswordSyncGroup = serde_json::from_value(serde_json::json!({
        "name": "Password Sync Group 2",
        "passwordPolicyId": "2c91808d744ba0ce01746f93b6204501",
        "sourceIds": ["2c918084660f45d6016617daa9210584"]
    }))
    .unwrap();
    let policy: PasswordPolicyV3Dto =
        serde_json::from_value(serde_json::json!({"name": "PasswordPolicy Example", "minLength": 8, "useDictionary": false})).unwrap();

    for _ in 0..ROUNDS {
        checked("getPasswordSyncGroups", client.get_password_sync_groups().limit(50).offset(10).count(true).send_with_response().await);
        checked("createPasswordSyncGroup", client.create_password_sync_group(group.clone()).send_with_response().await);
        checked("getPasswordSyncGroup", client.get_password_sync_group("6881f631-3bd5").send_with_response().await);
        checked("updatePasswordSyncGroup", client.update_password_sync_group("6881f631-3bd5", group.clone()).send_with_response().await);
        checked("deletePasswordSyncGroup", client.delete_password_sync_group("6881f631-3bd5").send_with_response().await);
        checked("listPasswordPolicies", client.list_password_policies().limit(250).count(false).send_with_response().await);
        checked("createPasswordPolicy", client.create_password_policy(policy.clone()).send_with_response().await);
        checked("getPasswordPolicyById", client.get_password_policy_by_id("ff808081838d").send_with_response().await);
        checked("setPasswordPolicy", client.set_password_policy("ff808081838d", policy.clone()).send_with_response().await);
        checked("deletePasswordPolicy", client.delete_password_policy("ff808081838d").send_with_response().await);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn prism_does_reject_requests_that_break_the_spec() {
    let prism = start_prism();
    let client = Client::builder()
        .base_url(format!("http://{}", prism.addr))
        .base_path("")
        .bearer_token("contract-test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut invalid = PasswordSyncGroup::default().with_name("x".to_owned());
    invalid.additional_properties.insert("sourceIds".to_owned(), serde_json::json!("not-an-array"));
    let error = client.create_password_sync_group(invalid).await.expect_err("Prism refuses a body that breaks the schema");
    let raw = error.response().expect("Prism answered");
    let violations = raw_violations(raw).expect("Prism names the violation");
    assert!(violations.contains("sourceIds"), "{violations}");
}
