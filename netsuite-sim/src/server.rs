//! The HTTP(S) server: accept loop, TLS, routing by host and path, and one SOAP exchange from
//! request bytes to response bytes (version check, discovery, authentication, governance, fault
//! injection, dispatch, recording).
//!
//! # Routing
//!
//! - `POST /services/NetSuitePort_<YYYY_N>` on the generic origin (`SimHandle::base_url`).
//! - The account-specific "host" of account `123456_SB1` (label `123456-sb1`) is reached either
//!   by a path prefix, `POST /a/123456-sb1/services/NetSuitePort_<YYYY_N>` (what
//!   getDataCenterUrls returns as `webservicesDomain`: `http://127.0.0.1:PORT/a/123456-sb1`), or
//!   by the Host header `123456-sb1.suitetalk.api.netsuite.com` on the plain path.
//! - `GET /wsdl/v<YYYY_N>_0/…` and `GET /xsd/<area>/v<YYYY_N>_0/<name>.xsd` from the schema
//!   folder (see `wsdl`).
//!
//! getDataCenterUrls needs no authentication anywhere and ignores any credentials sent. Other
//! operations on the generic origin are accepted for any account, unless
//! `require_account_domain` is set: then endpoints from 2019.1 on refuse them, as NetSuite
//! does. On an account host, credentials of another account are refused ("Invalid login
//! attempt.").
//!
//! Every response is written in one piece (`writev(false)`, whole body, `TCP_NODELAY`) unless
//! fault injection asks for a trickled or truncated body.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::{Method as HttpMethod, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::auth::{self, Method, Policy, Replay};
use crate::config::{AccountConfig, SimConfig};
use crate::counters::Counters;
use crate::envelope::{self, NsIds};
use crate::faults::Fault;
use crate::inject::{Injection, Injector, SimBody};
use crate::ops::{self, platform, OpContext};
use crate::recorder::{Entry, Recorder};
use crate::store::AccountStore;
use crate::version::Version;

/// Host names of account-specific domains.
const HOST_SUFFIX: &str = ".suitetalk.api.netsuite.com";

/// One account at run time.
pub(crate) struct AccountState {
    pub label: String,
    pub store: AccountStore,
    pub injector: Injector,
    /// Requests in flight per integration (for `integration_concurrency_limit`).
    pub integrations: Arc<crate::governance::Integrations>,
}

/// Everything the connections of one simulator share.
pub(crate) struct Shared {
    pub config: SimConfig,
    pub accounts: Vec<AccountState>,
    pub counters: Arc<Counters>,
    pub replay: Replay,
    pub ns_ids: NsIds,
    pub recorder: Option<Recorder>,
    /// `http://127.0.0.1:PORT` or `https://…`.
    pub origin: String,
}

impl Shared {
    pub(crate) fn new(config: SimConfig, origin: String) -> std::io::Result<Shared> {
        let accounts = config
            .accounts
            .iter()
            .map(|a: &AccountConfig| AccountState {
                label: a.label(),
                store: AccountStore::seeded(&crate::store::StoreSpec {
                    customers: a.customers,
                    seed: a.seed,
                    search_id_ttl: std::time::Duration::from_secs(a.search_id_ttl_secs),
                    async_job_delay: std::time::Duration::from_millis(a.async_job_delay_ms),
                    async_job_fail_prefix: a.async_job_fail_prefix.clone(),
                }),
                injector: Injector::new(
                    a.faults
                        .clone()
                        .or_else(|| config.default_faults.clone())
                        .unwrap_or_default(),
                    &a.id,
                ),
                integrations: Arc::default(),
            })
            .collect();
        let recorder = config
            .record_folder
            .as_deref()
            .map(Recorder::new)
            .transpose()?;
        let salt = time::OffsetDateTime::now_utc().unix_timestamp_nanos() as u64;
        Ok(Shared {
            config,
            accounts,
            counters: Arc::new(Counters::default()),
            replay: Replay::default(),
            ns_ids: NsIds::new(salt),
            recorder,
            origin,
        })
    }

    fn account_index_by_label(&self, label: &str) -> Option<usize> {
        self.accounts.iter().position(|a| a.label == label)
    }

