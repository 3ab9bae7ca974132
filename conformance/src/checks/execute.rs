//! `execute.*` and `logs.forwarded`: one outcome per document with good and bad documents
//! mixed, the expected class for each, concurrent calls, and log forwarding.

use connector_api::{Cancellation, ConnectionBox, OperationBox};

use super::{documents, json_text};
use crate::collect::{run_batch, summarize};
use crate::host::InstrumentedServices;
use crate::profile::Profile;
use crate::report::Report;

/// Runs the execute checks with the profile's operation and batch.
pub(super) fn check(connection: &ConnectionBox, profile: &Profile, report: &mut Report) {
    let operation = match connection
        .prepare(json_text(&profile.operation).as_str().into())
        .into_result()
    {
        Ok(operation) => {
            report.record(
                "execute.prepare",
                Ok("the operation settings were accepted".to_string()),
            );
            operation
        }
        Err(e) => {
            report.record(
                "execute.prepare",
                Err(format!("the operation settings were rejected: {e}")),
            );
            for name in [
                "execute.one_outcome_each",
                "execute.expected_outcomes",
                "execute.concurrent",
            ] {
                report.skip(name, "no operation");
            }
            return;
        }
    };
    let batch = documents(&profile.batch);
    let run = run_batch(&operation, &batch, &Cancellation::new());
    let statuses = match run.statuses() {
        Ok(statuses) => {
            let returned = match &run.result {
                Ok(()) => "execute returned Ok".to_string(),
                Err(e) => format!("execute returned Err ({e})"),
            };
            report.record(
                "execute.one_outcome_each",
                Ok(format!(
                    "{} documents, {} outcomes, {} outputs; {returned}",
                    batch.len(),
                    statuses.len(),
                    run.outputs()
                )),
            );
            statuses
        }
        Err(reason) => {
            report.record("execute.one_outcome_each", Err(reason));
            report.skip(
                "execute.expected_outcomes",
                "the outcomes could not be matched to documents",
            );
            check_concurrent(&operation, profile, report);
            return;
        }
    };

    let mismatches: Vec<String> = profile
        .batch
        .iter()
        .zip(&statuses)
        .enumerate()
        .filter_map(|(index, (case, status))| {
            let expect = case.expect?;
            (!expect.matches(*status)).then(|| {
                let detail = run
                    .outcome(index)
                    .map(|o| format!(" {} {}", o.code, o.message))
                    .unwrap_or_default();
                format!(
                    "document {index}: expected {expect:?}, got {}{detail}",
                    status.as_str()
                )
            })
        })
        .collect();
    report.record(
        "execute.expected_outcomes",
        if mismatches.is_empty() {
            Ok(summarize(&statuses))
        } else {
            Err(mismatches.join("; "))
        },
    );
    check_concurrent(&operation, profile, report);
}

/// `execute.concurrent`: several threads run the batch at once on one operation.
fn check_concurrent(operation: &OperationBox, profile: &Profile, report: &mut Report) {
    let case = &profile.concurrency;
    let threads = case.threads.max(2);
    let rounds = case.rounds.max(1);
    let batch = documents(&profile.batch);
    let expected: Vec<_> = profile.batch.iter().map(|c| c.expect).collect();
    let problems: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let batch = &batch;
                let expected = &expected;
                scope.spawn(move || {
                    let mut problems = Vec::new();
                    for round in 0..rounds {
                        let run = run_batch(operation, batch, &Cancellation::new());
                        match run.statuses() {
                            Err(reason) => {
                                problems.push(format!("thread {thread} round {round}: {reason}"))
                            }
                            Ok(statuses) => {
                                let wrong = statuses
                                    .iter()
                                    .zip(expected)
                                    .position(|(s, e)| e.is_some_and(|e| !e.matches(*s)));
                                if let Some(index) = wrong {
                                    problems.push(format!(
                                        "thread {thread} round {round}: document {index} got {}",
                                        statuses[index].as_str()
                                    ));
                                }
                            }
                        }
                    }
                    problems
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|_| vec!["a harness thread panicked".to_string()])
            })
            .collect()
    });
    report.record(
        "execute.concurrent",
        if problems.is_empty() {
            Ok(format!(
                "{threads} threads x {rounds} batches, one expected outcome per document each"
            ))
        } else {
            Err(problems.join("; "))
        },
    );
}

/// `logs.forwarded`: the capture holds at least one well-formed record.
///
/// When nothing was logged and there was no connection to exercise the connector with, the
/// check is skipped rather than failed: the connector never got the chance to log.
pub(super) fn check_logs(
    services: &InstrumentedServices,
    had_connection: bool,
    report: &mut Report,
) {
    let records = services.logs.records();
    if records.is_empty() && !had_connection {
        report.skip(
            "logs.forwarded",
            "no record, and no connection to exercise the connector",
        );
        return;
    }
    let malformed = records.iter().find(|r| {
        !serde_json::from_str::<serde_json::Value>(&r.fields_json).is_ok_and(|v| v.is_object())
            && !r.fields_json.is_empty()
    });
    let result = match (records.first(), malformed) {
        (None, _) => Err("the log sink received no record from the connector".to_string()),
        (Some(_), Some(bad)) => Err(format!(
            "a record's fields are not a JSON object: {:?}",
            bad.fields_json
        )),
        (Some(first), None) => Ok(format!(
            "{} records, e.g. {:?} {}: {}",
            records.len(),
            first.level,
            first.target,
            first.message
        )),
    };
    report.record("logs.forwarded", result);
}
