//! search and searchMoreWithId: runs a query over the store, keeps the result ids under a search
//! id, and writes pages as `recordList` (basic searches) or `searchRowList` (advanced searches).
//!
//! Page size comes from the `searchPreferences` header (5–1000, default 1000). Above 1000 the
//! request is refused with an `exceededRecordCountFault` (reference §10: record-count limits,
//! search page size among them). Below 5, an unknown or expired search id, or a page index out
//! of range answer a `searchResult` whose status is not successful (INVALID_SEARCH_PAGE_SIZE,
//! INVALID_JOB_ID, INVALID_PAGE_INDEX): StatusDetailCodeType values, not fault codes.

use std::sync::Arc;

use roxmltree::Node;

use super::response::{self, Detail};
use super::search_row;
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::child_named;
use crate::store::saved;
use crate::store::search::{Query, ResultView, SearchState};
use crate::store::write::{write_record, WriteOptions};
use crate::store::xml::XmlOut;
use crate::store::{Lookup, View};

/// The default and largest synchronous page size.
const MAX_PAGE: u32 = 1000;
/// The largest asynchronous page size.
const MAX_ASYNC_PAGE: u32 = 2000;
/// The smallest page size.
const MIN_PAGE: u32 = 5;

pub(crate) fn search(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let state = match kept(body, ctx, MAX_PAGE)? {
        Ok(state) => state,
        Err(detail) => return Ok(failed(ctx, "searchResponse", detail)),
    };
    let store = ctx.store.read();
    let search_id = ctx.store.save_search(ctx.account, state.clone());
    Ok(page(ctx, "searchResponse", &store, &state, &search_id, 1))
}

/// asyncSearch: the search is run now and kept in the job (page sizes up to 2,000); a search
/// NetSuite cannot run makes a failed job.
pub(crate) fn async_search(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let results = match kept(body, ctx, MAX_ASYNC_PAGE)? {
        Ok(state) => Ok(crate::store::jobs::JobResults::Search(state)),
        Err(detail) => Err(detail.message),
    };
    super::async_jobs::submit_search(ctx, results)
}

/// Page `index` of an async search's results (getAsyncResult).
pub(crate) fn async_page(ctx: &OpContext<'_>, state: &SearchState, index: i64) -> OpResult {
    const OP: &str = "getAsyncResultResponse";
    let pages = pages(state.ids.len(), state.page_size).max(1) as i64;
    if index < 1 || index > pages {
        return Err(Fault::new(
            "asyncFault",
            "INVALID_PAGE_INDEX",
            format!("The page index must be between 1 and {pages}."),
        ));
    }
    let store = ctx.store.read();
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    let messages = ctx.version.messages();
    out.start(
        "asyncResult",
        &[
            ("xmlns:platformMsgs", messages.as_str()),
            ("xsi:type", "platformMsgs:AsyncSearchResult"),
        ],
    );
    search_result(&mut out, &store, state, None, index as usize);
    out.end("asyncResult");
    out.end(OP);
    Ok(out.finish())
}

/// Runs a search request's query: the search kept for paging, or the failed status a search
/// answers (a page size below 5, a query or saved search NetSuite refuses).
fn kept(
    body: Node<'_, '_>,
    ctx: &OpContext<'_>,
    max_page: u32,
) -> Result<Result<SearchState, Detail>, Fault> {
    let node = child_named(body, "searchRecord")
        .ok_or_else(|| Fault::user_error("The search has no searchRecord."))?;
    let page_size = ctx.search_preferences.page_size.unwrap_or(MAX_PAGE);
    if page_size > max_page {
        return Err(Fault::exceeded_record_count(format!(
            "The search page size {page_size} exceeds the maximum of {max_page}."
        )));
    }
    if page_size < MIN_PAGE {
        return Ok(Err(Detail::error(
            "INVALID_SEARCH_PAGE_SIZE",
            format!("The page size must be between {MIN_PAGE} and {max_page}; it was {page_size}."),
        )));
    }
    let mut query = match Query::parse(node, ctx.now) {
        Ok(q) => q,
        Err(e) => return Ok(Err(Detail::error("USER_ERROR", e.0))),
    };
    if let Some(id) = query.saved_search.clone() {
        let Some(saved) = saved::find(&id).filter(|s| s.class == query.class) else {
            return Ok(Err(Detail::error(
                "INVALID_SEARCH",
                "That search or mass update does not exist.",
            )));
        };
        match saved.query(ctx.now) {
            Ok(s) => query.merge_saved(s),
            Err(e) => return Ok(Err(Detail::error("USER_ERROR", e.0))),
        }
    }
    let view = match &query.columns {
        Some(columns) if ctx.search_preferences.return_search_columns => {
            ResultView::Rows(columns.clone())
        }
        _ => ResultView::Records {
            body_fields_only: ctx.search_preferences.body_fields_only,
        },
    };
    let store = ctx.store.read();
    let ids = query.run(&store);
    Ok(Ok(SearchState {
        class: query.class,
        query: Arc::new(query.clone()),
        ids: Arc::new(ids),
        page_size: page_size as usize,
        view: Arc::new(view),
        last_used: ctx.now,
    }))
}

