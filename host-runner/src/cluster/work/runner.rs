//! `host-runner node`: the loop that claims batches and runs them.
//!
//! Units: a node runs up to `units` batches at once, each on its own thread with one flow
//! unit (the batch's connector calls one after another, in input order). A claimed batch is
//! the unit of ownership and of take-over, so a node's units are the batches it holds: what
//! `status --nodes` shows, and spread evenly over nodes by claiming. Requests still take
//! their permits from the account's budget, so more units than the account allows only wait.
//!
//! Sessions (the loaded connector with its configured connection and prepared operation) are
//! made once per execution and reused by its batches; they are dropped when the node is idle.
//! A node with nothing to do waits for a notification (a batch staged or released); nothing
//! notifies when a node dies, so it also looks again when the first batch held by another
//! node would lapse (or after one lease of its own, at most).
//!
//! On SIGTERM/SIGINT the node claims nothing more and lets its batches finish; when the grace
//! period is over (or at a second signal) they are aborted and released: pending again, for
//! another node to resume.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use connector_api::LogLevel;
use tokio::runtime::Handle;
use tokio::task::JoinSet;

use super::claim::{self, Batch, Claimed};
use super::output::BatchOutput;
use super::session::{session, Sessions};
use super::{retrying, BATCHES_CHANNEL};
use crate::cluster::{ClusterError, Database, Node};
use crate::flow::{self, input::Lines, FailedFormat, Flow};
use crate::interrupt::RunControl;
use crate::progress::Counters;
use crate::transport::TransportConfig;

/// How a node runs batches.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// Batches run at once.
    pub units: usize,
    /// Where connector libraries are looked for first (`--connectors`).
    pub connectors: Option<PathBuf>,
    /// The transport (with the cluster budget).
    pub transport: TransportConfig,
    /// The most verbose level connectors log at.
    pub log_level: LogLevel,
}

/// What became of a batch.
enum End {
    Done,
    Released,
    /// Taken over by another node, or the output failed: the work is dropped.
    Dropped(String),
    /// The process cannot run on this node (its files, connector or settings).
    Refused(String),
}

