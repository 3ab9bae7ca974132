//! NetSuite operations through the host and the plugin against the simulator, on 2017.1,
//! 2017.2 and 2023.2: Get, Query, Create, Update, Upsert, Delete and Execute, with schemas
//! learned at run time from the simulator's WSDL URL or from a folder.

use std::time::Duration;

use connector_api::OutcomeStatus;
use netsuite_sim::{FaultPlan, Simulator};
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";
const VERSIONS: [(&str, &str); 3] = [
    ("2017.1", "2017_1"),
    ("2017.2", "2017_2"),
    ("2023.2", "2023_2"),
];

/// A simulator serving the official schemas, a host, and a connection of `version`.
fn fixture(version: &str) -> Fixture {
    support::fixture(version, support::account(ACCOUNT))
}

fn status_of(results: &Results, i: u32) -> OutcomeStatus {
    results.outcome(i).status
}

fn outputs_of(results: &Results, i: u32) -> Vec<&Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v)
        .collect()
}

fn query(f: &Fixture, settings: Value) -> Results {
    let results = execute(&f.connection, &settings, &[json!({})]);
    assert_eq!(
        status_of(&results, 0),
        OutcomeStatus::Success,
        "{settings}: {:?}",
        results.outcomes
    );
    results
}

fn ids(outputs: &[&Value]) -> Vec<String> {
    let mut ids: Vec<String> = outputs
        .iter()
        .map(|o| o["internalId"].as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn query_pages_with_search_more_and_filters_by_each_field_type() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let all = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "page_size": 7}),
        );
        let all = outputs_of(&all, 0);
        assert_eq!(all.len(), 50, "{version}: every customer, across 8 pages");
        assert_eq!(
            f.sim.handle.counters().operation("searchMoreWithId"),
            7,
            "{version}"
        );

        // Text, number, boolean, select and custom fields: each filtered query returns exactly
        // the customers the unfiltered one says match.
        let expect = |pred: &dyn Fn(&Value) -> bool| {
            let mut v: Vec<String> = all
                .iter()
                .filter(|c| pred(c))
                .map(|c| c["internalId"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        let cases: Vec<(Value, Vec<String>)> = vec![
            (
                json!([{"field": "entityId", "operator": "startsWith", "value": "CUST1"}]),
                expect(&|c| c["entityId"].as_str().unwrap().starts_with("CUST1")),
            ),
            (
                json!([{"field": "internalIdNumber", "operator": "lessThan", "value": 6}]),
                expect(&|c| c["internalId"].as_str().unwrap().parse::<u32>().unwrap() < 6),
            ),
            (
                json!([{"field": "isInactive", "value": true}]),
                expect(&|c| c["isInactive"] == json!(true)),
            ),
            (
                json!([{"field": "subsidiary", "operator": "anyOf", "value": ["1", "2"]}]),
                expect(&|c| ["1", "2"].contains(&c["subsidiary"]["internalId"].as_str().unwrap())),
            ),
            (
                json!([{"field": "subsidiary", "operator": "noneOf", "value": ["1"]}]),
                expect(&|c| c["subsidiary"]["internalId"] != json!("1")),
            ),
            (
                json!([{"field": "balance", "operator": "greaterThan", "value": 50000}]),
                expect(&|c| c["balance"].as_f64().unwrap_or(0.0) > 50000.0),
            ),
            (
                json!([{"field": "custentity_sim_flag", "type": "boolean", "value": true}]),
                expect(&|c| {
                    c["customFieldList"].as_array().unwrap().iter().any(|f| {
                        f["scriptId"] == "custentity_sim_flag" && f["value"] == json!(true)
                    })
                }),
            ),
        ];
        for (filters, expected) in cases {
            let r = query(
                &f,
                json!({"action": "QUERY", "record_type": "customer", "filters": filters}),
            );
            assert_eq!(ids(&outputs_of(&r, 0)), expected, "{version}: {filters}");
        }
        // Dates: a relative range and an absolute one agree with the records' own dates.
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "filters": [
            {"field": "lastModifiedDate", "operator": "after", "value": "2025-06-01T00:00:00Z"}]}),
        );
        let expected = expect(&|c| c["lastModifiedDate"].as_str().unwrap() > "2025-06-01T08");
        let got = ids(&outputs_of(&r, 0));
        assert!(
            !got.is_empty() && got.len() <= expected.len() + 1,
            "{version}: {got:?} vs {expected:?}"
        );
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "filters": [
            {"field": "lastModifiedDate", "operator": "within", "predefined": "lastRollingYear"}]}),
        );
        assert_eq!(status_of(&r, 0), OutcomeStatus::Success);
        // A range the version's SearchDate does not have is refused by name, before sending.
        let r = execute(
            &f.connection,
            &json!({"action": "QUERY", "record_type": "customer", "filters": [
            {"field": "lastModifiedDate", "operator": "within", "predefined": "lastYear"}]}),
            &[json!({})],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::ApplicationError,
            "{:?}",
            r.outcomes
        );
        assert!(
            r.outcome(0).message.contains("predefined")
                && r.outcome(0).message.contains("lastYear"),
            "{:?}",
            r.outcome(0)
        );
        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn query_joins_advanced_saved_searches_and_batch_results() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        // A join: customers whose contact has an email.
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer",
            "filters": [{"field": "email", "join": "contactJoin", "operator": "notEmpty"}]}),
        );
        assert!(!outputs_of(&r, 0).is_empty(), "{version}: join");
        // Advanced search with columns: rows, not records.
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "use_advanced_search": true,
            "columns": [{"field": "entityId"}, {"field": "email"}, {"field": "email", "join": "contactJoin"}],
            "filters": [{"field": "internalIdNumber", "operator": "lessThanOrEqualTo", "value": 3}]}),
        );
        let rows = outputs_of(&r, 0);
        assert_eq!(rows.len(), 3, "{version}: {rows:?}");
        assert!(
            rows[0].get("entityId").is_some(),
            "{version}: {:?}",
            rows[0]
        );
        assert!(
            rows[0].get("companyName").is_none(),
            "only the chosen columns: {:?}",
            rows[0]
        );
        // Saved searches by script id and by internal id give the same rows.
        let by_script = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "saved_search_script_id": "customsearch_sim_active_customers"}),
        );
        let by_id = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "saved_search_id": "1001"}),
        );
        assert!(!outputs_of(&by_script, 0).is_empty());
        assert_eq!(
            outputs_of(&by_script, 0).len(),
            outputs_of(&by_id, 0).len(),
            "{version}"
        );
        // Batch results: one document per page.
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "customer", "page_size": 20, "batch_results": true}),
        );
        let pages = outputs_of(&r, 0);
        assert_eq!(pages.len(), 3, "{version}");
        assert_eq!(pages[0]["records"].as_array().unwrap().len(), 20);
        assert_eq!(pages[2]["records"].as_array().unwrap().len(), 10);
        // Transactions through their search class, with list fields.
        let r = query(
            &f,
            json!({"action": "QUERY", "record_type": "salesOrder", "page_size": 10, "body_fields_only": false,
            "filters": [{"field": "internalIdNumber", "operator": "lessThan", "value": 50000004}]}),
        );
        let orders = outputs_of(&r, 0);
        assert_eq!(orders.len(), 3, "{version}: {orders:?}");
        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn query_reports_an_expired_search_id_clearly() {
    // Each request waits 1.2 s; a search id lives 1 s: page 2 finds it expired.
    let account = support::account(ACCOUNT)
        .with_search_id_ttl(Duration::from_secs(1))
        .with_faults(FaultPlan {
            latency_ms: 1200,
            seed: 1,
            ..FaultPlan::default()
        });
    let f = support::fixture("2023.2", account);
    let results = execute(
        &f.connection,
        &json!({"action": "QUERY", "record_type": "customer", "page_size": 10}),
        &[json!({})],
    );
    let outcome = results.outcome(0);
    assert_eq!(outcome.status, OutcomeStatus::Failure, "{outcome:?}");
    assert_eq!(outcome.code.as_str(), "INVALID_JOB_ID");
    assert!(
        outcome.message.contains("expired") && outcome.message.contains("10"),
        "{outcome:?}"
    );
    assert_eq!(
        outputs_of(&results, 0).len(),
        10,
        "the first page was emitted before the failure"
    );
}

