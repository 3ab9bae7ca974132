//! Unattended runs on the binary: SIGTERM and SIGHUP stop a run gracefully as Ctrl-C does
//! (exit 143 / 129), the grace period ends in-flight batches, a second signal aborts at once,
//! a SIGKILLed run is continued with `--resume` with exactly one outcome per input, files that
//! are the same are refused, and an input line over the limit fails alone.
//!
//! Signals are sent with `kill`. Waits are the tests' own pacing with generous bounds that
//! only guard against hangs, never assertions on durations.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::*;

/// An UPSERT of `n` customers keyed on externalId over the embedded simulator, 2 units,
/// batches of 10, every request taking `latency_ms`.
fn slow_upsert(dir: &Path, n: usize, latency_ms: u64) -> PathBuf {
    let input: String = (1..=n)
        .map(|i| {
            format!(
                "{{\"externalId\":\"sig-{i}\",\"companyName\":\"Signal Test {i}\",\"subsidiary\":{{\"internalId\":\"1\"}}}}\n"
            )
        })
        .collect();
    write(dir, "customers.ndjson", &input);
    write(
        dir,
        "upsert.toml",
        &format!(
            r#"name = "slow upsert"
connection = {{ connector = "netsuite", settings = {{ max_concurrent_connections = 2 }}, simulator = {{ latency_ms = {latency_ms} }} }}
input = "customers.ndjson"
output = "out.ndjson"
failed = "failed.ndjson"

[operation]
action = "UPSERT"
record_type = "customer"

[flow]
units = 2
batch_size = 10
"#
        ),
    )
}

/// Starts `host-runner run <process> <extra>` with its temporary folder (where the demo's
/// secrets folder goes) inside `dir`.
fn spawn(process: &Path, dir: &Path, extra: &[&str]) -> Child {
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    binary()
        .arg("run")
        .arg(process)
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off"])
        .args(extra)
        .env_remove("RUST_LOG")
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("host-runner starts")
}

fn outcome_lines(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("out.ndjson"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"outcome\""))
        .count()
}

fn stderr(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default()
}

fn demo_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("tmp"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("host-runner-demo-"))
                .collect()
        })
        .unwrap_or_default()
}

/// The outcome of every input in the output; panics when one has two or one has none.
fn exactly_one_outcome_each(dir: &Path, n: usize) -> BTreeMap<u64, Value> {
    let all = outcomes(&ndjson(&dir.join("out.ndjson")));
    assert_eq!(
        all.keys().copied().collect::<Vec<_>>(),
        (1..=n as u64).collect::<Vec<_>>(),
        "every input has exactly one outcome"
    );
    all
}

#[test]
fn sigterm_during_a_slow_upsert_finishes_in_flight_batches_reports_all_and_exits_143() {
    const N: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    let process = slow_upsert(dir.path(), N, 150);
    let mut child = spawn(&process, dir.path(), &[]);
    wait_for("the demo's secrets folder", || {
        !demo_folders(dir.path()).is_empty()
    });
    wait_for("a few outcomes", || outcome_lines(dir.path()) >= 20);
    kill(&child, "TERM");
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(143), "{}", stderr(dir.path()));

    let all = exactly_one_outcome_each(dir.path(), N);
    let succeeded = all.values().filter(|o| o["outcome"] == "SUCCESS").count();
    let interrupted = all.values().filter(|o| o["code"] == "INTERRUPTED").count();
    assert!(
        succeeded >= 20 && interrupted > 0,
        "{succeeded} {interrupted}"
    );
    assert_eq!(succeeded + interrupted, N, "in-flight batches finished");
    let failed = ndjson(&dir.path().join("failed.ndjson"));
    assert_eq!(failed.len(), interrupted);

    let text = stderr(dir.path());
    assert!(
        text.contains("signal=SIGTERM") || text.contains("SIGTERM"),
        "{text}"
    );
    assert!(
        text.contains("host-runner: interrupted \"slow upsert\" by SIGTERM"),
        "the summary is printed: {text}"
    );
    assert!(
        demo_folders(dir.path()).is_empty(),
        "the demo's secrets folder is removed"
    );

    // Resumed: the never-started inputs are upserted; still one outcome each, all SUCCESS.
    let mut child = spawn(&process, dir.path(), &["--resume"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(all.values().all(|o| o["outcome"] == "SUCCESS"));
    assert!(
        ndjson(&dir.path().join("failed.ndjson")).is_empty(),
        "the failed file is written anew"
    );
}

#[test]
fn sighup_stops_like_sigterm_with_exit_129() {
    const N: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let process = slow_upsert(dir.path(), N, 150);
    let mut child = spawn(&process, dir.path(), &[]);
    wait_for("a few outcomes", || outcome_lines(dir.path()) >= 10);
    kill(&child, "HUP");
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(129), "{}", stderr(dir.path()));
    exactly_one_outcome_each(dir.path(), N);
    assert!(demo_folders(dir.path()).is_empty());
}

