//! The output: one NDJSON line per output document and one per input document's outcome,
//! written by one thread as they arrive (nothing is buffered beyond a 64 KiB write buffer,
//! flushed whenever no result is waiting and whenever a batch has all its outcomes, so that a
//! crash or SIGKILL loses at most the outcomes of the batches in flight).
//!
//! `input` is the input's line number in the input file (1 without input), the same in every
//! line of that input: an outcome line names its input unambiguously, which is what
//! `run --resume` reads (see [`super::resume`]).
//!
//! ```text
//! {"input":3,"document":{"internalId":"107","entityId":"Acme"}}
//! {"input":3,"outcome":"SUCCESS","code":"","message":""}
//! {"input":4,"outcome":"APPLICATION_ERROR","code":"RCRD_DSNT_EXIST","message":"…","detail":{…}}
//! ```
//!
//! A document that is not JSON (raw XML) is written as a JSON string with its content type:
//! `{"input":N,"content_type":"application/xml","document":"<record …>"}`; document
//! properties, when a connector sets them, as `"properties":{…}`. `detail` appears only when
//! the connector gave one. Lines of different inputs interleave in completion order; the
//! lines of one input keep their order and its outcome line is its last.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;

use connector_api::{Document, Outcome, OutcomeStatus};
use serde::Serialize;

use crate::progress::Counters;

/// What the units send to the writer.
pub(crate) enum Message {
    /// An output document of input `input`.
    Output { input: u64, document: Document },
    /// The final outcome of input `input`.
    Outcome {
        input: u64,
        outcome: Outcome,
        /// The input line, for the failed-documents file (only when not SUCCESS and asked).
        failed_line: Option<Vec<u8>>,
        /// Input bytes of the document (progress).
        bytes: u64,
    },
    /// An input skipped on resume: its input line for the failed file when it did not
    /// succeed, its bytes for progress.
    Skipped {
        failed_line: Option<Vec<u8>>,
        bytes: u64,
    },
    /// A batch has all its outcomes: flush them to the files now.
    BatchDone,
    /// Nothing more will be written (a reader left blocked on stdin may still hold a sender).
    Close,
}

/// What the failed-documents file holds per document that did not succeed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailedFormat {
    /// The input line as it was read, so the file can be fixed and run again as input.
    #[default]
    Input,
    /// One JSON object per line: `{"input":N,"document":…,"outcome","code","message"}`, the
    /// input document with the reason it did not succeed.
    Reasons,
}

/// Outcomes counted by status, with the host's own codes apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    /// SUCCESS.
    pub success: u64,
    /// APPLICATION_ERROR.
    pub application_error: u64,
    /// FAILURE (any code).
    pub failure: u64,
    /// Of the failures: interrupted (`INTERRUPTED`), never started or stopped in flight.
    pub interrupted: u64,
    /// Of those: never started (no detail: the connector never saw them).
    pub never_started: u64,
    /// Of the failures: the connector gave no outcome (`NO_OUTCOME`).
    pub no_outcome: u64,
}

impl OutcomeCounts {
    /// Every input document.
    pub fn total(&self) -> u64 {
        self.success + self.application_error + self.failure
    }

    /// Input documents the connector was given (every one but those never started).
    pub fn ran(&self) -> u64 {
        self.total() - self.never_started
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome.status {
            OutcomeStatus::Success => self.success += 1,
            OutcomeStatus::ApplicationError => self.application_error += 1,
            OutcomeStatus::Failure => {
                self.failure += 1;
                match outcome.code.as_str() {
                    super::INTERRUPTED => {
                        self.interrupted += 1;
                        if outcome.detail_json.as_str().trim().is_empty() {
                            self.never_started += 1;
                        }
                    }
                    super::NO_OUTCOME => self.no_outcome += 1,
                    _ => {}
                }
            }
        }
    }

