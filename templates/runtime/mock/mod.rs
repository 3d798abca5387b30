//! A local mock of the API, for testing code that uses this crate without
//! a server of the real API: typed expectations per operation, faults,
//! and a stateful fake of the API's collections. The generated `mock`
//! module adds a method per operation and per collection.

mod expect;
mod fake;
mod incoming;
mod reply;
mod server;
mod state;
mod store;

pub use expect::{Expectation, Expected, Mockable};
pub use fake::Resource;
pub use incoming::Incoming;
pub use reply::{Fault, Reply};
pub use server::{Api, MockServer};
pub use state::{Received, Report};
#[allow(unused_imports, reason = "named by the generated mock of an API with collections")]
pub use store::{ListSpec, ResourceSpec};
