//! The one driver of list operations (getList, addList, updateList, upsertList, deleteList),
//! and the reporting every operation shares: a document's failure, with NetSuite's error
//! response as its output when the operation asks for it.
//!
//! An operation says how a document becomes its part of a request ([`ListOperation::prepare`]),
//! how a chunk of parts becomes a request body ([`ListOperation::encode`]) and how a response
//! becomes one answer per document ([`ListOperation::decode`]). The driver does the rest, the
//! same way for every list: the schema (or every document fails), preparing every document
//! before anything is sent (a document that cannot be encoded fails alone, retries resend the
//! same bytes), chunking, the cancellation check before each chunk, the call, the check that
//! NetSuite answered once per document, and the outcomes in input order. A request that fails
//! as a whole gives each of its documents the request's outcome.
//!
//! Not here: how a request is sent and retried (`client`), what a status means (`outcome`).

use std::io;
use std::sync::Arc;

use connector_sdk::Results;
use connector_sdk::{Cancellation, Document, Outcome, OutcomeStatus};
use roxmltree::Node;
use serde_json::Value;

use super::outcome;
use crate::client::{CallOptions, Client};
use crate::envelope::XmlWriter;
use crate::parse::response::Status;
use crate::schema::{self, SchemaRegistry};

/// What the driver needs to know of a list operation besides its documents.
pub(crate) struct ListCall<'a> {
    /// SOAP operation (`addList`).
    pub(crate) operation: &'static str,
    /// Record type, for the execution log.
    pub(crate) record_type: &'a str,
    /// Options (preferences) of every request.
    pub(crate) options: CallOptions<'a>,
    /// Documents per request.
    pub(crate) batch_size: usize,
    /// The operation's Return Application Error Responses.
    pub(crate) error_responses: ErrorResponses,
    /// What a document's outcome says when the call was cancelled before its request.
    pub(crate) cancelled: &'static str,
    /// How the count check names what NetSuite answered and what was sent
    /// (`("results", "records")`).
    pub(crate) nouns: (&'static str, &'static str),
}

impl<'a> ListCall<'a> {
    /// A write list's call (`addList`, …): no preferences, cancelled documents "not sent",
    /// the count check in results for records.
    pub(crate) fn new(
        operation: &'static str,
        record_type: &'a str,
        batch_size: usize,
        return_error_responses: bool,
    ) -> ListCall<'a> {
        ListCall {
            operation,
            record_type: record_type.trim(),
            options: CallOptions::default(),
            batch_size,
            error_responses: ErrorResponses(return_error_responses),
            cancelled: "cancelled before this document was sent",
            nouns: ("results", "records"),
        }
    }
}

/// NetSuite's answer for one document of a list.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The document's status.
    pub(crate) status: Status,
    /// The document's output when the status is a success (the record read, the ref written).
    pub(crate) output: Option<Value>,
    /// The ref NetSuite sent, passed on in the error response of a failed status.
    pub(crate) base_ref: Option<Value>,
}

/// A list response, read.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The list's own status, if the response has one (a list refused as a whole answers a
    /// failed status and no per-document answers).
    pub(crate) status: Option<Status>,
    /// One answer per document, in request order.
    pub(crate) answers: Vec<Answer>,
}

/// One list operation, as the driver runs it.
pub(crate) trait ListOperation {
    /// One document's part of a request.
    type Item;

    /// The call's settings.
    fn call(&self) -> ListCall<'_>;

    /// Whether documents are encoded or decoded with the connection's schema.
    fn needs_schema(&self) -> bool;

    /// Reads one input document into its part of a request; the message says what is wrong
    /// with the document (it ends INVALID_DOCUMENT).
    fn prepare(
        &self,
        registry: Option<&SchemaRegistry>,
        doc: &Document,
    ) -> Result<Self::Item, String>;

    /// Writes the request body's element for `items`: `<platformMsgs:{operation}>`, the
    /// list operation or its async twin (`asyncAddList` takes what addList takes).
    fn encode(&self, w: &mut XmlWriter, operation: &str, items: &[Self::Item]) -> io::Result<()>;

    /// Reads the response's first Body element.
    fn decode(
        &self,
        registry: Option<&SchemaRegistry>,
        response: Node<'_, '_>,
    ) -> Result<Decoded, String>;

    /// Reports the documents of a request that failed as a whole with `error`: by default
    /// each gets the request's outcome. Create overrides it to resolve an answer lost after
    /// sending (`operations::reconcile`).
    #[allow(clippy::too_many_arguments)]
    fn request_failed(
        &self,
        _client: &Client,
        call: &ListCall<'_>,
        indexes: &[usize],
        _items: &[Self::Item],
        error: crate::error::Error,
        results: &mut dyn Results,
        _cancel: &Cancellation,
    ) {
        let o = outcome::of_request_error(error);
        for &i in indexes {
            call.error_responses.failed(results, i, o.clone());
        }
    }
}

/// Runs `op` over `batch`: every document gets exactly one outcome.
pub(crate) fn run<O: ListOperation>(
    op: &O,
    client: &Client,
    batch: &[Document],
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let registry = if op.needs_schema() {
        match registry_or_fail(client, batch.len(), results, cancel) {
            Some(r) => r,
            None => return,
        }
    } else {
        None
    };
    let reg = registry.as_deref();
    let call = op.call();
    let (indexes, items) = prepare_all(op, &call, reg, batch, results);
    let size = call.batch_size.max(1);
    for (indexes, items) in indexes.chunks(size).zip(items.chunks(size)) {
        if cancel.is_cancelled() {
            for &i in indexes {
                results.outcome(i, Outcome::failure("CANCELLED", call.cancelled));
            }
            continue;
        }
        send(op, &call, client, reg, indexes, items, results, cancel);
    }
}

