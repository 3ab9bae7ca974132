//! The conformance harness against the NetSuite connector and the simulator: the same checks
//! the echo connector passes, proving the harness generic.

use std::collections::HashMap;
use std::path::Path;

use host_runner::conformance_host::RealHost;
use host_runner::transport::{HostTransport, TransportConfig};
use netsuite_sim::{FaultPlan, Simulator};

use crate::support;

#[test]
fn netsuite_connector_passes_every_check() {
    // Latency keeps the cancellation case busy with real requests (20 sequential GETs).
    let plan = FaultPlan {
        latency_ms: 40,
        seed: 5,
        ..FaultPlan::default()
    };
    // The simulator serves the official WSDL/XSD, so browse learns record types from it.
    let sim = Simulator::builder()
        .default_faults(plan)
        .schema_folder(support::xsd_folder())
        .start_blocking()
        .expect("simulator starts");
    let token = netsuite_sim::config::demo_token();
    std::env::set_var("NETSUITE_SIM_CONSUMER_SECRET", &token.consumer_secret);
    std::env::set_var("NETSUITE_SIM_TOKEN_SECRET", &token.token_secret);

    let substitutions = HashMap::from([("SIM_URL".to_string(), sim.base_url())]);
    let profile_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/netsuite.profile.json");
    let profile =
        conformance::Profile::load(&profile_path, &substitutions).expect("the NetSuite profile");
    let host = RealHost::new(HostTransport::new(TransportConfig::default()).expect("transport"));
    let report = conformance::run(&host, &support::library(), &profile);
    println!("{report}");
    assert!(report.passed(), "failed checks:\n{report}");
    // A production plugin has no way to be made to panic on request (the probe that did lives
    // with the echo test connector now), so the profile has no panic case.
    for name in ["panic.contained", "panic.poisons_instance"] {
        let check = report.check(name).expect("the panic checks are reported");
        assert_eq!(check.status, conformance::Status::Skip, "{name}: {check:?}");
    }
    for name in [
        "cancel.stops_work",
        "execute.one_outcome_each",
        "logs.forwarded",
    ] {
        let check = report
            .check(name)
            .unwrap_or_else(|| panic!("check {name} ran"));
        assert_eq!(check.status, conformance::Status::Pass, "{name}: {check:?}");
    }
}

#[test]
fn the_production_plugin_has_no_probe_that_panics_on_request() {
    // The SDK once shipped a `CONFORMANCE_PROBE` operation in every plugin, behind an
    // environment variable; a production connector must treat it as the unknown action it is.
    std::env::set_var("CONNECTOR_CONFORMANCE_PROBES", "1");
    let sim = support::sim(Simulator::builder().account(support::account("TSTDRV1234567")));
    let host = support::host();
    let connection = host
        .configure(&support::token_settings(&sim, "TSTDRV1234567", "2023.2"))
        .expect("the connection configures");
    let refused = connection
        .prepare(r#"{"action":"CONFORMANCE_PROBE"}"#.into())
        .into_result()
        .err()
        .expect("the probe action is refused");
    assert_eq!(refused.kind, connector_api::ErrorKind::Config, "{refused}");
}
