//! The one error type that crosses the boundary.

use abi_stable::{std_types::RString, StableAbi};

/// What kind of failure a [`ConnectorError`] is; decides how the host reports and retries it.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Settings are invalid or incomplete; the user must change them.
    Config = 0,
    /// Credentials were refused; the user must fix them.
    Auth = 1,
    /// A temporary failure (network, server busy); retrying may help.
    Transient = 2,
    /// The service's rate or concurrency limit refused the call; retry later.
    RateLimited = 3,
    /// The requested object does not exist.
    NotFound = 4,
    /// The data sent was rejected.
    Data = 5,
    /// A bug or an unexpected state in the connector (including a caught panic).
    Internal = 6,
}

impl ErrorKind {
    /// Lower-case name: `config`, `auth`, …
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::Auth => "auth",
            ErrorKind::Transient => "transient",
            ErrorKind::RateLimited => "rate-limited",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Data => "data",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Whether, and after how long, the failed call may be retried.
#[repr(C)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryHint {
    /// True when retrying the same call may succeed.
    pub retryable: bool,
    /// Suggested wait before the retry, in milliseconds (0: no suggestion).
    pub after_ms: u64,
}

impl RetryHint {
    /// Do not retry.
    pub const NEVER: RetryHint = RetryHint {
        retryable: false,
        after_ms: 0,
    };
    /// Retry, no particular wait.
    pub const RETRY: RetryHint = RetryHint {
        retryable: true,
        after_ms: 0,
    };
}

/// An error from a connector entry point.
///
/// `detail_json` carries anything structured; by convention, field-level settings errors are
/// `{"fields":[{"field":"account","message":"…"}]}` (the `connector-payload` crate reads and
/// writes it). Messages never contain secrets.
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct ConnectorError {
    /// The failure's kind.
    pub kind: ErrorKind,
    /// Whether to retry.
    pub retry: RetryHint,
    /// A short machine-readable code (`INVALID_SETTINGS`, `WS_REQUEST_BLOCKED`).
    pub code: RString,
    /// A message a person can act on.
    pub message: RString,
    /// Structured detail as JSON text, or empty.
    pub detail_json: RString,
}

impl ConnectorError {
    /// An error of `kind`, retryable as the kind suggests.
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> ConnectorError {
        let retry = match kind {
            ErrorKind::Transient | ErrorKind::RateLimited => RetryHint::RETRY,
            _ => RetryHint::NEVER,
        };
        ConnectorError {
            kind,
            retry,
            code: code.into(),
            message: RString::from(message.into()),
            detail_json: RString::new(),
        }
    }

    /// An `Internal` error.
    pub fn internal(message: impl Into<String>) -> ConnectorError {
        ConnectorError::new(ErrorKind::Internal, "INTERNAL", message)
    }

    /// Sets the retry hint.
    pub fn with_retry(mut self, retry: RetryHint) -> ConnectorError {
        self.retry = retry;
        self
    }

    /// Sets the structured detail, as JSON text (the SDK's `with_detail` takes a JSON value).
    pub fn with_detail_json(mut self, detail_json: impl Into<String>) -> ConnectorError {
        self.detail_json = RString::from(detail_json.into());
        self
    }
}

impl std::fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} error {}: {}",
            self.kind.as_str(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ConnectorError {}