pub(crate) fn search_more_with_id(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "searchMoreWithIdResponse";
    let search_id = child_named(body, "searchId")
        .and_then(|n| n.text())
        .unwrap_or("")
        .trim()
        .to_owned();
    let index = child_named(body, "pageIndex")
        .and_then(|n| n.text())
        .and_then(|t| t.trim().parse::<i64>().ok());
    let Some(state) = ctx.store.use_search(&search_id, ctx.now) else {
        return Ok(failed(
            ctx,
            OP,
            Detail::error("INVALID_JOB_ID", "The search ID is invalid or has expired."),
        ));
    };
    let pages = pages(state.ids.len(), state.page_size) as i64;
    let index = match index {
        Some(i) if i >= 1 && i <= pages.max(1) => i as usize,
        _ => {
            return Ok(failed(
                ctx,
                OP,
                Detail::error(
                    "INVALID_PAGE_INDEX",
                    format!("The page index must be between 1 and {}.", pages.max(1)),
                ),
            ))
        }
    };
    let store = ctx.store.read();
    Ok(page(ctx, OP, &store, &state, &search_id, index))
}

fn pages(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1))
}

/// A `searchResult` with only a failed status.
fn failed(ctx: &OpContext<'_>, element: &str, detail: Detail) -> String {
    let mut out = XmlOut::new();
    response::open(&mut out, element, ctx.version);
    out.start("platformCore:searchResult", &[]);
    response::status(&mut out, &[detail]);
    out.end("platformCore:searchResult");
    out.end(element);
    out.finish()
}

/// Writes page `index` (from 1) of a kept search.
pub(crate) fn page(
    ctx: &OpContext<'_>,
    element: &str,
    store: &View<'_>,
    state: &SearchState,
    search_id: &str,
    index: usize,
) -> String {
    let mut out = XmlOut::new();
    response::open(&mut out, element, ctx.version);
    search_result(&mut out, store, state, Some(search_id), index);
    out.end(element);
    out.finish()
}

/// `platformCore:searchResult` with page `index` (from 1) of a kept search.
fn search_result(
    out: &mut XmlOut,
    store: &View<'_>,
    state: &SearchState,
    search_id: Option<&str>,
    index: usize,
) {
    out.start("platformCore:searchResult", &[]);
    response::status(out, &[]);
    let total = state.ids.len();
    out.leaf("platformCore:totalRecords", &total.to_string());
    out.leaf("platformCore:pageSize", &state.page_size.to_string());
    out.leaf(
        "platformCore:totalPages",
        &pages(total, state.page_size).to_string(),
    );
    out.leaf("platformCore:pageIndex", &index.to_string());
    if let Some(id) = search_id {
        out.leaf("platformCore:searchId", id);
    }
    let start = (index - 1) * state.page_size;
    let ids = state.ids.slice(start, start + state.page_size);
    match &*state.view {
        ResultView::Records { body_fields_only } => {
            out.start("platformCore:recordList", &[]);
            let opts = WriteOptions {
                body_fields_only: *body_fields_only,
            };
            for id in &ids {
                if let Some(record) = store.get(*id).filter(|r| state.query.still_matches(r)) {
                    write_record(out, "platformCore:record", &record, opts);
                }
            }
            out.end("platformCore:recordList");
        }
        ResultView::Rows(columns) => {
            out.start("platformCore:searchRowList", &[]);
            for id in &ids {
                if let Some(record) = store.get(*id).filter(|r| state.query.still_matches(r)) {
                    search_row::write_row(out, store, state.class, columns, &record);
                }
            }
            out.end("platformCore:searchRowList");
        }
    }
    out.end("platformCore:searchResult");
}
