//! The `cluster` section: what the cluster budget costs a request, and how fast a permit goes
//! from one process to another (`run --cluster`, ARCHITECTURE.md "Cluster").
//!
//! Needs PostgreSQL (`HOST_RUNNER_TEST_PG`, default postgres@127.0.0.1:5432/postgres): the
//! section makes a throwaway schema, migrates it, and drops it at the end; without a server
//! it says so and measures nothing.
//!
//! The two "processes" are two budgets in this benchmark, each with its own node row, its own
//! runtime, connection pool and LISTEN connection: a permit goes from one to the other exactly
//! as between two host-runner processes (release and NOTIFY on one connection, the wake-up on
//! the other's LISTEN connection, then its asking round trip), minus the OS scheduling of a
//! second process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use connector_sdk::Cancellation;
use host_runner::cluster::budget::Budget;
use host_runner::cluster::{
    migrate, ClusterTarget, Database, Node, NodeKind, NodeSpec, PasswordSource,
};
use host_runner::transport::{HostTransport, TransportConfig};

use super::{account, fmt_num, loadavg, median, service_url, start_sim, verdict, Row, Scale};

const KEY: &str = "bench:cluster";

pub(super) fn server_url() -> String {
    std::env::var("HOST_RUNNER_TEST_PG")
        .unwrap_or_else(|_| "postgresql://postgres@127.0.0.1:5432/postgres".into())
}

/// One side: a runtime of its own, its node and its budget.
struct Side {
    runtime: tokio::runtime::Runtime,
    node: Option<Node>,
    budget: Arc<Budget>,
}

impl Side {
    fn join(url: &str) -> Side {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let target = ClusterTarget::new(url, &PasswordSource::Default).expect("target");
        let (node, budget) = runtime.block_on(async {
            let db = Database::connect(&target, 4).await.expect("connect");
            let spec = NodeSpec {
                name: None,
                kind: NodeKind::Run,
                units: 1,
                lease: Duration::from_secs(10),
            };
            let node = Node::join(&db, &spec).await.expect("join");
            let budget = Budget::start(db, &node).await.expect("budget");
            (node, budget)
        });
        Side {
            runtime,
            node: Some(node),
            budget,
        }
    }

    fn leave(mut self) {
        if let Some(node) = self.node.take() {
            let _ = self.runtime.block_on(self.budget.leave(node));
        }
    }
}

/// A schema of its own for a section, dropped when done.
pub(super) struct Schema {
    admin: tokio::runtime::Runtime,
    db: Database,
    name: String,
}

impl Schema {
    /// A new empty schema named after the section (`tag`) and this process.
    pub(super) fn create(tag: &str) -> Result<Schema, String> {
        let admin = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let target = ClusterTarget::new(&server_url(), &PasswordSource::Default)
            .map_err(|e| e.to_string())?;
        let name = format!("hr_bench_{tag}_{}", std::process::id());
        let db = admin.block_on(async {
            let db = Database::connect(&target, 1)
                .await
                .map_err(|e| e.to_string())?;
            let client = db.client().await.map_err(|e| e.to_string())?;
            client
                .batch_execute(&format!(
                    "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
                ))
                .await
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(db)
        })?;
        Ok(Schema { admin, db, name })
    }

    pub(super) fn url(&self) -> String {
        format!("{}?options=-csearch_path%3D{}", server_url(), self.name)
    }

    /// Creates the cluster's tables in the schema (`cluster migrate`).
    pub(super) fn migrate(&self) {
        let url = self.url();
        let migrated = self.admin.block_on(async {
            let target = ClusterTarget::new(&url, &PasswordSource::Default).expect("target");
            let db = Database::connect(&target, 1).await.expect("connect");
            migrate::migrate(&db).await
        });
        migrated.expect("the section's schema migrates");
    }

    /// Rows of `table` (in the section's schema).
    pub(super) fn count(&self, table: &str) -> i64 {
        self.admin.block_on(async {
            let client = self.db.client().await.expect("client");
            client
                .query_one(&format!("SELECT count(*) FROM {}.{table}", self.name), &[])
                .await
                .expect("count")
                .get(0)
        })
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = self.admin.block_on(async {
            let client = self.db.client().await.ok()?;
            client
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
                .await
                .ok()
        });
    }
}

