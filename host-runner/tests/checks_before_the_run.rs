//! Mistakes found before anything runs, through the binary: paths in settings follow their
//! file (cron from `/` works), every mistake of a file comes at once in plain words, a
//! misspelt record type is refused with a suggestion, and `validate` checks a process and its
//! documents without sending anything (the simulator counts every request it gets).

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The official schemas, through a relative link inside `dir` (`schemas/2023_2/…`).
fn link_schemas(dir: &Path) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd");
    std::os::unix::fs::symlink(shared.canonicalize().unwrap(), dir.join("schemas")).unwrap();
}

/// A connection file for `sim` whose secrets and schema folder are relative paths.
fn relative_connection(dir: &Path, sim: &netsuite_sim::BlockingSimHandle) -> PathBuf {
    let file = connection_file(dir, sim, 5, TOKEN_SECRET);
    link_schemas(dir);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("schema_folder = \"schemas\"\n");
    std::fs::write(&file, text).unwrap();
    file
}

/// Runs the binary from `/`, as cron or systemd would.
fn from_root(args: &[&str]) -> Output {
    let deps = deps_dir();
    let mut command = binary();
    command.current_dir("/").args(args);
    command.args(["--connectors", deps.to_str().unwrap()]);
    command.output().unwrap()
}

#[test]
fn relative_secret_files_and_schema_folder_follow_the_connection_file_from_root() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    let file = relative_connection(dir.path(), &sim);
    let out = from_root(&["test-connection", file.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains("PASS  authenticate (getServerTime)"),
        "{stdout}"
    );
    assert_eq!(sim.counters().operation("getServerTime"), 1);
}

#[test]
fn a_process_file_given_to_test_connection_tests_its_connection() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    relative_connection(dir.path(), &sim);
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"connection.toml\"\n[operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&["test-connection", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("is a process file: using its connection"),
        "{stderr}"
    );
}

#[test]
fn every_mistake_of_a_process_file_comes_at_once_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"netsuite\" }\noutptu = \"out.ndjson\"\n[operation]\naction = \"QUERY\"\n[flow]\nunitz = 4\nbatch_size = \"ten\"\n",
    );
    let out = from_root(&["run", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let p = process.display();
    for expected in [
        format!("host-runner: {p}:2:1: outptu: unknown key `outptu`; did you mean `output`?"),
        format!("host-runner: {p}:6:1: flow.unitz: unknown key `unitz`; did you mean `units`?"),
        format!(
            "host-runner: {p}:7:14: flow.batch_size: expected a whole number, found the text \"ten\""
        ),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    for rust in ["i64", "u32", "struct", "invalid type"] {
        assert!(!stderr.contains(rust), "{rust} in {stderr}");
    }
}

#[test]
fn a_missing_operation_table_is_named_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "name = \"x\"\nconnection = { connector = \"netsuite\" }\n",
    );
    let out = from_root(&["run", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "host-runner: {}: operation: missing: add an [operation] table",
            process.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_simulator_schema_folder_that_does_not_exist_is_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "[connection]\nconnector = \"netsuite\"\n[connection.simulator]\nschema_folder = \"no/such/folder\"\n\n[operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&["run", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("connection.simulator.schema_folder: no such folder"),
        "{stderr}"
    );
}

#[test]
fn a_misspelt_record_type_is_refused_by_run_and_validate_and_nothing_is_sent() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    relative_connection(dir.path(), &sim);
    write(
        dir.path(),
        "in.ndjson",
        "{\"externalId\":\"a\",\"companyName\":\"A\"}\n",
    );
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"connection.toml\"\ninput = \"in.ndjson\"\noutput = \"out.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"custmer\"\n",
    );
    for command in ["validate", "run"] {
        let out = from_root(&[command, process.to_str().unwrap()]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{}:6:1: operation.record_type: `custmer` is not a NetSuite record type; did you mean `customer`?",
                process.display()
            )),
            "{command}: {stderr}"
        );
    }
    assert!(!dir.path().join("out.ndjson").exists(), "nothing ran");
    assert_eq!(sim.counters().requests, 0, "nothing was sent");
}

