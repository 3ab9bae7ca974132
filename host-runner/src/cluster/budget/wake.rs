//! Waking local waiters: one LISTEN connection per process carries two kinds of notification.
//!
//! - A grant (`grants` channel, payload `waiter permit node key`): whoever freed a permit gave
//!   it to the oldest waiter of the cluster in the same transaction. When that waiter is one of
//!   this process's, the permit is handed straight to its ask task, with no round trip; a grant
//!   that arrives before the task has noted its place is kept until claimed. Grants for other
//!   nodes' waiters are ignored.
//! - A plain wake-up (payload: the pool key): the queue may have moved without a grant (a node
//!   left, forgotten returns were given back). Only this process's oldest waiter of the key
//!   asks again: its ask grants whatever is free to the oldest waiters of the cluster, the
//!   younger ones here included.
//!
//! A lost LISTEN connection is made again with backoff; meanwhile (and for the lease expiry of
//! a dead holder, which nobody announces) waiters re-check on their own slow timer, which also
//! finds a grant whose notification was lost, and all of them are woken once the connection is
//! back. The permits are reconciled then too: the server may have restarted ([`reconcile`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Notify};

use super::{backoff, reconcile, Shared};

/// This process's waiters, per pool key.
#[derive(Debug, Default)]
pub(super) struct Wakers {
    by_key: Mutex<HashMap<String, Arc<Notify>>>,
    /// The places in the cluster's queue of this process's waiters, per key.
    queued: Mutex<HashMap<String, BTreeSet<i64>>>,
    /// Grants for this process's waiters, by place in the queue.
    grants: Mutex<Grants>,
}

/// Grants on their way to this process's waiters.
#[derive(Debug, Default)]
struct Grants {
    /// Waiters that noted their place: their grant is sent there.
    waiting: HashMap<i64, oneshot::Sender<i64>>,
    /// Grants that arrived before their waiter noted its place (or after it took the same
    /// grant from an answer: those are never claimed, hence the bound).
    unclaimed: BTreeMap<i64, i64>,
}

/// How many unclaimed grants are kept; beyond, the oldest places' are forgotten (a waiter
/// whose grant was forgotten finds it at its next re-check).
const UNCLAIMED: usize = 1024;

impl Grants {
    fn keep(&mut self, place: i64, permit: i64) {
        self.unclaimed.insert(place, permit);
        while self.unclaimed.len() > UNCLAIMED {
            self.unclaimed.pop_first();
        }
    }
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

    /// A waiter of `key` left place `place` (granted or gone). Nobody else needs waking: a
    /// grant goes to the oldest waiter of the cluster by itself.
    pub(super) fn dequeue(&self, key: &str, place: Option<i64>) {
        let Some(place) = place else {
            return;
        };
        {
            let mut grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
            grants.waiting.remove(&place);
            grants.unclaimed.remove(&place);
        }
        let mut queued = self.queued.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(places) = queued.get_mut(key) {
            places.remove(&place);
            if places.is_empty() {
                queued.remove(key);
            }
        }
    }

    /// Where the grant of the waiter at `place` will arrive (at once if it already has).
    pub(super) fn grant_of(&self, place: i64) -> oneshot::Receiver<i64> {
        let (tx, rx) = oneshot::channel();
        let mut grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
        match grants.unclaimed.remove(&place) {
            Some(permit) => {
                let _ = tx.send(permit);
            }
            None => {
                grants.waiting.insert(place, tx);
            }
        }
        rx
    }

    /// Hands permit `permit`, granted to this process's waiter at `place`, to that waiter (or
    /// keeps it until the waiter notes its place).
    pub(super) fn granted(&self, place: i64, permit: i64) {
        let mut grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
        match grants.waiting.remove(&place) {
            Some(tx) => {
                if let Err(permit) = tx.send(permit) {
                    // The waiter is going (its leaving returns the permit); keep it in case
                    // it is not.
                    grants.keep(place, permit);
                }
            }
            None => grants.keep(place, permit),
        }
    }

    /// This process's places in the queue (of every key).
    pub(super) fn places(&self) -> Vec<i64> {
        self.queued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .flatten()
            .copied()
            .collect()
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

/// A grant's notification: `waiter permit node key`.
fn parse_grant(payload: &str) -> Option<(i64, i64, i64)> {
    let mut parts = payload.splitn(4, ' ');
    let waiter = parts.next()?.parse().ok()?;
    let permit = parts.next()?.parse().ok()?;
    let node = parts.next()?.parse().ok()?;
    Some((waiter, permit, node))
}

/// Dispatches notifications until the budget is dropped, listening again when the
/// connection is lost.
pub(super) async fn listen(
    shared: Arc<Shared>,
    mut notifications: mpsc::UnboundedReceiver<(String, String)>,
) {
    let (db, wakers) = (&shared.db, &shared.wakers);
    let channels = [shared.channel.clone(), shared.grants.clone()];
    loop {
        while let Some((channel, payload)) = notifications.recv().await {
            if channel == shared.grants {
                match parse_grant(&payload) {
                    Some((waiter, permit, node)) if node == shared.node => {
                        wakers.granted(waiter, permit);
                    }
                    _ => {}
                }
            } else {
                wakers.wake(&payload);
            }
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
            if let Ok(rx) = db.listen(&channels).await {
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
    fn only_the_oldest_local_waiter_asks() {
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

            // The oldest leaving lets the next one ask.
            wakers.requeue("a", None, Some(8));
            wakers.dequeue("a", Some(8));
            assert!(wakers.behind_an_older_one("a", Some(7)));
            wakers.dequeue("a", Some(5));
            assert!(!wakers.behind_an_older_one("a", Some(7)));

            // A new place (the old one lapsed) replaces the old.
            wakers.requeue("a", Some(7), Some(12));
            wakers.requeue("a", None, Some(10));
            assert!(wakers.behind_an_older_one("a", Some(12)));
        });
    }

    #[test]
    fn a_grant_reaches_its_waiter_even_before_the_waiter_noted_its_place() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let wakers = Wakers::default();
            let noted = wakers.grant_of(3);
            wakers.granted(3, 30);
            assert_eq!(noted.await.ok(), Some(30));
            // Early: kept until claimed.
            wakers.granted(4, 40);
            assert_eq!(wakers.grant_of(4).await.ok(), Some(40));
            // A place given up forgets its grant.
            wakers.granted(5, 50);
            wakers.dequeue("a", Some(5));
            let mut late = wakers.grant_of(5);
            assert!(late.try_recv().is_err());
            assert_eq!(parse_grant("7 70 2 acct 1"), Some((7, 70, 2)));
            assert_eq!(parse_grant("acct"), None);
        });
    }
}
