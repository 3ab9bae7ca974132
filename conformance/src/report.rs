//! The harness's report: named checks, each PASS, FAIL or SKIP with a reason.

use std::fmt;
use std::path::PathBuf;

/// The verdict of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The connector does what the check asks.
    Pass,
    /// It does not; the reason says how.
    Fail,
    /// The check did not run (the profile has no case for it, or an earlier step failed).
    Skip,
}

impl Status {
    /// `PASS`, `FAIL` or `SKIP`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// One named check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Dotted name, e.g. `execute.one_outcome_each`.
    pub name: String,
    /// The verdict.
    pub status: Status,
    /// Why, in one line.
    pub reason: String,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:<34} {}",
            self.status.as_str(),
            self.name,
            self.reason
        )
    }
}

/// Every check run against one library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The library checked.
    pub library: PathBuf,
    /// The checks in the order they ran.
    pub checks: Vec<Check>,
}

impl Report {
    pub(crate) fn new(library: PathBuf) -> Report {
        Report {
            library,
            checks: Vec::new(),
        }
    }

    /// True when no check failed (skipped checks do not fail a report).
    pub fn passed(&self) -> bool {
        !self.checks.iter().any(|c| c.status == Status::Fail)
    }

    /// The check named `name`, if it ran.
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status == Status::Fail)
    }

    /// Counts of (passed, failed, skipped).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s| self.checks.iter().filter(|c| c.status == s).count();
        (
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Skip),
        )
    }

    pub(crate) fn record(&mut self, name: impl Into<String>, result: Result<String, String>) {
        let (status, reason) = match result {
            Ok(reason) => (Status::Pass, reason),
            Err(reason) => (Status::Fail, reason),
        };
        self.push(name, status, reason);
    }

    pub(crate) fn skip(&mut self, name: impl Into<String>, reason: impl Into<String>) {
        self.push(name, Status::Skip, reason.into());
    }

    fn push(&mut self, name: impl Into<String>, status: Status, reason: String) {
        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        self.checks.push(Check {
            name: name.into(),
            status,
            reason,
        });
    }
}

impl fmt::Display for Report {
    /// One line per check, then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            writeln!(f, "{check}")?;
        }
        let (pass, fail, skip) = self.counts();
        write!(
            f,
            "{pass} passed, {fail} failed, {skip} skipped: {}",
            self.library.display()
        )
    }
}
