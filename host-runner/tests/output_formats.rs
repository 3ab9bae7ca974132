//! What a user or a monitoring system reads, through the binary: every stderr line a JSON
//! object in json mode (runs, configuration errors, progress, connection tests), the run
//! report file, `--json` of test-connection and connectors, the summary's words (files named,
//! plurals, honest counts after a write error and an interrupt), input quirks (a byte order
//! mark, a line that is not JSON, a folder), the failed file with reasons, a query's progress
//! of its total, and a first Ctrl-C that ends a query after its current page.

mod support;

use std::path::Path;
use std::process::{Child, Output, Stdio};

use serde_json::Value;
use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary in `dir` with connectors from the test's deps folder.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let deps = deps_dir();
    binary()
        .current_dir(dir)
        .args(args)
        .args(["--connectors", deps.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .output()
        .expect("host-runner runs")
}

/// Every line of `stderr`, each parsed as JSON (panics naming a line that is not).
fn json_lines(stderr: &str) -> Vec<Value> {
    stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

/// A query of `customers` demo customers, `page_size` a page, each request `latency_ms`.
fn query_process(dir: &Path, customers: u32, latency_ms: u64, page_size: u32) -> String {
    write(
        dir,
        "query.toml",
        &format!(
            r#"name = "query"
connection = {{ connector = "netsuite", simulator = {{ latency_ms = {latency_ms}, customers = {customers} }} }}
output = "out/customers.ndjson"

[operation]
action = "QUERY"
record_type = "customer"
page_size = {page_size}
"#
        ),
    );
    "query.toml".into()
}

/// A GET of `ids` lines, with a failed file.
fn get_process(dir: &Path, input: &str, extra: &str) -> String {
    write(dir, "in.ndjson", input);
    write(
        dir,
        "get.toml",
        &format!(
            r#"name = "get"
connection = {{ connector = "netsuite"{extra} }}
input = "in.ndjson"
output = "out.ndjson"
failed = "failed.ndjson"

[operation]
action = "GET"
record_type = "customer"
"#
        ),
    );
    "get.toml".into()
}

#[test]
fn in_json_mode_every_stderr_line_of_a_run_is_json_and_the_report_file_has_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let process = query_process(dir.path(), 2000, 150, 100);
    let out = run_in(
        dir.path(),
        &[
            "run",
            &process,
            "--log-format",
            "json",
            "--progress",
            "lines",
            "--progress-interval",
            "1",
            "--report",
            "reports/run.json",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines = json_lines(&stderr);
    let progress: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "host_runner::progress")
        .collect();
    assert!(!progress.is_empty(), "no progress line: {stderr}");
    assert!(progress.iter().all(|p| p["outputs"].is_u64()), "{stderr}");
    let summary = lines
        .iter()
        .find(|l| l["target"] == "host_runner::summary")
        .unwrap_or_else(|| panic!("no summary: {stderr}"));
    assert_eq!(summary["outcomes"]["SUCCESS"], 1);
    assert_eq!(summary["codes"]["SUCCESS"][""], 1);
    assert_eq!(summary["outputs"], 2000);

    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("reports/run.json")).unwrap(),
    )
    .unwrap();
    for field in [
        "name",
        "connector",
        "operation",
        "connection",
        "outcomes",
        "codes",
        "outputs",
        "duration_s",
        "documents_per_s",
        "batches",
        "units",
        "requests",
        "retries",
        "permit_waits",
        "permit_wait_s",
        "interrupted",
        "signal",
        "output",
        "failed",
        "resumed",
        "errors",
    ] {
        assert!(
            report.get(field).is_some(),
            "the report lacks {field}: {report}"
        );
    }
    assert_eq!(report["name"], "query");
    assert_eq!(report["operation"], "QUERY customer");
    assert_eq!(report["output"], "out/customers.ndjson");
    assert_eq!(report["query_total_records"], 2000);
    // getDataCenterUrls, search and 19 searchMoreWithId.
    assert!(report["requests"].as_u64().unwrap() >= 21, "{report}");
    assert_eq!(report["interrupted"], false);
}

