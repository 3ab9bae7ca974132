//! Forwards the connector's `tracing` events to the host's log sink.
//!
//! A plugin library has its own copy of `tracing`'s global state, so events emitted inside it
//! reach nobody unless a subscriber is installed there. This one hands each event to the host
//! with its level, target, message and fields.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Once, RwLock};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::{LogLevel, LogRecord, LogSinkBox};

static SINK: RwLock<Option<LogSinkBox>> = RwLock::new(None);

thread_local! {
    /// The sink of the connector instance whose call is running on this thread, if any.
    static CALL_SINK: std::cell::RefCell<Option<LogSinkBox>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with events of this thread going to `sink` (the calling instance's host), then
/// restores the previous sink. Several hosts, or several instances with their own sinks, can
/// then share the library without stealing each other's events.
pub(crate) fn scoped<T>(sink: &LogSinkBox, f: impl FnOnce() -> T) -> T {
    crate::scope::with(&CALL_SINK, sink.clone(), f)
}

static MAX_LEVEL: AtomicU8 = AtomicU8::new(LogLevel::Info as u8);
static INSTALL: Once = Once::new();

/// Routes this library's events to `sink` from now on.
///
/// When the connector is linked into a process that already has a global subscriber (tests
/// linking it as an rlib), that subscriber keeps receiving the events instead.
pub(crate) fn install(sink: LogSinkBox) {
    MAX_LEVEL.store(sink.max_level() as u8, Ordering::SeqCst);
    if let Ok(mut slot) = SINK.write() {
        *slot = Some(sink);
    }
    INSTALL.call_once(|| {
        let _ = tracing::subscriber::set_global_default(
            tracing_subscriber::registry().with(ForwardToHost),
        );
    });
}

fn to_log_level(level: &Level) -> LogLevel {
    match *level {
        Level::TRACE => LogLevel::Trace,
        Level::DEBUG => LogLevel::Debug,
        Level::INFO => LogLevel::Info,
        Level::WARN => LogLevel::Warn,
        Level::ERROR => LogLevel::Error,
    }
}

struct ForwardToHost;

impl<S: Subscriber> Layer<S> for ForwardToHost {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // The host may change its level later; decide per event.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        to_log_level(metadata.level()) as u8 >= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let call_sink = CALL_SINK.with(|c| c.borrow().clone());
        let global;
        let sink = match &call_sink {
            Some(s) => s,
            None => {
                let Ok(slot) = SINK.read() else { return };
                let Some(s) = slot.clone() else { return };
                global = s;
                &global
            }
        };
        let mut fields = FieldsToJson::default();
        event.record(&mut fields);
        let meta = event.metadata();
        let fields_json = serde_json::Value::Object(fields.fields).to_string();
        sink.log(LogRecord {
            level: to_log_level(meta.level()),
            target: meta.target().into(),
            message: fields.message.as_str().into(),
            fields_json: fields_json.as_str().into(),
        });
    }
}

#[derive(Default)]
struct FieldsToJson {
    message: String,
    fields: serde_json::Map<String, serde_json::Value>,
}

impl Visit for FieldsToJson {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields.insert(field.name().to_string(), text.into());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.fields.insert(field.name().to_string(), value.into());
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
