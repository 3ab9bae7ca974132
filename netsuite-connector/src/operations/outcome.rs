//! Turning errors and per-record statuses into document outcomes.

use connector_sdk::{ConnectorError, ErrorKind, Outcome, OutcomeStatus};

use crate::error::Error;
use crate::parse::response::Status;

/// The outcome of every document of a request that failed as a whole.
pub(crate) fn of_request_error(error: Error) -> Outcome {
    if let Error::DryRun(request) = &error {
        // Everything a run checks before sending passed.
        let mut o = Outcome::new(
            OutcomeStatus::Success,
            connector_sdk::payload::DRY_RUN,
            &error.user_message(),
        );
        if let Some(request) = request {
            o.detail_json = serde_json::json!({ "request": request }).to_string().into();
        }
        return o;
    }
    let e: ConnectorError = error.into();
    let status = match e.kind {
        // NetSuite judged the data: retrying the same document will not help.
        ErrorKind::Data | ErrorKind::NotFound => OutcomeStatus::ApplicationError,
        _ => OutcomeStatus::Failure,
    };
    Outcome {
        status,
        code: e.code,
        message: e.message,
        detail_json: e.detail_json,
    }
}

/// Gives each of the batch's `count` documents the outcome of `error` (the batch could not
/// start, e.g. the schema could not be read).
pub(crate) fn fail_every(results: &mut dyn connector_sdk::Results, count: usize, error: Error) {
    let o = of_request_error(error);
    for i in 0..count {
        results.outcome(i, o.clone());
    }
}

/// The outcome code of a write NetSuite refused although it saved the record (see
/// [`saved_although_refused`]).
pub(crate) const AFTER_SUBMIT_FAILED: &str = "AFTER_SUBMIT_FAILED";

/// The outcome of a write whose status says `isSuccess="false"` with `afterSubmitFailed`
/// true: NetSuite saved the record and then an after-submit script failed. It is SUCCESS (the
/// record exists; re-running the document would create a second one) with a warning: code
/// `AFTER_SUBMIT_FAILED`, a message with NetSuite's, and as detail JSON
/// `{"warning": "afterSubmitFailed", "code", "message", "statusDetail": [{type, code,
/// message, afterSubmitFailed}]}` (NetSuite's first problem and every detail). The saved
/// record's ref is the document's output, as for any write.
pub(crate) fn saved_although_refused(status: &Status) -> Outcome {
    let first = status.first_problem();
    let code = first.map(|d| d.code.as_str()).unwrap_or("");
    let text = first.map(|d| d.message.as_str()).unwrap_or("");
    let details: Vec<serde_json::Value> = status
        .details
        .iter()
        .map(|d| {
            serde_json::json!({
                "type": d.kind,
                "code": d.code,
                "message": d.message,
                "afterSubmitFailed": d.after_submit_failed,
            })
        })
        .collect();
    let detail = serde_json::json!({
        "warning": "afterSubmitFailed",
        "code": code,
        "message": text,
        "statusDetail": details,
    });
    let mut message = String::from("NetSuite saved the record, but an after-submit script failed");
    match (code.is_empty(), text.is_empty()) {
        (true, true) => {}
        (false, true) => message.push_str(&format!(" ({code})")),
        (true, false) => message.push_str(&format!(": {text}")),
        (false, false) => message.push_str(&format!(": {code}: {text}")),
    }
    let mut o = Outcome::new(OutcomeStatus::Success, AFTER_SUBMIT_FAILED, &message);
    o.detail_json = detail.to_string().into();
    o
}

/// The outcome of a record NetSuite answered with `status`.
pub(crate) fn of_status(status: &Status) -> Outcome {
    if status.saved_although_refused() {
        return saved_although_refused(status);
    }
    if status.is_success {
        let mut o = Outcome::success();
        if let Some(w) = status.details.iter().find(|d| d.kind == "WARN") {
            o.code = w.code.as_str().into();
            o.message = w.message.as_str().into();
        }
        return o;
    }
    match status.first_problem() {
        Some(d) => Outcome::application_error(d.code.as_str(), &d.message),
        None => Outcome::application_error(
            "UNKNOWN_ERROR",
            "NetSuite reported a failure without details",
        ),
    }
}

/// The error response passed on as a document's output when the operation's Return
/// Application Error Responses is on: NetSuite's status (first problem as `code`/`message`,
/// every detail in `statusDetail`) and the record's ref when NetSuite sent one.
pub(crate) fn error_response(
    status: &Status,
    base_ref: Option<serde_json::Value>,
) -> serde_json::Value {
    let first = status.first_problem();
    let details: Vec<serde_json::Value> = status
        .details
        .iter()
        .map(|d| serde_json::json!({ "type": d.kind, "code": d.code, "message": d.message }))
        .collect();
    let mut response = serde_json::json!({
        "status": {
            "isSuccess": status.is_success,
            "code": first.map(|d| d.code.as_str()).unwrap_or("UNKNOWN_ERROR"),
            "message": first.map(|d| d.message.as_str()).unwrap_or(""),
            "statusDetail": details,
        }
    });
    if let Some(r) = base_ref {
        response["baseRef"] = r;
    }
    response
}

/// The error response of a document whose request failed as a whole (or that could not be
/// read): the outcome's code and message.
pub(crate) fn error_response_of(outcome: &Outcome) -> serde_json::Value {
    serde_json::json!({
        "status": {
            "isSuccess": false,
            "code": outcome.code.as_str(),
            "message": outcome.message.as_str(),
        }
    })
}
