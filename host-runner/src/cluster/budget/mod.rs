//! The cluster-wide concurrency budget: permits per pool key (the NetSuite account) as rows in
//! PostgreSQL, so that at most the account's limit is in flight across every node and process.
//!
//! - A permit is held *through the node row*: it is valid while the node's heartbeat is younger
//!   than its lease, so one heartbeat renews everything a process holds, and a crashed
//!   process's permits come back within its lease.
//! - Asking is one round trip (`cluster_permit_acquire`, in `0003_permits.sql`): under an
//!   advisory lock on the key it forgets dead nodes' rows, takes the smallest limit declared by
//!   a live node, grants what is free to the oldest waiters of the whole cluster, and then to
//!   the caller if anything is left, else queues it. The oldest waiter of the cluster is
//!   served first, so no node starves.
//! - Returning is one round trip, and it *grants*: under the key's lock the release deletes the
//!   row and gives the freed permit to the oldest waiter at once (a permit row for the
//!   waiter's node, noted on the waiter row), then notifies the grant on its own channel. One
//!   LISTEN connection per process hands a grant for one of its waiters straight to that
//!   waiter ([`wake`]): a freed permit reaches the next waiter in one round trip, not two, and
//!   no waiter asks in vain. Waiters also re-check every quarter lease, because a dead
//!   holder's lease running out sends no notification and a grant's notification can be lost
//!   (the answer then carries the grant). A return still on its way when the process asks
//!   again is done by that ask (its ids go with it), so a process's own returns in flight
//!   never make its next request wait.
//! - The permit statements commit with `synchronous_commit = off` (for their transaction only):
//!   a commit on a server with fsync costs several milliseconds, twice per request otherwise.
//!   Permits are leases, so little is lost: a PostgreSQL *crash* (not a clean restart) may
//!   forget the last few hundred milliseconds of them. A forgotten grant lets the cluster grant
//!   that permit again while its holder's request still runs — a transient over-grant, until
//!   that request ends. A forgotten return would leave a row held as long as its node lives,
//!   so whenever the database comes back after being away (the LISTEN connection made again,
//!   or a statement failing then succeeding), the process deletes its node's rows that none of
//!   its requests holds ([`reconcile`]). Nodes, executions, batches and outputs keep durable
//!   commits.
//! - The database side of asking runs as a task of the budget's runtime ([`acquire`]): dropping
//!   the caller's future (a cancelled request) cannot leak a permit row, since a grant nobody
//!   takes is returned and an abandoned waiter row is removed with any permit granted to it.
//! - Without the database, asking retries with backoff (100 ms up to 2 s) until it is back or
//!   the request is cancelled — no request is sent without a permit; a return that fails is
//!   retried in the background ([`permit`]).

mod acquire;
mod permit;
mod reconcile;
mod wake;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::{ClusterError, Database, Node};

pub use permit::ClusterPermit;

/// The notification channel of plain wake-ups (payload: the pool key).
const CHANNEL: &str = "permits";

/// The notification channel of grants (payload: `waiter permit node key`).
const GRANTS: &str = "permit_grants";

/// One process's view of the cluster budget. Shared by its transport(s).
#[derive(Debug)]
pub struct Budget {
    shared: Arc<Shared>,
    listener: tokio::task::JoinHandle<()>,
}

/// What the budget's tasks share.
#[derive(Debug)]
struct Shared {
    db: Database,
    node: i64,
    /// How long the node's holdings outlive its last heartbeat.
    lease: Duration,
    /// The runtime the budget's tasks run on (the one `start` was called on).
    runtime: tokio::runtime::Handle,
    /// Plain wake-ups.
    channel: String,
    /// Grants to waiters.
    grants: String,
    wakers: Arc<wake::Wakers>,
    /// Per pool key: what this process declared and what the cluster uses.
    limits: Mutex<HashMap<String, KeyLimits>>,
    /// Per pool key: permits whose return is on its way (the next ask returns them itself).
    returning: Mutex<HashMap<String, HashSet<i64>>>,
    /// The permits this process's requests hold (granted, not yet given back).
    held: Mutex<HashSet<i64>>,
    /// Asks hold it shared from their round trip until their grant is in `held`; a reconcile
    /// holds it alone, so it never takes a grant not yet noted for a forgotten one.
    asking: tokio::sync::RwLock<()>,
    /// The database could not be reached on the last try (warned once per outage).
    outage: AtomicBool,
    /// The process has left: background returns stop (leaving freed every row).
    left: AtomicBool,
}

#[derive(Debug, Default)]
struct KeyLimits {
    /// The cluster's limit last seen (the smallest declared by a live node).
    cluster: Option<u32>,
    /// The cluster limit this process last warned about.
    warned: Option<u32>,
}

