//! Assembling the [`HostServices`] handed to each connector: transport, log sink, config.
//!
//! The services are plain values: every connector may get its own log sink (e.g. one that
//! captures for tests) while sharing one transport, and with it one concurrency budget.

use connector_api::{HostServices, HttpTransportBox};
use connector_payload::HostConfig;

use crate::log_sink::HostLogSink;
use crate::transport::{HostTransport, TransportBuildError, TransportConfig};

/// Builds the services for one connector.
///
/// `config` is the host configuration for connectors; it may reference secrets and is never
/// logged.
pub fn host_services(
    transport: HttpTransportBox,
    log: HostLogSink,
    config: &HostConfig,
) -> HostServices {
    // Serialising a map of JSON values cannot fail; fall back to an empty config regardless.
    let config_json = serde_json::to_string(config).unwrap_or_else(|_| "{}".to_string());
    HostServices {
        transport,
        log: log.into_box(),
        config_json: config_json.into(),
    }
}

/// Services with a default transport, a log sink following the host's filter and an empty
/// host configuration: what the CLI uses when no process file says otherwise.
///
/// # Errors
///
/// When the transport cannot start (see [`TransportBuildError`]).
pub fn default_services() -> Result<impl FnMut() -> HostServices, TransportBuildError> {
    let transport = HostTransport::new(TransportConfig::default())?;
    let config = HostConfig::default();
    Ok(move || {
        host_services(
            transport.clone().into_box(),
            HostLogSink::from_host_filter(),
            &config,
        )
    })
}
