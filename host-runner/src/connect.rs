//! From a connection spec to a configured connection: find and load the connector library,
//! start the embedded simulator when no account is configured, and configure — with the
//! connector's field-level errors mapped back to the lines of the connection file.
//!
//! Connector libraries are found, in order: the connection's `library`; `--connectors`
//! (a file, or a directory); the directory of the host-runner executable (where cargo puts
//! the connector libraries it builds) and its `deps/` folder. In a
//! directory, `lib<name>_connector.so` (`.dylib`, `.dll`) is tried first, then every library
//! in it is loaded and the one whose spec has the connector's name is taken.

use std::path::{Path, PathBuf};

use connector_api::{
    ConnectionBox, ConnectorError, ErrorKind, HostServices, LogLevel, OperationBox,
};
use connector_payload::{ConnectionInfo, ConnectorErrorExt, HostConfig};

pub use crate::embedded::EmbeddedSim;

use crate::embedded;
use crate::error::RunError;
use crate::host::host_services;
use crate::log_sink::HostLogSink;
use crate::plugin::{self, LoadedConnector};
use crate::process_file::{ConnectionSpec, SettingsOrigin};
use crate::settings_paths;
use crate::transport::{HostTransport, TransportConfig};

/// How to open a connection.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// A connector library or a directory of them, instead of the executable's directory.
    pub connectors: Option<PathBuf>,
    /// The most verbose level connectors are asked to log.
    pub log_level: LogLevel,
    /// The transport's configuration.
    pub transport: TransportConfig,
    /// What the connector is told about the host (a dry run for `validate`).
    pub host_config: HostConfig,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            connectors: None,
            log_level: LogLevel::Info,
            transport: TransportConfig::default(),
            host_config: HostConfig::default(),
        }
    }
}

/// A configured connection and everything it needs alive.
pub struct Session {
    /// The transport (and concurrency budget) the connector sends through.
    pub transport: HostTransport,
    /// The loaded connector.
    pub connector: LoadedConnector,
    /// The configured connection.
    pub connection: ConnectionBox,
    /// What the connection told the host (pool, summary).
    pub info: ConnectionInfo,
    /// The embedded simulator, when no account was configured.
    pub embedded: Option<EmbeddedSim>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("connector", &self.connector)
            .field("info", &self.info)
            .field("embedded", &self.embedded)
            .finish_non_exhaustive()
    }
}

/// Loads the connector, starts the embedded simulator if needed, and configures.
///
/// # Errors
///
/// [`RunError::Connector`] when the library cannot be found or loaded; [`RunError::Config`]
/// (located in the connection file) when the connector refuses the settings;
/// [`RunError::Setup`] when the transport or the simulator cannot start.
pub fn open(spec: &ConnectionSpec, options: &OpenOptions) -> Result<Session, RunError> {
    let transport = HostTransport::new(options.transport.clone())
        .map_err(|e| RunError::Setup(format!("cannot start the HTTP transport: {e}")))?;
    let services = host_services(
        transport.clone().into_box(),
        HostLogSink::with_max_level(options.log_level),
        &options.host_config,
    );
    let connector = load(spec, options, services)?;

    let mut settings = spec.settings.clone();
    settings_paths::resolve(
        &mut settings,
        &connector.spec.connection,
        &spec.origin.base_dir(),
    );
    let (embedded, settings) =
        match embedded::start_if_wanted(connector.name(), &spec.simulator, &settings)? {
            Some((sim, settings)) => (Some(sim), settings),
            None => (None, settings),
        };

    let connection = connector
        .connector
        .configure(settings.to_string().as_str().into())
        .into_result()
        .map_err(|e| settings_error(&spec.origin, e))?;
    let info: ConnectionInfo = serde_json::from_str(connection.info().as_str()).unwrap_or_default();
    if let (Some(pool), Some(bytes)) = (&info.pool, info.max_response_bytes) {
        transport.limit_response_bytes(&pool.key, bytes);
    }
    Ok(Session {
        transport,
        connector,
        connection,
        info,
        embedded,
    })
}

