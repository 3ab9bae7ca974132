//! `configure.*` and `test_connection.report`: pure validation with field-level errors, no
//! network during configure, and a structured connection test.

use std::time::Duration;

use connector_api::{Cancellation, ConnectionBox, ErrorKind};
use connector_payload::{ConnectionInfo, ConnectorErrorExt, Spec, StepStatus, TestReport};

use super::{json_text, Instance};
use crate::profile::Profile;
use crate::report::Report;
use crate::schema;

/// Runs the configure checks; returns the connection made from the valid settings.
pub(super) fn check(
    instance: &Instance,
    spec: Option<&Spec>,
    profile: &Profile,
    report: &mut Report,
) -> Option<ConnectionBox> {
    let calls_before = instance.services.transport_calls.get();
    let valid = &profile.connection.valid;

    let connection = instance
        .connector
        .configure(json_text(valid).as_str().into())
        .into_result();
    let connection = match connection {
        Ok(connection) => {
            let info = connection.info();
            match serde_json::from_str::<ConnectionInfo>(info.as_str()) {
                Ok(info) => report.record(
                    "configure.valid",
                    Ok(format!(
                        "accepted; info: {}",
                        non_empty(&info.summary, "(no summary)")
                    )),
                ),
                Err(e) => report.record(
                    "configure.valid",
                    Err(format!("accepted, but info() is not a ConnectionInfo: {e}")),
                ),
            }
            Some(connection)
        }
        Err(e) => {
            report.record(
                "configure.valid",
                Err(format!("the valid settings were rejected: {e}")),
            );
            None
        }
    };

    match spec {
        Some(spec) => report.record(
            "configure.valid_matches_schema",
            schema::validate_instance(&spec.connection, valid)
                .map(|()| "the valid settings validate against the connection schema".to_string())
                .map_err(|e| format!("the valid settings do not match the spec's schema: {e}")),
        ),
        None => report.skip("configure.valid_matches_schema", "no spec"),
    }

    for case in &profile.connection.invalid {
        let name = format!("configure.rejects.{}", case.name);
        let outcome = instance
            .connector
            .configure(json_text(&case.settings).as_str().into())
            .into_result();
        let result = match outcome {
            Ok(_) => Err("configure accepted settings the profile says are invalid".to_string()),
            Err(e) if e.kind != ErrorKind::Config => Err(format!(
                "rejected with kind {} instead of config: {e}",
                e.kind.as_str()
            )),
            Err(e) => {
                let named: Vec<String> = e.field_errors().into_iter().map(|f| f.field).collect();
                let missing: Vec<&String> =
                    case.fields.iter().filter(|f| !named.contains(f)).collect();
                if named.is_empty() {
                    Err(format!("rejected without field-level errors: {e}"))
                } else if missing.is_empty() {
                    Ok(format!("rejected naming {}", named.join(", ")))
                } else {
                    Err(format!(
                        "field errors name {} but not {}",
                        named.join(", "),
                        missing
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        };
        report.record(name, result);
    }

    let calls = instance.services.transport_calls.get() - calls_before;
    report.record(
        "configure.no_network",
        if calls == 0 {
            Ok(format!(
                "{} configure calls, 0 transport calls",
                1 + profile.connection.invalid.len()
            ))
        } else {
            Err(format!(
                "configure made {calls} transport calls; it must not touch the network"
            ))
        },
    );
    connection
}

/// `test_connection.report`.
pub(super) fn check_test_connection(
    connection: &ConnectionBox,
    profile: &Profile,
    report: &mut Report,
) {
    let case = &profile.test_connection;
    let cancel = Cancellation::with_timeout(Duration::from_millis(case.timeout_ms));
    let result = match connection.test_connection(&cancel).into_result() {
        Err(e) => Err(format!("test_connection could not run: {e}")),
        Ok(text) => match serde_json::from_str::<TestReport>(text.as_str()) {
            Err(e) => Err(format!("test_connection did not return a TestReport: {e}")),
            Ok(test) => judge(&test, case.expect_ok),
        },
    };
    report.record("test_connection.report", result);
}

fn judge(test: &TestReport, expect_ok: Option<bool>) -> Result<String, String> {
    if test.steps.is_empty() {
        return Err("the report has no steps".to_string());
    }
    if let Some(step) = test.steps.iter().find(|s| s.name.trim().is_empty()) {
        return Err(format!("a step has no name (detail: {})", step.detail));
    }
    let failed: Vec<&str> = test
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Failed)
        .map(|s| s.name.as_str())
        .collect();
    if test.ok != failed.is_empty() {
        return Err(format!(
            "ok is {} but failed steps are [{}]",
            test.ok,
            failed.join(", ")
        ));
    }
    if let Some(expected) = expect_ok {
        if test.ok != expected {
            let detail: Vec<String> = test
                .steps
                .iter()
                .map(|s| format!("{}: {:?} {}", s.name, s.status, s.detail))
                .collect();
            return Err(format!(
                "ok is {}, the profile expects {expected}: {}",
                test.ok,
                detail.join("; ")
            ));
        }
    }
    Ok(format!("ok={} with {} steps", test.ok, test.steps.len()))
}

fn non_empty<'a>(text: &'a str, otherwise: &'a str) -> &'a str {
    if text.trim().is_empty() {
        otherwise
    } else {
        text
    }
}
