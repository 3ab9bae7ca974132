//! Query: basic, advanced and saved searches on any searchable record type, paged with
//! searchMoreWithId and streamed page by page.
//!
//! Input: one document per query run. Empty or `{}` runs the search as configured;
//! `{"parameters": {"<name>": value}}` sets the values of the filters bound to those
//! parameters (Boomi binds filter values from process parameters), and `{"filters": [...]}`
//! adds filters of the same shape as the settings' filters.
//!
//! Output, for that one input: one document per record (basic search; the record as JSON,
//! see `schema::decode`) or per row (advanced and saved searches; columns by name, joins
//! nested), or with `batch_results` one document per page:
//! `{"pageIndex", "totalPages", "totalRecords", "records": [...]}`. Each page is parsed, its
//! documents emitted, and dropped before the next page is asked for, so memory does not grow
//! with the number of records. Then one outcome: SUCCESS (detail: records and pages), or the
//! problem: an expired search id (INVALID_JOB_ID: NetSuite keeps a search 15 minutes) and a
//! search NetSuite stopped at its time limit are said in plain words, with how many records
//! had already been emitted.
//!
//! A row (advanced and saved searches) keeps every value NetSuite sent
//! (`schema::decode_row` has the details):
//!
//! | in the row | in the JSON document |
//! |---|---|
//! | a `basic` column | at the top level by field name: its `searchValue` (`"entityId": "ACME"`), `null` when empty |
//! | a column with a `customLabel` | `{"searchValue": …, "customLabel": "Billing email"}` |
//! | a column repeated (same field twice, e.g. under two labels) | one key, an array of the above, in row order |
//! | a join's columns (`contactJoin`) | `"contactJoin": {columns}` |
//! | a custom column | `"customFieldList": {"<scriptId>": {"internalId", "scriptId", "searchValue", "customLabel"?}}` (an array when repeated) |
//! | a custom record join | `"customSearchJoin": [{"customizationRef": {"internalId", "scriptId", "name"?}, "searchRowBasic": {columns, "recType"}}]`, always an array, one item per join |
//!
//! Every decoder writes one key per name: a field that repeats (adjacent or not) is one array.

pub(crate) mod filter;
pub(crate) mod page;
pub(crate) mod request;

#[cfg(test)]
mod tests;

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document, Outcome, OutcomeStatus};
use connector_sdk::{OperationImpl, Results};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use self::filter::{ColumnSettings, FilterSettings, Resolved};
use self::request::{Column, Plan};
use super::async_job::{self, AsyncJob};
use super::driver::{self, ErrorResponses};
use super::search_field::{Criterion, FieldKind};
use super::{input, outcome};
use crate::client::{CallOptions, Client};
use crate::envelope::{SearchPreferences, XmlWriter};
use crate::error::Error;
use crate::parse::fault::FaultCode;
use crate::parse::response::Status;
use crate::schema::{self, SchemaRegistry, SearchClasses};

/// NetSuite's synchronous page size limits.
const MIN_PAGE: u32 = 5;
const MAX_PAGE: u32 = 1000;
/// NetSuite's largest async search page.
const MAX_ASYNC_PAGE: u32 = 2000;

fn default_true() -> bool {
    true
}

