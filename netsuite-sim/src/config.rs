//! Simulator settings: accounts with their credentials, governance, latency and fault plans.
//!
//! The same types are built by the library builder and read from the binary's accounts file
//! (TOML, `deny_unknown_fields`). Secrets never appear in `Debug` output.
//!
//! An accounts file looks like this:
//!
//! ```toml
//! require_account_domain = false   # refuse ≥2019.1 requests on the generic endpoint
//! clock_skew_secs = 300            # accepted |now - tokenPassport timestamp|
//!
//! [[accounts]]
//! id = "TSTDRV1234567"
//! concurrency_limit = 5
//! integration_concurrency_limit = 2  # optional: each integration's own limit
//! application_ids = ["5D7E1C5A-0000-4000-8000-000000000001"]
//! customers = 100                  # seed size of the record store
//!
//! [[accounts.tokens]]
//! consumer_key = "…"
//! consumer_secret = "…"
//! token_id = "…"
//! token_secret = "…"
//!
//! [[accounts.users]]
//! email = "demo@example.com"
//! password = "…"
//! role = "3"
//!
//! [accounts.faults]
//! latency_ms = 20
//! jitter_ms = 10
//! transient_fault_rate = 0.05
//! seed = 7
//! ```

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// Everything one simulator instance serves.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimConfig {
    /// The accounts this simulator knows. Empty means the demo accounts ([`demo_accounts`]).
    pub accounts: Vec<AccountConfig>,
    /// Refuse non-discovery requests on the generic endpoint from the 2019.1 endpoint on, as
    /// NetSuite does. Off by default: the generic endpoint serves every authenticated account.
    pub require_account_domain: bool,
    /// Largest accepted difference between the server clock and a tokenPassport timestamp.
    pub clock_skew_secs: u64,
    /// How many used nonces each account remembers (oldest forgotten first).
    pub replay_cache_size: usize,
    /// The host name written in fault details (`ns1:hostname`, as Apache Axis does).
    pub hostname: String,
    /// Folder of WSDL/XSD sets (`<folder>/<YYYY_N>/netsuite.wsdl`), served under `/wsdl/…`;
    /// `None`: the simulator's own generated set is served, and written elements outside its
    /// field tables are refused.
    pub schema_folder: Option<PathBuf>,
    /// Folder where every request and response body is written (numbered pairs).
    pub record_folder: Option<PathBuf>,
    /// A fault plan applied to accounts that have none of their own.
    pub default_faults: Option<FaultPlan>,
    /// Largest accepted request body; a larger one gets `exceededRequestSizeFault`
    /// (NetSuite: 100 MB).
    pub max_request_bytes: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            accounts: Vec::new(),
            require_account_domain: false,
            clock_skew_secs: 300,
            replay_cache_size: 100_000,
            hostname: "netsuite-sim.localhost".to_owned(),
            schema_folder: None,
            record_folder: None,
            default_faults: None,
            max_request_bytes: 100 * 1024 * 1024,
        }
    }
}

impl SimConfig {
    /// Reads an accounts file (TOML).
    ///
    /// # Errors
    /// The file cannot be read, or is not valid TOML for this shape (the message names the line
    /// and the field).
    pub fn from_toml_file(path: &std::path::Path) -> Result<SimConfig, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        SimConfig::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses an accounts file's text.
    ///
    /// # Errors
    /// Not valid TOML for this shape.
    pub fn from_toml_str(text: &str) -> Result<SimConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The accepted clock skew as a duration.
    pub fn clock_skew(&self) -> Duration {
        Duration::from_secs(self.clock_skew_secs)
    }
}

