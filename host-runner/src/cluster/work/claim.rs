//! Claiming, finishing and releasing batches.
//!
//! A node claims the first batch that is pending, or running on a node that is no longer
//! alive, with `FOR UPDATE SKIP LOCKED` (claimers never wait for each other). A batch claimed
//! again (attempt > 1) is prepared as `run --resume` prepares an output file: inputs with a
//! final outcome keep their lines, the other lines of the batch are deleted, and the inputs
//! without a final outcome are sent again, marked `possibly_applied` when the earlier attempt
//! may have sent them. All of it in the claim's transaction.

use std::sync::Arc;
use std::time::Duration;

use super::{notify, BATCHES_CHANNEL, PROGRESS_CHANNEL};
use crate::cluster::error::doing;
use crate::cluster::{ClusterError, Database};
use crate::flow::resume::Resume;

/// One attempt of one batch, held by one node (what every write checks).
#[derive(Clone, Debug)]
pub(crate) struct Claimed {
    pub(crate) execution: i64,
    pub(crate) seq: i32,
    pub(crate) node: i64,
    pub(crate) attempt: i32,
}

impl Claimed {
    /// The error of a write refused because another node took the batch over.
    pub(crate) fn lost(&self) -> ClusterError {
        ClusterError::Invalid(format!(
            "batch {} of execution {} is no longer held by this node (its heartbeat lapsed and \
             another node took it over): its work here is dropped",
            self.seq, self.execution
        ))
    }
}

/// A claimed batch and what to run.
pub(crate) struct Batch {
    pub(crate) held: Claimed,
    /// Its first line's number in the whole input.
    pub(crate) first_input: i64,
    /// Its input lines, as submitted.
    pub(crate) lines: Vec<u8>,
    /// What the earlier attempts left (attempt > 1).
    pub(crate) resume: Option<Arc<Resume>>,
    /// The output lines the earlier attempts left (what this attempt's writes add to).
    pub(crate) stored_lines: i64,
}

/// Claims the next batch for `node`, skipping the executions in `skip` (ones this node
/// cannot load). `holding` is what the node is running or releasing, as (execution, seq):
/// any other batch the database says it holds is one whose claim committed but whose answer
/// was lost (the database went away at the commit), and it is claimed again rather than held
/// for ever. `None` when there is nothing to do.
pub(crate) async fn next(
    db: &Database,
    node: i64,
    node_name: &str,
    skip: &[i64],
    holding: &[(i64, i32)],
) -> Result<Option<Batch>, ClusterError> {
    let held_executions: Vec<i64> = holding.iter().map(|h| h.0).collect();
    let held_seqs: Vec<i32> = holding.iter().map(|h| h.1).collect();
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("claiming a batch"))?;
    let row = tx
        .query_opt(
            "WITH next AS (
                 SELECT execution, seq FROM cluster_batches
                 WHERE (state = 'pending'
                        OR (state = 'running' AND node <> $1 AND NOT cluster_node_alive(node))
                        -- Its own only when it does not know it holds them (see above).
                        OR (state = 'running' AND node = $1
                            AND (execution, seq) NOT IN
                                (SELECT h.e, h.s FROM unnest($3::bigint[], $4::integer[]) AS h(e, s))))
                   AND NOT (execution = ANY($2))
                 ORDER BY execution, seq
                 LIMIT 1
                 FOR UPDATE SKIP LOCKED
             )
             UPDATE cluster_batches b
             SET state = 'running', node = $1, attempts = b.attempts + 1,
                 started_at = now(), finished_at = NULL
             FROM next WHERE b.execution = next.execution AND b.seq = next.seq
             RETURNING b.execution, b.seq, b.attempts, b.first_input, b.lines",
            &[&node, &skip, &held_executions, &held_seqs],
        )
        .await
        .map_err(doing("claiming a batch"))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let held = Claimed {
        execution: row.get(0),
        seq: row.get(1),
        node,
        attempt: row.get(2),
    };
    tx.execute(
        "INSERT INTO cluster_batch_attempts (execution, seq, attempt, node, node_name)
         VALUES ($1, $2, $3, $4, $5)",
        &[&held.execution, &held.seq, &held.attempt, &node, &node_name],
    )
    .await
    .map_err(doing("recording a batch's attempt"))?;
    let mut stored_lines = 0;
    let resume = if held.attempt > 1 {
        let mut resume = Resume::default();
        let earlier = tx
            .query(
                "SELECT line FROM cluster_outputs
                 WHERE execution = $1 AND seq = $2 AND outcome IS NOT NULL",
                &[&held.execution, &held.seq],
            )
            .await
            .map_err(doing("reading a batch's earlier outcomes"))?;
        for line in &earlier {
            let bytes: &[u8] = line.get(0);
            resume.note(bytes.strip_suffix(b"\n").unwrap_or(bytes));
        }
        let kept: Vec<i64> = resume.kept().map(|n| n as i64).collect();
        let dropped = tx
            .execute(
                "DELETE FROM cluster_outputs
                 WHERE execution = $1 AND seq = $2 AND NOT (input = ANY($3))",
                &[&held.execution, &held.seq, &kept],
            )
            .await
            .map_err(doing("dropping a batch's unfinished lines"))?;
        stored_lines = tx
            .query_one(
                "SELECT count(*) FROM cluster_outputs WHERE execution = $1 AND seq = $2",
                &[&held.execution, &held.seq],
            )
            .await
            .map_err(doing("counting a batch's kept lines"))?
            .get(0);
        tracing::info!(
            execution = held.execution,
            batch = held.seq,
            attempt = held.attempt,
            kept = kept.len(),
            dropped_lines = dropped,
            "taking over a batch: inputs with an outcome are kept, the others are sent again"
        );
        Some(Arc::new(resume))
    } else {
        None
    };
    tx.commit().await.map_err(doing("claiming a batch"))?;
    Ok(Some(Batch {
        held,
        first_input: row.get(3),
        lines: row.get(4),
        resume,
        stored_lines,
    }))
}

