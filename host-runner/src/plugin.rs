//! Loading connector libraries: from a file or every library in a directory, several at once.
//!
//! Libraries are opened with `lib_header_from_path(path)?.init_root_module::<ConnectorMod_Ref>()`
//! rather than `RootModule::load_from_file`, which caches one library per root-module type and
//! would silently hand back the first connector for every later path. abi_stable checks the
//! library's interface version and the layout of its root module before anything in it is
//! called; nothing is ever unloaded.
//!
//! Every failure is collected, not just the first: each becomes a one-line [`LoadError`] naming
//! the file and the cause. abi_stable's multi-line layout report is logged at debug level only.
//!
//! This module does not decide which services a connector gets; callers pass a factory.

use std::fmt;
use std::path::{Path, PathBuf};

use abi_stable::library::{lib_header_from_path, LibraryError};
use connector_api::{ConnectorBox, ConnectorMod_Ref, HostServices};
use connector_payload::Spec;

/// File extensions of dynamic libraries, on every platform (a directory may hold any of them).
const LIBRARY_EXTENSIONS: [&str; 3] = ["so", "dylib", "dll"];

/// A connector library that loaded, with its instance and parsed descriptor.
pub struct LoadedConnector {
    /// The library file.
    pub path: PathBuf,
    /// The connector's descriptor.
    pub spec: Spec,
    /// The connector instance, created with the host's services.
    pub connector: ConnectorBox,
}

impl LoadedConnector {
    /// The connector's name (`netsuite`, `echo`).
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The connector's own version.
    pub fn version(&self) -> &str {
        &self.spec.connector_version
    }

    /// The actions it supports, in the order it declares them.
    pub fn operations(&self) -> Vec<&str> {
        self.spec
            .operations
            .iter()
            .map(|o| o.action.as_str())
            .collect()
    }
}

impl fmt::Debug for LoadedConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedConnector")
            .field("path", &self.path)
            .field("name", &self.spec.name)
            .field("version", &self.spec.connector_version)
            .finish_non_exhaustive()
    }
}

/// Why one library could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The path does not exist, is not readable, or a directory holds no library.
    NotFound,
    /// The file is not a dynamic library the system can open.
    NotALibrary,
    /// The library opened but exports no abi_stable root module: not a connector.
    NotAConnector,
    /// The library was built with an abi_stable that this host cannot talk to.
    IncompatibleAbiStable,
    /// The library was built against an incompatible connector-api major version.
    IncompatibleVersion,
    /// The library's root module does not have the layout of this host's connector-api.
    IncompatibleLayout,
    /// The library's root module or `new_connector` failed.
    InitFailed,
    /// The connector's descriptor is not a valid spec.
    InvalidSpec,
}

/// A library that could not be loaded: the file and a one-line cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The library file (or the directory, when it holds none).
    pub path: PathBuf,
    /// What went wrong, for callers that decide things.
    pub kind: LoadErrorKind,
    /// The cause on one line, for people.
    pub message: String,
}

impl LoadError {
    fn new(path: &Path, kind: LoadErrorKind, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            kind,
            message: one_line(&message.into()),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

/// Everything a load attempt produced: the connectors that loaded and the failures.
#[derive(Debug, Default)]
pub struct LoadOutcome {
    /// Connectors that loaded, in path order.
    pub connectors: Vec<LoadedConnector>,
    /// One entry per library (or path) that failed.
    pub errors: Vec<LoadError>,
}

/// The library files at `path`: the file itself, or every `*.so`/`*.dylib`/`*.dll` directly in
/// the directory, sorted by name.
///
/// # Errors
///
/// `NotFound` when the path does not exist or the directory cannot be read.
pub fn find_libraries(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| LoadError::new(path, LoadErrorKind::NotFound, format!("cannot read: {e}")))?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        LoadError::new(
            path,
            LoadErrorKind::NotFound,
            format!("cannot list the directory: {e}"),
        )
    })?;
    let mut libraries: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.is_file() && is_library_name(p) && !is_cargo_intermediate(p))
        .collect();
    libraries.sort();
    Ok(libraries)
}

/// The file a connector named `connector` is looked for under in a directory, before every
/// library there is tried: `lib<connector>_connector.so` (`-` as `_`; `.dylib`, `.dll` on
/// other systems), as cargo names a `<connector>-connector` cdylib.
pub fn library_file_name(connector: &str) -> String {
    format!(
        "{}{}_connector{}",
        std::env::consts::DLL_PREFIX,
        connector.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    )
}

