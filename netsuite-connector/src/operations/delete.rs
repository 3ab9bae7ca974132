//! Delete: references batched into deleteList.
//!
//! Input documents: `{"internalId": "42"}` or `{"externalId": "C-42"}`; a custom record also
//! needs its type, `{"internalId": "7", "typeId": "12"}` (or `custom_record_type_id` in the
//! settings). Output on success: the deleted record's ref as JSON.

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document};
use connector_sdk::{OperationImpl, Results};
use roxmltree::Node;
use schemars::JsonSchema;
use serde::Deserialize;

use super::async_job::{self, AsyncJob};
use super::driver::{self, Decoded, ListCall, ListOperation};
use super::write::{batch_size, is_custom_record, require_record_type};
use super::{input, list};
use crate::client::Client;
use crate::envelope::{self, XmlWriter};
use crate::schema::SchemaRegistry;

/// NetSuite's deleteList maximum.
const MAX_DELETE_LIST: u32 = 200;
/// NetSuite's asyncDeleteList maximum per job.
const MAX_ASYNC_DELETE_LIST: usize = 400;
/// Boomi's Delete batch size.
const DEFAULT_DELETE_BATCH: u32 = 100;

/// Settings of a Delete operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeleteSettings {
    /// Record type, as NetSuite's RecordType names it (`customer`, `salesOrder`,
    /// `customRecord`, …).
    pub(crate) record_type: String,
    /// For `customRecord`: the custom record type's internal id (the ref's `typeId`), used
    /// when a document has no `typeId` of its own.
    #[serde(default)]
    pub(crate) custom_record_type_id: Option<String>,
    /// References per deleteList request (default 100, as Boomi; 0 or at most 200, NetSuite's
    /// maximum).
    #[serde(default)]
    pub(crate) batch_size: Option<u32>,
    /// Return Application Error Responses: pass NetSuite's error response on as the failed
    /// document's output instead of only reporting it.
    #[serde(default)]
    pub(crate) return_application_error_responses: bool,
    /// Deletion reason (`deletionReason/deletionReasonCode`): the internal id of a deletion
    /// reason, for accounts that require one.
    #[serde(default)]
    pub(crate) deletion_reason_code: Option<String>,
    /// Deletion reason memo (`deletionReason/deletionReasonMemo`); needs
    /// `deletion_reason_code`.
    #[serde(default)]
    pub(crate) deletion_reason_memo: Option<String>,
    /// Async: submit the references as NetSuite async jobs (asyncDeleteList, at most 400 per
    /// job; a larger batch is split, `batch_size` is not used), wait for each job and report
    /// its results, one outcome per reference with the job id in the outcome's detail.
    #[serde(default, rename = "async")]
    pub(crate) run_async: bool,
    /// Async Job Id: resume an interrupted async run: no job is submitted, the job (or jobs,
    /// separated by commas) is waited for and its results reported for the same batch.
    /// Needs `async`.
    #[serde(default)]
    pub(crate) async_job_id: Option<String>,
}

/// A prepared Delete.
pub(crate) struct Delete {
    client: Arc<Client>,
    settings: DeleteSettings,
    batch_size: usize,
    /// `<platformMsgs:deletionReason>` of every request (empty without a reason code).
    trailer: Vec<u8>,
    /// Set with `async`: the references go through async jobs.
    job: Option<AsyncJob>,
}

