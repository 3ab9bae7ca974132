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
    /// The budget and the permit's row; `None` once returned.
    held: Option<(Arc<Shared>, i64)>,
    queued: bool,
}

impl ClusterPermit {
    pub(super) fn new(shared: Arc<Shared>, id: i64, queued: bool) -> Self {
        ClusterPermit {
            held: Some((shared, id)),
            queued,
        }
    }

    /// True when it was not free at once (queued, or the database was away).
    pub fn queued(&self) -> bool {
        self.queued
    }

    /// Returns the permit, and drops `then` once the return is done (or given up): what
    /// `then` holds is released after the cluster's permit.
    pub fn release_then<T: Send + 'static>(mut self, then: T) {
        if let Some((shared, id)) = self.held.take() {
            spawn_release(shared, id, then);
        }
    }
}

impl Drop for ClusterPermit {
    fn drop(&mut self) {
        if let Some((shared, id)) = self.held.take() {
            spawn_release(shared, id, ());
        }
    }
}

/// On the budget's runtime, whoever returns it; a runtime shutting down drops the task (and
/// `then`), and the permit then lapses with the node.
fn spawn_release<T: Send + 'static>(shared: Arc<Shared>, id: i64, then: T) {
    let runtime = shared.runtime.clone();
    runtime.spawn(async move {
        let mut pause = Duration::ZERO;
        while let Err(e) = release(&shared, id).await {
            if shared.left.load(Ordering::SeqCst) {
                break;
            }
            shared.reached(Some(&e));
            pause = backoff(pause);
            tokio::time::sleep(pause).await;
        }
        drop(then);
    });
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
