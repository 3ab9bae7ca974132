//! NetSuite connector: SuiteTalk SOAP over the host's transport, loaded as a plugin.
//!
//! `lib.rs` only exports the root module and wires the plain-Rust connector to the SDK; the
//! protocol lives in the modules below and is unit-tested without loading a library.

#![warn(missing_docs)]

mod account;
mod auth;
mod client;
mod concurrency;
mod connection;
mod dry_run;
mod endpoint;
mod envelope;
mod error;
mod governance;
mod ns;
mod operations;
mod parse;
mod record_json;
mod retry;
mod schema;
mod secret;
mod settings;
mod spec;
mod state;
mod version;

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;
use std::time::Duration;

use connector_sdk::payload::Spec;
use connector_sdk::ConnectorError;
use connector_sdk::{ConnectionImpl, ConnectorImpl, Host};

use crate::client::Client;
use crate::connection::NetSuiteConnection;
use crate::retry::Backoff;
use crate::secret::{Secret, SecretRef};
use crate::settings::{ConnectionSettings, IntegrationRecord};
use crate::state::ConnectorState;

/// What the benches (this crate's and the host's), integration tests, the proptest suite and
/// the fuzz targets (`fuzz/`) reach inside the connector; not an API: it changes with the
/// connector.
#[doc(hidden)]
pub mod testing;

/// The NetSuite connector.
pub struct NetSuiteConnector {
    host: Host,
    /// Caches shared by this instance's connections (schemas, data centers).
    state: Arc<ConnectorState>,
}

/// Creates the connector (the library's constructor).
pub fn new_connector(host: Host) -> Result<NetSuiteConnector, ConnectorError> {
    let config = host.config();
    let mut state = ConnectorState::from_env();
    if config.dry_run {
        state = state.in_dry_run(config.show_request);
    }
    Ok(NetSuiteConnector {
        host,
        state: Arc::new(state),
    })
}

/// The exported root module (abi_stable generates an undocumented static for it).
#[allow(missing_docs)]
mod export {
    connector_sdk::export_connector!(super::new_connector);
}

impl NetSuiteConnector {
    /// The deployment's integration record: host configuration first, then the environment.
    fn integration_record(&self) -> IntegrationRecord {
        let config = self.host.config();
        let record = config
            .connectors
            .get("netsuite")
            .and_then(|n| n.get("integration_record"));
        let key = record
            .and_then(|r| r.get("consumer_key"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| std::env::var("NETSUITE_CONSUMER_KEY").ok());
        let secret = record
            .and_then(|r| r.get("consumer_secret"))
            .and_then(|v| serde_json::from_value::<SecretRef>(v.clone()).ok())
            .and_then(|r| r.resolve().ok())
            .or_else(|| {
                std::env::var("NETSUITE_CONSUMER_SECRET")
                    .ok()
                    .map(|s| Secret::new(&s))
            });
        IntegrationRecord {
            consumer_key: key.filter(|k| !k.is_empty()),
            consumer_secret: secret,
        }
    }
}

impl ConnectorImpl for NetSuiteConnector {
    fn spec(&self) -> Spec {
        spec::spec()
    }

    fn configure(
        &self,
        settings: serde_json::Value,
    ) -> Result<Box<dyn ConnectionImpl>, ConnectorError> {
        let settings =
            ConnectionSettings::from_json(settings).map_err(ConnectorError::invalid_settings)?;
        let validated = settings
            .validate(&self.integration_record())
            .map_err(ConnectorError::invalid_settings)?;
        for warning in &validated.warnings {
            tracing::warn!(account = %validated.account, "{warning}");
        }
        self.host.declare_pool(
            &format!("netsuite:{}", validated.account.as_passport()),
            validated.max_concurrent,
        );
        if self.state.first_connection() {
            tracing::debug!("netsuite connector configured its first connection");
        }
        let backoff = Backoff {
            base: Duration::from_millis(validated.retry_initial_wait_ms),
            ..Backoff::default()
        };
        tracing::info!(
            account = %validated.account,
            version = %validated.version,
            auth = validated.credentials.describe(),
            "connection configured"
        );
        Ok(Box::new(NetSuiteConnection::new(Client::new(
            validated,
            self.host.clone(),
            backoff,
            self.state.clone(),
        ))))
    }
}