/// One NetSuite account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The account id as NetSuite writes it: upper-case letters (`TSTDRV1234567`, `123456_SB1`).
    pub id: String,
    /// Access tokens (token-based authentication).
    #[serde(default)]
    pub tokens: Vec<TokenConfig>,
    /// Users for request-level credentials (`passport`, endpoints before 2020.2).
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// Application ids accepted in `applicationInfo` with a passport. Empty accepts any.
    #[serde(default)]
    pub application_ids: Vec<String>,
    /// Requests of this account in flight at once; one more gets a concurrency fault.
    #[serde(default = "default_concurrency_limit")]
    pub concurrency_limit: u32,
    /// Requests of one integration (a token's consumer key, or the application id sent with
    /// user credentials) in flight at once, as an integration record with its own concurrency
    /// limit; one more gets the same fault as the account limit. `None`: every integration
    /// shares the account's limit (getIntegrationGovernanceInfo says `_account`).
    #[serde(default)]
    pub integration_concurrency_limit: Option<u32>,
    /// Customers to seed in the record store (other record types derive from it).
    #[serde(default = "default_customers")]
    pub customers: usize,
    /// Seed of the record generator.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Latency and injected faults for this account.
    #[serde(default)]
    pub faults: Option<FaultPlan>,
    /// Seconds an unused search id stays valid for searchMoreWithId (NetSuite: 15 minutes).
    #[serde(default = "default_search_id_ttl_secs")]
    pub search_id_ttl_secs: u64,
    /// Operations the role may not use (`getSavedSearch`): answered with an
    /// insufficientPermissionFault, as NetSuite answers a role without the permission.
    #[serde(default)]
    pub refused_operations: Vec<String>,
    /// Async jobs: milliseconds from submission until a job is finished (pending the first
    /// half, processing the second). Small by default so tests are quick.
    #[serde(default = "default_async_job_delay_ms")]
    pub async_job_delay_ms: u64,
    /// Async jobs holding a record or reference whose externalId starts with this text fail
    /// as a whole (status `failed`, nothing applied); getAsyncResult answers the job's fault.
    #[serde(default)]
    pub async_job_fail_prefix: Option<String>,
}

fn default_async_job_delay_ms() -> u64 {
    100
}

fn default_search_id_ttl_secs() -> u64 {
    15 * 60
}

fn default_concurrency_limit() -> u32 {
    5
}
fn default_customers() -> usize {
    100
}
fn default_seed() -> u64 {
    1
}

impl AccountConfig {
    /// An account with this id and defaults for everything else (limit 5, 100 customers).
    pub fn new(id: impl Into<String>) -> AccountConfig {
        AccountConfig {
            id: id.into(),
            tokens: Vec::new(),
            users: Vec::new(),
            application_ids: Vec::new(),
            concurrency_limit: default_concurrency_limit(),
            integration_concurrency_limit: None,
            customers: default_customers(),
            seed: default_seed(),
            faults: None,
            search_id_ttl_secs: default_search_id_ttl_secs(),
            refused_operations: Vec::new(),
            async_job_delay_ms: default_async_job_delay_ms(),
            async_job_fail_prefix: None,
        }
    }

    /// Sets how long an async job takes from submission to finished.
    pub fn with_async_job_delay(mut self, delay: Duration) -> Self {
        self.async_job_delay_ms = delay.as_millis() as u64;
        self
    }

