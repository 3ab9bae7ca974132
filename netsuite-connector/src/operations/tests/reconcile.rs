//! Safe create retries (issue 11, item 3): a create whose answer was lost is sent again for the
//! records with an externalId and reconciled by a lookup; records without one end FAILURE
//! MAYBE_APPLIED alone; inputs marked `possibly_applied` are looked up before being sent.

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, Document, OutcomeStatus, TransportErrorKind};
use serde_json::json;

use super::{body_op, name_of};
use crate::operations::testkit::{self, json_doc, testdata, Collected};
use crate::operations::write::{Write, WriteKind};

fn create(client: std::sync::Arc<crate::client::Client>) -> Write {
    Write::new(
        client,
        WriteKind::Create,
        serde_json::from_value(json!({ "record_type": "customer" })).unwrap(),
    )
    .unwrap()
}

fn docs() -> Vec<Document> {
    vec![
        json_doc(json!({"externalId": "C-1", "companyName": "One"})),
        json_doc(json!({"companyName": "No key"})),
        json_doc(json!({"externalId": "C-3", "companyName": "Three"})),
    ]
}

/// A child of a request's operation: its `externalId` and (plain) `type` attributes.
type Sent = (Option<String>, Option<String>);

/// The record children of the body operation of a request, and the operation's name.
fn sent(request: &str) -> (String, Vec<Sent>) {
    let doc = roxmltree::Document::parse(request).unwrap();
    let op = body_op(&doc);
    let children = op
        .children()
        .filter(|c| c.is_element())
        .map(|c| {
            (
                c.attribute("externalId").map(str::to_string),
                c.attributes()
                    .find(|a| a.namespace().is_none() && a.name() == "type")
                    .map(|a| a.value().to_string()),
            )
        })
        .collect();
    (name_of(op).1, children)
}

fn lost_answer_is_resolved(lose: impl Fn(&testkit::Script)) {
    let (client, script) = testkit::client("2023.2", None, 2);
    lose(&script);
    script.answer(testdata("addList_duplicate_then_ok.xml"));
    // The lookup of C-1 finds it.
    script.answer(testdata("getList_one_found.xml"));
    let mut results = Collected::default();
    create(client)
        .execute(&docs(), &mut results, &Cancellation::new())
        .unwrap();

    let requests = script.requests();
    assert_eq!(requests.len(), 3, "add, add again, lookup");
    assert_eq!(sent(&requests[0]).1.len(), 3);
    let (op, again) = sent(&requests[1]);
    assert_eq!(op, "addList");
    assert_eq!(
        again.iter().map(|(e, _)| e.as_deref()).collect::<Vec<_>>(),
        [Some("C-1"), Some("C-3")],
        "only the records with an externalId are sent again"
    );
    let (op, lookup) = sent(&requests[2]);
    assert_eq!(op, "getList");
    assert_eq!(lookup, [(Some("C-1".into()), Some("customer".into()))]);

    let reconciled = results.outcome_of(0);
    assert_eq!(reconciled.status, OutcomeStatus::Success, "{reconciled:?}");
    assert_eq!(reconciled.code.as_str(), "RECONCILED");
    let detail: serde_json::Value = serde_json::from_str(&reconciled.detail_json).unwrap();
    assert_eq!(detail["reconciled"], true);
    assert_eq!(
        results.json_outputs(0),
        [json!({"internalId": "42", "externalId": "C-42", "type": "customer"})]
    );
    let unknown = results.outcome_of(1);
    assert_eq!(unknown.status, OutcomeStatus::Failure);
    assert_eq!(unknown.code.as_str(), "MAYBE_APPLIED");
    assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
    assert_eq!(results.json_outputs(2)[0]["internalId"], "1003");
    let bodies: Vec<(String, String)> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("r{i}"), testkit::body_element(r)))
        .collect();
    testkit::assert_valid("2023_2", &bodies);
}

#[test]
fn a_create_reset_after_sending_is_sent_again_and_reconciled_by_external_id() {
    lost_answer_is_resolved(|s| s.fail(TransportErrorKind::Reset));
}

#[test]
fn a_create_behind_a_gateway_answering_502_or_504_is_reconciled() {
    for status in [502, 504] {
        lost_answer_is_resolved(|s| s.answer_status(status, "<html>Bad Gateway</html>"));
    }
}

#[test]
fn a_duplicate_that_the_lookup_does_not_find_keeps_the_adds_result() {
    let (client, script) = testkit::client("2023.2", None, 2);
    script.fail(TransportErrorKind::Timeout);
    script.answer(testdata("addList_duplicate_then_ok.xml"));
    // The lookup finds nothing (the second readResponse of getList_mixed only).
    script.answer(
        testdata("getList_mixed.xml")
            .replacen("<readResponse>", "<!--", 1)
            .replacen("</readResponse>", "-->", 1),
    );
    let mut results = Collected::default();
    let two = vec![docs()[0].clone(), docs()[2].clone()];
    create(client)
        .execute(&two, &mut results, &Cancellation::new())
        .unwrap();
    let dup = results.outcome_of(0);
    assert_eq!(dup.status, OutcomeStatus::ApplicationError, "{dup:?}");
    assert_eq!(dup.code.as_str(), "DUP_RCRD");
    assert_eq!(results.outcome_of(1).status, OutcomeStatus::Success);
}

