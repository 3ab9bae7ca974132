//! After the database was away: its node's permit rows that none of this process's requests
//! holds are deleted. The permit statements commit without waiting for the WAL flush, so a
//! PostgreSQL crash may forget a return, and the row would otherwise stay as long as the node
//! lives (one permit fewer for the whole cluster). Asks are held back meanwhile, so a grant
//! not yet noted as held is never taken for a forgotten one.

use std::sync::{Arc, PoisonError};
use std::time::Duration;

use super::super::ClusterError;
use super::{backoff, Shared};

/// Deletes the node's rows not in `$2` nor granted to a waiter in `$4` (a grant on its way to
/// one of this process's waiters), and wakes the waiters of their keys.
const RECONCILE: &str = "WITH gone AS (DELETE FROM cluster_permits p \
                         WHERE p.node = $1 AND NOT (p.id = ANY ($2)) \
                         AND NOT EXISTS (SELECT 1 FROM cluster_permit_waiters w \
                         WHERE w.permit = p.id AND w.id = ANY ($4)) RETURNING p.pool_key) \
                         SELECT pg_notify($3, k) FROM (SELECT DISTINCT pool_key AS k FROM gone) g";

/// Reconciles in the background, trying again (with backoff) until it succeeds or the
/// process leaves.
pub(super) fn spawn(shared: &Arc<Shared>) {
    let shared = Arc::clone(shared);
    let runtime = shared.runtime.clone();
    runtime.spawn(async move {
        let mut pause = Duration::ZERO;
        while !shared.left.load(std::sync::atomic::Ordering::SeqCst) {
            match reconcile(&shared).await {
                Ok(0) => return,
                Ok(gone) => {
                    tracing::info!(
                        permits = gone,
                        "cluster budget: {gone} permit(s) the database still counted for this \
                         process, though returned, were given back"
                    );
                    return;
                }
                Err(e) => {
                    tracing::debug!(error = %e, "cluster budget: could not reconcile the permits yet");
                    pause = backoff(pause);
                    tokio::time::sleep(pause).await;
                }
            }
        }
    });
}

async fn reconcile(shared: &Shared) -> Result<u64, ClusterError> {
    let _alone = shared.asking.write().await;
    // Places before held: a waiter notes its grant as held before it gives up its place.
    let places = shared.wakers.places();
    let held: Vec<i64> = shared
        .held
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .copied()
        .collect();
    let client = shared.db.client().await?;
    let rows = client
        .query(RECONCILE, &[&shared.node, &held, &shared.channel, &places])
        .await
        .map_err(|e| ClusterError::statement("reconciling the permits", &e))?;
    Ok(rows.len() as u64)
}
