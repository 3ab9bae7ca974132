//! The host's log sink: connector log records become host `tracing` events.
//!
//! A plugin has its own copy of `tracing`'s statics, so its events reach the host only through
//! this sink. `tracing` callsites need static targets, so every record is emitted with the host
//! target `connector`, at the record's level, with the connector's own target and fields as
//! event fields:
//!
//! ```text
//! INFO connector: echo batch started connector.target="echo_connector" connector.fields={"documents":3}
//! ```
//!
//! Filter them with `RUST_LOG=connector=debug`. For tests, [`HostLogSink::capturing`] also keeps
//! every record in memory.

use std::sync::{Arc, Mutex, PoisonError};

use abi_stable::{sabi_trait::TD_Opaque, std_types::RArc};
use connector_api::{LogLevel, LogRecord, LogSink, LogSinkBox, LogSink_TO};
use tracing::Level;

/// The `tracing` target of every connector event in the host.
pub const CONNECTOR_TARGET: &str = "connector";

/// One record as captured in memory (owned copy of a [`LogRecord`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapturedRecord {
    /// Severity.
    pub level: LogLevel,
    /// The connector's target (module path inside the connector).
    pub target: String,
    /// The message.
    pub message: String,
    /// Fields as JSON object text.
    pub fields_json: String,
}

/// The records a capturing sink has received so far; clones share the buffer.
#[derive(Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<CapturedRecord>>>);

impl std::fmt::Debug for LogCapture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The count only: records are for assertions, not for Debug output.
        let count = self.0.lock().map(|r| r.len()).unwrap_or_default();
        f.debug_struct("LogCapture")
            .field("records", &count)
            .finish()
    }
}

impl LogCapture {
    /// A copy of every record so far.
    pub fn records(&self) -> Vec<CapturedRecord> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn push(&self, record: CapturedRecord) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(record);
    }
}

/// Forwards connector log records to the host's `tracing` subscriber.
#[derive(Clone, Debug)]
pub struct HostLogSink {
    max_level: LogLevel,
    capture: Option<LogCapture>,
}

impl HostLogSink {
    /// A sink whose maximum level is what the host's current subscriber accepts for the
    /// `connector` target (so `RUST_LOG=info,connector=debug` asks connectors for debug).
    pub fn from_host_filter() -> HostLogSink {
        HostLogSink {
            max_level: level_enabled_for_connectors(),
            capture: None,
        }
    }

    /// A sink with an explicit maximum level.
    pub fn with_max_level(max_level: LogLevel) -> HostLogSink {
        HostLogSink {
            max_level,
            capture: None,
        }
    }

    /// A sink that also keeps every record in memory, asking connectors for records at
    /// `max_level` and above whatever the host's subscriber accepts.
    pub fn capturing(max_level: LogLevel) -> (HostLogSink, LogCapture) {
        let capture = LogCapture::default();
        (
            HostLogSink {
                max_level,
                capture: Some(capture.clone()),
            },
            capture,
        )
    }

    /// The most verbose level connectors are asked for.
    pub fn level(&self) -> LogLevel {
        self.max_level
    }

    /// The sink as the ABI box handed to a connector.
    pub fn into_box(self) -> LogSinkBox {
        LogSink_TO::from_ptr(RArc::new(self), TD_Opaque)
    }
}

impl LogSink for HostLogSink {
    fn max_level(&self) -> LogLevel {
        self.max_level
    }

    fn log(&self, record: LogRecord<'_>) {
        // Requests, query pages and test steps count whatever the display shows.
        crate::activity::observe(record.target.as_str(), record.fields_json.as_str());
        if record.level < self.max_level || record.level == LogLevel::Off {
            return;
        }
        if let Some(capture) = &self.capture {
            capture.push(CapturedRecord {
                level: record.level,
                target: record.target.to_string(),
                message: record.message.to_string(),
                fields_json: record.fields_json.to_string(),
            });
        }
        emit(&record);
    }
}

/// Emits one record as a host event. A macro per level because `tracing` levels are static.
fn emit(record: &LogRecord<'_>) {
    let target = record.target.as_str();
    let message = record.message.as_str();
    let fields = record.fields_json.as_str();
    macro_rules! event_at {
        ($level:expr) => {
            tracing::event!(
                target: "connector",
                $level,
                connector.target = target,
                connector.fields = fields,
                "{message}"
            )
        };
    }
    match record.level {
        LogLevel::Trace => event_at!(Level::TRACE),
        LogLevel::Debug => event_at!(Level::DEBUG),
        LogLevel::Info => event_at!(Level::INFO),
        LogLevel::Warn => event_at!(Level::WARN),
        LogLevel::Error => event_at!(Level::ERROR),
        LogLevel::Off => {}
    }
}

/// The most verbose level the host's subscriber accepts for the `connector` target.
fn level_enabled_for_connectors() -> LogLevel {
    if tracing::enabled!(target: "connector", Level::TRACE) {
        LogLevel::Trace
    } else if tracing::enabled!(target: "connector", Level::DEBUG) {
        LogLevel::Debug
    } else if tracing::enabled!(target: "connector", Level::INFO) {
        LogLevel::Info
    } else if tracing::enabled!(target: "connector", Level::WARN) {
        LogLevel::Warn
    } else if tracing::enabled!(target: "connector", Level::ERROR) {
        LogLevel::Error
    } else {
        LogLevel::Off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(level: LogLevel) -> LogRecord<'static> {
        LogRecord {
            level,
            target: "echo_connector".into(),
            message: "hello".into(),
            fields_json: r#"{"n":1}"#.into(),
        }
    }

    #[test]
    fn capture_keeps_records_at_or_above_the_level() {
        let (sink, capture) = HostLogSink::capturing(LogLevel::Info);
        sink.log(record(LogLevel::Debug));
        sink.log(record(LogLevel::Warn));
        let records = capture.records();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].level, LogLevel::Warn);
        assert_eq!(records[0].target, "echo_connector");
        assert_eq!(records[0].fields_json, r#"{"n":1}"#);
    }

    #[test]
    fn no_subscriber_means_off() {
        // Unit tests install no subscriber, so nothing is enabled.
        assert_eq!(HostLogSink::from_host_filter().level(), LogLevel::Off);
    }
}
