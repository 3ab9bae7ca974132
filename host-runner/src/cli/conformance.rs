//! `host-runner conformance <LIBRARY> --profile <PROFILE>`: the harness against one library.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Context;
use host_runner::conformance_host::RealHost;
use host_runner::transport::{HostTransport, TransportConfig};

use super::{ConformanceArgs, EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_OK};

/// The built-in simulator with its demo accounts, and their token secrets exported for the
/// profile's `{"env": …}` references.
fn start_simulator(
    schemas: Option<&std::path::Path>,
    latency_ms: u64,
) -> anyhow::Result<netsuite_sim::BlockingSimHandle> {
    let plan = netsuite_sim::FaultPlan {
        latency_ms,
        ..netsuite_sim::FaultPlan::default()
    };
    let mut builder = netsuite_sim::Simulator::builder().default_faults(plan);
    if let Some(folder) = schemas {
        builder = builder.schema_folder(folder);
    }
    let sim = builder
        .start_blocking()
        .context("cannot start the built-in simulator")?;
    let token = netsuite_sim::config::demo_token();
    std::env::set_var("NETSUITE_SIM_CONSUMER_SECRET", &token.consumer_secret);
    std::env::set_var("NETSUITE_SIM_TOKEN_SECRET", &token.token_secret);
    Ok(sim)
}

pub(crate) fn run(args: ConformanceArgs) -> anyhow::Result<ExitCode> {
    if !args.library.exists() {
        eprintln!("host-runner: {}: no such file", args.library.display());
        return Ok(ExitCode::from(EXIT_CANNOT_RUN));
    }
    let mut substitutions: HashMap<String, String> = args.substitutions.into_iter().collect();
    let _simulator = if args.simulator {
        let sim = start_simulator(args.simulator_schemas.as_deref(), args.simulator_latency_ms)?;
        substitutions
            .entry("SIM_URL".into())
            .or_insert_with(|| sim.base_url());
        Some(sim)
    } else {
        None
    };
    let profile = conformance::Profile::load(&args.profile, &substitutions)
        .with_context(|| format!("profile {}", args.profile.display()))?;

    let mut config = TransportConfig {
        allow_plain_http: args.allow_plain_http,
        ..TransportConfig::default()
    };
    for path in &args.ca_certs {
        let pem = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read certificate {}", path.display()))?;
        config.extra_root_certs_pem.push(pem);
    }
    let transport = HostTransport::new(config).context("cannot start the HTTP transport")?;

    let report = conformance::run(&RealHost::new(transport), &args.library, &profile);
    println!("{report}");
    Ok(ExitCode::from(if report.passed() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }))
}
