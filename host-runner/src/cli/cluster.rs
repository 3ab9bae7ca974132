//! `host-runner cluster …`: the cluster database itself (`migrate`), and the options every
//! cluster command shares (`--cluster`, the password reference, the lease).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use host_runner::cluster::{migrate, ClusterError, ClusterTarget, Database, PasswordSource};

/// Where the cluster database is (shared by every cluster command).
#[derive(Clone, Args)]
pub(crate) struct ClusterArgs {
    /// The cluster database, as a PostgreSQL URL (postgresql://user@host:port/database). Put no
    /// password in it: use --cluster-password-file, --cluster-password-env, PGPASSWORD or
    /// PGPASSFILE.
    #[arg(
        long = "cluster",
        env = "HOST_RUNNER_CLUSTER",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub(crate) url: Option<String>,

    /// A file holding the cluster database's password (its first line).
    #[arg(long, value_name = "FILE", conflicts_with = "cluster_password_env")]
    pub(crate) cluster_password_file: Option<PathBuf>,

    /// The name of an environment variable holding the cluster database's password.
    #[arg(long, value_name = "VARIABLE")]
    pub(crate) cluster_password_env: Option<String>,

    /// How long what a process holds in the cluster (permits, batches) outlives its last
    /// heartbeat: a crashed node's permits and batches are free again after this.
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) lease_seconds: u64,
}

/// The URL may carry a password: `Debug` says whether one was given, never what.
impl std::fmt::Debug for ClusterArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterArgs")
            .field("url", &self.url.as_ref().map(|_| "(given; not shown)"))
            .field("cluster_password_file", &self.cluster_password_file)
            .field("cluster_password_env", &self.cluster_password_env)
            .field("lease_seconds", &self.lease_seconds)
            .finish()
    }
}

impl ClusterArgs {
    /// The target, or `None` when no cluster was given.
    pub(crate) fn target(&self) -> anyhow::Result<Option<ClusterTarget>> {
        let Some(url) = &self.url else {
            return Ok(None);
        };
        let password = match (&self.cluster_password_file, &self.cluster_password_env) {
            (Some(file), _) => PasswordSource::File(file.clone()),
            (None, Some(name)) => PasswordSource::Env(name.clone()),
            (None, None) => PasswordSource::Default,
        };
        Ok(Some(ClusterTarget::new(url, &password)?))
    }

    /// The target, for commands that need one.
    pub(crate) fn required(&self) -> anyhow::Result<ClusterTarget> {
        self.target()?.ok_or_else(|| {
            anyhow::anyhow!(
                "no cluster database: give --cluster postgresql://user@host:port/database (or \
                 set HOST_RUNNER_CLUSTER)"
            )
        })
    }

    /// The lease (`run --cluster` and `node`).
    pub(crate) fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_seconds)
    }
}

/// Options of `cluster`.
#[derive(Debug, Args)]
pub(crate) struct ClusterCommandArgs {
    #[command(subcommand)]
    command: ClusterCommand,
}

#[derive(Debug, Subcommand)]
enum ClusterCommand {
    /// Create or upgrade the cluster's tables (safe to run again, and from several machines
    /// at once). Nodes refuse a database whose schema is not the one they know.
    Migrate(MigrateArgs),
    /// Delete executions that finished before --older-than (with their batches and outputs)
    /// and the rows of nodes stopped before then; prints what it deleted.
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
struct PruneArgs {
    /// How old: a number and a unit, d, h, m or s (7d, 12h, 30m).
    #[arg(long, value_name = "AGE", value_parser = host_runner::cluster::work::prune::parse_age)]
    older_than: Duration,

    #[command(flatten)]
    cluster: ClusterArgs,
}

#[derive(Debug, Args)]
struct MigrateArgs {
    #[command(flatten)]
    cluster: ClusterArgs,
}

pub(crate) fn run(args: ClusterCommandArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ClusterCommand::Migrate(args) => {
            let target = args.cluster.required()?;
            let migrated = block_on(async {
                let db = Database::connect(&target, 1).await?;
                migrate::migrate(&db).await
            })?;
            if migrated.from == migrated.to {
                println!(
                    "cluster {target}: schema version {} is current",
                    migrated.to
                );
            } else {
                println!(
                    "cluster {target}: schema version {} (was {})",
                    migrated.to, migrated.from
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ClusterCommand::Prune(args) => {
            let target = args.cluster.required()?;
            let older_than = args.older_than;
            let pruned = block_on(async {
                let db = Database::connect(&target, 1).await?;
                migrate::check(&db).await?;
                host_runner::cluster::work::prune::prune(&db, older_than).await
            })?;
            let ids: Vec<String> = pruned.executions.iter().map(i64::to_string).collect();
            println!(
                "cluster {target}: deleted {} finished executions{} and {} stopped nodes",
                ids.len(),
                if ids.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", ids.join(", "))
                },
                pruned.nodes
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs `f` on a small runtime of its own (cluster commands other than `node` and `run`).
pub(crate) fn block_on<T>(
    f: impl std::future::Future<Output = Result<T, ClusterError>>,
) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(f)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_url() {
        let args = ClusterArgs {
            url: Some("postgresql://app:s3cret@db/cluster".into()),
            cluster_password_file: None,
            cluster_password_env: None,
            lease_seconds: 10,
        };
        assert!(!format!("{args:?}").contains("s3cret"));
    }
}
