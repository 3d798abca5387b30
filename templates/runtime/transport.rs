//! Sending a prepared request: pacing, the token it needs, the attempts
//! its retry policy allows within its timeout, and what an attempt that
//! got no answer was. Compiled once, whatever the number of operations:
//! the generic [`Request`](super::Request) hands each call to [`execute`].

use super::auth::{ApiKeyPlace, Auth, Secret, TokenFailure};
use super::client::{Client, Inner};
use super::error::{BoxError, Failure};
use super::prepared::{Body, Endpoint, Prepared};
use super::response::RawResponse;
use super::retry::{Retryable, RetryPolicy};
use bytes::BytesMut;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Settings of one request that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// One attempt that got no answer.
enum Broken {
    Timeout,
    /// No connection (`sent` false), or the connection broke after the
    /// request went out; with what arrived before it did.
    Connection { sent: bool, source: BoxError, received: Option<RawResponse> },
    Auth(TokenFailure),
}

impl Broken {
    /// What the retry policy weighs, if the failure may be worth retrying.
    fn retryable(&self) -> Option<Retryable> {
        match self {
            Broken::Timeout => Some(Retryable::Timeout),
            Broken::Connection { sent: false, .. } => Some(Retryable::Unsent),
            Broken::Connection { .. } => Some(Retryable::Broken),
            Broken::Auth(failure) if failure.error.is_retryable() => Some(Retryable::Token),
            Broken::Auth(_) => None,
        }
    }
}

