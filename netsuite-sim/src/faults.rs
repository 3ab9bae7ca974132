//! The fault catalogue: every SOAP fault the simulator can answer, as NetSuite words it.
//!
//! A fault aborts the whole request (HTTP 500, `soapenv:Server.userException`, a
//! `platformFaults:<element>` detail with `code` and `message`). Per-record errors are not
//! faults: they are `statusDetail`s inside a normal response.
//!
//! Every `code` is a value of the XSD enumeration `platformFaultTyp:FaultCodeType` (the same 25
//! values in 2017.1 and 2023.2), so that every fault detail validates against the official
//! schema. Where NetSuite's exact wording is not documented (see
//! `shared/reference/suitetalk-protocol.md` §7.3), the choice and its reason is written on the
//! constructor.

/// One SOAP fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The detail element's local name in the faults namespace, e.g.
    /// `exceededConcurrentRequestLimitFault`; empty for a fault without a NetSuite detail.
    pub element: &'static str,
    /// The FaultCodeType value, e.g. `WS_REQUEST_BLOCKED`.
    pub code: &'static str,
    /// The faultstring and detail message, e.g. `Invalid login attempt.`.
    pub message: String,
}

/// The message of a refused token or user credential (reference §7.3, observed in clients).
pub const INVALID_LOGIN_MESSAGE: &str = "Invalid login attempt.";
/// The message of a token-based request over the account's concurrency limit (reference §7.3).
pub const CONCURRENT_REQUEST_LIMIT_MESSAGE: &str =
    "SuiteTalk concurrent request limit exceeded. Request blocked.";
/// The message of a user-credential request over the limit (reference §7.2, recorded fault).
pub const SESSION_LIMIT_MESSAGE: &str = "Only one request may be made against a session at a time";

impl Fault {
    /// A fault with the given detail element, code and message.
    pub fn new(element: &'static str, code: &'static str, message: impl Into<String>) -> Fault {
        Fault {
            element,
            code,
            message: message.into(),
        }
    }

    /// Too many records in one list request, or a page size out of range.
    pub fn exceeded_record_count(message: impl Into<String>) -> Fault {
        Fault::new("exceededRecordCountFault", "MAX_RCRDS_EXCEEDED", message)
    }

    /// A request NetSuite could not make sense of (bad or missing elements).
    pub fn user_error(message: impl Into<String>) -> Fault {
        Fault::new("invalidCredentialsFault", "USER_ERROR", message)
    }

    /// An element the record type's schema does not declare: NetSuite's Axis cannot read the
    /// request, and answers with the parser's words and no NetSuite detail (the detail holds
    /// only Axis's hostname; [`Fault::element`] is empty). Counted as `USER_ERROR`.
    pub fn invalid_element(class: &str, element: &str) -> Fault {
        Fault::new(
            "",
            "USER_ERROR",
            format!("org.xml.sax.SAXException: Invalid element in {class} - {element}"),
        )
    }

    /// An unexpected server error (transient; clients retry it).
    pub fn unexpected_error() -> Fault {
        Fault::new(
            "unexpectedErrorFault",
            "UNEXPECTED_ERROR",
            "An unexpected error occurred. Error ID: simulated",
        )
    }

    /// Refused credentials: bad signature, unknown token, reused nonce, stale timestamp,
    /// lower-case account letters, unknown application id or role, a request on another
    /// account's domain.
    ///
    /// NetSuite says only "Invalid login attempt." and records the reason in its Login Audit
    /// Trail. The code is `USER_ERROR`, as in the one captured invalid-credentials fault for a
    /// token passport (NetSweet/netsuite#368) and one of the two candidates of reference §7.3;
    /// the other, `INVALID_LOGIN_ATTEMPT`, is a StatusDetailCodeType value and would not
    /// validate in a fault detail (FaultCodeType).
    pub fn invalid_login() -> Fault {
        Fault::new(
            "invalidCredentialsFault",
            "USER_ERROR",
            INVALID_LOGIN_MESSAGE,
        )
    }

    /// A passport whose email and password match no user: NetSuite's login message for
    /// user credentials, with the FaultCodeType value made for it.
    pub fn invalid_email_or_password() -> Fault {
        Fault::new(
            "invalidCredentialsFault",
            "INVALID_LOGIN_CREDENTIALS",
            "You have entered an invalid email address or password. Please try again.",
        )
    }

    /// A token passport sent together with `applicationInfo` or a `passport`
    /// (real fault from NetSweet/netsuite#368: `invalidCredentialsFault`, `USER_ERROR`).
    pub fn ambiguous_authentication() -> Fault {
        Fault::new(
            "invalidCredentialsFault",
            "USER_ERROR",
            "Ambiguous authentication",
        )
    }

    /// No credentials at all on an operation that needs them. Request-level (stateless)
    /// clients have no session, so NetSuite asks them to log in.
    pub fn login_required() -> Fault {
        Fault::new(
            "invalidSessionFault",
            "WS_LOG_IN_REQD",
            "You must log in before performing a web service operation.",
        )
    }

    /// A `passport` header on an endpoint from 2020.2 on, where request-level user credentials
    /// are no longer supported (DOC:section_4489690806; the exact fault is not documented).
    pub fn passport_unsupported(endpoint_tag: &str) -> Fault {
        Fault::user_error(format!(
            "Request-level user credentials are not supported on the {endpoint_tag} endpoint. \
             Use token-based authentication."
        ))
    }

