//! What connector authors write against: a safe layer over the frozen ABI (`connector-api`).
//!
//! Implement [`ConnectorImpl`], [`ConnectionImpl`] and [`OperationImpl`] as plain Rust, then
//! export them with [`export_connector!`](crate::export_connector):
//!
//! ```ignore
//! fn new(host: connector_sdk::Host) -> Result<MyConnector, connector_sdk::ConnectorError> {
//!     Ok(MyConnector { host })
//! }
//! connector_sdk::export_connector!(new);
//! ```
//!
//! The layer converts JSON payloads to and from their typed shapes ([`payload`]), catches a
//! panic at every entry point (the call fails with an `Internal` error, documents without an
//! outcome are marked FAILURE, and the connector instance is poisoned: it refuses every later
//! call), and forwards the connector's `tracing` events to the log sink of the host that made
//! the call. Work a call hands to other threads goes through [`thread::scope`], which carries
//! both guarantees into them.
//!
//! This crate versions on its own: nothing in it is checked when the host loads a plugin, so a
//! breaking change here never makes deployed plugins unloadable.

#![deny(missing_docs)]

mod adapter;
mod guard;
mod log;
mod results;
mod scope;
pub mod thread;

use serde_json::Value;

pub use adapter::new_connector;
pub use connector_api::*;
/// The versioned JSON payloads (specs, connection info, reports, browse).
pub use connector_payload as payload;
pub use connector_payload::ConnectorErrorExt;
pub use results::Results;

use crate::payload::{BrowseRequest, ConnectionInfo, HostConfig, Spec, TestReport};

/// A connector, in plain Rust.
pub trait ConnectorImpl: Send + Sync + 'static {
    /// The descriptor.
    fn spec(&self) -> Spec;

    /// Validates connection settings; no network.
    fn configure(&self, settings: Value) -> Result<Box<dyn ConnectionImpl>, ConnectorError>;
}

/// A configured connection, in plain Rust.
pub trait ConnectionImpl: Send + Sync + 'static {
    /// Pool key, limit and summary.
    fn info(&self) -> ConnectionInfo;

    /// Checks the connection step by step.
    fn test_connection(&self, cancel: &Cancellation) -> Result<TestReport, ConnectorError>;

    /// Object types or a profile.
    fn browse(
        &self,
        request: BrowseRequest,
        cancel: &Cancellation,
    ) -> Result<Value, ConnectorError>;

    /// Validates operation settings.
    fn prepare(&self, operation: Value) -> Result<Box<dyn OperationImpl>, ConnectorError>;
}

/// A prepared operation, in plain Rust.
pub trait OperationImpl: Send + Sync + 'static {
    /// Processes one batch; one final outcome per document through `results`.
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError>;
}

/// The host's services, as a connector author uses them.
#[derive(Clone, Debug)]
pub struct Host {
    services: HostServices,
}

impl Host {
    /// Wraps the services the host handed over.
    pub fn new(services: HostServices) -> Host {
        Host { services }
    }

    /// Sends one HTTP request through the host's transport (blocking).
    pub fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> Result<HttpResponse, TransportError> {
        self.services.transport.send(request, cancel).into_result()
    }

    /// Declares a concurrency budget for a pool key.
    pub fn declare_pool(&self, key: &str, limit: u32) {
        self.services.transport.declare_pool(key.into(), limit)
    }

    /// The host configuration for connectors.
    pub fn config(&self) -> HostConfig {
        serde_json::from_str(&self.services.config_json).unwrap_or_default()
    }

    /// The raw services.
    pub fn services(&self) -> &HostServices {
        &self.services
    }
}

/// Exports a connector: generates the library's root module from a constructor
/// `fn(Host) -> Result<impl ConnectorImpl, ConnectorError>`.
///
/// The crate using it must depend on `abi_stable` directly (its export attribute refers to it).
#[macro_export]
macro_rules! export_connector {
    ($constructor:path) => {
        /// The library's root module, found by the host through `abi_stable`.
        #[allow(missing_docs)]
        #[::abi_stable::export_root_module]
        pub fn connector_root_module() -> $crate::ConnectorMod_Ref {
            use ::abi_stable::prefix_type::PrefixTypeTrait;
            $crate::ConnectorMod {
                new_connector: connector_new_connector,
            }
            .leak_into_prefix()
        }

        extern "C" fn connector_new_connector(
            host: $crate::HostServices,
        ) -> ::abi_stable::std_types::RResult<$crate::ConnectorBox, $crate::ConnectorError> {
            $crate::new_connector(host, $constructor)
        }
    };
}
