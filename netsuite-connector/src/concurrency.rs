//! The connection's in-flight target: how many of its requests may be in flight at once, adapted
//! to what NetSuite accepts (additive increase, multiplicative decrease).
//!
//! The target starts at `max_concurrent_connections`. A concurrency fault (WS_REQUEST_BLOCKED,
//! WS_CONCUR_SESSION_DISALLWD, `exceededConcurrentRequestLimitFault`, HTTP 429) halves it (at
//! least 1), once per generation: the requests that were already in flight when it was lowered
//! belong to an older generation, so a burst of faults from one round lowers it once. A window of
//! successes (one per request of the target) raises it by one, up to the setting. Raising it
//! back to the level that last faulted is a probe: it waits for a longer window, doubled each
//! time the probe faults again, so that against a fixed limit the faults die out instead of
//! recurring every few rounds. The host's pool (declare_pool) still caps every request from above.
//!
//! One target per connection, shared by every host thread that uses the connection.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use connector_sdk::Cancellation;

use crate::error::Error;
use crate::parse::fault::FaultCode;

/// Longest probe window, in windows of successes: against a fixed limit, one probe fault per
/// this many rounds at most.
const MAX_PROBE_ROUNDS: u32 = 64;

/// How often a waiting request looks at its cancellation.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// How an attempt ended, as the target sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// NetSuite answered (even with an error status inside the response).
    Answered,
    /// NetSuite refused it for concurrency.
    ConcurrencyFault,
    /// Anything else (transport failure, other fault): says nothing about concurrency.
    Neutral,
}

impl Verdict {
    /// The verdict of one attempt's result.
    pub(crate) fn of<T>(result: &Result<T, Error>) -> Verdict {
        match result {
            Ok(_) => Verdict::Answered,
            Err(e) if is_concurrency_fault(e) => Verdict::ConcurrencyFault,
            Err(_) => Verdict::Neutral,
        }
    }
}

/// True when NetSuite (or a gateway) refused the request because too many were in flight.
pub(crate) fn is_concurrency_fault(error: &Error) -> bool {
    match error.root() {
        Error::Fault(f) => {
            matches!(
                f.code,
                FaultCode::RequestBlocked | FaultCode::ConcurrentSessionDisallowed
            ) || f.element == "exceededConcurrentRequestLimitFault"
        }
        Error::Http { status: 429, .. } => true,
        _ => false,
    }
}

#[derive(Debug)]
struct State {
    target: u32,
    in_flight: u32,
    /// Bumped by every decrease; a slot of an older generation neither lowers nor raises.
    generation: u64,
    /// Successes of the current generation since the target last changed.
    successes: u32,
    /// The target at which the last decrease happened, until a probe at it holds.
    fault_level: Option<u32>,
    /// Windows of successes a probe at `fault_level` waits for.
    probe_rounds: u32,
}

/// A change of the target, logged outside the lock.
enum Change {
    Lowered(u32, u32),
    Raised(u32, u32),
}

/// The in-flight target of one connection.
#[derive(Debug)]
pub(crate) struct InFlightTarget {
    /// The account, for log lines.
    account: String,
    /// The setting: the target never goes above it.
    max: u32,
    /// False: the target stays at `max` (adaptive concurrency turned off).
    adaptive: bool,
    state: Mutex<State>,
    changed: Condvar,
}

/// One request's place in flight; released on drop (as [`Verdict::Neutral`] unless finished).
pub(crate) struct Slot<'a> {
    gate: &'a InFlightTarget,
    generation: u64,
    finished: bool,
}

impl InFlightTarget {
    /// A target starting at `max` (at least 1) for `account`'s requests.
    #[cfg(test)]
    pub(crate) fn new(account: impl Into<String>, max: u32) -> InFlightTarget {
        InFlightTarget::with_adaptation(account, max, true)
    }

    /// [`InFlightTarget::new`], or a fixed target when `adaptive` is false.
    pub(crate) fn with_adaptation(
        account: impl Into<String>,
        max: u32,
        adaptive: bool,
    ) -> InFlightTarget {
        let max = max.max(1);
        InFlightTarget {
            account: account.into(),
            max,
            adaptive,
            state: Mutex::new(State {
                target: max,
                in_flight: 0,
                generation: 0,
                successes: 0,
                fault_level: None,
                probe_rounds: 1,
            }),
            changed: Condvar::new(),
        }
    }

