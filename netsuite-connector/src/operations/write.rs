//! Create, Update and Upsert: records batched into addList, updateList and upsertList.
//!
//! Input documents: one record each, as JSON shaped like the SuiteTalk record (fields by
//! name, references as `{"internalId"}` / `{"externalId"}`, `customFieldList` by `scriptId`,
//! `nullFieldList` to clear fields on update), or a raw SuiteTalk XML record
//! (`application/xml`, root with `xsi:type`). Update needs `internalId` or `externalId`;
//! Upsert needs `externalId`. Output on success: the written record's ref as JSON,
//! `{"internalId", "externalId"?, "type"}`.
//!
//! A Create whose answer is lost, and a Create input marked `possibly_applied` by the host (a
//! resumed run), are resolved by externalId instead of being sent blindly
//! (`operations::reconcile`: SUCCESS `RECONCILED`, or FAILURE `MAYBE_APPLIED` for a record
//! without one). A record NetSuite saved although it refused the write (`afterSubmitFailed`)
//! is SUCCESS `AFTER_SUBMIT_FAILED` with its ref (`operations::outcome`).

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document, Outcome};
use connector_sdk::{OperationImpl, Results};
use roxmltree::Node;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::async_job::{self, AsyncJob};
use super::driver::{self, Decoded, ListCall, ListOperation};
use super::reconcile::{self, Prepared};
use super::{input, list, outcome};
use crate::client::{CallOptions, Client};
use crate::envelope::{Preferences, XmlWriter};
use crate::schema;

/// Settings of a Create, Update or Upsert operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WriteSettings {
    /// Record type, as NetSuite's RecordType names it (`customer`, `salesOrder`,
    /// `inventoryItem`, `customRecord`, …).
    pub(crate) record_type: String,
    /// For `customRecord`: the custom record type's internal id, written as the record's
    /// `recType` unless a document carries its own `recType`.
    #[serde(default)]
    pub(crate) custom_record_type_id: Option<String>,
    /// Records per request. Default: Create 100, Update 50, Upsert 50 (Boomi's defaults);
    /// 0 means NetSuite's maximum (addList 200, updateList 100, upsertList 100), which is
    /// also the largest value accepted.
    #[serde(default)]
    pub(crate) batch_size: Option<u32>,
    /// Return Application Error Responses: pass NetSuite's error response on as the failed
    /// document's output instead of only reporting it.
    #[serde(default)]
    pub(crate) return_application_error_responses: bool,
    /// Warning as Error (`preferences/warningAsError`): true makes NetSuite fail a record
    /// it would accept with a warning. Not set: the account default applies.
    #[serde(default)]
    pub(crate) warning_as_error: Option<bool>,
    /// Ignore Read Only Fields (`preferences/ignoreReadOnlyFields`): true makes NetSuite skip
    /// read-only fields instead of failing the record. Not set: the account default.
    #[serde(default)]
    pub(crate) ignore_read_only_fields: Option<bool>,
    /// Disable Mandatory Custom Field Validation
    /// (`preferences/disableMandatoryCustomFieldValidation`). Not set: the account default.
    #[serde(default)]
    pub(crate) disable_mandatory_custom_field_validation: Option<bool>,
    /// Disable System Notes for Custom Fields
    /// (`preferences/disableSystemNotesForCustomFields`). Not set: the account default.
    #[serde(default)]
    pub(crate) disable_system_notes_for_custom_fields: Option<bool>,
    /// Run Server SuiteScript and Trigger Workflows
    /// (`preferences/runServerSuiteScriptAndTriggerWorkflows`). Not set: the account default.
    #[serde(default)]
    pub(crate) run_server_suite_script_and_trigger_workflows: Option<bool>,
    /// Async: submit the records as NetSuite async jobs (asyncAddList, asyncUpdateList,
    /// asyncUpsertList), wait for each job and report its results, one outcome per record in
    /// input order with the job id in the outcome's detail (`{"jobId": …}`). A job takes at
    /// most 400 records (Create) or 200 (Update, Upsert); a larger batch is split into
    /// several jobs (`batch_size` is not used).
    #[serde(default, rename = "async")]
    pub(crate) run_async: bool,
    /// Async Job Id: resume an interrupted async run. No job is submitted: the job (or the
    /// jobs, separated by commas, in the order the outcomes named them) is waited for and its
    /// results reported for the same batch, so nothing is written twice. Needs `async`.
    #[serde(default)]
    pub(crate) async_job_id: Option<String>,
}

