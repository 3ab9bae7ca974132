//! Where requests go: the endpoint URL, its agreement with the version, and data-center
//! discovery (getDataCenterUrls). Discovered data centers are remembered per account by the
//! connector instance (`state::ConnectorState`), not here.

use http::Uri;

use crate::account::AccountId;
use crate::settings::Discovery;
use crate::version::Version;

/// The default production host, which serves getDataCenterUrls for every account.
pub(crate) const PRODUCTION_HOST: &str = "webservices.netsuite.com";

/// A validated endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `scheme://host[:port][/prefix]`, without `/services/...`.
    pub(crate) origin: String,
    /// True when the data center must be discovered from `origin` first.
    pub(crate) discover: bool,
    /// The version's port path, `/services/NetSuitePort_YYYY_N`.
    pub(crate) service_path: String,
}

/// A URL problem, with the setting it belongs to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EndpointError {
    /// `url` or `version`.
    pub(crate) field: &'static str,
    /// What is wrong and how to fix it.
    pub(crate) message: String,
}

impl Endpoint {
    /// Checks the URL (or builds the default one) against the version and account.
    pub(crate) fn from_settings(
        url: Option<&str>,
        version: Version,
        account: Option<&AccountId>,
        discovery: Discovery,
    ) -> Result<Endpoint, EndpointError> {
        let service_path = format!("/services/{}", version.port());
        let Some(url) = url else {
            return Ok(Endpoint {
                origin: format!("https://{PRODUCTION_HOST}"),
                discover: discovery != Discovery::Never,
                service_path,
            });
        };
        let err = |message: String| EndpointError {
            field: "url",
            message,
        };
        let uri: Uri = url
            .parse()
            .map_err(|e| err(format!("`{url}` is not a valid URL: {e}")))?;
        let scheme = uri.scheme_str().unwrap_or_default();
        if scheme != "https" && scheme != "http" {
            return Err(err(format!("`{url}` must start with https://")));
        }
        let authority = uri
            .authority()
            .ok_or_else(|| err(format!("`{url}` has no host")))?;
        let host = authority.host().to_ascii_lowercase();
        let path = uri.path().trim_end_matches('/');
        let (prefix, port) = path.rsplit_once("/services/").ok_or_else(|| {
            err(format!(
                "`{url}` does not end in /services/NetSuitePort_YYYY_N; for version {version} use \
                 https://{PRODUCTION_HOST}{service_path}"
            ))
        })?;
        let url_version = port
            .strip_prefix("NetSuitePort_")
            .and_then(Version::parse)
            .ok_or_else(|| {
                err(format!(
                    "`{port}` is not a supported SuiteTalk port; expected {}",
                    version.port()
                ))
            })?;
        if url_version != version {
            return Err(EndpointError {
                field: "version",
                message: format!(
                    "the URL is for version {url_version} ({port}) but version is {version}: set version to \
                     {url_version}, or change the URL to end in {}",
                    version.port()
                ),
            });
        }
        if let (Some(label), Some(account)) =
            (host.strip_suffix(".suitetalk.api.netsuite.com"), account)
        {
            if label != account.host_label() {
                return Err(err(format!(
                    "the URL is account {label}'s host but account is {account}: use \
                     https://{}.suitetalk.api.netsuite.com{service_path} or fix the account",
                    account.host_label()
                )));
            }
        }
        let account_specific = host.ends_with(".suitetalk.api.netsuite.com");
        let discover = match discovery {
            Discovery::Never => false,
            Discovery::Auto => host == PRODUCTION_HOST,
            Discovery::Always => !account_specific,
        };
        Ok(Endpoint {
            origin: format!("{scheme}://{authority}{prefix}"),
            discover,
            service_path,
        })
    }

    /// The URL requests go to when no discovery is needed.
    pub(crate) fn service_url(&self) -> String {
        format!("{}{}", self.origin, self.service_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn default_url_discovers() {
        let e = Endpoint::from_settings(None, v("2023.2"), None, Discovery::Auto).unwrap();
        assert!(e.discover);
        assert_eq!(
            e.service_url(),
            "https://webservices.netsuite.com/services/NetSuitePort_2023_2"
        );
    }

    #[test]
    fn mismatch_names_both_versions() {
        let e = Endpoint::from_settings(
            Some("https://webservices.netsuite.com/services/NetSuitePort_2023_2"),
            v("2024.1"),
            None,
            Discovery::Auto,
        )
        .unwrap_err();
        assert_eq!(e.field, "version");
        assert!(
            e.message.contains("2023.2") && e.message.contains("2024.1"),
            "{}",
            e.message
        );
    }

    #[test]
    fn account_specific_and_sandbox_urls_are_used_as_given() {
        let acct = AccountId::parse("123456_SB1").unwrap();
        let e = Endpoint::from_settings(
            Some("https://123456-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2023_2"),
            v("2023.2"),
            Some(&acct),
            Discovery::Auto,
        )
        .unwrap();
        assert!(!e.discover);
        let e = Endpoint::from_settings(
            Some("https://webservices.sandbox.netsuite.com/services/NetSuitePort_2017_1"),
            v("2017.1"),
            Some(&acct),
            Discovery::Auto,
        )
        .unwrap();
        assert!(!e.discover);
    }

    #[test]
    fn another_accounts_host_is_refused() {
        let acct = AccountId::parse("999").unwrap();
        let e = Endpoint::from_settings(
            Some("https://123456-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2023_2"),
            v("2023.2"),
            Some(&acct),
            Discovery::Auto,
        )
        .unwrap_err();
        assert_eq!(e.field, "url");
    }

    #[test]
    fn always_discovers_on_a_loopback_generic_endpoint() {
        let e = Endpoint::from_settings(
            Some("http://127.0.0.1:4000/services/NetSuitePort_2017_2"),
            v("2017.2"),
            None,
            Discovery::Always,
        )
        .unwrap();
        assert!(e.discover);
        assert_eq!(e.origin, "http://127.0.0.1:4000");
    }
}
