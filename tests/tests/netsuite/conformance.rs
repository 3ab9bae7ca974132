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
    // The panic check uses the SDK's conformance probe, which only a host that asks for it gets.
    std::env::set_var(connector_api::sdk::probe::PROBE_ENV, "1");

    let substitutions = HashMap::from([("SIM_URL".to_string(), sim.base_url())]);
    let profile_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/netsuite.profile.json");
    let profile =
        conformance::Profile::load(&profile_path, &substitutions).expect("the NetSuite profile");
    let host = RealHost::new(HostTransport::new(TransportConfig::default()).expect("transport"));
    let report = conformance::run(&host, &support::library(), &profile);
    println!("{report}");
    assert!(report.passed(), "failed checks:\n{report}");
    for name in [
        "panic.contained",
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