#[test]
fn a_query_shows_its_records_of_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let process = query_process(dir.path(), 1000, 200, 100);
    let out = run_in(
        dir.path(),
        &[
            "run",
            &process,
            "--progress",
            "lines",
            "--progress-interval",
            "1",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("host-runner: progress: ") && l.contains(" of 1000 records"))
        .unwrap_or_else(|| panic!("no progress line of the total: {stderr}"));
    assert!(line.contains("records/s"), "{line}");
    assert!(line.contains("ETA "), "{line}");
}

#[test]
fn in_json_mode_configuration_errors_are_objects_with_file_line_column_and_field() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        "connection = { connector = \"netsuite\" }\n[operation]\naction = \"GET\"\nrecord_type = \"customer\"\n[flow]\nunitz = 3\n",
    );
    let out = run_in(dir.path(), &["run", "bad.toml", "--log-format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&text(&out.stderr));
    let problem = lines
        .iter()
        .find(|l| l["field"] == "flow.unitz")
        .unwrap_or_else(|| panic!("no problem of flow.unitz: {lines:?}"));
    assert_eq!(problem["file"], "bad.toml");
    assert_eq!(problem["line"], 6);
    assert_eq!(problem["column"], 1);
    assert_eq!(problem["level"], "ERROR");
    assert!(problem["message"].as_str().unwrap().contains("unitz"));

    // An argument that does not parse, too.
    let out = run_in(
        dir.path(),
        &["run", "bad.toml", "--log-format", "json", "--unitz", "3"],
    );
    assert_eq!(out.status.code(), Some(2));
    json_lines(&text(&out.stderr));
}

#[test]
fn test_connection_streams_its_steps_as_json_and_prints_json_with_json() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "demo.toml", "connector = \"netsuite\"\n");
    let out = run_in(
        dir.path(),
        &[
            "test-connection",
            "demo.toml",
            "--json",
            "--log-format",
            "json",
        ],
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let result: Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{stdout}: {e}"));
    assert_eq!(result["ok"], true);
    assert_eq!(result["steps"].as_array().unwrap().len(), 3);
    assert_eq!(result["steps"][2]["status"], "passed");
    assert!(
        result["connection"]
            .as_str()
            .unwrap()
            .contains("at most 1 concurrent request,")
            || result["connection"]
                .as_str()
                .unwrap()
                .ends_with("at most 1 concurrent request"),
        "{result}"
    );

    let lines = json_lines(&stderr);
    let position = |f: &dyn Fn(&Value) -> bool| lines.iter().position(f);
    let settings_step = position(&|l| l["step"] == "check settings").expect("a step event");
    let discovery = position(&|l| l["operation"] == "getDataCenterUrls").expect("a request");
    let auth_step =
        position(&|l| l["step"] == "authenticate (getServerTime)").expect("a step event");
    // Each step shows as it ends: the first before the next step's request, not all at the end.
    assert!(
        settings_step < discovery && discovery < auth_step,
        "{stderr}"
    );
}

