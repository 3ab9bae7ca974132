//! Async list operations (`async = true`) end to end through the host, the plugin and the
//! simulator: asyncAddList, asyncUpdateList, asyncUpsertList, asyncDeleteList, asyncGetList
//! and asyncSearch on 2017.1, 2017.2 and 2023.2, polled with checkAsyncStatus and read with
//! getAsyncResult; one outcome per document in input order with the job id in its detail; a
//! record failing inside a job (finishedWithErrors); a failed job; a batch over NetSuite's
//! per-job limit split into jobs; an interrupted run resumed by `async_job_id`.

use std::collections::HashMap;
use std::time::Duration;

use connector_api::abi_stable::{sabi_trait::TD_Opaque, std_types::RSlice};
use connector_api::{Cancellation, Document, OutcomeStatus, ResultSink_TO};
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";
const VERSIONS: [(&str, &str); 3] = [
    ("2017.1", "2017_1"),
    ("2017.2", "2017_2"),
    ("2023.2", "2023_2"),
];

fn fixture(version: &str) -> Fixture {
    support::fixture(version, support::account(ACCOUNT))
}

fn outputs_of(results: &Results, i: u32) -> Vec<&Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v)
        .collect()
}

/// The job id an outcome's detail names.
fn job_of(results: &Results, i: u32) -> String {
    let detail: Value = serde_json::from_str(results.outcome(i).detail_json.as_str())
        .unwrap_or_else(|e| panic!("input {i}: detail is JSON: {e}: {:?}", results.outcome(i)));
    detail["jobId"]
        .as_str()
        .unwrap_or_else(|| panic!("input {i}: no jobId in {detail}"))
        .to_string()
}

/// Outcomes arrive in input order, one per input.
fn assert_in_order(results: &Results, count: u32) {
    let order: Vec<u32> = results.outcomes.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        order,
        (0..count).collect::<Vec<_>>(),
        "{:?}",
        results.outcomes
    );
}

fn customer(external_id: &str, name: &str) -> Value {
    json!({"externalId": external_id, "companyName": name, "subsidiary": {"internalId": "1"}})
}

