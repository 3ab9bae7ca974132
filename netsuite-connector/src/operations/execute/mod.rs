//! Execute: platform functions, one call (or one series of pages) per input document.
//!
//! | function | input document | output documents |
//! |---|---|---|
//! | `initialize` | `{"type": "invoice", "reference": {"type": "salesOrder", "internalId": "12"}, "auxReference"?, "referenceList"?}` | the initialized record (JSON) |
//! | `attach` | `{"attachTo": ref, "attachedRecord": ref}` or `{"attachTo": ref, "contact": ref, "contactRole"?: ref}` | the written ref |
//! | `detach` | `{"detachFrom": ref, "detachedRecord": ref}` | the written ref |
//! | `getDeleted` | `{"type"?: "customer" \| [...], "deletedDate"?: criterion, "scriptId"?: criterion}` | one per deleted record: `{"deletedDate", "internalId", "externalId"?, "type", "name"?}`, every page |
//! | `getSelectValue` | `{"recordType", "field", "sublist"?, "filter"?: {"operator", "value"}, "filterBy"?: [..]}` | one per value: `{"internalId", "name"}`, every page |
//! | `getServerTime` | ignored | `{"serverTime"}` |
//! | `getAccountGovernanceInfo` | ignored | `{"accountConcurrencyLimit", "unallocatedConcurrencyLimit"}` |
//! | `getIntegrationGovernanceInfo` | ignored | `{"integrationConcurrencyLimit", "limitType"}` |
//! | `getCurrencyRate` | `{"baseCurrency"?: ref, "fromCurrency"?: ref, "effectiveDate"?}` | one per rate |
//! | `getAll` | `{"recordType": "currency"}` (a GetAllRecordType: currency, state, budgetCategory, …) | one per record (JSON, decoded with the schema when there is one) |
//! | `getItemAvailability` | `{"item": ref \| [ref], "lastQtyAvailableChange"?: dateTime}` | one per row: `{"item", "locationId", "quantityOnHand", "quantityAvailable", …}` |
//! | `initializeList` | `[{"type", "reference", …}, …]` or `{"initializeRecord": [...]}` (items as `initialize` takes them) | one per item in order: the record, or a refused item's error response; the outcome counts the failures |
//! | `getPostingTransactionSummary` | `{"fields": ["period", "account", …], "filters"?: {"subsidiary": ref \| [ref], …}}` | one per summary row: the chosen fields (refs) and `amount`, every page |
//! | `getBudgetExchangeRate` | `{"period": ref, "fromSubsidiary"?: ref, "toSubsidiary"?: ref}` | one per rate: `{"period", "fromSubsidiary", "toSubsidiary", "currentRate", "averageRate", "historicalRate"}` |
//! | `getSavedSearch` | `{"recordType": "customer"}` (a record type or its search type) | one per saved search: `{"internalId", "scriptId"?, "name"}` |
//! | `updateInviteeStatus` | `{"eventId": ref, "responseCode": "accepted" \| "declined" \| "tentative" \| "noResponse"}` | the written ref |
//! | `updateInviteeStatusList` | `[{"eventId", "responseCode"}, …]` or `{"updateInviteeStatusReference": [...]}` | one per item in order: the written ref, or a refused item's error response; the outcome counts the failures |
//! | `getCustomizationId` | `{"type": "entityCustomField", "includeInactives"?: false}` | one per customization: `{"internalId", "scriptId", "name", "type"}` |
//!
//! A reference (`ref`) is an internal id or `{"internalId"|"externalId", "type"?}`; with
//! `typeId` it is a custom record ref. A criterion is `{"operator", "value"|"values",
//! "value2"?, "predefined"?}` with NetSuite's operators (see Query).

mod list_run;
pub(crate) mod customization;
mod reply;
mod reply_more;
mod request;
mod request_more;
mod saved_searches;

pub(crate) use saved_searches::describe_in_profile as describe_saved_searches;

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::FieldError;
use connector_sdk::{Cancellation, ConnectorError, Document, Outcome};
use connector_sdk::{OperationImpl, Results};
use schemars::JsonSchema;
use serde::Deserialize;

use super::driver::{self, ErrorResponses};
use super::{input, outcome};
use crate::client::{CallOptions, Client};
use crate::envelope::{self, XmlWriter};
use crate::error::Error;
use crate::schema::SchemaRegistry;
use crate::version::Version;

