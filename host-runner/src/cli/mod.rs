//! What the user typed: the subcommands and their options (clap derive), and the dispatch.
//!
//! To add a subcommand: a variant in [`Command`] with its `Args` struct, a file in this
//! folder with `pub(crate) fn run(args) -> anyhow::Result<ExitCode>`, and one arm in [`run`].

mod conformance;
mod connectors;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Everything went as asked.
pub(crate) const EXIT_OK: u8 = 0;
/// The command ran, but something it checked failed (e.g. a conformance check).
pub(crate) const EXIT_FAILED: u8 = 1;
/// The command could not run: bad arguments, no loadable connector, unreadable files.
pub(crate) const EXIT_CANNOT_RUN: u8 = 2;

const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  ran, but some checks failed
  2  could not run (bad arguments, no loadable connector, unreadable files)

Logs go to stderr; set RUST_LOG to filter them (e.g. RUST_LOG=connector=debug).";

/// Loads connector plugins and runs integration processes.
#[derive(Debug, Parser)]
#[command(name = "host-runner", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// List the connectors in a library file or a directory: name, version, operations.
    ///
    /// Each library that fails to load is reported on its own line on stderr. Exits 2 when
    /// nothing loaded.
    Connectors(ConnectorsArgs),
    /// Check a connector library against the conformance harness.
    ///
    /// Prints each check as PASS, FAIL or SKIP with a reason. Exits 0 only when no check
    /// failed, 1 when some did, 2 when the harness could not run.
    Conformance(ConformanceArgs),
}

/// Options of `connectors`.
#[derive(Debug, Args)]
struct ConnectorsArgs {
    /// A connector library, or a directory whose *.so / *.dylib / *.dll files are loaded.
    /// Default: the directory holding the host-runner executable (where cargo puts the
    /// connector libraries it builds).
    path: Option<PathBuf>,
}

/// Options of `conformance`.
#[derive(Debug, Args)]
struct ConformanceArgs {
    /// The connector library to check.
    library: PathBuf,

    /// The connector's conformance profile (JSON; see tests/fixtures/README.md).
    #[arg(long, value_name = "PROFILE")]
    profile: PathBuf,

    /// A value for a `{{NAME}}` placeholder in the profile, as NAME=VALUE (repeatable), e.g.
    /// --set SIM_URL=http://127.0.0.1:8080.
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_substitution)]
    substitutions: Vec<(String, String)>,

    /// An extra trusted root certificate (PEM file) for the transport, e.g. the simulator's
    /// self-signed certificate (repeatable).
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,

    /// Allow plain http:// to hosts other than loopback (off: requests carry credentials).
    #[arg(long)]
    allow_plain_http: bool,
}

fn parse_substitution(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

/// Runs the chosen subcommand.
///
/// # Errors
///
/// When the command could not run at all (exit code 2).
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Connectors(args) => connectors::run(args),
        Command::Conformance(args) => conformance::run(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn substitutions_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_substitution("URL=http://x/?a=b"),
            Ok(("URL".to_string(), "http://x/?a=b".to_string()))
        );
        assert!(parse_substitution("=x").is_err());
        assert!(parse_substitution("novalue").is_err());
    }
}
