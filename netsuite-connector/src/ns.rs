//! Namespace URIs per version. Every lookup in a response uses `(uri, local name)`, never a
//! prefix: NetSuite and other servers use different prefixes for the same elements.

use crate::version::Version;

/// SOAP 1.1 envelope.
pub(crate) const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// XML Schema instance (`xsi:type`).
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The namespaces of one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Namespaces {
    /// `urn:messages_YYYY_N.platform.webservices.netsuite.com`
    pub(crate) messages: String,
    /// `urn:core_YYYY_N.platform.webservices.netsuite.com`
    pub(crate) core: String,
    /// `urn:common_YYYY_N.platform.webservices.netsuite.com`
    pub(crate) common: String,
    /// `urn:faults_YYYY_N.platform.webservices.netsuite.com`
    pub(crate) faults: String,
}

impl Namespaces {
    /// The namespaces of `version`.
    pub(crate) fn of(version: Version) -> Namespaces {
        let tag = version.tag();
        let platform = |name: &str| format!("urn:{name}_{tag}.platform.webservices.netsuite.com");
        Namespaces {
            messages: platform("messages"),
            core: platform("core"),
            common: platform("common"),
            faults: platform("faults"),
        }
    }
}
