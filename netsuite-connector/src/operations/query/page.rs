//! One page of search results (`platformCore:searchResult`): status, paging, and the records
//! (basic search) or rows (advanced and saved searches), handed out one by one so that a page
//! is parsed, emitted and dropped before the next is fetched.

use roxmltree::Node;
use serde_json::Value;

use crate::parse::{check_depth, child, child_text, response, response::Status};
use crate::schema::{self, SchemaRegistry};

/// What a page says about the search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PageInfo {
    /// The result's status.
    pub(crate) status: Status,
    /// Records matching in all.
    pub(crate) total_records: Option<u64>,
    /// Pages in all (as sent: not truncated to the page counter's width).
    pub(crate) total_pages: Option<u64>,
    /// This page's index (1-based).
    pub(crate) page_index: Option<u64>,
    /// Records a full page holds.
    pub(crate) page_size: Option<u64>,
    /// The id to ask for further pages with.
    pub(crate) search_id: Option<String>,
    /// Records or rows on this page.
    pub(crate) count: usize,
}

/// Reads a `searchResponse` / `searchMoreWithIdResponse` element, calling `emit` with each
/// record or row as JSON, in page order.
///
/// # Errors
/// The response has no `searchResult` or no status.
pub(crate) fn read(
    response_el: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
    emit: &mut dyn FnMut(Value),
) -> Result<PageInfo, String> {
    read_with(response_el, &mut |node, item| {
        emit(match item {
            Item::Record => schema::decode_record(registry, node),
            Item::Row => schema::decode_search_row(registry, node),
        });
    })
}

/// Like [`read`], with each record or row as JSON text (the same text as the [`Value`]
/// `read` gives, written directly by the decoder: no intermediate `Value` per record).
///
/// # Errors
/// The response has no `searchResult` or no status.
pub(crate) fn read_text(
    response_el: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
    emit: &mut dyn FnMut(Vec<u8>),
) -> Result<PageInfo, String> {
    const RECORD_CAPACITY: usize = 2048;
    read_with(response_el, &mut |node, item| {
        let mut out = Vec::with_capacity(RECORD_CAPACITY);
        match item {
            Item::Record => schema::write_record_json(registry, node, &mut out),
            Item::Row => schema::write_search_row_json(registry, node, &mut out),
        }
        emit(out);
    })
}

/// What a page holds: records (basic search) or rows (advanced and saved searches).
#[derive(Clone, Copy)]
enum Item {
    Record,
    Row,
}

fn read_with(
    response_el: Node<'_, '_>,
    emit: &mut dyn FnMut(Node<'_, '_>, Item),
) -> Result<PageInfo, String> {
    // An async search's page (getAsyncResult) holds it inside `asyncResult`.
    let result = child(response_el, "searchResult")
        .or_else(|| child(response_el, "asyncResult").and_then(|a| child(a, "searchResult")))
        .ok_or("no searchResult in the response")?;
    let status = response::status(result).ok_or("searchResult has no status")?;
    let number = |name: &str| child_text(result, name).and_then(|t| t.parse::<u64>().ok());
    let mut count = 0;
    if status.is_success {
        for (list, item, name) in [
            ("recordList", Item::Record, "record"),
            ("searchRowList", Item::Row, "searchRow"),
        ] {
            let Some(list) = child(result, list) else {
                continue;
            };
            // Checked before anything is emitted: a hostile page fails whole.
            for (i, r) in items(list, name).enumerate() {
                check_depth(r, &format_args!("{name} {} of the page", i + 1))?;
            }
            for r in items(list, name) {
                emit(r, item);
                count += 1;
            }
        }
    }
    Ok(PageInfo {
        status,
        total_records: number("totalRecords"),
        total_pages: number("totalPages"),
        page_index: number("pageIndex"),
        page_size: number("pageSize"),
        search_id: child_text(result, "searchId").map(str::to_string),
        count,
    })
}

fn items<'a, 'i: 'a>(list: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    list.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// What a search must look like to be followed to its next page.
pub(crate) struct Paging<'a> {
    /// The page just read (1-based).
    pub(crate) page: u32,
    /// The page size the search asked for.
    pub(crate) requested_page_size: u32,
    /// The search id of the pages before this one (empty before page 2).
    pub(crate) search_id: &'a str,
    /// `totalPages` of page 1.
    pub(crate) first_total_pages: Option<u64>,
    /// Records emitted before this page.
    pub(crate) emitted_before: u64,
}

