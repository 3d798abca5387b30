//! Client overhead and streaming memory, measured against the emulator on
//! 127.0.0.1 with a baseline measured in the same run:
//!
//! - per-request time of the generated client (no pacing, no retries
//!   needed) against a bare `reqwest` call doing the same request and
//!   decoding the same model, in alternating rounds;
//! - peak heap growth while streaming 100,000 items, against collecting
//!   the same items into a `Vec`.
//!
//! Run with `cargo bench --bench client`; it prints the figures and ratios.

#[path = "../tests/emulator/mod.rs"]
mod emulator;

use emulator::{Emulator, CLIENT_ID, CLIENT_SECRET};
use futures_util::TryStreamExt;
use sailpoint_password_sdk::models::PasswordSyncGroup;
use sailpoint_password_sdk::Client;
use peak_alloc::PeakAlloc;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const ROUNDS: usize = 7;
const REQUESTS_PER_ROUND: u32 = 300;
const STREAMED: usize = 100_000;

#[tokio::main]
async fn main() {
    let emulator = Emulator::start().await;
    emulator.seed_groups(10);
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .rate_limit(None)
        .build()
        .expect("valid settings");
    let token = fetch_token(&emulator).await;
    let bare = reqwest::Client::new();
    let url = format!("{}/password-sync-groups/g000001", emulator.base_url());

    let mut sdk_times = Vec::new();
    let mut bare_times = Vec::new();
    for _ in 0..ROUNDS {
        bare_times.push(time(REQUESTS_PER_ROUND, || async {
            let response = bare.get(&url).bearer_auth(&token).header("accept", "application/json").send().await.unwrap();
            let bytes = response.bytes().await.unwrap();
            let _: PasswordSyncGroup = serde_json::from_slice(&bytes).unwrap();
        }).await);
        sdk_times.push(time(REQUESTS_PER_ROUND, || async {
            client.get_password_sync_group("g000001").await.unwrap();
        }).await);
    }
    let (sdk, bare) = (median(&mut sdk_times), median(&mut bare_times));
    println!("per request, median of {ROUNDS} rounds of {REQUESTS_PER_ROUND}:");
    println!("  bare reqwest        {:>8.1} µs", bare.as_secs_f64() * 1e6);
    println!("  generated client    {:>8.1} µs", sdk.as_secs_f64() * 1e6);
    println!("  ratio client/bare   {:>8.2}", sdk.as_secs_f64() / bare.as_secs_f64());

    let emulator = Emulator::start().await;
    emulator.seed_groups(STREAMED);
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .rate_limit(None)
        .build()
        .unwrap();
    let streamed = peak_growth(|| async {
        let count = client.get_password_sync_groups().stream().try_fold(0usize, |n, _| async move { Ok(n + 1) }).await.unwrap();
        assert_eq!(count, STREAMED);
    })
    .await;
    let collected = peak_growth(|| async {
        let all: Vec<PasswordSyncGroup> = client.get_password_sync_groups().stream().try_collect().await.unwrap();
        assert_eq!(all.len(), STREAMED);
    })
    .await;
    println!("peak heap growth over {STREAMED} items (emulator's page serialisation included):");
    println!("  stream()            {:>8.1} MiB", mib(streamed));
    println!("  collect into a Vec  {:>8.1} MiB", mib(collected));
    println!("  ratio stream/collect {:>7.3}", streamed as f64 / collected as f64);
}

async fn fetch_token(emulator: &Emulator) -> String {
    let form = [("grant_type", "client_credentials"), ("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let response: serde_json::Value =
        reqwest::Client::new().post(format!("http://{}/oauth/token", emulator.addr)).form(&form).send().await.unwrap().json().await.unwrap();
    response["access_token"].as_str().unwrap().to_owned()
}

async fn time<F, Fut>(requests: u32, mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let started = Instant::now();
    for _ in 0..requests {
        call().await;
    }
    started.elapsed() / requests
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn peak_growth<F, Fut>(run: F) -> usize
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    run().await;
    ALLOCATOR.peak_usage().saturating_sub(before)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
