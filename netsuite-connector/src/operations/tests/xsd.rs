//! XSD validation: the Body element of every request the operations build, against the
//! official schema of 2017.1, 2017.2 and 2023.2 (one xmllint call per version).

use connector_sdk::{Cancellation, Document};
use serde_json::{json, Value};

use crate::operations::testkit::{self, body_element, json_doc, testdata, Collected};
use crate::operations::{prepare, testkit::Script};

/// Runs one operation on `docs` with `answers`, returning its request bodies.
fn bodies_of(version: &str, settings: Value, docs: &[Document], answers: &[&str]) -> Vec<String> {
    let tag = version.replace('.', "_");
    let (client, script): (_, std::sync::Arc<Script>) = testkit::client(version, Some(&tag), 0);
    for a in answers {
        script.answer(testdata(a));
    }
    let op =
        prepare(client, settings.clone()).unwrap_or_else(|e| panic!("{settings}: {}", e.message));
    let mut results = Collected::default();
    op.execute(docs, &mut results, &Cancellation::new())
        .unwrap();
    for (i, o) in &results.outcomes {
        assert!(
            o.code.as_str() != "INVALID_DOCUMENT" && o.code.as_str() != "INVALID_QUERY",
            "{settings}: document {i} refused: {}",
            o.message
        );
    }
    let requests = script.requests();
    assert!(!requests.is_empty(), "{settings}: nothing was sent");
    requests.iter().map(|r| body_element(r)).collect()
}

