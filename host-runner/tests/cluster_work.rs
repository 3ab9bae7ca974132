//! Distributed executions end to end: `submit` stages a process in PostgreSQL, real `node`
//! processes run its batches against the simulator, `results` gives the NDJSON `run` would,
//! and nothing is lost or done twice when a node is killed or stopped mid-execution.

mod support;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use netsuite_sim::BlockingSimHandle;
use serde_json::Value;
use support::cluster::TestCluster;
use support::cluster_runs::{
    assert_every_input_succeeded_once, assert_runs, assert_stored_once, customers, results, status,
    submit, ClusterDatabase, NodeProcess,
};
use support::{
    binary, connection_file, deps_dir, host_runner, kill, ndjson, sim, wait_exit, wait_for, write,
    TOKEN_SECRET,
};

/// A process upserting `input` through the simulator's connection file, `batch_size`
/// documents per call.
fn upsert_process(dir: &Path, sim: &BlockingSimHandle, input: &str, batch_size: u32) -> PathBuf {
    connection_file(dir, sim, 10, TOKEN_SECRET);
    write(dir, "in.ndjson", input);
    write(
        dir,
        "upsert.toml",
        &format!(
            "name = \"Upsert customers\"\nconnection = \"connection.toml\"\ninput = \"in.ndjson\"\n\
             [operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n\
             [flow]\nbatch_size = {batch_size}\n"
        ),
    )
}

