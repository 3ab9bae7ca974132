//! The host runner: loads connector plugins, owns threads, HTTP connections and the
//! per-account concurrency budget, and runs integration processes.
//!
//! - [`run()`]: run a [`Plan`] (a process file read by [`Plan::from_process_file`]) and get
//!   a [`RunReport`];
//! - [`process_file`]: process and connection files (TOML), errors at `file:line:column`;
//! - [`flow`]: units, batches, the one-outcome rule and the NDJSON output;
//! - [`connect`]: find and load the connector, configure a connection;
//! - [`state`]: the cursor of an incremental process (`[state]`), saved after complete runs;
//! - `embedded` (feature `embedded-demo`, on by default): the built-in simulator a connection
//!   that configures no account runs against ([`connect::EmbeddedSim`]);
//! - [`exec_log`], [`progress`], [`interrupt`]: what a user sees and how a run stops;
//! - [`plugin`]: load connector libraries (a file or a directory), every failure one line;
//! - [`host`]: assemble the [`HostServices`](connector_api::HostServices) for a connector;
//! - [`log_sink`]: connector log records as host `tracing` events;
//! - [`activity`]: what connectors report through their log (requests, retries, query
//!   totals, connection-test steps), read as they log it;
//! - [`transport`]: the HTTP transport with per-key concurrency permits;
//! - [`cluster`]: the runtime cluster on PostgreSQL (nodes, migrations, shared budgets);
//! - [`conformance_host`]: the host side of the conformance harness.

#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(unused_must_use)]

pub mod activity;
pub mod cluster;
pub mod conformance_host;
pub mod connect;
pub mod connector_path;
mod embedded;
pub mod error;
pub mod exec_log;
pub mod flow;
pub mod host;
pub mod interrupt;
pub mod log_sink;
pub mod plan;
pub mod plugin;
pub mod process_file;
pub mod progress;
pub mod report;
mod run;
mod settings_paths;
pub mod state;
pub mod transport;
pub mod validate;

pub use error::RunError;
pub use interrupt::RunControl;
pub use plan::{Overrides, Plan};
pub use report::RunReport;
pub use run::{run, run_with, RunOptions};