/// Settings of an Execute operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExecuteSettings {
    /// The function to run: `initialize`, `attach`, `detach`, `getDeleted`,
    /// `getSelectValue`, `getServerTime`, `getAccountGovernanceInfo` (2020.1 and later),
    /// `getCurrencyRate`, `getAll` (`{"recordType": "currency"}`: currencies, states, budget
    /// categories…), `getItemAvailability` (`{"item": [refs], "lastQtyAvailableChange"?}`),
    /// `initializeList` (an array of initialize documents; one output per item),
    /// `getPostingTransactionSummary` (`{"fields": ["period", "account"], "filters"?}`, every
    /// page), `getBudgetExchangeRate` (`{"period": ref, "fromSubsidiary"?, "toSubsidiary"?}`),
    /// `getSavedSearch` (`{"recordType": "customer"}`: one output per saved search),
    /// `getIntegrationGovernanceInfo` (2020.1 and later),
    /// `updateInviteeStatus` (`{"eventId": ref, "responseCode": "accepted"}`),
    /// `updateInviteeStatusList` (an array of those) or `getCustomizationId`
    /// (`{"type": "entityCustomField"}`). Each takes its own input document (see
    /// the connector's documentation).
    pub(crate) function: ExecuteFunction,
    /// Return Application Error Responses: pass NetSuite's error response on as the failed
    /// document's output instead of only reporting it.
    #[serde(default)]
    pub(crate) return_application_error_responses: bool,
}

/// Functions available to Execute.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(crate) enum ExecuteFunction {
    /// Creates a record from another (invoice from a sales order, …) without saving it.
    Initialize,
    /// Attaches a record (file, contact with a role, …) to another.
    Attach,
    /// Detaches a record from another.
    Detach,
    /// Lists deleted records by type and deletion date, every page.
    GetDeleted,
    /// Lists the values a select field accepts, every page.
    GetSelectValue,
    /// NetSuite's server time; the input document is ignored.
    GetServerTime,
    /// The account's concurrency limits; the input document is ignored.
    GetAccountGovernanceInfo,
    /// This integration's concurrency limit and whether it is its own (`_integrationSpecific`)
    /// or the account's (`_account`); the input document is ignored.
    GetIntegrationGovernanceInfo,
    /// Exchange rates between currencies.
    GetCurrencyRate,
    /// Every record of a list type without search (currency, state, budgetCategory, …).
    GetAll,
    /// Quantities of items per location.
    GetItemAvailability,
    /// Several initialize requests in one call; one output per item.
    InitializeList,
    /// Posting amounts summarized by period, account, entity, …, every page.
    GetPostingTransactionSummary,
    /// Budget exchange rates of a period between subsidiaries.
    GetBudgetExchangeRate,
    /// The saved searches of a record type.
    GetSavedSearch,
    /// Answers an event invitation (accepted, declined, tentative, noResponse).
    UpdateInviteeStatus,
    /// Answers several event invitations; one output per item.
    UpdateInviteeStatusList,
    /// The account's customizations of one type (`entityCustomField`, `customRecordType`,
    /// `customList`, …): internal id, script id and name of each.
    GetCustomizationId,
}

impl ExecuteFunction {
    fn operation(self) -> &'static str {
        match self {
            ExecuteFunction::Initialize => "initialize",
            ExecuteFunction::Attach => "attach",
            ExecuteFunction::Detach => "detach",
            ExecuteFunction::GetDeleted => "getDeleted",
            ExecuteFunction::GetSelectValue => "getSelectValue",
            ExecuteFunction::GetServerTime => "getServerTime",
            ExecuteFunction::GetAccountGovernanceInfo => "getAccountGovernanceInfo",
            ExecuteFunction::GetIntegrationGovernanceInfo => "getIntegrationGovernanceInfo",
            ExecuteFunction::GetCurrencyRate => "getCurrencyRate",
            ExecuteFunction::GetAll => "getAll",
            ExecuteFunction::GetItemAvailability => "getItemAvailability",
            ExecuteFunction::InitializeList => "initializeList",
            ExecuteFunction::GetPostingTransactionSummary => "getPostingTransactionSummary",
            ExecuteFunction::GetBudgetExchangeRate => "getBudgetExchangeRate",
            ExecuteFunction::GetSavedSearch => "getSavedSearch",
            ExecuteFunction::UpdateInviteeStatus => "updateInviteeStatus",
            ExecuteFunction::UpdateInviteeStatusList => "updateInviteeStatusList",
            ExecuteFunction::GetCustomizationId => "getCustomizationId",
        }
    }
}

