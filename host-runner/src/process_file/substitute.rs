//! Placeholders in process files: `${state.cursor}`, `${param.NAME}` and `${env:NAME}`,
//! replaced in the string values of `[operation]` (at any depth), in `input`, `output` and
//! `failed`, and (`${param.…}` and `${env:…}` only) in `[state] file` and `start`, before
//! anything runs.
//!
//! - `${state.cursor}`: the process's saved cursor (see [`crate::state`]), or its `start`
//!   before the first complete run;
//! - `${param.NAME}`: the value of `--param NAME=VALUE`;
//! - `${env:NAME}`: the environment variable `NAME` (the colon is the shells' and
//!   docker-compose's spelling of "from the environment").
//!
//! `$${` is a literal `${`; any other `$` is itself. A placeholder that cannot be filled (an
//! unknown one, a `--param` not given, an unset variable, `${state.cursor}` without a
//! `[state]` table) is a configuration mistake: every one is reported at its file, line and
//! key, and the run does not start. Values are substituted as text: a setting that is only a
//! placeholder becomes a string.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::spans::SpannedDoc;
use crate::error::ConfigProblem;

/// The forms a placeholder may take, for messages.
const FORMS: &str = "${state.cursor}, ${param.NAME} or ${env:NAME} (write $${ for a literal ${)";

/// Values of `--param NAME=VALUE` (the last one given for a name wins).
///
/// `Debug` shows the names only: a parameter may carry something private.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Parameters from `NAME=VALUE` pairs, in the order given.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Params {
        Params(pairs.into_iter().collect())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// One placeholder, as written between `${` and `}`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Placeholder<'a> {
    StateCursor,
    Param(&'a str),
    Env(&'a str),
}

fn parse_placeholder(inner: &str) -> Option<Placeholder<'_>> {
    let inner = inner.trim();
    if inner == "state.cursor" {
        return Some(Placeholder::StateCursor);
    }
    if let Some(name) = inner.strip_prefix("param.").filter(|n| !n.is_empty()) {
        return Some(Placeholder::Param(name));
    }
    if let Some(name) = inner.strip_prefix("env:").filter(|n| !n.is_empty()) {
        return Some(Placeholder::Env(name));
    }
    None
}

/// Replaces every placeholder of `text` with `fill(placeholder)`; the first one that cannot
/// be filled ends it with its message.
fn expand<'t>(
    text: &'t str,
    mut fill: impl FnMut(&Placeholder<'t>) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("${") {
            let end = after
                .find('}')
                .ok_or_else(|| format!("`${{` is not closed by `}}`: write {FORMS}"))?;
            let inner = &after[..end];
            let placeholder = parse_placeholder(inner)
                .ok_or_else(|| format!("unknown placeholder `${{{inner}}}`: write {FORMS}"))?;
            out.push_str(&fill(&placeholder)?);
            rest = &after[end + 1..];
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Substitutes the placeholders of one process file, collecting every problem.
pub(crate) struct Substitution<'a> {
    file: &'a Path,
    doc: SpannedDoc<'a>,
    params: &'a Params,
    /// The cursor `${state.cursor}` stands for; `None` where it is not available.
    cursor: Option<String>,
    /// Why `${state.cursor}` is not available (`None` with a cursor).
    no_cursor: &'static str,
    used_cursor: bool,
    problems: Vec<ConfigProblem>,
}