/// Prepares every document before anything is sent: the indexes and parts of the documents
/// that could be read; one that could not fails alone (INVALID_DOCUMENT).
pub(crate) fn prepare_all<O: ListOperation>(
    op: &O,
    call: &ListCall<'_>,
    registry: Option<&SchemaRegistry>,
    batch: &[Document],
    results: &mut dyn Results,
) -> (Vec<usize>, Vec<O::Item>) {
    let mut indexes = Vec::with_capacity(batch.len());
    let mut items = Vec::with_capacity(batch.len());
    for (index, doc) in batch.iter().enumerate() {
        match op.prepare(registry, doc) {
            Ok(item) => {
                indexes.push(index);
                items.push(item);
            }
            Err(message) => call
                .error_responses
                .invalid_document(results, index, &message),
        }
    }
    (indexes, items)
}

#[allow(clippy::too_many_arguments)]
fn send<O: ListOperation>(
    op: &O,
    call: &ListCall<'_>,
    client: &Client,
    registry: Option<&SchemaRegistry>,
    indexes: &[usize],
    items: &[O::Item],
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let options = CallOptions {
        record_type: Some(call.record_type),
        count: items.len(),
        ..call.options
    };
    let decoded = client
        .call(call.operation, options, cancel, &|w| {
            op.encode(w, call.operation, items)
        })
        .and_then(|r| r.read(|node| op.decode(registry, node)));
    let decoded = match decoded {
        Ok(d) => d,
        Err(e) => return op.request_failed(client, call, indexes, items, e, results, cancel),
    };
    if decoded.answers.len() != indexes.len() {
        let o = match decoded.status.as_ref().filter(|s| !s.is_success) {
            Some(s) => outcome::of_status(s),
            None => {
                let (answered, sent) = call.nouns;
                Outcome::failure(
                    "UNEXPECTED_RESPONSE",
                    &format!(
                        "NetSuite answered {} {answered} for {} {sent}",
                        decoded.answers.len(),
                        indexes.len()
                    ),
                )
            }
        };
        for &i in indexes {
            call.error_responses.failed(results, i, o.clone());
        }
        return;
    }
    for (&i, answer) in indexes.iter().zip(decoded.answers) {
        call.error_responses.answered(results, i, answer);
    }
}

/// The connection's registry (`None`: schemaless), or `None` after giving each of the batch's
/// `count` documents the outcome of the error (the schema folder could not be read, discovery
/// failed).
pub(crate) fn registry_or_fail(
    client: &Client,
    count: usize,
    results: &mut dyn Results,
    cancel: &Cancellation,
) -> Option<Option<Arc<SchemaRegistry>>> {
    match schema::registry_for(client, cancel) {
        Ok(r) => Some(r),
        Err(e) => {
            outcome::fail_every(results, count, e);
            None
        }
    }
}

/// Return Application Error Responses: whether a document that ends APPLICATION_ERROR also
/// gets NetSuite's error response as its output. Every operation reports failures through it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ErrorResponses(pub(crate) bool);

impl ErrorResponses {
    /// Reports a failed document: `o`, and before it the error response `response` makes
    /// when the outcome is APPLICATION_ERROR and the operation asks for error responses.
    pub(crate) fn report(
        self,
        results: &mut dyn Results,
        index: usize,
        o: Outcome,
        response: impl FnOnce(&Outcome) -> Value,
    ) {
        if self.0 && o.status == OutcomeStatus::ApplicationError {
            results.output(index, Document::json(response(&o).to_string()));
        }
        results.outcome(index, o);
    }

    /// Reports a document whose request failed as a whole, or that could not be sent: the
    /// outcome's code and message are the error response.
    pub(crate) fn failed(self, results: &mut dyn Results, index: usize, o: Outcome) {
        self.report(results, index, o, outcome::error_response_of);
    }

    /// Reports a document that is not what the operation takes (INVALID_DOCUMENT).
    pub(crate) fn invalid_document(self, results: &mut dyn Results, index: usize, message: &str) {
        self.failed(
            results,
            index,
            Outcome::application_error("INVALID_DOCUMENT", message),
        );
    }

    /// Reports a document NetSuite answered with a failed `status` (with `base_ref`, the
    /// ref it sent, if any).
    pub(crate) fn status_failed(
        self,
        results: &mut dyn Results,
        index: usize,
        status: &Status,
        base_ref: Option<Value>,
    ) {
        self.report(results, index, outcome::of_status(status), |_| {
            outcome::error_response(status, base_ref)
        });
    }

    /// Reports a document of a list: its output on success, or its failed status. A write
    /// NetSuite refused although it saved the record (`afterSubmitFailed`) is a success with
    /// a warning, its output the saved record's ref (`outcome::saved_although_refused`).
    pub(crate) fn answered(self, results: &mut dyn Results, index: usize, answer: Answer) {
        if answer.status.saved_although_refused() {
            if let Some(out) = answer.base_ref.or(answer.output) {
                results.output(index, Document::json(out.to_string()));
            }
            return results.outcome(index, outcome::of_status(&answer.status));
        }
        if !answer.status.is_success {
            return self.status_failed(results, index, &answer.status, answer.base_ref);
        }
        if let Some(out) = answer.output {
            results.output(index, Document::json(out.to_string()));
        }
        results.outcome(index, outcome::of_status(&answer.status));
    }
}
