//! The account's and the integration's concurrency limits (getAccountGovernanceInfo,
//! getIntegrationGovernanceInfo, 2020.1 and later), read once per connection, and the warning
//! when `max_concurrent_connections` asks for more than NetSuite allows.
//!
//! Read before the connection's first request when the setting is above 1 (a setting of 1 never
//! exceeds a limit), and by Test Connection. A role that may not read them costs a debug line,
//! never the run: the limits only advise.

use std::sync::OnceLock;

use connector_sdk::Cancellation;
use roxmltree::Node;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::Error;
use crate::parse::fault::FaultCode;
use crate::parse::response::{self, Status};
use crate::parse::{child, child_text};
use crate::version::Version;

/// getAccountGovernanceInfo and getIntegrationGovernanceInfo appeared with the 2020.1 endpoint.
pub(crate) const GOVERNANCE_SINCE: Version = Version {
    year: 2020,
    release: 1,
};

/// The limits NetSuite gave, each `None` when it could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    /// `accountConcurrencyLimit`.
    pub(crate) account: Option<i64>,
    /// `unallocatedConcurrencyLimit`: what integrations without a limit of their own share.
    pub(crate) unallocated: Option<i64>,
    /// `integrationConcurrencyLimit`.
    pub(crate) integration: Option<i64>,
    /// `limitType`: `_account`, `_integrationSpecific` or `_internal`.
    pub(crate) limit_type: Option<String>,
    /// Why a limit is missing (a role without the permission, an old version), for Test
    /// Connection.
    pub(crate) unread: Vec<String>,
}

impl Limits {
    /// The warnings for a setting of `max` in-flight requests (empty when it fits).
    pub(crate) fn warnings(&self, max: u32, account: &str) -> Vec<String> {
        let max = i64::from(max);
        let mut out = Vec::new();
        let own_limit = self.limit_type.as_deref() == Some("_integrationSpecific");
        match self.integration {
            Some(limit) if own_limit && max > limit => out.push(format!(
                "max_concurrent_connections is {max}, but this integration's concurrency limit \
                 in account {account} is {limit}: requests beyond it are refused with \
                 WS_REQUEST_BLOCKED and retried; set max_concurrent_connections to {limit} or \
                 less, or raise the integration's limit in NetSuite (Setup > Integration > \
                 Integration Governance)"
            )),
            _ => {}
        }
        if !own_limit {
            // Integrations without a limit of their own share what is not allocated.
            let shared = self.unallocated.or(self.account);
            if let Some(limit) = shared.filter(|l| max > *l) {
                let total = self
                    .account
                    .map(|a| format!(" (of {a} in all)"))
                    .unwrap_or_default();
                out.push(format!(
                    "max_concurrent_connections is {max}, but account {account} allows \
                     {limit} concurrent requests to integrations without a limit of their \
                     own{total}: requests beyond it are refused with WS_REQUEST_BLOCKED and \
                     retried; set max_concurrent_connections to {limit} or less"
                ));
            }
        }
        out
    }

    /// One line for Test Connection.
    pub(crate) fn describe(&self, max: u32, account: &str) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.account {
            let unallocated = self
                .unallocated
                .map(|u| format!(", {u} unallocated"))
                .unwrap_or_default();
            parts.push(format!("account limit {a}{unallocated}"));
        }
        if let Some(i) = self.integration {
            let kind = match self.limit_type.as_deref() {
                Some("_integrationSpecific") => " (its own)",
                Some("_account") => " (the account's)",
                _ => "",
            };
            parts.push(format!("integration limit {i}{kind}"));
        }
        let mut line = if parts.is_empty() {
            "concurrency limits unknown".to_string()
        } else {
            format!("concurrency limits: {}", parts.join(", "))
        };
        let warnings = self.warnings(max, account);
        if !parts.is_empty() && warnings.is_empty() {
            line.push_str(&format!("; max_concurrent_connections {max} fits"));
        }
        for w in warnings {
            line.push_str("; WARNING: ");
            line.push_str(&w);
        }
        for u in &self.unread {
            line.push_str("; ");
            line.push_str(u);
        }
        line
    }
}

/// The limits of one connection, read at most once.
#[derive(Debug, Default)]
pub(crate) struct GovernanceCheck {
    limits: OnceLock<Limits>,
}

