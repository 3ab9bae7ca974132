//! Async jobs: asyncAddList, asyncUpdateList, asyncUpsertList, asyncDeleteList, asyncGetList
//! and asyncSearch (in `search`) submit a job (answered with its `asyncStatusResult`), checkAsyncStatus
//! reports it, getAsyncResult pages its results (`asyncResult` of type AsyncAddListResult,
//! … holding the writeResponseList or readResponseList the synchronous list would give).
//!
//! Records are written to the same store, by the same code, as the synchronous lists; the job
//! table (`store::jobs`) reports a job pending, processing, then done after the account's
//! delay. NetSuite's per-job limits (asyncAddList and asyncDeleteList 400, asyncUpdateList and
//! asyncUpsertList 200, asyncGetList 2,000) are an `exceededRecordCountFault`. Faults are
//! `asyncFault`s with FaultCodeType codes: an unknown job id INVALID_JOB_ID, results asked
//! before the job is done JOB_NOT_COMPLETE, a page out of range INVALID_PAGE_INDEX, a failed
//! job's results USER_ERROR with the job's reason.

use std::sync::Arc;

use roxmltree::Node;

use super::record_check;
use super::record_write::{apply_write, Write};
use super::records::{limit, resolve};
use super::response;
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::child_named;
use crate::store::jobs::{Job, JobResults, JobState, WriteResult, WrittenRef};
use crate::store::write::{write_record, WriteOptions};
use crate::store::xml::XmlOut;

/// Results per getAsyncResult page.
const RESULT_PAGE: usize = 100;

pub(crate) fn dispatch(op: &str, body: Node<'_, '_>, ctx: &OpContext<'_>) -> Option<OpResult> {
    Some(match op {
        "asyncAddList" => submit_writes(Write::Add, op, 400, body, ctx),
        "asyncUpdateList" => submit_writes(Write::Update, op, 200, body, ctx),
        "asyncUpsertList" => submit_writes(Write::Upsert, op, 200, body, ctx),
        "asyncDeleteList" => submit_delete(body, ctx),
        "asyncGetList" => submit_get(body, ctx),
        "asyncSearch" => super::search::async_search(body, ctx),
        "checkAsyncStatus" => check_status(body, ctx),
        "getAsyncResult" => get_result(body, ctx),
        _ => return None,
    })
}

fn async_fault(code: &'static str, message: impl Into<String>) -> Fault {
    Fault::new("asyncFault", code, message)
}

/// Keeps the job and answers its status.
fn submitted(ctx: &OpContext<'_>, op: &str, job: Job) -> OpResult {
    let jobs = &ctx.store.jobs;
    let id = jobs.add(ctx.account, job);
    let job = jobs.get(&id).ok_or_else(Fault::unexpected_error)?;
    Ok(status_response(ctx, &format!("{op}Response"), &id, &job))
}

/// A job that fails as a whole when one of `external_ids` has the account's fail prefix.
fn failure<'a>(
    ctx: &OpContext<'_>,
    mut external_ids: impl Iterator<Item = Option<&'a str>>,
) -> Option<String> {
    external_ids.find(|e| ctx.store.jobs.fails(*e)).map(|e| {
        format!(
            "The job failed: record {} could not be processed (simulated).",
            e.unwrap_or("")
        )
    })
}

fn submit_writes(
    write: Write,
    op: &str,
    max: usize,
    body: Node<'_, '_>,
    ctx: &OpContext<'_>,
) -> OpResult {
    let records = limit(body, "record", op, max)?;
    if records.is_empty() {
        return Err(Fault::user_error("The request has no record."));
    }
    if ctx.strict_fields {
        record_check::unknown_element(&records, ctx.version)?;
    }
    let result_type = match write {
        Write::Add => "AsyncAddListResult",
        Write::Update => "AsyncUpdateListResult",
        Write::Upsert => "AsyncUpsertListResult",
    };
    let results = match failure(ctx, records.iter().map(|r| r.attr("externalId"))) {
        Some(message) => Err(message),
        None => {
            let mut tx = ctx.store.write();
            Ok(JobResults::Writes(
                records
                    .iter()
                    .map(|sent| match apply_write(&mut tx, write, sent, ctx) {
                        Ok((record, warnings)) => WriteResult {
                            details: warnings,
                            base_ref: WrittenRef::Record(Box::new(record)),
                        },
                        Err(details) => WriteResult {
                            details,
                            base_ref: WrittenRef::None,
                        },
                    })
                    .collect(),
            ))
        }
    };
    let job = Job {
        submitted: ctx.now,
        result_type,
        results,
    };
    submitted(ctx, op, job)
}

fn submit_delete(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let refs = limit(body, "baseRef", "asyncDeleteList", 400)?;
    if refs.is_empty() {
        return Err(Fault::user_error("The delete request has no baseRef."));
    }
    let results = match failure(ctx, refs.iter().map(|r| r.attr("externalId"))) {
        Some(message) => Err(message),
        None => {
            let mut tx = ctx.store.write();
            Ok(JobResults::Writes(
                refs.iter()
                    .map(|sent| match resolve(&tx, sent) {
                        Ok(record) => {
                            tx.delete(&record, ctx.now);
                            WriteResult {
                                details: Vec::new(),
                                base_ref: WrittenRef::Record(Box::new((*record).clone())),
                            }
                        }
                        Err(detail) => WriteResult {
                            details: vec![detail],
                            base_ref: WrittenRef::Echo(sent.clone()),
                        },
                    })
                    .collect(),
            ))
        }
    };
    let job = Job {
        submitted: ctx.now,
        result_type: "AsyncDeleteListResult",
        results,
    };
    submitted(ctx, "asyncDeleteList", job)
}

