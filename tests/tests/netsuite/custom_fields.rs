//! Custom fields learned from the account (issue 14, part 5) and getCustomizationId, through
//! the host, the plugin and the simulator on 2017.1, 2017.2 and 2023.2.

use connector_api::{Cancellation, ConnectionBox, OutcomeStatus};
use netsuite_sim::{CustomField, CustomFieldKind};
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";
const VERSIONS: [(&str, &str); 3] = [
    ("2017.1", "2017_1"),
    ("2017.2", "2017_2"),
    ("2023.2", "2023_2"),
];

fn fixture(version: &str) -> Fixture {
    support::fixture(version, support::account(ACCOUNT).with_customers(20))
}

fn outputs_of(results: &Results, i: u32) -> Vec<&Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v)
        .collect()
}

fn browse(connection: &ConnectionBox, request: Value) -> Value {
    let answer = connection
        .browse(request.to_string().as_str().into(), &Cancellation::new())
        .into_result()
        .expect("browse");
    serde_json::from_str(&answer).unwrap()
}

/// The account's fields in the customer CREATE profile, by script id.
fn customer_fields(connection: &ConnectionBox, refresh: bool) -> Value {
    let profile = browse(
        connection,
        json!({"kind": "profile", "action": "CREATE", "object_type": "customer", "refresh": refresh}),
    );
    profile["input"]["properties"]["customFieldList"]["anyOf"][0]["properties"].clone()
}

fn writes(f: &Fixture) -> u64 {
    let c = f.sim.handle.counters();
    [
        "add",
        "addList",
        "update",
        "updateList",
        "upsert",
        "upsertList",
    ]
    .iter()
    .map(|op| c.operation(op))
    .sum()
}

#[test]
fn get_customization_id_lists_the_accounts_customizations() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let r = execute(
            &f.connection,
            &json!({"action": "EXECUTE", "function": "getCustomizationId"}),
            &[
                json!({"type": "entityCustomField"}),
                json!({"type": "customRecordType", "includeInactives": true}),
                json!({"type": "customList"}),
                json!({"type": "noSuchType"}),
            ],
        );
        assert_eq!(
            r.outcome(0).status,
            OutcomeStatus::Success,
            "{version}: {:?}",
            r.outcomes
        );
        let fields = outputs_of(&r, 0);
        assert_eq!(fields.len(), 7, "{version}: {fields:?}");
        assert!(
            fields.contains(
                &&json!({"internalId": "102", "scriptId": "custentity_sim_count",
                                     "name": "Sim Count", "type": "entityCustomField"})
            ),
            "{version}: {fields:?}"
        );
        let types = outputs_of(&r, 1);
        assert_eq!(types.len(), 1, "{version}");
        assert_eq!(types[0]["scriptId"], "customrecord_sim_project");
        // A type the account has none of: success, no documents.
        assert_eq!(r.outcome(2).status, OutcomeStatus::Success);
        assert!(outputs_of(&r, 2).is_empty());
        // An unknown type is the document's mistake, found before sending.
        assert_eq!(r.outcome(3).status, OutcomeStatus::ApplicationError);
        assert!(
            r.outcome(3).message.contains("noSuchType"),
            "{:?}",
            r.outcome(3)
        );
        assert_eq!(f.sim.handle.counters().operation("getCustomizationId"), 3);
        assert!(f.sim.assert_exchanges_valid(tag) > 0, "{version}");
    }
}

#[test]
fn browse_shows_the_accounts_custom_fields_with_their_real_types() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let fields = customer_fields(&f.connection, false);
        // Not in any WSDL: learned from the simulated account's customization records.
        assert_eq!(
            fields["custentity_sim_count"]["type"],
            "integer",
            "{version}: {fields} {}",
            f.host.log_text()
        );
        assert_eq!(fields["custentity_sim_score"]["type"], "number");
        assert_eq!(fields["custentity_sim_flag"]["type"], "boolean");
        assert_eq!(fields["custentity_sim_date"]["format"], "date-time");
        assert_eq!(fields["custentity_sim_tier"]["type"], "object");
        assert_eq!(fields["custentity_sim_tags"]["type"], "array");
        assert_eq!(fields["custentity_sim_count"]["title"], "Sim Count");
        // Item fields are not customer fields.
        assert!(fields.get("custitem_sim_count").is_none());
        // Sales orders get the transaction body fields.
        let so = browse(
            &f.connection,
            json!({"kind": "profile", "action": "CREATE", "object_type": "salesOrder"}),
        );
        let so = &so["input"]["properties"]["customFieldList"]["anyOf"][0]["properties"];
        assert_eq!(
            so["custbody_sim_count"]["type"], "integer",
            "{version}: {so}"
        );
        assert!(f.sim.assert_exchanges_valid(tag) > 0, "{version}");
    }
}

