//! Shared fixtures: the simulator, the host transport and log capture, the loaded plugin, and
//! XSD validation of everything the connector sent.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::RSlice;
use connector_api::{
    Cancellation, ConnectionBox, ConnectorError, Document, LogLevel, Outcome, ResultSink,
    ResultSink_TO,
};
use connector_payload::{HostConfig, TestReport};
use host_runner::host::host_services;
use host_runner::log_sink::{HostLogSink, LogCapture};
use host_runner::plugin::{load_connector, LoadedConnector};
use host_runner::transport::{HostTransport, TransportConfig};
use netsuite_sim::{AccountConfig, TokenConfig};
use serde_json::{json, Value};

/// The token of the test account, as the simulator knows it.
pub const CONSUMER_KEY: &str = "e2e-consumer-key-0123456789";
pub const CONSUMER_SECRET: &str = "e2e-consumer-secret-s3cr3t-cs";
pub const TOKEN_ID: &str = "e2e-token-id-0123456789";
pub const TOKEN_SECRET: &str = "e2e-token-secret-s3cr3t-ts";
pub const PASSWORD: &str = "e2e-password-s3cr3t-pw";
pub const EMAIL: &str = "e2e@example.com";
pub const APPLICATION_ID: &str = "E2E-APPLICATION-ID";

/// Every secret of this suite: none may appear in any log line, error or Debug output.
pub const SECRETS: [&str; 3] = [CONSUMER_SECRET, TOKEN_SECRET, PASSWORD];

/// The plugin library built by cargo (a dev-dependency of this package, so it is built).
pub fn library() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let deps = exe.parent().expect("deps folder");
        let profile = deps.parent().expect("profile folder");
        let name = format!(
            "{}netsuite_connector{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        );
        // deps/ holds the copy cargo built for this test run (a dev-dependency); a copy in the
        // profile folder may come from an older `cargo build`.
        for dir in [deps, profile] {
            let candidate = dir.join(&name);
            if candidate.exists() {
                return candidate;
            }
        }
        panic!(
            "{name} not found next to {}: build it with `cargo build -p netsuite-connector`",
            exe.display()
        )
    })
    .clone()
}

/// Environment variables holding the test secrets, referenced by the settings.
pub fn export_secrets() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        std::env::set_var("NS_E2E_CONSUMER_SECRET", CONSUMER_SECRET);
        std::env::set_var("NS_E2E_TOKEN_SECRET", TOKEN_SECRET);
        std::env::set_var("NS_E2E_PASSWORD", PASSWORD);
    });
}

/// An account the simulator serves with the suite's token and user.
pub fn account(id: &str) -> AccountConfig {
    let mut a = AccountConfig::new(id)
        .with_token(TokenConfig {
            consumer_key: CONSUMER_KEY.into(),
            consumer_secret: CONSUMER_SECRET.into(),
            token_id: TOKEN_ID.into(),
            token_secret: TOKEN_SECRET.into(),
        })
        .with_user(netsuite_sim::UserConfig {
            email: EMAIL.into(),
            password: PASSWORD.into(),
            role: "3".into(),
        })
        .with_concurrency_limit(10)
        .with_customers(50);
    a.application_ids.push(APPLICATION_ID.into());
    a
}

/// A simulator recording every exchange into a fresh folder (the test kit's).
pub use testkit::sim::{start as sim, Sim};

/// The host side: transport, capturing log sink, and the loaded plugin.
pub struct Host {
    pub transport: HostTransport,
    pub capture: LogCapture,
    pub connector: LoadedConnector,
}

pub fn host() -> Host {
    host_with(HostConfig::default(), TransportConfig::default())
}

pub fn host_with(config: HostConfig, transport_config: TransportConfig) -> Host {
    export_secrets();
    let transport = HostTransport::new(transport_config).expect("transport starts");
    let (sink, capture) = HostLogSink::capturing(LogLevel::Trace);
    let services = host_services(transport.clone().into_box(), sink, &config);
    let connector = load_connector(&library(), services).expect("the NetSuite connector loads");
    Host {
        transport,
        capture,
        connector,
    }
}

impl Host {
    pub fn configure(&self, settings: &Value) -> Result<ConnectionBox, ConnectorError> {
        self.connector
            .connector
            .configure(settings.to_string().as_str().into())
            .into_result()
    }