    fn add(&mut self, other: &OutcomeCounts) {
        self.success += other.success;
        self.application_error += other.application_error;
        self.failure += other.failure;
        self.interrupted += other.interrupted;
        self.never_started += other.never_started;
        self.no_outcome += other.no_outcome;
    }
}

/// Outcomes by status, then by code (`""` for outcomes without one).
pub type CodeCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// What was counted since the last flush, or in all.
#[derive(Default)]
struct Tally {
    counts: OutcomeCounts,
    codes: CodeCounts,
    outputs: u64,
}

impl Tally {
    fn outcome(&mut self, outcome: &Outcome) {
        self.counts.count(outcome);
        *self
            .codes
            .entry(outcome.status.as_str().to_string())
            .or_default()
            .entry(outcome.code.to_string())
            .or_default() += 1;
    }

    fn add(&mut self, other: Tally) {
        self.counts.add(&other.counts);
        for (status, codes) in other.codes {
            let mine = self.codes.entry(status).or_default();
            for (code, n) in codes {
                *mine.entry(code).or_default() += n;
            }
        }
        self.outputs += other.outputs;
    }
}

/// What the writer did. Counts are of lines that reached the files (flushed): after a write
/// error, the outcomes that were lost are counted apart, in `unwritten`.
pub(crate) struct Written {
    pub(crate) counts: OutcomeCounts,
    pub(crate) codes: CodeCounts,
    pub(crate) outputs: u64,
    /// Outcomes produced but not written (the output failed).
    pub(crate) unwritten: u64,
    pub(crate) error: Option<std::io::Error>,
}

/// Writes every message until all senders are gone. After a write error it keeps receiving
/// (so that the units never block) but writes nothing more, and calls `on_error` once.
pub(crate) fn write_all(
    rx: Receiver<Message>,
    out: Box<dyn Write + Send>,
    failed: Option<Box<dyn Write + Send>>,
    failed_format: FailedFormat,
    counters: Arc<Counters>,
    on_output: Option<&(dyn Fn(&Document) + Sync)>,
    on_error: impl Fn(),
) -> Written {
    let mut files = Files {
        out,
        failed,
        error: None,
        pending: Tally::default(),
        written: Tally::default(),
        unwritten: 0,
        on_error,
    };
    let mut line = Vec::with_capacity(4096);
    loop {
        let message = match rx.try_recv() {
            Ok(m) => m,
            Err(TryRecvError::Empty) => {
                // Nothing waiting: make what we have visible, then wait.
                files.flush();
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        line.clear();
        match message {
            Message::Close => break,
            Message::BatchDone => files.flush(),
            Message::Skipped { failed_line, bytes } => {
                counters.bytes_done.fetch_add(bytes, Ordering::Relaxed);
                if let Some(copy) = failed_line {
                    failed_file_line(&mut line, failed_format, None, &copy);
                    files.write_failed(&line);
                }
            }
            Message::Output { input, document } => {
                files.pending.outputs += 1;
                counters.outputs.fetch_add(1, Ordering::Relaxed);
                output_line(&mut line, input, &document);
                if files.write_out(&line) {
                    if let Some(on_output) = on_output {
                        on_output(&document);
                    }
                }
            }
            Message::Outcome {
                input,
                outcome,
                failed_line,
                bytes,
            } => {
                files.pending.outcome(&outcome);
                counters.done.fetch_add(1, Ordering::Relaxed);
                counters.bytes_done.fetch_add(bytes, Ordering::Relaxed);
                if outcome.status != OutcomeStatus::Success {
                    counters.not_successful.fetch_add(1, Ordering::Relaxed);
                }
                outcome_line(&mut line, input, &outcome);
                if files.write_out(&line) {
                    if let Some(input_line) = failed_line {
                        line.clear();
                        failed_file_line(
                            &mut line,
                            failed_format,
                            Some((input, &outcome)),
                            &input_line,
                        );
                        files.write_failed(&line);
                    }
                }
            }
        }
    }
    files.flush();
    Written {
        counts: files.written.counts,
        codes: files.written.codes,
        outputs: files.written.outputs,
        unwritten: files.unwritten,
        error: files.error,
    }
}

/// The output and failed files with what went into them: lines count as written once
/// flushed; after the first write error nothing more is written, and what was pending or
/// comes later is counted as unwritten.
struct Files<E: Fn()> {
    out: Box<dyn Write + Send>,
    failed: Option<Box<dyn Write + Send>>,
    error: Option<std::io::Error>,
    /// In the write buffers, not yet in the files.
    pending: Tally,
    /// In the files.
    written: Tally,
    /// Outcomes produced but never written (after a write error).
    unwritten: u64,
    /// Called once, at the first write error.
    on_error: E,
}

impl<E: Fn()> Files<E> {
    /// Writes a line to the output; false when it did not get there (now or earlier).
    fn write_out(&mut self, line: &[u8]) -> bool {
        if self.error.is_some() {
            return false;
        }
        let result = self.out.write_all(line);
        self.failed_with(result)
    }

    /// Writes a line to the failed-documents file, if there is one.
    fn write_failed(&mut self, line: &[u8]) {
        if self.error.is_some() {
            return;
        }
        if let Some(failed) = &mut self.failed {
            let result = failed.write_all(line);
            self.failed_with(result);
        }
    }

    /// Flushes both files and counts what was pending as written (or, after an error, as
    /// unwritten).
    fn flush(&mut self) {
        if self.error.is_none() {
            let result = self.out.flush().and_then(|()| match &mut self.failed {
                Some(f) => f.flush(),
                None => Ok(()),
            });
            if self.failed_with(result) {
                self.written.add(std::mem::take(&mut self.pending));
            }
        }
        if self.error.is_some() {
            self.unwritten += std::mem::take(&mut self.pending).counts.total();
        }
    }

    /// Keeps the first error (and says so once); true when `result` is Ok.
    fn failed_with(&mut self, result: std::io::Result<()>) -> bool {
        match result {
            Ok(()) => true,
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e);
                    (self.on_error)();
                }
                false
            }
        }
    }
}

