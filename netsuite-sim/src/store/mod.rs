//! The in-memory record store of one account: records, searches and their ids, deletions.
//!
//! Seeded records are generated on read from the spec ([`seed`]); only records written since
//! (added, updated, deleted) take memory. Reads share a `RwLock`; writes take it exclusively.
//! Internal ids are unique across the whole store: each [`Family`] owns a range of them.
//!
//! The wire half relies only on [`StoreSpec`] and [`AccountStore::seeded`]; everything else here
//! is for the record operations in `ops`.

pub mod customization;
pub(crate) mod dates;
pub(crate) mod elem;
pub(crate) mod jobs;
pub(crate) mod record;
pub(crate) mod saved;
pub(crate) mod schema_table;
pub(crate) mod search;
pub(crate) mod seed;
pub(crate) mod seed_lists;
pub(crate) mod write;
pub(crate) mod xml;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use time::OffsetDateTime;

use record::{Family, Record, RecordKind};
pub use seed::SeedCounts;
use seed::Seeder;

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
    /// How long an async job takes from submission to finished.
    pub async_job_delay: Duration,
    /// Async jobs with a record whose externalId starts with this fail as a whole.
    pub async_job_fail_prefix: Option<String>,
}

impl Default for StoreSpec {
    fn default() -> Self {
        StoreSpec {
            customers: 100,
            seed: 1,
            search_id_ttl: Duration::from_secs(15 * 60),
            async_job_delay: Duration::from_millis(100),
            async_job_fail_prefix: None,
        }
    }
}

/// One account's data. Shared by all requests of the account (`Send + Sync`, locked inside).
#[derive(Debug)]
pub struct AccountStore {
    seeder: Seeder,
    search_id_ttl: Duration,
    data: RwLock<Data>,
    searches: Mutex<HashMap<String, search::SearchState>>,
    search_counter: AtomicU64,
    /// Async jobs by job id.
    pub(crate) jobs: jobs::Jobs,
    /// Custom fields added at run time (`customization`).
    custom_fields: Mutex<Vec<customization::CustomField>>,
    /// True when the role may not read customizations (`customization`).
    customization_denied: std::sync::atomic::AtomicBool,
}

impl Default for AccountStore {
    fn default() -> Self {
        AccountStore::seeded(&StoreSpec::default())
    }
}

/// One entry of the deleted-records log (`getDeleted`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Deleted {
    pub kind: RecordKind,
    pub internal_id: u64,
    pub external_id: Option<Box<str>>,
    pub name: Option<Box<str>>,
    pub when: OffsetDateTime,
}

/// The mutable part of the store.
#[derive(Debug, Default)]
struct Data {
    /// Written records by internal id; `None` marks a deleted seeded record.
    overrides: HashMap<u64, Option<Arc<Record>>>,
    /// Ids added after seeding, per family, in creation order.
    added: [Vec<u64>; 7],
    /// The last id allocated per family.
    last_id: [u64; 7],
    /// External ids of written records.
    external: HashMap<(Family, Box<str>), u64>,
    /// External ids of seeded records that no longer hold them (changed or deleted).
    external_released: HashMap<(Family, Box<str>), ()>,
    deleted: Vec<Deleted>,
    /// (attached to, attached) pairs from `attach`.
    attachments: Vec<(u64, u64)>,
    /// Ids of written records by family and email address (ASCII lower case), so that
    /// duplicate detection does not scan every written record.
    emails: HashMap<(Family, Box<str>), BTreeSet<u64>>,
}

/// The key of [`Data::emails`] for a record, if it has an email address.
fn email_key(record: &Record) -> Option<(Family, Box<str>)> {
    let email = record.text("email").filter(|e| !e.is_empty())?;
    Some((record.kind.family(), email.to_ascii_lowercase().into()))
}

impl Data {
    /// Forgets the email address of the written record with this id, if any.
    fn unindex_email(&mut self, id: u64) {
        let Some(Some(old)) = self.overrides.get(&id) else {
            return;
        };
        if let Some(key) = email_key(old) {
            if let Some(ids) = self.emails.get_mut(&key) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.emails.remove(&key);
                }
            }
        }
    }
}

