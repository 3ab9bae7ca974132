//! getAll, getItemAvailability, initializeList, getPostingTransactionSummary,
//! getBudgetExchangeRate and updateInviteeStatus(List) through [`super::dispatch`]: answers
//! checked by meaning, and every answer (refusals included) validated against the official XSDs
//! of 2017.1, 2017.2 and 2023.2.

use roxmltree::Document;
use time::macros::datetime;

use super::{dispatch, OpContext, Preferences, SearchPreferences};
use crate::faults::Fault;
use crate::store::{AccountStore, StoreSpec};
use crate::version::Version;

fn call(store: &AccountStore, version: Version, body: &str) -> Result<String, Fault> {
    // `body` is `op>children`: the test requests are small enough to write this way.
    let (op, inner) = body.split_once('>').unwrap_or((body, ""));
    let xml = format!(
        r#"<m:{op} xmlns:m="{}" xmlns:c="{}">{inner}</m:{op}>"#,
        version.messages(),
        version.core()
    );
    let doc = Document::parse(&xml).expect("request parses");
    let root = doc.root_element();
    let (preferences, search) = (Preferences::default(), SearchPreferences::default());
    let ctx = OpContext {
        version,
        account: "123456_SB1",
        store,
        preferences: &preferences,
        search_preferences: &search,
        now: datetime!(2025-06-15 10:00 -8),
        after_submit_fail_prefix: None,
        strict_fields: false,
    };
    dispatch(root.tag_name().name(), root, &ctx).expect("an operation the simulator knows")
}

/// `(name, request)` of every case, answered without a fault.
const CASES: [(&str, &str); 14] = [
    (
        "get_all_currency",
        r#"getAll><m:record recordType="currency"/>"#,
    ),
    ("get_all_state", r#"getAll><m:record recordType="state"/>"#),
    (
        "get_all_budget",
        r#"getAll><m:record recordType="budgetCategory"/>"#,
    ),
    (
        "get_all_empty",
        r#"getAll><m:record recordType="leadSource"/>"#,
    ),
    (
        "get_all_refused",
        r#"getAll><m:record recordType="customer"/>"#,
    ),
    (
        "availability",
        r#"getItemAvailability><m:itemAvailabilityFilter><c:item><c:recordRef internalId="42000001"/><c:recordRef internalId="42000002"/></c:item></m:itemAvailabilityFilter>"#,
    ),
    (
        "availability_unknown",
        r#"getItemAvailability><m:itemAvailabilityFilter><c:item><c:recordRef internalId="1"/></c:item></m:itemAvailabilityFilter>"#,
    ),
    (
        "initialize_list",
        r#"initializeList><m:initializeRecord><c:type>invoice</c:type><c:reference type="salesOrder" internalId="50000001"/></m:initializeRecord><m:initializeRecord><c:type>invoice</c:type><c:reference type="salesOrder" internalId="1"/></m:initializeRecord>"#,
    ),
    (
        "posting_summary",
        r#"getPostingTransactionSummary><m:fields><c:period>true</c:period><c:account>true</c:account><c:entity>true</c:entity><c:subsidiary>true</c:subsidiary></m:fields><m:pageIndex>1</m:pageIndex>"#,
    ),
    (
        "posting_summary_past_the_end",
        r#"getPostingTransactionSummary><m:fields><c:account>true</c:account></m:fields><m:pageIndex>9</m:pageIndex>"#,
    ),
    (
        "budget_rates",
        r#"getBudgetExchangeRate><m:budgetExchangeRateFilter><c:period internalId="13"/></m:budgetExchangeRateFilter>"#,
    ),
    (
        "budget_rates_bad_period",
        r#"getBudgetExchangeRate><m:budgetExchangeRateFilter><c:period internalId="0"/></m:budgetExchangeRateFilter>"#,
    ),
    (
        "invitee",
        r#"updateInviteeStatus><m:updateInviteeStatusReference><c:eventId internalId="2"/><c:responseCode>_accepted</c:responseCode></m:updateInviteeStatusReference>"#,
    ),
    (
        "invitee_list",
        r#"updateInviteeStatusList><m:updateInviteeStatusReference><c:eventId internalId="1"/><c:responseCode>_declined</c:responseCode></m:updateInviteeStatusReference><m:updateInviteeStatusReference><c:eventId internalId="8"/><c:responseCode>_tentative</c:responseCode></m:updateInviteeStatusReference>"#,
    ),
];

#[test]
fn every_answer_makes_sense_and_validates_against_the_official_xsds() {
    for tag in testkit::xsd::TAGS_WITH_SCHEMA {
        let version = Version::from_tag(tag).unwrap();
        let store = AccountStore::seeded(&StoreSpec {
            customers: 30,
            ..StoreSpec::default()
        });
        let mut responses = Vec::new();
        for (name, body) in CASES {
            let xml = call(&store, version, body).unwrap_or_else(|f| panic!("{name}: {f:?}"));
            let expect = |needle: &str| {
                assert!(xml.contains(needle), "{tag} {name}: no {needle} in {xml}");
            };
            match name {
                "get_all_currency" => expect("<listAcct:symbol>GBP</listAcct:symbol>"),
                "get_all_refused" => expect("INVALID_RCRD_TYPE"),
                "availability" => {
                    // Three locations of the inventory item; the non-inventory one has no stock.
                    assert_eq!(xml.matches("<platformCore:itemAvailability>").count(), 3);
                    assert!(!xml.contains("42000002"), "{xml}");
                }
                "availability_unknown" => expect("INVALID_KEY_OR_REF"),
                "initialize_list" => {
                    assert_eq!(xml.matches("<readResponse>").count(), 2);
                    expect("INVALID_INITIALIZE_REF");
                }
                "posting_summary" => {
                    expect("<platformCore:name>Accounts Receivable</platformCore:name>")
                }
                "posting_summary_past_the_end" | "budget_rates_bad_period" => {
                    expect(r#"isSuccess="false""#)
                }
                "budget_rates" => {
                    assert_eq!(xml.matches("<platformCore:budgetExchangeRate>").count(), 4);
                    expect("<platformCore:name>Jan 2025</platformCore:name>");
                }
                "invitee_list" => expect("RCRD_DSNT_EXIST"),
                _ => {}
            }
            responses.push((format!("{tag}_{name}"), xml));
        }
        testkit::xsd::validate(tag, &responses).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn too_many_items_is_exceeded_record_count() {
    let store = AccountStore::seeded(&StoreSpec {
        customers: 10,
        ..StoreSpec::default()
    });
    let version = Version::from_tag("2023_2").unwrap();
    let one = r#"<m:updateInviteeStatusReference><c:eventId internalId="1"/><c:responseCode>_accepted</c:responseCode></m:updateInviteeStatusReference>"#;
    let body = format!("updateInviteeStatusList>{}", one.repeat(101));
    let fault = call(&store, version, &body).unwrap_err();
    assert_eq!(fault.element, "exceededRecordCountFault");
}
