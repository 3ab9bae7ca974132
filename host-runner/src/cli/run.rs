//! `host-runner run <PROCESS FILE>`: run a process and print its summary.

use std::process::ExitCode;

use host_runner::log_sink::HostLogSink;
use host_runner::plan::{Overrides, Plan};
use host_runner::{interrupt, RunControl, RunError};

use super::RunArgs;

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
    let mut plan = match Plan::from_process_file(&args.process_file, &overrides) {
        Ok(plan) => plan,
        Err(e) => return Ok(cannot_run(&e)),
    };
    plan.open.connectors = args.connectors;
    plan.open.transport = args.transport.config()?;
    plan.open.log_level = HostLogSink::from_host_filter().level();
    plan.progress = args.progress;
    plan.progress_interval = std::time::Duration::from_secs(args.progress_interval.max(1));
    plan.resume = args.resume;

    let control = RunControl::new();
    let grace = std::time::Duration::from_secs(args.grace_period);
    if let Err(e) = interrupt::install_signals(control.clone(), grace) {
        tracing::warn!(error = %e, "signal handling could not be installed");
    }
    match host_runner::run(&plan, &control) {
        Ok(report) => {
            eprint!("{report}");
            Ok(ExitCode::from(report.exit_code()))
        }
        Err(e) => Ok(cannot_run(&e)),
    }
}

/// Prints every line of the error with the program's name and returns exit code 2.
pub(crate) fn cannot_run(error: &RunError) -> ExitCode {
    for line in error.to_string().lines() {
        eprintln!("host-runner: {line}");
    }
    ExitCode::from(error.exit_code())
}
