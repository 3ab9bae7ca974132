//! SOAP faults: a whole request refused, with NetSuite's fault element, code and message; and
//! [`FaultCode`], NetSuite's codes (of faults and of status details) parsed once, so that
//! classification matches an enum instead of strings.

use roxmltree::Node;

use super::{child, child_text};

/// A SOAP fault from NetSuite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    /// The detail element's local name (`exceededConcurrentRequestLimitFault`), or empty when
    /// the fault had no NetSuite detail.
    pub(crate) element: String,
    /// NetSuite's code (`WS_REQUEST_BLOCKED`), or the SOAP faultcode without detail.
    pub(crate) code: FaultCode,
    /// The message.
    pub(crate) message: String,
}

/// Reads a `soapenv:Fault` element, whatever its shape.
///
/// The code is NetSuite's (`platformFaults:code` in the detail's first element that has one),
/// else the SOAP `faultcode` (`soapenv:Server.userException`); the message is the detail's,
/// else the `faultstring`. Either may be empty: an empty or oddly shaped fault is still read
/// (and classified by [`crate::retry`] as a failure, not as refused data).
pub(crate) fn read(fault: Node<'_, '_>) -> Fault {
    let faultstring = child_text(fault, "faultstring").unwrap_or_default();
    let faultcode = child_text(fault, "faultcode").unwrap_or_default();
    // The first detail element that carries a code (Axis adds others, such as `hostname`).
    let detail = child(fault, "detail").and_then(|d| {
        d.children()
            .find(|n| n.is_element() && child_text(*n, "code").is_some_and(|c| !c.is_empty()))
    });
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match detail {
        Some(d) => Fault {
            element: d.tag_name().name().to_string(),
            code: FaultCode::parse(child_text(d, "code").unwrap_or_default()),
            message: child_text(d, "message")
                .and_then(non_empty)
                .unwrap_or_else(|| faultstring.to_string()),
        },
        None => Fault {
            element: String::new(),
            code: FaultCode::parse(faultcode),
            message: faultstring.to_string(),
        },
    }
}

impl Fault {
    /// True for authentication failures (wrong credentials or account, ambiguous
    /// authentication), by detail element or code.
    pub(crate) fn is_auth(&self) -> bool {
        self.element == "invalidCredentialsFault"
            || self.element == "invalidAccountFault"
            || self.code.is_auth()
    }
}

macro_rules! fault_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A code NetSuite sends in a fault's detail or a status detail. The codes the
        /// connector decides on have variants; every other code is kept as [`FaultCode::Other`].
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum FaultCode {
            $($(#[$doc])* $variant,)*
            /// Any other code, as NetSuite wrote it.
            Other(String),
        }

        impl FaultCode {
            /// Parses NetSuite's text (surrounding whitespace ignored).
            pub(crate) fn parse(text: &str) -> FaultCode {
                match text.trim() {
                    $($text => FaultCode::$variant,)*
                    other => FaultCode::Other(other.to_string()),
                }
            }

            /// The code as NetSuite writes it.
            pub(crate) fn as_str(&self) -> &str {
                match self {
                    $(FaultCode::$variant => $text,)*
                    FaultCode::Other(s) => s,
                }
            }
        }
    };
}