#[test]
fn a_wrong_typed_custom_field_is_refused_before_sending_and_a_right_one_is_written() {
    for (version, tag) in VERSIONS {
        let f = fixture(version);
        let create = json!({"action": "CREATE", "record_type": "customer"});
        let wrong = execute(
            &f.connection,
            &create,
            &[
                json!({"companyName": "Typed Co", "customFieldList": {"custentity_sim_count": "many"}}),
            ],
        );
        let o = wrong.outcome(0);
        assert_eq!(
            o.status,
            OutcomeStatus::ApplicationError,
            "{version}: {o:?}"
        );
        assert!(
            o.message.contains("custentity_sim_count") && o.message.contains("whole number"),
            "{version}: {o:?}"
        );
        assert_eq!(writes(&f), 0, "{version}: nothing was sent");

        // The date is written as a date, although the object form alone could not tell.
        let right = execute(
            &f.connection,
            &create,
            &[json!({"companyName": "Typed Co", "customFieldList": {
                "custentity_sim_count": 42, "custentity_sim_date": "2024-02-01T00:00:00Z"}})],
        );
        assert_eq!(
            right.outcome(0).status,
            OutcomeStatus::Success,
            "{version}: {:?}",
            right.outcomes
        );
        let id = outputs_of(&right, 0)[0]["internalId"]
            .as_str()
            .unwrap()
            .to_string();
        let got = execute(
            &f.connection,
            &json!({"action": "GET", "record_type": "customer"}),
            &[json!({"internalId": id})],
        );
        let record = outputs_of(&got, 0)[0];
        let list = record["customFieldList"].as_array().expect("custom fields");
        let date = list
            .iter()
            .find(|c| c["scriptId"] == "custentity_sim_date")
            .expect("the date field");
        assert_eq!(date["type"], "DateCustomFieldRef", "{version}: {date}");
        let count = list
            .iter()
            .find(|c| c["scriptId"] == "custentity_sim_count")
            .unwrap();
        assert_eq!(count["value"].to_string().trim_matches('"'), "42");
        assert!(f.sim.assert_exchanges_valid(tag) > 0, "{version}");
    }
}

#[test]
fn a_field_added_to_the_account_shows_after_browse_refresh() {
    let f = fixture("2023.2");
    let before = customer_fields(&f.connection, false);
    assert!(before.get("custentity_loyalty_since").is_none());
    let learned = f.sim.handle.counters().operation("getCustomizationId");
    assert!(learned > 0);

    f.sim
        .handle
        .store(ACCOUNT)
        .unwrap()
        .add_custom_field(CustomField {
            kind: CustomFieldKind::Entity,
            internal_id: 0,
            script_id: "custentity_loyalty_since".into(),
            label: "Loyalty Since".into(),
            field_type: "_date".into(),
            select_list: None,
        });
    // Without refresh the cache answers: NetSuite is not asked again.
    let cached = customer_fields(&f.connection, false);
    assert!(cached.get("custentity_loyalty_since").is_none());
    assert_eq!(
        f.sim.handle.counters().operation("getCustomizationId"),
        learned
    );

    let refreshed = customer_fields(&f.connection, true);
    assert_eq!(
        refreshed["custentity_loyalty_since"]["format"], "date-time",
        "{refreshed}"
    );
    assert_eq!(
        refreshed["custentity_loyalty_since"]["title"],
        "Loyalty Since"
    );

    // Document checks know it too.
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer"}),
        &[
            json!({"companyName": "Loyal Co", "customFieldList": {"custentity_loyalty_since": 2024}}),
        ],
    );
    assert_eq!(r.outcome(0).status, OutcomeStatus::ApplicationError);
    assert!(
        r.outcome(0).message.contains("custentity_loyalty_since"),
        "{:?}",
        r.outcome(0)
    );
    assert!(f.sim.assert_exchanges_valid("2023_2") > 0);
}

#[test]
fn without_the_permission_the_static_schema_is_used_with_one_warning() {
    let f = fixture("2023.2");
    f.sim
        .handle
        .store(ACCOUNT)
        .unwrap()
        .set_customization_permission(false);
    let fields = customer_fields(&f.connection, false);
    assert!(fields.is_null(), "no learned fields: {fields}");
    // The run does not fail: a custom field typed by its value is sent as before.
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer"}),
        &[json!({"companyName": "Plain Co", "customFieldList": {"custentity_sim_count": 7}})],
    );
    assert_eq!(
        r.outcome(0).status,
        OutcomeStatus::Success,
        "{:?}",
        r.outcomes
    );
    let warnings = f
        .host
        .capture
        .records()
        .iter()
        .filter(|r| r.message.contains("custom fields"))
        .count();
    assert_eq!(warnings, 1, "{}", f.host.log_text());
    assert!(f.sim.assert_exchanges_valid("2023_2") > 0);
}

#[test]
fn schema_only_never_asks_for_customizations() {
    let sim = support::sim(
        netsuite_sim::Simulator::builder()
            .account(support::account(ACCOUNT))
            .schema_folder(support::xsd_folder()),
    );
    let host = support::host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["custom_fields"] = json!("schema_only");
    let connection = host.configure(&settings).unwrap();
    let fields = customer_fields(&connection, true);
    assert!(fields.is_null());
    assert_eq!(sim.handle.counters().operation("getCustomizationId"), 0);
}

#[test]
fn custom_record_fields_are_learned_from_the_custom_record_type() {
    let f = fixture("2023.2");
    let create =
        json!({"action": "CREATE", "record_type": "customRecord", "custom_record_type_id": "100"});
    let r = execute(
        &f.connection,
        &create,
        &[
            json!({"name": "Wrong", "customFieldList": {"custrecord_sim_text": "t", "custrecord_sim_flag": "maybe"}}),
            json!({"name": "Right", "customFieldList": {"custrecord_sim_text": "t", "custrecord_sim_flag": true,
                                                       "custrecord_sim_date": "2024-03-01T00:00:00Z"}}),
        ],
    );
    let wrong = r.outcome(0);
    assert_eq!(wrong.status, OutcomeStatus::ApplicationError, "{wrong:?}");
    assert!(
        wrong.message.contains("custrecord_sim_flag") && wrong.message.contains("true or false"),
        "{wrong:?}"
    );
    assert_eq!(
        r.outcome(1).status,
        OutcomeStatus::Success,
        "{:?}",
        r.outcomes
    );
    assert_eq!(
        f.sim.handle.counters().operation("addList"),
        1,
        "only the right one is sent"
    );
    assert!(f.sim.assert_exchanges_valid("2023_2") > 0);
}
