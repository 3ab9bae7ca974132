//! `host-runner conformance <LIBRARY> --profile <PROFILE>`: the harness against one library.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Context;
use host_runner::conformance_host::RealHost;
use host_runner::transport::{HostTransport, TransportConfig};

use super::{ConformanceArgs, EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_OK};

pub(crate) fn run(args: ConformanceArgs) -> anyhow::Result<ExitCode> {
    if !args.library.exists() {
        eprintln!("host-runner: {}: no such file", args.library.display());
        return Ok(ExitCode::from(EXIT_CANNOT_RUN));
    }
    let substitutions: HashMap<String, String> = args.substitutions.into_iter().collect();
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
