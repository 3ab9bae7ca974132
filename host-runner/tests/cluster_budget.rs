//! `run --cluster`: several host-runner processes on one NetSuite account keep, together, to
//! the account's concurrency limit by taking their permits from PostgreSQL — no concurrency
//! fault where separate processes would each use the whole limit; a killed process's permits
//! come back after its lease; two processes declaring different limits use the smaller; a run
//! whose cluster database goes away sends nothing without a permit and carries on when it is
//! back.
//!
//! Each test has its own cluster schema (`TestCluster`) and its own simulator. Waits are the
//! tests' own pacing (`wait_for`, `wait_exit`), never assertions on time.

mod support;

use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::cluster::TestCluster;
use support::cluster_runs::{
    assert_kept_to_the_limit, assert_nothing_held, customers, run_log, start_run, upsert_process,
};
use support::*;

/// A folder with an UPSERT of `n` customers (externalIds `<prefix>-<i>`), `units` units, host
/// batches and upsertList requests of `batch`, against `sim` with `max_concurrent`
/// connections and no retries (a concurrency fault would be an outcome, not a delay).
fn upsert(
    sim: &netsuite_sim::BlockingSimHandle,
    prefix: &str,
    n: usize,
    max_concurrent: u32,
    units: u32,
    batch: u32,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = customers(prefix, n);
    upsert_process(dir.path(), sim, &input, max_concurrent, units, batch);
    dir
}

fn report(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("report.json")).expect("a run report");
    serde_json::from_str(&text).unwrap()
}

/// Every input of the run in `dir` has one outcome, and all are SUCCESS.
fn assert_all_succeeded(dir: &Path, n: usize) {
    let all = outcomes(&ndjson(&dir.join("out.ndjson")));
    assert_eq!(all.len(), n, "{}", run_log(dir));
    for (input, line) in &all {
        assert_eq!(
            line["outcome"],
            "SUCCESS",
            "input {input}: {line}\n{}",
            run_log(dir)
        );
    }
}

/// Three processes at once, each allowed the account's whole limit on its own: together they
/// keep to it, and NetSuite refuses nothing.
fn three_processes_share_the_limit(limit: u32) {
    let sim = sim(limit, 50, 0);
    let cluster = TestCluster::new();
    let dirs: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|p| upsert(&sim, &format!("{p}{limit}"), 150, limit, 4, 5))
        .collect();
    let mut children: Vec<Child> = dirs
        .iter()
        .map(|d| start_run(d.path(), &cluster.url, &[]))
        .collect();
    for (child, dir) in children.iter_mut().zip(&dirs) {
        let status = wait_exit(child);
        assert_eq!(status.code(), Some(0), "{}", run_log(dir.path()));
    }
    assert_kept_to_the_limit(&sim.counters(), limit);
    for dir in &dirs {
        assert_all_succeeded(dir.path(), 150);
        let report = report(dir.path());
        assert_eq!(report["pool"]["cluster"]["limit"], limit, "{report}");
        let text = run_log(dir.path());
        // The waits' count and time are of the same requests, in the report and the summary.
        let waits = report["permit_waits"].as_u64().unwrap();
        let waited_s = report["permit_wait_s"].as_f64().unwrap();
        assert_eq!(waits == 0, waited_s == 0.0, "{report}");
        assert_eq!(waits > 0, text.contains("waited for a permit"), "{text}");
        assert!(
            text.contains("the budget was the cluster's (postgres@127.0.0.1:5432/postgres"),
            "{text}"
        );
    }
    // Every process left: nothing is held, nobody waits.
    assert_nothing_held(&cluster);
}

#[test]
fn three_processes_on_an_account_with_limit_3_answer_no_concurrency_fault() {
    three_processes_share_the_limit(3);
}

#[test]
fn three_processes_on_an_account_with_limit_4_keep_to_4() {
    three_processes_share_the_limit(4);
}

