//! Progress of a run on stderr: an indicatif bar with documents/s and ETA on a terminal,
//! plain periodic lines otherwise (logs, CI), nothing with `--progress off`.
//!
//! The flow updates shared [`Counters`]; a small thread turns them into the display, so the
//! workers never wait for the terminal. The ETA comes from the input bytes already processed
//! against the input file's size (input is read lazily, so the number of documents is not
//! known in advance); without a file (stdin, a query), the bar is a spinner with counts.
//! Log lines go through [`suspend`] so that they never tear the bar.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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

fn summary(counters: &Counters, elapsed: Duration) -> String {
    let done = counters.done.load(Ordering::Relaxed);
    let failed = counters.not_successful.load(Ordering::Relaxed);
    let outputs = counters.outputs.load(Ordering::Relaxed);
    let seconds = elapsed.as_secs_f64().max(0.001);
    format!(
        "{done} documents ({failed} not successful), {outputs} outputs; {:.0} documents/s, {:.0} outputs/s",
        done as f64 / seconds,
        outputs as f64 / seconds
    )
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
        bar.set_message(summary(&counters, started.elapsed()));
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
        let mut line = format!(
            "host-runner: progress: {} after {:.0} s",
            summary(&counters, elapsed),
            elapsed.as_secs_f64()
        );
        if let Some(total) = total_bytes.filter(|t| *t > 0) {
            let done = counters.bytes_done.load(Ordering::Relaxed).min(total);
            let percent = done as f64 * 100.0 / total as f64;
            line.push_str(&format!(", {percent:.0}% of the input"));
            if done > 0 {
                let eta = elapsed.as_secs_f64() * (total - done) as f64 / done as f64;
                line.push_str(&format!(", ETA {eta:.0} s"));
            }
        }
        eprintln!("{line}");
    }
}
