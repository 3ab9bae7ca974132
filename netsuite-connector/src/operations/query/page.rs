//! One page of search results (`platformCore:searchResult`): status, paging, and the records
//! (basic search) or rows (advanced and saved searches), handed out one by one so that a page
//! is parsed, emitted and dropped before the next is fetched.

use roxmltree::Node;
use serde_json::Value;

use crate::parse::{child, child_text, response, response::Status};
use crate::schema::{self, SchemaRegistry};

/// What a page says about the search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// The result's status.
    pub status: Status,
    /// Records matching in all.
    pub total_records: Option<u64>,
    /// Pages in all.
    pub total_pages: Option<u32>,
    /// This page's index (1-based).
    pub page_index: Option<u32>,
    /// The id to ask for further pages with.
    pub search_id: Option<String>,
    /// Records or rows on this page.
    pub count: usize,
}

/// Reads a `searchResponse` / `searchMoreWithIdResponse` element, calling `emit` with each
/// record or row as JSON, in page order.
///
/// # Errors
/// The response has no `searchResult` or no status.
pub fn read(
    response_el: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
    emit: &mut dyn FnMut(Value),
) -> Result<PageInfo, String> {
    let result = child(response_el, "searchResult").ok_or("no searchResult in the response")?;
    let status = response::status(result).ok_or("searchResult has no status")?;
    let number = |name: &str| child_text(result, name).and_then(|t| t.parse::<u64>().ok());
    let mut count = 0;
    if status.is_success {
        if let Some(list) = child(result, "recordList") {
            for record in list
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "record")
            {
                emit(schema::decode_record(registry, record));
                count += 1;
            }
        }
        if let Some(list) = child(result, "searchRowList") {
            for row in list
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "searchRow")
            {
                emit(schema::decode_search_row(registry, row));
                count += 1;
            }
        }
    }
    Ok(PageInfo {
        status,
        total_records: number("totalRecords"),
        total_pages: number("totalPages").map(|n| n as u32),
        page_index: number("pageIndex").map(|n| n as u32),
        search_id: child_text(result, "searchId").map(str::to_string),
        count,
    })
}
