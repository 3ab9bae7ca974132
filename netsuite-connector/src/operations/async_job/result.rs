//! Reading a finished job's results: getAsyncResult page by page, each page's
//! `asyncResult` (AsyncAddListResult, AsyncGetListResult, …) read as the synchronous list's
//! response is (`ListOperation::decode`), until every record of the job has its answer.

use connector_sdk::{Cancellation, Outcome};

use super::submit;
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::operations::driver::{Answer, ListOperation};
use crate::parse;
use crate::schema::SchemaRegistry;

/// What the pages gave.
#[derive(Debug)]
pub(crate) struct Collected {
    /// The answers, in the job's record order.
    pub(crate) answers: Vec<Answer>,
    /// Why reading stopped before every record had its answer, if it did.
    pub(crate) stopped: Option<Error>,
}

/// Reads pages from 1 until `expected` answers arrived, a page brings none, or a page fails.
pub(crate) fn collect<O: ListOperation>(
    op: &O,
    client: &Client,
    registry: Option<&SchemaRegistry>,
    job_id: &str,
    expected: usize,
    cancel: &Cancellation,
) -> Collected {
    let mut answers = Vec::with_capacity(expected);
    let mut page: u32 = 1;
    while answers.len() < expected {
        let decoded = client
            .call("getAsyncResult", CallOptions::default(), cancel, &|w| {
                submit::write_get_result(w, job_id, page)
            })
            .and_then(|r| {
                r.read(|node| {
                    let result = parse::child(node, "asyncResult")
                        .ok_or("the getAsyncResult answer has no asyncResult")?;
                    op.decode(registry, result)
                })
            });
        match decoded {
            Ok(d) if d.answers.is_empty() => break,
            Ok(d) => answers.extend(d.answers),
            Err(e) => {
                return Collected {
                    answers,
                    stopped: Some(e),
                }
            }
        }
        page += 1;
    }
    Collected {
        answers,
        stopped: None,
    }
}

/// The outcome of every record of a job NetSuite says `failed`: NetSuite's reason, which
/// getAsyncResult gives as its fault (APPLICATION_ERROR: the job's data was refused).
pub(crate) fn failure(client: &Client, job_id: &str, cancel: &Cancellation) -> Outcome {
    let reason = client
        .call("getAsyncResult", CallOptions::default(), cancel, &|w| {
            submit::write_get_result(w, job_id, 1)
        })
        .err();
    match reason {
        Some(e) => Outcome::application_error(
            &e.code(),
            &format!("NetSuite's async job {job_id} failed: {}", e.user_message()),
        ),
        None => Outcome::application_error(
            "ASYNC_JOB_FAILED",
            &format!("NetSuite's async job {job_id} failed without saying why"),
        ),
    }
}
