//! Why a run could not happen, and the exit codes of every command.
//!
//! Per-document failures are not errors: they are outcomes, counted in the run's report.
//! Errors are for runs that could not start or could not go on: a process or connection file
//! with mistakes (each problem located at `file:line:column` with its field), a connector
//! that could not be found or loaded, unreadable input, unwritable output.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::process_file::spans::Position;

/// Exit code: everything succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code: the run finished, but some documents did not succeed (APPLICATION_ERROR or
/// FAILURE), or a connection test or conformance check failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: could not run: bad arguments, a process or connection file with mistakes, a
/// connector that cannot be loaded or configured, unreadable input or unwritable output.
pub const EXIT_CANNOT_RUN: u8 = 2;
/// Exit code: interrupted (Ctrl-C / SIGINT), as shells report a process ended by SIGINT
/// (128 + 2). Every document still has an outcome in the output. SIGTERM and SIGHUP give
/// their own codes ([`crate::interrupt::StopSignal::exit_code`]).
pub const EXIT_INTERRUPTED: u8 = 130;

/// One problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file at fault.
    pub file: PathBuf,
    /// Where in it, when known.
    pub position: Option<Position>,
    /// The field as a dotted path (`flow.units`, `settings.account`), when known.
    pub field: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ConfigProblem {
    /// A problem with the whole file (unreadable, no location).
    pub fn file(file: &Path, message: impl Into<String>) -> ConfigProblem {
        ConfigProblem {
            file: file.to_path_buf(),
            position: None,
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": ")?;
        if let Some(field) = self.field.as_deref().filter(|s| !s.is_empty()) {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a command could not run (exit code [`EXIT_CANNOT_RUN`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// A process or connection file (or an option) has mistakes; one line per problem.
    #[error("{}", join_lines(.0))]
    Config(Vec<ConfigProblem>),
    /// The connector library could not be found or loaded.
    #[error("{0}")]
    Connector(String),
    /// A file could not be read or written.
    #[error("{what}: {source}")]
    Io {
        /// What was being done (`cannot read input data/x.ndjson`).
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Something the host needs could not start (transport, embedded simulator).
    #[error("{0}")]
    Setup(String),
    /// Two of the run's files (input, output, failed) are the same file: running would
    /// overwrite one with the other.
    #[error(
        "the {first} and the {second} are the same file ({}): refusing to run, writing one \
         would destroy the other; give them different paths",
        .path.display()
    )]
    SamePath {
        /// The first file's role and key (`input (input / --input)`).
        first: String,
        /// The second file's role and key.
        second: String,
        /// The file, canonical.
        path: PathBuf,
    },
}

impl RunError {
    /// A single configuration problem.
    pub fn config(problem: ConfigProblem) -> RunError {
        RunError::Config(vec![problem])
    }

    /// The exit code for this error (always [`EXIT_CANNOT_RUN`] today).
    pub fn exit_code(&self) -> u8 {
        EXIT_CANNOT_RUN
    }
}

fn join_lines(problems: &[ConfigProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
