//! Delete: references, custom record references, per-record outcomes.

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, OutcomeStatus};
use serde_json::json;

use super::{body_op, name_of, plain_attr};
use crate::ns::XSI;
use crate::operations::delete::{Delete, DeleteSettings};
use crate::operations::testkit::{self, json_doc, testdata, Collected};

const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";

fn prepare(settings: serde_json::Value) -> (Delete, std::sync::Arc<testkit::Script>) {
    let (client, script) = testkit::client("2023.2", None, 0);
    let s: DeleteSettings = serde_json::from_value(settings).unwrap();
    (Delete::new(client, s).unwrap(), script)
}

#[test]
fn deletes_by_internal_or_external_id_in_one_deletelist() {
    let (op, script) = prepare(json!({"record_type": "customer"}));
    script.answer(testdata("deleteList_errors.xml"));
    let docs = [
        json_doc(json!({"internalId": "7"})),
        json_doc(json!({"phone": "x"})),
        json_doc(json!({"externalId": "C-8"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();

    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let list = body_op(&doc);
    assert_eq!(name_of(list), (MSGS.into(), "deleteList".into()));
    let refs: Vec<_> = list.children().filter(|c| c.is_element()).collect();
    assert_eq!(refs.len(), 2);
    assert_eq!(name_of(refs[0]), (MSGS.into(), "baseRef".into()));
    assert_eq!(
        refs[0].attribute((XSI, "type")),
        Some("platformCore:RecordRef")
    );
    assert_eq!(plain_attr(refs[0], "type"), Some("customer"));
    assert_eq!(refs[0].attribute("internalId"), Some("7"));
    assert_eq!(refs[1].attribute("externalId"), Some("C-8"));

    let denied = results.outcome_of(0);
    assert_eq!(denied.status, OutcomeStatus::ApplicationError);
    assert_eq!(denied.code.as_str(), "INSUFFICIENT_PERMISSION");
    let bad = results.outcome_of(1);
    assert_eq!(bad.status, OutcomeStatus::ApplicationError);
    assert!(bad.message.contains("phone"), "{}", bad.message);
    assert_eq!(results.outcome_of(2).status, OutcomeStatus::Success);
    assert_eq!(
        results.json_outputs(2),
        [json!({"externalId": "C-8", "type": "customer"})]
    );
}

#[test]
fn custom_records_are_deleted_with_their_type_id() {
    let (op, script) =
        prepare(json!({"record_type": "customRecord", "custom_record_type_id": "12"}));
    script.answer(testdata("deleteList_errors.xml"));
    let docs = [
        json_doc(json!({"internalId": "5"})),
        json_doc(json!({"internalId": 6, "typeId": "14"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let refs: Vec<_> = body_op(&doc)
        .children()
        .filter(|c| c.is_element())
        .collect();
    for r in &refs {
        assert_eq!(
            r.attribute((XSI, "type")),
            Some("platformCore:CustomRecordRef")
        );
        assert_eq!(plain_attr(*r, "type"), None);
    }
    assert_eq!(refs[0].attribute("typeId"), Some("12"));
    assert_eq!(refs[1].attribute("typeId"), Some("14"));
    assert_eq!(refs[1].attribute("internalId"), Some("6"));
}

#[test]
fn custom_record_without_type_fails_alone() {
    let (op, script) = prepare(json!({"record_type": "customRecord"}));
    script.answer(testdata("deleteList_errors.xml").replace(
        "<ns0:writeResponse>\n          <ns1:status isSuccess=\"false\">",
        "<ns0:writeResponse>\n          <ns1:status isSuccess=\"true\">",
    ));
    let docs = [
        json_doc(json!({"internalId": "5"})),
        json_doc(json!({"internalId": "6", "typeId": "14"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let o = results.outcome_of(0);
    assert_eq!(o.status, OutcomeStatus::ApplicationError);
    assert!(o.message.contains("typeId"), "{}", o.message);
    assert_eq!(script.requests().len(), 1);
}

#[test]
fn a_whole_list_refused_gives_each_document_the_list_status() {
    let (op, script) = prepare(json!({"record_type": "customer"}));
    script.answer(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
        <deleteListResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><writeResponseList>
        <platformCore:status xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com" isSuccess="false">
        <platformCore:statusDetail><platformCore:code>USER_ERROR</platformCore:code><platformCore:message>Bad list</platformCore:message></platformCore:statusDetail>
        </platformCore:status></writeResponseList></deleteListResponse></soapenv:Body></soapenv:Envelope>"#,
    );
    let docs = [
        json_doc(json!({"internalId": "1"})),
        json_doc(json!({"internalId": "2"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    for i in 0..2 {
        assert_eq!(results.outcome_of(i).code.as_str(), "USER_ERROR");
        assert_eq!(
            results.outcome_of(i).status,
            OutcomeStatus::ApplicationError
        );
    }
}

#[test]
fn a_deletion_reason_follows_the_refs() {
    let (op, script) = prepare(json!({"record_type": "customer",
        "deletion_reason_code": "3", "deletion_reason_memo": "duplicate"}));
    script.answer(testdata("deleteList_errors.xml"));
    let docs = [
        json_doc(json!({"internalId": "7"})),
        json_doc(json!({"externalId": "C-8"})),
    ];
    let mut results = Collected::default();
    op.execute(&docs, &mut results, &Cancellation::new())
        .unwrap();
    let requests = script.requests();
    let doc = roxmltree::Document::parse(&requests[0]).unwrap();
    let children: Vec<_> = body_op(&doc)
        .children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name().to_string())
        .collect();
    assert_eq!(children, ["baseRef", "baseRef", "deletionReason"]);
    let reason = body_op(&doc).last_element_child().unwrap();
    assert_eq!(name_of(reason), (MSGS.into(), "deletionReason".into()));
    let code = reason.first_element_child().unwrap();
    assert_eq!(code.attribute("internalId"), Some("3"));
    assert_eq!(
        reason.last_element_child().unwrap().text(),
        Some("duplicate")
    );
}
