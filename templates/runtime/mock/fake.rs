//! A collection's records as a test sees them: the typed handle the
//! mock's collection methods give.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;
use super::state::Shared;
use super::store::{ResourceSpec, Store};

/// One of the API's collections, held in memory by the mock and served as
/// the service serves it: records listed page by page (`limit`, `offset`,
/// the total when asked), created with a new id, read, replaced and
/// deleted by id, 404 for an id it does not hold. Made by the
/// collection's method on [`MockServer`](super::MockServer); requests that no expectation
/// answers go to it.
pub struct Resource<'a, T> {
    pub(super) shared: &'a Shared,
    pub(super) spec: &'static ResourceSpec,
    pub(super) record: PhantomData<fn() -> T>,
}

impl<'a, T> Resource<'a, T> {
    pub(super) fn new(shared: &'a Shared, spec: &'static ResourceSpec) -> Self {
        Resource { shared, spec, record: PhantomData }
    }
}

impl<T> fmt::Debug for Resource<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resource").field("collection", &self.spec.collection).field("records", &self.len()).finish()
    }
}

impl<T> Resource<'_, T> {
    pub(super) fn with<R>(&self, action: impl FnOnce(&mut Store) -> R) -> R {
        let mut state = self.shared.lock();
        action(state.stores.entry(self.spec.collection).or_default())
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.with(|store| store.records.len())
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes every record.
    pub fn clear(&self) {
        self.with(|store| store.records.clear());
    }

    /// Adds the API description's examples of a record (an example with
    /// the id of an earlier one replaces it); returns the ids, each once.
    pub fn seed_examples(&self) -> Vec<String> {
        let spec = self.spec;
        let mut ids: Vec<String> = Vec::new();
        for example in spec.examples.iter().filter_map(|text| serde_json::from_str::<Value>(text).ok()) {
            let id = self.with(|store| store.insert(spec, example));
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

impl<T: Serialize + DeserializeOwned> Resource<'_, T> {
    /// Adds `record` (replacing one with its id); one without an id gets a
    /// new one. Returns the id.
    pub fn insert(&self, record: T) -> String {
        let value = serde_json::to_value(record).unwrap_or(Value::Null);
        let spec = self.spec;
        self.with(|store| store.insert(spec, value))
    }

    /// The record with `id`, if it holds one.
    pub fn get(&self, id: &str) -> Option<T> {
        let value = self.with(|store| store.position(id).map(|at| store.records[at].1.clone()))?;
        serde_json::from_value(value).ok()
    }

    /// Every record, in the order they were added.
    pub fn all(&self) -> Vec<T> {
        self.with(|store| store.records.iter().map(|(_, value)| value.clone()).collect::<Vec<_>>())
            .into_iter()
            .filter_map(|value| serde_json::from_value(value).ok())
            .collect()
    }
}
