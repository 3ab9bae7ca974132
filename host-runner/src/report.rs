//! What a run did: counts per outcome, duration, throughput, and the exit code; printed as
//! the summary on stderr at the end of `host-runner run`.

use std::fmt;
use std::time::Duration;

use crate::error::{EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK};
use crate::flow::writer::OutcomeCounts;
use crate::interrupt::StopSignal;
use crate::state::StateReport;
use crate::transport::PoolStats;

/// What a resumed run found in the output of the run it continues.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Inputs skipped: they already had their outcome.
    pub skipped: u64,
    /// Of those, the ones whose outcome was not SUCCESS.
    pub skipped_not_successful: u64,
    /// Inputs sent again marked `possibly_applied` (their earlier attempt may have reached
    /// the service without its outcome being recorded).
    pub possibly_applied: u64,
}

/// The result of a run.
#[derive(Debug)]
pub struct RunReport {
    /// The process's name.
    pub name: String,
    /// The connector's name and version (`echo 0.1.0`).
    pub connector: String,
    /// The operation's action and record type (`QUERY customer`).
    pub operation: String,
    /// The connection's summary, as the connector gives it (no secrets).
    pub connection: String,
    /// The embedded simulator's URL, when the run used it.
    pub embedded: Option<String>,
    /// What the embedded simulator simulates (`NetSuite simulator`), when the run used it.
    pub embedded_name: Option<String>,
    /// Outcomes per status.
    pub counts: OutcomeCounts,
    /// Output documents written.
    pub outputs: u64,
    /// execute calls made.
    pub batches: u64,
    /// Units used.
    pub units: u32,
    /// Documents per batch.
    pub batch_size: usize,
    /// Wall time of the whole run.
    pub duration: Duration,
    /// The run was stopped by an interrupt.
    pub interrupted: bool,
    /// The signal that stopped it, when one did (its exit code is the run's).
    pub signal: Option<StopSignal>,
    /// Resumed: inputs that already had their outcome in the output, and so were skipped.
    pub resumed: Option<Resumed>,
    /// Standard input was not read to its end (after an interrupt).
    pub unread_input: bool,
    /// The input could not be read to the end.
    pub input_error: Option<String>,
    /// The output could not be written.
    pub output_error: Option<String>,
    /// The connection's concurrency pool after the run: key and stats.
    pub pool: Option<(String, PoolStats)>,
    /// What became of the `[state]` cursor, for an incremental process.
    pub state: Option<StateReport>,
}

impl RunReport {
    /// 0 when every document succeeded; 1 when some did not; 2 when the input, output or state
    /// failed; when interrupted, the signal's exit code (130 SIGINT, 143 SIGTERM, 129
    /// SIGHUP; 130 without a signal). A resumed run counts the skipped outcomes too.
    pub fn exit_code(&self) -> u8 {
        let earlier_failed = self.resumed.is_some_and(|r| r.skipped_not_successful > 0);
        let state_error = self.state.as_ref().is_some_and(StateReport::is_error);
        if self.input_error.is_some() || self.output_error.is_some() || state_error {
            EXIT_CANNOT_RUN
        } else if self.interrupted {
            self.signal.map_or(EXIT_INTERRUPTED, StopSignal::exit_code)
        } else if self.counts.success == self.counts.total() && !earlier_failed {
            EXIT_OK
        } else {
            EXIT_FAILED
        }
    }

    /// Documents per second over the whole run.
    pub fn documents_per_second(&self) -> f64 {
        self.counts.total() as f64 / self.duration.as_secs_f64().max(0.000_001)
    }
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        let how = if self.interrupted {
            "interrupted"
        } else {
            "finished"
        };
        let by = match (self.interrupted, self.signal) {
            (true, Some(signal)) => format!(" by {}", signal.name()),
            _ => String::new(),
        };
        write!(
            f,
            "host-runner: {how} {:?}{by}: {} with {}",
            self.name, self.operation, self.connector
        )?;
        match &self.embedded {
            Some(url) => writeln!(
                f,
                " on the embedded {} ({url}; no account configured)",
                self.embedded_name.as_deref().unwrap_or("simulator")
            )?,
            None => writeln!(f, " ({})", self.connection)?,
        }
        writeln!(
            f,
            "  {}: {} SUCCESS, {} APPLICATION_ERROR, {} FAILURE; {}",
            plural(c.total(), "input document"),
            c.success,
            c.application_error,
            c.failure,
            plural(self.outputs, "output document"),
        )?;
        if c.interrupted > 0 || c.no_outcome > 0 {
            writeln!(
                f,
                "  of the failures: {} never started (INTERRUPTED), {} without an outcome from the connector (NO_OUTCOME)",
                c.interrupted, c.no_outcome
            )?;
        }
        if let Some(r) = &self.resumed {
            writeln!(
                f,
                "  resumed: {} skipped (already with an outcome, {} of them not SUCCESS), {} sent again marked possibly_applied",
                plural(r.skipped, "input"),
                r.skipped_not_successful,
                r.possibly_applied
            )?;
        }
        let seconds = self.duration.as_secs_f64().max(0.000_001);
        write!(
            f,
            "  {:.2} s, {:.1} documents/s, {:.1} output documents/s; {} of up to {} on {}",
            self.duration.as_secs_f64(),
            self.documents_per_second(),
            self.outputs as f64 / seconds,
            plural(self.batches, "batch"),
            self.batch_size,
            plural(u64::from(self.units), "unit"),
        )?;
        if let Some((key, stats)) = &self.pool {
            write!(
                f,
                "; at most {} of {} requests in flight on {key}",
                stats.peak_in_flight, stats.limit
            )?;
        }
        writeln!(f)?;
        if self.unread_input {
            writeln!(
                f,
                "  standard input was not read to its end: documents after the last one counted here got no outcome"
            )?;
        }
        if let Some(e) = &self.input_error {
            writeln!(f, "  the input could not be read: {e}")?;
        }
        if let Some(e) = &self.output_error {
            writeln!(f, "  the output could not be written: {e}")?;
        }
        if let Some(state) = &self.state {
            writeln!(f, "  {state}")?;
        }
        Ok(())
    }
}

/// `1 batch`, `2 batches`, `0 units`.
fn plural(n: u64, noun: &str) -> String {
    match (n, noun.ends_with("ch")) {
        (1, _) => format!("1 {noun}"),
        (_, true) => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}