/// The failed-documents file's line for one input: its input line as read, or with
/// [`FailedFormat::Reasons`] the input document with its outcome (`outcome` is `None` for an
/// input skipped on resume, whose outcome is in the output it resumes).
fn failed_file_line(
    line: &mut Vec<u8>,
    format: FailedFormat,
    outcome: Option<(u64, &Outcome)>,
    input_line: &[u8],
) {
    match format {
        FailedFormat::Input => line.extend_from_slice(input_line),
        FailedFormat::Reasons => {
            let document =
                serde_json::from_slice::<serde_json::Value>(input_line).unwrap_or_else(|_| {
                    serde_json::Value::String(String::from_utf8_lossy(input_line).into_owned())
                });
            let mut object = serde_json::Map::new();
            if let Some((input, _)) = outcome {
                object.insert("input".into(), input.into());
            }
            object.insert("document".into(), document);
            match outcome {
                Some((_, o)) => {
                    object.insert("outcome".into(), o.status.as_str().into());
                    object.insert("code".into(), o.code.as_str().into());
                    object.insert("message".into(), o.message.as_str().into());
                }
                None => {
                    object.insert(
                        "message".into(),
                        "did not succeed in the run this one resumes (its outcome line is in \
                         the output)"
                            .into(),
                    );
                }
            }
            // Serialising JSON values cannot fail.
            let _ = serde_json::to_writer(&mut *line, &serde_json::Value::Object(object));
        }
    }
    line.push(b'\n');
}

