//! A granted cluster permit, returned when dropped: one round trip deletes its row and
//! notifies the key's waiters. A return that fails (the database is away) is retried in the
//! background until it succeeds or the process leaves the cluster (leaving frees every row).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::super::ClusterError;
use super::{backoff, Shared};

const RELEASE: &str = "WITH gone AS (DELETE FROM cluster_permits WHERE id = $1 \
                       RETURNING pool_key) SELECT pg_notify($2, pool_key) FROM gone";

/// The right to have one request of a pool key in flight in the whole cluster.
#[derive(Debug)]
pub struct ClusterPermit {
    shared: Arc<Shared>,
    id: i64,
    wait: Duration,
    queued: bool,
}

impl ClusterPermit {
    pub(super) fn new(shared: Arc<Shared>, id: i64, wait: Duration, queued: bool) -> Self {
        ClusterPermit {
            shared,
            id,
            wait,
            queued,
        }
    }

    /// How long it took to get.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// True when it was not free at once (queued, or the database was away).
    pub fn queued(&self) -> bool {
        self.queued
    }
}

impl Drop for ClusterPermit {
    fn drop(&mut self) {
        let shared = Arc::clone(&self.shared);
        let id = self.id;
        // On the budget's runtime, whoever drops it; a runtime shutting down drops the task,
        // and the permit then lapses with the node.
        self.shared.runtime.spawn(async move {
            let mut pause = Duration::ZERO;
            while let Err(e) = release(&shared, id).await {
                if shared.left.load(Ordering::SeqCst) {
                    return;
                }
                shared.reached(Some(&e));
                pause = backoff(pause);
                tokio::time::sleep(pause).await;
            }
        });
    }
}

async fn release(shared: &Shared, id: i64) -> Result<(), ClusterError> {
    let client = shared.db.client().await?;
    let fail = |e: tokio_postgres::Error| ClusterError::statement("returning a permit", &e);
    let statement = client.prepare_cached(RELEASE).await.map_err(fail)?;
    client
        .execute(&statement, &[&id, &shared.channel])
        .await
        .map_err(fail)?;
    Ok(())
}