impl Budget {
    /// Starts the budget of `node`: its permits are held through the node's row (renewed by
    /// its heartbeat) and waiters are woken by LISTEN/NOTIFY.
    ///
    /// Call it on a tokio runtime that outlives every request using the budget: the budget's
    /// tasks (and the pool's connections they open) run there.
    ///
    /// # Errors
    ///
    /// When the database cannot be reached.
    pub async fn start(db: Database, node: &Node) -> Result<Arc<Budget>, ClusterError> {
        let channel = db.channel(CHANNEL);
        let grants = db.channel(GRANTS);
        let notifications = db.listen(&[channel.clone(), grants.clone()]).await?;
        let shared = Arc::new(Shared {
            db,
            node: node.id(),
            lease: node.lease(),
            runtime: tokio::runtime::Handle::current(),
            channel,
            grants,
            wakers: Arc::new(wake::Wakers::default()),
            limits: Mutex::default(),
            returning: Mutex::default(),
            held: Mutex::default(),
            asking: tokio::sync::RwLock::new(()),
            outage: AtomicBool::new(false),
            left: AtomicBool::new(false),
        });
        let listener = tokio::spawn(wake::listen(Arc::clone(&shared), notifications));
        Ok(Arc::new(Budget { shared, listener }))
    }

    /// Waits for a cluster permit of `key`, this process declaring `limit` for it. Never
    /// fails: without the database it keeps trying. Dropping the future gives up the place in
    /// the queue (and any permit granted meanwhile).
    pub async fn acquire(&self, key: &str, limit: u32) -> ClusterPermit {
        acquire::acquire(&self.shared, key, limit).await
    }

    /// The cluster's limit of `key` as last seen (the smallest a live node declared), or
    /// `None` before the first permit of that key.
    pub fn cluster_limit(&self, key: &str) -> Option<u32> {
        self.shared
            .limits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .and_then(|l| l.cluster)
    }

    /// The cluster database, as `user@host:port/db`.
    pub fn database(&self) -> String {
        self.shared.db.target().to_string()
    }

    /// Leaves the cluster: the node is marked stopped, which frees at once every permit and
    /// queue place it still holds, and the waiters of its keys on other nodes are woken.
    ///
    /// # Errors
    ///
    /// When the database cannot be written (the holdings then lapse after the lease).
    pub async fn leave(&self, node: Node) -> Result<(), ClusterError> {
        self.shared.left.store(true, Ordering::SeqCst);
        self.listener.abort();
        node.leave(&self.shared.db).await?;
        let keys: Vec<String> = self
            .shared
            .limits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        if !keys.is_empty() {
            let client = self.shared.db.client().await?;
            client
                .execute(
                    "SELECT pg_notify($1, k) FROM unnest($2::text[]) AS k",
                    &[&self.shared.channel, &keys],
                )
                .await
                .map_err(|e| ClusterError::statement("waking the other nodes", &e))?;
        }
        Ok(())
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

impl Shared {
    /// Notes the cluster's limit of `key`; warns once per value when it is smaller than this
    /// process's own declaration.
    fn note_limit(&self, key: &str, declared: u32, cluster: Option<u32>) {
        let Some(cluster) = cluster else {
            return;
        };
        let mut limits = self.limits.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = limits.entry(key.to_string()).or_default();
        entry.cluster = Some(cluster);
        if cluster < declared && entry.warned != Some(cluster) {
            entry.warned = Some(cluster);
            tracing::warn!(
                pool_key = key,
                declared,
                cluster_limit = cluster,
                "another node declared a smaller limit for pool key {key}: this process \
                 declared {declared}, the cluster uses {cluster} (the smallest wins)"
            );
        }
    }

    /// Records the outcome of a database call: one warning when the database goes away, one
    /// line when it is back.
    fn reached(self: &Arc<Self>, error: Option<&ClusterError>) {
        match error {
            Some(e) => {
                if !self.outage.swap(true, Ordering::SeqCst) {
                    tracing::warn!(
                        error = %e,
                        "cluster budget: the database cannot be reached; requests wait for \
                         their permits and try again"
                    );
                }
            }
            None => {
                if self.outage.swap(false, Ordering::SeqCst) {
                    tracing::info!("cluster budget: the database is back");
                    reconcile::spawn(self);
                }
            }
        }
    }

    /// Notes that a request holds permit `id` (`true`) or has given it back (`false`).
    fn holds(&self, id: i64, held: bool) {
        let mut all = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held {
            all.insert(id);
        } else {
            all.remove(&id);
        }
    }

    /// Notes that the return of permit `id` of `key` is on its way (`true`) or done (`false`).
    fn returning(&self, key: &str, id: i64, on_its_way: bool) {
        let mut returning = self
            .returning
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if on_its_way {
            returning.entry(key.to_string()).or_default().insert(id);
        } else if let Some(ids) = returning.get_mut(key) {
            ids.remove(&id);
        }
    }

    /// The permits of `key` whose return is on its way.
    fn returns_of(&self, key: &str) -> Vec<i64> {
        self.returning
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default()
    }

    /// How long a waiter row lasts unseen, in milliseconds.
    fn stale_ms(&self) -> i32 {
        i32::try_from(self.lease.as_millis()).unwrap_or(i32::MAX)
    }

    /// How often a waiter asks again without a notification.
    fn recheck(&self) -> Duration {
        (self.lease / 4).max(Duration::from_millis(50))
    }
}

/// The next pause of a backoff from 100 ms to 2 s.
fn backoff(pause: Duration) -> Duration {
    (pause * 2).clamp(Duration::from_millis(100), Duration::from_secs(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_100_ms_to_2_s() {
        let mut pause = Duration::ZERO;
        let mut seen = Vec::new();
        for _ in 0..7 {
            pause = backoff(pause);
            seen.push(pause.as_millis());
        }
        assert_eq!(seen, [100, 200, 400, 800, 1600, 2000, 2000]);
    }
}