/// `{"input":N,"document":…}` (plus content type and properties when needed) and a newline.
pub(crate) fn output_line(line: &mut Vec<u8>, input: u64, document: &Document) {
    let content_type = document.content_type.as_str();
    let is_json = content_type.is_empty() || content_type.contains("json");
    let data = document.data.as_slice();
    let json: Option<std::borrow::Cow<'_, [u8]>> =
        if is_json && serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok() {
            let data = trim(data);
            if data.contains(&b'\n') || data.contains(&b'\r') {
                // NDJSON needs one line: compact a document that spans several (a raw line
                // break can only be whitespace between JSON tokens).
                serde_json::from_slice::<serde_json::Value>(data)
                    .ok()
                    .map(|v| std::borrow::Cow::Owned(v.to_string().into_bytes()))
            } else {
                Some(std::borrow::Cow::Borrowed(data))
            }
        } else {
            None
        };
    line.extend_from_slice(b"{\"input\":");
    line.extend_from_slice(input.to_string().as_bytes());
    match json {
        Some(bytes) => {
            line.extend_from_slice(b",\"document\":");
            line.extend_from_slice(&bytes);
        }
        None => {
            let shown = if content_type.is_empty() {
                "application/octet-stream"
            } else {
                content_type
            };
            line.extend_from_slice(b",\"content_type\":");
            line.extend_from_slice(json_string(shown).as_bytes());
            line.extend_from_slice(b",\"document\":");
            line.extend_from_slice(json_string(&String::from_utf8_lossy(data)).as_bytes());
        }
    }
    let properties = document.properties.as_str().trim();
    if !properties.is_empty() && properties != "{}" {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(properties) {
            line.extend_from_slice(b",\"properties\":");
            line.extend_from_slice(v.to_string().as_bytes());
        }
    }
    line.extend_from_slice(b"}\n");
}

fn trim(data: &[u8]) -> &[u8] {
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let end = data
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map(|i| i + 1)
        .unwrap_or(start);
    &data[start..end.max(start)]
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[derive(Serialize)]
struct OutcomeLine<'a> {
    input: u64,
    outcome: &'static str,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<serde_json::Value>,
}

/// `{"input":N,"outcome":"…","code":"…","message":"…"}` (plus `detail`) and a newline.
pub(crate) fn outcome_line(line: &mut Vec<u8>, input: u64, outcome: &Outcome) {
    let detail = match outcome.detail_json.as_str().trim() {
        "" => None,
        text => Some(
            serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.into())),
        ),
    };
    let record = OutcomeLine {
        input,
        outcome: outcome.status.as_str(),
        code: outcome.code.as_str(),
        message: outcome.message.as_str(),
        detail,
    };
    // Serialising plain strings and numbers cannot fail.
    let _ = serde_json::to_writer(&mut *line, &record);
    line.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut line = Vec::new();
        f(&mut line);
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn json_documents_are_embedded_as_is() {
        let doc = Document::json(b" {\"a\": 1} ".to_vec());
        assert_eq!(
            text(|l| output_line(l, 3, &doc)),
            "{\"input\":3,\"document\":{\"a\": 1}}\n"
        );
    }

    #[test]
    fn multi_line_json_is_compacted() {
        let doc = Document::json(b"{\n \"a\": 1\n}".to_vec());
        assert_eq!(
            text(|l| output_line(l, 1, &doc)),
            "{\"input\":1,\"document\":{\"a\":1}}\n"
        );
    }

    #[test]
    fn xml_documents_are_strings_with_their_content_type() {
        let doc = Document::new("application/xml", b"<a x=\"1\"/>".to_vec());
        assert_eq!(
            text(|l| output_line(l, 2, &doc)),
            "{\"input\":2,\"content_type\":\"application/xml\",\"document\":\"<a x=\\\"1\\\"/>\"}\n"
        );
    }

    #[test]
    fn outcomes_have_a_fixed_shape() {
        let o = Outcome::application_error("RCRD_DSNT_EXIST", "no such record");
        assert_eq!(
            text(|l| outcome_line(l, 4, &o)),
            "{\"input\":4,\"outcome\":\"APPLICATION_ERROR\",\"code\":\"RCRD_DSNT_EXIST\",\"message\":\"no such record\"}\n"
        );
    }
}
