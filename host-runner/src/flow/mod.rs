//! Flow control, owned by the host as in Boomi's Flow Control step: units (threads), batches,
//! and how the document stream is split among them.
//!
//! # How documents are split
//!
//! The input is read lazily by one reader thread and cut into batches of `batch_size`
//! documents **in input order** (the last batch may be smaller; `individually` makes every
//! document its own batch; when the input pauses — a slow pipe on stdin — for
//! [`INPUT_PAUSE`], the documents read so far go as a smaller batch rather than wait). Batches go into a bounded queue (twice as many batches as units),
//! and each of the `units` worker threads takes the **next batch from the shared queue**,
//! calls the connector's `execute` with it on its own thread (plugins never run on an async
//! executor thread), and takes the next. So with 9 documents, batch size 2 and 2 units, the
//! batches are 1–2, 3–4, 5–6, 7–8, 9, and whichever unit is free takes the next one.
//!
//! Units beyond the connection's concurrency limit do not fail: their requests wait for a
//! permit in the host transport (see `transport::permits`). Memory does not grow with the
//! input (the queue is bounded) nor with the output (results are written as they arrive; see
//! [`writer`]).
//!
//! # Outcomes
//!
//! Every input document gets exactly one outcome in the output (see [`sink`] for the rule),
//! including documents that were never started because the run was stopped (FAILURE
//! `INTERRUPTED`): after a stop, batches still queued are not executed, and the rest of an
//! input file is read to the end and reported (standard input is not read further; the
//! report says so).
//!
//! The writer flushes the output whenever a batch has all its outcomes, so a crash loses at
//! most the outcomes of the batches in flight; [`resume`] continues such a run from its
//! output. An input line longer than the flow's `max_line_bytes` is never loaded: its
//! document ends FAILURE `LINE_TOO_LONG` on its own (see [`input`]).

pub(crate) mod input;
mod paged;
pub(crate) mod resume;
pub(crate) mod sink;
pub(crate) mod writer;

pub use writer::{CodeCounts, FailedFormat, OutcomeCounts};

use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::RSlice;
use connector_api::{OperationBox, Outcome, ResultSink_TO};

use crate::interrupt::RunControl;
use crate::process_file::FlowSettings;
use crate::progress::Counters;
use input::{Item, Lines, Read};
use sink::BatchSink;
use writer::Message;

/// Code of documents never started because the run was interrupted (or aborted in flight).
pub(crate) const INTERRUPTED: &str = "INTERRUPTED";
/// The detail of an `INTERRUPTED` outcome whose document was in flight when the run was
/// aborted (it may have been applied; a resumed run sends it again marked so).
pub(crate) const IN_FLIGHT_DETAIL: &str = r#"{"in_flight":true}"#;
/// Code of documents the connector left without an outcome.
pub(crate) const NO_OUTCOME: &str = "NO_OUTCOME";

/// Results waiting for the writer before units block (backpressure, bounded memory).
const WRITER_QUEUE: usize = 1024;
/// Documents read ahead of the batcher.
const READ_AHEAD: usize = 1024;
/// How long the input may pause before a partial batch is sent.
pub(crate) const INPUT_PAUSE: Duration = Duration::from_secs(1);

/// What the flow needs besides the documents.
pub(crate) struct Flow<'a> {
    pub(crate) operation: &'a OperationBox,
    pub(crate) settings: FlowSettings,
    pub(crate) control: &'a RunControl,
    pub(crate) counters: Arc<Counters>,
    /// Called with every output document once it is written (the `[state]` cursor watch).
    pub(crate) on_output: Option<&'a (dyn Fn(&connector_api::Document) + Sync)>,
    /// What the failed-documents file holds.
    pub(crate) failed_format: FailedFormat,
}

/// What the flow did.
pub(crate) struct FlowResult {
    pub(crate) counts: OutcomeCounts,
    pub(crate) codes: CodeCounts,
    pub(crate) outputs: u64,
    /// Outcomes that could not be written (the output failed); not in `counts`.
    pub(crate) unwritten: u64,
    pub(crate) batches: u64,
    pub(crate) input_error: Option<std::io::Error>,
    pub(crate) output_error: Option<std::io::Error>,
    /// Standard input was not read to its end because the run stopped.
    pub(crate) unread_input: bool,
    /// Inputs sent marked `possibly_applied` (a resumed run).
    pub(crate) possibly_applied: u64,
}

