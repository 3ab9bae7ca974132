//! Adapters from the plain Rust traits to the ABI traits: JSON in and out, panics contained.

use connector_api::abi_stable::{
    sabi_trait::TD_Opaque,
    std_types::{RResult, RSlice, RStr, RString},
};

use crate::guard::Poison;
use crate::payload::{BrowseRequest, ConnectorErrorExt};
use crate::results::TrackedResults;
use crate::{log, ConnectionImpl, ConnectorImpl, Host, OperationImpl};
use crate::{
    Cancellation, Connection, ConnectionBox, Connection_TO, Connector, ConnectorBox,
    ConnectorError, Connector_TO, Document, ErrorKind, HostServices, Operation, OperationBox,
    Operation_TO, Outcome, OutcomeStatus, ResultSinkMut,
};

/// Creates the ABI connector from a plain constructor: installs log forwarding, then runs the
/// constructor with panics contained. Called by [`export_connector!`](crate::export_connector).
pub fn new_connector<C, F>(
    services: HostServices,
    constructor: F,
) -> RResult<ConnectorBox, ConnectorError>
where
    C: ConnectorImpl,
    F: FnOnce(Host) -> Result<C, ConnectorError>,
{
    log::install(services.log.clone());
    let poison = Poison::new(services.log.clone());
    let host = Host::new(services);
    poison
        .guard("new_connector", || constructor(host))
        .map(|inner| Connector_TO::from_value(ConnectorAdapter { inner, poison }, TD_Opaque))
        .into()
}

struct ConnectorAdapter<C> {
    inner: C,
    poison: Poison,
}

fn parse_json(what: &str, text: &str) -> Result<serde_json::Value, ConnectorError> {
    serde_json::from_str(text).map_err(|e| {
        ConnectorError::invalid_settings(vec![crate::payload::FieldError::new(
            "",
            format!("{what} are not valid JSON: {e}"),
        )])
    })
}

fn to_json_text<T: serde::Serialize>(value: &T) -> Result<RString, ConnectorError> {
    serde_json::to_string(value)
        .map(RString::from)
        .map_err(|e| ConnectorError::internal(format!("could not encode a payload: {e}")))
}

impl<C: ConnectorImpl> Connector for ConnectorAdapter<C> {
    fn spec(&self) -> RString {
        // `spec` cannot fail in the ABI; a broken spec shows up as an invalid descriptor.
        match self
            .poison
            .guard("spec", || to_json_text(&self.inner.spec()))
        {
            Ok(text) => text,
            Err(e) => serde_json::json!({ "error": e.message.as_str() })
                .to_string()
                .into(),
        }
    }

    fn configure(&self, settings_json: RStr<'_>) -> RResult<ConnectionBox, ConnectorError> {
        let poison = self.poison.clone();
        self.poison
            .guard("configure", || {
                let settings = parse_json("connection settings", settings_json.as_str())?;
                self.inner.configure(settings)
            })
            .map(|inner| Connection_TO::from_value(ConnectionAdapter { inner, poison }, TD_Opaque))
            .into()
    }
}

struct ConnectionAdapter {
    inner: Box<dyn ConnectionImpl>,
    poison: Poison,
}

impl Connection for ConnectionAdapter {
    fn info(&self) -> RString {
        match self
            .poison
            .guard("info", || to_json_text(&self.inner.info()))
        {
            Ok(text) => text,
            Err(e) => serde_json::json!({ "error": e.message.as_str() })
                .to_string()
                .into(),
        }
    }

    fn test_connection(&self, cancel: &Cancellation) -> RResult<RString, ConnectorError> {
        self.poison
            .guard("test_connection", || {
                to_json_text(&self.inner.test_connection(cancel)?)
            })
            .into()
    }

    fn browse(
        &self,
        request_json: RStr<'_>,
        cancel: &Cancellation,
    ) -> RResult<RString, ConnectorError> {
        self.poison
            .guard("browse", || {
                let request: BrowseRequest =
                    serde_json::from_str(request_json.as_str()).map_err(|e| {
                        ConnectorError::new(
                            ErrorKind::Config,
                            "INVALID_BROWSE_REQUEST",
                            format!("the browse request is not understood: {e}"),
                        )
                    })?;
                to_json_text(&self.inner.browse(request, cancel)?)
            })
            .into()
    }

    fn prepare(&self, operation_json: RStr<'_>) -> RResult<OperationBox, ConnectorError> {
        let poison = self.poison.clone();
        self.poison
            .guard("prepare", || {
                let operation = parse_json("operation settings", operation_json.as_str())?;
                self.inner.prepare(operation)
            })
            .map(|inner| Operation_TO::from_value(OperationAdapter { inner, poison }, TD_Opaque))
            .into()
    }
}

struct OperationAdapter {
    inner: Box<dyn OperationImpl>,
    poison: Poison,
}

impl Operation for OperationAdapter {
    fn execute(
        &self,
        documents: RSlice<'_, Document>,
        sink: ResultSinkMut<'_>,
        cancel: &Cancellation,
    ) -> RResult<(), ConnectorError> {
        let mut results = TrackedResults::new(sink, documents.len());
        let outcome = self.poison.guard("execute", || {
            self.inner
                .execute(documents.as_slice(), &mut results, cancel)
        });
        if let Err(e) = &outcome {
            // A batch that failed as a whole still owes each document its one outcome.
            let failure = Outcome {
                status: OutcomeStatus::Failure,
                code: e.code.clone(),
                message: e.message.clone(),
                detail_json: e.detail_json.clone(),
            };
            results.finish_missing(&failure);
        }
        outcome.into()
    }
}
