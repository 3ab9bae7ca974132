//! Stopping a run: the first termination signal (SIGINT/Ctrl-C, SIGTERM or SIGHUP) stops
//! taking new batches and lets in-flight ones finish for a grace period; when it is over, or
//! at the second signal, they are aborted through their [`Cancellation`].
//!
//! [`RunControl`] is what the flow checks; the CLI connects it to the signals with
//! [`install_signals`], tests call [`RunControl::stop`] and [`RunControl::abort`] directly.
//! Whatever happens, every input document still gets an outcome: documents never started
//! get FAILURE with code `INTERRUPTED`, and the process ends through `main` (destructors run:
//! the embedded demo removes its secrets folder), with the exit code of the first signal
//! ([`StopSignal::exit_code`]).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use connector_api::Cancellation;

/// How long in-flight batches may take to finish after the first signal, by default: 25 s,
/// so that a run stops inside Kubernetes' 30 s termination grace period.
pub const DEFAULT_GRACE_PERIOD: Duration = Duration::from_secs(25);

/// The signal that stopped a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (systemd, Kubernetes, `kill`).
    Terminate,
    /// SIGHUP (the terminal went away).
    Hangup,
}

impl StopSignal {
    /// The signal's name (`SIGTERM`).
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "SIGINT",
            StopSignal::Terminate => "SIGTERM",
            StopSignal::Hangup => "SIGHUP",
        }
    }

    /// The exit code of a run it stopped, as shells report a process ended by the signal
    /// (128 + its number): 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
    pub fn exit_code(self) -> u8 {
        match self {
            StopSignal::Interrupt => 130,
            StopSignal::Terminate => 143,
            StopSignal::Hangup => 129,
        }
    }

    fn code(self) -> u8 {
        match self {
            StopSignal::Interrupt => 1,
            StopSignal::Terminate => 2,
            StopSignal::Hangup => 3,
        }
    }

    fn from_code(code: u8) -> Option<StopSignal> {
        match code {
            1 => Some(StopSignal::Interrupt),
            2 => Some(StopSignal::Terminate),
            3 => Some(StopSignal::Hangup),
            _ => None,
        }
    }
}

/// Shared stop and abort switches of one run. Clones share them.
#[derive(Clone, Debug, Default)]
pub struct RunControl {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    stopped: AtomicBool,
    signals: AtomicU32,
    first_signal: AtomicU8,
    cancel: Cancellation,
}

impl RunControl {
    /// A control with nothing requested.
    pub fn new() -> RunControl {
        RunControl::default()
    }

    /// Stop taking new batches; in-flight batches finish.
    pub fn stop(&self) {
        self.inner.stopped.store(true, Ordering::SeqCst);
    }

    /// Stop, and cancel in-flight batches too.
    pub fn abort(&self) {
        self.stop();
        self.inner.cancel.cancel();
    }

    /// True once [`stop`](Self::stop) or [`abort`](Self::abort) was called.
    pub fn is_stopped(&self) -> bool {
        self.inner.stopped.load(Ordering::SeqCst)
    }

    /// True once [`abort`](Self::abort) was called.
    pub fn is_aborted(&self) -> bool {
        self.inner.cancel.is_cancel_requested()
    }

    /// The cancellation handed to every connector call of the run.
    pub fn cancellation(&self) -> &Cancellation {
        &self.inner.cancel
    }

    /// One termination signal: the first stops, the next ones abort. Returns how many so far.
    pub fn signal(&self, signal: StopSignal) -> u32 {
        let _ = self.inner.first_signal.compare_exchange(
            0,
            signal.code(),
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
        let n = self.inner.signals.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 1 {
            self.stop();
        } else {
            self.abort();
        }
        n
    }

    /// The first signal received, if any.
    pub fn stop_signal(&self) -> Option<StopSignal> {
        StopSignal::from_code(self.inner.first_signal.load(Ordering::SeqCst))
    }
}

/// Connects SIGINT, SIGTERM and SIGHUP (Ctrl-C only, off Unix) to `control` for the rest of
/// the process, on a small thread with its own single-threaded tokio runtime. After the first
/// signal, in-flight batches are aborted when `grace_period` is over or at the next signal.
///
/// # Errors
///
/// When the runtime, a signal handler or the thread cannot start.
pub fn install_signals(control: RunControl, grace_period: Duration) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut signals = runtime.block_on(async { Signals::new() })?;
    std::thread::Builder::new()
        .name("host-signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                let mut deadline: Option<tokio::time::Instant> = None;
                loop {
                    let grace_over = async {
                        match deadline {
                            Some(at) => tokio::time::sleep_until(at).await,
                            None => std::future::pending().await,
                        }
                    };
                    let signal = tokio::select! {
                        signal = signals.next() => signal,
                        () = grace_over => {
                            deadline = None;
                            if !control.is_aborted() {
                                tracing::warn!(
                                    grace_period_s = grace_period.as_secs_f64(),
                                    "the grace period is over: aborting in-flight batches"
                                );
                                control.abort();
                            }
                            continue;
                        }
                    };
                    let Some(signal) = signal else { return };
                    match control.signal(signal) {
                        1 => {
                            tracing::warn!(
                                signal = signal.name(),
                                grace_period_s = grace_period.as_secs_f64(),
                                "interrupted: no new batches are started; in-flight batches \
                                 finish within the grace period (a second signal aborts them)"
                            );
                            deadline = Some(tokio::time::Instant::now() + grace_period);
                        }
                        2 => {
                            deadline = None;
                            tracing::warn!(
                                signal = signal.name(),
                                "interrupted again: aborting in-flight batches"
                            );
                        }
                        _ => tracing::warn!(
                            signal = signal.name(),
                            "already aborting: waiting for the connector calls in flight to \
                             return (SIGKILL ends the process at once, without the summary)"
                        ),
                    }
                }
            });
        })?;
    Ok(())
}

/// The signals a run listens to.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    #[cfg(not(unix))]
    fn new() -> std::io::Result<Signals> {
        Ok(Signals {})
    }

    /// The next signal; `None` when no more can come.
    #[cfg(unix)]
    async fn next(&mut self) -> Option<StopSignal> {
        tokio::select! {
            s = self.interrupt.recv() => s.map(|()| StopSignal::Interrupt),
            s = self.terminate.recv() => s.map(|()| StopSignal::Terminate),
            s = self.hangup.recv() => s.map(|()| StopSignal::Hangup),
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> Option<StopSignal> {
        tokio::signal::ctrl_c()
            .await
            .ok()
            .map(|()| StopSignal::Interrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_signal_stops_names_the_exit_code_and_the_second_aborts() {
        let control = RunControl::new();
        assert_eq!(control.stop_signal(), None);
        assert_eq!(control.signal(StopSignal::Terminate), 1);
        assert!(control.is_stopped() && !control.is_aborted());
        assert_eq!(control.signal(StopSignal::Interrupt), 2);
        assert!(control.is_aborted());
        assert_eq!(control.stop_signal(), Some(StopSignal::Terminate));
        assert_eq!(StopSignal::Terminate.exit_code(), 143);
        assert_eq!(StopSignal::Hangup.exit_code(), 129);
    }
}
