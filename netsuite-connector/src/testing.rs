//! Entry points into the connector's internals for benches, property tests and fuzz targets
//! (`fuzz/`): each takes what a server or a user could send and runs it through the same code
//! the operations run, as they run it (depth checks included). Not an API: it changes with
//! the connector.

pub use crate::schema::{
    decode_record, encode_record, write_record_json, SchemaError, SchemaRegistry,
};
pub use crate::version::Version;

use crate::envelope::XmlWriter;
use crate::operations::query::page;
use crate::parse;

/// Parses an envelope and hands its Body's first element to `read`, as `Response::read` does.
fn with_body<T>(text: &str, read: impl FnOnce(roxmltree::Node<'_, '_>) -> T) -> Option<T> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let body = parse::body(&doc)?;
    let first = body.children().find(|n| n.is_element())?;
    Some(read(first))
}

/// The head reader (`nsId`, fault or not) on any text; true when it read a head.
pub fn read_head(text: &str) -> bool {
    parse::head::read(text).is_ok()
}

/// The fault reader on an envelope whose Body holds a SOAP Fault: its code and message.
pub fn read_fault(text: &str) -> Option<(String, String)> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let fault = parse::body(&doc).and_then(|b| parse::child(b, "Fault"))?;
    let f = parse::fault::read(fault);
    Some((f.code.to_string(), f.message))
}

/// The write-list reader (`addListResponse > writeResponseList`): records answered.
pub fn read_write_list(text: &str) -> Option<Result<usize, String>> {
    with_body(text, |first| {
        crate::operations::list::decode_write_response_list(first).map(|d| d.answers.len())
    })
}

/// A search page read both ways (JSON values and JSON text), plus its head peek and the
/// advance check against page 1 of a 5-record page size: records or rows read.
pub fn read_search_page(text: &str, registry: Option<&SchemaRegistry>) -> Option<usize> {
    let _ = page::peek(text);
    with_body(text, |first| {
        let mut values = 0usize;
        let read = page::read(first, registry, &mut |_| values += 1);
        let mut texts = Vec::new();
        let read_text = page::read_text(first, registry, &mut |json| texts.push(json));
        for json in &texts {
            // The text decoder writes JSON: it must parse.
            assert!(
                serde_json::from_slice::<serde_json::Value>(json).is_ok(),
                "the text decoder wrote JSON that does not parse: {}",
                String::from_utf8_lossy(json)
            );
        }
        if let Ok(info) = &read {
            let paging = page::Paging {
                page: 1,
                requested_page_size: 5,
                search_id: "",
                first_total_pages: None,
                emitted_before: 0,
            };
            let _ = page::check_advance(info, &paging);
        }
        assert_eq!(read.is_ok(), read_text.is_ok(), "both readers agree");
        read.ok().map(|i| i.count)
    })
    .flatten()
}

/// The JSON of every record or row of a search page, from both readers: the value decoder's
/// (serialised) and the text decoder's, in page order. `None` when the page is not read.
pub fn search_page_json(
    text: &str,
    registry: Option<&SchemaRegistry>,
) -> Option<(Vec<String>, Vec<String>)> {
    with_body(text, |first| {
        let mut values = Vec::new();
        page::read(first, registry, &mut |v| values.push(v.to_string())).ok()?;
        let mut texts = Vec::new();
        page::read_text(first, registry, &mut |json| {
            texts.push(String::from_utf8_lossy(&json).into_owned())
        })
        .ok()?;
        Some((values, texts))
    })
    .flatten()
}

/// One record element (the document's root) decoded as the get and search paths decode it,
/// to a value and to JSON text, after the depth check; `None` when refused.
pub fn read_record(text: &str, registry: Option<&SchemaRegistry>) -> Option<serde_json::Value> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let record = doc.root_element();
    parse::check_depth(record, &"the record").ok()?;
    let value = decode_record(registry, record);
    let mut out = Vec::new();
    write_record_json(registry, record, &mut out);
    assert!(
        serde_json::from_slice::<serde_json::Value>(&out).is_ok(),
        "write_record_json wrote JSON that does not parse"
    );
    Some(value)
}

/// Encodes a JSON document (or raw XML record) as `platformMsgs:record` the way a write does,
/// and checks that what was written is well-formed XML inside an envelope declaring the
/// caller's prefix. `Err` holds the per-document errors.
///
/// # Panics
/// When the encoder wrote something that is not well-formed XML: the bug the fuzz target and
/// the property tests look for.
pub fn encode_document(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
    data: &[u8],
    content_type: &str,
) -> Result<String, String> {
    let mut w = XmlWriter::new(Vec::new());
    crate::schema::encode_document(
        registry,
        version,
        record_type,
        data,
        content_type,
        "platformMsgs:record",
        &mut w,
    )
    .map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let record = String::from_utf8(w.into_inner()).expect("the encoder writes UTF-8");
    let wrapped = format!(
        r#"<e xmlns:platformMsgs="{}">{record}</e>"#,
        crate::ns::Namespaces::of(version).messages
    );
    if let Err(e) = roxmltree::Document::parse(&wrapped) {
        panic!("the encoder wrote malformed XML ({e}): {record}");
    }
    Ok(record)
}

/// Query filter parsing as a query runs it: the operation's configured `filters` (JSON, as in
/// the operation settings) bound to an input document, then each resolved against the
/// record type's search (with the registry, or the built-in classes without one). The number
/// of filters resolved, or the first message.
pub fn resolve_filters(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
    configured: &serde_json::Value,
    input: &serde_json::Value,
) -> Result<usize, String> {
    use crate::operations::query::filter;
    let configured: Vec<filter::FilterSettings> =
        serde_json::from_value(configured.clone()).map_err(|e| e.to_string())?;
    let classes = crate::schema::search_classes(registry, version, record_type)
        .ok_or("not a searchable record type")?;
    let bound = filter::bind(&configured, input)?;
    for (path, f) in &bound {
        filter::resolve(registry, version, &classes, path, f)?;
    }
    Ok(bound.len())
}
