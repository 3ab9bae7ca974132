//! Async list operations (`async = true` on CREATE, UPDATE, UPSERT, DELETE and GET; QUERY's
//! asyncSearch is in [`search`]): the batch
//! is submitted as NetSuite async jobs (asyncAddList, asyncUpdateList, asyncUpsertList,
//! asyncDeleteList, asyncGetList), each polled with checkAsyncStatus until done, its results
//! read page by page with getAsyncResult, and every input document given one outcome, in
//! input order, as the synchronous list gives it.
//!
//! The request parts and the answers are the synchronous operation's (`ListOperation`): an
//! asyncAddList takes the records an addList takes, its AsyncAddListResult holds the same
//! writeResponseList. A batch larger than NetSuite's per-job limit (asyncAddList and
//! asyncDeleteList 400 records, asyncUpdateList and asyncUpsertList 200, asyncGetList 2,000)
//! is split into several jobs.
//!
//! Every outcome's detail carries the job id (`{"jobId": "…"}`), so an interrupted run can be
//! resumed with the operation's `async_job_id`: no job is submitted, the named jobs are
//! polled and their results reported for the same batch. A job NetSuite reports `failed`
//! fails each of its documents with NetSuite's reason. A write whose result never arrived
//! (the run was cancelled while waiting, or the result could not be read) is FAILURE
//! `MAYBE_APPLIED`: the job may have written it, so it is never submitted again blindly.

mod poll;
mod result;
pub(crate) mod search;
mod submit;
#[cfg(test)]
mod tests;

use connector_sdk::payload::FieldError;
use connector_sdk::Document;
use connector_sdk::{Cancellation, ConnectorError, ConnectorErrorExt, Outcome, Results};
use serde_json::Value;

use super::driver::{self, ListCall, ListOperation};
use super::outcome;
use crate::client::{CallOptions, Client};

pub(crate) use poll::PollBackoff;

/// How an operation runs as async jobs.
#[derive(Clone, Debug)]
pub(crate) struct AsyncJob {
    /// The submitting operation (`asyncAddList`).
    pub(crate) submit: &'static str,
    /// NetSuite's records per job.
    pub(crate) limit: usize,
    /// Jobs to resume instead of submitting (`async_job_id`), one per part of the batch.
    pub(crate) resume: Vec<String>,
    /// True for writes: a record whose result is unknown may have been written.
    pub(crate) writes: bool,
    pub(crate) backoff: PollBackoff,
}

impl AsyncJob {
    /// The async run of an operation whose settings say `async` and `async_job_id`, or `None`
    /// when `async` is off.
    ///
    /// # Errors
    /// A field error for an `async_job_id` without `async`, or an empty one.
    pub(crate) fn from_settings(
        enabled: bool,
        job_id: Option<&str>,
        submit: &'static str,
        limit: usize,
        writes: bool,
    ) -> Result<Option<AsyncJob>, ConnectorError> {
        let resume: Vec<String> = match job_id {
            None => Vec::new(),
            Some(ids) => {
                let ids: Vec<String> = ids
                    .split(',')
                    .map(|id| id.trim().to_string())
                    .filter(|id| !id.is_empty())
                    .collect();
                if ids.is_empty() {
                    return Err(field_error(
                        "async_job_id",
                        "empty: give the job id an earlier run reported, or leave it out",
                    ));
                }
                ids
            }
        };
        if !enabled {
            if !resume.is_empty() {
                return Err(field_error(
                    "async_job_id",
                    "resuming a job needs async = true",
                ));
            }
            return Ok(None);
        }
        Ok(Some(AsyncJob {
            submit,
            limit,
            resume,
            writes,
            backoff: PollBackoff::DEFAULT,
        }))
    }
}

fn field_error(field: &str, message: &str) -> ConnectorError {
    ConnectorError::invalid_settings(vec![FieldError::new(field, message)])
}

