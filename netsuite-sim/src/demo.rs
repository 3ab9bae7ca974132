//! The demo connection: what a host needs to run a NetSuite connection with no account against
//! this simulator, without knowing any NetSuite setting name.
//!
//! The host hands over the connector's name and the connection settings as opaque JSON, and
//! gets settings back:
//!
//! ```no_run
//! use netsuite_sim::demo::{self, DemoOptions};
//! # fn main() -> std::io::Result<()> {
//! let settings = serde_json::json!({ "version": "2023.2" });
//! if demo::wants_demo("netsuite", &settings) {
//!     let sim = demo::start(&DemoOptions::default(), &settings)?;
//!     let completed = demo::connection_settings(&sim, &settings);
//!     // … configure the connector with `completed`; keep `sim` alive while it runs.
//! }
//! # Ok(()) }
//! ```
//!
//! [`connection_settings`] fills in the simulator's generic endpoint as `url`,
//! `data_center_discovery = "always"` (so discovery runs as against NetSuite), the demo account
//! ([`DEMO_ACCOUNT`]) and its token ([`demo_token`]), with the two token secrets as
//! `{ "file": … }` references: secrets always cross as references. The files live in a private
//! folder (mode 0700, files 0600 on Unix) that is removed when the [`DemoSim`] is dropped. The
//! other settings (version, retries, maximum concurrent connections, …) are kept.
//!
//! The demo is typed: unless [`DemoOptions::schema_folder`] names official sets, the simulator
//! serves a WSDL/XSD set of its own at the account's WSDL URL ([`crate::schema_gen`]), which
//! the connector downloads (only when an operation needs it, and keeps in memory: the port
//! changes every run) and checks documents against, as against an account.
//!
//! For `host-runner conformance --simulator`, [`conformance`] starts a simulator with every demo
//! account and gives the values the NetSuite conformance profile's placeholders and `{"env": …}`
//! references expect.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::config::{demo_token, DEMO_ACCOUNT};
use crate::{AccountConfig, BlockingSimHandle, FaultPlan, Simulator, Version};

/// The name of the connector the demo serves.
pub const CONNECTOR: &str = "netsuite";

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

/// The demo account's concurrency limit when neither the options nor the settings ask for more.
const DEFAULT_LIMIT: u32 = 5;

/// True when `connector` is NetSuite and `settings` configure no account of their own (no
/// account, no URL, no credentials; empty strings and `false` count as absent).
pub fn wants_demo(connector: &str, settings: &Value) -> bool {
    if connector != CONNECTOR {
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

/// How the demo simulator behaves (a process file's `[simulator]` section).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoOptions {
    /// Customers seeded in the demo account (default 100).
    pub customers: Option<usize>,
    /// Latency added to every request, in milliseconds (default 0).
    pub latency_ms: Option<u64>,
    /// The demo account's concurrency limit (default: 5, or the connection's maximum
    /// concurrent connections when higher).
    pub concurrency_limit: Option<u32>,
    /// A folder of SuiteTalk WSDL/XSD sets (`<folder>/<YYYY_N>/netsuite.wsdl`) to serve;
    /// without one the simulator serves its own generated set, so the demo runs typed.
    pub schema_folder: Option<PathBuf>,
}

/// A running demo simulator and the private folder of its token secrets. Dropping it stops the
/// simulator and removes the folder.
#[derive(Debug)]
pub struct DemoSim {
    handle: BlockingSimHandle,
    secrets: SecretFiles,
    url: String,
    version: Version,
    /// The schema folder the simulator serves, when given one.
    schema_folder: Option<PathBuf>,
}

impl DemoSim {
    /// The running simulator (counters, URLs).
    pub fn handle(&self) -> &BlockingSimHandle {
        &self.handle
    }

    /// The service URL the demo connection uses (the generic endpoint of its version).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The demo account.
    pub fn account(&self) -> &str {
        DEMO_ACCOUNT
    }

    /// What is being simulated, for messages: `NetSuite simulator`.
    pub fn name(&self) -> &'static str {
        "NetSuite simulator"
    }

    /// The message to log when the demo is used: why, and how to use a real account instead.
    pub fn notice(&self) -> &'static str {
        "no NetSuite account configured: running against the embedded simulator (set \
         `account` and token-based credentials in the connection to use a real account)"
    }

    /// The folder holding the demo token's secret files.
    pub fn secrets_folder(&self) -> &Path {
        &self.secrets.folder
    }
}

