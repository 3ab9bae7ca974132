//! Waking local waiters: one LISTEN connection per process turns each notification of a
//! released permit into a wake-up of this process's waiters of that key.
//!
//! A lost LISTEN connection is made again with backoff; meanwhile (and for the lease expiry of
//! a dead holder, which nobody announces) waiters re-check on their own slow timer, and all of
//! them are woken once the connection is back, since notifications sent meanwhile are lost.
//! The permits are reconciled then too: the server may have restarted ([`reconcile`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, Notify};

use super::{backoff, reconcile, Shared};

/// This process's waiters, per pool key.
#[derive(Debug, Default)]
pub(super) struct Wakers {
    by_key: Mutex<HashMap<String, Arc<Notify>>>,
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
}
