//! Worker threads for a call, with the call's guarantees.
//!
//! A thread started with `std::thread` inside an entry point loses what the SDK promises for
//! that call: its `tracing` events go to whichever host installed the library first rather
//! than to the host that made the call, and a panic in it is not contained (it poisons
//! nothing, and a scoped thread's panic resumes in the caller). [`scope`] is
//! `std::thread::scope` with both carried over: every worker logs to the calling instance's
//! sink, and a panic in a worker poisons the instance and comes back from
//! [`Worker::join`] as the same `CONNECTOR_PANIC` error an entry point would return.
//!
//! ```ignore
//! connector_sdk::thread::scope(|scope| {
//!     let next = scope.spawn(|| fetch(page + 1));
//!     decode(current);
//!     next.join() // Result<_, ConnectorError>
//! })
//! ```

use crate::guard::{self, CallContext};
use crate::{ConnectorError, ErrorKind};

/// Runs `f` with a [`Scope`] whose workers inherit the calling entry point's log scope and
/// panic guard; every worker has finished when `scope` returns.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> T,
{
    let context = guard::current();
    std::thread::scope(|inner| f(&Scope { inner, context }))
}

/// Starts worker threads for the current call; see [`scope`].
pub struct Scope<'scope, 'env: 'scope> {
    inner: &'scope std::thread::Scope<'scope, 'env>,
    context: Option<CallContext>,
}

impl<'scope> Scope<'scope, '_> {
    /// Runs `f` on a new thread, as part of the call that opened the scope.
    pub fn spawn<F, T>(&self, f: F) -> Worker<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let context = self.context.clone();
        Worker(self.inner.spawn(move || match context {
            Some(call) => call.poison.contain(call.entry, f),
            // Outside an entry point (a unit test calling the connector directly) there is
            // no instance to poison; the panic is still turned into an error.
            None => std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
                ConnectorError::new(
                    ErrorKind::Internal,
                    "CONNECTOR_PANIC",
                    "a worker thread of the connector panicked",
                )
            }),
        }))
    }
}

/// A worker started by [`Scope::spawn`].
pub struct Worker<'scope, T>(std::thread::ScopedJoinHandle<'scope, Result<T, ConnectorError>>);

impl<T> Worker<'_, T> {
    /// Waits for the worker: its value, or the error its panic became.
    pub fn join(self) -> Result<T, ConnectorError> {
        self.0.join().unwrap_or_else(|_| {
            Err(ConnectorError::internal(
                "a worker thread of the connector ended without an answer",
            ))
        })
    }

    /// True once the worker has finished.
    pub fn is_finished(&self) -> bool {
        self.0.is_finished()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use connector_api::abi_stable::sabi_trait::TD_Opaque;
    use connector_api::abi_stable::std_types::RArc;
    use connector_api::{LogLevel, LogRecord, LogSink, LogSinkBox, LogSink_TO};

    use super::*;
    use crate::guard::Poison;

    /// A log sink that keeps every message it receives.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<String>>>);

    impl LogSink for Captured {
        fn max_level(&self) -> LogLevel {
            LogLevel::Trace
        }
        fn log(&self, record: LogRecord<'_>) {
            self.0
                .lock()
                .unwrap()
                .push(record.message.as_str().to_string());
        }
    }

    fn instance() -> (Poison, Captured) {
        let captured = Captured::default();
        let sink: LogSinkBox = LogSink_TO::from_ptr(RArc::new(captured.clone()), TD_Opaque);
        // Events with no call sink on their thread would go to the library-wide sink: install
        // one that is not the instance's, so a worker that lost its scope is noticed.
        let other: LogSinkBox = LogSink_TO::from_ptr(RArc::new(Captured::default()), TD_Opaque);
        crate::log::install(other);
        (Poison::new(sink), captured)
    }

    #[test]
    fn a_worker_logs_to_the_sink_of_the_call_that_started_it() {
        let (poison, captured) = instance();
        let value = poison.guard("execute", || {
            scope(|s| {
                let worker = s.spawn(|| {
                    tracing::info!("fetched page 2 in a worker");
                    2
                });
                worker.join()
            })
        });
        assert_eq!(value, Ok(2));
        let messages = captured.0.lock().unwrap().clone();
        assert!(
            messages.iter().any(|m| m == "fetched page 2 in a worker"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_panic_in_a_worker_is_contained_and_poisons_the_instance() {
        let (poison, captured) = instance();
        let result = poison.guard("execute", || {
            scope(|s| s.spawn(|| -> u32 { panic!("page decoder broke") }).join())
        });
        let error = result.expect_err("the panic comes back as an error");
        assert_eq!(error.code.as_str(), "CONNECTOR_PANIC");
        assert!(error.message.contains("page decoder broke"), "{error}");
        assert!(poison.is_poisoned());
        let refused = poison.guard("execute", || Ok(())).expect_err("poisoned");
        assert_eq!(refused.code.as_str(), "CONNECTOR_POISONED");
        let messages = captured.0.lock().unwrap().clone();
        assert!(
            messages.iter().any(|m| m.contains("instance poisoned")),
            "{messages:?}"
        );
    }

    #[test]
    fn outside_a_call_a_worker_panic_is_still_an_error() {
        let result = scope(|s| s.spawn(|| -> u32 { panic!("no call") }).join());
        assert_eq!(result.unwrap_err().code.as_str(), "CONNECTOR_PANIC");
    }
}
