//! Responses of getAll, getItemAvailability, getPostingTransactionSummary,
//! getBudgetExchangeRate, getSavedSearch and updateInviteeStatus: the result's status and one
//! output document per record, row or rate. The list functions are read in [`super::list_run`].

use roxmltree::Node;
use serde_json::{Map, Value};

use super::reply::Reply;
use super::ExecuteFunction;
use crate::operations::list::{read_write_response, ref_json};
use crate::parse::{child, child_text, response};
use crate::record_json;
use crate::schema::{self, SchemaRegistry};

/// The element children of `parent > list` named `item`.
fn items<'a, 'i>(parent: Node<'a, 'i>, list: &str, item: &'static str) -> Vec<Node<'a, 'i>> {
    child(parent, list)
        .map(|l| {
            l.children()
                .filter(|n| n.is_element() && n.tag_name().name() == item)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `{op}Response > {op}Result` of one of this file's functions.
pub(crate) fn read(
    function: ExecuteFunction,
    node: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
) -> Result<Reply, String> {
    let result = |name: &str| -> Result<(response::Status, Node<'_, '_>), String> {
        let r = child(node, name).ok_or_else(|| format!("no {name} in the response"))?;
        let status = response::status(r).ok_or_else(|| format!("{name} has no status"))?;
        Ok((status, r))
    };
    let reply = |status, outputs, total_pages| Reply {
        status,
        outputs,
        total_pages,
    };
    match function {
        ExecuteFunction::GetAll => {
            let (status, r) = result("getAllResult")?;
            let outputs = items(r, "recordList", "record")
                .into_iter()
                .map(|n| schema::decode_record(registry, n))
                .collect();
            Ok(reply(status, outputs, None))
        }
        ExecuteFunction::GetItemAvailability => {
            let (status, r) = result("getItemAvailabilityResult")?;
            let outputs = items(r, "itemAvailabilityList", "itemAvailability")
                .into_iter()
                .map(record_json::record_to_json)
                .collect();
            Ok(reply(status, outputs, None))
        }
        ExecuteFunction::GetPostingTransactionSummary => {
            let (status, r) = result("getPostingTransactionSummaryResult")?;
            let outputs = items(
                r,
                "postingTransactionSummaryList",
                "postingTransactionSummary",
            )
            .into_iter()
            .map(record_json::record_to_json)
            .collect();
            let pages = child_text(r, "totalPages").and_then(|t| t.trim().parse().ok());
            Ok(reply(status, outputs, pages))
        }
        ExecuteFunction::GetBudgetExchangeRate => {
            let (status, r) = result("getBudgetExchangeRateResult")?;
            let outputs = items(r, "budgetExchangeRateList", "budgetExchangeRate")
                .into_iter()
                .map(record_json::record_to_json)
                .collect();
            Ok(reply(status, outputs, None))
        }
        ExecuteFunction::GetSavedSearch => {
            let (status, r) = result("getSavedSearchResult")?;
            let outputs = items(r, "recordRefList", "recordRef")
                .into_iter()
                .map(saved_search)
                .collect();
            Ok(reply(status, outputs, None))
        }
        ExecuteFunction::UpdateInviteeStatus => {
            let wr = child(node, "writeResponse").ok_or("no writeResponse in the response")?;
            let (status, base_ref) = read_write_response(wr)?;
            Ok(reply(status, base_ref.into_iter().collect(), None))
        }
        other => Err(format!("{other:?} is not read here")),
    }
}

/// `{"internalId", "scriptId"?, "name"}` of one saved search. NetSuite's RecordRef has no
/// `scriptId` in the XSD; it is kept when a server sends it.
pub(crate) fn saved_search(node: Node<'_, '_>) -> Value {
    let all = ref_json(node);
    let mut out = Map::new();
    for key in ["internalId", "scriptId", "name"] {
        if let Some(v) = all.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
}
