//! Shared fixtures of the end-to-end tests: files in a temporary folder, plans, the
//! simulator with a token whose secrets are files, and reading NDJSON results.

#![allow(dead_code)]

pub mod cluster;
pub mod cluster_runs;
pub mod private_pg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use host_runner::plan::{Overrides, Plan};
use host_runner::progress::ProgressMode;
use netsuite_sim::{AccountConfig, BlockingSimHandle, FaultPlan, Simulator, TokenConfig};
use serde_json::Value;

pub const ACCOUNT: &str = "TSTDRV7654321";
pub const CONSUMER_KEY: &str = "hr-consumer-key";
pub const CONSUMER_SECRET: &str = "hr-consumer-secret-s3cr3t";
pub const TOKEN_ID: &str = "hr-token-id";
pub const TOKEN_SECRET: &str = "hr-token-secret-s3cr3t";

/// The folder of the test executable (`target/<profile>/deps`), where cargo puts the
/// connector cdylibs built as dev-dependencies.
pub fn deps_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.parent().expect("deps folder").to_path_buf()
}

/// The host-runner binary, without the developer's cluster: a `HOST_RUNNER_CLUSTER` in the
/// environment would make every `run` a cluster run (cluster tests pass `--cluster`).
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_host-runner"));
    command.env_remove("HOST_RUNNER_CLUSTER");
    command
}

/// Runs the binary with `args`, connectors from [`deps_dir`], RUST_LOG unset.
pub fn host_runner(args: &[&str]) -> Output {
    binary()
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("host-runner runs")
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// A plan from a process file, with progress off and connectors from [`deps_dir`].
pub fn plan(path: &Path) -> Plan {
    let mut plan =
        Plan::from_process_file(path, &Overrides::default()).expect("a valid process file");
    plan.progress = ProgressMode::Off;
    plan.open.connectors = Some(deps_dir());
    plan
}

/// Every line of an NDJSON file.
pub fn ndjson(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The outcome line of every input by number; panics when an input has two.
pub fn outcomes(lines: &[Value]) -> BTreeMap<u64, Value> {
    let mut map = BTreeMap::new();
    for line in lines.iter().filter(|l| l.get("outcome").is_some()) {
        let input = line["input"].as_u64().expect("input number");
        assert!(
            map.insert(input, line.clone()).is_none(),
            "input {input} has two outcomes"
        );
    }
    map
}

/// A simulator serving [`ACCOUNT`] with the test token.
pub fn sim(limit: u32, latency_ms: u64, customers: usize) -> BlockingSimHandle {
    let mut account = AccountConfig::new(ACCOUNT)
        .with_token(TokenConfig {
            consumer_key: CONSUMER_KEY.into(),
            consumer_secret: CONSUMER_SECRET.into(),
            token_id: TOKEN_ID.into(),
            token_secret: TOKEN_SECRET.into(),
        })
        .with_concurrency_limit(limit)
        .with_customers(customers);
    if latency_ms > 0 {
        account = account.with_faults(FaultPlan {
            latency_ms,
            ..FaultPlan::default()
        });
    }
    Simulator::builder()
        .account(account)
        .start_blocking()
        .expect("simulator starts")
}

/// A connection file for `sim` with token-based authentication; the secrets are files in
/// `dir` (`token_secret` is `token_secret_value`, to test refusals).
pub fn connection_file(
    dir: &Path,
    sim: &BlockingSimHandle,
    max_concurrent: u32,
    token_secret_value: &str,
) -> PathBuf {
    // Relative secret files: they follow the connection file, wherever the host runs from.
    write(dir, "secrets/consumer_secret", CONSUMER_SECRET);
    write(dir, "secrets/token_secret", token_secret_value);
    let text = format!(
        r#"connector = "netsuite"

[settings]
url = "{url}"
version = "2023.2"
account = "{ACCOUNT}"
consumer_key = "{CONSUMER_KEY}"
consumer_secret = {{ file = "secrets/consumer_secret" }}
token_id = "{TOKEN_ID}"
token_secret = {{ file = "secrets/token_secret" }}
data_center_discovery = "always"
max_concurrent_connections = {max_concurrent}
retry_initial_wait_ms = 10
"#,
        url = sim.service_url(netsuite_sim::Version {
            year: 2023,
            release: 2
        }),
    );
    write(dir, "connection.toml", &text)
}

/// NDJSON of GET references to customers 1..=n (cycling through the first 100).
pub fn customer_ids(n: usize) -> String {
    (0..n)
        .map(|i| format!("{{\"internalId\":\"{}\"}}\n", i % 100 + 1))
        .collect()
}

/// Sends `signal` (`TERM`, `INT`, `KILL`, …) to `child` with `kill`.
pub fn kill(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits until `condition` holds (the test's own pacing, not an assertion on time; the bound
/// only turns a hang into a failure).
pub fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(180);
    while !condition() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for `child` to end (bounded, so that a hang fails instead of blocking).
pub fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("host-runner did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
