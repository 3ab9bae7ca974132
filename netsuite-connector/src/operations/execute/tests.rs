//! Execute: each function's request shape, its responses, paging, invalid documents.

use std::sync::Arc;

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, Document, OutcomeStatus};
use roxmltree::Node;
use serde_json::{json, Value};

use super::{request, Execute, ExecuteSettings};
use crate::ns::XSI;
use crate::operations::testkit::{self, json_doc, testdata, Collected, Script};

const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";
const CORE: &str = "urn:core_2023_2.platform.webservices.netsuite.com";

fn execute(function: &str, extra: Value) -> (Execute, Arc<Script>) {
    let (client, script) = testkit::client("2023.2", None, 0);
    let mut s = json!({ "function": function });
    if let (Some(o), Some(e)) = (s.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    let settings: ExecuteSettings = serde_json::from_value(s).unwrap();
    (Execute::new(client, settings).unwrap(), script)
}

fn run(op: &Execute, docs: &[Document]) -> Collected {
    let mut results = Collected::default();
    op.execute(docs, &mut results, &Cancellation::new())
        .unwrap();
    results
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| c.is_element()).collect()
}

fn names(n: Node<'_, '_>) -> Vec<(String, String)> {
    elements(n)
        .iter()
        .map(|c| {
            (
                c.tag_name().namespace().unwrap_or("").to_string(),
                c.tag_name().name().to_string(),
            )
        })
        .collect()
}

fn pair(ns: &str, name: &str) -> (String, String) {
    (ns.to_string(), name.to_string())
}

/// Parses the request's operation element and hands it to `check`.
fn with_op(request: &str, op: &str, check: impl FnOnce(Node<'_, '_>)) {
    let doc = roxmltree::Document::parse(request).unwrap();
    let el = crate::parse::body(&doc)
        .unwrap()
        .first_element_child()
        .unwrap();
    assert!(el.has_tag_name((MSGS, op)), "{:?}", el.tag_name());
    check(el);
}

#[test]
fn initialize_writes_the_initialize_record_and_returns_the_record() {
    let (op, script) = execute("initialize", json!({}));
    script.answer(testdata("initialize_invoice.xml"));
    script.answer(testdata("initialize_invalid_ref.xml"));
    let docs = [
        json_doc(
            json!({"type": "invoice", "reference": {"type": "salesOrder", "internalId": "55"}}),
        ),
        json_doc(
            json!({"type": "invoice", "reference": {"type": "salesOrder", "internalId": "7281"}}),
        ),
        json_doc(json!({"type": "invoice", "refrence": {}})),
    ];
    let results = run(&op, &docs);
    let out = results.json_outputs(0);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["recordType"], "Invoice");
    assert_eq!(out[0]["createdFrom"]["internalId"], "55");
    let bad = results.outcome_of(1);
    assert_eq!(bad.status, OutcomeStatus::ApplicationError);
    assert_eq!(bad.code.as_str(), "INVALID_INITIALIZE_REF");
    let invalid = results.outcome_of(2);
    assert_eq!(invalid.code.as_str(), "INVALID_DOCUMENT");
    assert!(invalid.message.contains("refrence"), "{}", invalid.message);

    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    with_op(&requests[0], "initialize", |el| {
        assert_eq!(names(el), [pair(MSGS, "initializeRecord")]);
        let rec = el.first_element_child().unwrap();
        assert_eq!(names(rec), [pair(CORE, "type"), pair(CORE, "reference")]);
        let reference = rec.last_element_child().unwrap();
        assert_eq!(reference.attribute("internalId"), Some("55"));
        assert_eq!(
            reference
                .attributes()
                .find(|a| a.name() == "type" && a.namespace().is_none())
                .map(|a| a.value()),
            Some("salesOrder")
        );
    });
}

