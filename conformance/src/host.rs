//! What the harness needs from a host: a loader and instrumented services.
//!
//! The harness never loads libraries or builds transports itself, so it checks a connector
//! through the same code paths as the real host. A host implements [`ConformanceHost`]; the
//! harness supplies the instruments ([`CountingTransport`] around the host's transport, and a
//! [`LogProbe`] over the host's capturing log sink).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::{RArc, RResult, RStr};
use connector_api::{
    Cancellation, ConnectorMod_Ref, HostServices, HttpRequest, HttpResponse, HttpTransport,
    HttpTransportBox, HttpTransport_TO, LogLevel, LogSinkBox, TransportError,
};

/// A host the harness can check connectors with.
pub trait ConformanceHost: Sync {
    /// Opens the library at `path` and returns its root module, or a one-line reason.
    ///
    /// # Errors
    ///
    /// The reason the library is not a compatible connector, naming the file.
    fn load(&self, path: &Path) -> Result<ConnectorMod_Ref, String>;

    /// Fresh services for one connector instance: the host's transport wrapped in a
    /// [`CountingTransport`], and a log sink whose records the returned probe can read.
    fn services(&self) -> InstrumentedServices;
}

/// Host services plus the instruments the harness reads.
pub struct InstrumentedServices {
    /// What the connector receives.
    pub services: HostServices,
    /// Number of `send` calls the connector made through `services.transport`.
    pub transport_calls: CallCounter,
    /// The records `services.log` received.
    pub logs: Arc<dyn LogProbe>,
}

impl InstrumentedServices {
    /// Assembles services from the host's transport (wrapped here to count calls), a capturing
    /// log sink with its probe, and the host configuration JSON.
    pub fn new(
        transport: HttpTransportBox,
        log: LogSinkBox,
        logs: Arc<dyn LogProbe>,
        config_json: &str,
    ) -> InstrumentedServices {
        let (transport, transport_calls) = CountingTransport::wrap(transport);
        InstrumentedServices {
            services: HostServices {
                transport,
                log,
                config_json: config_json.into(),
            },
            transport_calls,
            logs,
        }
    }
}

/// Counts calls; clones share the count.
#[derive(Clone, Debug, Default)]
pub struct CallCounter(Arc<AtomicUsize>);

impl CallCounter {
    /// Calls so far.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    fn increment(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A transport that counts `send` calls and forwards everything to the host's transport.
#[derive(Clone)]
pub struct CountingTransport {
    inner: HttpTransportBox,
    sends: CallCounter,
}

impl CountingTransport {
    /// Wraps `inner`; returns the wrapped box and its counter.
    pub fn wrap(inner: HttpTransportBox) -> (HttpTransportBox, CallCounter) {
        let sends = CallCounter::default();
        let counting = CountingTransport {
            inner,
            sends: sends.clone(),
        };
        (
            HttpTransport_TO::from_ptr(RArc::new(counting), TD_Opaque),
            sends,
        )
    }
}

impl HttpTransport for CountingTransport {
    fn declare_pool(&self, key: RStr<'_>, limit: u32) {
        // Declaring a budget is bookkeeping, not network traffic: not counted.
        self.inner.declare_pool(key, limit)
    }

    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError> {
        self.sends.increment();
        self.inner.send(request, cancel)
    }
}

/// One captured log record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapturedLog {
    /// Severity.
    pub level: LogLevel,
    /// The connector's target.
    pub target: String,
    /// The message.
    pub message: String,
    /// Fields as JSON object text.
    pub fields_json: String,
}

/// Reads what a capturing log sink has received.
pub trait LogProbe: Send + Sync {
    /// Every record so far.
    fn records(&self) -> Vec<CapturedLog>;
}