    /// The origin of an account's domain (`…/a/<label>`).
    pub(crate) fn account_base_url(&self, label: &str) -> String {
        format!("{}/a/{label}", self.origin)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The accept loop; ends when `shutdown` changes or its sender is dropped.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let _ = stream.set_nodelay(true);
                    let shared = Arc::clone(&shared);
                    let tls = tls.clone();
                    let shutdown = shutdown.clone();
                    tokio::spawn(async move {
                        match tls {
                            Some(acceptor) => match acceptor.accept(stream).await {
                                Ok(s) => connection(TokioIo::new(s), shared, shutdown).await,
                                Err(e) => tracing::debug!(error = %e, "TLS handshake failed"),
                            },
                            None => connection(TokioIo::new(stream), shared, shutdown).await,
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
            },
        }
    }
}

async fn connection<I>(io: I, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| handle(Arc::clone(&shared), req));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.writev(false).keep_alive(true);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended");
            }
        }
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Returned by the service to close the connection without a response.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

fn text_response(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<SimBody> {
    let body = SimBody::full(body);
    let len = body.len();
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp.headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(len));
    resp
}

const XML: &str = "text/xml; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

fn not_found() -> Response<SimBody> {
    text_response(
        StatusCode::NOT_FOUND,
        HTML,
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>\
         <p>No service is available at this URL.</p></body></html>",
    )
}

const SERVICE_UNAVAILABLE_PAGE: &str =
    "<html><head><title>503 Service Unavailable</title></head><body>\
     <h1>Service Unavailable</h1><p>The server is temporarily unable to service your request \
     due to maintenance downtime or capacity problems. Please try again later.</p></body></html>";

/// What a gateway in front of NetSuite answers when NetSuite's answer does not reach it.
const GATEWAY_PAGE: &str =
    "<html><head><title>Gateway Error</title></head><body><h1>Gateway Error</h1>\
     <p>The upstream server did not answer in time.</p></body></html>";

fn gateway_page(status: u16) -> Response<SimBody> {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    text_response(code, HTML, GATEWAY_PAGE)
}

fn service_unavailable() -> Response<SimBody> {
    text_response(
        StatusCode::SERVICE_UNAVAILABLE,
        HTML,
        SERVICE_UNAVAILABLE_PAGE,
    )
}

/// The account label named by the Host header, if it is an account domain.
fn host_label(req: &Request<Incoming>) -> Option<String> {
    let host = req.headers().get(HOST)?.to_str().ok()?;
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    host.to_ascii_lowercase()
        .strip_suffix(HOST_SUFFIX)
        .map(str::to_owned)
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<SimBody>, Dropped> {
    // The simulated latency counts from here: reading, checking and answering the request are
    // all part of the time a client waits.
    let received = tokio::time::Instant::now();
    // Which account's domain the request reached, if any.
    let mut host_account = None;
    if let Some(label) = host_label(&req) {
        match shared.account_index_by_label(&label) {
            Some(i) => host_account = Some(i),
            None => return Ok(not_found()),
        }
    }
    let full_path = req.uri().path().to_owned();
    let mut path = full_path.as_str();
    if let Some(rest) = path.strip_prefix("/a/") {
        let (label, tail) = rest.split_once('/').unwrap_or((rest, ""));
        match shared.account_index_by_label(label) {
            Some(i) => host_account = Some(i),
            None => return Ok(not_found()),
        }
        path = &full_path[full_path.len() - tail.len() - 1..];
        if tail.is_empty() {
            path = "/";
        }
    }

    if req.method() == HttpMethod::GET {
        return Ok(get(&shared, path));
    }
    let Some(tag) = path.strip_prefix("/services/NetSuitePort_") else {
        return Ok(not_found());
    };
    let tag = tag.to_owned();
    let well_formed = tag.split_once('_').is_some_and(|(y, r)| {
        y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && (r == "1" || r == "2")
    });
    if req.method() != HttpMethod::POST || !well_formed {
        return Ok(not_found());
    }
    let body = match Limited::new(req.into_body(), shared.config.max_request_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                let x = Exchange::new(&shared, &tag, None, &[]);
                return x.fault(
                    None,
                    &Fault::request_too_large(shared.config.max_request_bytes),
                );
            }
            return Err(Dropped);
        }
    };
    soap(&shared, &tag, host_account, &body, received).await
}

