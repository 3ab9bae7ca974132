//! Panic containment: every entry point runs inside [`Poison::guard`], and every worker thread
//! a call starts through [`crate::thread`] inside [`Poison::contain`].

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::{ConnectorError, ErrorKind, LogSinkBox};

/// Shared by a connector instance and everything it created: once any entry point panicked,
/// the instance's state may be broken, so every later call is refused. Also carries the
/// instance's log sink, so that events emitted during a call reach the host that made it.
#[derive(Clone)]
pub(crate) struct Poison {
    flag: Arc<AtomicBool>,
    sink: LogSinkBox,
}

/// The entry point running on this thread: what a worker thread started by the call inherits.
#[derive(Clone)]
pub(crate) struct CallContext {
    pub(crate) poison: Poison,
    pub(crate) entry: &'static str,
}

thread_local! {
    static CURRENT: RefCell<Option<CallContext>> = const { RefCell::new(None) };
}

/// The call running on this thread, if any.
pub(crate) fn current() -> Option<CallContext> {
    CURRENT.with(|c| c.borrow().clone())
}

impl Poison {
    pub(crate) fn new(sink: LogSinkBox) -> Poison {
        Poison {
            flag: Arc::new(AtomicBool::new(false)),
            sink,
        }
    }

    pub(crate) fn is_poisoned(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Runs `f`, turning a panic into an `Internal` error and poisoning the instance.
    pub(crate) fn guard<T>(
        &self,
        entry: &'static str,
        f: impl FnOnce() -> Result<T, ConnectorError>,
    ) -> Result<T, ConnectorError> {
        if self.is_poisoned() {
            return Err(ConnectorError::new(
                ErrorKind::Internal,
                "CONNECTOR_POISONED",
                format!(
                    "the connector refused {entry}: it panicked earlier and its state can no \
                     longer be trusted; reload the host"
                ),
            ));
        }
        self.contain(entry, f).and_then(|result| result)
    }

    /// Runs `f` as part of `entry` on this thread: its events go to the instance's sink, and a
    /// panic becomes an `Internal` error and poisons the instance.
    pub(crate) fn contain<T>(
        &self,
        entry: &'static str,
        f: impl FnOnce() -> T,
    ) -> Result<T, ConnectorError> {
        let context = CallContext {
            poison: self.clone(),
            entry,
        };
        let outcome = crate::scope::with(&CURRENT, context, || {
            crate::log::scoped(&self.sink, || catch_unwind(AssertUnwindSafe(f)))
        });
        match outcome {
            Ok(value) => Ok(value),
            Err(payload) => {
                self.flag.store(true, Ordering::SeqCst);
                let what = panic_message(payload.as_ref());
                crate::log::scoped(
                    &self.sink,
                    || tracing::error!(entry, panic = %what, "connector panicked; instance poisoned"),
                );
                Err(ConnectorError::new(
                    ErrorKind::Internal,
                    "CONNECTOR_PANIC",
                    format!("the connector panicked in {entry}: {what}"),
                ))
            }
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a non-text panic payload".to_string()
    }
}