/// Runs the node until `control` is stopped and its batches are finished or released.
///
/// # Errors
///
/// Only when the node cannot be marked stopped at the end (its batches lapse then).
pub async fn run(
    db: Database,
    node: Node,
    options: NodeOptions,
    control: RunControl,
) -> Result<(), ClusterError> {
    let options = Arc::new(options);
    let sessions: Arc<Sessions> = Arc::default();
    let mut refused: Vec<i64> = Vec::new();
    let mut running: JoinSet<(Claimed, End)> = JoinSet::new();
    let mut controls: HashMap<(i64, i32), RunControl> = HashMap::new();
    let mut listener = None;
    let fallback = node.lease().max(Duration::from_secs(1));
    let mut next_claim = tokio::time::Instant::now();
    let mut claim_pause = Duration::from_millis(100);
    let mut stopping = false;
    let mut aborted = false;
    let mut claim_failing = false;
    let mut unhealthy_since: Option<tokio::time::Instant> = None;
    loop {
        // Away from the database longer than the lease: its batches may be another node's
        // now. Stop sending for them (they are released, or dropped if taken over, once the
        // database is back).
        if node.is_healthy() {
            unhealthy_since = None;
        } else {
            let since = *unhealthy_since.get_or_insert_with(tokio::time::Instant::now);
            if since.elapsed() > node.lease() && controls.values().any(|c| !c.is_aborted()) {
                tracing::warn!(
                    batches = controls.len(),
                    "the cluster database has been away longer than the lease: aborting this node's \
                     batches (other nodes may have taken them over)"
                );
                for control in controls.values() {
                    control.abort();
                }
            }
        }
        if control.is_stopped() && !stopping {
            stopping = true;
            tracing::info!(
                batches = running.len(),
                "stopping: claiming nothing more; running batches finish within the grace period"
            );
            if let Err(e) = node.stopping(&db).await {
                tracing::warn!(error = %e, "cannot mark the node stopping");
            }
        }
        if control.is_aborted() && !aborted {
            aborted = true;
            for control in controls.values() {
                control.abort();
            }
        }
        if stopping && running.is_empty() {
            break;
        }
        if !stopping && running.len() < options.units && tokio::time::Instant::now() >= next_claim {
            let holding: Vec<(i64, i32)> = controls.keys().copied().collect();
            match claim::next(&db, node.id(), node.name(), &refused, &holding).await {
                Ok(Some(batch)) => {
                    claim_pause = Duration::from_millis(100);
                    claim_failing = false;
                    let key = (batch.held.execution, batch.held.seq);
                    let batch_control = RunControl::new();
                    controls.insert(key, batch_control.clone());
                    let (db, options, sessions) =
                        (db.clone(), Arc::clone(&options), Arc::clone(&sessions));
                    let runtime = Handle::current();
                    running.spawn_blocking(move || {
                        let held = batch.held.clone();
                        let end =
                            run_batch(&runtime, &db, &options, &sessions, batch, &batch_control);
                        (held, end)
                    });
                    continue;
                }
                Ok(None) => {
                    claim_failing = false;
                    // Look again when the first batch held elsewhere could lapse (a little
                    // after), or after the fallback; a notification wakes it sooner.
                    let wait = match claim::next_lapse(&db, node.id()).await {
                        Ok(Some(lapse)) => (lapse + Duration::from_millis(50)).min(fallback),
                        _ => fallback,
                    };
                    next_claim = tokio::time::Instant::now() + wait;
                    if running.is_empty() {
                        sessions
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .clear();
                    }
                }
                Err(e) => {
                    if !claim_failing {
                        tracing::warn!(error = %e, "cannot claim a batch; trying again");
                        claim_failing = true;
                    }
                    next_claim = tokio::time::Instant::now() + claim_pause;
                    claim_pause = (claim_pause * 2).min(Duration::from_secs(5));
                }
            }
        }
        if listener.is_none() && !stopping {
            match db.listen(&[db.channel(BATCHES_CHANNEL)]).await {
                Ok(rx) => {
                    listener = Some(rx);
                    // Something may have been staged while nobody listened.
                    next_claim = tokio::time::Instant::now();
                    continue;
                }
                Err(e) => tracing::debug!(error = %e, "cannot listen for batches yet"),
            }
        }
        let notified = async {
            match listener.as_mut() {
                Some(rx) => rx.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            Some(ended) = running.join_next(), if !running.is_empty() => {
                match ended {
                    Ok((held, end)) => {
                        controls.remove(&(held.execution, held.seq));
                        match end {
                            End::Done | End::Released => {}
                            End::Dropped(why) => tracing::warn!(
                                execution = held.execution, batch = held.seq, "{why}"
                            ),
                            End::Refused(why) => {
                                tracing::error!(
                                    execution = held.execution,
                                    "this node cannot run the execution, leaving it to others: {why}"
                                );
                                // Skipped before it is released: the release wakes claimers.
                                if !refused.contains(&held.execution) {
                                    refused.push(held.execution);
                                }
                                let released = retrying("releasing a batch", || {
                                    claim::release(&db, &held, Some(&why))
                                })
                                .await;
                                if let Err(e) = released {
                                    tracing::warn!(error = %e, "cannot release a batch");
                                }
                            }
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "a batch's thread failed"),
                }
                next_claim = tokio::time::Instant::now();
            }
            message = notified => {
                if message.is_none() {
                    listener = None;
                }
                next_claim = tokio::time::Instant::now();
            }
            () = tokio::time::sleep(Duration::from_millis(100)) => {}
        }
    }
    node.leave(&db).await
}

/// Runs one claimed batch to its end on this (blocking) thread.
fn run_batch(
    runtime: &Handle,
    db: &Database,
    options: &NodeOptions,
    sessions: &Sessions,
    batch: Batch,
    control: &RunControl,
) -> End {
    let held = batch.held.clone();
    tracing::info!(
        execution = held.execution,
        batch = held.seq,
        attempt = held.attempt,
        first_input = batch.first_input,
        "batch claimed"
    );
    let prepared = match session(runtime, db, options, sessions, held.execution) {
        Ok(p) => p,
        // Released by the node's loop, for a node that can run it.
        Err(why) => return End::Refused(why),
    };
    let lines = Lines::reader_from(
        Box::new(Cursor::new(batch.lines)),
        u64::try_from(batch.first_input).unwrap_or(1),
        prepared.flow.max_line_bytes,
        batch.resume,
    );
    let out = BatchOutput::new(
        runtime.clone(),
        db.clone(),
        held.clone(),
        batch.stored_lines,
    );
    let result = flow::run(
        Flow {
            operation: &prepared.operation,
            settings: prepared.flow,
            control,
            counters: Arc::new(Counters::default()),
            on_output: None,
            failed_format: FailedFormat::Input,
        },
        lines,
        true,
        Box::new(out),
        None,
    );
    if let Some(e) = result.output_error {
        // Unless another node took it over, give it back rather than hold it while alive.
        if let Ok(true) = runtime.block_on(retrying("releasing a batch", || {
            claim::release(db, &held, None)
        })) {
            return End::Dropped(format!("{e}; the batch was released for another attempt"));
        }
        return End::Dropped(e.to_string());
    }
    if control.is_aborted() {
        return match runtime.block_on(retrying("releasing a batch", || {
            claim::release(db, &held, None)
        })) {
            Ok(true) => {
                tracing::info!(
                    execution = held.execution,
                    batch = held.seq,
                    "batch released"
                );
                End::Released
            }
            Ok(false) => End::Dropped(held.lost().to_string()),
            Err(e) => End::Dropped(e.to_string()),
        };
    }
    match runtime.block_on(retrying("finishing a batch", || claim::finish(db, &held))) {
        Ok(true) => {
            tracing::info!(
                execution = held.execution,
                batch = held.seq,
                success = result.counts.success,
                not_successful = result.counts.total() - result.counts.success,
                "batch done"
            );
            End::Done
        }
        Ok(false) => End::Dropped(held.lost().to_string()),
        Err(e) => End::Dropped(e.to_string()),
    }
}
