//! No secret reaches a log line, an error or the output, whatever the log level: every example
//! process run with `--log-level trace` in text and JSON, and a connection test that fails.

use std::path::Path;
use std::process::Command;

use crate::support;

/// The embedded simulator's demo token secrets (the values the host writes to its private
/// secret files and the connector signs with).
const DEMO_SECRETS: [&str; 2] = ["demo-consumer-secret", "demo-token-secret"];

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(support::host_runner_bin())
        .args(args)
        .arg("--connectors")
        .arg(support::cdylib("netsuite_connector"))
        .current_dir(examples())
        .env_remove("RUST_LOG")
        .output()
        .expect("running host-runner");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn no_secret_in_any_log_line_at_trace_level() {
    for process in [
        "server-time.toml",
        "query-customers.toml",
        "get-customers.toml",
        "upsert-customers.toml",
    ] {
        for format in ["text", "json"] {
            let (code, text) = run(&[
                "run",
                process,
                "--log-level",
                "trace",
                "--log-format",
                format,
                "--progress",
                "off",
                "-o",
                "-",
            ]);
            assert_eq!(
                code,
                Some(0),
                "{process} ({format}):\n{}",
                &text[text.len().saturating_sub(3000)..]
            );
            assert!(
                text.contains("request"),
                "{process}: the execution log is there"
            );
            for secret in DEMO_SECRETS {
                assert!(
                    !text.contains(secret),
                    "{process} ({format}) printed a secret"
                );
            }
        }
    }
}
