//! Running a plan: open the connection, prepare the operation, stream the input through the
//! flow into the output, and report.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::activity::Activity;
use crate::connect;
use crate::error::{RunError, EXIT_OK};
use crate::flow::{self, input::Lines, FailedFormat, Flow};
use crate::interrupt::RunControl;
use crate::plan::Plan;
use crate::process_file::{InputSpec, OutputSpec};
use crate::progress::{Counters, Progress};
use crate::report::{ClusterBudget, Resumed, RunFiles, RunReport};
use crate::state::{CursorWatch, RunEnd};

/// Output buffer: large enough for throughput, flushed whenever no result is waiting.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Runs `plan` to the end (or until `control` stops it) and reports what happened.
///
/// Per-document failures are outcomes in the output and counts in the report, not errors.
///
/// # Errors
///
/// When the run could not start: the connector cannot be loaded, the connection or operation
/// settings are refused (located in their file), the input cannot be opened or the output
/// cannot be created.
pub fn run(plan: &Plan, control: &RunControl) -> Result<RunReport, RunError> {
    run_with(plan, control, &RunOptions::default())
}

/// How a run writes what the process file does not say.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// What the failed-documents file holds (`--failed-format`).
    pub failed_format: FailedFormat,
}

/// [`run`] with `options`.
///
/// # Errors
///
/// As [`run`].
pub fn run_with(
    plan: &Plan,
    control: &RunControl,
    options: &RunOptions,
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc();
    let activity = Activity::now();
    check_paths(plan)?;
    if let InputSpec::File(path) = &plan.input {
        if path.is_dir() {
            return Err(RunError::Setup(format!(
                "the input {} is a folder: give an NDJSON file (`input` or --input; `-` reads \
                 standard input)",
                path.display()
            )));
        }
    }
    let resume = match (&plan.output, plan.resume) {
        (_, false) => None,
        (OutputSpec::File(path), true) => Some(Arc::new(flow::resume::prepare(path)?)),
        (OutputSpec::Stdout, true) => {
            return Err(RunError::Setup(
                "--resume continues from the output file: the process writes to standard \
                 output; set `output` (or --output) to a file"
                    .into(),
            ))
        }
    };
    let session = connect::open(&plan.connection, &plan.open)?;
    let operation = connect::prepare(&session, &plan.operation, &plan.operation_origin)?;

    if let Some(pool) = &session.info.pool {
        if plan.flow.units > pool.limit {
            tracing::info!(
                units = plan.flow.units,
                limit = pool.limit,
                pool = %pool.key,
                "more units than the connection's concurrent requests: units beyond the limit \
                 wait for a permit (raise max_concurrent_connections if the account allows more)"
            );
        }
    }

    let (lines, total_bytes, read_rest) = match &plan.input {
        InputSpec::None => (Lines::none(), None, true),
        InputSpec::Stdin => (
            Lines::reader(
                Box::new(BufReader::new(std::io::stdin())),
                plan.flow.max_line_bytes,
                resume.clone(),
            ),
            None,
            false,
        ),
        InputSpec::File(path) => {
            let file = File::open(path).map_err(|e| RunError::Io {
                what: format!("cannot open the input {}", path.display()),
                source: e,
            })?;
            let size = file.metadata().ok().map(|m| m.len());
            (
                Lines::reader(
                    Box::new(BufReader::with_capacity(OUTPUT_BUFFER, file)),
                    plan.flow.max_line_bytes,
                    resume.clone(),
                ),
                size,
                true,
            )
        }
    };
    let out: Box<dyn Write + Send> = match &plan.output {
        OutputSpec::Stdout => Box::new(BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout())),
        OutputSpec::File(path) => Box::new(BufWriter::with_capacity(
            OUTPUT_BUFFER,
            create(path, resume.is_some())?,
        )),
    };
    let failed: Option<Box<dyn Write + Send>> = match &plan.failed {
        None => None,
        // Resumed: written anew (the skipped inputs' lines first), see flow::resume.
        Some(path) => Some(Box::new(BufWriter::new(create(path, false)?))),
    };

    // The `[state]` cursor: the highest value of the output documents.
    let watch = plan.state.as_ref().map(|s| CursorWatch::new(&s.cursor));
    let observe = watch
        .as_ref()
        .map(|w| move |d: &connector_api::Document| w.observe(d));

    let counters = Arc::new(Counters::default());
    let progress = Progress::start(
        plan.progress,
        total_bytes,
        Arc::clone(&counters),
        plan.progress_interval,
    );
    let result = flow::run(
        Flow {
            operation: &operation,
            settings: plan.flow,
            control,
            counters,
            on_output: observe
                .as_ref()
                .map(|f| f as &(dyn Fn(&connector_api::Document) + Sync)),
            failed_format: options.failed_format,
        },
        lines,
        read_rest,
        out,
        failed,
    );
    progress.finish();

    let pool = session.info.pool.as_ref().and_then(|p| {
        session
            .transport
            .pool_stats(&p.key)
            .map(|stats| (p.key.clone(), stats))
    });
    let action = plan
        .operation
        .get("action")
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    let record_type = plan
        .operation
        .get("record_type")
        .and_then(|a| a.as_str())
        .unwrap_or("");
    let mut report = RunReport {
        name: plan.name.clone(),
        connector: format!(
            "{} {}",
            session.connector.name(),
            session.connector.version()
        ),
        operation: format!("{action} {record_type}").trim().to_string(),
        connection: session.info.summary.clone(),
        embedded: session.embedded.as_ref().map(|e| e.url().to_string()),
        embedded_name: session.embedded.as_ref().map(|e| e.name().to_string()),
        counts: result.counts,
        codes: result.codes,
        unwritten: result.unwritten,
        outputs: result.outputs,
        batches: result.batches,
        units: plan.flow.units,
        batch_size: plan.flow.effective_batch_size(),
        duration: started.elapsed(),
        interrupted: control.is_stopped()
            && result.output_error.is_none()
            && result.input_error.is_none(),
        signal: control.stop_signal(),
        resumed: resume.map(|r| Resumed {
            possibly_applied: result.possibly_applied,
            ..r.counts()
        }),
        unread_input: result.unread_input,
        input_error: result.input_error.map(|e| e.to_string()),
        output_error: result.output_error.map(|e| e.to_string()),
        cluster: plan
            .open
            .transport
            .cluster
            .as_ref()
            .map(|budget| ClusterBudget {
                database: budget.database(),
                limit: pool.as_ref().and_then(|(key, _)| budget.cluster_limit(key)),
            }),
        pool,
        activity: Activity::since(activity),
        files: RunFiles {
            output: match &plan.output {
                OutputSpec::File(path) => Some(path.clone()),
                OutputSpec::Stdout => None,
            },
            failed: plan.failed.clone(),
            failed_format: options.failed_format,
        },
        state: None,
    };
    // The state moves only when the run is complete: what exit code 0 means.
    if let (Some(state), Some(watch)) = (&plan.state, &watch) {
        report.state = Some(state.commit(
            watch,
            &RunEnd {
                complete: report.exit_code() == EXIT_OK,
                resumed: plan.resume,
                output: match &plan.output {
                    OutputSpec::File(path) => Some(path),
                    OutputSpec::Stdout => None,
                },
                started: started_at,
                process: &plan.name,
            },
        ));
    }
    Ok(report)
}