    /// The current target.
    #[cfg(test)]
    pub(crate) fn target(&self) -> u32 {
        self.lock().target
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent across a panic (each update is a few assignments).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until fewer than the target are in flight and takes a place; `None` when
    /// `cancel` fires first.
    pub(crate) fn acquire(&self, cancel: &Cancellation) -> Option<Slot<'_>> {
        let mut s = self.lock();
        loop {
            if cancel.is_cancelled() {
                return None;
            }
            if s.in_flight < s.target {
                s.in_flight += 1;
                return Some(Slot {
                    gate: self,
                    generation: s.generation,
                    finished: false,
                });
            }
            s = self
                .changed
                .wait_timeout(s, CANCEL_POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn release(&self, generation: u64, verdict: Verdict) {
        let change = {
            let mut s = self.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            if self.adaptive && generation == s.generation {
                match verdict {
                    Verdict::ConcurrencyFault => Some(lower(&mut s)),
                    Verdict::Answered => raise(&mut s, self.max),
                    Verdict::Neutral => None,
                }
            } else {
                None
            }
        };
        self.changed.notify_all();
        match change {
            Some(Change::Lowered(from, to)) => tracing::info!(
                account = %self.account,
                from,
                to,
                "in-flight target for account {} lowered from {from} to {to} after a concurrency fault",
                self.account
            ),
            Some(Change::Raised(from, to)) => tracing::info!(
                account = %self.account,
                from,
                to,
                "in-flight target for account {} raised from {from} to {to} (no concurrency fault for a while)",
                self.account
            ),
            None => {}
        }
    }
}

fn lower(s: &mut State) -> Change {
    let from = s.target;
    // Faulting again at (or above) the level that faulted before: probe less often.
    s.probe_rounds = match s.fault_level {
        Some(level) if from >= level => (s.probe_rounds * 2).min(MAX_PROBE_ROUNDS),
        _ => s.probe_rounds.max(2),
    };
    s.fault_level = Some(from);
    s.target = (from / 2).max(1);
    s.generation += 1;
    s.successes = 0;
    Change::Lowered(from, s.target)
}

fn raise(s: &mut State, max: u32) -> Option<Change> {
    if s.target >= max {
        return None;
    }
    s.successes += 1;
    let probing = s.fault_level.is_some_and(|level| s.target + 1 >= level);
    let window = if probing {
        s.target.saturating_mul(s.probe_rounds)
    } else {
        s.target
    };
    if s.successes < window {
        return None;
    }
    let from = s.target;
    if s.fault_level.is_some_and(|level| from >= level) {
        // A window at the level that faulted held: the limit went up; forget it.
        s.fault_level = None;
        s.probe_rounds = 1;
    }
    s.target += 1;
    s.successes = 0;
    Some(Change::Raised(from, s.target))
}

impl Slot<'_> {
    /// Ends the attempt with its verdict.
    pub(crate) fn finish(mut self, verdict: Verdict) {
        self.finished = true;
        self.gate.release(self.generation, verdict);
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.gate.release(self.generation, Verdict::Neutral);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::fault::Fault;
    use std::sync::Arc;

    fn take(gate: &InFlightTarget, n: usize) -> Vec<Slot<'_>> {
        let cancel = Cancellation::new();
        (0..n)
            .map(|_| gate.acquire(&cancel).expect("a place"))
            .collect()
    }

    /// One full round of `n` requests, all answered.
    fn answered_round(gate: &InFlightTarget, n: usize) {
        for slot in take(gate, n) {
            slot.finish(Verdict::Answered);
        }
    }

    #[test]
    fn a_concurrency_fault_halves_the_target() {
        let gate = InFlightTarget::new("A", 8);
        assert_eq!(gate.target(), 8);
        let mut slots = take(&gate, 1);
        slots.pop().unwrap().finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 4);
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 2);
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 1, "never below one");
    }

    #[test]
    fn a_burst_of_faults_from_one_round_lowers_once() {
        let gate = InFlightTarget::new("A", 8);
        let slots = take(&gate, 8);
        for slot in slots {
            slot.finish(Verdict::ConcurrencyFault);
        }
        assert_eq!(
            gate.target(),
            4,
            "eight faults of one generation count once"
        );
        // The next round (acquired after the decrease) counts again.
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 2);
    }

    #[test]
    fn old_successes_do_not_raise_and_neutral_endings_do_nothing() {
        let gate = InFlightTarget::new("A", 4);
        let old = take(&gate, 3);
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 2);
        for slot in old {
            slot.finish(Verdict::Answered);
        }
        assert_eq!(
            gate.target(),
            2,
            "answers of the older generation do not count"
        );
        take(&gate, 1).pop().unwrap().finish(Verdict::Neutral);
        drop(take(&gate, 1));
        assert_eq!(gate.target(), 2);
    }

    #[test]
    fn a_window_of_successes_raises_by_one_up_to_the_setting() {
        let gate = InFlightTarget::new("A", 4);
        // Lowered at 4 → 2; the level that faulted is 4.
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 2);
        answered_round(&gate, 1);
        assert_eq!(gate.target(), 2, "a window is one request per place");
        answered_round(&gate, 1);
        assert_eq!(gate.target(), 3);
        // 3 → 4 is a probe of the level that faulted: two windows.
        answered_round(&gate, 3);
        assert_eq!(gate.target(), 3);
        answered_round(&gate, 3);
        assert_eq!(gate.target(), 4);
        for _ in 0..10 {
            answered_round(&gate, 4);
        }
        assert_eq!(gate.target(), 4, "never above the setting");
    }

    #[test]
    fn probes_of_a_level_that_keeps_faulting_wait_longer() {
        let gate = InFlightTarget::new("A", 10);
        // A fixed limit of 4: the target reaches 5, faults, and comes back.
        let mut windows_before_probe = Vec::new();
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault); // 10 → 5
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault); // 5 → 2
        for _ in 0..4 {
            let mut answered = 0;
            while gate.target() < 5 {
                answered_round(&gate, 1);
                answered += 1;
            }
            windows_before_probe.push(answered);
            take(&gate, 1)
                .pop()
                .unwrap()
                .finish(Verdict::ConcurrencyFault); // 5 → 2
        }
        assert!(
            windows_before_probe.windows(2).all(|w| w[1] > w[0]),
            "{windows_before_probe:?}"
        );
        // The probe that holds forgets the level.
        while gate.target() < 5 {
            answered_round(&gate, 1);
        }
        let mut answered = 0;
        while gate.target() < 6 {
            answered_round(&gate, 1);
            answered += 1;
        }
        assert!(answered >= 5 * 2, "{answered}");
        answered = 0;
        while gate.target() < 7 {
            answered_round(&gate, 1);
            answered += 1;
        }
        assert_eq!(answered, 6, "above the level, one window again");
    }

    #[test]
    fn a_fixed_target_never_changes() {
        let gate = InFlightTarget::with_adaptation("A", 4, false);
        take(&gate, 1)
            .pop()
            .unwrap()
            .finish(Verdict::ConcurrencyFault);
        assert_eq!(gate.target(), 4);
    }

    #[test]
    fn waits_for_a_place_and_is_cancellable_while_waiting() {
        let gate = Arc::new(InFlightTarget::new("A", 1));
        let cancel = Cancellation::new();
        let held = gate.acquire(&cancel).expect("first place");
        let waiter = {
            let gate = Arc::clone(&gate);
            let cancel = cancel.clone();
            std::thread::spawn(move || gate.acquire(&cancel).is_some())
        };
        cancel.cancel();
        assert!(!waiter.join().unwrap(), "cancelled while waiting");
        drop(held);
        // A released place lets the next one in.
        let fresh = Cancellation::new();
        let held = gate.acquire(&fresh).expect("place freed");
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.acquire(&Cancellation::new()).is_some())
        };
        held.finish(Verdict::Answered);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn concurrency_faults_are_recognised() {
        let fault = |code: &str, element: &str| {
            Error::Fault(Fault {
                element: element.into(),
                code: FaultCode::parse(code),
                message: String::new(),
            })
        };
        let ok: Result<(), Error> = Ok(());
        assert_eq!(Verdict::of(&ok), Verdict::Answered);
        for e in [
            fault("WS_REQUEST_BLOCKED", "exceededConcurrentRequestLimitFault"),
            fault("WS_CONCUR_SESSION_DISALLWD", "exceededRequestLimitFault"),
            fault("", "exceededConcurrentRequestLimitFault"),
            Error::Http {
                status: 429,
                url: "u".into(),
            },
        ] {
            assert_eq!(Verdict::of::<()>(&Err(e)), Verdict::ConcurrencyFault);
        }
        assert_eq!(
            Verdict::of::<()>(&Err(fault("USER_ERROR", "x"))),
            Verdict::Neutral
        );
        assert_eq!(
            Verdict::of::<()>(&Err(Error::Http {
                status: 503,
                url: "u".into()
            })),
            Verdict::Neutral
        );
    }
}
