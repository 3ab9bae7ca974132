//! The `cluster-nodes` section: whole host-runner processes sharing one NetSuite account
//! through the cluster (issue 13, item 7), next to the same processes without it.
//!
//! 1. 6,000 upserts (`BENCH_CLUSTER_UPSERTS`) by externalId, simulator account limit 10, 50 ms latency, 10 documents a
//!    request (600 `upsertList` calls): (a) submitted (`submit --wait`) and run by three
//!    `node` processes of 4 units each; (b) three `run --cluster` processes of 2,000 documents
//!    each (10 units each: every process is configured for the whole account, the cluster
//!    keeps them to 10); (c) the same three `run` processes without `--cluster`, each with
//!    `max_concurrent_connections = 10`, once with retries off (`number_of_retries = 0`) and
//!    once with the connector's default retries.
//!
//!    Requests/s over the busy window of the JSON execution logs of every process (from the
//!    first `upsertList`'s start to the last one's end, faulted calls included, as the
//!    `concurrency` section does), divided by limit ÷ latency; faults and the peak in flight
//!    from the simulator's counters.
//! 2. A 200,000-record QUERY submitted to the cluster and run by one node: records/s from
//!    `submit` to `results -o FILE` written, and the node's peak RSS (VmHWM from /proc just
//!    before it is stopped) next to the same with 20,000 records.
//!
//! Each run has a throwaway schema of its own, migrated, and dropped at the end; without
//! PostgreSQL the section says so and measures nothing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use netsuite_sim::BlockingSimHandle;

use super::cluster_section::{server_url, Schema};
use super::{
    account, check, connector_support, fmt_num, loadavg, median, request_window, run_host_with,
    service_url, spread, start_sim, tail, verdict, write_connection, HostRun, Row, Scale,
    CONSUMER_SECRET_ENV, HOST, TOKEN_SECRET_ENV,
};

const ACCOUNT_LIMIT: u32 = 10;
const PER_REQUEST: usize = 10;

/// Units of each node (`BENCH_NODE_UNITS`, default 4: the three together can fill the limit).
fn node_units() -> u32 {
    super::env_count("BENCH_NODE_UNITS").map_or(4, |n| n as u32)
}

/// Flow units of each `run` (`BENCH_RUN_UNITS`, default 10: configured for the whole account).
fn run_units() -> u32 {
    super::env_count("BENCH_RUN_UNITS").map_or(10, |n| n as u32)
}

/// Whether part `p` (a, b, c, q) is wanted (`BENCH_CLUSTER_NODES_PARTS`, default all).
fn part(p: char) -> bool {
    std::env::var("BENCH_CLUSTER_NODES_PARTS").map_or(true, |parts| parts.contains(p))
}

/// The sizes of one measurement.
struct Sizes {
    upserts: usize,
    latency_ms: u64,
    documents_per_batch: usize,
    query: usize,
    small_query: usize,
}

impl Sizes {
    fn of(scale: Scale) -> Sizes {
        if scale.full {
            Sizes {
                upserts: super::env_count("BENCH_CLUSTER_UPSERTS").unwrap_or(6_000),
                latency_ms: 50,
                documents_per_batch: 100,
                query: scale.query_records,
                small_query: scale.small_query_records,
            }
        } else {
            Sizes {
                upserts: 60,
                latency_ms: 5,
                documents_per_batch: 10,
                query: scale.query_records,
                small_query: scale.small_query_records,
            }
        }
    }

    /// limit ÷ latency: the requests/s the account allows.
    fn ideal(&self) -> f64 {
        f64::from(ACCOUNT_LIMIT) / (self.latency_ms as f64 / 1e3)
    }
}

/// A fresh migrated schema, or why there is none.
fn cluster_schema(tag: &str) -> Result<Schema, String> {
    let schema = Schema::create(tag)?;
    schema.migrate();
    Ok(schema)
}

/// A `host-runner node` process (JSON log in `<dir>/<name>.log`), killed when dropped.
struct NodeProcess {
    child: Child,
    log: PathBuf,
}

