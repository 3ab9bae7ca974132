//! What one connector instance remembers for all its connections: schema registries, data
//! centers found by discovery, which "no schema" warnings were already logged.
//!
//! Owned by the `NetSuiteConnector` and handed to each connection's `Client` as an
//! `Arc<ConnectorState>`: nothing here is process-wide, so two connector instances (or two
//! tests) never see each other's caches. Loads are keyed: callers of the same key share one
//! load, and different keys (two accounts, two URLs) load in parallel; no lock over the whole
//! map is held across I/O. The on-disk schema cache (shared by processes) lives in
//! `schema::source`; this module only knows where it is.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::schema::source::Entry;

/// The caches of one connector instance.
pub(crate) struct ConnectorState {
    /// Root of the disk cache of downloaded schema sets; `None` disables it.
    pub(crate) schema_cache_root: Option<PathBuf>,
    /// Registries by folder or by (origin, version).
    pub(crate) schemas: Keyed<Entry>,
    /// Webservices domains by (generic origin, account).
    pub(crate) data_centers: Keyed<String>,
    /// The accounts' learned custom fields (`schema::account_fields_cache`).
    pub(crate) account_fields: Keyed<crate::schema::account_fields_cache::Entry>,
    /// Keys whose missing schema was already logged as a warning.
    noticed: Mutex<HashSet<String>>,
    /// Whether a connection was configured yet (for a one-time debug line).
    configured: AtomicBool,
    /// Dry-run mode (`host-runner validate`): requests are built, never sent.
    pub(crate) dry_run: Option<crate::dry_run::DryRun>,
}

impl ConnectorState {
    /// Empty caches, with the disk cache where the environment puts it
    /// ([`crate::schema::source::cache_root`]).
    pub(crate) fn from_env() -> ConnectorState {
        ConnectorState::with_schema_cache(crate::schema::source::cache_root())
    }

    /// Empty caches, with the disk cache at `root` (`None`: no disk cache).
    pub(crate) fn with_schema_cache(root: Option<PathBuf>) -> ConnectorState {
        ConnectorState {
            schema_cache_root: root,
            schemas: Keyed::default(),
            data_centers: Keyed::default(),
            account_fields: Keyed::default(),
            noticed: Mutex::new(HashSet::new()),
            configured: AtomicBool::new(false),
            dry_run: None,
        }
    }

    /// The same caches in dry-run mode (see [`crate::dry_run`]).
    pub(crate) fn in_dry_run(mut self, show_request: bool) -> ConnectorState {
        self.dry_run = Some(crate::dry_run::DryRun::new(show_request));
        self
    }

    /// True the first time it is asked for `key`.
    pub(crate) fn first_notice(&self, key: &str) -> bool {
        lock(&self.noticed).insert(key.to_string())
    }

    /// True the first time it is asked (the first configured connection).
    pub(crate) fn first_connection(&self) -> bool {
        !self.configured.swap(true, Ordering::SeqCst)
    }
}

/// Values by key, each made at most once at a time: a per-key once-cell that may be refilled.
///
/// The map is locked only to find a key's slot; the slot is locked while its value is made, so
/// a second caller of the same key waits for the first load and takes its value, while callers
/// of other keys are not held up.
pub(crate) struct Keyed<V> {
    slots: Mutex<HashMap<String, Arc<Mutex<Option<V>>>>>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<V: Clone> Keyed<V> {
    /// The value of `key`, if one was made (never loads).
    pub(crate) fn peek(&self, key: &str) -> Option<V> {
        let slot = lock(&self.slots).get(key).cloned()?;
        let value = lock(&slot).clone();
        value
    }

    /// The value of `key` if there is one and `fresh` accepts it, else the one `load` makes
    /// (remembered when it succeeds; an error is not, so the next caller loads again).
    pub(crate) fn get_or_load<E>(
        &self,
        key: &str,
        fresh: impl Fn(&V) -> bool,
        load: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let slot = lock(&self.slots)
            .entry(key.to_string())
            .or_default()
            .clone();
        let mut value = lock(&slot);
        if let Some(v) = value.as_ref().filter(|v| fresh(v)) {
            return Ok(v.clone());
        }
        let made = load()?;
        *value = Some(made.clone());
        Ok(made)
    }
}

/// Locks, taking over a lock poisoned by a panic elsewhere (the data stays consistent: every
/// update is a single assignment).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Barrier;
    use std::time::Duration;

    #[test]
    fn one_key_loads_once_and_failures_are_not_remembered() {
        let keyed: Keyed<u32> = Keyed::default();
        assert_eq!(
            keyed.get_or_load("a", |_| true, || Err::<u32, _>("down")),
            Err("down")
        );
        assert_eq!(keyed.get_or_load("a", |_| true, || Ok::<_, ()>(1)), Ok(1));
        assert_eq!(keyed.get_or_load("a", |_| true, || Ok::<_, ()>(2)), Ok(1));
        assert_eq!(keyed.get_or_load("a", |_| false, || Ok::<_, ()>(3)), Ok(3));
    }

    #[test]
    fn concurrent_callers_of_one_key_share_one_load() {
        let keyed: Keyed<u32> = Keyed::default();
        let loads = AtomicUsize::new(0);
        let start = Barrier::new(4);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    start.wait();
                    let v = keyed.get_or_load(
                        "k",
                        |_| true,
                        || {
                            loads.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(50));
                            Ok::<_, ()>(7)
                        },
                    );
                    assert_eq!(v, Ok(7));
                });
            }
        });
        assert_eq!(loads.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn first_notice_and_first_connection_are_per_instance() {
        let a = ConnectorState::with_schema_cache(None);
        let b = ConnectorState::with_schema_cache(None);
        assert!(a.first_notice("k") && !a.first_notice("k"));
        assert!(b.first_notice("k"));
        assert!(a.first_connection() && !a.first_connection());
        assert!(b.first_connection());
    }
}
