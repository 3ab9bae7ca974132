//! Asking for a permit: the database side runs as a task of the budget's runtime, so that the
//! caller dropping its future (a cancelled request) can never leave a permit row behind.
//!
//! One round trip asks; when the caller is queued, its permit usually comes without another
//! one: whoever frees a permit grants it to the oldest waiter of the cluster and notifies the
//! grant, which [`wake`](super::wake) hands to the waiter. The waiter still asks again every
//! quarter lease (the answer then carries a grant whose notification was lost) and on a plain
//! wake-up when it is this process's oldest waiter of the key.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::super::ClusterError;
use super::permit::ClusterPermit;
use super::{backoff, Shared};

const ACQUIRE: &str = "SELECT permit, waiter, effective_limit \
                       FROM cluster_permit_acquire($1, $2, $3, $4, $5, $6, $7)";

/// Gives up a place in the queue (and a permit granted to it meanwhile).
const LEAVE_QUEUE: &str = "SELECT cluster_permit_leave_queue($1, $2, $3)";

/// What one round trip answered.
enum Answer {
    Granted {
        permit: i64,
        limit: Option<u32>,
    },
    /// Not yet; `waiter` is the place in the queue (`None` while this node's own lease has
    /// run out: it is given nothing until its heartbeat is back).
    Queued {
        waiter: Option<i64>,
        limit: Option<u32>,
    },
}

pub(super) async fn acquire(shared: &Arc<Shared>, key: &str, limit: u32) -> ClusterPermit {
    loop {
        let (tx, rx) = oneshot::channel();
        shared
            .runtime
            .spawn(ask(Arc::clone(shared), key.to_string(), limit, tx));
        // The task only ends without answering when its runtime shuts down (the process is
        // ending): ask again rather than send without a permit.
        if let Ok((permit, queued)) = rx.await {
            return ClusterPermit::new(Arc::clone(shared), key, permit, queued);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Asks until granted, waiting in the cluster's queue between asks; sends the permit id and
/// whether it had to wait. Ends (leaving the queue) when nobody waits for the answer any more.
async fn ask(
    shared: Arc<Shared>,
    key: String,
    limit: u32,
    mut answer: oneshot::Sender<(i64, bool)>,
) {
    let wake = shared.wakers.of(&key);
    let mut waiter: Option<i64> = None;
    // Where the grant of `waiter` arrives, noted with the place.
    let mut grant: Option<oneshot::Receiver<i64>> = None;
    let mut queued = false;
    let mut pause = Duration::ZERO;
    'asking: loop {
        if answer.is_closed() {
            break;
        }
        // Registered before asking, so a wake-up between the answer and the wait still wakes.
        let woken = wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        // A grant is noted as held, and a place as this process's, before a reconcile can run
        // (see `reconcile`).
        let asking = shared.asking.read().await;
        let answered = round_trip(&shared, &key, limit, waiter).await;
        match &answered {
            Ok(Answer::Granted { permit, .. }) => shared.holds(*permit, true),
            Ok(Answer::Queued { waiter: place, .. }) => {
                shared.wakers.requeue(&key, waiter, *place);
                if *place != waiter {
                    grant = place.map(|p| shared.wakers.grant_of(p));
                }
            }
            Err(_) => {}
        }
        drop(asking);
        match answered {
            Ok(Answer::Granted {
                permit,
                limit: cluster,
            }) => {
                shared.wakers.dequeue(&key, waiter.take());
                shared.reached(None);
                shared.note_limit(&key, limit, cluster);
                hand_over(&shared, &key, permit, queued, answer);
                return;
            }
            Ok(Answer::Queued {
                waiter: place,
                limit: cluster,
            }) => {
                shared.reached(None);
                shared.note_limit(&key, limit, cluster);
                waiter = place;
                queued = true;
                pause = Duration::ZERO;
                let recheck = tokio::time::sleep(shared.recheck());
                tokio::pin!(recheck);
                loop {
                    tokio::select! {
                        Ok(permit) = async { grant.as_mut().expect("guarded").await },
                            if grant.is_some() =>
                        {
                            // Held before the place is given up (see `reconcile`).
                            shared.holds(permit, true);
                            shared.wakers.dequeue(&key, waiter.take());
                            hand_over(&shared, &key, permit, queued, answer);
                            return;
                        }
                        () = &mut woken => {
                            // The oldest waiter here asks; the younger ones rank behind it.
                            if shared.wakers.behind_an_older_one(&key, waiter) {
                                woken.set(wake.notified());
                                woken.as_mut().enable();
                                continue;
                            }
                        }
                        () = &mut recheck => {}
                        () = answer.closed() => break 'asking,
                    }
                    break;
                }
            }
            Err(e) => {
                shared.reached(Some(&e));
                queued = true;
                pause = backoff(pause);
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = answer.closed() => break,
                }
            }
        }
    }
    shared.wakers.dequeue(&key, waiter);
    if let Some(place) = waiter {
        leave_queue(&shared, place).await;
    }
}

/// Sends the permit to the request, or gives it back when the request was dropped meanwhile.
fn hand_over(
    shared: &Arc<Shared>,
    key: &str,
    permit: i64,
    queued: bool,
    answer: oneshot::Sender<(i64, bool)>,
) {
    if let Err((permit, _)) = answer.send((permit, queued)) {
        drop(ClusterPermit::new(Arc::clone(shared), key, permit, queued));
    }
}

async fn round_trip(
    shared: &Shared,
    key: &str,
    limit: u32,
    waiter: Option<i64>,
) -> Result<Answer, ClusterError> {
    let client = shared.db.client().await?;
    let fail = |e: tokio_postgres::Error| ClusterError::statement("asking for a permit", &e);
    let statement = client.prepare_cached(ACQUIRE).await.map_err(fail)?;
    let returned = shared.returns_of(key);
    let row = client
        .query_one(
            &statement,
            &[
                &key,
                &shared.node,
                &i32::try_from(limit.max(1)).unwrap_or(i32::MAX),
                &waiter,
                &shared.stale_ms(),
                &shared.grants,
                &returned,
            ],
        )
        .await
        .map_err(fail)?;
    let limit = row
        .get::<_, Option<i32>>(2)
        .and_then(|l| u32::try_from(l).ok());
    match (row.get::<_, Option<i64>>(0), row.get::<_, Option<i64>>(1)) {
        (Some(permit), _) => Ok(Answer::Granted { permit, limit }),
        (None, waiter) => Ok(Answer::Queued { waiter, limit }),
    }
}

/// Best effort: a place nobody removes is dropped by the others once it is a lease old (a
/// permit granted to it meanwhile is given back with the node's, or by a reconcile).
async fn leave_queue(shared: &Shared, waiter: i64) {
    let Ok(client) = shared.db.client().await else {
        return;
    };
    if let Err(e) = client
        .execute(LEAVE_QUEUE, &[&waiter, &shared.stale_ms(), &shared.grants])
        .await
    {
        tracing::debug!(error = %e, "cluster budget: could not leave the queue; it lapses");
    }
}
