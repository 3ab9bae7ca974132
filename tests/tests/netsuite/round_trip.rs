//! The operations against the simulator through the host's real transport (pooled HTTP/1.1,
//! permits) and the loaded plugin: query paging, a create/update/upsert/get/delete round
//! trip on one set of records, and Execute functions.

use connector_api::OutcomeStatus;
use serde_json::{json, Value};

use crate::support::{self, Fixture, Results};

const ACCOUNT: &str = "TSTDRV7001";

fn fixture() -> Fixture {
    support::fixture("2023.2", support::account(ACCOUNT))
}

impl Fixture {
    fn run(&self, operation: Value, documents: Vec<Value>) -> Results {
        let results = support::execute(&self.connection, &operation, &documents);
        for i in 0..documents.len() as u32 {
            results.outcome(i); // exactly one each
        }
        results
    }
}

fn outputs_of(results: &Results, i: u32) -> Vec<Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v.clone())
        .collect()
}

fn assert_success(results: &Results, i: u32) {
    let o = results.outcome(i);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
}

#[test]
fn query_reads_every_page_of_the_simulator() {
    let f = fixture();
    let r = f.run(
        json!({"action": "QUERY", "record_type": "customer", "page_size": 10}),
        vec![json!({})],
    );
    assert_success(&r, 0);
    let detail: Value = serde_json::from_str(r.outcome(0).detail_json.as_str()).unwrap();
    let records = outputs_of(&r, 0);
    assert_eq!(detail["records"].as_u64(), Some(records.len() as u64));
    assert!(records.len() > 10, "more than one page: {}", records.len());
    assert!(detail["pages"].as_u64().unwrap() > 1);
    assert!(records.iter().all(|c| c["recordType"] == "Customer"));
    let mut ids: Vec<&str> = records
        .iter()
        .map(|c| c["internalId"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), records.len(), "no record twice");

    let filtered = f.run(
        json!({"action": "QUERY", "record_type": "customer", "batch_results": true,
               "filters": [{"field": "entityId", "operator": "is", "parameter": "id"}]}),
        vec![json!({"parameters": {"id": "CUST7"}})],
    );
    assert_success(&filtered, 0);
    let pages = outputs_of(&filtered, 0);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["records"][0]["entityId"], "CUST7");
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn create_update_upsert_delete_round_trip() {
    let f = fixture();
    let created = f.run(
        json!({"action": "CREATE", "record_type": "customer", "ignore_read_only_fields": true}),
        vec![
            json!({"externalId": "OPS-1", "entityId": "Ops One", "companyName": "Ops One Ltd",
                   "subsidiary": {"internalId": "1"}}),
            json!({"externalId": "OPS-2", "entityId": "Ops Two", "companyNme": "typo"}),
            json!({"externalId": "OPS-3", "entityId": "Ops Three", "companyName": "Ops Three Ltd",
                   "subsidiary": {"internalId": "1"}}),
        ],
    );
    assert_success(&created, 0);
    let bad = created.outcome(1);
    assert_eq!(bad.status, OutcomeStatus::ApplicationError);
    assert!(bad.message.contains("companyNme"), "{}", bad.message);
    assert_success(&created, 2);
    let id = outputs_of(&created, 0)[0]["internalId"]
        .as_str()
        .expect("an internal id")
        .to_string();

    let updated = f.run(
        json!({"action": "UPDATE", "record_type": "customer"}),
        vec![
            json!({"internalId": id, "phone": "555-0199"}),
            json!({"internalId": "999999999", "phone": "1"}),
        ],
    );
    assert_success(&updated, 0);
    assert_eq!(updated.outcome(1).status, OutcomeStatus::ApplicationError);

    let upserted = f.run(
        json!({"action": "UPSERT", "record_type": "customer"}),
        vec![json!({"externalId": "OPS-3", "companyName": "Ops Three Renamed"})],
    );
    assert_success(&upserted, 0);

    let got = f.run(
        json!({"action": "GET", "record_type": "customer"}),
        vec![json!({"internalId": id})],
    );
    assert_eq!(outputs_of(&got, 0)[0]["phone"], "555-0199");

    let deleted = f.run(
        json!({"action": "DELETE", "record_type": "customer"}),
        vec![
            json!({"internalId": id}),
            json!({"externalId": "OPS-3"}),
            json!({"internalId": id}),
        ],
    );
    assert_success(&deleted, 0);
    assert_success(&deleted, 1);
    let again = deleted.outcome(2);
    assert_eq!(
        again.status,
        OutcomeStatus::ApplicationError,
        "{}",
        again.message
    );

    let gone = f.run(
        json!({"action": "EXECUTE", "function": "getDeleted"}),
        vec![json!({"type": "customer"})],
    );
    assert_success(&gone, 0);
    assert!(outputs_of(&gone, 0)
        .iter()
        .any(|d| d["internalId"].as_str() == Some(id.as_str())));
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn execute_functions_answer() {
    let f = fixture();
    let time = f.run(
        json!({"action": "EXECUTE", "function": "getServerTime"}),
        vec![json!({})],
    );
    assert!(outputs_of(&time, 0)[0]["serverTime"].is_string());
    let governance = f.run(
        json!({"action": "EXECUTE", "function": "getAccountGovernanceInfo"}),
        vec![json!({})],
    );
    assert_success(&governance, 0);
    let select = f.run(
        json!({"action": "EXECUTE", "function": "getSelectValue"}),
        vec![json!({"recordType": "customer", "field": "subsidiary"})],
    );
    assert_success(&select, 0);
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn a_querys_prefetched_pages_log_to_the_host_that_ran_it() {
    // Two connector instances from one library: the second installs the library-wide sink, so
    // a page fetched on a thread without the call's log scope would be logged to it.
    let f = fixture();
    let other = support::host();
    let r = f.run(
        json!({"action": "QUERY", "record_type": "customer", "page_size": 10}),
        vec![json!({})],
    );
    assert_success(&r, 0);
    let pages = f.sim.handle.counters().operation("searchMoreWithId");
    assert!(pages >= 4, "{pages} pages after the first");
    let logged = |text: &str| {
        text.lines()
            .filter(|l| l.contains("netsuite_connector::request") && l.contains("searchMoreWithId"))
            .count() as u64
    };
    assert_eq!(logged(&f.host.log_text()), pages, "{}", f.host.log_text());
    assert_eq!(logged(&other.log_text()), 0, "{}", other.log_text());
}
