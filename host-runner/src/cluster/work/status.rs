//! `host-runner status`: executions, one execution's batches (with which node ran which
//! attempt), and the nodes. Rows are JSON objects with fixed keys: `--json` prints them as
//! they are, the CLI's tables show the same keys.

use serde_json::{json, Value};

use crate::cluster::{ClusterError, Database};

const UTC: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

fn fail(what: &'static str) -> impl Fn(tokio_postgres::Error) -> ClusterError {
    move |e| ClusterError::statement(what, &e)
}

/// Executions (all, or only `id`), oldest first: `id`, `name`, `state` (pending, running,
/// finished), `documents`, `batches`, `batches_done`, `SUCCESS`, `APPLICATION_ERROR`,
/// `FAILURE`, `created`, `duration_s`.
///
/// # Errors
///
/// When the database cannot be read.
pub async fn executions(db: &Database, id: Option<i64>) -> Result<Vec<Value>, ClusterError> {
    let client = db.client().await?;
    let rows = client
        .query(
            &format!(
                "SELECT e.id, e.name, e.documents, e.batches,
                    (SELECT count(*) FROM cluster_batches b WHERE b.execution = e.id AND b.state = 'done'),
                    o.success, o.application_error, o.failure,
                    to_char(e.created_at AT TIME ZONE 'UTC', {UTC}),
                    s.started IS NOT NULL, e.finished_at IS NOT NULL,
                    extract(epoch FROM coalesce(e.finished_at, now()) - s.started)::float8
                 FROM cluster_executions e
                 LEFT JOIN LATERAL (
                     SELECT min(started_at) AS started FROM cluster_batch_attempts a
                     WHERE a.execution = e.id) s ON true
                 LEFT JOIN LATERAL (
                     SELECT count(*) FILTER (WHERE outcome = 'SUCCESS') AS success,
                            count(*) FILTER (WHERE outcome = 'APPLICATION_ERROR') AS application_error,
                            count(*) FILTER (WHERE outcome = 'FAILURE') AS failure
                     FROM cluster_outputs c
                     WHERE c.execution = e.id AND c.outcome IS NOT NULL) o ON true
                 WHERE $1::bigint IS NULL OR e.id = $1
                 ORDER BY e.id"
            ),
            &[&id],
        )
        .await
        .map_err(fail("reading the executions"))?;
    Ok(rows
        .iter()
        .map(|r| {
            let state = if r.get::<_, bool>(10) {
                "finished"
            } else if r.get::<_, bool>(9) {
                "running"
            } else {
                "pending"
            };
            json!({
                "id": r.get::<_, i64>(0),
                "name": r.get::<_, String>(1),
                "state": state,
                "documents": r.get::<_, i64>(2),
                "batches": r.get::<_, i32>(3),
                "batches_done": r.get::<_, i64>(4),
                "SUCCESS": r.get::<_, i64>(5),
                "APPLICATION_ERROR": r.get::<_, i64>(6),
                "FAILURE": r.get::<_, i64>(7),
                "created": r.get::<_, String>(8),
                "duration_s": r.get::<_, Option<f64>>(11),
            })
        })
        .collect())
}

