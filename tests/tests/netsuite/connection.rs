//! The NetSuite connection through the host and the plugin, against the simulator
//! (issue: every setting of the Boomi connection, authentication, discovery, versions,
//! retries, Test Connection).

use base64::Engine;
use connector_api::{ErrorKind, OutcomeStatus};
use connector_payload::{ConnectorErrorExt, HostConfig, StepStatus};
use netsuite_sim::{FaultPlan, Simulator};
use ring::hmac;
use serde_json::json;

use crate::support::{self, *};

const ACCOUNT: &str = "123456_SB1";

fn server_time_op() -> serde_json::Value {
    json!({"action": "EXECUTE", "function": "getServerTime"})
}

#[test]
fn token_connection_discovers_once_and_authenticates() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    // The sandbox account written the way users type it.
    let settings = token_settings(&sim, "123456-sb1", "2023.2");
    let first = host.configure(&settings).expect("configures");
    let report = test_connection(&first);
    assert!(report.ok, "{report:?}");
    assert_eq!(report.steps.len(), 3);
    assert_eq!(
        report.steps[1].status,
        StepStatus::Passed,
        "discovery: {:?}",
        report.steps[1]
    );
    assert!(
        report.steps[1].detail.contains("/a/123456-sb1"),
        "{:?}",
        report.steps[1]
    );
    assert_eq!(report.steps[2].status, StepStatus::Passed);

    // A second connection of the same account, and several calls: still one discovery.
    let second = host.configure(&settings).expect("configures");
    let results = execute(&second, &server_time_op(), &[json!({}), json!({})]);
    assert_eq!(results.outcome(0).status, OutcomeStatus::Success);
    assert_eq!(results.outcome(1).status, OutcomeStatus::Success);
    let counters = sim.handle.counters();
    assert_eq!(counters.operation("getDataCenterUrls"), 1, "{counters:?}");
    assert_eq!(counters.operation("getServerTime"), 3);
}

#[test]
fn signature_equals_an_independent_computation() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let connection = host
        .configure(&token_settings(&sim, ACCOUNT, "2023.2"))
        .unwrap();
    let results = execute(&connection, &server_time_op(), &[json!({})]);
    assert_eq!(results.outcome(0).status, OutcomeStatus::Success);

    // Recompute the signature of the recorded request from its own fields.
    let request = std::fs::read_dir(sim.records.path())
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with("getServerTime.request.xml")
        })
        .expect("recorded getServerTime");
    let text = std::fs::read_to_string(request.path()).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let field = |name: &str| {
        doc.descendants()
            .find(|n| {
                n.tag_name().name() == name
                    && n.tag_name()
                        .namespace()
                        .is_some_and(|u| u.contains("core_2023_2"))
            })
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("{name} in the tokenPassport"))
            .to_string()
    };
    assert_eq!(
        field("account"),
        "123456_SB1",
        "account letters upper case in the passport"
    );
    let base = format!(
        "{}&{}&{}&{}&{}",
        field("account"),
        field("consumerKey"),
        field("token"),
        field("nonce"),
        field("timestamp")
    );
    let key = hmac::Key::new(
        hmac::HMAC_SHA256,
        format!("{CONSUMER_SECRET}&{TOKEN_SECRET}").as_bytes(),
    );
    let expected = base64::engine::general_purpose::STANDARD
        .encode(hmac::sign(&key, base.as_bytes()).as_ref());
    assert_eq!(field("signature"), expected);
    let algorithm = doc
        .descendants()
        .find(|n| n.tag_name().name() == "signature")
        .unwrap()
        .attribute("algorithm");
    assert_eq!(algorithm, Some("HMAC-SHA256"));
}

