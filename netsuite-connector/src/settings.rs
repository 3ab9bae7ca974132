//! Connection settings: what the user writes (JSON), documented field by field, and
//! [`ConnectionSettings::validate`], which turns them into a [`ValidatedConnection`] or a list
//! of field-level errors. Pure: reads referenced secrets from the environment or files, never
//! the network.

use connector_sdk::payload::FieldError;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::account::AccountId;
use crate::endpoint::{Endpoint, EndpointError};
use crate::secret::{PlainSecret, Secret, SecretRef};
use crate::version::{self, Version};

/// The NetSuite connection (Boomi's "NetSuite connection" component). Either the token-based
/// set (account, consumer key and secret, token id and secret) or user credentials (user,
/// password, account, application id; only before version 2020.2), never a mix.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConnectionSettings {
    /// SuiteTalk endpoint URL. Default: `https://webservices.netsuite.com/services/NetSuitePort_<version>`;
    /// with that default production host the account's data center is discovered with one
    /// getDataCenterUrls call. Sandbox, beta and account-specific URLs
    /// (`https://<account>.suitetalk.api.netsuite.com/...`) are used as given. The URL's
    /// `NetSuitePort_YYYY_N` must match `version`.
    #[serde(default)]
    pub(crate) url: Option<String>,

    /// SuiteTalk version, `2017.1` to `2025.2`. Default: the newest, 2025.2.
    #[serde(default)]
    pub(crate) version: Option<String>,

    /// NetSuite account id (Setup > Company > Company Information), e.g. `1234567` or the
    /// sandbox `1234567_SB1` (also accepted as `1234567-sb1`).
    #[serde(default)]
    pub(crate) account: Option<String>,

    /// User credentials: the user's email. Only for versions before 2020.2.
    #[serde(default)]
    pub(crate) user: Option<String>,

    /// User credentials: the password, as a reference (`{"env": "NS_PASSWORD"}` or
    /// `{"file": "/run/secrets/ns_password"}`).
    #[serde(default)]
    pub(crate) password: Option<SecretRef>,

    /// User credentials: the internal id of the role to log in with (optional; NetSuite uses
    /// the user's default role when absent).
    #[serde(default)]
    pub(crate) role: Option<String>,

    /// User credentials: the Application Id of the integration record. Sent in
    /// `applicationInfo` on every request and logged with every transaction.
    #[serde(default)]
    pub(crate) application_id: Option<String>,

    /// Token-based authentication: the integration record's consumer key.
    #[serde(default)]
    pub(crate) consumer_key: Option<String>,

    /// Token-based authentication: the consumer secret, as a reference (`{"env": "…"}` or
    /// `{"file": "…"}`).
    #[serde(default)]
    pub(crate) consumer_secret: Option<SecretRef>,

    /// Consumer Secret (Deprecated): the consumer secret as a plain value. Accepted with a
    /// warning; leave it empty and use `consumer_secret` instead.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub(crate) consumer_secret_deprecated: Option<PlainSecret>,

    /// Token-based authentication: the token id.
    #[serde(default)]
    pub(crate) token_id: Option<String>,

    /// Token-based authentication: the token secret, as a reference (`{"env": "…"}` or
    /// `{"file": "…"}`).
    #[serde(default)]
    pub(crate) token_secret: Option<SecretRef>,

    /// Token Secret (Deprecated): the token secret as a plain value. Accepted with a warning;
    /// leave it empty and use `token_secret` instead.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub(crate) token_secret_deprecated: Option<PlainSecret>,

    /// Use built-in integration record: take the consumer key and secret from the deployment's
    /// integration record (host configuration `connectors.netsuite.integration_record`, or the
    /// environment variables `NETSUITE_CONSUMER_KEY` and `NETSUITE_CONSUMER_SECRET`) instead of
    /// this connection. Default false.
    #[serde(default)]
    pub(crate) use_builtin_integration_record: bool,

    /// Number of Retries, 0 to 10 (default 5): how often a request that failed for a
    /// transient reason (connection failure, concurrency limit, unexpected error, server
    /// unavailable) is retried, with exponential backoff and jitter. Authentication,
    /// permission and data errors are never retried.
    #[serde(default)]
    pub(crate) number_of_retries: Option<u32>,

    /// Maximum Number of Concurrent Connections (default 1): at most this many requests of
    /// this account are in flight at once, across every operation and process of the host.
    /// Set it to the account's concurrency limit, or the share of it this integration may use.
    #[serde(default)]
    pub(crate) max_concurrent_connections: Option<u32>,

    /// Adaptive Concurrency (default true): on NetSuite's concurrency faults
    /// (WS_REQUEST_BLOCKED, HTTP 429) send fewer requests at once (halved, at least 1), and one
    /// more again after a run of requests without one, never more than
    /// `max_concurrent_connections`; each change is logged. False keeps
    /// `max_concurrent_connections` fixed and only retries the refused requests.
    #[serde(default)]
    pub(crate) adaptive_concurrency: Option<bool>,

    /// Data-center discovery: `auto` (default: discover only for the default production host
    /// webservices.netsuite.com), `always` (also for any other generic endpoint, e.g. a
    /// simulator) or `never`.
    #[serde(default)]
    pub(crate) data_center_discovery: Option<Discovery>,

    /// Ceiling of the first wait before a retry, in milliseconds (default 500); each further
    /// retry doubles it (up to 30 s), and the actual wait is randomised below the ceiling so
    /// that threads hitting the concurrency limit together spread out.
    #[serde(default)]
    pub(crate) retry_initial_wait_ms: Option<u64>,

    /// Timeout of one request in seconds (default 120); NetSuite itself ends requests after
    /// 15 minutes.
    #[serde(default)]
    pub(crate) request_timeout_seconds: Option<u64>,

    /// Largest response body accepted, in bytes (default 134217728 = 128 MiB; a search page
    /// of 1,000 wide records is a few MiB). A larger response ends its documents FAILURE
    /// `RESPONSE_TOO_LARGE` and is not retried; the host's transport stops reading past it.
    #[serde(default)]
    pub(crate) max_response_bytes: Option<u64>,

    /// A folder holding the SuiteTalk WSDL and XSD files of `version`, used instead of
    /// downloading them from the account's WSDL URL.
    /// A relative folder is relative to the file that names it (the host resolves every
    /// setting marked `"format": "path"`).
    #[serde(default)]
    #[schemars(extend("format" = "path"))]
    pub(crate) schema_folder: Option<String>,

    /// Custom fields: `account` (default) learns the account's custom fields and custom
    /// record types from NetSuite (getCustomizationId, then the customization records), so a
    /// field added to the account has its real type in browse and in document checks without
    /// any re-import; `schema_only` uses the WSDL alone (custom fields typed by their values).
    /// Learned fields are cached beside the schema; `host-runner browse --refresh` asks again.
    #[serde(default)]
    pub(crate) custom_fields: Option<crate::schema::account_fields::CustomFieldsSource>,

    /// How long learned custom fields are trusted before NetSuite is asked again, in minutes
    /// (default 60; 0 asks on every run).
    #[serde(default)]
    pub(crate) custom_fields_max_age_minutes: Option<u64>,
}

