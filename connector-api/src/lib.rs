//! The stable plugin ABI between the host runner and connectors.
//!
//! A connector is a dynamic library exporting one root module, [`ConnectorMod`]. The host loads
//! it with `abi_stable`, hands it [`HostServices`] (HTTP transport, log sink) and gets back a
//! [`ConnectorBox`]. From there, following Boomi's split, one *connection* (configured from
//! connection settings) serves many *operations* (one action on one record type):
//!
//! ```text
//! ConnectorMod::new_connector(HostServices) -> Connector
//!   Connector::spec()                       descriptor: JSON Schemas of every setting
//!   Connector::configure(settings)          pure validation, no network -> Connection
//!     Connection::test_connection(..)       network check, step-by-step report
//!     Connection::browse(request, ..)       object types and profiles
//!     Connection::prepare(operation)        operation settings -> Operation
//!       Operation::execute(batch, sink, ..) one final outcome per input document
//! ```
//!
//! # Stability
//!
//! This crate is 1.x and its ABI is frozen: a host built against a newer interface refuses a
//! plugin built against an older one as soon as a module field or trait method is added, so
//! nothing is ever added to the `#[repr(C)]` types or `#[sabi_trait]` traits within 1.x.
//! Everything expected to change (settings, operation settings, specs, browse results,
//! reports, error details) crosses as versioned JSON text, whose Rust shapes live in the
//! `connector-payload` crate and evolve with serde defaults.
//!
//! This crate is the ABI alone and depends on `abi_stable` only. Connector authors write
//! against `connector-sdk` (export macro, panic containment, log forwarding, typed payloads),
//! which versions on its own: nothing in it is checked when the host loads a plugin.

#![deny(missing_docs)]
// The ABI modules hold abi_stable's generated glue, which uses `unsafe`; nothing else may.
#![deny(unsafe_code)]

#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod cancel;
#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod connector;
#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod error;
#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod host;
#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod module;
#[allow(unsafe_code, non_local_definitions, non_camel_case_types)]
mod types;

pub use abi_stable;
pub use cancel::Cancellation;
pub use connector::{
    Connection, ConnectionBox, Connection_TO, Connector, ConnectorBox, Connector_TO, Operation,
    OperationBox, Operation_TO, ResultSink, ResultSinkMut, ResultSink_TO,
};
pub use error::{ConnectorError, ErrorKind, RetryHint};
pub use host::{
    HostServices, HttpTransport, HttpTransportBox, HttpTransport_TO, LogLevel, LogRecord, LogSink,
    LogSinkBox, LogSink_TO,
};
pub use module::{ConnectorMod, ConnectorMod_Ref};
pub use types::{
    Document, HttpHeader, HttpRequest, HttpResponse, Outcome, OutcomeStatus, TransportError,
    TransportErrorKind,
};
