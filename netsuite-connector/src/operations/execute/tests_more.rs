//! Request shapes of the functions in `request_more`: element order as the XSD wants it,
//! NetSuite's spellings, and invalid documents named in the user's words.

use serde_json::json;

use super::request_more::*;

fn text(built: Result<Vec<u8>, String>) -> String {
    String::from_utf8(built.expect("builds")).unwrap()
}

#[test]
fn get_all_without_a_schema_checks_the_record_type_against_the_xsd_list() {
    assert_eq!(
        text(get_all(&json!({"recordType": "currency"}), None)),
        r#"<platformMsgs:record recordType="currency"/>"#
    );
    let e = get_all(&json!({"recordType": "customer"}), None).unwrap_err();
    assert!(
        e.contains("`customer`") && e.contains("budgetCategory, campaignAudience"),
        "{e}"
    );
    assert!(get_all(&json!({}), None)
        .unwrap_err()
        .contains("recordType: required"));
}

#[test]
fn posting_summary_writes_fields_and_filters_in_schema_order_whatever_the_input_order() {
    let body = text(posting_summary(&json!({
        "fields": ["subsidiary", "period"],
        "filters": {"subsidiary": "3", "account": [{"internalId": "119"}, 54]}
    })));
    assert_eq!(
        body,
        "<platformMsgs:fields><platformCore:period>true</platformCore:period>\
         <platformCore:subsidiary>true</platformCore:subsidiary></platformMsgs:fields>\
         <platformMsgs:filters><platformCore:account><platformCore:recordRef internalId=\"119\"/>\
         <platformCore:recordRef internalId=\"54\"/></platformCore:account>\
         <platformCore:subsidiary><platformCore:recordRef internalId=\"3\"/></platformCore:subsidiary>\
         </platformMsgs:filters>"
    );
    let e = posting_summary(&json!({"fields": []})).unwrap_err();
    assert!(e.contains("at least one field"), "{e}");
    let e =
        posting_summary(&json!({"fields": ["period"], "filters": {"colour": "1"}})).unwrap_err();
    assert!(e.contains("filters.colour"), "{e}");
}

#[test]
fn invitee_status_takes_response_codes_with_or_without_netsuites_underscore() {
    let one = text(invitee_status(
        &json!({"eventId": "7", "responseCode": "tentative"}),
    ));
    assert_eq!(
        one,
        "<platformMsgs:updateInviteeStatusReference><platformCore:eventId internalId=\"7\"/>\
         <platformCore:responseCode>_tentative</platformCore:responseCode>\
         </platformMsgs:updateInviteeStatusReference>"
    );
    let list = text(invitee_status_list(&json!([
        {"eventId": "1", "responseCode": "_accepted"},
        {"eventId": "2", "responseCode": "declined"}
    ])));
    assert_eq!(
        list.matches("<platformMsgs:updateInviteeStatusReference>")
            .count(),
        2
    );
    let e = invitee_status_list(&json!([{"eventId": "1", "responseCode": "maybe"}])).unwrap_err();
    assert!(
        e.starts_with("updateInviteeStatusReference[0]: responseCode"),
        "{e}"
    );
    assert!(invitee_status_list(&json!([]))
        .unwrap_err()
        .contains("at least one"));
}

#[test]
fn initialize_list_and_item_availability_write_one_element_per_item() {
    let body = text(initialize_list(&json!({"initializeRecord": [
        {"type": "invoice", "reference": {"type": "salesOrder", "internalId": "1"}},
        {"type": "invoice", "reference": {"type": "salesOrder", "internalId": "2"}}
    ]})));
    assert_eq!(
        body.matches("<platformMsgs:initializeRecord>").count(),
        2,
        "{body}"
    );
    let e = initialize_list(&json!([{"type": "invoice", "colour": 1}])).unwrap_err();
    assert!(e.starts_with("initializeRecord[0]: colour"), "{e}");

    let body = text(item_availability_filter(
        &json!({"item": "42", "lastQtyAvailableChange": "2024-01-01T00:00:00Z"}),
    ));
    assert_eq!(
        body,
        "<platformMsgs:itemAvailabilityFilter><platformCore:item><platformCore:recordRef internalId=\"42\"/>\
         </platformCore:item><platformCore:lastQtyAvailableChange>2024-01-01T00:00:00Z\
         </platformCore:lastQtyAvailableChange></platformMsgs:itemAvailabilityFilter>"
    );
}

#[test]
fn budget_rates_need_a_period_and_saved_searches_a_record_type() {
    assert!(budget_exchange_rate_filter(&json!({"fromSubsidiary": "1"}))
        .unwrap_err()
        .contains("period: required"));
    assert_eq!(
        text(saved_search_record(
            &json!({"recordType": "customer"}),
            None
        )),
        r#"<platformMsgs:record searchType="customer"/>"#
    );
    assert_eq!(search_type(None, "contact"), "contact");
}

#[test]
fn posting_summary_reads_every_page_in_order() {
    use connector_sdk::{Cancellation, OperationImpl, OutcomeStatus};

    use crate::operations::testkit::{self, json_doc, testdata, Collected};

    let (client, script) = testkit::client("2023.2", None, 0);
    let settings =
        serde_json::from_value(json!({"function": "getPostingTransactionSummary"})).unwrap();
    let op = super::Execute::new(client, settings).unwrap();
    script.answer(testdata("getPostingTransactionSummary_page1.xml"));
    script.answer(testdata("getPostingTransactionSummary_page2.xml"));
    let mut results = Collected::default();
    op.execute(
        &[json_doc(json!({"fields": ["account", "period"]}))],
        &mut results,
        &Cancellation::new(),
    )
    .unwrap();
    assert_eq!(results.outcome_of(0).status, OutcomeStatus::Success);
    let rows = results.json_outputs(0);
    let amounts: Vec<f64> = rows.iter().map(|r| r["amount"].as_f64().unwrap()).collect();
    assert_eq!(amounts, [1250.5, -1250.5, 80.0]);
    assert_eq!(rows[2]["period"]["name"], "Feb 2024");
    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].contains("<platformMsgs:pageIndex>1</platformMsgs:pageIndex>"));
    assert!(requests[1].contains("<platformMsgs:pageIndex>2</platformMsgs:pageIndex>"));
}