/// When to look up the account's data center.
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Discovery {
    /// Only for the default production host.
    #[default]
    Auto,
    /// For any URL that is not already account-specific.
    Always,
    /// Never; use the URL as given.
    Never,
}

/// Credentials after validation.
#[derive(Clone, Debug)]
pub(crate) enum Credentials {
    /// Token-based authentication (TBA).
    Token {
        /// Consumer key (not secret, but long; printed only in part).
        consumer_key: String,
        /// Consumer secret.
        consumer_secret: Secret,
        /// Token id.
        token_id: String,
        /// Token secret.
        token_secret: Secret,
    },
    /// Request-level user credentials (`passport`), before 2020.2 only.
    User {
        /// Email.
        email: String,
        /// Password.
        password: Secret,
        /// Role internal id.
        role: Option<String>,
        /// Application Id.
        application_id: String,
    },
}

impl Credentials {
    /// `token-based` or `user credentials`.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Credentials::Token { .. } => "token-based authentication",
            Credentials::User { .. } => "user credentials",
        }
    }

    /// The Application Id for user credentials.
    pub(crate) fn application_id(&self) -> Option<&str> {
        match self {
            Credentials::User { application_id, .. } => Some(application_id),
            Credentials::Token { .. } => None,
        }
    }
}

/// The default of `max_response_bytes`: 128 MiB.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u64 = 128 * 1024 * 1024;

