//! The host's log on stderr, including the execution log: one line per request a connector
//! made (for NetSuite: time, operation, record type, count, duration, attempt, NetSuite's
//! request id `nsId` and, with user credentials, the Application Id).
//!
//! Connector events reach the host through [`HostLogSink`](crate::log_sink::HostLogSink),
//! which re-emits them under the host target `connector` with the connector's own target and
//! fields as text. This layer unpacks them again, so that filters and output use the
//! connector's target (`netsuite_connector::request`) and fields as if they were the host's
//! own.
//!
//! - `text` (the default): `2026-11-28T13:41:02.123Z request search record_type=customer
//!   count=1000 duration_ms=41 attempt=1 ns_id=WEBSERVICES_… ok`; other events as
//!   `time LEVEL target: message key=value …`.
//! - `json`: one object per line, `{"time","level","target","message",…fields}`.
//!
//! Filtering is RUST_LOG-style (`warn,netsuite_connector=debug`), by target prefix, applied to
//! the connector's own targets for connector events (`connector=debug` still selects every
//! connector's events, as the log sink documents, and `connector::request=info` every
//! connector's execution log: [`REQUEST_TARGET`]). [`DEFAULT_FILTER`] shows warnings, the
//! host's progress messages and the execution log, and names no connector. Neither the host nor the NetSuite
//! connector ever puts a secret into an event: settings are never logged.

use std::io::Write;
use std::str::FromStr;
use std::sync::OnceLock;

use connector_api::LogLevel;
use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::log_sink::CONNECTOR_TARGET;

/// The filter when neither `--log-level` nor RUST_LOG says otherwise: warnings, the host's
/// own messages and the execution log of every connector ([`REQUEST_TARGET`]). The cluster
/// pool's own warnings ("Connection error: db error") are left out: the host says the same
/// in words an operator knows, naming the database.
pub const DEFAULT_FILTER: &str = "warn,deadpool=error,host_runner=info,connector::request=info";

/// The host's name for every connector's execution log (connector targets ending in
/// `::request`): a filter directive for it selects those lines whatever the connector.
pub const REQUEST_TARGET: &str = "connector::request";

/// How log lines look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human text, one line per event.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// A parsed RUST_LOG-style filter.
#[derive(Clone, Debug)]
pub struct LogFilter {
    targets: Targets,
    text: String,
}

impl LogFilter {
    /// Parses `warn`, `info,netsuite_connector=debug`, … (RUST_LOG syntax without span
    /// filters).
    ///
    /// # Errors
    ///
    /// A message naming what does not parse.
    pub fn parse(text: &str) -> Result<LogFilter, String> {
        let targets = Targets::from_str(text).map_err(|e| {
            format!(
                "invalid log filter {text:?}: {e} (e.g. `info` or `warn,netsuite_connector=debug`)"
            )
        })?;
        Ok(LogFilter {
            targets,
            text: text.to_string(),
        })
    }

    /// `--log-level` if given, else RUST_LOG if set, else [`DEFAULT_FILTER`].
    ///
    /// # Errors
    ///
    /// When the chosen text does not parse.
    pub fn from_option_or_env(option: Option<&str>) -> Result<LogFilter, String> {
        match option {
            Some(text) => LogFilter::parse(text),
            None => match std::env::var("RUST_LOG") {
                Ok(text) if !text.trim().is_empty() => LogFilter::parse(&text),
                _ => LogFilter::parse(DEFAULT_FILTER),
            },
        }
    }

    /// The filter's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The most verbose level any directive enables: what connectors are asked to send.
    pub fn connector_level(&self) -> LogLevel {
        let mut max = self.targets.default_level().unwrap_or(LevelFilter::OFF);
        for (_, level) in self.targets.iter() {
            if level > max {
                max = level;
            }
        }
        to_log_level(max)
    }

    fn enabled(&self, target: &str, level: &Level) -> bool {
        self.targets.would_enable(target, level)
    }

    /// Whether a connector event with the connector's own `target` passes: by that target,
    /// by `connector` (every connector event), or, for the execution log, by
    /// [`REQUEST_TARGET`].
    fn connector_enabled(&self, target: &str, level: &Level) -> bool {
        self.enabled(target, level)
            || self.enabled(CONNECTOR_TARGET, level)
            || (is_request(target) && self.enabled(REQUEST_TARGET, level))
    }
}

