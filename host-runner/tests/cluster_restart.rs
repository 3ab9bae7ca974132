//! The cluster database as a component that restarts or cannot be used: a submitted
//! execution run by two nodes, and three `run --cluster` processes sharing one account's
//! limit, both ride out a PostgreSQL restart mid-run (nothing lost, nothing done twice, no
//! concurrency fault); a node, `submit`, `status`, `results` or `cluster prune` that cannot
//! use its database (a refused login, a stopped server, a schema never migrated) exits 2 at
//! once with a message saying which and naming the database, never its password.
//!
//! Each test has a PostgreSQL server of its own (`support::private_pg`): the shared one must
//! not be restarted or stopped. Waits are the tests' own pacing, never assertions on time.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use netsuite_sim::BlockingSimHandle;
use serde_json::Value;
use support::private_pg::PrivatePg;
use support::*;

const RIGHT: &str = "right-Pw-3kR8vN";
const WRONG: &str = "wrong-Pw-5tY1qL";

/// `host-runner cluster migrate` on the private server (which trusts every connection).
fn migrate(pg: &PrivatePg) {
    let out = host_runner(&["cluster", "migrate", "--cluster", &pg.url()]);
    assert!(
        out.status.success(),
        "cluster migrate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A cluster command, started: stderr to `<dir>/<name>.log`, stdout to `<dir>/<name>.out`.
fn start(dir: &Path, name: &str, args: &[&str]) -> Child {
    binary()
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("HOST_RUNNER_CLUSTER")
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .stdout(std::fs::File::create(dir.join(format!("{name}.out"))).unwrap())
        .stderr(std::fs::File::create(dir.join(format!("{name}.log"))).unwrap())
        .spawn()
        .expect("host-runner starts")
}

fn log(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default()
}

/// A child killed when dropped (a failed assertion leaves no process behind).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn count(pg: &PrivatePg, sql: &str) -> u64 {
    pg.query(sql)[0].parse().unwrap()
}

/// `count` customers to upsert by externalId (`<prefix>-1`, …).
fn customers(prefix: &str, count: usize) -> String {
    (1..=count)
        .map(|i| {
            format!(
                "{{\"externalId\":\"{prefix}-{i}\",\"companyName\":\"Restart Co {i}\",\
                 \"subsidiary\":{{\"internalId\":\"1\"}}}}\n"
            )
        })
        .collect()
}

/// An UPSERT of `input` in `dir`, `batch` documents per call, with `max_concurrent`
/// connections and no retries: a concurrency fault would be an outcome, not a delay.
fn upsert_process(
    dir: &Path,
    sim: &BlockingSimHandle,
    input: &str,
    max_concurrent: u32,
    units: u32,
    batch: u32,
) -> PathBuf {
    let connection = connection_file(dir, sim, max_concurrent, TOKEN_SECRET);
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

/// The externalIds starting with `prefix-` of the simulator's customers, as a QUERY through
/// `run` finds them (each record once per line).
fn stored_customers(dir: &Path, prefix: &str) -> Vec<String> {
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

/// Every input 1..=count has exactly one outcome, SUCCESS.
fn assert_every_input_succeeded_once(lines: &[Value], count: u64, context: &str) {
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

#[test]
fn a_submitted_execution_rides_out_a_postgresql_restart() {
    let pg = PrivatePg::start(None);
    migrate(&pg);
    let url = pg.url();
    let connectors = deps_dir();
    let connectors = connectors.to_str().unwrap();
    // Ten calls of 100 ms per batch of 20: the execution takes a few seconds on two nodes.
    let sim = sim(10, 100, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("rs", 300), 10, 1, 2);

    let nodes: Vec<Guard> = ["a", "b"]
        .iter()
        .map(|name| {
            Guard(start(
                dir.path(),
                name,
                &[
                    "node",
                    "--cluster",
                    &url,
                    "--name",
                    name,
                    "--units",
                    "2",
                    "--connectors",
                    connectors,
                ],
            ))
        })
        .collect();
    wait_for("two nodes", || {
        count(
            &pg,
            "SELECT count(*) FROM cluster_nodes WHERE state = 'running'",
        ) == 2
    });
    let mut submit = Guard(start(
        dir.path(),
        "submit",
        &[
            "submit",
            process.to_str().unwrap(),
            "--cluster",
            &url,
            "--documents-per-batch",
            "20",
            "--wait",
        ],
    ));

    // Mid-way: some batches done, some running with part of their outcomes written.
    wait_for("the execution mid-way", || {
        count(
            &pg,
            "SELECT count(*) FROM cluster_batches WHERE state = 'done'",
        ) >= 2
            && count(
                &pg,
                "SELECT count(*) FROM cluster_batches b WHERE state = 'running' AND EXISTS \
                 (SELECT 1 FROM cluster_outputs o WHERE o.execution = b.execution \
                  AND o.seq = b.seq AND o.outcome IS NOT NULL)",
            ) >= 1
    });
    let started = pg.query("SELECT pg_postmaster_start_time()");
    pg.restart_in(Duration::ZERO).join().expect("the restart");
    assert_ne!(pg.query("SELECT pg_postmaster_start_time()"), started);
    assert!(
        count(
            &pg,
            "SELECT count(*) FROM cluster_batches WHERE state <> 'done'"
        ) > 0,
        "the restart came before the end of the execution"
    );

    let logs = || {
        ["a", "b", "submit"]
            .iter()
            .map(|n| format!("--- {n}\n{}", log(dir.path(), n)))
            .collect::<String>()
    };
    let code = wait_exit(&mut submit.0);
    assert_eq!(code.code(), Some(0), "{}", logs());
    let said = log(dir.path(), "submit");
    assert!(said.contains("300 SUCCESS"), "{said}");
    let id = std::fs::read_to_string(dir.path().join("submit.out")).unwrap();
    let id = id.trim();

    let file = dir.path().join("results.ndjson");
    let out = host_runner(&[
        "results",
        id,
        "--cluster",
        &url,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_every_input_succeeded_once(&ndjson(&file), 300, &logs());

    let mut stored = stored_customers(dir.path(), "rs");
    assert_eq!(stored.len(), 300, "one record per customer");
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), 300, "no customer twice");

    let out = host_runner(&["status", id, "--json", "--cluster", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: Value = serde_json::from_slice(&out.stdout).expect("status --json is JSON");
    assert_eq!(shown["state"], "finished", "{shown:#}");
    assert_eq!(shown["SUCCESS"], 300, "{shown:#}");
    let batches = shown["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 15, "{shown:#}");
    for batch in batches {
        let attempts = batch["attempts"].as_i64().unwrap();
        let runs = batch["runs"].as_array().unwrap();
        assert!(attempts >= 1, "{batch}");
        assert_eq!(runs.len() as i64, attempts, "{batch}");
        assert_eq!(runs.last().unwrap()["result"], "done", "{batch}");
        assert!(
            ["a", "b"].contains(&runs.last().unwrap()["node"].as_str().unwrap()),
            "{batch}"
        );
    }
    // Each node saw the database go and come back, said so in its own words, and carried on
    // without giving up a batch.
    for name in ["a", "b"] {
        let text = log(dir.path(), name);
        assert!(
            text.contains("the notification connection was lost")
                && text.contains("notifications are back"),
            "{name}: {text}"
        );
        assert!(
            !text.contains("aborting this node's batches"),
            "{name}: {text}"
        );
        assert!(!text.contains("deadpool"), "{name}: {text}");
    }
    drop(nodes);
}

#[test]
fn three_runs_on_one_account_keep_to_its_limit_across_a_postgresql_restart() {
    let pg = PrivatePg::start(None);
    migrate(&pg);
    let url = pg.url();
    let sim = sim(3, 50, 0);
    let dirs: Vec<_> = ["x", "y", "z"]
        .iter()
        .map(|prefix| {
            let dir = tempfile::tempdir().unwrap();
            upsert_process(dir.path(), &sim, &customers(prefix, 150), 3, 4, 2);
            dir
        })
        .collect();
    let mut runs: Vec<Guard> = dirs
        .iter()
        .map(|dir| {
            Guard(start(
                dir.path(),
                "run",
                &[
                    "run",
                    dir.path().join("upsert.toml").to_str().unwrap(),
                    "--connectors",
                    deps_dir().to_str().unwrap(),
                    "--progress",
                    "off",
                    "--cluster",
                    &url,
                ],
            ))
        })
        .collect();
    // 225 calls in all: the restart comes well before the end.
    wait_for("some documents done", || {
        sim.counters().operation("upsertList") >= 20
    });
    pg.restart_in(Duration::ZERO).join().expect("the restart");
    assert!(
        sim.counters().operation("upsertList") < 225,
        "the restart came before the end of the runs"
    );

    for (run, dir) in runs.iter_mut().zip(&dirs) {
        let status = wait_exit(&mut run.0);
        assert_eq!(status.code(), Some(0), "{}", log(dir.path(), "run"));
    }
    let counters = sim.counters();
    assert_eq!(counters.faults("WS_REQUEST_BLOCKED"), 0);
    assert!(
        counters.peak_in_flight(ACCOUNT) <= 3,
        "the simulator saw {} requests at once (limit 3)",
        counters.peak_in_flight(ACCOUNT)
    );
    for dir in &dirs {
        let text = log(dir.path(), "run");
        assert_every_input_succeeded_once(&ndjson(&dir.path().join("out.ndjson")), 150, &text);
        assert!(!text.contains("WS_REQUEST_BLOCKED"), "{text}");
    }
    // Every run left: nothing is held across the restart, nobody waits.
    assert_eq!(
        pg.query(
            "SELECT count(*) FROM cluster_permits UNION ALL \
             SELECT count(*) FROM cluster_permit_waiters UNION ALL \
             SELECT count(*) FROM cluster_nodes WHERE state <> 'stopped'"
        ),
        vec!["0", "0", "0"]
    );
}

/// `host-runner <args> --cluster <url>` with the password only where `env` puts it (HOME a
/// folder without `.pgpass`).
fn command(args: &[&str], url: &str, env: &[(&str, &str)], home: &Path) -> Output {
    let mut command = binary();
    command
        .args(args)
        .args(["--cluster", url])
        .env_remove("RUST_LOG")
        .env_remove("HOST_RUNNER_CLUSTER")
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .env("HOME", home);
    for (name, value) in env {
        command.env(name, value);
    }
    // Bounded: a command that waits for ever instead of saying why fails the test.
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("host-runner runs");
    let status = wait_exit(&mut child);
    let mut output = child.wait_with_output().unwrap();
    output.status = status;
    output
}

/// Exit 2 with `expected` in the message, neither password anywhere, nothing printed.
fn assert_refused(out: &Output, expected: &str, what: &str) {
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {text}");
    assert!(text.contains(expected), "{what}: {text}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for secret in [RIGHT, WRONG] {
        assert!(
            !text.contains(secret) && !stdout.contains(secret),
            "{what}: a password shows: {text}"
        );
    }
    assert!(stdout.trim().is_empty(), "{what}: {stdout}");
}

#[test]
fn node_submit_and_status_say_plainly_why_they_cannot_use_the_database() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sim = sim(3, 0, 0);
    let process = upsert_process(dir.path(), &sim, &customers("no", 5), 3, 1, 5);
    let process = process.to_str().unwrap();
    let connectors = deps_dir();
    let node: &[&str] = &["node", "--connectors", connectors.to_str().unwrap()];
    let submit: &[&str] = &["submit", process];
    let status: &[&str] = &["status"];
    let results: &[&str] = &["results", "1"];
    let prune: &[&str] = &["cluster", "prune", "--older-than", "1d"];
    let commands = [
        ("node", node),
        ("submit", submit),
        ("status", status),
        ("results", results),
        ("cluster prune", prune),
    ];
    let right = [("HR_TEST_CLUSTER_PW", RIGHT)];
    let wrong = [("HR_TEST_CLUSTER_PW", WRONG)];
    let by_env = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(["--cluster-password-env".into(), "HR_TEST_CLUSTER_PW".into()]);
        all
    };

    // Never migrated: the right password, but no cluster tables yet.
    for (what, args) in commands {
        let args = by_env(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = command(&args, &pg.url(), &right, home.path());
        assert_refused(&out, "run `host-runner cluster migrate", what);
    }

    // A wrong password.
    let refused = format!("the cluster database {} refused the login", pg.described());
    for (what, args) in commands {
        let args = by_env(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = command(&args, &pg.url(), &wrong, home.path());
        assert_refused(&out, &refused, what);
    }
    // No password at all, for a server that asks for one.
    let out = command(node, &pg.url(), &[], home.path());
    assert_refused(&out, &refused, "node without a password");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("none was given"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A stopped server.
    pg.stop();
    let unreachable = format!("cannot reach the cluster database {}", pg.described());
    for (what, args) in commands {
        let args = by_env(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = command(&args, &pg.url(), &right, home.path());
        assert_refused(&out, &unreachable, what);
    }
    assert_eq!(sim.counters().operation("upsertList"), 0);
}

/// The database going away just as a claim commits leaves a batch the database says a live
/// node holds while that node never heard it claimed it. Made here on purpose: a session
/// holds the batch's row while the node joins (the node skips it), then marks it claimed by
/// that node, as the lost commit did.
#[test]
fn a_batch_whose_claim_answer_was_lost_is_claimed_again_by_its_node() {
    let pg = PrivatePg::start(None);
    migrate(&pg);
    let url = pg.url();
    let sim = sim(5, 0, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("lc", 10), 5, 1, 5);
    let out = host_runner(&["submit", process.to_str().unwrap(), "--cluster", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();

    let script = write(
        dir.path(),
        "lost-claim.sql",
        "BEGIN;\n\
         SELECT 1 FROM cluster_batches FOR UPDATE;\n\
         DO $$ BEGIN\n\
           WHILE NOT EXISTS (SELECT 1 FROM cluster_nodes WHERE name = 'lc') LOOP\n\
             PERFORM pg_sleep(0.05);\n\
           END LOOP;\n\
         END $$;\n\
         UPDATE cluster_batches SET state = 'running', attempts = attempts + 1, started_at = now(),\n\
           node = (SELECT id FROM cluster_nodes WHERE name = 'lc');\n\
         INSERT INTO cluster_batch_attempts (execution, seq, attempt, node, node_name)\n\
           SELECT execution, seq, attempts, node, 'lc' FROM cluster_batches;\n\
         COMMIT;\n",
    );
    let mut session = Guard(
        std::process::Command::new("psql")
            .args([&url, "-v", "ON_ERROR_STOP=1", "-tAq", "-f"])
            .arg(&script)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("psql.log")).unwrap())
            .spawn()
            .expect("psql runs"),
    );
    wait_for("the session to hold the batch", || {
        count(
            &pg,
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
             WHERE c.relname = 'cluster_batches' AND l.mode = 'RowShareLock'",
        ) >= 1
    });
    let connectors = deps_dir();
    let _node = Guard(start(
        dir.path(),
        "lc",
        &[
            "node",
            "--cluster",
            &url,
            "--name",
            "lc",
            "--lease-seconds",
            "1",
            "--connectors",
            connectors.to_str().unwrap(),
        ],
    ));
    assert!(
        wait_exit(&mut session.0).success(),
        "{}",
        log(dir.path(), "psql")
    );

    wait_for("the execution to finish", || {
        pg.query(&format!(
            "SELECT finished_at IS NOT NULL FROM cluster_executions WHERE id = {id}"
        )) == ["t"]
    });
    let file = dir.path().join("results.ndjson");
    let out = host_runner(&[
        "results",
        &id,
        "--cluster",
        &url,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_every_input_succeeded_once(&ndjson(&file), 10, &log(dir.path(), "lc"));
    let mut stored = stored_customers(dir.path(), "lc");
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), 10);

    let out = host_runner(&["status", &id, "--json", "--cluster", &url]);
    let shown: Value = serde_json::from_slice(&out.stdout).expect("status --json is JSON");
    let runs = shown["batches"][0]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "{shown:#}");
    assert_eq!(
        (runs[0]["node"].as_str(), runs[0]["result"].as_str()),
        (Some("lc"), Some("lost"))
    );
    assert_eq!(
        (runs[1]["node"].as_str(), runs[1]["result"].as_str()),
        (Some("lc"), Some("done"))
    );
}

/// Away longer than the nodes' lease: each node stops sending for the batches it held (others
/// may have taken them), and when the database is back the execution still ends with one
/// outcome per document and no record twice.
#[test]
fn an_outage_longer_than_the_lease_loses_nothing_and_creates_nothing_twice() {
    let pg = PrivatePg::start(None);
    migrate(&pg);
    let url = pg.url();
    let connectors = deps_dir();
    let connectors = connectors.to_str().unwrap();
    let sim = sim(10, 100, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("lo", 200), 10, 1, 2);
    let _nodes: Vec<Guard> = ["a", "b"]
        .iter()
        .map(|name| {
            Guard(start(
                dir.path(),
                name,
                &[
                    "node",
                    "--cluster",
                    &url,
                    "--name",
                    name,
                    "--units",
                    "2",
                    "--lease-seconds",
                    "1",
                    "--connectors",
                    connectors,
                ],
            ))
        })
        .collect();
    wait_for("two nodes", || {
        count(
            &pg,
            "SELECT count(*) FROM cluster_nodes WHERE state = 'running'",
        ) == 2
    });
    let mut submit = Guard(start(
        dir.path(),
        "submit",
        &[
            "submit",
            process.to_str().unwrap(),
            "--cluster",
            &url,
            "--documents-per-batch",
            "20",
            "--wait",
        ],
    ));
    wait_for("the execution mid-way", || {
        count(
            &pg,
            "SELECT count(*) FROM cluster_batches WHERE state = 'done'",
        ) >= 1
            && count(
                &pg,
                "SELECT count(*) FROM cluster_batches WHERE state = 'running'",
            ) >= 2
    });
    pg.outage_in(Duration::ZERO, Duration::from_secs(3))
        .join()
        .expect("the outage");

    let logs = || {
        ["a", "b", "submit"]
            .iter()
            .map(|n| format!("--- {n}\n{}", log(dir.path(), n)))
            .collect::<String>()
    };
    assert_eq!(wait_exit(&mut submit.0).code(), Some(0), "{}", logs());
    let id = std::fs::read_to_string(dir.path().join("submit.out")).unwrap();
    let file = dir.path().join("results.ndjson");
    let out = host_runner(&[
        "results",
        id.trim(),
        "--cluster",
        &url,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_every_input_succeeded_once(&ndjson(&file), 200, &logs());
    let mut stored = stored_customers(dir.path(), "lo");
    assert_eq!(stored.len(), 200, "one record per customer");
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), 200, "no customer twice");
    let text = logs();
    assert!(
        text.contains("away longer than the lease"),
        "the nodes noticed their lease ran out: {text}"
    );
}
