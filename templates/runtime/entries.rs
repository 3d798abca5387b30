//! Encoding a model's fields by name, for the generated models' `Serialize`
//! impls: one statement a field, with no early return in the generated
//! code, so a model's impl is small to type-check and the work is shared
//! here.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// An object being written, entry by entry. The first entry that fails is
/// remembered and the rest skipped; [`end`](Self::end) reports it.
pub struct Entries<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> fmt::Debug for Entries<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries").field("failed", &self.error.is_some()).finish_non_exhaustive()
    }
}

impl<M: SerializeMap> Entries<M> {
    /// Starts an object of as yet unknown length.
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(serializer: S) -> Result<Self, S::Error> {
        Ok(Self { map: serializer.serialize_map(None)?, error: None })
    }

    /// Writes `value` under `key`.
    pub fn required<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// Writes the value under `key` if there is one; `None` leaves the key
    /// out (a nullable field's `Some(None)` is written as `null`).
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// Writes each of `rest`, the properties beyond the named fields.
    pub fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) {
        for (key, value) in rest {
            self.required(key, value);
        }
    }

    /// Ends the object, or reports the first entry that failed.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