impl NodeProcess {
    fn start(schema: &Schema, dir: &Path, name: &str, units: u32) -> NodeProcess {
        let t = connector_support::token();
        let log = dir.join(format!("{name}.log"));
        let child = Command::new(HOST)
            .args(["--log-format", "json", "node", "--cluster", &schema.url()])
            .args(["--name", name, "--units", &units.to_string()])
            .env(CONSUMER_SECRET_ENV, &t.consumer_secret)
            .env(TOKEN_SECRET_ENV, &t.token_secret)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("node log created"))
            .spawn()
            .expect("host-runner node starts");
        NodeProcess { child, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The node's peak RSS so far (VmHWM), KiB.
    fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the node is running");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|l| l.split_whitespace().next()?.parse().ok())
            .expect("VmHWM in /proc/<pid>/status")
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `count` nodes have joined (so a timed submission finds them ready).
fn wait_for_nodes(schema: &Schema, count: i64) {
    let started = Instant::now();
    while schema.count("cluster_nodes") < count {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the nodes did not join within 30 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A cluster command (`submit`, `results`) against `schema`; its output.
fn cluster_command(schema: &Schema, args: &[&str]) -> std::process::Output {
    Command::new(HOST)
        .args(args)
        .args(["--cluster", &schema.url()])
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("host-runner runs")
}

/// `submit --wait`; the execution id.
fn submit_and_wait(schema: &Schema, process: &Path, per_batch: usize) -> i64 {
    let out = cluster_command(
        schema,
        &[
            "submit",
            process.to_str().expect("a UTF-8 path"),
            "--documents-per-batch",
            &per_batch.to_string(),
            "--wait",
        ],
    );
    assert!(
        out.status.success(),
        "submit --wait failed ({}):\n{}",
        out.status,
        tail(&String::from_utf8_lossy(&out.stderr), 20)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("submit prints the execution id")
}

/// `results ID -o FILE`; (lines, SUCCESS outcomes) of the file.
fn results(schema: &Schema, id: i64, file: &Path) -> (u64, u64) {
    let out = cluster_command(
        schema,
        &[
            "results",
            &id.to_string(),
            "-o",
            file.to_str().expect("a UTF-8 path"),
        ],
    );
    assert!(
        out.status.success(),
        "results failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    super::count_output(std::fs::File::open(file).expect("results written"))
}

/// What the simulator and the logs saw of one upsert scenario.
struct Upserts {
    /// `upsertList` calls per second over the busy window (faulted ones included).
    rate: f64,
    /// From the first call's start to the last one's end, seconds.
    busy: f64,
    requests: usize,
    faults: u64,
    peak: u32,
    /// Documents with an outcome other than SUCCESS.
    lost: u64,
    /// Calls that were a retry (attempt > 1).
    retried: u64,
    /// The median call as logged, seconds: the simulator's latency plus the wait for the
    /// permits (local and cluster) and the connector's own work.
    call: f64,
}

/// Busy window, calls and retries over the JSON execution logs of several processes.
fn busy_window(logs: &[String]) -> (f64, usize, u64, f64) {
    let mut first = f64::INFINITY;
    let mut last = f64::NEG_INFINITY;
    let mut retried = 0;
    let mut calls = Vec::new();
    for log in logs {
        if let Some((f, l, durations, r)) = request_window(log, "upsertList") {
            first = first.min(f);
            last = last.max(l);
            calls.extend(durations);
            retried += r;
        }
    }
    assert!(
        !calls.is_empty(),
        "no upsertList in the execution logs; the first ends:\n{}",
        logs.first().map_or(String::new(), |l| tail(l, 10))
    );
    (last - first, calls.len(), retried, median(calls))
}

fn concurrency_faults(sim: &BlockingSimHandle) -> u64 {
    let c = sim.counters();
    c.faults("WS_REQUEST_BLOCKED") + c.faults("WS_CONCUR_SESSION_DISALLWD")
}

fn upserts(sim: &BlockingSimHandle, logs: &[String], lost: u64) -> Upserts {
    let (busy, requests, retried, call) = busy_window(logs);
    Upserts {
        rate: requests as f64 / busy,
        busy,
        requests,
        faults: concurrency_faults(sim),
        peak: sim.counters().peak_in_flight(connector_support::ACCOUNT),
        lost,
        retried,
        call,
    }
}

/// The input files: one of every document, and three thirds.
fn write_inputs(dir: &Path, sizes: &Sizes) {
    let docs = connector_support::customer_documents(sizes.upserts, "nodes");
    let lines: Vec<String> = docs.iter().map(|d| format!("{d}\n")).collect();
    std::fs::write(dir.join("all.ndjson"), lines.concat()).expect("input written");
    for (i, third) in lines.chunks(sizes.upserts.div_ceil(3)).enumerate() {
        std::fs::write(dir.join(format!("part{i}.ndjson")), third.concat()).expect("input");
    }
}

/// An upsert process file reading `input`, `units` flow units.
fn upsert_process(dir: &Path, name: &str, input: &str, units: u32) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(
        &path,
        format!(
            "name = \"bench {name}\"\nconnection = \"connection.toml\"\ninput = \"{input}\"\n\
             output = \"{name}.ndjson\"\n\n[operation]\naction = \"UPSERT\"\n\
             record_type = \"customer\"\nbatch_size = {PER_REQUEST}\n\n[flow]\nunits = {units}\n\
             batch_size = {PER_REQUEST}\n"
        ),
    )
    .expect("process file written");
    path
}

/// The connection file for `sim`; `retries` replaces the connector's default.
fn connection(dir: &Path, sim: &BlockingSimHandle, retries: Option<u32>) {
    let path = write_connection(dir, &service_url(sim), ACCOUNT_LIMIT);
    if let Some(n) = retries {
        let mut text = std::fs::read_to_string(&path).expect("connection file");
        text.push_str(&format!("number_of_retries = {n}\n"));
        std::fs::write(&path, text).expect("connection file written");
    }
}

/// 1a: submitted, run by three nodes.
fn by_nodes(sizes: &Sizes, dir: &Path, run: usize) -> Result<Upserts, String> {
    let schema = cluster_schema(&format!("nodes{run}"))?;
    let sim = start_sim(account(100, ACCOUNT_LIMIT, sizes.latency_ms));
    connection(dir, &sim, None);
    let process = upsert_process(dir, "submitted", "all.ndjson", 1);
    let nodes: Vec<NodeProcess> = (1..=3)
        .map(|i| NodeProcess::start(&schema, dir, &format!("node{i}"), node_units()))
        .collect();
    wait_for_nodes(&schema, 3);
    let id = submit_and_wait(&schema, &process, sizes.documents_per_batch);
    let (_, successes) = results(&schema, id, &dir.join("submitted-results.ndjson"));
    let logs: Vec<String> = nodes.iter().map(NodeProcess::log).collect();
    drop(nodes);
    let measured = upserts(&sim, &logs, sizes.upserts as u64 - successes);
    sim.shutdown();
    Ok(measured)
}

/// Three `run` processes at once, a third of the documents each, with `extra` arguments.
fn three_runs(
    sizes: &Sizes,
    dir: &Path,
    sim: &BlockingSimHandle,
    extra: &[&str],
    must_succeed: bool,
) -> Upserts {
    let processes: Vec<PathBuf> = (0..3)
        .map(|i| {
            let input = format!("part{i}.ndjson");
            upsert_process(dir, &format!("run{i}"), &input, run_units())
        })
        .collect();
    let runs: Vec<HostRun> = std::thread::scope(|s| {
        let handles: Vec<_> = processes
            .iter()
            .map(|p| s.spawn(move || run_host_with(p, extra)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a run"))
            .collect()
    });
    let mut successes = 0;
    for (i, run) in runs.iter().enumerate() {
        if must_succeed {
            check(run, "run --cluster");
        }
        let text = std::fs::read_to_string(dir.join(format!("run{i}.ndjson"))).unwrap_or_default();
        successes += super::count_output(text.as_bytes()).1;
    }
    let logs: Vec<String> = runs.into_iter().map(|r| r.stderr).collect();
    upserts(sim, &logs, sizes.upserts as u64 - successes)
}

/// 1b: three `run --cluster`.
fn by_runs(sizes: &Sizes, dir: &Path, run: usize) -> Result<Upserts, String> {
    let schema = cluster_schema(&format!("runs{run}"))?;
    let sim = start_sim(account(100, ACCOUNT_LIMIT, sizes.latency_ms));
    connection(dir, &sim, None);
    let url = schema.url();
    let measured = three_runs(sizes, dir, &sim, &["--cluster", &url], true);
    sim.shutdown();
    Ok(measured)
}

/// 1c: three `run` without the cluster (`retries`: the connector's setting, `None` its default).
fn without_cluster(sizes: &Sizes, dir: &Path, retries: Option<u32>) -> Upserts {
    let sim = start_sim(account(100, ACCOUNT_LIMIT, sizes.latency_ms));
    connection(dir, &sim, retries);
    let measured = three_runs(sizes, dir, &sim, &[], false);
    sim.shutdown();
    measured
}

/// 2: a query submitted to the cluster and run by one node: (records/s end to end, the
/// node's peak RSS in KiB, seconds in submit --wait, seconds writing the results).
fn query_by_node(dir: &Path, records: usize, run: usize) -> Result<(f64, u64, f64, f64), String> {
    let schema = cluster_schema(&format!("query{run}"))?;
    let sim = start_sim(account(records, ACCOUNT_LIMIT, 0));
    connection(dir, &sim, None);
    let process = dir.join("query.toml");
    std::fs::write(
        &process,
        "name = \"bench cluster query\"\nconnection = \"connection.toml\"\n\
         output = \"query.ndjson\"\n\n[operation]\naction = \"QUERY\"\n\
         record_type = \"customer\"\npage_size = 1000\n",
    )
    .expect("process file written");
    let node = NodeProcess::start(&schema, dir, "query-node", 1);
    wait_for_nodes(&schema, 1);
    let started = Instant::now();
    let id = submit_and_wait(&schema, &process, 1);
    let staged_and_run = started.elapsed().as_secs_f64();
    let rss = node.peak_rss_kib();
    let file = dir.join("query-results.ndjson");
    let (lines, successes) = results(&schema, id, &file);
    let total = started.elapsed().as_secs_f64();
    assert_eq!(
        (lines, successes),
        (records as u64 + 1, 1),
        "every record and one SUCCESS outcome:\n{}",
        tail(&node.log(), 10)
    );
    drop(node);
    let _ = std::fs::remove_file(&file);
    sim.shutdown();
    Ok((
        records as f64 / total,
        rss,
        staged_and_run,
        total - staged_and_run,
    ))
}

/// A count with thousands separators (6,000).
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

pub(super) fn cluster_nodes(scale: Scale, rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let sizes = Sizes::of(scale);
    if let Err(e) = cluster_schema("probe") {
        eprintln!("cluster-nodes: skipped, PostgreSQL is not reachable: {e}");
        notes.push(format!(
            "cluster-nodes: not measured: PostgreSQL is not reachable ({e}); start it \
             (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) \
             or set HOST_RUNNER_TEST_PG"
        ));
        return;
    }
    notes.push(format!(
        "cluster-nodes: PostgreSQL at {} (a throwaway schema a run); requests/s from the \
         processes' JSON execution logs over the busy window (first upsertList start to last \
         end, every process together); faults and peak in flight from the simulator's counters",
        server_url().split('@').nth(1).unwrap_or("?")
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    write_inputs(dir.path(), &sizes);
    let ideal = sizes.ideal();
    let figure = |what: &str| {
        format!(
            "{} upserts, {PER_REQUEST} a request, limit {ACCOUNT_LIMIT}, {} ms: {what}",
            count(sizes.upserts),
            sizes.latency_ms
        )
    };

    // 1a and 1b, `repeats` times each.
    let mut cluster_busy = f64::NAN;
    for (label, what) in [
        ("a", format!("submitted, 3 nodes × {} units", node_units())),
        (
            "b",
            format!("3 × run --cluster, {} units each", run_units()),
        ),
    ] {
        if !part(label.chars().next().unwrap_or('a')) {
            continue;
        }
        let mut runs = Vec::new();
        for i in 0..scale.repeats {
            eprintln!(
                "cluster-nodes: {what}, run {} of {} (load {})",
                i + 1,
                scale.repeats,
                loadavg()
            );
            let measured = if label == "a" {
                by_nodes(&sizes, dir.path(), i)
            } else {
                by_runs(&sizes, dir.path(), i)
            };
            runs.push(measured.expect("a cluster schema"));
        }
        let effs: Vec<f64> = runs.iter().map(|r| r.rate / ideal).collect();
        let eff = median(effs.clone());
        if label == "b" {
            cluster_busy = median(runs.iter().map(|r| r.busy).collect());
        }
        let faults: u64 = runs.iter().map(|r| r.faults).sum();
        let peak = runs.iter().map(|r| r.peak).max().unwrap_or(0);
        let lost: u64 = runs.iter().map(|r| r.lost).sum();
        rows.push(Row {
            section: "cluster-nodes",
            figure: figure(&format!("{what}: requests/s ÷ ideal ({})", fmt_num(ideal))),
            measured: format!(
                "{} ({} requests/s)",
                pct(eff),
                fmt_num(median(runs.iter().map(|r| r.rate).collect()))
            ),
            target: "≥ 90%".into(),
            verdict: verdict(eff >= 0.9),
        });
        rows.push(Row {
            section: "cluster-nodes",
            figure: format!("{what}: concurrency faults / peak in flight / documents lost"),
            measured: format!("{faults} / {peak} / {lost}"),
            target: format!("0 / ≤ {ACCOUNT_LIMIT} / 0"),
            verdict: verdict(faults == 0 && peak <= ACCOUNT_LIMIT && lost == 0),
        });
        notes.push(format!(
            "cluster-nodes {label} ({what}): runs {} of ideal; busy windows {} s; {} calls and \
             {} retries a run; median call as logged (latency + permit waits) {} ms",
            effs.iter().map(|e| pct(*e)).collect::<Vec<_>>().join(", "),
            spread(&runs.iter().map(|r| r.busy).collect::<Vec<_>>()),
            runs[0].requests,
            runs.iter().map(|r| r.retried).sum::<u64>(),
            fmt_num(median(runs.iter().map(|r| r.call * 1e3).collect()))
        ));
    }

    // 1c: without the cluster, once each way: what happens is the figure.
    for (retries, what) in [
        (Some(0), "3 × run without --cluster, retries off"),
        (None, "3 × run without --cluster, default retries"),
    ] {
        if !part('c') {
            continue;
        }
        eprintln!("cluster-nodes: {what} (load {})", loadavg());
        let r = without_cluster(&sizes, dir.path(), retries);
        rows.push(Row {
            section: "cluster-nodes",
            figure: figure(&format!(
                "{what}, max_concurrent_connections {ACCOUNT_LIMIT} each: faults / peak in \
                 flight / documents lost / retries"
            )),
            measured: format!("{} / {} / {} / {}", r.faults, r.peak, r.lost, r.retried),
            target: "—".into(),
            verdict: "",
        });
        rows.push(Row {
            section: "cluster-nodes",
            figure: format!("{what}: busy window (÷ 3 × run --cluster's) / requests/s ÷ ideal"),
            measured: format!(
                "{} s ({:.2}×) / {} ({} calls, {} requests/s)",
                fmt_num(r.busy),
                r.busy / cluster_busy,
                pct(r.rate / ideal),
                r.requests,
                fmt_num(r.rate)
            ),
            target: "—".into(),
            verdict: "",
        });
    }

    // 2: the query, big then small, `repeats` times each; a fresh node every time.
    if !part('q') {
        return;
    }
    let measure = |records: usize| -> Vec<(f64, u64, f64, f64)> {
        (0..scale.repeats)
            .map(|i| {
                eprintln!(
                    "cluster-nodes: query of {records} records by a node, run {} of {} (load {})",
                    i + 1,
                    scale.repeats,
                    loadavg()
                );
                query_by_node(dir.path(), records, i).expect("a cluster schema")
            })
            .collect()
    };
    let big = measure(sizes.query);
    let small = measure(sizes.small_query);
    let rate = median(big.iter().map(|r| r.0).collect());
    let rss = |runs: &[(f64, u64, f64, f64)]| median(runs.iter().map(|r| r.1 as f64).collect());
    let (big_rss, small_rss) = (rss(&big), rss(&small));
    rows.push(Row {
        section: "cluster-nodes",
        figure: format!(
            "{}-record query submitted, run by one node: records/s, submit to results written",
            count(sizes.query)
        ),
        measured: format!("{} records/s", fmt_num(rate)),
        target: "—".into(),
        verdict: "",
    });
    rows.push(Row {
        section: "cluster-nodes",
        figure: format!(
            "node peak RSS, {} → {} records (ratio)",
            count(sizes.small_query),
            count(sizes.query)
        ),
        measured: format!(
            "{:.1} → {:.1} MiB ({:.2}×)",
            small_rss / 1024.0,
            big_rss / 1024.0,
            big_rss / small_rss
        ),
        target: "≤ 1.2× (flat)".into(),
        verdict: verdict(big_rss / small_rss <= 1.2),
    });
    notes.push(format!(
        "cluster-nodes query: {} records/s a run; submit --wait {} s, results -o {} s; node \
         peak RSS is VmHWM from /proc just before the node is stopped",
        spread(&big.iter().map(|r| r.0).collect::<Vec<_>>()),
        spread(&big.iter().map(|r| r.2).collect::<Vec<_>>()),
        spread(&big.iter().map(|r| r.3).collect::<Vec<_>>()),
    ));
}
