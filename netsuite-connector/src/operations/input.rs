//! Reading input documents: JSON (records, references, query parameters) or raw XML.
//!
//! A document is JSON unless its content type says XML (`application/xml`, `text/xml`,
//! `…+xml`); without a content type, a document whose first character is `<` is XML. Raw XML
//! records are written into requests by `schema::encode_document`.

use connector_sdk::Document;
use serde_json::Value;

/// One input document, read.
#[derive(Debug)]
pub(crate) enum Input {
    /// A JSON value.
    Json(Value),
    /// A raw SuiteTalk XML record (checked to be well-formed).
    Xml,
}

/// Reads a document as JSON or XML by its content type (or its first character).
///
/// # Errors
/// A message naming what is wrong (not JSON, not UTF-8, malformed XML).
pub(crate) fn read(doc: &Document) -> Result<Input, String> {
    let ct = doc.content_type.as_str().to_ascii_lowercase();
    let is_xml = if ct.is_empty() {
        doc.data
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'<')
    } else {
        ct.contains("/xml") || ct.contains("+xml")
    };
    if is_xml {
        let text = std::str::from_utf8(&doc.data)
            .map_err(|e| format!("the XML document is not UTF-8: {e}"))?;
        roxmltree::Document::parse(text)
            .map_err(|e| format!("the document is not well-formed XML: {e}"))?;
        return Ok(Input::Xml);
    }
    serde_json::from_slice(&doc.data)
        .map(Input::Json)
        .map_err(|e| format!("the document is not JSON: {e}"))
}

/// Reads a JSON document (XML is refused with a message saying what is expected).
///
/// An empty document reads as `{}`.
pub(crate) fn read_json(doc: &Document, expected: &str) -> Result<Value, String> {
    if doc.data.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Value::Object(Default::default()));
    }
    match read(doc)? {
        Input::Json(v) => Ok(v),
        Input::Xml => Err(format!("expected a JSON document: {expected}")),
    }
}

/// The text of a JSON field that holds an id: a non-empty string or a number.
///
/// `Ok(None)` when the field is absent or null.
pub(crate) fn id_field(value: &Value, field: &str) -> Result<Option<String>, String> {
    match value.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
        Some(Value::String(_)) => Err(format!("{field} is empty")),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("{field} must be text or a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_xml_without_a_content_type() {
        let doc = Document::new("", b"  <record/>".to_vec());
        assert!(matches!(read(&doc), Ok(Input::Xml)));
        let doc = Document::new("", b"{\"a\":1}".to_vec());
        assert!(matches!(read(&doc), Ok(Input::Json(_))));
        let doc = Document::json(b"nope".to_vec());
        assert!(read(&doc).unwrap_err().contains("not JSON"));
    }
}
