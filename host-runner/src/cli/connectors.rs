//! `host-runner connectors [PATH]`: what connectors a file or directory holds.

use std::process::ExitCode;

use anyhow::Context;
use host_runner::host::default_services;
use host_runner::{connector_path, plugin};

use super::{ConnectorsArgs, EXIT_CANNOT_RUN, EXIT_OK};

pub(crate) fn run(args: ConnectorsArgs) -> anyhow::Result<ExitCode> {
    let services = default_services().context("cannot start the HTTP transport")?;
    // Without a path: every connector on the search path `run` uses (but the connection's
    // own `library`).
    let (outcome, searched) = match args.path {
        Some(path) => (
            plugin::load_all(&path, services),
            path.display().to_string(),
        ),
        None => {
            let places = connector_path::places(None);
            let described = format!("the search path:{}", connector_path::describe(&places));
            (connector_path::load_all(&places, services), described)
        }
    };

    let name_width = outcome
        .connectors
        .iter()
        .map(|c| c.name().len())
        .max()
        .unwrap_or(0);
    let version_width = outcome
        .connectors
        .iter()
        .map(|c| c.version().len())
        .max()
        .unwrap_or(0);
    for connector in &outcome.connectors {
        println!(
            "{:<name_width$}  {:<version_width$}  {}  {}",
            connector.name(),
            connector.version(),
            connector.operations().join(","),
            connector.path.display(),
        );
    }
    for error in &outcome.errors {
        eprintln!("error: {error}");
    }
    if outcome.connectors.is_empty() {
        eprintln!("host-runner: no connector loaded from {searched}");
        return Ok(ExitCode::from(EXIT_CANNOT_RUN));
    }
    Ok(ExitCode::from(EXIT_OK))
}
