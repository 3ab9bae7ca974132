//! Logging in to a cluster database that asks for a password, and one that goes away: each
//! test has a PostgreSQL server of its own (`support::private_pg`), since the shared one
//! trusts every connection and must not be stopped.
//!
//! A password is given by reference (a file, an environment variable, PGPASSWORD or a
//! PGPASSFILE); a refused login names the database as `postgres@127.0.0.1:<port>/postgres`
//! and never shows a password, right or wrong.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use support::cluster_runs::Guard;
use support::private_pg::{host_runner_without_passwords, PrivatePg};

const RIGHT: &str = "right-Pw-7hQ2xK";
const WRONG: &str = "wrong-Pw-9zX4mB";

/// `host-runner cluster migrate --cluster <url> <extra>` with no password anywhere but where
/// `env` puts it (HOME a folder without `.pgpass` unless the test writes one).
fn migrate(url: &str, extra: &[&str], env: &[(&str, &str)], home: &Path) -> Output {
    let mut args = vec!["cluster", "migrate", "--cluster", url];
    args.extend(extra);
    host_runner_without_passwords(&args, env, home)
        .output()
        .expect("host-runner runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit 2, a message naming the database, and neither password anywhere in the output.
fn assert_refused(out: &Output, pg: &PrivatePg) -> String {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "the cluster database {} refused the login",
            pg.described()
        )),
        "{text}"
    );
    for secret in [RIGHT, WRONG] {
        assert!(!text.contains(secret), "a password shows: {text}");
        assert!(!stdout(out).contains(secret), "a password shows: {text}");
    }
    text
}

/// Exit 2 and a message saying the database named cannot be reached; the message.
fn assert_unreachable(out: &Output, pg: &PrivatePg) -> String {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "cannot reach the cluster database {}",
            pg.described()
        )),
        "{text}"
    );
    text
}

#[test]
fn a_wrong_password_is_refused_naming_the_database_and_never_the_password() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();

    let from_env = migrate(
        &pg.url(),
        &["--cluster-password-env", "HR_TEST_CLUSTER_PW"],
        &[("HR_TEST_CLUSTER_PW", WRONG)],
        home.path(),
    );
    let text = assert_refused(&from_env, &pg);
    assert!(text.contains("password authentication failed"), "{text}");

    let file = support::write(home.path(), "cluster-password", WRONG);
    let from_file = migrate(
        &pg.url(),
        &["--cluster-password-file", file.to_str().unwrap()],
        &[],
        home.path(),
    );
    assert_refused(&from_file, &pg);

    // In the URL itself (allowed, with a warning): still never shown.
    let in_url = pg.url().replace("postgres@", &format!("postgres:{WRONG}@"));
    let from_url = migrate(&in_url, &[], &[], home.path());
    let text = assert_refused(&from_url, &pg);
    assert!(
        text.contains("the cluster URL carries a password"),
        "{text}"
    );

    assert_eq!(
        pg.query("SELECT to_regclass('cluster_nodes') IS NULL"),
        ["t"]
    );
}

#[test]
fn no_password_for_a_server_that_asks_for_one_says_how_to_give_one() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();
    let out = migrate(&pg.url(), &[], &[], home.path());
    let text = assert_refused(&out, &pg);
    assert!(
        text.contains("asks for a password and none was given")
            && text.contains("--cluster-password-file")
            && text.contains("--cluster-password-env")
            && text.contains("PGPASSFILE"),
        "{text}"
    );

    // An empty PGPASSWORD is no password, as libpq reads it.
    let out = migrate(&pg.url(), &[], &[("PGPASSWORD", "")], home.path());
    let text = assert_refused(&out, &pg);
    assert!(text.contains("none was given"), "{text}");
}