fn requests_of(version: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, Vec<String>)> = Vec::new();
    let customers = [
        json_doc(
            json!({"externalId": "C-1", "entityId": "Acme & Sons", "companyName": "Acme",
                        "subsidiary": {"internalId": "1"}, "email": "a@acme.example",
                        "customFieldList": [{"scriptId": "custentity_tier", "type": "String", "value": "gold"}]}),
        ),
        json_doc(
            json!({"externalId": "C-2", "isPerson": true, "firstName": "Ana", "lastName": "Lima"}),
        ),
    ];
    all.push((
        "addList".into(),
        bodies_of(
            version,
            json!({"action": "CREATE", "record_type": "customer"}),
            &customers,
            &["addList_mixed.xml"],
        ),
    ));
    all.push((
        "upsertList".into(),
        bodies_of(
            version,
            json!({"action": "UPSERT", "record_type": "customer"}),
            &customers,
            &["addList_mixed.xml"],
        ),
    ));
    all.push((
        "updateList".into(),
        bodies_of(
            version,
            json!({"action": "UPDATE", "record_type": "customer", "ignore_read_only_fields": true}),
            &[json_doc(json!({"internalId": "11", "phone": "555-0100", "nullFieldList": ["fax", "custentity_tier"]}))],
            &["addList_mixed.xml"],
        ),
    ));
    all.push((
        "addList_salesOrder".into(),
        bodies_of(
            version,
            json!({"action": "CREATE", "record_type": "salesOrder"}),
            &[json_doc(json!({"entity": {"internalId": "11"}, "memo": "web order",
                              "itemList": {"item": [{"item": {"internalId": "5"}, "quantity": 2}]}}))],
            &["addList_mixed.xml"],
        ),
    ));
    all.push((
        "addList_customRecord".into(),
        bodies_of(
            version,
            json!({"action": "CREATE", "record_type": "customRecord", "custom_record_type_id": "42"}),
            &[json_doc(json!({"name": "one"}))],
            &["addList_mixed.xml"],
        ),
    ));
    all.push((
        "deleteList".into(),
        bodies_of(
            version,
            json!({"action": "DELETE", "record_type": "customer",
                   "deletion_reason_code": "3", "deletion_reason_memo": "duplicate <test>"}),
            &[
                json_doc(json!({"internalId": "7"})),
                json_doc(json!({"externalId": "C-8"})),
            ],
            &["deleteList_errors.xml"],
        ),
    ));
    all.push((
        "deleteList_customRecord".into(),
        bodies_of(
            version,
            json!({"action": "DELETE", "record_type": "customRecord", "custom_record_type_id": "12"}),
            &[json_doc(json!({"internalId": "7"})), json_doc(json!({"externalId": "X-8"}))],
            &["deleteList_errors.xml"],
        ),
    ));
    all.push((
        "search_basic".into(),
        bodies_of(
            version,
            json!({"action": "QUERY", "record_type": "customer", "filters": [
                {"field": "custentity_tier", "operator": "anyOf", "value": ["1", "2"], "type": "select"},
                {"field": "custentity_since", "operator": "within", "predefined": "thisYear", "type": "date"},
                {"field": "lastModifiedDate", "operator": "within", "value": ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"]},
                {"field": "email", "operator": "contains", "value": "@acme.example"},
                {"field": "subsidiary", "operator": "anyOf", "value": ["1"]},
                {"field": "isInactive", "value": false},
                {"field": "stage", "operator": "anyOf", "value": ["_customer"]},
                {"field": "internalIdNumber", "operator": "greaterThan", "value": 100},
                {"field": "email", "join": "contactJoin", "operator": "notEmpty"}
            ]}),
            &[json_doc(json!({}))],
            &["search_customers_page1.xml", "search_customers_page2.xml"],
        ),
    ));
    all.push((
        "search_advanced".into(),
        bodies_of(
            version,
            json!({"action": "QUERY", "record_type": "customer", "saved_search_id": "77",
                   "filters": [{"field": "entityId", "operator": "startsWith", "value": "A"},
                               {"field": "email", "join": "contactJoin", "operator": "notEmpty"}],
                   "columns": [{"field": "entityId"}, {"field": "internalId"},
                               {"field": "email", "join": "contactJoin"},
                               {"field": "custentity_tier", "type": "select"}]}),
            &[json_doc(json!({}))],
            &["search_rows_saved.xml"],
        ),
    ));
    all.push((
        "search_saved_only".into(),
        bodies_of(
            version,
            json!({"action": "QUERY", "record_type": "customer", "saved_search_script_id": "customsearch_x"}),
            &[json_doc(json!({}))],
            &["search_rows_saved.xml"],
        ),
    ));
    all.push((
        "search_transaction".into(),
        bodies_of(
            version,
            json!({"action": "QUERY", "record_type": "salesOrder", "filters": [
                {"field": "tranDate", "operator": "onOrAfter", "value": "2024-01-01T00:00:00Z"},
                {"field": "amount", "operator": "between", "value": [1, 99.5]}]}),
            &[json_doc(json!({}))],
            &["search_empty.xml"],
        ),
    ));
    all.push((
        "search_customRecord".into(),
        bodies_of(
            version,
            json!({"action": "QUERY", "record_type": "customRecord", "custom_record_type_id": "42",
                   "filters": [{"field": "name", "operator": "is", "value": "x"}]}),
            &[json_doc(json!({}))],
            &["search_empty.xml"],
        ),
    ));
    let exec = |function: &str, doc: Value, answer: &str| {
        bodies_of(
            version,
            json!({"action": "EXECUTE", "function": function}),
            &[json_doc(doc)],
            &[answer],
        )
    };
    all.push((
        "initialize".into(),
        exec(
            "initialize",
            json!({"type": "invoice", "reference": {"type": "salesOrder", "internalId": "55"}}),
            "initialize_invoice.xml",
        ),
    ));
    all.push((
        "initialize_list".into(),
        exec(
            "initialize",
            json!({"type": "vendorBill", "referenceList": [{"type": "purchaseOrder", "internalId": "1"}, {"type": "purchaseOrder", "externalId": "PO-2"}]}),
            "initialize_invoice.xml",
        ),
    ));
    all.push((
        "attach".into(),
        exec(
            "attach",
            json!({"attachTo": {"type": "customer", "internalId": "11"}, "attachedRecord": {"type": "file", "internalId": "900"}}),
            "attach_ok.xml",
        ),
    ));
    all.push((
        "attach_contact".into(),
        exec(
            "attach",
            json!({"attachTo": {"type": "customer", "internalId": "11"}, "contact": {"internalId": "31"}, "contactRole": {"internalId": "-10"}}),
            "attach_ok.xml",
        ),
    ));
    all.push((
        "detach".into(),
        exec(
            "detach",
            json!({"detachFrom": {"type": "customer", "internalId": "11"}, "detachedRecord": {"typeId": "5", "internalId": "3"}}),
            "attach_ok.xml",
        ),
    ));
    all.push((
        "getDeleted".into(),
        exec(
            "getDeleted",
            json!({"type": ["customer", "contact"], "deletedDate": {"operator": "within", "predefined": "lastWeek"}}),
            "getDeleted_page1.xml",
        ),
    ));
    all.push((
        "getSelectValue".into(),
        exec(
            "getSelectValue",
            json!({"recordType": "salesOrder", "sublist": "itemList", "field": "item",
                   "filter": {"operator": "startsWith", "value": "W"},
                   "filterBy": [{"field": "entity", "internalId": "11"}]}),
            "getSelectValue_values.xml",
        ),
    ));
    all.push((
        "getCurrencyRate".into(),
        exec(
            "getCurrencyRate",
            json!({"baseCurrency": "1", "fromCurrency": "2", "effectiveDate": "2024-01-31T00:00:00Z"}),
            "getCurrencyRate.xml",
        ),
    ));
    all.push((
        "getServerTime".into(),
        exec("getServerTime", json!({}), "getCurrencyRate.xml"),
    ));
    if version == "2023.2" {
        all.push((
            "getAccountGovernanceInfo".into(),
            exec(
                "getAccountGovernanceInfo",
                json!({}),
                "getAccountGovernanceInfo.xml",
            ),
        ));
        all.push((
            "getIntegrationGovernanceInfo".into(),
            exec(
                "getIntegrationGovernanceInfo",
                json!({}),
                "getIntegrationGovernanceInfo.xml",
            ),
        ));
    }
    all.into_iter()
        .flat_map(|(name, bodies)| {
            bodies
                .into_iter()
                .enumerate()
                .map(move |(i, b)| (format!("{name}_{i}"), b))
        })
        .collect()
}

