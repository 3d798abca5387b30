//! Reading one spec file, YAML or JSON, into a `serde_json::Value`: only
//! regular files, of bounded size, with no key given twice in an object.

use super::error::LoadError;
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest spec file read; the largest real spec known is about 2 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as JSON when it ends in `.json` and as YAML otherwise. A
/// device, a pipe or a directory is refused before it is opened, and a
/// file larger than [`MAX_FILE_BYTES`] is refused however it grows.
pub fn read(path: &Path) -> Result<Value, LoadError> {
    let text = read_text(path)?;
    if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json")) {
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        match StrictValue.deserialize(&mut deserializer).and_then(|value| deserializer.end().map(|()| value)) {
            Ok(value) => Ok(value),
            // serde_json has no form for a number past `f64` (`1e400`); JSON
            // is YAML's flow syntax, and the YAML reader takes it.
            Err(err) if err.to_string().starts_with("number out of range") => {
                read_yaml(&text).map_err(|_| LoadError::Json { file: path.to_path_buf(), message: err.to_string() })
            }
            Err(err) => Err(LoadError::Json { file: path.to_path_buf(), message: err.to_string() }),
        }
    } else if let Some(line) = super::depth::too_deep(&text) {
        let message = format!("flow collections nest deeper than {} levels at line {line}", super::depth::MAX_DEPTH);
        Err(LoadError::Yaml { file: path.to_path_buf(), message })
    } else {
        read_yaml(&text).map_err(|err| LoadError::Yaml { file: path.to_path_buf(), message: err.to_string() })
    }
}

fn read_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    StrictValue.deserialize(serde_yaml::Deserializer::from_str(text))
}

fn read_text(path: &Path) -> Result<String, LoadError> {
    let read_error = |source| LoadError::Read { file: path.to_path_buf(), source };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    if !metadata.is_file() {
        return Err(LoadError::NotAFile { file: path.to_path_buf() });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file: path.to_path_buf(), limit: MAX_FILE_BYTES });
    }
    let mut text = String::new();
    std::fs::File::open(path).and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)).map_err(read_error)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file: path.to_path_buf(), limit: MAX_FILE_BYTES });
    }
    // A byte-order mark (what editors on Windows write) is not content.
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        text = rest.to_owned();
    }
    Ok(text)
}

/// A JSON value read from JSON or YAML, refusing a key that an object
/// gives twice (both parsers would keep the last, and an operation would
/// vanish without a word). YAML keys that are numbers or booleans (an
/// unquoted `200:`) are taken as the strings OpenAPI means.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    /// An integer past 64 bits is read as the nearest `f64`, as JavaScript
    /// reads it (the spec may have been written by it).
    fn visit_i128<E: Error>(self, value: i128) -> Result<Value, E> {
        Ok(i64::try_from(value).map_or_else(|_| number(value as f64), Value::from))
    }

    fn visit_u128<E: Error>(self, value: u128) -> Result<Value, E> {
        Ok(u64::try_from(value).map_or_else(|_| number(value as f64), Value::from))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Value, E> {
        if value.is_nan() {
            return Err(E::custom("`.nan` is not a number JSON has"));
        }
        Ok(number(value))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(items.size_hint().unwrap_or(0).min(1024));
        while let Some(value) = items.next_element_seed(StrictValue)? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = entries.next_key_seed(Key)? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format_args!("the key `{}` is given twice", excerpt(&key))));
            }
            let value = entries.next_value_seed(StrictValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// `value` as a JSON number; past `f64`'s range (`1e400`, which YAML reads
/// as infinite) the largest finite `f64` of its sign, which is past what
/// any Rust number type holds too.
fn number(value: f64) -> Value {
    let finite = if value.is_infinite() { f64::MAX.copysign(value) } else { value };
    Number::from_f64(finite).map_or(Value::Null, Value::Number)
}

/// An object key: a string, or a YAML scalar taken as one.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean key")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_unit<E: Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

/// `text` cut to a short excerpt for an error message: a file's content
/// is never quoted whole.
pub fn excerpt(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