/// Checks that a search advances: this page is the one asked for, carries the search's id,
/// and claims no more pages than its records justify. A server that answers every
/// searchMoreWithId with the same page, or claims a million pages for ten records, is
/// stopped here (issue 11) instead of being followed for ever.
///
/// Returns the total page count as the page counter's type.
///
/// # Errors
/// What is wrong, naming the page.
pub(crate) fn check_advance(info: &PageInfo, p: &Paging<'_>) -> Result<u32, String> {
    let page = p.page;
    if let Some(index) = info.page_index.filter(|&i| i != u64::from(page)) {
        return Err(format!(
            "page {page} of the search came back with pageIndex {index}"
        ));
    }
    if let Some(id) = info.search_id.as_deref() {
        if page > 1 && !p.search_id.is_empty() && id != p.search_id {
            return Err(format!(
                "page {page} of the search came back with searchId `{id}`, not the search's `{}`",
                p.search_id
            ));
        }
    }
    let total_pages = info.total_pages.unwrap_or(u64::from(page));
    if page > 1 && p.first_total_pages.is_some_and(|t| t != total_pages) {
        return Err(format!(
            "page {page} of the search says totalPages {total_pages}, page 1 said {}",
            p.first_total_pages.unwrap_or_default()
        ));
    }
    let size = info
        .page_size
        .filter(|&s| s > 0)
        .unwrap_or(u64::from(p.requested_page_size.max(1)));
    let emitted = p.emitted_before + info.count as u64;
    if let Some(records) = info.total_records {
        let justified = records.div_ceil(size).max(1);
        if total_pages > justified {
            return Err(format!(
                "page {page} of the search says totalPages {total_pages}, but {records} records \
                 at {size} a page fill {justified}"
            ));
        }
        if emitted > records {
            return Err(format!(
                "page {page} of the search brings the records to {emitted}, more than the \
                 totalRecords {records} it reports"
            ));
        }
    }
    if u64::from(page) < total_pages && (info.count as u64) < size {
        return Err(format!(
            "page {page} of {total_pages} holds {} records, not a full page of {size}",
            info.count
        ));
    }
    u32::try_from(total_pages)
        .map_err(|_| format!("page {page} of the search says totalPages {total_pages}, too many"))
}

/// What the head of a page says, read without parsing its records: pages in all and the
/// search id, so the next page can be asked for while this one is decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Peek {
    /// `totalPages`.
    pub(crate) total_pages: Option<u32>,
    /// `searchId`.
    pub(crate) search_id: Option<String>,
}

/// Streams the response envelope up to its record or row list.
pub(crate) fn peek(envelope: &str) -> Peek {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(envelope);
    let mut peek = Peek::default();
    let mut field: Option<&'static str> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"recordList" | b"searchRowList" => return peek,
                b"totalPages" => field = Some("totalPages"),
                b"searchId" => field = Some("searchId"),
                _ => field = None,
            },
            Ok(Event::Text(t)) => {
                let text = t.decode().map(|c| c.trim().to_string()).unwrap_or_default();
                match field.take() {
                    Some("totalPages") => peek.total_pages = text.parse().ok(),
                    Some("searchId") if !text.is_empty() => peek.search_id = Some(text),
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"searchResult" => return peek,
            Ok(Event::Eof) | Err(_) => return peek,
            _ => {}
        }
    }
}

#[cfg(test)]
mod peek_tests {
    use super::*;

    fn info(index: u64, total_pages: u64, total_records: u64, count: usize, id: &str) -> PageInfo {
        PageInfo {
            status: Status {
                is_success: true,
                details: Vec::new(),
            },
            total_records: Some(total_records),
            total_pages: Some(total_pages),
            page_index: Some(index),
            page_size: Some(10),
            search_id: Some(id.into()),
            count,
        }
    }

    fn paging(page: u32, first: Option<u64>) -> Paging<'static> {
        Paging {
            page,
            requested_page_size: 10,
            search_id: "S1",
            first_total_pages: first,
            emitted_before: u64::from(page - 1) * 10,
        }
    }

    #[test]
    fn a_search_advances_or_stops_with_the_page_named() {
        assert_eq!(
            check_advance(&info(2, 3, 25, 10, "S1"), &paging(2, Some(3))),
            Ok(3)
        );
        assert_eq!(
            check_advance(&info(3, 3, 25, 5, "S1"), &paging(3, Some(3))),
            Ok(3)
        );
        let cases = [
            (info(1, 3, 25, 10, "S1"), paging(2, Some(3)), "pageIndex 1"),
            (
                info(2, 3, 25, 10, "S2"),
                paging(2, Some(3)),
                "searchId `S2`",
            ),
            (
                info(2, 4, 35, 10, "S1"),
                paging(2, Some(3)),
                "page 1 said 3",
            ),
            (info(1, 1_000_000, 25, 10, "S1"), paging(1, None), "fill 3"),
            (
                info(2, 3, 25, 1, "S1"),
                paging(2, Some(3)),
                "not a full page",
            ),
            (
                info(2, 3, 25, 0, "S1"),
                paging(2, Some(3)),
                "not a full page",
            ),
            (
                info(1, 5_000_000_000, 50_000_000_000, 10, "S1"),
                paging(1, None),
                "too many",
            ),
        ];
        for (info, paging, expected) in cases {
            let e = check_advance(&info, &paging).unwrap_err();
            assert!(e.contains(expected) && e.contains("page "), "{e}");
        }
    }

    #[test]
    fn reads_pages_and_search_id_before_the_records() {
        let text = r#"<Envelope><Body><searchResponse><platformCore:searchResult xmlns:platformCore="urn:core"><platformCore:status isSuccess="true"/><platformCore:totalRecords>2500</platformCore:totalRecords><platformCore:totalPages>3</platformCore:totalPages><platformCore:pageIndex>1</platformCore:pageIndex><platformCore:searchId>WEBSERVICES_1_x</platformCore:searchId><platformCore:recordList><record/></platformCore:recordList></platformCore:searchResult></searchResponse></Body></Envelope>"#;
        assert_eq!(
            peek(text),
            Peek {
                total_pages: Some(3),
                search_id: Some("WEBSERVICES_1_x".into())
            }
        );
    }
}