/// Starts the simulator with the demo account, sized for `settings` (the connection's maximum
/// concurrent connections raises the default limit; its version picks the endpoint), and writes
/// the token secrets into a private folder.
///
/// # Errors
///
/// When the simulator cannot start or the secrets folder cannot be written.
pub fn start(options: &DemoOptions, settings: &Value) -> io::Result<DemoSim> {
    let wanted = settings
        .get("max_concurrent_connections")
        .and_then(Value::as_u64)
        .map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let limit = options
        .concurrency_limit
        .unwrap_or(DEFAULT_LIMIT.max(wanted));
    let mut account = AccountConfig::new(DEMO_ACCOUNT)
        .with_token(demo_token())
        .with_concurrency_limit(limit);
    if let Some(customers) = options.customers {
        account = account.with_customers(customers);
    }
    if let Some(latency_ms) = options.latency_ms.filter(|l| *l > 0) {
        account = account.with_faults(FaultPlan {
            latency_ms,
            ..FaultPlan::default()
        });
    }
    let mut builder = Simulator::builder().account(account);
    if let Some(folder) = &options.schema_folder {
        builder = builder.schema_folder(folder);
    }
    let handle = builder.start_blocking()?;
    let version = settings
        .get("version")
        .and_then(Value::as_str)
        .and_then(|v| Version::from_tag(&v.trim().replace('.', "_")))
        .unwrap_or(crate::version::NEWEST);
    let url = handle.service_url(version);
    let secrets = SecretFiles::write().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot write the demo secrets to a private folder: {e}"),
        )
    })?;
    Ok(DemoSim {
        handle,
        secrets,
        url,
        version,
        schema_folder: options.schema_folder.clone(),
    })
}

/// `settings` completed for a check that sends nothing (`host-runner validate`): as
/// [`connection_settings`], plus a `schema_folder` holding the schema the simulator serves —
/// its own generated set, written into the private folder, or the folder it was given — so the
/// connector checks documents with it without downloading anything.
///
/// # Errors
///
/// When the generated set cannot be written.
pub fn offline_connection_settings(sim: &DemoSim, settings: &Value) -> io::Result<Value> {
    let mut settings = connection_settings(sim, settings);
    let folder = match &sim.schema_folder {
        Some(folder) => folder.clone(),
        None => {
            let folder = sim.secrets.folder.join("schema");
            crate::schema_gen::write_set(&folder, sim.version)?;
            folder
        }
    };
    settings["schema_folder"] = json!(folder.to_string_lossy());
    Ok(settings)
}

/// `settings` completed for the demo: url, account, token ids, the two token secrets as file
/// references, and discovery always on; every other setting is kept.
pub fn connection_settings(sim: &DemoSim, settings: &Value) -> Value {
    let mut settings: Map<String, Value> = settings.as_object().cloned().unwrap_or_default();
    let token = demo_token();
    let file = |path: &Path| json!({ "file": path.to_string_lossy() });
    settings.insert("url".into(), json!(sim.url));
    settings.insert("account".into(), json!(DEMO_ACCOUNT));
    settings.insert("consumer_key".into(), json!(token.consumer_key));
    settings.insert("consumer_secret".into(), file(&sim.secrets.consumer_secret));
    settings.insert("token_id".into(), json!(token.token_id));
    settings.insert("token_secret".into(), file(&sim.secrets.token_secret));
    settings.insert("data_center_discovery".into(), json!("always"));
    Value::Object(settings)
}

/// A simulator for the NetSuite conformance profile, and what the profile needs from it.
#[derive(Debug)]
pub struct ConformanceSim {
    /// The running simulator (every demo account).
    pub handle: BlockingSimHandle,
    /// Values for the profile's `{{NAME}}` placeholders (`SIM_URL`: the generic origin).
    pub substitutions: BTreeMap<String, String>,
    /// Environment variables the profile's `{"env": …}` references read (the demo token's
    /// secrets). The caller sets them for its own process.
    pub env: BTreeMap<String, String>,
}

