//! The rest of the WSDL an integration needs, as Execute functions, through the host and the
//! plugin against the simulator on 2017.1, 2017.2 and 2023.2: getAll, getSavedSearch,
//! getBudgetExchangeRate, getItemAvailability, getPostingTransactionSummary, initializeList,
//! updateInviteeStatus(List); and browse listing a record type's saved searches. Every request
//! and response is validated against the version's official XSD.

use connector_api::OutcomeStatus;
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654322";
const VERSIONS: [(&str, &str); 3] = [
    ("2017.1", "2017_1"),
    ("2017.2", "2017_2"),
    ("2023.2", "2023_2"),
];

fn run(f: &Fixture, function: &str, docs: &[Value]) -> Results {
    execute(
        &f.connection,
        &json!({"action": "EXECUTE", "function": function}),
        docs,
    )
}

fn outputs_of(results: &Results, i: u32) -> Vec<&Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v)
        .collect()
}

fn assert_success(results: &Results, i: u32, what: &str) {
    assert_eq!(
        results.outcome(i).status,
        OutcomeStatus::Success,
        "{what}: {:?}",
        results.outcome(i)
    );
}

fn assert_refused(results: &Results, i: u32, code: &str, what: &str) {
    let o = results.outcome(i);
    assert_eq!(o.status, OutcomeStatus::ApplicationError, "{what}: {o:?}");
    assert_eq!(o.code.as_str(), code, "{what}: {o:?}");
}

/// A number NetSuite sent, whether decoded as a JSON number or kept as text.
fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => s.parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

