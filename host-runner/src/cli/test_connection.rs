//! `host-runner test-connection <CONNECTION FILE>`: the connector's step-by-step network
//! check (for NetSuite: data-center discovery, then one authenticated call), each step with
//! its outcome and duration, printed as it ends.
//!
//! The connector returns its whole report at the end of the call (the frozen ABI has no
//! other way back), but it also logs each step as it ends (an event with a `test_step` field,
//! see [`host_runner::activity`]): those events print the steps as they happen, and the
//! report at the end prints whatever was not streamed (a connector that does not log its
//! steps gets all of them at the end). `--json` prints one JSON object on stdout instead; with
//! `--log-format json` every step is also a JSON object on stderr.

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use connector_api::{Cancellation, LogLevel};
use connector_payload::{StepStatus, TestReport, TestStep};
use host_runner::activity;
use host_runner::connect::{self, OpenOptions};
use host_runner::error::{EXIT_FAILED, EXIT_OK};
use host_runner::exec_log;
use host_runner::log_sink::HostLogSink;
use host_runner::process_file::load_connection_file;
use serde_json::{json, Map, Value};
use tracing::Level;

use super::run::cannot_run;
use super::TestConnectionArgs;

/// Width of the step names in text (NetSuite's longest is 41 characters).
const NAME_WIDTH: usize = 44;

pub(crate) fn run(args: TestConnectionArgs) -> anyhow::Result<ExitCode> {
    let spec = match load_connection_file(&args.connection_file) {
        Ok(spec) => spec,
        Err(e) => return Ok(cannot_run(&e)),
    };
    let options = OpenOptions {
        connectors: args.connectors,
        // At least info: the connector's step events stream the steps.
        log_level: HostLogSink::from_host_filter().level().min(LogLevel::Info),
        transport: args.transport.config()?,
        ..OpenOptions::default()
    };
    let session = match connect::open(&spec, &options) {
        Ok(session) => session,
        Err(e) => return Ok(cannot_run(&e)),
    };
    let text = !args.json;
    let mut header = format!(
        "Testing {} with {} {} ({})",
        args.connection_file.display(),
        session.connector.name(),
        session.connector.version(),
        session.connector.path.display()
    );
    if let Some(sim) = &session.embedded {
        header.push_str(&format!(
            "\n  no account configured: using the embedded {} at {} (demo account {})",
            sim.name(),
            sim.url(),
            sim.account()
        ));
    }
    if text {
        println!("{header}");
    }
    let shown = Arc::new(AtomicUsize::new(0));
    {
        let shown = Arc::clone(&shown);
        activity::set_step_listener(move |fields| {
            if let Ok(step) = serde_json::from_value::<TestStep>(step_of(fields)) {
                show(&step, text);
                shown.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    let cancel = Cancellation::with_timeout(Duration::from_secs(args.timeout.max(1)));
    let answer = session.connection.test_connection(&cancel).into_result();
    activity::clear_step_listener();
    let result = match answer {
        Ok(text) => serde_json::from_str::<TestReport>(&text)
            .map_err(|e| format!("the connector answered with a malformed report: {e}")),
        Err(e) => Err(format!("the connection test could not run: {}", e.message)),
    };
    let report = match result {
        Ok(report) => report,
        Err(message) => {
            if text {
                println!("FAILED: {message}");
            } else {
                println!("{}", json!({ "ok": false, "error": message, "steps": [] }));
            }
            exec_log::host_line(
                Level::ERROR,
                "host_runner::test_connection",
                &message,
                Map::new(),
            );
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    // Steps the connector did not stream come now.
    for step in report.steps.iter().skip(shown.load(Ordering::SeqCst)) {
        show(step, text);
    }
    let failed = report.steps.iter().find(|s| s.status == StepStatus::Failed);
    let verdict = match (report.ok, failed) {
        (true, _) => format!("Connection OK: {}", session.info.summary),
        (false, Some(step)) => format!("Connection FAILED at \"{}\": {}", step.name, step.detail),
        (false, None) => "Connection FAILED".to_string(),
    };
    if text {
        println!("{verdict}");
    } else {
        let json = json!({
            "ok": report.ok,
            "connection_file": args.connection_file.display().to_string(),
            "connector": session.connector.name(),
            "version": session.connector.version(),
            "library": session.connector.path.display().to_string(),
            "embedded": session.embedded.as_ref().map(|sim| sim.url().to_string()),
            "connection": session.info.summary,
            "steps": report.steps,
            "message": verdict,
        });
        println!("{json}");
    }
    if exec_log::is_json() {
        let level = if report.ok { Level::INFO } else { Level::WARN };
        let mut fields = Map::new();
        fields.insert("ok".into(), report.ok.into());
        exec_log::host_line(level, "host_runner::test_connection", &verdict, fields);
    }
    Ok(ExitCode::from(if report.ok {
        EXIT_OK
    } else {
        EXIT_FAILED
    }))
}

/// A step event's fields as the report's step (`test_step` is its name).
fn step_of(fields: &Value) -> Value {
    json!({
        "name": fields.get("test_step").cloned().unwrap_or_default(),
        "status": fields.get("status").cloned().unwrap_or_default(),
        "duration_ms": fields.get("duration_ms").cloned().unwrap_or(Value::from(0)),
        "detail": fields.get("detail").cloned().unwrap_or_default(),
    })
}

/// One step: a line on stdout in text (`  PASS  <name>  <duration>  <detail>`), and an object
/// on stderr in json log mode.
fn show(step: &TestStep, text: bool) {
    let status = match step.status {
        StepStatus::Passed => "PASS",
        StepStatus::Failed => "FAIL",
        StepStatus::Skipped => "SKIP",
    };
    if text {
        println!(
            "  {status}  {:<NAME_WIDTH$}  {:>6} ms  {}",
            step.name, step.duration_ms, step.detail
        );
    }
    if exec_log::is_json() {
        let mut fields = Map::new();
        fields.insert("step".into(), step.name.as_str().into());
        fields.insert(
            "status".into(),
            serde_json::to_value(step.status).unwrap_or_default(),
        );
        fields.insert("duration_ms".into(), step.duration_ms.into());
        fields.insert("detail".into(), step.detail.as_str().into());
        let level = if step.status == StepStatus::Failed {
            Level::WARN
        } else {
            Level::INFO
        };
        exec_log::host_line(level, "host_runner::test_connection", &step.name, fields);
    }
}