fn get(shared: &Shared, path: &str) -> Response<SimBody> {
    let Some(folder) = shared.config.schema_folder.as_deref() else {
        // No schema folder: the simulator's own set, generated for the version asked.
        return match crate::wsdl::generated(path, &shared.origin) {
            Some(text) => text_response(StatusCode::OK, XML, text.into_bytes()),
            None => not_found(),
        };
    };
    match crate::wsdl::resolve(folder, path) {
        Some((file, is_wsdl)) => match crate::wsdl::read(&file, is_wsdl, &shared.origin) {
            Ok(bytes) => text_response(StatusCode::OK, XML, bytes),
            Err(_) => not_found(),
        },
        None => not_found(),
    }
}

/// One SOAP exchange's bookkeeping: recording, nsId, fault counting.
struct Exchange<'s> {
    shared: &'s Shared,
    tag: String,
    op: String,
    entry: Option<Entry>,
}

impl<'s> Exchange<'s> {
    fn new(shared: &'s Shared, tag: &str, op: Option<&str>, body: &[u8]) -> Exchange<'s> {
        let op = op.unwrap_or("invalid");
        shared.counters.request(op);
        let entry = shared.recorder.as_ref().map(|r| r.request(op, body));
        Exchange {
            shared,
            tag: tag.to_owned(),
            op: op.to_owned(),
            entry,
        }
    }

    fn ns_id(&self, account: Option<&str>) -> String {
        self.shared
            .ns_ids
            .next(account.unwrap_or("0"), time::OffsetDateTime::now_utc())
    }

    fn finish(
        &self,
        status: StatusCode,
        xml: String,
        injection: Injection,
        interval: std::time::Duration,
    ) -> Result<Response<SimBody>, Dropped> {
        if let Some(name) = injection.counter() {
            if matches!(
                injection,
                Injection::DropAfter | Injection::Truncate | Injection::SlowBody
            ) {
                self.shared.counters.injected(name);
            }
        }
        tracing::debug!(op = %self.op, version = %self.tag, status = status.as_u16(), ?injection, "answered");
        if let Some(status) = match injection {
            Injection::Gateway502After => Some(502),
            Injection::Gateway504After => Some(504),
            _ => None,
        } {
            // Applied, but the gateway answers with its own page instead of NetSuite's.
            self.shared
                .counters
                .injected(injection.counter().unwrap_or(""));
            if let (Some(r), Some(e)) = (&self.shared.recorder, &self.entry) {
                r.http_page(e, status, GATEWAY_PAGE.as_bytes());
            }
            return Ok(gateway_page(status));
        }
        if let (Some(r), Some(e)) = (&self.shared.recorder, &self.entry) {
            r.response(e, xml.as_bytes(), injection != Injection::DropAfter);
        }
        let bytes = Bytes::from(xml);
        let body = match injection {
            Injection::DropAfter => return Err(Dropped),
            Injection::Truncate => SimBody::truncated(bytes),
            Injection::SlowBody => SimBody::trickled(bytes, 8, interval),
            _ => SimBody::full(bytes),
        };
        let len = body.len();
        let mut resp = Response::new(body);
        *resp.status_mut() = status;
        resp.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(XML));
        resp.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(len));
        Ok(resp)
    }

    fn fault(&self, account: Option<&str>, fault: &Fault) -> Result<Response<SimBody>, Dropped> {
        self.fault_with(account, fault, Injection::None)
    }

    fn fault_with(
        &self,
        account: Option<&str>,
        fault: &Fault,
        injection: Injection,
    ) -> Result<Response<SimBody>, Dropped> {
        self.shared.counters.fault(fault.code);
        let xml = envelope::fault(
            &self.ns_id(account),
            &self.tag,
            fault,
            &self.shared.config.hostname,
        );
        self.finish(
            StatusCode::INTERNAL_SERVER_ERROR,
            xml,
            injection,
            std::time::Duration::ZERO,
        )
    }
}

