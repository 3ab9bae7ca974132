//! `run --cluster`: several host-runner processes on one NetSuite account keep, together, to
//! the account's concurrency limit by taking their permits from PostgreSQL — no concurrency
//! fault where separate processes would each use the whole limit; a killed process's permits
//! come back after its lease; two processes declaring different limits use the smaller.
//!
//! Each test has its own cluster schema (`TestCluster`) and its own simulator. Waits are the
//! tests' own pacing (`wait_for`, `wait_exit`), never assertions on time.

mod support;

use std::path::Path;
use std::process::{Child, Stdio};

use serde_json::Value;
use support::cluster::TestCluster;
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
    let connection = connection_file(dir.path(), sim, max_concurrent, TOKEN_SECRET);
    let mut text = std::fs::read_to_string(&connection).unwrap();
    text.push_str("number_of_retries = 0\n");
    std::fs::write(&connection, text).unwrap();
    let input: String = (1..=n)
        .map(|i| {
            format!(
                "{{\"externalId\":\"{prefix}-{i}\",\"companyName\":\"Cluster {prefix} {i}\",\
                 \"subsidiary\":{{\"internalId\":\"1\"}}}}\n"
            )
        })
        .collect();
    write(dir.path(), "customers.ndjson", &input);
    write(
        dir.path(),
        "upsert.toml",
        &format!(
            r#"name = "cluster upsert {prefix}"
connection = "connection.toml"
input = "customers.ndjson"
output = "out.ndjson"

[operation]
action = "UPSERT"
record_type = "customer"
batch_size = {batch}

[flow]
units = {units}
batch_size = {batch}
"#
        ),
    );
    dir
}

/// Starts `host-runner run upsert.toml --cluster <url> <extra>` in `dir`, stderr to a file.
fn spawn(dir: &Path, cluster: &TestCluster, extra: &[&str]) -> Child {
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    binary()
        .arg("run")
        .arg(dir.join("upsert.toml"))
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off", "--cluster", &cluster.url])
        .arg("--report")
        .arg(dir.join("report.json"))
        .args(extra)
        .env_remove("RUST_LOG")
        .env_remove("HOST_RUNNER_CLUSTER")
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("host-runner starts")
}

fn stderr(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default()
}

fn report(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("report.json")).expect("a run report");
    serde_json::from_str(&text).unwrap()
}

/// Every input of the run in `dir` has one outcome, and all are SUCCESS.
fn assert_all_succeeded(dir: &Path, n: usize) {
    let all = outcomes(&ndjson(&dir.join("out.ndjson")));
    assert_eq!(all.len(), n, "{}", stderr(dir));
    for (input, line) in &all {
        assert_eq!(
            line["outcome"],
            "SUCCESS",
            "input {input}: {line}\n{}",
            stderr(dir)
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
        .map(|d| spawn(d.path(), &cluster, &[]))
        .collect();
    for (child, dir) in children.iter_mut().zip(&dirs) {
        let status = wait_exit(child);
        assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    }
    let counters = sim.counters();
    assert_eq!(counters.faults("WS_REQUEST_BLOCKED"), 0);
    assert!(
        counters.peak_in_flight(ACCOUNT) <= limit,
        "the simulator saw {} requests at once (limit {limit})",
        counters.peak_in_flight(ACCOUNT)
    );
    for dir in &dirs {
        assert_all_succeeded(dir.path(), 150);
        let report = report(dir.path());
        assert_eq!(report["pool"]["cluster"]["limit"], limit, "{report}");
        let text = stderr(dir.path());
        assert!(
            text.contains("the budget was the cluster's (postgres@127.0.0.1:5432/postgres"),
            "{text}"
        );
    }
    // Every process left: nothing is held, nobody waits.
    assert_eq!(
        cluster.query(
            "SELECT count(*) FROM cluster_permits UNION ALL \
             SELECT count(*) FROM cluster_permit_waiters UNION ALL \
             SELECT count(*) FROM cluster_nodes WHERE state <> 'stopped'"
        ),
        vec!["0", "0", "0"]
    );
}

#[test]
fn three_processes_on_an_account_with_limit_3_answer_no_concurrency_fault() {
    three_processes_share_the_limit(3);
}

#[test]
fn three_processes_on_an_account_with_limit_4_keep_to_4() {
    three_processes_share_the_limit(4);
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
    let mut first = spawn(doomed.path(), &cluster, &["--lease-seconds", "2"]);
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
    let mut second = spawn(survivor.path(), &cluster, &["--lease-seconds", "2"]);
    let status = wait_exit(&mut second);
    assert_eq!(status.code(), Some(0), "{}", stderr(survivor.path()));
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
    let mut first = spawn(small.path(), &cluster, &[]);
    let node = node_of(&cluster, &first);
    wait_for("the small run to declare its limit", || {
        !cluster
            .query(&format!(
                "SELECT 1 FROM cluster_pool_limits WHERE node = {node}"
            ))
            .is_empty()
    });
    let mut second = spawn(large.path(), &cluster, &[]);
    let status = wait_exit(&mut second);
    assert_eq!(status.code(), Some(0), "{}", stderr(large.path()));
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
    let text = stderr(large.path());
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
        !stderr(small.path()).contains("the cluster uses"),
        "the smaller declaration has nothing to warn about"
    );
}
