//! A minimal connector used to exercise the host and the conformance harness.
//!
//! It needs no service: every JSON input document is echoed back as one output document,
//! wrapped with the configured prefix. A few document shapes trigger the behaviours the
//! harness checks:
//!
//! | input document        | outcome                                                    |
//! |-----------------------|------------------------------------------------------------|
//! | not JSON              | `APPLICATION_ERROR` `NOT_JSON`, naming the parse problem    |
//! | `{"fail": true}`      | `FAILURE` `REQUESTED_FAILURE`                              |
//! | `{"sleep_ms": N}`     | sleeps N ms in small steps; `FAILURE` `CANCELLED` if cancelled |
//! | `{"panic": true}`     | panics (the SDK contains it and poisons the instance)      |
//! | any other JSON        | `SUCCESS`, output `{"prefix", "action", "document"}` with the input's document properties |
//!
//! Connection settings: `prefix` (string, required), `max_batch` (integer, default 100) and
//! `url` (optional: `test_connection` sends a GET to it through the host's transport).
//! `fetch_on_configure` deliberately breaks the rules (configure then fetches `url`), so that
//! the harness's own tests can show its `configure.no_network` check failing.
//! Operation settings: `action` (`GET` or `EXECUTE`).

use connector_sdk::ConnectorErrorExt;
use std::time::{Duration, Instant};

use connector_sdk::payload::{
    BrowseRequest, ConnectionInfo, FieldError, ObjectType, ObjectTypes, OperationSpec, Profile,
    Spec, StepStatus, TestReport, TestStep, PAYLOAD_VERSION,
};
use connector_sdk::{Cancellation, ConnectorError, Document, HttpRequest, Outcome};
use connector_sdk::{ConnectionImpl, ConnectorImpl, Host, OperationImpl, Results};
use serde_json::{json, Value};

/// The actions this connector supports.
const ACTIONS: [&str; 2] = ["GET", "EXECUTE"];

/// How long one sleep step lasts before cancellation is checked again.
const SLEEP_STEP: Duration = Duration::from_millis(5);

/// The echo connector.
pub struct EchoConnector {
    host: Host,
}

/// Creates the connector (the library's constructor).
pub fn new(host: Host) -> Result<EchoConnector, ConnectorError> {
    tracing::debug!("echo connector created");
    Ok(EchoConnector { host })
}

connector_sdk::export_connector!(new);

impl ConnectorImpl for EchoConnector {
    fn spec(&self) -> Spec {
        Spec {
            version: PAYLOAD_VERSION,
            name: "echo".into(),
            connector_version: env!("CARGO_PKG_VERSION").into(),
            description: "Echoes JSON documents back with a prefix; for tests".into(),
            connection: json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "description": "Echo connection settings",
                "required": ["prefix"],
                "additionalProperties": false,
                "properties": {
                    "prefix": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Text added to every echoed document"
                    },
                    "max_batch": {
                        "type": "integer",
                        "minimum": 1,
                        "default": 100,
                        "description": "Largest batch accepted by one execute call"
                    },
                    "url": {
                        "type": "string",
                        "description": "Optional URL that test_connection fetches through the host transport"
                    },
                    "fetch_on_configure": {
                        "type": "boolean",
                        "default": false,
                        "description": "Misbehave for harness tests: fetch url during configure"
                    }
                }
            }),
            operations: ACTIONS
                .iter()
                .map(|action| OperationSpec {
                    action: (*action).into(),
                    description: format!("{action}: echo each document"),
                    settings: json!({
                        "$schema": "https://json-schema.org/draft/2020-12/schema",
                        "type": "object",
                        "description": "Echo operation settings",
                        "required": ["action"],
                        "properties": {
                            "action": {
                                "type": "string",
                                "enum": ACTIONS,
                                "description": "The action to run"
                            }
                        }
                    }),
                })
                .collect(),
        }
    }

    fn configure(&self, settings: Value) -> Result<Box<dyn ConnectionImpl>, ConnectorError> {
        let settings = EchoSettings::validate(&settings)?;
        if let (true, Some(url)) = (settings.fetch_on_configure, &settings.url) {
            // Deliberately against the contract (see the crate docs).
            let _ = self.host.send(get(url), &Cancellation::new());
        }
        tracing::info!(max_batch = settings.max_batch, "echo connection configured");
        Ok(Box::new(EchoConnection {
            host: self.host.clone(),
            settings,
        }))
    }
}

