//! A SuiteTalk SOAP endpoint on loopback, for tests, benchmarks and demos.

pub mod faults;
pub(crate) mod ops;
pub mod store;
pub mod version;