#[test]
fn connectors_lists_as_json() {
    let deps = deps_dir();
    let out = host_runner(&["connectors", deps.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let netsuite = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "netsuite")
        .expect("the netsuite connector");
    assert!(netsuite["actions"]
        .as_array()
        .unwrap()
        .contains(&Value::from("QUERY")));
    assert!(netsuite["path"].is_string() && netsuite["version"].is_string());
}

#[test]
fn a_bom_is_tolerated_a_bad_line_is_named_and_the_failed_file_can_carry_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let process = get_process(
        dir.path(),
        "\u{feff}{\"internalId\":\"1\"}\n{\"internalId\": \"2\",}\n{\"internalId\":\"999999\"}\n",
        "",
    );
    let out = run_in(dir.path(), &["run", &process, "--failed-format", "reasons"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let all = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(
        all[&1]["outcome"], "SUCCESS",
        "the BOM is not part of the document"
    );
    assert_eq!(all[&2]["code"], "INVALID_JSON");
    let message = all[&2]["message"].as_str().unwrap();
    assert!(
        message.starts_with("input line 2 is not JSON: "),
        "{message}"
    );
    assert!(!message.contains("line 1"), "{message}");
    assert_eq!(all[&3]["code"], "RCRD_DSNT_EXIST");

    let failed = ndjson(&dir.path().join("failed.ndjson"));
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0]["input"], 2);
    assert_eq!(failed[0]["code"], "INVALID_JSON");
    assert_eq!(failed[0]["document"], "{\"internalId\": \"2\",}");
    assert_eq!(failed[1]["document"]["internalId"], "999999");
    assert_eq!(failed[1]["outcome"], "APPLICATION_ERROR");
    assert!(failed[1]["message"].is_string());

    // The summary names both files, and counts in the singular where it is one.
    assert!(stderr.contains("  output: out.ndjson; "), "{stderr}");
    assert!(stderr.contains("failed.ndjson"), "{stderr}");
    assert!(stderr.contains("1 output document"), "{stderr}");
    assert!(
        stderr.contains(
            "by code: 1 APPLICATION_ERROR INVALID_JSON, 1 APPLICATION_ERROR RCRD_DSNT_EXIST"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("at most 1 of 1 request in flight"),
        "{stderr}"
    );

    // By default the failed file keeps the input lines as they were.
    let out = run_in(dir.path(), &["run", &process]);
    assert_eq!(out.status.code(), Some(1));
    let failed = std::fs::read_to_string(dir.path().join("failed.ndjson")).unwrap();
    assert_eq!(
        failed,
        "{\"internalId\": \"2\",}\n{\"internalId\":\"999999\"}\n"
    );
}

#[test]
fn a_folder_as_input_is_named_not_called_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let process = get_process(dir.path(), "{\"internalId\":\"1\"}\n", "");
    std::fs::create_dir(dir.path().join("a-folder")).unwrap();
    let out = run_in(dir.path(), &["run", &process, "--input", "a-folder"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the input a-folder is a folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("standard input was not read"), "{stderr}");
}

#[test]
fn an_output_that_cannot_be_written_is_said_first_and_nothing_is_counted_as_written() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let process = get_process(dir.path(), "{\"internalId\":\"1\"}\n", "");
    let out = run_in(
        dir.path(),
        &["run", &process, "-o", "/dev/full", "--report", "r.json"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let said = stderr
        .find("the output could not be written")
        .unwrap_or_else(|| panic!("{stderr}"));
    let counts = stderr
        .find("input document")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        said < counts,
        "the write error comes before the counts: {stderr}"
    );
    assert!(!stderr.contains(" 1 SUCCESS"), "{stderr}");
    assert!(stderr.contains("1 outcome lost"), "{stderr}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["outcomes"]["SUCCESS"], 0);
    assert_eq!(report["unwritten"], 1);
    assert!(report["errors"]["output"].is_string());
}

/// Starts `process` in `dir` with stderr to `stderr.txt`.
fn spawn_in(dir: &Path, args: &[&str]) -> Child {
    let deps = deps_dir();
    binary()
        .current_dir(dir)
        .args(args)
        .args(["--connectors", deps.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr.txt")).unwrap())
        .spawn()
        .expect("host-runner starts")
}

fn stderr_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default()
}

#[test]
fn a_first_sigint_ends_a_one_input_query_after_its_current_page_with_exit_130() {
    let dir = tempfile::tempdir().unwrap();
    // 100 pages of 10 at 300 ms each: half a minute, far more than the test waits.
    let process = query_process(dir.path(), 1000, 300, 10);
    let mut child = spawn_in(dir.path(), &["run", &process, "--progress", "off"]);
    let output = dir.path().join("out/customers.ndjson");
    wait_for("a few pages", || ndjson(&output).len() >= 20);
    kill(&child, "INT");
    let status = wait_exit(&mut child);
    let stderr = stderr_of(dir.path());
    assert_eq!(status.code(), Some(130), "{stderr}");
    let lines = ndjson(&output);
    let all = outcomes(&lines);
    let outcome = &all[&1];
    assert_eq!(outcome["outcome"], "FAILURE", "{outcome}");
    assert_eq!(outcome["code"], "INTERRUPTED", "{outcome}");
    assert_eq!(outcome["detail"]["in_flight"], false, "{outcome}");
    let pages = outcome["detail"]["pages"].as_u64().unwrap();
    let records = outcome["detail"]["records"].as_u64().unwrap();
    assert!((2..100).contains(&pages), "{outcome}");
    assert_eq!(records, pages * 10, "whole pages: {outcome}");
    assert_eq!(
        lines.len() as u64,
        records + 1,
        "every record of those pages is written"
    );
    // No grace period was waited for, and nothing was aborted.
    assert!(!stderr.contains("grace period is over"), "{stderr}");
    assert!(
        stderr.contains("interrupted \"query\" by SIGINT"),
        "{stderr}"
    );
}

#[test]
fn after_an_interrupt_documents_per_second_counts_only_documents_that_ran() {
    let dir = tempfile::tempdir().unwrap();
    let ids: String = (1..=300)
        .map(|i| format!("{{\"internalId\":\"{}\"}}\n", i % 100 + 1))
        .collect();
    let process = get_process(dir.path(), &ids, ", simulator = { latency_ms = 100 }");
    write(
        dir.path(),
        "get.toml",
        &std::fs::read_to_string(dir.path().join("get.toml"))
            .unwrap()
            .replace("[operation]", "[flow]\nindividually = true\n\n[operation]"),
    );
    let mut child = spawn_in(
        dir.path(),
        &["run", &process, "--progress", "off", "--report", "r.json"],
    );
    let output = dir.path().join("out.ndjson");
    wait_for("a few outcomes", || {
        ndjson(&output)
            .iter()
            .filter(|l| l.get("outcome").is_some())
            .count()
            >= 5
    });
    kill(&child, "INT");
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(130), "{}", stderr_of(dir.path()));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["interrupted"], true);
    assert_eq!(report["signal"], "SIGINT");
    let never_started = report["never_started"].as_u64().unwrap();
    let documents = report["documents"].as_u64().unwrap();
    assert_eq!(documents, 300);
    assert!(never_started > 0, "{report}");
    let ran = (report["documents_per_s"].as_f64().unwrap() * report["duration_s"].as_f64().unwrap())
        .round() as u64;
    assert_eq!(ran, documents - never_started, "{report}");
}

#[test]
fn a_refused_port_is_not_retried_by_the_connection_test() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    write(
        dir.path(),
        "down.toml",
        &format!(
            r#"connector = "netsuite"
[settings]
url = "http://127.0.0.1:{port}/services/NetSuitePort_2023_2"
version = "2023.2"
account = "{ACCOUNT}"
consumer_key = "ck"
consumer_secret = {{ env = "HR_TEST_SECRET" }}
token_id = "tid"
token_secret = {{ env = "HR_TEST_SECRET" }}
data_center_discovery = "never"
"#
        ),
    );
    let deps = deps_dir();
    let out = binary()
        .current_dir(dir.path())
        .args([
            "test-connection",
            "down.toml",
            "--connectors",
            deps.to_str().unwrap(),
        ])
        .env("HR_TEST_SECRET", "s3cr3t-value")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("host unreachable"), "{stdout}");
    // The connection has 5 retries, but a refused port is reported after one attempt.
    assert!(stderr.contains("attempt=1"), "{stderr}");
    assert!(!stderr.contains("attempt=2"), "{stderr}");
    assert!(!stderr.contains("retrying"), "{stderr}");
}