/// Cargo's build intermediates (`libserde_derive-1a2b3c4d5e6f7a8b.so`: proc macros and
/// dylibs in `target/*/deps/`) carry a 16-hex-digit metadata hash; connector libraries do not.
fn is_cargo_intermediate(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_library_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| LIBRARY_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Opens one library and checks that it is a compatible connector, without creating it.
///
/// # Errors
///
/// A one-line [`LoadError`] naming the file: not a library, not a connector, built against
/// another connector-api major version or layout, or a failing root module.
pub fn load_module(path: &Path) -> Result<ConnectorMod_Ref, LoadError> {
    lib_header_from_path(path)
        .and_then(|header| header.init_root_module::<ConnectorMod_Ref>())
        .map_err(|e| describe_library_error(path, e))
}

/// Loads one library and creates its connector with `services`, then reads its spec.
///
/// # Errors
///
/// As [`load_module`], plus `InitFailed` when `new_connector` returns an error and
/// `InvalidSpec` when the descriptor does not parse.
pub fn load_connector(path: &Path, services: HostServices) -> Result<LoadedConnector, LoadError> {
    let module = load_module(path)?;
    let connector = module.new_connector()(services)
        .into_result()
        .map_err(|e| {
            LoadError::new(
                path,
                LoadErrorKind::InitFailed,
                format!("the connector did not start: {e}"),
            )
        })?;
    let spec_text = connector.spec();
    let spec = parse_spec(spec_text.as_str())
        .map_err(|message| LoadError::new(path, LoadErrorKind::InvalidSpec, message))?;
    tracing::debug!(path = %path.display(), name = %spec.name, version = %spec.connector_version,
        "connector loaded");
    Ok(LoadedConnector {
        path: path.to_path_buf(),
        spec,
        connector,
    })
}

/// Parses a connector's descriptor.
///
/// `spec()` cannot fail in the ABI; the SDK reports a failure (e.g. a panic while building the
/// spec) as `{"error": "..."}`, which is shown as such rather than as a missing field.
fn parse_spec(text: &str) -> Result<Spec, String> {
    serde_json::from_str::<Spec>(text).map_err(|e| {
        let failure = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("error").and_then(|m| m.as_str()).map(str::to_string));
        match failure {
            Some(message) => format!("the connector could not describe itself: {message}"),
            None => format!("malformed connector spec: {e}"),
        }
    })
}

/// Loads every connector library at `path` (a file or a directory), creating each with
/// services from `services`. Collects every failure instead of stopping at the first; a
/// directory without any library is itself an error.
pub fn load_all(path: &Path, mut services: impl FnMut() -> HostServices) -> LoadOutcome {
    let mut outcome = LoadOutcome::default();
    let libraries = match find_libraries(path) {
        Ok(libraries) => libraries,
        Err(e) => {
            outcome.errors.push(e);
            return outcome;
        }
    };
    if libraries.is_empty() {
        outcome.errors.push(LoadError::new(
            path,
            LoadErrorKind::NotFound,
            "no connector library (*.so, *.dylib, *.dll) in this directory",
        ));
    }
    for library in libraries {
        match load_connector(&library, services()) {
            Ok(connector) => outcome.connectors.push(connector),
            Err(e) => outcome.errors.push(e),
        }
    }
    outcome
}

/// The connector-api version this host was built against.
fn host_interface_version() -> String {
    use abi_stable::library::RootModule;
    let v = <ConnectorMod_Ref as RootModule>::VERSION_STRINGS;
    v.version.to_string()
}

/// Turns abi_stable's (often multi-line) error into one line naming the cause.
fn describe_library_error(path: &Path, error: LibraryError) -> LoadError {
    use LoadErrorKind as K;
    let (kind, message) =
        match &error {
            LibraryError::OpenError { err, .. } => (
                K::NotALibrary,
                format!(
                    "not a loadable library: {}",
                    strip_path(&err.to_string(), path)
                ),
            ),
            LibraryError::GetSymbolError { .. } => (
                K::NotAConnector,
                "not a connector library: no abi_stable root module".to_string(),
            ),
            LibraryError::InvalidAbiHeader(_) => (
                K::IncompatibleAbiStable,
                "built with an abi_stable version this host cannot load".to_string(),
            ),
            LibraryError::InvalidCAbi { .. } => (
                K::IncompatibleAbiStable,
                "built with a different C ABI than this host".to_string(),
            ),
            LibraryError::ParseVersionError(e) => (
                K::NotAConnector,
                format!("not a connector library: unreadable interface version ({e})"),
            ),
            LibraryError::IncompatibleVersionNumber {
                expected_version,
                actual_version,
                ..
            } => (
                K::IncompatibleVersion,
                format!(
                    "built against connector-api {actual_version} but this host needs {}.x",
                    expected_version.major
                ),
            ),
            LibraryError::AbiInstability(report) => (
                K::IncompatibleLayout,
                format!(
                "incompatible connector ABI: its root module does not match connector-api {}{} \
                 (RUST_LOG=host_runner=debug shows the layout report)",
                host_interface_version(),
                layout_summary(&report.to_string()).map(|s| format!(" ({s})")).unwrap_or_default(),
            ),
            ),
            LibraryError::RootModule { err, .. } => (
                K::InitFailed,
                format!("the library's root module failed: {err}"),
            ),
            LibraryError::Many(errors) => {
                let first = errors.iter().next().map(|e| one_line(&e.to_string()));
                (
                    K::InitFailed,
                    first.unwrap_or_else(|| "unknown loading error".to_string()),
                )
            }
        };
    tracing::debug!(path = %path.display(), report = %error, "abi_stable refused the library");
    LoadError::new(path, kind, message)
}

