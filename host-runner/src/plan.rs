//! A validated run plan: the process file read and checked, with the command line's
//! overrides applied and every path resolved. What [`run`](crate::run) executes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::connect::OpenOptions;
use crate::error::RunError;
use crate::process_file::{
    self, ConnectionSpec, FlowSettings, InputSpec, OutputSpec, Params, SettingsOrigin,
};
use crate::progress::ProgressMode;
use crate::state::StateSpec;

/// Everything a run needs.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The process's name (shown in the summary).
    pub name: String,
    /// The connection.
    pub connection: ConnectionSpec,
    /// Operation settings (JSON object with `action`).
    pub operation: Value,
    /// Where the operation settings came from (to locate the connector's field errors).
    pub operation_origin: SettingsOrigin,
    /// Input.
    pub input: InputSpec,
    /// Output.
    pub output: OutputSpec,
    /// Where to copy the input lines of documents that did not succeed.
    pub failed: Option<PathBuf>,
    /// Flow control.
    pub flow: FlowSettings,
    /// How to find and load the connector.
    pub open: OpenOptions,
    /// How progress is shown.
    pub progress: ProgressMode,
    /// Period of plain progress lines.
    pub progress_interval: Duration,
    /// Continue the run recorded in the output (`--resume`): skip inputs with an outcome,
    /// append to the output.
    pub resume: bool,
    /// The cursor state of an incremental process (`[state]`): saved when the run completes.
    pub state: Option<StateSpec>,
}

/// What the command line may change in a process file.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Units instead of `flow.units`.
    pub units: Option<u32>,
    /// Batch size instead of `flow.batch_size`.
    pub batch_size: Option<u32>,
    /// Run each document individually.
    pub individually: bool,
    /// Input instead of `input` (`-` for stdin), relative to the working directory.
    pub input: Option<String>,
    /// Output instead of `output` (`-` for stdout), relative to the working directory.
    pub output: Option<String>,
    /// Failed-documents file instead of `failed`.
    pub failed: Option<PathBuf>,
    /// The longest input line instead of `flow.max_line_bytes`.
    pub max_line_bytes: Option<u64>,
    /// Values of the process file's `${param.NAME}` placeholders (`--param NAME=VALUE`).
    pub params: Params,
}

impl Plan {
    /// Reads `path` and applies `overrides`.
    ///
    /// # Errors
    ///
    /// [`RunError::Config`] with every problem of the process or connection file.
    pub fn from_process_file(path: &Path, overrides: &Overrides) -> Result<Plan, RunError> {
        let file = process_file::load_process_file_with(path, &overrides.params)?;
        let mut flow = file.flow;
        if let Some(units) = overrides.units {
            flow.units = units;
        }
        if let Some(batch_size) = overrides.batch_size {
            flow.batch_size = batch_size;
        }
        if overrides.individually {
            flow.individually = true;
        }
        if let Some(limit) = overrides.max_line_bytes {
            flow.max_line_bytes = limit;
        }
        let input = match overrides.input.as_deref() {
            None => file.input,
            Some("-") => InputSpec::Stdin,
            Some(p) => InputSpec::File(PathBuf::from(p)),
        };
        let output = match overrides.output.as_deref() {
            None => file.output,
            Some("-") => OutputSpec::Stdout,
            Some(p) => OutputSpec::File(PathBuf::from(p)),
        };
        Ok(Plan {
            name: file.name,
            connection: file.connection,
            operation: file.operation,
            operation_origin: file.operation_origin,
            input,
            output,
            failed: overrides.failed.clone().or(file.failed),
            flow,
            open: OpenOptions::default(),
            progress: ProgressMode::Auto,
            progress_interval: Duration::from_secs(10),
            resume: false,
            state: file.state,
        })
    }
}
