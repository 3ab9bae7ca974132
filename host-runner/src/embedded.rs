//! The embedded default: a NetSuite connection with no account runs against the built-in
//! simulator, so a new user sees the whole system work without a NetSuite account.
//!
//! When the connector is `netsuite` and the settings name no `account`, no `url` and no
//! credentials, the host starts `netsuite-sim` on a loopback port with its demo account
//! ([`netsuite_sim::config::DEMO_ACCOUNT`], token [`netsuite_sim::config::demo_token`]) and
//! completes the settings: the simulator's generic endpoint as `url`,
//! `data_center_discovery = "always"` (so discovery runs as against NetSuite), the demo
//! account and token, the two token secrets as file references in a private temporary
//! folder (secrets always cross as references). The other settings (version, retries,
//! maximum concurrent connections, …) are kept. The log and the summary say so.

use std::path::Path;

use netsuite_sim::config::{demo_token, DEMO_ACCOUNT};
use netsuite_sim::{AccountConfig, BlockingSimHandle, FaultPlan, Simulator, Version};
use serde_json::{json, Value};

use crate::error::RunError;
use crate::process_file::SimulatorSettings;

/// Settings that, when present, mean the user configured a real connection.
const REAL_CONNECTION_KEYS: [&str; 11] = [
    "account",
    "url",
    "consumer_key",
    "consumer_secret",
    "consumer_secret_deprecated",
    "token_id",
    "token_secret",
    "token_secret_deprecated",
    "user",
    "password",
    "use_builtin_integration_record",
];

/// The simulator's default concurrency limit for the demo account.
const DEFAULT_SIM_LIMIT: u32 = 5;

/// True when `connector` is NetSuite and `settings` configure no account of their own.
pub fn wants_embedded(connector: &str, settings: &Value) -> bool {
    if connector != "netsuite" {
        return false;
    }
    let Some(object) = settings.as_object() else {
        return false;
    };
    !REAL_CONNECTION_KEYS
        .iter()
        .any(|key| match object.get(*key) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Bool(b)) => *b,
            Some(_) => true,
        })
}

/// A running embedded simulator and the secrets folder of its demo token.
#[derive(Debug)]
pub struct EmbeddedSim {
    handle: BlockingSimHandle,
    _secrets: tempfile::TempDir,
    /// The generic service URL the connection uses.
    pub url: String,
    /// The demo account.
    pub account: String,
}

impl EmbeddedSim {
    /// Starts the simulator and returns it with the completed settings.
    ///
    /// # Errors
    ///
    /// [`RunError::Setup`] when the simulator or the secrets folder cannot be created.
    pub fn start(
        simulator: &SimulatorSettings,
        settings: &Value,
    ) -> Result<(EmbeddedSim, Value), RunError> {
        let mut settings = settings.as_object().cloned().unwrap_or_default();
        let wanted = settings
            .get("max_concurrent_connections")
            .and_then(Value::as_u64)
            .unwrap_or(1) as u32;
        let limit = simulator
            .concurrency_limit
            .unwrap_or(DEFAULT_SIM_LIMIT.max(wanted));
        let mut account = AccountConfig::new(DEMO_ACCOUNT)
            .with_token(demo_token())
            .with_concurrency_limit(limit);
        if let Some(customers) = simulator.customers {
            account = account.with_customers(customers);
        }
        if let Some(latency_ms) = simulator.latency_ms.filter(|l| *l > 0) {
            account = account.with_faults(FaultPlan {
                latency_ms,
                ..FaultPlan::default()
            });
        }
        let mut builder = Simulator::builder().account(account);
        if let Some(folder) = &simulator.schema_folder {
            builder = builder.schema_folder(folder);
        }
        let handle = builder
            .start_blocking()
            .map_err(|e| RunError::Setup(format!("cannot start the embedded simulator: {e}")))?;

        let version = settings
            .get("version")
            .and_then(Value::as_str)
            .and_then(|v| Version::from_tag(&v.trim().replace('.', "_")))
            .unwrap_or(netsuite_sim::version::NEWEST);
        let url = handle.service_url(version);

        let token = demo_token();
        let secrets = tempfile::Builder::new()
            .prefix("host-runner-demo-")
            .tempdir()
            .map_err(|e| {
                RunError::Setup(format!("cannot create a folder for the demo secrets: {e}"))
            })?;
        let consumer_secret =
            write_secret(secrets.path(), "consumer_secret", &token.consumer_secret)?;
        let token_secret = write_secret(secrets.path(), "token_secret", &token.token_secret)?;
        settings.insert("url".into(), json!(url));
        settings.insert("account".into(), json!(DEMO_ACCOUNT));
        settings.insert("consumer_key".into(), json!(token.consumer_key));
        settings.insert("consumer_secret".into(), json!({ "file": consumer_secret }));
        settings.insert("token_id".into(), json!(token.token_id));
        settings.insert("token_secret".into(), json!({ "file": token_secret }));
        settings.insert("data_center_discovery".into(), json!("always"));

        tracing::info!(
            url = %url,
            account = DEMO_ACCOUNT,
            "no NetSuite account configured: running against the embedded simulator (set \
             `account` and token-based credentials in the connection to use a real account)"
        );
        Ok((
            EmbeddedSim {
                handle,
                _secrets: secrets,
                url,
                account: DEMO_ACCOUNT.to_string(),
            },
            Value::Object(settings),
        ))
    }

    /// The running simulator (counters, URLs).
    pub fn handle(&self) -> &BlockingSimHandle {
        &self.handle
    }
}

fn write_secret(folder: &Path, name: &str, value: &str) -> Result<String, RunError> {
    let path = folder.join(name);
    std::fs::write(&path, value)
        .map_err(|e| RunError::Setup(format!("cannot write the demo secret {name}: {e}")))?;
    Ok(path.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_only_without_an_account_or_credentials() {
        assert!(wants_embedded("netsuite", &json!({})));
        assert!(wants_embedded(
            "netsuite",
            &json!({"max_concurrent_connections": 4, "version": "2023.2"})
        ));
        assert!(!wants_embedded("netsuite", &json!({"account": "123"})));
        assert!(!wants_embedded("netsuite", &json!({"consumer_key": "ck"})));
        assert!(wants_embedded("netsuite", &json!({"account": ""})));
        assert!(!wants_embedded("echo", &json!({})));
    }
}
