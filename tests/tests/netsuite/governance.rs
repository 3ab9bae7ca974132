//! Governance-aware concurrency through the host and the plugin, against the simulator: the
//! getIntegrationGovernanceInfo function, the warning when max_concurrent_connections exceeds
//! the account's or the integration's limit, and the in-flight target that adapts to
//! concurrency faults (issue 14, part 7).

use std::sync::Arc;

use connector_api::{LogLevel, OutcomeStatus};
use connector_payload::ConnectorErrorExt;
use netsuite_sim::{AccountConfig, FaultPlan, Simulator};
use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV4455667";

fn execute_function(function: &str) -> Value {
    json!({"action": "EXECUTE", "function": function})
}

/// A simulator with the official schemas serving `account`, and the host.
fn sim_and_host(account: AccountConfig) -> (Sim, Host) {
    let sim = support::sim(
        Simulator::builder()
            .account(account)
            .schema_folder(xsd_folder()),
    );
    (sim, host())
}

fn warnings(host: &Host) -> Vec<String> {
    host.capture
        .records()
        .iter()
        .filter(|r| r.level == LogLevel::Warn)
        .map(|r| r.message.clone())
        .collect()
}

fn only_output(results: &Results) -> &Value {
    assert_eq!(results.outputs.len(), 1, "{results:?}");
    assert_eq!(
        results.outcome(0).status,
        OutcomeStatus::Success,
        "{results:?}"
    );
    &results.outputs[0].1
}

#[test]
fn integration_governance_info_on_2023_2_and_refused_before_2020_1() {
    // An integration with its own limit: the account's unallocated part shrinks by it.
    let f = support::fixture(
        "2023.2",
        support::account(ACCOUNT).with_integration_concurrency_limit(3),
    );
    let r = execute(
        &f.connection,
        &execute_function("getIntegrationGovernanceInfo"),
        &[json!({})],
    );
    assert_eq!(
        only_output(&r),
        &json!({"integrationConcurrencyLimit": 3, "limitType": "_integrationSpecific"})
    );
    let r = execute(
        &f.connection,
        &execute_function("getAccountGovernanceInfo"),
        &[json!({})],
    );
    assert_eq!(
        only_output(&r),
        &json!({"accountConcurrencyLimit": 10, "unallocatedConcurrencyLimit": 7})
    );
    f.sim.assert_exchanges_valid("2023_2");

    // Without a limit of its own, the integration shares the account's.
    let f = support::fixture("2023.2", support::account(ACCOUNT));
    let r = execute(
        &f.connection,
        &execute_function("getIntegrationGovernanceInfo"),
        &[json!({}), json!({"ignored": true})],
    );
    assert_eq!(r.outcome(1).status, OutcomeStatus::Success);
    assert_eq!(
        r.outputs[0].1,
        json!({"integrationConcurrencyLimit": 10, "limitType": "_account"})
    );
    f.sim.assert_exchanges_valid("2023_2");

    for version in ["2017.1", "2017.2"] {
        let f = support::fixture(version, support::account(ACCOUNT));
        let error = f
            .connection
            .prepare(
                execute_function("getIntegrationGovernanceInfo")
                    .to_string()
                    .as_str()
                    .into(),
            )
            .into_result()
            .err()
            .expect("refused at prepare");
        let fields = error.field_errors();
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields[0].field, "function");
        assert!(
            fields[0]
                .message
                .contains("getIntegrationGovernanceInfo needs version 2020.1 or later")
                && fields[0].message.contains(version),
            "{version}: {fields:?}"
        );
        assert_eq!(f.sim.handle.counters().requests, 0, "nothing sent");
    }
}

