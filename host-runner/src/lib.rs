//! The host runner: loads connector plugins, owns threads, HTTP connections and the
//! per-account concurrency budget, and runs integration processes.
//!
//! - [`plugin`]: load connector libraries (a file or a directory), every failure one line;
//! - [`host`]: assemble the [`HostServices`](connector_api::HostServices) for a connector;
//! - [`log_sink`]: connector log records as host `tracing` events;
//! - [`transport`]: the HTTP transport with per-key concurrency permits;
//! - [`conformance_host`]: the host side of the conformance harness.

pub mod conformance_host;
pub mod host;
pub mod log_sink;
pub mod plugin;
pub mod transport;
