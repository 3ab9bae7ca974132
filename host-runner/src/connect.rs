//! From a connection spec to a configured connection: find and load the connector library,
//! start the embedded simulator when no account is configured, and configure — with the
//! connector's field-level errors mapped back to the lines of the connection file.
//!
//! Where connector libraries are looked for is [`connector_path`](crate::connector_path)'s
//! business.

use std::path::PathBuf;

use connector_api::{
    ConnectionBox, ConnectorError, ErrorKind, HostServices, LogLevel, OperationBox,
};
use connector_payload::{ConnectionInfo, ConnectorErrorExt, HostConfig};

pub use crate::embedded::EmbeddedSim;

use crate::connector_path;
use crate::embedded;
use crate::error::RunError;
use crate::host::host_services;
use crate::log_sink::HostLogSink;
use crate::plugin::LoadedConnector;
use crate::process_file::{ConnectionSpec, SettingsOrigin};
use crate::settings_paths;
use crate::transport::{HostTransport, TransportConfig};

/// How to open a connection.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// A connector library or a directory of them, searched before `HOST_RUNNER_CONNECTORS`
    /// and the executable's folders.
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
    let (embedded, settings) = match embedded::start_if_wanted(
        connector.name(),
        &spec.simulator,
        &settings,
        options.host_config.dry_run,
    )? {
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
    match &spec.library {
        Some(library) => {
            connector_path::load_library(library, &spec.origin.file, &spec.connector, services)
        }
        None => connector_path::find(
            &spec.connector,
            &connector_path::places(options.connectors.as_deref()),
            || services.clone(),
        ),
    }
}
