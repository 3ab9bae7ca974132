//! Test support for the operations: a scripted transport, a client over it, a results
//! collector, testdata files, the official schemas, and XSD validation of request bodies.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use connector_sdk::abi_stable::sabi_trait::TD_Opaque;
use connector_sdk::abi_stable::std_types::{RArc, RResult, RStr, RVec};
use connector_sdk::{
    Cancellation, Document, HostServices, HttpRequest, HttpResponse, HttpTransport,
    HttpTransport_TO, LogLevel, LogRecord, LogSink, LogSink_TO, Outcome, TransportError,
    TransportErrorKind,
};
use connector_sdk::{Host, Results};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::client::Client;
use crate::envelope::XmlWriter;
use crate::retry::Backoff;
use crate::settings::{ConnectionSettings, IntegrationRecord};

/// A status and body, or a transport failure with its message.
type ScriptedAnswer = Result<(u16, String), (TransportErrorKind, String)>;

/// What the scripted transport answers, in order; the requests it saw.
#[derive(Default)]
pub(crate) struct Script {
    answers: Mutex<VecDeque<ScriptedAnswer>>,
    /// Bodies of the POST requests seen, in order.
    pub(crate) requests: Mutex<Vec<String>>,
    /// Cancels this token once that many POST requests have been answered.
    cancel_after: Mutex<Option<(usize, Cancellation)>>,
}

impl Script {
    /// Queues a response body (HTTP 200).
    pub(crate) fn answer(&self, body: impl Into<String>) {
        self.answers
            .lock()
            .unwrap()
            .push_back(Ok((200, body.into())));
    }

    /// Queues a response with a status.
    pub(crate) fn answer_status(&self, status: u16, body: impl Into<String>) {
        self.answers
            .lock()
            .unwrap()
            .push_back(Ok((status, body.into())));
    }

    /// Queues a transport failure.
    pub(crate) fn fail(&self, kind: TransportErrorKind) {
        self.fail_with(kind, "scripted failure");
    }

    /// Queues a transport failure with this message (e.g. the host's `RESPONSE_TOO_LARGE: …`).
    pub(crate) fn fail_with(&self, kind: TransportErrorKind, message: &str) {
        self.answers
            .lock()
            .unwrap()
            .push_back(Err((kind, message.to_string())));
    }

    /// Cancels `cancel` after the `n`th POST request.
    pub(crate) fn cancel_after(&self, n: usize, cancel: &Cancellation) {
        *self.cancel_after.lock().unwrap() = Some((n, cancel.clone()));
    }