/// An upsert of `n` whose requests take ten minutes (only an abort ends them), started with
/// `--grace-period <grace>` and waited for until its first batches are in flight.
fn started_with_requests_in_flight(dir: &Path, n: usize, grace: &str) -> Child {
    let process = slow_upsert(dir, n, 600_000);
    let child = spawn(&process, dir, &["--grace-period", grace]);
    wait_for("requests in flight", || {
        stderr(dir).contains("request getDataCenterUrls")
    });
    std::thread::sleep(Duration::from_millis(300));
    child
}

#[test]
fn a_second_signal_aborts_in_flight_batches_at_once() {
    const N: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let mut child = started_with_requests_in_flight(dir.path(), N, "600");
    kill(&child, "TERM");
    wait_for("the first signal to be seen", || {
        stderr(dir.path()).contains("interrupted: no new batches")
    });
    kill(&child, "INT");
    let status = wait_exit(&mut child);
    assert_eq!(
        status.code(),
        Some(143),
        "the first signal names the exit code"
    );
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(all.values().all(|o| o["outcome"] == "FAILURE"), "{all:?}");
    assert!(demo_folders(dir.path()).is_empty());
}

#[test]
fn the_grace_period_ends_in_flight_batches_marked_in_flight() {
    const N: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let mut child = started_with_requests_in_flight(dir.path(), N, "1");
    kill(&child, "TERM");
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(143), "{}", stderr(dir.path()));
    assert!(
        stderr(dir.path()).contains("the grace period is over"),
        "{}",
        stderr(dir.path())
    );
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(all.values().all(|o| o["outcome"] == "FAILURE"));

    // Resumed on a fast simulator: the aborted and the never-started inputs are processed
    // again, the aborted ones marked possibly applied; one outcome each, all SUCCESS.
    let process = slow_upsert(dir.path(), N, 0);
    let mut child = spawn(&process, dir.path(), &["--resume"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(all.values().all(|o| o["outcome"] == "SUCCESS"), "{all:?}");
    let text = stderr(dir.path());
    assert!(text.contains("resumed: 0 inputs skipped"), "{text}");
    assert!(
        !text.contains(", 0 sent again marked possibly_applied"),
        "the aborted inputs are marked: {text}"
    );
}

#[test]
fn sigkill_then_resume_gives_every_input_exactly_one_outcome() {
    const N: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let process = slow_upsert(dir.path(), N, 100);
    let mut child = spawn(&process, dir.path(), &[]);
    wait_for("some outcomes", || outcome_lines(dir.path()) >= 40);
    kill(&child, "KILL");
    let _ = wait_exit(&mut child);
    let before = outcomes(&ndjson_complete(&dir.path().join("out.ndjson")));
    assert!(
        before.len() >= 40 && before.len() < N,
        "the kill came mid-run: {}",
        before.len()
    );

    let mut child = spawn(&process, dir.path(), &["--resume"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(all.values().all(|o| o["outcome"] == "SUCCESS"), "{all:?}");
    for (input, outcome) in &before {
        assert_eq!(&all[input], outcome, "outcomes of the first run are kept");
    }
    let text = stderr(dir.path());
    assert!(
        text.contains(&format!("resumed: {} inputs skipped", before.len())),
        "{text}"
    );
}

/// The complete lines of an NDJSON file (a SIGKILL may cut the last one short).
fn ndjson_complete(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn resumed_inputs_reach_the_connector_marked_possibly_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in.ndjson",
        "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n",
    );
    // The output of a run killed after inputs 1 and 3 (input 2's outcome line cut short).
    write(
        dir.path(),
        "out.ndjson",
        concat!(
            "{\"input\":1,\"outcome\":\"SUCCESS\",\"code\":\"\",\"message\":\"\"}\n",
            "{\"input\":3,\"outcome\":\"FAILURE\",\"code\":\"INTERRUPTED\",\"message\":\"not processed\"}\n",
            "{\"input\":2,\"outcome\":\"SUC"
        ),
    );
    let process = write(
        dir.path(),
        "echo.toml",
        r#"connection = { connector = "echo", settings = { prefix = "> " } }
input = "in.ndjson"
output = "out.ndjson"

[operation]
action = "EXECUTE"
"#,
    );
    let mut child = spawn(&process, dir.path(), &["--resume"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    let lines = ndjson(&dir.path().join("out.ndjson"));
    let all = outcomes(&lines);
    assert_eq!(all.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 4]);
    let properties: BTreeMap<u64, Value> = lines
        .iter()
        .filter(|l| l.get("document").is_some())
        .map(|l| {
            (
                l["input"].as_u64().unwrap(),
                l.get("properties").cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    let marked = serde_json::json!({ connector_payload::POSSIBLY_APPLIED: true });
    assert_eq!(
        properties[&2], marked,
        "no outcome: may have been in flight"
    );
    assert_eq!(
        properties[&4], marked,
        "no outcome: may have been in flight"
    );
    assert_eq!(properties[&3], Value::Null, "reported never started");
    assert!(!properties.contains_key(&1), "skipped");
}

#[test]
fn an_output_or_failed_file_that_is_the_input_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"n\":1}\n";
    write(dir.path(), "data/in.ndjson", input);
    std::os::unix::fs::symlink(
        dir.path().join("data/in.ndjson"),
        dir.path().join("link.ndjson"),
    )
    .unwrap();
    for (output, failed) in [
        ("data/in.ndjson", "f.ndjson"),
        ("data/../link.ndjson", "f.ndjson"),
        ("out.ndjson", "./data/in.ndjson"),
        ("out.ndjson", "out.ndjson"),
    ] {
        let process = write(
            dir.path(),
            "echo.toml",
            &format!(
                r#"connection = {{ connector = "echo", settings = {{ prefix = "> " }} }}
input = "data/in.ndjson"
output = "{output}"
failed = "{failed}"

[operation]
action = "EXECUTE"
"#
            ),
        );
        let mut child = spawn(&process, dir.path(), &[]);
        let status = wait_exit(&mut child);
        let text = stderr(dir.path());
        assert_eq!(status.code(), Some(2), "{output} {failed}: {text}");
        assert!(text.contains("are the same file"), "{text}");
        assert!(
            text.contains("`output`") || text.contains("`failed`"),
            "names the keys: {text}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("data/in.ndjson")).unwrap(),
            input,
            "the input is untouched"
        );
    }
}

#[test]
fn an_input_line_over_the_limit_fails_alone_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"text\":\"{}\"}}", "x".repeat(10_000));
    write(
        dir.path(),
        "in.ndjson",
        &format!("{{\"n\":1}}\n{long}\n{{\"n\":3}}\n"),
    );
    let process = write(
        dir.path(),
        "echo.toml",
        r#"connection = { connector = "echo", settings = { prefix = "> " } }
input = "in.ndjson"
output = "out.ndjson"

[operation]
action = "EXECUTE"

[flow]
max_line_bytes = 1000
"#,
    );
    let mut child = spawn(&process, dir.path(), &[]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(1), "{}", stderr(dir.path()));
    let all = exactly_one_outcome_each(dir.path(), 3);
    assert_eq!(all[&1]["outcome"], "SUCCESS");
    assert_eq!(all[&3]["outcome"], "SUCCESS");
    assert_eq!(all[&2]["outcome"], "FAILURE");
    assert_eq!(all[&2]["code"], "LINE_TOO_LONG");
    assert!(
        all[&2]["message"]
            .as_str()
            .unwrap()
            .contains("input line 2"),
        "{:?}",
        all[&2]
    );
}

/// CREATE `n` customers with externalIds `kill-1…` against `sim` (outliving the host process),
/// 2 units, batches of 10.
fn create_process(dir: &Path, sim: &netsuite_sim::BlockingSimHandle, n: usize) -> PathBuf {
    let input: String = (1..=n)
        .map(|i| {
            format!(
                "{{\"externalId\":\"kill-{i}\",\"companyName\":\"Kill Test {i}\",\"subsidiary\":{{\"internalId\":\"1\"}}}}\n"
            )
        })
        .collect();
    write(dir, "customers.ndjson", &input);
    connection_file(dir, sim, 2, TOKEN_SECRET);
    write(
        dir,
        "create.toml",
        r#"name = "create customers"
connection = "connection.toml"
input = "customers.ndjson"
output = "out.ndjson"

[operation]
action = "CREATE"
record_type = "customer"

[flow]
units = 2
batch_size = 10
"#,
    )
}

#[test]
fn sigkill_during_a_create_then_resume_creates_no_customer_twice() {
    const N: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    let sim = support::sim(4, 20, 0);
    let process = create_process(dir.path(), &sim, N);
    let mut child = spawn(&process, dir.path(), &[]);
    wait_for("some outcomes", || outcome_lines(dir.path()) >= 200);
    kill(&child, "KILL");
    let _ = wait_exit(&mut child);
    let before = outcomes(&ndjson_complete(&dir.path().join("out.ndjson")));
    assert!(before.len() < N, "the kill came mid-run: {}", before.len());

    let mut child = spawn(&process, dir.path(), &["--resume"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(0), "{}", stderr(dir.path()));
    let all = exactly_one_outcome_each(dir.path(), N);
    assert!(
        all.values().all(|o| o["outcome"] == "SUCCESS"),
        "every create ended SUCCESS (created, or RECONCILED by its externalId): {:?}",
        all.values().find(|o| o["outcome"] != "SUCCESS")
    );

    let reconciled = all.values().filter(|o| o["code"] == "RECONCILED").count();
    eprintln!("{reconciled} creates in flight at the kill were reconciled by their externalId");

    // What NetSuite holds: each externalId exactly once.
    write(
        dir.path(),
        "query.toml",
        r#"connection = "connection.toml"
output = "customers.out.ndjson"

[operation]
action = "QUERY"
record_type = "customer"
"#,
    );
    let query = binary()
        .arg("run")
        .arg(dir.path().join("query.toml"))
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off"])
        .output()
        .expect("the query runs");
    assert!(
        query.status.success(),
        "{}",
        String::from_utf8_lossy(&query.stderr)
    );
    let mut seen = BTreeMap::new();
    for line in ndjson(&dir.path().join("customers.out.ndjson")) {
        if let Some(id) = line["document"]["externalId"].as_str() {
            *seen.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    let created: Vec<_> = seen
        .iter()
        .filter(|(id, _)| id.starts_with("kill-"))
        .collect();
    assert_eq!(created.len(), N, "every customer exists");
    assert!(
        created.iter().all(|(_, n)| **n == 1),
        "no customer created twice: {:?}",
        created.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
}