/// Validated connection settings.
#[derive(Clone, Debug)]
struct EchoSettings {
    prefix: String,
    max_batch: usize,
    url: Option<String>,
    fetch_on_configure: bool,
}

impl EchoSettings {
    fn validate(settings: &Value) -> Result<EchoSettings, ConnectorError> {
        let Some(object) = settings.as_object() else {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "",
                "connection settings must be a JSON object",
            )]));
        };
        let mut errors = Vec::new();
        for key in object.keys() {
            if !["prefix", "max_batch", "url", "fetch_on_configure"].contains(&key.as_str()) {
                errors.push(FieldError::new(key, "unknown setting"));
            }
        }
        let prefix = match object.get("prefix") {
            Some(Value::String(p)) if !p.is_empty() => p.clone(),
            Some(Value::String(_)) => {
                errors.push(FieldError::new("prefix", "must not be empty"));
                String::new()
            }
            Some(_) => {
                errors.push(FieldError::new("prefix", "must be a string"));
                String::new()
            }
            None => {
                errors.push(FieldError::new("prefix", "is required"));
                String::new()
            }
        };
        let max_batch = match object.get("max_batch") {
            None => 100,
            Some(v) => match v.as_u64() {
                Some(n) if n >= 1 => n as usize,
                _ => {
                    errors.push(FieldError::new(
                        "max_batch",
                        "must be an integer of at least 1",
                    ));
                    0
                }
            },
        };
        let url = match object.get("url") {
            None => None,
            Some(Value::String(u)) => Some(u.clone()),
            Some(_) => {
                errors.push(FieldError::new("url", "must be a string"));
                None
            }
        };
        let fetch_on_configure = match object.get("fetch_on_configure") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                errors.push(FieldError::new(
                    "fetch_on_configure",
                    "must be true or false",
                ));
                false
            }
        };
        if errors.is_empty() {
            Ok(EchoSettings {
                prefix,
                max_batch,
                url,
                fetch_on_configure,
            })
        } else {
            Err(ConnectorError::invalid_settings(errors))
        }
    }
}

struct EchoConnection {
    host: Host,
    settings: EchoSettings,
}

impl ConnectionImpl for EchoConnection {
    fn info(&self) -> ConnectionInfo {
        ConnectionInfo {
            version: PAYLOAD_VERSION,
            pool: None,
            summary: format!("echo, max batch {}", self.settings.max_batch),
            max_response_bytes: None,
        }
    }

    fn test_connection(&self, cancel: &Cancellation) -> Result<TestReport, ConnectorError> {
        let mut steps = vec![TestStep {
            name: "validate settings".into(),
            status: StepStatus::Passed,
            duration_ms: 0,
            detail: "settings are valid".into(),
        }];
        if let Some(url) = &self.settings.url {
            let started = Instant::now();
            let (status, detail) = match self.host.send(get(url), cancel) {
                Ok(response) => (StepStatus::Passed, format!("HTTP {}", response.status)),
                Err(e) => (StepStatus::Failed, format!("could not reach {url}: {e}")),
            };
            steps.push(TestStep {
                name: "fetch url".into(),
                status,
                duration_ms: started.elapsed().as_millis() as u64,
                detail,
            });
        }
        let ok = steps.iter().all(|s| s.status != StepStatus::Failed);
        tracing::info!(ok, steps = steps.len(), "echo connection tested");
        Ok(TestReport {
            version: PAYLOAD_VERSION,
            ok,
            steps,
        })
    }

    fn browse(&self, request: BrowseRequest, _: &Cancellation) -> Result<Value, ConnectorError> {
        let answer = match request {
            BrowseRequest::ObjectTypes { .. } => serde_json::to_value(ObjectTypes {
                version: PAYLOAD_VERSION,
                object_types: vec![ObjectType {
                    id: "echo".into(),
                    label: "Echo".into(),
                }],
            }),
            BrowseRequest::Profile { .. } => serde_json::to_value(Profile {
                version: PAYLOAD_VERSION,
                input: json!({"description": "any JSON document"}),
                output: json!({"type": "object", "description": "the echoed document"}),
            }),
        };
        answer.map_err(|e| ConnectorError::internal(format!("could not encode browse answer: {e}")))
    }