#[test]
fn attach_and_detach_write_their_reference_classes() {
    let (op, script) = execute("attach", json!({}));
    script.answer(testdata("attach_ok.xml"));
    script.answer(testdata("attach_ok.xml"));
    let docs = [
        json_doc(json!({"attachTo": {"type": "customer", "internalId": "11"},
                        "attachedRecord": {"type": "file", "internalId": "900"}})),
        json_doc(json!({"attachTo": {"type": "customer", "internalId": "11"},
                        "contact": "31", "contactRole": {"internalId": "-10"}})),
        json_doc(json!({"attachTo": {"type": "customer", "internalId": "11"}})),
    ];
    let results = run(&op, &docs);
    assert_eq!(
        results.json_outputs(0),
        [json!({"internalId": "11", "type": "customer"})]
    );
    assert!(results.outcome_of(2).message.contains("attachedRecord"));
    let requests = script.requests();
    with_op(&requests[0], "attach", |el| {
        let r = el.first_element_child().unwrap();
        assert!(r.has_tag_name((MSGS, "attachReference")));
        assert_eq!(
            r.attribute((XSI, "type")),
            Some("platformCore:AttachBasicReference")
        );
        assert_eq!(
            names(r),
            [pair(CORE, "attachTo"), pair(CORE, "attachedRecord")]
        );
        assert_eq!(
            elements(r)[0].attribute((XSI, "type")),
            Some("platformCore:RecordRef")
        );
    });
    with_op(&requests[1], "attach", |el| {
        let r = el.first_element_child().unwrap();
        assert_eq!(
            r.attribute((XSI, "type")),
            Some("platformCore:AttachContactReference")
        );
        assert_eq!(
            names(r),
            [
                pair(CORE, "attachTo"),
                pair(CORE, "contact"),
                pair(CORE, "contactRole")
            ]
        );
    });

    let (op, script) = execute("detach", json!({}));
    script.answer(testdata("attach_ok.xml").replace("attachResponse", "detachResponse"));
    let results = run(
        &op,
        &[json_doc(
            json!({"detachFrom": {"type": "customer", "internalId": "11"},
                          "detachedRecord": {"typeId": "5", "internalId": "3"}}),
        )],
    );
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    with_op(&script.requests()[0], "detach", |el| {
        let r = el.first_element_child().unwrap();
        assert_eq!(
            r.attribute((XSI, "type")),
            Some("platformCore:DetachBasicReference")
        );
        let detached = r.last_element_child().unwrap();
        assert_eq!(
            detached.attribute((XSI, "type")),
            Some("platformCore:CustomRecordRef")
        );
    });
}

#[test]
fn get_deleted_reads_every_page() {
    let (op, script) = execute("getDeleted", json!({}));
    script.answer(testdata("getDeleted_page1.xml"));
    script.answer(testdata("getDeleted_page2.xml"));
    let results = run(
        &op,
        &[json_doc(json!({"type": "customer",
                          "deletedDate": {"operator": "after", "value": "2024-01-01T00:00:00Z"}}))],
    );
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    let out = results.json_outputs(0);
    assert_eq!(out.len(), 3);
    assert_eq!(
        out[0],
        json!({"internalId": "21", "type": "customer", "name": "Old Co",
               "deletedDate": "2024-02-01T10:00:00.000-08:00"})
    );
    assert_eq!(out[1]["externalId"], "C-22");
    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    with_op(&requests[1], "getDeleted", |el| {
        assert_eq!(
            names(el),
            [pair(MSGS, "getDeletedFilter"), pair(MSGS, "pageIndex")]
        );
        assert_eq!(elements(el)[1].text(), Some("2"));
        let filter = el.first_element_child().unwrap();
        assert_eq!(
            names(filter),
            [pair(CORE, "deletedDate"), pair(CORE, "type")]
        );
        let ty = elements(filter)[1];
        assert_eq!(ty.attribute("operator"), Some("anyOf"));
        assert_eq!(ty.first_element_child().unwrap().text(), Some("customer"));
    });
}

#[test]
fn get_deleted_needs_a_type_or_date() {
    let (op, script) = execute("getDeleted", json!({}));
    let results = run(&op, &[json_doc(json!({}))]);
    assert_eq!(
        results.outcome_of(0).status,
        OutcomeStatus::ApplicationError
    );
    assert!(script.requests().is_empty());
    let (op, _) = execute("getDeleted", json!({}));
    let results = run(
        &op,
        &[json_doc(
            json!({"deletedDate": {"operator": "is", "value": "x"}}),
        )],
    );
    assert!(results.outcome_of(0).message.contains("deletedDate"));
}

