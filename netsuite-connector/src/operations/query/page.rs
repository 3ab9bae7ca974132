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
    /// Pages in all.
    pub(crate) total_pages: Option<u32>,
    /// This page's index (1-based).
    pub(crate) page_index: Option<u32>,
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
    let result = child(response_el, "searchResult").ok_or("no searchResult in the response")?;
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
        total_pages: number("totalPages").map(|n| n as u32),
        page_index: number("pageIndex").map(|n| n as u32),
        search_id: child_text(result, "searchId").map(str::to_string),
        count,
    })
}

fn items<'a, 'i: 'a>(list: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    list.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
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