#[test]
fn retries_sign_afresh_and_stop_at_the_configured_number() {
    let plan = FaultPlan {
        transient_fault_rate: 1.0,
        seed: 7,
        ..FaultPlan::default()
    };
    let sim = sim(Simulator::builder().account(account(ACCOUNT).with_faults(plan)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["number_of_retries"] = json!(3);
    let connection = host.configure(&settings).unwrap();
    sim.handle.reset_counters();
    let results = execute(&connection, &server_time_op(), &[json!({})]);
    let outcome = results.outcome(0);
    assert_eq!(outcome.status, OutcomeStatus::Failure, "{outcome:?}");
    assert!(outcome.message.contains("4 attempts"), "{outcome:?}");

    let counters = sim.handle.counters();
    assert_eq!(
        counters.operation("getServerTime"),
        4,
        "1 attempt + 3 retries: {counters:?}"
    );
    let nonces = counters.accepted_nonces(ACCOUNT);
    let mut unique = nonces.to_vec();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        nonces.len(),
        "every attempt carries a new nonce: {nonces:?}"
    );
    assert_eq!(nonces.len(), 4);
}

#[test]
fn zero_retries_means_one_attempt() {
    let plan = FaultPlan {
        transient_fault_rate: 1.0,
        seed: 3,
        ..FaultPlan::default()
    };
    let sim = sim(Simulator::builder().account(account(ACCOUNT).with_faults(plan)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["number_of_retries"] = json!(0);
    let connection = host.configure(&settings).unwrap();
    sim.handle.reset_counters();
    let results = execute(&connection, &server_time_op(), &[json!({})]);
    assert_eq!(results.outcome(0).status, OutcomeStatus::Failure);
    assert_eq!(sim.handle.counters().operation("getServerTime"), 1);
}

#[test]
fn wrong_credentials_are_not_retried_and_test_connection_says_so() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["token_id"] = json!("not-the-token");
    let connection = host.configure(&settings).unwrap();
    let report = test_connection(&connection);
    assert!(!report.ok);
    let auth = &report.steps[2];
    assert_eq!(auth.status, StepStatus::Failed);
    assert!(auth.detail.contains("wrong credentials"), "{auth:?}");
    assert_eq!(
        sim.handle.counters().operation("getServerTime"),
        1,
        "authentication errors are never retried"
    );
}

#[test]
fn unreachable_host_is_explained() {
    // A closed loopback port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let host = host();
    let settings = json!({
        "url": format!("http://127.0.0.1:{port}/services/NetSuitePort_2023_2"),
        "version": "2023.2",
        "account": ACCOUNT,
        "consumer_key": CONSUMER_KEY,
        "consumer_secret": {"env": "NS_E2E_CONSUMER_SECRET"},
        "token_id": TOKEN_ID,
        "token_secret": {"env": "NS_E2E_TOKEN_SECRET"},
        "number_of_retries": 1,
        "retry_initial_wait_ms": 10
    });
    let connection = host.configure(&settings).unwrap();
    let report = test_connection(&connection);
    assert!(!report.ok);
    assert!(
        report.steps[2].detail.contains("host unreachable"),
        "{:?}",
        report.steps[2]
    );
}

#[test]
fn user_credentials_on_2020_2_are_refused_before_any_network_call() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let error = host
        .configure(&user_settings(&sim, ACCOUNT, "2020.2"))
        .err()
        .expect("refused");
    assert_eq!(error.kind, ErrorKind::Config);
    let fields = error.field_errors();
    assert_eq!(fields[0].field, "user");
    assert!(fields[0].message.contains("token-based"), "{fields:?}");
    assert_eq!(
        sim.handle.counters().requests,
        0,
        "no request reached the simulator"
    );
}

#[test]
fn user_credentials_work_before_2020_2_and_send_the_application_id() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let connection = host
        .configure(&user_settings(&sim, ACCOUNT, "2017.2"))
        .unwrap();
    let report = test_connection(&connection);
    assert!(report.ok, "{report:?}");
    let log = host.log_text();
    assert!(
        log.contains(APPLICATION_ID),
        "the Application Id is logged with each request:\n{log}"
    );
    sim.assert_exchanges_valid("2017_2");
}

#[test]
fn url_and_version_must_agree() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["version"] = json!("2024.1");
    let error = host.configure(&settings).err().expect("refused");
    let fields = error.field_errors();
    assert_eq!(fields[0].field, "version");
    assert!(
        fields[0].message.contains("2023.2") && fields[0].message.contains("2024.1"),
        "{fields:?}"
    );
}

#[test]
fn deprecated_plain_secrets_work_with_a_warning() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    let map = settings.as_object_mut().unwrap();
    map.remove("consumer_secret");
    map.remove("token_secret");
    map.insert("consumer_secret_deprecated".into(), json!(CONSUMER_SECRET));
    map.insert("token_secret_deprecated".into(), json!(TOKEN_SECRET));
    let connection = host.configure(&settings).unwrap();
    assert!(test_connection(&connection).ok);
    let log = host.log_text();
    assert!(
        log.contains("consumer_secret_deprecated") && log.contains("leave"),
        "{log}"
    );
    support::assert_no_secret("the log", &log);
}

#[test]
fn built_in_integration_record_supplies_the_consumer() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let mut config = HostConfig::default();
    config.connectors.insert(
        "netsuite".into(),
        json!({"integration_record": {"consumer_key": CONSUMER_KEY, "consumer_secret": {"env": "NS_E2E_CONSUMER_SECRET"}}}),
    );
    let host = host_with(config, Default::default());
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    let map = settings.as_object_mut().unwrap();
    map.remove("consumer_key");
    map.remove("consumer_secret");
    map.insert("use_builtin_integration_record".into(), json!(true));
    let connection = host.configure(&settings).unwrap();
    assert!(test_connection(&connection).ok);
}

#[test]
fn every_version_from_2017_1_to_2025_2_answers() {
    let sim = sim(Simulator::builder().account(account(ACCOUNT)));
    let host = host();
    for year in 2017..=2025 {
        for release in 1..=2 {
            let version = format!("{year}.{release}");
            let connection = host
                .configure(&token_settings(&sim, ACCOUNT, &version))
                .unwrap();
            let results = execute(&connection, &server_time_op(), &[json!({})]);
            assert_eq!(
                results.outcome(0).status,
                OutcomeStatus::Success,
                "{version}: {:?}",
                results.outcomes
            );
        }
    }
}

