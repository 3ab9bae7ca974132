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
