//! The operations against the SuiteTalk simulator (the `netsuite-sim` library), through a
//! tiny blocking HTTP/1.1 transport: query paging, writes, deletes and Execute functions on a
//! real SOAP endpoint with TBA checking, discovery and a record store.

use std::io::{Read, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::{RArc, RResult, RStr, RVec};
use connector_api::sdk::{ConnectionImpl, ConnectorImpl, Host, Results};
use connector_api::{
    Cancellation, Document, HostServices, HttpHeader, HttpRequest, HttpResponse, HttpTransport,
    HttpTransport_TO, LogLevel, LogRecord, LogSink, LogSink_TO, Outcome, OutcomeStatus,
    TransportError, TransportErrorKind,
};
use netsuite_sim::config::{demo_token, DEMO_ACCOUNT};
use netsuite_sim::{BlockingSimHandle, Simulator};
use serde_json::{json, Value};

/// HTTP/1.1 over a plain TCP connection, one request per connection.
#[derive(Clone)]
struct BlockingHttp;

fn transport_error(kind: TransportErrorKind, e: impl std::fmt::Display) -> TransportError {
    TransportError::new(kind, e.to_string())
}

impl BlockingHttp {
    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = request.url.as_str();
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            transport_error(TransportErrorKind::InvalidRequest, "plain http only")
        })?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let mut stream = TcpStream::connect(authority)
            .map_err(|e| transport_error(TransportErrorKind::Connect, e))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| transport_error(TransportErrorKind::Other, e))?;
        let mut head = format!(
            "{} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
            request.method,
            request.body.len()
        );
        for HttpHeader { name, value } in request.headers.iter() {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .and_then(|_| stream.write_all(&request.body))
            .map_err(|e| transport_error(TransportErrorKind::Reset, e))?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .map_err(|e| transport_error(TransportErrorKind::Reset, e))?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| transport_error(TransportErrorKind::Other, "no HTTP head"))?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw[split + 4..].to_vec();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| transport_error(TransportErrorKind::Other, "no status"))?;
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        Ok(HttpResponse {
            status,
            headers: RVec::new(),
            body: RVec::from(body),
        })
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
}

impl HttpTransport for BlockingHttp {
    fn declare_pool(&self, _key: RStr<'_>, _limit: u32) {}

    fn send(
        &self,
        request: HttpRequest,
        _cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError> {
        self.exchange(&request).into()
    }
}

#[derive(Clone)]
struct QuietLog;

impl LogSink for QuietLog {
    fn max_level(&self) -> LogLevel {
        LogLevel::Error
    }

    fn log(&self, _record: LogRecord<'_>) {}
}

#[derive(Default)]
struct Collected {
    outputs: Vec<(usize, Value)>,
    outcomes: Vec<(usize, Outcome)>,
}

impl Results for Collected {
    fn output(&mut self, index: usize, document: Document) {
        self.outputs
            .push((index, serde_json::from_slice(&document.data).unwrap()));
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        self.outcomes.push((index, outcome));
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.outcomes.iter().any(|(i, _)| *i == index)
    }
}

impl Collected {
    fn outcome_of(&self, index: usize) -> &Outcome {
        &self.outcomes.iter().find(|(i, _)| *i == index).unwrap().1
    }

    fn outputs_of(&self, index: usize) -> Vec<&Value> {
        self.outputs
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, v)| v)
            .collect()
    }
}

struct Fixture {
    _sim: BlockingSimHandle,
    connection: Box<dyn ConnectionImpl>,
}

fn fixture() -> Fixture {
    let sim = Simulator::builder()
        .start_blocking()
        .expect("simulator starts");
    let version = netsuite_sim::Version {
        year: 2023,
        release: 2,
    };
    let token = demo_token();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd/2023_2");
    let settings = json!({
        "account": DEMO_ACCOUNT,
        "consumer_key": token.consumer_key,
        "consumer_secret_deprecated": token.consumer_secret,
        "token_id": token.token_id,
        "token_secret_deprecated": token.token_secret,
        "version": "2023.2",
        "url": sim.service_url(version),
        "data_center_discovery": "always",
        "number_of_retries": 2,
        "retry_initial_wait_ms": 10,
        "schema_folder": xsd.to_string_lossy(),
    });
    let services = HostServices {
        transport: HttpTransport_TO::from_ptr(RArc::new(BlockingHttp), TD_Opaque),
        log: LogSink_TO::from_ptr(RArc::new(QuietLog), TD_Opaque),
        config_json: "{}".into(),
    };
    // Through the connector's own entry points, as the host calls them.
    let connector =
        netsuite_connector::new_connector(Host::new(services)).expect("connector starts");
    let connection = connector
        .configure(settings)
        .unwrap_or_else(|e| panic!("valid settings: {}", e.message));
    Fixture {
        _sim: sim,
        connection,
    }
}

impl Fixture {
    fn run(&self, settings: Value, docs: Vec<Value>) -> Collected {
        let op = self
            .connection
            .prepare(settings.clone())
            .unwrap_or_else(|e| panic!("{settings}: {}", e.message));
        let docs: Vec<Document> = docs
            .into_iter()
            .map(|d| Document::json(d.to_string()))
            .collect();
        let mut results = Collected::default();
        op.execute(&docs, &mut results, &Cancellation::new())
            .unwrap_or_else(|e| panic!("{settings}: {}", e.message));
        assert_eq!(
            results.outcomes.len(),
            docs.len(),
            "one outcome per document"
        );
        results
    }
}

#[test]
fn query_reads_every_page_of_the_simulator() {
    let f = fixture();
    let r = f.run(
        json!({"action": "QUERY", "record_type": "customer", "page_size": 10}),
        vec![json!({})],
    );
    let o = r.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    let detail: Value = serde_json::from_str(o.detail_json.as_str()).unwrap();
    let records = r.outputs_of(0);
    assert_eq!(detail["records"].as_u64(), Some(records.len() as u64));
    assert!(records.len() > 10, "more than one page: {}", records.len());
    assert!(detail["pages"].as_u64().unwrap() > 1);
    assert!(records.iter().all(|c| c["recordType"] == "Customer"));
    let mut ids: Vec<&str> = records
        .iter()
        .map(|c| c["internalId"].as_str().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), records.len(), "no record twice");

