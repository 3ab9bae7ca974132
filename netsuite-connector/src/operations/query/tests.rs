//! Query: request shapes (basic, joins, custom fields, advanced, saved, transactions, custom
//! records), filter checks, parameter binding, paging, batch results, expiry and time-outs.

use std::sync::Arc;

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, Document, OutcomeStatus, TransportErrorKind};
use roxmltree::Node;
use serde_json::{json, Value};

use super::filter::{self, FilterSettings};
use super::{Query, QuerySettings};
use crate::ns::XSI;
use crate::operations::testkit::{self, json_doc, testdata, Collected, Script};

const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";
const CORE: &str = "urn:core_2023_2.platform.webservices.netsuite.com";
const COMMON: &str = "urn:common_2023_2.platform.webservices.netsuite.com";
const REL: &str = "urn:relationships_2023_2.lists.webservices.netsuite.com";
const SALES: &str = "urn:sales_2023_2.transactions.webservices.netsuite.com";

fn query(schema: bool, settings: Value) -> (Query, Arc<Script>) {
    let (client, script) = testkit::client("2023.2", schema.then_some("2023_2"), 0);
    let s: QuerySettings = serde_json::from_value(settings).unwrap();
    (Query::new(client, s).unwrap(), script)
}

fn run(q: &Query, docs: &[Document]) -> Collected {
    let mut results = Collected::default();
    q.execute(docs, &mut results, &Cancellation::new()).unwrap();
    results
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| c.is_element()).collect()
}

fn qname<'a>(n: Node<'a, '_>) -> (&'a str, &'a str) {
    (n.tag_name().namespace().unwrap_or(""), n.tag_name().name())
}

/// The `searchRecord` of the first request, with the envelope kept alive by the caller.
fn search_record<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Node<'a, 'i> {
    let search = crate::parse::body(doc)
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(qname(search), (MSGS, "search"));
    let record = search.first_element_child().unwrap();
    assert_eq!(qname(record), (MSGS, "searchRecord"));
    record
}

