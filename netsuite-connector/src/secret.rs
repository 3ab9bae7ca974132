//! Secrets: where they come from, and a holder that never prints them.
//!
//! Both setting shapes deserialize by hand: serde's own messages quote the value they could
//! not take (`invalid type: string "hunter2", expected struct SecretRef`), and for a secret
//! setting that value is the secret (issue 11, item 8). These say what to write instead and
//! never quote what was given.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// What an inline value in a reference setting is told.
const WRITE_AS_REFERENCE: &str = "a secret is not written inline: write it as { env = \"…\" } \
     (an environment variable's name) or { file = \"…\" } (a file's path)";

/// Where a secret is read from: an environment variable or a file (trailing newline trimmed).
#[derive(Clone, Debug, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct SecretRef {
    /// Name of an environment variable of the host process holding the secret.
    #[serde(default)]
    pub(crate) env: Option<String>,
    /// Path of a file holding the secret (e.g. a mounted Kubernetes or Docker secret); a
    /// relative path is relative to the file that names it.
    #[serde(default)]
    #[schemars(extend("format" = "path"))]
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

/// Refuses every shape but the one a visitor accepts, without quoting the value (serde's
/// default `visit_*` methods put it in the message).
macro_rules! refuse_other_shapes {
    ($message:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(de::Error::custom($message))
        }
    };
}

impl<'de> Deserialize<'de> for SecretRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = SecretRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("{ env = \"…\" } or { file = \"…\" }")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<SecretRef, E> {
                Err(E::custom(WRITE_AS_REFERENCE))
            }
            refuse_other_shapes!(WRITE_AS_REFERENCE);
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SecretRef, A::Error> {
                let mut r = SecretRef {
                    env: None,
                    file: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "env" => &mut r.env,
                        "file" => &mut r.file,
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown key `{other}`: {WRITE_AS_REFERENCE}"
                            )))
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format!("`{key}` is given twice")));
                    }
                    // An odd value (a number, a table) is not quoted either.
                    *slot = map.next_value::<Option<String>>().map_err(|_| {
                        de::Error::custom(format!(
                            "`{key}` must be a text: the name of an environment variable \
                             or the path of a file"
                        ))
                    })?;
                }
                Ok(r)
            }
        }
        d.deserialize_any(RefVisitor)
    }
}

/// A secret written as a plain value in the settings (the deprecated fields). Reads as text,
/// but `Debug` prints `***`, so settings can be printed without giving it away.
#[derive(Clone, JsonSchema, PartialEq, Eq)]
#[serde(transparent)]
pub(crate) struct PlainSecret(String);

impl<'de> Deserialize<'de> for PlainSecret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const TEXT_ONLY: &str = "must be a text (better: leave it out and write the secret \
             setting as { env = \"…\" } or { file = \"…\" })";
        struct PlainVisitor;
        impl<'de> Visitor<'de> for PlainVisitor {
            type Value = PlainSecret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PlainSecret, E> {
                Ok(PlainSecret(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<PlainSecret, E> {
                Ok(PlainSecret(v))
            }
            refuse_other_shapes!(TEXT_ONLY);
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<PlainSecret, A::Error> {
                Err(de::Error::custom(TEXT_ONLY))
            }
        }
        d.deserialize_any(PlainVisitor)
    }
}

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
    fn shapes_refused_are_not_quoted() {
        for value in [
            serde_json::json!("hunter2"),
            serde_json::json!(424242),
            serde_json::json!(["hunter2"]),
            serde_json::json!({ "value": "hunter2" }),
            serde_json::json!({ "env": 424242 }),
            serde_json::json!({ "env": ["hunter2"] }),
        ] {
            let e = serde_json::from_value::<SecretRef>(value.clone()).unwrap_err();
            let text = e.to_string();
            assert!(
                !text.contains("hunter2") && !text.contains("424242"),
                "{text}"
            );
        }
        let e = serde_json::from_value::<SecretRef>(serde_json::json!("hunter2")).unwrap_err();
        assert!(e.to_string().contains("{ env = "), "{e}");
        for value in [serde_json::json!(424242), serde_json::json!(["hunter2"])] {
            let text = serde_json::from_value::<PlainSecret>(value)
                .unwrap_err()
                .to_string();
            assert!(
                !text.contains("hunter2") && !text.contains("424242"),
                "{text}"
            );
        }
        assert_eq!(
            serde_json::from_value::<SecretRef>(serde_json::json!({ "file": "/s" })).unwrap(),
            SecretRef {
                env: None,
                file: Some("/s".into())
            }
        );
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
