//! The write lists (addList, updateList, upsertList, deleteList) as the driver
//! (`operations::driver`) sends them: the request body around each document's fragment, and
//! the `writeResponseList` answer (also read by attach and detach). A record NetSuite rejects is
//! APPLICATION_ERROR with NetSuite's code and message and does not affect the others.

use roxmltree::Node;
use serde_json::{Map, Value};

use super::driver::{Answer, Decoded};
use crate::envelope::XmlWriter;
use crate::parse::{self, response, response::Status};

/// Writes `<element>` around the documents' fragments (`<platformMsgs:record …>` or
/// `baseRef`s, written by quick-xml: escaped and well-formed, so spliced as they are) and the
/// `trailer` (deleteList's `deletionReason`).
pub(crate) fn write_fragments(
    w: &mut XmlWriter,
    element: &str,
    fragments: &[impl AsRef<[u8]>],
    trailer: &[u8],
) -> std::io::Result<()> {
    w.create_element(element).write_inner_content(|w| {
        for xml in fragments {
            w.get_mut().extend_from_slice(xml.as_ref());
        }
        w.get_mut().extend_from_slice(trailer);
        Ok(())
    })?;
    Ok(())
}

/// Reads `<op>ListResponse > writeResponseList` as the driver's answers: the written ref is a
/// success's output (`{}` when NetSuite sent none) and a failure's `baseRef`.
pub(crate) fn decode_write_response_list(response: Node<'_, '_>) -> Result<Decoded, String> {
    let list = read_write_response_list(response)?;
    let answers = list
        .responses
        .into_iter()
        .map(|(status, base_ref)| Answer {
            status,
            output: Some(
                base_ref
                    .clone()
                    .unwrap_or_else(|| Value::Object(Map::new())),
            ),
            base_ref,
        })
        .collect();
    Ok(Decoded {
        status: list.status,
        answers,
    })
}

/// A parsed `writeResponseList`.
#[derive(Debug)]
pub(crate) struct WriteResponses {
    /// The list's own status, if present.
    pub(crate) status: Option<Status>,
    /// Per record: status and the written ref as JSON.
    pub(crate) responses: Vec<(Status, Option<Value>)>,
}

/// Reads `<op>ListResponse > writeResponseList`.
pub(crate) fn read_write_response_list(response: Node<'_, '_>) -> Result<WriteResponses, String> {
    let list = parse::child(response, "writeResponseList").ok_or("no writeResponseList")?;
    let mut responses = Vec::new();
    for wr in list
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "writeResponse")
    {
        responses.push(read_write_response(wr)?);
    }
    Ok(WriteResponses {
        status: response::status(list),
        responses,
    })
}

/// Reads one `writeResponse`: its status and `baseRef` as JSON.
pub(crate) fn read_write_response(wr: Node<'_, '_>) -> Result<(Status, Option<Value>), String> {
    let status = response::status(wr).ok_or("a writeResponse has no status")?;
    let base_ref = parse::child(wr, "baseRef").map(ref_json);
    Ok((status, base_ref))
}

/// A reference element as JSON: its attributes (`internalId`, `externalId`, `type`, `typeId`,
/// `scriptId`) and its `name`, if any.
pub(crate) fn ref_json(node: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    for a in node.attributes().filter(|a| a.namespace().is_none()) {
        obj.insert(a.name().to_string(), Value::String(a.value().to_string()));
    }
    if let Some(name) = parse::child_text(node, "name") {
        obj.insert("name".into(), Value::String(name.to_string()));
    }
    Value::Object(obj)
}
