//! The fault catalogue: every SOAP fault the simulator can answer, as NetSuite words it.
//!
//! A fault aborts the whole request (HTTP 500, `soapenv:Server.userException`, a
//! `platformFaults:<element>` detail with `code` and `message`). Per-record errors are not
//! faults: they are `statusDetail`s inside a normal response.

/// One SOAP fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The detail element's local name in the faults namespace, e.g.
    /// `exceededConcurrentRequestLimitFault`.
    pub element: &'static str,
    /// The FaultCodeType value, e.g. `WS_REQUEST_BLOCKED`.
    pub code: &'static str,
    /// The faultstring and detail message, e.g. `Invalid login attempt.`.
    pub message: String,
}

impl Fault {
    /// A fault with the given detail element, code and message.
    pub fn new(element: &'static str, code: &'static str, message: impl Into<String>) -> Fault {
        Fault { element, code, message: message.into() }
    }

    /// Too many records in one list request, or a page size out of range.
    pub fn exceeded_record_count(message: impl Into<String>) -> Fault {
        Fault::new("exceededRecordCountFault", "MAX_RCRDS_EXCEEDED", message)
    }

    /// A request NetSuite could not make sense of (bad or missing elements).
    pub fn user_error(message: impl Into<String>) -> Fault {
        Fault::new("invalidCredentialsFault", "USER_ERROR", message)
    }

    /// An unexpected server error (transient; clients retry it).
    pub fn unexpected_error() -> Fault {
        Fault::new(
            "unexpectedErrorFault",
            "UNEXPECTED_ERROR",
            "An unexpected error occurred. Error ID: simulated",
        )
    }
}
