//! Where a connection's registry comes from: the `schema_folder` it names, or the account's
//! WSDL URL through the host's transport, cached on disk (shared by processes) and in memory
//! (shared by the connections of one connector instance, in its [`ConnectorState`]).
//!
//! Disk cache (not for loopback origins, whose port changes from run to run):
//! `$NETSUITE_SCHEMA_CACHE/<host>/<YYYY_N>/`, else
//! `$XDG_CACHE_HOME/netsuite-connector/<host>/<YYYY_N>/`, else
//! `$HOME/.cache/netsuite-connector/...`. A download is written into a temporary folder beside
//! it and renamed into place, so a reader never sees half a set; the cached folder has the
//! WSDL as `netsuite.wsdl` and each XSD where the WSDL's relative `schemaLocation` puts it
//! (NetSuite's absolute XSD URLs as `<area>.<name>.xsd`), so it loads like any schema folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use connector_sdk::abi_stable::std_types::{RString, RVec};
use connector_sdk::payload::FieldError;
use connector_sdk::Host;
use connector_sdk::{Cancellation, HttpRequest};

use super::load::{self, netsuite_xsd_file, resolve_url, FolderSource, SchemaError, SchemaSource};
use super::model::SchemaRegistry;
use crate::client::Client;
use crate::error::Error;
use crate::state::ConnectorState;
use crate::version::Version;

/// How long an unreachable WSDL URL is not asked again.
const RETRY_UNAVAILABLE: Duration = Duration::from_secs(300);

/// A remembered schema: loaded, or unreachable since an instant (asked again after
/// [`RETRY_UNAVAILABLE`]).
#[derive(Clone)]
pub(crate) enum Entry {
    Loaded(Arc<SchemaRegistry>),
    Unavailable(Instant),
}

impl Entry {
    /// False for an unreachable schema whose waiting time is over.
    fn is_fresh(&self) -> bool {
        match self {
            Entry::Loaded(_) => true,
            Entry::Unavailable(since) => since.elapsed() < RETRY_UNAVAILABLE,
        }
    }

    fn registry(self) -> Option<Arc<SchemaRegistry>> {
        match self {
            Entry::Loaded(r) => Some(r),
            Entry::Unavailable(_) => None,
        }
    }
}

/// The WSDL of `version` in `folder`: `<folder>/<YYYY_N>/netsuite.wsdl`, `<folder>/netsuite.wsdl`,
/// or `folder` itself when it names a `.wsdl` file.
pub(crate) fn find_wsdl(folder: &Path, version: Version) -> Result<PathBuf, SchemaError> {
    if folder.is_file() {
        return Ok(folder.to_path_buf());
    }
    let candidates = [
        folder.join(version.tag()).join("netsuite.wsdl"),
        folder.join("netsuite.wsdl"),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            SchemaError::NotFound(format!(
                "no netsuite.wsdl in {} or {}",
                folder.display(),
                folder.join(version.tag()).display()
            ))
        })
}

impl SchemaRegistry {
    /// Loads the set of `version` from a folder (`<folder>/netsuite.wsdl` or
    /// `<folder>/<YYYY_N>/netsuite.wsdl`, XSDs beside it or in `xsd/`).
    ///
    /// # Errors
    /// No WSDL there, a file missing or unreadable, or a set of another version.
    pub fn load_folder(
        folder: impl AsRef<Path>,
        version: Version,
    ) -> Result<SchemaRegistry, SchemaError> {
        let wsdl = find_wsdl(folder.as_ref(), version)?;
        let root = wsdl.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut source = FolderSource::new(root);
        load::load(&mut source, &wsdl.to_string_lossy(), version)
    }

    /// Loads a set through any source, starting at the WSDL's location.
    ///
    /// # Errors
    /// As [`SchemaRegistry::load_folder`].
    #[cfg(test)]
    pub(crate) fn load_from(
        source: &mut dyn SchemaSource,
        wsdl: &str,
        version: Version,
    ) -> Result<SchemaRegistry, SchemaError> {
        load::load(source, wsdl, version)
    }
}

