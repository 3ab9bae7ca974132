//! Waking local waiters: one LISTEN connection per process turns each notification of a
//! released permit into a wake-up of this process's waiters of that key.
//!
//! Only this process's oldest waiter of a key asks again when woken: the cluster's queue is
//! ordered by waiter id, so a younger local waiter ranks behind it and could not be given the
//! permit anyway. A release thus costs one round trip per process with waiters, not one per
//! waiter (each of which takes the key's lock in turn): with 30 waiters, the asking round trips
//! of one release took longer than the requests themselves.
//!
//! A lost LISTEN connection is made again with backoff; meanwhile (and for the lease expiry of
//! a dead holder, which nobody announces) waiters re-check on their own slow timer, and all of
//! them are woken once the connection is back, since notifications sent meanwhile are lost.
//! The permits are reconciled then too: the server may have restarted ([`reconcile`]).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, Notify};

use super::{backoff, reconcile, Shared};

/// This process's waiters, per pool key.
#[derive(Debug, Default)]
pub(super) struct Wakers {
    by_key: Mutex<HashMap<String, Arc<Notify>>>,
    /// The places in the cluster's queue of this process's waiters, per key.
    queued: Mutex<HashMap<String, BTreeSet<i64>>>,
}

impl Wakers {
    /// What the waiters of `key` wait on.
    pub(super) fn of(&self, key: &str) -> Arc<Notify> {
        let mut by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(by_key.entry(key.to_string()).or_default())
    }

    /// Wakes every waiter of `key` (they ask again; the database decides who gets it).
    pub(super) fn wake(&self, key: &str) {
        let notify = self
            .by_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned();
        if let Some(notify) = notify {
            notify.notify_waiters();
        }
    }

    /// A waiter of `key` moved from place `from` to place `to` in the cluster's queue.
    pub(super) fn requeue(&self, key: &str, from: Option<i64>, to: Option<i64>) {
        if from == to {
            return;
        }
        self.dequeue(key, from);
        if let Some(to) = to {
            let mut queued = self.queued.lock().unwrap_or_else(PoisonError::into_inner);
            queued.entry(key.to_string()).or_default().insert(to);
        }
    }

    /// A waiter of `key` left place `place` (granted or gone). When it was the oldest here,
    /// the next one is woken: a notification meant for it may have been passed over.
    pub(super) fn dequeue(&self, key: &str, place: Option<i64>) {
        let Some(place) = place else {
            return;
        };
        let next = {
            let mut queued = self.queued.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(places) = queued.get_mut(key) else {
                return;
            };
            let was_oldest = places.first() == Some(&place);
            places.remove(&place);
            let next = was_oldest && !places.is_empty();
            if places.is_empty() {
                queued.remove(key);
            }
            next
        };
        if next {
            self.wake(key);
        }
    }

    /// True when an older waiter of `key` in this process will ask instead of the waiter at
    /// `place` (a waiter without a place always asks).
    pub(super) fn behind_an_older_one(&self, key: &str, place: Option<i64>) -> bool {
        let Some(place) = place else {
            return false;
        };
        let queued = self.queued.lock().unwrap_or_else(PoisonError::into_inner);
        queued
            .get(key)
            .and_then(BTreeSet::first)
            .is_some_and(|oldest| *oldest < place)
    }

    /// Wakes every waiter of every key.
    pub(super) fn wake_all(&self) {
        let all: Vec<Arc<Notify>> = self
            .by_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        for notify in all {
            notify.notify_waiters();
        }
    }
}

/// Dispatches notifications until the budget is dropped, listening again when the
/// connection is lost.
pub(super) async fn listen(
    shared: Arc<Shared>,
    mut notifications: mpsc::UnboundedReceiver<(String, String)>,
) {
    let (db, channel, wakers) = (&shared.db, &shared.channel, &shared.wakers);
    loop {
        while let Some((_, key)) = notifications.recv().await {
            wakers.wake(&key);
        }
        tracing::warn!(
            cluster = %db.target(),
            "cluster budget: the notification connection was lost; waiters re-check on their \
             own until it is back"
        );
        let mut pause = Duration::ZERO;
        notifications = loop {
            pause = backoff(pause);
            tokio::time::sleep(pause).await;
            if let Ok(rx) = db.listen(std::slice::from_ref(channel)).await {
                break rx;
            }
        };
        tracing::info!("cluster budget: notifications are back");
        reconcile::spawn(&shared);
        wakers.wake_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_reaches_the_waiters_of_its_key_only() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let wakers = Wakers::default();
            let a = wakers.of("a");
            let b = wakers.of("b");
            let woken_a = a.notified();
            let woken_b = b.notified();
            tokio::pin!(woken_a, woken_b);
            woken_a.as_mut().enable();
            woken_b.as_mut().enable();
            wakers.wake("a");
            wakers.wake("unknown");
            let none = Duration::from_millis(20);
            assert!(tokio::time::timeout(none, &mut woken_a).await.is_ok());
            assert!(tokio::time::timeout(none, &mut woken_b).await.is_err());
            wakers.wake_all();
            assert!(tokio::time::timeout(none, &mut woken_b).await.is_ok());
        });
    }

    #[test]
    fn only_the_oldest_local_waiter_asks_and_its_leaving_wakes_the_next() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let wakers = Wakers::default();
            wakers.requeue("a", None, Some(7));
            wakers.requeue("a", None, Some(5));
            wakers.requeue("b", None, Some(9));
            assert!(!wakers.behind_an_older_one("a", Some(5)));
            assert!(wakers.behind_an_older_one("a", Some(7)));
            assert!(!wakers.behind_an_older_one("a", None));
            assert!(!wakers.behind_an_older_one("b", Some(9)));

            let a = wakers.of("a");
            let none = Duration::from_millis(20);
            // A younger one leaving wakes nobody; the oldest leaving wakes the next.
            let woken = a.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            wakers.requeue("a", None, Some(8));
            wakers.dequeue("a", Some(8));
            assert!(tokio::time::timeout(none, &mut woken).await.is_err());
            wakers.dequeue("a", Some(5));
            assert!(tokio::time::timeout(none, &mut woken).await.is_ok());
            assert!(!wakers.behind_an_older_one("a", Some(7)));

            // A new place (the old one lapsed) replaces the old.
            wakers.requeue("a", Some(7), Some(12));
            wakers.requeue("a", None, Some(10));
            assert!(wakers.behind_an_older_one("a", Some(12)));
        });
    }
}
