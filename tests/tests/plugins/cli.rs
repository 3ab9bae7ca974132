//! The `host-runner` binary: listing connectors and running the harness, with exit codes.

use std::path::Path;
use std::process::{Command, Output};

use crate::support;

fn host_runner(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(support::host_runner_bin());
    for arg in args {
        command.arg(arg);
    }
    command.env_remove("RUST_LOG").env("RUST_BACKTRACE", "0");
    command.output().expect("running host-runner")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn connectors_lists_echo_and_each_failure_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        support::cdylib("echo_connector"),
        dir.path().join("libecho_connector.so"),
    )
    .unwrap();
    std::fs::copy(
        support::fixture("not-a-library.so"),
        dir.path().join("libbroken.so"),
    )
    .unwrap();

    let out = host_runner(&[&"connectors", &dir.path()]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("echo "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("0.1.0") && line.contains("GET,EXECUTE"),
        "{line}"
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("libbroken.so: not a loadable library"),
        "{stderr}"
    );
}

#[test]
fn connectors_defaults_to_the_executable_directory() {
    let out = host_runner(&[&"connectors"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.lines().any(|l| l.starts_with("echo ")), "{stdout}");
}

#[test]
fn connectors_exits_2_when_nothing_loads() {
    let out = host_runner(&[&"connectors", &support::fixture("not-a-library.so")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not-a-library.so: not a loadable library"));
}

#[test]
fn conformance_passes_for_echo() {
    let library = support::echo_copy("cli-conformance");
    let profile = support::fixture("echo.profile.json");
    let out = host_runner(&[&"conformance", &library, &"--profile", &profile]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("PASS ") || l.contains(" passed, ")),
        "{stdout}"
    );
    assert!(stdout.contains("0 failed, 0 skipped"), "{stdout}");
}

#[test]
fn conformance_passes_for_netsuite_on_the_built_in_simulator() {
    let library = support::cdylib("netsuite_connector");
    let profile = support::fixture("netsuite.profile.json");
    let schemas =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd");
    let out = host_runner(&[
        &"conformance",
        &library,
        &"--profile",
        &profile,
        &"--simulator",
        &"--simulator-schemas",
        &schemas,
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("PASS cancel.stops_work"), "{stdout}");
    // A production plugin cannot be made to panic on request: the two panic checks are the
    // only ones skipped (the echo connector passes them).
    assert!(stdout.contains("SKIP panic.contained"), "{stdout}");
    assert!(stdout.contains("0 failed, 2 skipped"), "{stdout}");
}

#[test]
fn conformance_exits_1_when_a_check_fails() {
    let library = support::cdylib("incompatible_connector");
    let profile = support::fixture("echo.profile.json");
    let out = host_runner(&[&"conformance", &library, &"--profile", &profile]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("FAIL load"), "{stdout}");
    assert!(stdout.contains("SKIP new_connector"), "{stdout}");
}

#[test]
fn conformance_exits_2_without_a_usable_profile() {
    let library = support::cdylib("echo_connector");
    let out = host_runner(&[
        &"conformance",
        &library,
        &"--profile",
        &Path::new("/nonexistent.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr)
        .starts_with("host-runner: profile /nonexistent.json: cannot read profile"));
}

#[test]
fn conformance_reports_a_missing_placeholder_value() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.json");
    let echo = std::fs::read_to_string(support::fixture("echo.profile.json")).unwrap();
    std::fs::write(&profile, echo.replace("\"echo: \"", "\"{{PREFIX}}\"")).unwrap();
    let library = support::echo_copy("cli-placeholder");

    let out = host_runner(&[&"conformance", &library, &"--profile", &profile]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("profile placeholder {{PREFIX}} has no value"),
        "{}",
        text(&out.stderr)
    );

    let out = host_runner(&[
        &"conformance",
        &library,
        &"--profile",
        &profile,
        &"--set",
        &"PREFIX=>> ",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}
