//! Operation handlers: one SOAP Body operation element in, one response element (or a fault) out.
//!
//! This is the contract between the wire layer (`server`, `envelope`, `auth`, `governance`) and
//! the behaviour of each operation. The wire layer has already checked the endpoint version,
//! authentication and governance before calling [`dispatch`]; a handler only reads its request
//! element and the account's record store.
//!
//! A handler returns the complete response element as XML text (e.g. `<getResponse
//! xmlns="urn:messages_…">…</getResponse>`), declaring every namespace it uses on that element,
//! written with quick-xml (never `format!` for XML). The envelope writer puts it in the SOAP Body
//! as is. Every response must validate against the version's official XSD.

pub(crate) mod async_jobs;
pub(crate) mod attach;
pub(crate) mod budget_rate;
pub(crate) mod currency;
pub(crate) mod get_all;
pub(crate) mod customization;
pub(crate) mod initialize;
pub(crate) mod initialize_list;
pub(crate) mod invitee;
pub(crate) mod item_availability;
pub(crate) mod lookup;
#[cfg(test)]
mod more_tests;
pub(crate) mod platform;
pub(crate) mod posting_summary;
mod record_check;
#[cfg(test)]
mod record_tests;
pub(crate) mod record_write;
pub(crate) mod records;
pub(crate) mod response;
pub(crate) mod search;
mod search_row;

use crate::faults::Fault;
use crate::version::Version;

/// What a handler may know about the request besides its body element.
pub(crate) struct OpContext<'a> {
    /// The endpoint version (namespaces of the response).
    pub version: Version,
    /// The authenticated account, upper case (`123456_SB1`).
    pub account: &'a str,
    /// The account's records, searches and settings.
    pub store: &'a crate::store::AccountStore,
    /// The `preferences` SOAP header, as sent.
    pub preferences: &'a Preferences,
    /// The `searchPreferences` SOAP header, as sent.
    pub search_preferences: &'a SearchPreferences,
    /// The server clock for this request.
    pub now: time::OffsetDateTime,
    /// Writes of records whose externalId starts with this fail after submit (the fault
    /// plan's `after_submit_fail_prefix`).
    pub after_submit_fail_prefix: Option<&'a str>,
    /// True when the simulator serves its own schema: a written element outside the record's
    /// field table is unknown and faults the request (see `record_check`).
    pub strict_fields: bool,
}

/// The `platformMsgs:preferences` header; `None` means not sent (the account default applies).
#[derive(Clone, Debug, Default)]
pub(crate) struct Preferences {
    pub warning_as_error: Option<bool>,
    pub disable_mandatory_custom_field_validation: Option<bool>,
    #[allow(dead_code)]
    pub disable_system_notes_for_custom_fields: Option<bool>,
    pub ignore_read_only_fields: Option<bool>,
    // Read from the header like the others, but a simulator has no system notes, SuiteScript
    // or workflows for them to change; kept so the header's whole content is visible in Debug.
    #[allow(dead_code)]
    pub run_server_suite_script_and_trigger_workflows: Option<bool>,
}

/// The `platformMsgs:searchPreferences` header.
#[derive(Clone, Debug)]
pub(crate) struct SearchPreferences {
    /// Default true: searches return body fields only.
    pub body_fields_only: bool,
    /// Default true.
    pub return_search_columns: bool,
    /// Records per page; `None` means the system default (1000).
    pub page_size: Option<u32>,
}

impl Default for SearchPreferences {
    fn default() -> Self {
        SearchPreferences {
            body_fields_only: true,
            return_search_columns: true,
            page_size: None,
        }
    }
}

/// A handler's answer: the response element's XML, or a fault for the whole request.
pub(crate) type OpResult = Result<String, Fault>;

/// Runs the operation named by the Body's first element (`op` is its local name).
/// Returns `None` for an operation this simulator does not know.
pub(crate) fn dispatch(
    op: &str,
    body: roxmltree::Node<'_, '_>,
    ctx: &OpContext<'_>,
) -> Option<OpResult> {
    platform::dispatch(op, body, ctx)
        .or_else(|| customization::dispatch(op, body, ctx))
        .or_else(|| records::dispatch(op, body, ctx))
        .or_else(|| async_jobs::dispatch(op, body, ctx))
}