impl<'a> Substitution<'a> {
    /// Substitution in `file` (whose text is `text`), without a cursor until
    /// [`set_cursor`](Self::set_cursor).
    pub(crate) fn new(file: &'a Path, text: &'a str, params: &'a Params) -> Substitution<'a> {
        Substitution {
            file,
            doc: SpannedDoc::new(text),
            params,
            cursor: None,
            no_cursor: "needs a [state] table (file, cursor, start) in the process file",
            used_cursor: false,
            problems: Vec::new(),
        }
    }

    /// From now on `${state.cursor}` stands for `cursor`; `None`: it is not available, because
    /// `why`.
    pub(crate) fn set_cursor(&mut self, cursor: Option<String>, why: &'static str) {
        self.cursor = cursor;
        self.no_cursor = why;
    }

    /// `text` with its placeholders filled; `None` (and a problem at `key`) when one cannot be.
    pub(crate) fn text(&mut self, key: &[&str], text: &str) -> Option<String> {
        let (params, cursor, no_cursor) = (self.params, self.cursor.as_deref(), self.no_cursor);
        let mut used_cursor = false;
        let result = expand(text, |p| match p {
            Placeholder::StateCursor => {
                used_cursor = true;
                cursor
                    .map(str::to_string)
                    .ok_or_else(|| format!("`${{state.cursor}}` {no_cursor}"))
            }
            Placeholder::Param(name) => params.get(name).map(str::to_string).ok_or_else(|| {
                format!("`${{param.{name}}}` has no value: give it with --param {name}=VALUE")
            }),
            Placeholder::Env(name) => match std::env::var(name) {
                Ok(value) => Ok(value),
                Err(std::env::VarError::NotPresent) => Err(format!(
                    "`${{env:{name}}}`: the environment variable {name} is not set"
                )),
                Err(std::env::VarError::NotUnicode(_)) => Err(format!(
                    "`${{env:{name}}}`: the environment variable {name} is not valid UTF-8"
                )),
            },
        });
        self.used_cursor |= used_cursor;
        match result {
            Ok(filled) => Some(filled),
            Err(message) => {
                let problem = self.problem(key, message);
                self.problems.push(problem);
                None
            }
        }
    }

    /// A problem at `key` of this file.
    pub(crate) fn problem(&self, key: &[&str], message: impl Into<String>) -> ConfigProblem {
        let path: Vec<String> = key.iter().map(|s| s.to_string()).collect();
        ConfigProblem {
            file: self.file.to_path_buf(),
            position: self.doc.key_position(&path),
            field: Some(shown(key)),
            message: message.into(),
        }
    }

    /// `value` with the placeholders of every string in it filled (keys are left alone);
    /// `key` is where `value` sits in the file.
    pub(crate) fn json(&mut self, key: &[&str], value: Value) -> Value {
        match value {
            Value::String(s) if s.contains('$') => Value::String(self.text(key, &s).unwrap_or(s)),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let index = i.to_string();
                        let mut at = key.to_vec();
                        at.push(&index);
                        self.json(&at, item)
                    })
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let mut at = key.to_vec();
                        at.push(&k);
                        let v = self.json(&at, v);
                        (k, v)
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// True when some value used `${state.cursor}`.
    pub(crate) fn used_cursor(&self) -> bool {
        self.used_cursor
    }

    /// Takes the problems found so far.
    pub(crate) fn take_problems(&mut self) -> Vec<ConfigProblem> {
        std::mem::take(&mut self.problems)
    }
}

/// `operation.filters[0].value` for the key segments `operation`, `filters`, `0`, `value`.
fn shown(key: &[&str]) -> String {
    let mut out = String::new();
    for segment in key {
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(text: &str) -> Result<String, String> {
        expand(text, |p| {
            Ok(match p {
                Placeholder::StateCursor => "C".to_string(),
                Placeholder::Param(n) => format!("P[{n}]"),
                Placeholder::Env(n) => format!("E[{n}]"),
            })
        })
    }

    #[test]
    fn fills_every_form_and_leaves_other_text_alone() {
        assert_eq!(
            fill("a ${state.cursor} b ${param.since} c ${env:HOME} $5 $").unwrap(),
            "a C b P[since] c E[HOME] $5 $"
        );
        assert_eq!(fill("no placeholders").unwrap(), "no placeholders");
        assert_eq!(fill("${ state.cursor }").unwrap(), "C");
    }

    #[test]
    fn a_doubled_dollar_is_a_literal_placeholder() {
        assert_eq!(
            fill("$${state.cursor} and $$5").unwrap(),
            "${state.cursor} and $$5"
        );
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_refused() {
        let e = fill("x ${env.HOME}").unwrap_err();
        assert!(e.starts_with("unknown placeholder `${env.HOME}`"), "{e}");
        assert!(e.contains("${env:NAME}"), "{e}");
        let e = fill("${param.}").unwrap_err();
        assert!(e.starts_with("unknown placeholder"), "{e}");
        let e = fill("${state.cursor").unwrap_err();
        assert!(e.contains("not closed"), "{e}");
    }

    #[test]
    fn problems_name_the_key_and_its_line() {
        let text = "[operation]\naction = \"QUERY\"\nfilters = [{ field = \"x\", value = \"${param.since}\" }]\n";
        let params = Params::default();
        let mut sub = Substitution::new(Path::new("p.toml"), text, &params);
        let value = serde_json::json!({"action": "QUERY", "filters": [{"field": "x", "value": "${param.since}"}]});
        sub.json(&["operation"], value);
        let problems: Vec<String> = sub
            .take_problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            ["p.toml:3:27: operation.filters[0].value: `${param.since}` has no value: give it with --param since=VALUE"]
        );
    }

    #[test]
    fn params_debug_shows_names_only() {
        let params = Params::new([("token".to_string(), "s3cr3t".to_string())]);
        let shown = format!("{params:?}");
        assert!(
            shown.contains("token") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }
}