impl ExecuteFunction {
    /// Functions sending a list and answering one status per item.
    fn is_list(self) -> bool {
        matches!(
            self,
            ExecuteFunction::InitializeList | ExecuteFunction::UpdateInviteeStatusList
        )
    }

    /// Functions that read the schema (records to decode, enumerations to check).
    fn uses_schema(self) -> bool {
        matches!(
            self,
            ExecuteFunction::Initialize
                | ExecuteFunction::InitializeList
                | ExecuteFunction::GetAll
                | ExecuteFunction::GetSavedSearch
        )
    }
}

/// The governance functions appeared with the 2020.1 endpoint.
const GOVERNANCE_SINCE: Version = crate::governance::GOVERNANCE_SINCE;

/// A prepared Execute.
pub(crate) struct Execute {
    client: Arc<Client>,
    settings: ExecuteSettings,
}

impl Execute {
    /// Validates the settings against the connection's version.
    ///
    /// # Errors
    /// A field error when the function does not exist in the connection's version.
    pub(crate) fn new(
        client: Arc<Client>,
        settings: ExecuteSettings,
    ) -> Result<Execute, ConnectorError> {
        let version = client.settings().version;
        let governance = matches!(
            settings.function,
            ExecuteFunction::GetAccountGovernanceInfo
                | ExecuteFunction::GetIntegrationGovernanceInfo
        );
        if governance && version < GOVERNANCE_SINCE {
            return Err(ConnectorError::invalid_settings(vec![FieldError::new(
                "function",
                format!(
                    "{} needs version 2020.1 or later; this connection uses {version}",
                    settings.function.operation()
                ),
            )]));
        }
        Ok(Execute { client, settings })
    }

    /// Builds the body of one document's request (without the page index of paged
    /// functions).
    fn build(&self, doc: &Document, registry: Option<&SchemaRegistry>) -> Result<Vec<u8>, String> {
        let f = self.settings.function;
        if matches!(
            f,
            ExecuteFunction::GetServerTime
                | ExecuteFunction::GetAccountGovernanceInfo
                | ExecuteFunction::GetIntegrationGovernanceInfo
        ) {
            return Ok(Vec::new());
        }
        let json = input::read_json(doc, "see the function's input document")?;
        match f {
            ExecuteFunction::Initialize => request::initialize(&json),
            ExecuteFunction::Attach => request::attach(&json),
            ExecuteFunction::Detach => request::detach(&json),
            ExecuteFunction::GetDeleted => request::get_deleted_filter(&json),
            ExecuteFunction::GetSelectValue => request::get_select_value_description(&json),
            ExecuteFunction::GetCurrencyRate => request::currency_rate_filter(&json),
            ExecuteFunction::GetAll => request_more::get_all(&json, registry),
            ExecuteFunction::GetItemAvailability => request_more::item_availability_filter(&json),
            ExecuteFunction::InitializeList => request_more::initialize_list(&json),
            ExecuteFunction::GetPostingTransactionSummary => request_more::posting_summary(&json),
            ExecuteFunction::GetBudgetExchangeRate => {
                request_more::budget_exchange_rate_filter(&json)
            }
            ExecuteFunction::GetSavedSearch => request_more::saved_search_record(&json, registry),
            ExecuteFunction::UpdateInviteeStatus => request_more::invitee_status(&json),
            ExecuteFunction::UpdateInviteeStatusList => request_more::invitee_status_list(&json),
            ExecuteFunction::GetCustomizationId => {
                customization::request(&json, self.client.settings().version)
            }
            ExecuteFunction::GetServerTime
            | ExecuteFunction::GetAccountGovernanceInfo
            | ExecuteFunction::GetIntegrationGovernanceInfo => Ok(Vec::new()),
        }
    }

    fn error_responses(&self) -> ErrorResponses {
        ErrorResponses(self.settings.return_application_error_responses)
    }

