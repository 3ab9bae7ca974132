//! Process files and connection files (TOML): what they hold, and reading them with every
//! mistake located at `file:line:column` and its field.
//!
//! # Process file
//!
//! ```toml
//! name = "Upsert customers"              # optional, shown in the summary
//! connection = "connections/demo.toml"   # a connection file, or an inline [connection] table
//! input = "data/customers.ndjson"        # NDJSON, "-" for stdin; omitted: no input (one `{}`)
//! output = "out/customers.ndjson"        # NDJSON, "-" for stdout (the default)
//! failed = "out/customers.failed.ndjson" # optional: input lines of documents that did not succeed
//!
//! [operation]                            # passed to the connector as JSON
//! action = "UPSERT"
//! record_type = "customer"
//!
//! [flow]                                 # optional: Boomi's Flow Control step
//! units = 4                              # worker threads, 1 to 64 (default 1)
//! batch_size = 50                        # documents per execute call, 1 to 10,000 (default 100)
//! individually = false                   # true: every document its own call (batch_size 1)
//! max_line_bytes = 16777216              # longest input line (default 16 MiB); longer ones
//!                                        # fail alone (FAILURE LINE_TOO_LONG), unread
//! ```
//!
//! Relative paths are relative to the file that names them. An incremental process also has
//! `[state]` (see [`crate::state`]); `${state.cursor}`, `${param.NAME}` and `${env:NAME}` in
//! its settings and paths are filled by `substitute.rs`.
//!
//! # Connection file (or the inline `[connection]` table of a process file)
//!
//! ```toml
//! connector = "netsuite"                 # the connector's name (`host-runner connectors`)
//! library = "/opt/connectors/libnetsuite_connector.so"   # optional: this library file
//!
//! [settings]                             # passed to the connector's configure as JSON
//! account = "1234567_SB1"
//! consumer_key = "…"
//! consumer_secret = { env = "NS_CONSUMER_SECRET" }
//!
//! [simulator]                            # optional: only for the embedded simulator
//! customers = 1000
//! latency_ms = 0
//! schema_folder = "../shared/suitetalk/xsd" # WSDL/XSD sets it serves (<folder>/<YYYY_N>/)
//! ```

mod shape;
pub(crate) mod spans;
pub use spans::Position;
pub(crate) mod substitute;
pub use substitute::Params;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use connector_payload::FieldError;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ConfigProblem, RunError};
use crate::state::{StateSpec, StateToml};
use spans::SpannedDoc;

/// Most units a process may ask for.
pub(crate) const MAX_UNITS: u32 = 64;
/// Largest batch a process may ask for.
pub(crate) const MAX_BATCH_SIZE: u32 = 10_000;
/// Longest input line when the process file does not say: 16 MiB.
pub const DEFAULT_MAX_LINE_BYTES: u64 = 16 * 1024 * 1024;
/// Units when the process file does not say.
pub(crate) const DEFAULT_UNITS: u32 = 1;
/// Batch size when the process file does not say.
pub(crate) const DEFAULT_BATCH_SIZE: u32 = 100;

/// A TOML file's text and name, kept to locate errors found later (e.g. by the connector).
#[derive(Clone)]
pub struct SettingsOrigin {
    /// The file.
    pub(crate) file: PathBuf,
    text: String,
    /// The key path of the settings table in the file (`["settings"]`,
    /// `["connection", "settings"]`, `["operation"]`).
    prefix: Vec<String>,
}

