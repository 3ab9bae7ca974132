//! `host-runner node --cluster <URL>`: join the cluster and run its batches until SIGTERM or
//! SIGINT (exit 143 or 130, after finishing or releasing the batches it holds).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use connector_api::LogLevel;
use host_runner::cluster::budget::Budget;
use host_runner::cluster::work::runner::{self, NodeOptions};
use host_runner::cluster::{migrate, Database, Node, NodeKind, NodeSpec};
use host_runner::log_sink::HostLogSink;
use host_runner::{interrupt, RunControl};

use super::cluster::ClusterArgs;
use super::TransportArgs;

/// Options of `node`.
#[derive(Debug, Args)]
pub(crate) struct NodeArgs {
    /// The cluster database.
    #[command(flatten)]
    cluster: ClusterArgs,

    /// Batches this node runs at once (1 to 64), each on its own thread.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    units: u32,

    /// The node's name in `status` (default: <host>-<pid>).
    #[arg(long)]
    name: Option<String>,

    /// After SIGTERM or SIGINT, how long running batches may take to finish before they are
    /// aborted and released to other nodes (a second signal aborts them at once).
    #[arg(long, value_name = "SECONDS", default_value_t = 25)]
    grace_period: u64,

    /// A connector library, or a folder of them, searched before HOST_RUNNER_CONNECTORS and
    /// host-runner's own folders.
    #[arg(long, value_name = "PATH")]
    connectors: Option<PathBuf>,

    /// Transport options.
    #[command(flatten)]
    transport: TransportArgs,
}

pub(crate) fn run(args: NodeArgs) -> anyhow::Result<ExitCode> {
    let target = args.cluster.required()?;
    let mut transport = args.transport.config()?;
    let control = RunControl::new();
    interrupt::install_signals(control.clone(), Duration::from_secs(args.grace_period))?;
    let units = args.units;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // Each unit writes through its own connection; the heartbeat, claims and the budget
        // need a few more.
        let db = Database::connect(&target, units as usize * 2 + 4).await?;
        migrate::check(&db).await?;
        let spec = NodeSpec {
            name: args.name.clone(),
            kind: NodeKind::Node,
            units,
            lease: args.cluster.lease(),
        };
        let node = Node::join(&db, &spec).await?;
        transport.cluster = Some(Budget::start(db.clone(), &node).await?);
        let options = NodeOptions {
            units: units as usize,
            connectors: args.connectors.clone(),
            transport,
            log_level: HostLogSink::from_host_filter().level().min(LogLevel::Info),
        };
        runner::run(db, node, options, control.clone()).await?;
        anyhow::Ok(())
    })?;
    let code = control.stop_signal().map_or(0, |s| s.exit_code());
    Ok(ExitCode::from(code))
}