    /// Makes async jobs with a record whose externalId starts with `prefix` fail as a whole.
    pub fn with_async_job_fail_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.async_job_fail_prefix = Some(prefix.into());
        self
    }

    /// Refuses an operation to the account's role (see `refused_operations`).
    pub fn with_refused_operation(mut self, op: impl Into<String>) -> Self {
        self.refused_operations.push(op.into());
        self
    }

    /// Adds an access token.
    pub fn with_token(mut self, token: TokenConfig) -> Self {
        self.tokens.push(token);
        self
    }

    /// Adds a user.
    pub fn with_user(mut self, user: UserConfig) -> Self {
        self.users.push(user);
        self
    }

    /// Sets the concurrency limit.
    pub fn with_concurrency_limit(mut self, limit: u32) -> Self {
        self.concurrency_limit = limit;
        self
    }

    /// Gives each integration of the account its own concurrency limit.
    pub fn with_integration_concurrency_limit(mut self, limit: u32) -> Self {
        self.integration_concurrency_limit = Some(limit);
        self
    }

    /// Sets the fault plan.
    pub fn with_faults(mut self, plan: FaultPlan) -> Self {
        self.faults = Some(plan);
        self
    }

    /// Sets the seed size (customers).
    pub fn with_customers(mut self, customers: usize) -> Self {
        self.customers = customers;
        self
    }

    /// Sets how long an unused search id stays valid (tests use a short one).
    pub fn with_search_id_ttl(mut self, ttl: Duration) -> Self {
        self.search_id_ttl_secs = ttl.as_secs().max(1);
        self
    }

    /// The host label: lower case, `_` → `-` (`123456_SB1` → `123456-sb1`).
    pub fn label(&self) -> String {
        host_label(&self.id)
    }
}

/// NetSuite's host label for an account id: lower case, `_` → `-`.
pub fn host_label(account: &str) -> String {
    account.to_ascii_lowercase().replace('_', "-")
}

/// One access token (integration record + token), all four values as NetSuite shows them.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenConfig {
    /// The integration's consumer key.
    pub consumer_key: String,
    /// The integration's consumer secret.
    pub consumer_secret: String,
    /// The token id.
    pub token_id: String,
    /// The token secret.
    pub token_secret: String,
}

impl fmt::Debug for TokenConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenConfig")
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &"<redacted>")
            .field("token_id", &self.token_id)
            .field("token_secret", &"<redacted>")
            .finish()
    }
}

/// A user for request-level credentials.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Login email (compared case-insensitively).
    pub email: String,
    /// Password (compared exactly).
    pub password: String,
    /// The role's internal id sent in `passport/role@internalId` (e.g. `3`, Administrator).
    pub role: String,
}

impl fmt::Debug for UserConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserConfig")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("role", &self.role)
            .finish()
    }
}

/// Latency and fault injection for one account. Rates are fractions of requests (0.0–1.0),
/// drawn from a seeded generator, so a run is repeatable for the same request sequence.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FaultPlan {
    /// Time every authenticated request takes in all, its processing included (the account's
    /// concurrency slot is held throughout), as a client sees NetSuite's latency.
    pub latency_ms: u64,
    /// Extra latency drawn uniformly from `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Requests answered with a transient fault instead of running: half concurrency faults,
    /// half unexpected errors.
    pub transient_fault_rate: f64,
    /// Connections closed without a response *before* the operation is applied.
    pub drop_before_rate: f64,
    /// Connections closed without a response *after* the operation is applied.
    pub drop_after_rate: f64,
    /// Responses whose body is trickled in small pieces.
    pub slow_body_rate: f64,
    /// Pause between two pieces of a trickled body.
    pub slow_body_interval_ms: u64,
    /// Responses cut off halfway (the connection closes before the announced length).
    pub truncate_rate: f64,
    /// Requests answered with an HTTP 503 HTML page (a load balancer or maintenance page).
    pub http_503_rate: f64,
    /// Requests answered with an HTTP 502 page *after* the operation is applied, as a gateway
    /// in front of NetSuite does when NetSuite's answer does not reach it.
    pub http_502_after_rate: f64,
    /// Requests answered with an HTTP 504 page *after* the operation is applied (a gateway
    /// that timed out waiting for NetSuite, which went on and applied the request).
    pub http_504_after_rate: f64,
    /// The operations the 502/504-after injections apply to (`addList`); empty: every one.
    pub gateway_after_ops: Vec<String>,
    /// At most this many 502/504-after injections for the account; 0: no limit.
    pub gateway_after_max: u64,
    /// Records written (add, update, upsert and their lists) whose externalId starts with this
    /// text are saved, then answered as NetSuite does when an after-submit script fails:
    /// `isSuccess="false"`, a USER_ERROR detail with `afterSubmitFailed` true (from 2018.2 on;
    /// before, the element does not exist) and the ref.
    pub after_submit_fail_prefix: Option<String>,
    /// Seed of the generator (combined with the account id).
    pub seed: u64,
}