impl std::fmt::Debug for SettingsOrigin {
    // The text may hold a plain secret: only where it came from is printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsOrigin")
            .field("file", &self.file)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl SettingsOrigin {
    fn new(file: &Path, text: &str, prefix: &[&str]) -> SettingsOrigin {
        SettingsOrigin {
            file: file.to_path_buf(),
            text: text.to_string(),
            prefix: prefix.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// An origin for settings that did not come from a file (tests, the API).
    pub fn none(what: &str) -> SettingsOrigin {
        SettingsOrigin {
            file: PathBuf::from(what),
            text: String::new(),
            prefix: Vec::new(),
        }
    }

    /// Locates a connector's field-level errors in the file: the line of each field's key
    /// (or of the nearest enclosing key that exists, e.g. the table for a missing field).
    pub(crate) fn locate(&self, errors: &[FieldError]) -> Vec<ConfigProblem> {
        let doc = SpannedDoc::new(&self.text);
        errors
            .iter()
            .map(|e| {
                let mut path = self.prefix.clone();
                path.extend(spans::field_segments(&e.field));
                let shown: Vec<&str> = path.iter().map(String::as_str).collect();
                ConfigProblem {
                    file: self.file.clone(),
                    position: doc.key_position(&path),
                    field: Some(shown.join(".")),
                    message: e.message.clone(),
                }
            })
            .collect()
    }

    /// The folder relative paths in these settings are resolved against: the file's.
    pub(crate) fn base_dir(&self) -> PathBuf {
        base_dir(&self.file)
    }

    /// A problem at the settings table itself (no field), e.g. an error without fields.
    pub(crate) fn problem(&self, message: impl Into<String>) -> ConfigProblem {
        let doc = SpannedDoc::new(&self.text);
        ConfigProblem {
            file: self.file.clone(),
            position: doc.key_position(&self.prefix),
            field: (!self.prefix.is_empty()).then(|| self.prefix.join(".")),
            message: message.into(),
        }
    }
}

/// Settings of the embedded simulator (ignored when a real account is configured).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SimulatorSettings {
    /// Customers seeded in the demo account (default 100).
    #[serde(default)]
    pub(crate) customers: Option<usize>,
    /// Latency added to every request, in milliseconds (default 0).
    #[serde(default)]
    pub(crate) latency_ms: Option<u64>,
    /// The demo account's concurrency limit (default 5): one request more gets NetSuite's
    /// concurrency fault.
    #[serde(default)]
    pub(crate) concurrency_limit: Option<u32>,
    /// A folder of SuiteTalk WSDL/XSD sets (`<folder>/<YYYY_N>/netsuite.wsdl`) the simulator
    /// serves at the account's WSDL URL, so that the connector works with the version's schema
    /// (relative to the file that names it).
    #[serde(default)]
    pub(crate) schema_folder: Option<PathBuf>,
}

/// A connection: which connector, and its settings.
#[derive(Clone)]
pub struct ConnectionSpec {
    /// The connector's name (`netsuite`).
    pub(crate) connector: String,
    /// A specific library file, instead of looking in the connectors directory.
    pub(crate) library: Option<PathBuf>,
    /// Settings for the connector's configure (a JSON object).
    pub(crate) settings: serde_json::Value,
    /// Embedded simulator settings.
    pub(crate) simulator: SimulatorSettings,
    /// Where the settings came from, to locate the connector's field errors.
    pub(crate) origin: SettingsOrigin,
}

impl std::fmt::Debug for ConnectionSpec {
    // Settings may hold a plain secret (NetSuite's deprecated secret fields): print only the
    // names of the settings, never their values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self
            .settings
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        f.debug_struct("ConnectionSpec")
            .field("connector", &self.connector)
            .field("library", &self.library)
            .field("settings", &keys)
            .field("simulator", &self.simulator)
            .finish_non_exhaustive()
    }
}

impl ConnectionSpec {
    /// The file the connection was read from: its connection file, or the process file for
    /// an inline `[connection]`.
    pub fn file(&self) -> &Path {
        &self.origin.file
    }
}

/// How the host runs the operation over the documents (Boomi's Flow Control step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowSettings {
    /// Worker threads, each calling the connector's execute on its own.
    pub units: u32,
    /// Documents per execute call.
    pub batch_size: u32,
    /// Every document in its own execute call (batch size 1).
    pub individually: bool,
    /// The longest input line in bytes (without its line break); a longer line is not
    /// loaded and its document ends FAILURE `LINE_TOO_LONG`.
    pub max_line_bytes: u64,
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings {
            units: DEFAULT_UNITS,
            batch_size: DEFAULT_BATCH_SIZE,
            individually: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

impl FlowSettings {
    /// The documents per execute call this flow makes.
    pub fn effective_batch_size(&self) -> usize {
        if self.individually {
            1
        } else {
            self.batch_size.max(1) as usize
        }
    }
}

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSpec {
    /// No input: the operation runs once with one empty document (`{}`), as a query does.
    None,
    /// NDJSON on standard input.
    Stdin,
    /// An NDJSON file.
    File(PathBuf),
}

/// Where results go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputSpec {
    /// Standard output.
    Stdout,
    /// A file (created or truncated).
    File(PathBuf),
}

/// A process file, read and checked.
#[derive(Clone, Debug)]
pub struct ProcessFile {
    /// The file.
    pub path: PathBuf,
    /// Its `name`, or the file's stem.
    pub name: String,
    /// The connection.
    pub connection: ConnectionSpec,
    /// Operation settings for the connector's prepare (a JSON object with `action`).
    pub operation: serde_json::Value,
    /// Where the operation settings came from.
    pub operation_origin: SettingsOrigin,
    /// Input.
    pub input: InputSpec,
    /// Output.
    pub output: OutputSpec,
    /// Where to copy the input lines of documents that did not succeed.
    pub failed: Option<PathBuf>,
    /// Flow control.
    pub flow: FlowSettings,
    /// The cursor state of an incremental process (`[state]`).
    pub state: Option<StateSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessToml {
    #[serde(default)]
    name: Option<String>,
    connection: Spanned<toml::Value>,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    failed: Option<String>,
    operation: Spanned<toml::Table>,
    #[serde(default)]
    flow: Option<FlowToml>,
    #[serde(default)]
    state: Option<StateToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowToml {
    #[serde(default)]
    units: Option<Spanned<i64>>,
    #[serde(default)]
    batch_size: Option<Spanned<i64>>,
    #[serde(default)]
    individually: Option<bool>,
    #[serde(default)]
    max_line_bytes: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionToml {
    connector: String,
    #[serde(default)]
    library: Option<String>,
    #[serde(default)]
    settings: Option<toml::Table>,
    #[serde(default)]
    simulator: Option<SimulatorSettings>,
}

/// Only the inline connection of a process file (other keys ignored: checked elsewhere).
#[derive(Deserialize)]
struct InlineConnection {
    connection: ConnectionToml,
}

/// Reads and checks a process file (and the connection file it names).
///
/// # Errors
///
/// [`RunError::Config`] with every problem found, each at `file:line:column` with its field.
pub fn load_process_file(path: &Path) -> Result<ProcessFile, RunError> {
    load_process_file_with(path, &Params::default())
}

/// Reads and checks a process file, filling its `${param.NAME}` placeholders from `params`
/// (and `${env:NAME}` and `${state.cursor}`, see `substitute.rs`).
///
/// # Errors
///
/// [`RunError::Config`] with every problem found, each at `file:line:column` with its field.
pub fn load_process_file_with(path: &Path, params: &Params) -> Result<ProcessFile, RunError> {
    load_process(path, params, &Source::Disk)
}

/// Reads and checks a process file from texts stored earlier (`host-runner submit`) instead
/// of the disk: `texts` holds the process file's text and its connection file's, by their
/// original paths. Relative paths inside them still resolve against those paths' folders.
///
/// # Errors
///
/// As [`load_process_file_with`]; a file missing from `texts` is "no such file".
pub fn load_stored_process_file(
    path: &Path,
    params: &Params,
    texts: &HashMap<PathBuf, String>,
) -> Result<ProcessFile, RunError> {
    load_process(path, params, &Source::Stored(texts))
}

/// Where the texts of process and connection files come from.
enum Source<'a> {
    Disk,
    Stored(&'a HashMap<PathBuf, String>),
}

impl Source<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        match self {
            Source::Disk => std::fs::read_to_string(path),
            Source::Stored(texts) => texts
                .get(path)
                .cloned()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }
}

fn load_process(
    path: &Path,
    params: &Params,
    source: &Source<'_>,
) -> Result<ProcessFile, RunError> {
    let text = read(path, source)?;
    let mut problems = check_shape(path, &text, shape::PROCESS)?;
    let doc = SpannedDoc::new(&text);
    // A connection file's mistakes come with the process file's, in one round.
    if let Some(file) = doc.text_value(&["connection"]) {
        let connection_path = base_dir(path).join(file);
        if let Ok(connection_text) = source.read(&connection_path) {
            match check_shape(&connection_path, &connection_text, shape::CONNECTION) {
                Ok(more) | Err(RunError::Config(more)) => problems.extend(more),
                Err(_) => {}
            }
        }
    }
    if !problems.is_empty() {
        return Err(RunError::Config(problems));
    }
    let parsed: ProcessToml = from_toml(path, &text)?;
    let base = base_dir(path);

    let connection = match parsed.connection.get_ref() {
        toml::Value::String(file) => load_connection(&base.join(file), source).map_err(|e| {
            // Say which process file named the missing connection file.
            match e {
                RunError::Config(mut problems)
                    if problems.len() == 1 && problems[0].position.is_none() =>
                {
                    let doc = SpannedDoc::new(&text);
                    problems.push(ConfigProblem {
                        file: path.to_path_buf(),
                        position: Some(doc.position(parsed.connection.span().start)),
                        field: Some("connection".into()),
                        message: format!("names this connection file: {file}"),
                    });
                    RunError::Config(problems)
                }
                other => other,
            }
        })?,
        toml::Value::Table(_) => {
            let inline: InlineConnection = from_toml(path, &text)?;
            connection_spec(
                inline.connection,
                path,
                &text,
                &["connection", "settings"],
                &["connection"],
            )?
        }
        other => {
            return Err(problem_at(
                path,
                &text,
                parsed.connection.span(),
                "connection",
                format!(
                    "expected the path of a connection file or a [connection] table, found {}",
                    other.type_str()
                ),
            ))
        }
    };

    let mut problems = Vec::new();
    let mut flow = FlowSettings::default();
    if let Some(f) = parsed.flow {
        if let Some(units) = f.units {
            match u32::try_from(*units.get_ref()) {
                Ok(n) if (1..=MAX_UNITS).contains(&n) => flow.units = n,
                _ => problems.push(located(
                    path,
                    &text,
                    units.span(),
                    "flow.units",
                    format!(
                        "must be between 1 and {MAX_UNITS}, found {}",
                        units.get_ref()
                    ),
                )),
            }
        }
        if let Some(size) = f.batch_size {
            match u32::try_from(*size.get_ref()) {
                Ok(n) if (1..=MAX_BATCH_SIZE).contains(&n) => flow.batch_size = n,
                _ => problems.push(located(
                    path,
                    &text,
                    size.span(),
                    "flow.batch_size",
                    format!(
                        "must be between 1 and {MAX_BATCH_SIZE}, found {}",
                        size.get_ref()
                    ),
                )),
            }
        }
        flow.individually = f.individually.unwrap_or(false);
        if let Some(limit) = f.max_line_bytes {
            match u64::try_from(*limit.get_ref()) {
                Ok(n) if n >= 2 => flow.max_line_bytes = n,
                _ => problems.push(located(
                    path,
                    &text,
                    limit.span(),
                    "flow.max_line_bytes",
                    format!("must be at least 2 bytes, found {}", limit.get_ref()),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(RunError::Config(problems));
    }

    // Placeholders: ${state.cursor} (from the state file or `start`), ${param.NAME},
    // ${env:NAME}; every one that cannot be filled is reported at its key.
    let mut sub = substitute::Substitution::new(path, &text, params);
    let state = match parsed.state {
        Some(state) => Some(StateSpec::load(state, &base, &mut sub)?),
        None => None,
    };
    if let Some(state) = &state {
        sub.set_cursor(Some(state.value_text()), "");
    }
    let operation = toml_to_json(&toml::Value::Table(parsed.operation.get_ref().clone()));
    let operation = sub.json(&["operation"], operation);
    let [input, output, failed] = [
        ("input", parsed.input),
        ("output", parsed.output),
        ("failed", parsed.failed),
    ]
    .map(|(key, value)| value.and_then(|v| sub.text(&[key], &v)));
    let problems = sub.take_problems();
    if !problems.is_empty() {
        return Err(RunError::Config(problems));
    }
    if state.is_some() && !sub.used_cursor() {
        tracing::warn!(
            process = %path.display(),
            "[state] keeps a cursor, but no setting uses ${{state.cursor}}: every run reads \
             everything"
        );
    }

    let input = match input.as_deref() {
        None => InputSpec::None,
        Some("-") => InputSpec::Stdin,
        Some(p) => InputSpec::File(base.join(p)),
    };
    let output = match output.as_deref() {
        None | Some("-") => OutputSpec::Stdout,
        Some(p) => OutputSpec::File(base.join(p)),
    };
    Ok(ProcessFile {
        path: path.to_path_buf(),
        name: parsed.name.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        connection,
        operation,
        operation_origin: SettingsOrigin::new(path, &text, &["operation"]),
        input,
        output,
        failed: failed.map(|p| base.join(p)),
        flow,
        state,
    })
}

/// Reads and checks a connection file. A process file is taken too (`test-connection` and
/// `browse` of a process file): its connection is read, and the log says so.
///
/// # Errors
///
/// [`RunError::Config`] naming the file, line, column and field of each problem.
pub fn load_connection_file(path: &Path) -> Result<ConnectionSpec, RunError> {
    load_connection(path, &Source::Disk)
}

fn load_connection(path: &Path, source: &Source<'_>) -> Result<ConnectionSpec, RunError> {
    let text = read(path, source)?;
    if is_process_file(&text) {
        let process = load_process(path, &Params::default(), source)?;
        tracing::info!(
            "{} is a process file: using its connection ({})",
            path.display(),
            process.connection.origin.file.display()
        );
        return Ok(process.connection);
    }
    let problems = check_shape(path, &text, shape::CONNECTION)?;
    if !problems.is_empty() {
        return Err(RunError::Config(problems));
    }
    let parsed: ConnectionToml = from_toml(path, &text)?;
    connection_spec(parsed, path, &text, &["settings"], &[])
}

/// A process file names an operation or a connection; a connection file a connector.
fn is_process_file(text: &str) -> bool {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return false;
    };
    let has = |key: &str| {
        root.get_ref()
            .iter()
            .any(|(k, _)| k.get_ref().as_ref() == key)
    };
    !has("connector") && (has("operation") || has("connection"))
}

/// Every mistake of the file's shape (keys and kinds of values); a file that is not TOML at
/// all is an error at once.
fn check_shape(
    path: &Path,
    text: &str,
    keys: &[shape::Key],
) -> Result<Vec<ConfigProblem>, RunError> {
    match toml::de::DeTable::parse(text) {
        Ok(root) => Ok(shape::check(path, text, root.get_ref(), keys)),
        Err(_) => {
            // toml's own message, located.
            from_toml::<toml::Table>(path, text)?;
            Ok(Vec::new())
        }
    }
}

fn connection_spec(
    parsed: ConnectionToml,
    path: &Path,
    text: &str,
    settings_prefix: &[&str],
    table_prefix: &[&str],
) -> Result<ConnectionSpec, RunError> {
    let base = base_dir(path);
    let mut simulator = parsed.simulator.unwrap_or_default();
    if let Some(folder) = simulator.schema_folder.take() {
        let folder = base.join(folder);
        if !folder.is_dir() {
            let mut key: Vec<String> = table_prefix.iter().map(|s| s.to_string()).collect();
            key.extend(["simulator".to_string(), "schema_folder".to_string()]);
            return Err(RunError::config(ConfigProblem {
                file: path.to_path_buf(),
                position: SpannedDoc::new(text).key_position(&key),
                field: Some(key.join(".")),
                message: format!(
                    "no such folder: {} (a folder of SuiteTalk WSDL/XSD sets, \
                     <folder>/<YYYY_N>/netsuite.wsdl)",
                    folder.display()
                ),
            }));
        }
        simulator.schema_folder = Some(folder);
    }
    Ok(ConnectionSpec {
        connector: parsed.connector,
        library: parsed.library.map(|l| base.join(l)),
        settings: toml_to_json(&toml::Value::Table(parsed.settings.unwrap_or_default())),
        simulator,
        origin: SettingsOrigin::new(path, text, settings_prefix),
    })
}

fn read(path: &Path, source: &Source<'_>) -> Result<String, RunError> {
    source.read(path).map_err(|e| {
        RunError::config(ConfigProblem::file(
            path,
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => format!("cannot read: {e}"),
            },
        ))
    })
}

/// The folder of `path` (empty for a bare file name in the working directory, so that its
/// relative paths are shown as written).
fn base_dir(path: &Path) -> PathBuf {
    path.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Deserializes `text`, turning toml's error into a located problem with its field.
fn from_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, RunError> {
    toml::from_str(text).map_err(|e| {
        let doc = SpannedDoc::new(text);
        let span = e.span();
        let field = span.as_ref().and_then(|s| doc.path_at(s));
        RunError::config(ConfigProblem {
            file: path.to_path_buf(),
            position: span.map(|s| doc.position(s.start)),
            field,
            message: shape::in_plain_words(e.message().trim()),
        })
    })
}

fn located(
    path: &Path,
    text: &str,
    span: Range<usize>,
    field: &str,
    message: String,
) -> ConfigProblem {
    ConfigProblem {
        file: path.to_path_buf(),
        position: Some(spans::position(text, span.start)),
        field: Some(field.to_string()),
        message,
    }
}

fn problem_at(
    path: &Path,
    text: &str,
    span: Range<usize>,
    field: &str,
    message: String,
) -> RunError {
    RunError::config(located(path, text, span, field, message))
}

/// TOML to JSON: tables become objects, arrays arrays, datetimes their TOML text.
pub(crate) fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests;