#[test]
fn get_select_value_writes_the_field_description_and_lists_values() {
    let (op, script) = execute("getSelectValue", json!({}));
    script.answer(testdata("getSelectValue_values.xml"));
    script.answer(testdata("getSelectValue_empty_warning.xml"));
    let docs = [
        json_doc(json!({"recordType": "salesOrder", "field": "entity",
                        "filter": {"operator": "contains", "value": "ac"},
                        "filterBy": [{"field": "subsidiary", "internalId": "1"}]})),
        json_doc(json!({"recordType": "salesOrder", "sublist": "itemList", "field": "item"})),
    ];
    let results = run(&op, &docs);
    assert_eq!(
        results.json_outputs(0),
        [
            json!({"internalId": "11", "name": "Acme"}),
            json!({"internalId": "12", "name": "Globex"})
        ]
    );
    let warned = results.outcome_of(1);
    assert_eq!(warned.status, OutcomeStatus::Success);
    assert_eq!(warned.code.as_str(), "WARNING");
    assert!(results.json_outputs(1).is_empty());
    with_op(&script.requests()[0], "getSelectValue", |el| {
        assert_eq!(
            names(el),
            [pair(MSGS, "fieldDescription"), pair(MSGS, "pageIndex")]
        );
        let d = el.first_element_child().unwrap();
        assert_eq!(
            names(d),
            [
                pair(CORE, "recordType"),
                pair(CORE, "field"),
                pair(CORE, "filter"),
                pair(CORE, "filterByValueList")
            ]
        );
    });
}

#[test]
fn currency_rate_governance_and_server_time() {
    let (op, script) = execute("getCurrencyRate", json!({}));
    script.answer(testdata("getCurrencyRate.xml"));
    let results = run(
        &op,
        &[json_doc(
            json!({"baseCurrency": "1", "fromCurrency": {"internalId": "2"},
                          "effectiveDate": "2024-01-31T00:00:00Z"}),
        )],
    );
    let out = results.json_outputs(0);
    // Decoded without a schema: a plainly written number is a JSON number.
    assert_eq!(out[0]["exchangeRate"], json!(1.0842));
    assert_eq!(out[0]["fromCurrency"]["internalId"], "2");
    with_op(&script.requests()[0], "getCurrencyRate", |el| {
        let f = el.first_element_child().unwrap();
        assert_eq!(
            names(f),
            [
                pair(CORE, "baseCurrency"),
                pair(CORE, "fromCurrency"),
                pair(CORE, "effectiveDate")
            ]
        );
    });

    let (op, script) = execute("getAccountGovernanceInfo", json!({}));
    script.answer(testdata("getAccountGovernanceInfo.xml"));
    let results = run(&op, &[Document::json(Vec::new())]);
    assert_eq!(
        results.json_outputs(0),
        [json!({"accountConcurrencyLimit": 15, "unallocatedConcurrencyLimit": 10})]
    );
    with_op(&script.requests()[0], "getAccountGovernanceInfo", |el| {
        assert!(elements(el).is_empty());
    });

    let (op, script) = execute("getIntegrationGovernanceInfo", json!({}));
    script.answer(testdata("getIntegrationGovernanceInfo.xml"));
    let results = run(&op, &[Document::json(Vec::new())]);
    assert_eq!(
        results.json_outputs(0),
        [json!({"integrationConcurrencyLimit": 4, "limitType": "_integrationSpecific"})]
    );
    with_op(
        &script.requests()[0],
        "getIntegrationGovernanceInfo",
        |el| {
            assert!(elements(el).is_empty());
        },
    );
}

#[test]
fn request_builders_refuse_unknown_fields_by_name() {
    type Builder = fn(&Value) -> Result<Vec<u8>, String>;
    let cases: [(Builder, Value, &str); 6] = [
        (
            request::initialize,
            json!({"type": "invoice", "reference": {"intrnalId": "1"}}),
            "intrnalId",
        ),
        (
            request::attach,
            json!({"attachTo": "1", "attachedRecord": "2", "x": 1}),
            "x",
        ),
        (
            request::detach,
            json!({"detachFrom": "1"}),
            "detachedRecord",
        ),
        (request::get_deleted_filter, json!({"type": 5}), "type"),
        (
            request::get_select_value_description,
            json!({"recordType": "salesOrder"}),
            "field",
        ),
        (
            request::currency_rate_filter,
            json!({"baseCurrency": [1]}),
            "baseCurrency",
        ),
    ];
    for (build, doc, field) in cases {
        let e = build(&doc).unwrap_err();
        assert!(e.contains(field), "{doc}: {e}");
    }
}
