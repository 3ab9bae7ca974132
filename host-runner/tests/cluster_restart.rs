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

use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use support::cluster_runs::{
    assert_every_input_succeeded_once, assert_kept_to_the_limit, assert_nothing_held, assert_runs,
    assert_stored_once, customers, results, run_log, start_run, status, stored_customers, submit,
    upsert_process, ClusterDatabase, Guard, NodeProcess,
};
use support::private_pg::{host_runner_without_passwords, PrivatePg};
use support::*;

const RIGHT: &str = "right-Pw-3kR8vN";
const WRONG: &str = "wrong-Pw-5tY1qL";

/// A private server (trusting every connection) with the cluster's tables (`host-runner
/// cluster migrate`).
fn migrated() -> PrivatePg {
    let pg = PrivatePg::start(None);
    let out = host_runner(&["cluster", "migrate", "--cluster", &pg.url()]);
    assert!(
        out.status.success(),
        "cluster migrate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pg
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

/// Nodes `a` and `b` (2 units each, and `extra`) running, then `submit <process>
/// --documents-per-batch 20 --wait` started: its id goes to `<dir>/submit.out` (see
/// [`submitted_id`]), what it says to `<dir>/submit.log`.
fn two_nodes_then_a_waiting_submit(
    pg: &PrivatePg,
    dir: &Path,
    process: &Path,
    extra: &[&str],
) -> (Vec<NodeProcess>, Guard) {
    let mut options = vec!["--units", "2"];
    options.extend(extra);
    let nodes: Vec<NodeProcess> = ["a", "b"]
        .iter()
        .map(|name| NodeProcess::start(pg, dir, name, &options))
        .collect();
    wait_for("two nodes", || {
        pg.count("SELECT count(*) FROM cluster_nodes WHERE state = 'running'") == 2
    });
    let submit = Guard(start(
        dir,
        "submit",
        &[
            "submit",
            process.to_str().unwrap(),
            "--cluster",
            &pg.url(),
            "--documents-per-batch",
            "20",
            "--wait",
        ],
    ));
    (nodes, submit)
}

/// The execution id the waiting submit printed.
fn submitted_id(dir: &Path) -> i64 {
    let id = std::fs::read_to_string(dir.join("submit.out")).unwrap();
    id.trim().parse().expect("submit prints the execution id")
}

/// The logs of nodes `a` and `b` and of the waiting submit.
fn logs(dir: &Path) -> String {
    ["a", "b", "submit"]
        .iter()
        .map(|n| format!("--- {n}\n{}", log(dir, n)))
        .collect()
}

#[test]
fn a_submitted_execution_rides_out_a_postgresql_restart() {
    let pg = migrated();
    // Ten calls of 100 ms per batch of 20: the execution takes a few seconds on two nodes.
    let sim = sim(10, 100, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("rs", 300), 10, 1, 2);
    let (nodes, mut submit) = two_nodes_then_a_waiting_submit(&pg, dir.path(), &process, &[]);

    // Mid-way: some batches done, some running with part of their outcomes written.
    wait_for("the execution mid-way", || pg.mid_way(2));
    let started = pg.query("SELECT pg_postmaster_start_time()");
    pg.restart_in(Duration::ZERO).join().expect("the restart");
    assert_ne!(pg.query("SELECT pg_postmaster_start_time()"), started);
    assert!(
        pg.count("SELECT count(*) FROM cluster_batches WHERE state <> 'done'") > 0,
        "the restart came before the end of the execution"
    );

    let code = wait_exit(&mut submit);
    assert_eq!(code.code(), Some(0), "{}", logs(dir.path()));
    let said = log(dir.path(), "submit");
    assert!(said.contains("300 SUCCESS"), "{said}");
    let id = submitted_id(dir.path());

    let lines = results(&pg, dir.path(), id);
    assert_every_input_succeeded_once(&lines, 300, &logs(dir.path()));
    assert_stored_once(dir.path(), "rs", 300);

    let shown = status(&pg, id);
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
    for (name, node) in ["a", "b"].iter().zip(&nodes) {
        let text = node.log();
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
    let pg = migrated();
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
        .map(|dir| Guard(start_run(dir.path(), &pg.url(), &[])))
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
        let status = wait_exit(run);
        assert_eq!(status.code(), Some(0), "{}", run_log(dir.path()));
    }
    assert_kept_to_the_limit(&sim.counters(), 3);
    for dir in &dirs {
        let text = run_log(dir.path());
        assert_every_input_succeeded_once(&ndjson(&dir.path().join("out.ndjson")), 150, &text);
        assert!(!text.contains("WS_REQUEST_BLOCKED"), "{text}");
    }
    // Every run left: nothing is held across the restart, nobody waits.
    assert_nothing_held(&pg);
}

/// `host-runner <args> --cluster <url>` with the password only where `env` puts it (HOME a
/// folder without `.pgpass`).
fn command(args: &[&str], url: &str, env: &[(&str, &str)], home: &Path) -> Output {
    let mut args = args.to_vec();
    args.extend(["--cluster", url]);
    let mut command = host_runner_without_passwords(&args, env, home);
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
    // Each command, its password in HR_TEST_CLUSTER_PW, is refused with `expected`.
    let each_refused = |password: &str, expected: &str| {
        for (what, args) in commands {
            let mut args = args.to_vec();
            args.extend(["--cluster-password-env", "HR_TEST_CLUSTER_PW"]);
            let env = [("HR_TEST_CLUSTER_PW", password)];
            let out = command(&args, &pg.url(), &env, home.path());
            assert_refused(&out, expected, what);
        }
    };

    // Never migrated: the right password, but no cluster tables yet.
    each_refused(RIGHT, "run `host-runner cluster migrate");

    // A wrong password.
    let refused = format!("the cluster database {} refused the login", pg.described());
    each_refused(WRONG, &refused);
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
    each_refused(RIGHT, &unreachable);
    assert_eq!(sim.counters().operation("upsertList"), 0);
}

/// The database going away just as a claim commits leaves a batch the database says a live
/// node holds while that node never heard it claimed it. Made here on purpose: a session
/// holds the batch's row while the node joins (the node skips it), then marks it claimed by
/// that node, as the lost commit did.
#[test]
fn a_batch_whose_claim_answer_was_lost_is_claimed_again_by_its_node() {
    let pg = migrated();
    let url = pg.url();
    let sim = sim(5, 0, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("lc", 10), 5, 1, 5);
    let (id, out) = submit(&pg, &process, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

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
        pg.count(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
             WHERE c.relname = 'cluster_batches' AND l.mode = 'RowShareLock'",
        ) >= 1
    });
    let node = NodeProcess::start(&pg, dir.path(), "lc", &["--lease-seconds", "1"]);
    assert!(
        wait_exit(&mut session).success(),
        "{}",
        log(dir.path(), "psql")
    );

    wait_for("the execution to finish", || pg.finished(id));
    assert_every_input_succeeded_once(&results(&pg, dir.path(), id), 10, &node.log());
    let mut stored = stored_customers(dir.path(), "lc");
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), 10);

    assert_runs(&status(&pg, id), 0, &[("lc", "lost"), ("lc", "done")]);
}

