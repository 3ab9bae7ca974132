//! Hostile responses and hostile documents (issue 11, items 5 and 6), through the host's
//! transport and the loaded plugin: a server nesting a record 100,000 levels deep, a server
//! that claims a million pages or repeats its first page, and a batch whose documents try to
//! inject fields or carry characters XML cannot. Each ends in a per-document outcome, in
//! bounded time, and never fails a batch-mate.

use std::time::{Duration, Instant};

use connector_api::OutcomeStatus;
use netsuite_sim::Simulator;
use serde_json::{json, Value};
use testkit::hostile::{self, Hostile, Paging};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";

/// Token settings against the stub (no discovery; the stub's WSDL URL answers 404, so the
/// connector runs without a schema unless `schema_folder` is given).
fn stub_settings(stub: &Hostile, with_schema: bool) -> Value {
    let mut s = json!({
        "url": format!("{}/services/NetSuitePort_2023_2", stub.base_url),
        "version": "2023.2",
        "account": ACCOUNT,
        "consumer_key": CONSUMER_KEY,
        "consumer_secret": {"env": "NS_E2E_CONSUMER_SECRET"},
        "token_id": TOKEN_ID,
        "token_secret": {"env": "NS_E2E_TOKEN_SECRET"},
        "data_center_discovery": "never",
        "retry_initial_wait_ms": 10,
        "number_of_retries": 1
    });
    if with_schema {
        s["schema_folder"] = json!(support::xsd_folder().join("2023_2"));
    }
    s
}

fn not_found() -> hostile::Answer {
    (404, "not here".into())
}

/// Runs one query against `stub` and returns its results and how long it took.
fn query_stub(stub: &Hostile, with_schema: bool, page_size: u32) -> (Results, Duration) {
    let host = support::host();
    let connection = host
        .configure(&stub_settings(stub, with_schema))
        .expect("configures");
    let started = Instant::now();
    let r = execute(
        &connection,
        &json!({"action": "QUERY", "record_type": "customer", "page_size": page_size}),
        &[json!({})],
    );
    (r, started.elapsed())
}

#[test]
fn a_record_nested_a_hundred_thousand_levels_deep_fails_its_document_without_overflow() {
    let record = format!(
        "<listRel:entityId>A</listRel:entityId>{}",
        hostile::nested_field(100_000)
    );
    let page = hostile::search_page(
        false,
        Paging {
            total_records: 1,
            page_size: 5,
            total_pages: 1,
            page_index: 1,
            search_id: "S1",
        },
        std::slice::from_ref(&record),
    );
    let get = hostile::envelope(&format!(
        r#"<getListResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><platformCore:readResponseList xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com"><platformCore:status isSuccess="true"/><platformCore:readResponse><platformCore:status isSuccess="true"/><platformCore:record internalId="1" xsi:type="listRel:Customer" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com">{record}</platformCore:record></platformCore:readResponse></platformCore:readResponseList></getListResponse>"#
    ));
    let stub = Hostile::start(move |r| match r.soap_action.as_str() {
        "search" => (200, page.clone()),
        "getList" => (200, get.clone()),
        _ => not_found(),
    });
    for with_schema in [false, true] {
        let (r, took) = query_stub(&stub, with_schema, 5);
        let o = r.outcome(0);
        assert_eq!(
            o.status,
            OutcomeStatus::Failure,
            "schema {with_schema}: {o:?}"
        );
        assert!(o.message.contains("nested more than 64"), "{o:?}");
        assert!(r.outputs.is_empty(), "nothing of the page is emitted");
        assert!(took < Duration::from_secs(30), "{took:?}");

        let host = support::host();
        let connection = host.configure(&stub_settings(&stub, with_schema)).unwrap();
        let r = execute(
            &connection,
            &json!({"action": "GET", "record_type": "customer"}),
            &[json!({"internalId": "1"})],
        );
        let o = r.outcome(0);
        assert_eq!(
            o.status,
            OutcomeStatus::Failure,
            "GET, schema {with_schema}: {o:?}"
        );
        assert!(o.message.contains("nested more than 64"), "{o:?}");
    }
}

#[test]
fn a_server_claiming_a_million_pages_ends_in_bounded_time() {
    let records: Vec<String> = (0..5)
        .map(|i| format!("<listRel:entityId>C{i}</listRel:entityId>"))
        .collect();
    let more = records.clone();
    // Every answer claims a million pages for five records.
    let stub = Hostile::start(move |r| {
        let paging = Paging {
            total_records: 5,
            page_size: 5,
            total_pages: 1_000_000,
            page_index: 1,
            search_id: "S1",
        };
        match r.soap_action.as_str() {
            "search" => (200, hostile::search_page(false, paging, &records)),
            "searchMoreWithId" => (200, hostile::search_page(true, paging, &more)),
            _ => not_found(),
        }
    });
    let (r, took) = query_stub(&stub, false, 5);
    let o = r.outcome(0);
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.code.as_str(), "UNEXPECTED_RESPONSE", "{o:?}");
    assert!(
        o.message.contains("page 1") && o.message.contains("1000000"),
        "{o:?}"
    );
    assert!(took < Duration::from_secs(30), "{took:?}");
    // The search and at most the prefetched next page.
    assert!(stub.requests() <= 4, "{} requests", stub.requests());
}

