//! Get: one record per input id, batched through getList.
//!
//! Input documents: `{"internalId": "42"}` or `{"externalId": "C-42"}`. Output: the record as
//! JSON (see `schema::decode`; typed by the schema when there is one). A missing record is APPLICATION_ERROR (RCRD_DSNT_EXIST) for that
//! document only.

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document, Outcome};
use connector_sdk::{OperationImpl, Results};
use schemars::JsonSchema;
use serde::Deserialize;

use super::outcome;
use crate::client::{CallOptions, Client};
use crate::parse::{self, response};
use crate::schema;

/// NetSuite's getList maximum.
const MAX_GET_LIST: u32 = 1000;

/// Settings of a Get operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetSettings {
    /// Record type to read, as NetSuite's RecordType names it (e.g. `customer`, `salesOrder`,
    /// `inventoryItem`).
    pub record_type: String,
    /// Ids per getList request (default 100, at most 1,000).
    #[serde(default)]
    pub batch_size: Option<u32>,
    /// Return Application Error Responses: pass NetSuite's error response on as the failed
    /// document's output instead of only reporting it.
    #[serde(default)]
    pub return_application_error_responses: bool,
}

/// A prepared Get.
pub struct Get {
    client: Arc<Client>,
    settings: GetSettings,
    batch_size: usize,
}

impl Get {
    /// Validates the settings.
    pub fn new(client: Arc<Client>, settings: GetSettings) -> Result<Get, ConnectorError> {
        let batch = settings.batch_size.unwrap_or(100);
        if batch == 0 || batch > MAX_GET_LIST {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "batch_size",
                format!("{batch} is outside 1 to {MAX_GET_LIST} (NetSuite's getList limit)"),
            )]));
        }
        if settings.record_type.trim().is_empty() {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "record_type",
                "required: the NetSuite record type, e.g. customer",
            )]));
        }
        Ok(Get {
            client,
            settings,
            batch_size: batch as usize,
        })
    }
}

/// One id to read.
enum Key {
    Internal(String),
    External(String),
}

fn read_key(doc: &Document) -> Result<Key, String> {
    let value: serde_json::Value =
        serde_json::from_slice(&doc.data).map_err(|e| format!("the document is not JSON: {e}"))?;
    let text = |field: &str| match value.get(field) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
            Some(Ok(s.trim().to_string()))
        }
        Some(serde_json::Value::Number(n)) => Some(Ok(n.to_string())),
        Some(_) => Some(Err(format!("{field} must be text or a number"))),
        None => None,
    };
    match (text("internalId"), text("externalId")) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Err(e),
        (Some(Ok(id)), _) => Ok(Key::Internal(id)),
        (None, Some(Ok(id))) => Ok(Key::External(id)),
        (None, None) => Err("the document needs internalId or externalId".into()),
    }
}

impl OperationImpl for Get {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        let registry = match schema::registry_for(&self.client, cancel) {
            Ok(r) => r,
            Err(e) => {
                outcome::fail_every(results, batch.len(), e);
                return Ok(());
            }
        };
        let reg = registry.as_deref();
        let mut pending: Vec<(usize, Key)> = Vec::with_capacity(batch.len());
        for (i, doc) in batch.iter().enumerate() {
            match read_key(doc) {
                Ok(k) => pending.push((i, k)),
                Err(message) => {
                    results.outcome(i, Outcome::application_error("INVALID_DOCUMENT", &message))
                }
            }
        }
        let record_type = self.settings.record_type.trim();
        for chunk in pending.chunks(self.batch_size) {
            if cancel.is_cancelled() {
                for (i, _) in chunk {
                    results.outcome(
                        *i,
                        Outcome::failure("CANCELLED", "cancelled before this document was read"),
                    );
                }
                continue;
            }
            let options = CallOptions {
                record_type: Some(record_type),
                count: chunk.len(),
                ..Default::default()
            };
            let response = self.client.call("getList", options, cancel, &|w| {
                w.create_element("platformMsgs:getList")
                    .write_inner_content(|w| {
                        for (_, key) in chunk {
                            let el = w
                                .create_element("platformMsgs:baseRef")
                                .with_attribute(("xsi:type", "platformCore:RecordRef"))
                                .with_attribute(("type", record_type));
                            match key {
                                Key::Internal(id) => el
                                    .with_attribute(("internalId", id.as_str()))
                                    .write_empty()?,
                                Key::External(id) => el
                                    .with_attribute(("externalId", id.as_str()))
                                    .write_empty()?,
                            };
                        }
                        Ok(())
                    })?;
                Ok(())
            });
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    let o = outcome::of_request_error(e);
                    for (i, _) in chunk {
                        results.outcome(*i, o.clone());
                    }
                    continue;
                }
            };
            let read = response.read(|body| {
                let list = parse::child(body, "readResponseList").ok_or("no readResponseList")?;
                let mut answers = Vec::new();
                for rr in list
                    .children()
                    .filter(|n| n.is_element() && n.tag_name().name() == "readResponse")
                {
                    let status = response::status(rr).ok_or("a readResponse has no status")?;
                    let record = parse::child(rr, "record").map(|r| schema::decode_record(reg, r));
                    answers.push((status, record));
                }
                Ok(answers)
            });
            match read {
                Ok(answers) if answers.len() == chunk.len() => {
                    for ((i, _), (status, record)) in chunk.iter().zip(answers) {
                        let o = outcome::of_status(&status);
                        match record {
                            Some(json) if status.is_success => {
                                results.output(*i, Document::json(json.to_string()))
                            }
                            _ if !status.is_success
                                && self.settings.return_application_error_responses =>
                            {
                                let detail = outcome::error_response(&status, None);
                                results.output(*i, Document::json(detail.to_string()));
                            }
                            _ => {}
                        }
                        results.outcome(*i, o);
                    }
                }
                Ok(answers) => {
                    let msg = format!(
                        "NetSuite answered {} records for {} ids",
                        answers.len(),
                        chunk.len()
                    );
                    for (i, _) in chunk {
                        results.outcome(*i, Outcome::failure("UNEXPECTED_RESPONSE", &msg));
                    }
                }
                Err(e) => {
                    let o = outcome::of_request_error(e);
                    for (i, _) in chunk {
                        results.outcome(*i, o.clone());
                    }
                }
            }
        }
        Ok(())
    }
}