fn to_log_level(level: LevelFilter) -> LogLevel {
    match level.into_level() {
        None => LogLevel::Off,
        Some(Level::ERROR) => LogLevel::Error,
        Some(Level::WARN) => LogLevel::Warn,
        Some(Level::INFO) => LogLevel::Info,
        Some(Level::DEBUG) => LogLevel::Debug,
        Some(Level::TRACE) => LogLevel::Trace,
    }
}

/// The format chosen at [`install`]: every other line the host writes on stderr (summary,
/// configuration errors, progress, connection-test steps) follows it.
static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// The log format of this process ([`LogFormat::Text`] until [`install`] says otherwise).
pub fn format() -> LogFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// True when stderr carries one JSON object per line.
pub fn is_json() -> bool {
    format() == LogFormat::Json
}

/// Writes one line of the host's own on stderr that is not a log event (the summary, a
/// configuration error, a progress line, a connection-test step): `text` as it is in text
/// mode; in json mode one object `{"time","level","target","message",…fields}` like every
/// log event, so that a monitoring system reads every stderr line the same way.
pub fn host_line(level: Level, target: &str, text: &str, fields: Map<String, Value>) {
    let line = match format() {
        LogFormat::Text => format!("{text}\n"),
        LogFormat::Json => json_line(&level, target, text, fields),
    };
    crate::progress::suspend(|| {
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
}

/// One JSON line for a host message (`message` and the fields), for lines written before
/// the log is installed (argument errors).
pub fn json_message(level: Level, target: &str, message: &str) -> String {
    json_line(&level, target, message, Map::new())
}

/// Installs the host's log as the global subscriber (once per process; later calls are
/// ignored).
pub fn install(format: LogFormat, filter: LogFilter) {
    let _ = FORMAT.set(format);
    let layer = HostLogLayer { format, filter };
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer));
}

struct HostLogLayer {
    format: LogFormat,
    filter: LogFilter,
}

impl<S: Subscriber> Layer<S> for HostLogLayer {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        if metadata.target() == CONNECTOR_TARGET {
            // Decided per event, once the connector's own target is known.
            to_log_level(LevelFilter::from_level(*metadata.level()))
                >= self.filter.connector_level()
        } else {
            self.filter.enabled(metadata.target(), metadata.level())
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut visitor = Fields::default();
        event.record(&mut visitor);
        let meta = event.metadata();
        let mut target = meta.target().to_string();
        let mut fields = visitor.fields;
        if target == CONNECTOR_TARGET {
            if let Some(Value::String(t)) = fields.remove("connector.target") {
                target = t;
            }
            if let Some(Value::String(json)) = fields.remove("connector.fields") {
                if let Ok(Value::Object(inner)) = serde_json::from_str::<Value>(&json) {
                    fields.extend(inner);
                }
            }
            // By the connector's own target; `connector=<level>` still covers them all.
            if !self.filter.connector_enabled(&target, meta.level()) {
                return;
            }
        }
        let line = match self.format {
            LogFormat::Text => text_line(meta.level(), &target, &visitor.message, &fields),
            LogFormat::Json => json_line(meta.level(), &target, &visitor.message, fields),
        };
        crate::progress::suspend(|| {
            let stderr = std::io::stderr();
            let mut lock = stderr.lock();
            let _ = lock.write_all(line.as_bytes());
        });
    }
}

/// A request of the execution log: a connector target ending in `::request`.
fn is_request(target: &str) -> bool {
    target.ends_with("::request")
}

fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    now.format(&format).unwrap_or_default()
}

fn text_line(level: &Level, target: &str, message: &str, fields: &Map<String, Value>) -> String {
    let mut line = now();
    if is_request(target) {
        // time request <operation> key=value … <outcome> [code]
        let get = |k: &str| fields.get(k).map(plain).unwrap_or_default();
        line.push_str(" request ");
        line.push_str(&get("operation"));
        // The usual fields first, in a fixed order, then any others.
        const ORDER: [&str; 6] = [
            "record_type",
            "count",
            "duration_ms",
            "attempt",
            "ns_id",
            "application_id",
        ];
        let mut keys: Vec<&String> = fields
            .keys()
            .filter(|k| !matches!(k.as_str(), "operation" | "outcome" | "code"))
            .collect();
        keys.sort_by_key(|k| {
            (
                ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()),
                k.as_str(),
            )
        });
        for key in keys {
            let value = plain(&fields[key.as_str()]);
            // Empty ids and a zero count (calls that are not about records) are noise.
            if value.is_empty() || (key.as_str() == "count" && value == "0") {
                continue;
            }
            line.push_str(&format!(" {key}={value}"));
        }
        let outcome = get("outcome");
        if !outcome.is_empty() {
            line.push(' ');
            line.push_str(&outcome);
        }
        let code = get("code");
        if !code.is_empty() {
            line.push(' ');
            line.push_str(&code);
        }
    } else {
        line.push_str(&format!(" {:>5} {target}: {message}", level.as_str()));
        for (key, value) in fields {
            line.push_str(&format!(" {key}={}", quoted(value)));
        }
    }
    line.push('\n');
    line
}

