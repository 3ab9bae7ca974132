//! Downloading the WSDL/XSD through the host's transport, the disk and memory caches, the
//! schemaless fallback (logged once), and browse — against a fake transport that serves the
//! official sets the way the simulator and NetSuite do (`/wsdl/v<YYYY_N>_0/netsuite.wsdl` and
//! the files its relative `schemaLocation`s name).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use connector_sdk::payload::BrowseRequest;
use connector_sdk::Host;
use connector_sdk::{Cancellation, HostServices, HttpTransportBox};
use serde_json::json;

use super::tests::xsd_root;
use super::*;
use crate::client::Client;
use crate::retry::Backoff;
use crate::settings::{ConnectionSettings, IntegrationRecord};
use crate::state::ConnectorState;

/// The answer of a server publishing the official sets the way the simulator and NetSuite do
/// (`/wsdl/v<YYYY_N>_0/netsuite.wsdl` and the files its relative `schemaLocation`s name).
fn serve_folder(root: &Path, url: &str) -> (u16, Vec<u8>) {
    let path = url
        .split_once("://")
        .and_then(|(_, r)| r.split_once('/'))
        .map(|(_, p)| p)
        .unwrap_or("");
    let file = path
        .strip_prefix("wsdl/v")
        .and_then(|p| p.split_once("_0/"))
        .map(|(tag, rest)| root.join(tag).join(rest))
        .filter(|f| f.is_file() && !path.contains(".."));
    match file {
        Some(f) => (200, std::fs::read(f).unwrap()),
        None => (404, b"not found".to_vec()),
    }
}

/// A transport serving `root` like [`serve_folder`], counting its requests in `calls`.
fn folder_transport(root: PathBuf, calls: Arc<AtomicUsize>) -> HttpTransportBox {
    testkit::transport::from_fn(move |request, _| {
        calls.fetch_add(1, Ordering::SeqCst);
        Ok(serve_folder(&root, request.url.as_str()))
    })
}

/// A client of a connector instance of its own, without a disk cache.
fn client(root: PathBuf, url: &str, extra: serde_json::Value) -> (Client, Arc<AtomicUsize>) {
    let state = Arc::new(ConnectorState::with_schema_cache(None));
    client_of(state, root, url, extra)
}

/// A client of the connector instance that owns `state`.
fn client_of(
    state: Arc<ConnectorState>,
    root: PathBuf,
    url: &str,
    extra: serde_json::Value,
) -> (Client, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let transport = folder_transport(root, calls.clone());
    (client_over(state, transport, url, extra), calls)
}

/// A client sending through `transport`, of the connector instance that owns `state`.
fn client_over(
    state: Arc<ConnectorState>,
    transport: HttpTransportBox,
    url: &str,
    extra: serde_json::Value,
) -> Client {
    let host = Host::new(HostServices {
        transport,
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    });
    let mut settings = json!({
        "url": url,
        "version": "2023.2",
        "account": "123456",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts",
        "data_center_discovery": "never",
    });
    if let (Some(s), Some(e)) = (settings.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    let validated = ConnectionSettings::from_json(settings)
        .unwrap()
        .validate(&IntegrationRecord::default())
        .unwrap();
    Client::new(validated, host, Backoff::default(), state)
}

/// Captures `tracing` output of the current thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn with_logs<T>(f: impl FnOnce() -> T) -> (T, String) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let out = tracing::subscriber::with_default(subscriber, f);
    let text = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    (out, text)
}