    fn call(
        &self,
        body: &[u8],
        page: Option<u32>,
        cancel: &Cancellation,
    ) -> Result<crate::client::Response, Error> {
        let op = self.settings.function.operation();
        let element = format!("platformMsgs:{op}");
        self.client.call(op, CallOptions::default(), cancel, &|w| {
            write_body(w, &element, body, page)
        })
    }

    fn run_one(
        &self,
        index: usize,
        body: &[u8],
        registry: Option<&SchemaRegistry>,
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) {
        let f = self.settings.function;
        if f.is_list() {
            return list_run::run(self, index, body, registry, results, cancel);
        }
        let paged = matches!(
            f,
            ExecuteFunction::GetDeleted
                | ExecuteFunction::GetSelectValue
                | ExecuteFunction::GetPostingTransactionSummary
        );
        let mut page = 1u32;
        let mut first_total_pages = None;
        loop {
            let answer = self
                .call(body, paged.then_some(page), cancel)
                .and_then(|r| r.read(|node| reply::read(f, node, registry)));
            let reply = match answer {
                Ok(r) => r,
                Err(e) => {
                    return self.error_responses().failed(
                        results,
                        index,
                        outcome::of_request_error(e),
                    )
                }
            };
            if !reply.status.is_success {
                let base_ref = reply.outputs.into_iter().next();
                return self.error_responses().status_failed(
                    results,
                    index,
                    &reply.status,
                    base_ref,
                );
            }
            let emitted_on_page = reply.outputs.len();
            for out in reply.outputs {
                results.output(index, Document::json(out.to_string()));
            }
            let more = paged && reply.total_pages.is_some_and(|t| page < t);
            // Paged answers must advance as a search's do (issue 11): the page count stays
            // that of page 1, and a page before the last is not empty; otherwise a server
            // claiming a million pages would be followed for ever.
            if paged && page > 1 && reply.total_pages != first_total_pages {
                return results.outcome(
                    index,
                    Outcome::failure(
                        "UNEXPECTED_RESPONSE",
                        &format!(
                            "page {page} says totalPages {:?}, page 1 said {:?}",
                            reply.total_pages, first_total_pages
                        ),
                    ),
                );
            }
            if page == 1 {
                first_total_pages = reply.total_pages;
            }
            if more && emitted_on_page == 0 {
                return results.outcome(
                    index,
                    Outcome::failure(
                        "UNEXPECTED_RESPONSE",
                        &format!(
                            "page {page} of {} is empty, although more pages are claimed",
                            reply.total_pages.unwrap_or(0)
                        ),
                    ),
                );
            }
            if !more {
                return results.outcome(index, outcome::of_status(&reply.status));
            }
            if cancel.is_cancelled() {
                return results.outcome(
                    index,
                    Outcome::failure(
                        "CANCELLED",
                        &format!(
                            "cancelled after page {page} of {}",
                            reply.total_pages.unwrap_or(0)
                        ),
                    ),
                );
            }
            page += 1;
        }
    }
}

/// Writes `<platformMsgs:op>body<platformMsgs:pageIndex>n</…></…>`.
fn write_body(
    w: &mut XmlWriter,
    element: &str,
    body: &[u8],
    page: Option<u32>,
) -> std::io::Result<()> {
    if body.is_empty() && page.is_none() {
        w.create_element(element).write_empty()?;
        return Ok(());
    }
    w.create_element(element).write_inner_content(|w| {
        // Built by quick-xml in `request`; spliced as is.
        w.get_mut().extend_from_slice(body);
        if let Some(p) = page {
            envelope::text(w, "platformMsgs:pageIndex", &p.to_string())?;
        }
        Ok(())
    })?;
    Ok(())
}

impl OperationImpl for Execute {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        // Records are decoded, and getAll and getSavedSearch types checked, with the schema
        // when there is one.
        let registry = if self.settings.function.uses_schema() {
            match driver::registry_or_fail(&self.client, batch.len(), results, cancel) {
                Some(r) => r,
                None => return Ok(()),
            }
        } else {
            None
        };
        for (index, doc) in batch.iter().enumerate() {
            if cancel.is_cancelled() {
                results.outcome(
                    index,
                    Outcome::failure("CANCELLED", "cancelled before this document was run"),
                );
                continue;
            }
            match self.build(doc, registry.as_deref()) {
                Ok(body) => self.run_one(index, &body, registry.as_deref(), results, cancel),
                Err(message) => self
                    .error_responses()
                    .invalid_document(results, index, &message),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_more;
