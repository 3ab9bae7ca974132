//! Account ids and their two spellings.
//!
//! NetSuite wants the account id upper case with an underscore in passports and signatures
//! (`123456_SB1`), and lower case with a hyphen in host names (`123456-sb1`). Users type either.

/// A validated NetSuite account id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AccountId(String);

impl AccountId {
    /// Normalises `123456_sb1`, `123456-SB1`, ` tstdrv123 ` to the passport form.
    ///
    /// # Errors
    /// A message naming what is wrong when the id is empty or has characters NetSuite never
    /// uses.
    pub(crate) fn parse(text: &str) -> Result<AccountId, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("the account id is empty".into());
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!(
                "`{trimmed}` is not a NetSuite account id: use letters, digits and `_` only, \
                 e.g. 1234567 or 1234567_SB1"
            ));
        }
        Ok(AccountId(trimmed.replace('-', "_").to_ascii_uppercase()))
    }

    /// The passport and signature form: `123456_SB1`.
    pub(crate) fn as_passport(&self) -> &str {
        &self.0
    }

    /// The host-name form: `123456-sb1`.
    pub(crate) fn host_label(&self) -> String {
        self.0.replace('_', "-").to_ascii_lowercase()
    }

    /// True for sandbox accounts (`_SB1`, `_SB2`, …).
    #[cfg(test)]
    pub(crate) fn is_sandbox(&self) -> bool {
        self.0
            .rsplit_once("_SB")
            .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_sandbox_forms() {
        for form in ["123456_SB1", "123456_sb1", "123456-sb1", " 123456-SB1 "] {
            let a = AccountId::parse(form).unwrap();
            assert_eq!(a.as_passport(), "123456_SB1");
            assert_eq!(a.host_label(), "123456-sb1");
            assert!(a.is_sandbox());
        }
        assert!(!AccountId::parse("TSTDRV1576318").unwrap().is_sandbox());
    }

    #[test]
    fn rejects_garbage() {
        assert!(AccountId::parse("").is_err());
        assert!(AccountId::parse("12 34").is_err());
        assert!(AccountId::parse("acct.netsuite.com").is_err());
    }
}