impl GovernanceCheck {
    /// Before the connection's first request: reads the limits (if the setting is above 1 and
    /// the version has them) and warns when the setting exceeds them.
    pub(crate) fn check_once(&self, client: &Client, cancel: &Cancellation) {
        let s = client.settings();
        if s.max_concurrent <= 1 || s.version < GOVERNANCE_SINCE || self.limits.get().is_some() {
            return;
        }
        self.limits(client, cancel);
    }

    /// The limits, read on first use (and the warnings logged then).
    pub(crate) fn limits(&self, client: &Client, cancel: &Cancellation) -> &Limits {
        self.limits.get_or_init(|| {
            let s = client.settings();
            let limits = read(client, cancel);
            let account = s.account.to_string();
            for warning in limits.warnings(s.max_concurrent, &account) {
                tracing::warn!(account = %account, "{warning}");
            }
            limits
        })
    }
}

/// Reads both limits; what cannot be read is said in `unread` (and a debug line).
fn read(client: &Client, cancel: &Cancellation) -> Limits {
    let mut limits = Limits::default();
    if client.settings().version < GOVERNANCE_SINCE {
        limits.unread.push(format!(
            "not readable before version {GOVERNANCE_SINCE} (this connection uses {})",
            client.settings().version
        ));
        return limits;
    }
    match ask(client, "getAccountGovernanceInfo", cancel, account_info) {
        Ok(info) => {
            limits.account = info.get("accountConcurrencyLimit").and_then(Value::as_i64);
            limits.unallocated = info
                .get("unallocatedConcurrencyLimit")
                .and_then(Value::as_i64);
        }
        Err(why) => limits.unread.push(why),
    }
    match ask(
        client,
        "getIntegrationGovernanceInfo",
        cancel,
        integration_info,
    ) {
        Ok(info) => {
            limits.integration = info
                .get("integrationConcurrencyLimit")
                .and_then(Value::as_i64);
            limits.limit_type = info
                .get("limitType")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        Err(why) => limits.unread.push(why),
    }
    limits
}

type Reader = fn(Node<'_, '_>) -> Result<(Status, Value), String>;

/// One governance call; a failure is a debug line and the reason, in the user's words.
fn ask(
    client: &Client,
    operation: &str,
    cancel: &Cancellation,
    reader: Reader,
) -> Result<Value, String> {
    let element = format!("platformMsgs:{operation}");
    let answer = client
        .service_url(cancel)
        .and_then(|url| {
            client.call_unchecked(operation, &url, cancel, &|w| {
                w.create_element(element.as_str()).write_empty()?;
                Ok(())
            })
        })
        .and_then(|r| r.read(reader));
    let why = match answer {
        Ok((status, info)) if status.is_success => return Ok(info),
        Ok((status, _)) => {
            let (code, message) = status
                .first_problem()
                .map(|d| (d.code.as_str().to_string(), d.message.clone()))
                .unwrap_or_default();
            format!("{operation} refused: {code} {message}")
        }
        Err(e) => {
            let permission = matches!(
                e.root(),
                Error::Fault(f) if matches!(
                    f.code,
                    FaultCode::InsufficientPermission | FaultCode::WebServicesPermissionRequired
                )
            );
            if permission {
                format!(
                    "{operation}: the role may not read it ({})",
                    e.user_message()
                )
            } else {
                format!("{operation} failed: {}", e.user_message())
            }
        }
    };
    tracing::debug!(operation, reason = %why, "concurrency limits not read");
    Err(why)
}

fn number(node: Node<'_, '_>, name: &str, out: &mut Map<String, Value>) {
    if let Some(n) = child_text(node, name).and_then(|t| t.trim().parse::<i64>().ok()) {
        out.insert(name.into(), Value::from(n));
    }
}

fn result<'a, 'i>(response: Node<'a, 'i>, name: &str) -> Result<(Status, Node<'a, 'i>), String> {
    let r = child(response, name).ok_or_else(|| format!("no {name} in the response"))?;
    let status = response::status(r).ok_or_else(|| format!("{name} has no status"))?;
    Ok((status, r))
}

/// `getAccountGovernanceInfoResponse` → `{"accountConcurrencyLimit"?, "unallocatedConcurrencyLimit"?}`.
pub(crate) fn account_info(node: Node<'_, '_>) -> Result<(Status, Value), String> {
    let (status, r) = result(node, "getAccountGovernanceInfoResult")?;
    let mut obj = Map::new();
    number(r, "accountConcurrencyLimit", &mut obj);
    number(r, "unallocatedConcurrencyLimit", &mut obj);
    Ok((status, Value::Object(obj)))
}

/// `getIntegrationGovernanceInfoResponse` → `{"integrationConcurrencyLimit"?, "limitType"?}`.
pub(crate) fn integration_info(node: Node<'_, '_>) -> Result<(Status, Value), String> {
    let (status, r) = result(node, "getIntegrationGovernanceInfoResult")?;
    let mut obj = Map::new();
    number(r, "integrationConcurrencyLimit", &mut obj);
    if let Some(t) = child_text(r, "limitType") {
        obj.insert("limitType".into(), Value::String(t.trim().to_string()));
    }
    Ok((status, Value::Object(obj)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(account: i64, unallocated: i64, integration: i64, kind: &str) -> Limits {
        Limits {
            account: Some(account),
            unallocated: Some(unallocated),
            integration: Some(integration),
            limit_type: Some(kind.into()),
            unread: Vec::new(),
        }
    }

    #[test]
    fn warns_when_the_setting_exceeds_the_shared_or_the_own_limit() {
        let shared = limits(10, 4, 10, "_account");
        assert!(shared.warnings(4, "A").is_empty());
        let w = shared.warnings(8, "A");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("is 8") && w[0].contains("allows 4"), "{w:?}");
        assert!(
            w[0].contains("set max_concurrent_connections to 4"),
            "{w:?}"
        );
        let own = limits(10, 7, 3, "_integrationSpecific");
        assert!(own.warnings(3, "A").is_empty());
        let w = own.warnings(5, "A");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("integration's concurrency limit") && w[0].contains("is 3"));
        assert!(Limits::default().warnings(50, "A").is_empty());
        assert!(shared.describe(4, "A").contains("fits"));
        assert!(shared.describe(8, "A").contains("WARNING"));
    }

    #[test]
    fn a_role_that_may_not_read_the_limits_costs_nothing_but_a_line() {
        let (client, script) = crate::operations::testkit::client("2023.2", None, 0);
        // A SOAP fault for the account's limits, a failed status for the integration's.
        script.answer_status(
            500,
            crate::operations::testkit::testdata("fault_request_blocked.xml")
                .replace("WS_REQUEST_BLOCKED", "INSUFFICIENT_PERMISSION")
                .replace(
                    "exceededConcurrentRequestLimitFault",
                    "insufficientPermissionFault",
                ),
        );
        script.answer(
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
            <getIntegrationGovernanceInfoResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">
            <c:getIntegrationGovernanceInfoResult xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com">
            <c:status isSuccess="false"><c:statusDetail><c:code>INSUFFICIENT_PERMISSION</c:code>
            <c:message>no</c:message></c:statusDetail></c:status>
            </c:getIntegrationGovernanceInfoResult></getIntegrationGovernanceInfoResponse></soapenv:Body></soapenv:Envelope>"#,
        );
        let check = GovernanceCheck::default();
        let limits = check.limits(&client, &Cancellation::new()).clone();
        assert_eq!((limits.account, limits.integration), (None, None));
        assert_eq!(limits.unread.len(), 2, "{limits:?}");
        assert!(
            limits.unread[0].contains("the role may not read it"),
            "{limits:?}"
        );
        assert!(
            limits.unread[1].contains("refused: INSUFFICIENT_PERMISSION"),
            "{limits:?}"
        );
        assert!(limits.warnings(50, "A").is_empty());
        // Read once: the cached answer, no further request.
        check.limits(&client, &Cancellation::new());
        assert_eq!(script.requests().len(), 2);
    }

    #[test]
    fn reads_both_results() {
        let xml = r#"<r xmlns:c="urn:core"><c:getIntegrationGovernanceInfoResult>
            <c:status isSuccess="true"/><c:integrationConcurrencyLimit>3</c:integrationConcurrencyLimit>
            <c:limitType>_integrationSpecific</c:limitType></c:getIntegrationGovernanceInfoResult></r>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let (status, v) = integration_info(doc.root_element()).unwrap();
        assert!(status.is_success);
        assert_eq!(
            v,
            serde_json::json!({"integrationConcurrencyLimit": 3, "limitType": "_integrationSpecific"})
        );
        let xml = r#"<r xmlns:c="urn:core"><c:getAccountGovernanceInfoResult>
            <c:status isSuccess="true"/><c:accountConcurrencyLimit>15</c:accountConcurrencyLimit>
            </c:getAccountGovernanceInfoResult></r>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let (_, v) = account_info(doc.root_element()).unwrap();
        assert_eq!(v, serde_json::json!({"accountConcurrencyLimit": 15}));
    }
}