    let filtered = f.run(
        json!({"action": "QUERY", "record_type": "customer", "batch_results": true,
               "filters": [{"field": "entityId", "operator": "is", "parameter": "id"}]}),
        vec![json!({"parameters": {"id": "CUST7"}})],
    );
    let o = filtered.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    let pages = filtered.outputs_of(0);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["records"][0]["entityId"], "CUST7");
}

#[test]
fn create_update_upsert_delete_round_trip() {
    let f = fixture();
    let created = f.run(
        json!({"action": "CREATE", "record_type": "customer", "ignore_read_only_fields": true}),
        vec![
            json!({"externalId": "OPS-1", "entityId": "Ops One", "companyName": "Ops One Ltd",
                   "subsidiary": {"internalId": "1"}}),
            json!({"externalId": "OPS-2", "entityId": "Ops Two", "companyNme": "typo"}),
            json!({"externalId": "OPS-3", "entityId": "Ops Three", "companyName": "Ops Three Ltd",
                   "subsidiary": {"internalId": "1"}}),
        ],
    );
    let o = created.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    let bad = created.outcome_of(1);
    assert_eq!(bad.status, OutcomeStatus::ApplicationError);
    assert!(bad.message.contains("companyNme"), "{}", bad.message);
    assert_eq!(created.outcome_of(2).status, OutcomeStatus::Success);
    let first = created.outputs_of(0)[0].clone();
    let id = first["internalId"]
        .as_str()
        .expect("an internal id")
        .to_string();

    let updated = f.run(
        json!({"action": "UPDATE", "record_type": "customer"}),
        vec![
            json!({"internalId": id, "phone": "555-0199"}),
            json!({"internalId": "999999999", "phone": "1"}),
        ],
    );
    let o = updated.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    assert_eq!(
        updated.outcome_of(1).status,
        OutcomeStatus::ApplicationError
    );

    let upserted = f.run(
        json!({"action": "UPSERT", "record_type": "customer"}),
        vec![json!({"externalId": "OPS-3", "companyName": "Ops Three Renamed"})],
    );
    let o = upserted.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );

    let got = f.run(
        json!({"action": "GET", "record_type": "customer"}),
        vec![json!({"internalId": id})],
    );
    assert_eq!(got.outputs_of(0)[0]["phone"], "555-0199");

    let deleted = f.run(
        json!({"action": "DELETE", "record_type": "customer"}),
        vec![
            json!({"internalId": id}),
            json!({"externalId": "OPS-3"}),
            json!({"internalId": id}),
        ],
    );
    assert_eq!(deleted.outcome_of(0).status, OutcomeStatus::Success);
    assert_eq!(deleted.outcome_of(1).status, OutcomeStatus::Success);
    let again = deleted.outcome_of(2);
    assert_eq!(
        again.status,
        OutcomeStatus::ApplicationError,
        "{}",
        again.message
    );

    let gone = f.run(
        json!({"action": "EXECUTE", "function": "getDeleted"}),
        vec![json!({"type": "customer"})],
    );
    let o = gone.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    assert!(gone
        .outputs_of(0)
        .iter()
        .any(|d| d["internalId"].as_str() == Some(id.as_str())));
}

#[test]
fn execute_functions_answer() {
    let f = fixture();
    let time = f.run(
        json!({"action": "EXECUTE", "function": "getServerTime"}),
        vec![json!({})],
    );
    assert!(time.outputs_of(0)[0]["serverTime"].is_string());
    let governance = f.run(
        json!({"action": "EXECUTE", "function": "getAccountGovernanceInfo"}),
        vec![json!({})],
    );
    let o = governance.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
    let select = f.run(
        json!({"action": "EXECUTE", "function": "getSelectValue"}),
        vec![json!({"recordType": "customer", "field": "subsidiary"})],
    );
    let o = select.outcome_of(0);
    assert_eq!(
        o.status,
        OutcomeStatus::Success,
        "{}: {}",
        o.code,
        o.message
    );
}