async fn soap(
    shared: &Shared,
    tag: &str,
    host_account: Option<usize>,
    body: &[u8],
    received: tokio::time::Instant,
) -> Result<Response<SimBody>, Dropped> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string());
    let doc = text
        .and_then(|t| roxmltree::Document::parse(t).map_err(|e| e.to_string()))
        .and_then(|d| crate::store::elem::check_depth(&d).map(|()| d));
    let request = doc
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|d| envelope::split(d).map_err(|f| f.message));
    let op = request.as_ref().ok().map(|r| r.op.tag_name().name());
    let x = Exchange::new(shared, tag, op, body);
    let host_id = host_account.map(|i| shared.config.accounts[i].id.as_str());

    let Some(version) = Version::from_tag(tag) else {
        return x.fault(host_id, &Fault::unsupported_version(tag));
    };
    let (doc, request) = match (&doc, request) {
        (Ok(doc), Ok(request)) => (doc, request),
        (Err(e), _) => return x.fault(host_id, &Fault::malformed_request(e)),
        (_, Err(e)) => return x.fault(host_id, &Fault::malformed_request(e)),
    };
    if let Some(ns) = envelope::foreign_namespace(doc, tag) {
        return x.fault(host_id, &Fault::namespace_mismatch(tag, ns));
    }
    let op = request.op.tag_name().name();
    let op_is_messages = request.op.tag_name().namespace() == Some(version.messages().as_str());

    if op == "getDataCenterUrls" && op_is_messages {
        let xml = discovery(shared, version, request.op);
        let ns_id = x.ns_id(host_id);
        return x.finish(
            StatusCode::OK,
            envelope::response(&ns_id, tag, &xml),
            Injection::None,
            std::time::Duration::ZERO,
        );
    }

    // Authentication.
    let headers = envelope::read_headers(request.header, version);
    let (index, method) = match (&headers.token_passport, &headers.passport) {
        (Some(_), _) if headers.application_id.is_some() || headers.passport.is_some() => {
            return x.fault(host_id, &Fault::ambiguous_authentication());
        }
        (Some(tp), None) => {
            let policy = Policy {
                version,
                clock_skew_secs: shared.config.clock_skew_secs,
                replay_capacity: shared.config.replay_cache_size,
                now_unix: time::OffsetDateTime::now_utc().unix_timestamp(),
            };
            match auth::verify_token(tp, &shared.config.accounts, &shared.replay, &policy) {
                Ok(i) => {
                    shared
                        .counters
                        .accepted_nonce(&shared.config.accounts[i].id, &tp.nonce);
                    (i, Method::Token)
                }
                Err(f) => return x.fault(host_id, &f),
            }
        }
        (None, Some(p)) => {
            match auth::verify_passport(
                p,
                headers.application_id.as_deref(),
                &shared.config.accounts,
                version,
            ) {
                Ok(i) => (i, Method::Passport),
                Err(f) => return x.fault(host_id, &f),
            }
        }
        _ => return x.fault(host_id, &Fault::login_required()),
    };
    let account = &shared.config.accounts[index];
    let state = &shared.accounts[index];
    let id = Some(account.id.as_str());
    match host_account {
        Some(h) if h != index => {
            tracing::info!(account = %account.id, host = %shared.accounts[h].label, "credentials of another account's domain");
            return x.fault(host_id, &Fault::invalid_login());
        }
        None if shared.config.require_account_domain
            && version
                >= (Version {
                    year: 2019,
                    release: 1,
                }) =>
        {
            return x.fault(id, &Fault::account_domain_required(tag));
        }
        _ => {}
    }

    // Fault injection before the request is admitted.
    let injection = state.injector.roll_for(op);
    match injection {
        Injection::Http503 => {
            shared.counters.injected("http_503");
            let page = service_unavailable();
            if let (Some(r), Some(e)) = (&shared.recorder, &x.entry) {
                r.http_page(e, 503, SERVICE_UNAVAILABLE_PAGE.as_bytes());
            }
            return Ok(page);
        }
        Injection::DropBefore => {
            shared.counters.injected("drop_before");
            return Err(Dropped);
        }
        _ => {}
    }

    // Governance, then latency while holding the slot.
    let _permit = match crate::governance::admit(
        &shared.counters,
        &account.id,
        account.concurrency_limit,
        method,
    ) {
        Ok(p) => p,
        Err(f) => return x.fault(id, &f),
    };
    let integration = match method {
        Method::Token => headers
            .token_passport
            .as_ref()
            .map(|t| t.consumer_key.as_str()),
        Method::Passport => headers.application_id.as_deref(),
    };
    let _integration_permit = match crate::governance::admit_integration(
        &state.integrations,
        integration.unwrap_or_default(),
        account.integration_concurrency_limit,
        method,
    ) {
        Ok(p) => p,
        Err(f) => return x.fault(id, &f),
    };
    // Latency is the server's whole time for a request, as a client sees it (from `received`):
    // the work below counts toward it, and the slot is held throughout.
    let latency = state.injector.latency();
    if matches!(
        injection,
        Injection::ConcurrencyFault | Injection::UnexpectedError
    ) && !latency.is_zero()
    {
        tokio::time::sleep_until(received + latency).await;
    }
    match injection {
        Injection::ConcurrencyFault => {
            shared.counters.injected("concurrency_fault");
            let f = match method {
                Method::Token => Fault::concurrent_request_limit(),
                Method::Passport => Fault::session_request_limit(),
            };
            return x.fault(id, &f);
        }
        Injection::UnexpectedError => {
            shared.counters.injected("unexpected_error");
            return x.fault(id, &Fault::unexpected_error());
        }
        _ => {}
    }

    let ctx = OpContext {
        version,
        account: &account.id,
        store: &state.store,
        preferences: &headers.preferences,
        search_preferences: &headers.search_preferences,
        now: time::OffsetDateTime::now_utc(),
        after_submit_fail_prefix: state.injector.after_submit_fail_prefix(),
        strict_fields: shared.config.schema_folder.is_none(),
    };
    let result = if !op_is_messages {
        None
    } else if account.refused_operations.iter().any(|r| r == op) {
        Some(Err(crate::faults::Fault::new(
            "insufficientPermissionFault",
            "INSUFFICIENT_PERMISSION",
            format!("Permission Violation: your role does not allow {op}."),
        )))
    } else if op == "getAccountGovernanceInfo" {
        platform::has_governance_info(version)
            .then(|| platform::account_governance_info(&ctx, account))
    } else if op == "getIntegrationGovernanceInfo" {
        platform::has_governance_info(version)
            .then(|| platform::integration_governance_info(&ctx, account))
    } else {
        ops::dispatch(op, request.op, &ctx)
    };
    if !latency.is_zero() {
        tokio::time::sleep_until(received + latency).await;
    }
    let ns_id = x.ns_id(id);
    match result {
        Some(Ok(xml)) => x.finish(
            StatusCode::OK,
            envelope::response(&ns_id, tag, &xml),
            injection,
            state.injector.slow_interval(),
        ),
        Some(Err(f)) => x.fault_with(id, &f, injection),
        None => {
            shared.counters.fault("NO_SUCH_OPERATION");
            let xml = envelope::client_fault(
                &ns_id,
                tag,
                &format!("No such operation '{op}'"),
                &shared.config.hostname,
            );
            x.finish(
                StatusCode::INTERNAL_SERVER_ERROR,
                xml,
                injection,
                state.injector.slow_interval(),
            )
        }
    }
}