#[test]
fn writes_report_each_document_in_order_and_bad_ones_alone() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let create = json!({"action": "CREATE", "record_type": "customer", "batch_size": 3});
        let docs = [
            json!({"externalId": format!("e2e-{tag}-1"), "companyName": "Acme One", "subsidiary": {"internalId": "1"},
                   "customFieldList": [{"scriptId": "custentity_sim_text", "type": "String", "value": "hello"}]}),
            json!({"externalId": format!("e2e-{tag}-2"), "companyName": "Bad Ref", "subsidiary": {"internalId": "999"}}),
            json!({"externalId": format!("e2e-{tag}-3"), "companyName": "Typo", "compnyName": "x"}),
            json!({"externalId": format!("e2e-{tag}-4"), "companyName": "Acme Four", "creditLimit": "lots"}),
            json!({"externalId": format!("e2e-{tag}-5")}),
            json!({"externalId": format!("e2e-{tag}-6"), "companyName": "Acme Six", "subsidiary": {"internalId": "2"}}),
        ];
        let r = execute_mixed(&f.connection, &create, &docs, Some("this is not JSON"));
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        assert_eq!(status_of(&r, 1), OutcomeStatus::ApplicationError);
        assert_eq!(
            r.outcome(1).code.as_str(),
            "INVALID_KEY_OR_REF",
            "{:?}",
            r.outcome(1)
        );
        assert_eq!(status_of(&r, 2), OutcomeStatus::ApplicationError);
        assert!(
            r.outcome(2).message.contains("compnyName"),
            "names the unknown field: {:?}",
            r.outcome(2)
        );
        assert_eq!(status_of(&r, 3), OutcomeStatus::ApplicationError);
        assert!(
            r.outcome(3).message.contains("creditLimit"),
            "names the mistyped field: {:?}",
            r.outcome(3)
        );
        assert_eq!(
            status_of(&r, 4),
            OutcomeStatus::ApplicationError,
            "missing required field"
        );
        assert_eq!(status_of(&r, 5), OutcomeStatus::Success);
        assert_eq!(
            status_of(&r, 6),
            OutcomeStatus::ApplicationError,
            "not JSON"
        );
        let created = outputs_of(&r, 0)[0]["internalId"]
            .as_str()
            .unwrap()
            .to_string();

        // Read it back, custom field included.
        let got = execute(
            &f.connection,
            &json!({"action": "GET", "record_type": "customer"}),
            &[json!({"internalId": created})],
        );
        let record = outputs_of(&got, 0)[0].clone();
        assert_eq!(record["companyName"], "Acme One");
        assert!(
            record["customFieldList"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["value"] == "hello"),
            "{record}"
        );

        // Update one field and clear another; a missing record fails alone.
        let update = json!({"action": "UPDATE", "record_type": "customer"});
        let r = execute(
            &f.connection,
            &update,
            &[
                json!({"internalId": created, "companyName": "Acme One Renamed", "nullFieldList": ["phone"]}),
                json!({"internalId": "19999999", "companyName": "Nobody"}),
            ],
        );
        assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
        assert_eq!(r.outcome(1).code.as_str(), "RCRD_DSNT_EXIST");
        let got = execute(
            &f.connection,
            &json!({"action": "GET", "record_type": "customer"}),
            &[json!({"internalId": created})],
        );
        assert_eq!(outputs_of(&got, 0)[0]["companyName"], "Acme One Renamed");

        // Upsert: one existing by external id, one new.
        let upsert = json!({"action": "UPSERT", "record_type": "customer", "return_application_error_responses": true});
        let r = execute(
            &f.connection,
            &upsert,
            &[
                json!({"externalId": format!("e2e-{tag}-1"), "companyName": "Acme One Upserted"}),
                json!({"externalId": format!("e2e-{tag}-new"), "companyName": "Brand New", "subsidiary": {"internalId": "1"}}),
                json!({"companyName": "No external id"}),
            ],
        );
        assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
        assert_eq!(
            outputs_of(&r, 0)[0]["internalId"],
            json!(created),
            "upsert found the existing record"
        );
        assert_eq!(status_of(&r, 1), OutcomeStatus::Success);
        assert_eq!(status_of(&r, 2), OutcomeStatus::ApplicationError);

        // Delete: one by internal id, one by external id, one missing (its error passed on).
        let delete = json!({"action": "DELETE", "record_type": "customer", "return_application_error_responses": true});
        let r = execute(
            &f.connection,
            &delete,
            &[
                json!({"internalId": created}),
                json!({"externalId": format!("e2e-{tag}-new")}),
                json!({"internalId": "19999998"}),
            ],
        );
        assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
        assert_eq!(status_of(&r, 1), OutcomeStatus::Success);
        assert_eq!(status_of(&r, 2), OutcomeStatus::ApplicationError);
        let passed_on = outputs_of(&r, 2);
        assert_eq!(
            passed_on.len(),
            1,
            "the error response is the document's output"
        );
        assert_eq!(passed_on[0]["status"]["isSuccess"], json!(false));

        // getDeleted lists what was deleted.
        let r = execute(
            &f.connection,
            &json!({"action": "EXECUTE", "function": "getDeleted"}),
            &[json!({"type": "customer"})],
        );
        assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
        assert!(
            outputs_of(&r, 0)
                .iter()
                .any(|d| d["internalId"] == json!(created)),
            "{:?}",
            r.outputs
        );

        f.sim.assert_exchanges_valid(tag);
    }
}

