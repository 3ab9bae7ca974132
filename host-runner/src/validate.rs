//! `host-runner validate`: a process checked as far as it can be without sending anything.
//!
//! The process file and its connection file (every mistake at once), the connector's checks of
//! the connection and operation settings (`configure`, `prepare`: record type, settings names
//! and values, with suggestions), the schema where it is at hand (a schema folder, or one
//! cached by an earlier run), and every input document through the connector's encoder. The
//! connector runs in dry-run mode (`HostConfig::dry_run`): where a run would send a request it
//! stops, and the document ends SUCCESS with code `DRY_RUN`. The outcomes go to a temporary
//! file, never to the process's output; the failed-documents file and the `[state]` file are
//! not touched.

use std::fs::File;
use std::io::{BufRead, BufReader};

use connector_payload::DRY_RUN;
use serde::Deserialize;

use crate::error::RunError;
use crate::interrupt::RunControl;
use crate::plan::Plan;
use crate::process_file::OutputSpec;
use crate::progress::ProgressMode;
use crate::report::RunReport;

/// What a dry run found.
#[derive(Debug)]
pub struct Validation {
    /// The dry run's report (counts per outcome).
    pub report: RunReport,
    /// Input documents checked.
    pub documents: u64,
    /// Every document that would not pass, in input order.
    pub problems: Vec<DocumentProblem>,
    /// The first request as it would be sent, credentials and signatures masked (when asked).
    pub first_request: Option<String>,
}

impl Validation {
    /// 0 when everything passed, 2 when a document has a mistake.
    pub fn exit_code(&self) -> u8 {
        if self.problems.is_empty() {
            crate::error::EXIT_OK
        } else {
            crate::error::EXIT_CANNOT_RUN
        }
    }
}

/// A document that would not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    /// Its input line.
    pub input: u64,
    /// Its outcome (`APPLICATION_ERROR`, `FAILURE`).
    pub outcome: String,
    /// The outcome's code.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "input line {}: {} {}: {}",
            self.input, self.outcome, self.code, self.message
        )
    }
}

/// Checks `plan` without sending anything; `show_request` keeps the first request built.
///
/// # Errors
///
/// As [`crate::run`] before anything runs: mistakes in the files or the settings (every one,
/// located), a connector that cannot be loaded, an input that cannot be opened.
pub fn validate(plan: &Plan, show_request: bool) -> Result<Validation, RunError> {
    let outcomes = tempfile::Builder::new()
        .prefix("host-runner-validate-")
        .suffix(".ndjson")
        .tempfile()
        .map_err(|e| RunError::Io {
            what: "cannot create a temporary file for the dry run's outcomes".into(),
            source: e,
        })?;
    let mut dry = plan.clone();
    dry.open.host_config.dry_run = true;
    dry.open.host_config.show_request = show_request;
    dry.output = OutputSpec::File(outcomes.path().to_path_buf());
    dry.failed = None;
    dry.resume = false;
    // A dry run outputs no records: the cursor state is read (for `${state.cursor}`), never
    // written.
    dry.state = None;
    dry.progress = ProgressMode::Off;
    let report = crate::run(&dry, &RunControl::new())?;

    let file = File::open(outcomes.path()).map_err(|e| RunError::Io {
        what: "cannot read the dry run's outcomes".into(),
        source: e,
    })?;
    let mut problems = Vec::new();
    let mut first_request = None;
    let mut documents = 0;
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| RunError::Io {
            what: "cannot read the dry run's outcomes".into(),
            source: e,
        })?;
        let Ok(outcome) = serde_json::from_str::<OutcomeLine>(&line) else {
            continue;
        };
        let Some(status) = outcome.outcome else {
            continue;
        };
        documents += 1;
        if first_request.is_none() {
            first_request = outcome
                .detail
                .as_ref()
                .and_then(|d| d.get("request"))
                .and_then(|r| r.as_str())
                .map(str::to_string);
        }
        let passed = status == "SUCCESS" || outcome.code == DRY_RUN;
        if !passed {
            problems.push(DocumentProblem {
                input: outcome.input,
                outcome: status,
                code: outcome.code,
                message: outcome.message,
            });
        }
    }
    problems.sort_by_key(|p| p.input);
    Ok(Validation {
        report,
        documents,
        problems,
        first_request,
    })
}

/// One line of the output, as far as a dry run reads it.
#[derive(Deserialize)]
struct OutcomeLine {
    input: u64,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    detail: Option<serde_json::Value>,
}
