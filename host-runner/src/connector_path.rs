//! The connector search path: where connector libraries are looked for, and finding the one
//! with a connector's name there.
//!
//! In order:
//! 1. the connection's `library` (relative to the connection file); when set, it is the only
//!    file tried;
//! 2. `--connectors` (a library or a directory);
//! 3. `HOST_RUNNER_CONNECTORS` (directories or libraries, separated by `:`, `;` on Windows);
//! 4. the host-runner executable's folder and its `deps/` (where cargo puts what it builds);
//! 5. `<exe dir>/../lib/host-runner/connectors` (the installed layout `scripts/dist.sh` makes).
//!
//! A first pass tries `lib<name>_connector.so` (`.dylib`, `.dll`) in each place, so the usual
//! case loads one library; only when no place has it is every library of every place loaded
//! and the one whose spec has the connector's name taken. When nothing matches, the error
//! names every place and what was there.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use connector_api::HostServices;

use crate::error::RunError;
use crate::plugin::{self, LoadError, LoadErrorKind, LoadOutcome, LoadedConnector};

/// The environment variable that adds places to the search path.
pub const ENV_VAR: &str = "HOST_RUNNER_CONNECTORS";

/// Below the executable's parent folder: where an installed layout keeps its connectors.
const INSTALLED: &str = "lib/host-runner/connectors";

/// One place on the search path, and why it is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// A directory or a library file.
    pub path: PathBuf,
    /// Where the place comes from.
    pub origin: Origin,
}

/// Why a place is on the search path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// The `--connectors` option.
    Option,
    /// The `HOST_RUNNER_CONNECTORS` environment variable.
    Env,
    /// The folder of the host-runner executable.
    ExeDir,
    /// The `deps/` folder beside the executable (cargo's build output).
    ExeDeps,
    /// `<exe dir>/../lib/host-runner/connectors`.
    Installed,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.origin {
            Origin::Option => "--connectors",
            Origin::Env => ENV_VAR,
            Origin::ExeDir => "host-runner's folder",
            Origin::ExeDeps => "host-runner's folder/deps",
            Origin::Installed => "<exe dir>/../lib/host-runner/connectors",
        };
        write!(f, "{} ({why})", self.path.display())
    }
}

/// The search path after the connection's `library`: `connectors` (the option), then
/// `HOST_RUNNER_CONNECTORS`, then the places beside the running executable.
pub fn places(connectors: Option<&Path>) -> Vec<Place> {
    places_from(
        connectors,
        std::env::var_os(ENV_VAR),
        executable_dir().ok().as_deref(),
    )
}

fn places_from(
    connectors: Option<&Path>,
    env: Option<OsString>,
    exe_dir: Option<&Path>,
) -> Vec<Place> {
    let mut places = Vec::new();
    let mut add = |path: PathBuf, origin| {
        if !path.as_os_str().is_empty() && !places.iter().any(|p: &Place| p.path == path) {
            places.push(Place { path, origin });
        }
    };
    if let Some(path) = connectors {
        add(path.to_path_buf(), Origin::Option);
    }
    for path in env.iter().flat_map(std::env::split_paths) {
        add(path, Origin::Env);
    }
    if let Some(dir) = exe_dir {
        add(dir.to_path_buf(), Origin::ExeDir);
        add(dir.join("deps"), Origin::ExeDeps);
        if let Some(prefix) = dir.parent() {
            add(prefix.join(INSTALLED), Origin::Installed);
        }
    }
    places
}

/// Loads the connection's own `library`, made absolute: a relative one was joined to the
/// connection file's folder, and a bare file name must never reach the system's library
/// search path.
///
/// # Errors
///
/// [`RunError::Connector`] naming the connection file when the library does not exist, does
/// not load, or holds another connector.
pub fn load_library(
    library: &Path,
    connection_file: &Path,
    name: &str,
    services: HostServices,
) -> Result<LoadedConnector, RunError> {
    let path = std::path::absolute(library).unwrap_or_else(|_| library.to_path_buf());
    let named_in = format!("{}: library", connection_file.display());
    if !path.is_file() {
        return Err(RunError::Connector(format!(
            "{named_in}: {} does not exist (a relative library is relative to the connection \
             file's folder); remove `library` to search the connector path instead",
            path.display()
        )));
    }
    let loaded = plugin::load_connector(&path, services)
        .map_err(|e| RunError::Connector(format!("{named_in}: {e}")))?;
    if loaded.name() != name {
        return Err(RunError::Connector(format!(
            "{named_in}: {} holds the connector {:?}, not {name:?}",
            path.display(),
            loaded.name()
        )));
    }
    Ok(loaded)
}

