//! The cluster database as an operator meets it: `cluster migrate` creates and upgrades the
//! tables, and a database that cannot be used says why in plain words.

mod support;

use support::cluster::{server_url, TestCluster};
use support::host_runner;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn migrate_creates_the_tables_once_and_is_safe_to_run_again() {
    let cluster = TestCluster::empty();
    let first = host_runner(&["cluster", "migrate", "--cluster", &cluster.url]);
    assert!(first.status.success(), "{}", stderr(&first));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("(was 0)"), "{said}");
    let again = host_runner(&["cluster", "migrate", "--cluster", &cluster.url]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("is current"));
    let versions = cluster.query("SELECT count(*) FROM cluster_schema_migrations");
    assert_eq!(versions, vec![host_runner_known_version()]);
}

fn host_runner_known_version() -> String {
    host_runner::cluster::migrate::known().to_string()
}

#[test]
fn a_database_newer_than_this_program_is_refused() {
    let cluster = TestCluster::new();
    cluster.query("INSERT INTO cluster_schema_migrations (version, name) VALUES (9999, 'future')");
    let out = host_runner(&["cluster", "migrate", "--cluster", &cluster.url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("schema version 9999, newer than this host-runner knows"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unreachable_database_and_an_unknown_user_are_told_apart() {
    let out = host_runner(&[
        "cluster",
        "migrate",
        "--cluster",
        "postgresql://postgres:pw-never-shown@127.0.0.1:1/postgres",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("cannot reach the cluster database postgres@127.0.0.1:1/postgres"),
        "{text}"
    );
    assert!(!text.contains("pw-never-shown"), "{text}");

    let url = server_url().replace("postgres@", "no_such_role_hr@");
    let out = host_runner(&["cluster", "migrate", "--cluster", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refused the login"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn results_of_an_unknown_execution_leave_an_earlier_results_file_as_it_was() {
    let cluster = TestCluster::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("results.ndjson");
    std::fs::write(&file, "{\"input\":1,\"outcome\":\"SUCCESS\"}\n").unwrap();
    let out = host_runner(&[
        "results",
        "999",
        "--cluster",
        &cluster.url,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the cluster has no execution 999"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"input\":1,\"outcome\":\"SUCCESS\"}\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no partial file is left behind");
}
