//! Test support: a tiny blocking HTTP/1.1 client (plain or TLS) on loopback, SOAP request
//! builders with an independent token-passport signer, and a collector that XSD-validates every
//! SOAP response the tests received.
//!
//! Every test that talks to a simulator ends with [`validate_collected`], which validates what
//! was collected so far (from any test) in one `xmllint` call per version; so every response is
//! validated by the test that received it at the latest.

#![allow(dead_code)]

pub use testkit::xsd;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;

pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// An HTTP response as read off the wire.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Time from sending the request to the end of the body.
    pub elapsed: Duration,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The parsed body (panics when it is not XML).
    pub fn doc(&self) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(&self.body)
            .unwrap_or_else(|e| panic!("not XML ({e}): {}", self.body))
    }

    /// `(faultcode, faultstring, detail element local name, code)` of a SOAP fault.
    pub fn fault(&self) -> Option<(String, String, String, String)> {
        let doc = self.doc();
        let fault = doc
            .descendants()
            .find(|n| n.has_tag_name((SOAP_ENV, "Fault")))?;
        let text = |name: &str| {
            fault
                .children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_owned()
        };
        let detail = fault.children().find(|n| n.has_tag_name("detail"));
        let element = detail.and_then(|d| {
            d.children().find(|n| {
                n.is_element()
                    && n.tag_name()
                        .namespace()
                        .is_some_and(|ns| ns.starts_with("urn:faults_"))
            })
        });
        let code = element
            .and_then(|e| e.children().find(|n| n.tag_name().name() == "code"))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_owned();
        Some((
            text("faultcode"),
            text("faultstring"),
            element
                .map(|e| e.tag_name().name().to_owned())
                .unwrap_or_default(),
            code,
        ))
    }

    /// The fault code, or "" for a success.
    pub fn fault_code(&self) -> String {
        self.fault().map(|f| f.3).unwrap_or_default()
    }

    /// Text of the first element with this local name.
    pub fn text_of(&self, local: &str) -> Option<String> {
        let doc = self.doc();
        let n = doc
            .descendants()
            .find(|n| n.is_element() && n.tag_name().name() == local)?;
        Some(n.text().unwrap_or("").to_owned())
    }
}

/// How the client failed.
#[derive(Debug)]
pub enum ClientError {
    /// The connection closed before a status line arrived.
    Closed,
    /// The body ended before the announced length.
    Truncated {
        got: usize,
        expected: usize,
    },
    Io(std::io::Error),
}

/// Where and how to send.
#[derive(Clone, Default)]
pub struct Target {
    pub scheme_https: bool,
    pub host_port: String,
    /// Root certificate (DER) to trust for HTTPS.
    pub trust: Option<Vec<u8>>,
    /// Overrides the Host header.
    pub host_header: Option<String>,
}

/// Splits `http(s)://host:port/path` into a target and a path.
pub fn parse_url(url: &str) -> (Target, String) {
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else {
        (false, url.strip_prefix("http://").expect("http(s) URL"))
    };
    let (hp, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    (
        Target {
            scheme_https: https,
            host_port: hp.to_owned(),
            ..Target::default()
        },
        path,
    )
}

fn read_all(stream: &mut dyn Read) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => break,
        }
    }
    buf
}