#[test]
fn downloads_the_wsdl_through_the_host_and_caches_it_on_disk_and_in_memory() {
    let cache = tempfile::tempdir().unwrap();
    // The only test that sets the variable; every other test names its folder.
    std::env::set_var("NETSUITE_SCHEMA_CACHE", cache.path());
    assert_eq!(source::cache_root().as_deref(), Some(cache.path()));
    let (c, calls) = client_of(
        Arc::new(ConnectorState::from_env()),
        xsd_root(),
        "http://schemas-a.test:9/services/NetSuitePort_2023_2",
        json!({}),
    );
    let cancel = Cancellation::new();
    let reg = registry_for(&c, &cancel).unwrap().expect("downloaded");
    assert_eq!(reg.files().len(), 47);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        47,
        "the WSDL and 46 XSDs, once each"
    );
    let dir = cache.path().join("schemas-a.test_9").join("2023_2");
    assert!(dir.join("netsuite.wsdl").is_file());
    assert!(dir.join("xsd").join("platform.core.xsd").is_file());
    // Memory: no more requests.
    let again = registry_for(&c, &cancel).unwrap().unwrap();
    assert!(Arc::ptr_eq(&reg, &again));
    assert_eq!(calls.load(Ordering::SeqCst), 47);
    // The cached folder loads like any schema folder.
    let from_disk = SchemaRegistry::load_folder(&dir, reg.version()).unwrap();
    assert_eq!(from_disk.record_types().len(), reg.record_types().len());
    // Browse answers from the same registry.
    let types = browse::browse(
        &c,
        BrowseRequest::ObjectTypes {
            action: "QUERY".into(),
            refresh: false,
        },
        &cancel,
    )
    .unwrap();
    assert!(types["object_types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == "customer"));
    let profile = browse::browse(
        &c,
        BrowseRequest::Profile {
            action: "CREATE".into(),
            object_type: "customer".into(),
            refresh: false,
        },
        &cancel,
    )
    .unwrap();
    let props = &profile["input"]["properties"];
    assert_eq!(props["entityId"]["type"], "string");
    assert_eq!(props["isPerson"]["type"], "boolean");
    assert!(props["customFieldList"]["anyOf"].is_array());
    // An unreadable cached set is replaced by a fresh download.
    let broken = cache.path().join("schemas-b.test_9").join("2023_2");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("netsuite.wsdl"), "not xml").unwrap();
    let (c, calls) = client_of(
        Arc::new(ConnectorState::from_env()),
        xsd_root(),
        "http://schemas-b.test:9/services/NetSuitePort_2023_2",
        json!({}),
    );
    assert!(registry_for(&c, &cancel).unwrap().is_some());
    assert_eq!(calls.load(Ordering::SeqCst), 47);
    assert!(SchemaRegistry::load_folder(&broken, reg.version()).is_ok());
    // A loopback origin (a local simulator, on another port each run) is downloaded and kept
    // in memory, never written to the disk cache.
    for origin in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
        let (c, calls) = client_of(
            Arc::new(ConnectorState::from_env()),
            xsd_root(),
            &format!("{origin}/services/NetSuitePort_2023_2"),
            json!({}),
        );
        assert!(registry_for(&c, &cancel).unwrap().is_some(), "{origin}");
        assert_eq!(calls.load(Ordering::SeqCst), 47, "{origin}");
    }
    let folders: Vec<String> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders.len(), 2, "only the two named hosts: {folders:?}");
    std::env::remove_var("NETSUITE_SCHEMA_CACHE");
}

