//! Incremental sync: a process's cursor state (Airbyte's incremental mode, Celigo's delta
//! exports).
//!
//! A process file with
//!
//! ```toml
//! [state]
//! file = "state/customers.json"    # relative to the process file
//! cursor = "lastModifiedDate"      # a field of the output documents (dotted path allowed)
//! start = "2020-01-01T00:00:00Z"   # the cursor before the first complete run
//! ```
//!
//! keeps a cursor: `${state.cursor}` in its settings stands for the saved value (or `start`),
//! the host watches every output document for the cursor field and keeps the highest value
//! seen (compared as RFC 3339 instants when both parse as such, else as numbers, else as
//! text), and the state file moves to it only when the run is complete: every input SUCCESS,
//! the output written and flushed to disk (exit code 0). A run that failed, was interrupted
//! or crashed leaves the file as it was, so the next run reads the same records again; a run
//! that saw nothing newer keeps the cursor. A resumed run (`--resume`) advances the state
//! like any other once it ends complete, from every output document in the output file (the
//! earlier attempt's and its own).
//!
//! The file is replaced atomically (a temporary file, synced, renamed over it) and holds the
//! cursor's field, its value, the value before it and when the run that advanced it ran.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Mutex, PoisonError};

use connector_api::Document;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::{ConfigProblem, RunError};
use crate::process_file::substitute::Substitution;

/// The `[state]` table of a process file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateToml {
    file: String,
    cursor: String,
    start: toml::Value,
}

/// A process's cursor state: where it is kept, which field it follows, and its value now.
#[derive(Clone, Debug, PartialEq)]
pub struct StateSpec {
    /// The state file (resolved against the process file's folder).
    pub file: PathBuf,
    /// The cursor field of the output documents (a dotted path: `lastModifiedDate`).
    pub cursor: String,
    /// The cursor before the first complete run.
    pub start: Value,
    /// The value saved by the last complete run, when there was one.
    pub saved: Option<Value>,
}

/// What a state file holds.
#[derive(Debug, Deserialize, Serialize)]
struct StateFile {
    /// The cursor field, so that a process whose cursor changed does not take another
    /// field's value.
    cursor: String,
    /// The highest value seen by the last complete run.
    value: Value,
    /// The value before that run.
    #[serde(default)]
    previous: Option<Value>,
    /// When that run started and ended (RFC 3339, UTC).
    #[serde(default)]
    run_started: Option<String>,
    #[serde(default)]
    run_finished: Option<String>,
    /// The process's name.
    #[serde(default)]
    process: Option<String>,
}

impl StateSpec {
    /// Reads the `[state]` table (`${param.…}` and `${env:…}` filled in `file` and `start`)
    /// and the state file it names, if it exists yet.
    ///
    /// # Errors
    ///
    /// [`RunError::Config`]: a placeholder that cannot be filled, a `start` that is neither
    /// text nor a number, a state file that cannot be read or is not a state file, or one
    /// that follows another cursor field.
    pub(crate) fn load(
        toml: StateToml,
        base: &Path,
        sub: &mut Substitution<'_>,
    ) -> Result<StateSpec, RunError> {
        sub.set_cursor(None, "cannot be used in [state] itself");
        let file = sub.text(&["state", "file"], &toml.file);
        let start = match toml.start {
            toml::Value::String(s) => sub.text(&["state", "start"], &s).map(Value::String),
            // An unquoted TOML date-time: its RFC 3339 text.
            toml::Value::Datetime(d) => Some(Value::String(d.to_string())),
            toml::Value::Integer(i) => Some(Value::from(i)),
            toml::Value::Float(f) => serde_json::Number::from_f64(f).map(Value::Number),
            _ => None,
        };
        let mut problems = sub.take_problems();
        let cursor = toml.cursor.trim().to_string();
        if cursor.is_empty() || cursor.split('.').any(str::is_empty) {
            problems.push(sub.problem(
                &["state", "cursor"],
                "the field of the output documents to follow, e.g. \"lastModifiedDate\"",
            ));
        }
        let (Some(file), Some(start)) = (file, start) else {
            if problems.is_empty() {
                problems.push(sub.problem(
                    &["state", "start"],
                    "expected a date-time (\"2020-01-01T00:00:00Z\"), a number or text",
                ));
            }
            return Err(RunError::Config(problems));
        };
        if !problems.is_empty() {
            return Err(RunError::Config(problems));
        }
        let mut spec = StateSpec {
            file: base.join(file),
            cursor,
            start,
            saved: None,
        };
        spec.saved = spec.read()?.map(|saved| saved.value);
        Ok(spec)
    }

    /// The value `${state.cursor}` stands for: the saved one, or `start`.
    pub fn value(&self) -> &Value {
        self.saved.as_ref().unwrap_or(&self.start)
    }