/// Settings of a Query operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuerySettings {
    /// Record type to search, as NetSuite's RecordType names it (`customer`, `salesOrder`,
    /// `inventoryItem`, `customRecord`, …). Transactions and items are searched through their
    /// search class (TransactionSearch, ItemSearch) filtered to this type.
    pub(crate) record_type: String,
    /// Use Advanced Search: return rows with the chosen `columns` (and joins' columns)
    /// instead of whole records. Implied by a saved search.
    #[serde(default)]
    pub(crate) use_advanced_search: bool,
    /// Run a saved search by its internal id (`savedSearchId`); `filters` are added to its
    /// criteria and `columns`, if any, replace its columns.
    #[serde(default)]
    pub(crate) saved_search_id: Option<String>,
    /// Run a saved search by its script id (`customsearch_open_orders`), recommended over the
    /// internal id.
    #[serde(default)]
    pub(crate) saved_search_script_id: Option<String>,
    /// Filters (search criteria), all of which must match.
    #[serde(default)]
    pub(crate) filters: Vec<FilterSettings>,
    /// Columns of an advanced search (required for one without a saved search).
    #[serde(default)]
    pub(crate) columns: Vec<ColumnSettings>,
    /// Body fields only (`searchPreferences/bodyFieldsOnly`): true (default) leaves out
    /// sublists (address book, item lines), which makes searches much faster; false is
    /// Boomi's "Include List Fields". Advanced searches ignore it.
    #[serde(default = "default_true")]
    pub(crate) body_fields_only: bool,
    /// Records per page, 5 to 1,000 (default 1,000, NetSuite's maximum).
    #[serde(default)]
    pub(crate) page_size: Option<u32>,
    /// Batch Results: one output document per page holding the page's records in
    /// `records`, instead of one document per record.
    #[serde(default)]
    pub(crate) batch_results: bool,
    /// For `customRecord`: the custom record type's internal id (`recType`, required).
    #[serde(default)]
    pub(crate) custom_record_type_id: Option<String>,
    /// Return Application Error Responses: pass NetSuite's error response on as the query
    /// document's output when the search fails.
    #[serde(default)]
    pub(crate) return_application_error_responses: bool,
    /// Async: run each query as a NetSuite async search (asyncSearch), wait for the job, then
    /// read its pages (getAsyncResult); the outputs are those of the synchronous query, the
    /// job id is in the outcome's detail. Page sizes up to 2,000 are accepted.
    #[serde(default, rename = "async")]
    pub(crate) run_async: bool,
    /// Async Job Id: read the results of an earlier run's async search instead of submitting
    /// (one job id per query document, separated by commas). Needs `async`.
    #[serde(default)]
    pub(crate) async_job_id: Option<String>,
}

/// A prepared Query.
pub(crate) struct Query {
    client: Arc<Client>,
    settings: QuerySettings,
    advanced: bool,
    preferences: SearchPreferences,
    /// Set with `async`: each query runs as an asyncSearch job.
    job: Option<AsyncJob>,
}

fn field_error(field: &str, message: impl Into<String>) -> ConnectorError {
    ConnectorError::invalid_settings(vec![FieldError::new(field, message)])
}

