//! The connector's error families, and their one mapping to the ABI's `ConnectorError`.

use connector_sdk::payload::FieldError;
use connector_sdk::ConnectorErrorExt;
use connector_sdk::{ConnectorError, ErrorKind, RetryHint, TransportError, TransportErrorKind};

use crate::parse::fault::Fault;
use crate::retry;

/// Everything that can go wrong in a SuiteTalk call.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// Settings are invalid.
    #[error("invalid settings")]
    Settings(Vec<FieldError>),
    /// The request did not reach NetSuite, or its response was lost.
    #[error("transport: {0}")]
    Transport(TransportError),
    /// NetSuite refused the whole request with a SOAP fault.
    #[error("NetSuite fault {0}")]
    Fault(Fault),
    /// An HTTP error without a SOAP fault (e.g. a 503 page).
    #[error("HTTP {status} from {url}")]
    Http {
        /// Status code.
        status: u16,
        /// Where.
        url: String,
    },
    /// The response could not be read.
    #[error("unreadable response: {0}")]
    Parse(String),
    /// The call was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The request may have been applied but its answer was lost, and it is not safe to send
    /// again (creating records); the error that ended it is inside.
    #[error("may have been applied: {0}")]
    MaybeApplied(Box<Error>),
    /// A dry run stopped where the request would have been sent (see [`crate::dry_run`]);
    /// holds the request to show, masked, for the first one when asked.
    #[error("not sent (dry run)")]
    DryRun(Option<String>),
    /// Retries ran out; the last error is inside.
    #[error("gave up after {attempts} attempts: {last}")]
    RetriesExhausted {
        /// Attempts made.
        attempts: u32,
        /// The last error.
        last: Box<Error>,
    },
}

impl Error {
    /// The innermost error (through `RetriesExhausted`).
    pub(crate) fn root(&self) -> &Error {
        match self {
            Error::RetriesExhausted { last, .. } => last.root(),
            Error::MaybeApplied(last) => last.root(),
            e => e,
        }
    }

    /// A short code for outcomes and logs.
    pub(crate) fn code(&self) -> String {
        if let Error::MaybeApplied(_) = self {
            // Said first: what the user must do differs from a plain transport failure.
            return "MAYBE_APPLIED".into();
        }
        match self.root() {
            Error::Settings(_) => "INVALID_SETTINGS".into(),
            Error::Transport(t) if is_response_too_large(t) => {
                connector_sdk::payload::RESPONSE_TOO_LARGE.into()
            }
            Error::Transport(t) => match t.kind {
                TransportErrorKind::Connect => "CONNECT_FAILED".into(),
                TransportErrorKind::Timeout => "TIMEOUT".into(),
                TransportErrorKind::Reset => "CONNECTION_RESET".into(),
                TransportErrorKind::Tls => "TLS_FAILED".into(),
                TransportErrorKind::Refused => "REFUSED_BY_HOST".into(),
                TransportErrorKind::InvalidRequest => "INVALID_REQUEST".into(),
                TransportErrorKind::Cancelled => "CANCELLED".into(),
                TransportErrorKind::Other => "TRANSPORT_FAILED".into(),
            },
            Error::Fault(f) if f.code.as_str().is_empty() => "SOAP_FAULT".into(),
            Error::Fault(f) => f.code.to_string(),
            Error::Http { status, .. } => format!("HTTP_{status}"),
            Error::Parse(_) => "UNREADABLE_RESPONSE".into(),
            Error::Cancelled => "CANCELLED".into(),
            Error::DryRun(_) => connector_sdk::payload::DRY_RUN.into(),
            Error::RetriesExhausted { .. } | Error::MaybeApplied(_) => {
                unreachable!("root() unwraps retries")
            }
        }
    }

    /// The message a user reads.
    pub(crate) fn user_message(&self) -> String {
        match self {
            Error::MaybeApplied(last) => format!(
                "{}; NetSuite may have created this record before the answer was lost, and it \
                 could not be confirmed, so it was not sent again blindly: check for it before \
                 retrying. A record with an externalId is resolved by sending it again and \
                 looking it up; UPSERT is safe to repeat",
                last.user_message()
            ),
            Error::RetriesExhausted { attempts, last } => {
                format!(
                    "{} (gave up after {attempts} attempts)",
                    last.user_message()
                )
            }
            Error::Settings(fields) => fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
            Error::Transport(t) => t.message.to_string(),
            Error::Fault(f) => format!("NetSuite refused the request: {f}"),
            Error::Http { status, url } => {
                format!("{url} answered HTTP {status} without a SOAP response")
            }
            Error::Parse(m) => format!("NetSuite's response could not be read: {m}"),
            Error::Cancelled => "cancelled before NetSuite answered".into(),
            Error::DryRun(_) => "checked; not sent (dry run)".into(),
        }
    }

