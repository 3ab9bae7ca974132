//! The runtime cluster: several host-runner processes share work and each account's
//! concurrency budget through PostgreSQL (ARCHITECTURE.md, "Cluster").
//!
//! - [`target`]: where the cluster database is and how its password is found (never logged);
//! - [`database`]: the connection pool and the LISTEN connection, with errors in plain words;
//! - [`migrate`]: the versioned schema, applied by `host-runner cluster migrate` and checked by
//!   every process that joins;
//! - [`budget`]: permits per pool key shared by every node, as leases woken by NOTIFY;
//! - [`nodes`]: a process's membership: its row, its heartbeat, and what "alive" means.
//!
//! Everything a node holds (permits, batches) is held through its node row: one heartbeat
//! renews all of it, and a node that stops renewing loses all of it after its lease.

pub mod budget;
pub mod database;
pub mod error;
pub mod migrate;
pub mod nodes;
pub mod target;
pub mod work;

pub use database::Database;
pub use error::ClusterError;
pub use nodes::{Node, NodeKind, NodeSpec};
pub use target::{ClusterTarget, PasswordSource};

/// How long a node's holdings outlive its last heartbeat, unless configured: 10 s.
pub const DEFAULT_LEASE: std::time::Duration = std::time::Duration::from_secs(10);