/// A run alone on the account, with fewer units than the limit: nothing waits for a permit (its
/// own returns on their way do not hold up its next requests), its requests overlap, and the
/// summary and the report say the same.
#[test]
fn a_run_alone_with_fewer_units_than_the_limit_waits_for_no_permit() {
    let sim = sim(5, 50, 0);
    let cluster = TestCluster::new();
    let dir = upsert(&sim, "solo", 200, 5, 4, 10);
    let mut child = start_run(dir.path(), &cluster.url, &[]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", run_log(dir.path()));
    assert_all_succeeded(dir.path(), 200);
    let report = report(dir.path());
    let pool = &report["pool"];
    assert_eq!(pool["admitted"], report["requests"], "{report}");
    assert_eq!(report["permit_waits"], 0, "{report}");
    assert_eq!(report["permit_wait_s"], 0.0, "{report}");
    assert_eq!(pool["permit_waits"], 0, "{report}");
    assert!(pool["permit_ask_s"].as_f64().unwrap() > 0.0, "{report}");
    let peak = pool["peak_in_flight"].as_u64().unwrap();
    assert!((2..=4).contains(&peak), "{report}");
    let text = run_log(dir.path());
    assert!(!text.contains("waited for a permit"), "{text}");
    assert!(
        text.contains(&format!("at most {peak} of 5 requests in flight")),
        "{text}"
    );
    assert!(text.contains("getting a permit took "), "{text}");
    assert_eq!(sim.counters().faults("WS_REQUEST_BLOCKED"), 0);
}

/// The node id of the run whose process id is `pid`, once it has joined.
fn node_of(cluster: &TestCluster, child: &Child) -> String {
    let mut id = String::new();
    wait_for("the run to join the cluster", || {
        id = cluster
            .query(&format!(
                "SELECT id FROM cluster_nodes WHERE pid = {}",
                child.id()
            ))
            .concat();
        !id.is_empty()
    });
    id
}

#[test]
fn a_killed_process_s_permits_come_back_after_its_lease() {
    let sim = sim(3, 300, 0);
    let cluster = TestCluster::new();
    let doomed = upsert(&sim, "doomed", 300, 3, 3, 1);
    let mut first = start_run(doomed.path(), &cluster.url, &["--lease-seconds", "2"]);
    let node = node_of(&cluster, &first);
    wait_for("the first run to hold every permit", || {
        cluster.query(&format!(
            "SELECT count(*) FROM cluster_permits WHERE node = {node}"
        )) == vec!["3"]
    });
    kill(&first, "KILL");
    wait_exit(&mut first);
    // Its rows stay until someone finds its lease over.
    assert_ne!(
        cluster.query(&format!(
            "SELECT count(*) FROM cluster_permits WHERE node = {node}"
        )),
        vec!["0"]
    );

    let survivor = upsert(&sim, "survivor", 12, 3, 3, 2);
    let mut second = start_run(survivor.path(), &cluster.url, &["--lease-seconds", "2"]);
    let status = wait_exit(&mut second);
    assert_eq!(status.code(), Some(0), "{}", run_log(survivor.path()));
    assert_all_succeeded(survivor.path(), 12);
    assert_eq!(
        cluster.query(&format!(
            "SELECT count(*) FROM cluster_permits WHERE node = {node}"
        )),
        vec!["0"],
        "the killed process's permits were taken back"
    );
    assert_eq!(sim.counters().faults("WS_REQUEST_BLOCKED"), 0);
}

#[test]
fn two_processes_declaring_different_limits_use_the_smaller() {
    let sim = sim(10, 50, 0);
    let cluster = TestCluster::new();
    // The small one works long enough to stay in the cluster while the large one runs.
    let small = upsert(&sim, "small", 2000, 2, 2, 1);
    let large = upsert(&sim, "large", 60, 4, 4, 5);
    let mut first = start_run(small.path(), &cluster.url, &[]);
    let node = node_of(&cluster, &first);
    wait_for("the small run to declare its limit", || {
        !cluster
            .query(&format!(
                "SELECT 1 FROM cluster_pool_limits WHERE node = {node}"
            ))
            .is_empty()
    });
    let mut second = start_run(large.path(), &cluster.url, &[]);
    let status = wait_exit(&mut second);
    assert_eq!(status.code(), Some(0), "{}", run_log(large.path()));
    assert!(
        first.try_wait().unwrap().is_none(),
        "the small run was still in the cluster"
    );
    kill(&first, "TERM");
    wait_exit(&mut first);

    assert_all_succeeded(large.path(), 60);
    let counters = sim.counters();
    assert!(
        counters.peak_in_flight(ACCOUNT) <= 2,
        "the simulator saw {} requests at once",
        counters.peak_in_flight(ACCOUNT)
    );
    let text = run_log(large.path());
    let key = format!("netsuite:{ACCOUNT}");
    assert!(
        text.lines().any(|l| l.contains("WARN")
            && l.contains(&key)
            && l.contains("declared 4")
            && l.contains("the cluster uses 2")),
        "{text}"
    );
    assert_eq!(report(large.path())["pool"]["cluster"]["limit"], 2);
    assert!(
        !run_log(small.path()).contains("the cluster uses"),
        "the smaller declaration has nothing to warn about"
    );
}

/// A TCP relay to the test's PostgreSQL that can be cut (every connection closed, new ones
/// refused) and resumed: the database going away and coming back, as a client sees a
/// restart, without touching the server other tests share.
struct Relay {
    port: u16,
    down: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (d, o) = (Arc::clone(&down), Arc::clone(&open));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if d.load(Ordering::SeqCst) {
                    continue; // dropped: refused
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let mut open = o.lock().unwrap();
                open.push(client.try_clone().unwrap());
                open.push(server.try_clone().unwrap());
                relay(client.try_clone().unwrap(), server.try_clone().unwrap());
                relay(server, client);
            }
        });
        Relay { port, down, open }
    }

    fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn resume(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

fn relay(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(Shutdown::Both);
    });
}

