//! Writes that must not create a record twice (issue 11, items 3 and 4), end to end through the
//! host transport and the loaded plugin: a gateway answering 502/504 after NetSuite applied an
//! addList, inputs of a resumed run marked `possibly_applied`, and records NetSuite saved
//! although it answered `isSuccess="false"` (`afterSubmitFailed`).

use std::collections::HashMap;

use connector_api::{Document, OutcomeStatus};
use netsuite_sim::FaultPlan;
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";

fn fixture(version: &str, faults: FaultPlan) -> Fixture {
    support::fixture(version, support::account(ACCOUNT).with_faults(faults))
}

fn outputs_of(results: &Results, i: u32) -> Vec<&Value> {
    results
        .outputs
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, v)| v)
        .collect()
}

/// How many customers NetSuite holds with each company name.
fn company_names(f: &Fixture) -> HashMap<String, usize> {
    let r = execute(
        &f.connection,
        &json!({"action": "QUERY", "record_type": "customer", "page_size": 100}),
        &[json!({})],
    );
    assert_eq!(
        r.outcome(0).status,
        OutcomeStatus::Success,
        "{:?}",
        r.outcomes
    );
    let mut names = HashMap::new();
    for c in outputs_of(&r, 0) {
        if let Some(name) = c["companyName"].as_str() {
            *names.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    names
}

fn gateway(rate_502: f64, rate_504: f64) -> FaultPlan {
    FaultPlan {
        http_502_after_rate: rate_502,
        http_504_after_rate: rate_504,
        gateway_after_ops: vec!["addList".into()],
        gateway_after_max: 1,
        ..FaultPlan::default()
    }
}

#[test]
fn a_create_behind_a_gateway_answering_502_or_504_after_applying_creates_nothing_twice() {
    for (version, tag, plan) in [
        ("2023.2", "2023_2", gateway(1.0, 0.0)),
        ("2023.2", "2023_2", gateway(0.0, 1.0)),
        ("2017.1", "2017_1", gateway(1.0, 0.0)),
    ] {
        let f = fixture(version, plan);
        let docs = [
            json!({"externalId": "gw-1", "companyName": "Gateway One", "subsidiary": {"internalId": "1"}}),
            json!({"companyName": "Gateway Keyless", "subsidiary": {"internalId": "1"}}),
            json!({"externalId": "gw-3", "companyName": "Gateway Three", "subsidiary": {"internalId": "1"}}),
        ];
        let r = execute(
            &f.connection,
            &json!({"action": "CREATE", "record_type": "customer"}),
            &docs,
        );
        for i in [0, 2] {
            let o = r.outcome(i);
            assert_eq!(o.status, OutcomeStatus::Success, "{version}: {o:?}");
            assert_eq!(o.code.as_str(), "RECONCILED", "{version}: {o:?}");
            let out = outputs_of(&r, i);
            assert_eq!(out.len(), 1, "{version}: {out:?}");
            assert!(out[0]["internalId"].as_str().is_some(), "{out:?}");
        }
        let keyless = r.outcome(1);
        assert_eq!(
            keyless.status,
            OutcomeStatus::Failure,
            "{version}: {keyless:?}"
        );
        assert_eq!(keyless.code.as_str(), "MAYBE_APPLIED");
        let counters = f.sim.handle.counters();
        assert_eq!(
            counters.operation("addList"),
            2,
            "{version}: the add, then the add again"
        );
        assert_eq!(counters.operation("getList"), 1, "{version}: the lookup");
        let names = company_names(&f);
        for name in ["Gateway One", "Gateway Keyless", "Gateway Three"] {
            assert_eq!(names.get(name), Some(&1), "{version}: {name} exists once");
        }
        f.sim.assert_exchanges_valid(tag);
    }
}

#[test]
fn creates_behind_a_flaky_gateway_all_succeed_once() {
    let plan = FaultPlan {
        http_502_after_rate: 0.3,
        http_504_after_rate: 0.2,
        seed: 11,
        ..FaultPlan::default()
    };
    let f = fixture("2023.2", plan);
    let docs: Vec<Value> = (0..20)
        .map(|n| {
            json!({"externalId": format!("flaky-{n}"), "companyName": format!("Flaky {n}"),
                        "subsidiary": {"internalId": "1"}})
        })
        .collect();
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "batch_size": 4}),
        &docs,
    );
    let mut reconciled = 0;
    for i in 0..20 {
        let o = r.outcome(i);
        assert_eq!(o.status, OutcomeStatus::Success, "{i}: {o:?}");
        reconciled += usize::from(o.code.as_str() == "RECONCILED");
        assert_eq!(outputs_of(&r, i).len(), 1);
    }
    assert!(reconciled > 0, "the gateway lost some answers");
    // Lost answers of the QUERY are retried too (a search is idempotent).
    let names = company_names(&f);
    for n in 0..20 {
        assert_eq!(
            names.get(&format!("Flaky {n}")),
            Some(&1),
            "Flaky {n} exists once"
        );
    }
    f.sim.assert_exchanges_valid("2023_2");
}

fn possibly_applied(doc: Value) -> Document {
    Document {
        properties: json!({ "possibly_applied": true }).to_string().into(),
        ..Document::json(doc.to_string())
    }
}

