//! The conformance profile: the settings and documents a connector's checks need.
//!
//! One JSON file per connector, described in `tests/fixtures/README.md`. Placeholders written
//! `{{NAME}}` (e.g. `{{SIM_URL}}`) are replaced from a map the caller supplies before the file
//! is parsed; one left over is an error, so a profile never runs half-substituted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use connector_api::{Document, OutcomeStatus};
use serde::Deserialize;
use serde_json::Value;

/// A connector's conformance profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// What the profile is for (free text).
    #[serde(default)]
    pub description: String,
    /// Valid and invalid connection settings.
    pub connection: ConnectionCases,
    /// What to expect of `test_connection`; absent means any well-formed report passes.
    #[serde(default)]
    pub test_connection: TestConnectionCase,
    /// Operation settings for the batch checks.
    pub operation: Value,
    /// A batch mixing good and bad documents, each with its expected class of outcome.
    pub batch: Vec<DocumentCase>,
    /// How hard to run the concurrent-execute check.
    #[serde(default)]
    pub concurrency: ConcurrencyCase,
    /// A long-running batch for the cancellation check; absent skips it.
    #[serde(default)]
    pub cancellation: Option<CancellationCase>,
    /// Documents that make the connector panic; absent skips the panic checks.
    #[serde(default)]
    pub panic: Option<PanicCase>,
    /// Actions to browse; absent skips the browse check.
    #[serde(default)]
    pub browse: Option<BrowseCase>,
}

/// Connection settings cases.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionCases {
    /// Settings `configure` must accept.
    pub valid: Value,
    /// Settings `configure` must reject, each with the fields its errors must name.
    #[serde(default)]
    pub invalid: Vec<InvalidSettingsCase>,
}

/// Settings that must be rejected.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvalidSettingsCase {
    /// Names the check: `configure.rejects.<name>`.
    pub name: String,
    /// The settings.
    pub settings: Value,
    /// Every field the field-level errors must name (they may name more).
    pub fields: Vec<String>,
}

/// Expectations of `test_connection`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestConnectionCase {
    /// When set, the report's `ok` must equal it.
    #[serde(default)]
    pub expect_ok: Option<bool>,
    /// Give up after this long (milliseconds, default 30,000).
    #[serde(default = "default_test_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_test_timeout_ms() -> u64 {
    30_000
}

/// One input document and, in the batch, its expected class of outcome.
///
/// Exactly one of `json` (sent as `application/json`) or `text` (sent as-is, with
/// `content_type`, default `text/plain`) must be given.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentCase {
    /// A JSON document.
    #[serde(default)]
    pub json: Option<Value>,
    /// A document given as text (e.g. deliberately malformed input).
    #[serde(default)]
    pub text: Option<String>,
    /// Content type for `text`.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The expected class of outcome: required in `batch`; in `panic`, the default is
    /// `FAILURE` (set it for documents finished before the panic); ignored in `cancellation`.
    #[serde(default)]
    pub expect: Option<Expect>,
}

impl DocumentCase {
    /// The document to send.
    ///
    /// # Errors
    ///
    /// When neither or both of `json` and `text` are given.
    pub fn to_document(&self) -> Result<Document, String> {
        match (&self.json, &self.text) {
            (Some(json), None) => Ok(Document::json(json.to_string())),
            (None, Some(text)) => Ok(Document::new(
                self.content_type.as_deref().unwrap_or("text/plain"),
                text.as_bytes(),
            )),
            _ => Err("a document needs exactly one of `json` or `text`".to_string()),
        }
    }
}

/// The class of outcome a document must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Expect {
    /// `SUCCESS`.
    Success,
    /// `APPLICATION_ERROR`.
    ApplicationError,
    /// `FAILURE`.
    Failure,
    /// Anything but `SUCCESS`.
    NotSuccess,
}

impl Expect {
    /// True when `status` is of this class.
    pub fn matches(&self, status: OutcomeStatus) -> bool {
        match self {
            Expect::Success => status == OutcomeStatus::Success,
            Expect::ApplicationError => status == OutcomeStatus::ApplicationError,
            Expect::Failure => status == OutcomeStatus::Failure,
            Expect::NotSuccess => status != OutcomeStatus::Success,
        }
    }
}

/// How the concurrent-execute check runs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcurrencyCase {
    /// Threads calling `execute` at once (default 4).
    #[serde(default = "default_threads")]
    pub threads: usize,
    /// Batches per thread (default 3).
    #[serde(default = "default_rounds")]
    pub rounds: usize,
}

impl Default for ConcurrencyCase {
    fn default() -> Self {
        ConcurrencyCase {
            threads: default_threads(),
            rounds: default_rounds(),
        }
    }
}

fn default_threads() -> usize {
    4
}

fn default_rounds() -> usize {
    3
}

/// A long-running batch, cancelled while it runs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancellationCase {
    /// Operation settings.
    pub operation: Value,
    /// Documents that keep the connector busy well past `cancel_after_ms`.
    pub documents: Vec<DocumentCase>,
    /// When to cancel, after the call started (default 200 ms).
    #[serde(default = "default_cancel_after_ms")]
    pub cancel_after_ms: u64,
    /// How soon after cancelling `execute` must return (default 2,000 ms).
    #[serde(default = "default_max_return_ms")]
    pub max_return_ms: u64,
}

