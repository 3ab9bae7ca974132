//! Incremental sync through the binary against a simulator that lives across runs: a query
//! filtered on `${state.cursor}` outputs only what changed since the last complete run, the
//! state advances only when a run is complete (a failed or interrupted run leaves it, a
//! resumed one that completes moves it), and `${param.NAME}` / `${env:NAME}` fill settings
//! and paths, or stop the run with exit 2 at the file, line and key.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;
use support::*;

const START: &str = "2020-01-01T00:00:00Z";

/// An incremental QUERY of customers modified after the cursor, into `out.ndjson`, with the
/// state in `state/customers.json`; `input` adds an input file, `operation` more settings.
fn incremental_query(dir: &Path, input: Option<&str>, operation: &str) -> PathBuf {
    let input = input
        .map(|i| format!("input = \"{i}\"\n"))
        .unwrap_or_default();
    write(
        dir,
        "incremental.toml",
        &format!(
            r#"name = "incremental customers"
connection = "connection.toml"
{input}output = "out.ndjson"

[state]
file = "state/customers.json"
cursor = "lastModifiedDate"
start = "{START}"

[operation]
action = "QUERY"
record_type = "customer"
filters = [{{ field = "lastModifiedDate", operator = "after", value = "${{state.cursor}}" }}]
{operation}
"#
        ),
    )
}

