//! `run --cluster`: the process joins the cluster as a `run` node and takes every permit of
//! its connection's account from the cluster budget; it leaves at the end, freeing at once
//! whatever it still holds.

use host_runner::cluster::budget::Budget;
use host_runner::cluster::{migrate, ClusterError, Database, Node, NodeKind, NodeSpec};
use std::sync::Arc;

use super::cluster::ClusterArgs;

/// A run's membership. Its runtime outlives the run: the pool's connections, the heartbeat
/// and the budget's tasks run on it.
pub(crate) struct Joined {
    runtime: tokio::runtime::Runtime,
    db: Database,
    node: Node,
    budget: Arc<Budget>,
}

impl Joined {
    /// Connects, checks the schema, joins and starts the budget; `None` without `--cluster`.
    pub(crate) fn start(args: &ClusterArgs, units: u32) -> anyhow::Result<Option<Joined>> {
        let Some(target) = args.target()? else {
            return Ok(None);
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("host-cluster")
            .enable_all()
            .build()?;
        let lease = args.lease();
        let (db, node, budget) = runtime.block_on(async {
            // A connection per unit asking at once, plus the heartbeat and returns.
            let db = Database::connect(&target, units as usize + 2).await?;
            migrate::check(&db).await?;
            let node = Node::join(
                &db,
                &NodeSpec {
                    name: None,
                    kind: NodeKind::Run,
                    units,
                    lease,
                },
            )
            .await?;
            let budget = Budget::start(db.clone(), &node).await?;
            Ok::<_, ClusterError>((db, node, budget))
        })?;
        Ok(Some(Joined {
            runtime,
            db,
            node,
            budget,
        }))
    }

    /// The budget the transport takes its permits from.
    pub(crate) fn budget(&self) -> Arc<Budget> {
        Arc::clone(&self.budget)
    }

    /// Leaves the cluster (a failure only means the holdings lapse after the lease).
    pub(crate) fn leave(self) {
        let Joined {
            runtime,
            db,
            node,
            budget,
        } = self;
        if let Err(e) = runtime.block_on(budget.leave(node)) {
            tracing::warn!(
                cluster = %db.target(),
                error = %e,
                "could not leave the cluster; what this process held lapses with its lease"
            );
        }
    }
}