/// Runs `op` over `batch` as async jobs: every document gets exactly one outcome.
pub(crate) fn run<O: ListOperation>(
    op: &O,
    job: &AsyncJob,
    client: &Client,
    batch: &[Document],
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let registry = if op.needs_schema() {
        match driver::registry_or_fail(client, batch.len(), results, cancel) {
            Some(r) => r,
            None => return,
        }
    } else {
        None
    };
    let reg = registry.as_deref();
    let call = op.call();
    let (indexes, items) = driver::prepare_all(op, &call, reg, batch, results);
    let size = job.limit.max(1);
    for (part, (indexes, items)) in indexes.chunks(size).zip(items.chunks(size)).enumerate() {
        let resumed = if job.resume.is_empty() {
            None
        } else {
            match job.resume.get(part) {
                Some(id) => Some(id.as_str()),
                None => {
                    let o = Outcome::failure(
                        "NO_JOB_ID",
                        &format!(
                            "async_job_id names {} job(s), but this batch needs more; this \
                             document was not submitted: run it again without async_job_id",
                            job.resume.len()
                        ),
                    );
                    for &i in indexes {
                        results.outcome(i, o.clone());
                    }
                    continue;
                }
            }
        };
        if resumed.is_none() && cancel.is_cancelled() {
            for &i in indexes {
                results.outcome(i, Outcome::failure("CANCELLED", call.cancelled));
            }
            continue;
        }
        run_job(
            op, job, &call, client, reg, resumed, indexes, items, results, cancel,
        );
    }
}

/// Submits (or resumes) one job, waits for it and reports its documents.
#[allow(clippy::too_many_arguments)]
fn run_job<O: ListOperation>(
    op: &O,
    job: &AsyncJob,
    call: &ListCall<'_>,
    client: &Client,
    registry: Option<&crate::schema::SchemaRegistry>,
    resumed: Option<&str>,
    indexes: &[usize],
    items: &[O::Item],
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let submitted = match resumed {
        Some(id) => client
            .call("checkAsyncStatus", CallOptions::default(), cancel, &|w| {
                submit::write_check(w, id)
            })
            .and_then(|r| r.read(submit::read_status)),
        None => {
            let options = CallOptions {
                record_type: Some(call.record_type),
                count: items.len(),
                ..call.options
            };
            client
                .call(job.submit, options, cancel, &|w| {
                    op.encode(w, job.submit, items)
                })
                .and_then(|r| r.read(submit::read_status))
        }
    };
    let status = match submitted {
        Ok(s) => s,
        Err(e) => return submit_failed(job, call, resumed, indexes, e, results),
    };
    let job_id = status.job_id.clone();
    let mut results = WithJobId {
        inner: results,
        job_id: &job_id,
    };
    let results: &mut dyn Results = &mut results;
    tracing::info!(
        target: "netsuite_connector::async_job",
        job_id = job_id.as_str(),
        operation = job.submit,
        records = indexes.len() as u64,
        resumed = resumed.is_some(),
        "async job submitted"
    );
    let status = match poll::until_done(client, job.backoff, status, cancel) {
        Ok(s) => s,
        Err(stopped) => {
            let o = match stopped {
                poll::Stopped::Cancelled => Outcome::failure(
                    "CANCELLED",
                    &format!(
                        "cancelled while NetSuite's async job {job_id} was running; the job goes \
                         on: run the same batch with async_job_id = \"{job_id}\" to collect \
                         its results"
                    ),
                ),
                poll::Stopped::Check(e) => outcome::of_request_error(e),
            };
            return unanswered(job, call, &job_id, indexes, o, results);
        }
    };
    if status.state == submit::JobState::Failed {
        let o = result::failure(client, &job_id, cancel);
        for &i in indexes {
            call.error_responses.failed(results, i, o.clone());
        }
        return;
    }
    let collected = result::collect(op, client, registry, &job_id, indexes.len(), cancel);
    if collected.answers.len() > indexes.len() {
        let o = Outcome::failure(
            "UNEXPECTED_RESPONSE",
            &format!(
                "NetSuite's async job {job_id} answered {} results for {} records",
                collected.answers.len(),
                indexes.len()
            ),
        );
        return unanswered(job, call, &job_id, indexes, o, results);
    }
    let answered = collected.answers.len();
    for (&i, answer) in indexes.iter().zip(collected.answers) {
        call.error_responses.answered(results, i, answer);
    }
    if answered < indexes.len() {
        let o = match collected.stopped {
            Some(e) => outcome::of_request_error(e),
            None => Outcome::failure(
                "UNEXPECTED_RESPONSE",
                &format!(
                    "NetSuite's async job {job_id} gave {answered} results for {} records",
                    indexes.len()
                ),
            ),
        };
        unanswered(job, call, &job_id, &indexes[answered..], o, results);
    }
}

