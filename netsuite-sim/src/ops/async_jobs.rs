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

#[cfg(test)]
mod tests {
    use roxmltree::Document;
    use time::macros::datetime;
    use time::OffsetDateTime;

    use super::super::{dispatch, OpContext, Preferences, SearchPreferences};
    use crate::faults::Fault;
    use crate::store::AccountStore;
    use crate::version::Version;

    const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";

    fn call(store: &AccountStore, now: OffsetDateTime, xml: &str) -> Result<String, Fault> {
        let doc = Document::parse(xml).expect("request XML parses");
        let body = doc.root_element();
        let ctx = OpContext {
            version: Version {
                year: 2023,
                release: 2,
            },
            account: "123456_SB1",
            store,
            preferences: &Preferences::default(),
            search_preferences: &SearchPreferences::default(),
            now,
            after_submit_fail_prefix: None,
            strict_fields: true,
        };
        dispatch(body.tag_name().name(), body, &ctx).expect("an async operation")
    }

    fn add_list(count: usize) -> String {
        let record = r#"<record xmlns:r="urn:relationships_2023_2.lists.webservices.netsuite.com" xsi:type="r:Customer"><r:companyName>Async</r:companyName><r:subsidiary internalId="1"/></record>"#;
        format!(
            r#"<asyncAddList xmlns="{MSGS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{}</asyncAddList>"#,
            record.repeat(count)
        )
    }

    fn text_of(xml: &str, local: &str) -> String {
        let doc = Document::parse(xml).unwrap();
        let found = doc
            .descendants()
            .find(|n| n.tag_name().name() == local)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string();
        found
    }

    fn get_result(id: &str, page: u32) -> String {
        format!(
            r#"<getAsyncResult xmlns="{MSGS}"><jobId>{id}</jobId><pageIndex>{page}</pageIndex></getAsyncResult>"#
        )
    }

    #[test]
    fn a_job_is_checked_then_read_page_by_page_and_its_faults_are_netsuites() {
        let store = AccountStore::default();
        let start = datetime!(2025-06-15 10:00 UTC);
        let later = start + time::Duration::seconds(5);

        let fault = call(&store, start, &add_list(401)).unwrap_err();
        assert_eq!(fault.code, "MAX_RCRDS_EXCEEDED");

        let submitted = call(&store, start, &add_list(150)).unwrap();
        assert_eq!(text_of(&submitted, "status"), "pending");
        let id = text_of(&submitted, "jobId");

        let early = call(&store, start, &get_result(&id, 1)).unwrap_err();
        assert_eq!(
            (early.element, early.code),
            ("asyncFault", "JOB_NOT_COMPLETE")
        );

        let check =
            format!(r#"<checkAsyncStatus xmlns="{MSGS}"><jobId>{id}</jobId></checkAsyncStatus>"#);
        let done = call(&store, later, &check).unwrap();
        assert_eq!(text_of(&done, "status"), "finished");
        assert_eq!(text_of(&done, "percentCompleted"), "100.0");

        let count = |xml: &str| {
            Document::parse(xml)
                .unwrap()
                .descendants()
                .filter(|n| n.tag_name().name() == "writeResponse")
                .count()
        };
        assert_eq!(
            count(&call(&store, later, &get_result(&id, 1)).unwrap()),
            100
        );
        assert_eq!(
            count(&call(&store, later, &get_result(&id, 2)).unwrap()),
            50
        );
        let beyond = call(&store, later, &get_result(&id, 3)).unwrap_err();
        assert_eq!(beyond.code, "INVALID_PAGE_INDEX");

        let unknown = call(&store, later, &get_result("ASYNCWEBSERVICES_NOPE", 1)).unwrap_err();
        assert_eq!(
            (unknown.element, unknown.code),
            ("asyncFault", "INVALID_JOB_ID")
        );
    }
}
