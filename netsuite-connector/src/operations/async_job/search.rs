//! asyncSearch: the query's search submitted as a job and waited for; its pages are then read
//! by the query itself with getAsyncResult (`operations::query`), as it reads a synchronous
//! search's pages.

use connector_sdk::{Cancellation, Outcome};

use super::{poll, result, submit, AsyncJob};
use crate::client::{CallOptions, Client};
use crate::operations::outcome;

/// Submits the search (`body`, an `asyncSearch` element) as a job, or resumes the job the
/// settings name for query run `run` (0-based), and waits until it is done: the job id, or
/// the query's outcome (a failed job with NetSuite's reason, a cancelled wait, a failed
/// request), the job id in its detail when there is one.
pub(crate) fn start(
    client: &Client,
    job: &AsyncJob,
    run: usize,
    body: &[u8],
    options: CallOptions<'_>,
    cancel: &Cancellation,
) -> Result<String, Outcome> {
    let submitted = if job.resume.is_empty() {
        client.call("asyncSearch", options, cancel, &|w| {
            // Written by quick-xml in `Plan::write_as`; spliced as is.
            w.get_mut().extend_from_slice(body);
            Ok(())
        })
    } else {
        let Some(id) = job.resume.get(run) else {
            return Err(Outcome::failure(
                "NO_JOB_ID",
                &format!(
                    "async_job_id names {} job(s), one per query document, and this batch has \
                     more; this query was not submitted: run it again without async_job_id",
                    job.resume.len()
                ),
            ));
        };
        client.call("checkAsyncStatus", CallOptions::default(), cancel, &|w| {
            submit::write_check(w, id)
        })
    };
    let status = submitted
        .and_then(|r| r.read(submit::read_status))
        .map_err(outcome::of_request_error)?;
    let job_id = status.job_id.clone();
    let with_id = |mut o: Outcome| {
        o.detail_json = super::with_job_id(o.detail_json.as_str(), &job_id)
            .to_string()
            .into();
        o
    };
    let status = match poll::until_done(client, job.backoff, status, cancel) {
        Ok(s) => s,
        Err(poll::Stopped::Cancelled) => {
            return Err(with_id(Outcome::failure(
                "CANCELLED",
                &format!(
                    "cancelled while NetSuite's async search {job_id} was running; run the same \
                     query with async_job_id = \"{job_id}\" to read its results"
                ),
            )))
        }
        Err(poll::Stopped::Check(e)) => return Err(with_id(outcome::of_request_error(e))),
    };
    if status.state == submit::JobState::Failed {
        return Err(with_id(result::failure(client, &job_id, cancel)));
    }
    Ok(job_id)
}

/// `<platformMsgs:getAsyncResult>` for one page of the job's results.
pub(crate) fn write_page_request(
    w: &mut crate::envelope::XmlWriter,
    job_id: &str,
    page: u32,
) -> std::io::Result<()> {
    submit::write_get_result(w, job_id, page)
}