#[test]
fn requests_and_responses_validate_against_the_official_xsd() {
    for (version, tag) in [
        ("2017.1", "2017_1"),
        ("2017.2", "2017_2"),
        ("2023.2", "2023_2"),
    ] {
        let sim = sim(Simulator::builder().account(account(ACCOUNT)));
        let host = host();
        let connection = host
            .configure(&token_settings(&sim, ACCOUNT, version))
            .unwrap();
        assert!(test_connection(&connection).ok);
        let get = json!({"action": "GET", "record_type": "customer"});
        execute(
            &connection,
            &get,
            &[json!({"internalId": "1"}), json!({"internalId": "999999"})],
        );
        if tag != "2023_2" {
            let connection = host
                .configure(&user_settings(&sim, ACCOUNT, version))
                .unwrap();
            assert!(test_connection(&connection).ok);
        }
        let files = sim.assert_exchanges_valid(tag);
        assert!(files >= 4, "{version}: {files} parts validated");
    }
}

#[test]
fn twenty_threads_with_a_limit_of_three_never_exceed_three_in_flight() {
    let plan = FaultPlan {
        latency_ms: 30,
        seed: 1,
        ..FaultPlan::default()
    };
    let sim =
        sim(Simulator::builder()
            .account(account(ACCOUNT).with_concurrency_limit(3).with_faults(plan)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["max_concurrent_connections"] = json!(3);
    let connection = std::sync::Arc::new(host.configure(&settings).unwrap());
    // Discover before the crowd arrives.
    assert!(test_connection(&connection).ok);
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let connection = connection.clone();
            std::thread::spawn(move || {
                let results = execute(&connection, &server_time_op(), &[json!({}), json!({})]);
                results
                    .outcomes
                    .iter()
                    .all(|(_, o)| o.status == OutcomeStatus::Success)
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap(), "every call succeeds");
    }
    let counters = sim.handle.counters();
    assert!(counters.peak_in_flight(ACCOUNT) <= 3, "{counters:?}");
    assert_eq!(
        counters.peak_in_flight(ACCOUNT),
        3,
        "the budget is used: {counters:?}"
    );
    assert_eq!(counters.faults("WS_REQUEST_BLOCKED"), 0);
    let stats = host
        .transport
        .pool_stats(&format!("netsuite:{ACCOUNT}"))
        .expect("pool declared");
    assert!(stats.peak_in_flight <= 3, "{stats:?}");
}

#[test]
fn no_secret_in_logs_errors_or_debug_output() {
    let plan = FaultPlan {
        transient_fault_rate: 0.5,
        seed: 11,
        ..FaultPlan::default()
    };
    let sim = sim(Simulator::builder().account(account(ACCOUNT).with_faults(plan)));
    let host = host();
    let mut settings = token_settings(&sim, ACCOUNT, "2023.2");
    settings["number_of_retries"] = json!(1);
    let connection = host.configure(&settings).unwrap();
    let report = test_connection(&connection);
    support::assert_no_secret("the test report", &format!("{report:?}"));
    let results = execute(
        &connection,
        &server_time_op(),
        &[json!({}), json!({}), json!({})],
    );
    support::assert_no_secret("outcomes", &format!("{results:?}"));
    // Errors: bad settings of every kind.
    let mut bad = token_settings(&sim, ACCOUNT, "2020.2");
    bad["password"] = json!({"env": "NS_E2E_PASSWORD"});
    bad["user"] = json!(EMAIL);
    bad["number_of_retries"] = json!(99);
    let error = host.configure(&bad).err().expect("refused");
    support::assert_no_secret("a configure error", &format!("{error:?} {error}"));
    // A secret written inline where a reference belongs is refused without being echoed.
    for (field, value, base) in [
        ("consumer_secret", CONSUMER_SECRET, "2023.2"),
        ("token_secret", TOKEN_SECRET, "2023.2"),
        ("password", PASSWORD, "2019.2"),
    ] {
        let mut inline = token_settings(&sim, ACCOUNT, base);
        if field == "password" {
            inline = user_settings(&sim, ACCOUNT, base);
        }
        inline[field] = json!(value);
        let error = host.configure(&inline).err().expect("refused");
        let text = format!("{error:?} {error}");
        support::assert_no_secret("an inline secret's error", &text);
        assert!(text.contains("{ env = "), "{field}: {text}");
    }
    let wrong = {
        let mut s = token_settings(&sim, ACCOUNT, "2023.2");
        s["token_id"] = json!("wrong");
        host.configure(&s).unwrap()
    };
    let report = test_connection(&wrong);
    support::assert_no_secret("a failed test report", &format!("{report:?}"));
    support::assert_no_secret("the connector's log", &host.log_text());
    support::assert_no_secret("the loaded connector", &format!("{:?}", host.connector));
}