/// Sends one request on a fresh connection (`Connection: close`) and reads the whole answer.
pub fn send(
    target: &Target,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<HttpResponse, ClientError> {
    let start = Instant::now();
    let tcp = TcpStream::connect(&target.host_port).map_err(ClientError::Io)?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(ClientError::Io)?;
    let host = target
        .host_header
        .clone()
        .unwrap_or_else(|| target.host_port.clone());
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    let raw = if target.scheme_https {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(rustls::pki_types::CertificateDer::from(
                target.trust.clone().expect("certificate to trust"),
            ))
            .expect("valid certificate");
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(roots)
        .with_no_client_auth();
        let ip = target
            .host_port
            .rsplit_once(':')
            .map(|(h, _)| h.to_owned())
            .unwrap_or_default();
        let name = rustls::pki_types::ServerName::try_from(ip).expect("server name");
        let conn = rustls::ClientConnection::new(Arc::new(config), name)
            .map_err(|e| ClientError::Io(std::io::Error::other(e)))?;
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        tls.write_all(req.as_bytes()).map_err(ClientError::Io)?;
        read_all(&mut tls)
    } else {
        let mut tcp = tcp;
        tcp.write_all(req.as_bytes()).map_err(ClientError::Io)?;
        read_all(&mut tcp)
    };
    let elapsed = start.elapsed();
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err(ClientError::Closed);
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or(ClientError::Closed)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let body = &raw[split + 4..];
    let expected = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    if let Some(expected) = expected {
        if body.len() < expected {
            return Err(ClientError::Truncated {
                got: body.len(),
                expected,
            });
        }
    }
    let resp = HttpResponse {
        status,
        headers,
        body: String::from_utf8_lossy(body).into_owned(),
        elapsed,
    };
    if resp.body.contains(SOAP_ENV) {
        collect(&resp.body);
    }
    Ok(resp)
}

/// POSTs a SOAP envelope to a URL with `SOAPAction: "<op>"`.
pub fn post(url: &str, op: &str, envelope: &str) -> HttpResponse {
    let (target, path) = parse_url(url);
    post_to(&target, &path, op, envelope).unwrap_or_else(|e| panic!("POST {url}: {e:?}"))
}

pub fn post_to(
    target: &Target,
    path: &str,
    op: &str,
    envelope: &str,
) -> Result<HttpResponse, ClientError> {
    let action = format!("\"{op}\"");
    send(
        target,
        "POST",
        path,
        &[
            ("Content-Type", "text/xml; charset=utf-8"),
            ("SOAPAction", &action),
        ],
        envelope,
    )
}

pub fn get(url: &str) -> HttpResponse {
    let (target, path) = parse_url(url);
    send(&target, "GET", &path, &[], "").unwrap_or_else(|e| panic!("GET {url}: {e:?}"))
}

// ---- SOAP builders -------------------------------------------------------------------------

/// Token credentials for a request.
#[derive(Clone)]
pub struct Creds {
    pub account: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub token_id: String,
    pub token_secret: String,
}

impl Creds {
    pub fn new(account: &str, token: &netsuite_sim::TokenConfig) -> Creds {
        Creds {
            account: account.to_owned(),
            consumer_key: token.consumer_key.clone(),
            consumer_secret: token.consumer_secret.clone(),
            token_id: token.token_id.clone(),
            token_secret: token.token_secret.clone(),
        }
    }

    pub fn demo() -> Creds {
        Creds::new(
            netsuite_sim::config::DEMO_ACCOUNT,
            &netsuite_sim::config::demo_token(),
        )
    }
}

/// A token for a test account.
pub fn token(n: &str) -> netsuite_sim::TokenConfig {
    netsuite_sim::TokenConfig {
        consumer_key: format!("ck-{n}"),
        consumer_secret: format!("cs-{n}"),
        token_id: format!("tid-{n}"),
        token_secret: format!("ts-{n}"),
    }
}

static NONCE: AtomicU64 = AtomicU64::new(1);

/// A fresh alphanumeric nonce.
pub fn nonce() -> String {
    let n = NONCE.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("n{n}x{:x}", t & 0xFFFF_FFFF_FFFF)
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Base64(HMAC(consumerSecret&tokenSecret, account&consumerKey&token&nonce&timestamp)).
pub fn sign(c: &Creds, nonce: &str, timestamp: i64, sha1: bool) -> String {
    let alg = if sha1 {
        ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY
    } else {
        ring::hmac::HMAC_SHA256
    };
    let key = ring::hmac::Key::new(
        alg,
        format!("{}&{}", c.consumer_secret, c.token_secret).as_bytes(),
    );
    let base = format!(
        "{}&{}&{}&{nonce}&{timestamp}",
        c.account, c.consumer_key, c.token_id
    );
    base64::engine::general_purpose::STANDARD
        .encode(ring::hmac::sign(&key, base.as_bytes()).as_ref())
}

/// A tokenPassport header with explicit values.
pub fn token_passport_with(
    c: &Creds,
    nonce: &str,
    timestamp: i64,
    signature: &str,
    algorithm: &str,
) -> String {
    format!(
        "<platformMsgs:tokenPassport><platformCore:account>{}</platformCore:account>\
         <platformCore:consumerKey>{}</platformCore:consumerKey><platformCore:token>{}</platformCore:token>\
         <platformCore:nonce>{nonce}</platformCore:nonce><platformCore:timestamp>{timestamp}</platformCore:timestamp>\
         <platformCore:signature algorithm=\"{algorithm}\">{signature}</platformCore:signature></platformMsgs:tokenPassport>",
        c.account, c.consumer_key, c.token_id
    )
}

/// A freshly signed tokenPassport header (HMAC-SHA256).
pub fn token_passport(c: &Creds) -> String {
    let n = nonce();
    let ts = now_unix();
    token_passport_with(c, &n, ts, &sign(c, &n, ts, false), "HMAC-SHA256")
}

/// A passport header (user credentials).
pub fn passport(email: &str, password: &str, account: &str, role: &str) -> String {
    format!(
        "<platformMsgs:passport><platformCore:email>{email}</platformCore:email>\
         <platformCore:password>{password}</platformCore:password><platformCore:account>{account}</platformCore:account>\
         <platformCore:role internalId=\"{role}\"/></platformMsgs:passport>"
    )
}

pub fn application_info(id: &str) -> String {
    format!("<platformMsgs:applicationInfo><platformMsgs:applicationId>{id}</platformMsgs:applicationId></platformMsgs:applicationInfo>")
}

/// An envelope of version `tag` with the conventional prefixes.
pub fn envelope(tag: &str, header: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"{SOAP_ENV}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:platformMsgs=\"urn:messages_{tag}.platform.webservices.netsuite.com\" \
         xmlns:platformCore=\"urn:core_{tag}.platform.webservices.netsuite.com\">\
         <soapenv:Header>{header}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    )
}

pub fn get_server_time_body() -> &'static str {
    "<platformMsgs:getServerTime/>"
}

pub fn discovery_body(account: &str) -> String {
    format!("<platformMsgs:getDataCenterUrls><platformMsgs:account>{account}</platformMsgs:account></platformMsgs:getDataCenterUrls>")
}

/// A signed getServerTime request of `tag`.
pub fn server_time_request(tag: &str, c: &Creds) -> String {
    envelope(tag, &token_passport(c), get_server_time_body())
}

pub fn v(tag: &str) -> netsuite_sim::Version {
    netsuite_sim::Version::from_tag(tag).expect("served version")
}

// ---- collector -----------------------------------------------------------------------------

static COLLECTED: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Responses already validated, normalised ([`normalise`]), so that repeats are not validated
/// again (each `xmllint` run compiles the schema, about a second).
static VALIDATED: Mutex<Option<std::collections::HashSet<String>>> = Mutex::new(None);

/// Replaces what differs between otherwise identical responses: `nsId`, `serverTime`, ports.
fn normalise(body: &str) -> String {
    let mut out = body.to_owned();
    for (open, close) in [
        ("<platformMsgs:nsId>", "</platformMsgs:nsId>"),
        ("<platformCore:serverTime>", "</platformCore:serverTime>"),
    ] {
        if let (Some(a), Some(b)) = (out.find(open), out.find(close)) {
            if a + open.len() <= b {
                out.replace_range(a + open.len()..b, "_");
            }
        }
    }
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find("127.0.0.1:") {
        result.push_str(&rest[..i + 10]);
        rest = rest[i + 10..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    result.push_str(rest);
    result
}

fn collect(body: &str) {
    COLLECTED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(body.to_owned());
}

/// The version tag of a response (from its documentInfo namespace).
fn tag_of(envelope: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(envelope).ok()?;
    let info = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "documentInfo")?;
    let ns = info.tag_name().namespace()?;
    let rest = ns.strip_prefix("urn:messages_")?;
    Some(rest.split('.').next()?.to_owned())
}

/// Platform responses whose shape is the same in every version from 2017.1 to 2025.2.
const VERSION_NEUTRAL: [&str; 5] = [
    "getServerTimeResponse",
    "getDataCenterUrlsResponse",
    "getAccountGovernanceInfoResponse",
    "getIntegrationGovernanceInfoResponse",
    "Fault",
];

fn body_child(envelope: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(envelope).ok()?;
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((SOAP_ENV, "Body")))?;
    let first = body.children().find(|n| n.is_element())?;
    Some(first.tag_name().name().to_owned())
}

/// Validates every SOAP response collected so far (from every test) against the official XSD
/// of its version (2017_1, 2017_2, 2023_2). Responses of other versions are validated only when
/// their shape does not depend on the version (platform operations and faults), against the
/// nearest schema with their namespaces renamed (before 2017_1 → 2017_1, later → 2023_2);
/// other responses of versions without a schema are skipped.
pub fn validate_collected() {
    let drained: Vec<String> =
        std::mem::take(&mut *COLLECTED.lock().unwrap_or_else(|e| e.into_inner()));
    let mut by_schema: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let fresh: Vec<String> = {
        let mut seen = VALIDATED.lock().unwrap_or_else(|e| e.into_inner());
        let seen = seen.get_or_insert_with(Default::default);
        drained
            .into_iter()
            .filter(|b| seen.insert(normalise(b)))
            .collect()
    };
    for body in fresh {
        let Some(tag) = tag_of(&body) else {
            panic!("response without documentInfo: {body}")
        };
        if let Some(exact) = xsd::TAGS_WITH_SCHEMA.iter().find(|t| **t == tag) {
            by_schema.entry(exact).or_default().push(body);
            continue;
        }
        let neutral = body_child(&body).is_some_and(|c| VERSION_NEUTRAL.contains(&c.as_str()));
        if !neutral {
            continue;
        }
        let schema = if tag.as_str() < "2017_1" {
            "2017_1"
        } else {
            "2023_2"
        };
        let body = body.replace(&format!("_{tag}."), &format!("_{schema}."));
        by_schema.entry(schema).or_default().push(body);
    }
    for (schema, bodies) in by_schema {
        if let Err(e) = xsd::validate_envelopes(schema, &bodies) {
            panic!("{e}");
        }
    }
}

// ---- fixtures ------------------------------------------------------------------------------

/// The test account used by most tests.
pub const ACCOUNT: &str = "TSTDRV9001";
/// A second account (sandbox style).
pub const SANDBOX: &str = "9001_SB1";
pub const EMAIL: &str = "user@example.com";
pub const PASSWORD: &str = "pa55word";
pub const ROLE: &str = "3";
pub const APP_ID: &str = "APP-1";

pub fn account() -> netsuite_sim::AccountConfig {
    let mut a = netsuite_sim::AccountConfig::new(ACCOUNT)
        .with_token(token("a"))
        .with_user(netsuite_sim::UserConfig {
            email: EMAIL.into(),
            password: PASSWORD.into(),
            role: ROLE.into(),
        })
        .with_customers(10);
    a.application_ids.push(APP_ID.into());
    a
}

pub fn sandbox() -> netsuite_sim::AccountConfig {
    netsuite_sim::AccountConfig::new(SANDBOX)
        .with_token(token("sb"))
        .with_customers(10)
}

pub fn creds() -> Creds {
    Creds::new(ACCOUNT, &token("a"))
}

pub fn sandbox_creds() -> Creds {
    Creds::new(SANDBOX, &token("sb"))
}

/// A simulator with the two test accounts, on its own runtime.
pub fn start() -> netsuite_sim::BlockingSimHandle {
    start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .account(sandbox()),
    )
}

pub fn start_with(builder: netsuite_sim::SimulatorBuilder) -> netsuite_sim::BlockingSimHandle {
    builder.start_blocking().expect("simulator starts")
}
