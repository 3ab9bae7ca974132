//! `run --resume`: continuing a run that was interrupted or crashed, from its output.
//!
//! Every outcome line names its input by line number (`{"input":N,"outcome":…}`), so the
//! output of the earlier run says which inputs are done. Before the resumed run starts, the
//! output is rewritten in place (through a temporary file renamed over it) keeping only the
//! lines of inputs that have their final outcome: an outcome other than FAILURE
//! `INTERRUPTED` or FAILURE `CANCELLED` (the code connectors give a document cancelled in
//! flight, which only an abort of the run does). Dropped are a line cut short by a crash, the
//! output lines of inputs without an outcome, and those two outcomes (the inputs are
//! processed again). The
//! resumed run then appends; across the run and its resume every input has exactly one
//! outcome line.
//!
//! Inputs processed again are marked with the document property `possibly_applied`
//! ([`connector_payload::POSSIBLY_APPLIED`]) when their earlier attempt may have reached the
//! service: every input without an outcome line (a crash loses the outcomes of the batches in
//! flight, and the host cannot tell them from the ones never started) and every input aborted
//! in flight (`INTERRUPTED` with `"detail":{"in_flight":true}`, or `CANCELLED`). Inputs that
//! a graceful stop
//! reported as never started are sent plainly. The failed-documents file is written anew from
//! the skipped inputs that did not succeed, then the resumed run's.
//!
//! A cluster node taking over a batch whose node died applies the same rules
//! ([`Resume::note`], [`Resume::keeps`]) to the batch's lines in PostgreSQL
//! (`cluster::work::claim`).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::Deserialize;

use crate::error::RunError;
use crate::report::Resumed;

/// Document properties of an input sent again after an attempt that may have been applied.
pub(crate) const POSSIBLY_APPLIED_PROPERTIES: &str = r#"{"possibly_applied":true}"#;

/// The code connectors give a document whose call was cancelled in flight.
const CANCELLED: &str = "CANCELLED";

/// What the earlier run's output says.
#[derive(Debug, Default)]
pub(crate) struct Resume {
    /// Inputs with their final outcome: true when SUCCESS.
    done: HashMap<u64, bool>,
    /// Inputs reported never started (`INTERRUPTED` without `in_flight`).
    never_started: HashSet<u64>,
}

impl Resume {
    /// The final outcome of input `number` in the earlier output (true: SUCCESS), if any.
    pub(crate) fn outcome_of(&self, number: u64) -> Option<bool> {
        self.done.get(&number).copied()
    }

    /// True when input `number`, sent again, may have been applied by the earlier attempt.
    pub(crate) fn possibly_applied(&self, number: u64) -> bool {
        !self.done.contains_key(&number) && !self.never_started.contains(&number)
    }

    /// Takes note of one line of the earlier output (an output or an outcome line); false
    /// when it is neither (a line cut short by a crash). The same rules serve `run --resume`
    /// on a file and a cluster node taking over a batch from the lines in PostgreSQL.
    pub(crate) fn note(&mut self, line: &[u8]) -> bool {
        let Ok(l) = serde_json::from_slice::<Line>(line) else {
            return false;
        };
        if let Some(outcome) = l.outcome {
            let in_flight = l
                .detail
                .as_ref()
                .and_then(|d| d.get("in_flight"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false);
            let code = l.code.as_deref().unwrap_or("");
            if outcome == "FAILURE" && code == super::INTERRUPTED {
                if !in_flight {
                    self.never_started.insert(l.input);
                }
            } else if outcome == "FAILURE" && code == CANCELLED {
                // Cancelled in flight by an abort: processed again, possibly applied.
            } else {
                self.done.insert(l.input, outcome == "SUCCESS");
            }
        }
        true
    }

    /// True when the earlier lines of input `number` are kept (it has its final outcome);
    /// the others are dropped and the input is processed again.
    pub(crate) fn keeps(&self, number: u64) -> bool {
        self.done.contains_key(&number)
    }

    /// The inputs whose earlier lines are kept.
    pub(crate) fn kept(&self) -> impl Iterator<Item = u64> + '_ {
        self.done.keys().copied()
    }

    /// The counts the summary shows (`possibly_applied` is counted as inputs are read).
    pub(crate) fn counts(&self) -> Resumed {
        Resumed {
            skipped: self.done.len() as u64,
            skipped_not_successful: self.done.values().filter(|s| !**s).count() as u64,
            possibly_applied: 0,
        }
    }
}

