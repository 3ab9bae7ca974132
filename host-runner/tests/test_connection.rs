//! `host-runner test-connection`: each step with its outcome and duration; on failure what
//! is wrong in the user's words; exit codes 0 (passed), 1 (a step failed), 2 (the connection
//! file has mistakes).

mod support;

use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn passes_against_the_embedded_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "demo.toml", "connector = \"netsuite\"\n");
    let deps = deps_dir();
    let out = host_runner(&[
        "test-connection",
        file.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("embedded NetSuite simulator"), "{stdout}");
    assert!(
        stdout.contains("PASS  discover data center (getDataCenterUrls)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("PASS  authenticate (getServerTime)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" ms  "),
        "each step shows its duration: {stdout}"
    );
    assert!(
        stdout.contains("Connection OK: account TSTDRV1234567"),
        "{stdout}"
    );
}

#[test]
fn passes_against_a_configured_account() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    let file = connection_file(dir.path(), &sim, 1, TOKEN_SECRET);
    let deps = deps_dir();
    let out = host_runner(&[
        "test-connection",
        file.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("embedded"), "{stdout}");
    assert!(
        stdout.contains(&format!("Connection OK: account {ACCOUNT}")),
        "{stdout}"
    );
    assert_eq!(sim.counters().operation("getServerTime"), 1);
}

#[test]
fn wrong_credentials_fail_with_the_reason_and_exit_1() {
    let sim = sim(5, 0, 10);
    let dir = tempfile::tempdir().unwrap();
    let file = connection_file(dir.path(), &sim, 1, "not-the-token-secret");
    let deps = deps_dir();
    let out = host_runner(&[
        "test-connection",
        file.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("PASS  discover data center"), "{stdout}");
    assert!(
        stdout.contains("FAIL  authenticate (getServerTime)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Connection FAILED at \"authenticate (getServerTime)\": wrong credentials"),
        "{stdout}"
    );
    for secret in ["not-the-token-secret", CONSUMER_SECRET, TOKEN_SECRET] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "a secret leaked"
        );
    }
}

#[test]
fn an_unreachable_host_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let file = write(
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
number_of_retries = 0
"#
        ),
    );
    let deps = deps_dir();
    let out = binary()
        .args([
            "test-connection",
            file.to_str().unwrap(),
            "--connectors",
            deps.to_str().unwrap(),
        ])
        .env("HR_TEST_SECRET", "s3cr3t-value")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("SKIP  discover data center"), "{stdout}");
    assert!(
        stdout.contains("FAIL  authenticate (getServerTime)"),
        "{stdout}"
    );
    assert!(stdout.contains("host unreachable"), "{stdout}");
    assert!(!stdout.contains("s3cr3t-value"));
}

#[test]
fn mistakes_in_the_connection_file_exit_2_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "bad.toml",
        "connector = \"netsuite\"\n\n[settings]\naccount = \"1234567\"\nconsumer_key = \"ck\"\nconsumer_secret = { env = \"HR_SURELY_UNSET_VARIABLE\" }\ntoken_id = \"tid\"\ntoken_secret = { env = \"HR_SURELY_UNSET_VARIABLE\" }\nmax_concurent_connections = 3\n",
    );
    let deps = deps_dir();
    let out = host_runner(&[
        "test-connection",
        file.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "host-runner: {}:9:1: settings.max_concurent_connections: unknown setting",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn https_with_an_extra_root_certificate() {
    let account = netsuite_sim::AccountConfig::new(ACCOUNT).with_token(netsuite_sim::TokenConfig {
        consumer_key: CONSUMER_KEY.into(),
        consumer_secret: CONSUMER_SECRET.into(),
        token_id: TOKEN_ID.into(),
        token_secret: TOKEN_SECRET.into(),
    });
    let sim = netsuite_sim::Simulator::builder()
        .account(account)
        .tls(true)
        .start_blocking()
        .expect("simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let file = connection_file(dir.path(), &sim, 1, TOKEN_SECRET);
    let pem = write(dir.path(), "sim.pem", sim.certificate_pem().unwrap());
    let deps = deps_dir();
    let args = [
        "test-connection",
        file.to_str().unwrap(),
        "--connectors",
        deps.to_str().unwrap(),
    ];

    // Without the simulator's certificate, TLS fails and says so.
    let out = host_runner(&args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL  discover data center"), "{stdout}");

    let mut with_root = args.to_vec();
    with_root.extend(["--ca-cert", pem.to_str().unwrap()]);
    let out = host_runner(&with_root);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("requests go to https://"), "{stdout}");
}