/// The registry of a connection, or `None` when no schema is reachable and no folder is given
/// (the operations then run schemaless, and the log says so once per account and version).
///
/// Cached in the connector's memory per folder or per (origin, version), one load at a time
/// per key (connections of other accounts load theirs meanwhile); an unreachable WSDL URL is
/// asked again after five minutes.
///
/// # Errors
/// A `schema_folder` that cannot be loaded is a settings error (`Error::Settings` naming
/// `schema_folder`); data-center discovery errors pass through.
pub(crate) fn registry_for(
    client: &Client,
    cancel: &Cancellation,
) -> Result<Option<Arc<SchemaRegistry>>, Error> {
    let s = client.settings();
    let version = s.version;
    if let Some(folder) = &s.schema_folder {
        return folder_registry(client.state(), Path::new(folder), version)
            .map(Some)
            .map_err(|e| Error::Settings(vec![FieldError::new("schema_folder", e.to_string())]));
    }
    let service = client.service_url(cancel)?;
    let origin = service
        .strip_suffix(s.endpoint.service_path.as_str())
        .unwrap_or(&service)
        .trim_end_matches('/')
        .to_string();
    let key = format!("url:{origin}|{}", version.tag());
    let state = client.state();
    let entry = state.schemas.get_or_load(&key, Entry::is_fresh, || {
        download(client, state, &key, &origin, cancel)
    })?;
    Ok(entry.registry())
}

/// The registry of a connection when it can be had without a request: from its
/// `schema_folder`, or from memory or the disk cache of an earlier download. Used to check
/// operation settings before anything runs; `None` when only a download could tell.
pub(crate) fn registry_offline(client: &Client) -> Option<Arc<SchemaRegistry>> {
    let s = client.settings();
    let version = s.version;
    if let Some(folder) = &s.schema_folder {
        return folder_registry(client.state(), Path::new(folder), version).ok();
    }
    let ep = &s.endpoint;
    let origin = if ep.discover {
        let key = format!("{}|{}", ep.origin, s.account.as_passport());
        client.state().data_centers.peek(&key).unwrap_or_else(|| {
            format!(
                "https://{}.suitetalk.api.netsuite.com",
                s.account.host_label()
            )
        })
    } else {
        ep.origin.clone()
    };
    let origin = origin.trim_end_matches('/').to_string();
    let key = format!("url:{origin}|{}", version.tag());
    let state = client.state();
    if let Some(entry) = state.schemas.peek(&key) {
        return entry.registry();
    }
    let dir = state
        .schema_cache_root
        .as_ref()?
        .join(host_dir(&origin))
        .join(version.tag());
    if !dir.join("netsuite.wsdl").is_file() {
        return None;
    }
    state
        .schemas
        .get_or_load(&key, Entry::is_fresh, || {
            SchemaRegistry::load_folder(&dir, version).map(|r| Entry::Loaded(Arc::new(r)))
        })
        .ok()
        .and_then(Entry::registry)
}

