//! A log sink for tests: keeps every record at or above a level, or drops them all.

use std::sync::{Arc, Mutex};

use connector_sdk::abi_stable::sabi_trait::TD_Opaque;
use connector_sdk::abi_stable::std_types::RArc;
use connector_sdk::{LogLevel, LogRecord, LogSink, LogSinkBox, LogSink_TO};

/// One record as the connector sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    /// Severity.
    pub level: LogLevel,
    /// `tracing` target, e.g. `netsuite_connector::request`.
    pub target: String,
    /// The message.
    pub message: String,
    /// The fields, as JSON text.
    pub fields_json: String,
}

/// The records a [`capture`] sink received.
#[derive(Clone, Default, Debug)]
pub struct Capture(Arc<Mutex<Vec<Captured>>>);

impl Capture {
    /// Every record so far.
    pub fn records(&self) -> Vec<Captured> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every record as one line of text (`LEVEL target: message fields`).
    pub fn text(&self) -> String {
        self.records()
            .iter()
            .map(|r| {
                format!(
                    "{:?} {}: {} {}\n",
                    r.level, r.target, r.message, r.fields_json
                )
            })
            .collect()
    }
}

#[derive(Clone)]
struct Sink {
    level: LogLevel,
    capture: Option<Capture>,
}

impl LogSink for Sink {
    fn max_level(&self) -> LogLevel {
        self.level
    }

    fn log(&self, record: LogRecord<'_>) {
        if let Some(capture) = &self.capture {
            capture
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Captured {
                    level: record.level,
                    target: record.target.as_str().to_string(),
                    message: record.message.as_str().to_string(),
                    fields_json: record.fields_json.as_str().to_string(),
                });
        }
    }
}

/// A sink keeping every record at `level` or above, and what it keeps.
pub fn capture(level: LogLevel) -> (LogSinkBox, Capture) {
    let capture = Capture::default();
    let sink = Sink {
        level,
        capture: Some(capture.clone()),
    };
    (LogSink_TO::from_ptr(RArc::new(sink), TD_Opaque), capture)
}

/// A sink that asks for errors only and drops them.
pub fn quiet() -> LogSinkBox {
    let sink = Sink {
        level: LogLevel::Error,
        capture: None,
    };
    LogSink_TO::from_ptr(RArc::new(sink), TD_Opaque)
}