#[test]
fn a_resend_whose_answer_is_lost_too_ends_maybe_applied_after_the_retries() {
    let (client, script) = testkit::client("2023.2", None, 2);
    for _ in 0..3 {
        script.fail(TransportErrorKind::Reset);
    }
    let mut results = Collected::default();
    create(client)
        .execute(&docs()[..1], &mut results, &Cancellation::new())
        .unwrap();
    assert_eq!(
        script.requests().len(),
        3,
        "the add, then two more (the retries)"
    );
    assert_eq!(results.outcome_of(0).code.as_str(), "MAYBE_APPLIED");
}

fn possibly_applied(doc: Document) -> Document {
    Document {
        properties: json!({ "possibly_applied": true }).to_string().into(),
        ..doc
    }
}

#[test]
fn possibly_applied_creates_are_looked_up_first_and_never_sent_blind() {
    let (client, script) = testkit::client("2023.2", None, 0);
    // The lookup: C-1 found, C-3 not.
    script.answer(testdata("getList_mixed.xml"));
    script.answer(testdata("addList_mixed.xml"));
    let inputs = vec![
        possibly_applied(docs()[0].clone()),
        possibly_applied(docs()[1].clone()),
        possibly_applied(docs()[2].clone()),
        json_doc(json!({"externalId": "C-4", "companyName": "Fresh"})),
        json_doc(json!({"companyName": "Fresh too"})),
    ];
    let mut results = Collected::default();
    create(client)
        .execute(&inputs, &mut results, &Cancellation::new())
        .unwrap();
    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    let (op, lookup) = sent(&requests[0]);
    assert_eq!(op, "getList");
    assert_eq!(
        lookup.iter().map(|(e, _)| e.as_deref()).collect::<Vec<_>>(),
        [Some("C-1"), Some("C-3")]
    );
    let (op, added) = sent(&requests[1]);
    assert_eq!(op, "addList");
    assert_eq!(
        added.iter().map(|(e, _)| e.as_deref()).collect::<Vec<_>>(),
        [Some("C-3"), Some("C-4"), None]
    );
    assert_eq!(results.outcome_of(0).code.as_str(), "RECONCILED");
    assert_eq!(results.json_outputs(0)[0]["internalId"], "42");
    let blind = results.outcome_of(1);
    assert_eq!(
        (blind.status, blind.code.as_str()),
        (OutcomeStatus::Failure, "MAYBE_APPLIED")
    );
    // C-3, C-4 and the last take the answers of addList_mixed.
    assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
    assert_eq!(results.json_outputs(2)[0]["internalId"], "1001");
    assert_eq!(results.outcome_of(3).code.as_str(), "DUP_ENTITY");
}

#[test]
fn possibly_applied_is_ignored_by_other_actions() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml").replace("addListResponse", "upsertListResponse"));
    let op = Write::new(
        client,
        WriteKind::Upsert,
        serde_json::from_value(json!({ "record_type": "customer" })).unwrap(),
    )
    .unwrap();
    let inputs: Vec<Document> = [0, 2, 0]
        .iter()
        .map(|&i| possibly_applied(docs()[i].clone()))
        .collect();
    let mut results = Collected::default();
    op.execute(&inputs, &mut results, &Cancellation::new())
        .unwrap();
    let requests = script.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(sent(&requests[0]).0, "upsertList");
}

#[test]
fn a_custom_record_is_looked_up_by_custom_record_ref_with_its_type() {
    let (client, script) = testkit::client("2023.2", None, 2);
    script.fail(TransportErrorKind::Reset);
    script.answer(testdata("addList_duplicate.xml"));
    script.answer(
        testdata("getList_one_found.xml")
            .replace("listRel:Customer", "setupCustom:CustomRecord")
            .replace(
                "xmlns:listRel=\"urn:relationships_2023_2.lists.webservices.netsuite.com\"",
                "xmlns:setupCustom=\"urn:customization_2023_2.setup.webservices.netsuite.com\"",
            )
            .replace("listRel:entityId", "setupCustom:name"),
    );
    let op = Write::new(
        client,
        WriteKind::Create,
        serde_json::from_value(
            json!({ "record_type": "customRecord", "custom_record_type_id": "17" }),
        )
        .unwrap(),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[json_doc(json!({"externalId": "CR-1", "name": "One"}))],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    let requests = script.requests();
    assert_eq!(requests.len(), 3, "{:?}", results.outcomes);
    let doc = roxmltree::Document::parse(&requests[2]).unwrap();
    let base_ref = body_op(&doc).first_element_child().unwrap();
    assert_eq!(base_ref.attribute("typeId"), Some("17"));
    assert_eq!(base_ref.attribute("externalId"), Some("CR-1"));
    assert_eq!(
        base_ref.attribute((crate::ns::XSI, "type")),
        Some("platformCore:CustomRecordRef")
    );
    assert_eq!(results.outcome_of(0).code.as_str(), "RECONCILED");
    assert_eq!(
        results.json_outputs(0),
        [json!({"internalId": "42", "externalId": "C-42", "typeId": "17"})]
    );
    let bodies: Vec<(String, String)> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("r{i}"), testkit::body_element(r)))
        .collect();
    testkit::assert_valid("2023_2", &bodies);
}
