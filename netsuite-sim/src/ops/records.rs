//! Record operations: get, getList, add, addList, update, updateList, upsert, upsertList,
//! delete, deleteList. Dispatches search, searchMoreWithId, getDeleted, getSelectValue,
//! getSavedSearch, initialize, attach and detach to their own files.
//!
//! List operations answer one status per record in input order; one record failing does not
//! affect the others. Too many records in one request is an `exceededRecordCountFault` for the
//! whole request (NetSuite's limits: getList 1000, addList 200, deleteList 200, updateList 100,
//! upsertList 100).

use roxmltree::Node;

use super::record_check;
use super::record_write::{apply_write, Write};
use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::{children_named, Elem, XSI_TYPE};
use crate::store::record::{Record, RecordKind};
use crate::store::seed::{CUSTOM_RECORD_TYPE_ID, CUSTOM_RECORD_TYPE_SCRIPT_ID};
use crate::store::write::{write_record, WriteOptions};
use crate::store::xml::XmlOut;
use crate::store::{Lookup, Tx, View};

pub(crate) fn dispatch(op: &str, body: Node<'_, '_>, ctx: &OpContext<'_>) -> Option<OpResult> {
    Some(match op {
        "get" => get(body, ctx),
        "getList" => get_list(body, ctx),
        "add" => write_one(Write::Add, body, ctx),
        "update" => write_one(Write::Update, body, ctx),
        "upsert" => write_one(Write::Upsert, body, ctx),
        "addList" => write_list(Write::Add, body, ctx),
        "updateList" => write_list(Write::Update, body, ctx),
        "upsertList" => write_list(Write::Upsert, body, ctx),
        "delete" => delete(body, ctx, false),
        "deleteList" => delete(body, ctx, true),
        "search" => super::search::search(body, ctx),
        "searchMoreWithId" => super::search::search_more_with_id(body, ctx),
        "getDeleted" => super::lookup::get_deleted(body, ctx),
        "getSelectValue" => super::lookup::get_select_value(body, ctx),
        "getSavedSearch" => super::lookup::get_saved_search(body, ctx),
        "initialize" => super::initialize::initialize(body, ctx),
        "attach" => super::attach::attach(body, ctx, true),
        "detach" => super::attach::attach(body, ctx, false),
        "getCurrencyRate" => super::currency::get_currency_rate(body, ctx),
        "getAll" => super::get_all::get_all(body, ctx),
        "getItemAvailability" => super::item_availability::get_item_availability(body, ctx),
        "initializeList" => super::initialize_list::initialize_list(body, ctx),
        "getPostingTransactionSummary" => {
            super::posting_summary::get_posting_transaction_summary(body, ctx)
        }
        "getBudgetExchangeRate" => super::budget_rate::get_budget_exchange_rate(body, ctx),
        "updateInviteeStatus" => super::invitee::update_invitee_status(body, ctx, false),
        "updateInviteeStatusList" => super::invitee::update_invitee_status(body, ctx, true),
        _ => return None,
    })
}

/// The record a reference (`baseRef`, `initializeRef`, `attachTo`…) names.
pub(crate) fn resolve(view: &impl Lookup, sent: &Elem) -> Result<std::sync::Arc<Record>, Detail> {
    let kind = ref_kind(sent)?;
    let found = match (
        sent.attr("internalId").filter(|v| !v.is_empty()),
        sent.attr("externalId"),
    ) {
        (Some(id), _) => id
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(|id| view.get_kind(kind, id)),
        (None, Some(ext)) => view
            .find_external(kind.family(), ext)
            .filter(|r| r.kind == kind),
        (None, None) => {
            return Err(Detail::error(
                "USER_ERROR",
                "You must specify either an internalId or an externalId.",
            ))
        }
    };
    found.ok_or_else(Detail::not_found)
}

/// The record kind a reference names (`type`, or a custom record type).
pub(crate) fn ref_kind(sent: &Elem) -> Result<RecordKind, Detail> {
    let custom = sent.attr(XSI_TYPE) == Some("CustomRecordRef") || sent.attr("typeId").is_some();
    if custom {
        let type_ok = sent
            .attr("typeId")
            .is_some_and(|t| t == CUSTOM_RECORD_TYPE_ID.to_string())
            || sent.attr("scriptId") == Some(CUSTOM_RECORD_TYPE_SCRIPT_ID);
        return if type_ok {
            Ok(RecordKind::CustomRecord)
        } else {
            Err(Detail::error(
                "INVALID_RCRD_TYPE",
                "Invalid custom record type.",
            ))
        };
    }
    match sent.attr("type") {
        Some(t) => RecordKind::from_type_name(t).ok_or_else(|| {
            Detail::error(
                "INVALID_RCRD_TYPE",
                format!("The record type [{t}] is not supported."),
            )
        }),
        None => Err(Detail::error(
            "INVALID_RCRD_TYPE",
            "The record type is missing.",
        )),
    }
}