impl Schema {
    /// The median time of `runs` one-row insert transactions, durable and then with
    /// `synchronous_commit = off` (as the permit statements commit): the server's WAL flush.
    fn commit_cost(&self, runs: usize) -> (f64, f64) {
        self.admin.block_on(async {
            let client = self.db.client().await.expect("client");
            let table = format!("{}.bench_commit", self.name);
            client
                .batch_execute(&format!("CREATE TABLE {table} (x integer)"))
                .await
                .expect("table");
            let insert = format!("INSERT INTO {table} VALUES (1)");
            let mut medians = Vec::new();
            for setting in ["on", "off"] {
                client
                    .batch_execute(&format!("SET synchronous_commit = {setting}"))
                    .await
                    .expect("set");
                let mut times = Vec::with_capacity(runs);
                for _ in 0..runs {
                    let started = Instant::now();
                    client.batch_execute(&insert).await.expect("insert");
                    times.push(started.elapsed().as_secs_f64());
                }
                medians.push(median(times));
            }
            client
                .batch_execute("RESET synchronous_commit")
                .await
                .expect("reset");
            (medians[0], medians[1])
        })
    }
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
    v[rank.min(v.len() - 1)]
}

fn ms(seconds: f64) -> String {
    format!("{} ms", fmt_num(seconds * 1e3))
}

