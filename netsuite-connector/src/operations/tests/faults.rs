//! SOAP faults of every shape (issue 11, item 7): the code from the detail or else the
//! faultcode; an empty, oddly shaped or unknown fault ends FAILURE with NetSuite's text,
//! never APPLICATION_ERROR with an empty code.

use connector_sdk::OperationImpl;
use connector_sdk::{Cancellation, OutcomeStatus};
use serde_json::json;

use crate::operations::testkit::{self, json_doc, testdata, Collected};
use crate::operations::write::{Write, WriteKind};

fn update_one(fault_file: &str) -> connector_sdk::Outcome {
    let (client, script) = testkit::client("2023.2", None, 0);
    script.answer_status(500, testdata(fault_file));
    let op = Write::new(
        client,
        WriteKind::Update,
        serde_json::from_value(json!({ "record_type": "customer" })).unwrap(),
    )
    .unwrap();
    let mut results = Collected::default();
    op.execute(
        &[json_doc(json!({ "internalId": "7", "companyName": "x" }))],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    results.outcome_of(0).clone()
}

#[test]
fn an_empty_fault_is_a_failure_that_says_so() {
    let o = update_one("fault_empty.xml");
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.code.as_str(), "SOAP_FAULT");
    assert!(!o.message.contains(": : "), "{}", o.message);
    assert!(
        o.message.contains("without a code or message"),
        "{}",
        o.message
    );
}

#[test]
fn an_unknown_fault_code_is_a_failure_with_netsuites_text() {
    let o = update_one("fault_unknown_code.xml");
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.code.as_str(), "SOME_NEW_CODE");
    assert!(
        o.message.contains("Something new went wrong."),
        "{}",
        o.message
    );
}

#[test]
fn a_fault_without_detail_takes_the_faultcode() {
    let o = update_one("fault_faultcode_only.xml");
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.code.as_str(), "soapenv:Server");
    assert!(
        o.message.contains("java.lang.NullPointerException"),
        "{}",
        o.message
    );
}

#[test]
fn a_known_data_fault_stays_an_application_error() {
    let o = update_one("fault_exceeded_record_count.xml");
    assert_eq!(o.status, OutcomeStatus::ApplicationError, "{o:?}");
    assert_eq!(o.code.as_str(), "MAX_RCRDS_EXCEEDED");
}
