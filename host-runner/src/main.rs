//! `host-runner`: the command line over the host library.
//!
//! `main` only sets up logging, parses the arguments and maps the result to an exit code;
//! each subcommand lives in `cli/`. Exit codes: 0 ok, 1 ran but something failed (documents
//! that did not succeed, a failed connection test or conformance check), 2 could not run (bad
//! arguments, files with mistakes, nothing loadable), 130/143/129 interrupted by SIGINT/SIGTERM/
//! SIGHUP (the run still ends through `main`, so destructors run).

#![warn(missing_debug_implementations, unreachable_pub)]
#![deny(unused_must_use)]

mod cli;

use std::process::ExitCode;

use clap::Parser;
use host_runner::exec_log::{self, LogFilter};
use serde_json::Map;
use tracing::Level;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are not errors; clap knows which is which.
            if e.use_stderr() && json_asked() {
                // The log is not set up yet: the arguments did not parse.
                for line in e
                    .render()
                    .to_string()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                {
                    eprint!(
                        "{}",
                        exec_log::json_message(Level::ERROR, "host_runner", line)
                    );
                }
            } else {
                let _ = e.print();
            }
            return if e.use_stderr() {
                ExitCode::from(cli::EXIT_CANNOT_RUN)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Logs go to stderr so that stdout stays the command's output.
    match LogFilter::from_option_or_env(args.log_level.as_deref()) {
        Ok(filter) => exec_log::install(args.log_format, filter),
        Err(e) => {
            exec_log::install(
                args.log_format,
                LogFilter::parse("off").expect("off parses"),
            );
            say_error(&e);
            return ExitCode::from(cli::EXIT_CANNOT_RUN);
        }
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            say_error(&format!("{e:#}"));
            ExitCode::from(cli::EXIT_CANNOT_RUN)
        }
    }
}

/// `host-runner: <message>`, or one JSON object with `--log-format json`.
fn say_error(message: &str) {
    let text = format!("host-runner: {message}");
    let shown = if exec_log::is_json() { message } else { &text };
    exec_log::host_line(Level::ERROR, "host_runner", shown, Map::new());
}

/// `--log-format json` (or `=json`) among the arguments, for errors before they parse.
fn json_asked() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .any(|w| w[0] == "--log-format" && w[1] == "json")
        || args.iter().any(|a| a == "--log-format=json")
}
