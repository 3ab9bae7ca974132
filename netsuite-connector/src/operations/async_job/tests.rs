//! The poll backoff, reading a job's state, and the job id in outcome details.

use std::time::Duration;

use super::poll::PollBackoff;
use super::submit::{read_status, JobState};
use super::with_job_id;

#[test]
fn the_pause_doubles_from_the_first_and_stops_at_the_ceiling() {
    let b = PollBackoff {
        first: Duration::from_secs(1),
        max: Duration::from_secs(30),
    };
    let pauses: Vec<u64> = (0..8).map(|n| b.delay(n).as_secs()).collect();
    assert_eq!(pauses, [1, 2, 4, 8, 16, 30, 30, 30]);
    assert_eq!(b.delay(1_000), Duration::from_secs(30));
    let d = PollBackoff::DEFAULT;
    assert_eq!(d.delay(0), Duration::from_millis(250));
    assert_eq!(d.delay(40), Duration::from_secs(30));
}

fn status_of(xml: &str) -> Result<super::submit::JobStatus, String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    read_status(doc.root_element())
}

#[test]
fn a_status_result_is_read_with_its_job_id_state_and_progress() {
    let s = status_of(
        r#"<asyncAddListResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
             xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com">
           <c:asyncStatusResult><c:jobId> ASYNCWEBSERVICES_1_2 </c:jobId><c:status>processing</c:status>
           <c:percentCompleted>42.5</c:percentCompleted><c:estRemainingDuration>3.0</c:estRemainingDuration>
           </c:asyncStatusResult></asyncAddListResponse>"#,
    )
    .unwrap();
    assert_eq!(s.job_id, "ASYNCWEBSERVICES_1_2");
    assert_eq!(s.state, JobState::Processing);
    assert!((s.percent_completed - 42.5).abs() < 1e-9);
    assert!((s.est_remaining_duration - 3.0).abs() < 1e-9);
    assert!(!s.state.is_done());
}

#[test]
fn every_state_word_is_read_and_an_unknown_one_means_still_running() {
    for (word, state, done) in [
        ("pending", JobState::Pending, false),
        ("processing", JobState::Processing, false),
        ("finished", JobState::Finished, true),
        ("finishedWithErrors", JobState::FinishedWithErrors, true),
        ("failed", JobState::Failed, true),
        ("retry", JobState::Pending, false),
    ] {
        assert_eq!(JobState::parse(word), state, "{word}");
        assert_eq!(state.is_done(), done, "{word}");
    }
}

#[test]
fn a_status_without_job_id_is_refused() {
    let e = status_of(
        r#"<r><asyncStatusResult><jobId/><status>pending</status></asyncStatusResult></r>"#,
    )
    .unwrap_err();
    assert!(e.contains("jobId"), "{e}");
    assert!(status_of("<r/>").is_err());
}

#[test]
fn the_job_id_joins_any_detail() {
    assert_eq!(with_job_id("", "J1"), serde_json::json!({"jobId": "J1"}));
    assert_eq!(
        with_job_id(r#"{"warning":"afterSubmitFailed"}"#, "J1"),
        serde_json::json!({"warning": "afterSubmitFailed", "jobId": "J1"})
    );
    assert_eq!(
        with_job_id("[1]", "J1"),
        serde_json::json!({"jobId": "J1", "detail": [1]})
    );
}
