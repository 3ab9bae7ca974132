//! What the cluster tests share around a run: customers to upsert and the process that does
//! it, `node` and `run --cluster` processes that end with the test, `submit`, `results` and
//! `status` on either cluster database (a `TestCluster` schema or a `PrivatePg` server), and
//! the checks every distributed run ends with (one outcome per input, each customer stored
//! once, which node ran each batch and how it ended, nothing held once every run left).

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};

use netsuite_sim::{BlockingSimHandle, CountersSnapshot};
use serde_json::Value;

use super::cluster::TestCluster;
use super::private_pg::PrivatePg;
use super::{binary, connection_file, deps_dir, host_runner, ndjson, outcomes, write, ACCOUNT};

/// A cluster database a test runs against: the URL to give `--cluster`, and SQL on it.
pub trait ClusterDatabase {
    fn url(&self) -> String;

    /// Runs `sql`; the rows, columns separated by `|`.
    fn query(&self, sql: &str) -> Vec<String>;

    /// The number a `SELECT count(*) …` gives.
    fn count(&self, sql: &str) -> u64 {
        self.query(sql)[0].parse().unwrap()
    }

    /// Mid-way through an execution: at least `done` batches done, and one running with part
    /// of its outcomes written.
    fn mid_way(&self, done: u64) -> bool {
        self.count("SELECT count(*) FROM cluster_batches WHERE state = 'done'") >= done
            && self.count(
                "SELECT count(*) FROM cluster_batches b WHERE state = 'running' AND EXISTS \
                 (SELECT 1 FROM cluster_outputs o WHERE o.execution = b.execution \
                  AND o.seq = b.seq AND o.outcome IS NOT NULL)",
            ) >= 1
    }

    /// Whether execution `id` has finished.
    fn finished(&self, id: i64) -> bool {
        self.query(&format!(
            "SELECT finished_at IS NOT NULL FROM cluster_executions WHERE id = {id}"
        )) == ["t"]
    }
}

impl ClusterDatabase for TestCluster {
    fn url(&self) -> String {
        self.url.clone()
    }

    fn query(&self, sql: &str) -> Vec<String> {
        TestCluster::query(self, sql)
    }
}

impl ClusterDatabase for PrivatePg {
    fn url(&self) -> String {
        PrivatePg::url(self)
    }

    fn query(&self, sql: &str) -> Vec<String> {
        PrivatePg::query(self, sql)
    }
}

/// A child killed when dropped (a failed assertion leaves no process behind).
pub struct Guard(pub Child);

impl Deref for Guard {
    type Target = Child;

    fn deref(&self) -> &Child {
        &self.0
    }
}

impl DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `host-runner node` process, killed when dropped; its log goes to `<dir>/<name>.log`.
pub struct NodeProcess {
    pub child: Guard,
    log: PathBuf,
}

impl NodeProcess {
    /// `node --cluster <db> --name <name> --connectors … <extra>`.
    pub fn start(db: &impl ClusterDatabase, dir: &Path, name: &str, extra: &[&str]) -> NodeProcess {
        NodeProcess::start_with(db, dir, name, extra, &[])
    }