fault_codes! {
    /// The account's concurrency limit refused the request (not applied).
    RequestBlocked = "WS_REQUEST_BLOCKED",
    /// Another request of the same session is running (not applied).
    ConcurrentSessionDisallowed = "WS_CONCUR_SESSION_DISALLWD",
    /// NetSuite failed unexpectedly (the request may have been applied).
    UnexpectedError = "UNEXPECTED_ERROR",
    /// The account is temporarily unavailable (maintenance).
    AccountTemporarilyUnavailable = "ACCT_TEMP_UNAVAILABLE",
    /// The role lacks a permission.
    InsufficientPermission = "INSUFFICIENT_PERMISSION",
    /// The role lacks the Web Services permission.
    WebServicesPermissionRequired = "WS_PERMISSION_REQD",
    /// A feature the request needs is off in the account.
    FeatureRequired = "WS_FEATURE_REQD",
    /// The endpoint version is not valid.
    InvalidVersion = "INVALID_WS_VERSION",
    /// The endpoint version is no longer served.
    UnsupportedVersion = "UNSUPPORTED_WS_VERSION",
    /// Wrong credentials.
    InvalidLoginCredentials = "INVALID_LOGIN_CREDENTIALS",
    /// A login attempt that NetSuite refused (token, nonce, signature).
    InvalidLoginAttempt = "INVALID_LOGIN_ATTEMPT",
    /// Invalid login.
    InvalidLogin = "INVALID_LOGIN",
    /// The account does not exist.
    InvalidAccount = "INVALID_ACCT",
    /// A search's results expired (job id unknown).
    InvalidJobId = "INVALID_JOB_ID",
    /// A search's results expired (searchMore after the search ended).
    InvalidSearchMore = "INVALID_SEARCH_MORE",
    /// NetSuite stopped a search at its time limit.
    SearchTimedOut = "SEARCH_TIMED_OUT",
    /// NetSuite stopped a search at its time limit.
    AbortSearchExceededMaxTime = "ABORT_SEARCH_EXCEEDED_MAX_TIME",
    /// NetSuite refused the request's data.
    UserError = "USER_ERROR",
    /// More records than the operation takes.
    MaxRecordsExceeded = "MAX_RCRDS_EXCEEDED",
    /// A page index out of range.
    InvalidPageIndex = "INVALID_PAGE_INDEX",
    /// An email address is required.
    EmailAddressRequired = "EMAIL_ADDRS_REQD",
    /// A record with this key already exists (an externalId is unique per record type).
    DuplicateRecord = "DUP_RCRD",
    /// An entity with this key already exists.
    DuplicateEntity = "DUP_ENTITY",
    /// An item with this key already exists.
    DuplicateItem = "DUP_ITEM",
    /// A transaction with this key already exists.
    DuplicateTransaction = "DUP_TRANS",
    /// A custom record entry with this key already exists.
    DuplicateCustomRecordEntry = "DUP_CSTM_RCRD_ENTRY",
}

impl FaultCode {
    /// True for the codes of a login NetSuite refused.
    pub(crate) fn is_auth(&self) -> bool {
        matches!(
            self,
            FaultCode::InvalidLoginCredentials
                | FaultCode::InvalidLoginAttempt
                | FaultCode::InvalidLogin
                | FaultCode::InvalidAccount
        )
    }

    /// True for the codes of a record refused because one with its key already exists: a
    /// create that must be reconciled with the record already there (`operations::write`).
    pub(crate) fn is_duplicate(&self) -> bool {
        matches!(
            self,
            FaultCode::DuplicateRecord
                | FaultCode::DuplicateEntity
                | FaultCode::DuplicateItem
                | FaultCode::DuplicateTransaction
                | FaultCode::DuplicateCustomRecordEntry
        )
    }

    /// True for the fault codes that say the request's data was refused (fix the request);
    /// an unknown code is not one of them.
    pub(crate) fn is_data(&self) -> bool {
        matches!(
            self,
            FaultCode::UserError
                | FaultCode::MaxRecordsExceeded
                | FaultCode::InvalidPageIndex
                | FaultCode::EmailAddressRequired
        ) || self.is_duplicate()
    }

    /// True for a version the endpoint does not (or no longer) serve.
    pub(crate) fn is_version(&self) -> bool {
        matches!(
            self,
            FaultCode::InvalidVersion | FaultCode::UnsupportedVersion
        )
    }
}

impl Default for FaultCode {
    fn default() -> Self {
        FaultCode::Other(String::new())
    }
}

impl From<&str> for FaultCode {
    fn from(text: &str) -> Self {
        FaultCode::parse(text)
    }
}

