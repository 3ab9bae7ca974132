//! Whether to retry a failed call (pure classification) and how long to wait (backoff).
//!
//! Retried: transport failures before or after sending, concurrency faults
//! (WS_REQUEST_BLOCKED, WS_CONCUR_SESSION_DISALLWD), unexpected errors, a temporarily
//! unavailable account, HTTP 5xx and unreadable (truncated) responses. Never retried:
//! credentials, permissions, versions, bad data, cancellation. The classification reads the
//! parsed fault code, never the raw body.

use std::time::Duration;

use connector_api::TransportErrorKind;

use crate::error::Error;

/// What to do after a failed attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetryAction {
    /// Try again; the reason is logged.
    Retry(&'static str),
    /// Stop; the reason is logged.
    DontRetry(&'static str),
}

/// Decides whether `error` is worth another attempt.
pub fn classify(error: &Error) -> RetryAction {
    match error {
        Error::Transport(t) => match t.kind {
            TransportErrorKind::Connect => RetryAction::Retry("could not connect"),
            TransportErrorKind::Timeout => RetryAction::Retry("timed out"),
            TransportErrorKind::Reset => RetryAction::Retry("connection reset"),
            TransportErrorKind::Other => RetryAction::Retry("transport failure"),
            TransportErrorKind::Tls => RetryAction::DontRetry("TLS failure"),
            TransportErrorKind::Refused => RetryAction::DontRetry("refused by the host's policy"),
            TransportErrorKind::InvalidRequest => RetryAction::DontRetry("invalid request"),
            TransportErrorKind::Cancelled => RetryAction::DontRetry("cancelled"),
        },
        Error::Fault(f) => match f.code.as_str() {
            "WS_REQUEST_BLOCKED" | "WS_CONCUR_SESSION_DISALLWD" => {
                RetryAction::Retry("concurrency limit reached")
            }
            "UNEXPECTED_ERROR" => RetryAction::Retry("unexpected server error"),
            "ACCT_TEMP_UNAVAILABLE" => RetryAction::Retry("account temporarily unavailable"),
            _ => RetryAction::DontRetry("NetSuite refused the request"),
        },
        Error::Http { status, .. } if *status >= 500 => RetryAction::Retry("server unavailable"),
        Error::Http { .. } => RetryAction::DontRetry("HTTP client error"),
        Error::Parse(_) => RetryAction::Retry("unreadable or truncated response"),
        Error::Settings(_) => RetryAction::DontRetry("invalid settings"),
        Error::Cancelled => RetryAction::DontRetry("cancelled"),
        Error::RetriesExhausted { .. } => RetryAction::DontRetry("retries exhausted"),
    }
}

/// Exponential backoff with full jitter: attempt n waits a random time up to
/// `min(cap, base * 2^n)`, so that many threads hitting the limit together spread out.
#[derive(Clone, Debug)]
pub struct Backoff {
    /// First wait ceiling.
    pub base: Duration,
    /// Largest wait ceiling.
    pub cap: Duration,
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
    pub fn delay(&self, retry: u32, random: f64) -> Duration {
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
    use crate::parse::fault::Fault;

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