/// Finds the connector named `name` on the search path `places`, creating each library it
/// loads with services from `services`.
///
/// # Errors
///
/// [`RunError::Connector`] listing every place and what it held, and how to fix it.
pub fn find(
    name: &str,
    places: &[Place],
    mut services: impl FnMut() -> HostServices,
) -> Result<LoadedConnector, RunError> {
    let file_name = plugin::library_file_name(name);
    let mut tried = HashSet::new();
    let mut held: Vec<(usize, String)> = Vec::new();
    let mut errors: Vec<LoadError> = Vec::new();

    for (at, place) in places.iter().enumerate() {
        let candidate = if place.path.is_dir() {
            place.path.join(&file_name)
        } else {
            place.path.clone()
        };
        if !candidate.is_file() || !tried.insert(candidate.clone()) {
            continue;
        }
        match plugin::load_connector(&candidate, services()) {
            Ok(found) if found.name() == name => return Ok(found),
            Ok(other) => held.push((at, other.name().to_string())),
            Err(e) => errors.push(e),
        }
    }
    for (at, place) in places.iter().enumerate() {
        if !place.path.is_dir() {
            continue;
        }
        for library in plugin::find_libraries(&place.path).unwrap_or_default() {
            if !tried.insert(library.clone()) {
                continue;
            }
            match plugin::load_connector(&library, services()) {
                Ok(found) if found.name() == name => return Ok(found),
                Ok(other) => held.push((at, other.name().to_string())),
                Err(e) => errors.push(e),
            }
        }
    }
    Err(RunError::Connector(not_found(
        name, &file_name, places, &held, &errors,
    )))
}

/// Every connector on the search path, for listing: each place's libraries in order, a
/// library whose file name an earlier place already had skipped (cargo keeps two copies, in
/// the profile folder and in deps/). Places that do not exist are not errors.
pub fn load_all(places: &[Place], mut services: impl FnMut() -> HostServices) -> LoadOutcome {
    let mut outcome = LoadOutcome::default();
    let mut seen = HashSet::new();
    for place in places.iter().filter(|p| p.path.exists()) {
        let libraries = match plugin::find_libraries(&place.path) {
            Ok(libraries) => libraries,
            Err(e) => {
                outcome.errors.push(e);
                continue;
            }
        };
        for library in libraries {
            if !seen.insert(library.file_name().map(OsString::from)) {
                continue;
            }
            match plugin::load_connector(&library, services()) {
                Ok(connector) => outcome.connectors.push(connector),
                Err(e) => outcome.errors.push(e),
            }
        }
    }
    outcome
}

/// The places of the search path, one per line (indented), for messages.
pub fn describe(places: &[Place]) -> String {
    places
        .iter()
        .map(|p| format!("\n  {p}: {}", State::of(p).text()))
        .collect()
}

/// What a place held when it was searched.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Missing,
    NoLibrary,
    Libraries,
    Library,
}

impl State {
    fn of(place: &Place) -> State {
        if place.path.is_dir() {
            match plugin::find_libraries(&place.path) {
                Ok(libraries) if !libraries.is_empty() => State::Libraries,
                _ => State::NoLibrary,
            }
        } else if place.path.exists() {
            State::Library
        } else {
            State::Missing
        }
    }

    fn text(self) -> &'static str {
        match self {
            State::Missing => "does not exist",
            State::NoLibrary => "no library",
            State::Libraries => "has libraries",
            State::Library => "a library",
        }
    }
}