impl Delete {
    /// Validates the settings.
    ///
    /// # Errors
    /// Field errors for a missing record type or a batch size above 200.
    pub(crate) fn new(
        client: Arc<Client>,
        settings: DeleteSettings,
    ) -> Result<Delete, ConnectorError> {
        require_record_type(&client, &settings.record_type)?;
        let batch_size = batch_size(
            settings.batch_size,
            DEFAULT_DELETE_BATCH,
            MAX_DELETE_LIST,
            "deleteList",
        )?;
        if let Some(id) = &settings.custom_record_type_id {
            if id.trim().is_empty() {
                return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                    "custom_record_type_id",
                    "empty: give the custom record type's internal id or leave it out",
                )]));
            }
        }
        if settings.deletion_reason_memo.is_some() && settings.deletion_reason_code.is_none() {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "deletion_reason_memo",
                "needs deletion_reason_code (the deletion reason's internal id)",
            )]));
        }
        if settings
            .deletion_reason_code
            .as_deref()
            .is_some_and(|c| c.trim().is_empty())
        {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "deletion_reason_code",
                "empty: give the deletion reason's internal id or leave it out",
            )]));
        }
        let job = AsyncJob::from_settings(
            settings.run_async,
            settings.async_job_id.as_deref(),
            "asyncDeleteList",
            MAX_ASYNC_DELETE_LIST,
            true,
        )?;
        let mut delete = Delete {
            client,
            settings,
            batch_size,
            trailer: Vec::new(),
            job,
        };
        delete.trailer = delete.deletion_reason();
        Ok(delete)
    }

    /// Writes one document's `platformMsgs:baseRef`.
    pub(crate) fn encode(&self, doc: &Document) -> Result<Vec<u8>, String> {
        let json = input::read_json(doc, "{\"internalId\": …} or {\"externalId\": …}")?;
        if !json.is_object() {
            return Err(
                "the document must be a JSON object such as {\"internalId\": \"42\"}".into(),
            );
        }
        for key in json.as_object().into_iter().flat_map(|o| o.keys()) {
            if !matches!(
                key.as_str(),
                "internalId" | "externalId" | "typeId" | "type" | "name"
            ) {
                return Err(format!(
                    "{key}: unknown field; a delete document has internalId, externalId and \
                     (custom records) typeId"
                ));
            }
        }
        let internal = input::id_field(&json, "internalId")?;
        let external = input::id_field(&json, "externalId")?;
        if internal.is_none() && external.is_none() {
            return Err("the document needs internalId or externalId".into());
        }
        let record_type = self.settings.record_type.trim();
        let mut w = XmlWriter::new(Vec::with_capacity(128));
        let mut el = w.create_element("platformMsgs:baseRef");
        if is_custom_record(record_type) {
            let type_id = input::id_field(&json, "typeId")?
                .or_else(|| self.settings.custom_record_type_id.clone())
                .ok_or(
                    "typeId: a custom record needs its type's internal id (in the document or \
                     custom_record_type_id)",
                )?;
            el = el
                .with_attribute(("xsi:type", "platformCore:CustomRecordRef"))
                .with_attribute(("typeId", type_id.trim()));
        } else {
            el = el
                .with_attribute(("xsi:type", "platformCore:RecordRef"))
                .with_attribute(("type", record_type));
        }
        if let Some(id) = &internal {
            el = el.with_attribute(("internalId", id.as_str()));
        }
        if let Some(id) = &external {
            el = el.with_attribute(("externalId", id.as_str()));
        }
        el.write_empty()
            .map_err(|e| format!("could not write the reference: {e}"))?;
        Ok(w.into_inner())
    }
}

impl Delete {
    /// `<platformMsgs:deletionReason>`, when a reason code is set.
    fn deletion_reason(&self) -> Vec<u8> {
        let Some(code) = &self.settings.deletion_reason_code else {
            return Vec::new();
        };
        let mut w = XmlWriter::new(Vec::new());
        let written = w
            .create_element("platformMsgs:deletionReason")
            .write_inner_content(|w| {
                w.create_element("platformCore:deletionReasonCode")
                    .with_attribute(("internalId", code.trim()))
                    .write_empty()?;
                if let Some(memo) = &self.settings.deletion_reason_memo {
                    envelope::text(w, "platformCore:deletionReasonMemo", memo)?;
                }
                Ok(())
            });
        // Writing into memory cannot fail.
        match written {
            Ok(_) => w.into_inner(),
            Err(_) => Vec::new(),
        }
    }
}

impl ListOperation for Delete {
    type Item = Vec<u8>;

    fn call(&self) -> ListCall<'_> {
        ListCall::new(
            "deleteList",
            &self.settings.record_type,
            self.batch_size,
            self.settings.return_application_error_responses,
        )
    }

    fn needs_schema(&self) -> bool {
        false
    }

    fn prepare(
        &self,
        _registry: Option<&SchemaRegistry>,
        doc: &Document,
    ) -> Result<Vec<u8>, String> {
        self.encode(doc)
    }

    fn encode(&self, w: &mut XmlWriter, operation: &str, items: &[Vec<u8>]) -> std::io::Result<()> {
        let element = format!("platformMsgs:{operation}");
        list::write_fragments(w, &element, items, &self.trailer)
    }

    fn decode(
        &self,
        _registry: Option<&SchemaRegistry>,
        response: Node<'_, '_>,
    ) -> Result<Decoded, String> {
        list::decode_write_response_list(response)
    }
}

impl OperationImpl for Delete {
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