    /// [`start`](Self::start) with `env` set: a node's own environment (its secrets).
    pub fn start_with(
        db: &impl ClusterDatabase,
        dir: &Path,
        name: &str,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> NodeProcess {
        let log = dir.join(format!("{name}.log"));
        let mut node = binary();
        node.args(["node", "--cluster", &db.url(), "--name", name])
            .arg("--connectors")
            .arg(deps_dir())
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("HOST_RUNNER_CLUSTER")
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        for (name, value) in env {
            node.env(name, value);
        }
        let child = node
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("host-runner node starts");
        NodeProcess {
            child: Guard(child),
            log,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// `count` customers to upsert by externalId (`<prefix>-1`, …).
pub fn customers(prefix: &str, count: usize) -> String {
    (1..=count)
        .map(|i| {
            format!(
                "{{\"externalId\":\"{prefix}-{i}\",\"companyName\":\"Cluster {prefix} {i}\",\
                 \"subsidiary\":{{\"internalId\":\"1\"}}}}\n"
            )
        })
        .collect()
}

/// An UPSERT of `input` in `dir` (`upsert.toml`, outcomes to `out.ndjson`), `units` units,
/// host batches and upsertList requests of `batch`, with `max_concurrent` connections and no
/// retries: a concurrency fault would be an outcome, not a delay.
pub fn upsert_process(
    dir: &Path,
    sim: &BlockingSimHandle,
    input: &str,
    max_concurrent: u32,
    units: u32,
    batch: u32,
) -> PathBuf {
    let connection = connection_file(dir, sim, max_concurrent, super::TOKEN_SECRET);
    let mut text = std::fs::read_to_string(&connection).unwrap();
    text.push_str("number_of_retries = 0\n");
    std::fs::write(&connection, text).unwrap();
    write(dir, "in.ndjson", input);
    write(
        dir,
        "upsert.toml",
        &format!(
            "name = \"Upsert customers\"\nconnection = \"connection.toml\"\n\
             input = \"in.ndjson\"\noutput = \"out.ndjson\"\n\
             [operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\nbatch_size = {batch}\n\
             [flow]\nunits = {units}\nbatch_size = {batch}\n"
        ),
    )
}

/// Starts `host-runner run upsert.toml --cluster <url> <extra>` in `dir`: the report to
/// `report.json`, stderr to `stderr.txt` ([`run_log`]).
pub fn start_run(dir: &Path, url: &str, extra: &[&str]) -> Child {
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    binary()
        .arg("run")
        .arg(dir.join("upsert.toml"))
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off", "--cluster", url])
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

/// What the run [`start_run`] started in `dir` said.
pub fn run_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default()
}

/// `submit <process> --cluster <db> <extra>`: the execution id, and what it said.
pub fn submit(db: &impl ClusterDatabase, process: &Path, extra: &[&str]) -> (i64, Output) {
    let url = db.url();
    let mut args = vec!["submit", process.to_str().unwrap(), "--cluster", &url];
    args.extend(extra);
    let out = host_runner(&args);
    let id = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| {
            panic!(
                "submit prints the execution id: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    (id, out)
}

/// Every line `results ID` writes (to `<dir>/results-<id>.ndjson`).
pub fn results(db: &impl ClusterDatabase, dir: &Path, id: i64) -> Vec<Value> {
    let file = dir.join(format!("results-{id}.ndjson"));
    let out = host_runner(&[
        "results",
        &id.to_string(),
        "--cluster",
        &db.url(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ndjson(&file)
}

/// `status ID --json`.
pub fn status(db: &impl ClusterDatabase, id: i64) -> Value {
    let out = host_runner(&["status", &id.to_string(), "--json", "--cluster", &db.url()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("status --json is JSON")
}

/// The externalIds starting with `<prefix>-` of the simulator's customers, as a QUERY through
/// `run` with `<dir>/connection.toml` finds them (each record once per line).
pub fn stored_customers(dir: &Path, prefix: &str) -> Vec<String> {
    let process = write(
        dir,
        "count.toml",
        "connection = \"connection.toml\"\noutput = \"count.ndjson\"\n\
         [operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps_dir().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mine = format!("{prefix}-");
    ndjson(&dir.join("count.ndjson"))
        .iter()
        .filter_map(|l| l["document"]["externalId"].as_str().map(str::to_string))
        .filter(|e| e.starts_with(&mine))
        .collect()
}

/// Each of the `count` customers `<prefix>-…` once in the simulator.
pub fn assert_stored_once(dir: &Path, prefix: &str, count: usize) {
    let mut stored = stored_customers(dir, prefix);
    assert_eq!(stored.len(), count, "one record per customer");
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), count, "no customer twice");
}

/// Every input 1..=count has exactly one outcome, SUCCESS (`context`, the logs, on failure).
pub fn assert_every_input_succeeded_once(lines: &[Value], count: u64, context: &str) {
    let all = outcomes(lines);
    assert_eq!(all.len() as u64, count, "one outcome per input\n{context}");
    for (input, line) in &all {
        assert_eq!(
            line["outcome"], "SUCCESS",
            "input {input}: {line}\n{context}"
        );
    }
    assert_eq!(all.keys().next(), Some(&1));
    assert_eq!(all.keys().last(), Some(&count));
}

/// The runs of batch `index` in `status --json` are `expected`, as (node, result), in order.
pub fn assert_runs(shown: &Value, index: usize, expected: &[(&str, &str)]) {
    let runs = shown["batches"][index]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), expected.len(), "{shown:#}");
    for (run, (node, result)) in runs.iter().zip(expected) {
        assert_eq!(
            (run["node"].as_str(), run["result"].as_str()),
            (Some(*node), Some(*result))
        );
    }
}

/// The simulator refused nothing for concurrency and never saw more than `limit` requests at
/// once.
pub fn assert_kept_to_the_limit(counters: &CountersSnapshot, limit: u32) {
    assert_eq!(counters.faults("WS_REQUEST_BLOCKED"), 0);
    assert!(
        counters.peak_in_flight(ACCOUNT) <= limit,
        "the simulator saw {} requests at once (limit {limit})",
        counters.peak_in_flight(ACCOUNT)
    );
}

/// Every process left: no permit is held, nobody waits for one, no node is still on.
pub fn assert_nothing_held(db: &impl ClusterDatabase) {
    assert_eq!(
        db.query(
            "SELECT count(*) FROM cluster_permits UNION ALL \
             SELECT count(*) FROM cluster_permit_waiters UNION ALL \
             SELECT count(*) FROM cluster_nodes WHERE state <> 'stopped'"
        ),
        vec!["0", "0", "0"]
    );
}
