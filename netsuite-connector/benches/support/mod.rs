//! Shared by `netsuite-connector/benches/connector.rs` (criterion) and
//! `host-runner/benches/suite.rs` (the whole table): the connector's own code paths driven
//! in-process, through its public API, over a canned transport.
//!
//! - [`PageBench`]: a Query prepared as a process would prepare it, whose one `search` is
//!   answered with a real 1,000-customer `searchResponse` captured from the simulator; one run
//!   is what the connector does with one page: parse the envelope, check for a fault, read
//!   the page, decode every record with the 2023.2 schema and hand it out as a JSON document.
//! - [`UpsertBench`]: an Upsert of 100 JSON customers in one upsertList; the transport answers
//!   at once with a (non-retried) failure, so one run is reading the 100 documents, encoding
//!   them with the schema, building the envelope and signing its token passport.
//! - [`parse_floor`]: roxmltree alone parsing the same response bytes.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use connector_sdk::{
    Cancellation, Document, HostServices, HttpTransportBox, Outcome, OutcomeStatus,
    TransportErrorKind,
};
use connector_sdk::{ConnectionImpl, ConnectorImpl, Host, OperationImpl, Results};
use netsuite_sim::{AccountConfig, Simulator, TokenConfig};
use serde_json::{json, Value};

/// The account and token of the benchmarks' simulator accounts.
pub const ACCOUNT: &str = "TSTDRV7000001";
/// Token of [`ACCOUNT`].
pub fn token() -> TokenConfig {
    TokenConfig {
        consumer_key: "bench-consumer-key".into(),
        consumer_secret: "bench-consumer-secret".into(),
        token_id: "bench-token-id".into(),
        token_secret: "bench-token-secret".into(),
    }
}

/// NetSuite's 2023.2 WSDL/XSD set (shared/suitetalk/xsd), when this checkout has it.
pub fn schema_folder() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd");
    let root = root.canonicalize().ok()?;
    root.join("2023_2")
        .join("netsuite.wsdl")
        .is_file()
        .then_some(root)
}

/// What the transport does with a POST.
#[derive(Clone)]
enum Answer {
    /// Reply with this body (HTTP 200).
    Body(Arc<String>),
    /// Fail at once (not retried).
    Fail,
}

/// Answers every POST with `answer` at once (GETs, schema downloads, get 404), keeping the
/// length of the last request body so the optimiser cannot skip building it.
fn canned(answer: Answer, last_request_len: Arc<AtomicUsize>) -> HttpTransportBox {
    testkit::transport::from_fn(move |request, _| {
        if request.method.as_str() != "POST" {
            return Ok((404, Vec::new()));
        }
        last_request_len.store(request.body.len(), Ordering::Relaxed);
        match &answer {
            Answer::Body(text) => Ok((200, text.as_bytes().to_vec())),
            Answer::Fail => Err(TransportErrorKind::InvalidRequest),
        }
    })
}

fn connection(transport: HttpTransportBox) -> Box<dyn ConnectionImpl> {
    let services = HostServices {
        transport,
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    };
    let connector =
        netsuite_connector::new_connector(Host::new(services)).expect("connector starts");
    let mut settings = json!({
        "url": "http://127.0.0.1:9/services/NetSuitePort_2023_2",
        "version": "2023.2",
        "account": ACCOUNT,
        "consumer_key": token().consumer_key,
        "consumer_secret_deprecated": token().consumer_secret,
        "token_id": token().token_id,
        "token_secret_deprecated": token().token_secret,
        "data_center_discovery": "never",
        "number_of_retries": 0,
    });
    if let Some(folder) = schema_folder() {
        settings["schema_folder"] = folder.to_string_lossy().into();
    }
    connector.configure(settings).expect("settings accepted")
}

/// Counts what an operation produced.
#[derive(Default)]
pub struct Tally {
    /// Inputs with an outcome.
    done: Vec<usize>,
    /// Output documents.
    pub outputs: usize,
    /// Their bytes.
    pub output_bytes: usize,
    /// Outcomes.
    pub outcomes: usize,
    /// Outcomes that were SUCCESS.
    pub successes: usize,
    /// The first outcome that was not SUCCESS (code and message).
    pub first_problem: Option<String>,
}

impl Results for Tally {
    fn output(&mut self, _index: usize, document: Document) {
        self.outputs += 1;
        self.output_bytes += document.data.len();
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        self.done.push(index);
        self.outcomes += 1;
        if outcome.status == OutcomeStatus::Success {
            self.successes += 1;
        } else if self.first_problem.is_none() {
            self.first_problem = Some(format!("{} {}", outcome.code, outcome.message));
        }
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.done.contains(&index)
    }
}

/// A 1,000-customer `searchResponse` envelope as the simulator sends it (captured once over
/// loopback from an in-process simulator holding exactly 1,000 customers).
pub fn search_page_response(records: usize) -> String {
    let sim = Simulator::builder()
        .account(
            AccountConfig::new(ACCOUNT)
                .with_token(token())
                .with_customers(records),
        )
        .start_blocking()
        .expect("simulator starts");
    let version = netsuite_sim::Version::from_tag("2023_2").expect("2023.2 is served");
    let url = sim.service_url(version);
    let captured = Arc::new(Mutex::new(None));
    let conn = connection_to(&url, captured.clone());
    let op = conn
        .prepare(json!({"action": "QUERY", "record_type": "customer", "page_size": 1000}))
        .expect("query prepared");
    let mut tally = Tally::default();
    op.execute(&[Document::json("{}")], &mut tally, &Cancellation::new())
        .expect("query runs");
    assert_eq!(
        tally.successes, 1,
        "capture query: {:?}",
        tally.first_problem
    );
    let text = captured.lock().unwrap().take().expect("a search response");
    sim.shutdown();
    text
}

