//! Batched list requests (addList, updateList, upsertList, deleteList) and their
//! `writeResponseList`: one request per chunk, one outcome per document in input order.
//!
//! Each document's request fragment is written before anything is sent, so a document that
//! cannot be encoded fails alone and retries resend the same bytes. A record NetSuite rejects
//! is APPLICATION_ERROR with NetSuite's code and message and does not affect the others; a
//! request that fails as a whole gives each of its documents the request's outcome.

use connector_sdk::Results;
use connector_sdk::{Cancellation, Document, Outcome, OutcomeStatus};
use roxmltree::Node;
use serde_json::{Map, Value};

use super::outcome;
use crate::client::{CallOptions, Client};
use crate::envelope::XmlWriter;
use crate::parse::{self, response, response::Status};

/// One document's part of a list request: its index in the batch and its XML fragment.
pub struct Item {
    /// Index of the input document.
    pub index: usize,
    /// The fragment (`<platformMsgs:record …>…</platformMsgs:record>` or a `baseRef`),
    /// written with quick-xml.
    pub xml: Vec<u8>,
}

/// One list operation as the operations module sends it.
pub struct ListCall<'a> {
    /// SOAP operation (`addList`).
    pub operation: &'a str,
    /// Record type, for the execution log.
    pub record_type: &'a str,
    /// Options (preferences) of every request.
    pub options: CallOptions<'a>,
    /// Pass NetSuite's error response on as the failed document's output.
    pub return_error_responses: bool,
    /// Written after the items in every request (deleteList's `deletionReason`).
    pub trailer: Vec<u8>,
}

impl ListCall<'_> {
    /// Sends `items` in chunks of `chunk` and reports every item's outcome.
    pub fn run(
        &self,
        client: &Client,
        items: &[Item],
        chunk: usize,
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) {
        for part in items.chunks(chunk.max(1)) {
            if cancel.is_cancelled() {
                for item in part {
                    results.outcome(
                        item.index,
                        Outcome::failure("CANCELLED", "cancelled before this document was sent"),
                    );
                }
                continue;
            }
            self.send(client, part, results, cancel);
        }
    }

    /// Reports a document whose request failed as a whole; NetSuite's judgement of the data
    /// is passed on as its output when error responses are asked for.
    fn finish(&self, results: &mut dyn Results, index: usize, o: Outcome) {
        if self.return_error_responses && o.status == OutcomeStatus::ApplicationError {
            results.output(
                index,
                Document::json(outcome::error_response_of(&o).to_string()),
            );
        }
        results.outcome(index, o);
    }

    fn send(
        &self,
        client: &Client,
        part: &[Item],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) {
        let options = CallOptions {
            record_type: Some(self.record_type),
            count: part.len(),
            ..self.options
        };
        let element = format!("platformMsgs:{}", self.operation);
        let response = client.call(self.operation, options, cancel, &|w| {
            write_list(w, &element, part, &self.trailer)
        });
        let answers = response.and_then(|r| r.read(read_write_response_list));
        let answers = match answers {
            Ok(a) => a,
            Err(e) => {
                let o = outcome::of_request_error(e);
                for item in part {
                    self.finish(results, item.index, o.clone());
                }
                return;
            }
        };
        if answers.responses.len() != part.len() {
            // A list refused as a whole answers one failed status and no writeResponse.
            let o = match answers.status.as_ref().filter(|s| !s.is_success) {
                Some(s) => outcome::of_status(s),
                None => Outcome::failure(
                    "UNEXPECTED_RESPONSE",
                    &format!(
                        "NetSuite answered {} results for {} records",
                        answers.responses.len(),
                        part.len()
                    ),
                ),
            };
            for item in part {
                self.finish(results, item.index, o.clone());
            }
            return;
        }
        for (item, (status, base_ref)) in part.iter().zip(answers.responses) {
            report(
                results,
                item.index,
                &status,
                base_ref,
                self.return_error_responses,
            );
        }
    }
}

/// Reports one written record: its ref as output on success, the error response when asked.
pub fn report(
    results: &mut dyn Results,
    index: usize,
    status: &Status,
    base_ref: Option<Value>,
    return_error_responses: bool,
) {
    let o = outcome::of_status(status);
    if status.is_success {
        let json = base_ref.unwrap_or_else(|| Value::Object(Map::new()));
        results.output(index, Document::json(json.to_string()));
    } else if return_error_responses {
        results.output(
            index,
            Document::json(outcome::error_response(status, base_ref).to_string()),
        );
    }
    results.outcome(index, o);
}

fn write_list(
    w: &mut XmlWriter,
    element: &str,
    part: &[Item],
    trailer: &[u8],
) -> std::io::Result<()> {
    w.create_element(element).write_inner_content(|w| {
        for item in part {
            // Fragments were written by quick-xml (escaped, well-formed); splice them.
            w.get_mut().extend_from_slice(&item.xml);
        }
        w.get_mut().extend_from_slice(trailer);
        Ok(())
    })?;
    Ok(())
}

/// A parsed `writeResponseList`.
#[derive(Debug)]
pub struct WriteResponses {
    /// The list's own status, if present.
    pub status: Option<Status>,
    /// Per record: status and the written ref as JSON.
    pub responses: Vec<(Status, Option<Value>)>,
}

/// Reads `<op>ListResponse > writeResponseList`.
pub fn read_write_response_list(response: Node<'_, '_>) -> Result<WriteResponses, String> {
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
pub fn read_write_response(wr: Node<'_, '_>) -> Result<(Status, Option<Value>), String> {
    let status = response::status(wr).ok_or("a writeResponse has no status")?;
    let base_ref = parse::child(wr, "baseRef").map(ref_json);
    Ok((status, base_ref))
}

/// A reference element as JSON: its attributes (`internalId`, `externalId`, `type`, `typeId`,
/// `scriptId`) and its `name`, if any.
pub fn ref_json(node: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    for a in node.attributes().filter(|a| a.namespace().is_none()) {
        obj.insert(a.name().to_string(), Value::String(a.value().to_string()));
    }
    if let Some(name) = parse::child_text(node, "name") {
        obj.insert("name".into(), Value::String(name.to_string()));
    }
    Value::Object(obj)
}
