//! Where learned custom fields are kept: in the connector instance's memory per (account,
//! version, endpoint), and on disk beside the schema cache
//! (`<schema cache>/<host>/<YYYY_N>/custom-fields-<ACCOUNT>.json`, not for loopback
//! origins, whose port changes from run to run), each trusted for the connection's
//! `custom_fields_max_age_minutes`.
//!
//! A role that may not read customizations (or an account that cannot be asked) gets the
//! static schema: one warning per account and version, and the question is not asked again
//! for [`RETRY_UNAVAILABLE`]. A run never fails for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use connector_sdk::Cancellation;
use serde::{Deserialize, Serialize};

use super::account_fields::{self, AccountFields, CustomFieldsSource, LearnError};
use super::source::{host_dir, is_loopback};
use crate::client::Client;

/// How long an account whose fields could not be learned is not asked again.
const RETRY_UNAVAILABLE: Duration = Duration::from_secs(300);

/// A remembered answer.
#[derive(Clone)]
pub(crate) enum Entry {
    /// Learned at an instant.
    Learned(Arc<AccountFields>, Instant),
    /// Could not be learned since an instant.
    Unavailable(Instant),
}

/// The disk form: the fields and when they were learned (seconds since the Unix epoch).
#[derive(Serialize, Deserialize)]
struct OnDisk {
    learned_at: u64,
    fields: AccountFields,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The memory key: account, version and the configured endpoint (two simulators on one
/// machine are two accounts).
fn key(client: &Client) -> String {
    let s = client.settings();
    format!(
        "{}|{}|{}",
        s.account.as_passport(),
        s.version.tag(),
        s.endpoint.origin.trim_end_matches('/')
    )
}

fn disk_path(client: &Client) -> Option<PathBuf> {
    let s = client.settings();
    let origin = s.endpoint.origin.trim_end_matches('/');
    if is_loopback(origin) {
        return None;
    }
    Some(
        client
            .state()
            .schema_cache_root
            .as_ref()?
            .join(host_dir(origin))
            .join(s.version.tag())
            .join(format!("custom-fields-{}.json", s.account.as_passport())),
    )
}

fn read_disk(client: &Client, max_age: Duration) -> Option<Arc<AccountFields>> {
    let text = std::fs::read_to_string(disk_path(client)?).ok()?;
    let on_disk: OnDisk = serde_json::from_str(&text).ok()?;
    let age = now_secs().saturating_sub(on_disk.learned_at);
    (age < max_age.as_secs()).then(|| Arc::new(on_disk.fields))
}

fn write_disk(client: &Client, fields: &AccountFields) {
    let Some(path) = disk_path(client) else {
        return;
    };
    let text = match serde_json::to_string(&OnDisk {
        learned_at: now_secs(),
        fields: fields.clone(),
    }) {
        Ok(t) => t,
        Err(_) => return,
    };
    // Written beside and renamed, so another process never reads half a file.
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&tmp, text))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        tracing::warn!(file = %path.display(), "could not cache the account's custom fields: {e}");
    }
}

/// The account's learned fields, or `None` for the static schema (`schema_only`, a dry run
/// with nothing cached, or fields that could not be learned: warned once). `refresh` asks
/// NetSuite even when a cached answer is still fresh.
pub(crate) fn fields_for(
    client: &Client,
    refresh: bool,
    cancel: &Cancellation,
) -> Option<Arc<AccountFields>> {
    let s = client.settings();
    if s.custom_fields == CustomFieldsSource::SchemaOnly {
        return None;
    }
    let max_age = s.custom_fields_max_age;
    let state = client.state();
    let key = key(client);
    if state.dry_run.is_some() {
        // A dry run sends nothing: only what is already known is used.
        return cached(client);
    }
    let fresh = |e: &Entry| match e {
        Entry::Learned(_, at) => !refresh && at.elapsed() < max_age,
        Entry::Unavailable(since) => !refresh && since.elapsed() < RETRY_UNAVAILABLE,
    };
    let entry = state
        .account_fields
        .get_or_load(&key, fresh, || -> Result<Entry, ()> {
            if !refresh {
                if let Some(f) = read_disk(client, max_age) {
                    return Ok(Entry::Learned(f, Instant::now()));
                }
            }
            match account_fields::learn(client, cancel) {
                Ok(f) => {
                    write_disk(client, &f);
                    let count: usize = f.record_types.values().map(|m| m.len()).sum::<usize>()
                        + f.custom_records
                            .iter()
                            .map(|c| c.fields.len())
                            .sum::<usize>();
                    tracing::info!(
                        account = %s.account.as_passport(),
                        fields = count,
                        custom_record_types = f.custom_records.len(),
                        "learned the account's custom fields"
                    );
                    Ok(Entry::Learned(Arc::new(f), Instant::now()))
                }
                Err(LearnError::Request(e)) if cancel.is_cancelled() => {
                    tracing::debug!("custom fields not learned, the call was cancelled: {e}");
                    Err(())
                }
                Err(e) => {
                    if state.first_notice(&format!("custom-fields|{key}")) {
                        tracing::warn!(
                            account = %s.account.as_passport(),
                            "could not read the account's custom fields ({e}); custom fields are \
                             typed from the static schema and their values. Give the role the \
                             Custom Fields permission (Setup > Customization), or set \
                             custom_fields = \"schema_only\" to stop asking"
                        );
                    }
                    Ok(Entry::Unavailable(Instant::now()))
                }
            }
        })
        .ok()?;
    match entry {
        Entry::Learned(f, _) => Some(f),
        Entry::Unavailable(_) => None,
    }
}

/// What is already known without asking NetSuite: memory, else the disk cache.
pub(crate) fn cached(client: &Client) -> Option<Arc<AccountFields>> {
    let s = client.settings();
    if s.custom_fields == CustomFieldsSource::SchemaOnly {
        return None;
    }
    match client.state().account_fields.peek(&key(client)) {
        Some(Entry::Learned(f, _)) => Some(f),
        Some(Entry::Unavailable(_)) => None,
        None => read_disk(client, s.custom_fields_max_age),
    }
}