/// Settings after validation: everything a connection needs, secrets resolved.
#[derive(Clone, Debug)]
pub(crate) struct ValidatedConnection {
    /// Account id in passport form.
    pub(crate) account: AccountId,
    /// Version.
    pub(crate) version: Version,
    /// Where requests go, and whether to discover the data center first.
    pub(crate) endpoint: Endpoint,
    /// Credentials.
    pub(crate) credentials: Credentials,
    /// Retries after the first attempt.
    pub(crate) retries: u32,
    /// Concurrency limit for the account.
    pub(crate) max_concurrent: u32,
    /// Whether the in-flight target adapts to concurrency faults (`concurrency`).
    pub(crate) adaptive_concurrency: bool,
    /// Request timeout in milliseconds.
    pub(crate) request_timeout_ms: u64,
    /// Largest response body accepted, in bytes.
    pub(crate) max_response_bytes: u64,
    /// First backoff ceiling in milliseconds.
    pub(crate) retry_initial_wait_ms: u64,
    /// Folder of WSDL/XSD files, if given.
    pub(crate) schema_folder: Option<String>,
    /// Where custom fields' types come from.
    pub(crate) custom_fields: crate::schema::account_fields::CustomFieldsSource,
    /// How long learned custom fields are trusted.
    pub(crate) custom_fields_max_age: std::time::Duration,
    /// Warnings to log once (deprecated fields used).
    pub(crate) warnings: Vec<String>,
}

/// The deployment's integration record, from host configuration or the environment.
#[derive(Clone, Debug, Default)]
pub(crate) struct IntegrationRecord {
    /// Consumer key, if the deployment has one.
    pub(crate) consumer_key: Option<String>,
    /// Consumer secret, if the deployment has one.
    pub(crate) consumer_secret: Option<Secret>,
}

const DEFAULT_RETRIES: u32 = 5;
const MAX_RETRIES: u32 = 10;
const DEFAULT_TIMEOUT_S: u64 = 120;

