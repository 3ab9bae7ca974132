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

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are not errors; clap knows which is which.
            let _ = e.print();
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
            eprintln!("host-runner: {e}");
            return ExitCode::from(cli::EXIT_CANNOT_RUN);
        }
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("host-runner: {e:#}");
            ExitCode::from(cli::EXIT_CANNOT_RUN)
        }
    }
}
