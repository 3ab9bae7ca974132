//! `cancel.stops_work`: a long batch returns soon after cancellation, and every document still
//! gets exactly one outcome.
//!
//! The call runs on its own thread so that a connector ignoring cancellation makes the check
//! fail after `max_return_ms` instead of hanging the harness (that thread is then left
//! running).

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connector_api::{Cancellation, ConnectionBox};

use super::{documents, json_text};
use crate::collect::{run_batch, summarize};
use crate::profile::Profile;
use crate::report::Report;

const NAME: &str = "cancel.stops_work";

pub(super) fn check(connection: &ConnectionBox, profile: &Profile, report: &mut Report) {
    let Some(case) = &profile.cancellation else {
        report.skip(NAME, "the profile has no cancellation case");
        return;
    };
    let operation = match connection
        .prepare(json_text(&case.operation).as_str().into())
        .into_result()
    {
        Ok(operation) => Arc::new(operation),
        Err(e) => {
            report.record(
                NAME,
                Err(format!("the cancellation operation was rejected: {e}")),
            );
            return;
        }
    };
    let batch = documents(&case.documents);
    let cancel = Cancellation::new();
    let (tx, rx) = mpsc::channel();
    {
        let operation = Arc::clone(&operation);
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            let run = run_batch(&operation, &batch, &cancel);
            let _ = tx.send(run);
        });
    }
    let started = Instant::now();
    let cancel_after = Duration::from_millis(case.cancel_after_ms);
    let max_return = Duration::from_millis(case.max_return_ms);
    if let Ok(run) = rx.recv_timeout(cancel_after) {
        report.record(
            NAME,
            Err(format!(
                "execute finished in {:?}, before the cancel at {cancel_after:?}: the profile's \
                 documents must run longer ({:?})",
                run.elapsed,
                run.result.err()
            )),
        );
        return;
    }
    cancel.cancel();
    let cancelled_at = Instant::now();
    let result = match rx.recv_timeout(max_return) {
        Err(_) => Err(format!(
            "execute still running {max_return:?} after cancel (started {:?} ago)",
            started.elapsed()
        )),
        Ok(run) => {
            let after = cancelled_at.elapsed();
            match run.statuses() {
                Err(reason) => Err(format!("returned {after:?} after cancel, but {reason}")),
                Ok(statuses) => Ok(format!(
                    "returned {after:?} after cancel (limit {max_return:?}); outcomes {}",
                    summarize(&statuses)
                )),
            }
        }
    };
    report.record(NAME, result);
}