#[test]
fn validate_checks_every_document_against_the_schema_and_sends_nothing() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    relative_connection(dir.path(), &sim);
    write(
        dir.path(),
        "in.ndjson",
        concat!(
            "{\"externalId\":\"a\",\"companyName\":\"A\"}\n",
            "{\"externalId\":\"b\",\"favouriteColour\":\"green\"}\n",
            "{\"externalId\":\"c\",\"creditLimit\":\"lots\"}\n",
        ),
    );
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"connection.toml\"\ninput = \"in.ndjson\"\noutput = \"out.ndjson\"\nfailed = \"failed.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&["validate", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let p = process.display();
    assert!(
        stderr.contains(&format!(
            "host-runner: {p}: input line 2: APPLICATION_ERROR"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("favouriteColour"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "host-runner: {p}: input line 3: APPLICATION_ERROR"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("creditLimit"), "{stderr}");
    assert!(!stderr.contains("input line 1:"), "{stderr}");
    assert!(
        stderr.contains("2 of 3 input documents would not pass; nothing was sent"),
        "{stderr}"
    );
    assert_eq!(sim.counters().requests, 0, "nothing was sent");
    assert!(!dir.path().join("out.ndjson").exists(), "no output written");
    assert!(!dir.path().join("failed.ndjson").exists(), "no failed file");
}

#[test]
fn validate_shows_the_first_request_with_credentials_masked() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    relative_connection(dir.path(), &sim);
    write(
        dir.path(),
        "in.ndjson",
        "{\"externalId\":\"a\",\"companyName\":\"Acme\"}\n",
    );
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"connection.toml\"\ninput = \"in.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&["validate", process.to_str().unwrap(), "--show-request"]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("<platformMsgs:upsertList>"), "{stdout}");
    assert!(
        stdout.contains("<listRel:companyName>Acme</listRel:companyName>"),
        "{stdout}"
    );
    assert!(
        stdout.contains(">****</platformCore:signature>"),
        "{stdout}"
    );
    for secret in [CONSUMER_KEY, CONSUMER_SECRET, TOKEN_ID, TOKEN_SECRET] {
        assert!(!stdout.contains(secret), "{secret} shown: {stdout}");
        assert!(!stderr.contains(secret), "{secret} logged: {stderr}");
    }
    assert!(stderr.contains("is valid"), "{stderr}");
    assert_eq!(sim.counters().requests, 0, "nothing was sent");
}

#[test]
fn validate_speaks_json_in_json_mode() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    relative_connection(dir.path(), &sim);
    write(
        dir.path(),
        "in.ndjson",
        "{\"externalId\":\"a\",\"companyName\":\"A\"}\n{\"externalId\":\"b\",\"favouriteColour\":\"green\"}\n",
    );
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"connection.toml\"\ninput = \"in.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&[
        "--log-format",
        "json",
        "validate",
        process.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let problem = lines
        .iter()
        .find(|l| l["input"] == 2)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(problem["outcome"], "APPLICATION_ERROR", "{problem}");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("favouriteColour"),
        "{problem}"
    );
    let last = lines.last().unwrap();
    assert_eq!(last["problems"], 1, "{last}");
    assert_eq!(last["exit_code"], 2, "{last}");
    assert_eq!(sim.counters().requests, 0);
}

#[test]
fn validate_checks_documents_on_the_embedded_demo_with_its_own_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in.ndjson",
        "{\"externalId\":\"a\",\"companyName\":\"A\"}\n{\"externalId\":\"b\",\"isInactive\":\"maybe\"}\n",
    );
    let process = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"netsuite\" }\ninput = \"in.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n",
    );
    let out = from_root(&["validate", process.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "host-runner: {}: input line 2: APPLICATION_ERROR",
            process.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("isInactive"), "{stderr}");
    assert!(!stderr.contains("no SuiteTalk schema"), "{stderr}");
    assert!(
        stderr.contains("1 of 2 input documents would not pass"),
        "{stderr}"
    );
}
