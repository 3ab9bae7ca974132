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
    // The prefix XML Schema instance attributes are written with: `xsi`, unless the document
    // binds `xsi` to another namespace (then the attribute `xsi:type` would not be one, and a
    // second one would be added), in which case the document's own prefix for it, or a fresh one.
    let xsi_bound = root.lookup_namespace_uri(Some("xsi"));
    let xsi_prefix = match xsi_bound {
        None => "xsi".to_string(),
        Some(uri) if uri == XSI => "xsi".to_string(),
        Some(_) => root
            .namespaces()
            .find(|ns| ns.uri() == XSI && ns.name().is_some())
            .and_then(|ns| ns.name())
            .map(str::to_string)
            .unwrap_or_else(|| fresh_prefix(&root)),
    };
    let mut declared_xsi = false;
    for ns in root.namespaces() {
        match ns.name() {
            // The caller has bound its own prefix (`platformMsgs`).
            Some(p) if Some(p) == caller_prefix => {}
            Some(p) => {
                if p == xsi_prefix {
                    declared_xsi = true;
                }
                start.push_attribute((format!("xmlns:{p}").as_str(), ns.uri()));
            }
            None => start.push_attribute(("xmlns", ns.uri())),
        }
    }
    let has_type = root.attribute((XSI, "type")).is_some();
    if !declared_xsi {
        start.push_attribute((format!("xmlns:{xsi_prefix}").as_str(), XSI));
    }
    // Attributes in their written form: the prefixes are declared above.
    let text = doc.input_text();
    for a in root.attributes() {
        let qname = match a.namespace() {
            Some(uri) if uri == XSI => format!("{xsi_prefix}:{}", a.name()),
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
                start.push_attribute((
                    format!("{xsi_prefix}:type").as_str(),
                    format!("{prefix}:{name}").as_str(),
                ));
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

/// A prefix the record does not bind.
fn fresh_prefix(root: &roxmltree::Node<'_, '_>) -> String {
    (0..)
        .map(|i| format!("xsi{i}"))
        .find(|p| root.lookup_namespace_uri(Some(p)).is_none())
        .unwrap_or_else(|| "xsi_".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(xml: &str) -> String {
        let mut w = XmlWriter::new(Vec::new());
        write_raw_record(
            xml,
            "platformMsgs:record",
            Some((
                "listRel",
                "urn:relationships_2023_2.lists.webservices.netsuite.com",
                "Customer",
            )),
            &mut w,
        )
        .unwrap();
        let inner = String::from_utf8(w.into_inner()).unwrap();
        format!(
            r#"<e xmlns:platformMsgs="urn:messages_2023_2.platform.webservices.netsuite.com">{inner}</e>"#
        )
    }

    fn xsi_types(xml: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed");
        let record = doc.root_element().first_element_child().unwrap();
        record
            .attributes()
            .filter(|a| a.namespace() == Some(XSI) && a.name() == "type")
            .map(|a| a.value().to_string())
            .collect()
    }

    #[test]
    fn keeps_exactly_one_xsi_type_whatever_the_xsi_prefix_is_bound_to() {
        let cases = [
            // `xsi` bound to another namespace, the real one under `x`.
            r#"<record xmlns:xsi="urn:other" xmlns:x="http://www.w3.org/2001/XMLSchema-instance" xmlns:l="urn:relationships_2023_2.lists.webservices.netsuite.com" x:type="l:Customer"><l:entityId>A</l:entityId></record>"#,
            // `xsi:type` of another namespace only: the record's type is added.
            r#"<record xmlns:xsi="urn:other" xsi:type="l:Customer"><entityId>A</entityId></record>"#,
            // The usual form.
            r#"<record xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:l="urn:relationships_2023_2.lists.webservices.netsuite.com" xsi:type="l:Customer"/>"#,
            // No xsi at all.
            r#"<record><entityId>A</entityId></record>"#,
        ];
        for xml in cases {
            let out = raw(xml);
            assert_eq!(xsi_types(&out).len(), 1, "{out}");
        }
    }
}
