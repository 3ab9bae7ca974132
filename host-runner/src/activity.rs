//! What connectors tell the host through their log while they work, read as they log it:
//! the execution log (one event per request, `attempt` > 1 for a retry), the pages of a query
//! (how many records it will give in all), and the steps of a connection test as each ends.
//!
//! The ABI is frozen, and a connector's log is the one channel that carries such news while
//! a call is still running (a call's return value comes at its end). The conventions, which
//! name no connector, are:
//!
//! - an event whose target ends in `::request` is one request sent (the execution log);
//!   its `attempt` field, when above 1, makes it a retry;
//! - an event with `total_records`, `page` and `page_records` fields is a page of a query:
//!   `total_records` as the first page reports it (NetSuite's `totalRecords`), `page_records`
//!   the records that page gave;
//! - an event with a `test_step` field is a step of `test_connection` that has just ended:
//!   `test_step` (its name), `status` (`passed`, `failed`, `skipped`), `duration_ms`,
//!   `detail`.
//!
//! Requests and retries are counted for the whole process (one run per `host-runner run`;
//! [`Activity::since`] gives what happened after a snapshot): a connector may send them from
//! threads of its own. Query pages are logged by the thread that called execute, so they are
//! counted for the run whose unit made the call ([`for_run`]), which is what its progress
//! shows and what ends a stopped query (`flow::paged`).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::progress;

/// Counters of what connectors reported.
#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    query_total: AtomicU64,
    query_records: AtomicU64,
}

static COUNTERS: Counters = Counters {
    requests: AtomicU64::new(0),
    retries: AtomicU64::new(0),
    query_total: AtomicU64::new(0),
    query_records: AtomicU64::new(0),
};

thread_local! {
    /// The progress counters of the run whose unit is calling the connector on this thread.
    static RUN: RefCell<Option<Arc<progress::Counters>>> = const { RefCell::new(None) };
}

/// Runs `call` (a connector call of a run's unit) with query pages it logs on this thread
/// counted in `counters`.
pub(crate) fn for_run<R>(counters: &Arc<progress::Counters>, call: impl FnOnce() -> R) -> R {
    RUN.with(|run| *run.borrow_mut() = Some(Arc::clone(counters)));
    let result = call();
    RUN.with(|run| *run.borrow_mut() = None);
    result
}

type StepListener = Box<dyn Fn(&Value) + Send + Sync>;

static STEP_LISTENER: Mutex<Option<StepListener>> = Mutex::new(None);

/// A snapshot of the counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Requests sent (events of the execution log), retries included.
    pub requests: u64,
    /// Of those, retries (`attempt` > 1).
    pub retries: u64,
    /// Records the queries said they would give in all (`total_records` of first pages).
    pub query_total: u64,
    /// Records the queries' pages gave so far.
    pub query_records: u64,
}

impl Activity {
    /// The counters now.
    pub fn now() -> Activity {
        Activity {
            requests: COUNTERS.requests.load(Ordering::Relaxed),
            retries: COUNTERS.retries.load(Ordering::Relaxed),
            query_total: COUNTERS.query_total.load(Ordering::Relaxed),
            query_records: COUNTERS.query_records.load(Ordering::Relaxed),
        }
    }

    /// What happened since `earlier`.
    pub fn since(earlier: Activity) -> Activity {
        let now = Activity::now();
        Activity {
            requests: now.requests.saturating_sub(earlier.requests),
            retries: now.retries.saturating_sub(earlier.retries),
            query_total: now.query_total.saturating_sub(earlier.query_total),
            query_records: now.query_records.saturating_sub(earlier.query_records),
        }
    }
}

/// Calls `listener` with the fields of every connection-test step as it ends, until
/// [`clear_step_listener`].
pub fn set_step_listener(listener: impl Fn(&Value) + Send + Sync + 'static) {
    *STEP_LISTENER.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(listener));
}

/// Stops calling the step listener.
pub fn clear_step_listener() {
    *STEP_LISTENER.lock().unwrap_or_else(PoisonError::into_inner) = None;
}

/// Reads one connector log record (its target and fields as JSON text).
pub(crate) fn observe(target: &str, fields_json: &str) {
    let request = target.ends_with("::request");
    let page = fields_json.contains("\"total_records\"");
    let step = fields_json.contains("\"test_step\"");
    if !(request || page || step) {
        return;
    }
    let Ok(fields) = serde_json::from_str::<Value>(fields_json) else {
        return;
    };
    let number = |key: &str| fields.get(key).and_then(Value::as_u64);
    if request {
        COUNTERS.requests.fetch_add(1, Ordering::Relaxed);
        if number("attempt").is_some_and(|a| a > 1) {
            COUNTERS.retries.fetch_add(1, Ordering::Relaxed);
        }
    }
    if page {
        if number("page") == Some(1) {
            let total = number("total_records").unwrap_or(0);
            COUNTERS.query_total.fetch_add(total, Ordering::Relaxed);
        }
        let records = number("page_records").unwrap_or(0);
        COUNTERS.query_records.fetch_add(records, Ordering::Relaxed);
        RUN.with(|run| {
            if let Some(counters) = run.borrow().as_ref() {
                if number("page") == Some(1) {
                    let total = number("total_records").unwrap_or(0);
                    counters.query_total.fetch_add(total, Ordering::Relaxed);
                }
                counters.query_records.fetch_add(records, Ordering::Relaxed);
            }
        });
    }
    if step {
        if let Some(listener) = STEP_LISTENER
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            listener(&fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_retries_and_query_pages_are_counted() {
        let before = Activity::now();
        observe(
            "x_connector::request",
            r#"{"operation":"search","attempt":1}"#,
        );
        observe(
            "x_connector::request",
            r#"{"operation":"search","attempt":2}"#,
        );
        observe(
            "x_connector::query",
            r#"{"page":1,"total_records":2500,"page_records":1000}"#,
        );
        observe(
            "x_connector::query",
            r#"{"page":2,"total_records":2500,"page_records":1000}"#,
        );
        observe("x_connector", r#"{"documents":3}"#);
        let seen = Activity::since(before);
        // Other tests of this binary may count too: at least ours.
        assert!(seen.requests >= 2 && seen.retries >= 1, "{seen:?}");
        assert!(
            seen.query_total >= 2500 && seen.query_records >= 2000,
            "{seen:?}"
        );
    }
}