    /// [`value`](Self::value) as text (what `${state.cursor}` is replaced with).
    pub(crate) fn value_text(&self) -> String {
        text_of(self.value()).unwrap_or_default()
    }

    fn read(&self) -> Result<Option<StateFile>, RunError> {
        let problem = |message: String| RunError::config(ConfigProblem::file(&self.file, message));
        let text = match std::fs::read_to_string(&self.file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(problem(format!("cannot read the state file: {e}"))),
        };
        let saved: StateFile = serde_json::from_str(&text).map_err(|e| {
            problem(format!(
                "not a state file ({e}): restore it, or delete it to start again from [state] start"
            ))
        })?;
        if saved.cursor != self.cursor {
            return Err(problem(format!(
                "holds the cursor of the field `{}`, but [state] cursor is `{}`: delete the file \
                 to start again from [state] start, or name another file",
                saved.cursor, self.cursor
            )));
        }
        if text_of(&saved.value).is_none() {
            return Err(problem(
                "its value is neither text nor a number: restore it, or delete it to start \
                 again from [state] start"
                    .into(),
            ));
        }
        Ok(Some(saved))
    }

    /// Saves `highest` when the run was complete and it is newer than the cursor, and says
    /// what happened.
    pub(crate) fn commit(&self, watch: &CursorWatch, run: &RunEnd<'_>) -> StateReport {
        let from = self.value().clone();
        let report = |outcome| StateReport {
            cursor: self.cursor.clone(),
            file: self.file.clone(),
            from: text_of(&from).unwrap_or_default(),
            outcome,
        };
        if !run.complete {
            return report(StateOutcome::Kept {
                why: "the run did not complete".into(),
            });
        }
        if let (true, Some(output)) = (run.resumed, run.output) {
            // The documents of the earlier attempt count too.
            if let Err(e) = watch.observe_output_file(output) {
                return report(StateOutcome::NotSaved {
                    to: String::new(),
                    error: format!("cannot read the output {}: {e}", output.display()),
                });
            }
        }
        watch.warn_when_missing(&self.cursor);
        let to = match watch.highest() {
            Some(seen) if compare(&seen, &from) == Ordering::Greater => seen,
            _ => {
                return report(StateOutcome::Kept {
                    why: format!("no output document has a newer {}", self.cursor),
                })
            }
        };
        let to_text = text_of(&to).unwrap_or_default();
        let saved = StateFile {
            cursor: self.cursor.clone(),
            value: to,
            previous: Some(from.clone()),
            run_started: Some(rfc3339(run.started)),
            run_finished: Some(rfc3339(OffsetDateTime::now_utc())),
            process: Some(run.process.to_string()),
        };
        match save(&self.file, &saved, run.output) {
            Ok(()) => report(StateOutcome::Advanced { to: to_text }),
            Err(error) => report(StateOutcome::NotSaved { to: to_text, error }),
        }
    }
}

/// How the run ended, as the state needs to know it.
#[derive(Debug)]
pub(crate) struct RunEnd<'a> {
    /// Every input SUCCESS and the output written (the run's exit code is 0).
    pub(crate) complete: bool,
    /// A resumed run (its output file holds the earlier attempt's documents).
    pub(crate) resumed: bool,
    /// The output file, synced to disk before the state moves (none: standard output).
    pub(crate) output: Option<&'a Path>,
    /// When the run started.
    pub(crate) started: OffsetDateTime,
    /// The process's name.
    pub(crate) process: &'a str,
}

/// Writes the output to disk, then the state file through a synced temporary file renamed
/// over it: a crash at any point leaves the old state or the new one, never a torn file, and
/// never a state ahead of the output on disk.
fn save(path: &Path, state: &StateFile, output: Option<&Path>) -> Result<(), String> {
    if let Some(output) = output {
        File::open(output)
            .and_then(|f| f.sync_all())
            .map_err(|e| format!("cannot sync the output {}: {e}", output.display()))?;
    }
    let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut text = serde_json::to_vec_pretty(state).map_err(|e| e.to_string())?;
    text.push(b'\n');
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut file = File::create(&temporary)?;
        file.write_all(&text)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        // The rename itself reaches the disk with the folder.
        if let Ok(folder) = File::open(&dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write {}: {e}", path.display())
    })
}

/// What became of the state at the end of a run (a line of the summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateReport {
    /// The cursor field.
    pub cursor: String,
    /// The state file.
    pub file: PathBuf,
    /// The cursor before the run.
    pub from: String,
    /// Advanced, kept, or not saved.
    pub outcome: StateOutcome,
}

/// Whether the cursor moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateOutcome {
    /// Saved: the next run starts from `to`.
    Advanced {
        /// The new cursor.
        to: String,
    },
    /// Left as it was.
    Kept {
        /// Why (the run did not complete; nothing newer was seen).
        why: String,
    },
    /// The run was complete but the state file could not be written: the next run reads the
    /// same records again.
    NotSaved {
        /// The cursor it should have moved to (empty when not known).
        to: String,
        /// What went wrong.
        error: String,
    },
}