#[test]
fn a_run_sends_nothing_while_the_cluster_database_is_away_and_carries_on_when_it_is_back() {
    let sim = sim(3, 50, 0);
    let cluster = TestCluster::new();
    // `…@host:port/…`: the relay stands in for host:port.
    let upstream = cluster
        .url
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    let relay = Relay::start(upstream.clone());
    let through = cluster
        .url
        .replace(&upstream, &format!("127.0.0.1:{}", relay.port));
    let dir = upsert(&sim, "away", 150, 3, 3, 2);
    let mut child = start_run(dir.path(), &through, &[]);
    wait_for("some documents done", || {
        sim.counters().operation("upsertList") >= 10
    });
    relay.cut();
    // Requests already holding their permits end; then nothing more is sent.
    let mut seen = sim.counters().operation("upsertList");
    wait_for("the requests in flight to end", || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = sim.counters().operation("upsertList");
        std::mem::replace(&mut seen, now) == now
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(
        sim.counters().operation("upsertList"),
        seen,
        "no request without a permit while the database is away"
    );
    assert!(child.try_wait().unwrap().is_none(), "the run waits");
    relay.resume();
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", run_log(dir.path()));
    assert_all_succeeded(dir.path(), 150);
    let text = run_log(dir.path());
    assert!(text.contains("the database cannot be reached"), "{text}");
    assert!(text.contains("the database is back"), "{text}");
    assert!(!text.contains("WS_REQUEST_BLOCKED"), "{text}");
}

/// Two budgets of one cluster in this test (as two processes would have), on a runtime that
/// outlives them.
struct Budgets {
    runtime: tokio::runtime::Runtime,
    nodes: Vec<host_runner::cluster::Node>,
    budgets: Vec<Arc<host_runner::cluster::budget::Budget>>,
}

impl Budgets {
    fn join(cluster: &TestCluster, count: usize) -> Budgets {
        use host_runner::cluster::{budget::Budget, *};
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let target = ClusterTarget::new(&cluster.url, &PasswordSource::Default).unwrap();
        let (nodes, budgets) = runtime.block_on(async {
            let mut nodes = Vec::new();
            let mut budgets = Vec::new();
            for _ in 0..count {
                let db = Database::connect(&target, 4).await.unwrap();
                let spec = NodeSpec {
                    name: None,
                    kind: NodeKind::Run,
                    units: 1,
                    lease: std::time::Duration::from_secs(10),
                };
                let node = Node::join(&db, &spec).await.unwrap();
                budgets.push(Budget::start(db, &node).await.unwrap());
                nodes.push(node);
            }
            (nodes, budgets)
        });
        Budgets {
            runtime,
            nodes,
            budgets,
        }
    }
}

#[test]
fn a_request_given_up_while_it_waits_leaves_no_permit_and_no_place_in_the_queue() {
    use std::time::Duration;
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 2);
    let held = b.runtime.block_on(b.budgets[0].acquire("acct", 1));
    // The other one waits, then its request is cancelled (its future dropped).
    let gave_up = b.runtime.block_on(async {
        tokio::time::timeout(Duration::from_millis(300), b.budgets[1].acquire("acct", 1)).await
    });
    assert!(gave_up.is_err(), "the only permit was held");
    wait_for("the abandoned place to leave the queue", || {
        cluster.query("SELECT count(*) FROM cluster_permit_waiters") == vec!["0"]
    });
    drop(held);
    // Requests given up at every moment of asking, some after their grant was decided:
    // none of them keeps a permit.
    for i in 0..60u64 {
        let budget = &b.budgets[i as usize % 2];
        let _ = b.runtime.block_on(async {
            tokio::time::timeout(Duration::from_micros(i * 50), budget.acquire("acct", 1)).await
        });
    }
    wait_for("every permit back", || {
        cluster.query(
            "SELECT (SELECT count(*) FROM cluster_permits) + \
             (SELECT count(*) FROM cluster_permit_waiters)",
        ) == vec!["0"]
    });
    // And the permit is free for whoever asks next.
    let again = b.runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), b.budgets[1].acquire("acct", 1)).await
    });
    assert!(again.is_ok());
    drop(again);
    let Budgets {
        runtime,
        nodes,
        budgets,
    } = b;
    for (node, budget) in nodes.into_iter().zip(budgets) {
        runtime.block_on(budget.leave(node)).unwrap();
    }
}