fn submit_get(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let refs = limit(body, "baseRef", "asyncGetList", 2000)?;
    if refs.is_empty() {
        return Err(Fault::user_error("The request has no baseRef."));
    }
    let results = match failure(ctx, refs.iter().map(|r| r.attr("externalId"))) {
        Some(message) => Err(message),
        None => {
            let view = ctx.store.read();
            Ok(JobResults::Reads(
                refs.iter().map(|sent| resolve(&view, sent)).collect(),
            ))
        }
    };
    let job = Job {
        submitted: ctx.now,
        result_type: "AsyncGetListResult",
        results,
    };
    submitted(ctx, "asyncGetList", job)
}

/// Submits a job whose results are a kept search (asyncSearch).
pub(crate) fn submit_search(ctx: &OpContext<'_>, results: Result<JobResults, String>) -> OpResult {
    let job = Job {
        submitted: ctx.now,
        result_type: "AsyncSearchResult",
        results,
    };
    submitted(ctx, "asyncSearch", job)
}

fn job_id(body: Node<'_, '_>) -> String {
    child_named(body, "jobId")
        .and_then(|n| n.text())
        .unwrap_or("")
        .trim()
        .to_owned()
}

fn find(ctx: &OpContext<'_>, id: &str) -> Result<Arc<Job>, Fault> {
    ctx.store
        .jobs
        .get(id)
        .ok_or_else(|| async_fault("INVALID_JOB_ID", format!("Invalid jobId: {id}")))
}

fn check_status(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let id = job_id(body);
    let job = find(ctx, &id)?;
    Ok(status_response(ctx, "checkAsyncStatusResponse", &id, &job))
}

fn status_response(ctx: &OpContext<'_>, element: &str, id: &str, job: &Job) -> String {
    let (state, percent, remaining) = ctx.store.jobs.state(job, ctx.now);
    let mut out = XmlOut::new();
    response::open(&mut out, element, ctx.version);
    out.start("platformCore:asyncStatusResult", &[]);
    out.leaf("platformCore:jobId", id);
    out.leaf("platformCore:status", state.word());
    out.leaf("platformCore:percentCompleted", &format!("{percent:.1}"));
    out.leaf(
        "platformCore:estRemainingDuration",
        &format!("{remaining:.1}"),
    );
    out.end("platformCore:asyncStatusResult");
    out.end(element);
    out.finish()
}

fn get_result(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getAsyncResultResponse";
    let id = job_id(body);
    let job = find(ctx, &id)?;
    let (state, _, _) = ctx.store.jobs.state(&job, ctx.now);
    if matches!(state, JobState::Pending | JobState::Processing) {
        return Err(async_fault(
            "JOB_NOT_COMPLETE",
            format!("The job {id} is not complete."),
        ));
    }
    let results = match &job.results {
        Ok(r) => r,
        Err(message) => return Err(async_fault("USER_ERROR", message.clone())),
    };
    let index = child_named(body, "pageIndex")
        .and_then(|n| n.text())
        .and_then(|t| t.trim().parse::<i64>().ok())
        .unwrap_or(0);
    if let JobResults::Search(state) = results {
        return super::search::async_page(ctx, state, index);
    }
    let count = match results {
        JobResults::Writes(w) => w.len(),
        JobResults::Reads(r) => r.len(),
        JobResults::Search(_) => 0,
    };
    let pages = count.div_ceil(RESULT_PAGE).max(1) as i64;
    if index < 1 || index > pages {
        return Err(async_fault(
            "INVALID_PAGE_INDEX",
            format!("The page index must be between 1 and {pages}."),
        ));
    }
    let first = (index as usize - 1) * RESULT_PAGE;
    let range = first..(first + RESULT_PAGE).min(count);
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    let messages = ctx.version.messages();
    let result_type = format!("platformMsgs:{}", job.result_type);
    out.start(
        "asyncResult",
        &[
            ("xmlns:platformMsgs", messages.as_str()),
            ("xsi:type", result_type.as_str()),
        ],
    );
    match results {
        JobResults::Writes(writes) => {
            out.start("writeResponseList", &[]);
            response::status(&mut out, &[]);
            for w in &writes[range] {
                out.start("writeResponse", &[]);
                response::status(&mut out, &w.details);
                match &w.base_ref {
                    WrittenRef::Record(r) => response::record_ref(&mut out, "baseRef", r),
                    WrittenRef::Echo(sent) => response::echo_ref(&mut out, "baseRef", sent),
                    WrittenRef::None => {}
                }
                out.end("writeResponse");
            }
            out.end("writeResponseList");
        }
        JobResults::Reads(reads) => {
            out.start("readResponseList", &[]);
            response::status(&mut out, &[]);
            for r in &reads[range] {
                out.start("readResponse", &[]);
                match r {
                    Ok(record) => {
                        response::status(&mut out, &[]);
                        write_record(&mut out, "record", record, WriteOptions::default());
                    }
                    Err(detail) => response::status(&mut out, std::slice::from_ref(detail)),
                }
                out.end("readResponse");
            }
            out.end("readResponseList");
        }
        JobResults::Search(_) => {}
    }
    out.end("asyncResult");
    out.end(OP);
    Ok(out.finish())
}
