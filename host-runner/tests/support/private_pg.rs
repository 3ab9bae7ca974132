//! A PostgreSQL server of one test's own, for what the shared server on 127.0.0.1:5432 must
//! not do: ask for a password, or stop and restart while other tests use it.
//!
//! `PrivatePg::start` makes a fresh cluster with `initdb` in a temporary folder, listening on
//! a free loopback port with its socket in that folder, and starts it with `pg_ctl`; dropping
//! it stops the server and removes the folder. initdb and postgres refuse to run as root, so
//! when the tests run as root the server runs as the `postgres` OS user (`runuser`) in a
//! folder that user owns.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::JoinHandle;
use std::time::Duration;

/// The database user of a private server.
pub const USER: &str = "postgres";

/// `host-runner <args>` with no cluster password anywhere but where `env` puts it:
/// HOST_RUNNER_CLUSTER, its password file, PGPASSWORD and PGPASSFILE unset, HOME `home` (a
/// folder without `.pgpass` unless the test writes one), RUST_LOG unset.
pub fn host_runner_without_passwords(args: &[&str], env: &[(&str, &str)], home: &Path) -> Command {
    let mut command = super::binary();
    command
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .env_remove("HOST_RUNNER_CLUSTER")
        .env_remove("HOST_RUNNER_CLUSTER_PASSWORD_FILE")
        .env("HOME", home);
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

/// A running private server. Stopped and removed on drop.
pub struct PrivatePg {
    server: Server,
    password: Option<String>,
    // Dropped after `drop` has stopped the server: the folder goes with everything in it.
    _dir: tempfile::TempDir,
}

/// What it takes to run `pg_ctl` on the server (cloned into background threads).
#[derive(Clone)]
struct Server {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl PrivatePg {
    /// A fresh server; with `password`, it asks every connection for it (scram-sha-256, user
    /// `postgres`), without one it trusts every connection.
    pub fn start(password: Option<&str>) -> PrivatePg {
        let bin = bin_dir();
        let as_postgres = running_as_root();
        // In /tmp, not under TMPDIR: the postgres user must reach it, and a socket path must
        // stay under 108 bytes.
        let dir = tempfile::Builder::new()
            .prefix("hr-pg-")
            .tempdir_in("/tmp")
            .expect("a temporary folder for the private PostgreSQL");
        if as_postgres {
            give_to_postgres(dir.path());
        }
        let mut initdb = vec![
            "-D".to_string(),
            "data".into(),
            "-U".into(),
            USER.into(),
            "-E".into(),
            "UTF8".into(),
            "--locale=C".into(),
            "--no-sync".into(),
            "--no-instructions".into(),
        ];
        let pwfile = dir.path().join("pwfile");
        match password {
            Some(password) => {
                std::fs::write(&pwfile, format!("{password}\n")).expect("the password file");
                if as_postgres {
                    give_to_postgres(&pwfile);
                }
                initdb.push("--auth=scram-sha-256".into());
                initdb.push(format!("--pwfile={}", pwfile.display()));
            }
            None => initdb.push("--auth=trust".into()),
        }
        let mut server = Server {
            bin,
            dir: dir.path().to_path_buf(),
            port: 0,
            as_postgres,
        };
        server
            .run(
                "initdb",
                &initdb.iter().map(String::as_str).collect::<Vec<_>>(),
            )
            .unwrap_or_else(|e| panic!("initdb failed: {e}"));
        let _ = std::fs::remove_file(&pwfile);
        server.configure();
        // A free port can be taken between finding it and the server binding it: try again.
        let mut last = String::new();
        for _ in 0..5 {
            server.port = free_port();
            server.set_port();
            match server.pg_ctl(&["start"]) {
                Ok(()) => {
                    return PrivatePg {
                        server,
                        password: password.map(str::to_string),
                        _dir: dir,
                    }
                }
                Err(e) => last = e,
            }
        }
        panic!("the private PostgreSQL did not start: {last}");
    }

    /// `postgresql://postgres@127.0.0.1:<port>/postgres`, without the password.
    pub fn url(&self) -> String {
        format!(
            "postgresql://{USER}@127.0.0.1:{}/postgres",
            self.server.port
        )
    }

    /// How host-runner names this database in its messages: `postgres@127.0.0.1:<port>/postgres`.
    pub fn described(&self) -> String {
        format!("{USER}@127.0.0.1:{}/postgres", self.server.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// The password it asks for, if any.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// Runs `sql` with psql (with the password); the rows, columns separated by `|`.
    pub fn query(&self, sql: &str) -> Vec<String> {
        let mut psql = Command::new("psql");
        psql.args([&self.url(), "-v", "ON_ERROR_STOP=1", "-tAq", "-c", sql])
            .env_remove("PGPASSFILE");
        match &self.password {
            Some(password) => psql.env("PGPASSWORD", password),
            None => psql.env_remove("PGPASSWORD"),
        };
        let out = psql.output().expect("psql runs");
        assert!(
            out.status.success(),
            "psql {sql:?} on the private PostgreSQL failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Restarts the server (fast: open connections are ended) and waits until it accepts
    /// connections again.
    pub fn restart(&self) {
        self.server
            .pg_ctl(&["restart", "-m", "fast"])
            .unwrap_or_else(|e| panic!("the private PostgreSQL did not restart: {e}"));
    }

    /// Stops the server (fast: open connections are ended); [`start_again`](Self::start_again)
    /// brings it back with its data, on the same port.
    pub fn stop(&self) {
        self.server
            .pg_ctl(&["stop", "-m", "fast"])
            .unwrap_or_else(|e| panic!("the private PostgreSQL did not stop: {e}"));
    }

    /// Starts the server again after [`stop`](Self::stop) and waits until it accepts
    /// connections.
    pub fn start_again(&self) {
        self.server
            .pg_ctl(&["start"])
            .unwrap_or_else(|e| panic!("the private PostgreSQL did not start again: {e}"));
    }

    /// Asks the server to stop once its open sessions end (smart), without waiting:
    /// meanwhile it refuses new connections as "shutting down".
    pub fn begin_shutdown(&self) {
        self.server
            .pg_ctl(&["stop", "-m", "smart", "-W"])
            .unwrap_or_else(|e| panic!("the private PostgreSQL did not take the stop: {e}"));
    }

    /// What `pg_isready` says of the server: 0 accepting connections, 1 rejecting them
    /// (starting or stopping), 2 no answer.
    pub fn ready(&self) -> Option<i32> {
        Command::new(self.server.bin.join("pg_isready"))
            .args(["-q", "-h", "127.0.0.1", "-p", &self.server.port.to_string()])
            .status()
            .ok()
            .and_then(|s| s.code())
    }

    /// Restarts the server from a background thread after `delay`, so that a test can restart
    /// PostgreSQL while a run is going. Join the handle (it panics if the restart failed)
    /// before the server is dropped.
    pub fn restart_in(&self, delay: Duration) -> JoinHandle<()> {
        let server = self.server.clone();
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            server
                .pg_ctl(&["restart", "-m", "fast"])
                .unwrap_or_else(|e| panic!("the private PostgreSQL did not restart: {e}"));
        })
    }

    /// Stops the server from a background thread after `after` and starts it again
    /// `down_for` later: an outage a run must ride out. Join the handle (it panics if either
    /// step failed) before the server is dropped.
    pub fn outage_in(&self, after: Duration, down_for: Duration) -> JoinHandle<()> {
        let server = self.server.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            server
                .pg_ctl(&["stop", "-m", "fast"])
                .unwrap_or_else(|e| panic!("the private PostgreSQL did not stop: {e}"));
            std::thread::sleep(down_for);
            server
                .pg_ctl(&["start"])
                .unwrap_or_else(|e| panic!("the private PostgreSQL did not start again: {e}"));
        })
    }
}

impl Drop for PrivatePg {
    fn drop(&mut self) {
        // Immediate: the data goes with the folder anyway. Fails harmlessly when stopped.
        let _ = self.server.pg_ctl(&["stop", "-m", "immediate"]);
    }
}

impl Server {
    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Settings for a throwaway server: loopback only, its socket in its own folder, no
    /// durability (nothing outlives the test), small memory (several run at once).
    fn configure(&self) {
        let settings = format!(
            "\n# host-runner tests: a private, throwaway server\n\
             listen_addresses = '127.0.0.1'\n\
             unix_socket_directories = '{dir}'\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n\
             shared_buffers = 16MB\n\
             max_connections = 50\n",
            dir = self.dir.display()
        );
        append(&self.data().join("postgresql.conf"), &settings);
    }

    /// The port, as the last `port` line of postgresql.conf (later lines win).
    fn set_port(&self) {
        append(
            &self.data().join("postgresql.conf"),
            &format!("port = {}\n", self.port),
        );
    }

    /// `pg_ctl <args>`, waiting for it to be done.
    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let data = self.data();
        let log = self.dir.join("server.log");
        let mut all = vec![
            "-D",
            data.to_str().expect("a UTF-8 path"),
            "-l",
            log.to_str().expect("a UTF-8 path"),
            "-w",
            "-t",
            "60",
        ];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all).map_err(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!("{e}\nserver log (end):\n{}", tail.join("\n"))
        })
    }

    /// Runs one of PostgreSQL's programs (as the postgres OS user when we are root).
    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        // The folder the postgres user can read (it may not read the test's own).
        let out = command
            .args(args)
            .current_dir(&self.dir)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", path.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} {args:?} exited with {}: {}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

/// PostgreSQL's programs: `HOST_RUNNER_TEST_PG_BIN`, else the newest
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout), else the PATH.
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HOST_RUNNER_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_default()
}

/// The owner of `/proc/self` is the user this process runs as.
fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn give_to_postgres(path: &Path) {
    let out = Command::new("chown")
        .arg("postgres:")
        .arg(path)
        .output()
        .expect("chown runs");
    assert!(
        out.status.success(),
        "cannot give {} to the postgres OS user (the private PostgreSQL runs as it, since \
         PostgreSQL refuses root): {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    file.write_all(text.as_bytes())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