/// How many customers NetSuite holds with each company name (a synchronous query).
fn company_names(f: &Fixture) -> HashMap<String, usize> {
    let r = execute(
        &f.connection,
        &json!({"action": "QUERY", "record_type": "customer"}),
        &[json!({})],
    );
    assert_eq!(
        r.outcome(0).status,
        OutcomeStatus::Success,
        "{:?}",
        r.outcomes
    );
    let mut names = HashMap::new();
    for c in outputs_of(&r, 0) {
        if let Some(name) = c["companyName"].as_str() {
            *names.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    names
}

#[test]
fn every_async_operation_reports_one_outcome_per_document_in_order_on_every_version() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let ext = |n: &str| format!("async-{tag}-{n}");

        // Create: two records in one job.
        let r = execute(
            &f.connection,
            &json!({"action": "CREATE", "record_type": "customer", "async": true}),
            &[
                customer(&ext("1"), "Async One"),
                customer(&ext("2"), "Async Two"),
            ],
        );
        assert_in_order(&r, 2);
        for i in 0..2 {
            assert_eq!(
                r.outcome(i).status,
                OutcomeStatus::Success,
                "{version}: {:?}",
                r.outcomes
            );
        }
        let job = job_of(&r, 0);
        assert_eq!(job_of(&r, 1), job, "one job for the batch");
        let first = outputs_of(&r, 0)[0]["internalId"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(outputs_of(&r, 1)[0]["externalId"], json!(ext("2")));

        // Update: a missing record fails alone inside the job (finishedWithErrors).
        let r = execute(
            &f.connection,
            &json!({"action": "UPDATE", "record_type": "customer", "async": true}),
            &[
                json!({"internalId": "19999999", "companyName": "Nobody"}),
                json!({"internalId": first, "companyName": "Async One Renamed"}),
            ],
        );
        assert_in_order(&r, 2);
        assert_eq!(r.outcome(0).status, OutcomeStatus::ApplicationError);
        assert_eq!(r.outcome(0).code.as_str(), "RCRD_DSNT_EXIST");
        assert_eq!(
            r.outcome(1).status,
            OutcomeStatus::Success,
            "{:?}",
            r.outcomes
        );
        assert!(!job_of(&r, 0).is_empty());

        // Upsert: one existing by externalId, one new.
        let r = execute(
            &f.connection,
            &json!({"action": "UPSERT", "record_type": "customer", "async": true}),
            &[
                customer(&ext("2"), "Async Two Upserted"),
                customer(&ext("3"), "Async Three"),
            ],
        );
        assert_in_order(&r, 2);
        assert_eq!(
            r.outcome(0).status,
            OutcomeStatus::Success,
            "{:?}",
            r.outcomes
        );
        assert_eq!(r.outcome(1).status, OutcomeStatus::Success);

        // Get: by internalId and externalId; a missing id fails alone.
        let r = execute(
            &f.connection,
            &json!({"action": "GET", "record_type": "customer", "async": true}),
            &[
                json!({"internalId": first}),
                json!({"internalId": "19999998"}),
                json!({"externalId": ext("2")}),
            ],
        );
        assert_in_order(&r, 3);
        assert_eq!(outputs_of(&r, 0)[0]["companyName"], "Async One Renamed");
        assert_eq!(r.outcome(1).code.as_str(), "RCRD_DSNT_EXIST");
        assert_eq!(outputs_of(&r, 2)[0]["companyName"], "Async Two Upserted");
        assert!(!job_of(&r, 1).is_empty());

        // Query: the same records as the synchronous query, several pages.
        let sync = execute(
            &f.connection,
            &json!({"action": "QUERY", "record_type": "customer", "page_size": 40}),
            &[json!({})],
        );
        let r = execute(
            &f.connection,
            &json!({"action": "QUERY", "record_type": "customer", "page_size": 40, "async": true}),
            &[json!({})],
        );
        assert_eq!(
            r.outcome(0).status,
            OutcomeStatus::Success,
            "{:?}",
            r.outcomes
        );
        assert!(!job_of(&r, 0).is_empty());
        let ids = |r: &Results| {
            let mut ids: Vec<String> = outputs_of(r, 0)
                .iter()
                .map(|o| o["internalId"].as_str().unwrap_or_default().to_string())
                .collect();
            ids.sort();
            ids
        };
        assert!(ids(&r).len() > 40, "more than one page: {}", ids(&r).len());
        assert_eq!(ids(&r), ids(&sync));

        // Delete: two records; a missing one fails alone.
        let r = execute(
            &f.connection,
            &json!({"action": "DELETE", "record_type": "customer", "async": true}),
            &[
                json!({"internalId": first}),
                json!({"externalId": ext("3")}),
                json!({"internalId": "19999997"}),
            ],
        );
        assert_in_order(&r, 3);
        assert_eq!(
            r.outcome(0).status,
            OutcomeStatus::Success,
            "{:?}",
            r.outcomes
        );
        assert_eq!(r.outcome(1).status, OutcomeStatus::Success);
        assert_eq!(r.outcome(2).status, OutcomeStatus::ApplicationError);
        let names = company_names(&f);
        assert!(!names.contains_key("Async One Renamed"), "deleted");
        assert!(!names.contains_key("Async Three"), "deleted");

        let counters = f.sim.handle.counters();
        for op in [
            "asyncAddList",
            "asyncUpdateList",
            "asyncUpsertList",
            "asyncGetList",
            "asyncSearch",
            "asyncDeleteList",
        ] {
            assert_eq!(counters.operation(op), 1, "{version}: {op}");
        }
        assert!(counters.operation("getAsyncResult") >= 6);
        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn a_failed_job_fails_every_document_with_netsuites_reason_and_writes_nothing() {
    let f = support::fixture(
        "2023.2",
        support::account(ACCOUNT).with_async_job_fail_prefix("doomed-"),
    );
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "async": true}),
        &[
            customer("fine-1", "Fine One"),
            customer("doomed-2", "Doomed Two"),
        ],
    );
    assert_in_order(&r, 2);
    for i in 0..2 {
        let o = r.outcome(i);
        assert_eq!(
            o.status,
            OutcomeStatus::ApplicationError,
            "{:?}",
            r.outcomes
        );
        assert!(
            o.message.contains("failed") && o.message.contains("doomed-2"),
            "NetSuite's reason: {o:?}"
        );
        assert!(!job_of(&r, i).is_empty());
    }
    let names = company_names(&f);
    assert!(!names.contains_key("Fine One"));
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn a_batch_over_the_per_job_limit_is_split_into_jobs() {
    let f = fixture("2023.2");
    let docs: Vec<Value> = (0..401)
        .map(|n| customer(&format!("split-{n}"), &format!("Split {n}")))
        .collect();
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "async": true}),
        &docs,
    );
    assert_in_order(&r, 401);
    for i in 0..401 {
        assert_eq!(
            r.outcome(i).status,
            OutcomeStatus::Success,
            "{i}: {:?}",
            r.outcome(i)
        );
        assert_eq!(
            outputs_of(&r, i)[0]["externalId"],
            json!(format!("split-{i}")),
            "results in input order"
        );
    }
    assert_eq!(job_of(&r, 0), job_of(&r, 399));
    assert_ne!(job_of(&r, 399), job_of(&r, 400), "a second job");
    assert_eq!(f.sim.handle.counters().operation("asyncAddList"), 2);
    // Results of a 400-record job come in several pages.
    assert!(f.sim.handle.counters().operation("getAsyncResult") >= 5);
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn an_interrupted_run_is_resumed_by_job_id_and_creates_nothing_twice() {
    let f = support::fixture(
        "2017.2",
        support::account(ACCOUNT).with_async_job_delay(Duration::from_millis(1500)),
    );
    let docs = [
        customer("resume-1", "Resume One"),
        customer("resume-2", "Resume Two"),
    ];
    let create = json!({"action": "CREATE", "record_type": "customer", "async": true});
    // The schema is learned first, so the short run below only submits and waits.
    execute(
        &f.connection,
        &json!({"action": "GET", "record_type": "customer"}),
        &[json!({"internalId": "19999999"})],
    );
    // The run is stopped while the job runs (its deadline passes during the wait).
    let r = execute_until(&f.connection, &create, &docs, Duration::from_millis(400));
    assert_in_order(&r, 2);
    assert_eq!(r.outcome(0).code.as_str(), "CANCELLED", "{:?}", r.outcomes);
    let job = job_of(&r, 0);
    assert!(r.outcome(0).message.contains(&job), "{:?}", r.outcome(0));

    let mut resume = create.clone();
    resume["async_job_id"] = json!(job);
    let r = execute(&f.connection, &resume, &docs);
    assert_in_order(&r, 2);
    for i in 0..2 {
        assert_eq!(
            r.outcome(i).status,
            OutcomeStatus::Success,
            "{:?}",
            r.outcomes
        );
        assert_eq!(job_of(&r, i), job);
    }
    assert_eq!(outputs_of(&r, 1)[0]["externalId"], "resume-2");
    assert_eq!(
        f.sim.handle.counters().operation("asyncAddList"),
        1,
        "submitted once"
    );
    let names = company_names(&f);
    assert_eq!(names.get("Resume One"), Some(&1));
    assert_eq!(names.get("Resume Two"), Some(&1));

    // An unknown job id fails each document with NetSuite's fault, sending nothing.
    resume["async_job_id"] = json!("ASYNCWEBSERVICES_NOPE");
    let r = execute(&f.connection, &resume, &docs);
    assert_in_order(&r, 2);
    assert_eq!(
        r.outcome(0).code.as_str(),
        "INVALID_JOB_ID",
        "{:?}",
        r.outcomes
    );
    assert_eq!(f.sim.handle.counters().operation("asyncAddList"), 1);
    f.sim.assert_exchanges_valid("2017_2");
}

