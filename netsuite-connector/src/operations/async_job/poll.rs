//! Waiting for a job: checkAsyncStatus with a doubling pause, until NetSuite says the job is
//! done or the run is cancelled.

use std::time::{Duration, Instant};

use connector_sdk::Cancellation;

use super::submit::{self, JobStatus};
use crate::client::{CallOptions, Client};
use crate::error::Error;

/// The pause before each status check: `first`, doubled each time, never above `max`.
/// Short jobs are seen done quickly; a long one costs a check every `max` at most.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PollBackoff {
    pub(crate) first: Duration,
    pub(crate) max: Duration,
}

impl PollBackoff {
    /// 250 ms doubling to 30 s.
    pub(crate) const DEFAULT: PollBackoff = PollBackoff {
        first: Duration::from_millis(250),
        max: Duration::from_secs(30),
    };

    /// The pause before check number `n` (0-based).
    pub(crate) fn delay(self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX);
        self.first.saturating_mul(factor).min(self.max)
    }
}

/// Why waiting stopped before the job was done.
#[derive(Debug)]
pub(crate) enum Stopped {
    /// The run was cancelled; the job goes on in NetSuite.
    Cancelled,
    /// A status check failed (after the client's retries).
    Check(Error),
}

/// Checks the job until it is done, starting from the status NetSuite gave on submission.
pub(crate) fn until_done(
    client: &Client,
    backoff: PollBackoff,
    mut status: JobStatus,
    cancel: &Cancellation,
) -> Result<JobStatus, Stopped> {
    let mut n = 0;
    while !status.state.is_done() {
        if !sleep_unless_cancelled(backoff.delay(n), cancel) {
            return Err(Stopped::Cancelled);
        }
        n += 1;
        let job_id = status.job_id.clone();
        status = client
            .call("checkAsyncStatus", CallOptions::default(), cancel, &|w| {
                submit::write_check(w, &job_id)
            })
            .and_then(|r| r.read(submit::read_status))
            .map_err(|e| {
                if cancel.is_cancelled() {
                    Stopped::Cancelled
                } else {
                    Stopped::Check(e)
                }
            })?;
        tracing::debug!(
            target: "netsuite_connector::async_job",
            job_id = status.job_id.as_str(),
            percent_completed = status.percent_completed,
            est_remaining_duration = status.est_remaining_duration,
            "async job checked"
        );
    }
    Ok(status)
}

/// Sleeps in short steps; false if cancelled meanwhile.
fn sleep_unless_cancelled(total: Duration, cancel: &Cancellation) -> bool {
    let until = Instant::now() + total;
    while Instant::now() < until {
        if cancel.is_cancelled() {
            return false;
        }
        std::thread::sleep((until - Instant::now()).min(Duration::from_millis(25)));
    }
    !cancel.is_cancelled()
}
