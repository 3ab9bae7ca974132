//! A configured NetSuite connection: Test Connection, browse, and preparing operations.

use std::sync::Arc;
use std::time::Instant;

use connector_sdk::payload::{
    BrowseRequest, ConnectionInfo, PoolDeclaration, StepStatus, TestReport, TestStep,
};
use connector_sdk::{Cancellation, ConnectorError, TransportErrorKind};
use connector_sdk::{ConnectionImpl, OperationImpl};

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::operations;
use crate::parse::response;

/// One NetSuite connection.
pub(crate) struct NetSuiteConnection {
    client: Arc<Client>,
}

impl NetSuiteConnection {
    /// Wraps a client.
    pub(crate) fn new(client: Client) -> NetSuiteConnection {
        NetSuiteConnection {
            client: Arc::new(client),
        }
    }
}

impl ConnectionImpl for NetSuiteConnection {
    fn info(&self) -> ConnectionInfo {
        let s = self.client.settings();
        ConnectionInfo {
            version: connector_sdk::payload::PAYLOAD_VERSION,
            pool: Some(PoolDeclaration {
                key: self.client.pool_key(),
                limit: s.max_concurrent,
            }),
            summary: format!(
                "account {}, version {}, {}, {}, at most {}",
                s.account,
                s.version,
                s.credentials.describe(),
                plural(s.retries, "retry", "retries"),
                plural(
                    s.max_concurrent,
                    "concurrent request",
                    "concurrent requests"
                )
            ),
            max_response_bytes: Some(s.max_response_bytes),
        }
    }

    fn test_connection(&self, cancel: &Cancellation) -> Result<TestReport, ConnectorError> {
        // A refused port is said at once, not after the whole retry schedule.
        let client = self.client.for_checks();
        let s = client.settings();
        let mut steps = Vec::new();
        let mut finished = |step: TestStep| {
            log_step(&step);
            steps.push(step);
        };
        finished(TestStep {
            name: "check settings".into(),
            status: StepStatus::Passed,
            duration_ms: 0,
            detail: format!(
                "account {}, version {}, {}",
                s.account,
                s.version,
                s.credentials.describe()
            ),
        });

        let started = Instant::now();
        let discovery = if s.endpoint.discover {
            match client.service_url(cancel) {
                Ok(url) => TestStep {
                    name: "discover data center (getDataCenterUrls)".into(),
                    status: StepStatus::Passed,
                    duration_ms: started.elapsed().as_millis() as u64,
                    detail: format!("requests go to {url}"),
                },
                Err(e) => TestStep {
                    name: "discover data center (getDataCenterUrls)".into(),
                    status: StepStatus::Failed,
                    duration_ms: started.elapsed().as_millis() as u64,
                    detail: explain(&e, &s.endpoint.service_url()),
                },
            }
        } else {
            TestStep {
                name: "discover data center (getDataCenterUrls)".into(),
                status: StepStatus::Skipped,
                duration_ms: 0,
                detail: format!("the URL {} is used as given", s.endpoint.service_url()),
            }
        };
        let discovery_failed = discovery.status == StepStatus::Failed;
        finished(discovery);

        if discovery_failed {
            finished(TestStep {
                name: "authenticate (getServerTime)".into(),
                status: StepStatus::Skipped,
                duration_ms: 0,
                detail: "skipped: the data center is unknown".into(),
            });
        } else {
            let started = Instant::now();
            let answer = client
                .call("getServerTime", CallOptions::default(), cancel, &|w| {
                    w.create_element("platformMsgs:getServerTime")
                        .write_empty()?;
                    Ok(())
                })
                .and_then(|r| r.read(response::server_time));
            let url = client.service_url(cancel).unwrap_or_default();
            finished(match answer {
                Ok(time) => TestStep {
                    name: "authenticate (getServerTime)".into(),
                    status: StepStatus::Passed,
                    duration_ms: started.elapsed().as_millis() as u64,
                    detail: format!(
                        "NetSuite accepted the credentials; server time {time}; {}",
                        client
                            .governance()
                            .limits(&client, cancel)
                            .describe(s.max_concurrent, &s.account.to_string())
                    ),
                },
                Err(e) => TestStep {
                    name: "authenticate (getServerTime)".into(),
                    status: StepStatus::Failed,
                    duration_ms: started.elapsed().as_millis() as u64,
                    detail: explain(&e, &url),
                },
            });
        }
        let ok = steps.iter().all(|s| s.status != StepStatus::Failed);
        Ok(TestReport {
            version: connector_sdk::payload::PAYLOAD_VERSION,
            ok,
            steps,
        })
    }

    fn browse(
        &self,
        request: BrowseRequest,
        cancel: &Cancellation,
    ) -> Result<serde_json::Value, ConnectorError> {
        crate::schema::browse::browse(&self.client, request, cancel)
    }

    fn prepare(
        &self,
        operation: serde_json::Value,
    ) -> Result<Box<dyn OperationImpl>, ConnectorError> {
        operations::prepare(self.client.clone(), operation)
    }
}

/// One event per step as it ends, so the host can show each step before the whole report
/// comes back (it reads the `test_step` field: a convention that names no connector).
fn log_step(step: &TestStep) {
    let status = match step.status {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "failed",
        StepStatus::Skipped => "skipped",
    };
    tracing::info!(
        target: "netsuite_connector::test_connection",
        test_step = step.name.as_str(),
        status,
        duration_ms = step.duration_ms,
        detail = step.detail.as_str(),
        "connection test step"
    );
}

/// `1 retry`, `5 retries`; `1 concurrent request`.
fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Says what is wrong in the user's words.
fn explain(error: &Error, url: &str) -> String {
    let root = error.root();
    match root {
        _ if error.is_auth() => format!(
            "wrong credentials or account: NetSuite refused the login ({}). Check the account id, consumer key and \
             secret, token id and secret (or user and password), and that the token belongs to this account",
            error.user_message()
        ),
        Error::Fault(f) if f.code.is_version() => format!(
            "version and URL disagree, or NetSuite no longer serves this version: {}",
            error.user_message()
        ),
        Error::Transport(t) if t.kind == TransportErrorKind::Connect => {
            format!("host unreachable: could not connect to {url} ({})", t.message)
        }
        Error::Transport(t) if t.kind == TransportErrorKind::Timeout => {
            format!("no answer from {url} in time ({})", t.message)
        }
        Error::Transport(t) if t.kind == TransportErrorKind::Tls => {
            format!("TLS failed with {url}: {}", t.message)
        }
        _ => error.user_message(),
    }
}
