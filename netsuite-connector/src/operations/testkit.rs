//! Test support for the operations: a client over the shared kit's scripted transport, and
//! the kit's collectors, schemas and XSD validation under the names these tests use.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use connector_sdk::Host;
use connector_sdk::{Document, HostServices};

pub(crate) use testkit::results::Collected;
pub(crate) use testkit::transport::Script;
pub(crate) use testkit::xsd::{body_element, xsd_root};

use crate::client::Client;
use crate::retry::Backoff;
use crate::settings::{ConnectionSettings, IntegrationRecord};

/// A client over a scripted transport. `schema` names a version folder of the official
/// schemas (`Some("2023_2")`) or none (schemaless: the WSDL download answers 404).
pub(crate) fn client(
    version: &str,
    schema: Option<&str>,
    retries: u32,
) -> (Arc<Client>, Arc<Script>) {
    // Each client has a connector instance of its own (below), so schema availability is not
    // shared between tests however they name their origin.
    let mut settings = serde_json::json!({
        "account": "123456_SB1",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts",
        "version": version,
        "url": format!("http://127.0.0.1:9/services/NetSuitePort_{}", version.replace('.', "_")),
        "data_center_discovery": "never",
        "number_of_retries": retries,
        "retry_initial_wait_ms": 1,
    });
    if let Some(s) = schema {
        settings["schema_folder"] = xsd_root().join(s).to_string_lossy().into();
    }
    let validated = ConnectionSettings::from_json(settings)
        .and_then(|s| s.validate(&IntegrationRecord::default()))
        .expect("test settings are valid");
    let script = Script::new();
    let services = HostServices {
        transport: script.transport(),
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    };
    let backoff = Backoff {
        base: Duration::from_millis(1),
        cap: Duration::from_millis(2),
    };
    (
        Arc::new(Client::new(
            validated,
            Host::new(services),
            backoff,
            Arc::new(crate::state::ConnectorState::with_schema_cache(None)),
        )),
        script,
    )
}

/// `netsuite-connector/testdata/<name>`.
pub(crate) fn testdata(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON document.
pub(crate) fn json_doc(value: serde_json::Value) -> Document {
    Document::json(value.to_string())
}

/// Validates body elements against `<tag>-all.xsd` with one xmllint call.
///
/// # Panics
/// When xmllint reports an invalid document (its report is in the message).
pub(crate) fn assert_valid(tag: &str, bodies: &[(String, String)]) {
    testkit::xsd::validate(tag, bodies).unwrap_or_else(|e| panic!("requests {e}"));
}
