//! The command line: help for every command and option, the execution log as text and JSON
//! without secrets, browse, and the exit codes.

mod support;

use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let out = host_runner(&["--help"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for word in [
        "run",
        "test-connection",
        "browse",
        "connectors",
        "conformance",
        "--log-format",
        "--log-level",
        "130",
    ] {
        assert!(stdout.contains(word), "--help lacks {word}: {stdout}");
    }
}

#[test]
fn each_command_explains_every_option() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "run",
            &[
                "--units",
                "--batch-size",
                "--individually",
                "--input",
                "--output",
                "--failed",
                "--connectors",
                "--progress",
                "--progress-interval",
                "--log-format",
                "--log-level",
                "--cluster",
                "--lease-seconds",
            ],
        ),
        (
            "test-connection",
            &[
                "--connectors",
                "--timeout",
                "--ca-cert",
                "--allow-plain-http",
            ],
        ),
        (
            "browse",
            &[
                "--action",
                "--object-type",
                "--json",
                "--connectors",
                "--timeout",
            ],
        ),
    ];
    for (command, options) in cases {
        let out = host_runner(&[command, "--help"]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{command}");
        for option in options {
            let line = stdout
                .lines()
                .position(|l| {
                    let l = l.trim_start();
                    l.starts_with(option)
                        || (l.starts_with('-') && l.contains(&format!(", {option}")))
                })
                .unwrap_or_else(|| panic!("{command} --help lacks {option}:\n{stdout}"));
            let explained = stdout.lines().nth(line + 1).unwrap_or("").trim();
            assert!(
                !explained.is_empty(),
                "{command} {option} is not explained:\n{stdout}"
            );
        }
    }
}

#[test]
fn bad_option_values_exit_2() {
    let out = host_runner(&["run", "x.toml", "--units", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = host_runner(&["run", "x.toml", "--log-level", "info,=x=y"]);
    assert_eq!(out.status.code(), Some(2));
}

fn query_process(
    dir: &std::path::Path,
    sim: &netsuite_sim::BlockingSimHandle,
) -> std::path::PathBuf {
    let connection = connection_file(dir, sim, 1, TOKEN_SECRET);
    write(
        dir,
        "q.toml",
        &format!(
            "connection = \"{}\"\noutput = \"out.ndjson\"\n[operation]\naction = \"QUERY\"\nrecord_type = \"customer\"\n",
            connection.display()
        ),
    )
}

#[test]
fn the_execution_log_is_json_with_log_format_json_and_never_shows_a_secret() {
    let sim = sim(5, 0, 20);
    let dir = tempfile::tempdir().unwrap();
    let process = query_process(dir.path(), &sim);
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
        "--log-format",
        "json",
        "--log-level",
        "debug",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let requests: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .filter(|v: &serde_json::Value| v["target"] == "netsuite_connector::request")
        .collect();
    let search = requests
        .iter()
        .find(|r| r["operation"] == "search")
        .unwrap_or_else(|| panic!("no search request in {stderr}"));
    assert_eq!(search["record_type"], "customer");
    assert_eq!(search["attempt"], 1);
    assert!(search["ns_id"]
        .as_str()
        .unwrap()
        .starts_with("WEBSERVICES_"));
    assert!(search["duration_ms"].is_u64());
    assert!(search["time"].is_string());
    for secret in [CONSUMER_SECRET, TOKEN_SECRET] {
        assert!(!stderr.contains(secret), "a secret appears in the log");
    }
}

#[test]
fn the_execution_log_is_readable_text_by_default() {
    let sim = sim(5, 0, 20);
    let dir = tempfile::tempdir().unwrap();
    let process = query_process(dir.path(), &sim);
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains(" request search "))
        .unwrap_or_else(|| panic!("no request line: {stderr}"));
    assert!(line.contains("record_type=customer"), "{line}");
    assert!(line.contains("attempt=1"), "{line}");
    assert!(line.contains("ns_id=WEBSERVICES_"), "{line}");
    assert!(line.ends_with(" ok"), "{line}");
    assert!(stderr.contains("1 input document: 1 SUCCESS"), "{stderr}");
    assert!(stderr.contains("20 output documents"), "{stderr}");
    assert!(stderr.contains("documents/s"), "{stderr}");
}

fn shared_schema_folder() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd/2023_2")
}

