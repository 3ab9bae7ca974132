//! Get: getList requests, per-id outcomes, the count check and error responses, through the
//! list driver.

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, Document, OutcomeStatus};
use serde_json::json;

use super::{body_op, child_names, plain_attr};
use crate::operations::get::{Get, GetSettings};
use crate::operations::testkit::{self, json_doc, testdata, Collected};

fn prepare(settings: serde_json::Value) -> (Get, std::sync::Arc<testkit::Script>) {
    let (client, script) = testkit::client("2023.2", None, 0);
    let s: GetSettings = serde_json::from_value(settings).unwrap();
    (Get::new(client, s).unwrap(), script)
}

#[test]
fn reads_ids_in_one_getlist_and_reports_each_in_order() {
    let (op, script) = prepare(json!({"record_type": "customer"}));
    script.answer(testdata("getList_mixed.xml"));
    let docs = [
        json_doc(json!({"internalId": "42"})),
        json_doc(json!({"phone": "x"})),
        json_doc(json!({"externalId": "C-404"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();

    let requests = script.requests();
    let get_list = requests.last().expect("a getList request");
    let doc = roxmltree::Document::parse(get_list).unwrap();
    let op_el = body_op(&doc);
    assert_eq!(op_el.tag_name().name(), "getList");
    assert_eq!(child_names(op_el), ["baseRef", "baseRef"]);
    let refs: Vec<_> = op_el.children().filter(|c| c.is_element()).collect();
    assert_eq!(plain_attr(refs[0], "internalId"), Some("42"));
    assert_eq!(plain_attr(refs[1], "externalId"), Some("C-404"));
    assert_eq!(plain_attr(refs[1], "type"), Some("customer"));

    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(results.json_outputs(0)[0]["entityId"], "Acme");
    let invalid = results.outcome_of(1);
    assert_eq!(invalid.status, OutcomeStatus::ApplicationError);
    assert_eq!(invalid.code.as_str(), "INVALID_DOCUMENT");
    let missing = results.outcome_of(2);
    assert_eq!(missing.status, OutcomeStatus::ApplicationError);
    assert_eq!(missing.code.as_str(), "RCRD_DSNT_EXIST");
    assert!(results.json_outputs(1).is_empty() && results.json_outputs(2).is_empty());
}

#[test]
fn error_responses_are_passed_on_when_asked() {
    let (op, script) = prepare(json!({
        "record_type": "customer",
        "return_application_error_responses": true,
    }));
    script.answer(testdata("getList_mixed.xml"));
    let docs = [
        json_doc(json!({"internalId": "42"})),
        Document::json(b"{not json".to_vec()),
        json_doc(json!({"internalId": "404"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let missing = results.json_outputs(2);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["status"]["isSuccess"], false);
    assert_eq!(missing[0]["status"]["code"], "RCRD_DSNT_EXIST");
    let invalid = results.json_outputs(1);
    assert_eq!(invalid[0]["status"]["code"], "INVALID_DOCUMENT");
}

#[test]
fn a_count_mismatch_fails_every_id_of_the_chunk() {
    let (op, script) = prepare(json!({"record_type": "customer", "batch_size": 3}));
    script.answer(testdata("getList_mixed.xml"));
    let docs = [
        json_doc(json!({"internalId": "1"})),
        json_doc(json!({"internalId": "2"})),
        json_doc(json!({"internalId": "3"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    for i in 0..3 {
        let o = results.outcome_of(i);
        assert_eq!(o.status, OutcomeStatus::Failure);
        assert_eq!(o.code.as_str(), "UNEXPECTED_RESPONSE");
        assert!(o.message.contains("2 records for 3 ids"), "{}", o.message);
    }
}

#[test]
fn chunks_by_batch_size_and_stops_sending_when_cancelled() {
    let (op, script) = prepare(json!({"record_type": "customer", "batch_size": 2}));
    let cancel = Cancellation::new();
    script.answer(testdata("getList_mixed.xml"));
    script.cancel_after(1, &cancel);
    let docs: Vec<Document> = (1..=4)
        .map(|i| json_doc(json!({"internalId": i.to_string()})))
        .collect();
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &cancel).unwrap();
    assert_eq!(script.requests().len(), 1);
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(results.outcome_of(1).code.as_str(), "RCRD_DSNT_EXIST");
    for i in 2..4 {
        let o = results.outcome_of(i);
        assert_eq!(o.code.as_str(), "CANCELLED", "{o:?}");
        assert!(o.message.contains("before this document was read"));
    }
}