#[test]
fn requests_validate_against_2017_1() {
    testkit::assert_valid("2017_1", &requests_of("2017.1"));
}

#[test]
fn requests_validate_against_2017_2() {
    testkit::assert_valid("2017_2", &requests_of("2017.2"));
}

#[test]
fn requests_validate_against_2023_2() {
    let bodies = requests_of("2023.2");
    let ops: Vec<&str> = bodies
        .iter()
        .map(|(_, b)| b.split([' ', '>']).next().unwrap_or(""))
        .collect();
    for expected in [
        "<platformMsgs:addList",
        "<platformMsgs:updateList",
        "<platformMsgs:upsertList",
        "<platformMsgs:deleteList",
        "<platformMsgs:search",
        "<platformMsgs:searchMoreWithId",
        "<platformMsgs:initialize",
        "<platformMsgs:attach",
        "<platformMsgs:detach",
        "<platformMsgs:getDeleted",
        "<platformMsgs:getSelectValue",
        "<platformMsgs:getCurrencyRate",
        "<platformMsgs:getServerTime",
        "<platformMsgs:getAccountGovernanceInfo",
        "<platformMsgs:getIntegrationGovernanceInfo",
    ] {
        assert!(ops.contains(&expected), "no {expected} request: {ops:?}");
    }
    testkit::assert_valid("2023_2", &bodies);
}

/// The testdata responses (except faults) are valid responses of the version they claim.
#[test]
fn testdata_responses_validate() {
    let mut bodies = Vec::new();
    for entry in
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"))
            .unwrap()
    {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "xml") || name.starts_with("fault_") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("_2023_2.") {
            bodies.push((name, body_element(&text)));
        }
    }
    assert!(bodies.len() > 10);
    testkit::assert_valid("2023_2", &bodies);
}