#[test]
fn the_right_password_is_found_from_each_kind_of_reference() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();

    let file = support::write(home.path(), "cluster-password", &format!("{RIGHT}\n"));
    let out = migrate(
        &pg.url(),
        &["--cluster-password-file", file.to_str().unwrap()],
        &[],
        home.path(),
    );
    assert!(out.status.success(), "password file: {}", stderr(&out));
    assert!(stdout(&out).contains("(was 0)"), "{}", stdout(&out));

    let out = migrate(
        &pg.url(),
        &["--cluster-password-env", "HR_TEST_CLUSTER_PW"],
        &[("HR_TEST_CLUSTER_PW", RIGHT)],
        home.path(),
    );
    assert!(out.status.success(), "password variable: {}", stderr(&out));
    assert!(stdout(&out).contains("is current"), "{}", stdout(&out));

    let out = migrate(&pg.url(), &[], &[("PGPASSWORD", RIGHT)], home.path());
    assert!(out.status.success(), "PGPASSWORD: {}", stderr(&out));

    // libpq's password file: the first line that matches wins, `*` matches anything.
    let pgpass = support::write(
        home.path(),
        "pgpass",
        &format!(
            "# the cluster\n\
             127.0.0.1:{port}:otherdb:postgres:{WRONG}\n\
             127.0.0.1:{port}:*:postgres:{RIGHT}\n\
             *:*:*:*:{WRONG}\n",
            port = pg.port()
        ),
    );
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = migrate(
        &pg.url(),
        &[],
        &[("PGPASSFILE", pgpass.to_str().unwrap())],
        home.path(),
    );
    assert!(out.status.success(), "PGPASSFILE: {}", stderr(&out));

    // ~/.pgpass when PGPASSFILE is not set.
    std::fs::rename(&pgpass, home.path().join(".pgpass")).unwrap();
    let out = migrate(&pg.url(), &[], &[], home.path());
    assert!(out.status.success(), "~/.pgpass: {}", stderr(&out));

    assert!(!stderr(&out).contains(RIGHT) && !stdout(&out).contains(RIGHT));
    assert_eq!(
        pg.query("SELECT count(*) FROM cluster_schema_migrations"),
        [host_runner::cluster::migrate::known().to_string()]
    );
}

#[test]
fn a_password_file_others_can_read_is_ignored_as_libpq_does() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();
    let pgpass = support::write(home.path(), "pgpass", &format!("*:*:*:*:{RIGHT}\n"));
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = migrate(
        &pg.url(),
        &[],
        &[("PGPASSFILE", pgpass.to_str().unwrap())],
        home.path(),
    );
    let text = assert_refused(&out, &pg);
    assert!(
        text.contains("group or world access") && text.contains("none was given"),
        "{text}"
    );
}

#[test]
fn a_stopped_server_cannot_be_reached() {
    let pg = PrivatePg::start(Some(RIGHT));
    let home = tempfile::tempdir().unwrap();
    pg.stop();
    let out = migrate(&pg.url(), &[], &[("PGPASSWORD", RIGHT)], home.path());
    let text = assert_unreachable(&out, &pg);
    assert!(!text.contains(RIGHT), "{text}");

    // Back with its data, on the same port.
    pg.start_again();
    let out = migrate(&pg.url(), &[], &[("PGPASSWORD", RIGHT)], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_server_shutting_down_is_not_a_refused_login() {
    let pg = PrivatePg::start(None);
    let home = tempfile::tempdir().unwrap();
    // An open session keeps a smart shutdown waiting: meanwhile new connections are refused.
    let _session = Guard(
        std::process::Command::new("psql")
            .args([&pg.url(), "-tAq", "-c", "SELECT pg_sleep(120)"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("psql runs"),
    );
    support::wait_for("the session to start", || {
        pg.query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()")
            == ["1"]
    });
    pg.begin_shutdown();
    support::wait_for("the server to refuse connections", || pg.ready() == Some(1));

    let out = migrate(&pg.url(), &[], &[], home.path());
    let text = assert_unreachable(&out, &pg);
    assert!(
        text.contains(&format!(
            "cannot reach the cluster database {}: the database system is shutting down",
            pg.described()
        )),
        "{text}"
    );
}

#[test]
fn the_schema_survives_restarts_between_commands() {
    let pg = PrivatePg::start(None);
    let home = tempfile::tempdir().unwrap();
    let out = migrate(&pg.url(), &[], &[], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(was 0)"), "{}", stdout(&out));
    let version = host_runner::cluster::migrate::known();

    pg.restart();
    let out = migrate(&pg.url(), &[], &[], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("schema version {version} is current")),
        "{}",
        stdout(&out)
    );

    // A restart from the background (what tests of long runs use) is a real restart too.
    let started = pg.query("SELECT pg_postmaster_start_time()");
    pg.restart_in(std::time::Duration::ZERO)
        .join()
        .expect("the restart");
    assert_ne!(pg.query("SELECT pg_postmaster_start_time()"), started);
    let out = migrate(&pg.url(), &[], &[], home.path());
    assert!(stdout(&out).contains("is current"), "{}", stderr(&out));
    assert_eq!(
        pg.query("SELECT max(version) FROM cluster_schema_migrations"),
        [version.to_string()]
    );
}
