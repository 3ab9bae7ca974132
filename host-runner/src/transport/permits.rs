//! The per-key concurrency budget: at most `limit` requests in flight per pool key.
//!
//! A connector declares a key (for NetSuite: the account) and its limit (the account's Maximum
//! Number of Concurrent Connections). Every request carrying that key holds a [`Permit`] from
//! before it connects until its whole response body has been read. Requests beyond the limit
//! wait in arrival order: tokio's [`Semaphore`] is fair, so the first to ask is the first served
//! and a large request can never be starved by a stream of small ones.
//!
//! This module knows nothing of HTTP; it only counts. It does not own cancellation either: the
//! caller races [`Pool::acquire`] against its cancellation token, and dropping the acquire future
//! leaves the queue without ever taking a permit.
//!
//! With a cluster budget (`--cluster`), a request holding its local permit then takes the
//! cluster's permit of the key as well ([`crate::cluster::budget`]); the stats stay this
//! process's own, a wait for the cluster counting as a wait. A request *waited* when its permit
//! was not free (queued locally or in the cluster, or the database was away); the round trip
//! of a cluster permit that was free is not a wait, and is counted apart (`asking`).
//!
//! Changing the limit of a live key is allowed. Growing adds permits at once; shrinking forgets
//! idle permits at once and forgets the rest as their holders return them, so in-flight requests
//! finish normally and the new limit holds as soon as enough of them have.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::cluster::budget::{Budget, ClusterPermit};

/// A snapshot of one pool key's budget, for tests and the execution log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// The declared limit: at most this many requests in flight at once.
    pub limit: u32,
    /// Requests holding a permit right now (connecting, sending or reading the response).
    pub in_flight: usize,
    /// Requests waiting for a permit right now.
    pub waiting: usize,
    /// The most requests that were ever in flight at once on this key.
    pub peak_in_flight: usize,
    /// Permits granted since the key was declared.
    pub admitted: u64,
    /// How long the requests counted in `waited` waited for their permits, in all.
    pub total_wait: Duration,
    /// Permits that were not free when asked for: requests that waited for one.
    pub waited: u64,
    /// How long every request spent getting its permit, in all: the waits and, with a cluster
    /// budget, the round trips of permits that were free.
    pub asking: Duration,
}

/// Every declared pool key of one transport.
#[derive(Debug, Default)]
pub(crate) struct Pools {
    by_key: Mutex<HashMap<String, Arc<Pool>>>,
}

impl Pools {
    /// Declares `key` with `limit`, or changes the limit of an existing key.
    ///
    /// A limit of 0 would block every request on the key forever, so it is raised to 1.
    pub(crate) fn declare(&self, key: &str, limit: u32) {
        let limit = limit.max(1);
        let mut by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        match by_key.get(key) {
            Some(pool) => pool.set_limit(limit),
            None => {
                by_key.insert(key.to_owned(), Arc::new(Pool::new(limit)));
            }
        }
    }

