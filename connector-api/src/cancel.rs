//! Cancellation with a deadline, shared by the host and a connector call.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use abi_stable::{std_types::RArc, StableAbi};

/// A cancellation flag plus an optional deadline, handed to every long call.
///
/// The host sets the flag (Ctrl-C, a process timeout); the connector checks
/// [`is_cancelled`](Self::is_cancelled) between requests and pages, and sizes request
/// timeouts from [`remaining`](Self::remaining). Clones share the flag.
#[repr(C)]
#[derive(StableAbi, Clone)]
pub struct Cancellation {
    flag: RArc<AtomicBool>,
    /// Milliseconds since the Unix epoch after which the call is cancelled; 0 means none.
    deadline_unix_ms: u64,
}

impl Cancellation {
    /// A token that is never cancelled until [`cancel`](Self::cancel) is called.
    pub fn new() -> Cancellation {
        Cancellation {
            flag: RArc::new(AtomicBool::new(false)),
            deadline_unix_ms: 0,
        }
    }

    /// A token that also counts as cancelled once `timeout` has passed.
    pub fn with_timeout(timeout: Duration) -> Cancellation {
        let mut c = Cancellation::new();
        c.deadline_unix_ms = now_unix_ms().saturating_add(timeout.as_millis() as u64);
        c
    }

    /// The same flag with a deadline no later than `timeout` from now.
    pub fn child_with_timeout(&self, timeout: Duration) -> Cancellation {
        let deadline = now_unix_ms().saturating_add(timeout.as_millis() as u64);
        let deadline_unix_ms = match self.deadline_unix_ms {
            0 => deadline,
            d => d.min(deadline),
        };
        Cancellation {
            flag: self.flag.clone(),
            deadline_unix_ms,
        }
    }

    /// Cancels every holder of this token.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// True once cancelled or past the deadline.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
            || (self.deadline_unix_ms != 0 && now_unix_ms() >= self.deadline_unix_ms)
    }

    /// True only if [`cancel`](Self::cancel) was called (not merely past the deadline).
    pub fn is_cancel_requested(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Time left before the deadline, or `None` when there is no deadline.
    pub fn remaining(&self) -> Option<Duration> {
        match self.deadline_unix_ms {
            0 => None,
            d => Some(Duration::from_millis(d.saturating_sub(now_unix_ms()))),
        }
    }
}

impl Default for Cancellation {
    fn default() -> Self {
        Cancellation::new()
    }
}

impl std::fmt::Debug for Cancellation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancellation")
            .field("cancelled", &self.is_cancelled())
            .field("remaining", &self.remaining())
            .finish()
    }
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let a = Cancellation::new();
        let b = a.clone();
        assert!(!b.is_cancelled());
        a.cancel();
        assert!(b.is_cancelled());
    }

    #[test]
    fn deadline_counts_as_cancelled() {
        let c = Cancellation::with_timeout(Duration::from_millis(0));
        assert!(c.is_cancelled());
        assert!(!c.is_cancel_requested());
    }
}