/// Which write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WriteKind {
    /// addList.
    Create,
    /// updateList.
    Update,
    /// upsertList.
    Upsert,
}

impl WriteKind {
    /// The list operation.
    pub(crate) fn operation(self) -> &'static str {
        match self {
            WriteKind::Create => "addList",
            WriteKind::Update => "updateList",
            WriteKind::Upsert => "upsertList",
        }
    }

    /// The async job's operation and NetSuite's records per job.
    pub(crate) fn async_operation(self) -> (&'static str, usize) {
        match self {
            WriteKind::Create => ("asyncAddList", 400),
            WriteKind::Update => ("asyncUpdateList", 200),
            WriteKind::Upsert => ("asyncUpsertList", 200),
        }
    }

    /// Boomi's default batch size.
    pub(crate) fn default_batch(self) -> u32 {
        match self {
            WriteKind::Create => 100,
            WriteKind::Update | WriteKind::Upsert => 50,
        }
    }

    /// NetSuite's maximum records per request.
    pub(crate) fn max_batch(self) -> u32 {
        match self {
            WriteKind::Create => 200,
            WriteKind::Update | WriteKind::Upsert => 100,
        }
    }
}

/// The batch size to use, or the field error.
pub(super) fn batch_size(
    requested: Option<u32>,
    default: u32,
    max: u32,
    operation: &str,
) -> Result<usize, ConnectorError> {
    match requested {
        None => Ok(default as usize),
        Some(0) => Ok(max as usize),
        Some(n) if n <= max => Ok(n as usize),
        Some(n) => Err(ConnectorError::invalid_settings(vec![FieldError::new(
            "batch_size",
            format!("{n} is above NetSuite's {operation} maximum of {max} (0 means {max})"),
        )])),
    }
}

/// The operation's record type: given, and a NetSuite record type ([`super::record_type`]).
pub(super) fn require_record_type(
    client: &Client,
    record_type: &str,
) -> Result<(), ConnectorError> {
    if record_type.trim().is_empty() {
        return Err(ConnectorError::invalid_settings(vec![FieldError::new(
            "record_type",
            "required: the NetSuite record type, e.g. customer",
        )]));
    }
    super::record_type::check(client, record_type)
}

/// A prepared Create, Update or Upsert.
pub(crate) struct Write {
    client: Arc<Client>,
    kind: WriteKind,
    settings: WriteSettings,
    preferences: Preferences,
    batch_size: usize,
    /// Set with `async`: the records go through async jobs.
    job: Option<AsyncJob>,
}

impl Write {
    /// Validates the settings.
    ///
    /// # Errors
    /// Field errors for a missing record type or a batch size above NetSuite's maximum.
    pub(crate) fn new(
        client: Arc<Client>,
        kind: WriteKind,
        settings: WriteSettings,
    ) -> Result<Write, ConnectorError> {
        require_record_type(&client, &settings.record_type)?;
        let batch_size = batch_size(
            settings.batch_size,
            kind.default_batch(),
            kind.max_batch(),
            kind.operation(),
        )?;
        let preferences = Preferences {
            warning_as_error: settings.warning_as_error,
            disable_mandatory_custom_field_validation: settings
                .disable_mandatory_custom_field_validation,
            disable_system_notes_for_custom_fields: settings.disable_system_notes_for_custom_fields,
            ignore_read_only_fields: settings.ignore_read_only_fields,
            run_server_suite_script_and_trigger_workflows: settings
                .run_server_suite_script_and_trigger_workflows,
        };
        let (submit, limit) = kind.async_operation();
        let job = AsyncJob::from_settings(
            settings.run_async,
            settings.async_job_id.as_deref(),
            submit,
            limit,
            true,
        )?;
        Ok(Write {
            client,
            kind,
            settings,
            preferences,
            batch_size,
            job,
        })
    }

