//! The job's state as NetSuite answers it (`asyncStatusResult`, the answer of every async
//! submission and of checkAsyncStatus), and the requests that carry only a job id.

use roxmltree::Node;

use crate::envelope::{self, XmlWriter};
use crate::parse;

/// What NetSuite says a job is doing (`AsyncStatusType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JobState {
    Pending,
    Processing,
    /// Done, every record succeeded.
    Finished,
    /// Done, some records failed (each result says which).
    FinishedWithErrors,
    /// The job as a whole failed: no results to read.
    Failed,
}

impl JobState {
    /// NetSuite's word; anything else (the docs also name `retry`) is still running.
    pub(crate) fn parse(text: &str) -> JobState {
        match text.trim() {
            "finished" => JobState::Finished,
            "finishedWithErrors" => JobState::FinishedWithErrors,
            "failed" => JobState::Failed,
            "processing" => JobState::Processing,
            _ => JobState::Pending,
        }
    }

    /// True once NetSuite will not change the job any more.
    pub(crate) fn is_done(self) -> bool {
        matches!(
            self,
            JobState::Finished | JobState::FinishedWithErrors | JobState::Failed
        )
    }
}

/// One `asyncStatusResult`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JobStatus {
    pub(crate) job_id: String,
    pub(crate) state: JobState,
    /// 0 to 100.
    pub(crate) percent_completed: f64,
    /// NetSuite's estimate, in seconds.
    pub(crate) est_remaining_duration: f64,
}

/// Reads `<op>Response > asyncStatusResult`.
pub(crate) fn read_status(response: Node<'_, '_>) -> Result<JobStatus, String> {
    let result =
        parse::child(response, "asyncStatusResult").ok_or("the answer has no asyncStatusResult")?;
    let job_id = parse::child_text(result, "jobId")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or("the asyncStatusResult has no jobId")?;
    let number = |name: &str| {
        parse::child_text(result, name)
            .and_then(|t| t.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(JobStatus {
        job_id: job_id.to_string(),
        state: JobState::parse(parse::child_text(result, "status").unwrap_or("")),
        percent_completed: number("percentCompleted"),
        est_remaining_duration: number("estRemainingDuration"),
    })
}

/// `<platformMsgs:checkAsyncStatus><platformMsgs:jobId>`.
pub(crate) fn write_check(w: &mut XmlWriter, job_id: &str) -> std::io::Result<()> {
    w.create_element("platformMsgs:checkAsyncStatus")
        .write_inner_content(|w| envelope::text(w, "platformMsgs:jobId", job_id))?;
    Ok(())
}

/// `<platformMsgs:getAsyncResult>` for one page (from 1).
pub(crate) fn write_get_result(w: &mut XmlWriter, job_id: &str, page: u32) -> std::io::Result<()> {
    w.create_element("platformMsgs:getAsyncResult")
        .write_inner_content(|w| {
            envelope::text(w, "platformMsgs:jobId", job_id)?;
            envelope::text(w, "platformMsgs:pageIndex", &page.to_string())
        })?;
    Ok(())
}
