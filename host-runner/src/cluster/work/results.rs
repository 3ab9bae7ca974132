//! `host-runner results ID`: the execution's NDJSON exactly as `run` writes it (output
//! documents and one outcome line per input), ordered by input number, read through a
//! cursor a page at a time (never the whole output in memory).

use std::io::Write;

use crate::cluster::error::doing;
use crate::cluster::{ClusterError, Database};

/// Rows read per round trip.
const PAGE: i32 = 1000;

/// Writes the lines of execution `id` to `out`; returns how many, and whether the execution
/// has finished.
///
/// # Errors
///
/// When the execution does not exist, the database cannot be read or `out` cannot be written.
pub async fn write(
    db: &Database,
    id: i64,
    out: &mut dyn Write,
) -> Result<(u64, bool), ClusterError> {
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("reading the results"))?;
    let finished: bool = tx
        .query_opt(
            "SELECT finished_at IS NOT NULL FROM cluster_executions WHERE id = $1",
            &[&id],
        )
        .await
        .map_err(doing("reading the execution"))?
        .ok_or_else(|| ClusterError::Invalid(format!("the cluster has no execution {id}")))?
        .get(0);
    let portal = tx
        .bind(
            "SELECT line FROM cluster_outputs WHERE execution = $1 ORDER BY input, id",
            &[&id],
        )
        .await
        .map_err(doing("reading the results"))?;
    let mut written = 0;
    loop {
        let rows = tx
            .query_portal(&portal, PAGE)
            .await
            .map_err(doing("reading the results"))?;
        for row in &rows {
            out.write_all(row.get::<_, &[u8]>(0))
                .map_err(|e| ClusterError::Invalid(format!("cannot write the results: {e}")))?;
            written += 1;
        }
        if rows.len() < PAGE as usize {
            break;
        }
    }
    out.flush()
        .map_err(|e| ClusterError::Invalid(format!("cannot write the results: {e}")))?;
    Ok((written, finished))
}