#[test]
fn browse_lists_object_types_and_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "demo.toml",
        &format!(
            "connector = \"netsuite\"\n[settings]\nversion = \"2023.2\"\nschema_folder = \"{}\"\n",
            shared_schema_folder().display()
        ),
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "browse",
        file.to_str().unwrap(),
        "--action",
        "QUERY",
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.lines().any(|l| l.starts_with("customer ")),
        "{stdout}"
    );

    let out = host_runner(&[
        "browse",
        file.to_str().unwrap(),
        "--action",
        "upsert",
        "--object-type",
        "customer",
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let profile: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON profile");
    assert!(
        profile.get("input").is_some() && profile.get("output").is_some(),
        "{stdout}"
    );
}

#[test]
fn browse_says_why_it_cannot_answer_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    // The demo serves a schema of its own; a simulator serving an empty schema folder has
    // none to give, so browse has nothing to answer from.
    std::fs::create_dir(dir.path().join("no-schemas")).unwrap();
    let file = write(
        dir.path(),
        "demo.toml",
        "connector = \"netsuite\"\n[simulator]\nschema_folder = \"no-schemas\"\n",
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "browse",
        file.to_str().unwrap(),
        "--action",
        "QUERY",
        "--object-type",
        "customer",
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("host-runner: browse failed: "), "{stderr}");
}

#[test]
fn the_execution_log_names_the_application_id_with_user_credentials() {
    let mut account = netsuite_sim::AccountConfig::new(ACCOUNT)
        .with_user(netsuite_sim::UserConfig {
            email: "hr@example.com".into(),
            password: "hr-password-s3cr3t".into(),
            role: "3".into(),
        })
        .with_customers(5);
    account.application_ids.push("HR-APPLICATION-ID".into());
    let sim = netsuite_sim::Simulator::builder()
        .account(account)
        .start_blocking()
        .expect("simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let password = write(dir.path(), "password", "hr-password-s3cr3t");
    let process = write(
        dir.path(),
        "time.toml",
        &format!(
            r#"output = "out.ndjson"

[connection]
connector = "netsuite"

[connection.settings]
url = "{}"
version = "2019.2"
account = "{ACCOUNT}"
user = "hr@example.com"
password = {{ file = "{}" }}
role = "3"
application_id = "HR-APPLICATION-ID"
data_center_discovery = "always"

[operation]
action = "EXECUTE"
function = "getServerTime"
"#,
            sim.service_url(netsuite_sim::Version {
                year: 2019,
                release: 2
            }),
            password.display()
        ),
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains(" request getServerTime "))
        .unwrap_or_else(|| panic!("no request line: {stderr}"));
    assert!(line.contains("application_id=HR-APPLICATION-ID"), "{line}");
    assert!(
        !stderr.contains("hr-password-s3cr3t"),
        "the password appears in the log"
    );
}

#[test]
fn long_runs_print_plain_progress_lines_when_not_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ids.ndjson", &customer_ids(30));
    let process = write(
        dir.path(),
        "slow.toml",
        r#"connection = { connector = "netsuite", simulator = { latency_ms = 100 } }
input = "ids.ndjson"
output = "out.ndjson"

[operation]
action = "GET"
record_type = "customer"

[flow]
individually = true
"#,
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "run",
        process.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
        "--progress-interval",
        "1",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("host-runner: progress: "))
        .unwrap_or_else(|| panic!("no progress line: {stderr}"));
    assert!(line.contains("documents/s"), "{line}");
    assert!(line.contains("% of the input, ETA "), "{line}");
}
