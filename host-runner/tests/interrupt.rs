//! Ctrl-C on the binary: the first SIGINT stops taking batches and lets in-flight ones
//! finish, the second aborts them; every input document still has exactly one outcome, the
//! summary is printed and the exit code is 130.

mod support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use support::*;

const DOCUMENTS: usize = 300;

/// A slow GET over the embedded simulator (every request takes `latency_ms`).
fn slow_process(dir: &Path, latency_ms: u64) -> std::path::PathBuf {
    write(dir, "ids.ndjson", &customer_ids(DOCUMENTS));
    write(
        dir,
        "slow.toml",
        &format!(
            r#"connection = {{ connector = "netsuite", settings = {{ max_concurrent_connections = 2 }}, simulator = {{ latency_ms = {latency_ms} }} }}
input = "ids.ndjson"
output = "out.ndjson"
failed = "failed.ndjson"

[operation]
action = "GET"
record_type = "customer"

[flow]
units = 2
individually = true
"#
        ),
    )
}

fn spawn(process: &Path, dir: &Path) -> Child {
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    binary()
        .arg("run")
        .arg(process)
        .arg("--connectors")
        .arg(deps_dir())
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("host-runner starts")
}

fn sigint(child: &Child) {
    kill(child, "INT");
}

fn outcome_lines(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("out.ndjson"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"outcome\""))
        .count()
}

fn check_nothing_lost(dir: &Path) -> std::collections::BTreeMap<u64, serde_json::Value> {
    let all = outcomes(&ndjson(&dir.join("out.ndjson")));
    assert_eq!(
        all.keys().copied().collect::<Vec<_>>(),
        (1..=DOCUMENTS as u64).collect::<Vec<_>>(),
        "every input document has exactly one outcome"
    );
    let not_successful = all.values().filter(|o| o["outcome"] != "SUCCESS").count();
    assert_eq!(
        ndjson(&dir.join("failed.ndjson")).len(),
        not_successful,
        "every document that did not succeed is in the failed file"
    );
    all
}

#[test]
fn first_ctrl_c_lets_in_flight_batches_finish_and_reports_the_rest_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let process = slow_process(dir.path(), 100);
    let mut child = spawn(&process, dir.path());
    wait_for("a few outcomes", || outcome_lines(dir.path()) >= 4);
    sigint(&child);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "the exit code says interrupted");

    let all = check_nothing_lost(dir.path());
    let succeeded = all.values().filter(|o| o["outcome"] == "SUCCESS").count();
    let interrupted = all.values().filter(|o| o["code"] == "INTERRUPTED").count();
    assert!(succeeded >= 4);
    assert!(interrupted > 0);
    assert_eq!(
        succeeded + interrupted,
        DOCUMENTS,
        "in-flight batches finished normally"
    );

    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap();
    assert!(
        stderr.contains("interrupted: no new batches are started"),
        "{stderr}"
    );
    assert!(
        stderr.contains("host-runner: interrupted \"slow\""),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{interrupted} never started (INTERRUPTED)")),
        "{stderr}"
    );
}

#[test]
fn second_ctrl_c_aborts_in_flight_batches_as_failures() {
    let dir = tempfile::tempdir().unwrap();
    // Requests take a minute: only an abort ends the in-flight ones.
    let process = slow_process(dir.path(), 60_000);
    let mut child = spawn(&process, dir.path());
    wait_for("requests in flight", || {
        std::fs::read_to_string(dir.path().join("stderr.txt"))
            .unwrap_or_default()
            .contains("request getDataCenterUrls")
    });
    std::thread::sleep(Duration::from_millis(300));
    sigint(&child);
    wait_for("the first interrupt to be seen", || {
        std::fs::read_to_string(dir.path().join("stderr.txt"))
            .unwrap_or_default()
            .contains("interrupted: no new batches")
    });
    sigint(&child);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));

    let all = check_nothing_lost(dir.path());
    assert!(
        all.values().all(|o| o["outcome"] == "FAILURE"),
        "nothing finished"
    );
    let aborted = all.values().filter(|o| o["code"] != "INTERRUPTED").count()
        + all
            .values()
            .filter(|o| {
                o["code"] == "INTERRUPTED"
                    && o["message"].as_str().unwrap_or("").contains("aborted")
            })
            .count();
    assert!(
        aborted >= 1,
        "the in-flight documents were aborted: {all:?}"
    );
}

#[test]
fn stdin_documents_go_out_when_the_input_pauses_and_ctrl_c_does_not_wait_for_more() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "echo.toml",
        r#"connection = { connector = "echo", settings = { prefix = "> " } }
input = "-"
output = "out.ndjson"

[operation]
action = "EXECUTE"
"#,
    );
    let stderr = std::fs::File::create(dir.path().join("stderr.txt")).unwrap();
    let mut child = binary()
        .arg("run")
        .arg(&process)
        .arg("--connectors")
        .arg(deps_dir())
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("host-runner starts");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
        .unwrap();
    stdin.flush().unwrap();
    // Fewer documents than a batch: they go out once the input pauses.
    wait_for("the three outcomes", || outcome_lines(dir.path()) == 3);
    sigint(&child);
    // Standard input stays open: the run must end without waiting for it.
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    let all = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(all.len(), 3);
    assert!(all.values().all(|o| o["outcome"] == "SUCCESS"));
    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap();
    assert!(
        stderr.contains("standard input was not read to its end"),
        "{stderr}"
    );
}
