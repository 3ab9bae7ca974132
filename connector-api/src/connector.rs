//! The connector, connection and operation traits, and the result sink.

use abi_stable::{
    sabi_trait,
    sabi_types::RMut,
    std_types::{RBox, RResult, RSlice, RStr, RString},
};

use crate::{Cancellation, ConnectorError, Document, Outcome};

/// A loaded connector: describes itself and turns connection settings into connections.
#[sabi_trait]
pub trait Connector: Send + Sync {
    /// The descriptor as JSON (`connector_payload::Spec`): name, version, the
    /// JSON Schema of the connection settings and of each operation type's settings.
    fn spec(&self) -> RString;

    /// Validates connection settings (JSON) and returns a connection, or a `Config` error with
    /// field-level details. Never touches the network.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn configure(&self, settings_json: RStr<'_>) -> RResult<ConnectionBox, ConnectorError>;
}

/// A connector as the host holds it.
pub type ConnectorBox = Connector_TO<'static, RBox<()>>;

/// A configured connection (Boomi's connection component): account, credentials, endpoint,
/// retries and concurrency limit. Serves any number of operations, from any number of threads.
#[sabi_trait]
pub trait Connection: Send + Sync {
    /// What the host needs to know, as JSON (`connector_payload::ConnectionInfo`):
    /// the concurrency pool key and limit, and a secret-free summary.
    fn info(&self) -> RString;

    /// Checks the connection over the network step by step; returns a
    /// `connector_payload::TestReport` as JSON. A failed step is reported
    /// in the report, not as an error; errors are for calls that could not run at all.
    fn test_connection(&self, cancel: &Cancellation) -> RResult<RString, ConnectorError>;

    /// Answers a `connector_payload::BrowseRequest` (JSON): object
    /// types for an action, or the input/output profile of one type.
    fn browse(
        &self,
        request_json: RStr<'_>,
        cancel: &Cancellation,
    ) -> RResult<RString, ConnectorError>;

    /// Validates operation settings (JSON) and returns a ready operation, or a `Config` error
    /// with field-level details.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn prepare(&self, operation_json: RStr<'_>) -> RResult<OperationBox, ConnectorError>;
}

/// A connection as the host holds it.
pub type ConnectionBox = Connection_TO<'static, RBox<()>>;

/// A prepared operation (Boomi's operation component): one action on one record type.
#[sabi_trait]
pub trait Operation: Send + Sync {
    /// Processes one batch of input documents.
    ///
    /// Must report exactly one final [`Outcome`] per input document through `sink`, and may
    /// emit any number of output documents per input before it (e.g. the rows of a query).
    /// An `Err` means the batch could not run at all; the host then marks every document
    /// without an outcome FAILURE with this error.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn execute(
        &self,
        documents: RSlice<'_, Document>,
        sink: ResultSinkMut<'_>,
        cancel: &Cancellation,
    ) -> RResult<(), ConnectorError>;
}

/// An operation as the host holds it.
pub type OperationBox = Operation_TO<'static, RBox<()>>;

/// Receives an operation's results as they are produced, so nothing needs to be held in memory.
#[sabi_trait]
pub trait ResultSink {
    /// An output document for input `input_index` (0-based within the batch).
    fn output(&mut self, input_index: u32, document: Document);

    /// The final outcome of input `input_index`. Exactly one per input.
    ///
    /// Frozen for 1.x: no method is ever added below this one.
    #[sabi(last_prefix_field)]
    fn outcome(&mut self, input_index: u32, outcome: Outcome);
}

/// The result sink as passed to [`Operation::execute`].
pub type ResultSinkMut<'a> = ResultSink_TO<'a, RMut<'a, ()>>;