/// Runs the operation over every document of `lines`, writing to `out` (and the input lines
/// of documents that did not succeed to `failed`).
pub(crate) fn run(
    flow: Flow<'_>,
    lines: Lines,
    read_rest_when_stopped: bool,
    out: Box<dyn Write + Send>,
    failed: Option<Box<dyn Write + Send>>,
) -> FlowResult {
    let units = flow.settings.units.max(1) as usize;
    let batch_size = flow.settings.effective_batch_size();
    let keep_failed = failed.is_some();
    let control = flow.control;
    let operation = flow.operation;
    let (wtx, wrx) = sync_channel::<Message>(WRITER_QUEUE);
    let (btx, brx) = sync_channel::<Vec<Item>>(units * 2);
    let brx = Mutex::new(brx);
    let counters = flow.counters;
    let on_output = flow.on_output;
    let failed_format = flow.failed_format;

    let (watching, done) = std::sync::mpsc::channel::<()>();
    let run_counters = Arc::clone(&counters);
    let run_counters = &run_counters;

    std::thread::scope(|scope| {
        scope.spawn(move || paged::watch(control, run_counters, done));
        let writer = scope.spawn(move || {
            writer::write_all(wrx, out, failed, failed_format, counters, on_output, || {
                // Nothing more can be written: stop, and abort what is in flight too.
                tracing::error!("the output cannot be written: aborting the run");
                control.abort();
            })
        });
        // The reader is not a scoped thread: a read from standard input may block for as long
        // as the terminal or pipe likes, and an interrupted run must not wait for it. The
        // batcher, which can give up waiting, cuts what it reads into batches.
        let (itx, irx) = sync_channel::<Item>(READ_AHEAD);
        let reader = {
            let control = control.clone();
            let wtx = wtx.clone();
            std::thread::Builder::new()
                .name("input".into())
                .spawn(move || {
                    read_all(
                        lines,
                        itx,
                        &wtx,
                        &control,
                        read_rest_when_stopped,
                        keep_failed,
                    )
                })
        };
        let batcher = {
            let wtx = wtx.clone();
            scope.spawn(move || {
                cut_batches(irx, batch_size, btx, &wtx, control, read_rest_when_stopped)
            })
        };
        let workers: Vec<_> = (0..units)
            .map(|unit| {
                let wtx = wtx.clone();
                let brx = &brx;
                std::thread::Builder::new()
                    .name(format!("unit-{unit}"))
                    .spawn_scoped(scope, move || {
                        work(operation, brx, &wtx, control, keep_failed, run_counters)
                    })
            })
            .collect();
        let mut batches = 0;
        for worker in workers {
            match worker {
                Ok(handle) => batches += handle.join().unwrap_or(0),
                Err(e) => {
                    tracing::error!(error = %e, "a unit thread could not start");
                }
            }
        }
        drop(watching);
        // Units stop only when the input is done or the run was stopped: whatever is still
        // queued was never started.
        loop {
            let next = brx.lock().unwrap_or_else(PoisonError::into_inner).recv();
            match next {
                Ok(batch) => never_started(batch, &wtx, keep_failed),
                Err(_) => break,
            }
        }
        let finished = batcher.join().unwrap_or(false);
        let read = match reader {
            Ok(handle) if finished || handle.is_finished() => handle.join().unwrap_or(ReadResult {
                error: Some(std::io::Error::other("the input reader panicked")),
                unread: !read_rest_when_stopped,
                possibly_applied: 0,
            }),
            // Stopped while the reader waits for standard input: leave it behind.
            Ok(_) => ReadResult {
                error: None,
                unread: true,
                possibly_applied: 0,
            },
            Err(e) => ReadResult {
                error: Some(e),
                unread: !read_rest_when_stopped,
                possibly_applied: 0,
            },
        };
        let _ = wtx.send(Message::Close);
        drop(wtx);
        let written = writer.join().unwrap_or_else(|_| writer::Written {
            counts: OutcomeCounts::default(),
            codes: CodeCounts::default(),
            outputs: 0,
            unwritten: 0,
            error: Some(std::io::Error::other("the output writer panicked")),
        });
        FlowResult {
            counts: written.counts,
            codes: written.codes,
            outputs: written.outputs,
            unwritten: written.unwritten,
            batches,
            input_error: read.error,
            output_error: written.error,
            unread_input: read.unread,
            possibly_applied: read.possibly_applied,
        }
    })
}

struct ReadResult {
    error: Option<std::io::Error>,
    unread: bool,
    possibly_applied: u64,
}

