//! Latency and fault injection.

use std::time::Duration;

use netsuite_sim::FaultPlan;

use crate::support::{self, *};

fn with_plan(plan: FaultPlan) -> netsuite_sim::BlockingSimHandle {
    support::start_with(netsuite_sim::Simulator::builder().account(account().with_faults(plan)))
}

fn try_call(sim: &netsuite_sim::SimHandle) -> Result<HttpResponse, ClientError> {
    let (target, path) = parse_url(&sim.service_url(v("2023_2")));
    post_to(
        &target,
        &path,
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    )
}

#[test]
fn adds_fixed_and_jittered_latency() {
    let sim = with_plan(FaultPlan {
        latency_ms: 150,
        jitter_ms: 50,
        ..Default::default()
    });
    for _ in 0..3 {
        let r = try_call(&sim).unwrap();
        assert_eq!(r.status, 200);
        assert!(r.elapsed >= Duration::from_millis(150), "{:?}", r.elapsed);
        assert!(r.elapsed < Duration::from_millis(1500), "{:?}", r.elapsed);
    }
    validate_collected();
}

#[test]
fn answers_http_503_pages() {
    let sim = with_plan(FaultPlan {
        http_503_rate: 1.0,
        ..Default::default()
    });
    let r = try_call(&sim).unwrap();
    assert_eq!(r.status, 503);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(sim.counters().injected["http_503"], 1);
}

#[test]
fn drops_connections_before_and_after_applying() {
    let sim = with_plan(FaultPlan {
        drop_before_rate: 1.0,
        ..Default::default()
    });
    assert!(matches!(try_call(&sim), Err(ClientError::Closed)));
    let c = sim.counters();
    assert_eq!(c.injected["drop_before"], 1);
    // Dropped before governance: nothing was admitted.
    assert_eq!(c.accounts.get(ACCOUNT).map_or(0, |a| a.admitted), 0);

    let sim = with_plan(FaultPlan {
        drop_after_rate: 1.0,
        ..Default::default()
    });
    assert!(matches!(try_call(&sim), Err(ClientError::Closed)));
    let c = sim.counters();
    assert_eq!(c.injected["drop_after"], 1);
    assert_eq!(c.accounts[ACCOUNT].admitted, 1);
    assert_eq!(c.accounts[ACCOUNT].in_flight, 0);
}

#[test]
fn answers_transient_faults() {
    let sim = with_plan(FaultPlan {
        transient_fault_rate: 1.0,
        seed: 3,
        ..Default::default()
    });
    let mut codes = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let r = try_call(&sim).unwrap();
        assert_eq!(r.status, 500);
        codes.insert(r.fault_code());
    }
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["UNEXPECTED_ERROR", "WS_REQUEST_BLOCKED"]
    );
    validate_collected();
}

#[test]
fn trickles_slow_bodies_and_truncates_others() {
    let sim = with_plan(FaultPlan {
        slow_body_rate: 1.0,
        slow_body_interval_ms: 60,
        ..Default::default()
    });
    let r = try_call(&sim).unwrap();
    assert_eq!(r.status, 200);
    assert!(
        r.elapsed >= Duration::from_millis(7 * 60),
        "{:?}",
        r.elapsed
    );
    assert_eq!(sim.counters().injected["slow_body"], 1);

    let sim = with_plan(FaultPlan {
        truncate_rate: 1.0,
        ..Default::default()
    });
    match try_call(&sim) {
        Err(ClientError::Truncated { got, expected }) => {
            assert!(got > 0 && got < expected, "{got} {expected}")
        }
        other => panic!("expected a truncated body, got {other:?}"),
    }
    validate_collected();
}

#[test]
fn injection_is_deterministic_for_a_seed() {
    let plan = FaultPlan {
        transient_fault_rate: 0.3,
        http_503_rate: 0.2,
        seed: 42,
        ..Default::default()
    };
    let outcomes = |sim: &netsuite_sim::SimHandle| -> Vec<String> {
        (0..15)
            .map(|_| match try_call(sim) {
                Ok(r) if r.status == 200 => "ok".to_owned(),
                Ok(r) if r.status == 503 => "503".to_owned(),
                Ok(r) => r.fault_code(),
                Err(e) => format!("{e:?}"),
            })
            .collect()
    };
    let a = outcomes(&with_plan(plan.clone()));
    let b = outcomes(&with_plan(plan));
    assert_eq!(a, b);
    assert!(
        a.iter().any(|o| o == "ok") && a.iter().any(|o| o != "ok"),
        "{a:?}"
    );
    validate_collected();
}
