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

mod flow {
    //! The flow over a scripted NetSuite: results that never arrive, a cancelled wait.

    use connector_sdk::OperationImpl;
    use connector_sdk::{Cancellation, OutcomeStatus};
    use serde_json::json;

    use crate::operations::delete::{Delete, DeleteSettings};
    use crate::operations::testkit::{self, json_doc, Collected};

    fn envelope(body: &str) -> String {
        format!(
            r#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap-env:Body>{body}</soap-env:Body></soap-env:Envelope>"#
        )
    }

    fn status(op: &str, state: &str) -> String {
        envelope(&format!(
            r#"<m:{op}Response xmlns:m="urn:messages_2023_2.platform.webservices.netsuite.com"
 xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com"><c:asyncStatusResult>
<c:jobId>JOB-7</c:jobId><c:status>{state}</c:status><c:percentCompleted>0</c:percentCompleted>
<c:estRemainingDuration>0</c:estRemainingDuration></c:asyncStatusResult></m:{op}Response>"#
        ))
    }

    fn page(write_responses: &str) -> String {
        envelope(&format!(
            r#"<m:getAsyncResultResponse xmlns:m="urn:messages_2023_2.platform.webservices.netsuite.com"
 xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com"><m:asyncResult xsi:type="m:AsyncDeleteListResult">
<m:writeResponseList><c:status isSuccess="true"/>{write_responses}</m:writeResponseList></m:asyncResult></m:getAsyncResultResponse>"#
        ))
    }

    fn delete(settings: serde_json::Value) -> (Delete, std::sync::Arc<testkit::Script>) {
        let (client, script) = testkit::client("2023.2", None, 0);
        let s: DeleteSettings = serde_json::from_value(settings).unwrap();
        (Delete::new(client, s).unwrap(), script)
    }

    fn docs() -> Vec<connector_sdk::Document> {
        (1..=3)
            .map(|n| json_doc(json!({"internalId": n.to_string()})))
            .collect()
    }

    #[test]
    fn writes_whose_results_never_arrive_are_maybe_applied_with_the_job_id() {
        let (op, script) = delete(json!({"record_type": "customer", "async": true}));
        script.answer(status("asyncDeleteList", "pending"));
        script.answer(status("checkAsyncStatus", "finished"));
        script.answer(page(
            r#"<m:writeResponse><c:status isSuccess="true"/><m:baseRef internalId="1" type="customer" xsi:type="c:RecordRef"/></m:writeResponse>"#,
        ));
        // The next page brings nothing: two results never arrive.
        script.answer(page(""));
        let mut results = Collected::default();
        op.execute(&docs(), &mut results, &Cancellation::new())
            .unwrap();
        let requests = script.requests();
        assert!(requests[0].contains("asyncDeleteList"), "{}", requests[0]);
        assert!(requests[1].contains("<platformMsgs:jobId>JOB-7</platformMsgs:jobId>"));
        assert!(requests[2].contains("<platformMsgs:pageIndex>1</platformMsgs:pageIndex>"));
        assert!(requests[3].contains("<platformMsgs:pageIndex>2</platformMsgs:pageIndex>"));
        assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
        for i in [1, 2] {
            let o = results.outcome_of(i);
            assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
            assert_eq!(o.code.as_str(), "MAYBE_APPLIED");
            assert!(o.message.contains("async_job_id = \"JOB-7\""), "{o:?}");
            assert!(o.detail_json.contains("JOB-7"), "{o:?}");
        }
    }

    #[test]
    fn a_cancelled_wait_names_the_job_to_resume_and_sends_nothing_more() {
        let (op, script) = delete(json!({"record_type": "customer", "async": true}));
        script.answer(status("asyncDeleteList", "processing"));
        let cancel = Cancellation::new();
        script.cancel_after(1, &cancel);
        let mut results = Collected::default();
        op.execute(&docs(), &mut results, &cancel).unwrap();
        assert_eq!(script.requests().len(), 1, "only the submission");
        for i in 0..3 {
            let o = results.outcome_of(i);
            assert_eq!(o.code.as_str(), "CANCELLED", "{o:?}");
            assert!(o.message.contains("JOB-7"), "{o:?}");
        }
    }

    #[test]
    fn a_resumed_job_is_checked_not_submitted() {
        let (op, script) =
            delete(json!({"record_type": "customer", "async": true, "async_job_id": "JOB-7"}));
        script.answer(status("checkAsyncStatus", "finishedWithErrors"));
        script.answer(page(
            r#"<m:writeResponse><c:status isSuccess="true"/></m:writeResponse>
<m:writeResponse><c:status isSuccess="false"><c:statusDetail type="ERROR"><c:code>RCRD_DSNT_EXIST</c:code><c:message>gone</c:message></c:statusDetail></c:status></m:writeResponse>
<m:writeResponse><c:status isSuccess="true"/></m:writeResponse>"#,
        ));
        let mut results = Collected::default();
        op.execute(&docs(), &mut results, &Cancellation::new())
            .unwrap();
        let requests = script.requests();
        assert!(requests.iter().all(|r| !r.contains("asyncDeleteList")));
        assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
        assert_eq!(results.outcome_of(1).code.as_str(), "RCRD_DSNT_EXIST");
        assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
    }
}
