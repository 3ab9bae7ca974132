//! The saved searches of a record type, for browse: one getSavedSearch call, read as the
//! Execute function reads it.

use connector_sdk::Cancellation;
use serde_json::Value;

use super::reply_more;
use super::request_more;
use crate::client::{CallOptions, Client};
use crate::parse::{child, response};
use crate::schema::SchemaRegistry;

/// `[{"internalId", "scriptId"?, "name"}]` of `record_type`'s saved searches.
///
/// # Errors
/// In the user's words: NetSuite refused the call (a role without the permission, for
/// instance), or answered with a failed status.
pub(crate) fn saved_searches(
    client: &Client,
    registry: Option<&SchemaRegistry>,
    record_type: &str,
    cancel: &Cancellation,
) -> Result<Vec<Value>, String> {
    let body = request_more::saved_search_record(
        &serde_json::json!({ "recordType": record_type }),
        registry,
    )?;
    let answer = client
        .call("getSavedSearch", CallOptions::default(), cancel, &|w| {
            w.create_element("platformMsgs:getSavedSearch")
                .write_inner_content(|w| {
                    // Built by quick-xml in `request_more`; spliced as is.
                    w.get_mut().extend_from_slice(&body);
                    Ok(())
                })?;
            Ok(())
        })
        .and_then(|r| {
            r.read(|node| {
                let result = child(node, "getSavedSearchResult")
                    .ok_or("no getSavedSearchResult in the response")?;
                let status =
                    response::status(result).ok_or("getSavedSearchResult has no status")?;
                let found: Vec<Value> = child(result, "recordRefList")
                    .map(|l| {
                        l.children()
                            .filter(|n| n.is_element() && n.tag_name().name() == "recordRef")
                            .map(reply_more::saved_search)
                            .collect()
                    })
                    .unwrap_or_default();
                Ok((status, found))
            })
        });
    match answer {
        Ok((status, found)) if status.is_success => Ok(found),
        Ok((status, _)) => Err(status
            .first_problem()
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .unwrap_or_else(|| "NetSuite reported a failure without details".into())),
        Err(e) => Err(e.user_message()),
    }
}

/// Adds `record_type`'s saved searches to a QUERY profile's input schema
/// (`x-netsuite-saved-searches`, and the choices of `saved_search_id`); where NetSuite refuses
/// getSavedSearch (a role without the permission) it says why instead
/// (`x-netsuite-saved-searches-unavailable`): browse does not fail for it.
pub(crate) fn describe_in_profile(
    client: &Client,
    registry: Option<&SchemaRegistry>,
    action: &str,
    record_type: &str,
    input: &mut Value,
    cancel: &Cancellation,
) {
    if !matches!(action.to_ascii_uppercase().as_str(), "QUERY" | "SEARCH") {
        return;
    }
    let Some(obj) = input.as_object_mut() else {
        return;
    };
    match saved_searches(client, registry, record_type, cancel) {
        Ok(found) => {
            obj.insert("x-netsuite-saved-searches".into(), Value::Array(found));
        }
        Err(why) => {
            tracing::warn!(record_type, "browse lists no saved searches: {why}");
            obj.insert(
                "x-netsuite-saved-searches-unavailable".into(),
                Value::String(format!(
                    "NetSuite did not list the saved searches of {record_type} (getSavedSearch: \
                     {why}); a saved search can still be named by id in the Query operation"
                )),
            );
        }
    }
}