#[test]
fn a_run_whose_cluster_cannot_be_used_says_why_and_sends_nothing() {
    let sim = sim(3, 0, 0);
    let dir = upsert(&sim, "refused", 5, 3, 1, 5);
    let mut unreachable = start_run(
        dir.path(),
        "postgresql://postgres:pw-never-shown@127.0.0.1:1/postgres",
        &[],
    );
    assert_eq!(wait_exit(&mut unreachable).code(), Some(2));
    let text = run_log(dir.path());
    assert!(
        text.contains("cannot reach the cluster database postgres@127.0.0.1:1/postgres"),
        "{text}"
    );
    assert!(!text.contains("pw-never-shown"), "{text}");

    let never_migrated = TestCluster::empty();
    let mut old = start_run(dir.path(), &never_migrated.url, &[]);
    assert_eq!(wait_exit(&mut old).code(), Some(2));
    let text = run_log(dir.path());
    assert!(text.contains("host-runner cluster migrate"), "{text}");
    assert_eq!(sim.counters().operation("upsertList"), 0);
}

#[test]
fn a_node_that_no_longer_counts_as_alive_is_given_no_permit() {
    use std::time::Duration;
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 2);
    // A live node has declared the key and holds one of its 5 permits.
    let alive = b.runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), b.budgets[1].acquire("acct", 5)).await
    });
    assert!(alive.is_ok());
    let gone = b.nodes[0].id();
    cluster.query(&format!(
        "UPDATE cluster_nodes SET state = 'stopped' WHERE id = {gone}"
    ));
    let refused = b.runtime.block_on(async {
        tokio::time::timeout(Duration::from_millis(500), b.budgets[0].acquire("acct", 5)).await
    });
    assert!(refused.is_err(), "a stopped node was given a permit");
    assert_eq!(
        cluster.query(&format!(
            "SELECT count(*) FROM cluster_permits WHERE node = {gone}"
        )),
        vec!["0"]
    );
}

#[test]
fn a_free_permit_goes_to_the_oldest_waiter_of_the_cluster_whatever_its_node() {
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 2);
    let (first, second) = (Arc::clone(&b.budgets[0]), Arc::clone(&b.budgets[1]));
    let held = b.runtime.block_on(first.acquire("acct", 1));
    let waiters = || cluster.query("SELECT count(*) FROM cluster_permit_waiters");
    // The other node asks first, then the holder's own node asks again.
    let other = {
        let second = Arc::clone(&second);
        b.runtime
            .spawn(async move { second.acquire("acct", 1).await })
    };
    wait_for("the other node to queue", || waiters() == vec!["1"]);
    let own = {
        let first = Arc::clone(&first);
        b.runtime
            .spawn(async move { first.acquire("acct", 1).await })
    };
    wait_for("the holder's node to queue", || waiters() == vec!["2"]);
    drop(held);
    let granted = b.runtime.block_on(other).unwrap();
    assert!(!own.is_finished(), "the later waiter was served first");
    assert_eq!(
        cluster.query("SELECT node FROM cluster_permits"),
        vec![b.nodes[1].id().to_string()]
    );
    drop(granted);
    b.runtime.block_on(own).unwrap();
}

/// A return the database forgot (the permit statements skip the WAL flush, so a PostgreSQL
/// crash can lose one) does not hold a permit for as long as the node lives: once the database
/// is back, the process gives back every row of its node that none of its requests holds, and
/// keeps the ones they do.
#[test]
fn after_the_database_was_away_a_forgotten_return_is_given_back() {
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 1);
    let node = b.nodes[0].id();
    let held = b.runtime.block_on(b.budgets[0].acquire("acct", 3));
    let forgotten = cluster
        .query(&format!(
            "INSERT INTO cluster_permits (pool_key, node) VALUES ('acct', {node}) RETURNING id"
        ))
        .concat();
    let rows = || {
        cluster.query(&format!(
            "SELECT id FROM cluster_permits WHERE node = {node} ORDER BY id"
        ))
    };
    assert_eq!(rows().len(), 2);
    // The server drops the budget's LISTEN connection, as a restart would.
    let dropped = cluster.query(&format!(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE query LIKE 'LISTEN %{}.permits%'",
        cluster.schema
    ));
    assert_eq!(dropped, vec!["1"]);
    wait_for("the forgotten return to be given back", || {
        !rows().contains(&forgotten)
    });
    assert_eq!(rows().len(), 1, "the permit a request holds stays");
    drop(held);
    wait_for("the held permit to go back", || rows().is_empty());
}