#[test]
fn without_a_reachable_schema_works_schemaless_and_logs_once() {
    let empty = tempfile::tempdir().unwrap();
    let (c, calls) = client(
        empty.path().to_path_buf(),
        "http://127.0.0.2:9/services/NetSuitePort_2023_2",
        json!({}),
    );
    let cancel = Cancellation::new();
    let ((first, second), logs) = with_logs(|| {
        (
            registry_for(&c, &cancel).unwrap(),
            registry_for(&c, &cancel).unwrap(),
        )
    });
    assert!(first.is_none() && second.is_none());
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the unreachable WSDL is asked once"
    );
    assert_eq!(logs.matches("no SuiteTalk schema").count(), 1, "{logs}");
    let err = browse::browse(
        &c,
        BrowseRequest::ObjectTypes {
            action: "GET".into(),
            refresh: false,
        },
        &cancel,
    )
    .unwrap_err();
    assert!(err.message.contains("schema_folder"), "{}", err.message);
    // Execute functions need no schema.
    let exec = browse::browse(
        &c,
        BrowseRequest::ObjectTypes {
            action: "EXECUTE".into(),
            refresh: false,
        },
        &cancel,
    )
    .unwrap();
    assert!(exec["object_types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == "getServerTime"));
}

#[test]
fn schema_folder_is_used_in_both_layouts_and_errors_name_the_setting() {
    let cancel = Cancellation::new();
    for folder in [xsd_root(), xsd_root().join("2023_2")] {
        let (c, calls) = client(
            PathBuf::new(),
            "http://127.0.0.3:9/services/NetSuitePort_2023_2",
            json!({"schema_folder": folder.to_string_lossy()}),
        );
        let reg = registry_for(&c, &cancel).unwrap().unwrap();
        assert_eq!(reg.version().tag(), "2023_2");
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }
    // A folder that is not there is refused by configure already, before anything runs.
    let missing = ConnectionSettings::from_json(json!({
        "account": "TSTDRV1",
        "version": "2023.2",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts",
        "schema_folder": "/nonexistent/schemas",
    }))
    .unwrap()
    .validate(&IntegrationRecord::default())
    .map(|_| ())
    .expect_err("a missing schema folder is a settings mistake");
    assert_eq!(missing[0].field, "schema_folder");
    assert!(missing[0].message.contains("no such folder"), "{missing:?}");
    // A folder of another version is refused.
    let (c, _) = client(
        PathBuf::new(),
        "http://127.0.0.3:9/services/NetSuitePort_2023_2",
        json!({"schema_folder": xsd_root().join("2017_1").to_string_lossy()}),
    );
    assert!(registry_for(&c, &cancel).is_err());
}

/// Copies the 2017.1 set into `dir` with NetSuite's own absolute schemaLocations
/// (`https://webservices.netsuite.com/xsd/platform/v2017_1_0/core.xsd`), as NetSuite serves it.
fn netsuite_layout(dir: &std::path::Path) {
    let src = xsd_root().join("2017_1");
    let tag = "2017_1";
    let target = dir.join(tag);
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut text = std::fs::read_to_string(&path).unwrap();
        for other in std::fs::read_dir(&src).unwrap() {
            let other = other.unwrap().file_name().to_string_lossy().into_owned();
            if let Some((area, file)) = other.strip_suffix(".xsd").and_then(|o| o.split_once('.')) {
                text = text.replace(
                    &format!("schemaLocation=\"{other}\""),
                    &format!("schemaLocation=\"https://webservices.netsuite.com/xsd/{area}/v{tag}_0/{file}.xsd\""),
                );
            }
        }
        std::fs::write(target.join(name), text).unwrap();
    }
}

#[test]
fn reads_netsuites_absolute_xsd_urls_from_a_folder_and_over_http() {
    let dir = tempfile::tempdir().unwrap();
    netsuite_layout(dir.path());
    let wsdl = std::fs::read_to_string(dir.path().join("2017_1/netsuite.wsdl")).unwrap();
    assert!(wsdl.contains("https://webservices.netsuite.com/xsd/platform/v2017_1_0/core.xsd"));
    let v = crate::version::Version::parse("2017.1").unwrap();
    let from_folder = SchemaRegistry::load_folder(dir.path(), v).unwrap();
    assert_eq!(from_folder.files().len(), 47);
    // Over HTTP: the XSD URLs name webservices.netsuite.com; the transport here serves only
    // the connection's origin, so the loader asks the origin for the same path.
    let calls = Arc::new(AtomicUsize::new(0));
    let root = dir.path().to_path_buf();
    let counted = calls.clone();
    let transport = testkit::transport::from_fn(move |request, _| {
        counted.fetch_add(1, Ordering::SeqCst);
        let url = request.url.to_string();
        let served = url.strip_prefix("http://127.0.0.4:9/").and_then(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            match parts.as_slice() {
                ["wsdl", "v2017_1_0", "netsuite.wsdl"] => Some(root.join("2017_1/netsuite.wsdl")),
                ["xsd", area, "v2017_1_0", name] => {
                    Some(root.join(format!("2017_1/{area}.{name}")))
                }
                _ => None,
            }
        });
        match served.filter(|f| f.is_file()) {
            Some(f) => Ok((200, std::fs::read(f).unwrap())),
            None => Err(connector_sdk::TransportErrorKind::Connect),
        }
    });
    let host = Host::new(HostServices {
        transport,
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    });
    let cancel = Cancellation::new();
    let wsdl_url = "http://127.0.0.4:9/wsdl/v2017_1_0/netsuite.wsdl";
    let mut source = source::HttpSource::new(&host, wsdl_url, "http://127.0.0.4:9", &cancel, 5_000);
    let reg = SchemaRegistry::load_from(&mut source, wsdl_url, v).unwrap();
    assert_eq!(reg.record_types().len(), from_folder.record_types().len());
    // One failed try at webservices.netsuite.com, then every XSD from the origin.
    assert_eq!(calls.load(Ordering::SeqCst), 1 + 1 + 46);
    // The cache layout it would write loads as a folder.
    let names: Vec<&str> = source.fetched.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"netsuite.wsdl") && names.contains(&"platform.core.xsd"),
        "{names:?}"
    );
}

