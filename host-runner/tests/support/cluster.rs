//! A throwaway cluster for one test: its own schema in the local PostgreSQL (127.0.0.1:5432,
//! user postgres, or `HOST_RUNNER_TEST_PG`), migrated, and dropped with everything in it when
//! the test ends. Tests in parallel each have their own schema, so they never see each
//! other's nodes, permits or executions (notification channels carry the schema too).

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// The server tests use, without a schema.
pub fn server_url() -> String {
    std::env::var("HOST_RUNNER_TEST_PG")
        .unwrap_or_else(|_| "postgresql://postgres@127.0.0.1:5432/postgres".into())
}

/// One test's cluster.
pub struct TestCluster {
    /// The schema holding its tables.
    pub schema: String,
    /// The URL to give `--cluster` (the schema on the search path).
    pub url: String,
}

impl TestCluster {
    /// A new empty schema (not migrated).
    pub fn empty() -> TestCluster {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let schema = format!(
            "hr_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let cluster = TestCluster {
            url: format!("{}?options=-csearch_path%3D{schema}", server_url()),
            schema,
        };
        cluster.psql(&format!("CREATE SCHEMA {}", cluster.schema));
        cluster
    }

    /// A new schema with the cluster's tables (`host-runner cluster migrate`).
    pub fn new() -> TestCluster {
        let cluster = TestCluster::empty();
        let out = super::host_runner(&["cluster", "migrate", "--cluster", &cluster.url]);
        assert!(
            out.status.success(),
            "cluster migrate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster
    }

    /// Runs `sql` in the cluster's schema; the rows, columns separated by `|`.
    pub fn query(&self, sql: &str) -> Vec<String> {
        let text = self.psql(&format!("SET search_path TO {}; {sql}", self.schema));
        text.lines()
            .filter(|l| *l != "SET")
            .map(str::to_string)
            .collect()
    }

    fn psql(&self, sql: &str) -> String {
        let out = Command::new("psql")
            .args([&server_url(), "-v", "ON_ERROR_STOP=1", "-tAq", "-c", sql])
            .output()
            .expect(
                "psql runs (PostgreSQL's client; the tests need PostgreSQL on 127.0.0.1:5432: \
                 pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)",
            );
        assert!(
            out.status.success(),
            "psql {sql:?} failed (is PostgreSQL running on 127.0.0.1:5432?): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([
                &server_url(),
                "-tAq",
                "-c",
                &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema),
            ])
            .output();
    }
}