fn not_found(
    name: &str,
    file_name: &str,
    places: &[Place],
    held: &[(usize, String)],
    errors: &[LoadError],
) -> String {
    let mut message = format!(
        "no connector named {name:?} on the connector search path (looked for {file_name}, \
         then in every library):"
    );
    for (at, place) in places.iter().enumerate() {
        let names: Vec<&str> = held
            .iter()
            .filter(|(i, _)| *i == at)
            .map(|(_, n)| n.as_str())
            .collect();
        let what = if names.is_empty() {
            match State::of(place) {
                State::Libraries | State::Library => "no connector",
                other => other.text(),
            }
            .to_string()
        } else {
            format!("holds {}", names.join(", "))
        };
        message.push_str(&format!("\n  {place}: {what}"));
    }
    // Other libraries in a folder (proc macros next to test binaries, …) are not connectors;
    // only real connector failures are worth showing.
    for error in errors
        .iter()
        .filter(|e| e.kind != LoadErrorKind::NotAConnector)
    {
        message.push_str(&format!("\n  cannot load {error}"));
    }
    message.push_str(&format!(
        "\nTo fix: install host-runner with scripts/dist.sh (its tarball keeps the connectors in \
         lib/host-runner/connectors beside bin/; `cargo install` alone brings none), or say \
         where {file_name} is: `library = \"…\"` in the connection file, --connectors <PATH> \
         or {ENV_VAR}=<DIR>. In a source tree, `cargo build --release` puts it beside \
         target/release/host-runner."
    ));
    message
}

/// The directory of the running executable (symbolic links resolved, so an installed
/// layout is found through a link to its `bin/host-runner`).
///
/// # Errors
///
/// When the executable's path is unknown.
pub fn executable_dir() -> Result<PathBuf, RunError> {
    let exe = std::env::current_exe()
        .map_err(|e| RunError::Setup(format!("cannot locate the host-runner executable: {e}")))?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    Ok(exe
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(places: &[Place]) -> Vec<(String, Origin)> {
        places
            .iter()
            .map(|p| (p.path.display().to_string(), p.origin))
            .collect()
    }

    #[test]
    fn the_search_path_is_option_then_environment_then_beside_the_executable() {
        let places = places_from(
            Some(Path::new("/opt/c")),
            Some("/env/a::/env/b.so".into()),
            Some(Path::new("/usr/local/bin")),
        );
        assert_eq!(
            paths(&places),
            [
                ("/opt/c".to_string(), Origin::Option),
                ("/env/a".to_string(), Origin::Env),
                ("/env/b.so".to_string(), Origin::Env),
                ("/usr/local/bin".to_string(), Origin::ExeDir),
                ("/usr/local/bin/deps".to_string(), Origin::ExeDeps),
                (
                    "/usr/local/lib/host-runner/connectors".to_string(),
                    Origin::Installed
                ),
            ]
        );
    }

    #[test]
    fn a_place_named_twice_is_searched_once() {
        let places = places_from(
            Some(Path::new("/usr/local/bin")),
            Some("/usr/local/bin".into()),
            Some(Path::new("/usr/local/bin")),
        );
        assert_eq!(places.len(), 3, "{places:?}");
        assert_eq!(places[0].origin, Origin::Option);
    }

    #[test]
    fn the_error_names_every_place_and_the_fixes() {
        let places = places_from(
            None,
            Some("/nonexistent/a".into()),
            Some(Path::new("/x/bin")),
        );
        let message = not_found("netsuite", "libnetsuite_connector.so", &places, &[], &[]);
        for expected in [
            "no connector named \"netsuite\"",
            "/nonexistent/a (HOST_RUNNER_CONNECTORS): does not exist",
            "/x/bin (host-runner's folder): does not exist",
            "/x/bin/deps (host-runner's folder/deps): does not exist",
            "/x/lib/host-runner/connectors (<exe dir>/../lib/host-runner/connectors): does not",
            "scripts/dist.sh",
            "--connectors <PATH>",
            "HOST_RUNNER_CONNECTORS=<DIR>",
        ] {
            assert!(
                message.contains(expected),
                "{expected:?} missing from:\n{message}"
            );
        }
    }
}