/// Refuses input, output and failed files that are the same file (also through symbolic
/// links or different spellings of one path).
fn check_paths(plan: &Plan) -> Result<(), RunError> {
    let mut files: Vec<(&str, &Path)> = Vec::new();
    if let InputSpec::File(path) = &plan.input {
        files.push(("input (`input` / --input)", path));
    }
    if let OutputSpec::File(path) = &plan.output {
        files.push(("output (`output` / --output)", path));
    }
    if let Some(path) = &plan.failed {
        files.push(("failed-documents file (`failed` / --failed)", path));
    }
    if let Some(state) = &plan.state {
        files.push(("state file (`[state] file`)", &state.file));
    }
    let canonical: Vec<(&str, PathBuf)> = files
        .into_iter()
        .map(|(role, path)| (role, canonical(path)))
        .collect();
    for (i, (first, a)) in canonical.iter().enumerate() {
        for (second, b) in &canonical[i + 1..] {
            if a == b {
                return Err(RunError::SamePath {
                    first: (*first).to_string(),
                    second: (*second).to_string(),
                    path: a.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The canonical form of `path`, which may not exist yet: its deepest existing ancestor made
/// canonical (symbolic links resolved), with the rest appended.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(p) = base.canonicalize() {
            return rest.iter().rev().fold(p, |p, name| p.join(name));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

fn create(path: &Path, append: bool) -> Result<File, RunError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| RunError::Io {
            what: format!("cannot create the folder {}", parent.display()),
            source: e,
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    if append {
        options.append(true).create(true);
    } else {
        options.write(true).create(true).truncate(true);
    }
    options.open(path).map_err(|e| RunError::Io {
        what: format!("cannot create {}", path.display()),
        source: e,
    })
}