/// Marks the batch done if this node still holds this attempt, and the execution finished
/// when it was its last batch. False when the batch was taken over (the work is dropped).
pub(crate) async fn finish(db: &Database, held: &Claimed) -> Result<bool, ClusterError> {
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("finishing a batch"))?;
    // The batch row first, then the execution's: the order every transaction takes them in.
    let n = tx
        .execute(
            "UPDATE cluster_batches SET state = 'done', finished_at = now()
             WHERE execution = $1 AND seq = $2 AND node = $3 AND attempts = $4
               AND state = 'running'",
            &[&held.execution, &held.seq, &held.node, &held.attempt],
        )
        .await
        .map_err(doing("finishing a batch"))?;
    if n == 0 {
        // Tried again after the database went away at the commit: it may have landed.
        let landed = tx
            .query_opt(
                "SELECT 1 FROM cluster_batches
                 WHERE execution = $1 AND seq = $2 AND node = $3 AND attempts = $4
                   AND state = 'done'",
                &[&held.execution, &held.seq, &held.node, &held.attempt],
            )
            .await
            .map_err(doing("finishing a batch"))?;
        return Ok(landed.is_some());
    }
    tx.execute(
        "UPDATE cluster_batch_attempts SET finished_at = now(), result = 'done'
         WHERE execution = $1 AND seq = $2 AND attempt = $3",
        &[&held.execution, &held.seq, &held.attempt],
    )
    .await
    .map_err(doing("finishing a batch"))?;
    // Serialises the last batches' finishes, so that exactly one sees none left.
    tx.execute(
        "SELECT 1 FROM cluster_executions WHERE id = $1 FOR UPDATE",
        &[&held.execution],
    )
    .await
    .map_err(doing("finishing a batch"))?;
    tx.execute(
        "UPDATE cluster_executions SET finished_at = now()
         WHERE id = $1 AND finished_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM cluster_batches WHERE execution = $1 AND state <> 'done')",
        &[&held.execution],
    )
    .await
    .map_err(doing("finishing an execution"))?;
    notify(&*tx, db, PROGRESS_CHANNEL, &held.execution.to_string()).await?;
    tx.commit().await.map_err(doing("finishing a batch"))?;
    Ok(true)
}

/// Gives the batch back (pending again, for another node to resume) if this node still
/// holds this attempt; `refused` says why this node cannot run it at all.
pub(crate) async fn release(
    db: &Database,
    held: &Claimed,
    refused: Option<&str>,
) -> Result<bool, ClusterError> {
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("releasing a batch"))?;
    let n = tx
        .execute(
            "UPDATE cluster_batches SET state = 'pending', node = NULL
             WHERE execution = $1 AND seq = $2 AND node = $3 AND attempts = $4
               AND state = 'running'",
            &[&held.execution, &held.seq, &held.node, &held.attempt],
        )
        .await
        .map_err(doing("releasing a batch"))?;
    if n == 0 {
        // Tried again after the database went away at the commit: it may have landed.
        let landed = tx
            .query_opt(
                "SELECT 1 FROM cluster_batch_attempts
                 WHERE execution = $1 AND seq = $2 AND attempt = $3 AND node = $4
                   AND result IN ('released', 'refused')",
                &[&held.execution, &held.seq, &held.attempt, &held.node],
            )
            .await
            .map_err(doing("releasing a batch"))?;
        return Ok(landed.is_some());
    }
    tx.execute(
        "UPDATE cluster_batch_attempts
         SET finished_at = now(),
             result = CASE WHEN $4::text IS NULL THEN 'released' ELSE 'refused' END,
             reason = $4
         WHERE execution = $1 AND seq = $2 AND attempt = $3",
        &[&held.execution, &held.seq, &held.attempt, &refused],
    )
    .await
    .map_err(doing("releasing a batch"))?;
    notify(&*tx, db, BATCHES_CHANNEL, &held.execution.to_string()).await?;
    tx.commit().await.map_err(doing("releasing a batch"))?;
    Ok(true)
}

/// How long until the first batch held by another node would lapse if that node stopped
/// renewing now (`None`: no batch is held by another node). A node with nothing to do looks
/// again then, instead of polling: nothing notifies when a node dies.
pub(crate) async fn next_lapse(db: &Database, node: i64) -> Result<Option<Duration>, ClusterError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT extract(epoch FROM min(n.heartbeat_at + n.lease_ms * interval '1 millisecond')
                                     - clock_timestamp())::float8
             FROM cluster_batches b JOIN cluster_nodes n ON n.id = b.node
             WHERE b.state = 'running' AND b.node <> $1",
            &[&node],
        )
        .await
        .map_err(|e| ClusterError::statement("reading the batches' leases", &e))?;
    Ok(row
        .get::<_, Option<f64>>(0)
        .map(|s| Duration::from_secs_f64(s.max(0.0))))
}
