//! The SuiteTalk versions this connector speaks, and their namespaces.

use std::fmt;

/// A SuiteTalk endpoint version such as 2023.2 (`NetSuitePort_2023_2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Year, e.g. 2023.
    pub(crate) year: u16,
    /// Release within the year: 1 or 2.
    pub(crate) release: u8,
}

/// Oldest supported version (the seed's list starts here).
pub(crate) const OLDEST: Version = Version {
    year: 2017,
    release: 1,
};
/// Newest supported version, the default (NetSuite's last planned SOAP endpoint).
pub(crate) const NEWEST: Version = Version {
    year: 2025,
    release: 2,
};
/// From this version on, NetSuite refuses request-level user credentials.
pub(crate) const NO_USER_CREDENTIALS: Version = Version {
    year: 2020,
    release: 2,
};

impl Version {
    /// Every supported version, oldest first.
    #[cfg(test)]
    pub(crate) fn all() -> Vec<Version> {
        (OLDEST.year..=NEWEST.year)
            .flat_map(|year| [1u8, 2].map(|release| Version { year, release }))
            .collect()
    }

    /// Parses `2023.2` or `2023_2`; `None` if malformed or unsupported.
    pub fn parse(text: &str) -> Option<Version> {
        let (y, r) = text.trim().split_once(['.', '_'])?;
        let v = Version {
            year: y.parse().ok()?,
            release: r.parse().ok()?,
        };
        (v >= OLDEST && v <= NEWEST && matches!(v.release, 1 | 2)).then_some(v)
    }

    /// `2023_2`, as in ports and namespaces.
    pub fn tag(&self) -> String {
        format!("{}_{}", self.year, self.release)
    }

    /// `NetSuitePort_2023_2`.
    pub(crate) fn port(&self) -> String {
        format!("NetSuitePort_{}", self.tag())
    }

    /// True when NetSuite accepts a `passport` (user credentials) on this endpoint.
    pub(crate) fn accepts_user_credentials(&self) -> bool {
        *self < NO_USER_CREDENTIALS
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.year, self.release)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotted_and_underscored_forms() {
        assert_eq!(
            Version::parse("2023.2"),
            Some(Version {
                year: 2023,
                release: 2
            })
        );
        assert_eq!(Version::parse("2017_1"), Some(OLDEST));
        assert_eq!(Version::parse("2016.2"), None);
        assert_eq!(Version::parse("2026.1"), None);
        assert_eq!(Version::parse("2023.3"), None);
    }

    #[test]
    fn supports_eighteen_versions() {
        assert_eq!(Version::all().len(), 18);
    }
}