#[test]
fn a_setting_above_the_account_limit_is_warned_once_with_both_numbers() {
    let (sim, host) = sim_and_host(support::account(ACCOUNT).with_concurrency_limit(2));
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["max_concurrent_connections"] = json!(8);
    let connection = host.configure(&settings).expect("configures");
    for _ in 0..2 {
        let r = execute(
            &connection,
            &execute_function("getServerTime"),
            &[json!({}), json!({})],
        );
        assert_eq!(r.outcome(1).status, OutcomeStatus::Success, "{r:?}");
    }
    let warned: Vec<String> = warnings(&host)
        .into_iter()
        .filter(|w| w.contains("max_concurrent_connections is 8"))
        .collect();
    assert_eq!(warned.len(), 1, "once per connection: {warned:?}");
    assert!(
        warned[0].contains("allows 2 concurrent requests")
            && warned[0].contains("set max_concurrent_connections to 2 or less"),
        "{warned:?}"
    );
    let counters = sim.handle.counters();
    assert_eq!(counters.operation("getAccountGovernanceInfo"), 1);
    assert_eq!(counters.operation("getIntegrationGovernanceInfo"), 1);

    // Test Connection says it too.
    let report = test_connection(&connection);
    assert!(report.ok, "{report:?}");
    let auth = &report.steps[2].detail;
    assert!(
        auth.contains("concurrency limits: account limit 2, 2 unallocated")
            && auth.contains("WARNING: max_concurrent_connections is 8"),
        "{auth}"
    );
    sim.assert_exchanges_valid("2023_2");
}

#[test]
fn a_setting_above_the_integration_limit_is_warned_and_a_fitting_one_is_not() {
    let (sim, host) = sim_and_host(support::account(ACCOUNT).with_integration_concurrency_limit(3));
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["max_concurrent_connections"] = json!(5);
    let connection = host.configure(&settings).expect("configures");
    let r = execute(
        &connection,
        &execute_function("getServerTime"),
        &[json!({})],
    );
    assert_eq!(r.outcome(0).status, OutcomeStatus::Success);
    let warned = warnings(&host);
    assert!(
        warned
            .iter()
            .any(|w| w.contains("max_concurrent_connections is 5")
                && w.contains("this integration's concurrency limit")
                && w.contains("is 3")),
        "{warned:?}"
    );

    settings["max_concurrent_connections"] = json!(3);
    let fitting = host.configure(&settings).expect("configures");
    let before = warnings(&host).len();
    let r = execute(&fitting, &execute_function("getServerTime"), &[json!({})]);
    assert_eq!(r.outcome(0).status, OutcomeStatus::Success);
    assert_eq!(warnings(&host).len(), before, "{:?}", warnings(&host));
    let report = test_connection(&fitting);
    assert!(
        report.steps[2]
            .detail
            .contains("integration limit 3 (its own); max_concurrent_connections 3 fits"),
        "{:?}",
        report.steps[2]
    );
    sim.assert_exchanges_valid("2023_2");
}

#[test]
fn versions_without_governance_info_send_no_governance_request() {
    let (sim, host) = sim_and_host(support::account(ACCOUNT).with_concurrency_limit(2));
    let mut settings = token_settings(&sim, ACCOUNT, "2017.2");
    settings["max_concurrent_connections"] = json!(8);
    let connection = host.configure(&settings).expect("configures");
    let r = execute(
        &connection,
        &execute_function("getServerTime"),
        &[json!({})],
    );
    assert_eq!(r.outcome(0).status, OutcomeStatus::Success);
    let counters = sim.handle.counters();
    assert_eq!(counters.operation("getAccountGovernanceInfo"), 0);
    assert_eq!(counters.operation("getIntegrationGovernanceInfo"), 0);
    sim.assert_exchanges_valid("2017_2");
}