impl Query {
    /// Validates the settings (no network: field types are checked when the schema is
    /// known, at the first run).
    ///
    /// # Errors
    /// Field errors: no record type, a page size outside 5 to 1,000, both saved search ids,
    /// an advanced search without columns, columns without an advanced search, a custom
    /// record search without its type.
    pub(crate) fn new(
        client: Arc<Client>,
        settings: QuerySettings,
    ) -> Result<Query, ConnectorError> {
        super::write::require_record_type(&client, &settings.record_type)?;
        let page_size = settings.page_size.unwrap_or(MAX_PAGE);
        let max_page = if settings.run_async {
            MAX_ASYNC_PAGE
        } else {
            MAX_PAGE
        };
        if !(MIN_PAGE..=max_page).contains(&page_size) {
            return Err(field_error(
                "page_size",
                format!("{page_size} is outside NetSuite's {MIN_PAGE} to {max_page}"),
            ));
        }
        let job = AsyncJob::from_settings(
            settings.run_async,
            settings.async_job_id.as_deref(),
            "asyncSearch",
            1,
            false,
        )?;
        let saved = settings.saved_search_id.is_some() || settings.saved_search_script_id.is_some();
        if settings.saved_search_id.is_some() && settings.saved_search_script_id.is_some() {
            return Err(field_error(
                "saved_search_script_id",
                "give saved_search_id or saved_search_script_id, not both",
            ));
        }
        for (name, v) in [
            ("saved_search_id", &settings.saved_search_id),
            ("saved_search_script_id", &settings.saved_search_script_id),
            ("custom_record_type_id", &settings.custom_record_type_id),
        ] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(field_error(name, "empty: give a value or leave it out"));
            }
        }
        let advanced = settings.use_advanced_search || saved;
        if advanced && !saved && settings.columns.is_empty() {
            return Err(field_error(
                "columns",
                "an advanced search without a saved search needs at least one column",
            ));
        }
        if !advanced && !settings.columns.is_empty() {
            return Err(field_error(
                "columns",
                "columns apply to advanced searches: set use_advanced_search (or name a saved search)",
            ));
        }
        if super::write::is_custom_record(&settings.record_type)
            && settings.custom_record_type_id.is_none()
        {
            return Err(field_error(
                "custom_record_type_id",
                "required for customRecord: the custom record type's internal id",
            ));
        }
        let mut errors = Vec::new();
        for (i, f) in settings.filters.iter().enumerate() {
            if f.field.trim().is_empty() {
                errors.push(FieldError::new(format!("filters[{i}].field"), "required"));
            }
            if let Some(t) = &f.field_type {
                match FieldKind::parse(t) {
                    None => errors.push(FieldError::new(
                        format!("filters[{i}].type"),
                        format!("`{t}` is not a search field type (string, long, double, textNumber, date, boolean, select, enumMultiSelect)"),
                    )),
                    // With its type given and its value fixed, a filter is checked now rather
                    // than at the first run.
                    Some(kind) if f.parameter.is_none() => {
                        let c = filter::criterion_of(f);
                        if let Err(m) = super::search_field::check(&f.field, kind, &c) {
                            errors.push(FieldError::new(format!("filters[{i}]"), m));
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, c) in settings.columns.iter().enumerate() {
            if c.field.trim().is_empty() {
                errors.push(FieldError::new(format!("columns[{i}].field"), "required"));
            }
        }
        if !errors.is_empty() {
            return Err(ConnectorError::invalid_settings(errors));
        }
        let preferences = SearchPreferences {
            body_fields_only: settings.body_fields_only,
            return_search_columns: true,
            page_size,
        };
        Ok(Query {
            client,
            settings,
            advanced,
            preferences,
            job,
        })
    }

    fn classes(&self, registry: Option<&SchemaRegistry>) -> Result<SearchClasses, ConnectorError> {
        let version = self.client.settings().version;
        let rt = self.settings.record_type.trim();
        schema::search_classes(registry, version, rt).ok_or_else(|| {
            let why = if registry.is_some() {
                "is not a searchable record type in this version"
            } else {
                "cannot be searched without the version's schema (not reachable); give the \
                 connection a schema_folder"
            };
            field_error("record_type", format!("`{rt}` {why}"))
        })
    }

    /// Resolves the configured columns against the search row classes.
    pub(crate) fn columns(
        &self,
        registry: Option<&SchemaRegistry>,
        classes: &SearchClasses,
    ) -> Result<Vec<Column>, ConnectorError> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (i, c) in self.settings.columns.iter().enumerate() {
            match resolve_column(registry, classes, c) {
                Ok(col) => out.push(col),
                Err(m) => errors.push(FieldError::new(format!("columns[{i}]"), m)),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(ConnectorError::invalid_settings(errors))
        }
    }

    /// The plan of one run: the bound filters resolved, the type filter and recType added.
    pub(crate) fn plan(
        &self,
        registry: Option<&SchemaRegistry>,
        classes: &SearchClasses,
        columns: &[Column],
        query_doc: &Value,
    ) -> Result<Plan, String> {
        let version = self.client.settings().version;
        let bound = filter::bind(&self.settings.filters, query_doc)?;
        let mut filters: Vec<Resolved> = Vec::new();
        for (path, f) in &bound {
            filters.push(filter::resolve(registry, version, classes, path, f)?);
        }
        if let Some(tf) = &classes.type_filter {
            let user_filters_type = filters
                .iter()
                .any(|f| f.join.is_none() && !f.custom && f.field == tf.field);
            if !user_filters_type {
                let order = filter::positions(registry, &classes.record_type, None)
                    .iter()
                    .position(|p| *p == tf.field)
                    .unwrap_or(0);
                filters.push(Resolved {
                    join: None,
                    field: tf.field.clone(),
                    custom: false,
                    kind: FieldKind::EnumMultiSelect,
                    criterion: Criterion {
                        operator: Some("anyOf".into()),
                        values: vec![Value::String(tf.value.clone())],
                        predefined: None,
                    },
                    order,
                });
            }
        }
        let saved = match (
            &self.settings.saved_search_id,
            &self.settings.saved_search_script_id,
        ) {
            (Some(id), _) => Some(("savedSearchId", id.trim().to_string())),
            (None, Some(id)) => Some(("savedSearchScriptId", id.trim().to_string())),
            (None, None) => None,
        };
        Ok(Plan {
            classes: classes.clone(),
            advanced: self.advanced,
            saved,
            filters,
            columns: columns.to_vec(),
            rec_type: self
                .settings
                .custom_record_type_id
                .as_ref()
                .filter(|_| super::write::is_custom_record(&self.settings.record_type))
                .map(|s| s.trim().to_string()),
        })
    }

    fn error_responses(&self) -> ErrorResponses {
        ErrorResponses(self.settings.return_application_error_responses)
    }

    fn fail(&self, results: &mut dyn Results, index: usize, o: Outcome) {
        self.error_responses().failed(results, index, o);
    }

    /// Runs one search to its last page, emitting as pages arrive; with `job_id`, the pages
    /// of that finished async search.
    fn run(
        &self,
        index: usize,
        body: &[u8],
        registry: Option<&SchemaRegistry>,
        results: &mut dyn Results,
        cancel: &Cancellation,
        job_id: Option<&str>,
    ) {
        let record_type = self.settings.record_type.trim();
        let options = CallOptions {
            record_type: Some(record_type),
            search_preferences: Some(&self.preferences),
            ..Default::default()
        };
        let mut emitted: u64 = 0;
        let mut page: u32 = 1;
        // An async search's pages are asked for by its job id.
        let mut search_id = job_id.unwrap_or_default().to_string();
        let mut first_total_pages: Option<u64> = None;
        let fetch = |page: u32, search_id: &str| {
            if let Some(job_id) = job_id {
                let options = CallOptions {
                    record_type: Some(record_type),
                    ..Default::default()
                };
                self.client.call("getAsyncResult", options, cancel, &|w| {
                    async_job::search::write_page_request(w, job_id, page)
                })
            } else if page == 1 {
                self.client.call("search", options, cancel, &|w| {
                    // Written by quick-xml in `Plan::write`; spliced as is.
                    w.get_mut().extend_from_slice(body);
                    Ok(())
                })
            } else {
                self.client.call("searchMoreWithId", options, cancel, &|w| {
                    request::write_search_more(w, search_id, page)
                })
            }
        };
        let mut fetched = fetch(1, &search_id);
        // While one page is decoded and emitted, the next is already on its way: at most two
        // pages are held at once, and decoding no longer waits for the network.
        // The prefetch runs on an SDK worker: its log lines reach this call's host, and a panic
        // in it poisons the instance like one on this thread.
        connector_sdk::thread::scope(|scope| loop {
            let response = match fetched {
                Ok(r) => r,
                Err(e) if cancel.is_cancel_requested() && e.code() == "CANCELLED" => {
                    return results.outcome(index, interrupted(page - 1, emitted))
                }
                Err(e) => return self.fail(results, index, search_error(e, page, emitted)),
            };
            let head = page::peek(&response.text);
            let next_id = head.search_id.clone().unwrap_or_else(|| search_id.clone());
            let more = head.total_pages.is_some_and(|total| page < total) && !next_id.is_empty();
            let prefetch = (more && !cancel.is_cancelled()).then(|| {
                let fetch = &fetch;
                let id = next_id.clone();
                scope.spawn(move || fetch(page + 1, &id))
            });
            // Always collect the page in flight before leaving, whatever the answer.
            let mut prefetch = PrefetchGuard(prefetch);
            let batch = self.settings.batch_results;
            let mut records: Vec<Value> = Vec::new();
            let read = response.read(|node| {
                if batch {
                    page::read(node, registry, &mut |value| records.push(value))
                } else {
                    page::read_text(node, registry, &mut |json| {
                        results.output(index, Document::json(json));
                    })
                }
            });
            drop(response);
            let info = match read {
                Ok(info) => info,
                Err(e) => return self.fail(results, index, search_error(e, page, emitted)),
            };
            if !info.status.is_success {
                let o = search_status_outcome(&info.status, page, emitted);
                return self.error_responses().report(results, index, o, |_| {
                    outcome::error_response(&info.status, None)
                });
            }
            let paging = page::Paging {
                page,
                requested_page_size: self.preferences.page_size,
                search_id: &search_id,
                first_total_pages,
                emitted_before: emitted,
            };
            let total_pages = match page::check_advance(&info, &paging) {
                Ok(t) => t,
                Err(message) => {
                    let message = format!("{message} ({emitted} records were emitted before it)");
                    return self.fail(
                        results,
                        index,
                        Outcome::failure("UNEXPECTED_RESPONSE", &message),
                    );
                }
            };
            if page == 1 {
                first_total_pages = info.total_pages;
            }
            emitted += info.count as u64;
            log_page(page, total_pages, info.total_records, info.count, emitted);
            if batch && !records.is_empty() {
                let doc = json!({
                    "pageIndex": info.page_index.unwrap_or(u64::from(page)),
                    "totalPages": total_pages,
                    "totalRecords": info.total_records,
                    "records": records,
                });
                results.output(index, Document::json(doc.to_string()));
            }
            if let Some(id) = info.search_id {
                search_id = id;
            }
            if page >= total_pages {
                let mut o = Outcome::success();
                o.detail_json = json!({ "records": emitted, "pages": total_pages })
                    .to_string()
                    .into();
                return results.outcome(index, o);
            }
            if search_id.is_empty() {
                return results.outcome(
                    index,
                    Outcome::failure(
                        "UNEXPECTED_RESPONSE",
                        &format!(
                            "NetSuite reported {total_pages} pages but no searchId to read page {} \
                             with ({emitted} records were emitted)",
                            page + 1
                        ),
                    ),
                );
            }
            if cancel.is_cancel_requested() {
                // The host asked to stop: end after this page, with what it gave.
                return results.outcome(index, interrupted(page, emitted));
            }
            if cancel.is_cancelled() {
                return results.outcome(
                    index,
                    Outcome::failure(
                        "CANCELLED",
                        &format!(
                            "cancelled after page {page} of {total_pages} ({emitted} records were emitted)"
                        ),
                    ),
                );
            }
            page += 1;
            fetched = match prefetch.take() {
                Some(PageFetch::Fetched(result)) => result,
                Some(PageFetch::Panicked(e)) => {
                    return results
                        .outcome(index, Outcome::failure(e.code.as_str(), e.message.as_str()))
                }
                None => fetch(page, &search_id),
            };
        })
    }
}

impl Query {
    /// Runs query `index` as an async search: submits (or resumes) the job, waits for it,
    /// then reads its pages as a search's; every outcome carries the job id.
    fn run_async(
        &self,
        job: &AsyncJob,
        index: usize,
        body: &[u8],
        registry: Option<&SchemaRegistry>,
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) {
        let options = CallOptions {
            record_type: Some(self.settings.record_type.trim()),
            search_preferences: Some(&self.preferences),
            ..Default::default()
        };
        match async_job::search::start(&self.client, job, index, body, options, cancel) {
            Ok(job_id) => {
                let mut with_id = async_job::WithJobId {
                    inner: results,
                    job_id: &job_id,
                };
                self.run(index, body, registry, &mut with_id, cancel, Some(&job_id));
            }
            Err(o) => self.fail(results, index, o),
        }
    }
}

/// One event per page read, for the host's progress (records of total, rate, ETA): the host
/// reads `page`, `total_records` and `page_records` (a convention that names no connector),
/// so a user sees how far a long query has come. Not part of the execution log.
fn log_page(page: u32, total_pages: u32, total_records: Option<u64>, count: usize, emitted: u64) {
    match total_records {
        Some(total_records) => tracing::info!(
            target: "netsuite_connector::query",
            page,
            total_pages,
            total_records,
            page_records = count as u64,
            records = emitted,
            "query page read"
        ),
        None => tracing::info!(
            target: "netsuite_connector::query",
            page,
            total_pages,
            page_records = count as u64,
            records = emitted,
            "query page read"
        ),
    }
}

/// The outcome of a query the host stopped between pages (a signal): FAILURE `INTERRUPTED`
/// as the host gives a document it stopped, with the pages and records already emitted and
/// `in_flight: false` (a search changes nothing, so `--resume` runs it again plainly).
fn interrupted(pages: u32, records: u64) -> Outcome {
    let mut o = Outcome::failure(
        "INTERRUPTED",
        &format!(
            "the run was interrupted: the query stopped after page {pages} ({records} records \
             were emitted); --resume runs it again"
        ),
    );
    o.detail_json = json!({ "pages": pages, "records": records, "in_flight": false })
        .to_string()
        .into();
    o
}

/// The page being fetched in the background; joined when dropped, so no request outlives
/// the query that asked for it.
struct PrefetchGuard<'scope>(
    Option<connector_sdk::thread::Worker<'scope, Result<crate::client::Response, Error>>>,
);

/// What a query's next page became when its fetch did not finish normally.
enum PageFetch {
    Fetched(Result<crate::client::Response, Error>),
    /// The worker panicked: the instance is poisoned; the document fails with the panic.
    Panicked(connector_sdk::ConnectorError),
}

impl PrefetchGuard<'_> {
    fn take(&mut self) -> Option<PageFetch> {
        self.0.take().map(|worker| match worker.join() {
            Ok(fetched) => PageFetch::Fetched(fetched),
            Err(panic) => PageFetch::Panicked(panic),
        })
    }
}