fn json_line(level: &Level, target: &str, message: &str, fields: Map<String, Value>) -> String {
    let mut object = Map::new();
    object.insert("time".into(), Value::String(now()));
    object.insert("level".into(), Value::String(level.as_str().into()));
    object.insert("target".into(), Value::String(target.into()));
    object.insert("message".into(), Value::String(message.into()));
    for (key, value) in fields {
        object.entry(key).or_insert(value);
    }
    let mut line = Value::Object(object).to_string();
    line.push('\n');
    line
}

/// A field value as plain text (strings without quotes).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A field value for `key=value`: quoted when it holds spaces.
fn quoted(value: &Value) -> String {
    match value {
        Value::String(s) if s.contains(char::is_whitespace) || s.is_empty() => {
            Value::String(s.clone()).to_string()
        }
        other => plain(other),
    }
}

#[derive(Default)]
struct Fields {
    message: String,
    fields: Map<String, Value>,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields
                .insert(field.name().to_string(), Value::String(text));
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.fields
                .insert(field.name().to_string(), Value::String(value.to_string()));
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.insert(field.name().to_string(), value.into());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields.insert(field.name().to_string(), value.into());
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.fields.insert(field.name().to_string(), value.into());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.fields.insert(field.name().to_string(), value.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_filter_asks_connectors_for_info() {
        let filter = LogFilter::parse(DEFAULT_FILTER).unwrap();
        assert_eq!(filter.connector_level(), LogLevel::Info);
        assert!(filter.connector_enabled("netsuite_connector::request", &Level::INFO));
        assert!(filter.connector_enabled("echo_connector::request", &Level::INFO));
        assert!(!filter.connector_enabled("netsuite_connector::client", &Level::INFO));
        assert!(filter.connector_enabled("netsuite_connector::client", &Level::WARN));
        assert!(!filter.connector_enabled("netsuite_connector::request", &Level::DEBUG));
    }

    #[test]
    fn the_default_filter_names_no_connector() {
        assert!(!DEFAULT_FILTER.contains("netsuite"));
    }

    #[test]
    fn request_lines_are_readable() {
        let fields: Map<String, Value> = serde_json::from_str(
            r#"{"operation":"search","record_type":"customer","count":1000,"duration_ms":41,
                "attempt":1,"ns_id":"WEBSERVICES_1","application_id":"","outcome":"ok"}"#,
        )
        .unwrap();
        let line = text_line(
            &Level::INFO,
            "netsuite_connector::request",
            "NetSuite request",
            &fields,
        );
        let rest = line.split_once(' ').unwrap().1;
        assert_eq!(
            rest,
            "request search record_type=customer count=1000 duration_ms=41 attempt=1 ns_id=WEBSERVICES_1 ok\n"
        );
    }

    #[test]
    fn connector_events_are_filtered_by_their_own_target_or_connector() {
        let filter = LogFilter::parse("warn,connector=debug").unwrap();
        assert_eq!(filter.connector_level(), LogLevel::Debug);
        assert!(filter.enabled("connector", &Level::DEBUG));
        assert!(filter.connector_enabled("echo_connector", &Level::DEBUG));
        let filter = LogFilter::parse("warn,netsuite_connector::retry=debug").unwrap();
        assert!(filter.connector_enabled("netsuite_connector::retry", &Level::DEBUG));
        assert!(!filter.connector_enabled("netsuite_connector::client", &Level::DEBUG));
        // Without the default's `connector::request`, a connector's execution log is only
        // shown when its own target asks for it, as before.
        let filter = LogFilter::parse("warn,netsuite_connector::request=info").unwrap();
        assert!(filter.connector_enabled("netsuite_connector::request", &Level::INFO));
        assert!(!filter.connector_enabled("echo_connector::request", &Level::INFO));
    }

    #[test]
    fn bad_filters_are_refused() {
        assert!(LogFilter::parse("info,=nonsense=").is_err());
    }
}