/// The getDataCenterUrls answer: the account's domain for a known account (matched without
/// regard to case), the generic origin for any other.
fn discovery(shared: &Shared, version: Version, op: roxmltree::Node<'_, '_>) -> String {
    let messages = version.messages();
    let requested = op
        .children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == "account"
                && c.tag_name().namespace() == Some(messages.as_str())
        })
        .and_then(|c| c.text())
        .unwrap_or("")
        .trim();
    let known = shared
        .config
        .accounts
        .iter()
        .position(|a| a.id.eq_ignore_ascii_case(requested));
    let base = match known {
        Some(i) => shared.account_base_url(&shared.accounts[i].label),
        None => shared.origin.clone(),
    };
    let urls = [
        ("restDomain", format!("{base}/rest")),
        ("webservicesDomain", base.clone()),
        ("systemDomain", format!("{base}/app")),
    ];
    let core = version.core();
    let mut w = quick_xml::Writer::new(Vec::new());
    let result = w
        .create_element("getDataCenterUrlsResponse")
        .with_attribute(("xmlns", messages.as_str()))
        .write_inner_content(|w| {
            w.create_element("platformCore:getDataCenterUrlsResult")
                .with_attribute(("xmlns:platformCore", core.as_str()))
                .write_inner_content(|w| {
                    w.create_element("platformCore:status")
                        .with_attribute(("isSuccess", "true"))
                        .write_empty()?;
                    w.create_element("platformCore:dataCenterUrls")
                        .write_inner_content(|w| {
                            for (name, value) in &urls {
                                w.create_element(format!("platformCore:{name}"))
                                    .write_text_content(quick_xml::events::BytesText::new(value))?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
            Ok(())
        });
    debug_assert!(result.is_ok());
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// Binds a listener (kept for the builder).
pub(crate) async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}
