//! `browse`: object types for each profile action, then the profile of the first type.

use std::time::Duration;

use connector_api::{Cancellation, ConnectionBox};
use connector_payload::{BrowseRequest, ObjectTypes, Profile as BrowseProfile, Spec};

use crate::profile::Profile;
use crate::report::Report;
use crate::schema;

const NAME: &str = "browse";

pub(super) fn check(
    connection: &ConnectionBox,
    spec: Option<&Spec>,
    profile: &Profile,
    report: &mut Report,
) {
    let Some(case) = &profile.browse else {
        report.skip(NAME, "the profile has no browse case");
        return;
    };
    let timeout = Duration::from_millis(case.timeout_ms);
    let mut seen = Vec::new();
    for action in &case.actions {
        if let Some(spec) = spec {
            if !spec.operations.iter().any(|o| &o.action == action) {
                report.record(NAME, Err(format!("the spec declares no action {action}")));
                return;
            }
        }
        match browse_action(connection, action, timeout) {
            Ok(summary) => seen.push(summary),
            Err(reason) => {
                report.record(NAME, Err(format!("{action}: {reason}")));
                return;
            }
        }
    }
    report.record(NAME, Ok(seen.join("; ")));
}

fn browse_action(
    connection: &ConnectionBox,
    action: &str,
    timeout: Duration,
) -> Result<String, String> {
    let request = BrowseRequest::ObjectTypes {
        action: action.to_string(),
        refresh: false,
    };
    let types: ObjectTypes = call(connection, &request, timeout)?;
    let Some(first) = types.object_types.first() else {
        return Ok(format!("{action}: no object types"));
    };
    if let Some(bad) = types.object_types.iter().find(|t| t.id.trim().is_empty()) {
        return Err(format!(
            "an object type has an empty id (label {:?})",
            bad.label
        ));
    }
    let request = BrowseRequest::Profile {
        action: action.to_string(),
        object_type: first.id.clone(),
        refresh: false,
    };
    let profile: BrowseProfile = call(connection, &request, timeout)?;
    if !profile.input.is_null() {
        schema::check_valid(&profile.input)
            .map_err(|e| format!("{}: input profile {e}", first.id))?;
    }
    schema::check_valid(&profile.output)
        .map_err(|e| format!("{}: output profile {e}", first.id))?;
    Ok(format!(
        "{action}: {} object types, profile of {}",
        types.object_types.len(),
        first.id
    ))
}

fn call<T: serde::de::DeserializeOwned>(
    connection: &ConnectionBox,
    request: &BrowseRequest,
    timeout: Duration,
) -> Result<T, String> {
    let request_json = serde_json::to_string(request).map_err(|e| e.to_string())?;
    let cancel = Cancellation::with_timeout(timeout);
    let text = connection
        .browse(request_json.as_str().into(), &cancel)
        .into_result()
        .map_err(|e| format!("browse failed: {e}"))?;
    serde_json::from_str(text.as_str())
        .map_err(|e| format!("the answer is not the expected payload: {e}"))
}
