//! The connector's descriptor.

use connector_sdk::payload::{Spec, PAYLOAD_VERSION};

use crate::operations;
use crate::settings::ConnectionSettings;

/// The spec: connection settings schema (from the documented settings type) and operations.
pub(crate) fn spec() -> Spec {
    Spec {
        version: PAYLOAD_VERSION,
        name: "netsuite".into(),
        connector_version: env!("CARGO_PKG_VERSION").into(),
        description: "NetSuite SuiteTalk SOAP web services (versions 2017.1 to 2025.2)".into(),
        connection: schemars::schema_for!(ConnectionSettings).to_value(),
        operations: operations::specs(),
    }
}
