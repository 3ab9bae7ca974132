//! `host-runner conformance <LIBRARY> --profile <PROFILE>`: the harness against one library.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Context;
use host_runner::conformance_host::RealHost;
use host_runner::transport::{HostTransport, TransportConfig};

use super::run::say_error;
use super::{ConformanceArgs, EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_OK};

pub(crate) fn run(mut args: ConformanceArgs) -> anyhow::Result<ExitCode> {
    if !args.library.exists() {
        say_error(&format!("{}: no such file", args.library.display()));
        return Ok(ExitCode::from(EXIT_CANNOT_RUN));
    }
    let mut substitutions: HashMap<String, String> = std::mem::take(&mut args.substitutions)
        .into_iter()
        .collect();
    let _simulator = start_simulator(&args, &mut substitutions)?;
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

/// With `--simulator`: the built-in simulator, started for the run. It says which profile
/// placeholders it fills (given `--set` values win) and which environment variables the
/// profile's `{"env": …}` references read; the host forwards both without reading them.
#[cfg(feature = "embedded-demo")]
fn start_simulator(
    args: &ConformanceArgs,
    substitutions: &mut HashMap<String, String>,
) -> anyhow::Result<Option<netsuite_sim::demo::ConformanceSim>> {
    if !args.simulator {
        return Ok(None);
    }
    let sim = netsuite_sim::demo::conformance(
        args.simulator_schemas.as_deref(),
        args.simulator_latency_ms,
    )
    .context("cannot start the built-in simulator")?;
    for (name, value) in &sim.substitutions {
        substitutions
            .entry(name.clone())
            .or_insert_with(|| value.clone());
    }
    for (name, value) in &sim.env {
        std::env::set_var(name, value);
    }
    Ok(Some(sim))
}

/// Without the `embedded-demo` feature there is no built-in simulator.
#[cfg(not(feature = "embedded-demo"))]
fn start_simulator(
    args: &ConformanceArgs,
    _substitutions: &mut HashMap<String, String>,
) -> anyhow::Result<Option<std::convert::Infallible>> {
    if args.simulator {
        anyhow::bail!(
            "--simulator: this host-runner was built without the built-in simulator (cargo \
             feature `embedded-demo`)"
        );
    }
    Ok(None)
}