/// Executes JSON documents plus, optionally, one document that is not JSON at the end.
fn execute_mixed(
    connection: &connector_api::ConnectionBox,
    operation: &Value,
    docs: &[Value],
    raw: Option<&str>,
) -> Results {
    use connector_api::abi_stable::{sabi_trait::TD_Opaque, std_types::RSlice};
    use connector_api::{Cancellation, Document, ResultSink_TO};
    let op = connection
        .prepare(operation.to_string().as_str().into())
        .into_result()
        .expect("prepares");
    let mut documents: Vec<Document> = docs.iter().map(|d| Document::json(d.to_string())).collect();
    if let Some(text) = raw {
        documents.push(Document::json(text.as_bytes().to_vec()));
    }
    let mut results = Results::default();
    let sink = ResultSink_TO::from_ptr(&mut results, TD_Opaque);
    op.execute(RSlice::from_slice(&documents), sink, &Cancellation::new())
        .into_result()
        .expect("execute runs");
    results
}

#[test]
fn preferences_reach_netsuite_and_change_its_answer() {
    let f = fixture("2023.2");
    // The simulator warns about a duplicate email; warning_as_error makes it an error.
    let existing = query(
        &f,
        json!({"action": "QUERY", "record_type": "customer", "page_size": 5}),
    );
    let email = outputs_of(&existing, 0)[0]["email"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = |n: u32| json!({"externalId": format!("pref-{n}"), "companyName": "Dup", "email": email, "subsidiary": {"internalId": "1"}});
    let strict = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "warning_as_error": true}),
        &[doc(1)],
    );
    assert_eq!(
        status_of(&strict, 0),
        OutcomeStatus::ApplicationError,
        "{:?}",
        strict.outcomes
    );
    let lenient = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "warning_as_error": false}),
        &[doc(2)],
    );
    assert_eq!(
        status_of(&lenient, 0),
        OutcomeStatus::Success,
        "{:?}",
        lenient.outcomes
    );
    assert_eq!(
        lenient.outcome(0).code.as_str(),
        "WARNING",
        "the warning stays visible"
    );
    // Every preference, set, is in the header; not set, it is left out.
    let all = json!({"action": "CREATE", "record_type": "customer", "warning_as_error": false, "ignore_read_only_fields": true,
        "disable_mandatory_custom_field_validation": true, "disable_system_notes_for_custom_fields": false,
        "run_server_suite_script_and_trigger_workflows": true});
    let r = execute(&f.connection, &all, &[doc(3)]);
    assert_eq!(status_of(&r, 0), OutcomeStatus::Success);
    let last = last_request(&f, "addList");
    for name in [
        "ignoreReadOnlyFields",
        "disableMandatoryCustomFieldValidation",
        "disableSystemNotesForCustomFields",
        "runServerSuiteScriptAndTriggerWorkflows",
    ] {
        assert!(last.contains(name), "{name} in {last}");
    }
    execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer"}),
        &[doc(4)],
    );
    assert!(
        !last_request(&f, "addList").contains("preferences"),
        "no preference set, no header"
    );
    f.sim.assert_exchanges_valid("2023_2");
}

