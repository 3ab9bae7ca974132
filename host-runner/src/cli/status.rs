//! `host-runner status [ID] --cluster <URL>`: executions, one execution's batches, or
//! (`--nodes`) the nodes; `--json` for machines.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Args;
use host_runner::cluster::work::status;
use host_runner::cluster::{migrate, ClusterError, Database};
use serde_json::Value;

use super::cluster::{block_on, ClusterArgs};

/// Options of `status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// An execution: show its batches (node, attempts, counts per outcome, duration) and
    /// which node ran which attempt.
    #[arg(value_name = "ID", conflicts_with = "nodes")]
    id: Option<i64>,

    /// Show the nodes instead: name, kind, host, pid, units, state, heartbeat age, alive.
    #[arg(long)]
    nodes: bool,

    /// Print JSON on stdout (an array of objects; with ID, the execution with its `batches`).
    #[arg(long)]
    json: bool,

    /// The cluster database.
    #[command(flatten)]
    cluster: ClusterArgs,
}

pub(crate) fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let target = args.cluster.required()?;
    let (id, nodes) = (args.id, args.nodes);
    let shown = block_on(async move {
        let db = Database::connect(&target, 1).await?;
        // A database never migrated says so, not "relation does not exist".
        migrate::check(&db).await?;
        if nodes {
            return Ok(Value::Array(status::nodes(&db).await?));
        }
        match id {
            None => Ok(Value::Array(status::executions(&db, None).await?)),
            Some(id) => {
                let mut execution = status::executions(&db, Some(id))
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        ClusterError::Invalid(format!("the cluster has no execution {id}"))
                    })?;
                execution["batches"] = Value::Array(status::batches(&db, id).await?);
                Ok(execution)
            }
        }
    })?;
    let mut out = String::new();
    if args.json {
        out = serde_json::to_string_pretty(&shown)?;
        out.push('\n');
    } else if nodes {
        table(
            &mut out,
            &shown,
            &[
                "name",
                "kind",
                "host",
                "pid",
                "units",
                "state",
                "heartbeat_age_s",
                "alive",
            ],
        );
    } else if id.is_none() {
        table(
            &mut out,
            &shown,
            &[
                "id",
                "name",
                "state",
                "documents",
                "SUCCESS",
                "APPLICATION_ERROR",
                "FAILURE",
                "created",
                "duration_s",
            ],
        );
    } else {
        table(
            &mut out,
            &Value::Array(vec![shown.clone()]),
            &[
                "id",
                "name",
                "state",
                "documents",
                "SUCCESS",
                "APPLICATION_ERROR",
                "FAILURE",
                "duration_s",
            ],
        );
        out.push('\n');
        table(
            &mut out,
            &shown["batches"],
            &[
                "seq",
                "first_input",
                "inputs",
                "state",
                "node",
                "attempts",
                "SUCCESS",
                "APPLICATION_ERROR",
                "FAILURE",
                "duration_s",
            ],
        );
        out.push_str("\nattempts:\n");
        for batch in shown["batches"].as_array().into_iter().flatten() {
            for run in batch["runs"].as_array().into_iter().flatten() {
                let _ = write!(
                    out,
                    "  batch {} attempt {}: {} ({}, started {})",
                    batch["seq"],
                    run["attempt"],
                    text(&run["node"]),
                    text(&run["result"]),
                    text(&run["started"])
                );
                let _ = match run["reason"].as_str() {
                    Some(reason) => writeln!(out, ": {reason}"),
                    None => writeln!(out),
                };
            }
        }
    }
    // A reader that stops early (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => format!("{:.1}", n.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    }
}

/// The rows of `rows` under `columns`, aligned.
fn table(out: &mut String, rows: &Value, columns: &[&str]) {
    let rows: Vec<Vec<String>> = rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| columns.iter().map(|c| text(&r[*c])).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(columns.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
}