/// Why nodes could not run execution `id`: each distinct (node name, reason) of its refused
/// attempts, oldest first.
///
/// # Errors
///
/// When the database cannot be read.
pub async fn refusals(db: &Database, id: i64) -> Result<Vec<(String, String)>, ClusterError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT node_name, coalesce(reason, '') FROM cluster_batch_attempts
             WHERE execution = $1 AND result = 'refused'
             GROUP BY node_name, reason ORDER BY min(started_at)",
            &[&id],
        )
        .await
        .map_err(|e| ClusterError::statement("reading the refused attempts", &e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The batches of execution `id`: `seq`, `first_input`, `inputs`, `state`, `node` (the
/// holder's name), `attempts`, the counts per outcome, `duration_s`, and `runs`: every
/// attempt with its `node`, `started`, `finished`, `result` (done, released, refused with its
/// `reason`, or lost: its node stopped renewing).
///
/// # Errors
///
/// When the database cannot be read.
pub async fn batches(db: &Database, id: i64) -> Result<Vec<Value>, ClusterError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT b.seq, b.first_input, b.inputs, b.state, n.name, b.attempts,
                    o.success, o.application_error, o.failure,
                    extract(epoch FROM coalesce(b.finished_at, now()) - b.started_at)::float8
             FROM cluster_batches b
             LEFT JOIN cluster_nodes n ON n.id = b.node
             LEFT JOIN LATERAL (
                 SELECT count(*) FILTER (WHERE outcome = 'SUCCESS') AS success,
                        count(*) FILTER (WHERE outcome = 'APPLICATION_ERROR') AS application_error,
                        count(*) FILTER (WHERE outcome = 'FAILURE') AS failure
                 FROM cluster_outputs c
                 WHERE c.execution = b.execution AND c.seq = b.seq AND c.outcome IS NOT NULL) o ON true
             WHERE b.execution = $1
             ORDER BY b.seq",
            &[&id],
        )
        .await
        .map_err(fail("reading the batches"))?;
    let attempts = client
        .query(
            &format!(
                "SELECT a.seq, a.attempt, a.node_name,
                    to_char(a.started_at AT TIME ZONE 'UTC', {UTC}),
                    to_char(a.finished_at AT TIME ZONE 'UTC', {UTC}),
                    coalesce(a.result, CASE WHEN a.attempt < b.attempts OR b.state <> 'running'
                                            THEN 'lost' ELSE 'running' END),
                    a.reason
                 FROM cluster_batch_attempts a
                 JOIN cluster_batches b ON b.execution = a.execution AND b.seq = a.seq
                 WHERE a.execution = $1
                 ORDER BY a.seq, a.attempt"
            ),
            &[&id],
        )
        .await
        .map_err(fail("reading the batches' attempts"))?;
    Ok(rows
        .iter()
        .map(|r| {
            let seq: i32 = r.get(0);
            let runs: Vec<Value> = attempts
                .iter()
                .filter(|a| a.get::<_, i32>(0) == seq)
                .map(|a| {
                    json!({
                        "attempt": a.get::<_, i32>(1),
                        "node": a.get::<_, String>(2),
                        "started": a.get::<_, String>(3),
                        "finished": a.get::<_, Option<String>>(4),
                        "result": a.get::<_, String>(5),
                        "reason": a.get::<_, Option<String>>(6),
                    })
                })
                .collect();
            json!({
                "seq": seq,
                "first_input": r.get::<_, i64>(1),
                "inputs": r.get::<_, i32>(2),
                "state": r.get::<_, String>(3),
                "node": r.get::<_, Option<String>>(4),
                "attempts": r.get::<_, i32>(5),
                "SUCCESS": r.get::<_, i64>(6),
                "APPLICATION_ERROR": r.get::<_, i64>(7),
                "FAILURE": r.get::<_, i64>(8),
                "duration_s": r.get::<_, Option<f64>>(9),
                "runs": runs,
            })
        })
        .collect())
}

/// The nodes, newest first: `id`, `name`, `kind`, `host`, `pid`, `units`, `state`,
/// `heartbeat_age_s`, `alive`.
///
/// # Errors
///
/// When the database cannot be read.
pub async fn nodes(db: &Database) -> Result<Vec<Value>, ClusterError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT id, name, kind, host, pid, units, state,
                    extract(epoch FROM clock_timestamp() - heartbeat_at)::float8,
                    cluster_node_alive(id)
             FROM cluster_nodes ORDER BY id DESC",
            &[],
        )
        .await
        .map_err(fail("reading the nodes"))?;
    Ok(rows
        .iter()
        .map(|r| {
            json!({
                "id": r.get::<_, i64>(0),
                "name": r.get::<_, String>(1),
                "kind": r.get::<_, String>(2),
                "host": r.get::<_, String>(3),
                "pid": r.get::<_, i32>(4),
                "units": r.get::<_, i32>(5),
                "state": r.get::<_, String>(6),
                "heartbeat_age_s": r.get::<_, f64>(7),
                "alive": r.get::<_, bool>(8),
            })
        })
        .collect())
}
