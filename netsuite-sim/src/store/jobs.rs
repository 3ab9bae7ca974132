//! The async job table: what asyncAddList, asyncUpdateList, asyncUpsertList, asyncDeleteList,
//! asyncGetList and asyncSearch submitted, by job id.
//!
//! A job is applied to the record store when it is submitted (its results kept here), and
//! reported by the clock: pending for the first half of the account's job delay, processing
//! for the second, then finished, finishedWithErrors (a record failed) or failed (the job as a
//! whole; nothing was applied). A client therefore sees a job run in the background without a
//! thread per job.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;

use super::elem::Elem;
use super::record::Record;
use super::search::SearchState;
use crate::ops::response::Detail;

/// Where a write result's `baseRef` comes from.
#[derive(Debug)]
pub(crate) enum WrittenRef {
    /// The record written or deleted.
    Record(Box<Record>),
    /// The reference as sent (a failed delete echoes it).
    Echo(Elem),
    None,
}

/// One record's result in a write job.
#[derive(Debug)]
pub(crate) struct WriteResult {
    pub details: Vec<Detail>,
    pub base_ref: WrittenRef,
}

/// A finished job's results.
#[derive(Debug)]
pub(crate) enum JobResults {
    /// One per record, in request order (writeResponseList).
    Writes(Vec<WriteResult>),
    /// One per reference, in request order (readResponseList).
    Reads(Vec<Result<Arc<Record>, Detail>>),
    /// The search, paged as searchMoreWithId pages it.
    Search(SearchState),
}

/// One submitted job.
#[derive(Debug)]
pub(crate) struct Job {
    pub submitted: OffsetDateTime,
    /// The `asyncResult` type of its results (`AsyncAddListResult`).
    pub result_type: &'static str,
    /// The results, or the job's failure message.
    pub results: Result<JobResults, String>,
}

/// A job's state as `asyncStatusResult` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JobState {
    Pending,
    Processing,
    Finished,
    FinishedWithErrors,
    Failed,
}

impl JobState {
    /// The AsyncStatusType value.
    pub(crate) fn word(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Processing => "processing",
            JobState::Finished => "finished",
            JobState::FinishedWithErrors => "finishedWithErrors",
            JobState::Failed => "failed",
        }
    }
}

impl Job {
    /// True when a record of the job failed.
    fn has_errors(&self) -> bool {
        let failed = |d: &[Detail]| d.iter().any(|d| d.kind == "ERROR");
        match &self.results {
            Ok(JobResults::Writes(w)) => w.iter().any(|r| failed(&r.details)),
            Ok(JobResults::Reads(r)) => r.iter().any(Result::is_err),
            Ok(JobResults::Search(_)) | Err(_) => false,
        }
    }
}

/// Every job of one account.
#[derive(Debug)]
pub(crate) struct Jobs {
    seed: u64,
    delay: Duration,
    fail_prefix: Option<String>,
    counter: AtomicU64,
    table: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    pub(crate) fn new(seed: u64, delay: Duration, fail_prefix: Option<String>) -> Jobs {
        Jobs {
            seed,
            delay,
            fail_prefix,
            counter: AtomicU64::new(0),
            table: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a job holding a record with this externalId fails as a whole.
    pub(crate) fn fails(&self, external_id: Option<&str>) -> bool {
        match (&self.fail_prefix, external_id) {
            (Some(p), Some(e)) => e.starts_with(p.as_str()),
            _ => false,
        }
    }

    /// Keeps a job under a new job id.
    pub(crate) fn add(&self, account: &str, job: Job) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let id = format!(
            "ASYNCWEBSERVICES_{account}_{n:010}_{:x}",
            self.seed.wrapping_mul(131).wrapping_add(n)
        );
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        table.insert(id.clone(), Arc::new(job));
        id
    }

    /// The job with this id.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<Job>> {
        let table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        table.get(id).cloned()
    }

    /// The job's state at `now`, its percent completed and estimated seconds remaining.
    pub(crate) fn state(&self, job: &Job, now: OffsetDateTime) -> (JobState, f64, f64) {
        let elapsed = (now - job.submitted).max(time::Duration::ZERO);
        let delay = time::Duration::try_from(self.delay).unwrap_or(time::Duration::ZERO);
        if elapsed < delay {
            let done = elapsed.as_seconds_f64() / delay.as_seconds_f64();
            let state = if done < 0.5 {
                JobState::Pending
            } else {
                JobState::Processing
            };
            let percent = if state == JobState::Pending {
                0.0
            } else {
                (done * 100.0).floor()
            };
            return (state, percent, (delay - elapsed).as_seconds_f64());
        }
        let state = if job.results.is_err() {
            JobState::Failed
        } else if job.has_errors() {
            JobState::FinishedWithErrors
        } else {
            JobState::Finished
        };
        (state, 100.0, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(results: Result<JobResults, String>) -> Job {
        Job {
            submitted: OffsetDateTime::UNIX_EPOCH,
            result_type: "AsyncAddListResult",
            results,
        }
    }

    fn at_ms(ms: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(ms)
    }

    #[test]
    fn a_job_is_pending_then_processing_then_done_by_the_clock() {
        let jobs = Jobs::new(1, Duration::from_millis(1000), None);
        let ok = job(Ok(JobResults::Writes(vec![WriteResult {
            details: Vec::new(),
            base_ref: WrittenRef::None,
        }])));
        assert_eq!(jobs.state(&ok, at_ms(100)).0, JobState::Pending);
        let (state, percent, remaining) = jobs.state(&ok, at_ms(700));
        assert_eq!(state, JobState::Processing);
        assert!((70.0..=71.0).contains(&percent) && remaining > 0.0);
        assert_eq!(
            jobs.state(&ok, at_ms(1000)),
            (JobState::Finished, 100.0, 0.0)
        );
    }

    #[test]
    fn a_record_error_finishes_with_errors_and_a_failed_job_is_failed() {
        let jobs = Jobs::new(1, Duration::ZERO, Some("doomed-".into()));
        let with_error = job(Ok(JobResults::Writes(vec![WriteResult {
            details: vec![Detail::not_found()],
            base_ref: WrittenRef::None,
        }])));
        assert_eq!(
            jobs.state(&with_error, at_ms(0)).0,
            JobState::FinishedWithErrors
        );
        let failed = job(Err("no".into()));
        assert_eq!(jobs.state(&failed, at_ms(0)).0, JobState::Failed);
        assert!(jobs.fails(Some("doomed-1")));
        assert!(!jobs.fails(Some("fine")) && !jobs.fails(None));
    }

    #[test]
    fn job_ids_are_distinct_and_found_again() {
        let jobs = Jobs::new(1, Duration::ZERO, None);
        let a = jobs.add("ACCT", job(Err("x".into())));
        let b = jobs.add("ACCT", job(Err("y".into())));
        assert_ne!(a, b);
        assert!(a.starts_with("ASYNCWEBSERVICES_ACCT_"));
        assert!(jobs.get(&a).is_some() && jobs.get("nope").is_none());
    }
}