pub(super) fn cluster(scale: Scale, rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let schema = match Schema::create("budget") {
        Ok(schema) => schema,
        Err(e) => {
            eprintln!("cluster: skipped, PostgreSQL is not reachable: {e}");
            notes.push(format!(
                "cluster: not measured: PostgreSQL is not reachable ({e}); start it \
                 (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) \
                 or set HOST_RUNNER_TEST_PG"
            ));
            return;
        }
    };
    schema.migrate();
    let url = schema.url();
    let runs = if scale.full { 500 } else { 5 };
    eprintln!(
        "cluster: {runs} hand-offs and requests (load {})",
        loadavg()
    );

    // Context: what a commit costs on this server (the permit statements skip the flush).
    let (durable, unflushed) = schema.commit_cost(runs);
    rows.push(Row {
        section: "cluster",
        figure: format!(
            "a one-row insert transaction on this server, {runs} times: durable → synchronous_commit off (median)"
        ),
        measured: format!("{} → {}", ms(durable), ms(unflushed)),
        target: String::new(),
        verdict: "",
    });

    let a = Side::join(&url);
    let b = Side::join(&url);

    // Hand-off: A holds the only permit, B waits for it; from A dropping it to B holding it.
    let mut handoffs = Vec::with_capacity(runs);
    for _ in 0..runs {
        let held = a.runtime.block_on(a.budget.acquire(KEY, 1));
        let waiting = {
            let budget = Arc::clone(&b.budget);
            b.runtime.spawn(async move {
                let permit = budget.acquire(KEY, 1).await;
                (Instant::now(), permit)
            })
        };
        while schema.count("cluster_permit_waiters") == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let released = Instant::now();
        drop(held);
        let (granted, permit) = b.runtime.block_on(waiting).expect("the waiter ends");
        handoffs.push(granted.duration_since(released).as_secs_f64());
        drop(permit);
        while schema.count("cluster_permits") > 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let p99 = percentile(handoffs.clone(), 99.0);
    rows.push(Row {
        section: "cluster",
        figure: format!("permit hand-off from one process to another, limit 1, {runs} times: p50"),
        measured: ms(percentile(handoffs.clone(), 50.0)),
        target: String::new(),
        verdict: "",
    });
    rows.push(Row {
        section: "cluster",
        figure: "permit hand-off from one process to another: p99".into(),
        measured: ms(p99),
        target: "≤ 10 ms".into(),
        verdict: verdict(p99 <= 0.010),
    });

    // Asking alone, uncontended (a limit nobody reaches): one round trip.
    let asks: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let permit = a
                .runtime
                .block_on(a.budget.acquire("bench:free", 1_000_000));
            let took = started.elapsed().as_secs_f64();
            drop(permit);
            took
        })
        .collect();
    rows.push(Row {
        section: "cluster",
        figure: "cluster permit, uncontended: asking (one round trip), p50 / p99".into(),
        measured: format!(
            "{} / {}",
            ms(percentile(asks.clone(), 50.0)),
            ms(percentile(asks, 99.0))
        ),
        target: String::new(),
        verdict: "",
    });

    // Through the transport: one request at a time to the simulator (no latency), with the
    // local permit only and with the cluster's too; the difference is the cluster's cost.
    let sim = start_sim(account(0, 10, 0));
    let url_sim = service_url(&sim);
    let per_request = |cluster: Option<Arc<Budget>>| -> f64 {
        let transport = HostTransport::new(TransportConfig {
            cluster,
            ..TransportConfig::default()
        })
        .expect("transport");
        transport.declare_pool(KEY, 4);
        let send = || {
            let request = connector_api::HttpRequest {
                method: "POST".into(),
                url: url_sim.as_str().into(),
                headers: Default::default(),
                body: b"<soap/>".to_vec().into(),
                pool_key: KEY.into(),
                timeout_ms: 0,
            };
            let _ = transport.send(request, &Cancellation::new());
        };
        for _ in 0..runs.min(20) {
            send();
        }
        let times: Vec<f64> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                send();
                started.elapsed().as_secs_f64()
            })
            .collect();
        median(times)
    };
    let local = per_request(None);
    let clustered = per_request(Some(Arc::clone(&a.budget)));

    // A process alone on the account with fewer senders than the limit (4 at once, limit 5,
    // no latency: the requests are shorter than the permits' round trips): nothing should wait.
    // A key of its own: both sides declared a limit of 1 for `KEY` (the smallest wins).
    let alone_key = "bench:alone";
    let alone = {
        let transport = HostTransport::new(TransportConfig {
            cluster: Some(Arc::clone(&a.budget)),
            ..TransportConfig::default()
        })
        .expect("transport");
        transport.declare_pool(alone_key, 5);
        let each = runs;
        let started = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..each {
                        let request = connector_api::HttpRequest {
                            method: "POST".into(),
                            url: url_sim.as_str().into(),
                            headers: Default::default(),
                            body: b"<soap/>".to_vec().into(),
                            pool_key: alone_key.into(),
                            timeout_ms: 0,
                        };
                        let _ = transport.send(request, &Cancellation::new());
                    }
                });
            }
        });
        let took = started.elapsed().as_secs_f64();
        let stats = transport.pool_stats(alone_key).expect("declared");
        (stats, took)
    };
    rows.push(Row {
        section: "cluster",
        figure: format!(
            "one request at a time through the transport, {runs} requests: local permit → local + cluster permit (median)"
        ),
        measured: format!(
            "{} → {} (+{} a request)",
            ms(local),
            ms(clustered),
            ms(clustered - local)
        ),
        target: String::new(),
        verdict: "",
    });
    let (stats, took) = alone;
    rows.push(Row {
        section: "cluster",
        figure: format!(
            "4 senders at once, limit 5, no latency, {} requests: requests that waited for a permit; getting a permit, mean; peak in flight; requests/s",
            stats.admitted
        ),
        measured: format!(
            "{} waited; {}; peak {}; {} requests/s",
            stats.waited,
            ms(stats.asking.as_secs_f64() / stats.admitted.max(1) as f64),
            stats.peak_in_flight,
            fmt_num(stats.admitted as f64 / took)
        ),
        target: "0 waited".into(),
        verdict: verdict(stats.waited == 0),
    });
    sim.shutdown();
    notes.push(format!(
        "cluster: two budgets in this process, each with its own node row, runtime, pool and \
         LISTEN connection, on PostgreSQL at {} (a throwaway schema); hand-off timed from the \
         holder dropping its permit to the waiter holding it (release + NOTIFY, wake-up, one \
         asking round trip); hand-offs {}..{}",
        server_url().split('@').nth(1).unwrap_or("?"),
        ms(handoffs.iter().copied().fold(f64::INFINITY, f64::min)),
        ms(handoffs.iter().copied().fold(0.0, f64::max)),
    ));
    a.leave();
    b.leave();
}