/// Away longer than the nodes' lease: each node stops sending for the batches it held (others
/// may have taken them), and when the database is back the execution still ends with one
/// outcome per document and no record twice.
#[test]
fn an_outage_longer_than_the_lease_loses_nothing_and_creates_nothing_twice() {
    let pg = migrated();
    let sim = sim(10, 100, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("lo", 200), 10, 1, 2);
    let (_nodes, mut submit) =
        two_nodes_then_a_waiting_submit(&pg, dir.path(), &process, &["--lease-seconds", "1"]);
    wait_for("the execution mid-way", || {
        pg.count("SELECT count(*) FROM cluster_batches WHERE state = 'done'") >= 1
            && pg.count("SELECT count(*) FROM cluster_batches WHERE state = 'running'") >= 2
    });
    pg.outage_in(Duration::ZERO, Duration::from_secs(3))
        .join()
        .expect("the outage");

    assert_eq!(
        wait_exit(&mut submit).code(),
        Some(0),
        "{}",
        logs(dir.path())
    );
    let id = submitted_id(dir.path());
    assert_every_input_succeeded_once(&results(&pg, dir.path(), id), 200, &logs(dir.path()));
    assert_stored_once(dir.path(), "lo", 200);
    let text = logs(dir.path());
    assert!(
        text.contains("away longer than the lease"),
        "the nodes noticed their lease ran out: {text}"
    );
}
