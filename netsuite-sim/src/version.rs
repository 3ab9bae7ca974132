//! SuiteTalk endpoint versions and the namespace URIs each one uses.
//!
//! Versions differ on the wire only in the `_YYYY_N` part of every namespace, and in which
//! operations and headers exist (see `../shared/reference/suitetalk-protocol.md` §9).

use std::fmt;

/// One SuiteTalk endpoint version, e.g. 2023.2 (`NetSuitePort_2023_2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The year, e.g. 2023.
    pub year: u16,
    /// The release within the year: 1 or 2.
    pub release: u8,
}

/// The first and last endpoint versions the simulator serves.
pub const OLDEST: Version = Version {
    year: 2017,
    release: 1,
};
/// The newest endpoint version (the last planned SOAP endpoint).
pub const NEWEST: Version = Version {
    year: 2025,
    release: 2,
};

impl Version {
    /// Every served version, oldest first.
    pub fn all() -> impl Iterator<Item = Version> {
        (OLDEST.year..=NEWEST.year)
            .flat_map(|year| [1u8, 2].map(|release| Version { year, release }))
    }

    /// Parses the `YYYY_N` tag used in ports and namespaces (`2023_2`).
    pub fn from_tag(tag: &str) -> Option<Version> {
        let (y, r) = tag.split_once('_')?;
        let v = Version {
            year: y.parse().ok()?,
            release: r.parse().ok()?,
        };
        (v >= OLDEST && v <= NEWEST && (v.release == 1 || v.release == 2)).then_some(v)
    }

    /// The `YYYY_N` tag, e.g. `2023_2`.
    pub fn tag(&self) -> String {
        format!("{}_{}", self.year, self.release)
    }

    /// Request-level user credentials (`passport`) exist only before 2020.2.
    pub fn accepts_passport(&self) -> bool {
        *self
            < Version {
                year: 2020,
                release: 2,
            }
    }

    /// HMAC-SHA1 token signatures were refused from 2023.1 on.
    pub fn accepts_hmac_sha1(&self) -> bool {
        *self
            < Version {
                year: 2023,
                release: 1,
            }
    }

    /// A platform namespace, e.g. `ns("core", "platform")` =
    /// `urn:core_2023_2.platform.webservices.netsuite.com`.
    pub fn ns(&self, name: &str, area: &str) -> String {
        format!("urn:{name}_{}.{area}.webservices.netsuite.com", self.tag())
    }

    /// An enum ("Types") namespace, e.g. `urn:types.core_2023_2.platform.webservices.netsuite.com`.
    pub fn types_ns(&self, name: &str, area: &str) -> String {
        format!(
            "urn:types.{name}_{}.{area}.webservices.netsuite.com",
            self.tag()
        )
    }

    /// `urn:messages_YYYY_N.platform…`
    pub fn messages(&self) -> String {
        self.ns("messages", "platform")
    }
    /// `urn:core_YYYY_N.platform…`
    pub fn core(&self) -> String {
        self.ns("core", "platform")
    }
    /// `urn:common_YYYY_N.platform…`
    pub fn common(&self) -> String {
        self.ns("common", "platform")
    }
    /// `urn:faults_YYYY_N.platform…`
    pub fn faults(&self) -> String {
        self.ns("faults", "platform")
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.year, self.release)
    }
}

/// Finds the version tag inside any SuiteTalk namespace URI
/// (`urn:messages_2023_2.platform.webservices.netsuite.com` → 2023.2).
pub fn version_of_namespace(uri: &str) -> Option<Version> {
    let rest = uri.strip_prefix("urn:")?;
    let rest = rest.strip_prefix("types.").unwrap_or(rest);
    let (_, tail) = rest.split_once('_')?;
    let tag = tail.split('.').next()?;
    Version::from_tag(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_eighteen_versions_from_2017_1_to_2025_2() {
        let all: Vec<_> = Version::all().collect();
        assert_eq!(all.len(), 18);
        assert_eq!(all[0].tag(), "2017_1");
        assert_eq!(all[17].tag(), "2025_2");
    }

    #[test]
    fn reads_version_from_namespace() {
        let v = version_of_namespace("urn:types.core_2017_2.platform.webservices.netsuite.com");
        assert_eq!(
            v,
            Some(Version {
                year: 2017,
                release: 2
            })
        );
        assert_eq!(
            version_of_namespace("urn:core_2016_2.platform.webservices.netsuite.com"),
            None
        );
    }
}