fn default_cancel_after_ms() -> u64 {
    200
}

fn default_max_return_ms() -> u64 {
    2_000
}

/// What to browse: for each action, the object types, then the profile of the first one.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowseCase {
    /// The actions (GET, QUERY, …); each must be one the spec declares.
    pub actions: Vec<String>,
    /// Deadline of each browse call (milliseconds, default 30,000).
    #[serde(default = "default_test_timeout_ms")]
    pub timeout_ms: u64,
}

/// Documents that make the connector panic.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanicCase {
    /// Operation settings.
    pub operation: Value,
    /// The documents.
    pub documents: Vec<DocumentCase>,
}

/// Why a profile could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profile {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A `{{NAME}}` placeholder has no substitution.
    #[error("profile placeholder {{{{{name}}}}} has no value (supply it as a substitution)")]
    Unsubstituted {
        /// The placeholder's name.
        name: String,
    },
    /// The file is not a valid profile.
    #[error("invalid profile: {0}")]
    Invalid(#[from] serde_json::Error),
    /// A document case is malformed.
    #[error("invalid profile: {where_}: {message}")]
    Document {
        /// Which document.
        where_: String,
        /// What is wrong.
        message: String,
    },
}

impl Profile {
    /// Reads a profile file, replacing each `{{NAME}}` with `substitutions["NAME"]`.
    ///
    /// Values are inserted as JSON string content (quotes and backslashes escaped), so a
    /// placeholder belongs inside a JSON string: `"url": "{{SIM_URL}}/services"`.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, a placeholder has no value, or the result is not a valid
    /// profile.
    pub fn load(
        path: &Path,
        substitutions: &HashMap<String, String>,
    ) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Profile::parse(&text, substitutions)
    }

    /// Parses profile text, with substitutions as for [`load`](Self::load).
    ///
    /// # Errors
    ///
    /// As for [`load`](Self::load), except reading.
    pub fn parse(
        text: &str,
        substitutions: &HashMap<String, String>,
    ) -> Result<Profile, ProfileError> {
        let text = substitute(text, substitutions)?;
        let profile: Profile = serde_json::from_str(&text)?;
        profile.validate()?;
        Ok(profile)
    }

    fn validate(&self) -> Result<(), ProfileError> {
        let bad = |where_: String, message: String| ProfileError::Document { where_, message };
        for (i, case) in self.batch.iter().enumerate() {
            case.to_document()
                .map_err(|m| bad(format!("batch[{i}]"), m))?;
            if case.expect.is_none() {
                return Err(bad(
                    format!("batch[{i}]"),
                    "`expect` is required in the batch".into(),
                ));
            }
        }
        let others = self
            .cancellation
            .iter()
            .flat_map(|c| c.documents.iter().map(|d| ("cancellation", d)))
            .chain(
                self.panic
                    .iter()
                    .flat_map(|p| p.documents.iter().map(|d| ("panic", d))),
            );
        for (i, (section, case)) in others.enumerate() {
            case.to_document()
                .map_err(|m| bad(format!("{section} document {i}"), m))?;
        }
        Ok(())
    }
}

/// Replaces `{{NAME}}` placeholders; NAME is letters, digits and `_`.
fn substitute(text: &str, substitutions: &HashMap<String, String>) -> Result<String, ProfileError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        }
        let value = substitutions
            .get(name)
            .ok_or_else(|| ProfileError::Unsubstituted {
                name: name.to_string(),
            })?;
        out.push_str(&rest[..start]);
        let quoted = serde_json::to_string(value).unwrap_or_default();
        out.push_str(&quoted[1..quoted.len() - 1]);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn substitutes_placeholders_as_string_content() {
        let out = substitute(
            r#"{"url":"{{SIM_URL}}/x","q":"{{Q}}"}"#,
            &subs(&[("SIM_URL", "http://127.0.0.1:9"), ("Q", "a\"b")]),
        )
        .unwrap();
        assert_eq!(out, r#"{"url":"http://127.0.0.1:9/x","q":"a\"b"}"#);
    }

    #[test]
    fn unsubstituted_placeholder_is_an_error() {
        let err = substitute(r#"{"url":"{{SIM_URL}}"}"#, &HashMap::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "profile placeholder {{SIM_URL}} has no value (supply it as a substitution)"
        );
    }

    #[test]
    fn leaves_non_placeholders_alone() {
        let text = r#"{"a":"{{ not a name }}","b":"{{"}"#;
        assert_eq!(substitute(text, &HashMap::new()).unwrap(), text);
    }

    #[test]
    fn batch_documents_need_an_expectation() {
        let text = r#"{"connection":{"valid":{}},"operation":{},"batch":[{"json":{}}]}"#;
        let err = Profile::parse(text, &HashMap::new()).unwrap_err();
        assert!(err.to_string().contains("`expect` is required"), "{err}");
    }
}
