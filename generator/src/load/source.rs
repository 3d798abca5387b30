//! Reading one spec file, YAML or JSON, into a `serde_json::Value`.

use super::LoadError;
use serde_json::Value;
use std::path::Path;

/// Reads `path` as JSON when it ends in `.json` and as YAML otherwise.
/// YAML is read straight into JSON values; only a document that does not
/// fit (a key that is not a string) goes through `serde_yaml::Value`.
pub fn read(path: &Path) -> Result<Value, LoadError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| LoadError::Read { file: path.to_path_buf(), source })?;
    if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json")) {
        serde_json::from_str(&text)
            .map_err(|err| LoadError::Json { file: path.to_path_buf(), message: err.to_string() })
    } else if let Ok(value) = serde_yaml::from_str::<Value>(&text) {
        Ok(value)
    } else {
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
            .map_err(|err| LoadError::Yaml { file: path.to_path_buf(), message: err.to_string() })?;
        yaml_to_json(yaml)
            .map_err(|message| LoadError::Yaml { file: path.to_path_buf(), message })
    }
}

/// YAML allows keys that JSON does not (an unquoted `200:` is a number);
/// OpenAPI means them as strings, so scalar keys are turned into strings.
fn yaml_to_json(value: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number_to_json(&n)?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut object = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                object.insert(key_to_string(key)?, yaml_to_json(value)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

fn number_to_json(n: &serde_yaml::Number) -> Result<Value, String> {
    if let Some(i) = n.as_i64() {
        Ok(Value::from(i))
    } else if let Some(u) = n.as_u64() {
        Ok(Value::from(u))
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| format!("the number `{n}` has no JSON form"))
    }
}

fn key_to_string(key: serde_yaml::Value) -> Result<String, String> {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => Ok(s),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Number(n) => Ok(n.to_string()),
        Y::Null => Ok("null".to_owned()),
        other => Err(format!("a mapping key must be a scalar, found {other:?}")),
    }
}