/// Starts a simulator with the demo accounts for a conformance run: `latency_ms` on every
/// request, serving `schemas` (`<DIR>/<YYYY_N>/netsuite.wsdl`) when given.
///
/// # Errors
///
/// When the simulator cannot start.
pub fn conformance(schemas: Option<&Path>, latency_ms: u64) -> io::Result<ConformanceSim> {
    let plan = FaultPlan {
        latency_ms,
        ..FaultPlan::default()
    };
    let mut builder = Simulator::builder().default_faults(plan);
    if let Some(folder) = schemas {
        builder = builder.schema_folder(folder);
    }
    let handle = builder.start_blocking()?;
    let token = demo_token();
    let substitutions = BTreeMap::from([("SIM_URL".to_owned(), handle.base_url())]);
    let env = BTreeMap::from([
        (
            "NETSUITE_SIM_CONSUMER_SECRET".to_owned(),
            token.consumer_secret,
        ),
        ("NETSUITE_SIM_TOKEN_SECRET".to_owned(), token.token_secret),
    ]);
    Ok(ConformanceSim {
        handle,
        substitutions,
        env,
    })
}

/// The demo token's secrets as files in a private temporary folder, removed on drop.
struct SecretFiles {
    folder: PathBuf,
    consumer_secret: PathBuf,
    token_secret: PathBuf,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for SecretFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Paths only: never the files' contents.
        f.debug_struct("SecretFiles")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

impl SecretFiles {
    fn write() -> io::Result<SecretFiles> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("host-runner-demo-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = builder.tempdir()?;
        let token = demo_token();
        let consumer_secret = write_private(dir.path(), "consumer_secret", &token.consumer_secret)?;
        let token_secret = write_private(dir.path(), "token_secret", &token.token_secret)?;
        Ok(SecretFiles {
            folder: dir.path().to_path_buf(),
            consumer_secret,
            token_secret,
            _dir: dir,
        })
    }
}

/// Writes `value` to a new file only its owner can read.
fn write_private(folder: &Path, name: &str, value: &str) -> io::Result<PathBuf> {
    let path = folder.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    file.write_all(value.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_only_without_an_account_or_credentials() {
        assert!(wants_demo("netsuite", &json!({})));
        assert!(wants_demo(
            "netsuite",
            &json!({"max_concurrent_connections": 4, "version": "2023.2"})
        ));
        assert!(!wants_demo("netsuite", &json!({"account": "123"})));
        assert!(!wants_demo("netsuite", &json!({"consumer_key": "ck"})));
        assert!(wants_demo("netsuite", &json!({"account": ""})));
        assert!(!wants_demo("echo", &json!({})));
    }

    #[test]
    fn settings_are_completed_with_secret_references_in_a_private_folder() {
        let settings = json!({"version": "2023.2", "number_of_retries": 2});
        let sim = start(&DemoOptions::default(), &settings).unwrap();
        let completed = connection_settings(&sim, &settings);
        assert_eq!(completed["number_of_retries"], 2);
        assert_eq!(completed["version"], "2023.2");
        assert_eq!(completed["account"], DEMO_ACCOUNT);
        assert_eq!(completed["data_center_discovery"], "always");
        assert!(completed["url"]
            .as_str()
            .unwrap()
            .ends_with("/services/NetSuitePort_2023_2"));
        assert_eq!(completed["url"].as_str(), Some(sim.url()));
        let token = demo_token();
        for (key, secret) in [
            ("consumer_secret", &token.consumer_secret),
            ("token_secret", &token.token_secret),
        ] {
            let path = PathBuf::from(completed[key]["file"].as_str().unwrap());
            assert!(path.starts_with(sim.secrets_folder()), "{key}");
            assert_eq!(&std::fs::read_to_string(&path).unwrap(), secret);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{key}");
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(sim.secrets_folder())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let folder = sim.secrets_folder().to_path_buf();
        drop(sim);
        assert!(!folder.exists(), "the secrets folder is removed on drop");
    }

    #[test]
    fn the_limit_follows_the_settings_unless_the_options_say_otherwise() {
        let settings = json!({"max_concurrent_connections": 8});
        let sim = start(&DemoOptions::default(), &settings).unwrap();
        assert_eq!(sim.handle().accounts()[0].concurrency_limit, 8);
        let options = DemoOptions {
            concurrency_limit: Some(2),
            ..DemoOptions::default()
        };
        let sim = start(&options, &settings).unwrap();
        assert_eq!(sim.handle().accounts()[0].concurrency_limit, 2);
    }

    #[test]
    fn conformance_gives_the_profiles_placeholders() {
        let sim = conformance(None, 0).unwrap();
        assert_eq!(sim.substitutions["SIM_URL"], sim.handle.base_url());
        assert_eq!(
            sim.env["NETSUITE_SIM_TOKEN_SECRET"],
            demo_token().token_secret
        );
        assert!(sim.env.contains_key("NETSUITE_SIM_CONSUMER_SECRET"));
    }
}
