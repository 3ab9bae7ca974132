//! `host-runner`: the command line over the host library.
//!
//! `main` only sets up logging, parses the arguments and maps the result to an exit code;
//! each subcommand lives in `cli/`. Exit codes: 0 ok, 1 ran but something failed (a
//! conformance check), 2 could not run (bad arguments, nothing loadable, unreadable files).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // Logs go to stderr so that stdout stays the command's output. RUST_LOG filters them
    // (`RUST_LOG=connector=debug` shows connector logs); the default shows warnings.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();

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
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("host-runner: {e:#}");
            ExitCode::from(cli::EXIT_CANNOT_RUN)
        }
    }
}
