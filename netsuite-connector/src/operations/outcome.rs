//! Turning errors and per-record statuses into document outcomes.

use connector_api::{ConnectorError, ErrorKind, Outcome, OutcomeStatus};

use crate::error::Error;
use crate::parse::response::Status;

/// The outcome of every document of a request that failed as a whole.
pub fn of_request_error(error: Error) -> Outcome {
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

/// The outcome of a record NetSuite answered with `status`.
pub fn of_status(status: &Status) -> Outcome {
    if status.is_success {
        let mut o = Outcome::success();
        if let Some(w) = status.details.iter().find(|d| d.kind == "WARN") {
            o.code = w.code.as_str().into();
            o.message = w.message.as_str().into();
        }
        return o;
    }
    match status.first_problem() {
        Some(d) => Outcome::application_error(&d.code, &d.message),
        None => Outcome::application_error(
            "UNKNOWN_ERROR",
            "NetSuite reported a failure without details",
        ),
    }
}