/// Reports documents whose result never arrived: a write may have been applied by the job
/// (FAILURE `MAYBE_APPLIED`, resumable by the job id); a read fails with `o`.
fn unanswered(
    job: &AsyncJob,
    call: &ListCall<'_>,
    job_id: &str,
    indexes: &[usize],
    o: Outcome,
    results: &mut dyn Results,
) {
    let o = if job.writes && o.code.as_str() != "CANCELLED" {
        let mut m = Outcome::failure(
            "MAYBE_APPLIED",
            &format!(
                "NetSuite's async job {job_id} may have written this record, but its result \
                 was not received ({}: {}); it was not submitted again: run the same batch \
                 with async_job_id = \"{job_id}\" to collect the results",
                o.code, o.message
            ),
        );
        m.detail_json = o.detail_json;
        m
    } else {
        o
    };
    for &i in indexes {
        call.error_responses.failed(results, i, o.clone());
    }
}

/// Reports the documents of a job that could not be submitted (or resumed).
fn submit_failed(
    job: &AsyncJob,
    call: &ListCall<'_>,
    resumed: Option<&str>,
    indexes: &[usize],
    error: crate::error::Error,
    results: &mut dyn Results,
) {
    let maybe = resumed.is_none() && job.writes && crate::retry::class(&error).may_be_applied();
    let mut o = outcome::of_request_error(error);
    if maybe {
        o = Outcome::failure(
            "MAYBE_APPLIED",
            &format!(
                "the answer to {} was lost, so NetSuite may have started a job writing this \
                 record; it was not submitted again: check NetSuite's job status page ({})",
                job.submit, o.message
            ),
        );
    } else if let Some(id) = resumed {
        o.message = format!("async job {id}: {}", o.message).into();
    }
    for &i in indexes {
        call.error_responses.failed(results, i, o.clone());
    }
}

/// Results passed on with the job id added to every outcome's detail, so the job can be
/// resumed (`async_job_id`) and found in NetSuite.
pub(crate) struct WithJobId<'a> {
    pub(crate) inner: &'a mut dyn Results,
    pub(crate) job_id: &'a str,
}

impl Results for WithJobId<'_> {
    fn output(&mut self, index: usize, document: Document) {
        self.inner.output(index, document);
    }

    fn outcome(&mut self, index: usize, mut outcome: Outcome) {
        outcome.detail_json = with_job_id(outcome.detail_json.as_str(), self.job_id)
            .to_string()
            .into();
        self.inner.outcome(index, outcome);
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.inner.has_outcome(index)
    }
}

/// `detail` (JSON text, possibly empty) with `jobId` added: an object gains the field,
/// anything else is kept under `detail`.
pub(crate) fn with_job_id(detail: &str, job_id: &str) -> Value {
    match serde_json::from_str::<Value>(detail) {
        Ok(Value::Object(mut map)) => {
            map.insert("jobId".into(), Value::String(job_id.into()));
            Value::Object(map)
        }
        Ok(other) if !detail.trim().is_empty() => {
            serde_json::json!({ "jobId": job_id, "detail": other })
        }
        _ => serde_json::json!({ "jobId": job_id }),
    }
}