impl AccountStore {
    /// A store filled deterministically from `spec`.
    pub fn seeded(spec: &StoreSpec) -> AccountStore {
        let counts = SeedCounts::from_spec(spec);
        let mut data = Data::default();
        for family in Family::ALL {
            data.last_id[family as usize] = family.id_base() + counts.family(family);
        }
        AccountStore {
            seeder: Seeder {
                seed: spec.seed,
                counts,
            },
            search_id_ttl: spec.search_id_ttl,
            data: RwLock::new(data),
            searches: Mutex::new(HashMap::new()),
            search_counter: AtomicU64::new(0),
            jobs: jobs::Jobs::new(
                spec.seed,
                spec.async_job_delay,
                spec.async_job_fail_prefix.clone(),
            ),
            custom_fields: Mutex::new(Vec::new()),
            customization_denied: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// How many records of each kind were seeded.
    pub fn counts(&self) -> SeedCounts {
        self.seeder.counts
    }

    /// Writes the customers with internal ids `first..first + count` (deleted ones skipped) as
    /// the `platformCore:recordList` of a search page, with every namespace declared on it:
    /// the cost of serialising one search page, for benchmarks.
    pub fn customer_page_xml(
        &self,
        version: crate::version::Version,
        first: u64,
        count: u64,
    ) -> String {
        let view = self.read();
        let mut out = xml::XmlOut::new();
        let core = version.core();
        let uris: Vec<(String, String)> = record::RECORD_NAMESPACES
            .iter()
            .map(|ns| (format!("xmlns:{}", ns.prefix), ns.uri(version)))
            .collect();
        let mut attrs: Vec<(&str, &str)> =
            vec![("xmlns:platformCore", &core), ("xmlns:xsi", elem::XSI)];
        attrs.extend(uris.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        out.start("platformCore:recordList", &attrs);
        let opts = write::WriteOptions {
            body_fields_only: true,
        };
        for id in first..first + count {
            if let Some(record) = view.get_kind(RecordKind::Customer, id) {
                write::write_record(&mut out, "platformCore:record", &record, opts);
            }
        }
        out.end("platformCore:recordList");
        out.finish()
    }

    /// A consistent read view.
    pub(crate) fn read(&self) -> View<'_> {
        View {
            seeder: &self.seeder,
            data: self.data.read().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Exclusive write access.
    pub(crate) fn write(&self) -> Tx<'_> {
        Tx {
            seeder: &self.seeder,
            data: self.data.write().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Keeps a search's results under a new search id.
    pub(crate) fn save_search(&self, account: &str, state: search::SearchState) -> String {
        let n = self.search_counter.fetch_add(1, Ordering::Relaxed) + 1;
        let id = format!(
            "WEBSERVICES_{account}_{n:010}_{:x}",
            self.seeder.seed.wrapping_mul(31).wrapping_add(n)
        );
        let mut searches = self.searches.lock().unwrap_or_else(|p| p.into_inner());
        let now = state.last_used;
        let ttl = self.search_id_ttl;
        searches.retain(|_, s| !expired(s.last_used, now, ttl));
        searches.insert(id.clone(), state);
        id
    }

    /// The search behind a search id, if it exists and has not expired; marks it used.
    pub(crate) fn use_search(&self, id: &str, now: OffsetDateTime) -> Option<search::SearchState> {
        let mut searches = self.searches.lock().unwrap_or_else(|p| p.into_inner());
        let state = searches.get_mut(id)?;
        if expired(state.last_used, now, self.search_id_ttl) {
            searches.remove(id);
            return None;
        }
        state.last_used = now;
        Some(state.clone())
    }
}

fn expired(last_used: OffsetDateTime, now: OffsetDateTime, ttl: Duration) -> bool {
    (now - last_used) > ttl
}

/// Read access to records.
pub(crate) struct View<'a> {
    seeder: &'a Seeder,
    data: std::sync::RwLockReadGuard<'a, Data>,
}

/// Write access to records.
pub(crate) struct Tx<'a> {
    seeder: &'a Seeder,
    data: std::sync::RwLockWriteGuard<'a, Data>,
}

/// The family whose id range holds `internal_id`.
pub(crate) fn family_of(internal_id: u64) -> Family {
    Family::ALL
        .into_iter()
        .rev()
        .find(|f| internal_id > f.id_base())
        .unwrap_or(Family::Customer)
}

fn get(seeder: &Seeder, data: &Data, internal_id: u64) -> Option<Arc<Record>> {
    match data.overrides.get(&internal_id) {
        Some(written) => written.clone(),
        None => seeder
            .record(family_of(internal_id), internal_id)
            .map(Arc::new),
    }
}

fn find_external(seeder: &Seeder, data: &Data, family: Family, ext: &str) -> Option<Arc<Record>> {
    let key = (family, Box::<str>::from(ext));
    if let Some(id) = data.external.get(&key) {
        return get(seeder, data, *id);
    }
    if data.external_released.contains_key(&key) {
        return None;
    }
    let (prefix, n) = ext.rsplit_once('-')?;
    if n.starts_with('0') || n.starts_with('+') {
        return None;
    }
    let n: u64 = n.parse().ok()?;
    let kind = RecordKind::ALL
        .into_iter()
        .find(|k| k.family() == family && seed::ext_prefix(*k) == prefix)?;
    let bound = if family == Family::Item {
        seeder.counts.items
    } else {
        seeder.counts.kind(kind)
    };
    if n == 0 || n > bound {
        return None;
    }
    let id = seeder.counts.internal_id(kind, n);
    let record = get(seeder, data, id)?;
    (record.external_id.as_deref() == Some(ext)).then_some(record)
}

fn for_each(
    seeder: &Seeder,
    data: &Data,
    family: Family,
    want: seed::Want<'_>,
    f: &mut dyn FnMut(&Record),
) {
    let base = family.id_base();
    for n in 1..=seeder.counts.family(family) {
        let id = base + n;
        match data.overrides.get(&id) {
            Some(Some(r)) => f(r),
            Some(None) => {}
            None => {
                if let Some(r) = seeder.partial(family, id, want) {
                    f(&r)
                }
            }
        }
    }
    for id in &data.added[family as usize] {
        if let Some(Some(r)) = data.overrides.get(id) {
            f(r)
        }
    }
}

/// Record look-ups shared by [`View`] and [`Tx`].
pub(crate) trait Lookup {
    /// The record with this internal id, of any kind.
    fn get(&self, internal_id: u64) -> Option<Arc<Record>>;

    /// The record of a family holding this external id.
    fn find_external(&self, family: Family, ext: &str) -> Option<Arc<Record>>;

    /// The record of this kind with this internal id.
    fn get_kind(&self, kind: RecordKind, internal_id: u64) -> Option<Arc<Record>> {
        self.get(internal_id).filter(|r| r.kind == kind)
    }
}

impl Lookup for View<'_> {
    fn get(&self, internal_id: u64) -> Option<Arc<Record>> {
        get(self.seeder, &self.data, internal_id)
    }

    fn find_external(&self, family: Family, ext: &str) -> Option<Arc<Record>> {
        find_external(self.seeder, &self.data, family, ext)
    }
}

impl Lookup for Tx<'_> {
    fn get(&self, internal_id: u64) -> Option<Arc<Record>> {
        get(self.seeder, &self.data, internal_id)
    }

    fn find_external(&self, family: Family, ext: &str) -> Option<Arc<Record>> {
        find_external(self.seeder, &self.data, family, ext)
    }
}

impl View<'_> {
    /// How many records of each kind were seeded.
    pub(crate) fn seed_counts(&self) -> SeedCounts {
        self.seeder.counts
    }

