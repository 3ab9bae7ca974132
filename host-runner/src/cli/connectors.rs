//! `host-runner connectors [PATH]`: what connectors a file or directory holds.

use std::process::ExitCode;

use anyhow::Context;
use host_runner::exec_log;
use host_runner::host::default_services;
use host_runner::{connector_path, plugin};
use serde_json::Map;
use tracing::Level;

use super::run::say_error;
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

    if args.json {
        let list: Vec<serde_json::Value> = outcome
            .connectors
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.name(),
                    "version": c.version(),
                    "actions": c.operations(),
                    "path": c.path.display().to_string(),
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
    } else {
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
    }
    for error in &outcome.errors {
        // One line per library that did not load: `error: …`, or an object in json mode.
        let text = format!("error: {error}");
        let message = if exec_log::is_json() {
            error.to_string()
        } else {
            text
        };
        exec_log::host_line(Level::ERROR, "host_runner", &message, Map::new());
    }
    if outcome.connectors.is_empty() {
        say_error(&format!("no connector loaded from {searched}"));
        return Ok(ExitCode::from(EXIT_CANNOT_RUN));
    }
    Ok(ExitCode::from(EXIT_OK))
}
