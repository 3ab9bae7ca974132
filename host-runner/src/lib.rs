//! The host runner: loads connector plugins, owns threads, HTTP connections and the
//! per-account concurrency budget, and runs integration processes.

pub mod log_sink;
pub mod plugin;
pub mod transport;