/// `host-runner run <process> <extra>` with the test's connectors and progress off.
fn run(process: &Path, extra: &[&str]) -> Output {
    let deps = deps_dir();
    let mut args = vec![
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
        "--progress",
        "off",
    ];
    args.extend_from_slice(extra);
    host_runner(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The output documents of an NDJSON output file.
fn documents(path: &Path) -> Vec<Value> {
    ndjson(path)
        .into_iter()
        .filter_map(|l| l.get("document").cloned())
        .collect()
}

fn internal_ids(documents: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = documents
        .iter()
        .map(|d| d["internalId"].as_str().expect("internalId").to_string())
        .collect();
    ids.sort();
    ids
}

fn state(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("state/customers.json")).expect("a state file");
    serde_json::from_str(&text).expect("the state file is JSON")
}

/// Updates the companyName of the customers `ids` through an UPDATE process.
fn update_customers(dir: &Path, ids: &[String]) {
    let input: String = ids
        .iter()
        .map(|id| format!("{{\"internalId\":\"{id}\",\"companyName\":\"Changed {id}\"}}\n"))
        .collect();
    write(dir, "changes.ndjson", &input);
    let process = write(
        dir,
        "update.toml",
        r#"connection = "connection.toml"
input = "changes.ndjson"
output = "updated.ndjson"

[operation]
action = "UPDATE"
record_type = "customer"
"#,
    );
    let out = run(&process, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_second_run_outputs_only_the_records_changed_since_the_first_and_advances_the_cursor() {
    let sim = sim(4, 0, 40);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    let process = incremental_query(dir.path(), None, "");
    let out_file = dir.path().join("out.ndjson");

    // First run: every customer modified after `start`.
    let first = run(&process, &[]);
    let log = stderr(&first);
    assert_eq!(first.status.code(), Some(0), "{log}");
    let all = documents(&out_file);
    assert_eq!(all.len(), 40, "{log}");
    let newest = state(dir.path())["value"]
        .as_str()
        .expect("a saved cursor")
        .to_string();
    assert!(
        all.iter().any(|d| d["lastModifiedDate"] == newest.as_str()),
        "the cursor is the newest lastModifiedDate of the output: {newest}"
    );
    assert!(
        log.contains(&format!(
            "state: cursor lastModifiedDate advanced from {START} to {newest} ("
        )),
        "{log}"
    );
    assert_eq!(state(dir.path())["previous"], START);

    // Four customers change in between.
    let changed: Vec<String> = internal_ids(&all).into_iter().step_by(13).collect();
    assert_eq!(changed.len(), 4);
    update_customers(dir.path(), &changed);

    // Second run: only those, and the cursor moves to their newest change.
    let second = run(&process, &[]);
    let log = stderr(&second);
    assert_eq!(second.status.code(), Some(0), "{log}");
    let docs = documents(&out_file);
    assert_eq!(internal_ids(&docs), changed, "{log}");
    assert!(docs
        .iter()
        .all(|d| d["companyName"].as_str().unwrap().starts_with("Changed ")));
    let advanced = state(dir.path());
    let cursor = advanced["value"].as_str().unwrap().to_string();
    assert_ne!(cursor, newest);
    assert_eq!(advanced["previous"], newest.as_str());
    assert!(
        docs.iter()
            .any(|d| d["lastModifiedDate"] == cursor.as_str()),
        "{cursor}"
    );
    assert!(
        log.contains(&format!("advanced from {newest} to {cursor}")),
        "{log}"
    );

    // Another change the same day: a date-time cursor is followed to the millisecond, not
    // to the day.
    let again = vec![changed[1].clone()];
    update_customers(dir.path(), &again);
    let third = run(&process, &[]);
    let log = stderr(&third);
    assert_eq!(third.status.code(), Some(0), "{log}");
    assert_eq!(internal_ids(&documents(&out_file)), again, "{log}");
    let cursor = state(dir.path())["value"].as_str().unwrap().to_string();

    // Nothing changed: nothing output, the cursor stays.
    let fourth = run(&process, &[]);
    let log = stderr(&fourth);
    assert_eq!(fourth.status.code(), Some(0), "{log}");
    assert!(documents(&out_file).is_empty(), "{log}");
    assert!(
        log.contains(&format!(
            "state: cursor lastModifiedDate kept at {cursor} ("
        )),
        "{log}"
    );
    assert_eq!(state(dir.path())["value"], cursor.as_str());
}

#[test]
fn a_run_with_a_failed_input_does_not_move_the_cursor() {
    let sim = sim(4, 0, 20);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    // Input 1 queries every customer; input 2 asks for an operator dates do not have.
    write(
        dir.path(),
        "queries.ndjson",
        "{}\n{\"filters\":[{\"field\":\"lastModifiedDate\",\"operator\":\"contains\",\"value\":\"x\"}]}\n",
    );
    let process = incremental_query(dir.path(), Some("queries.ndjson"), "");
    let saved = r#"{"cursor":"lastModifiedDate","value":"2021-06-01T00:00:00Z"}"#;
    write(dir.path(), "state/customers.json", saved);

    let out = run(&process, &["--individually"]);
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    let all = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(all[&1]["outcome"], "SUCCESS", "{log}");
    assert_ne!(all[&2]["outcome"], "SUCCESS", "{log}");
    assert!(
        !documents(&dir.path().join("out.ndjson")).is_empty(),
        "input 1 output records newer than the cursor"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("state/customers.json")).unwrap(),
        saved
    );
    assert!(
        log.contains("state: cursor lastModifiedDate kept at 2021-06-01T00:00:00Z (")
            && log.contains("the run did not complete"),
        "{log}"
    );
}

#[test]
fn an_interrupted_query_does_not_move_the_cursor_and_its_completed_resume_does() {
    // 60 customers in pages of 5, each request taking 300 ms: time to stop it half-way.
    let sim = sim(4, 300, 60);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    let process = incremental_query(dir.path(), None, "page_size = 5");
    let saved = r#"{"cursor":"lastModifiedDate","value":"2021-06-01T00:00:00Z"}"#;
    write(dir.path(), "state/customers.json", saved);
    let out_file = dir.path().join("out.ndjson");

    let mut child = binary()
        .arg("run")
        .arg(&process)
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off", "--grace-period", "0"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("host-runner starts");
    // Read as text: a line may be half written while the run goes on.
    wait_for("the first page's records", || {
        std::fs::read_to_string(&out_file).is_ok_and(|t| t.contains("\"document\""))
    });
    kill(&child, "TERM");
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(143));
    assert!(documents(&out_file).len() < 60, "stopped before the end");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("state/customers.json")).unwrap(),
        saved,
        "an interrupted run leaves the state as it was"
    );

    // Resumed to the end, the run is complete: the state moves to the newest record.
    let resumed = run(&process, &["--resume"]);
    let log = stderr(&resumed);
    assert_eq!(resumed.status.code(), Some(0), "{log}");
    let docs = documents(&out_file);
    assert_eq!(docs.len(), 60, "{log}");
    let newest = docs
        .iter()
        .map(|d| d["lastModifiedDate"].as_str().unwrap())
        .max_by_key(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).unwrap()
        })
        .unwrap();
    assert_eq!(state(dir.path())["value"], newest, "{log}");
    assert!(
        log.contains(&format!("advanced from 2021-06-01T00:00:00Z to {newest}")),
        "{log}"
    );
}

