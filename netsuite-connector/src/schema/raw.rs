//! Raw SuiteTalk XML records: passed through unchanged, re-parented as the request's element.
//!
//! The root element is renamed (`<record xsi:type="listRel:Customer">` becomes
//! `<platformMsgs:record xsi:type="listRel:Customer">`) and keeps its attributes and namespace
//! declarations; its content is copied byte for byte from the document, so nothing is
//! re-escaped or reordered. A root without `xsi:type` gets the record type's.

use connector_sdk::payload::FieldError;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use crate::envelope::XmlWriter;
use crate::ns::XSI;

/// Writes the record in `xml` as `element_name`. `default_type` (`("listRel", uri, "Customer")`)
/// is added as `xsi:type` when the root has none.
pub(crate) fn write_raw_record(
    xml: &str,
    element_name: &str,
    default_type: Option<(&str, &str, &str)>,
    w: &mut XmlWriter,
) -> Result<(), Vec<FieldError>> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        vec![FieldError::new(
            "",
            format!("the XML document is not well-formed: {e}"),
        )]
    })?;
    let root = doc.root_element();
    let mut start = BytesStart::new(element_name);
    let caller_prefix = element_name.split_once(':').map(|(p, _)| p);
    let mut declared_xsi = false;
    for ns in root.namespaces() {
        match ns.name() {
            // The caller has bound its own prefix (`platformMsgs`).
            Some(p) if Some(p) == caller_prefix => {}
            Some(p) => {
                if p == "xsi" {
                    declared_xsi = true;
                }
                start.push_attribute((format!("xmlns:{p}").as_str(), ns.uri()));
            }
            None => start.push_attribute(("xmlns", ns.uri())),
        }
    }
    let has_type = root.attribute((XSI, "type")).is_some();
    if !declared_xsi {
        start.push_attribute(("xmlns:xsi", XSI));
    }
    // Attributes in their written form: the prefixes are declared above.
    let text = doc.input_text();
    for a in root.attributes() {
        let qname = match a.namespace() {
            Some(uri) if uri == XSI => format!("xsi:{}", a.name()),
            Some(uri) => match root.lookup_prefix(uri) {
                Some(p) => format!("{p}:{}", a.name()),
                None => a.name().to_string(),
            },
            None => a.name().to_string(),
        };
        start.push_attribute((qname.as_str(), a.value()));
    }
    if !has_type {
        match default_type {
            Some((prefix, uri, name)) => {
                if root.lookup_namespace_uri(Some(prefix)).is_none() {
                    start.push_attribute((format!("xmlns:{prefix}").as_str(), uri));
                }
                start.push_attribute(("xsi:type", format!("{prefix}:{name}").as_str()));
            }
            None => {
                return Err(vec![FieldError::new(
                    "",
                    "the XML record has no xsi:type and its record type is unknown",
                )])
            }
        }
    }
    let inner = match (root.first_child(), root.last_child()) {
        (Some(first), Some(last)) => &text[first.range().start..last.range().end],
        _ => "",
    };
    let io = |e: std::io::Error| {
        vec![FieldError::new(
            "",
            format!("could not write the record: {e}"),
        )]
    };
    if inner.is_empty() {
        w.write_event(Event::Empty(start)).map_err(io)?;
        return Ok(());
    }
    w.write_event(Event::Start(start)).map_err(io)?;
    w.get_mut().extend_from_slice(inner.as_bytes());
    w.write_event(Event::End(BytesEnd::new(element_name)))
        .map_err(io)?;
    Ok(())
}
