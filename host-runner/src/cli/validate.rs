//! `host-runner validate <PROCESS FILE>`: check a process without sending anything.

use std::process::ExitCode;

use host_runner::exec_log;
use host_runner::log_sink::HostLogSink;
use host_runner::plan::{Overrides, Plan};
use serde_json::Map;
use tracing::Level;

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
    let file = args.process_file.display().to_string();
    for problem in &validation.problems {
        let mut fields = Map::new();
        fields.insert("file".into(), file.clone().into());
        fields.insert("input".into(), problem.input.into());
        fields.insert("outcome".into(), problem.outcome.clone().into());
        fields.insert("code".into(), problem.code.clone().into());
        let text = format!("{file}: {problem}");
        let line = if exec_log::is_json() {
            problem.to_string()
        } else {
            format!("host-runner: {text}")
        };
        exec_log::host_line(Level::ERROR, "host_runner::validate", &line, fields);
    }
    let documents = validation.documents;
    let plural = if documents == 1 { "" } else { "s" };
    let report = &validation.report;
    let text = if validation.problems.is_empty() {
        format!(
            "{file} is valid: {} with {}; {documents} input document{plural} checked; nothing \
             was sent",
            report.operation, report.connector,
        )
    } else {
        format!(
            "{file}: {} of {documents} input document{plural} would not pass; nothing was sent",
            validation.problems.len()
        )
    };
    let mut fields = Map::new();
    fields.insert("file".into(), file.into());
    fields.insert("documents".into(), documents.into());
    fields.insert("problems".into(), validation.problems.len().into());
    fields.insert("exit_code".into(), validation.exit_code().into());
    let line = if exec_log::is_json() {
        text
    } else {
        format!("host-runner: {text}")
    };
    let level = if validation.problems.is_empty() {
        Level::INFO
    } else {
        Level::ERROR
    };
    exec_log::host_line(level, "host_runner::validate", &line, fields);
    Ok(ExitCode::from(validation.exit_code()))
}