    /// Visits every live record of a family, seeded ones by id, then added ones. Seeded
    /// records carry only the `want` body fields (written records are always whole).
    pub(crate) fn for_each_partial(
        &self,
        family: Family,
        want: &[&str],
        f: &mut dyn FnMut(&Record),
    ) {
        for_each(self.seeder, &self.data, family, Some(want), f)
    }

    /// The deleted-records log, oldest first.
    pub(crate) fn deleted(&self) -> &[Deleted] {
        &self.data.deleted
    }

    /// Records attached to `to` with `attach`.
    pub(crate) fn attached_to(&self, to: u64) -> impl Iterator<Item = u64> + '_ {
        self.data
            .attachments
            .iter()
            .filter(move |(t, _)| *t == to)
            .map(|(_, a)| *a)
    }

    /// Every (attached to, attached) pair from `attach`.
    pub(crate) fn attachments(&self) -> &[(u64, u64)] {
        &self.data.attachments
    }

    /// Ids of a family's records written since seeding (added or changed), in no order.
    pub(crate) fn written_ids(&self, family: Family) -> Vec<u64> {
        self.data
            .overrides
            .iter()
            .filter(|(id, r)| r.is_some() && family_of(**id) == family)
            .map(|(id, _)| *id)
            .collect()
    }
}

