//! initializeList and updateInviteeStatusList: one request per input document holding a list;
//! one output per item, in order (the initialized record or the written ref, or for an item
//! NetSuite refused, its error response). The document's outcome says how many items failed.

use connector_sdk::{Cancellation, Document, Outcome, Results};
use roxmltree::Node;
use serde_json::{json, Value};

use super::{Execute, ExecuteFunction};
use crate::operations::list::read_write_response_list;
use crate::operations::outcome;
use crate::parse::{child, response, response::Status};
use crate::schema::{self, SchemaRegistry};

/// One item's answer: its status and, on success, its output.
struct Item {
    status: Status,
    output: Option<Value>,
}

/// The list's own status (when sent) and its items.
struct ListReply {
    status: Option<Status>,
    items: Vec<Item>,
}

fn read(
    function: ExecuteFunction,
    node: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
) -> Result<ListReply, String> {
    crate::parse::check_depth(node, &"the response")?;
    if function == ExecuteFunction::UpdateInviteeStatusList {
        let list = read_write_response_list(node)?;
        return Ok(ListReply {
            status: list.status,
            items: list
                .responses
                .into_iter()
                .map(|(status, output)| Item { status, output })
                .collect(),
        });
    }
    let list = child(node, "readResponseList").ok_or("no readResponseList in the response")?;
    let mut items = Vec::new();
    for rr in list
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "readResponse")
    {
        let status = response::status(rr).ok_or("a readResponse has no status")?;
        let output = child(rr, "record")
            .filter(|_| status.is_success)
            .map(|r| schema::decode_record(registry, r));
        items.push(Item { status, output });
    }
    Ok(ListReply {
        status: response::status(list),
        items,
    })
}

/// Sends one document's list and reports its items and its outcome.
pub(super) fn run(
    op: &Execute,
    index: usize,
    body: &[u8],
    registry: Option<&SchemaRegistry>,
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let f = op.settings.function;
    let answer = op
        .call(body, None, cancel)
        .and_then(|r| r.read(|node| read(f, node, registry)));
    let reply = match answer {
        Ok(r) => r,
        Err(e) => {
            return op
                .error_responses()
                .failed(results, index, outcome::of_request_error(e))
        }
    };
    if reply.items.is_empty() {
        // A refusal of the whole list (or nothing to answer with).
        let status = reply.status.unwrap_or(Status {
            is_success: false,
            details: Vec::new(),
        });
        return op
            .error_responses()
            .status_failed(results, index, &status, None);
    }
    let total = reply.items.len();
    let mut failures: Vec<Value> = Vec::new();
    let mut first_code = None;
    for (i, item) in reply.items.into_iter().enumerate() {
        let out = if item.status.is_success {
            item.output.unwrap_or_else(|| json!({}))
        } else {
            let problem = item.status.first_problem();
            let code = problem.map(|d| d.code.as_str().to_string());
            first_code = first_code.or(code.clone());
            failures.push(json!({
                "item": i,
                "code": code.unwrap_or_else(|| "UNKNOWN_ERROR".into()),
                "message": problem.map(|d| d.message.as_str()).unwrap_or(""),
            }));
            outcome::error_response(&item.status, None)
        };
        results.output(index, Document::json(out.to_string()));
    }
    if failures.is_empty() {
        return results.outcome(index, Outcome::success());
    }
    let listed: Vec<String> = failures
        .iter()
        .map(|d| {
            format!(
                "item {}: {}: {}",
                d["item"],
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let mut o = Outcome::application_error(
        first_code.as_deref().unwrap_or("UNKNOWN_ERROR"),
        &format!(
            "{} of {total} failed ({})",
            failures.len(),
            listed.join("; ")
        ),
    );
    o.detail_json = json!({ "failed": failures }).to_string().into();
    results.outcome(index, o);
}
