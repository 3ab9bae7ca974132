//! Which URLs the host agrees to send to, decided before any network traffic.
//!
//! Credentials travel in headers (TBA `Authorization`, user passports in the SOAP body), so plain
//! `http://` is only allowed to loopback addresses: the simulator and local tests. Anything else
//! needs `https://` unless the operator has explicitly set
//! [`TransportConfig::allow_plain_http`](super::TransportConfig::allow_plain_http).
//!
//! The check looks only at the URL as written. A host name other than `localhost` is never
//! resolved here: it is refused for plain http whatever it would resolve to.

use std::net::IpAddr;

use http::Uri;

/// Why a URL was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PolicyError {
    /// The URL cannot be sent at all (not absolute, unknown scheme, no host).
    Invalid(String),
    /// The URL is well formed but the host's policy forbids it.
    Refused(String),
}

/// Parses `url` and checks it against the policy.
///
/// Messages quote the URL without its query: query strings may carry tokens.
pub(crate) fn check(url: &str, allow_plain_http: bool) -> Result<Uri, PolicyError> {
    let shown = without_query(url);
    let uri: Uri = url
        .parse()
        .map_err(|e| PolicyError::Invalid(format!("invalid URL {shown:?}: {e}")))?;
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| PolicyError::Invalid(format!("URL {shown:?} has no host")))?;
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if allow_plain_http || is_loopback(host) => Ok(uri),
        Some("http") => Err(PolicyError::Refused(format!(
            "plain http to non-loopback host {host} refused: use https, or set \
             allow_plain_http in the transport configuration"
        ))),
        Some(other) => Err(PolicyError::Invalid(format!(
            "unsupported URL scheme {other:?} in {shown:?} (only http and https)"
        ))),
        None => Err(PolicyError::Invalid(format!(
            "URL {shown:?} is not absolute"
        ))),
    }
}

/// The URL without its query or fragment, for messages and logs: query strings may carry
/// tokens.
pub(crate) fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// True for `localhost`, 127.0.0.0/8, `::1` and IPv4-mapped loopback (`::ffff:127.0.0.1`).
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // `Uri::host` keeps the brackets of an IPv6 literal.
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> bool {
        matches!(check(url, false), Err(PolicyError::Refused(_)))
    }

    fn invalid(url: &str) -> bool {
        matches!(check(url, false), Err(PolicyError::Invalid(_)))
    }

    #[test]
    fn allows_plain_http_to_loopback_only() {
        for ok in [
            "http://127.0.0.1:8080/services",
            "http://127.1.2.3/",
            "http://localhost:9/x",
            "http://LOCALHOST/",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(check(ok, false).is_ok(), "{ok}");
        }
        for no in [
            "http://192.0.2.1/",
            "http://10.0.0.1:80/",
            "http://[2001:db8::1]/",
            "http://example.com/",
            "http://localhost.example.com/",
            "http://127.0.0.1.example.com/",
        ] {
            assert!(refused(no), "{no}");
        }
    }

    #[test]
    fn allow_plain_http_lifts_the_loopback_rule() {
        assert!(check("http://192.0.2.1/", true).is_ok());
    }

    #[test]
    fn https_is_allowed_anywhere() {
        assert!(check("https://1234567.suitetalk.api.netsuite.com/services", false).is_ok());
    }

    #[test]
    fn rejects_malformed_urls() {
        assert!(invalid("/services/NetSuitePort"));
        assert!(invalid("ftp://127.0.0.1/"));
        assert!(invalid("not a url"));
        assert!(invalid(""));
    }

    #[test]
    fn messages_leave_out_the_query() {
        let Err(PolicyError::Invalid(msg)) = check("ftp://h/p?token=s3cret", false) else {
            panic!("expected invalid")
        };
        assert!(
            msg.contains("ftp://h/p") && !msg.contains("s3cret"),
            "{msg}"
        );
        assert_eq!(without_query("https://h/p?token=x#f"), "https://h/p");
        assert_eq!(without_query("https://h/p"), "https://h/p");
    }

    #[test]
    fn refusal_names_the_host_and_the_way_out() {
        let Err(PolicyError::Refused(msg)) = check("http://192.0.2.1/x", false) else {
            panic!("expected a refusal")
        };
        assert!(
            msg.contains("192.0.2.1") && msg.contains("allow_plain_http"),
            "{msg}"
        );
    }
}
