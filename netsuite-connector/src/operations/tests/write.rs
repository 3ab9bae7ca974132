//! Create, Update, Upsert: batching, per-record outcomes, preferences, invalid documents.

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, Document, OutcomeStatus, TransportErrorKind};
use serde_json::json;

use super::{body_op, child_names, header_child, name_of};
use crate::ns::XSI;
use crate::operations::testkit::{self, json_doc, testdata, Collected};
use crate::operations::write::{Write, WriteKind, WriteSettings};

const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";
const CORE: &str = "urn:core_2023_2.platform.webservices.netsuite.com";
const REL: &str = "urn:relationships_2023_2.lists.webservices.netsuite.com";

fn settings(v: serde_json::Value) -> WriteSettings {
    serde_json::from_value(v).unwrap()
}

fn customer(n: u32) -> Document {
    json_doc(json!({
        "externalId": format!("C-{n}"),
        "entityId": format!("Customer {n}"),
        "companyName": "Acme & Sons",
        "subsidiary": {"internalId": "1"}
    }))
}

#[test]
fn create_sends_one_addlist_and_reports_each_record_in_order() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({
            "record_type": "customer",
            "warning_as_error": false,
            "run_server_suite_script_and_trigger_workflows": true
        })),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();

    let requests = script.requests();
    assert_eq!(requests.len(), 1);
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let add = body_op(&doc);
    assert_eq!(name_of(add), (MSGS.into(), "addList".into()));
    let records: Vec<_> = add.children().filter(|c| c.is_element()).collect();
    assert_eq!(records.len(), 3);
    for r in &records {
        assert_eq!(name_of(*r), (MSGS.into(), "record".into()));
        assert_eq!(
            r.attribute((XSI, "type")).map(|t| t.ends_with(":Customer")),
            Some(true)
        );
    }
    assert_eq!(records[0].attribute("externalId"), Some("C-1"));
    let entity = records[0].first_element_child().unwrap();
    assert_eq!(name_of(entity), (REL.into(), "entityId".into()));
    assert_eq!(entity.text(), Some("Customer 1"));
    let company = entity.next_sibling_element().unwrap();
    assert_eq!(company.text(), Some("Acme & Sons"));

    // Preferences: only the flags that are set, in the XSD's order.
    let prefs = header_child(&doc, "preferences").expect("a preferences header");
    assert_eq!(
        child_names(prefs),
        ["warningAsError", "runServerSuiteScriptAndTriggerWorkflows"]
    );
    assert_eq!(prefs.first_element_child().unwrap().text(), Some("false"));
    assert!(header_child(&doc, "searchPreferences").is_none());

    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(
        results.json_outputs(0),
        [json!({"internalId": "1001", "externalId": "C-1", "type": "customer"})]
    );
    let rejected = results.outcome_of(1);
    assert_eq!(rejected.status, OutcomeStatus::ApplicationError);
    assert_eq!(rejected.code.as_str(), "DUP_ENTITY");
    assert_eq!(rejected.message.as_str(), "This entity already exists.");
    assert!(results.json_outputs(1).is_empty());
    let warned = results.outcome_of(2);
    assert_eq!(warned.status, OutcomeStatus::Success);
    assert_eq!(warned.code.as_str(), "WARNING");
    assert_eq!(results.json_outputs(2)[0]["internalId"], "1003");
}

#[test]
fn unset_preferences_leave_out_the_header() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    assert!(header_child(&doc, "preferences").is_none());
    assert!(header_child(&doc, "tokenPassport").is_some());
}

#[test]
fn error_responses_are_passed_on_when_asked() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer", "return_application_error_responses": true})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    let out = results.json_outputs(1);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["status"]["isSuccess"], false);
    assert_eq!(out[0]["status"]["code"], "DUP_ENTITY");
    assert_eq!(out[0]["status"]["statusDetail"][0]["type"], "ERROR");
    assert_eq!(
        results.outcome_of(1).status,
        OutcomeStatus::ApplicationError
    );
}