#[test]
fn a_resumed_create_is_reconciled_by_external_id_and_never_sent_blind() {
    let f = fixture("2023.2", FaultPlan::default());
    let create = json!({"action": "CREATE", "record_type": "customer"});
    let first = json!({"externalId": "resume-1", "companyName": "Resume One", "subsidiary": {"internalId": "1"}});
    let r = execute(&f.connection, &create, std::slice::from_ref(&first));
    assert_eq!(r.outcome(0).status, OutcomeStatus::Success);
    let id = outputs_of(&r, 0)[0]["internalId"].clone();

    let docs = [
        possibly_applied(first),
        possibly_applied(
            json!({"companyName": "Resume Keyless", "subsidiary": {"internalId": "1"}}),
        ),
        possibly_applied(
            json!({"externalId": "resume-3", "companyName": "Resume Three", "subsidiary": {"internalId": "1"}}),
        ),
    ];
    let r = execute_documents(&f.connection, &create, &docs);
    let found = r.outcome(0);
    assert_eq!(
        (found.status, found.code.as_str()),
        (OutcomeStatus::Success, "RECONCILED"),
        "{found:?}"
    );
    assert_eq!(outputs_of(&r, 0)[0]["internalId"], id);
    let keyless = r.outcome(1);
    assert_eq!(
        (keyless.status, keyless.code.as_str()),
        (OutcomeStatus::Failure, "MAYBE_APPLIED")
    );
    let added = r.outcome(2);
    assert_eq!(added.status, OutcomeStatus::Success, "{added:?}");
    assert_eq!(added.code.as_str(), "", "created: not found by the lookup");
    assert_eq!(f.sim.handle.counters().operation("addList"), 2);
    let names = company_names(&f);
    assert_eq!(names.get("Resume One"), Some(&1));
    assert_eq!(names.get("Resume Keyless"), None, "never sent");
    assert_eq!(names.get("Resume Three"), Some(&1));
    f.sim.assert_exchanges_valid("2023_2");
}

#[test]
fn a_record_saved_although_refused_is_a_success_with_its_ref_and_a_warning() {
    // `afterSubmitFailed` exists from 2018.2 on.
    let (version, tag) = ("2023.2", "2023_2");
    let plan = FaultPlan {
        after_submit_fail_prefix: Some("asf-".into()),
        ..FaultPlan::default()
    };
    let f = fixture(version, plan);
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer"}),
        &[
            json!({"externalId": "asf-1", "companyName": "Script Fails", "subsidiary": {"internalId": "1"}}),
            json!({"externalId": "ok-1", "companyName": "Script Fine", "subsidiary": {"internalId": "1"}}),
        ],
    );
    let saved = r.outcome(0);
    assert_eq!(saved.status, OutcomeStatus::Success, "{version}: {saved:?}");
    assert_eq!(saved.code.as_str(), "AFTER_SUBMIT_FAILED");
    let detail: Value = serde_json::from_str(&saved.detail_json).unwrap();
    assert_eq!(detail["code"], "USER_ERROR", "{detail}");
    assert!(detail["message"]
        .as_str()
        .unwrap()
        .contains("SSS_USEREVENT_ERROR"));
    let id = outputs_of(&r, 0)[0]["internalId"].clone();
    assert!(id.is_string(), "{version}: the saved ref is the output");
    assert_eq!(r.outcome(1).code.as_str(), "");

    // The record exists: a GET by externalId finds the same internal id.
    let got = execute(
        &f.connection,
        &json!({"action": "GET", "record_type": "customer"}),
        &[json!({"externalId": "asf-1"})],
    );
    assert_eq!(got.outcome(0).status, OutcomeStatus::Success);
    assert_eq!(outputs_of(&got, 0)[0]["internalId"], id);
    f.sim.assert_exchanges_valid(tag);
}

#[test]
fn an_async_create_whose_submission_answer_was_lost_starts_one_job_and_says_possibly_applied() {
    // The gateway answers 504 after NetSuite accepted the asyncAddList: a job writing both
    // records may be running. Submitting again would start a second job creating them twice.
    let plan = FaultPlan {
        http_504_after_rate: 1.0,
        gateway_after_ops: vec!["asyncAddList".into()],
        gateway_after_max: 1,
        ..FaultPlan::default()
    };
    let f = fixture("2023.2", plan);
    let docs = [
        json!({"externalId": "lost-job-1", "companyName": "Lost Job One", "subsidiary": {"internalId": "1"}}),
        json!({"externalId": "lost-job-2", "companyName": "Lost Job Two", "subsidiary": {"internalId": "1"}}),
    ];
    let r = execute(
        &f.connection,
        &json!({"action": "CREATE", "record_type": "customer", "async": true}),
        &docs,
    );
    for i in 0..2 {
        let o = r.outcome(i);
        assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
        assert_eq!(o.code.as_str(), "MAYBE_APPLIED", "{o:?}");
    }
    assert_eq!(
        f.sim.handle.counters().operation("asyncAddList"),
        1,
        "the submission is not sent again"
    );
    let names = company_names(&f);
    for name in ["Lost Job One", "Lost Job Two"] {
        assert_eq!(names.get(name), Some(&1), "{name} exists once");
    }
    f.sim.assert_exchanges_valid("2023_2");
}