/// Serves the 2023.2 set like [`serve_folder`], each WSDL answer after a pause, and counts
/// how many WSDL requests are in flight at once.
#[derive(Clone, Default)]
struct SlowWsdl {
    calls: Arc<AtomicUsize>,
    in_flight: Arc<AtomicUsize>,
    most_in_flight: Arc<AtomicUsize>,
}

impl SlowWsdl {
    fn new() -> SlowWsdl {
        SlowWsdl::default()
    }

    fn transport(&self) -> HttpTransportBox {
        let counters = self.clone();
        let root = xsd_root();
        testkit::transport::from_fn(move |request, _| {
            counters.calls.fetch_add(1, Ordering::SeqCst);
            let url = request.url.as_str();
            if !url.ends_with(".wsdl") {
                return Ok(serve_folder(&root, url));
            }
            let now = counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            counters.most_in_flight.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(300));
            let answer = serve_folder(&root, url);
            counters.in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok(answer)
        })
    }
}

/// Loads both clients' registries at once, from two threads.
fn load_together(
    a: &Client,
    b: &Client,
) -> (Option<Arc<SchemaRegistry>>, Option<Arc<SchemaRegistry>>) {
    let start = std::sync::Barrier::new(2);
    let load = |c: &Client| {
        start.wait();
        registry_for(c, &Cancellation::new()).unwrap()
    };
    std::thread::scope(|s| {
        let ta = s.spawn(|| load(a));
        let tb = s.spawn(|| load(b));
        (ta.join().unwrap(), tb.join().unwrap())
    })
}

#[test]
fn two_accounts_of_one_connector_load_their_schemas_concurrently() {
    let state = Arc::new(ConnectorState::with_schema_cache(None));
    let transport = SlowWsdl::new();
    let a = client_over(
        state.clone(),
        transport.transport(),
        "http://127.0.0.6:9/services/NetSuitePort_2023_2",
        json!({"account": "111111"}),
    );
    let b = client_over(
        state,
        transport.transport(),
        "http://127.0.0.7:9/services/NetSuitePort_2023_2",
        json!({"account": "222222"}),
    );
    let (ra, rb) = load_together(&a, &b);
    assert!(ra.is_some() && rb.is_some());
    assert_eq!(
        transport.most_in_flight.load(Ordering::SeqCst),
        2,
        "the second account's WSDL download waited for the first"
    );
    assert_eq!(transport.calls.load(Ordering::SeqCst), 2 * 47);
}

#[test]
fn connections_to_one_url_share_one_download() {
    let state = Arc::new(ConnectorState::with_schema_cache(None));
    let transport = SlowWsdl::new();
    let url = "http://127.0.0.8:9/services/NetSuitePort_2023_2";
    let a = client_over(state.clone(), transport.transport(), url, json!({}));
    let b = client_over(state, transport.transport(), url, json!({}));
    let (ra, rb) = load_together(&a, &b);
    assert!(Arc::ptr_eq(&ra.unwrap(), &rb.unwrap()));
    assert_eq!(transport.calls.load(Ordering::SeqCst), 47, "one download");
    assert_eq!(transport.most_in_flight.load(Ordering::SeqCst), 1);
}