#[test]
fn a_job_id_without_async_is_a_field_error() {
    let f = fixture("2023.2");
    let e = f
        .connection
        .prepare(
            json!({"action": "CREATE", "record_type": "customer", "async_job_id": "J1"})
                .to_string()
                .as_str()
                .into(),
        )
        .into_result()
        .err()
        .expect("refused");
    assert!(format!("{e:?}").contains("async_job_id"), "{e:?}");
}

/// Executes with a cancellation whose deadline is `after` from now.
fn execute_until(
    connection: &connector_api::ConnectionBox,
    operation: &Value,
    docs: &[Value],
    after: Duration,
) -> Results {
    let op = connection
        .prepare(operation.to_string().as_str().into())
        .into_result()
        .expect("prepares");
    let documents: Vec<Document> = docs.iter().map(|d| Document::json(d.to_string())).collect();
    let mut results = Results::default();
    let sink = ResultSink_TO::from_ptr(&mut results, TD_Opaque);
    op.execute(
        RSlice::from_slice(&documents),
        sink,
        &Cancellation::with_timeout(after),
    )
    .into_result()
    .expect("execute runs");
    results
}

#[test]
fn an_async_query_is_read_again_by_its_job_id_without_a_new_search() {
    let f = fixture("2023.2");
    let query =
        json!({"action": "QUERY", "record_type": "customer", "page_size": 30, "async": true});
    let first = execute(&f.connection, &query, &[json!({})]);
    assert_eq!(
        first.outcome(0).status,
        OutcomeStatus::Success,
        "{:?}",
        first.outcomes
    );
    let job = job_of(&first, 0);

    let mut resume = query.clone();
    resume["async_job_id"] = json!(job);
    let again = execute(&f.connection, &resume, &[json!({})]);
    assert_eq!(
        again.outcome(0).status,
        OutcomeStatus::Success,
        "{:?}",
        again.outcomes
    );
    assert_eq!(job_of(&again, 0), job);
    assert_eq!(outputs_of(&again, 0), outputs_of(&first, 0));
    assert_eq!(f.sim.handle.counters().operation("asyncSearch"), 1);
    f.sim.assert_exchanges_valid("2023_2");
}
