//! Execute responses: each function's result element, its status and output documents.

use roxmltree::Node;
use serde_json::{json, Map, Value};

use super::ExecuteFunction;
use crate::operations::list::{read_write_response, ref_json};
use crate::parse::{self, child, child_text, response, response::Status};
use crate::record_json;
use crate::schema::{self, SchemaRegistry};

/// One response, read.
#[derive(Debug)]
pub(crate) struct Reply {
    /// The result's status.
    pub(crate) status: Status,
    /// Output documents (for a failed status: at most the ref NetSuite sent).
    pub(crate) outputs: Vec<Value>,
    /// Pages in all, for paged functions.
    pub(crate) total_pages: Option<u32>,
}

fn number(node: Node<'_, '_>, name: &str) -> Option<u32> {
    child_text(node, name).and_then(|t| t.parse().ok())
}

fn result<'a, 'i>(response: Node<'a, 'i>, name: &str) -> Result<(Status, Node<'a, 'i>), String> {
    let r = child(response, name).ok_or_else(|| format!("no {name} in the response"))?;
    let status = response::status(r).ok_or_else(|| format!("{name} has no status"))?;
    Ok((status, r))
}

/// Reads the response element (`initializeResponse`, …) of `function`; an initialized
/// record is decoded with the schema when there is one.
pub(crate) fn read(
    function: ExecuteFunction,
    node: Node<'_, '_>,
    registry: Option<&SchemaRegistry>,
) -> Result<Reply, String> {
    // The decoders below recurse once per level: refuse a hostile nesting first.
    parse::check_depth(node, &"the response")?;
    match function {
        ExecuteFunction::Initialize => {
            let rr = child(node, "readResponse").ok_or("no readResponse in the response")?;
            let status = response::status(rr).ok_or("readResponse has no status")?;
            let outputs = child(rr, "record")
                .filter(|_| status.is_success)
                .map(|r| schema::decode_record(registry, r))
                .into_iter()
                .collect();
            Ok(Reply {
                status,
                outputs,
                total_pages: None,
            })
        }
        ExecuteFunction::Attach | ExecuteFunction::Detach => {
            let wr = child(node, "writeResponse").ok_or("no writeResponse in the response")?;
            let (status, base_ref) = read_write_response(wr)?;
            Ok(Reply {
                status,
                outputs: base_ref.into_iter().collect(),
                total_pages: None,
            })
        }
        ExecuteFunction::GetDeleted => {
            let (status, r) = result(node, "getDeletedResult")?;
            let outputs = child(r, "deletedRecordList")
                .map(|list| {
                    list.children()
                        .filter(|n| n.is_element() && n.tag_name().name() == "deletedRecord")
                        .map(deleted_record)
                        .collect()
                })
                .unwrap_or_default();
            Ok(Reply {
                status,
                outputs,
                total_pages: number(r, "totalPages"),
            })
        }
        ExecuteFunction::GetSelectValue => {
            let (status, r) = result(node, "getSelectValueResult")?;
            let outputs = child(r, "baseRefList")
                .map(|list| {
                    list.children()
                        .filter(|n| n.is_element() && n.tag_name().name() == "baseRef")
                        .map(ref_json)
                        .collect()
                })
                .unwrap_or_default();
            Ok(Reply {
                status,
                outputs,
                total_pages: number(r, "totalPages"),
            })
        }
        ExecuteFunction::GetServerTime => {
            let (status, r) = result(node, "getServerTimeResult")?;
            let outputs = child_text(r, "serverTime")
                .map(|t| json!({ "serverTime": t }))
                .into_iter()
                .collect();
            Ok(Reply {
                status,
                outputs,
                total_pages: None,
            })
        }
        ExecuteFunction::GetAccountGovernanceInfo => {
            let (status, r) = result(node, "getAccountGovernanceInfoResult")?;
            let mut obj = Map::new();
            for name in ["accountConcurrencyLimit", "unallocatedConcurrencyLimit"] {
                if let Some(n) = child_text(r, name).and_then(|t| t.parse::<i64>().ok()) {
                    obj.insert(name.into(), Value::from(n));
                }
            }
            Ok(Reply {
                status,
                outputs: vec![Value::Object(obj)],
                total_pages: None,
            })
        }
        ExecuteFunction::GetAll
        | ExecuteFunction::GetItemAvailability
        | ExecuteFunction::GetPostingTransactionSummary
        | ExecuteFunction::GetBudgetExchangeRate
        | ExecuteFunction::GetSavedSearch
        | ExecuteFunction::UpdateInviteeStatus
        | ExecuteFunction::InitializeList
        | ExecuteFunction::UpdateInviteeStatusList => {
            super::reply_more::read(function, node, registry)
        }
        ExecuteFunction::GetIntegrationGovernanceInfo => {
            let (status, info) = crate::governance::integration_info(node)?;
            Ok(Reply {
                status,
                outputs: vec![info],
                total_pages: None,
            })
        }
        ExecuteFunction::GetCustomizationId => {
            let (status, outputs) = super::customization::read(node)?;
            Ok(Reply {
                status,
                outputs,
                total_pages: None,
            })
        }
        ExecuteFunction::GetCurrencyRate => {
            let (status, r) = result(node, "getCurrencyRateResult")?;
            let outputs = child(r, "currencyRateList")
                .map(|list| {
                    list.children()
                        .filter(|n| n.is_element() && n.tag_name().name() == "currencyRate")
                        .map(record_json::record_to_json)
                        .collect()
                })
                .unwrap_or_default();
            Ok(Reply {
                status,
                outputs,
                total_pages: None,
            })
        }
    }
}

/// `{"deletedDate", "internalId", "externalId"?, "type", "name"?}` (custom records:
/// `typeId`, `scriptId` too).
fn deleted_record(node: Node<'_, '_>) -> Value {
    let mut obj = match parse::child(node, "record").map(ref_json) {
        Some(Value::Object(o)) => o,
        _ => Map::new(),
    };
    if let Some(d) = child_text(node, "deletedDate") {
        obj.insert("deletedDate".into(), Value::String(d.to_string()));
    }
    Value::Object(obj)
}
