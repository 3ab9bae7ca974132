//! Progress of a run on stderr: an indicatif bar with documents/s and ETA on a terminal,
//! plain periodic lines otherwise (logs, CI), nothing with `--progress off`.
//!
//! The flow updates shared [`Counters`]; a small thread turns them into the display, so the
//! workers never wait for the terminal. The ETA comes from the input bytes already processed
//! against the input file's size (input is read lazily, so the number of documents is not
//! known in advance); without a file (stdin, a query), the bar is a spinner with counts. A
//! query that says how many records it will give (NetSuite's `totalRecords` on its first
//! page, reported through the connector's log: see [`crate::activity`]) adds records of
//! total, records/s and an ETA. With `--log-format json` progress is always lines, each one
//! JSON object (`target` `host_runner::progress`).
//! Log lines go through [`suspend`] so that they never tear the bar.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Map, Value};
use tracing::Level;

use crate::exec_log;

/// How progress is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressMode {
    /// A bar when stderr is a terminal, plain lines otherwise.
    #[default]
    Auto,
    /// Always the bar.
    Bar,
    /// Always plain lines.
    Lines,
    /// Nothing.
    Off,
}

/// What the flow has done so far, shared with the display.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Input documents with their outcome.
    pub(crate) done: AtomicU64,
    /// Of which not SUCCESS.
    pub(crate) not_successful: AtomicU64,
    /// Output documents written.
    pub(crate) outputs: AtomicU64,
    /// Input bytes of the documents done (for the ETA).
    pub(crate) bytes_done: AtomicU64,
    /// Records the run's queries said they would give in all (their first pages'
    /// `total_records`, see [`crate::activity`]).
    pub(crate) query_total: AtomicU64,
    /// Records the run's queries' pages gave so far.
    pub(crate) query_records: AtomicU64,
}