#[test]
fn get_all_saved_searches_and_budget_rates_list_what_the_account_has() {
    for (version, tag) in VERSIONS {
        let f = support::fixture(version, support::account(ACCOUNT));

        let r = run(
            &f,
            "getAll",
            &[
                json!({"recordType": "currency"}),
                json!({"recordType": "state"}),
                json!({"recordType": "budgetCategory"}),
                json!({"recordType": "leadSource"}),
                json!({"recordType": "customer"}),
            ],
        );
        for i in 0..4 {
            assert_success(&r, i, version);
        }
        let currencies: Vec<(&str, &str)> = outputs_of(&r, 0)
            .iter()
            .map(|c| (text(c, "name"), text(c, "symbol")))
            .collect();
        assert_eq!(
            currencies,
            [
                ("USA", "USD"),
                ("British pound", "GBP"),
                ("Euro", "EUR"),
                ("Canadian Dollar", "CAD")
            ],
            "{version}"
        );
        let states: Vec<&str> = outputs_of(&r, 1)
            .iter()
            .map(|s| text(s, "shortname"))
            .collect();
        assert_eq!(states, ["CA", "NY", "TX", "WA", "ON", "BC"], "{version}");
        assert_eq!(outputs_of(&r, 2).len(), 3, "{version}: budget categories");
        assert_eq!(text(outputs_of(&r, 2)[0], "name"), "Operating");
        assert!(outputs_of(&r, 3).is_empty(), "{version}: no lead sources");
        let o = r.outcome(4);
        assert_refused(&r, 4, "INVALID_DOCUMENT", version);
        assert!(
            o.message.contains("customer") && o.message.contains("currency"),
            "names the value and the accepted ones: {o:?}"
        );

        // Saved searches of a record type; a sales order's are the transaction searches.
        let r = run(
            &f,
            "getSavedSearch",
            &[
                json!({"recordType": "customer"}),
                json!({"recordType": "salesOrder"}),
            ],
        );
        // Other saved searches may join the simulator's; these are there from the start.
        assert_success(&r, 0, version);
        let customer = outputs_of(&r, 0);
        assert!(
            customer.contains(&&json!({"internalId": "1001", "name": "Active Customers"})),
            "{version}: {customer:?}"
        );
        assert_success(&r, 1, version);
        assert!(
            outputs_of(&r, 1)
                .iter()
                .any(|s| s["name"] == "Sales Orders"),
            "{version}: {:?}",
            r.outputs
        );

        // Budget rates of a period between subsidiaries of different currencies.
        let r = run(
            &f,
            "getBudgetExchangeRate",
            &[
                json!({"period": {"internalId": "1"}}),
                json!({"period": "2", "fromSubsidiary": "3", "toSubsidiary": "1"}),
                json!({"period": "99"}),
                json!({"fromSubsidiary": "3"}),
            ],
        );
        assert_success(&r, 0, version);
        assert_eq!(outputs_of(&r, 0).len(), 4, "{version}: {:?}", r.outputs);
        assert_success(&r, 1, version);
        let rate = outputs_of(&r, 1)[0];
        assert_eq!(rate["fromSubsidiary"]["name"], "Sim UK", "{rate}");
        assert_eq!(rate["period"]["name"], "Feb 2024", "{rate}");
        assert!((num(&rate["currentRate"]) - 1.27).abs() < 1e-9, "{rate}");
        assert_refused(&r, 2, "INVALID_KEY_OR_REF", version);
        assert_refused(&r, 3, "INVALID_DOCUMENT", version);

        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn item_availability_and_posting_summary_read_the_seeded_items_and_invoices() {
    for (version, tag) in VERSIONS {
        let f = support::fixture(version, support::account(ACCOUNT));

        // Item 42000001 is an inventory item, 42000002 a non-inventory one (no stock).
        let r = run(
            &f,
            "getItemAvailability",
            &[
                json!({"item": [
                    {"internalId": "42000001", "type": "inventoryItem"},
                    {"internalId": "42000002", "type": "nonInventorySaleItem"}
                ]}),
                json!({"item": {"internalId": "42999999"}}),
                json!({"item": "42000004", "lastQtyAvailableChange": "2999-01-01T00:00:00Z"}),
            ],
        );
        assert_success(&r, 0, version);
        let rows = outputs_of(&r, 0);
        assert_eq!(rows.len(), 3, "{version}: one row per location: {rows:?}");
        let locations: Vec<&str> = rows
            .iter()
            .map(|r| text(&r["locationId"], "name"))
            .collect();
        assert_eq!(locations, ["Main Warehouse", "East Coast DC", "London"]);
        for row in &rows {
            assert_eq!(row["item"]["internalId"], "42000001", "{row}");
            let available = num(&row["quantityOnHand"]) - num(&row["quantityCommitted"]);
            assert_eq!(num(&row["quantityAvailable"]), available, "{row}");
        }
        assert_refused(&r, 1, "INVALID_KEY_OR_REF", version);
        assert_success(&r, 2, version);
        assert!(outputs_of(&r, 2).is_empty(), "nothing changed since 2999");

        // Invoices post their totals to receivables (debit) and sales (credit).
        let r = run(
            &f,
            "getPostingTransactionSummary",
            &[
                json!({"fields": ["account"]}),
                json!({"fields": {"entity": true, "account": true}, "filters": {"account": [{"internalId": "119"}]}}),
                json!({"fields": ["colour"]}),
            ],
        );
        assert_success(&r, 0, version);
        let by_account = outputs_of(&r, 0);
        assert_eq!(by_account.len(), 2, "{version}: {by_account:?}");
        let amount_of = |name: &str| {
            by_account
                .iter()
                .find(|row| row["account"]["name"] == name)
                .map(|row| num(&row["amount"]))
                .unwrap_or(f64::NAN)
        };
        let receivable = amount_of("Accounts Receivable");
        assert!(receivable > 0.0, "{by_account:?}");
        assert!(
            (receivable + amount_of("Sales")).abs() < 0.01,
            "debits equal credits"
        );
        assert_success(&r, 1, version);
        let by_customer = outputs_of(&r, 1);
        // 50 customers, 25 invoices, invoice n billing customer n.
        assert_eq!(by_customer.len(), 25, "{version}");
        assert!(by_customer
            .iter()
            .all(|row| row["entity"]["internalId"].is_string()));
        let sum: f64 = by_customer.iter().map(|row| num(&row["amount"])).sum();
        assert!((sum - receivable).abs() < 0.01, "{sum} vs {receivable}");
        assert_refused(&r, 2, "INVALID_DOCUMENT", version);
        assert!(r.outcome(2).message.contains("colour"));

        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn list_functions_answer_each_item_in_order_and_count_the_failures() {
    for (version, tag) in VERSIONS {
        let f = support::fixture(version, support::account(ACCOUNT));

        let r = run(
            &f,
            "initializeList",
            &[
                json!([
                    {"type": "invoice", "reference": {"type": "salesOrder", "internalId": "50000001"}},
                    {"type": "invoice", "reference": {"type": "salesOrder", "internalId": "59999999"}},
                    {"type": "salesOrder", "reference": {"type": "customer", "internalId": "3"}}
                ]),
                json!({"initializeRecord": [
                    {"type": "invoice", "reference": {"type": "salesOrder", "internalId": "50000002"}}
                ]}),
                json!([]),
            ],
        );
        let items = outputs_of(&r, 0);
        assert_eq!(items.len(), 3, "{version}: one output per item");
        assert_eq!(
            items[0]["createdFrom"]["internalId"], "50000001",
            "{}",
            items[0]
        );
        assert_eq!(items[1]["status"]["isSuccess"], false, "{}", items[1]);
        assert_eq!(items[1]["status"]["code"], "INVALID_INITIALIZE_REF");
        assert_eq!(items[2]["entity"]["internalId"], "3", "{}", items[2]);
        assert_refused(&r, 0, "INVALID_INITIALIZE_REF", version);
        assert!(
            r.outcome(0).message.starts_with("1 of 3 failed"),
            "{:?}",
            r.outcome(0)
        );
        assert_success(&r, 1, version);
        assert_eq!(outputs_of(&r, 1).len(), 1);
        assert_refused(&r, 2, "INVALID_DOCUMENT", version);

        let r = run(
            &f,
            "updateInviteeStatus",
            &[
                json!({"eventId": {"internalId": "1"}, "responseCode": "accepted"}),
                json!({"eventId": "77", "responseCode": "declined"}),
                json!({"eventId": "1", "responseCode": "maybe"}),
            ],
        );
        assert_success(&r, 0, version);
        assert_eq!(
            outputs_of(&r, 0),
            [&json!({"internalId": "1", "type": "calendarEvent"})]
        );
        assert_refused(&r, 1, "RCRD_DSNT_EXIST", version);
        assert_refused(&r, 2, "INVALID_DOCUMENT", version);
        assert!(r.outcome(2).message.contains("tentative"));

        let r = run(
            &f,
            "updateInviteeStatusList",
            &[
                json!([
                    {"eventId": "1", "responseCode": "tentative"},
                    {"eventId": "9", "responseCode": "accepted"},
                    {"eventId": "2", "responseCode": "_declined"}
                ]),
                json!({"updateInviteeStatusReference": [{"eventId": "3", "responseCode": "noResponse"}]}),
            ],
        );
        let items = outputs_of(&r, 0);
        assert_eq!(items.len(), 3, "{version}");
        assert_eq!(items[0]["internalId"], "1");
        assert_eq!(items[1]["status"]["code"], "RCRD_DSNT_EXIST");
        assert_eq!(items[2]["internalId"], "2");
        assert_refused(&r, 0, "RCRD_DSNT_EXIST", version);
        assert!(r.outcome(0).message.starts_with("1 of 3 failed"));
        assert_success(&r, 1, version);

        f.sim.assert_exchanges_valid(tag);
    }
}

fn query_profile(connection: &connector_api::ConnectionBox, record_type: &str) -> Value {
    let profile = connection
        .browse(
            json!({"kind": "profile", "action": "QUERY", "object_type": record_type})
                .to_string()
                .as_str()
                .into(),
            &connector_api::Cancellation::new(),
        )
        .into_result()
        .expect("browse succeeds");
    serde_json::from_str(&profile).unwrap()
}

#[test]
fn browse_lists_the_saved_searches_of_a_query_record_type() {
    for (version, tag) in VERSIONS {
        let f = support::fixture(version, support::account(ACCOUNT));
        let listed = |record_type: &str| -> Vec<Value> {
            let profile = query_profile(&f.connection, record_type);
            profile["input"]["x-netsuite-saved-searches"]
                .as_array()
                .cloned()
                .unwrap_or_else(|| panic!("{version}: no saved searches listed: {profile}"))
        };
        // Other saved searches may join the simulator's; these are there from the start.
        let customer = listed("customer");
        assert!(
            customer.contains(&json!({"internalId": "1001", "name": "Active Customers"})),
            "{version}: {customer:?}"
        );
        assert!(
            customer.iter().all(|s| s["internalId"] != "1002"),
            "only customer searches: {customer:?}"
        );
        let orders = listed("salesOrder");
        assert!(
            orders.iter().any(|s| s["name"] == "Sales Orders"),
            "{version}: {orders:?}"
        );
        f.sim.assert_exchanges_valid(tag);
    }

    // A role without the permission: browse still describes the record type and says why no
    // saved searches are listed.
    let account = support::account(ACCOUNT).with_refused_operation("getSavedSearch");
    let f = support::fixture("2023.2", account);
    let profile = query_profile(&f.connection, "customer");
    assert!(profile["input"]["x-netsuite-search"].is_object());
    assert!(profile["input"].get("x-netsuite-saved-searches").is_none());
    let why = profile["input"]["x-netsuite-saved-searches-unavailable"]
        .as_str()
        .unwrap_or_default();
    assert!(
        why.contains("INSUFFICIENT_PERMISSION") || why.contains("Permission"),
        "{why}"
    );
    f.sim.assert_exchanges_valid("2023_2");
}