    /// True for authentication failures (wrong credentials, ambiguous authentication).
    pub(crate) fn is_auth(&self) -> bool {
        match self.root() {
            Error::Fault(f) => f.is_auth(),
            _ => false,
        }
    }
}

/// True when the host's transport stopped reading a response past the connection's
/// `max_response_bytes` (its message starts with [`RESPONSE_TOO_LARGE`]): the document fails
/// `RESPONSE_TOO_LARGE` and the request is not sent again, since the answer would be as large.
///
/// [`RESPONSE_TOO_LARGE`]: connector_sdk::payload::RESPONSE_TOO_LARGE
pub(crate) fn is_response_too_large(t: &TransportError) -> bool {
    t.kind == TransportErrorKind::Other
        && t.message
            .as_str()
            .starts_with(connector_sdk::payload::RESPONSE_TOO_LARGE)
}

/// The single mapping from connector errors to the ABI.
impl From<Error> for ConnectorError {
    fn from(e: Error) -> ConnectorError {
        if let Error::Settings(fields) = e {
            return ConnectorError::invalid_settings(fields);
        }
        let class = retry::class(&e);
        // A request that may have been applied must not be sent again, by the host either.
        let retry = match class.kind {
            _ if class.may_be_applied() => RetryHint::NEVER,
            ErrorKind::Transient | ErrorKind::RateLimited => RetryHint::RETRY,
            _ => RetryHint::NEVER,
        };
        let kind = class.kind;
        ConnectorError::new(kind, &e.code(), e.user_message()).with_retry(retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(code: &str) -> Error {
        Error::Fault(Fault {
            element: String::new(),
            code: code.into(),
            message: "m".into(),
        })
    }

    fn reset() -> Error {
        Error::Transport(TransportError::new(TransportErrorKind::Reset, "reset"))
    }

    #[test]
    fn a_possibly_applied_write_crosses_the_abi_as_never_retry() {
        for inner in [
            reset(),
            fault("UNEXPECTED_ERROR"),
            Error::Parse("cut".into()),
        ] {
            let e: ConnectorError = Error::MaybeApplied(Box::new(inner)).into();
            assert_eq!(e.retry, RetryHint::NEVER, "{}", e.message);
            assert_eq!(e.code.as_str(), "MAYBE_APPLIED");
            assert_eq!(e.kind, ErrorKind::Transient);
        }
    }

    #[test]
    fn a_response_too_large_fails_without_retry() {
        let t = TransportError::new(
            TransportErrorKind::Other,
            "RESPONSE_TOO_LARGE: the body passed 1024 bytes",
        );
        let error = Error::Transport(t);
        assert_eq!(error.code(), "RESPONSE_TOO_LARGE");
        assert!(matches!(
            retry::classify_for("addList", &error),
            retry::RetryAction::DontRetry(_)
        ));
        let e: ConnectorError = error.into();
        assert_eq!((e.kind, e.retry), (ErrorKind::Config, RetryHint::NEVER));
        assert_eq!(e.code.as_str(), "RESPONSE_TOO_LARGE");
    }

    #[test]
    fn kinds_and_hints_follow_the_one_classification() {
        let cases = [
            (
                fault("WS_REQUEST_BLOCKED"),
                ErrorKind::RateLimited,
                RetryHint::RETRY,
            ),
            (
                fault("UNEXPECTED_ERROR"),
                ErrorKind::Transient,
                RetryHint::RETRY,
            ),
            (
                fault("INSUFFICIENT_PERMISSION"),
                ErrorKind::Auth,
                RetryHint::NEVER,
            ),
            (
                fault("INVALID_LOGIN_ATTEMPT"),
                ErrorKind::Auth,
                RetryHint::NEVER,
            ),
            (
                fault("UNSUPPORTED_WS_VERSION"),
                ErrorKind::Config,
                RetryHint::NEVER,
            ),
            (fault("USER_ERROR"), ErrorKind::Data, RetryHint::NEVER),
            (reset(), ErrorKind::Transient, RetryHint::RETRY),
            (Error::Cancelled, ErrorKind::Transient, RetryHint::RETRY),
            (
                Error::RetriesExhausted {
                    attempts: 3,
                    last: Box::new(fault("WS_CONCUR_SESSION_DISALLWD")),
                },
                ErrorKind::RateLimited,
                RetryHint::RETRY,
            ),
        ];
        for (error, kind, hint) in cases {
            let code = error.code();
            let e: ConnectorError = error.into();
            assert_eq!((e.kind, e.retry), (kind, hint), "{code}");
        }
    }
}
