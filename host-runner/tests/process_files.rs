//! Process files with mistakes: each problem reported with its file, line, column and field
//! — the host's own checks, and the connector's field-level errors mapped back to the line
//! of their key. The binary exits 2 and prints them on stderr.

mod support;

use host_runner::plan::{Overrides, Plan};
use host_runner::{run, RunControl, RunError};
use support::*;

fn config_problems(result: Result<impl std::fmt::Debug, RunError>) -> Vec<String> {
    match result {
        Err(RunError::Config(problems)) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected configuration problems, got {other:?}"),
    }
}

#[test]
fn connector_errors_in_an_inline_connection_point_at_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        r#"# A process whose connection has two mistakes the connector finds.
connection = { connector = "netsuite", settings = { account = "12 34", max_concurrent_connections = 0, version = "2023.2" } }

[operation]
action = "GET"
record_type = "customer"
"#,
    );
    let mut problems = config_problems(run(&plan(&process), &RunControl::new()));
    problems.sort();
    let p = process.display();
    assert!(
        problems
            .iter()
            .any(|s| s.starts_with(&format!("{p}:2:"))
                && s.contains(": connection.settings.account: ")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|s| s.starts_with(&format!("{p}:2:"))
            && s.contains(": connection.settings.max_concurrent_connections: must be at least 1")),
        "{problems:?}"
    );
}

#[test]
fn connector_errors_in_the_operation_point_at_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        r#"connection = { connector = "netsuite" }

[operation]
action = "GET"
record_type = "customer"
recrod_type = "customer"
"#,
    );
    let problems = config_problems(run(&plan(&process), &RunControl::new()));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!(
            "{}:6:1: operation.recrod_type: unknown setting",
            process.display()
        )),
        "{problems:?}"
    );
}

#[test]
fn an_unknown_action_points_at_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"netsuite\" }\n\n[operation]\naction = \"FETCH\"\n",
    );
    let problems = config_problems(run(&plan(&process), &RunControl::new()));
    assert!(
        problems[0].starts_with(&format!(
            "{}:4:1: operation.action: `FETCH` is not supported",
            process.display()
        )),
        "{problems:?}"
    );
}

#[test]
fn host_mistakes_are_found_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "connection = \"conn.toml\"\n[operation]\naction = \"GET\"\n[flow]\nunits = 100\n",
    );
    write(dir.path(), "conn.toml", "connector = \"netsuite\"\n");
    let problems = config_problems(Plan::from_process_file(&process, &Overrides::default()));
    assert_eq!(
        problems,
        [format!(
            "{}:5:9: flow.units: must be between 1 and 64, found 100",
            process.display()
        )]
    );

    let connection = write(
        dir.path(),
        "conn.toml",
        "connector = \"netsuite\"\nsetings = {}\n",
    );
    let problems = config_problems(Plan::from_process_file(&process, &Overrides::default()));
    assert!(
        problems[0].starts_with(&format!(
            "{}:2:1: setings: unknown key `setings`; did you mean `settings`?",
            connection.display()
        )),
        "{problems:?}"
    );
}

#[test]
fn the_binary_prints_each_problem_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let process = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"netsuite\" }\noutput = 42\n[operation]\naction = \"GET\"\n",
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "host-runner: {}:2:10: output: expected a text in quotes, found the number 42",
            process.display()
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_process_file_exits_2() {
    let out = host_runner(&["run", "/nonexistent/process.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("host-runner: /nonexistent/process.toml: no such file"),
        "{stderr}"
    );
}
