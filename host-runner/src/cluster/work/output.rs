//! The output of a batch running on a node: the NDJSON lines `flow` writes, streamed into
//! `cluster_outputs` in one multi-row insert per flush (a batch's lines when it has all its
//! outcomes, a query's lines page by page, and at most [`FLUSH_BYTES`] held in between), so
//! the output is never held whole in memory.
//!
//! Each insert first takes a share lock on the batch row and checks that this node still
//! holds this attempt: a node whose lease lapsed (and whose batch another node claimed) gets
//! a write error, which makes `flow` abort the batch: its work is dropped, not written.
//!
//! An insert tried again after the database went away may find that its commit landed
//! (only the answer was lost): it counts the batch's lines first, and does not write them
//! twice.

use std::io::Write;

use serde::Deserialize;
use tokio::runtime::Handle;

use super::claim::Claimed;
use super::retrying;
use crate::cluster::error::doing;
use crate::cluster::{ClusterError, Database};

/// Lines held before they are written even without a flush (a long query's pages). At 1 MiB
/// the node's peak RSS grew from 64 to 79 MiB between a 20,000- and a 200,000-record query
/// (the held lines, their row copies and the insert's encoding, fragmented); at 256 KiB it
/// stays at 56–58 MiB (BENCHMARKS.md, "Cluster nodes").
const FLUSH_BYTES: usize = 256 * 1024;

/// A `Write` into the cluster database for one attempt of one batch. Used on a plain thread
/// (the flow's writer): it blocks on `runtime` for each insert.
pub(crate) struct BatchOutput {
    runtime: Handle,
    db: Database,
    held: Claimed,
    pending: Vec<u8>,
    /// The batch's lines in the database: what earlier attempts kept plus what this one wrote.
    stored: i64,
}

impl BatchOutput {
    /// `stored`: the lines the earlier attempts of the batch left.
    pub(crate) fn new(runtime: Handle, db: Database, held: Claimed, stored: i64) -> BatchOutput {
        BatchOutput {
            runtime,
            db,
            held,
            pending: Vec::with_capacity(64 * 1024),
            stored,
        }
    }

    /// Writes every complete line held.
    fn send(&mut self) -> std::io::Result<()> {
        let Some(end) = self.pending.iter().rposition(|b| *b == b'\n') else {
            return Ok(());
        };
        let rest = self.pending.split_off(end + 1);
        let lines = std::mem::replace(&mut self.pending, rest);
        let rows = Rows::of(&lines);
        if rows.inputs.is_empty() {
            return Ok(());
        }
        let db = self.db.clone();
        let held = self.held.clone();
        let stored = self.stored;
        let mut tries = 0;
        self.runtime
            .block_on(retrying("writing a batch's output", || {
                tries += 1;
                // The first try cannot have landed before: only a retry counts.
                insert(&db, &held, &rows, (tries > 1).then_some(stored))
            }))
            .map_err(std::io::Error::other)?;
        self.stored += rows.inputs.len() as i64;
        Ok(())
    }
}

impl Write for BatchOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= FLUSH_BYTES {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// What is copied out of a line into its row.
#[derive(Deserialize)]
struct Head {
    input: i64,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    detail: Option<serde_json::Value>,
}

/// The rows of some lines, as the columns the insert unnests.
#[derive(Default)]
struct Rows {
    inputs: Vec<i64>,
    outcomes: Vec<Option<String>>,
    codes: Vec<Option<String>>,
    in_flight: Vec<bool>,
    lines: Vec<Vec<u8>>,
}

impl Rows {
    fn of(text: &[u8]) -> Rows {
        let mut rows = Rows::default();
        for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            // Lines come from the flow's writer: always an object with `input`.
            let Ok(head) = serde_json::from_slice::<Head>(line) else {
                tracing::error!("an output line without its input number was not stored");
                continue;
            };
            rows.in_flight.push(
                head.detail
                    .as_ref()
                    .and_then(|d| d.get("in_flight"))
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
            );
            rows.inputs.push(head.input);
            rows.codes
                .push(head.outcome.as_ref().map(|_| head.code.unwrap_or_default()));
            rows.outcomes.push(head.outcome);
            let mut stored = line.to_vec();
            stored.push(b'\n');
            rows.lines.push(stored);
        }
        rows
    }
}

/// Inserts `rows` unless, on a retry (`stored_before`: the batch's lines before them), they
/// are there already.
async fn insert(
    db: &Database,
    held: &Claimed,
    rows: &Rows,
    stored_before: Option<i64>,
) -> Result<(), ClusterError> {
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("writing a batch's output"))?;
    let still = tx
        .query_opt(
            "SELECT 1 FROM cluster_batches
             WHERE execution = $1 AND seq = $2 AND node = $3 AND attempts = $4
               AND state = 'running'
             FOR SHARE",
            &[&held.execution, &held.seq, &held.node, &held.attempt],
        )
        .await
        .map_err(doing("checking a batch is still held"))?;
    if still.is_none() {
        return Err(held.lost());
    }
    if let Some(before) = stored_before {
        let now: i64 = tx
            .query_one(
                "SELECT count(*) FROM cluster_outputs WHERE execution = $1 AND seq = $2",
                &[&held.execution, &held.seq],
            )
            .await
            .map_err(doing("counting a batch's lines"))?
            .get(0);
        if now == before + rows.inputs.len() as i64 {
            return Ok(());
        }
        if now != before {
            // Neither before nor after this write: not ours to fix; the batch is released.
            return Err(ClusterError::Invalid(format!(
                "batch {} of execution {} has {now} output lines, {before} were expected",
                held.seq, held.execution
            )));
        }
    }
    tx.execute(
        "INSERT INTO cluster_outputs (execution, seq, input, outcome, code, in_flight, line)
         SELECT $1, $2, u.i, u.o, u.c, u.f, u.l
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::boolean[], $7::bytea[])
              WITH ORDINALITY AS u(i, o, c, f, l, n)
         ORDER BY u.n",
        &[
            &held.execution,
            &held.seq,
            &rows.inputs,
            &rows.outcomes,
            &rows.codes,
            &rows.in_flight,
            &rows.lines,
        ],
    )
    .await
    .map_err(doing("writing a batch's output"))?;
    tx.commit()
        .await
        .map_err(doing("writing a batch's output"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_copy_the_input_and_the_outcome_out_of_each_line() {
        let rows = Rows::of(
            concat!(
                "{\"input\":3,\"document\":{\"outcome\":\"x\"}}\n",
                "{\"input\":3,\"outcome\":\"SUCCESS\",\"code\":\"\",\"message\":\"\"}\n",
                "{\"input\":4,\"outcome\":\"FAILURE\",\"code\":\"INTERRUPTED\",\"message\":\"\",\"detail\":{\"in_flight\":true}}\n",
            )
            .as_bytes(),
        );
        assert_eq!(rows.inputs, [3, 3, 4]);
        assert_eq!(
            rows.outcomes,
            [None, Some("SUCCESS".into()), Some("FAILURE".into())]
        );
        assert_eq!(
            rows.codes,
            [None, Some(String::new()), Some("INTERRUPTED".into())]
        );
        assert_eq!(rows.in_flight, [false, false, true]);
        assert!(rows.lines.iter().all(|l| l.ends_with(b"}\n")));
    }
}
