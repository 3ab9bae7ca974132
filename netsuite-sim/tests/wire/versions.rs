//! Endpoint versions and namespaces.

use crate::support::{self, *};

#[test]
fn serves_every_version_from_2017_1_to_2025_2() {
    let sim = support::start();
    for version in netsuite_sim::Version::all() {
        let tag = version.tag();
        let r = post(
            &sim.service_url(version),
            "getServerTime",
            &server_time_request(&tag, &creds()),
        );
        assert_eq!(r.status, 200, "{tag}: {}", r.body);
        let doc = r.doc();
        let result = doc
            .descendants()
            .find(|n| n.tag_name().name() == "getServerTimeResponse")
            .unwrap();
        assert_eq!(
            result.tag_name().namespace(),
            Some(version.messages().as_str())
        );
    }
    validate_collected();
}

#[test]
fn refuses_unsupported_versions_with_invalid_version_fault() {
    let sim = support::start();
    for tag in ["2016_2", "2026_1", "2015_1"] {
        let r = post(
            &format!("{}/services/NetSuitePort_{tag}", sim.base_url()),
            "getServerTime",
            &server_time_request(tag, &creds()),
        );
        assert_eq!(r.status, 500, "{tag}");
        let (_, _, element, code) = r.fault().unwrap();
        assert_eq!(
            (element.as_str(), code.as_str()),
            ("invalidVersionFault", "UNSUPPORTED_WS_VERSION"),
            "{tag}"
        );
    }
    validate_collected();
}

#[test]
fn refuses_namespaces_of_another_version() {
    let sim = support::start();
    // A 2017.2 envelope posted to the 2023.2 endpoint.
    let r = post(
        &sim.service_url(v("2023_2")),
        "getServerTime",
        &server_time_request("2017_2", &creds()),
    );
    let (_, message, element, code) = r.fault().unwrap();
    assert_eq!(
        (element.as_str(), code.as_str()),
        ("invalidVersionFault", "INVALID_WS_VERSION")
    );
    assert!(message.contains("urn:"), "{message}");
    // Mixed: the header in 2023.2, the operation in 2017.1.
    let body = envelope(
        "2023_2",
        &token_passport(&creds()),
        "<m:getServerTime xmlns:m=\"urn:messages_2017_1.platform.webservices.netsuite.com\"/>",
    );
    assert_eq!(
        post(&sim.service_url(v("2023_2")), "getServerTime", &body).fault_code(),
        "INVALID_WS_VERSION"
    );
    validate_collected();
}

#[test]
fn account_governance_info_exists_from_2020_1() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder().account(account().with_concurrency_limit(7)),
    );
    for (tag, ok) in [
        ("2017_1", false),
        ("2019_2", false),
        ("2020_1", true),
        ("2023_2", true),
    ] {
        let body = envelope(
            tag,
            &token_passport(&creds()),
            "<platformMsgs:getAccountGovernanceInfo/>",
        );
        let r = post(&sim.service_url(v(tag)), "getAccountGovernanceInfo", &body);
        if ok {
            assert_eq!(r.status, 200, "{tag}: {}", r.body);
            assert_eq!(r.text_of("accountConcurrencyLimit").as_deref(), Some("7"));
            assert_eq!(
                r.text_of("unallocatedConcurrencyLimit").as_deref(),
                Some("7")
            );
        } else {
            assert_eq!(r.fault().unwrap().0, "soapenv:Client", "{tag}");
        }
    }
    validate_collected();
}
