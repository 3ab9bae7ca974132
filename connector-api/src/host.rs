//! Services the host hands to a connector: the HTTP transport and the log sink.

use abi_stable::{
    sabi_trait,
    std_types::{RArc, RResult, RStr, RString},
    StableAbi,
};

use crate::{Cancellation, HttpRequest, HttpResponse, TransportError};

/// The host's HTTP client: connection reuse, TLS, timeouts and the per-key concurrency budget.
///
/// Calls block the calling thread (a host worker thread, never an async executor thread) until
/// the response arrives, the request fails, or `cancel` fires. The transport never retries:
/// retry decisions belong to the connector, which knows the protocol.
#[sabi_trait]
pub trait HttpTransport: Send + Sync + Clone {
    /// Declares (or changes) the concurrency budget of `key`: at most `limit` requests carrying
    /// this `pool_key` are in flight at once across every connection and process in the host;
    /// the rest wait for a permit in arrival order. Called by a connector when it is configured
    /// (for NetSuite: the account and its Maximum Number of Concurrent Connections).
    fn declare_pool(&self, key: RStr<'_>, limit: u32);

    /// Sends one request and reads the whole response.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError>;
}

/// The transport as the connector holds it (shared, cloneable).
pub type HttpTransportBox = HttpTransport_TO<'static, RArc<()>>;

/// Severity of a log record, as in `tracing`.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// Very verbose.
    Trace = 0,
    /// Debugging detail.
    Debug = 1,
    /// Normal events.
    Info = 2,
    /// Something unexpected but handled.
    Warn = 3,
    /// A failure.
    Error = 4,
    /// Nothing is logged (only as a maximum level).
    Off = 5,
}

/// One log event from the connector.
#[repr(C)]
#[derive(StableAbi, Clone, Copy, Debug)]
pub struct LogRecord<'a> {
    /// Severity.
    pub level: LogLevel,
    /// The event's target (module path inside the connector, e.g. `netsuite_connector::retry`).
    pub target: RStr<'a>,
    /// The formatted message.
    pub message: RStr<'a>,
    /// Structured fields as a JSON object text (`{"attempt":2}`); may be `{}`.
    pub fields_json: RStr<'a>,
}

/// Where connector log events go: the host's log, with the connector's level, target and fields.
#[sabi_trait]
pub trait LogSink: Send + Sync + Clone {
    /// The most verbose level the host wants; the connector drops anything below it.
    fn max_level(&self) -> LogLevel;

    /// Writes one event.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn log(&self, record: LogRecord<'_>);
}

/// The log sink as the connector holds it (shared, cloneable).
pub type LogSinkBox = LogSink_TO<'static, RArc<()>>;

/// Everything the host provides to a connector when creating it.
#[repr(C)]
#[derive(StableAbi, Clone)]
pub struct HostServices {
    /// The HTTP transport.
    pub transport: HttpTransportBox,
    /// The log sink.
    pub log: LogSinkBox,
    /// Host configuration for connectors as versioned JSON (see
    /// `connector_payload::HostConfig`); may hold references to secrets,
    /// never printed.
    pub config_json: RString,
}

impl std::fmt::Debug for HostServices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // config_json may carry integration-record credentials: never print it.
        f.debug_struct("HostServices").finish_non_exhaustive()
    }
}
