//! Secrets: where they come from, and a holder that never prints them.

use schemars::JsonSchema;
use serde::Deserialize;

/// Where a secret is read from: an environment variable or a file (trailing newline trimmed).
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct SecretRef {
    /// Name of an environment variable of the host process holding the secret.
    #[serde(default)]
    pub(crate) env: Option<String>,
    /// Path of a file holding the secret (e.g. a mounted Kubernetes or Docker secret).
    #[serde(default)]
    pub(crate) file: Option<String>,
}

impl SecretRef {
    /// Reads the secret.
    ///
    /// # Errors
    /// A message naming the variable or file (never the value) when it cannot be read.
    pub(crate) fn resolve(&self) -> Result<Secret, String> {
        match (&self.env, &self.file) {
            (Some(var), None) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => Ok(Secret::new(v.trim())),
                Ok(_) => Err(format!("environment variable {var} is empty")),
                Err(_) => Err(format!("environment variable {var} is not set")),
            },
            (None, Some(path)) => match std::fs::read_to_string(path) {
                Ok(v) if !v.trim().is_empty() => Ok(Secret::new(v.trim())),
                Ok(_) => Err(format!("file {path} is empty")),
                Err(e) => Err(format!("cannot read file {path}: {e}")),
            },
            (Some(_), Some(_)) => Err("give either `env` or `file`, not both".into()),
            (None, None) => Err("give `env` (a variable name) or `file` (a path)".into()),
        }
    }
}

/// A secret written as a plain value in the settings (the deprecated fields). Reads as text,
/// but `Debug` prints `***`, so settings can be printed without giving it away.
#[derive(Clone, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(transparent)]
pub(crate) struct PlainSecret(String);

impl std::ops::Deref for PlainSecret {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PlainSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainSecret(***)")
    }
}

/// A secret value. `Debug` and `Display` print `***`; only [`expose`](Secret::expose) reads it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub(crate) fn new(value: &str) -> Secret {
        Secret(value.to_string())
    }

    /// The value, for signing or the wire only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn missing_variable_names_the_variable() {
        let r = SecretRef {
            env: Some("NS_TEST_SURELY_UNSET_VAR".into()),
            file: None,
        };
        assert_eq!(
            r.resolve().unwrap_err(),
            "environment variable NS_TEST_SURELY_UNSET_VAR is not set"
        );
    }
}