#[test]
fn basic_search_writes_filters_in_schema_order_with_joins_and_custom_fields() {
    let (q, script) = query(
        true,
        json!({
            "record_type": "customer",
            "page_size": 50,
            "body_fields_only": false,
            "filters": [
                {"field": "custentity_tier", "operator": "is", "value": "gold", "type": "string"},
                {"field": "lastModifiedDate", "operator": "within", "predefined": "lastMonth"},
                {"field": "email", "operator": "contains", "value": "@acme.example"},
                {"field": "subsidiary", "operator": "anyOf", "value": ["1", {"internalId": "2"}]},
                {"field": "isInactive", "value": false},
                {"field": "balance", "operator": "between", "value": 10, "value2": 20.5},
                {"field": "email", "join": "contactJoin", "operator": "startsWith", "value": "ana"}
            ]
        }),
    );
    script.answer(testdata("search_empty.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);

    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let record = search_record(&doc);
    assert_eq!(
        record.attribute((XSI, "type")),
        Some("listRel:CustomerSearch")
    );
    let groups = elements(record);
    assert_eq!(
        groups.iter().map(|g| qname(*g)).collect::<Vec<_>>(),
        [(REL, "basic"), (REL, "contactJoin")]
    );
    let basic = elements(groups[0]);
    let names: Vec<&str> = basic.iter().map(|f| f.tag_name().name()).collect();
    // CustomerSearchBasic's sequence order, customFieldList where the XSD puts it (last).
    assert_eq!(
        names,
        [
            "balance",
            "email",
            "isInactive",
            "lastModifiedDate",
            "subsidiary",
            "customFieldList"
        ]
    );
    for f in &basic {
        assert_eq!(f.tag_name().namespace(), Some(COMMON), "{:?}", f.tag_name());
    }
    let balance = basic[0];
    assert_eq!(balance.attribute("operator"), Some("between"));
    assert_eq!(
        elements(balance)
            .iter()
            .map(|v| (qname(*v), v.text().unwrap_or("")))
            .collect::<Vec<_>>(),
        [
            ((CORE, "searchValue"), "10"),
            ((CORE, "searchValue2"), "20.5")
        ]
    );
    assert_eq!(
        basic[2].attribute("operator"),
        None,
        "booleans have no operator"
    );
    assert_eq!(
        basic[2].first_element_child().unwrap().text(),
        Some("false")
    );
    let date = elements(basic[3]);
    assert_eq!(qname(date[0]), (CORE, "predefinedSearchValue"));
    assert_eq!(date[0].text(), Some("lastMonth"));
    let ids: Vec<_> = elements(basic[4])
        .iter()
        .map(|v| v.attribute("internalId").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["1", "2"]);
    let custom = basic[5].first_element_child().unwrap();
    assert_eq!(qname(custom), (CORE, "customField"));
    assert_eq!(
        custom.attribute((XSI, "type")),
        Some("platformCore:SearchStringCustomField")
    );
    assert_eq!(custom.attribute("scriptId"), Some("custentity_tier"));
    assert_eq!(custom.attribute("operator"), Some("is"));
    let join = elements(groups[1]);
    assert_eq!(qname(join[0]), (COMMON, "email"));
    assert_eq!(join[0].attribute("operator"), Some("startsWith"));

    let prefs = doc
        .descendants()
        .find(|n| n.has_tag_name((MSGS, "searchPreferences")))
        .expect("searchPreferences header");
    let values: Vec<_> = elements(prefs)
        .iter()
        .map(|n| n.text().unwrap_or(""))
        .collect();
    assert_eq!(values, ["false", "true", "50"]);
    assert!(!doc
        .descendants()
        .any(|n| n.has_tag_name((MSGS, "preferences"))));
}

#[test]
fn transaction_searches_filter_on_their_type() {
    let (q, script) = query(
        true,
        json!({"record_type": "salesOrder", "filters": [{"field": "tranId", "operator": "is", "value": "SO1"}]}),
    );
    script.answer(testdata("search_empty.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    assert_eq!(
        results.outcome_of(0).status,
        OutcomeStatus::Success,
        "{}",
        results.outcome_of(0).message
    );
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let record = search_record(&doc);
    assert_eq!(
        record.attribute((XSI, "type")),
        Some("tranSales:TransactionSearch")
    );
    let basic = record.first_element_child().unwrap();
    assert_eq!(qname(basic), (SALES, "basic"));
    let fields = elements(basic);
    let names: Vec<_> = fields.iter().map(|f| f.tag_name().name()).collect();
    assert_eq!(names, ["tranId", "type"]);
    let ty = fields[1];
    assert_eq!(ty.attribute("operator"), Some("anyOf"));
    assert_eq!(
        ty.first_element_child().unwrap().text(),
        Some("_salesOrder")
    );
}

#[test]
fn advanced_saved_search_writes_criteria_and_columns() {
    let (q, script) = query(
        true,
        json!({
            "record_type": "customer",
            "saved_search_script_id": "customsearch_active",
            "filters": [{"field": "entityId", "operator": "startsWith", "value": "A"}],
            "columns": [
                {"field": "internalId"},
                {"field": "entityId"},
                {"field": "email", "join": "contactJoin"},
                {"field": "custentity_tier", "type": "string"}
            ]
        }),
    );
    script.answer(testdata("search_rows_saved.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    let rows = results.json_outputs(0);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["entityId"], "Acme");
    assert_eq!(rows[0]["contactJoin"]["email"], "ana@acme.example");

    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let record = search_record(&doc);
    assert_eq!(
        record.attribute((XSI, "type")),
        Some("listRel:CustomerSearchAdvanced")
    );
    assert_eq!(
        record.attribute("savedSearchScriptId"),
        Some("customsearch_active")
    );
    let parts = elements(record);
    assert_eq!(
        parts.iter().map(|p| qname(*p)).collect::<Vec<_>>(),
        [(REL, "criteria"), (REL, "columns")]
    );
    let criteria_basic = parts[0].first_element_child().unwrap();
    assert_eq!(qname(criteria_basic), (REL, "basic"));
    let columns = elements(parts[1]);
    assert_eq!(
        columns.iter().map(|c| qname(*c)).collect::<Vec<_>>(),
        [(REL, "basic"), (REL, "contactJoin")]
    );
    let basic_cols: Vec<_> = elements(columns[0])
        .iter()
        .map(|c| c.tag_name().name())
        .collect();
    assert_eq!(basic_cols, ["entityId", "internalId", "customFieldList"]);
    let custom = columns[0]
        .last_element_child()
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(
        custom.attribute((XSI, "type")),
        Some("platformCore:SearchColumnStringCustomField")
    );
}

#[test]
fn custom_record_searches_name_their_type_first() {
    let (q, script) = query(
        true,
        json!({"record_type": "customRecord", "custom_record_type_id": "42",
               "filters": [{"field": "name", "operator": "is", "value": "x"}]}),
    );
    script.answer(testdata("search_empty.xml"));
    run(&q, &[json_doc(json!({}))]);
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let basic = search_record(&doc).first_element_child().unwrap();
    let first = basic.first_element_child().unwrap();
    assert_eq!(qname(first), (COMMON, "recType"));
    assert_eq!(first.attribute("internalId"), Some("42"));
}

#[test]
fn filters_are_checked_against_the_schema_and_name_the_field() {
    let cases = [
        (
            json!({"field": "emial", "operator": "is", "value": "x"}),
            "emial",
        ),
        (
            json!({"field": "email", "operator": "equalTo", "value": "x"}),
            "equalTo",
        ),
        (
            json!({"field": "balance", "operator": "greaterThan", "value": "lots"}),
            "lots",
        ),
        (
            json!({"field": "subsidiary", "operator": "anyOf"}),
            "at least one value",
        ),
        (
            json!({"field": "email", "join": "nosuchJoin", "operator": "is", "value": "x"}),
            "nosuchJoin",
        ),
        (
            json!({"field": "custentity_x", "operator": "hasNoType"}),
            "custentity_x",
        ),
    ];
    for (f, expected) in cases {
        let (q, script) = query(
            true,
            json!({"record_type": "customer", "filters": [f.clone()]}),
        );
        let results = run(&q, &[json_doc(json!({}))]);
        let o = results.outcome_of(0);
        assert_eq!(o.status, OutcomeStatus::ApplicationError, "{f}");
        assert!(o.message.contains(expected), "{f}: {}", o.message);
        assert!(o.message.contains("filters[0]"), "{f}: {}", o.message);
        assert!(script.requests().is_empty(), "nothing is sent for {f}");
    }
}

#[test]
fn without_a_schema_types_come_from_the_filter() {
    let (q, script) = query(
        false,
        json!({"record_type": "customer", "filters": [
            {"field": "lastModifiedDate", "operator": "onOrAfter", "value": "2024-01-01T00:00:00Z"},
            {"field": "companyName", "operator": "contains", "value": "Acme"},
            {"field": "custentity_score", "operator": "greaterThan", "value": 5}
        ]}),
    );
    script.answer(testdata("search_empty.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let basic = search_record(&doc).first_element_child().unwrap();
    let names: Vec<_> = elements(basic)
        .iter()
        .map(|f| f.tag_name().name())
        .collect();
    assert_eq!(
        names,
        ["lastModifiedDate", "companyName", "customFieldList"]
    );
    let custom = basic
        .last_element_child()
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(
        custom.attribute((XSI, "type")),
        Some("platformCore:SearchLongCustomField")
    );
}

#[test]
fn parameters_set_bound_filter_values() {
    let configured: Vec<FilterSettings> = serde_json::from_value(json!([
        {"field": "lastModifiedDate", "operator": "after", "parameter": "since"},
        {"field": "subsidiary", "operator": "anyOf", "value": ["1"], "parameter": "subs"}
    ]))
    .unwrap();
    let bound = filter::bind(
        &configured,
        &json!({"parameters": {"since": "2024-01-01T00:00:00Z"},
                "filters": [{"field": "email", "operator": "notEmpty"}]}),
    )
    .unwrap();
    assert_eq!(bound.len(), 3);
    assert_eq!(bound[0].1.value, Some(json!("2024-01-01T00:00:00Z")));
    assert_eq!(bound[1].1.value, Some(json!(["1"])), "a default stays");
    assert_eq!(bound[2].0, "document filters[0]");

    let missing = filter::bind(&configured, &json!({})).unwrap_err();
    assert!(missing.contains("parameters.since"), "{missing}");
    let unknown = filter::bind(&configured, &json!({"parameters": {"nope": 1}})).unwrap_err();
    assert!(unknown.contains("parameters.nope"), "{unknown}");
    let shaped = filter::bind(
        &configured,
        &json!({"parameters": {"since": {"predefined": "lastWeek", "operator": "within"}}}),
    )
    .unwrap();
    assert_eq!(shaped[0].1.predefined.as_deref(), Some("lastWeek"));
    assert_eq!(shaped[0].1.operator.as_deref(), Some("within"));
    let bad = filter::bind(
        &configured,
        &json!({"parameters": {"since": "2024-01-01T00:00:00Z"}, "filters": [{"field": "x", "bogus": 1}]}),
    )
    .unwrap_err();
    assert!(bad.contains("filters[0]") && bad.contains("bogus"), "{bad}");
}

#[test]
fn pages_are_read_with_search_more_and_emitted_in_order() {
    let (q, script) = query(false, json!({"record_type": "customer", "page_size": 5}));
    script.answer(testdata("search_customers_page1.xml"));
    script.answer(testdata("search_customers_page2.xml"));
    let results = run(&q, &[Document::json(Vec::new())]);
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::Success, "{}", o.message);
    let detail: Value = serde_json::from_str(o.detail_json.as_str()).unwrap();
    assert_eq!(detail, json!({"records": 3, "pages": 2}));
    let ids: Vec<_> = results
        .json_outputs(0)
        .iter()
        .map(|r| r["internalId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["11", "12", "13"]);
    assert_eq!(results.json_outputs(0)[0]["entityId"], "Acme & Sons");

    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    let doc = roxmltree::Document::parse(&requests[1]).unwrap();
    let more = crate::parse::body(&doc)
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(qname(more), (MSGS, "searchMoreWithId"));
    let parts: Vec<_> = elements(more)
        .iter()
        .map(|p| (qname(*p), p.text().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        parts,
        [
            (
                (MSGS, "searchId"),
                "WEBSERVICES_123456_SB1_1128202613301234_9f8e7d".to_string()
            ),
            ((MSGS, "pageIndex"), "2".to_string())
        ]
    );
}

#[test]
fn batch_results_emit_one_document_per_page() {
    let (q, script) = query(
        false,
        json!({"record_type": "customer", "batch_results": true}),
    );
    script.answer(testdata("search_customers_page1.xml"));
    script.answer(testdata("search_customers_page2.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    let pages = results.json_outputs(0);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["pageIndex"], 1);
    assert_eq!(pages[0]["totalPages"], 2);
    assert_eq!(pages[0]["totalRecords"], 3);
    assert_eq!(pages[0]["records"].as_array().unwrap().len(), 2);
    assert_eq!(pages[1]["records"][0]["internalId"], "13");
}

#[test]
fn an_expired_search_id_is_reported_with_what_was_emitted() {
    let (q, script) = query(false, json!({"record_type": "customer"}));
    script.answer(testdata("search_customers_page1.xml"));
    script.answer(testdata("search_more_invalid_job_id.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    assert_eq!(results.json_outputs(0).len(), 2);
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(o.code.as_str(), "INVALID_JOB_ID");
    assert!(o.message.contains("expired"), "{}", o.message);
    assert!(o.message.contains("page 2"), "{}", o.message);
    assert!(o.message.contains("2 records"), "{}", o.message);
}

#[test]
fn a_search_netsuite_timed_out_is_reported() {
    let (q, script) = query(
        false,
        json!({"record_type": "customer", "return_application_error_responses": true}),
    );
    script.answer(testdata("search_timed_out.xml"));
    let results = run(&q, &[json_doc(json!({}))]);
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::ApplicationError);
    assert_eq!(o.code.as_str(), "SEARCH_TIMED_OUT");
    assert!(o.message.contains("time limit"), "{}", o.message);
    let out = results.json_outputs(0);
    assert_eq!(out[0]["status"]["code"], "SEARCH_TIMED_OUT");
}

#[test]
fn a_transport_timeout_says_which_page() {
    let (q, script) = query(false, json!({"record_type": "customer"}));
    script.answer(testdata("search_customers_page1.xml"));
    script.fail(TransportErrorKind::Timeout);
    let results = run(&q, &[json_doc(json!({}))]);
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(o.code.as_str(), "TIMEOUT");
    assert!(o.message.contains("page 2"), "{}", o.message);
}

#[test]
fn a_stop_between_pages_ends_the_query_interrupted_after_its_page() {
    let (q, script) = query(false, json!({"record_type": "customer"}));
    script.answer(testdata("search_customers_page1.xml"));
    let cancel = Cancellation::new();
    script.cancel_after(1, &cancel);
    let mut results = Collected::default();
    q.execute(
        &[json_doc(json!({})), json_doc(json!({}))],
        &mut results,
        &cancel,
    )
    .unwrap();
    assert_eq!(script.requests().len(), 1);
    assert_eq!(results.json_outputs(0).len(), 2);
    // The query that ran stops after its page, saying how far it got; --resume runs it again.
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(o.code.as_str(), "INTERRUPTED");
    let detail: serde_json::Value = serde_json::from_str(o.detail_json.as_str()).unwrap();
    assert_eq!(
        detail,
        json!({"pages": 1, "records": 2, "in_flight": false})
    );
    // The next one never ran.
    let o = results.outcome_of(1);
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(o.code.as_str(), "CANCELLED");
}

#[test]
fn each_input_document_runs_its_own_query() {
    let (q, script) = query(
        false,
        json!({"record_type": "customer", "filters": [
            {"field": "companyName", "operator": "is", "type": "string", "parameter": "name"}]}),
    );
    script.answer(testdata("search_empty.xml"));
    script.answer(testdata("search_rows_saved.xml").replace("searchRowList", "ignoredList"));
    let results = run(
        &q,
        &[
            json_doc(json!({"parameters": {"name": "A"}})),
            Document::json(b"[1]".to_vec()),
            json_doc(json!({"parameters": {"name": "B"}})),
        ],
    );
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(
        results.outcome_of(1).status,
        OutcomeStatus::ApplicationError
    );
    assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].contains(">B<"));
}

#[test]
fn a_response_too_large_fails_the_query_without_a_retry() {
    let (client, script) = testkit::client("2023.2", None, 3);
    let s: QuerySettings = serde_json::from_value(json!({"record_type": "customer"})).unwrap();
    let q = Query::new(client, s).unwrap();
    for _ in 0..4 {
        script.fail_with(
            TransportErrorKind::Other,
            "RESPONSE_TOO_LARGE: the response passed max_response_bytes (1024)",
        );
    }
    let r = run(&q, &[json_doc(json!({}))]);
    let o = r.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.code.as_str(), "RESPONSE_TOO_LARGE", "{o:?}");
    assert_eq!(script.requests().len(), 1, "not retried");
}