impl StateReport {
    /// True when the state should have advanced and could not be saved.
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, StateOutcome::NotSaved { .. })
    }
}

impl std::fmt::Display for StateReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (cursor, from, file) = (&self.cursor, &self.from, self.file.display());
        match &self.outcome {
            StateOutcome::Advanced { to } => {
                write!(
                    f,
                    "state: cursor {cursor} advanced from {from} to {to} ({file})"
                )
            }
            StateOutcome::Kept { why } => {
                write!(f, "state: cursor {cursor} kept at {from} ({file}): {why}")
            }
            StateOutcome::NotSaved { to, error } if to.is_empty() => write!(
                f,
                "state: cursor {cursor} kept at {from} ({file}): the run was complete, but {error}"
            ),
            StateOutcome::NotSaved { to, error } => write!(
                f,
                "state: cursor {cursor} kept at {from}, not advanced to {to}: {error}"
            ),
        }
    }
}

/// Watches output documents for the cursor field and keeps the highest value.
#[derive(Debug)]
pub(crate) struct CursorWatch {
    path: Vec<String>,
    highest: Mutex<Option<Value>>,
    seen: AtomicU64,
    without: AtomicU64,
}

impl CursorWatch {
    /// A watch of the field `cursor` (a dotted path).
    pub(crate) fn new(cursor: &str) -> CursorWatch {
        CursorWatch {
            path: cursor.split('.').map(str::to_string).collect(),
            highest: Mutex::new(None),
            seen: AtomicU64::new(0),
            without: AtomicU64::new(0),
        }
    }

    /// Looks at one output document (JSON ones; others are not counted).
    pub(crate) fn observe(&self, document: &Document) {
        let content_type = document.content_type.as_str();
        if content_type.is_empty() || content_type.contains("json") {
            self.observe_json(document.data.as_slice(), &self.path);
        }
    }

    fn observe_json(&self, json: &[u8], path: &[String]) {
        let mut de = serde_json::Deserializer::from_slice(json);
        let found = Find(path).deserialize(&mut de).ok().flatten();
        match found.filter(|v| text_of(v).is_some()) {
            Some(value) => {
                self.seen.fetch_add(1, AtomicOrdering::Relaxed);
                let mut highest = self.highest.lock().unwrap_or_else(PoisonError::into_inner);
                if highest
                    .as_ref()
                    .is_none_or(|h| compare(&value, h) == Ordering::Greater)
                {
                    *highest = Some(value);
                }
            }
            None => {
                self.without.fetch_add(1, AtomicOrdering::Relaxed);
            }
        }
    }

    /// Looks at every output document line (`{"input":N,"document":{…}}`) of an output file.
    fn observe_output_file(&self, path: &Path) -> std::io::Result<()> {
        let mut in_line = vec!["document".to_string()];
        in_line.extend(self.path.iter().cloned());
        let mut reader = BufReader::new(File::open(path)?);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line)? > 0 {
            // Outcome lines have no document: not counted as documents without the field.
            if line.windows(11).any(|w| w == b"\"document\":") {
                self.observe_json(&line, &in_line);
            }
            line.clear();
        }
        Ok(())
    }

    fn highest(&self) -> Option<Value> {
        self.highest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn warn_when_missing(&self, cursor: &str) {
        let without = self.without.load(AtomicOrdering::Relaxed);
        if without == 0 {
            return;
        }
        if self.seen.load(AtomicOrdering::Relaxed) == 0 {
            tracing::warn!(
                cursor,
                documents = without,
                "no output document has the [state] cursor field (text or a number): the state \
                 cannot advance; check the field's name and that the query returns it"
            );
        } else {
            tracing::info!(
                cursor,
                documents = without,
                "some output documents have no [state] cursor field"
            );
        }
    }
}