/// Reads the set of (origin, version) from the disk cache, or downloads it (and caches it on
/// disk); an unreachable set is [`Entry::Unavailable`], logged once per key.
fn download(
    client: &Client,
    state: &ConnectorState,
    key: &str,
    origin: &str,
    cancel: &Cancellation,
) -> Result<Entry, Error> {
    let s = client.settings();
    let version = s.version;
    // A loopback origin is a local simulator or test server, on a port that changes from run
    // to run (the embedded demo's): its schema is kept in memory only, not in a disk folder
    // per port.
    let cache = state
        .schema_cache_root
        .as_ref()
        .filter(|_| !is_loopback(origin))
        .map(|r| r.join(host_dir(origin)).join(version.tag()));
    if let Some(dir) = cache.as_ref().filter(|d| d.join("netsuite.wsdl").is_file()) {
        match SchemaRegistry::load_folder(dir, version) {
            Ok(reg) => {
                tracing::info!(folder = %dir.display(), version = %version, "SuiteTalk schema loaded from the disk cache");
                return Ok(Entry::Loaded(Arc::new(reg)));
            }
            Err(e) => {
                tracing::warn!(folder = %dir.display(), "replacing the unreadable cached SuiteTalk schema: {e}");
                // The download below renames a fresh set into this place.
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
    if state.dry_run.is_some() {
        if state.first_notice(key) {
            tracing::warn!(
                version = %version,
                "no SuiteTalk schema for the dry run (it downloads nothing): documents are checked \
                 without one; set the connection's schema_folder, or run once so the schema is cached"
            );
        }
        return Ok(Entry::Unavailable(Instant::now()));
    }
    let wsdl = format!("{origin}/wsdl/v{}_0/netsuite.wsdl", version.tag());
    let started = Instant::now();
    let mut source = HttpSource::new(client.host(), &wsdl, origin, cancel, s.request_timeout_ms);
    match load::load(&mut source, &wsdl, version) {
        Ok(reg) => {
            tracing::info!(
                url = %wsdl,
                files = reg.files().len(),
                duration_ms = started.elapsed().as_millis() as u64,
                "SuiteTalk schema downloaded"
            );
            if let Some(dir) = &cache {
                if let Err(e) = write_cache(dir, &source.fetched) {
                    tracing::warn!(folder = %dir.display(), "could not cache the SuiteTalk schema: {e}");
                }
            }
            Ok(Entry::Loaded(Arc::new(reg)))
        }
        Err(e) => {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            // Said once per origin and version for the life of the connector; later retries
            // (every five minutes) only at debug level.
            if state.first_notice(key) {
                tracing::warn!(
                    url = %wsdl,
                    version = %version,
                    "no SuiteTalk schema: {e}. Records are converted without a schema (document order, types \
                     inferred); set the connection's schema_folder to a folder with the WSDL/XSD files of this \
                     version, or make {wsdl} reachable"
                );
            } else {
                tracing::debug!(url = %wsdl, "still no SuiteTalk schema: {e}");
            }
            Ok(Entry::Unavailable(Instant::now()))
        }
    }
}

/// A folder's registry, loaded once per (folder, version) for the life of the connector.
pub(crate) fn folder_registry(
    state: &ConnectorState,
    folder: &Path,
    version: Version,
) -> Result<Arc<SchemaRegistry>, SchemaError> {
    let key = format!("folder:{}|{}", folder.display(), version.tag());
    let entry = state.schemas.get_or_load(&key, Entry::is_fresh, || {
        let started = Instant::now();
        let reg = Arc::new(SchemaRegistry::load_folder(folder, version)?);
        tracing::info!(
            folder = %folder.display(),
            version = %version,
            files = reg.files().len(),
            duration_ms = started.elapsed().as_millis() as u64,
            "SuiteTalk schema loaded"
        );
        Ok(Entry::Loaded(reg))
    })?;
    entry
        .registry()
        .ok_or_else(|| SchemaError::NotFound(format!("no schema in {}", folder.display())))
}

/// The disk cache root, from the environment.
pub(crate) fn cache_root() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("NETSUITE_SCHEMA_CACHE")
        .or_else(|| env("XDG_CACHE_HOME").map(|p| p.join("netsuite-connector")))
        .or_else(|| env("HOME").map(|p| p.join(".cache").join("netsuite-connector")))
}

/// True for `http://127.x.y.z:…`, `http://localhost:…` and `http://[::1]:…`.
pub(crate) fn is_loopback(origin: &str) -> bool {
    let rest = origin.split_once("://").map(|(_, r)| r).unwrap_or(origin);
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `https://123.suitetalk.api.netsuite.com` → `123.suitetalk.api.netsuite.com`;
/// `http://127.0.0.1:8080` → `127.0.0.1_8080`.
pub(crate) fn host_dir(origin: &str) -> String {
    let rest = origin.split_once("://").map(|(_, r)| r).unwrap_or(origin);
    rest.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes a downloaded set into `dir` atomically (temporary folder + rename).
fn write_cache(dir: &Path, files: &[(String, String)]) -> std::io::Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("set");
    let tmp = parent.join(format!(".tmp-{name}-{}-{nanos}", std::process::id()));
    let result = (|| {
        for (rel, text) in files {
            let path = tmp.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::write(&path, text)?;
        }
        std::fs::rename(&tmp, dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        // Another process may have won the race: its set is as good as ours.
        if dir.join("netsuite.wsdl").is_file() {
            return Ok(());
        }
    }
    result
}

/// Documents over HTTP through the host; remembers each one with its cache path.
pub(crate) struct HttpSource<'a> {
    host: &'a Host,
    wsdl_dir: String,
    origin: String,
    cancel: &'a Cancellation,
    timeout_ms: u64,
    prefer_origin: bool,
    pub(crate) fetched: Vec<(String, String)>,
}

impl<'a> HttpSource<'a> {
    pub(crate) fn new(
        host: &'a Host,
        wsdl: &str,
        origin: &str,
        cancel: &'a Cancellation,
        timeout_ms: u64,
    ) -> Self {
        HttpSource {
            host,
            wsdl_dir: wsdl[..wsdl.rfind('/').map(|i| i + 1).unwrap_or(0)].to_string(),
            origin: origin.to_string(),
            cancel,
            timeout_ms,
            prefer_origin: false,
            fetched: Vec::new(),
        }
    }

    fn get(&self, url: &str) -> Result<String, SchemaError> {
        let err = |message: String| SchemaError::Read {
            location: url.to_string(),
            message,
        };
        let request = HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: RVec::new(),
            body: RVec::new(),
            pool_key: RString::new(),
            timeout_ms: self.timeout_ms,
        };
        let response = self
            .host
            .send(request, self.cancel)
            .map_err(|e| err(e.message.to_string()))?;
        if response.status != 200 {
            return Err(err(format!("HTTP {}", response.status)));
        }
        String::from_utf8(response.body.to_vec()).map_err(|_| err("not UTF-8 text".into()))
    }

    /// Where a document goes in the cache folder.
    fn cache_path(&self, url: &str) -> Option<String> {
        let rel = match url.strip_prefix(&self.wsdl_dir) {
            Some(rel) => rel.to_string(),
            None => netsuite_xsd_file(url)?,
        };
        let safe = !rel.is_empty()
            && rel
                .split('/')
                .all(|s| !s.is_empty() && s != ".." && s != "." && !s.contains('\\'));
        safe.then_some(rel)
    }
}

impl SchemaSource for HttpSource<'_> {
    fn read(&mut self, location: &str) -> Result<String, SchemaError> {
        // NetSuite's WSDLs name XSDs on webservices.netsuite.com; an account host (or a
        // simulator) serves the same paths. Once the named host failed, ask the origin first.
        let on_origin = match location
            .split_once("://")
            .and_then(|(_, r)| r.split_once('/'))
        {
            Some((host, path)) if !self.origin.ends_with(host) => {
                Some(format!("{}/{path}", self.origin))
            }
            _ => None,
        };
        let text = match (&on_origin, self.prefer_origin) {
            (Some(alt), true) => self.get(alt).or_else(|_| self.get(location))?,
            (Some(alt), false) => match self.get(location) {
                Ok(t) => t,
                Err(e) => {
                    let t = self.get(alt).map_err(|_| e)?;
                    self.prefer_origin = true;
                    t
                }
            },
            (None, _) => self.get(location)?,
        };
        let rel = if location.ends_with(".wsdl") && self.fetched.is_empty() {
            Some("netsuite.wsdl".to_string())
        } else {
            self.cache_path(location)
        };
        if let Some(rel) = rel {
            self.fetched.push((rel, text.clone()));
        }
        Ok(text)
    }

    fn resolve(&self, base: &str, reference: &str) -> String {
        resolve_url(base, reference)
    }
}