    /// Every captured log line as text, for leak checks.
    pub fn log_text(&self) -> String {
        self.capture
            .records()
            .iter()
            .map(|r| {
                format!(
                    "{:?} {} {} {}\n",
                    r.level, r.target, r.message, r.fields_json
                )
            })
            .collect()
    }
}

/// Token-based settings against the simulator's generic endpoint, with discovery.
pub fn token_settings(sim: &Sim, account: &str, version: &str) -> Value {
    let tag = version.replace('.', "_");
    json!({
        "url": format!("{}/services/NetSuitePort_{tag}", sim.handle.base_url()),
        "version": version,
        "account": account,
        "consumer_key": CONSUMER_KEY,
        "consumer_secret": {"env": "NS_E2E_CONSUMER_SECRET"},
        "token_id": TOKEN_ID,
        "token_secret": {"env": "NS_E2E_TOKEN_SECRET"},
        "data_center_discovery": "always",
        "retry_initial_wait_ms": 10
    })
}

/// User-credential settings (versions before 2020.2).
pub fn user_settings(sim: &Sim, account: &str, version: &str) -> Value {
    let tag = version.replace('.', "_");
    json!({
        "url": format!("{}/services/NetSuitePort_{tag}", sim.handle.base_url()),
        "version": version,
        "account": account,
        "user": EMAIL,
        "password": {"env": "NS_E2E_PASSWORD"},
        "role": "3",
        "application_id": APPLICATION_ID,
        "data_center_discovery": "always",
        "retry_initial_wait_ms": 10
    })
}

pub fn test_connection(connection: &ConnectionBox) -> TestReport {
    let text = connection
        .test_connection(&Cancellation::new())
        .into_result()
        .expect("test_connection runs");
    serde_json::from_str(&text).expect("a TestReport")
}

/// What one `execute` produced.
#[derive(Debug, Default)]
pub struct Results {
    pub outputs: Vec<(u32, Value)>,
    pub outcomes: Vec<(u32, Outcome)>,
}

impl ResultSink for Results {
    fn output(&mut self, input_index: u32, document: Document) {
        let value = serde_json::from_slice(&document.data).unwrap_or(Value::Null);
        self.outputs.push((input_index, value));
    }
    fn outcome(&mut self, input_index: u32, outcome: Outcome) {
        self.outcomes.push((input_index, outcome));
    }
}

impl Results {
    /// The one outcome of input `i` (panics if there is not exactly one).
    pub fn outcome(&self, i: u32) -> &Outcome {
        let all: Vec<_> = self.outcomes.iter().filter(|(j, _)| *j == i).collect();
        assert_eq!(
            all.len(),
            1,
            "input {i} must have exactly one outcome: {:?}",
            self.outcomes
        );
        &all[0].1
    }
}

pub fn execute(connection: &ConnectionBox, operation: &Value, documents: &[Value]) -> Results {
    let docs: Vec<Document> = documents
        .iter()
        .map(|d| Document::json(d.to_string()))
        .collect();
    execute_documents(connection, operation, &docs)
}

/// [`execute`] with documents as they are (properties included).
pub fn execute_documents(
    connection: &ConnectionBox,
    operation: &Value,
    docs: &[Document],
) -> Results {
    let op = connection
        .prepare(operation.to_string().as_str().into())
        .into_result()
        .expect("operation prepares");
    let mut results = Results::default();
    let sink = ResultSink_TO::from_ptr(&mut results, TD_Opaque);
    op.execute(RSlice::from_slice(docs), sink, &Cancellation::new())
        .into_result()
        .expect("execute runs");
    results
}

/// The shared folder with the official schemas (`<repo>/../shared/suitetalk/xsd`).
pub fn xsd_folder() -> PathBuf {
    testkit::xsd::xsd_root()
}

/// Asserts that no secret appears in `text`.
pub fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "a secret appears in {what}:\n{text}"
        );
    }
}

/// A simulator serving `account` (and the official schemas), the host, and a token-based
/// connection to that account: what most end-to-end tests start from.
pub struct Fixture {
    pub sim: Sim,
    /// Owns the transport and the loaded library the connection uses.
    pub host: Host,
    pub connection: ConnectionBox,
}

pub fn fixture(version: &str, account: AccountConfig) -> Fixture {
    let id = account.id.clone();
    let sim = sim(netsuite_sim::Simulator::builder()
        .account(account)
        .schema_folder(xsd_folder()));
    let host = host();
    let connection = host
        .configure(&token_settings(&sim, &id, version))
        .expect("the connection configures");
    Fixture {
        sim,
        host,
        connection,
    }
}