/// Sends a prepared request as the request's retry policy (else the
/// client's) allows. Each attempt (the token fetch it may need, sending,
/// reading the whole answer) is bounded by the request's timeout (else the
/// client's); the waits between attempts are not, and the policy bounds
/// them. On a 401 with a fetched token, a new token is fetched and the
/// request sent once more, outside the count of attempts. Time spent
/// waiting for the rate limit does not count against the retry budget.
pub(crate) async fn execute(client: &Client, endpoint: &Endpoint, mut prepared: Prepared, options: RequestOptions) -> Result<RawResponse, Failure> {
    let inner = &client.inner;
    let policy = options.retry.as_ref().unwrap_or(&inner.retry);
    let timeout = options.timeout.unwrap_or(inner.timeout);
    let span = tracing::info_span!(
        "request",
        operation = endpoint.operation,
        method = %endpoint.method,
        path = endpoint.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let mut paced = Duration::ZERO;
    let mut delays = policy.delays();
    let mut attempt: u32 = 1;
    let mut refreshed = false;
    loop {
        span.record("attempt", attempt);
        if let Some(pacer) = &inner.pacer {
            paced += pacer.acquire().instrument(span.clone()).await;
        }
        let retriable_body = !matches!(prepared.body, Some(Body::Custom(_)));
        let deadline = tokio::time::Instant::now() + timeout;
        let outcome = send(inner, endpoint, &mut prepared, deadline, attempt).instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Ok((raw, Some(token))) = &outcome {
            if raw.status() == StatusCode::UNAUTHORIZED && !refreshed && retriable_body && inner.auth.invalidate(token).await {
                refreshed = true;
                continue;
            }
        }
        let (kind, asked) = match &outcome {
            Ok((raw, _)) => (Some(Retryable::Status(raw.status())), raw.retry_after()),
            Err(broken @ Broken::Auth(failure)) => (broken.retryable(), failure.retry_after),
            Err(broken) => (broken.retryable(), None),
        };
        let wait = kind.filter(|kind| policy.may_retry(&endpoint.method, *kind)).and_then(|_| asked.or_else(|| delays.next()));
        let spent = started.elapsed().saturating_sub(paced);
        match (wait, kind) {
            (Some(wait), Some(kind)) if retriable_body && attempt < policy.attempt_limit() && spent + wait <= policy.elapsed_limit() => {
                let status = outcome.as_ref().ok().map(|(raw, _)| raw.status().as_u16());
                tracing::warn!(
                    parent: &span,
                    operation = endpoint.operation,
                    attempt,
                    status,
                    reason = kind.reason(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying {} after {}",
                    endpoint.operation,
                    kind.met(),
                );
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            _ => {
                return match outcome {
                    Ok((raw, _)) => Ok(raw),
                    Err(Broken::Timeout) => Err(Failure::Timeout { attempts: attempt, timeout }),
                    Err(Broken::Connection { sent, source, received }) => Err(Failure::Transport { attempts: attempt, sent, source, received }),
                    Err(Broken::Auth(failure)) => Err(Failure::Auth(failure.error)),
                };
            }
        }
    }
}

/// One attempt, bounded by `deadline`: authenticates, sends, and reads the
/// whole body.
async fn send(inner: &Inner, endpoint: &Endpoint, prepared: &mut Prepared, deadline: tokio::time::Instant, attempt: u32) -> Result<(RawResponse, Option<Secret>), Broken> {
    let token = inner.auth.token(&inner.http, deadline, attempt).await.map_err(Broken::Auth)?;
    let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
    if remaining.is_zero() {
        return Err(Broken::Timeout);
    }
    let request = build(inner, endpoint, prepared, token.as_ref(), remaining).map_err(|source| Broken::Connection { sent: false, source, received: None })?;
    let mut response = request.send().await.map_err(|error| broken(error, None))?;
    let status = response.status();
    tracing::Span::current().record("status", status.as_u16());
    let headers = response.headers().clone();
    let mut body = BytesMut::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => {
                let received = RawResponse::from_parts(status, headers, body.freeze(), attempt);
                return Err(broken(error, Some(received)));
            }
        }
    }
    Ok((RawResponse::from_parts(status, headers, body.freeze(), attempt), token))
}

/// A request that failed without an answer: a timeout, a connection that
/// could not be made (nothing was sent), or one that broke after the
/// request went out (a cut body counts: what arrived is kept).
fn broken(error: reqwest::Error, received: Option<RawResponse>) -> Broken {
    if error.is_timeout() {
        Broken::Timeout
    } else {
        let sent = !error.is_connect() || received.is_some();
        Broken::Connection { sent, source: Box::new(error.without_url()), received }
    }
}

/// The `reqwest` request for one attempt. Headers are gathered in one map
/// and set at once.
fn build(inner: &Inner, endpoint: &Endpoint, prepared: &mut Prepared, token: Option<&Secret>, timeout: Duration) -> Result<reqwest::RequestBuilder, BoxError> {
    let mut url = inner.base_url.clone();
    let path = format!("{}{}", url.path().trim_end_matches('/'), prepared.path);
    url.set_path(&path);
    let mut cookies = String::new();
    for (name, value) in &prepared.cookies {
        add_cookie(&mut cookies, name, value);
    }
    {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &prepared.query {
            pairs.append_pair(name, value);
        }
        if let Auth::ApiKey { place: ApiKeyPlace::Query, name, key } = &inner.auth {
            pairs.append_pair(name, key.expose());
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    let mut headers = HeaderMap::new();
    headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
    for (name, value) in &prepared.headers {
        headers.append(HeaderName::from_bytes(name.as_bytes())?, HeaderValue::from_str(value)?);
    }
    match &inner.auth {
        Auth::ApiKey { place: ApiKeyPlace::Header, name, key } => {
            headers.insert(HeaderName::from_bytes(name.as_bytes())?, sensitive(key.expose())?);
        }
        Auth::ApiKey { place: ApiKeyPlace::Cookie, name, key } => add_cookie(&mut cookies, name, &super::params::cookie_value(key.expose())),
        _ => {}
    }
    if !cookies.is_empty() {
        headers.insert(reqwest::header::COOKIE, sensitive(&cookies)?);
    }
    if let Some(token) = token {
        headers.insert(reqwest::header::AUTHORIZATION, sensitive(&format!("Bearer {}", token.expose()))?);
    }
    let body = match prepared.body.take() {
        Some(Body::Bytes { content_type, bytes }) => {
            headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            prepared.body = Some(Body::Bytes { content_type, bytes: bytes.clone() });
            Some(Ok(bytes))
        }
        Some(Body::Custom(attach)) => Some(Err(attach)),
        None => None,
    };
    let request = inner.http.request(endpoint.method.clone(), url).timeout(timeout).headers(headers);
    Ok(match body {
        Some(Ok(bytes)) => request.body(bytes),
        Some(Err(attach)) => attach(request),
        None => request,
    })
}

fn add_cookie(cookies: &mut String, name: &str, value: &str) {
    if !cookies.is_empty() {
        cookies.push_str("; ");
    }
    cookies.push_str(name);
    cookies.push('=');
    cookies.push_str(value);
}

/// A header value kept out of `Debug` output.
fn sensitive(value: &str) -> Result<HeaderValue, BoxError> {
    let mut value = HeaderValue::from_str(value)?;
    value.set_sensitive(true);
    Ok(value)
}