/// Runs `threads` threads sharing one connection, each executing a batch of `per_thread` GETs;
/// returns the results of every thread and the simulator's concurrency-fault count.
fn crowd(adaptive: bool, threads: usize, per_thread: usize) -> (Vec<Results>, u64, Host) {
    let plan = FaultPlan {
        latency_ms: 30,
        seed: 5,
        ..FaultPlan::default()
    };
    let (sim, host) = sim_and_host(
        support::account(ACCOUNT)
            .with_concurrency_limit(2)
            .with_faults(plan),
    );
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["max_concurrent_connections"] = json!(8);
    settings["number_of_retries"] = json!(10);
    settings["adaptive_concurrency"] = json!(adaptive);
    let connection = Arc::new(host.configure(&settings).expect("configures"));
    // Discover before the crowd arrives.
    assert!(test_connection(&connection).ok);
    sim.handle.reset_counters();
    // One getList per document.
    let get = json!({"action": "GET", "record_type": "customer", "batch_size": 1});
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let connection = Arc::clone(&connection);
            let get = get.clone();
            std::thread::spawn(move || {
                let docs: Vec<Value> = (0..per_thread)
                    .map(|i| json!({"internalId": ((t * per_thread + i) % 50 + 1).to_string()}))
                    .collect();
                execute(&connection, &get, &docs)
            })
        })
        .collect();
    let results = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let faults = sim.handle.counters().faults("WS_REQUEST_BLOCKED");
    sim.assert_exchanges_valid("2023_2");
    (results, faults, host)
}

#[test]
fn the_in_flight_target_adapts_to_a_lower_limit_and_cuts_concurrency_faults() {
    let (threads, per_thread) = (8, 12);
    let (results, with_aimd, host) = crowd(true, threads, per_thread);
    for r in &results {
        for i in 0..per_thread as u32 {
            assert_eq!(r.outcome(i).status, OutcomeStatus::Success, "{r:?}");
        }
    }
    let lines: Vec<String> = host
        .capture
        .records()
        .iter()
        .map(|r| r.message.clone())
        .filter(|m| m.contains("in-flight target"))
        .collect();
    let lowered = format!(
        "in-flight target for account {ACCOUNT} lowered from 8 to 4 after a concurrency fault"
    );
    assert!(lines.contains(&lowered), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("lowered from 4 to 2")),
        "{lines:?}"
    );

    let (_, without_aimd, _) = crowd(false, threads, per_thread);
    eprintln!("concurrency faults: with AIMD {with_aimd}, without {without_aimd}");
    assert!(
        with_aimd * 3 <= without_aimd,
        "concurrency faults with AIMD {with_aimd}, without {without_aimd}"
    );
}

#[test]
fn user_credentials_on_2017_1_lower_the_target_on_ws_concur_session_disallwd() {
    let plan = FaultPlan {
        latency_ms: 30,
        seed: 9,
        ..FaultPlan::default()
    };
    let (sim, host) = sim_and_host(
        support::account(ACCOUNT)
            .with_concurrency_limit(1)
            .with_faults(plan),
    );
    let mut settings = user_settings(&sim, ACCOUNT, "2017.1");
    settings["max_concurrent_connections"] = json!(4);
    settings["number_of_retries"] = json!(10);
    let connection = Arc::new(host.configure(&settings).expect("configures"));
    assert!(test_connection(&connection).ok);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let connection = Arc::clone(&connection);
            std::thread::spawn(move || {
                let docs = vec![json!({}); 4];
                execute(&connection, &execute_function("getServerTime"), &docs)
            })
        })
        .collect();
    for h in handles {
        let r = h.join().unwrap();
        for i in 0..4 {
            assert_eq!(r.outcome(i).status, OutcomeStatus::Success, "{r:?}");
        }
    }
    let counters = sim.handle.counters();
    assert!(
        counters.faults("WS_CONCUR_SESSION_DISALLWD") > 0,
        "{counters:?}"
    );
    let lowered = format!(
        "in-flight target for account {ACCOUNT} lowered from 4 to 2 after a concurrency fault"
    );
    let lines: Vec<String> = host
        .capture
        .records()
        .iter()
        .map(|r| r.message.clone())
        .collect();
    assert!(lines.contains(&lowered), "{lines:?}");
    // No governance request before 2020.1.
    assert_eq!(counters.operation("getAccountGovernanceInfo"), 0);
    sim.assert_exchanges_valid("2017_1");
}