/// Prepares an operation: paths in its settings made absolute against their file (as the
/// spec of its action marks them), then the connector's `prepare`, with its field-level
/// errors located in the file.
///
/// # Errors
///
/// [`RunError::Config`] when the connector refuses the settings.
pub fn prepare(
    session: &Session,
    operation: &serde_json::Value,
    origin: &SettingsOrigin,
) -> Result<OperationBox, RunError> {
    let mut operation = operation.clone();
    let action = operation
        .get("action")
        .and_then(|a| a.as_str())
        .unwrap_or("");
    if let Some(spec) = session
        .connector
        .spec
        .operations
        .iter()
        .find(|o| o.action.eq_ignore_ascii_case(action))
    {
        settings_paths::resolve(&mut operation, &spec.settings, &origin.base_dir());
    }
    session
        .connection
        .prepare(operation.to_string().as_str().into())
        .into_result()
        .map_err(|e| settings_error(origin, e))
}

/// A connector's refusal of settings (connection or operation) as located problems.
pub fn settings_error(origin: &SettingsOrigin, error: ConnectorError) -> RunError {
    let fields = error.field_errors();
    if !fields.is_empty() {
        return RunError::Config(origin.locate(&fields));
    }
    match error.kind {
        ErrorKind::Config => RunError::config(origin.problem(error.message.to_string())),
        _ => RunError::Connector(format!("the connector refused the settings: {error}")),
    }
}

fn load(
    spec: &ConnectionSpec,
    options: &OpenOptions,
    services: HostServices,
) -> Result<LoadedConnector, RunError> {
    if let Some(library) = &spec.library {
        return load_named(library, &spec.connector, services);
    }
    let place = match &options.connectors {
        Some(place) => place.clone(),
        None => executable_dir()?,
    };
    if place.is_file() {
        return load_named(&place, &spec.connector, services);
    }
    let file_name = plugin::library_file_name(&spec.connector);
    for dir in [place.clone(), place.join("deps")] {
        let candidate = dir.join(&file_name);
        if candidate.is_file() {
            return load_named(&candidate, &spec.connector, services);
        }
    }
    let outcome = plugin::load_all(&place, || services.clone());
    let names: Vec<String> = outcome
        .connectors
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    if let Some(found) = outcome
        .connectors
        .into_iter()
        .find(|c| c.name() == spec.connector)
    {
        return Ok(found);
    }
    let mut message = format!(
        "no connector named {:?} in {} (looked for {file_name} there and in deps/",
        spec.connector,
        place.display()
    );
    if names.is_empty() {
        message.push_str("; no connector loaded there");
    } else {
        message.push_str(&format!("; found: {}", names.join(", ")));
    }
    message.push_str("). Build it with `cargo build --release`, or pass --connectors <PATH>");
    // Other libraries in the folder (proc macros next to test binaries, …) are not
    // connectors; only real connector failures are worth showing.
    for error in outcome
        .errors
        .iter()
        .filter(|e| e.kind != plugin::LoadErrorKind::NotAConnector)
    {
        message.push_str(&format!("\n  {error}"));
    }
    Err(RunError::Connector(message))
}

fn load_named(
    path: &Path,
    name: &str,
    services: HostServices,
) -> Result<LoadedConnector, RunError> {
    let loaded =
        plugin::load_connector(path, services).map_err(|e| RunError::Connector(e.to_string()))?;
    if loaded.name() != name {
        return Err(RunError::Connector(format!(
            "{}: holds the connector {:?}, not {:?}",
            path.display(),
            loaded.name(),
            name
        )));
    }
    Ok(loaded)
}

/// The directory of the running executable.
///
/// # Errors
///
/// When the executable's path is unknown.
pub fn executable_dir() -> Result<PathBuf, RunError> {
    let exe = std::env::current_exe()
        .map_err(|e| RunError::Setup(format!("cannot locate the host-runner executable: {e}")))?;
    Ok(exe
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".")))
}