#[derive(Deserialize)]
struct Line {
    input: u64,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    detail: Option<serde_json::Value>,
}

/// Reads the earlier output at `path` and rewrites it as the module docs say. A missing
/// output means nothing was done yet.
///
/// # Errors
///
/// When the output cannot be read or rewritten.
pub(crate) fn prepare(path: &Path) -> Result<Resume, RunError> {
    let io = |what: String| move |e| RunError::Io { what, source: e };
    let mut resume = Resume::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(output = %path.display(), "resume: no earlier output, starting from the first input");
            return Ok(resume);
        }
        Err(e) => {
            return Err(io(format!(
                "cannot read the output {} to resume",
                path.display()
            ))(e))
        }
    };
    let mut unreadable = 0u64;
    for_each_line(file, |line| {
        if !resume.note(line) {
            unreadable += 1;
        }
    })
    .map_err(io(format!(
        "cannot read the output {} to resume",
        path.display()
    )))?;
    if unreadable > 0 {
        tracing::warn!(
            lines = unreadable,
            "resume: dropped output lines that are not complete output or outcome lines (cut short by a crash)"
        );
    }

    // Keep only the lines of inputs with their final outcome.
    let temporary = path.with_extension("resume-tmp");
    let rewrite = || -> std::io::Result<()> {
        let mut out = BufWriter::new(File::create(&temporary)?);
        let mut result = Ok(());
        for_each_line(File::open(path)?, |line| {
            if result.is_err() {
                return;
            }
            let keep = serde_json::from_slice::<Line>(line).is_ok_and(|l| resume.keeps(l.input));
            if keep {
                result = out.write_all(line).and_then(|()| out.write_all(b"\n"));
            }
        })?;
        result?;
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temporary, path)
    };
    rewrite().map_err(io(format!(
        "cannot rewrite the output {} to resume",
        path.display()
    )))?;
    tracing::info!(
        output = %path.display(),
        skipped = resume.done.len(),
        "resume: inputs with an outcome are skipped; the others are processed again"
    );
    Ok(resume)
}

/// Calls `f` with every complete line of `file` (without its line break); a last line without
/// a line break was cut short and is left out.
fn for_each_line(file: File, mut f: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line.pop() != Some(b'\n') {
            return Ok(());
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        f(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_final_outcomes_and_drops_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ndjson");
        std::fs::write(
            &path,
            concat!(
                "{\"input\":1,\"document\":{\"a\":1}}\n",
                "{\"input\":1,\"outcome\":\"SUCCESS\",\"code\":\"\",\"message\":\"\"}\n",
                "{\"input\":2,\"document\":{\"b\":1}}\n",
                "{\"input\":3,\"outcome\":\"FAILURE\",\"code\":\"INTERRUPTED\",\"message\":\"\"}\n",
                "{\"input\":4,\"outcome\":\"FAILURE\",\"code\":\"INTERRUPTED\",\"message\":\"\",\"detail\":{\"in_flight\":true}}\n",
                "{\"input\":5,\"outcome\":\"APPLICATION_ERROR\",\"code\":\"X\",\"message\":\"\"}\n",
                "{\"input\":7,\"outcome\":\"FAILURE\",\"code\":\"CANCELLED\",\"message\":\"\"}\n",
                "{\"input\":6,\"outc"
            ),
        )
        .unwrap();
        let resume = prepare(&path).unwrap();
        assert_eq!(resume.outcome_of(1), Some(true));
        assert_eq!(resume.outcome_of(5), Some(false));
        assert_eq!(resume.outcome_of(2), None);
        assert!(
            resume.possibly_applied(2),
            "no outcome: may have been in flight"
        );
        assert!(!resume.possibly_applied(3), "never started");
        assert!(resume.possibly_applied(4), "aborted in flight");
        assert!(resume.possibly_applied(6), "its outcome line was cut short");
        assert!(resume.possibly_applied(7), "cancelled in flight");
        let kept = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            kept,
            concat!(
                "{\"input\":1,\"document\":{\"a\":1}}\n",
                "{\"input\":1,\"outcome\":\"SUCCESS\",\"code\":\"\",\"message\":\"\"}\n",
                "{\"input\":5,\"outcome\":\"APPLICATION_ERROR\",\"code\":\"X\",\"message\":\"\"}\n",
            )
        );
        assert_eq!(resume.counts().skipped, 2);
    }
}
