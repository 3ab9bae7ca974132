//! Per-account concurrency limits, their faults, and the counters.

use std::thread;

use crate::support::{self, *};

fn slow_account(limit: u32) -> netsuite_sim::AccountConfig {
    account()
        .with_concurrency_limit(limit)
        .with_faults(netsuite_sim::FaultPlan {
            latency_ms: 400,
            ..Default::default()
        })
}

fn parallel(n: usize, url: &str, make: impl Fn() -> String + Sync) -> Vec<HttpResponse> {
    thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|_| s.spawn(|| post(url, "getServerTime", &make())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn refuses_token_requests_over_the_limit_with_ws_request_blocked() {
    let sim = support::start_with(netsuite_sim::Simulator::builder().account(slow_account(2)));
    let url = sim.service_url(v("2023_2"));
    let results = parallel(5, &url, || server_time_request("2023_2", &creds()));
    let ok = results.iter().filter(|r| r.status == 200).count();
    let blocked: Vec<_> = results.iter().filter_map(|r| r.fault()).collect();
    assert_eq!(ok, 2, "{results:#?}");
    assert_eq!(blocked.len(), 3);
    for (faultcode, faultstring, element, code) in blocked {
        assert_eq!(faultcode, "soapenv:Server.userException");
        assert_eq!(
            faultstring,
            "SuiteTalk concurrent request limit exceeded. Request blocked."
        );
        assert_eq!(element, "exceededConcurrentRequestLimitFault");
        assert_eq!(code, "WS_REQUEST_BLOCKED");
    }
    let c = sim.counters();
    assert_eq!(c.peak_in_flight(ACCOUNT), 2);
    assert_eq!(c.accounts[ACCOUNT].in_flight, 0);
    assert_eq!(c.faults("WS_REQUEST_BLOCKED"), 3);
    assert_eq!(c.operation("getServerTime"), 5);
    assert_eq!(c.accepted_nonces(ACCOUNT).len(), 5);
    validate_collected();
}

#[test]
fn refuses_passport_requests_over_the_limit_with_ws_concur_session_disallwd() {
    let sim = support::start_with(netsuite_sim::Simulator::builder().account(slow_account(1)));
    let url = sim.service_url(v("2017_1"));
    let header = format!(
        "{}{}",
        passport(EMAIL, PASSWORD, ACCOUNT, ROLE),
        application_info(APP_ID)
    );
    let results = parallel(3, &url, || {
        envelope("2017_1", &header, get_server_time_body())
    });
    assert_eq!(results.iter().filter(|r| r.status == 200).count(), 1);
    for r in results.iter().filter(|r| r.status != 200) {
        let (_, faultstring, element, code) = r.fault().unwrap();
        assert_eq!(element, "exceededRequestLimitFault");
        assert_eq!(code, "WS_CONCUR_SESSION_DISALLWD");
        assert_eq!(
            faultstring,
            "Only one request may be made against a session at a time"
        );
    }
    validate_collected();
}

#[test]
fn limits_are_per_account_and_sequential_requests_never_block() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(slow_account(1))
            .account(sandbox().with_concurrency_limit(1)),
    );
    let a = sim.service_url(v("2023_2"));
    let b = format!(
        "{}/services/NetSuitePort_2023_2",
        sim.account_base_url(SANDBOX).unwrap()
    );
    let (ra, rb) = thread::scope(|s| {
        let ha = s.spawn(|| {
            post(
                &a,
                "getServerTime",
                &server_time_request("2023_2", &creds()),
            )
        });
        let hb = s.spawn(|| {
            post(
                &b,
                "getServerTime",
                &server_time_request("2023_2", &sandbox_creds()),
            )
        });
        (ha.join().unwrap(), hb.join().unwrap())
    });
    assert_eq!((ra.status, rb.status), (200, 200));
    for _ in 0..3 {
        assert_eq!(
            post(
                &b,
                "getServerTime",
                &server_time_request("2023_2", &sandbox_creds())
            )
            .status,
            200
        );
    }
    let c = sim.counters();
    assert_eq!(c.peak_in_flight(SANDBOX), 1);
    assert_eq!(c.accounts[SANDBOX].admitted, 4);
    sim.reset_counters();
    assert_eq!(sim.counters().requests, 0);
    validate_collected();
}

#[test]
fn an_integration_limit_refuses_that_integration_and_is_reported() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(slow_account(5).with_integration_concurrency_limit(2)),
    );
    let url = sim.service_url(v("2023_2"));
    // The integration's own limit (2) refuses before the account's (5) does.
    let results = parallel(4, &url, || server_time_request("2023_2", &creds()));
    assert_eq!(results.iter().filter(|r| r.status == 200).count(), 2);
    for r in results.iter().filter(|r| r.status != 200) {
        let (_, _, element, code) = r.fault().unwrap();
        assert_eq!(element, "exceededConcurrentRequestLimitFault");
        assert_eq!(code, "WS_REQUEST_BLOCKED");
    }
    for (op, expected) in [
        (
            "getIntegrationGovernanceInfo",
            [
                ("integrationConcurrencyLimit", "2"),
                ("limitType", "_integrationSpecific"),
            ],
        ),
        (
            "getAccountGovernanceInfo",
            [
                ("accountConcurrencyLimit", "5"),
                ("unallocatedConcurrencyLimit", "3"),
            ],
        ),
    ] {
        let body = envelope(
            "2023_2",
            &token_passport(&creds()),
            &format!("<platformMsgs:{op}/>"),
        );
        let r = post(&url, op, &body);
        assert_eq!(r.status, 200, "{op}: {}", r.body);
        for (name, value) in expected {
            assert_eq!(r.text_of(name).as_deref(), Some(value), "{op}: {}", r.body);
        }
    }
    // Without an integration limit, the integration shares the account's.
    let sim = support::start_with(
        netsuite_sim::Simulator::builder().account(account().with_concurrency_limit(7)),
    );
    let body = envelope(
        "2017_2",
        &token_passport(&creds()),
        "<platformMsgs:getIntegrationGovernanceInfo/>",
    );
    let r = post(
        &sim.service_url(v("2017_2")),
        "getIntegrationGovernanceInfo",
        &body,
    );
    assert_eq!(
        r.fault().unwrap().0,
        "soapenv:Client",
        "absent before 2020.1"
    );
    let body = envelope(
        "2023_2",
        &token_passport(&creds()),
        "<platformMsgs:getIntegrationGovernanceInfo/>",
    );
    let r = post(
        &sim.service_url(v("2023_2")),
        "getIntegrationGovernanceInfo",
        &body,
    );
    assert_eq!(
        r.text_of("integrationConcurrencyLimit").as_deref(),
        Some("7")
    );
    assert_eq!(r.text_of("limitType").as_deref(), Some("_account"));
    validate_collected();
}