static ACTIVE_BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `write` with the progress bar (if any) hidden, so a log line does not tear it.
pub(crate) fn suspend<R>(write: impl FnOnce() -> R) -> R {
    let bar = ACTIVE_BAR
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// A running progress display; [`finish`](Progress::finish) stops it.
pub(crate) struct Progress {
    /// Dropped to stop the display thread.
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts showing `counters`. `total_bytes` is the input file's size, when known;
    /// `interval` is the period of plain lines.
    pub(crate) fn start(
        mode: ProgressMode,
        total_bytes: Option<u64>,
        counters: Arc<Counters>,
        interval: Duration,
    ) -> Progress {
        use std::io::IsTerminal;
        // Dropping the sender wakes the display thread at once: no run waits for its tick.
        let (stop, stopped) = mpsc::channel::<()>();
        let mode = match mode {
            // Every stderr line is a JSON object in json mode: a bar is not one.
            ProgressMode::Auto | ProgressMode::Bar if exec_log::is_json() => ProgressMode::Lines,
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Lines,
            other => other,
        };
        let thread = match mode {
            ProgressMode::Off | ProgressMode::Auto => None,
            ProgressMode::Bar => {
                let bar = new_bar(total_bytes);
                *ACTIVE_BAR.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
                Some(std::thread::spawn(move || run_bar(bar, counters, stopped)))
            }
            ProgressMode::Lines => Some(std::thread::spawn(move || {
                run_lines(total_bytes, counters, stopped, interval)
            })),
        };
        Progress {
            stop: Some(stop),
            thread,
        }
    }

    /// Stops the display and clears the bar.
    pub(crate) fn finish(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if let Some(bar) = ACTIVE_BAR
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn new_bar(total_bytes: Option<u64>) -> ProgressBar {
    let bar = match total_bytes {
        Some(total) if total > 0 => {
            let bar =
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(5));
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% {msg} ETA {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }
        _ => {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
            if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}") {
                bar.set_style(style);
            }
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// What the display shows at one moment.
struct Snapshot {
    done: u64,
    failed: u64,
    outputs: u64,
    seconds: f64,
    /// Records of the queries so far and in all, when a query said how many it will give.
    records: Option<(u64, u64)>,
}

impl Snapshot {
    fn take(counters: &Counters, elapsed: Duration) -> Snapshot {
        let total = counters.query_total.load(Ordering::Relaxed);
        Snapshot {
            done: counters.done.load(Ordering::Relaxed),
            failed: counters.not_successful.load(Ordering::Relaxed),
            outputs: counters.outputs.load(Ordering::Relaxed),
            seconds: elapsed.as_secs_f64().max(0.001),
            records: (total > 0).then(|| (counters.query_records.load(Ordering::Relaxed), total)),
        }
    }

    /// `13000 of 250000 records (5%), 2000 records/s, ETA 118 s`, when a query gave its total.
    fn records_text(&self) -> Option<String> {
        let (records, total) = self.records?;
        let rate = records as f64 / self.seconds;
        let mut text = format!(
            "{records} of {total} records ({:.0}%), {rate:.0} records/s",
            percent(records, total)
        );
        if let Some(eta) = eta(records, total, self.seconds) {
            text.push_str(&format!(", ETA {eta:.0} s"));
        }
        Some(text)
    }

    fn text(&self) -> String {
        let mut text = format!(
            "{} ({} not successful), {}; {:.0} documents/s, {:.0} outputs/s",
            plural(self.done, "document"),
            self.failed,
            plural(self.outputs, "output"),
            self.done as f64 / self.seconds,
            self.outputs as f64 / self.seconds
        );
        if let Some(records) = self.records_text() {
            text.push_str("; ");
            text.push_str(&records);
        }
        text
    }

    fn fields(&self) -> Map<String, Value> {
        let mut fields = Map::new();
        fields.insert("documents".into(), self.done.into());
        fields.insert("not_successful".into(), self.failed.into());
        fields.insert("outputs".into(), self.outputs.into());
        fields.insert("elapsed_s".into(), round(self.seconds).into());
        fields.insert(
            "documents_per_s".into(),
            round(self.done as f64 / self.seconds).into(),
        );
        fields.insert(
            "outputs_per_s".into(),
            round(self.outputs as f64 / self.seconds).into(),
        );
        if let Some((records, total)) = self.records {
            fields.insert("records".into(), records.into());
            fields.insert("records_total".into(), total.into());
            fields.insert(
                "records_per_s".into(),
                round(records as f64 / self.seconds).into(),
            );
            if let Some(eta) = eta(records, total, self.seconds) {
                fields.insert("eta_s".into(), round(eta).into());
            }
        }
        fields
    }
}

fn percent(done: u64, total: u64) -> f64 {
    done.min(total) as f64 * 100.0 / total.max(1) as f64
}

/// Seconds left at the rate so far, once something is done.
fn eta(done: u64, total: u64, seconds: f64) -> Option<f64> {
    (done > 0).then(|| seconds * total.saturating_sub(done) as f64 / done as f64)
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `1 document`, `3 outputs`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Waits one tick; false once the display is to stop (the sender is gone).
fn tick(stopped: &mpsc::Receiver<()>) -> bool {
    matches!(
        stopped.recv_timeout(Duration::from_millis(100)),
        Err(mpsc::RecvTimeoutError::Timeout)
    )
}

fn run_bar(bar: ProgressBar, counters: Arc<Counters>, stopped: mpsc::Receiver<()>) {
    let started = Instant::now();
    loop {
        bar.set_position(counters.bytes_done.load(Ordering::Relaxed));
        bar.set_message(Snapshot::take(&counters, started.elapsed()).text());
        if !tick(&stopped) {
            return;
        }
    }
}

fn run_lines(
    total_bytes: Option<u64>,
    counters: Arc<Counters>,
    stopped: mpsc::Receiver<()>,
    interval: Duration,
) {
    let started = Instant::now();
    let mut next = started + interval;
    while tick(&stopped) {
        if Instant::now() < next {
            continue;
        }
        next += interval;
        let elapsed = started.elapsed();
        let snapshot = Snapshot::take(&counters, elapsed);
        let mut fields = snapshot.fields();
        let mut line = format!(
            "host-runner: progress: {} after {:.0} s",
            snapshot.text(),
            elapsed.as_secs_f64()
        );
        if let Some(total) = total_bytes.filter(|t| *t > 0) {
            let done = counters.bytes_done.load(Ordering::Relaxed).min(total);
            let percent = percent(done, total);
            line.push_str(&format!(", {percent:.0}% of the input"));
            fields.insert("input_percent".into(), round(percent).into());
            if let Some(eta) = eta(done, total, elapsed.as_secs_f64()) {
                line.push_str(&format!(", ETA {eta:.0} s"));
                // The input's ETA wins over a query's: it covers the whole run.
                fields.insert("eta_s".into(), round(eta).into());
            }
        }
        let message = if exec_log::is_json() {
            line.trim_start_matches("host-runner: ")
        } else {
            &line
        };
        exec_log::host_line(Level::INFO, "host_runner::progress", message, fields);
    }
}