/// The demo accounts a simulator serves when none are configured. Their credentials are
/// public test values, printed by the binary at start.
pub fn demo_accounts() -> Vec<AccountConfig> {
    vec![
        AccountConfig::new(DEMO_ACCOUNT)
            .with_token(demo_token())
            .with_user(UserConfig {
                email: DEMO_EMAIL.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                role: DEMO_ROLE.to_owned(),
            })
            .with_concurrency_limit(5),
        AccountConfig::new(DEMO_SANDBOX_ACCOUNT)
            .with_token(TokenConfig {
                consumer_key: "demo-sandbox-consumer-key".to_owned(),
                consumer_secret: "demo-sandbox-consumer-secret".to_owned(),
                token_id: "demo-sandbox-token-id".to_owned(),
                token_secret: "demo-sandbox-token-secret".to_owned(),
            })
            .with_concurrency_limit(5),
    ]
    .into_iter()
    .map(|mut a| {
        a.application_ids.push(DEMO_APPLICATION_ID.to_owned());
        a
    })
    .collect()
}

/// The demo production account id.
pub const DEMO_ACCOUNT: &str = "TSTDRV1234567";
/// The demo sandbox account id (host label `1234567-sb1`).
pub const DEMO_SANDBOX_ACCOUNT: &str = "1234567_SB1";
/// The demo user's email.
pub const DEMO_EMAIL: &str = "demo@example.com";
/// The demo user's password.
pub const DEMO_PASSWORD: &str = "demo-password";
/// The demo user's role internal id (Administrator).
pub const DEMO_ROLE: &str = "3";
/// The demo application id.
pub const DEMO_APPLICATION_ID: &str = "5D7E1C5A-0000-4000-8000-000000000001";

/// The demo account's token.
pub fn demo_token() -> TokenConfig {
    TokenConfig {
        consumer_key: "demo-consumer-key".to_owned(),
        consumer_secret: "demo-consumer-secret".to_owned(),
        token_id: "demo-token-id".to_owned(),
        token_secret: "demo-token-secret".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_secrets() {
        let shown = format!("{:?}", demo_accounts());
        assert!(!shown.contains("demo-consumer-secret"));
        assert!(!shown.contains("demo-token-secret"));
        assert!(!shown.contains(DEMO_PASSWORD));
        assert!(shown.contains("demo-consumer-key"));
    }

    #[test]
    fn reads_an_accounts_file() {
        let cfg = SimConfig::from_toml_str(
            r#"
            clock_skew_secs = 60
            [[accounts]]
            id = "123456_SB1"
            concurrency_limit = 2
            [[accounts.tokens]]
            consumer_key = "ck"
            consumer_secret = "cs"
            token_id = "t"
            token_secret = "ts"
            [accounts.faults]
            latency_ms = 5
            "#,
        )
        .unwrap();
        assert_eq!(cfg.accounts[0].label(), "123456-sb1");
        assert_eq!(cfg.accounts[0].concurrency_limit, 2);
        assert_eq!(cfg.accounts[0].faults.as_ref().unwrap().latency_ms, 5);
        assert!(SimConfig::from_toml_str("nope = 1").is_err());
    }

    #[test]
    fn reads_the_example_accounts_file() {
        let cfg = SimConfig::from_toml_str(include_str!("../accounts.example.toml")).unwrap();
        assert_eq!(cfg.accounts.len(), 2);
        assert_eq!(cfg.accounts[1].label(), "7654321-sb2");
        assert_eq!(cfg.accounts[1].faults.as_ref().unwrap().seed, 7);
        assert!(cfg.default_faults.is_some());
    }
}