#[test]
fn three_nodes_run_a_submitted_upsert_each_document_once() {
    let cluster = TestCluster::new();
    let sim = sim(10, 20, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("cw", 300), 10);
    let nodes: Vec<NodeProcess> = ["a", "b", "c"]
        .iter()
        .map(|name| NodeProcess::start(&cluster, dir.path(), name, &["--units", "2"]))
        .collect();
    wait_for("three nodes", || {
        cluster.count("SELECT count(*) FROM cluster_nodes WHERE state = 'running'") == 3
    });

    let (id, out) = submit(
        &cluster,
        &process,
        &["--documents-per-batch", "20", "--wait"],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{said}\n{}",
        nodes.iter().map(NodeProcess::log).collect::<String>()
    );
    assert!(said.contains("300 SUCCESS"), "{said}");

    let lines = results(&cluster, dir.path(), id);
    assert_every_input_succeeded_once(&lines, 300, "");
    let inputs: Vec<u64> = lines.iter().map(|l| l["input"].as_u64().unwrap()).collect();
    assert!(inputs.windows(2).all(|w| w[0] <= w[1]), "ordered by input");
    assert_stored_once(dir.path(), "cw", 300);

    let shown = status(&cluster, id);
    assert_eq!(shown["state"], "finished");
    assert_eq!(shown["SUCCESS"], 300);
    let batches = shown["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 15);
    let mut ran_by: Vec<&str> = batches
        .iter()
        .flat_map(|b| b["runs"].as_array().unwrap())
        .map(|r| r["node"].as_str().unwrap())
        .collect();
    ran_by.sort();
    ran_by.dedup();
    assert!(
        ran_by.len() >= 2,
        "batches run by several nodes: {ran_by:?}"
    );

    // The secret files are read by each node, never stored.
    let stored = cluster
        .query("SELECT process_text || coalesce(connection_text, '') FROM cluster_executions");
    assert!(!stored.concat().contains(TOKEN_SECRET));
}

#[test]
fn a_killed_node_s_batches_are_finished_by_another_without_duplicates() {
    let cluster = TestCluster::new();
    let sim = sim(10, 100, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("cw", 200), 5);
    let (id, _) = submit(&cluster, &process, &["--documents-per-batch", "10"]);

    let mut first = NodeProcess::start(
        &cluster,
        dir.path(),
        "doomed",
        &["--units", "2", "--lease-seconds", "2"],
    );
    // Mid-way: some batches done, some running with part of their outcomes written.
    wait_for("the first node mid-way", || cluster.mid_way(2));
    kill(&first.child, "KILL");
    let _ = wait_exit(&mut first.child);

    let second = NodeProcess::start(&cluster, dir.path(), "rescuer", &["--units", "2"]);
    wait_for("the execution to finish", || cluster.finished(id));

    let lines = results(&cluster, dir.path(), id);
    assert_every_input_succeeded_once(&lines, 200, "");
    assert_stored_once(dir.path(), "cw", 200);

    let shown = status(&cluster, id);
    let taken_over: Vec<&Value> = shown["batches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["attempts"].as_i64().unwrap() > 1)
        .collect();
    assert!(!taken_over.is_empty(), "{shown:#}\n{}", second.log());
    for batch in taken_over {
        let runs = batch["runs"].as_array().unwrap();
        assert_eq!(runs[0]["node"], "doomed");
        assert_eq!(runs[0]["result"], "lost");
        assert_eq!(runs.last().unwrap()["node"], "rescuer");
        assert_eq!(runs.last().unwrap()["result"], "done");
    }
    assert!(
        second.log().contains("taking over a batch"),
        "{}",
        second.log()
    );
}

#[test]
fn a_submitted_query_streams_every_page_to_the_results_in_order() {
    let cluster = TestCluster::new();
    let sim = sim(5, 0, 1200);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    let process = write(
        dir.path(),
        "query.toml",
        "connection = \"connection.toml\"\noutput = \"run.ndjson\"\n\
         [operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let _node = NodeProcess::start(&cluster, dir.path(), "q", &[]);
    let (id, out) = submit(&cluster, &process, &["--wait"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = results(&cluster, dir.path(), id);

    // The same process run alone writes the same documents in the same order.
    let mut run = binary();
    run.args(["run", process.to_str().unwrap(), "--connectors"])
        .arg(deps_dir())
        .env_remove("RUST_LOG");
    assert!(run.output().unwrap().status.success());
    let alone = ndjson(&dir.path().join("run.ndjson"));
    assert_eq!(lines.len(), 1201);
    let ids = |lines: &[Value]| -> Vec<String> {
        lines
            .iter()
            .filter_map(|l| l["document"]["internalId"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(ids(&lines), ids(&alone));
    assert_eq!(lines[1200]["outcome"], "SUCCESS");
    assert_eq!(lines[1200]["input"], 1);
}

#[test]
fn sigterm_releases_a_running_batch_and_another_node_completes_it() {
    let cluster = TestCluster::new();
    let sim = sim(10, 150, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("cw", 40), 2);
    let (id, _) = submit(&cluster, &process, &["--documents-per-batch", "20"]);
    let mut first = NodeProcess::start(
        &cluster,
        dir.path(),
        "leaving",
        &["--units", "1", "--grace-period", "0"],
    );
    wait_for("a batch mid-way", || {
        cluster.count("SELECT count(*) FROM cluster_outputs WHERE outcome IS NOT NULL") >= 2
    });
    kill(&first.child, "TERM");
    let status_code = wait_exit(&mut first.child);
    assert_eq!(status_code.code(), Some(143), "{}", first.log());
    assert_eq!(
        cluster.query("SELECT result FROM cluster_batch_attempts WHERE seq = 1"),
        ["released"]
    );
    assert_eq!(
        cluster.query("SELECT state FROM cluster_nodes WHERE name = 'leaving'"),
        ["stopped"]
    );

    let _second = NodeProcess::start(&cluster, dir.path(), "staying", &[]);
    wait_for("the execution to finish", || cluster.finished(id));
    let lines = results(&cluster, dir.path(), id);
    assert_every_input_succeeded_once(&lines, 40, "");
    assert_stored_once(dir.path(), "cw", 40);
    let shown = status(&cluster, id);
    assert_runs(&shown, 0, &[("leaving", "released"), ("staying", "done")]);
}

#[test]
fn prune_removes_finished_executions_and_stopped_nodes() {
    let cluster = TestCluster::new();
    let sim = sim(5, 0, 3);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    let process = write(
        dir.path(),
        "query.toml",
        "connection = \"connection.toml\"\n[operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let mut node = NodeProcess::start(&cluster, dir.path(), "short", &[]);
    let (id, out) = submit(&cluster, &process, &["--wait"]);
    assert_eq!(out.status.code(), Some(0));
    kill(&node.child, "TERM");
    assert_eq!(wait_exit(&mut node.child).code(), Some(143));

    // A pending execution is kept, whatever its age.
    let (pending, _) = submit(&cluster, &process, &[]);
    let out = host_runner(&[
        "cluster",
        "prune",
        "--older-than",
        "0s",
        "--cluster",
        &cluster.url,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!(
            "deleted 1 finished executions ({id}) and 1 stopped nodes"
        )),
        "{said}"
    );
    assert_eq!(
        cluster.query("SELECT id FROM cluster_executions"),
        [pending.to_string()]
    );
    assert_eq!(cluster.count("SELECT count(*) FROM cluster_outputs"), 0);
    assert_eq!(cluster.count("SELECT count(*) FROM cluster_nodes"), 0);
}

#[test]
fn a_process_file_with_mistakes_is_not_submitted() {
    let cluster = TestCluster::new();
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "bad.toml",
        "connection = { connector = \"netsuite\" }\n[operation]\naction = \"UPSERT\"\n\
         [flow]\nunits = 0\nbatch_sise = 5\n",
    );
    let out = host_runner(&[
        "submit",
        process.to_str().unwrap(),
        "--cluster",
        &cluster.url,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("bad.toml:"), "{said}");
    assert!(said.contains("batch_sise"), "every mistake at once: {said}");
    assert!(out.stdout.is_empty());
    assert_eq!(cluster.count("SELECT count(*) FROM cluster_executions"), 0);
}

#[test]
fn each_node_resolves_secret_references_from_its_own_environment() {
    let cluster = TestCluster::new();
    let sim = sim(5, 0, 0);
    let dir = tempfile::tempdir().unwrap();
    let process = upsert_process(dir.path(), &sim, &customers("cw", 5), 5);
    let connection = dir.path().join("connection.toml");
    let text = std::fs::read_to_string(&connection).unwrap().replace(
        "token_secret = { file = \"secrets/token_secret\" }",
        "token_secret = { env = \"CW_TOKEN_SECRET\" }",
    );
    std::fs::write(&connection, text).unwrap();
    // Followed with --wait from the start: the follower says at once why a node refused.
    let followed = dir.path().join("submit.log");
    let mut follower = binary()
        .args([
            "submit",
            process.to_str().unwrap(),
            "--wait",
            "--cluster",
            &cluster.url,
        ])
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&followed).unwrap())
        .spawn()
        .unwrap();
    wait_for("the execution to be staged", || {
        cluster.count("SELECT count(*) FROM cluster_executions") == 1
    });
    let id: i64 = cluster.query("SELECT id FROM cluster_executions")[0]
        .parse()
        .unwrap();

    // A node without the variable cannot run it: it says why and leaves it to others.
    let without = NodeProcess::start(&cluster, dir.path(), "without", &[]);
    wait_for("the refusal", || {
        cluster.count("SELECT count(*) FROM cluster_batch_attempts WHERE result = 'refused'") >= 1
    });
    let shown = status(&cluster, id);
    assert_eq!(shown["state"], "running");
    let refused = &shown["batches"][0]["runs"][0];
    assert_eq!(refused["node"], "without");
    assert!(
        refused["reason"]
            .as_str()
            .unwrap()
            .contains("CW_TOKEN_SECRET"),
        "{refused}\n{}",
        without.log()
    );

    let mut with = NodeProcess::start_with(
        &cluster,
        dir.path(),
        "with",
        &[],
        &[("CW_TOKEN_SECRET", TOKEN_SECRET)],
    );
    wait_for("the execution to finish", || cluster.finished(id));
    assert_eq!(wait_exit(&mut follower).code(), Some(0));
    let said = std::fs::read_to_string(&followed).unwrap();
    assert!(
        said.contains("node without cannot run it") && said.contains("CW_TOKEN_SECRET"),
        "{said}"
    );
    assert_every_input_succeeded_once(&results(&cluster, dir.path(), id), 5, "");
    kill(&with.child, "TERM");
    assert_eq!(wait_exit(&mut with.child).code(), Some(143));
}
