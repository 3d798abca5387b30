//! What the parts of a response say: a JSON body decoded, the wait a
//! `Retry-After` value asks for, the parts of an error body a person needs
//! (its messages and the server's tracking id) read from the places APIs
//! commonly put them; and secrets kept out of `Debug` output of headers.

use reqwest::header::HeaderMap;
use serde_json::Value;
use std::fmt;
use std::time::{Duration, SystemTime};

/// `body` as JSON decoded into `T`: parsed into a `serde_json::Value` by
/// `serde_json`'s own parser, then converted. Every type is then decoded
/// by the one `Value` deserializer, so the crate compiles no JSON parser of
/// its own per type.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let text = std::str::from_utf8(body).map_err(serde::de::Error::custom)?;
    serde_json::from_value(text.parse()?)
}

/// The wait a `Retry-After` value asks for: whole seconds or an HTTP date.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(at);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The longest text body shown as a message.
const TEXT_MESSAGE_LIMIT: usize = 200;

/// Keys whose string value is a message, in the order they are read.
const MESSAGE_KEYS: &[&str] = &["message", "detail", "error_description", "detailMessage", "error", "title"];
/// Keys whose array holds messages, each a string or an object with one
/// of `MESSAGE_ITEM_KEYS`.
const MESSAGE_LIST_KEYS: &[&str] = &["messages", "errors", "causes"];
const MESSAGE_ITEM_KEYS: &[&str] = &["text", "message", "detail", "title"];
/// Keys that hold the server's id for a failure.
const TRACKING_KEYS: &[&str] =
    &["trackingId", "tracking_id", "requestId", "request_id", "traceId", "trace_id", "correlationId", "correlation_id"];

/// `body` as JSON, parsed by `serde_json`'s own (not generic) `FromStr`.
fn json(body: &[u8]) -> Option<Value> {
    std::str::from_utf8(body).ok()?.parse().ok()
}

/// The messages in `body`: from a JSON object's message fields, or the body
/// itself when it is short text that is not JSON.
pub(crate) fn messages(body: &[u8]) -> Vec<String> {
    let object = match json(body) {
        Some(Value::Object(object)) => object,
        Some(Value::String(text)) => return vec![text],
        Some(_) => return Vec::new(),
        None => return short_text(body).into_iter().collect(),
    };
    let mut found: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let text = text.trim();
        if !text.is_empty() && !found.iter().any(|known| known == text) {
            found.push(text.to_owned());
        }
    };
    for key in MESSAGE_LIST_KEYS {
        for item in object.get(*key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(text) = item_text(item) {
                add(text);
            }
        }
    }
    for key in MESSAGE_KEYS {
        if let Some(text) = object.get(*key).and_then(Value::as_str) {
            add(text);
        }
    }
    found
}

fn item_text(item: &Value) -> Option<&str> {
    match item {
        Value::String(text) => Some(text),
        Value::Object(object) => MESSAGE_ITEM_KEYS.iter().find_map(|key| object.get(*key)?.as_str()),
        _ => None,
    }
}

fn short_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    let plain = !text.is_empty() && text.chars().count() <= TEXT_MESSAGE_LIMIT && !text.starts_with('<');
    plain.then(|| text.to_owned())
}

/// The tracking id in a JSON body, if it has one.
pub(crate) fn tracking_id(body: &[u8]) -> Option<String> {
    let Some(Value::Object(object)) = json(body) else { return None };
    TRACKING_KEYS.iter().find_map(|key| match object.get(*key)? {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    })
}

/// The top-level string field `name` of a JSON object body.
pub(crate) fn text_field(body: &[u8], name: &str) -> Option<String> {
    json(body)?.get(name)?.as_str().map(str::to_owned)
}

/// `body` as a JSON object, if it is one.
pub(crate) fn object(body: &[u8]) -> Option<serde_json::Map<String, Value>> {
    match json(body)? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

/// Headers as `Debug` shows them, with the values of those that can carry
/// credentials replaced.
pub(crate) struct RedactedHeaders<'h>(pub(crate) &'h HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        use reqwest::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
        for (name, value) in self.0 {
            let secret = [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE, SET_COOKIE].contains(name) || value.is_sensitive();
            match (secret, value.to_str()) {
                (true, _) => map.entry(name, &"<redacted>"),
                (false, Ok(text)) => map.entry(name, &text),
                (false, Err(_)) => map.entry(name, value),
            };
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_from_the_usual_places() {
        let messages_list = br#"{"detailCode":"400.1","trackingId":"abc","messages":[{"locale":"en-US","text":"Bad name."}]}"#;
        assert_eq!(messages(messages_list), ["Bad name."]);
        assert_eq!(tracking_id(messages_list).as_deref(), Some("abc"));
        assert_eq!(messages(br#"{"type":"about:blank","title":"Not Found","detail":"No such pet"}"#), ["No such pet", "Not Found"]);
        assert_eq!(messages(br#"{"error":"invalid_client","error_description":"Bad credentials"}"#), ["Bad credentials", "invalid_client"]);
        assert_eq!(messages(br#"{"errors":[{"message":"one"},"two",{"message":"one"}]}"#), ["one", "two"]);
        assert_eq!(messages(br#"{"detailMessage":"Specified offset is invalid."}"#), ["Specified offset is invalid."]);
        assert_eq!(messages(b"upstream unavailable"), ["upstream unavailable"]);
        assert!(messages(b"<html><body>Bad gateway</body></html>").is_empty());
        assert!(messages(br#"{"count": 3}"#).is_empty());
        assert_eq!(tracking_id(br#"{"requestId": 42}"#).as_deref(), Some("42"));
    }

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("10", now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }
}