pub(crate) fn limit(
    body: Node<'_, '_>,
    child: &str,
    op: &str,
    max: usize,
) -> Result<Vec<Elem>, Fault> {
    let items: Vec<Elem> = children_named(body, child).map(Elem::from_node).collect();
    if items.len() > max {
        return Err(Fault::exceeded_record_count(format!(
            "The maximum number of records allowed for {op} is {max}; the request has {}.",
            items.len()
        )));
    }
    Ok(items)
}

fn get(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let refs = limit(body, "baseRef", "get", 1)?;
    let sent = refs
        .first()
        .ok_or_else(|| Fault::user_error("The get request has no baseRef."))?;
    let view = ctx.store.read();
    let mut out = XmlOut::new();
    response::open(&mut out, "getResponse", ctx.version);
    read_response(&mut out, &view, sent);
    out.end("getResponse");
    Ok(out.finish())
}

fn get_list(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let refs = limit(body, "baseRef", "getList", 1000)?;
    let view = ctx.store.read();
    let mut out = XmlOut::new();
    response::open(&mut out, "getListResponse", ctx.version);
    out.start("readResponseList", &[]);
    response::status(&mut out, &[]);
    for sent in &refs {
        read_response(&mut out, &view, sent);
    }
    out.end("readResponseList");
    out.end("getListResponse");
    Ok(out.finish())
}

fn read_response(out: &mut XmlOut, view: &View<'_>, sent: &Elem) {
    out.start("readResponse", &[]);
    match resolve(view, sent) {
        Ok(record) => {
            response::status(out, &[]);
            write_record(out, "record", &record, WriteOptions::default());
        }
        Err(detail) => response::status(out, &[detail]),
    }
    out.end("readResponse");
}

fn write_one(write: Write, body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let records = limit(body, "record", write.op(), 1)?;
    if ctx.strict_fields {
        record_check::unknown_element(&records, ctx.version)?;
    }
    let sent = records
        .first()
        .ok_or_else(|| Fault::user_error("The request has no record."))?;
    let element = format!("{}Response", write.op());
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    let mut tx = ctx.store.write();
    write_response(&mut out, &mut tx, write, sent, ctx);
    out.end(&element);
    Ok(out.finish())
}

fn write_list(write: Write, body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let op = format!("{}List", write.op());
    let records = limit(body, "record", &op, write.list_limit())?;
    if ctx.strict_fields {
        record_check::unknown_element(&records, ctx.version)?;
    }
    let element = format!("{op}Response");
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    out.start("writeResponseList", &[]);
    response::status(&mut out, &[]);
    let mut tx = ctx.store.write();
    for sent in &records {
        write_response(&mut out, &mut tx, write, sent, ctx);
    }
    out.end("writeResponseList");
    out.end(&element);
    Ok(out.finish())
}

fn write_response(
    out: &mut XmlOut,
    tx: &mut Tx<'_>,
    write: Write,
    sent: &Elem,
    ctx: &OpContext<'_>,
) {
    out.start("writeResponse", &[]);
    match apply_write(tx, write, sent, ctx) {
        Ok((record, mut warnings)) => {
            let fails_after_submit = ctx.after_submit_fail_prefix.is_some_and(|p| {
                record
                    .external_id
                    .as_deref()
                    .is_some_and(|e| e.starts_with(p))
            });
            if fails_after_submit {
                // `afterSubmitFailed` exists from 2018.2 on; before, NetSuite said only that
                // the write failed.
                let mut detail = Detail::after_submit_failed();
                detail.after_submit_failed = ctx.version
                    >= (crate::version::Version {
                        year: 2018,
                        release: 2,
                    });
                warnings.insert(0, detail);
            }
            response::status(out, &warnings);
            response::record_ref(out, "baseRef", &record);
        }
        Err(details) => response::status(out, &details),
    }
    out.end("writeResponse");
}

fn delete(body: Node<'_, '_>, ctx: &OpContext<'_>, list: bool) -> OpResult {
    let (op, max) = if list {
        ("deleteList", 200)
    } else {
        ("delete", 1)
    };
    let refs = limit(body, "baseRef", op, max)?;
    if refs.is_empty() {
        return Err(Fault::user_error("The delete request has no baseRef."));
    }
    let element = format!("{op}Response");
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    if list {
        out.start("writeResponseList", &[]);
        response::status(&mut out, &[]);
    }
    let mut tx = ctx.store.write();
    for sent in &refs {
        out.start("writeResponse", &[]);
        match resolve(&tx, sent) {
            Ok(record) => {
                tx.delete(&record, ctx.now);
                response::status(&mut out, &[]);
                response::record_ref(&mut out, "baseRef", &record);
            }
            Err(detail) => {
                response::status(&mut out, &[detail]);
                response::echo_ref(&mut out, "baseRef", sent);
            }
        }
        out.end("writeResponse");
    }
    if list {
        out.end("writeResponseList");
    }
    out.end(&element);
    Ok(out.finish())
}
