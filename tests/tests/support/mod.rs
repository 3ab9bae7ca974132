//! Finding (and, once per test binary, building) the libraries and binary the tests load.
//!
//! The connector libraries (echo, incompatible, NetSuite) are dev-dependencies of this package,
//! so `cargo test` builds their cdylibs into `target/<profile>/deps/` for the run. What a
//! dependency cannot bring, the `host-runner` binary and the layout-mismatch example library,
//! is built before the first test that needs it with `cargo build -p host-runner -p
//! incompatible-connector --bins --examples`, into the same target directory and profile as
//! the running test (taken from the test executable's path). It is a no-op when they are
//! fresh. Set `CONFORMANCE_SKIP_BUILD=1` to skip it (they must then exist).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use host_runner::conformance_host::RealHost;
use host_runner::transport::{HostTransport, TransportConfig};

/// `target/<profile>`, where cargo puts the cdylibs and binaries.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let deps = exe
        .parent()
        .expect("the test executable is in target/<profile>/deps");
    deps.parent().expect("target/<profile>").to_path_buf()
}

/// Builds the test libraries and the host-runner binary once per test binary.
pub fn ensure_built() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        if std::env::var_os("CONFORMANCE_SKIP_BUILD").is_some() {
            return;
        }
        let dir = profile_dir();
        let target_dir = dir.parent().expect("target dir");
        let mut cargo = Command::new(option_env!("CARGO").unwrap_or("cargo"));
        // The connector libraries are dev-dependencies of this package, so cargo has built
        // them (into deps/) for this very test run. Only what a dependency cannot bring is
        // built here: the host-runner binary and the layout-mismatch example library.
        cargo
            .args(["build", "--quiet", "--bins", "--examples"])
            .args(["-p", "host-runner", "-p", "incompatible-connector"])
            .arg("--target-dir")
            .arg(target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        match dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") => {}
            Some("release") => {
                cargo.arg("--release");
            }
            Some(other) => {
                cargo.args(["--profile", other]);
            }
            None => {}
        }
        let status = cargo
            .status()
            .expect("running cargo build for the test libraries");
        assert!(
            status.success(),
            "could not build the test binary and example; run `cargo build -p host-runner \
             -p incompatible-connector --bins --examples` and see why"
        );
    });
}

/// A connector cdylib (e.g. `echo_connector`): the one cargo built for this test run, as a
/// dev-dependency, in `target/<profile>/deps/` (a copy in `target/<profile>/` may come from an
/// older `cargo build`).
pub fn cdylib(crate_name: &str) -> PathBuf {
    ensure_built();
    let fresh = profile_dir().join("deps").join(library_file(crate_name));
    if fresh.exists() {
        return fresh;
    }
    existing(profile_dir().join(library_file(crate_name)))
}

/// A cdylib example built into `target/<profile>/examples/`.
pub fn example_cdylib(name: &str) -> PathBuf {
    ensure_built();
    existing(profile_dir().join("examples").join(library_file(name)))
}

/// The `host-runner` binary.
pub fn host_runner_bin() -> PathBuf {
    ensure_built();
    existing(profile_dir().join(format!("host-runner{}", std::env::consts::EXE_SUFFIX)))
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The echo connector's conformance profile.
pub fn echo_profile() -> conformance::Profile {
    conformance::Profile::load(&fixture("echo.profile.json"), &HashMap::new())
        .expect("tests/fixtures/echo.profile.json")
}

/// The real host: the host-runner loader, its transport, capturing log sinks.
pub fn real_host() -> RealHost {
    RealHost::new(HostTransport::new(TransportConfig::default()).expect("transport"))
}

fn library_file(crate_name: &str) -> String {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    format!("{DLL_PREFIX}{crate_name}{DLL_SUFFIX}")
}

fn existing(path: PathBuf) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p echo-connector -p incompatible-connector \
         -p host-runner --lib --bins --examples` (or `cargo test --workspace`)",
        path.display()
    );
    path
}

/// A private copy of a built cdylib, at a path of its own.
///
/// A library's statics are per loaded file, and the SDK keeps one log sink per library: tests
/// that run in parallel and watch logs each load their own copy so that they do not steal each
/// other's records. Copies go to `target/<profile>/test-libraries/<tag>/` and are written
/// through a rename, so a copy another process has mapped is never overwritten in place.
pub fn private_copy(library: &Path, tag: &str) -> PathBuf {
    let dir = profile_dir().join("test-libraries").join(tag);
    std::fs::create_dir_all(&dir).expect("test-libraries directory");
    let file_name = library.file_name().expect("a library file name");
    let target = dir.join(file_name);
    let partial = dir.join(format!(
        "{}.partial-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::copy(library, &partial).expect("copying the library");
    std::fs::rename(&partial, &target).expect("renaming the library copy");
    target
}

/// A private copy of the echo connector.
pub fn echo_copy(tag: &str) -> PathBuf {
    private_copy(&cdylib("echo_connector"), tag)
}

/// A loopback HTTP server answering every request `200 ok`; returns its base URL
/// (`http://127.0.0.1:PORT`). Runs until the test process ends.
pub fn ok_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    url
}
