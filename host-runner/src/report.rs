//! What a run did: counts per outcome and per code, duration, throughput, requests, and the
//! exit code; printed as the summary on stderr at the end of `host-runner run` (text, or one
//! JSON object with `--log-format json`), and written as JSON by `--report FILE` for
//! monitoring ([`RunReport::to_json`]).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::activity::Activity;
use crate::error::{EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK};
use crate::flow::{CodeCounts, FailedFormat, OutcomeCounts};
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

/// Where a run's lines went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFiles {
    /// The output file; `None` for standard output.
    pub output: Option<PathBuf>,
    /// The failed-documents file, when there is one.
    pub failed: Option<PathBuf>,
    /// What the failed-documents file holds.
    pub failed_format: FailedFormat,
}

/// The cluster budget a run took its permits from (`run --cluster`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterBudget {
    /// The cluster database, as `user@host:port/db`.
    pub database: String,
    /// The cluster's limit of the pool key (the smallest a live node declared), when a
    /// permit was taken.
    pub limit: Option<u32>,
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
    /// Outcomes per status, as written to the output.
    pub counts: OutcomeCounts,
    /// Outcomes per status and code, as written to the output.
    pub codes: CodeCounts,
    /// Outcomes that could not be written (the output failed): in none of the counts.
    pub unwritten: u64,
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
    /// The cluster whose budget the pool shared (`run --cluster`).
    pub cluster: Option<ClusterBudget>,
    /// What became of the `[state]` cursor, for an incremental process.
    pub state: Option<StateReport>,
    /// What the connector reported through its log during the run: requests, retries,
    /// query records.
    pub activity: Activity,
    /// Where the output and the failed documents went.
    pub files: RunFiles,
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

    /// Documents per second over the whole run, of the documents that ran (those an
    /// interrupt left never started took no time).
    pub fn documents_per_second(&self) -> f64 {
        self.counts.ran() as f64 / self.seconds()
    }

    fn seconds(&self) -> f64 {
        self.duration.as_secs_f64().max(0.000_001)
    }

    /// The first line of the summary, without the program's name.
    fn headline(&self) -> String {
        let how = if self.interrupted {
            "interrupted"
        } else {
            "finished"
        };
        let by = match (self.interrupted, self.signal) {
            (true, Some(signal)) => format!(" by {}", signal.name()),
            _ => String::new(),
        };
        format!("{how} {:?}{by}", self.name)
    }

    /// The report as one JSON object, for monitoring (`--report FILE`, and the summary with
    /// `--log-format json`). Durations in seconds; rates per second.
    pub fn to_json(&self) -> Value {
        let c = &self.counts;
        let pool = self.pool.as_ref().map(|(key, stats)| {
            json!({
                "key": key,
                "limit": stats.limit,
                "peak_in_flight": stats.peak_in_flight,
                "admitted": stats.admitted,
                "permit_waits": stats.waited,
                "permit_wait_s": stats.total_wait.as_secs_f64(),
                "permit_ask_s": stats.asking.as_secs_f64(),
                "cluster": self.cluster.as_ref().map(|c| json!({
                    "database": c.database,
                    "limit": c.limit,
                })),
            })
        });
        let activity = &self.activity;
        json!({
            "name": self.name,
            "status": if self.interrupted { "interrupted" } else { "finished" },
            "exit_code": self.exit_code(),
            "connector": self.connector,
            "operation": self.operation,
            "connection": match &self.embedded {
                Some(url) => format!(
                    "the embedded {} at {url} (no account configured)",
                    self.embedded_name.as_deref().unwrap_or("simulator")
                ),
                None => self.connection.clone(),
            },
            "embedded": self.embedded.is_some(),
            "documents": c.total(),
            "outcomes": {
                "SUCCESS": c.success,
                "APPLICATION_ERROR": c.application_error,
                "FAILURE": c.failure,
            },
            "codes": self.codes,
            "never_started": c.never_started,
            "no_outcome": c.no_outcome,
            "unwritten": self.unwritten,
            "outputs": self.outputs,
            "duration_s": self.duration.as_secs_f64(),
            "documents_per_s": self.documents_per_second(),
            "outputs_per_s": self.outputs as f64 / self.seconds(),
            "batches": self.batches,
            "batch_size": self.batch_size,
            "units": self.units,
            "requests": activity.requests,
            "retries": activity.retries,
            "query_records": activity.query_records,
            "query_total_records": activity.query_total,
            "pool": pool,
            "permit_waits": self.pool.as_ref().map_or(0, |(_, s)| s.waited),
            "permit_wait_s": self.pool.as_ref().map_or(0.0, |(_, s)| s.total_wait.as_secs_f64()),
            "interrupted": self.interrupted,
            "signal": self.signal.filter(|_| self.interrupted).map(StopSignal::name),
            "output": self.files.output.as_ref().map_or_else(
                || "-".to_string(),
                |p| p.display().to_string()
            ),
            "failed": self.files.failed.as_ref().map(|p| p.display().to_string()),
            "failed_format": match self.files.failed_format {
                FailedFormat::Input => "input",
                FailedFormat::Reasons => "reasons",
            },
            "resumed": self.resumed.map(|r| json!({
                "skipped": r.skipped,
                "skipped_not_successful": r.skipped_not_successful,
                "possibly_applied": r.possibly_applied,
            })),
            "unread_input": self.unread_input,
            "errors": {
                "input": self.input_error,
                "output": self.output_error,
            },
            "state": self.state.as_ref().map(StateReport::to_json),
        })
    }

    /// The summary on stderr: text, or with `--log-format json` one object (the report's
    /// fields, `target` `host_runner::summary`).
    pub fn print_summary(&self) {
        let level = if self.exit_code() == EXIT_OK {
            tracing::Level::INFO
        } else {
            tracing::Level::WARN
        };
        let fields = match self.to_json() {
            Value::Object(fields) => fields,
            _ => serde_json::Map::new(),
        };
        let text = self.to_string();
        let message = if crate::exec_log::is_json() {
            self.headline()
        } else {
            text.trim_end().to_string()
        };
        crate::exec_log::host_line(level, "host_runner::summary", &message, fields);
    }
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        write!(
            f,
            "host-runner: {}: {} with {}",
            self.headline(),
            self.operation,
            self.connector
        )?;
        match &self.embedded {
            Some(url) => writeln!(
                f,
                " on the embedded {} ({url}; no account configured)",
                self.embedded_name.as_deref().unwrap_or("simulator")
            )?,
            None => writeln!(f, " ({})", self.connection)?,
        }
        // Said first: the counts below are of what reached the output, and no more.
        if let Some(e) = &self.output_error {
            writeln!(f, "  the output could not be written: {e}")?;
            if self.unwritten > 0 {
                writeln!(
                    f,
                    "  {} lost: not in the output and not counted below",
                    plural(self.unwritten, "outcome")
                )?;
            }
        }
        if let Some(e) = &self.input_error {
            writeln!(f, "  the input could not be read: {e}")?;
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
        let by_code: Vec<String> = self
            .codes
            .iter()
            .flat_map(|(status, codes)| {
                codes
                    .iter()
                    .filter(|(code, _)| !code.is_empty())
                    .map(move |(code, n)| format!("{n} {status} {code}"))
            })
            .collect();
        if !by_code.is_empty() {
            writeln!(f, "  by code: {}", by_code.join(", "))?;
        }
        let in_flight = c.interrupted - c.never_started;
        if c.interrupted > 0 || c.no_outcome > 0 {
            writeln!(
                f,
                "  of the failures: {} never started (INTERRUPTED), {} stopped while running (INTERRUPTED), {} without an outcome from the connector (NO_OUTCOME)",
                c.never_started, in_flight, c.no_outcome
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
        let seconds = self.seconds();
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
                "; at most {} of {} in flight on {key}",
                stats.peak_in_flight,
                plural(u64::from(stats.limit), "request"),
            )?;
            if let Some(cluster) = &self.cluster {
                write!(
                    f,
                    " in this process; the budget was the cluster's ({}",
                    cluster.database
                )?;
                if let Some(limit) = cluster.limit {
                    write!(f, ", at most {limit} across every node")?;
                }
                write!(f, ")")?;
            }
        }
        writeln!(f)?;
        let a = &self.activity;
        if a.requests > 0 {
            write!(
                f,
                "  {} ({})",
                plural(a.requests, "request"),
                plural(a.retries, "retry")
            )?;
            if let Some((_, stats)) = self.pool.as_ref().filter(|(_, s)| s.waited > 0) {
                write!(
                    f,
                    "; {} waited for a permit, {:.2} s in all",
                    plural(stats.waited, "request"),
                    stats.total_wait.as_secs_f64()
                )?;
            }
            if let Some((_, stats)) = self.pool.as_ref().filter(|_| self.cluster.is_some()) {
                write!(
                    f,
                    "; getting a permit took {:.1} ms per request on average",
                    stats.asking.as_secs_f64() * 1000.0 / stats.admitted.max(1) as f64
                )?;
            }
            writeln!(f)?;
        }
        let output = match &self.files.output {
            Some(path) => path.display().to_string(),
            None => "standard output".to_string(),
        };
        write!(f, "  output: {output}")?;
        if let Some(failed) = &self.files.failed {
            let what = match self.files.failed_format {
                FailedFormat::Input => "input lines",
                FailedFormat::Reasons => "documents with their reasons",
            };
            write!(
                f,
                "; documents that did not succeed ({what}): {}",
                failed.display()
            )?;
        }
        writeln!(f)?;
        if self.unread_input {
            writeln!(
                f,
                "  standard input was not read to its end: documents after the last one counted here got no outcome"
            )?;
        }
        if let Some(state) = &self.state {
            writeln!(f, "  {state}")?;
        }
        Ok(())
    }
}

/// `1 batch`, `2 batches`, `0 units`, `3 retries`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if noun.ends_with("ch") {
        format!("{n} {noun}es")
    } else if let Some(stem) = noun.strip_suffix("ry") {
        format!("{n} {stem}ries")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_the_singular_when_they_are_one() {
        assert_eq!(plural(1, "retry"), "1 retry");
        assert_eq!(plural(3, "retry"), "3 retries");
        assert_eq!(plural(2, "batch"), "2 batches");
        assert_eq!(plural(1, "request"), "1 request");
        assert_eq!(plural(0, "unit"), "0 units");
    }
}
