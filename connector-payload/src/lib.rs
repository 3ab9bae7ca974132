//! Shapes of the versioned JSON payloads that cross the connector ABI as text.
//!
//! These are not ABI: fields may be added within 1.x (with serde defaults, so older peers still
//! parse newer payloads). Each top-level payload carries a `version` number, 1 today. The host
//! and the conformance harness read them; connector authors get them through `connector-sdk`.

#![deny(missing_docs)]

mod error_detail;
pub mod words;

pub use error_detail::ConnectorErrorExt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The current payload version.
pub const PAYLOAD_VERSION: u32 = 1;

fn payload_version() -> u32 {
    PAYLOAD_VERSION
}

/// A connector's descriptor, returned by `Connector::spec`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Spec {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// Connector name, e.g. `netsuite`.
    pub name: String,
    /// Connector version (semver).
    pub connector_version: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// JSON Schema of the connection settings; every property has a `description`.
    pub connection: Value,
    /// The operation types the connector supports.
    pub operations: Vec<OperationSpec>,
}

/// One operation type (Boomi's action): GET, QUERY, CREATE, UPDATE, UPSERT, DELETE, EXECUTE.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OperationSpec {
    /// The action, upper case.
    pub action: String,
    /// What the action does.
    #[serde(default)]
    pub description: String,
    /// JSON Schema of this action's operation settings; every property has a `description`.
    pub settings: Value,
}

/// A field-level settings error.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldError {
    /// The setting's name as the user wrote it (dotted path for nested ones).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What the host needs to know about a configured connection (`Connection::info`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct ConnectionInfo {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// The concurrency pool this connection's requests count against, if any.
    #[serde(default)]
    pub pool: Option<PoolDeclaration>,
    /// A secret-free, human summary (`account 123456_SB1, version 2023.2, token-based auth`).
    #[serde(default)]
    pub summary: String,
    /// The largest response body this connection accepts, in bytes; the host's transport
    /// stops reading past it and fails the request with a [`RESPONSE_TOO_LARGE`] transport
    /// error. `None`: the host's default.
    #[serde(default)]
    pub max_response_bytes: Option<u64>,
}

/// How a transport error's message starts when the response body exceeded the connection's
/// `max_response_bytes` (`RESPONSE_TOO_LARGE: …`; the error's kind is `Other`). The request
/// was sent and may have been applied.
pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";

/// The document property (in `Document::properties`, a JSON object) with which the host marks
/// an input whose earlier attempt may have reached the service without its outcome being
/// recorded (a resumed run, a batch taken over from a dead node): `{"possibly_applied": true}`.
/// An idempotent action may send it again; a create must be reconciled (e.g. by its external
/// id) or end FAILURE `MAYBE_APPLIED`, never be sent blindly.
pub const POSSIBLY_APPLIED: &str = "possibly_applied";

/// The JSON Schema `format` of a setting that names a file or folder (`"format": "path"` in the
/// connection or operation settings schema of the spec, also inside a nested object such as a
/// secret reference's `file`). The host makes a relative value absolute against the folder of
/// the file that holds it before `configure`/`prepare`, so a process behaves the same from any
/// working directory (cron from `$HOME`, systemd from `/`).
pub const PATH_FORMAT: &str = "path";

/// A concurrency budget: at most `limit` requests in flight for `key`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PoolDeclaration {
    /// Pool key (for NetSuite, the account).
    pub key: String,
    /// Maximum requests in flight.
    pub limit: u32,
}

/// The result of `Connection::test_connection`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TestReport {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// True when every step passed.
    pub ok: bool,
    /// Each step in order.
    pub steps: Vec<TestStep>,
}

/// The outcome of one test step.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// The step succeeded.
    Passed,
    /// The step failed.
    Failed,
    /// The step did not run (an earlier one failed, or it does not apply).
    Skipped,
}

/// One step of a connection test.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TestStep {
    /// What the step does (`discover data center`, `authenticate (getServerTime)`).
    pub name: String,
    /// Passed, failed or skipped.
    pub status: StepStatus,
    /// How long it took.
    pub duration_ms: u64,
    /// What happened, in the user's words; on failure, what is wrong and how to fix it.
    #[serde(default)]
    pub detail: String,
}

/// A browse request (`Connection::browse`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BrowseRequest {
    /// The object types available for an action.
    ObjectTypes {
        /// The action (GET, QUERY, …).
        action: String,
        /// Ask the service again for what the connector caches about the account (e.g. its
        /// custom fields) instead of answering from the cache.
        #[serde(default)]
        refresh: bool,
    },
    /// The input and output profile of one object type for one action.
    Profile {
        /// The action.
        action: String,
        /// The object type id from `ObjectTypes`.
        object_type: String,
        /// As in `ObjectTypes`.
        #[serde(default)]
        refresh: bool,
    },
}

/// Answer to [`BrowseRequest::ObjectTypes`].
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ObjectTypes {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// The types.
    pub object_types: Vec<ObjectType>,
}

/// One object type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ObjectType {
    /// Id to use in operation settings.
    pub id: String,
    /// Label for people.
    pub label: String,
}

/// Answer to [`BrowseRequest::Profile`]: JSON Schemas of input and output documents.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Profile {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// Schema of input documents, or null when the action takes none.
    pub input: Value,
    /// Schema of output documents.
    pub output: Value,
}

/// Host configuration handed to connectors (`HostServices::config_json`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct HostConfig {
    /// Payload version.
    #[serde(default = "payload_version")]
    pub version: u32,
    /// Per-connector settings of the deployment, by connector name (e.g. the NetSuite
    /// integration record: references to its consumer key and secret).
    #[serde(default)]
    pub connectors: serde_json::Map<String, Value>,
    /// Dry run (`host-runner validate`): the connector checks settings and documents as it
    /// would for a run, builds its requests, and sends nothing: every transport call is a
    /// mistake. Each document ends SUCCESS with code [`DRY_RUN`] when it would be sent, or
    /// with the outcome its own mistakes earn; with `show_request`, the first request is an
    /// output document (secrets and signatures masked).
    #[serde(default)]
    pub dry_run: bool,
    /// With `dry_run`: emit the first request built, as an output document.
    #[serde(default)]
    pub show_request: bool,
}

/// The outcome code of a document that passed a dry run's checks (see [`HostConfig::dry_run`]).
pub const DRY_RUN: &str = "DRY_RUN";
