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

mod watch;

use std::cmp::Ordering;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::{ConfigProblem, RunError};
use crate::process_file::substitute::Substitution;
pub(crate) use watch::CursorWatch;
use watch::{compare, text_of};

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
            toml::Value::String(s) => Ok(sub.text(&["state", "start"], &s).map(Value::String)),
            // An unquoted TOML date-time: its RFC 3339 text.
            toml::Value::Datetime(d) => Ok(Some(Value::String(d.to_string()))),
            toml::Value::Integer(i) => Ok(Some(Value::from(i))),
            toml::Value::Float(f) if f.is_finite() => Ok(Some(Value::from(f))),
            _ => Err(sub.problem(
                &["state", "start"],
                "expected a date-time (\"2020-01-01T00:00:00Z\"), a number or text",
            )),
        };
        let mut problems = sub.take_problems();
        let start = start.unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        let cursor = toml.cursor.trim().to_string();
        if cursor.is_empty() || cursor.split('.').any(str::is_empty) {
            problems.push(sub.problem(
                &["state", "cursor"],
                "the field of the output documents to follow, e.g. \"lastModifiedDate\"",
            ));
        }
        let (Some(file), Some(start), true) = (file, start, problems.is_empty()) else {
            return Err(RunError::Config(problems));
        };
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

    /// For the run report: `{"cursor", "file", "from", "outcome", "to"?, "why"?, "error"?}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::json!({
            "cursor": self.cursor,
            "file": self.file.display().to_string(),
            "from": self.from,
        });
        let (outcome, extra) = match &self.outcome {
            StateOutcome::Advanced { to } => ("advanced", serde_json::json!({ "to": to })),
            StateOutcome::Kept { why } => ("kept", serde_json::json!({ "why": why })),
            StateOutcome::NotSaved { to, error } => {
                ("not_saved", serde_json::json!({ "to": to, "error": error }))
            }
        };
        json["outcome"] = outcome.into();
        if let (Some(json), Some(extra)) = (json.as_object_mut(), extra.as_object()) {
            json.extend(extra.clone());
        }
        json
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

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests;
