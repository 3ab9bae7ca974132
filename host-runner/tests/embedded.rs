//! The embedded default: a NetSuite connection without an account runs against the built-in
//! simulator, in process and through the binary with the examples of the README.

mod support;

use std::path::PathBuf;

use host_runner::{run, RunControl};
use support::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn a_connection_without_an_account_runs_on_the_embedded_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "query.toml",
        r#"connection = { connector = "netsuite", simulator = { customers = 30 } }
output = "out.ndjson"

[operation]
action = "QUERY"
record_type = "customer"
"#,
    );
    let report = run(&plan(&process), &RunControl::new()).expect("the run starts");
    let url = report
        .embedded
        .clone()
        .expect("the embedded simulator was used");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(report.exit_code(), 0, "{report}");
    assert_eq!(report.outputs, 30);
    assert!(
        report.to_string().contains("embedded NetSuite simulator"),
        "{report}"
    );
    let lines = ndjson(&dir.path().join("out.ndjson"));
    assert_eq!(lines.len(), 31);
}

/// Runs an example of `examples/` through the binary, writing into a temporary folder.
fn example(name: &str) -> (std::process::Output, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.ndjson");
    let process = repo().join("examples").join(name);
    let deps = deps_dir();
    let output = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--output",
        out_file.to_str().unwrap(),
        "--failed",
        dir.path().join("failed.ndjson").to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let lines = ndjson(&out_file);
    (output, lines)
}

fn check_example(name: &str, inputs: usize, outputs: usize) {
    let (output, lines) = example(name);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
    assert!(
        stderr.contains("running against the embedded simulator"),
        "{stderr}"
    );
    assert!(
        stderr.contains("request "),
        "the execution log shows requests: {stderr}"
    );
    let all = outcomes(&lines);
    assert_eq!(all.len(), inputs, "{name}");
    assert!(
        all.values().all(|o| o["outcome"] == "SUCCESS"),
        "{name}: {all:?}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.get("document").is_some()).count(),
        outputs,
        "{name}"
    );
}

#[test]
fn example_query_customers() {
    check_example("query-customers.toml", 1, 250);
}

#[test]
fn example_upsert_customers_with_4_units() {
    check_example("upsert-customers.toml", 200, 200);
}

#[test]
fn example_get_customers() {
    check_example("get-customers.toml", 5, 5);
}

#[test]
fn example_delete_customers() {
    check_example("delete-customers.toml", 11, 11);
}

#[test]
fn example_server_time() {
    check_example("server-time.toml", 1, 1);
}

#[test]
fn example_currencies() {
    check_example("currencies.toml", 2, 10);
}

#[test]
fn the_embedded_simulator_can_serve_the_versions_schema() {
    let xsd = repo().join("../shared/suitetalk/xsd");
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "query.toml",
        &format!(
            r#"connection = {{ connector = "netsuite", settings = {{ version = "2023.2" }}, simulator = {{ customers = 12, schema_folder = "{}" }} }}
output = "out.ndjson"

[operation]
action = "QUERY"
record_type = "customer"
"#,
            xsd.display()
        ),
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
        "--log-level",
        "info",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("no SuiteTalk schema"), "{stderr}");
    let all = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(all[&1]["outcome"], "SUCCESS");
}

#[test]
fn example_incremental_customers_saves_its_cursor_then_finds_nothing_newer() {
    // Copied with its connection, so that its state file lands in the temporary folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("connections")).unwrap();
    std::fs::copy(
        repo().join("examples/connections/demo.toml"),
        dir.path().join("connections/demo.toml"),
    )
    .unwrap();
    let process = dir.path().join("incremental-customers.toml");
    std::fs::copy(repo().join("examples/incremental-customers.toml"), &process).unwrap();
    let deps = deps_dir();
    let run = || {
        host_runner(&[
            "run",
            process.to_str().unwrap(),
            "--connectors",
            deps.to_str().unwrap(),
            "--progress",
            "off",
        ])
    };
    let documents = || {
        ndjson(&dir.path().join("out/changed-customers.ndjson"))
            .iter()
            .filter(|l| l.get("document").is_some())
            .count()
    };

    let first = run();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{stderr}");
    assert_eq!(documents(), 250);
    assert!(
        stderr.contains("state: cursor lastModifiedDate advanced from 2020-01-01T00:00:00Z to "),
        "{stderr}"
    );
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("state/customers.json")).unwrap())
            .unwrap();
    let cursor = state["value"].as_str().unwrap();

    // The embedded simulator starts from the same seeded account: nothing is newer.
    let second = run();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    assert_eq!(documents(), 0);
    assert!(
        stderr.contains(&format!(
            "state: cursor lastModifiedDate kept at {cursor} ("
        )),
        "{stderr}"
    );
}