/// The last mismatch of abi_stable's layout report on one line, e.g. `mismatched package:
/// expected connector-api, found incompatible-connector`.
///
/// The report ends with blocks like `Error:mismatched package\nExpected:\n    a\nFound:\n    b`;
/// its format is not stable, so this is best effort and `None` when it does not match.
fn layout_summary(report: &str) -> Option<String> {
    let lines: Vec<&str> = report.lines().map(str::trim).collect();
    let at = lines.iter().rposition(|l| l.starts_with("Error:"))?;
    let what = lines[at].trim_start_matches("Error:").trim();
    let after = |label: &str| {
        let i = lines[at..].iter().position(|l| *l == label)?;
        lines
            .get(at + i + 1)
            .filter(|l| !l.is_empty())
            .map(|l| l.to_string())
    };
    Some(match (after("Expected:"), after("Found:")) {
        (Some(expected), Some(found)) => format!("{what}: expected {expected}, found {found}"),
        _ => what.to_string(),
    })
}

/// `dlopen` messages start with the path; the error already names it.
fn strip_path(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    message
        .strip_prefix(&shown)
        .map(|rest| rest.trim_start_matches(':').trim_start())
        .unwrap_or(message)
        .to_string()
}

/// Collapses whitespace and line breaks so a message fits on one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_breaks() {
        assert_eq!(one_line("\na\n\tb  c\n"), "a b c");
    }

    #[test]
    fn layout_summary_takes_the_last_error() {
        let report =
            "Compared <this>:\n...\nError:mismatched package\nExpected:\n    connector-api\n\
                      Found:\n    other\n\n";
        assert_eq!(
            layout_summary(report).as_deref(),
            Some("mismatched package: expected connector-api, found other")
        );
        assert_eq!(layout_summary("no structure here"), None);
    }

    #[test]
    fn spec_failure_is_reported_as_such() {
        let err = parse_spec(r#"{"error":"the connector panicked in spec: boom"}"#).unwrap_err();
        assert_eq!(
            err,
            "the connector could not describe itself: the connector panicked in spec: boom"
        );
        let err = parse_spec(r#"{"name":"x"}"#).unwrap_err();
        assert!(
            err.starts_with("malformed connector spec: missing field"),
            "{err}"
        );
    }

    #[test]
    fn library_names_by_extension() {
        assert!(is_library_name(Path::new("/x/libecho.so")));
        assert!(is_library_name(Path::new("/x/echo.DLL")));
        assert!(!is_library_name(Path::new("/x/echo.rlib")));
        assert!(!is_library_name(Path::new("/x/echo")));
    }

    #[test]
    fn cargo_intermediates_are_not_connectors() {
        assert!(is_cargo_intermediate(Path::new(
            "deps/libserde_derive-1a2b3c4d5e6f7a8b.so"
        )));
        assert!(!is_cargo_intermediate(Path::new(
            "deps/libnetsuite_connector.so"
        )));
        assert!(!is_cargo_intermediate(Path::new("libmy-connector.so")));
    }

    #[test]
    fn library_file_names_follow_the_connector_name() {
        let name = library_file_name("my-crm");
        assert!(name.contains("my_crm_connector"), "{name}");
        assert!(name.ends_with(std::env::consts::DLL_SUFFIX), "{name}");
        #[cfg(target_os = "linux")]
        assert_eq!(library_file_name("echo"), "libecho_connector.so");
    }

    #[test]
    fn missing_path_is_one_error() {
        let outcome = load_all(Path::new("/nonexistent/connectors"), || unreachable!());
        assert_eq!(outcome.errors.len(), 1);
        assert_eq!(outcome.errors[0].kind, LoadErrorKind::NotFound);
        assert!(outcome.errors[0]
            .to_string()
            .starts_with("/nonexistent/connectors: cannot read"));
    }

    #[test]
    fn text_file_is_not_a_library() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libbroken.so");
        std::fs::write(&path, "this is not a library\n").unwrap();
        let Err(err) = load_module(&path) else {
            panic!("a text file loaded")
        };
        assert_eq!(err.kind, LoadErrorKind::NotALibrary, "{err}");
        assert!(!err.to_string().contains('\n'));
    }
}
