//! Whether to retry a failed call (pure classification) and how long to wait (backoff).
//!
//! Retried: transport failures before or after sending, concurrency faults
//! (WS_REQUEST_BLOCKED, WS_CONCUR_SESSION_DISALLWD, HTTP 429), unexpected errors, a temporarily
//! unavailable account, HTTP 5xx and unreadable (truncated) responses. Never retried:
//! credentials, permissions, versions, bad data, cancellation. The classification reads the
//! parsed [`FaultCode`], never the raw body; [`class`] decides once per error what the retry
//! loop (`client.rs`) and the mapping to the ABI's `ConnectorError` (`error.rs`) both read.
//!
//! Creating records (`add`, `addList`) is not idempotent: when a request may have reached
//! NetSuite but its answer was lost (a reset or timeout after sending, a truncated answer, an
//! unexpected error), sending it again could create every record twice. Those failures are
//! not retried as such for creates ([`RetryAction::MaybeApplied`]): `operations::reconcile`
//! sends the records that carry an externalId again and reconciles them, and the others end
//! FAILURE `MAYBE_APPLIED`. A gateway's 502 or 504 counts as "may have been applied" (the
//! gateway forwarded the request and lost the answer). Failures that prove the request was not
//! applied (could not connect, the concurrency limit refused it, a 503 page) are retried for
//! every operation.

use std::time::Duration;

use connector_sdk::{ErrorKind, TransportErrorKind};

use crate::error::Error;
use crate::parse::fault::{Fault, FaultCode};

