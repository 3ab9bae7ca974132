//! Loading connector libraries with host-runner's loader: good, incompatible and broken ones.

use connector_api::LogLevel;
use connector_payload::HostConfig;
use host_runner::host::host_services;
use host_runner::log_sink::HostLogSink;
use host_runner::plugin::{self, LoadErrorKind};
use host_runner::transport::{HostTransport, TransportConfig};

use crate::support;

fn services() -> impl FnMut() -> connector_api::HostServices {
    let transport = HostTransport::new(TransportConfig::default()).unwrap();
    move || {
        host_services(
            transport.clone().into_box(),
            HostLogSink::with_max_level(LogLevel::Info),
            &HostConfig::default(),
        )
    }
}

#[test]
fn loads_echo_with_name_version_and_operations() {
    let library = support::echo_copy("loading-echo");
    let loaded = plugin::load_connector(&library, services()()).unwrap();
    assert_eq!(loaded.name(), "echo");
    assert_eq!(loaded.version(), "0.1.0");
    assert_eq!(loaded.operations(), ["GET", "EXECUTE"]);
    assert_eq!(loaded.path, library);
}

#[test]
fn directory_loads_every_connector_and_reports_every_failure() {
    let dir = tempfile::tempdir().unwrap();
    let copy =
        |from: &std::path::Path, name: &str| std::fs::copy(from, dir.path().join(name)).unwrap();
    copy(&support::cdylib("echo_connector"), "libecho_a.so");
    copy(&support::cdylib("echo_connector"), "libecho_b.so");
    copy(
        &support::cdylib("incompatible_connector"),
        "libincompatible.so",
    );
    copy(&support::fixture("not-a-library.so"), "libbroken.so");
    std::fs::write(dir.path().join("README.txt"), "not a library name: ignored").unwrap();

    let outcome = plugin::load_all(dir.path(), services());
    let names: Vec<_> = outcome
        .connectors
        .iter()
        .map(|c| c.path.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        ["libecho_a.so", "libecho_b.so"],
        "two copies load side by side"
    );
    let errors: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].contains("libbroken.so: not a loadable library"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("libincompatible.so: built against connector-api 2.0.0"),
        "{}",
        errors[1]
    );
    assert!(
        errors.iter().all(|e| !e.contains('\n')),
        "one line each: {errors:#?}"
    );
}

#[test]
fn newer_major_version_is_refused_in_one_line() {
    let library = support::cdylib("incompatible_connector");
    let Err(err) = plugin::load_module(&library) else {
        panic!("the library loaded")
    };
    assert_eq!(err.kind, LoadErrorKind::IncompatibleVersion);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: built against connector-api 2.0.0 but this host needs 1.x",
            library.display()
        )
    );
}

#[test]
fn different_layout_is_refused_in_one_line() {
    let library = support::example_cdylib("layout_mismatch");
    let Err(err) = plugin::load_module(&library) else {
        panic!("the library loaded")
    };
    assert_eq!(err.kind, LoadErrorKind::IncompatibleLayout, "{err}");
    let text = err.to_string();
    assert!(!text.contains('\n'), "{text}");
    assert!(
        text.contains(
            "incompatible connector ABI: its root module does not match connector-api 1.0.0"
        ),
        "{text}"
    );
    assert!(
        text.contains("mismatched package: expected connector-api, found incompatible-connector"),
        "{text}"
    );
}

#[test]
fn text_file_named_like_a_library_is_refused_in_one_line() {
    let library = support::fixture("not-a-library.so");
    let Err(err) = plugin::load_module(&library) else {
        panic!("the library loaded")
    };
    assert_eq!(err.kind, LoadErrorKind::NotALibrary);
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}: not a loadable library: ", library.display())),
        "{text}"
    );
    assert!(!text.contains('\n'), "{text}");
}

#[test]
fn connector_logs_reach_the_host_sink() {
    let library = support::echo_copy("loading-logs");
    let transport = HostTransport::new(TransportConfig::default()).unwrap();
    let (sink, capture) = HostLogSink::capturing(LogLevel::Info);
    let services = host_services(transport.into_box(), sink, &HostConfig::default());
    let loaded = plugin::load_connector(&library, services).unwrap();
    loaded
        .connector
        .configure(r#"{"prefix":"> ","max_batch":7}"#.into())
        .into_result()
        .unwrap();

    let records = capture.records();
    let configured = records
        .iter()
        .find(|r| r.message == "echo connection configured")
        .unwrap_or_else(|| panic!("no configure record in {records:#?}"));
    assert_eq!(configured.level, LogLevel::Info);
    assert_eq!(configured.target, "echo_connector");
    assert_eq!(configured.fields_json, r#"{"max_batch":7}"#);
    assert!(
        records.iter().all(|r| r.level >= LogLevel::Info),
        "the sink's level is respected"
    );
}

/// A real shared library that is not an abi_stable plugin (the C maths library).
#[cfg(target_os = "linux")]
#[test]
fn shared_library_without_root_module_is_not_a_connector() {
    let Some(libm) = [
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib/x86_64-linux-gnu/libm.so.6",
        "/lib64/libm.so.6",
    ]
    .into_iter()
    .map(std::path::Path::new)
    .find(|p| p.exists()) else {
        eprintln!("no libm.so.6 found; skipping");
        return;
    };
    let Err(err) = plugin::load_module(libm) else {
        panic!("libm loaded as a connector")
    };
    assert_eq!(err.kind, LoadErrorKind::NotAConnector);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not a connector library: no abi_stable root module",
            libm.display()
        )
    );
}
