//! `host-runner test-connection <CONNECTION FILE>`: the connector's step-by-step network
//! check (for NetSuite: data-center discovery, then one authenticated call), each step with
//! its outcome and duration.

use std::process::ExitCode;
use std::time::Duration;

use connector_api::Cancellation;
use connector_payload::{StepStatus, TestReport};
use host_runner::connect::{self, OpenOptions};
use host_runner::error::{EXIT_FAILED, EXIT_OK};
use host_runner::log_sink::HostLogSink;
use host_runner::process_file::load_connection_file;

use super::run::cannot_run;
use super::TestConnectionArgs;

pub(crate) fn run(args: TestConnectionArgs) -> anyhow::Result<ExitCode> {
    let spec = match load_connection_file(&args.connection_file) {
        Ok(spec) => spec,
        Err(e) => return Ok(cannot_run(&e)),
    };
    let options = OpenOptions {
        connectors: args.connectors,
        log_level: HostLogSink::from_host_filter().level(),
        transport: args.transport.config()?,
        ..OpenOptions::default()
    };
    let session = match connect::open(&spec, &options) {
        Ok(session) => session,
        Err(e) => return Ok(cannot_run(&e)),
    };
    println!(
        "Testing {} with {} {} ({})",
        args.connection_file.display(),
        session.connector.name(),
        session.connector.version(),
        session.connector.path.display()
    );
    if let Some(sim) = &session.embedded {
        println!(
            "  no account configured: using the embedded {} at {} (demo account {})",
            sim.name(),
            sim.url(),
            sim.account()
        );
    }
    let cancel = Cancellation::with_timeout(Duration::from_secs(args.timeout.max(1)));
    let text = match session.connection.test_connection(&cancel).into_result() {
        Ok(text) => text,
        Err(e) => {
            println!("FAILED: the connection test could not run: {}", e.message);
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let report: TestReport = match serde_json::from_str(&text) {
        Ok(report) => report,
        Err(e) => {
            println!("FAILED: the connector answered with a malformed report: {e}");
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    print!("{}", render(&report));
    if report.ok {
        println!("Connection OK: {}", session.info.summary);
        Ok(ExitCode::from(EXIT_OK))
    } else {
        let failed = report.steps.iter().find(|s| s.status == StepStatus::Failed);
        match failed {
            Some(step) => println!("Connection FAILED at \"{}\": {}", step.name, step.detail),
            None => println!("Connection FAILED"),
        }
        Ok(ExitCode::from(EXIT_FAILED))
    }
}

/// One line per step: `  PASS  <name>  <duration>  <detail>`.
fn render(report: &TestReport) -> String {
    let width = report.steps.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for step in &report.steps {
        let status = match step.status {
            StepStatus::Passed => "PASS",
            StepStatus::Failed => "FAIL",
            StepStatus::Skipped => "SKIP",
        };
        text.push_str(&format!(
            "  {status}  {:<width$}  {:>6} ms  {}\n",
            step.name, step.duration_ms, step.detail
        ));
    }
    text
}