    /// The POST bodies so far.
    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

#[derive(Clone)]
struct ScriptedTransport(Arc<Script>);

impl HttpTransport for ScriptedTransport {
    fn declare_pool(&self, _key: RStr<'_>, _limit: u32) {}

    fn send(
        &self,
        request: HttpRequest,
        _cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError> {
        let respond = |status: u16, body: String| {
            RResult::ROk(HttpResponse {
                status,
                headers: RVec::new(),
                body: RVec::from(body.into_bytes()),
            })
        };
        if request.method.as_str() == "GET" {
            // Schema downloads: none here, the operations run schemaless.
            return respond(404, String::new());
        }
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let seen = {
            let mut requests = self.0.requests.lock().unwrap();
            requests.push(body);
            requests.len()
        };
        if let Some((n, cancel)) = self.0.cancel_after.lock().unwrap().as_ref() {
            if seen >= *n {
                cancel.cancel();
            }
        }
        match self.0.answers.lock().unwrap().pop_front() {
            Some(Ok((status, text))) => respond(status, text),
            Some(Err((kind, message))) => RResult::RErr(TransportError::new(kind, &message)),
            None => RResult::RErr(TransportError::new(
                TransportErrorKind::Other,
                "the test script has no more answers",
            )),
        }
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

/// A client over a scripted transport. `schema` names a version folder of the official
/// schemas (`Some("2023_2")`) or none (schemaless: the WSDL download answers 404).
pub(crate) fn client(
    version: &str,
    schema: Option<&str>,
    retries: u32,
) -> (Arc<Client>, Arc<Script>) {
    // Each client has a connector instance of its own (below), so schema availability is not
    // shared between tests however they name their origin.
    let mut settings = serde_json::json!({
        "account": "123456_SB1",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts",
        "version": version,
        "url": format!("http://127.0.0.1:9/services/NetSuitePort_{}", version.replace('.', "_")),
        "data_center_discovery": "never",
        "number_of_retries": retries,
        "retry_initial_wait_ms": 1,
    });
    if let Some(s) = schema {
        settings["schema_folder"] = xsd_root().join(s).to_string_lossy().into();
    }
    let validated = ConnectionSettings::from_json(settings)
        .and_then(|s| s.validate(&IntegrationRecord::default()))
        .expect("test settings are valid");
    let script = Arc::new(Script::default());
    let services = HostServices {
        transport: HttpTransport_TO::from_ptr(
            RArc::new(ScriptedTransport(script.clone())),
            TD_Opaque,
        ),
        log: LogSink_TO::from_ptr(RArc::new(QuietLog), TD_Opaque),
        config_json: "{}".into(),
    };
    let backoff = Backoff {
        base: Duration::from_millis(1),
        cap: Duration::from_millis(2),
    };
    (
        Arc::new(Client::new(
            validated,
            Host::new(services),
            backoff,
            Arc::new(crate::state::ConnectorState::with_schema_cache(None)),
        )),
        script,
    )
}

/// Collects outputs and outcomes.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// (input index, output document).
    pub(crate) outputs: Vec<(usize, Document)>,
    /// (input index, outcome).
    pub(crate) outcomes: Vec<(usize, Outcome)>,
}

impl Results for Collected {
    fn output(&mut self, index: usize, document: Document) {
        assert!(
            !self.has_outcome(index),
            "output for input {index} after its outcome"
        );
        self.outputs.push((index, document));
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        assert!(!self.has_outcome(index), "second outcome for input {index}");
        self.outcomes.push((index, outcome));
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.outcomes.iter().any(|(i, _)| *i == index)
    }
}

impl Collected {
    /// The outcome of input `index`.
    pub(crate) fn outcome_of(&self, index: usize) -> &Outcome {
        &self
            .outcomes
            .iter()
            .find(|(i, _)| *i == index)
            .unwrap_or_else(|| panic!("no outcome for input {index}"))
            .1
    }

    /// Output documents of input `index`, as JSON.
    pub(crate) fn json_outputs(&self, index: usize) -> Vec<serde_json::Value> {
        self.outputs
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, d)| serde_json::from_slice(&d.data).expect("outputs are JSON"))
            .collect()
    }
}

/// `netsuite-connector/testdata/<name>`.
pub(crate) fn testdata(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `shared/suitetalk/xsd` (outside the project, as the architecture requires).
pub(crate) fn xsd_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd")
}

/// A JSON document.
pub(crate) fn json_doc(value: serde_json::Value) -> Document {
    Document::json(value.to_string())
}

/// The SOAP Body's first element of a request envelope, as a standalone document declaring
/// every namespace in scope (what XSD validation and structural assertions read).
pub(crate) fn body_element(envelope: &str) -> String {
    let doc = roxmltree::Document::parse(envelope).expect("the request is well-formed");
    let body = crate::parse::body(&doc).expect("a SOAP Body");
    let first = body
        .children()
        .find(|n| n.is_element())
        .expect("an operation element");
    let mut w = XmlWriter::new(Vec::new());
    copy(first, None, &mut w);
    String::from_utf8(w.into_inner()).unwrap()
}

fn copy(node: roxmltree::Node<'_, '_>, parent: Option<roxmltree::Node<'_, '_>>, w: &mut XmlWriter) {
    let qualified = |uri: Option<&str>, local: &str| match uri.and_then(|u| node.lookup_prefix(u)) {
        Some(p) if !p.is_empty() => format!("{p}:{local}"),
        _ => local.to_string(),
    };
    let name = qualified(node.tag_name().namespace(), node.tag_name().name());
    let mut start = BytesStart::new(name.as_str());
    for ns in node.namespaces() {
        let inherited = parent.is_some_and(|p| {
            p.namespaces()
                .any(|q| q.name() == ns.name() && q.uri() == ns.uri())
        });
        if inherited || ns.uri() == "http://www.w3.org/XML/1998/namespace" {
            continue;
        }
        let key = ns
            .name()
            .map(|p| format!("xmlns:{p}"))
            .unwrap_or_else(|| "xmlns".into());
        start.push_attribute((key.as_str(), ns.uri()));
    }
    for a in node.attributes() {
        let key = qualified(a.namespace(), a.name());
        start.push_attribute((key.as_str(), a.value()));
    }
    w.write_event(Event::Start(start)).unwrap();
    for c in node.children() {
        if c.is_element() {
            copy(c, Some(node), w);
        } else if let Some(t) = c.text().filter(|_| c.is_text()) {
            w.write_event(Event::Text(BytesText::new(t))).unwrap();
        }
    }
    w.write_event(Event::End(BytesEnd::new(name.as_str())))
        .unwrap();
}

static VALIDATIONS: AtomicUsize = AtomicUsize::new(0);

/// Validates body elements against `<tag>-all.xsd` with one xmllint call.
///
/// # Panics
/// When xmllint reports an invalid document (its report is in the message).
pub(crate) fn assert_valid(tag: &str, bodies: &[(String, String)]) {
    let dir = std::env::temp_dir().join(format!(
        "netsuite-ops-xsd-{}-{}",
        std::process::id(),
        VALIDATIONS.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, body) in bodies {
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(&path, body).unwrap();
        files.push(path);
    }
    let schema = xsd_root().join(format!("{tag}-all.xsd"));
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .args(&files)
        .output()
        .expect("xmllint is installed");
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "requests invalid against {tag}:\n{report}"
    );
}