#[test]
fn a_missing_param_or_an_unset_variable_stops_the_run_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        r#"connection = { connector = "netsuite" }
output = "out-${param.day}.ndjson"

[operation]
action = "QUERY"
record_type = "${env:HR_TEST_SURELY_UNSET}"
filters = [{ field = "lastModifiedDate", operator = "after", value = "${param.since}" }]
"#,
    );
    let out = run(&process, &[]);
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{log}");
    let p = process.display();
    for expected in [
        format!("{p}:2:1: output: `${{param.day}}` has no value: give it with --param day=VALUE"),
        format!(
            "{p}:6:1: operation.record_type: `${{env:HR_TEST_SURELY_UNSET}}`: the environment variable HR_TEST_SURELY_UNSET is not set"
        ),
        format!("{p}:7:"),
        "operation.filters[0].value: `${param.since}` has no value".to_string(),
    ] {
        assert!(log.contains(&expected), "missing {expected:?} in:\n{log}");
    }
    assert!(!dir.path().join("out-.ndjson").exists());

    // `${state.cursor}` without a [state] table, and an unknown placeholder.
    let process = write(
        dir.path(),
        "q.toml",
        "connection = { connector = \"netsuite\" }\n\n[operation]\naction = \"QUERY\"\nrecord_type = \"${state.cursor}\"\nsaved_search_id = \"${params.id}\"\n",
    );
    let out = run(&process, &[]);
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(
        log.contains("q.toml:5:1: operation.record_type: `${state.cursor}` needs a [state] table"),
        "{log}"
    );
    assert!(
        log.contains("q.toml:6:1: operation.saved_search_id: unknown placeholder `${params.id}`"),
        "{log}"
    );
}

#[test]
fn params_and_environment_variables_fill_settings_and_paths() {
    let sim = sim(4, 0, 30);
    let dir = tempfile::tempdir().unwrap();
    connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    let process = write(
        dir.path(),
        "p.toml",
        r#"connection = "connection.toml"
output = "out/${param.run}.ndjson"

[operation]
action = "QUERY"
record_type = "${env:HR_TEST_RECORD_TYPE}"
filters = [{ field = "lastModifiedDate", operator = "after", value = "${param.since}" }]
"#,
    );
    let deps = deps_dir();
    let run_with = |since: &str, run_name: &str| {
        binary()
            .arg("run")
            .arg(&process)
            .arg("--connectors")
            .arg(&deps)
            .args(["--progress", "off"])
            .args(["--param", &format!("since={since}")])
            .args(["--param", &format!("run={run_name}")])
            .env_remove("RUST_LOG")
            .env("HR_TEST_RECORD_TYPE", "customer")
            .output()
            .expect("host-runner runs")
    };

    let all = run_with(START, "all");
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    let all = documents(&dir.path().join("out/all.ndjson"));
    assert_eq!(all.len(), 30);

    // From the tenth newest record on: the nine newer ones.
    let mut times: Vec<(time::OffsetDateTime, String)> = all
        .iter()
        .map(|d| {
            let text = d["lastModifiedDate"].as_str().unwrap().to_string();
            let at =
                time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
                    .unwrap();
            (at, text)
        })
        .collect();
    times.sort();
    let since = &times[times.len() - 10].1;
    let newer = run_with(since, "newer");
    assert_eq!(newer.status.code(), Some(0), "{}", stderr(&newer));
    let newer = documents(&dir.path().join("out/newer.ndjson"));
    let expected = times.iter().filter(|(at, _)| *at > times[20].0).count();
    assert_eq!(newer.len(), expected, "{newer:?}");
    assert_eq!(expected, 9);
}
