//! Mistakes found before anything runs, through the binary: paths in settings follow their
//! file (cron from `/` works), every mistake of a file comes at once in plain words, a
//! misspelt record type is refused with a suggestion, and `validate` checks a process and its
//! documents without sending anything (the simulator counts every request it gets).

mod support;

use std::path::{Path, PathBuf};

use netsuite_sim::BlockingSimHandle;
use support::*;

/// What a command did: exit code, stdout, stderr.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary from `/`, as cron or systemd would.
fn from_root(args: &[&str]) -> Ran {
    let deps = deps_dir();
    let out = binary()
        .current_dir("/")
        .args(args)
        .args(["--connectors", deps.to_str().unwrap()])
        .output()
        .unwrap();
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A simulated account and, in a folder of their own, a connection file whose secrets and
/// schema folder are relative paths (`secrets/…`, `schemas` → the official schemas).
struct Account {
    sim: BlockingSimHandle,
    dir: tempfile::TempDir,
    connection: PathBuf,
}

impl Account {
    fn new() -> Account {
        let sim = sim(5, 0, 10);
        let dir = tempfile::tempdir().unwrap();
        let connection = connection_file(dir.path(), &sim, 5, TOKEN_SECRET);
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd");
        std::os::unix::fs::symlink(shared.canonicalize().unwrap(), dir.path().join("schemas"))
            .unwrap();
        let mut text = std::fs::read_to_string(&connection).unwrap();
        text.push_str("schema_folder = \"schemas\"\n");
        std::fs::write(&connection, text).unwrap();
        Account {
            sim,
            dir,
            connection,
        }
    }

    /// A process UPSERTing `record_type` from `input` (NDJSON lines), with output and failed
    /// files.
    fn upsert(&self, record_type: &str, input: &str) -> PathBuf {
        write(self.dir.path(), "in.ndjson", input);
        write(
            self.dir.path(),
            "p.toml",
            &format!(
                "connection = \"connection.toml\"\ninput = \"in.ndjson\"\noutput = \"out.ndjson\"\n\
                 failed = \"failed.ndjson\"\n[operation]\naction = \"UPSERT\"\n\
                 record_type = \"{record_type}\"\n"
            ),
        )
    }

    /// Nothing reached the account, and no output or failed file was written.
    fn assert_untouched(&self) {
        assert_eq!(self.sim.counters().requests, 0, "nothing was sent");
        for file in ["out.ndjson", "failed.ndjson"] {
            assert!(!self.dir.path().join(file).exists(), "{file} was written");
        }
    }
}

const GOOD: &str = "{\"externalId\":\"a\",\"companyName\":\"Acme\"}\n";

/// A process file in a folder of its own (for mistakes that need no account).
fn process_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.toml", text);
    (dir, path)
}

