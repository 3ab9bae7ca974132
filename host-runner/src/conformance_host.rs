//! The host side of the conformance harness: the real loader, transport and log sink.
//!
//! The harness (`conformance`, in the `tests` package) is generic over
//! [`ConformanceHost`] so that it does not depend on this crate; this is the implementation
//! both the `conformance` command and the end-to-end tests use.

use std::path::Path;
use std::sync::Arc;

use conformance::{CapturedLog, ConformanceHost, InstrumentedServices, LogProbe};
use connector_api::{ConnectorMod_Ref, LogLevel};
use connector_payload::HostConfig;

use crate::log_sink::{HostLogSink, LogCapture};
use crate::plugin;
use crate::transport::HostTransport;

/// Loads with [`plugin::load_module`], sends through a shared [`HostTransport`], and gives each
/// connector instance a capturing [`HostLogSink`] (records also reach the host's log).
#[derive(Clone)]
pub struct RealHost {
    transport: HostTransport,
    config_json: String,
}

impl RealHost {
    /// A host over `transport` with an empty host configuration.
    pub fn new(transport: HostTransport) -> RealHost {
        RealHost::with_config(transport, &HostConfig::default())
    }

    /// A host over `transport` with the given host configuration for connectors.
    pub fn with_config(transport: HostTransport, config: &HostConfig) -> RealHost {
        let config_json = serde_json::to_string(config).unwrap_or_else(|_| "{}".to_string());
        RealHost {
            transport,
            config_json,
        }
    }
}

impl std::fmt::Debug for RealHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The host configuration may reference secrets: never print it.
        f.debug_struct("RealHost").finish_non_exhaustive()
    }
}

impl ConformanceHost for RealHost {
    fn load(&self, path: &Path) -> Result<ConnectorMod_Ref, String> {
        plugin::load_module(path).map_err(|e| e.to_string())
    }

    fn services(&self) -> InstrumentedServices {
        let (sink, capture) = HostLogSink::capturing(LogLevel::Debug);
        InstrumentedServices::new(
            self.transport.clone().into_box(),
            sink.into_box(),
            Arc::new(CaptureProbe(capture)),
            &self.config_json,
        )
    }
}

struct CaptureProbe(LogCapture);

impl LogProbe for CaptureProbe {
    fn records(&self) -> Vec<CapturedLog> {
        self.0
            .records()
            .into_iter()
            .map(|r| CapturedLog {
                level: r.level,
                target: r.target,
                message: r.message,
                fields_json: r.fields_json,
            })
            .collect()
    }
}
