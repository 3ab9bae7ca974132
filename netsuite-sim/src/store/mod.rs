//! The in-memory record store of one account: records, searches and their ids, deletions.
//!
//! Placeholder: the records half of the simulator fills this in. The wire half relies only on
//! [`StoreSpec`] and [`AccountStore::seeded`].

use std::time::Duration;

/// How to seed and run one account's store.
#[derive(Clone, Debug)]
pub struct StoreSpec {
    /// Number of customers to seed; the other record types are derived from it
    /// (a few records for 10, millions for 1,000,000).
    pub customers: usize,
    /// Seed of the deterministic generator: the same spec gives the same records.
    pub seed: u64,
    /// How long an unused search id stays valid (NetSuite: 15 minutes).
    pub search_id_ttl: Duration,
}

impl Default for StoreSpec {
    fn default() -> Self {
        StoreSpec { customers: 100, seed: 1, search_id_ttl: Duration::from_secs(15 * 60) }
    }
}

/// One account's data. Shared by all requests of the account (`Send + Sync`, locked inside).
#[derive(Debug, Default)]
pub struct AccountStore {}

impl AccountStore {
    /// A store filled deterministically from `spec`.
    pub fn seeded(_spec: &StoreSpec) -> AccountStore {
        AccountStore {}
    }
}
