//! Get: one record per input id, batched through getList.
//!
//! Input documents: `{"internalId": "42"}` or `{"externalId": "C-42"}`. Output: the record as
//! JSON (see `schema::decode`; typed by the schema when there is one). A missing record is APPLICATION_ERROR (RCRD_DSNT_EXIST) for that
//! document only.

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document};
use connector_sdk::{OperationImpl, Results};
use roxmltree::Node;
use schemars::JsonSchema;
use serde::Deserialize;

use super::async_job::{self, AsyncJob};
use super::driver::{self, Answer, Decoded, ListCall, ListOperation};
use crate::client::Client;
use crate::envelope::XmlWriter;
use crate::parse::{self, response};
use crate::schema::{self, SchemaRegistry};

/// NetSuite's getList maximum.
const MAX_GET_LIST: u32 = 1000;
/// NetSuite's asyncGetList maximum per job.
const MAX_ASYNC_GET_LIST: usize = 2000;

/// Settings of a Get operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GetSettings {
    /// Record type to read, as NetSuite's RecordType names it (e.g. `customer`, `salesOrder`,
    /// `inventoryItem`).
    pub(crate) record_type: String,
    /// Ids per getList request (default 100, at most 1,000).
    #[serde(default)]
    pub(crate) batch_size: Option<u32>,
    /// Return Application Error Responses: pass NetSuite's error response on as the failed
    /// document's output instead of only reporting it.
    #[serde(default)]
    pub(crate) return_application_error_responses: bool,
    /// Async: read the records through NetSuite async jobs (asyncGetList, at most 2,000 ids
    /// per job; a larger batch is split, `batch_size` is not used), one outcome per id with
    /// the job id in the outcome's detail.
    #[serde(default, rename = "async")]
    pub(crate) run_async: bool,
    /// Async Job Id: collect the results of an earlier async run's job (or jobs, separated
    /// by commas) for the same batch instead of submitting. Needs `async`.
    #[serde(default)]
    pub(crate) async_job_id: Option<String>,
}

/// A prepared Get.
pub(crate) struct Get {
    client: Arc<Client>,
    settings: GetSettings,
    batch_size: usize,
    /// Set with `async`: the ids go through async jobs.
    job: Option<AsyncJob>,
}

impl Get {
    /// Validates the settings.
    pub(crate) fn new(client: Arc<Client>, settings: GetSettings) -> Result<Get, ConnectorError> {
        let batch = settings.batch_size.unwrap_or(100);
        if batch == 0 || batch > MAX_GET_LIST {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "batch_size",
                format!("{batch} is outside 1 to {MAX_GET_LIST} (NetSuite's getList limit)"),
            )]));
        }
        super::write::require_record_type(&client, &settings.record_type)?;
        let job = AsyncJob::from_settings(
            settings.run_async,
            settings.async_job_id.as_deref(),
            "asyncGetList",
            MAX_ASYNC_GET_LIST,
            false,
        )?;
        Ok(Get {
            client,
            settings,
            batch_size: batch as usize,
            job,
        })
    }
}

/// One id to read.
pub(crate) enum Key {
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

impl ListOperation for Get {
    type Item = Key;

    fn call(&self) -> ListCall<'_> {
        ListCall {
            cancelled: "cancelled before this document was read",
            nouns: ("records", "ids"),
            ..ListCall::new(
                "getList",
                &self.settings.record_type,
                self.batch_size,
                self.settings.return_application_error_responses,
            )
        }
    }

    fn needs_schema(&self) -> bool {
        true
    }

    fn prepare(&self, _registry: Option<&SchemaRegistry>, doc: &Document) -> Result<Key, String> {
        read_key(doc)
    }

    fn encode(&self, w: &mut XmlWriter, operation: &str, keys: &[Key]) -> std::io::Result<()> {
        let record_type = self.settings.record_type.trim();
        w.create_element(format!("platformMsgs:{operation}"))
            .write_inner_content(|w| {
                for key in keys {
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
    }

    fn decode(
        &self,
        registry: Option<&SchemaRegistry>,
        body: Node<'_, '_>,
    ) -> Result<Decoded, String> {
        let list = parse::child(body, "readResponseList").ok_or("no readResponseList")?;
        let mut answers = Vec::new();
        for rr in list
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == "readResponse")
        {
            let status = response::status(rr).ok_or("a readResponse has no status")?;
            let record = match parse::child(rr, "record") {
                Some(r) => {
                    let what = format_args!("record {} of the response", answers.len() + 1);
                    parse::check_depth(r, &what)?;
                    Some(schema::decode_record(registry, r))
                }
                None => None,
            };
            answers.push(Answer {
                status,
                output: record,
                base_ref: None,
            });
        }
        // A whole-list status is not consulted: a count mismatch is UNEXPECTED_RESPONSE.
        Ok(Decoded {
            status: None,
            answers,
        })
    }
}

impl OperationImpl for Get {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        match &self.job {
            Some(job) => async_job::run(self, job, &self.client, batch, results, cancel),
            None => driver::run(self, &self.client, batch, results, cancel),
        }
        Ok(())
    }
}
