//! Plugin loading, the conformance harness and the CLI, against real libraries.
//!
//! One test binary mounting topic files. The libraries come from the target directory (see
//! `support`), built before the first test that needs them.

mod support;

#[path = "plugins/cli.rs"]
mod cli;
#[path = "plugins/harness.rs"]
mod harness;
#[path = "plugins/loading.rs"]
mod loading;
#[path = "plugins/panic.rs"]
mod panic;
#[path = "plugins/secrets.rs"]
mod secrets;