impl Tx<'_> {
    /// A live record of `kind` with this email address (case-insensitive), if any: written
    /// records are looked up by address (the lowest internal id first), seeded ones found
    /// from the number in their address.
    pub(crate) fn find_by_email(&self, kind: RecordKind, email: &str) -> Option<Arc<Record>> {
        if email.is_empty() {
            return None;
        }
        let same = |r: &Record| {
            r.kind == kind
                && r.text("email")
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
        };
        let key = (kind.family(), Box::<str>::from(email.to_ascii_lowercase()));
        let written = self.data.emails.get(&key).into_iter().flatten();
        for id in written {
            if let Some(Some(r)) = self.data.overrides.get(id) {
                if same(r) {
                    return Some(r.clone());
                }
            }
        }
        // Seeded addresses carry the record's number right before the `@`.
        let local = email.split('@').next()?;
        let digits = local.len() - local.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = local[local.len() - digits..].parse().ok()?;
        if n == 0 || n > self.seeder.counts.kind(kind) {
            return None;
        }
        let id = self.seeder.counts.internal_id(kind, n);
        self.get(id).filter(|r| same(r))
    }

    /// A fresh internal id for a new record of `family`.
    pub(crate) fn allocate(&mut self, family: Family) -> u64 {
        let slot = &mut self.data.last_id[family as usize];
        *slot += 1;
        *slot
    }

    /// Stores a record (new or replacing the one with its internal id).
    pub(crate) fn put(&mut self, record: Record) {
        let family = record.kind.family();
        let id = record.internal_id;
        let previous = self.get(id);
        let is_new = previous.is_none() && !self.data.overrides.contains_key(&id);
        if let Some(old_ext) = previous.as_ref().and_then(|p| p.external_id.clone()) {
            if record.external_id.as_deref() != Some(&*old_ext) {
                self.release_external(family, old_ext);
            }
        }
        if let Some(ext) = &record.external_id {
            self.data.external.insert((family, ext.clone()), id);
            self.data.external_released.remove(&(family, ext.clone()));
        }
        if is_new && self.seeder.counts.locate(family, id).is_none() {
            self.data.added[family as usize].push(id);
        }
        self.data.unindex_email(id);
        if let Some(key) = email_key(&record) {
            self.data.emails.entry(key).or_default().insert(id);
        }
        self.data.overrides.insert(id, Some(Arc::new(record)));
    }

    fn release_external(&mut self, family: Family, ext: Box<str>) {
        self.data.external.remove(&(family, ext.clone()));
        self.data.external_released.insert((family, ext), ());
    }

    /// Deletes a record and logs the deletion.
    pub(crate) fn delete(&mut self, record: &Record, when: OffsetDateTime) {
        let family = record.kind.family();
        if let Some(ext) = record.external_id.clone() {
            self.release_external(family, ext);
        }
        let id = record.internal_id;
        self.data.unindex_email(id);
        if self.seeder.counts.locate(family, id).is_some() {
            self.data.overrides.insert(id, None);
        } else {
            self.data.overrides.remove(&id);
            self.data.added[family as usize].retain(|a| *a != id);
        }
        self.data.attachments.retain(|(t, a)| *t != id && *a != id);
        self.data.deleted.push(Deleted {
            kind: record.kind,
            internal_id: id,
            external_id: record.external_id.clone(),
            name: record.display_name().map(Into::into),
            when,
        });
    }

    /// Records an attachment; false if it already existed.
    pub(crate) fn attach(&mut self, to: u64, attached: u64) -> bool {
        if self.data.attachments.contains(&(to, attached)) {
            return false;
        }
        self.data.attachments.push((to, attached));
        true
    }

    /// Removes an attachment; false if there was none.
    pub(crate) fn detach(&mut self, to: u64, attached: u64) -> bool {
        let before = self.data.attachments.len();
        self.data.attachments.retain(|p| *p != (to, attached));
        before != self.data.attachments.len()
    }
}
