//! FFI-safe data that crosses the boundary: documents, outcomes, HTTP requests and responses.
//!
//! Every struct here is frozen for 1.x (see the crate docs); anything that may grow travels in
//! a JSON text field (`properties`, `detail_json`).

use abi_stable::{
    std_types::{RString, RVec},
    StableAbi,
};

/// One document: bytes plus a content type (`application/json`, `application/xml`, …).
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// MIME type of `data`.
    pub content_type: RString,
    /// The document itself.
    pub data: RVec<u8>,
    /// Document properties as a JSON object text (Boomi's dynamic document properties);
    /// empty when there are none.
    pub properties: RString,
}

impl Document {
    /// A JSON document.
    pub fn json(data: impl Into<Vec<u8>>) -> Document {
        Document {
            content_type: "application/json".into(),
            data: RVec::from(data.into()),
            properties: RString::new(),
        }
    }

    /// A document with the given content type.
    pub fn new(content_type: &str, data: impl Into<Vec<u8>>) -> Document {
        Document {
            content_type: content_type.into(),
            data: RVec::from(data.into()),
            properties: RString::new(),
        }
    }
}

/// The final status of one input document, as in Boomi.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutcomeStatus {
    /// The service accepted the document.
    Success = 0,
    /// The service rejected this document (bad data, not found, too large); retrying the same
    /// document will not help.
    ApplicationError = 1,
    /// The document could not be processed (connectivity, timeout, a bug); it may succeed later.
    Failure = 2,
}

impl OutcomeStatus {
    /// `SUCCESS`, `APPLICATION_ERROR` or `FAILURE`.
    pub fn as_str(&self) -> &'static str {
        match self {
            OutcomeStatus::Success => "SUCCESS",
            OutcomeStatus::ApplicationError => "APPLICATION_ERROR",
            OutcomeStatus::Failure => "FAILURE",
        }
    }
}

/// The final outcome of one input document.
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// SUCCESS, APPLICATION_ERROR or FAILURE.
    pub status: OutcomeStatus,
    /// A short machine-readable code (`RCRD_DSNT_EXIST`, `TIMEOUT`); empty on plain success.
    pub code: RString,
    /// A message a person can act on; empty on plain success.
    pub message: RString,
    /// More detail as JSON text (e.g. the service's response); may be empty.
    pub detail_json: RString,
}

impl Outcome {
    /// A plain success.
    pub fn success() -> Outcome {
        Outcome::new(OutcomeStatus::Success, "", "")
    }

    /// An outcome with status, code and message.
    pub fn new(status: OutcomeStatus, code: &str, message: &str) -> Outcome {
        Outcome {
            status,
            code: code.into(),
            message: message.into(),
            detail_json: RString::new(),
        }
    }

    /// The service rejected this document.
    pub fn application_error(code: &str, message: &str) -> Outcome {
        Outcome::new(OutcomeStatus::ApplicationError, code, message)
    }

    /// The document could not be processed.
    pub fn failure(code: &str, message: &str) -> Outcome {
        Outcome::new(OutcomeStatus::Failure, code, message)
    }
}

/// One HTTP header.
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct HttpHeader {
    /// Header name.
    pub name: RString,
    /// Header value.
    pub value: RString,
}

/// An HTTP request the connector asks the host to send.
#[repr(C)]
#[derive(StableAbi, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: RString,
    /// Absolute `http://` or `https://` URL.
    pub url: RString,
    /// Request headers (Host and Content-Length are set by the host).
    pub headers: RVec<HttpHeader>,
    /// Request body.
    pub body: RVec<u8>,
    /// The concurrency budget this request counts against (declared with
    /// [`HttpTransport::declare_pool`](crate::HttpTransport::declare_pool)); empty for none.
    pub pool_key: RString,
    /// Timeout for this request once it holds a permit, in milliseconds; 0 means the host's
    /// default.
    pub timeout_ms: u64,
}

impl std::fmt::Debug for HttpRequest {
    // Bodies and headers may hold credentials: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers.len())
            .field("body_len", &self.body.len())
            .field("pool_key", &self.pool_key)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// An HTTP response, whatever its status.
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: RVec<HttpHeader>,
    /// Response body.
    pub body: RVec<u8>,
}

impl HttpResponse {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

/// Why the host could not deliver a request or read its response.
///
/// Distinct kinds let the connector decide whether to retry: a connect error means the request
/// never reached the server; a reset or timeout after sending may mean it was applied.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// Could not connect (refused, unreachable, DNS): the request was not sent.
    Connect = 0,
    /// The request or the connection attempt took longer than its timeout.
    Timeout = 1,
    /// The connection was closed or reset before the whole response arrived.
    Reset = 2,
    /// TLS handshake or certificate failure.
    Tls = 3,
    /// The host's policy refused the request (e.g. plain http to a non-loopback address).
    Refused = 4,
    /// The request itself is malformed (bad URL, header).
    InvalidRequest = 5,
    /// The call was cancelled before the response arrived.
    Cancelled = 6,
    /// Anything else.
    Other = 7,
}

/// A transport failure: kind plus a message naming the peer and cause.
#[repr(C)]
#[derive(StableAbi, Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// Details for a person.
    pub message: RString,
}

impl TransportError {
    /// A transport error.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> TransportError {
        TransportError {
            kind,
            message: RString::from(message.into()),
        }
    }

    /// True for failures a retry may cure (connect, timeout, reset).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Reset
        )
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}
