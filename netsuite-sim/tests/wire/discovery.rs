//! getDataCenterUrls and the generic endpoint's policy.

use crate::support::{self, *};

fn urls(r: &HttpResponse) -> Vec<(String, String)> {
    let doc = r.doc();
    let urls = doc
        .descendants()
        .find(|n| n.tag_name().name() == "dataCenterUrls")
        .expect("dataCenterUrls");
    urls.children()
        .filter(|n| n.is_element())
        .map(|n| {
            (
                n.tag_name().name().to_owned(),
                n.text().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn returns_account_domains_for_known_accounts_without_authentication() {
    let sim = support::start();
    for tag in ["2017_1", "2023_2", "2025_2"] {
        let r = post(
            &sim.service_url(v(tag)),
            "getDataCenterUrls",
            &envelope(tag, "", &discovery_body(SANDBOX)),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let u = urls(&r);
        let names: Vec<&str> = u.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["restDomain", "webservicesDomain", "systemDomain"]);
        assert_eq!(u[1].1, sim.account_base_url(SANDBOX).unwrap());
    }
    validate_collected();
}

#[test]
fn returns_default_urls_for_unknown_accounts() {
    let sim = support::start();
    let r = post(
        &sim.service_url(v("2023_2")),
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body("NOBODY")),
    );
    assert_eq!(r.status, 200);
    assert_eq!(urls(&r)[1].1, sim.base_url());
    validate_collected();
}

#[test]
fn ignores_any_credentials_sent_with_discovery() {
    let sim = support::start();
    let mut bad = creds();
    bad.token_secret = "wrong".into();
    let header = format!("{}{}", token_passport(&bad), application_info("x"));
    let r = post(
        &sim.service_url(v("2023_2")),
        "getDataCenterUrls",
        &envelope("2023_2", &header, &discovery_body(ACCOUNT)),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(sim.counters().faults_by_code.len(), 0);
    validate_collected();
}

#[test]
fn the_discovered_domain_serves_the_account() {
    let sim = support::start();
    let r = post(
        &sim.service_url(v("2023_2")),
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body(ACCOUNT)),
    );
    let domain = urls(&r)[1].1.clone();
    let r = post(
        &format!("{domain}/services/NetSuitePort_2023_2"),
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    validate_collected();
}

#[test]
fn generic_endpoint_accepts_everything_by_default_and_refuses_from_2019_1_when_required() {
    let sim = support::start();
    assert_eq!(
        post(
            &sim.service_url(v("2023_2")),
            "getServerTime",
            &server_time_request("2023_2", &creds())
        )
        .status,
        200
    );

    let strict = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .require_account_domain(true),
    );
    let r = post(
        &strict.service_url(v("2023_2")),
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    );
    assert_eq!(r.status, 500);
    assert_eq!(r.fault_code(), "USER_ERROR");
    assert!(r.fault().unwrap().1.contains("account-specific domain"));
    let r = post(
        &strict.service_url(v("2018_2")),
        "getServerTime",
        &server_time_request("2018_2", &creds()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        &strict.service_url(v("2023_2")),
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body(ACCOUNT)),
    );
    assert_eq!(r.status, 200);
    let domain = strict.account_base_url(ACCOUNT).unwrap();
    let r = post(
        &format!("{domain}/services/NetSuitePort_2023_2"),
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    );
    assert_eq!(r.status, 200);
    validate_collected();
}
