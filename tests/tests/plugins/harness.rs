//! The conformance harness against the echo connector and against libraries that fail.

use std::collections::HashMap;

use conformance::{Profile, Status};

use crate::support;

#[test]
fn echo_connector_passes_every_check() {
    let library = support::echo_copy("harness-pass");
    let report = conformance::run(&support::real_host(), &library, &support::echo_profile());
    println!("{report}");
    assert!(report.passed(), "{report}");
    let (_, failed, skipped) = report.counts();
    assert_eq!((failed, skipped), (0, 0), "{report}");
}

#[test]
fn report_names_every_check() {
    let library = support::echo_copy("harness-names");
    let report = conformance::run(&support::real_host(), &library, &support::echo_profile());
    for name in [
        "load",
        "new_connector",
        "spec.parses",
        "spec.json_schema",
        "spec.descriptions",
        "configure.valid",
        "configure.valid_matches_schema",
        "configure.rejects.missing_prefix",
        "configure.rejects.several_at_once",
        "configure.no_network",
        "test_connection.report",
        "browse",
        "execute.prepare",
        "execute.one_outcome_each",
        "execute.expected_outcomes",
        "execute.concurrent",
        "logs.forwarded",
        "cancel.stops_work",
        "panic.contained",
        "panic.poisons_instance",
    ] {
        assert!(report.check(name).is_some(), "no check {name} in\n{report}");
    }
}

/// The echo profile with `edit` applied to its JSON.
fn edited_profile(edit: impl FnOnce(&mut serde_json::Value)) -> Profile {
    let text = std::fs::read_to_string(support::fixture("echo.profile.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut value);
    Profile::parse(&value.to_string(), &HashMap::new()).unwrap()
}

#[test]
fn wrong_expectation_fails_expected_outcomes_only() {
    let profile = edited_profile(|p| p["batch"][2]["expect"] = "SUCCESS".into());
    let library = support::echo_copy("harness-wrong-expectation");
    let report = conformance::run(&support::real_host(), &library, &profile);
    let check = report.check("execute.expected_outcomes").unwrap();
    assert_eq!(check.status, Status::Fail, "{report}");
    assert!(
        check
            .reason
            .contains("document 2: expected Success, got FAILURE"),
        "{}",
        check.reason
    );
    assert_eq!(
        report.failures().count(),
        2,
        "expected_outcomes and concurrent:\n{report}"
    );
}

#[test]
fn invalid_settings_that_configure_accepts_fail_their_check() {
    let profile = edited_profile(|p| {
        p["connection"]["invalid"] = serde_json::json!([
            {"name": "actually_valid", "settings": {"prefix": "ok"}, "fields": ["prefix"]},
            {"name": "wrong_field", "settings": {"prefix": ""}, "fields": ["max_batch"]}
        ])
    });
    let library = support::echo_copy("harness-invalid-settings");
    let report = conformance::run(&support::real_host(), &library, &profile);
    let accepted = report.check("configure.rejects.actually_valid").unwrap();
    assert_eq!(accepted.status, Status::Fail);
    assert!(accepted.reason.contains("accepted"), "{}", accepted.reason);
    let wrong = report.check("configure.rejects.wrong_field").unwrap();
    assert_eq!(wrong.status, Status::Fail);
    assert!(
        wrong.reason.contains("but not max_batch"),
        "{}",
        wrong.reason
    );
}

#[test]
fn profile_without_optional_cases_skips_them() {
    let profile = edited_profile(|p| {
        let p = p.as_object_mut().unwrap();
        p.remove("cancellation");
        p.remove("panic");
        p.remove("browse");
    });
    let library = support::echo_copy("harness-optional");
    let report = conformance::run(&support::real_host(), &library, &profile);
    for name in [
        "cancel.stops_work",
        "panic.contained",
        "panic.poisons_instance",
    ] {
        assert_eq!(report.check(name).unwrap().status, Status::Skip, "{name}");
    }
    assert!(report.passed(), "skips do not fail a report:\n{report}");
}

#[test]
fn incompatible_library_fails_load_and_skips_the_rest() {
    let library = support::cdylib("incompatible_connector");
    let report = conformance::run(&support::real_host(), &library, &support::echo_profile());
    let load = report.check("load").unwrap();
    assert_eq!(load.status, Status::Fail);
    assert!(
        load.reason
            .ends_with("built against connector-api 2.0.0 but this host needs 1.x"),
        "{}",
        load.reason
    );
    assert!(
        report.checks[1..].iter().all(|c| c.status == Status::Skip),
        "{report}"
    );
}

/// The echo profile with `url` set to a placeholder, substituted with a loopback server.
fn profile_with_url(extra: serde_json::Value) -> Profile {
    let text = std::fs::read_to_string(support::fixture("echo.profile.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["connection"]["valid"]["url"] = "{{SIM_URL}}/ping".into();
    for (k, v) in extra.as_object().unwrap() {
        value["connection"]["valid"][k] = v.clone();
    }
    let substitutions = HashMap::from([("SIM_URL".to_string(), support::ok_server())]);
    Profile::parse(&value.to_string(), &substitutions).unwrap()
}

#[test]
fn test_connection_goes_through_the_host_transport() {
    let library = support::echo_copy("harness-url");
    let report = conformance::run(
        &support::real_host(),
        &library,
        &profile_with_url(serde_json::json!({})),
    );
    assert!(report.passed(), "{report}");
    let test = report.check("test_connection.report").unwrap();
    assert_eq!(test.reason, "ok=true with 2 steps", "{report}");
}

#[test]
fn network_during_configure_fails_no_network() {
    let library = support::echo_copy("harness-configure-network");
    let profile = profile_with_url(serde_json::json!({"fetch_on_configure": true}));
    let report = conformance::run(&support::real_host(), &library, &profile);
    let check = report.check("configure.no_network").unwrap();
    assert_eq!(check.status, Status::Fail, "{report}");
    assert!(
        check.reason.starts_with("configure made 1 transport calls"),
        "{}",
        check.reason
    );
}
