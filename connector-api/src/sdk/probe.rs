//! Conformance probes: a built-in operation that lets a conformance harness exercise the
//! layer's guarantees (panic containment, cancellation) on any SDK-built connector.
//!
//! Only available when the host process sets `CONNECTOR_CONFORMANCE_PROBES=1`, so production
//! hosts can never reach it. Operation settings `{"action": "CONFORMANCE_PROBE"}`; documents:
//! `{"panic": true}` panics inside the connector, `{"sleep_ms": N}` works for N ms while
//! honouring cancellation, anything else succeeds.

use std::time::{Duration, Instant};

use super::{OperationImpl, Results};
use crate::{Cancellation, ConnectorError, Document, Outcome};

/// The action name of the probe operation.
pub const PROBE_ACTION: &str = "CONFORMANCE_PROBE";

/// The environment variable that enables probes.
pub const PROBE_ENV: &str = "CONNECTOR_CONFORMANCE_PROBES";

/// True when `operation` asks for the probe and the host enabled probes.
pub(crate) fn is_probe(operation: &serde_json::Value) -> bool {
    operation.get("action").and_then(|a| a.as_str()) == Some(PROBE_ACTION)
        && std::env::var(PROBE_ENV).as_deref() == Ok("1")
}

pub(crate) struct ProbeOperation;

impl OperationImpl for ProbeOperation {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        for (i, doc) in batch.iter().enumerate() {
            let value: serde_json::Value = serde_json::from_slice(&doc.data).unwrap_or_default();
            tracing::info!(index = i, "conformance probe document");
            if value.get("panic").and_then(|p| p.as_bool()) == Some(true) {
                panic!("conformance probe: panic requested by document {i}");
            }
            if let Some(ms) = value.get("sleep_ms").and_then(|s| s.as_u64()) {
                let until = Instant::now() + Duration::from_millis(ms);
                while Instant::now() < until && !cancel.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if cancel.is_cancelled() {
                    results.outcome(i, Outcome::failure("CANCELLED", "cancelled while working"));
                    continue;
                }
            }
            results.outcome(i, Outcome::success());
        }
        Ok(())
    }
}