    fn prepare(&self, operation: Value) -> Result<Box<dyn OperationImpl>, ConnectorError> {
        let action = match operation.get("action").and_then(Value::as_str) {
            Some(a) if ACTIONS.contains(&a) => a.to_string(),
            Some(a) => {
                return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                    "action",
                    format!("unknown action {a:?}; expected one of {ACTIONS:?}"),
                )]))
            }
            None => {
                return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                    "action",
                    "is required",
                )]))
            }
        };
        Ok(Box::new(EchoOperation {
            action,
            settings: self.settings.clone(),
        }))
    }
}

/// A GET request for `url`.
fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: url.into(),
        headers: Default::default(),
        body: Default::default(),
        pool_key: Default::default(),
        timeout_ms: 5_000,
    }
}

struct EchoOperation {
    action: String,
    settings: EchoSettings,
}

impl OperationImpl for EchoOperation {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        if batch.len() > self.settings.max_batch {
            return Err(ConnectorError::new(
                connector_sdk::ErrorKind::Config,
                "BATCH_TOO_LARGE",
                format!(
                    "a batch of {} documents exceeds max_batch {}",
                    batch.len(),
                    self.settings.max_batch
                ),
            ));
        }
        tracing::info!(action = %self.action, documents = batch.len(), "echo batch started");
        for (index, document) in batch.iter().enumerate() {
            if cancel.is_cancelled() {
                results.outcome(
                    index,
                    Outcome::failure("CANCELLED", "cancelled before start"),
                );
                continue;
            }
            match self.echo_one(index, document, cancel) {
                Ok(output) => {
                    results.output(index, output);
                    results.outcome(index, Outcome::success());
                }
                Err(outcome) => results.outcome(index, outcome),
            }
        }
        Ok(())
    }
}

impl EchoOperation {
    fn echo_one(
        &self,
        index: usize,
        document: &Document,
        cancel: &Cancellation,
    ) -> Result<Document, Outcome> {
        let value: Value = serde_json::from_slice(&document.data).map_err(|e| {
            tracing::debug!(index, error = %e, "input is not JSON");
            Outcome::application_error("NOT_JSON", &format!("document {index} is not JSON: {e}"))
        })?;
        if value.get("fail").and_then(Value::as_bool) == Some(true) {
            return Err(Outcome::failure(
                "REQUESTED_FAILURE",
                "the document asked to fail",
            ));
        }
        if value.get("panic").and_then(Value::as_bool) == Some(true) {
            panic!("the document asked the echo connector to panic");
        }
        if let Some(ms) = value.get("sleep_ms").and_then(Value::as_u64) {
            let until = Instant::now() + Duration::from_millis(ms);
            while Instant::now() < until {
                if cancel.is_cancelled() {
                    tracing::info!(index, "sleep cancelled");
                    return Err(Outcome::failure("CANCELLED", "cancelled while sleeping"));
                }
                std::thread::sleep(SLEEP_STEP.min(until.saturating_duration_since(Instant::now())));
            }
        }
        let output = json!({
            "prefix": self.settings.prefix,
            "action": self.action,
            "document": value,
        });
        // The input's document properties go out with its output (tests see what the host
        // set, e.g. `possibly_applied` on a resumed run).
        let mut output = Document::json(output.to_string());
        output.properties = document.properties.clone();
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_every_bad_field() {
        let err = EchoSettings::validate(&json!({"max_batch": 0, "colour": "red"})).unwrap_err();
        let mut fields: Vec<String> = err.field_errors().into_iter().map(|f| f.field).collect();
        fields.sort();
        assert_eq!(fields, ["colour", "max_batch", "prefix"]);
    }

    #[test]
    fn settings_default_max_batch() {
        let s = EchoSettings::validate(&json!({"prefix": "> "})).unwrap();
        assert_eq!(s.max_batch, 100);
    }
}
