//! Distributed executions: `submit` stages a process with its input in batches
//! ([`stage`]); `node` processes claim batches ([`claim`]), run them through the same flow
//! and connector as `run` ([`runner`]) and write their NDJSON lines back ([`output`]);
//! `status`, `results` and `cluster prune` read and trim what is stored ([`status`],
//! [`results`], [`prune`]).
//!
//! A batch is held through its node row, like a permit: while the node's heartbeat is within
//! its lease nobody else claims it; after that another node does, and treats the lines the
//! first one wrote exactly as `run --resume` treats an output file (`flow::resume`). Every
//! write of a batch's lines, and marking it done, first checks under a row lock that this
//! node still holds this attempt of the batch: a node whose lease lapsed drops its work.

pub mod claim;
pub mod output;
pub mod prune;
pub mod results;
pub mod runner;
mod session;
pub mod stage;
pub mod status;

use std::time::Duration;

use super::{ClusterError, Database};

/// The channel nodes listen on: a batch became claimable (staged or released).
pub const BATCHES_CHANNEL: &str = "batches";
/// The channel `submit --wait` listens on: a batch of an execution is done (payload: its id).
pub const PROGRESS_CHANNEL: &str = "progress";

/// Runs `f` again after a pause (doubling, at most 5 s) while it fails with a lost connection,
/// so that a node carries on when the database is back.
pub(crate) async fn retrying<T, F, Fut>(what: &str, mut f: F) -> Result<T, ClusterError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClusterError>>,
{
    let mut pause = Duration::from_millis(100);
    let mut reported = false;
    loop {
        match f().await {
            Err(e) if e.is_connection_lost() => {
                if !reported {
                    tracing::warn!(error = %e, "{what}: the cluster database is away; trying again");
                    reported = true;
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            other => {
                if reported && other.is_ok() {
                    tracing::info!("{what}: the cluster database is back");
                }
                return other;
            }
        }
    }
}

/// `SELECT pg_notify(channel, payload)` (delivered when the transaction commits).
pub(crate) async fn notify(
    client: &impl tokio_postgres::GenericClient,
    db: &Database,
    channel: &str,
    payload: &str,
) -> Result<(), ClusterError> {
    client
        .execute(
            "SELECT pg_notify($1, $2)",
            &[&db.channel(channel), &payload],
        )
        .await
        .map_err(|e| ClusterError::statement("notifying the cluster", &e))?;
    Ok(())
}
