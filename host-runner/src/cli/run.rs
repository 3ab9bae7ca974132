//! `host-runner run <PROCESS FILE>`: run a process, print its summary and, with `--report`,
//! write the run report as JSON.

use std::path::Path;
use std::process::ExitCode;

use connector_api::LogLevel;
use host_runner::exec_log;
use host_runner::log_sink::HostLogSink;
use host_runner::plan::{Overrides, Plan};
use host_runner::{interrupt, RunControl, RunError, RunOptions};
use serde_json::{json, Map, Value};
use tracing::Level;

use super::{run_cluster, RunArgs};

pub(crate) fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        units: args.units,
        batch_size: args.batch_size,
        individually: args.individually,
        input: args.input,
        output: args.output,
        failed: args.failed,
        max_line_bytes: args.max_line_bytes,
        params: host_runner::process_file::Params::new(args.params),
    };
    let report_file = args.report;
    let mut plan = match Plan::from_process_file(&args.process_file, &overrides) {
        Ok(plan) => plan,
        Err(e) => return Ok(could_not_run(&e, report_file.as_deref())),
    };
    plan.open.connectors = args.connectors;
    plan.open.transport = args.transport.config()?;
    // At least info: a query's pages and the requests count towards progress and the report
    // whatever the log shows (the log filters what it shows itself).
    plan.open.log_level = HostLogSink::from_host_filter().level().min(LogLevel::Info);
    plan.progress = args.progress;
    plan.progress_interval = std::time::Duration::from_secs(args.progress_interval.max(1));
    plan.resume = args.resume;
    let joined = match run_cluster::Joined::start(&args.cluster, plan.flow.units) {
        Ok(joined) => joined,
        Err(e) => {
            let error = RunError::Setup(e.to_string());
            return Ok(could_not_run(&error, report_file.as_deref()));
        }
    };
    plan.open.transport.cluster = joined.as_ref().map(run_cluster::Joined::budget);

    let control = RunControl::new();
    let grace = std::time::Duration::from_secs(args.grace_period);
    if let Err(e) = interrupt::install_signals(control.clone(), grace) {
        tracing::warn!(error = %e, "signal handling could not be installed");
    }
    let options = RunOptions {
        failed_format: args.failed_format,
    };
    let result = host_runner::run_with(&plan, &control, &options);
    // Before the summary: the budget's permits go back (and other nodes' waiters wake) at once.
    drop(plan);
    if let Some(joined) = joined {
        joined.leave();
    }
    match result {
        Ok(report) => {
            report.print_summary();
            let mut code = report.exit_code();
            if let Some(path) = &report_file {
                if let Err(e) = write_report(path, &report.to_json()) {
                    say_error(&e);
                    code = code.max(host_runner::error::EXIT_CANNOT_RUN);
                }
            }
            Ok(ExitCode::from(code))
        }
        Err(e) => Ok(could_not_run(&e, report_file.as_deref())),
    }
}

/// [`cannot_run`], and the report of a run that could not start when one is asked for.
fn could_not_run(error: &RunError, report: Option<&Path>) -> ExitCode {
    let code = cannot_run(error);
    if let Some(path) = report {
        let errors: Vec<String> = error.to_string().lines().map(str::to_string).collect();
        let json = json!({
            "status": "could not run",
            "exit_code": error.exit_code(),
            "errors": { "setup": errors },
        });
        if let Err(e) = write_report(path, &json) {
            say_error(&e);
        }
    }
    code
}

/// Writes `report` to `path` through a temporary file renamed over it, so a monitoring system
/// never reads half a report.
fn write_report(path: &Path, report: &Value) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write the report {}: {e}", path.display());
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    let temporary = path.with_extension("json.partial");
    std::fs::write(&temporary, text).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(fail)
}

/// Prints every line of the error with the program's name (in json mode: one object per
/// line; a configuration problem with its `file`, `line`, `column`, `field` and `message`)
/// and returns exit code 2.
pub(crate) fn cannot_run(error: &RunError) -> ExitCode {
    match error {
        RunError::Config(problems) if exec_log::is_json() => {
            for problem in problems {
                let mut fields = Map::new();
                fields.insert("file".into(), problem.file.display().to_string().into());
                if let Some(p) = problem.position {
                    fields.insert("line".into(), p.line.into());
                    fields.insert("column".into(), p.column.into());
                }
                if let Some(field) = &problem.field {
                    fields.insert("field".into(), field.as_str().into());
                }
                exec_log::host_line(
                    Level::ERROR,
                    "host_runner::config",
                    &problem.message,
                    fields,
                );
            }
        }
        _ => {
            for line in error.to_string().lines() {
                say_error(line);
            }
        }
    }
    ExitCode::from(error.exit_code())
}

/// `host-runner: <line>` on stderr, or in json mode `{"level":"ERROR","message":<line>,…}`.
pub(crate) fn say_error(line: &str) {
    let text = format!("host-runner: {line}");
    let message = if exec_log::is_json() { line } else { &text };
    exec_log::host_line(Level::ERROR, "host_runner", message, Map::new());
}