impl PartialEq<&str> for FaultCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for FaultCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for FaultCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `element code: message`, leaving out what the fault did not say; an empty fault says so.
impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let head: Vec<&str> = [self.element.as_str(), self.code.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        match (head.is_empty(), self.message.is_empty()) {
            (true, true) => f.write_str("a SOAP fault without a code or message"),
            (true, false) => f.write_str(&self.message),
            (false, true) => f.write_str(&head.join(" ")),
            (false, false) => write!(f, "{}: {}", head.join(" "), self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_detail_whatever_the_prefixes() {
        let xml = r#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><soap-env:Fault>
            <faultcode>soapenv:Server.userException</faultcode><faultstring>SuiteTalk concurrent request limit exceeded. Request blocked.</faultstring>
            <detail><ns0:exceededConcurrentRequestLimitFault xmlns:ns0="urn:faults_2023_2.platform.webservices.netsuite.com">
            <ns0:code>WS_REQUEST_BLOCKED</ns0:code><ns0:message>SuiteTalk concurrent request limit exceeded. Request blocked.</ns0:message>
            </ns0:exceededConcurrentRequestLimitFault></detail></soap-env:Fault></soap-env:Body></soap-env:Envelope>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let body = crate::parse::body(&doc).unwrap();
        let f = read(child(body, "Fault").unwrap());
        assert_eq!(f.element, "exceededConcurrentRequestLimitFault");
        assert_eq!(f.code, "WS_REQUEST_BLOCKED");
        assert_eq!(f.code, FaultCode::RequestBlocked);
    }

    fn read_text(fault: &str) -> Fault {
        let xml = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{fault}</s:Body></s:Envelope>"#
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let body = crate::parse::body(&doc).unwrap();
        read(child(body, "Fault").unwrap())
    }

    #[test]
    fn odd_faults_keep_what_they_say_and_never_print_empty_parts() {
        let empty = read_text("<s:Fault/>");
        assert_eq!(empty.code.as_str(), "");
        assert_eq!(empty.to_string(), "a SOAP fault without a code or message");
        let only_string = read_text("<s:Fault><faultstring>Boom</faultstring></s:Fault>");
        assert_eq!(only_string.to_string(), "Boom");
        // The detail element with a code wins, wherever it is; its empty message falls back
        // to the faultstring.
        let f = read_text(
            r#"<s:Fault><faultcode>s:Server</faultcode><faultstring>Busy</faultstring><detail>
            <a:hostname xmlns:a="http://xml.apache.org/axis/">h</a:hostname>
            <p:oddShape xmlns:p="urn:faults_2023_2.platform.webservices.netsuite.com"><p:code>WS_REQUEST_BLOCKED</p:code><p:message/></p:oddShape>
            </detail></s:Fault>"#,
        );
        assert_eq!(f.code, FaultCode::RequestBlocked);
        assert_eq!(f.element, "oddShape");
        assert_eq!(f.message, "Busy");
        // Without a coded detail: the faultcode.
        let f = read_text(
            r#"<s:Fault><faultcode>s:Client</faultcode><faultstring>Bad</faultstring><detail><x/></detail></s:Fault>"#,
        );
        assert_eq!(
            (f.code.as_str(), f.to_string().as_str()),
            ("s:Client", "s:Client: Bad")
        );
    }

    #[test]
    fn duplicate_codes_are_a_set_and_unknown_codes_are_not_data() {
        for code in [
            "DUP_RCRD",
            "DUP_ENTITY",
            "DUP_ITEM",
            "DUP_TRANS",
            "DUP_CSTM_RCRD_ENTRY",
        ] {
            assert!(FaultCode::parse(code).is_duplicate(), "{code}");
        }
        assert!(!FaultCode::parse("DUP_ENTITY_EMAIL").is_duplicate());
        assert!(FaultCode::parse("USER_ERROR").is_data());
        assert!(!FaultCode::parse("SOME_NEW_CODE").is_data());
        assert!(!FaultCode::parse("").is_data());
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        for text in [
            "WS_CONCUR_SESSION_DISALLWD",
            "INVALID_LOGIN",
            "RCRD_DSNT_EXIST",
            "",
        ] {
            assert_eq!(FaultCode::parse(text).as_str(), text);
        }
        assert_eq!(
            FaultCode::parse(" RCRD_DSNT_EXIST "),
            FaultCode::Other("RCRD_DSNT_EXIST".into())
        );
        assert!(FaultCode::parse("INVALID_ACCT").is_auth());
        assert!(!FaultCode::parse("USER_ERROR").is_auth());
    }
}