impl Drop for PrefetchGuard<'_> {
    fn drop(&mut self) {
        let _ = self.take();
    }
}

fn resolve_column(
    registry: Option<&SchemaRegistry>,
    classes: &SearchClasses,
    c: &ColumnSettings,
) -> Result<Column, String> {
    let field = c.field.trim().to_string();
    let join = c.join.as_deref().map(str::trim).filter(|j| !j.is_empty());
    let explicit = match &c.field_type {
        Some(t) => {
            Some(FieldKind::parse(t).ok_or_else(|| format!("type `{t}` is not a column type"))?)
        }
        None => None,
    };
    let Some(reg) = registry else {
        if join.is_some() {
            return Err(
                "joins need the version's schema (WSDL/XSD), which is not reachable; \
                        give the connection a schema_folder"
                    .into(),
            );
        }
        let custom = filter::is_custom_field(&field).then(|| explicit.unwrap_or(FieldKind::String));
        return Ok(Column {
            join: None,
            field,
            custom,
            order: usize::MAX - 1,
        });
    };
    let row_basic = match join {
        None => &classes.row_basic,
        Some(j) => {
            let found = classes
                .joins
                .iter()
                .find(|x| x.element == j)
                .ok_or_else(|| format!("join `{j}` is not a join of {}", classes.search.name))?;
            found
                .row_basic
                .as_ref()
                .ok_or_else(|| format!("join `{j}` has no columns in {}", classes.row.name))?
        }
    };
    let names: Vec<String> = reg
        .complex_type_by_uri(&row_basic.namespace, &row_basic.name)
        .map(|ct| ct.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let position = |n: &str| names.iter().position(|x| x == n);
    if let Some(order) = position(&field) {
        return Ok(Column {
            join: join.map(str::to_string),
            field,
            custom: None,
            order,
        });
    }
    if filter::is_custom_field(&field) {
        return Ok(Column {
            join: join.map(str::to_string),
            field,
            custom: Some(explicit.unwrap_or(FieldKind::String)),
            order: position("customFieldList").unwrap_or(usize::MAX),
        });
    }
    Err(format!("`{field}` is not a column of {}", row_basic.name))
}

/// Search problems NetSuite reports with these codes, explained.
fn explain(code: &str, page: u32, emitted: u64) -> Option<(OutcomeStatus, String)> {
    let after = if emitted > 0 {
        format!(" ({emitted} records had already been emitted)")
    } else {
        String::new()
    };
    match FaultCode::parse(code) {
        FaultCode::InvalidJobId | FaultCode::InvalidSearchMore => Some((
            OutcomeStatus::Failure,
            format!(
                "the search expired before page {page} was read: NetSuite keeps a search's \
                 results 15 minutes{after}; run the query again, with a smaller page count or \
                 faster downstream steps"
            ),
        )),
        FaultCode::SearchTimedOut | FaultCode::AbortSearchExceededMaxTime => Some((
            OutcomeStatus::ApplicationError,
            format!(
                "NetSuite stopped the search at its time limit on page {page}{after}; narrow \
                 the filters, use fewer columns or joins, or set body_fields_only"
            ),
        )),
        _ => None,
    }
}

fn search_status_outcome(status: &Status, page: u32, emitted: u64) -> Outcome {
    let o = outcome::of_status(status);
    match explain(&o.code, page, emitted) {
        Some((kind, message)) => {
            let message = format!("{message} (NetSuite: {})", o.message);
            Outcome::new(kind, &o.code, &message)
        }
        None if emitted > 0 => {
            let message = format!("{} (on page {page}, after {emitted} records)", o.message);
            Outcome::new(o.status, &o.code, &message)
        }
        None => o,
    }
}

fn search_error(e: Error, page: u32, emitted: u64) -> Outcome {
    let code = e.code();
    if let Some((kind, message)) = explain(&code, page, emitted) {
        return Outcome::new(
            kind,
            &code,
            &format!("{message} (NetSuite: {})", e.user_message()),
        );
    }
    let timeout = code == "TIMEOUT";
    let mut o = outcome::of_request_error(e);
    if timeout {
        o.message = format!(
            "no answer from NetSuite within the request timeout while reading page {page} \
             ({emitted} records had been emitted); raise the connection's request timeout or \
             narrow the search: {}",
            o.message
        )
        .into();
    } else if emitted > 0 || page > 1 {
        o.message = format!("{} (on page {page}, after {emitted} records)", o.message).into();
    }
    o
}

impl OperationImpl for Query {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        let Some(registry) = driver::registry_or_fail(&self.client, batch.len(), results, cancel)
        else {
            return Ok(());
        };
        let reg = registry.as_deref();
        let classes = self.classes(reg)?;
        let columns = self.columns(reg, &classes)?;
        for (index, doc) in batch.iter().enumerate() {
            if cancel.is_cancelled() {
                results.outcome(
                    index,
                    Outcome::failure("CANCELLED", "cancelled before this query ran"),
                );
                continue;
            }
            let operation = if self.job.is_some() {
                "asyncSearch"
            } else {
                "search"
            };
            let body = input::read_json(doc, "{\"parameters\": {…}, \"filters\": […]}")
                .and_then(|json| self.plan(reg, &classes, &columns, &json))
                .and_then(|plan| {
                    let mut w = XmlWriter::new(Vec::with_capacity(1024));
                    plan.write_as(&mut w, operation)
                        .map_err(|e| format!("could not write the search: {e}"))?;
                    Ok(w.into_inner())
                });
            match (body, &self.job) {
                (Ok(body), None) => self.run(index, &body, reg, results, cancel, None),
                (Ok(body), Some(job)) => self.run_async(job, index, &body, reg, results, cancel),
                (Err(message), _) => self.fail(
                    results,
                    index,
                    Outcome::application_error("INVALID_QUERY", &message),
                ),
            }
        }
        Ok(())
    }
}
