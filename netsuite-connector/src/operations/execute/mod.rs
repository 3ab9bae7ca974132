//! Execute: platform functions, one call per input document.

use std::sync::Arc;

use connector_api::sdk::{OperationImpl, Results};
use connector_api::{Cancellation, ConnectorError, Document, Outcome};
use schemars::JsonSchema;
use serde::Deserialize;

use super::outcome;
use crate::client::{CallOptions, Client};
use crate::parse::response;

/// Settings of an Execute operation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecuteSettings {
    /// The function to run: `getServerTime`.
    pub function: ExecuteFunction,
}

/// Functions available to Execute.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
pub enum ExecuteFunction {
    /// NetSuite's server time; the input document is ignored.
    #[serde(rename = "getServerTime")]
    GetServerTime,
}

/// A prepared Execute.
pub struct Execute {
    client: Arc<Client>,
    settings: ExecuteSettings,
}

impl Execute {
    /// Builds the operation.
    pub fn new(client: Arc<Client>, settings: ExecuteSettings) -> Execute {
        Execute { client, settings }
    }
}

impl OperationImpl for Execute {
    fn execute(
        &self,
        batch: &[Document],
        results: &mut dyn Results,
        cancel: &Cancellation,
    ) -> Result<(), ConnectorError> {
        match self.settings.function {
            ExecuteFunction::GetServerTime => {
                for i in 0..batch.len() {
                    let answer = self
                        .client
                        .call("getServerTime", CallOptions::default(), cancel, &|w| {
                            w.create_element("platformMsgs:getServerTime")
                                .write_empty()?;
                            Ok(())
                        })
                        .and_then(|r| r.read(response::server_time));
                    match answer {
                        Ok(time) => {
                            results.output(
                                i,
                                Document::json(
                                    serde_json::json!({ "serverTime": time }).to_string(),
                                ),
                            );
                            results.outcome(i, Outcome::success());
                        }
                        Err(e) => results.outcome(i, outcome::of_request_error(e)),
                    }
                }
            }
        }
        Ok(())
    }
}