/// Finds the value at a path of object keys without building the rest of the document.
struct Find<'p>(&'p [String]);

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Option<Value>, D::Error> {
        if self.0.is_empty() {
            return Value::deserialize(de).map(Some);
        }
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let mut found = None;
        while let Some(is_next) = map.next_key_seed(KeyIs(&self.0[0]))? {
            if is_next && found.is_none() {
                found = map.next_value_seed(Find(&self.0[1..]))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<Value>, E> {
        Ok(None)
    }
}

/// A key seed that only says whether the key is the wanted one (no allocation).
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// The text of a cursor value: a string as is, a number as written; other values have none.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Orders two cursor values: as instants when both are RFC 3339 date-times (offsets
/// differ: NetSuite writes the account's), else as numbers, else as text.
fn compare(a: &Value, b: &Value) -> Ordering {
    let (Some(a), Some(b)) = (text_of(a), text_of(b)) else {
        return Ordering::Equal;
    };
    let (a, b) = (a.trim(), b.trim());
    if let (Ok(x), Ok(y)) = (
        OffsetDateTime::parse(a, &Rfc3339),
        OffsetDateTime::parse(b, &Rfc3339),
    ) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.parse::<i128>(), b.parse::<i128>()) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    a.cmp(b)
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn compares_instants_then_numbers_then_text() {
        let c = |a: Value, b: Value| compare(&a, &b);
        // 10:00 at -08:00 is 18:00 UTC: later than 17:00Z although it sorts first as text.
        assert_eq!(
            c(
                json!("2024-03-05T10:00:00.000-08:00"),
                json!("2024-03-05T17:00:00Z")
            ),
            Ordering::Greater
        );
        assert_eq!(
            c(
                json!("2024-03-05T18:00:00Z"),
                json!("2024-03-05T10:00:00.000-08:00")
            ),
            Ordering::Equal
        );
        assert_eq!(c(json!("100"), json!(99)), Ordering::Greater);
        assert_eq!(c(json!(1.5), json!("1.25")), Ordering::Greater);
        assert_eq!(c(json!("b"), json!("a")), Ordering::Greater);
    }

    #[test]
    fn keeps_the_highest_value_of_a_dotted_path() {
        let watch = CursorWatch::new("meta.modified");
        for doc in [
            r#"{"id":1,"meta":{"modified":"2024-01-02T00:00:00Z","x":[1,2]}}"#,
            r#"{"meta":{"other":true,"modified":"2024-01-03T00:00:00Z"}}"#,
            r#"{"meta":{"modified":"2024-01-01T00:00:00Z"}}"#,
            r#"{"meta":"no"}"#,
            r#"[1,2]"#,
        ] {
            watch.observe(&Document::json(doc.as_bytes().to_vec()));
        }
        assert_eq!(watch.highest(), Some(json!("2024-01-03T00:00:00Z")));
        assert_eq!(watch.seen.load(AtomicOrdering::Relaxed), 3);
        assert_eq!(watch.without.load(AtomicOrdering::Relaxed), 2);
    }

    fn spec(dir: &Path) -> StateSpec {
        StateSpec {
            file: dir.join("state").join("s.json"),
            cursor: "lastModifiedDate".into(),
            start: json!("2020-01-01T00:00:00Z"),
            saved: None,
        }
    }

    fn end(complete: bool) -> RunEnd<'static> {
        RunEnd {
            complete,
            resumed: false,
            output: None,
            started: OffsetDateTime::now_utc(),
            process: "p",
        }
    }

    #[test]
    fn advances_only_a_complete_run_and_only_forward() {
        let dir = tempfile::tempdir().unwrap();
        let spec = spec(dir.path());
        let watch = CursorWatch::new("lastModifiedDate");
        watch.observe(&Document::json(
            br#"{"lastModifiedDate":"2024-05-01T10:00:00.000-08:00"}"#.to_vec(),
        ));

        let kept = spec.commit(&watch, &end(false));
        assert!(matches!(kept.outcome, StateOutcome::Kept { .. }), "{kept}");
        assert!(!spec.file.exists());

        let advanced = spec.commit(&watch, &end(true));
        assert_eq!(
            advanced.to_string(),
            format!(
                "state: cursor lastModifiedDate advanced from 2020-01-01T00:00:00Z to 2024-05-01T10:00:00.000-08:00 ({})",
                spec.file.display()
            )
        );
        let saved: StateFile =
            serde_json::from_str(&std::fs::read_to_string(&spec.file).unwrap()).unwrap();
        assert_eq!(saved.value, json!("2024-05-01T10:00:00.000-08:00"));
        assert_eq!(saved.previous, Some(json!("2020-01-01T00:00:00Z")));

        // The next run starts from the saved value; nothing newer keeps it.
        let again = StateSpec {
            saved: spec.read().unwrap().map(|s| s.value),
            ..spec.clone()
        };
        let kept = again.commit(&watch, &end(true));
        assert!(
            kept.to_string()
                .contains("kept at 2024-05-01T10:00:00.000-08:00"),
            "{kept}"
        );
    }

    #[test]
    fn a_state_file_of_another_cursor_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let spec = spec(dir.path());
        std::fs::create_dir_all(spec.file.parent().unwrap()).unwrap();
        std::fs::write(&spec.file, r#"{"cursor":"dateCreated","value":"x"}"#).unwrap();
        let e = spec.read().unwrap_err().to_string();
        assert!(
            e.contains("holds the cursor of the field `dateCreated`"),
            "{e}"
        );
        std::fs::write(&spec.file, "{").unwrap();
        let e = spec.read().unwrap_err().to_string();
        assert!(e.contains("not a state file"), "{e}");
    }
}
