//! `host-runner validate <PROCESS FILE>`: check a process without sending anything.

use std::process::ExitCode;

use host_runner::log_sink::HostLogSink;
use host_runner::plan::{Overrides, Plan};

use super::run::cannot_run;
use super::ValidateArgs;

pub(crate) fn run(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        input: args.input,
        params: host_runner::process_file::Params::new(args.params),
        ..Overrides::default()
    };
    let mut plan = match Plan::from_process_file(&args.process_file, &overrides) {
        Ok(plan) => plan,
        Err(e) => return Ok(cannot_run(&e)),
    };
    plan.open.connectors = args.connectors;
    plan.open.log_level = HostLogSink::from_host_filter().level();
    let validation = match host_runner::validate::validate(&plan, args.show_request) {
        Ok(v) => v,
        Err(e) => return Ok(cannot_run(&e)),
    };
    if let Some(request) = &validation.first_request {
        println!("{request}");
    }
    for problem in &validation.problems {
        eprintln!("host-runner: {}: {problem}", args.process_file.display());
    }
    let report = &validation.report;
    let documents = validation.documents;
    let plural = if documents == 1 { "" } else { "s" };
    if validation.problems.is_empty() {
        eprintln!(
            "host-runner: {} is valid: {} with {}; {documents} input document{plural} checked; \
             nothing was sent",
            args.process_file.display(),
            report.operation,
            report.connector,
        );
    } else {
        let bad = validation.problems.len();
        eprintln!(
            "host-runner: {}: {bad} of {documents} input document{plural} would not pass; \
             nothing was sent",
            args.process_file.display(),
        );
    }
    Ok(ExitCode::from(validation.exit_code()))
}
