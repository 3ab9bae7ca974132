//! A granted cluster permit, returned when dropped: one round trip deletes its row and grants
//! what it freed to the oldest waiter of the cluster (or the process's next ask of the key does
//! it, if sooner). A return that fails (the database is away) is retried in the background
//! until it succeeds or the process leaves the cluster (leaving frees every row).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::super::ClusterError;
use super::{backoff, Shared};

const RELEASE: &str = "SELECT cluster_permit_release($1, $2, $3)";

/// The right to have one request of a pool key in flight in the whole cluster.
#[derive(Debug)]
pub struct ClusterPermit {
    /// The budget, the pool key and the permit's row; `None` once returned.
    held: Option<(Arc<Shared>, String, i64)>,
    queued: bool,
}

impl ClusterPermit {
    pub(super) fn new(shared: Arc<Shared>, key: &str, id: i64, queued: bool) -> Self {
        ClusterPermit {
            held: Some((shared, key.to_string(), id)),
            queued,
        }
    }

    /// True when it was not free at once (queued, or the database was away).
    pub fn queued(&self) -> bool {
        self.queued
    }
}

impl Drop for ClusterPermit {
    fn drop(&mut self) {
        if let Some((shared, key, id)) = self.held.take() {
            // Noted before the task starts: an ask of this process from now on returns it.
            shared.returning(&key, id, true);
            shared.holds(id, false);
            spawn_release(shared, key, id);
        }
    }
}

/// On the budget's runtime, whoever returns it; a runtime shutting down drops the task, and
/// the permit then lapses with the node.
fn spawn_release(shared: Arc<Shared>, key: String, id: i64) {
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
        shared.returning(&key, id, false);
    });
}

async fn release(shared: &Shared, id: i64) -> Result<(), ClusterError> {
    let client = shared.db.client().await?;
    let fail = |e: tokio_postgres::Error| ClusterError::statement("returning a permit", &e);
    let statement = client.prepare_cached(RELEASE).await.map_err(fail)?;
    client
        .execute(&statement, &[&id, &shared.stale_ms(), &shared.grants])
        .await
        .map_err(fail)?;
    Ok(())
}