#[test]
fn invalid_documents_fail_alone_and_name_the_field() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("deleteList_errors.xml").replace("deleteList", "upsertList"));
    let op = Write::new(
        client,
        WriteKind::Upsert,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let docs = [
        Document::json(b"{not json".to_vec()),
        customer(7),
        json_doc(json!({"entityId": "no key"})),
        customer(8),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();

    let bad = results.outcome_of(0);
    assert_eq!(bad.status, OutcomeStatus::ApplicationError);
    assert!(bad.message.contains("not JSON"), "{}", bad.message);
    let no_key = results.outcome_of(2);
    assert_eq!(no_key.status, OutcomeStatus::ApplicationError);
    assert!(no_key.message.contains("externalId"), "{}", no_key.message);

    // The two valid records went out together, and got NetSuite's answers in order.
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let list = body_op(&doc);
    assert_eq!(list.tag_name().name(), "upsertList");
    assert_eq!(list.children().filter(|c| c.is_element()).count(), 2);
    assert_eq!(
        results.outcome_of(1).code.as_str(),
        "INSUFFICIENT_PERMISSION"
    );
    assert_eq!(results.outcome_of(3).status, OutcomeStatus::Success);
    assert_eq!(
        results.json_outputs(3),
        [json!({"externalId": "C-8", "type": "customer"})]
    );
}

#[test]
fn update_needs_a_key_and_clears_fields_with_null_field_list() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml").replace("addList", "updateList"));
    let op = Write::new(
        client,
        WriteKind::Update,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let docs = [
        json_doc(json!({"internalId": "1001", "nullFieldList": ["phone", "custentity_tier"]})),
        json_doc(json!({"companyName": "no key"})),
        json_doc(json!({"externalId": "C-3", "phone": "555"})),
        json_doc(json!({"internalId": "1004", "phone": null})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let missing = results.outcome_of(1);
    assert_eq!(missing.code.as_str(), "INVALID_DOCUMENT");
    assert!(missing.message.contains("internalId or externalId"));

    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let list = body_op(&doc);
    assert_eq!(list.tag_name().name(), "updateList");
    let first = list.first_element_child().unwrap();
    let nulls = first
        .children()
        .find(|c| c.has_tag_name((CORE, "nullFieldList")))
        .expect("platformCore:nullFieldList");
    let names: Vec<_> = nulls.children().filter_map(|n| n.text()).collect();
    assert_eq!(names, ["phone", "custentity_tier"]);
    // The three valid documents got the three answers in order.
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(results.outcome_of(2).code.as_str(), "DUP_ENTITY");
    assert_eq!(results.outcome_of(3).status, OutcomeStatus::Success);
}

#[test]
fn batch_size_splits_requests_and_keeps_input_order() {
    let (client, script) = testkit::client("2023.2", None, 0);
    let two = testdata("deleteList_errors.xml").replace("deleteList", "addList");
    script.answer(two.clone());
    script.answer(two);
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer", "batch_size": 2})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3), customer(4)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    assert_eq!(script.requests().len(), 2);
    let order: Vec<usize> = results.outcomes.iter().map(|(i, _)| *i).collect();
    assert_eq!(order, [0, 1, 2, 3]);
    assert_eq!(
        results.outcome_of(2).code.as_str(),
        "INSUFFICIENT_PERMISSION"
    );
}

#[test]
fn a_fault_marks_every_document_of_its_request() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer_status(500, testdata("fault_exceeded_record_count.xml"));
    script.answer_status(500, testdata("fault_request_blocked.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer", "batch_size": 2})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    // NetSuite judged the request (too many records): APPLICATION_ERROR.
    for i in [0, 1] {
        let o = results.outcome_of(i);
        assert_eq!(o.status, OutcomeStatus::ApplicationError);
        assert_eq!(o.code.as_str(), "MAX_RCRDS_EXCEEDED");
    }
    // Concurrency with no retries left: FAILURE (may succeed later).
    let o = results.outcome_of(2);
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(o.code.as_str(), "WS_REQUEST_BLOCKED");
}

#[test]
fn retries_a_concurrency_fault_then_succeeds() {
    let (client, script) = testkit::client("2023.2", None, 2);
    script.answer_status(500, testdata("fault_request_blocked.xml"));
    // A create is resent only after failures that prove it was not applied (a reset could
    // mean it was: see retry::classify_for).
    script.fail(TransportErrorKind::Connect);
    script.answer(testdata("addList_mixed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    assert_eq!(script.requests().len(), 3);
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
}

#[test]
fn cancellation_between_requests_fails_the_rest() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("deleteList_errors.xml").replace("deleteList", "addList"));
    let cancel = Cancellation::new();
    script.cancel_after(1, &cancel);
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer", "batch_size": 2})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2), customer(3), customer(4)],
        &mut results,
        &cancel,
    )
    .unwrap();
    assert_eq!(script.requests().len(), 1);
    assert_eq!(results.outcome_of(1).status, OutcomeStatus::Success);
    for i in [2, 3] {
        let o = results.outcome_of(i);
        assert_eq!(o.status, OutcomeStatus::Failure);
        assert_eq!(o.code.as_str(), "CANCELLED");
    }
}

#[test]
fn raw_xml_records_pass_through() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_mixed.xml"));
    let xml = format!(
        r#"<record xmlns:xsi="{XSI}" xmlns:listRel="{REL}" xsi:type="listRel:Customer" externalId="X-1"><listRel:entityId>Raw &amp; Co</listRel:entityId></record>"#
    );
    let docs = [
        Document::new("application/xml", xml.into_bytes()),
        customer(2),
        Document::new("application/xml", b"<record><broken></record>".to_vec()),
    ];
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    assert_eq!(
        results.outcome_of(2).status,
        OutcomeStatus::ApplicationError
    );
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let first = body_op(&doc).first_element_child().unwrap();
    assert_eq!(name_of(first), (MSGS.into(), "record".into()));
    assert_eq!(first.attribute("externalId"), Some("X-1"));
    let entity = first.first_element_child().unwrap();
    assert_eq!(name_of(entity), (REL.into(), "entityId".into()));
    assert_eq!(entity.text(), Some("Raw & Co"));
}

