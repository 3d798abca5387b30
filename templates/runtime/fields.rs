//! Decoding an object's fields by name, for the generated models'
//! `Deserialize` impls. A derived
//! `Deserialize` is a state machine per struct, the largest part of a
//! generated crate's compile time; this is one small function per struct,
//! with the work shared here and in `serde_json`, each field's type decoded
//! by the same code wherever it appears.

use serde::de::{DeserializeOwned, Error, MapAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// An object's fields, taken out by name as a struct is decoded; what is
/// left when every named field is taken are the properties the spec does
/// not name. The first optional field that does not decode is remembered,
/// and reported by [`finish`](Self::finish), so reading one cannot fail.
#[derive(Debug)]
pub struct Fields {
    entries: Vec<(String, Value)>,
    error: Option<serde_json::Error>,
}

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Fields { entries, error: None })
    }
}

impl Fields {
    /// Takes the field `name` out, if it is there.
    fn take(&mut self, name: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(key, _)| key == name)?;
        Some(self.entries.swap_remove(at).1)
    }

    /// Decodes `value` as `T`, remembering the first failure (named after
    /// the field, so a nested one reads as a path: `child: label: ...`).
    fn decode<T: DeserializeOwned>(&mut self, name: &str, value: Value) -> Option<T> {
        match serde_json::from_value(value) {
            Ok(decoded) => Some(decoded),
            Err(error) => {
                if self.error.is_none() {
                    self.error = Some(named(name, error));
                }
                None
            }
        }
    }

    /// A field that must be there and not `null`.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, serde_json::Error> {
        match self.take(name) {
            Some(value) => serde_json::from_value(value).map_err(|error| named(name, error)),
            None => Err(serde_json::Error::missing_field(name)),
        }
    }

    /// A field that may be missing or `null`: both are `None`.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &'static str) -> Option<T> {
        match self.take(name)? {
            Value::Null => None,
            value => self.decode(name, value),
        }
    }

    /// A field that may be missing (`None`) or `null` (`Some(None)`).
    pub fn nullable<T: DeserializeOwned>(&mut self, name: &'static str) -> Option<Option<T>> {
        match self.take(name)? {
            Value::Null => Some(None),
            value => Some(self.decode(name, value)),
        }
    }

    /// The fields no name took.
    pub fn rest<T: DeserializeOwned>(&mut self) -> BTreeMap<String, T> {
        let mut rest = BTreeMap::new();
        for (name, value) in std::mem::take(&mut self.entries) {
            if let Some(value) = self.decode(&name, value) {
                rest.insert(name, value);
            }
        }
        rest
    }

    /// `value` when every field decoded, or the first failure.
    pub fn finish<T>(self, value: T) -> Result<T, serde_json::Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }
}

/// `error`, saying which field it is about.
fn named(name: &str, error: serde_json::Error) -> serde_json::Error {
    serde_json::Error::custom(format_args!("{name}: {error}"))
}
