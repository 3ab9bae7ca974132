//! Operations (Boomi's operation component): one action on one record type, with its options.
//!
//! Operation settings are JSON with an `action` field and the action's own settings;
//! [`prepare`] validates them field by field (unknown settings, wrong types and bad values are
//! named). Every action gives each input document exactly one final outcome, after any number
//! of output documents.
//!
//! | action | settings | input document | outputs per input |
//! |---|---|---|---|
//! | `GET` | [`get::GetSettings`] | `{"internalId"}` / `{"externalId"}` | the record |
//! | `QUERY` | [`query::QuerySettings`] | `{}` or `{"parameters": {..}, "filters": [..]}` | one per record/row, or one per page (`batch_results`) |
//! | `CREATE` / `UPDATE` / `UPSERT` | [`write::WriteSettings`] | a record (JSON, or raw XML with `application/xml`) | `{"internalId", "externalId"?, "type"}` |
//! | `DELETE` | [`delete::DeleteSettings`] | `{"internalId"}` / `{"externalId"}` (+ `typeId` for custom records) | the deleted ref |
//! | `EXECUTE` | [`execute::ExecuteSettings`] | per function, see [`execute`] | per function |
//!
//! Outcomes: SUCCESS (a WARN detail becomes its code and message); APPLICATION_ERROR with
//! NetSuite's code and message when NetSuite rejected the record (or the request's data, e.g.
//! MAX_RCRDS_EXCEEDED), or INVALID_DOCUMENT / INVALID_QUERY when the document itself is wrong;
//! FAILURE when the request could not be done (transport, faults after retries) or was
//! CANCELLED. With `return_application_error_responses`, an APPLICATION_ERROR document also
//! gets NetSuite's error response as its output: `{"status": {"isSuccess": false, "code",
//! "message", "statusDetail": [..]}, "baseRef"?}`.

pub(crate) mod async_job;
pub(crate) mod delete;
mod driver;
pub(crate) mod execute;
pub(crate) mod get;
pub(crate) mod input;
pub(crate) mod list;
pub(crate) mod outcome;
pub(crate) mod query;
mod reconcile;
mod record_type;
pub(crate) mod search_field;
pub(crate) mod write;

use connector_sdk::ConnectorErrorExt;
use std::sync::Arc;

use connector_sdk::payload::{FieldError, OperationSpec};
use connector_sdk::ConnectorError;
use connector_sdk::OperationImpl;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::client::Client;

/// Every action with its settings type, in the order the spec lists them.
pub(crate) fn specs() -> Vec<OperationSpec> {
    vec![
        spec_of::<get::GetSettings>("GET", "Reads records by internalId or externalId, one output document per input id, batched through getList."),
        spec_of::<query::QuerySettings>("QUERY", "Searches a record type (basic, advanced or saved search) with filters and joins; one output document per record or row (or per page with batch_results), pages streamed as they arrive; one query run per input document, whose parameters can set filter values."),
        spec_of::<write::WriteSettings>("CREATE", "Adds records, batched through addList (default 100 per request, at most 200); one outcome per input record, the new record's ref as output."),
        spec_of::<write::WriteSettings>("UPDATE", "Updates records by internalId or externalId, batched through updateList (default 50, at most 100); nullFieldList clears fields."),
        spec_of::<write::WriteSettings>("UPSERT", "Adds or updates records by externalId, batched through upsertList (default 50, at most 100)."),
        spec_of::<delete::DeleteSettings>("DELETE", "Deletes records by internalId or externalId, batched through deleteList (default 100, at most 200)."),
        spec_of::<execute::ExecuteSettings>("EXECUTE", "Runs a platform function once per input document (the `function` setting lists them: getAll, getSavedSearch, initialize, initializeList, getDeleted, getSelectValue, getItemAvailability, getCustomizationId, getIntegrationGovernanceInfo, …); one or more output documents per input."),
    ]
}

fn spec_of<T: JsonSchema>(action: &str, description: &str) -> OperationSpec {
    let mut schema = schemars::schema_for!(T).to_value();
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        props.insert(
            "action".into(),
            serde_json::json!({ "const": action, "description": "The operation's action." }),
        );
    }
    if let Some(req) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
        req.push("action".into());
    } else if let Some(obj) = schema.as_object_mut() {
        obj.insert("required".into(), serde_json::json!(["action"]));
    }
    OperationSpec {
        action: action.into(),
        description: description.into(),
        settings: schema,
    }
}

/// The actions, as error messages list them.
const ACTIONS: &str = "GET, QUERY, CREATE, UPDATE, UPSERT, DELETE, EXECUTE";

/// Validates operation settings and builds the operation.
pub(crate) fn prepare(
    client: Arc<Client>,
    settings: serde_json::Value,
) -> Result<Box<dyn OperationImpl>, ConnectorError> {
    let Some(mut object) = settings.as_object().cloned() else {
        return Err(invalid("", "operation settings must be a JSON object"));
    };
    let action = match object.remove("action") {
        Some(serde_json::Value::String(a)) => a.to_ascii_uppercase(),
        Some(_) => return Err(invalid("action", "must be text such as \"GET\"")),
        None => return Err(invalid("action", &format!("required: one of {ACTIONS}"))),
    };
    let rest = serde_json::Value::Object(object);
    match action.as_str() {
        "GET" => Ok(Box::new(get::Get::new(
            client,
            typed::<get::GetSettings>(rest)?,
        )?)),
        "QUERY" => Ok(Box::new(query::Query::new(
            client,
            typed::<query::QuerySettings>(rest)?,
        )?)),
        "CREATE" | "UPDATE" | "UPSERT" => {
            let kind = match action.as_str() {
                "CREATE" => write::WriteKind::Create,
                "UPDATE" => write::WriteKind::Update,
                _ => write::WriteKind::Upsert,
            };
            Ok(Box::new(write::Write::new(
                client,
                kind,
                typed::<write::WriteSettings>(rest)?,
            )?))
        }
        "DELETE" => Ok(Box::new(delete::Delete::new(
            client,
            typed::<delete::DeleteSettings>(rest)?,
        )?)),
        "EXECUTE" => Ok(Box::new(execute::Execute::new(
            client,
            typed::<execute::ExecuteSettings>(rest)?,
        )?)),
        other => Err(invalid(
            "action",
            &format!("`{other}` is not supported; use one of {ACTIONS}"),
        )),
    }
}

fn invalid(field: &str, message: &str) -> ConnectorError {
    ConnectorError::invalid_settings(vec![FieldError::new(field, message)])
}

/// Reads typed settings, naming the field at fault (unknown fields included).
fn typed<T: DeserializeOwned + JsonSchema>(value: serde_json::Value) -> Result<T, ConnectorError> {
    let schema = schemars::schema_for!(T).to_value();
    let mut known: Vec<&str> = vec!["action"];
    if let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) {
        known.extend(properties.keys().map(String::as_str));
    }
    if let Some(obj) = value.as_object() {
        let unknown: Vec<FieldError> = obj
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| crate::settings::words::unknown_setting(k, &known))
            .collect();
        if !unknown.is_empty() {
            return Err(ConnectorError::invalid_settings(unknown));
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let message = crate::settings::words::plain(&e.inner().to_string());
        let mut field = e.path().to_string();
        // A missing field is reported at the parent (`.`); name the field itself.
        if let Some(missing) = message
            .strip_prefix("missing setting `")
            .and_then(|m| m.split('`').next())
        {
            field = if field == "." {
                missing.to_string()
            } else {
                format!("{field}.{missing}")
            };
        }
        ConnectorError::invalid_settings(vec![FieldError::new(field, message)])
    })
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests;