#[test]
fn custom_records_get_their_record_type() {
    let (client, script) = testkit::client("2023.2", Some("2023_2"), 0);
    script.answer(testdata("addList_mixed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customRecord", "custom_record_type_id": "42"})),
    )
    .unwrap();
    let docs = [
        json_doc(json!({"name": "one"})),
        json_doc(json!({"name": "two", "recType": {"internalId": "43"}})),
        json_doc(json!({"name": "three"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let rec_types: Vec<_> = body_op(&doc)
        .children()
        .filter(|c| c.is_element())
        .map(|r| {
            r.children()
                .find(|c| c.tag_name().name() == "recType")
                .and_then(|c| c.attribute("internalId"))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(rec_types, ["42", "43", "42"]);
}

#[test]
fn a_schema_names_unknown_fields() {
    let (client, script) = testkit::client("2023.2", Some("2023_2"), 0);
    script.answer(testdata("deleteList_errors.xml").replace("deleteList", "addList"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({"record_type": "customer"})),
    )
    .unwrap();
    let docs = [
        json_doc(json!({"entityId": "A", "compnyName": "typo"})),
        customer(2),
        customer(3),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::ApplicationError);
    assert!(o.message.contains("compnyName"), "{}", o.message);
    assert_eq!(
        results.outcome_of(1).code.as_str(),
        "INSUFFICIENT_PERMISSION"
    );
    assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
}

#[test]
fn a_record_saved_although_refused_is_a_success_with_a_warning_and_its_ref() {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer(testdata("addList_after_submit_failed.xml"));
    let op = Write::new(
        client,
        WriteKind::Create,
        settings(json!({ "record_type": "customer", "return_application_error_responses": true })),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[customer(1), customer(2)],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();

    let saved = results.outcome_of(0);
    assert_eq!(saved.status, OutcomeStatus::Success, "{saved:?}");
    assert_eq!(saved.code.as_str(), "AFTER_SUBMIT_FAILED");
    assert!(
        saved.message.contains("SSS_USEREVENT_ERROR"),
        "{}",
        saved.message
    );
    let detail: serde_json::Value = serde_json::from_str(&saved.detail_json).unwrap();
    assert_eq!(detail["warning"], "afterSubmitFailed");
    assert_eq!(detail["code"], "USER_ERROR");
    assert_eq!(detail["statusDetail"][0]["afterSubmitFailed"], true);
    assert_eq!(
        results.json_outputs(0),
        [json!({"internalId": "2001", "externalId": "C-1", "type": "customer"})]
    );

    // A detail without a code does not hide the real error.
    let refused = results.outcome_of(1);
    assert_eq!(refused.status, OutcomeStatus::ApplicationError);
    assert_eq!(refused.code.as_str(), "INVALID_FLD_VALUE");
    assert_eq!(
        results.json_outputs(1)[0]["status"]["code"],
        "INVALID_FLD_VALUE"
    );
}