    /// The pool of `key`, or `None` when the key is empty or was never declared (such requests
    /// are not limited).
    pub(crate) fn get(&self, key: &str) -> Option<Arc<Pool>> {
        if key.is_empty() {
            return None;
        }
        self.by_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    /// Stats of `key`, or `None` when it was never declared.
    pub(crate) fn stats(&self, key: &str) -> Option<PoolStats> {
        self.get(key).map(|pool| pool.stats())
    }

    /// Stats of every declared key, sorted by key.
    pub(crate) fn all_stats(&self) -> Vec<(String, PoolStats)> {
        let by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<_> = by_key.iter().map(|(k, p)| (k.clone(), p.stats())).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

/// The budget of one pool key.
#[derive(Debug)]
pub(crate) struct Pool {
    semaphore: Arc<Semaphore>,
    limits: Mutex<Limits>,
    in_flight: AtomicUsize,
    waiting: AtomicUsize,
    peak_in_flight: AtomicUsize,
    admitted: AtomicU64,
    total_wait_micros: AtomicU64,
    waited: AtomicU64,
    asking_micros: AtomicU64,
}

#[derive(Debug)]
struct Limits {
    /// The declared limit.
    limit: u32,
    /// Permits still to be forgotten after a shrink, as their holders return them.
    debt: u32,
}

impl Pool {
    fn new(limit: u32) -> Pool {
        Pool {
            semaphore: Arc::new(Semaphore::new(limit as usize)),
            limits: Mutex::new(Limits { limit, debt: 0 }),
            in_flight: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            admitted: AtomicU64::new(0),
            total_wait_micros: AtomicU64::new(0),
            waited: AtomicU64::new(0),
            asking_micros: AtomicU64::new(0),
        }
    }

    fn set_limit(&self, new: u32) {
        let mut limits = self.limits.lock().unwrap_or_else(PoisonError::into_inner);
        let old = limits.limit;
        limits.limit = new;
        if new > old {
            // Cancel outstanding debt first; only what is left becomes new permits.
            let mut grow = new - old;
            let paid = grow.min(limits.debt);
            limits.debt -= paid;
            grow -= paid;
            if grow > 0 {
                self.semaphore.add_permits(grow as usize);
            }
        } else if new < old {
            let shrink = old - new;
            // Idle permits go now; the rest are forgotten when their holders return them
            // (see `Permit::drop`, which takes the same lock).
            let forgotten = self.semaphore.forget_permits(shrink as usize) as u32;
            limits.debt += shrink - forgotten;
        }
    }

    /// Waits (in arrival order) for a permit; with a cluster budget, then for the cluster's
    /// permit of `key` too (local first, so this process never queues more requests in the
    /// cluster than it could send). Dropping the future leaves both queues without taking a
    /// permit.
    pub(crate) async fn acquire(self: &Arc<Self>, cluster: Option<(&Budget, &str)>) -> Permit {
        let started = Instant::now();
        let _waiting = WaitingGuard::enter(&self.waiting);
        // A free permit is only there when nobody is queued (tokio hands released permits to
        // waiters first), so taking it at once keeps the arrival order.
        let (permit, mut waited) = match self.semaphore.clone().try_acquire_owned() {
            Ok(permit) => (permit, false),
            Err(_) => match self.semaphore.clone().acquire_owned().await {
                Ok(permit) => (permit, true),
                // The semaphore lives as long as the pool and is never closed.
                Err(_) => unreachable!("pool semaphore closed"),
            },
        };
        // Returned through the shrink bookkeeping if the wait for the cluster is given up.
        let mut local = LocalReturn {
            pool: Arc::clone(self),
            permit: Some(permit),
        };
        let cluster = match cluster {
            Some((budget, key)) => {
                let granted = budget.acquire(key, self.limit()).await;
                waited |= granted.queued();
                Some(granted)
            }
            None => None,
        };
        let wait = started.elapsed();
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        self.admitted.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(wait.as_micros()).unwrap_or(u64::MAX);
        self.asking_micros.fetch_add(micros, Ordering::Relaxed);
        // The count and the time of waits are of the same requests, so they agree.
        if waited {
            self.waited.fetch_add(1, Ordering::Relaxed);
            self.total_wait_micros.fetch_add(micros, Ordering::Relaxed);
        }
        Permit {
            pool: Arc::clone(self),
            permit: local.permit.take(),
            cluster,
            wait,
        }
    }

    fn limit(&self) -> u32 {
        self.limits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .limit
    }

    fn stats(&self) -> PoolStats {
        PoolStats {
            limit: self.limit(),
            in_flight: self.in_flight.load(Ordering::SeqCst),
            waiting: self.waiting.load(Ordering::SeqCst),
            peak_in_flight: self.peak_in_flight.load(Ordering::SeqCst),
            admitted: self.admitted.load(Ordering::Relaxed),
            total_wait: Duration::from_micros(self.total_wait_micros.load(Ordering::Relaxed)),
            waited: self.waited.load(Ordering::Relaxed),
            asking: Duration::from_micros(self.asking_micros.load(Ordering::Relaxed)),
        }
    }
}

/// Counts a waiter for as long as it waits, including when its future is dropped.
struct WaitingGuard<'a>(&'a AtomicUsize);

impl<'a> WaitingGuard<'a> {
    fn enter(counter: &'a AtomicUsize) -> WaitingGuard<'a> {
        counter.fetch_add(1, Ordering::SeqCst);
        WaitingGuard(counter)
    }
}

impl Drop for WaitingGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The right to have one request in flight on a pool key; returned on drop.
#[derive(Debug)]
pub(crate) struct Permit {
    pool: Arc<Pool>,
    permit: Option<OwnedSemaphorePermit>,
    /// The cluster's permit (`--cluster`), returned with the local one.
    cluster: Option<ClusterPermit>,
    wait: Duration,
}

impl Permit {
    /// How long this permit was waited for.
    pub(crate) fn wait(&self) -> Duration {
        self.wait
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.pool.in_flight.fetch_sub(1, Ordering::SeqCst);
        // The cluster's permit first: its return is noted at once, so the next local request,
        // which may take the local permit right away, returns it with its own ask instead of
        // queueing behind it (or waiting for the round trip of the return).
        drop(self.cluster.take());
        drop(LocalReturn {
            pool: Arc::clone(&self.pool),
            permit: self.permit.take(),
        });
    }
}

/// Gives a local permit back to its pool when dropped.
struct LocalReturn {
    pool: Arc<Pool>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for LocalReturn {
    fn drop(&mut self) {
        let Some(permit) = self.permit.take() else {
            return;
        };
        let mut limits = self
            .pool
            .limits
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if limits.debt > 0 {
            // The limit shrank while this permit was out: retire it instead of returning it.
            limits.debt -= 1;
            permit.forget();
        } else {
            drop(permit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// Polls `fut` once; `Some` if it completed.
    fn poll_once<F: std::future::Future>(fut: F) -> Option<F::Output> {
        runtime().block_on(async {
            tokio::select! {
                biased;
                out = fut => Some(out),
                _ = std::future::ready(()) => None,
            }
        })
    }

    #[test]
    fn undeclared_and_empty_keys_are_not_limited() {
        let pools = Pools::default();
        assert!(pools.get("").is_none());
        assert!(pools.get("acct").is_none());
        pools.declare("", 3);
        assert!(pools.get("").is_none());
    }

    #[test]
    fn admits_up_to_the_limit_then_queues() {
        let pools = Pools::default();
        pools.declare("a", 2);
        let pool = pools.get("a").unwrap();
        let p1 = poll_once(pool.acquire(None)).unwrap();
        let _p2 = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
        let stats = pools.stats("a").unwrap();
        assert_eq!((stats.limit, stats.in_flight, stats.waiting), (2, 2, 0));
        assert_eq!(stats.peak_in_flight, 2);
        drop(p1);
        assert!(poll_once(pool.acquire(None)).is_some());
        assert_eq!(pools.stats("a").unwrap().admitted, 3);
    }

    #[test]
    fn growing_a_live_key_adds_permits() {
        let pools = Pools::default();
        pools.declare("a", 1);
        let pool = pools.get("a").unwrap();
        let _p1 = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
        pools.declare("a", 3);
        let _p2 = poll_once(pool.acquire(None)).unwrap();
        let _p3 = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
        assert_eq!(pools.stats("a").unwrap().limit, 3);
    }

    #[test]
    fn shrinking_a_live_key_forgets_permits_as_they_return() {
        let pools = Pools::default();
        pools.declare("a", 3);
        let pool = pools.get("a").unwrap();
        let p1 = poll_once(pool.acquire(None)).unwrap();
        let p2 = poll_once(pool.acquire(None)).unwrap();
        // One idle permit; shrinking to 1 forgets it now and one more when it comes back.
        pools.declare("a", 1);
        assert!(poll_once(pool.acquire(None)).is_none());
        drop(p1);
        assert!(
            poll_once(pool.acquire(None)).is_none(),
            "returned permit must be retired"
        );
        drop(p2);
        let p3 = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
        drop(p3);
        assert!(poll_once(pool.acquire(None)).is_some());
    }

    #[test]
    fn growing_after_a_shrink_pays_the_debt_first() {
        let pools = Pools::default();
        pools.declare("a", 2);
        let pool = pools.get("a").unwrap();
        let p1 = poll_once(pool.acquire(None)).unwrap();
        let p2 = poll_once(pool.acquire(None)).unwrap();
        pools.declare("a", 1); // debt 1
        pools.declare("a", 2); // debt paid, no new permit
        assert!(poll_once(pool.acquire(None)).is_none());
        drop(p1);
        drop(p2);
        let _a = poll_once(pool.acquire(None)).unwrap();
        let _b = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
    }

    #[test]
    fn zero_limit_is_raised_to_one() {
        let pools = Pools::default();
        pools.declare("a", 0);
        assert_eq!(pools.stats("a").unwrap().limit, 1);
        let pool = pools.get("a").unwrap();
        assert!(poll_once(pool.acquire(None)).is_some());
    }

    #[test]
    fn a_dropped_waiter_leaves_the_queue() {
        let pools = Pools::default();
        pools.declare("a", 1);
        let pool = pools.get("a").unwrap();
        let p1 = poll_once(pool.acquire(None)).unwrap();
        assert!(poll_once(pool.acquire(None)).is_none());
        assert_eq!(pools.stats("a").unwrap().waiting, 0);
        drop(p1);
        assert_eq!(pools.stats("a").unwrap().in_flight, 0);
        assert!(poll_once(pool.acquire(None)).is_some());
    }
}