fn last_request(f: &Fixture, operation: &str) -> String {
    let mut files: Vec<_> = std::fs::read_dir(f.sim.records.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .ends_with(&format!("-{operation}.request.xml"))
        })
        .collect();
    files.sort();
    std::fs::read_to_string(files.last().expect("a recorded request")).unwrap()
}

#[test]
fn custom_records_and_raw_xml_records() {
    let f = fixture("2023.2");
    let create =
        json!({"action": "CREATE", "record_type": "customRecord", "custom_record_type_id": "100"});
    let r = execute(
        &f.connection,
        &create,
        &[
            json!({"name": "E2E project", "customFieldList": [{"scriptId": "custrecord_sim_text", "type": "String", "value": "required text"}]}),
            json!({"name": "Missing the mandatory custom field"}),
        ],
    );
    assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
    assert_eq!(status_of(&r, 1), OutcomeStatus::ApplicationError);

    // A raw SuiteTalk XML record passes through as written.
    use connector_api::abi_stable::{sabi_trait::TD_Opaque, std_types::RSlice};
    use connector_api::{Cancellation, Document, ResultSink_TO};
    let xml = r#"<record xmlns="urn:relationships_2023_2.lists.webservices.netsuite.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com" xsi:type="listRel:Customer" externalId="raw-xml-1"><companyName>Raw &amp; Ready</companyName></record>"#;
    let op = f
        .connection
        .prepare(
            json!({"action": "CREATE", "record_type": "customer"})
                .to_string()
                .as_str()
                .into(),
        )
        .into_result()
        .unwrap();
    let docs = [Document::new("application/xml", xml.as_bytes().to_vec())];
    let mut results = Results::default();
    op.execute(
        RSlice::from_slice(&docs),
        ResultSink_TO::from_ptr(&mut results, TD_Opaque),
        &Cancellation::new(),
    )
    .into_result()
    .unwrap();
    assert_eq!(
        status_of(&results, 0),
        OutcomeStatus::Success,
        "{:?}",
        results.outcomes
    );
    let got = execute(
        &f.connection,
        &json!({"action": "GET", "record_type": "customer"}),
        &[json!({"externalId": "raw-xml-1"})],
    );
    assert_eq!(outputs_of(&got, 0)[0]["companyName"], "Raw & Ready");
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn execute_functions_answer_on_every_version() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let run = |function: &str, docs: &[Value]| {
            execute(
                &f.connection,
                &json!({"action": "EXECUTE", "function": function}),
                docs,
            )
        };
        let r = run(
            "initialize",
            &[
                json!({"type": "invoice", "reference": {"type": "salesOrder", "internalId": "50000001"}}),
                json!({"type": "invoice", "reference": {"type": "salesOrder", "internalId": "59999999"}}),
            ],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        assert_eq!(outputs_of(&r, 0)[0]["recordType"], "Invoice");
        assert_eq!(r.outcome(1).code.as_str(), "INVALID_INITIALIZE_REF");
        let r = run(
            "attach",
            &[
                json!({"attachTo": {"type": "customer", "internalId": "2"}, "contact": {"type": "contact", "internalId": "20000005"}}),
            ],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        let r = run(
            "detach",
            &[
                json!({"detachFrom": {"type": "customer", "internalId": "2"}, "detachedRecord": {"type": "contact", "internalId": "20000005"}}),
            ],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        let r = run(
            "getSelectValue",
            &[json!({"recordType": "customer", "field": "subsidiary"})],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        assert_eq!(outputs_of(&r, 0).len(), 3, "three subsidiaries");
        let r = run(
            "getCurrencyRate",
            &[json!({"baseCurrency": "1"}), json!({"baseCurrency": "77"})],
        );
        assert_eq!(
            status_of(&r, 0),
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        assert_eq!(outputs_of(&r, 0).len(), 3, "{version}: {:?}", r.outputs);
        assert_eq!(
            status_of(&r, 1),
            OutcomeStatus::ApplicationError,
            "unknown currency"
        );
        let r = run("getServerTime", &[json!({})]);
        assert!(outputs_of(&r, 0)[0]["serverTime"].is_string());
        f.sim.assert_exchanges_valid(tag);
    }
    // Governance info exists from 2020.1 on.
    let f = fixture("2023.2");
    let r = execute(
        &f.connection,
        &json!({"action": "EXECUTE", "function": "getAccountGovernanceInfo"}),
        &[json!({})],
    );
    assert_eq!(status_of(&r, 0), OutcomeStatus::Success, "{:?}", r.outcomes);
    assert_eq!(outputs_of(&r, 0)[0]["accountConcurrencyLimit"], json!(10));
    let old = fixture("2017.2");
    let refused = old
        .connection
        .prepare(
            json!({"action": "EXECUTE", "function": "getAccountGovernanceInfo"})
                .to_string()
                .as_str()
                .into(),
        )
        .into_result();
    assert!(
        refused.is_err(),
        "getAccountGovernanceInfo does not exist before 2020.1"
    );
}

#[test]
fn schemas_load_from_a_folder_and_browse_describes_records() {
    // No WSDL served: the connection names a folder instead.
    let sim = support::sim(Simulator::builder().account(support::account(ACCOUNT)));
    let host = support::host();
    let mut settings = token_settings(&sim, ACCOUNT, "2017.2");
    settings["schema_folder"] = json!(support::xsd_folder().join("2017_2"));
    let connection = host.configure(&settings).unwrap();
    let types = connection
        .browse(
            json!({"kind": "object_types", "action": "QUERY"})
                .to_string()
                .as_str()
                .into(),
            &connector_api::Cancellation::new(),
        )
        .into_result()
        .expect("browse");
    let types: Value = serde_json::from_str(&types).unwrap();
    let names: Vec<&str> = types["object_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"customer") && names.contains(&"salesOrder"),
        "{names:?}"
    );
    let profile = connection
        .browse(
            json!({"kind": "profile", "action": "CREATE", "object_type": "customer"})
                .to_string()
                .as_str()
                .into(),
            &connector_api::Cancellation::new(),
        )
        .into_result()
        .expect("profile");
    let profile: Value = serde_json::from_str(&profile).unwrap();
    assert!(
        profile["input"]["properties"]["companyName"].is_object(),
        "{}",
        &profile.to_string()[..500.min(profile.to_string().len())]
    );
    // A field unknown to the 2017.2 Customer is refused by name.
    let r = execute(
        &connection,
        &json!({"action": "CREATE", "record_type": "customer"}),
        &[json!({"companyName": "x", "noSuchField": 1})],
    );
    assert_eq!(status_of(&r, 0), OutcomeStatus::ApplicationError);
    assert!(
        r.outcome(0).message.contains("noSuchField"),
        "{:?}",
        r.outcome(0)
    );
}

#[test]
fn creates_are_not_sent_twice_when_the_answer_is_lost() {
    // Every connection is dropped after NetSuite applied the request.
    let account = support::account(ACCOUNT).with_faults(FaultPlan {
        drop_after_rate: 1.0,
        seed: 9,
        ..FaultPlan::default()
    });
    let sim = support::sim(Simulator::builder().account(account));
    let host = support::host();
    // The account's own domain, so that no discovery request meets the dropped connections.
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    let domain = sim.handle.account_base_url(ACCOUNT).unwrap();
    settings["url"] = json!(format!("{domain}/services/NetSuitePort_2023_2"));
    settings["data_center_discovery"] = json!("never");
    let f = Fixture {
        connection: host.configure(&settings).unwrap(),
        sim,
        host,
    };
    let create = json!({"action": "CREATE", "record_type": "customer"});
    let r = execute(
        &f.connection,
        &create,
        &[
            json!({"companyName": "Lost answer, no key"}),
            json!({"externalId": "lost-1", "companyName": "Lost answer"}),
        ],
    );
    // Without an externalId: not sent again.
    let outcome = r.outcome(0);
    assert_eq!(outcome.status, OutcomeStatus::Failure, "{outcome:?}");
    assert_eq!(outcome.code.as_str(), "MAYBE_APPLIED", "{outcome:?}");
    assert!(outcome.message.contains("may have created"), "{outcome:?}");
    // With one: sent again (a duplicate would be refused), every answer lost: still unknown.
    let outcome = r.outcome(1);
    assert_eq!(outcome.code.as_str(), "MAYBE_APPLIED", "{outcome:?}");
    assert_eq!(
        f.sim.handle.counters().operation("addList"),
        6,
        "the add, then the record with an externalId alone, once per retry"
    );

    // An upsert is safe to repeat: it is retried (and, answers always lost, gives up).
    let upsert = json!({"action": "UPSERT", "record_type": "customer"});
    let r = execute(
        &f.connection,
        &upsert,
        &[json!({"externalId": "lost-2", "companyName": "Lost answer"})],
    );
    assert_eq!(r.outcome(0).status, OutcomeStatus::Failure);
    assert_eq!(
        f.sim.handle.counters().operation("upsertList"),
        6,
        "1 attempt + 5 retries"
    );
}
