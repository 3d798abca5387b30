//! Helpers for the generated example tests.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` as `T`, encodes it again, and checks that nothing was
/// lost or changed. Timestamps compare as instants with their offsets, so
/// `2000-01-23T04:56:07.000+00:00` and `2000-01-23T04:56:07Z` are the same.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &str) {
    let original: Value = serde_json::from_str(json).expect("the example is JSON");
    let model: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|error| panic!("the example does not decode: {error}\n{json}"));
    let encoded = serde_json::to_value(&model).expect("the model encodes");
    assert_same(&original, &encoded, "$");
}

fn assert_same(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            let expected_keys: Vec<&String> = expected.keys().collect();
            let actual_keys: Vec<&String> = actual.keys().collect();
            let mut sorted_expected = expected_keys.clone();
            let mut sorted_actual = actual_keys.clone();
            sorted_expected.sort();
            sorted_actual.sort();
            assert_eq!(sorted_expected, sorted_actual, "keys differ at {path}");
            for (key, value) in expected {
                assert_same(value, &actual[key], &format!("{path}.{key}"));
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            assert_eq!(expected.len(), actual.len(), "lengths differ at {path}");
            for (index, (e, a)) in expected.iter().zip(actual).enumerate() {
                assert_same(e, a, &format!("{path}[{index}]"));
            }
        }
        (Value::String(expected), Value::String(actual)) if expected != actual => {
            let instant = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
            match (instant(expected), instant(actual)) {
                (Some(e), Some(a)) if e == a && e.offset() == a.offset() => {}
                _ => panic!("values differ at {path}: {expected:?} became {actual:?}"),
            }
        }
        (Value::Number(expected), Value::Number(actual)) => {
            assert_eq!(expected.as_f64(), actual.as_f64(), "numbers differ at {path}");
        }
        (expected, actual) => assert_eq!(expected, actual, "values differ at {path}"),
    }
}
