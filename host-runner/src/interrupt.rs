//! Stopping a run: the first Ctrl-C stops taking new batches and lets in-flight ones finish;
//! the second aborts them through their [`Cancellation`]; a third ends the process at once.
//!
//! [`RunControl`] is what the flow checks; the CLI connects it to SIGINT with
//! [`install_ctrl_c`], tests call [`RunControl::stop`] and [`RunControl::abort`] directly.
//! Whatever happens, every input document still gets an outcome: documents never started
//! get FAILURE with code `INTERRUPTED`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use connector_api::Cancellation;

/// Shared stop and abort switches of one run. Clones share them.
#[derive(Clone, Debug, Default)]
pub struct RunControl {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    stopped: AtomicBool,
    presses: AtomicU32,
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

    /// One interrupt (Ctrl-C): the first stops, the second aborts. Returns how many so far.
    pub fn interrupt(&self) -> u32 {
        let n = self.inner.presses.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 1 {
            self.stop();
        } else {
            self.abort();
        }
        n
    }
}

/// Connects SIGINT (Ctrl-C) to `control` for the rest of the process, on a small thread
/// with its own single-threaded tokio runtime.
///
/// # Errors
///
/// When the runtime or the thread cannot start.
pub fn install_ctrl_c(control: RunControl) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("host-signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                loop {
                    if tokio::signal::ctrl_c().await.is_err() {
                        return;
                    }
                    match control.interrupt() {
                        1 => tracing::warn!(
                            "interrupted: no new batches are started; in-flight batches finish \
                             (press Ctrl-C again to abort them)"
                        ),
                        2 => tracing::warn!(
                            "interrupted again: aborting in-flight batches (press Ctrl-C once \
                             more to quit at once, without the summary)"
                        ),
                        _ => std::process::exit(i32::from(crate::error::EXIT_INTERRUPTED)),
                    }
                }
            });
        })?;
    Ok(())
}
