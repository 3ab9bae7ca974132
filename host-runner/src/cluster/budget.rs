//! The cluster-wide concurrency budget: permits per pool key (the NetSuite account) as
//! leases in PostgreSQL, so that at most the account's limit is in flight across every node.
//!
//! (Skeleton: the interface the transport and the node use; the implementation follows.)

use std::sync::Arc;

use super::{ClusterError, Database, Node};

/// One process's view of the cluster budget. Shared by its transport(s).
#[derive(Debug)]
pub struct Budget {
    #[allow(dead_code)]
    db: Database,
    #[allow(dead_code)]
    node: i64,
}

impl Budget {
    /// Starts the budget of `node`: its permits are held through the node's row (renewed by
    /// its heartbeat) and waiters are woken by LISTEN/NOTIFY.
    ///
    /// # Errors
    ///
    /// When the database cannot be reached.
    pub async fn start(db: Database, node: &Node) -> Result<Arc<Budget>, ClusterError> {
        Ok(Arc::new(Budget {
            db,
            node: node.id(),
        }))
    }
}