/// Reads every document into `itx`; inputs that get their outcome without being processed
/// (a line too long, an input skipped on resume) go straight to the writer. After a stop it
/// goes on to the end of a file (the batcher reports those documents as never started) but
/// not of standard input.
fn read_all(
    mut lines: Lines,
    itx: SyncSender<Item>,
    wtx: &SyncSender<Message>,
    control: &RunControl,
    read_rest_when_stopped: bool,
    keep_failed: bool,
) -> ReadResult {
    let mut possibly_applied = 0;
    let result = |error, unread, possibly_applied| ReadResult {
        error,
        unread,
        possibly_applied,
    };
    loop {
        if control.is_stopped() && !read_rest_when_stopped {
            return result(None, true, possibly_applied);
        }
        match lines.next_item() {
            Ok(Some(Read::Document(item))) => {
                if !item.document.properties.is_empty() {
                    possibly_applied += 1;
                }
                if itx.send(item).is_err() {
                    return result(None, true, possibly_applied);
                }
            }
            Ok(Some(Read::Refused {
                number,
                bytes,
                outcome,
                failed_line,
            })) => {
                tracing::warn!(
                    input = number,
                    code = outcome.code.as_str(),
                    "{}",
                    outcome.message
                );
                let _ = wtx.send(Message::Outcome {
                    input: number,
                    outcome,
                    // A line too long to copy has none: the failed file has no line for it.
                    failed_line: failed_line.filter(|_| keep_failed),
                    bytes,
                });
            }
            Ok(Some(Read::Skipped { bytes, failed_line })) => {
                let _ = wtx.send(Message::Skipped {
                    failed_line: failed_line.filter(|_| keep_failed),
                    bytes,
                });
            }
            Ok(None) => return result(None, false, possibly_applied),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the input: stopping the run");
                control.stop();
                // The input error says it; "not read to its end" is about standard input.
                return result(Some(e), !read_rest_when_stopped, possibly_applied);
            }
        }
    }
}

/// Cuts the documents from `irx` into batches for the units, in input order. Returns true
/// when the input was read to its end, false when it gave up waiting for it after a stop.
fn cut_batches(
    irx: Receiver<Item>,
    batch_size: usize,
    btx: SyncSender<Vec<Item>>,
    wtx: &SyncSender<Message>,
    control: &RunControl,
    read_rest_when_stopped: bool,
) -> bool {
    let mut batch = Vec::with_capacity(batch_size);
    loop {
        if control.is_stopped() {
            never_started(std::mem::take(&mut batch), wtx, true);
            // Whatever the reader still sends was never started either.
            loop {
                match irx.recv_timeout(Duration::from_millis(50)) {
                    Ok(item) => never_started(vec![item], wtx, true),
                    Err(RecvTimeoutError::Disconnected) => return true,
                    Err(RecvTimeoutError::Timeout) if !read_rest_when_stopped => return false,
                    Err(RecvTimeoutError::Timeout) => {}
                }
            }
        }
        match irx.recv_timeout(INPUT_PAUSE) {
            Ok(item) => {
                batch.push(item);
                if batch.len() >= batch_size {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    if let Err(e) = btx.send(full) {
                        never_started(e.0, wtx, true);
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                // The input paused: do not keep what was read waiting for the rest.
                if !batch.is_empty() {
                    let partial = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    if let Err(e) = btx.send(partial) {
                        never_started(e.0, wtx, true);
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                if !batch.is_empty() {
                    if let Err(e) = btx.send(batch) {
                        never_started(e.0, wtx, true);
                    }
                }
                return true;
            }
        }
    }
}

/// One unit: takes batches from the shared queue until it is empty or the run stops.
/// Returns the number of batches it executed.
fn work(
    operation: &OperationBox,
    queue: &Mutex<Receiver<Vec<Item>>>,
    wtx: &SyncSender<Message>,
    control: &RunControl,
    keep_failed: bool,
    counters: &Arc<Counters>,
) -> u64 {
    let mut executed = 0;
    loop {
        if control.is_stopped() {
            return executed;
        }
        let next = queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv_timeout(Duration::from_millis(50));
        let batch = match next {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return executed,
        };
        if control.is_stopped() {
            never_started(batch, wtx, keep_failed);
            return executed;
        }
        let (meta, documents) = input::split(batch);
        tracing::debug!(
            first_input = meta.first().map(|m| m.number),
            documents = documents.len(),
            "batch started"
        );
        let mut sink = BatchSink::new(&meta, &documents, wtx, keep_failed);
        let result = crate::activity::for_run(counters, || {
            operation
                .execute(
                    RSlice::from_slice(&documents),
                    ResultSink_TO::from_ptr(&mut sink, TD_Opaque),
                    control.cancellation(),
                )
                .into_result()
        });
        sink.finish(result, control.is_aborted());
        // The batch's lines reach the file now: a crash loses only batches in flight.
        let _ = wtx.send(Message::BatchDone);
        executed += 1;
    }
}

/// FAILURE `INTERRUPTED` for documents that were never handed to the connector.
fn never_started(batch: Vec<Item>, wtx: &SyncSender<Message>, keep_failed: bool) {
    for item in batch {
        let failed_line = keep_failed.then(|| input::input_line(&item.document));
        let _ = wtx.send(Message::Outcome {
            input: item.number,
            outcome: Outcome::failure(
                INTERRUPTED,
                "not processed: the run was interrupted before this document was started",
            ),
            failed_line,
            bytes: item.bytes,
        });
    }
}

#[cfg(test)]
mod tests;