    /// A `passport` without `applicationInfo` (an application id is required with user
    /// credentials from 2015.2 on).
    pub fn application_id_required() -> Fault {
        Fault::user_error(
            "Web services requests using request-level credentials must include an application ID \
             in the applicationInfo header.",
        )
    }

    /// A token-based request over the account's concurrency limit
    /// (DOC:bridgehead_1525252812: `ExceededConcurrentRequestLimitFault` + `WS_REQUEST_BLOCKED`).
    pub fn concurrent_request_limit() -> Fault {
        Fault::new(
            "exceededConcurrentRequestLimitFault",
            "WS_REQUEST_BLOCKED",
            CONCURRENT_REQUEST_LIMIT_MESSAGE,
        )
    }

    /// A user-credential request over the limit
    /// (`ExceededRequestLimitFault` + `WS_CONCUR_SESSION_DISALLWD`).
    pub fn session_request_limit() -> Fault {
        Fault::new(
            "exceededRequestLimitFault",
            "WS_CONCUR_SESSION_DISALLWD",
            SESSION_LIMIT_MESSAGE,
        )
    }

    /// An endpoint version the simulator does not serve (`NetSuitePort_2016_2`, `_2026_1`).
    /// `UNSUPPORTED_WS_VERSION` because the version is well formed but not (or no longer)
    /// supported; `INVALID_WS_VERSION` is kept for requests that contradict their endpoint.
    pub fn unsupported_version(endpoint_tag: &str) -> Fault {
        Fault::new(
            "invalidVersionFault",
            "UNSUPPORTED_WS_VERSION",
            format!("The {endpoint_tag} version of web services is not supported."),
        )
    }

    /// A request whose namespaces belong to another version than the endpoint it was posted to
    /// (e.g. `urn:messages_2017_2…` posted to `NetSuitePort_2023_2`).
    pub fn namespace_mismatch(endpoint_tag: &str, namespace: &str) -> Fault {
        Fault::new(
            "invalidVersionFault",
            "INVALID_WS_VERSION",
            format!(
                "Invalid web services version: the namespace {namespace} does not match the \
                 {endpoint_tag} endpoint."
            ),
        )
    }

    /// A non-discovery request on the generic endpoint of a version from 2019.1 on, when the
    /// simulator requires account-specific domains as NetSuite does.
    pub fn account_domain_required(endpoint_tag: &str) -> Fault {
        Fault::user_error(format!(
            "The {endpoint_tag} endpoint must be reached on the account-specific domain. \
             Use getDataCenterUrls to find it."
        ))
    }

    /// A request body over NetSuite's 100 MB limit.
    pub fn request_too_large(limit: usize) -> Fault {
        Fault::new(
            "exceededRequestSizeFault",
            "USER_ERROR",
            format!("The request exceeds the maximum allowed size of {limit} bytes."),
        )
    }

    /// A body that is not a SOAP 1.1 envelope with one operation element.
    pub fn malformed_request(detail: impl std::fmt::Display) -> Fault {
        Fault::user_error(format!("Invalid SOAP request: {detail}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `platformFaultTyp:FaultCodeType`, identical in 2017.1 and 2023.2.
    const FAULT_CODES: [&str; 25] = [
        "ACCT_TEMP_UNAVAILABLE",
        "EMAIL_ADDRS_REQD",
        "INSUFFICIENT_PERMISSION",
        "INVALID_ACCT",
        "INVALID_JOB_ID",
        "INVALID_LOGIN_CREDENTIALS",
        "INVALID_PAGE_INDEX",
        "INVALID_ROLE",
        "INVALID_WS_VERSION",
        "JOB_NOT_COMPLETE",
        "LOGIN_DISABLED",
        "MAX_RCRDS_EXCEEDED",
        "OI_FEATURE_REQD",
        "OI_PERMISSION_REQD",
        "PSWD_REQD",
        "ROLE_REQUIRED",
        "SESSION_TIMED_OUT",
        "UNEXPECTED_ERROR",
        "UNSUPPORTED_WS_VERSION",
        "USER_ERROR",
        "WS_CONCUR_SESSION_DISALLWD",
        "WS_FEATURE_REQD",
        "WS_PERMISSION_REQD",
        "WS_LOG_IN_REQD",
        "WS_REQUEST_BLOCKED",
    ];
    /// The fault elements of `platform.faults.xsd` (as the generated set declares them).
    use crate::schema_gen::faults::FAULTS as ELEMENTS;

    #[test]
    fn every_catalogued_fault_uses_schema_codes_and_elements() {
        let all = [
            Fault::exceeded_record_count("x"),
            Fault::user_error("x"),
            Fault::unexpected_error(),
            Fault::invalid_login(),
            Fault::invalid_email_or_password(),
            Fault::ambiguous_authentication(),
            Fault::login_required(),
            Fault::passport_unsupported("2023_2"),
            Fault::application_id_required(),
            Fault::concurrent_request_limit(),
            Fault::session_request_limit(),
            Fault::unsupported_version("2016_2"),
            Fault::namespace_mismatch("2023_2", "urn:x"),
            Fault::account_domain_required("2023_2"),
            Fault::request_too_large(1),
            Fault::malformed_request("x"),
        ];
        for f in all {
            assert!(FAULT_CODES.contains(&f.code), "{f:?}");
            assert!(ELEMENTS.contains(&f.element), "{f:?}");
            assert!(!f.message.is_empty());
        }
    }
}
