//! A graceful stop during a paged read (a query): ended after its current page.
//!
//! The first signal lets in-flight batches finish (a write must not be cut between sending a
//! request and reading its answer). A query is one batch that may run for hours, so "finish"
//! would mean "never, until the grace period is over". But a query says it is one: it
//! reports its pages through the connector's log ([`crate::activity`], counted per run), and reading changes
//! nothing. So once a stopped run has seen pages, the run's cancellation is requested at
//! once: the connector ends the query after the page it has (its outcome says how far it
//! got; the NetSuite connector's is FAILURE `INTERRUPTED` with `in_flight: false`, which
//! `--resume` runs again), and the page being prefetched is dropped.

use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::interrupt::RunControl;
use crate::progress::Counters;

/// How often the watch looks.
const POLL: Duration = Duration::from_millis(50);

/// Watches `control` until `done` is dropped: when the run is stopped and its units have read
/// query pages (`counters`), requests the cancellation of the batches in flight.
pub(crate) fn watch(control: &RunControl, counters: &Counters, done: Receiver<()>) {
    loop {
        match done.recv_timeout(POLL) {
            Err(RecvTimeoutError::Timeout) => {}
            _ => return,
        }
        if control.is_aborted() {
            return;
        }
        if control.is_stopped() && counters.query_total.load(Ordering::Relaxed) > 0 {
            tracing::warn!(
                "interrupted during a query: it stops after its current page (reading \
                 changes nothing; --resume runs it again)"
            );
            control.cancellation().cancel();
            return;
        }
    }
}