    /// Checks a JSON record against what the action needs and fills in the custom record type.
    fn prepare_json(&self, mut json: Value) -> Result<Value, String> {
        let Some(obj) = json.as_object_mut() else {
            return Err("the document must be a JSON object (one record)".into());
        };
        let internal = input::id_field(&Value::Object(obj.clone()), "internalId")?;
        let external = input::id_field(&Value::Object(obj.clone()), "externalId")?;
        match self.kind {
            WriteKind::Update if internal.is_none() && external.is_none() => {
                return Err("update needs internalId or externalId".into())
            }
            WriteKind::Upsert if external.is_none() => {
                return Err("upsert needs externalId (the key NetSuite upserts on)".into())
            }
            _ => {}
        }
        if is_custom_record(&self.settings.record_type) && !obj.contains_key("recType") {
            match &self.settings.custom_record_type_id {
                Some(id) => {
                    obj.insert("recType".into(), serde_json::json!({ "internalId": id }));
                }
                None => {
                    return Err(
                        "a custom record needs recType ({\"internalId\": …}) in the \
                                document or custom_record_type_id in the operation"
                            .into(),
                    )
                }
            }
        }
        account_fields_check(&self.client, &self.settings.record_type, &mut json)?;
        Ok(json)
    }

    /// What a created record is looked up by when its answer is lost (`operations::reconcile`):
    /// its externalId, and for a custom record its type (the document's `recType`, else the
    /// operation's `custom_record_type_id`). `None` without an externalId.
    fn lookup_key(&self, doc: &Document) -> Option<reconcile::Key> {
        let external_id = reconcile::external_id_of(doc)?;
        let type_id = is_custom_record(&self.settings.record_type).then(|| {
            serde_json::from_slice::<Value>(&doc.data)
                .ok()
                .and_then(|v| match &v["recType"]["internalId"] {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .or_else(|| self.settings.custom_record_type_id.clone())
        });
        Some(reconcile::Key {
            external_id,
            type_id: type_id.flatten(),
        })
    }

    /// Writes one document's `platformMsgs:record`: raw XML passes through, JSON is checked
    /// for what the action needs, then encoded with the schema (or schemaless).
    fn encode(
        &self,
        registry: Option<&schema::SchemaRegistry>,
        doc: &Document,
    ) -> Result<Vec<u8>, String> {
        let version = self.client.settings().version;
        let record_type = self.settings.record_type.trim();
        let mut w = XmlWriter::new(Vec::with_capacity(512));
        let written = if schema::is_xml_document(&doc.data, &doc.content_type) {
            schema::encode_document(
                registry,
                version,
                record_type,
                &doc.data,
                &doc.content_type,
                "platformMsgs:record",
                &mut w,
            )
        } else {
            let json: Value = serde_json::from_slice(&doc.data)
                .map_err(|e| format!("the document is not JSON: {e}"))?;
            let json = self.prepare_json(json)?;
            schema::encode_record(
                registry,
                version,
                record_type,
                &json,
                "platformMsgs:record",
                &mut w,
            )
        };
        written.map_err(|errors| field_errors_text(&errors))?;
        Ok(w.into_inner())
    }
}

/// Field errors as one message, each naming its field.
pub(super) fn field_errors_text(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| {
            if e.field.is_empty() {
                e.message.to_string()
            } else {
                format!("{}: {}", e.field, e.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// True when a JSON document may set custom fields (they are then checked against the
/// account's learned fields).
fn mentions_custom_fields(doc: &Document) -> bool {
    !schema::is_xml_document(&doc.data, &doc.content_type)
        && doc.data.windows(15).any(|w| w == b"customFieldList")
}

/// Checks a document's custom fields against the account's, when they were learned
/// (`schema::account_fields_apply::check_document`).
fn account_fields_check(
    client: &Client,
    record_type: &str,
    json: &mut Value,
) -> Result<(), String> {
    if json.get("customFieldList").is_none() {
        return Ok(());
    }
    let rec_type = ["internalId", "scriptId"]
        .iter()
        .find_map(|k| json["recType"][*k].as_str().map(str::to_string));
    let Some(fields) = schema::account_fields_cache::cached(client)
        .and_then(|f| f.of(record_type.trim(), rec_type.as_deref()))
    else {
        return Ok(());
    };
    schema::account_fields_apply::check_document(&fields, json)
}

/// True for the custom record type (`customRecord`), whatever the case.
pub(super) fn is_custom_record(record_type: &str) -> bool {
    record_type.trim().eq_ignore_ascii_case("customRecord")
}

impl ListOperation for Write {
    type Item = Prepared;

    fn call(&self) -> ListCall<'_> {
        ListCall {
            options: CallOptions {
                preferences: Some(&self.preferences),
                ..Default::default()
            },
            ..ListCall::new(
                self.kind.operation(),
                &self.settings.record_type,
                self.batch_size,
                self.settings.return_application_error_responses,
            )
        }
    }

    fn needs_schema(&self) -> bool {
        true
    }

    fn prepare(
        &self,
        registry: Option<&schema::SchemaRegistry>,
        doc: &Document,
    ) -> Result<Prepared, String> {
        Ok(Prepared {
            xml: self.encode(registry, doc)?,
            key: self.lookup_key(doc),
        })
    }

    fn encode(
        &self,
        w: &mut XmlWriter,
        operation: &str,
        items: &[Prepared],
    ) -> std::io::Result<()> {
        let element = format!("platformMsgs:{operation}");
        list::write_fragments(w, &element, items, &[])
    }

    fn request_failed(
        &self,
        client: &Client,
        call: &ListCall<'_>,
        indexes: &[usize],
        items: &[Prepared],
        error: crate::error::Error,
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) {
        if self.kind == WriteKind::Create && crate::retry::class(&error).may_be_applied() {
            return reconcile::resolve_lost(client, call, indexes, items, error, results, cancel);
        }
        let o = outcome::of_request_error(error);
        for &i in indexes {
            call.error_responses.failed(results, i, o.clone());
        }
    }

    fn decode(
        &self,
        _registry: Option<&schema::SchemaRegistry>,
        response: Node<'_, '_>,
    ) -> Result<Decoded, String> {
        list::decode_write_response_list(response)
    }
}

impl OperationImpl for Write {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        if batch.iter().any(mentions_custom_fields) {
            // Learned (or taken from the cache) once, before the documents are checked.
            schema::account_fields_cache::fields_for(&self.client, false, cancel);
        }
        if self.kind != WriteKind::Create || !batch.iter().any(reconcile::is_possibly_applied) {
            self.send(batch, results, cancel);
            return Ok(());
        }
        // A resumed run: inputs that may have been sent before are reconciled first (issue 11).
        let mut fresh = Vec::new();
        let mut lookups = Vec::new();
        for (i, doc) in batch.iter().enumerate() {
            if !reconcile::is_possibly_applied(doc) {
                fresh.push(i);
                continue;
            }
            match self.lookup_key(doc) {
                Some(key) => lookups.push((i, key)),
                None => results.outcome(
                    i,
                    Outcome::failure(
                        "MAYBE_APPLIED",
                        "this record may have been created by an earlier, interrupted run and \
                         has no externalId to look it up by, so it was not sent again: check \
                         for it in NetSuite, or give records an externalId",
                    ),
                ),
            }
        }
        if !lookups.is_empty() {
            let keys: Vec<&reconcile::Key> = lookups.iter().map(|(_, k)| k).collect();
            let record_type = self.settings.record_type.trim();
            match reconcile::lookup(&self.client, record_type, &keys, cancel) {
                Ok(found) => {
                    for ((i, _), found) in lookups.into_iter().zip(found) {
                        match found {
                            Some(r) => {
                                results.output(i, Document::json(r.to_string()));
                                results.outcome(
                                    i,
                                    reconcile::reconciled(
                                        &r,
                                        "an earlier, interrupted run may have sent this record",
                                    ),
                                );
                            }
                            None => fresh.push(i),
                        }
                    }
                }
                Err(e) => {
                    let o = outcome::of_request_error(e);
                    for (i, _) in lookups {
                        results.outcome(i, o.clone());
                    }
                }
            }
        }
        fresh.sort_unstable();
        let docs: Vec<Document> = fresh.iter().map(|&i| batch[i].clone()).collect();
        let mut remapped = Remapped {
            inner: results,
            map: &fresh,
        };
        self.send(&docs, &mut remapped, cancel);
        Ok(())
    }
}

impl Write {
    /// Sends documents through the list operation, or its async jobs with `async`.
    fn send(&self, batch: &[Document], results: &mut dyn Results, cancel: &Cancellation) {
        match &self.job {
            Some(job) => async_job::run(self, job, &self.client, batch, results, cancel),
            None => driver::run(self, &self.client, batch, results, cancel),
        }
    }
}

/// Results of a sub-batch, passed on under the indexes of the whole batch.
struct Remapped<'a> {
    inner: &'a mut dyn Results,
    map: &'a [usize],
}

impl Results for Remapped<'_> {
    fn output(&mut self, index: usize, document: Document) {
        self.inner.output(self.map[index], document);
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        self.inner.outcome(self.map[index], outcome);
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.inner.has_outcome(self.map[index])
    }
}
