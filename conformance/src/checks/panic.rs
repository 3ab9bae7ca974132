//! `panic.*`: a panic inside the connector is contained and poisons only its instance.
//!
//! Runs on a fresh instance, last: the instance that panicked refuses every later call, which
//! is what `panic.poisons_instance` checks. That the harness reaches its next line at all is
//! the proof that the host kept running.

use connector_api::{Cancellation, ConnectorMod_Ref, OutcomeStatus};

use super::{documents, json_text, Instance};
use crate::collect::{run_batch, summarize};
use crate::host::ConformanceHost;
use crate::profile::{Expect, Profile};
use crate::report::Report;

const CONTAINED: &str = "panic.contained";
const POISONS: &str = "panic.poisons_instance";

pub(super) fn check<H: ConformanceHost>(
    host: &H,
    module: ConnectorMod_Ref,
    profile: &Profile,
    report: &mut Report,
) {
    let Some(case) = &profile.panic else {
        report.skip(CONTAINED, "the profile has no panic case");
        report.skip(POISONS, "the profile has no panic case");
        return;
    };
    let skip_both = |report: &mut Report, reason: String| {
        report.record(CONTAINED, Err(reason));
        report.skip(POISONS, "the panic check could not run");
    };
    let instance = match Instance::create(host, module) {
        Ok(instance) => instance,
        Err(reason) => return skip_both(report, format!("a fresh instance: {reason}")),
    };
    let valid = json_text(&profile.connection.valid);
    let connection = match instance
        .connector
        .configure(valid.as_str().into())
        .into_result()
    {
        Ok(connection) => connection,
        Err(e) => return skip_both(report, format!("the valid settings were rejected: {e}")),
    };
    let operation = match connection
        .prepare(json_text(&case.operation).as_str().into())
        .into_result()
    {
        Ok(operation) => operation,
        Err(e) => return skip_both(report, format!("the panic operation was rejected: {e}")),
    };

    let batch = documents(&case.documents);
    let run = run_batch(&operation, &batch, &Cancellation::new());
    // Documents finished before the panic keep their outcome (the profile says which with
    // `expect`); every other one must be FAILURE.
    let contained = run.statuses().and_then(|statuses| {
        let wrong: Vec<String> = case
            .documents
            .iter()
            .zip(&statuses)
            .enumerate()
            .filter(|(_, (c, s))| !c.expect.unwrap_or(Expect::Failure).matches(**s))
            .map(|(i, (c, s))| {
                format!(
                    "document {i}: expected {:?}, got {}",
                    c.expect.unwrap_or(Expect::Failure),
                    s.as_str()
                )
            })
            .collect();
        if !wrong.is_empty() {
            return Err(wrong.join("; "));
        }
        if !statuses.contains(&OutcomeStatus::Failure) {
            return Err("no document got FAILURE: did the connector panic?".to_string());
        }
        Ok(format!(
            "host still running; outcomes {}; execute returned {}",
            summarize(&statuses),
            match &run.result {
                Ok(()) => "Ok".to_string(),
                Err(e) => format!("Err ({})", e.code),
            }
        ))
    });
    report.record(CONTAINED, contained);

    // Later calls on the poisoned instance must be refused: configure, and a good batch.
    let mut problems = Vec::new();
    if instance
        .connector
        .configure(valid.as_str().into())
        .into_result()
        .is_ok()
    {
        problems.push("configure still accepted settings".to_string());
    }
    let good: Vec<_> = profile
        .batch
        .iter()
        .filter(|c| c.expect == Some(Expect::Success))
        .cloned()
        .collect();
    if !good.is_empty() {
        let run = run_batch(&operation, &documents(&good), &Cancellation::new());
        if run.result.is_ok()
            && run
                .statuses()
                .is_ok_and(|s| s.contains(&OutcomeStatus::Success))
        {
            problems.push("execute still processed documents successfully".to_string());
        }
    }
    report.record(
        POISONS,
        if problems.is_empty() {
            Ok("later configure and execute calls were refused".to_string())
        } else {
            Err(format!(
                "the instance that panicked is not poisoned: {}",
                problems.join("; ")
            ))
        },
    );
}
