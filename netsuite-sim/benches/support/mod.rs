//! Shared by `netsuite-sim/benches/sim.rs` (criterion) and `host-runner/benches/suite.rs`:
//! the simulator serving signed SOAP requests over loopback, measured from a minimal
//! keep-alive HTTP/1.1 client (so the figure is the simulator's cost plus loopback, not a
//! client library's).
//!
//! - `get`: one customer by internal id (ids cycle over the account's customers);
//! - `search`: a `CustomerSearch` with no criteria, answered with its first page of 1,000
//!   customers (body fields only, as the connector asks); every request is a new search.
//!
//! Every request carries a freshly signed token passport (HMAC-SHA256, a new nonce each
//! time), so authentication, replay checks and governance are part of the figure.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use netsuite_sim::{AccountConfig, BlockingSimHandle, Simulator, TokenConfig, Version};

/// The benchmark account.
pub const ACCOUNT: &str = "TSTDRV7000002";

/// The benchmark account's token.
pub fn token() -> TokenConfig {
    TokenConfig {
        consumer_key: "sim-bench-consumer-key".into(),
        consumer_secret: "sim-bench-consumer-secret".into(),
        token_id: "sim-bench-token-id".into(),
        token_secret: "sim-bench-token-secret".into(),
    }
}

/// A simulator with `customers` customers on a loopback port, no latency, a concurrency
/// limit that never refuses the benchmark's clients.
pub fn start(customers: usize) -> BlockingSimHandle {
    Simulator::builder()
        .account(
            AccountConfig::new(ACCOUNT)
                .with_token(token())
                .with_customers(customers)
                .with_concurrency_limit(64),
        )
        .start_blocking()
        .expect("simulator starts")
}

const TAG: &str = "2023_2";

/// Which request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// `get` of one customer.
    Get,
    /// `search` answered with a page of 1,000 customers.
    SearchPage,
}

static NONCE: AtomicU64 = AtomicU64::new(1);

fn passport() -> String {
    let t = token();
    let nonce = format!(
        "b{}n{}",
        std::process::id(),
        NONCE.fetch_add(1, Ordering::Relaxed)
    );
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let key = ring::hmac::Key::new(
        ring::hmac::HMAC_SHA256,
        format!("{}&{}", t.consumer_secret, t.token_secret).as_bytes(),
    );
    let base = format!(
        "{ACCOUNT}&{}&{}&{nonce}&{timestamp}",
        t.consumer_key, t.token_id
    );
    let signature = base64::engine::general_purpose::STANDARD
        .encode(ring::hmac::sign(&key, base.as_bytes()).as_ref());
    format!(
        "<platformMsgs:tokenPassport><platformCore:account>{ACCOUNT}</platformCore:account>\
         <platformCore:consumerKey>{}</platformCore:consumerKey><platformCore:token>{}</platformCore:token>\
         <platformCore:nonce>{nonce}</platformCore:nonce><platformCore:timestamp>{timestamp}</platformCore:timestamp>\
         <platformCore:signature algorithm=\"HMAC-SHA256\">{signature}</platformCore:signature></platformMsgs:tokenPassport>",
        t.consumer_key, t.token_id
    )
}

/// A signed request envelope.
pub fn envelope(request: Request, customer: u64) -> (String, &'static str) {
    let (header_extra, body, action) = match request {
        Request::Get => (
            String::new(),
            format!(
                "<platformMsgs:get><platformMsgs:baseRef internalId=\"{customer}\" type=\"customer\" \
                 xsi:type=\"platformCore:RecordRef\"/></platformMsgs:get>"
            ),
            "get",
        ),
        Request::SearchPage => (
            "<platformMsgs:searchPreferences><platformMsgs:bodyFieldsOnly>true</platformMsgs:bodyFieldsOnly>\
             <platformMsgs:pageSize>1000</platformMsgs:pageSize></platformMsgs:searchPreferences>"
                .to_string(),
            format!(
                "<platformMsgs:search><platformMsgs:searchRecord xsi:type=\"listRel:CustomerSearch\" \
                 xmlns:listRel=\"urn:relationships_{TAG}.lists.webservices.netsuite.com\"/></platformMsgs:search>"
            ),
            "search",
        ),
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:platformMsgs=\"urn:messages_{TAG}.platform.webservices.netsuite.com\" \
         xmlns:platformCore=\"urn:core_{TAG}.platform.webservices.netsuite.com\">\
         <soapenv:Header>{}{header_extra}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>",
        passport()
    );
    (xml, action)
}

/// One keep-alive HTTP/1.1 connection to the simulator's generic 2023.2 endpoint.
pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
    path: String,
    customers: u64,
    next: u64,
    body: Vec<u8>,
}

impl Client {
    /// Connects to `sim`, whose account holds `customers` customers.
    pub fn connect(sim: &BlockingSimHandle, customers: usize) -> Client {
        let url = sim.service_url(Version::from_tag(TAG).expect("2023.2 is served"));
        let rest = url.strip_prefix("http://").expect("plain http");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let stream = TcpStream::connect(host).expect("connect to the simulator");
        stream.set_nodelay(true).expect("nodelay");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        Client {
            reader: BufReader::with_capacity(64 * 1024, stream.try_clone().expect("clone")),
            writer: stream,
            host: host.to_string(),
            path: path.to_string(),
            customers: customers.max(1) as u64,
            next: 0,
            body: Vec::new(),
        }
    }

    /// Sends one request and reads the whole response; returns the body's length. Panics
    /// on anything but HTTP 200 without a fault.
    pub fn send(&mut self, request: Request) -> usize {
        self.next = self.next % self.customers + 1;
        let (xml, action) = envelope(request, self.next);
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\n\
             SOAPAction: \"{action}\"\r\nContent-Length: {}\r\n\r\n",
            self.path,
            self.host,
            xml.len()
        );
        self.writer
            .write_all(head.as_bytes())
            .and_then(|_| self.writer.write_all(xml.as_bytes()))
            .expect("request written");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status = line.split_whitespace().nth(1).unwrap_or("").to_string();
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header line");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().expect("a length");
                }
            }
        }
        self.body.resize(length, 0);
        self.reader
            .read_exact(&mut self.body)
            .expect("response body");
        if status != "200" {
            panic!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(2000)])
            );
        }
        length
    }
}