/// A freed permit is granted to the oldest waiter by the return itself and announced to the
/// waiter's process; when that announcement is lost, the waiter's own re-check finds its grant
/// (and no second permit is made for it).
#[test]
fn a_grant_whose_notification_was_lost_is_found_by_the_waiter_s_re_check() {
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 2);
    let held = b.runtime.block_on(b.budgets[0].acquire("acct", 1));
    let waiting = {
        let second = Arc::clone(&b.budgets[1]);
        b.runtime
            .spawn(async move { second.acquire("acct", 1).await })
    };
    let waiters = || cluster.query("SELECT count(*) FROM cluster_permit_waiters");
    wait_for("the other node to queue", || waiters() == vec!["1"]);
    // Returned by hand, its grant announced on a channel nobody listens to.
    let permit = cluster.query("SELECT id FROM cluster_permits").concat();
    cluster.query(&format!(
        "SELECT cluster_permit_release({permit}, 10000, 'nobody_listens')"
    ));
    // Its own return finds nothing left to return.
    drop(held);
    let waiter_node = b.nodes[1].id().to_string();
    assert_eq!(
        cluster.query("SELECT node FROM cluster_permits"),
        vec![waiter_node.clone()]
    );
    let granted = b.runtime.block_on(waiting).unwrap();
    assert!(granted.queued());
    assert_eq!(
        cluster.query("SELECT node FROM cluster_permits"),
        vec![waiter_node],
        "one permit, the one granted on the return"
    );
    drop(granted);
    wait_for("the permit and its waiter row to go", || {
        cluster.query(
            "SELECT (SELECT count(*) FROM cluster_permits) + \
             (SELECT count(*) FROM cluster_permit_waiters)",
        ) == vec!["0"]
    });
}

/// A waiter that gives up its place after a release granted it a permit gives that permit
/// back, and it goes on to the next waiter (the database's side, step by step).
#[test]
fn a_permit_granted_to_a_waiter_that_left_goes_to_the_next() {
    let cluster = TestCluster::new();
    let b = Budgets::join(&cluster, 2);
    let (first, second) = (b.nodes[0].id(), b.nodes[1].id());
    let ask = |node: i64, waiter: &str| {
        cluster
            .query(&format!(
                "SELECT coalesce(permit::text, 'waiter ' || waiter) FROM \
             cluster_permit_acquire('solo', {node}, 1, {waiter}, 10000, 'nobody_listens', '{{}}')"
            ))
            .concat()
    };
    let permit = ask(first, "NULL");
    let left = ask(second, "NULL");
    let next = ask(first, "NULL");
    let (left, next) = (
        left.trim_start_matches("waiter ").to_string(),
        next.trim_start_matches("waiter ").to_string(),
    );
    cluster.query(&format!(
        "SELECT cluster_permit_release({permit}, 10000, 'nobody_listens')"
    ));
    let granted_to = |waiter: &str| {
        cluster
            .query(&format!(
                "SELECT coalesce(permit::text, '') FROM cluster_permit_waiters WHERE id = {waiter}"
            ))
            .concat()
    };
    assert_ne!(
        granted_to(&left),
        "",
        "the oldest waiter was granted on the release"
    );
    assert_eq!(granted_to(&next), "");
    cluster.query(&format!(
        "SELECT cluster_permit_leave_queue({left}, 10000, 'nobody_listens')"
    ));
    let handed_on = granted_to(&next);
    assert_ne!(handed_on, "", "the permit went on to the next waiter");
    assert_eq!(
        cluster.query("SELECT id || ' ' || node FROM cluster_permits"),
        vec![format!("{handed_on} {first}")]
    );
    // The next waiter's ask answers its grant; the row goes with the permit.
    assert_eq!(ask(first, &next), handed_on);
    cluster.query(&format!(
        "SELECT cluster_permit_release({handed_on}, 10000, 'nobody_listens')"
    ));
    assert_eq!(
        cluster.query(
            "SELECT (SELECT count(*) FROM cluster_permits) + \
             (SELECT count(*) FROM cluster_permit_waiters)"
        ),
        vec!["0"]
    );
}