/// A connection over real loopback HTTP that keeps the last `search` response body.
fn connection_to(url: &str, captured: Arc<Mutex<Option<String>>>) -> Box<dyn ConnectionImpl> {
    let services = HostServices {
        transport: capturing(captured),
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    };
    let connector =
        netsuite_connector::new_connector(Host::new(services)).expect("connector starts");
    let mut settings = json!({
        "url": url,
        "version": "2023.2",
        "account": ACCOUNT,
        "consumer_key": token().consumer_key,
        "consumer_secret_deprecated": token().consumer_secret,
        "token_id": token().token_id,
        "token_secret_deprecated": token().token_secret,
        "data_center_discovery": "never",
    });
    if let Some(folder) = schema_folder() {
        settings["schema_folder"] = folder.to_string_lossy().into();
    }
    connector.configure(settings).expect("settings accepted")
}

/// The host's real transport, keeping the body of every `search` response.
fn capturing(captured: Arc<Mutex<Option<String>>>) -> HttpTransportBox {
    let host = host_runner::transport::HostTransport::new(Default::default())
        .expect("the host transport starts")
        .into_box();
    testkit::transport::from_fn(move |request, cancel| {
        let search = request
            .headers
            .iter()
            .any(|h| h.name.as_str() == "SOAPAction" && h.value.as_str() == "\"search\"");
        match host.send(request.clone(), cancel).into_result() {
            Ok(response) => {
                if search {
                    *captured.lock().unwrap() =
                        Some(String::from_utf8_lossy(&response.body).into());
                }
                Ok((response.status, response.body.to_vec()))
            }
            Err(e) => Err(e.kind),
        }
    })
}

/// roxmltree alone parsing `text`: the floor of any connector reading it.
pub fn parse_floor(text: &str) -> usize {
    roxmltree::Document::parse(text)
        .expect("the response is XML")
        .root_element()
        .children()
        .count()
}

/// One search page turned into output documents by the connector (see the module docs).
pub struct PageBench {
    /// The response envelope.
    pub response: Arc<String>,
    /// Records on the page.
    pub records: usize,
    op: Box<dyn OperationImpl>,
    _conn: Box<dyn ConnectionImpl>,
}

impl PageBench {
    /// Captures a page of `records` customers and prepares the query answering it.
    pub fn new(records: usize) -> PageBench {
        let response = Arc::new(search_page_response(records));
        let conn = connection(canned(
            Answer::Body(response.clone()),
            Arc::new(AtomicUsize::new(0)),
        ));
        let op = conn
            .prepare(json!({"action": "QUERY", "record_type": "customer"}))
            .expect("query prepared");
        let bench = PageBench {
            response,
            records,
            op,
            _conn: conn,
        };
        let tally = bench.run();
        assert_eq!(tally.successes, 1, "page bench: {:?}", tally.first_problem);
        assert_eq!(tally.outputs, records, "page bench: every record out");
        bench
    }

    /// One page: the query's execute, answered with the captured response.
    pub fn run(&self) -> Tally {
        let mut tally = Tally::default();
        self.op
            .execute(&[Document::json("{}")], &mut tally, &Cancellation::new())
            .expect("query runs");
        tally
    }
}

/// `n` customers as upsert input documents (JSON), shaped like the examples' input.
pub fn customer_documents(n: usize, prefix: &str) -> Vec<Value> {
    (1..=n)
        .map(|i| {
            json!({
                "externalId": format!("{prefix}-{i}"),
                "companyName": format!("Bench Company {i}"),
                "email": format!("ap{i}@bench.example.com"),
                "phone": format!("555-{:04}", i % 10_000),
                "subsidiary": {"internalId": "1"},
                "isInactive": false,
                "creditLimit": 5000 + i,
                "customFieldList": [
                    {"scriptId": "custentity_sim_text", "value": format!("bench row {i}")},
                    {"scriptId": "custentity_sim_count", "type": "Long", "value": i}
                ]
            })
        })
        .collect()
}

/// One upsertList of 100 customers built and signed (see the module docs).
pub struct UpsertBench {
    /// Records per request.
    pub records: usize,
    docs: Vec<Document>,
    op: Box<dyn OperationImpl>,
    _conn: Box<dyn ConnectionImpl>,
}

impl UpsertBench {
    /// Prepares an upsert of `records` customers in one request.
    pub fn new(records: usize) -> UpsertBench {
        let conn = connection(canned(Answer::Fail, Arc::new(AtomicUsize::new(0))));
        let op = conn
            .prepare(json!({"action": "UPSERT", "record_type": "customer", "batch_size": records}))
            .expect("upsert prepared");
        let docs = customer_documents(records, "bench")
            .iter()
            .map(|d| Document::json(d.to_string()))
            .collect();
        let bench = UpsertBench {
            records,
            docs,
            op,
            _conn: conn,
        };
        let tally = bench.run();
        assert_eq!(tally.outcomes, records);
        let problem = tally.first_problem.unwrap_or_default();
        assert!(
            problem.contains("scripted failure"),
            "every document reached the transport: {problem}"
        );
        bench
    }

    /// Reads, encodes, builds and signs one request (the transport refuses to send it).
    pub fn run(&self) -> Tally {
        let mut tally = Tally::default();
        self.op
            .execute(&self.docs, &mut tally, &Cancellation::new())
            .expect("upsert runs");
        tally
    }
}
