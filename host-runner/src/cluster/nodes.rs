//! A process's membership in the cluster: its row in `cluster_nodes`, and a heartbeat that
//! renews, in one statement, everything the process holds (see the module docs of
//! [`cluster`](super)).
//!
//! The heartbeat runs every third of the lease. When it fails (the database is gone) it
//! tries again on the same beat, through the pool, which reconnects; when it succeeds after a
//! gap longer than the lease, the node's holdings may have been taken by others meanwhile:
//! [`Node::lapses`] counts those gaps, and whoever holds something through the node checks it
//! before writing.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{ClusterError, Database};

/// Which command a node runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// `host-runner node`: claims and runs batches.
    Node,
    /// `host-runner run --cluster`: one process taking its permits from the cluster.
    Run,
}

impl NodeKind {
    fn as_str(self) -> &'static str {
        match self {
            NodeKind::Node => "node",
            NodeKind::Run => "run",
        }
    }
}

/// How a process joins.
#[derive(Clone, Debug)]
pub struct NodeSpec {
    /// Its name (`--name`); default `<host>-<pid>`.
    pub name: Option<String>,
    /// Its command.
    pub kind: NodeKind,
    /// Its units (shown by `status --nodes`).
    pub units: u32,
    /// How long its holdings outlive its last heartbeat.
    pub lease: Duration,
}

/// A joined process. Dropping it stops the heartbeat (its holdings then lapse after the
/// lease); [`leave`](Node::leave) gives them back at once.
#[derive(Debug)]
pub struct Node {
    id: i64,
    name: String,
    lease: Duration,
    state: Arc<Beat>,
    heartbeat: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Default)]
struct Beat {
    /// The last heartbeat succeeded.
    healthy: AtomicBool,
    /// Heartbeats that came after a gap longer than the lease.
    lapses: AtomicU64,
}

impl Node {
    /// Registers this process and starts its heartbeat on the current runtime.
    ///
    /// # Errors
    ///
    /// When the node row cannot be written.
    pub async fn join(db: &Database, spec: &NodeSpec) -> Result<Node, ClusterError> {
        let name = spec.name.clone().unwrap_or_else(default_name);
        let lease_ms = i32::try_from(spec.lease.as_millis())
            .unwrap_or(i32::MAX)
            .max(1);
        let client = db.client().await?;
        let row = client
            .query_one(
                "INSERT INTO cluster_nodes (name, kind, host, pid, units, version, lease_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &name,
                    &spec.kind.as_str(),
                    &host_name(),
                    &(std::process::id() as i32),
                    &(spec.units as i32),
                    &env!("CARGO_PKG_VERSION"),
                    &lease_ms,
                ],
            )
            .await
            .map_err(|e| ClusterError::statement("joining the cluster", &e))?;
        let id: i64 = row.get(0);
        let state = Arc::new(Beat::default());
        state.healthy.store(true, Ordering::SeqCst);
        let heartbeat = tokio::spawn(beat(db.clone(), id, spec.lease, Arc::clone(&state)));
        tracing::info!(node = %name, id, lease_ms, cluster = %db.target(), "joined the cluster");
        Ok(Node {
            id,
            name,
            lease: spec.lease,
            state,
            heartbeat,
        })
    }

    /// The node's id (what its holdings name).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The node's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How long its holdings outlive its last heartbeat.
    pub fn lease(&self) -> Duration {
        self.lease
    }

    /// True when the last heartbeat reached the database.
    pub fn is_healthy(&self) -> bool {
        self.state.healthy.load(Ordering::SeqCst)
    }

    /// How many times the heartbeat came back after a gap longer than the lease (the node's
    /// holdings may have been taken meanwhile).
    pub fn lapses(&self) -> u64 {
        self.state.lapses.load(Ordering::SeqCst)
    }

    /// Marks the node stopping (it claims nothing more; `status --nodes` shows it).
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub async fn stopping(&self, db: &Database) -> Result<(), ClusterError> {
        self.set_state(db, "stopping").await
    }

    /// Stops the heartbeat and marks the node stopped: whatever it still holds is free at once.
    ///
    /// # Errors
    ///
    /// When the database cannot be written (the holdings then lapse after the lease).
    pub async fn leave(self, db: &Database) -> Result<(), ClusterError> {
        self.heartbeat.abort();
        self.set_state(db, "stopped").await
    }

    async fn set_state(&self, db: &Database, state: &str) -> Result<(), ClusterError> {
        let client = db.client().await?;
        client
            .execute(
                "UPDATE cluster_nodes SET state = $2,
                        stopped_at = CASE WHEN $2 = 'stopped' THEN now() END
                 WHERE id = $1",
                &[&self.id, &state],
            )
            .await
            .map_err(|e| ClusterError::statement("updating the node", &e))?;
        Ok(())
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

async fn beat(db: Database, id: i64, lease: Duration, state: Arc<Beat>) {
    let period = (lease / 3).max(Duration::from_millis(50));
    let mut reported = false;
    loop {
        tokio::time::sleep(period).await;
        match renew(&db, id).await {
            Ok(lapsed) => {
                if lapsed {
                    state.lapses.fetch_add(1, Ordering::SeqCst);
                    tracing::warn!(
                        node = id,
                        "the heartbeat was away longer than the lease: what this node held \
                         may have been taken over"
                    );
                }
                if reported {
                    tracing::info!(node = id, "the cluster database is back");
                    reported = false;
                }
                state.healthy.store(true, Ordering::SeqCst);
            }
            Err(e) => {
                state.healthy.store(false, Ordering::SeqCst);
                if !reported {
                    tracing::warn!(node = id, error = %e, "heartbeat failed; trying again");
                    reported = true;
                }
            }
        }
    }
}

/// Renews the node's heartbeat; true when the previous one was older than the lease.
async fn renew(db: &Database, id: i64) -> Result<bool, ClusterError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "UPDATE cluster_nodes n SET heartbeat_at = clock_timestamp()
             FROM (SELECT heartbeat_at AS before FROM cluster_nodes WHERE id = $1) o
             WHERE n.id = $1
             RETURNING o.before < clock_timestamp() - n.lease_ms * interval '1 millisecond'",
            &[&id],
        )
        .await
        .map_err(|e| ClusterError::statement("renewing the heartbeat", &e))?;
    Ok(row.is_none_or(|r| r.get::<_, bool>(0)))
}

/// `<host>-<pid>`.
fn default_name() -> String {
    format!("{}-{}", host_name(), std::process::id())
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".into())
}