#[test]
fn relative_secret_files_and_schema_folder_follow_the_connection_file_from_root() {
    let account = Account::new();
    let ran = from_root(&["test-connection", account.connection.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("PASS  authenticate (getServerTime)"),
        "{}",
        ran.stdout
    );
    assert_eq!(account.sim.counters().operation("getServerTime"), 1);
}

#[test]
fn a_process_file_given_to_test_connection_tests_its_connection() {
    let account = Account::new();
    let process = account.upsert("customer", GOOD);
    let ran = from_root(&["test-connection", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("is a process file: using its connection"),
        "{}",
        ran.stderr
    );
}

#[test]
fn every_mistake_of_a_process_file_comes_at_once_in_plain_words() {
    let (_dir, process) = process_file(
        "connection = { connector = \"netsuite\" }\noutptu = \"out.ndjson\"\n[operation]\naction = \"QUERY\"\n[flow]\nunitz = 4\nbatch_size = \"ten\"\n",
    );
    let ran = from_root(&["run", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    let p = process.display();
    for expected in [
        format!("host-runner: {p}:2:1: outptu: unknown key `outptu`; did you mean `output`?"),
        format!("host-runner: {p}:6:1: flow.unitz: unknown key `unitz`; did you mean `units`?"),
        format!(
            "host-runner: {p}:7:14: flow.batch_size: expected a whole number, found the text \"ten\""
        ),
    ] {
        assert!(ran.stderr.contains(&expected), "{expected}\n{}", ran.stderr);
    }
    for rust in ["i64", "u32", "struct", "invalid type"] {
        assert!(!ran.stderr.contains(rust), "{rust} in {}", ran.stderr);
    }
}

#[test]
fn a_missing_operation_table_is_named_as_missing() {
    let (_dir, process) = process_file("name = \"x\"\nconnection = { connector = \"netsuite\" }\n");
    let ran = from_root(&["run", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(&format!(
            "host-runner: {}: operation: missing: add an [operation] table",
            process.display()
        )),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_simulator_schema_folder_that_does_not_exist_is_refused_before_the_run() {
    let (_dir, process) = process_file(
        "[connection]\nconnector = \"netsuite\"\n[connection.simulator]\nschema_folder = \"no/such/folder\"\n\n[operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
    );
    let ran = from_root(&["run", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("connection.simulator.schema_folder: no such folder"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_misspelt_record_type_is_refused_by_run_and_validate_and_nothing_is_sent() {
    let account = Account::new();
    let process = account.upsert("custmer", GOOD);
    for command in ["validate", "run"] {
        let ran = from_root(&[command, process.to_str().unwrap()]);
        assert_eq!(ran.code, Some(2), "{command}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!(
                "{}:7:1: operation.record_type: `custmer` is not a NetSuite record type; did you mean `customer`?",
                process.display()
            )),
            "{command}: {}",
            ran.stderr
        );
    }
    account.assert_untouched();
}

#[test]
fn validate_checks_every_document_against_the_schema_and_sends_nothing() {
    let account = Account::new();
    let process = account.upsert(
        "customer",
        concat!(
            "{\"externalId\":\"a\",\"companyName\":\"A\"}\n",
            "{\"externalId\":\"b\",\"favouriteColour\":\"green\"}\n",
            "{\"externalId\":\"c\",\"creditLimit\":\"lots\"}\n",
        ),
    );
    let ran = from_root(&["validate", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    let p = process.display();
    for (line, field) in [(2, "favouriteColour"), (3, "creditLimit")] {
        let prefix = format!("host-runner: {p}: input line {line}: APPLICATION_ERROR");
        let problem = ran
            .stderr
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{prefix}\n{}", ran.stderr));
        assert!(problem.contains(field), "{problem}");
    }
    assert!(!ran.stderr.contains("input line 1:"), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("2 of 3 input documents would not pass; nothing was sent"),
        "{}",
        ran.stderr
    );
    account.assert_untouched();
}

#[test]
fn validate_shows_the_first_request_with_credentials_masked() {
    let account = Account::new();
    let process = account.upsert("customer", GOOD);
    let ran = from_root(&["validate", process.to_str().unwrap(), "--show-request"]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    for shown in [
        "<platformMsgs:upsertList>",
        "<listRel:companyName>Acme</listRel:companyName>",
        ">****</platformCore:signature>",
    ] {
        assert!(ran.stdout.contains(shown), "{shown}\n{}", ran.stdout);
    }
    for secret in [CONSUMER_KEY, CONSUMER_SECRET, TOKEN_ID, TOKEN_SECRET] {
        assert!(
            !ran.stdout.contains(secret),
            "{secret} shown: {}",
            ran.stdout
        );
        assert!(
            !ran.stderr.contains(secret),
            "{secret} logged: {}",
            ran.stderr
        );
    }
    assert!(ran.stderr.contains("is valid"), "{}", ran.stderr);
    account.assert_untouched();
}

#[test]
fn validate_speaks_json_in_json_mode() {
    let account = Account::new();
    let process = account.upsert(
        "customer",
        &format!("{GOOD}{{\"externalId\":\"b\",\"favouriteColour\":\"green\"}}\n"),
    );
    let ran = from_root(&[
        "--log-format",
        "json",
        "validate",
        process.to_str().unwrap(),
    ]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    let lines: Vec<serde_json::Value> = ran
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let problem = lines
        .iter()
        .find(|l| l["input"] == 2)
        .unwrap_or_else(|| panic!("{}", ran.stderr));
    assert_eq!(problem["outcome"], "APPLICATION_ERROR", "{problem}");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("favouriteColour"),
        "{problem}"
    );
    let last = lines.last().unwrap();
    assert_eq!(
        (&last["problems"], &last["exit_code"]),
        (&1.into(), &2.into())
    );
    account.assert_untouched();
}

#[test]
fn validate_checks_documents_on_the_embedded_demo_with_its_own_schema() {
    let (dir, process) = process_file(
        "connection = { connector = \"netsuite\" }\ninput = \"in.ndjson\"\n[operation]\naction = \"UPSERT\"\nrecord_type = \"customer\"\n",
    );
    write(
        dir.path(),
        "in.ndjson",
        &format!("{GOOD}{{\"externalId\":\"b\",\"isInactive\":\"maybe\"}}\n"),
    );
    let ran = from_root(&["validate", process.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    let prefix = format!(
        "host-runner: {}: input line 2: APPLICATION_ERROR",
        process.display()
    );
    let problem = ran
        .stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{prefix}\n{}", ran.stderr));
    assert!(problem.contains("isInactive"), "{problem}");
    assert!(
        !ran.stderr.contains("no SuiteTalk schema"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("1 of 2 input documents would not pass"),
        "{}",
        ran.stderr
    );
}