/// What to do after a failed attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RetryAction {
    /// Try again; the reason is logged.
    Retry(&'static str),
    /// Stop; the reason is logged.
    DontRetry(&'static str),
    /// Stop: the request may have been applied, and repeating it is not safe.
    MaybeApplied(&'static str),
}

/// What a failure is, decided once per error: read by the retry loop ([`classify_for`]) and
/// by the mapping to the ABI's `ConnectorError` (`error.rs`), so the two never disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Class {
    /// The ABI's error kind (of the innermost error).
    pub(crate) kind: ErrorKind,
    /// Whether another attempt may help, and why.
    pub(crate) action: RetryAction,
    /// True when the failure proves the request was not applied (resending is safe even for
    /// a create): could not connect, the concurrency limit refused it, a gateway answered.
    pub(crate) not_applied: bool,
}

impl Class {
    fn new(kind: ErrorKind, action: RetryAction) -> Class {
        Class {
            kind,
            action,
            not_applied: false,
        }
    }

    fn not_applied(self) -> Class {
        Class {
            not_applied: true,
            ..self
        }
    }

    /// True when the request may have been applied and must not be sent again.
    pub(crate) fn may_be_applied(&self) -> bool {
        matches!(self.action, RetryAction::MaybeApplied(_))
    }
}

/// Classifies `error` (see [`Class`]).
pub(crate) fn class(error: &Error) -> Class {
    use RetryAction::{DontRetry, Retry};
    match error {
        Error::MaybeApplied(last) => Class {
            action: RetryAction::MaybeApplied("may have been applied"),
            not_applied: false,
            ..class(last)
        },
        Error::RetriesExhausted { last, .. } => Class {
            action: DontRetry("retries exhausted"),
            ..class(last)
        },
        // Asking again would bring the same oversized answer (issue 11, item 5).
        Error::Transport(t) if crate::error::is_response_too_large(t) => Class::new(
            ErrorKind::Config,
            DontRetry("response larger than max_response_bytes"),
        ),
        Error::Transport(t) => match t.kind {
            TransportErrorKind::Connect => {
                Class::new(ErrorKind::Transient, Retry("could not connect")).not_applied()
            }
            TransportErrorKind::Timeout => Class::new(ErrorKind::Transient, Retry("timed out")),
            TransportErrorKind::Reset => {
                Class::new(ErrorKind::Transient, Retry("connection reset"))
            }
            TransportErrorKind::Other => {
                Class::new(ErrorKind::Transient, Retry("transport failure"))
            }
            TransportErrorKind::Tls => Class::new(ErrorKind::Config, DontRetry("TLS failure")),
            TransportErrorKind::Refused => {
                Class::new(ErrorKind::Config, DontRetry("refused by the host's policy"))
            }
            TransportErrorKind::InvalidRequest => {
                Class::new(ErrorKind::Config, DontRetry("invalid request"))
            }
            TransportErrorKind::Cancelled => {
                Class::new(ErrorKind::Transient, DontRetry("cancelled"))
            }
        },
        Error::Fault(f) => fault_class(f),
        Error::Http { status, .. } => match status {
            // A 503 page comes from NetSuite's front (maintenance, a wrong domain): not
            // applied. A 502 or 504 comes from a gateway that forwarded the request and lost
            // NetSuite's answer: it may have been applied (issue 11).
            503 => Class::new(ErrorKind::Transient, Retry("server unavailable")).not_applied(),
            502 | 504 => Class::new(ErrorKind::Transient, Retry("gateway error")),
            500.. => Class::new(ErrorKind::Transient, Retry("server unavailable")),
            // Too many requests: refused before it ran, like a concurrency fault.
            429 => Class::new(ErrorKind::RateLimited, Retry("too many requests")).not_applied(),
            _ => Class::new(ErrorKind::Config, DontRetry("HTTP client error")),
        },
        Error::Parse(_) => Class::new(
            ErrorKind::Transient,
            Retry("unreadable or truncated response"),
        ),
        Error::Settings(_) => Class::new(ErrorKind::Config, DontRetry("invalid settings")),
        Error::Cancelled => Class::new(ErrorKind::Transient, DontRetry("cancelled")),
        Error::DryRun(_) => Class::new(ErrorKind::Config, DontRetry("dry run")).not_applied(),
    }
}

/// True when the request could not connect (refused, unreachable): what a connection check
/// reports at once instead of retrying.
pub(crate) fn is_connect_failure(error: &Error) -> bool {
    matches!(error, Error::Transport(t) if t.kind == TransportErrorKind::Connect)
}

fn fault_class(f: &Fault) -> Class {
    use RetryAction::{DontRetry, Retry};
    let refused = DontRetry("NetSuite refused the request");
    match f.code {
        FaultCode::RequestBlocked | FaultCode::ConcurrentSessionDisallowed => {
            Class::new(ErrorKind::RateLimited, Retry("concurrency limit reached")).not_applied()
        }
        FaultCode::UnexpectedError => {
            Class::new(ErrorKind::Transient, Retry("unexpected server error"))
        }
        FaultCode::AccountTemporarilyUnavailable => Class::new(
            ErrorKind::Transient,
            Retry("account temporarily unavailable"),
        ),
        FaultCode::InsufficientPermission
        | FaultCode::WebServicesPermissionRequired
        | FaultCode::FeatureRequired => Class::new(ErrorKind::Auth, refused),
        _ if f.code.is_version() => Class::new(ErrorKind::Config, refused),
        _ if f.is_auth() => Class::new(ErrorKind::Auth, refused),
        _ if f.code.is_data()
            || matches!(
                f.element.as_str(),
                "exceededRecordCountFault" | "exceededRequestSizeFault"
            ) =>
        {
            Class::new(ErrorKind::Data, refused)
        }
        // An empty, oddly shaped or unknown fault says nothing about the data: the documents
        // end FAILURE with NetSuite's text, not APPLICATION_ERROR (issue 11, item 7).
        _ => Class::new(
            ErrorKind::Transient,
            DontRetry("NetSuite answered a fault the connector does not know"),
        ),
    }
}

/// True for operations that may be sent twice without changing the outcome. An async write
/// submitted twice starts two jobs: the second would create every record again, or report a
/// record the first job deleted as missing, so a lost answer to one is never resent.
pub(crate) fn is_idempotent(operation: &str) -> bool {
    !matches!(
        operation,
        "add"
            | "addList"
            | "asyncAddList"
            | "asyncUpdateList"
            | "asyncUpsertList"
            | "asyncDeleteList"
    )
}

/// Decides whether `error` is worth another attempt of `operation`.
pub(crate) fn classify_for(operation: &str, error: &Error) -> RetryAction {
    let class = class(error);
    if is_idempotent(operation) || !matches!(class.action, RetryAction::Retry(_)) {
        return class.action;
    }
    if class.not_applied {
        class.action
    } else {
        RetryAction::MaybeApplied("the request may have been applied before its answer was lost")
    }
}

/// Decides whether `error` is worth another attempt.
#[cfg(test)]
pub(crate) fn classify(error: &Error) -> RetryAction {
    class(error).action
}

/// Exponential backoff with full jitter: attempt n waits a random time up to
/// `min(cap, base * 2^n)`, so that many threads hitting the limit together spread out.
#[derive(Clone, Debug)]
pub(crate) struct Backoff {
    /// First wait ceiling.
    pub(crate) base: Duration,
    /// Largest wait ceiling.
    pub(crate) cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0-based), given a uniform `random` in [0, 1).
    pub(crate) fn delay(&self, retry: u32, random: f64) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32 << retry.min(16))
            .min(self.cap);
        // Never less than a tenth of the ceiling: an immediate retry would hit the same limit.
        ceiling.mul_f64(0.1 + 0.9 * random.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(code: &str) -> Error {
        Error::Fault(Fault {
            element: "x".into(),
            code: code.into(),
            message: String::new(),
        })
    }

    #[test]
    fn retries_concurrency_and_unexpected_faults_only() {
        assert!(matches!(
            classify(&fault("WS_REQUEST_BLOCKED")),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify(&fault("WS_CONCUR_SESSION_DISALLWD")),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify(&fault("UNEXPECTED_ERROR")),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify(&fault("USER_ERROR")),
            RetryAction::DontRetry(_)
        ));
        assert!(matches!(
            classify(&fault("INSUFFICIENT_PERMISSION")),
            RetryAction::DontRetry(_)
        ));
        assert!(matches!(
            classify(&fault("INVALID_LOGIN_ATTEMPT")),
            RetryAction::DontRetry(_)
        ));
    }

    #[test]
    fn creates_are_not_resent_when_they_may_have_been_applied() {
        use connector_sdk::TransportError;
        let reset = Error::Transport(TransportError::new(TransportErrorKind::Reset, "reset"));
        let connect = Error::Transport(TransportError::new(TransportErrorKind::Connect, "refused"));
        assert!(matches!(
            classify_for("addList", &reset),
            RetryAction::MaybeApplied(_)
        ));
        assert!(matches!(
            classify_for("addList", &fault("UNEXPECTED_ERROR")),
            RetryAction::MaybeApplied(_)
        ));
        assert!(matches!(
            classify_for("addList", &Error::Parse("truncated".into())),
            RetryAction::MaybeApplied(_)
        ));
        assert!(matches!(
            classify_for("addList", &connect),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify_for("addList", &fault("WS_REQUEST_BLOCKED")),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify_for("upsertList", &reset),
            RetryAction::Retry(_)
        ));
        for submit in [
            "asyncAddList",
            "asyncUpdateList",
            "asyncUpsertList",
            "asyncDeleteList",
        ] {
            assert!(matches!(
                classify_for(submit, &reset),
                RetryAction::MaybeApplied(_)
            ));
        }
        assert!(matches!(
            classify_for("asyncGetList", &reset),
            RetryAction::Retry(_)
        ));
        let http = |status| Error::Http {
            status,
            url: "u".into(),
        };
        for status in [502, 504] {
            assert!(matches!(
                classify_for("addList", &http(status)),
                RetryAction::MaybeApplied(_)
            ));
            assert!(matches!(
                classify_for("updateList", &http(status)),
                RetryAction::Retry(_)
            ));
        }
        assert!(matches!(
            classify_for("addList", &http(503)),
            RetryAction::Retry(_)
        ));
        assert!(matches!(
            classify_for("addList", &fault("USER_ERROR")),
            RetryAction::DontRetry(_)
        ));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
        };
        assert_eq!(b.delay(0, 1.0), Duration::from_millis(100));
        assert_eq!(b.delay(2, 1.0), Duration::from_millis(400));
        assert_eq!(b.delay(10, 1.0), Duration::from_secs(1));
        assert!(b.delay(3, 0.0) >= Duration::from_millis(80));
    }
}