#[test]
fn a_server_repeating_its_first_page_stops_at_page_two() {
    let records: Vec<String> = (0..5)
        .map(|i| format!("<listRel:entityId>C{i}</listRel:entityId>"))
        .collect();
    // Consistent totals, but searchMoreWithId always answers page 1 again.
    let stub = Hostile::start(move |r| {
        let paging = Paging {
            total_records: 10,
            page_size: 5,
            total_pages: 2,
            page_index: 1,
            search_id: "S1",
        };
        match r.soap_action.as_str() {
            "search" => (200, hostile::search_page(false, paging, &records)),
            "searchMoreWithId" => (200, hostile::search_page(true, paging, &records)),
            _ => not_found(),
        }
    });
    for with_schema in [false, true] {
        let (r, took) = query_stub(&stub, with_schema, 5);
        let o = r.outcome(0);
        assert_eq!(o.code.as_str(), "UNEXPECTED_RESPONSE", "{o:?}");
        assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
        assert!(
            o.message.contains("page 2") && o.message.contains("pageIndex 1"),
            "{o:?}"
        );
        assert_eq!(
            r.outputs.len(),
            10,
            "page 1 was emitted, and page 2 before its check"
        );
        assert!(took < Duration::from_secs(30), "{took:?}");
    }
}

const INJECTING_KEY: &str = "a></listRel:a><listRel:isInactive>true</listRel:isInactive><!--";

#[test]
fn hostile_documents_fail_alone_with_and_without_a_schema() {
    for with_schema in [false, true] {
        let mut builder = Simulator::builder().account(support::account(ACCOUNT));
        if with_schema {
            builder = builder.schema_folder(support::xsd_folder());
        }
        let sim = support::sim(builder);
        let host = support::host();
        let connection = host
            .configure(&token_settings(&sim, ACCOUNT, "2023.2"))
            .expect("configures");
        let mut injecting = json!({"companyName": "Injected", "subsidiary": {"internalId": "1"}});
        injecting[INJECTING_KEY] = json!("x");
        let docs = [
            injecting,
            json!({"companyName": "Bell\u{1}", "subsidiary": {"internalId": "1"}}),
            json!({"companyName": format!("Good {with_schema}"), "subsidiary": {"internalId": "1"}}),
        ];
        let r = execute(
            &connection,
            &json!({"action": "CREATE", "record_type": "customer", "batch_size": 3}),
            &docs,
        );
        let what = format!("schema {with_schema}: {:?}", r.outcomes);
        assert_eq!(
            r.outcome(0).status,
            OutcomeStatus::ApplicationError,
            "{what}"
        );
        assert_eq!(r.outcome(0).code.as_str(), "INVALID_DOCUMENT", "{what}");
        assert!(
            r.outcome(0).message.contains("isInactive"),
            "names the key: {what}"
        );
        assert_eq!(
            r.outcome(1).status,
            OutcomeStatus::ApplicationError,
            "{what}"
        );
        assert_eq!(r.outcome(1).code.as_str(), "INVALID_DOCUMENT", "{what}");
        assert!(
            r.outcome(1).message.contains("companyName") && r.outcome(1).message.contains("U+0001"),
            "{what}"
        );
        assert_eq!(r.outcome(2).status, OutcomeStatus::Success, "{what}");

        // Only the good customer was created, with no injected field.
        let found = execute(
            &connection,
            &json!({"action": "QUERY", "record_type": "customer"}),
            &[
                json!({"filters": [{"field": "companyName", "operator": "startsWith", "value": "Injected"}]}),
            ],
        );
        assert_eq!(
            found.outcome(0).status,
            OutcomeStatus::Success,
            "{:?}",
            found.outcomes
        );
        assert!(
            found.outputs.is_empty(),
            "no injected customer: {:?}",
            found.outputs
        );
        let created: Vec<&Value> = r
            .outputs
            .iter()
            .filter(|(i, _)| *i == 2)
            .map(|(_, v)| v)
            .collect();
        let id = created[0]["internalId"]
            .as_str()
            .expect("the created ref")
            .to_string();
        let got = execute(
            &connection,
            &json!({"action": "GET", "record_type": "customer"}),
            &[json!({"internalId": id})],
        );
        let record = &got.outputs[0].1;
        assert_ne!(record["isInactive"], json!(true), "{record}");
        assert_ne!(record["isInactive"], json!("true"), "{record}");
        assert!(record.get("a").is_none(), "{record}");
    }
}

#[test]
fn the_connection_reports_its_response_limit_to_the_host() {
    let stub = Hostile::start(|_| not_found());
    let host = support::host();
    for (given, reported) in [(None, 134_217_728u64), (Some(4096u64), 4096)] {
        let mut settings = stub_settings(&stub, false);
        if let Some(limit) = given {
            settings["max_response_bytes"] = json!(limit);
        }
        let connection = host.configure(&settings).expect("configures");
        let info: Value = serde_json::from_str(connection.info().as_str()).expect("JSON");
        assert_eq!(info["max_response_bytes"], json!(reported), "{info}");
    }
    let mut settings = stub_settings(&stub, false);
    settings["max_response_bytes"] = json!(0);
    let e = host.configure(&settings).err().expect("0 is refused");
    assert!(
        e.detail_json.as_str().contains("max_response_bytes"),
        "{}",
        e.detail_json
    );
}