impl ConnectionSettings {
    /// Reads settings from JSON, reporting unknown fields and wrong types per field.
    pub(crate) fn from_json(
        value: serde_json::Value,
    ) -> Result<ConnectionSettings, Vec<FieldError>> {
        let Some(object) = value.as_object() else {
            return Err(vec![FieldError::new(
                "",
                "connection settings must be a JSON object",
            )]);
        };
        let known = known_fields();
        let unknown: Vec<FieldError> = object
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| words::unknown_setting(k, &known))
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let field = e.path().to_string();
            vec![FieldError::new(field, words::plain(&e.inner().to_string()))]
        })
    }

    /// Validates every setting and combination; collects every problem found.
    pub(crate) fn validate(
        &self,
        builtin: &IntegrationRecord,
    ) -> Result<ValidatedConnection, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();

        let version = match self
            .version
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            None => Some(version::NEWEST),
            Some(text) => {
                let v = Version::parse(text);
                if v.is_none() {
                    errors.push(FieldError::new(
                        "version",
                        format!(
                            "`{text}` is not a supported SuiteTalk version; use one of {} to {} (e.g. 2023.2)",
                            version::OLDEST,
                            version::NEWEST
                        ),
                    ));
                }
                v
            }
        };

        let account = match non_empty(&self.account) {
            None => None,
            Some(text) => match AccountId::parse(text) {
                Ok(a) => Some(a),
                Err(e) => {
                    errors.push(FieldError::new("account", e));
                    None
                }
            },
        };

        let endpoint = match (version, &account) {
            (Some(v), acct) => match Endpoint::from_settings(
                non_empty(&self.url),
                v,
                acct.as_ref(),
                self.data_center_discovery.unwrap_or_default(),
            ) {
                Ok(e) => Some(e),
                Err(EndpointError { field, message }) => {
                    errors.push(FieldError::new(field, message));
                    None
                }
            },
            _ => None,
        };

        if let Some(folder) = non_empty(&self.schema_folder) {
            // A folder that is not there would make every document fail later; say it now.
            if !std::path::Path::new(folder).exists() {
                errors.push(FieldError::new(
                    "schema_folder",
                    format!(
                        "no such folder: {folder} (a folder with the version's netsuite.wsdl and \
                         its XSDs, or <folder>/<YYYY_N>/netsuite.wsdl)"
                    ),
                ));
            }
        }

        let retries = self.number_of_retries.unwrap_or(DEFAULT_RETRIES);
        if retries > MAX_RETRIES {
            errors.push(FieldError::new(
                "number_of_retries",
                format!(
                    "{retries} is more than the maximum of {MAX_RETRIES}; use 0 to {MAX_RETRIES}"
                ),
            ));
        }
        let max_concurrent = self.max_concurrent_connections.unwrap_or(1);
        if max_concurrent == 0 {
            errors.push(FieldError::new(
                "max_concurrent_connections",
                "must be at least 1 (the default); set it to the account's concurrency limit or your share of it",
            ));
        }
        let timeout_s = self.request_timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_S);
        if timeout_s == 0 || timeout_s > 15 * 60 {
            errors.push(FieldError::new(
                "request_timeout_seconds",
                "must be between 1 and 900 seconds (NetSuite ends requests after 15 minutes)",
            ));
        }
        if self.max_response_bytes == Some(0) {
            errors.push(FieldError::new(
                "max_response_bytes",
                "must be at least 1 (default 134217728, 128 MiB)",
            ));
        }

        let credentials = self.credentials(
            version,
            account.is_some(),
            builtin,
            &mut errors,
            &mut warnings,
        );

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `None` above pushed an error, so these are present here.
        match (account, version, endpoint, credentials) {
            (Some(account), Some(version), Some(endpoint), Some(credentials)) => {
                Ok(ValidatedConnection {
                    account,
                    version,
                    endpoint,
                    credentials,
                    retries,
                    max_concurrent,
                    adaptive_concurrency: self.adaptive_concurrency.unwrap_or(true),
                    request_timeout_ms: timeout_s * 1000,
                    max_response_bytes: self
                        .max_response_bytes
                        .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                    retry_initial_wait_ms: self.retry_initial_wait_ms.unwrap_or(500),
                    schema_folder: non_empty(&self.schema_folder).map(str::to_string),
                    custom_fields: self.custom_fields.unwrap_or_default(),
                    custom_fields_max_age: std::time::Duration::from_secs(
                        self.custom_fields_max_age_minutes
                            .unwrap_or(60)
                            .saturating_mul(60),
                    ),
                    warnings,
                })
            }
            _ => Err(vec![FieldError::new(
                "account",
                "required: the NetSuite account id",
            )]),
        }
    }

    fn credentials(
        &self,
        version: Option<Version>,
        has_account: bool,
        builtin: &IntegrationRecord,
        errors: &mut Vec<FieldError>,
        warnings: &mut Vec<String>,
    ) -> Option<Credentials> {
        let any_token = self.consumer_key.is_some()
            || self.consumer_secret.is_some()
            || self.consumer_secret_deprecated.is_some()
            || self.token_id.is_some()
            || self.token_secret.is_some()
            || self.token_secret_deprecated.is_some()
            || self.use_builtin_integration_record;

        // Which token fields are missing (by the names the user would fill in).
        let mut token_missing = Vec::new();
        if !has_account {
            token_missing.push("account");
        }
        let consumer_key_given = if self.use_builtin_integration_record {
            if self.consumer_key.is_some()
                || self.consumer_secret.is_some()
                || self.consumer_secret_deprecated.is_some()
            {
                errors.push(FieldError::new(
                    "use_builtin_integration_record",
                    "the built-in integration record supplies the consumer key and secret: leave consumer_key and consumer_secret empty",
                ));
            }
            if builtin.consumer_key.is_none() || builtin.consumer_secret.is_none() {
                errors.push(FieldError::new(
                    "use_builtin_integration_record",
                    "this deployment has no built-in integration record: set connectors.netsuite.integration_record in the host configuration, or NETSUITE_CONSUMER_KEY and NETSUITE_CONSUMER_SECRET",
                ));
            }
            true
        } else {
            non_empty(&self.consumer_key).is_some()
        };
        if !consumer_key_given {
            token_missing.push("consumer_key");
        }
        let consumer_secret = if self.use_builtin_integration_record {
            builtin.consumer_secret.clone()
        } else {
            self.secret(
                "consumer_secret",
                &self.consumer_secret,
                &self.consumer_secret_deprecated,
                errors,
                warnings,
            )
        };
        if consumer_secret.is_none()
            && !self.use_builtin_integration_record
            && !has_error(errors, "consumer_secret")
        {
            token_missing.push("consumer_secret");
        }
        if non_empty(&self.token_id).is_none() {
            token_missing.push("token_id");
        }
        let token_secret = self.secret(
            "token_secret",
            &self.token_secret,
            &self.token_secret_deprecated,
            errors,
            warnings,
        );
        if token_secret.is_none() && !has_error(errors, "token_secret") {
            token_missing.push("token_secret");
        }

        let token_complete = token_missing.is_empty()
            && consumer_secret.is_some()
            && token_secret.is_some()
            && !has_error(errors, "use_builtin_integration_record");
        if token_complete {
            let consumer_key = if self.use_builtin_integration_record {
                builtin.consumer_key.clone().unwrap_or_default()
            } else {
                non_empty(&self.consumer_key)
                    .unwrap_or_default()
                    .to_string()
            };
            if self.user.is_some() || self.password.is_some() || self.application_id.is_some() {
                warnings.push(
                    "both token-based and user credentials are set; token-based authentication is used and user, password and application_id are ignored (NetSuite refuses a mix as \"Ambiguous authentication\")".into(),
                );
            }
            return Some(Credentials::Token {
                consumer_key,
                consumer_secret: consumer_secret?,
                token_id: non_empty(&self.token_id)?.to_string(),
                token_secret: token_secret?,
            });
        }

        // The token set is incomplete: fall back to user credentials.
        let mut user_missing = Vec::new();
        if !has_account {
            user_missing.push("account");
        }
        if non_empty(&self.user).is_none() {
            user_missing.push("user");
        }
        let password = match &self.password {
            None => {
                user_missing.push("password");
                None
            }
            Some(r) => match r.resolve() {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(FieldError::new("password", e));
                    None
                }
            },
        };
        if non_empty(&self.application_id).is_none() {
            user_missing.push("application_id");
        }
        let any_user =
            self.user.is_some() || self.password.is_some() || self.application_id.is_some();

        if user_missing.is_empty() {
            if let Some(v) = version {
                if !v.accepts_user_credentials() {
                    errors.push(FieldError::new(
                        "user",
                        format!(
                            "NetSuite no longer accepts user credentials from version 2020.2 on (this connection uses {v}): \
                             use token-based authentication (consumer_key, consumer_secret, token_id, token_secret), \
                             or a version up to 2020.1"
                        ),
                    ));
                    return None;
                }
            }
            if any_token {
                warnings.push(format!(
                    "the token-based set is incomplete (missing {}); user credentials are used",
                    token_missing.join(", ")
                ));
            }
            return Some(Credentials::User {
                email: non_empty(&self.user)?.to_string(),
                password: password?,
                role: non_empty(&self.role).map(str::to_string),
                application_id: non_empty(&self.application_id)?.to_string(),
            });
        }

        if has_error(errors, "consumer_secret")
            || has_error(errors, "token_secret")
            || has_error(errors, "password")
        {
            return None; // the specific error already says what is wrong
        }
        // Neither set is complete: name what is missing in the set the user started on.
        let (set, missing) = if any_token || !any_user {
            ("token-based authentication", token_missing)
        } else {
            ("user credentials", user_missing)
        };
        for field in &missing {
            errors.push(FieldError::new(
                *field,
                format!("required for {set}; no complete set of credentials is configured"),
            ));
        }
        None
    }

    fn secret(
        &self,
        field: &str,
        reference: &Option<SecretRef>,
        deprecated: &Option<PlainSecret>,
        errors: &mut Vec<FieldError>,
        warnings: &mut Vec<String>,
    ) -> Option<Secret> {
        match (
            reference,
            deprecated
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        ) {
            (Some(r), _) => match r.resolve() {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(FieldError::new(field, e));
                    None
                }
            },
            (None, Some(plain)) => {
                warnings.push(format!(
                    "{field}_deprecated holds a plain secret: store it in an environment variable or a file, \
                     reference it in {field} (e.g. {{\"env\": \"NS_{}\"}}) and leave {field}_deprecated empty",
                    field.to_ascii_uppercase()
                ));
                Some(Secret::new(plain))
            }
            (None, None) => None,
        }
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn has_error(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|e| e.field == field)
}

/// Names of every setting, from the JSON Schema (so the list cannot drift from the struct).
fn known_fields() -> Vec<&'static str> {
    static FIELDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    FIELDS
        .get_or_init(|| {
            let schema = schemars::schema_for!(ConnectionSettings);
            schema
                .as_value()
                .get("properties")
                .and_then(|p| p.as_object())
                .map(|p| {
                    p.keys()
                        .map(|k| &*Box::leak(k.clone().into_boxed_str()))
                        .collect()
                })
                .unwrap_or_default()
        })
        .clone()
}

pub(crate) mod words;

#[cfg(test)]
mod tests;
