//! The host transport against real local servers: the concurrency budget measured at the
//! server, error kinds from real failures, cancellation, TLS trust and the ABI box.
//!
//! Every server listens on 127.0.0.1:0. Timing facts are only ever relative comparisons with
//! wide margins (key B finished while key A still had a queue), never wall-clock limits.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use abi_stable::std_types::RVec;
use bytes::Bytes;
use connector_api::{Cancellation, HttpHeader, HttpRequest, TransportError, TransportErrorKind};
use host_runner::transport::{HostTransport, TransportConfig};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// A tiny test server: `/{key}/{sleep_ms}` sleeps, then answers `200 {key}`; it counts requests
// in flight per key and accepted connections. `/echo` answers 201 with the request body and
// its length in `x-got-len`.

#[derive(Default)]
struct KeyStats {
    in_flight: usize,
    peak: usize,
    done: usize,
}

#[derive(Default)]
struct ServerStats {
    keys: Mutex<HashMap<String, KeyStats>>,
    /// Request paths in the order the server received them.
    arrivals: Mutex<Vec<String>>,
    connections: AtomicUsize,
}

impl ServerStats {
    fn enter(&self, key: &str) {
        let mut keys = self.keys.lock().unwrap();
        let k = keys.entry(key.to_owned()).or_default();
        k.in_flight += 1;
        k.peak = k.peak.max(k.in_flight);
    }

    fn leave(&self, key: &str) {
        let mut keys = self.keys.lock().unwrap();
        let k = keys.get_mut(key).unwrap();
        k.in_flight -= 1;
        k.done += 1;
    }

    fn peak(&self, key: &str) -> usize {
        self.keys.lock().unwrap().get(key).map_or(0, |k| k.peak)
    }

    fn done(&self, key: &str) -> usize {
        self.keys.lock().unwrap().get(key).map_or(0, |k| k.done)
    }
}

struct TestServer {
    addr: SocketAddr,
    stats: Arc<ServerStats>,
    _runtime: tokio::runtime::Runtime,
}

impl TestServer {
    fn start() -> TestServer {
        TestServer::start_with(None)
    }

    fn start_tls(config: rustls::ServerConfig) -> TestServer {
        TestServer::start_with(Some(tokio_rustls::TlsAcceptor::from(Arc::new(config))))
    }

    fn start_with(tls: Option<tokio_rustls::TlsAcceptor>) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let stats = Arc::new(ServerStats::default());
        let server_stats = Arc::clone(&stats);
        runtime.spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                server_stats.connections.fetch_add(1, Ordering::SeqCst);
                let stats = Arc::clone(&server_stats);
                let tls = tls.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(req, Arc::clone(&stats)));
                    let http = hyper::server::conn::http1::Builder::new();
                    match tls {
                        Some(acceptor) => {
                            // A client that rejects our certificate ends the handshake.
                            if let Ok(stream) = acceptor.accept(tcp).await {
                                let _ = http.serve_connection(TokioIo::new(stream), service).await;
                            }
                        }
                        None => {
                            let _ = http.serve_connection(TokioIo::new(tcp), service).await;
                        }
                    }
                });
            }
        });
        TestServer {
            addr,
            stats,
            _runtime: runtime,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn handle(
    req: Request<hyper::body::Incoming>,
    stats: Arc<ServerStats>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    if path == "/echo" {
        let body = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let response = Response::builder()
            .status(201)
            .header("x-got-len", body.len().to_string())
            .body(Full::new(body))
            .unwrap();
        return Ok(response);
    }
    stats.arrivals.lock().unwrap().push(path.clone());
    let mut parts = path.trim_start_matches('/').split('/');
    let key = parts.next().unwrap_or_default().to_owned();
    let sleep_ms: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    stats.enter(&key);
    tokio::time::sleep(Duration::from_millis(sleep_ms)).await;
    stats.leave(&key);
    Ok(Response::new(Full::new(Bytes::from(key))))
}

/// A raw TCP server that reads one request head, writes `reply` and closes the socket.
fn start_raw_server(reply: &'static [u8]) -> SocketAddr {
    let listener = StdTcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(reply);
            let _ = stream.flush();
            // Dropping the stream closes the connection.
        }
    });
    addr
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn transport() -> HostTransport {
    HostTransport::new(TransportConfig::default()).unwrap()
}

fn request(url: &str, pool_key: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: url.into(),
        headers: RVec::from(vec![HttpHeader {
            name: "Authorization".into(),
            value: "secret".into(),
        }]),
        body: RVec::from(b"<soap/>".to_vec()),
        pool_key: pool_key.into(),
        timeout_ms: 0,
    }
}

fn send(
    t: &HostTransport,
    req: HttpRequest,
) -> Result<connector_api::HttpResponse, TransportError> {
    t.send(req, &Cancellation::new())
}

fn expect_err(result: Result<connector_api::HttpResponse, TransportError>) -> TransportError {
    match result {
        Ok(r) => panic!("expected an error, got status {}", r.status),
        Err(e) => e,
    }
}

/// Waits (up to a generous bound) until `cond` holds.
fn wait_until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..2_000 {
        if cond() {
            return;
        }
        thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting until {what}");
}

fn spawn_senders(
    t: &HostTransport,
    n: usize,
    url: &str,
    key: &str,
) -> Vec<thread::JoinHandle<Result<connector_api::HttpResponse, TransportError>>> {
    (0..n)
        .map(|_| {
            let t = t.clone();
            let req = request(url, key);
            thread::spawn(move || send(&t, req))
        })
        .collect()
}

fn self_signed() -> (rustls::ServerConfig, String) {
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .unwrap();
    (config, cert.pem())
}

// ---------------------------------------------------------------------------------------------
// The concurrency budget.

#[test]
fn never_more_than_the_limit_in_flight_per_key() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct-a", 4);
    let handles = spawn_senders(&t, 50, &server.url("/a/50"), "acct-a");
    for h in handles {
        let response = h.join().unwrap().expect("every waiting request completes");
        assert_eq!(response.status, 200);
        assert_eq!(response.body.as_slice(), b"a");
    }
    assert_eq!(server.stats.done("a"), 50);
    let peak = server.stats.peak("a");
    assert!(
        peak <= 4,
        "server saw {peak} requests in flight on a key limited to 4"
    );
    assert!(
        peak >= 2,
        "requests should overlap up to the limit (peak {peak})"
    );
    let stats = t.pool_stats("acct-a").unwrap();
    assert_eq!(stats.limit, 4);
    assert!(stats.peak_in_flight <= 4, "{stats:?}");
    assert_eq!(
        (stats.in_flight, stats.waiting, stats.admitted),
        (0, 0, 50),
        "{stats:?}"
    );
}

#[test]
fn a_second_key_is_not_slowed_by_the_first() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct-a", 1);
    t.declare_pool("acct-b", 4);
    // Key A: 40 requests of 50 ms one at a time, a queue of about two seconds.
    let a = spawn_senders(&t, 40, &server.url("/a/50"), "acct-a");
    wait_until("key A has a long queue", || {
        t.pool_stats("acct-a").unwrap().waiting >= 20
    });
    let b = spawn_senders(&t, 8, &server.url("/b/50"), "acct-b");
    for h in b {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    let a_stats = t.pool_stats("acct-a").unwrap();
    assert!(
        a_stats.waiting > 0 && server.stats.done("a") < 40,
        "key B should finish while key A still queues: {a_stats:?}"
    );
    for h in a {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    assert_eq!(server.stats.peak("a"), 1);
    assert!(server.stats.peak("b") <= 4);
}

#[test]
fn undeclared_pool_keys_are_not_limited() {
    let server = TestServer::start();
    let t = transport();
    let handles = spawn_senders(&t, 8, &server.url("/free/300"), "never-declared");
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    assert!(t.pool_stats("never-declared").is_none());
    assert!(
        server.stats.peak("free") >= 2,
        "unlimited requests should overlap"
    );
}

#[test]
fn growing_a_live_limit_admits_waiting_requests() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct", 1);
    let handles = spawn_senders(&t, 12, &server.url("/g/100"), "acct");
    wait_until("requests queue", || {
        t.pool_stats("acct").unwrap().waiting >= 8
    });
    t.declare_pool("acct", 4);
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    let peak = server.stats.peak("g");
    assert!(
        (2..=4).contains(&peak),
        "peak {peak} after growing the limit from 1 to 4"
    );
}

#[test]
fn shrinking_a_live_limit_holds_once_in_flight_requests_finish() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct", 4);
    let first = spawn_senders(&t, 4, &server.url("/s1/300"), "acct");
    wait_until("four in flight", || {
        t.pool_stats("acct").unwrap().in_flight == 4
    });
    t.declare_pool("acct", 1);
    let second = spawn_senders(&t, 6, &server.url("/s2/50"), "acct");
    for h in first.into_iter().chain(second) {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    assert_eq!(
        server.stats.peak("s2"),
        1,
        "requests admitted after the shrink run one at a time"
    );
    assert_eq!(t.pool_stats("acct").unwrap().limit, 1);
}

#[test]
fn waiting_requests_are_admitted_in_arrival_order() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct", 1);
    let mut handles = spawn_senders(&t, 1, &server.url("/hold/300"), "acct");
    wait_until("the permit is held", || {
        t.pool_stats("acct").unwrap().in_flight == 1
    });
    for i in 0..6 {
        handles.extend(spawn_senders(
            &t,
            1,
            &server.url(&format!("/fifo/0/{i}")),
            "acct",
        ));
        wait_until("the request queues", || {
            t.pool_stats("acct").unwrap().waiting == i + 1
        });
    }
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
    let arrivals: Vec<String> = server
        .stats
        .arrivals
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.starts_with("/fifo/"))
        .cloned()
        .collect();
    let expected: Vec<String> = (0..6).map(|i| format!("/fifo/0/{i}")).collect();
    assert_eq!(arrivals, expected);
}

// ---------------------------------------------------------------------------------------------
// Cancellation.

#[test]
fn cancel_while_waiting_for_a_permit() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct", 1);
    let holder = spawn_senders(&t, 1, &server.url("/hold/1000"), "acct");
    wait_until("the permit is held", || {
        t.pool_stats("acct").unwrap().in_flight == 1
    });

    let cancel = Cancellation::new();
    let waiter = {
        let (t, cancel) = (t.clone(), cancel.clone());
        let req = request(&server.url("/waiter/0"), "acct");
        thread::spawn(move || t.send(req, &cancel))
    };
    wait_until("the second request waits", || {
        t.pool_stats("acct").unwrap().waiting == 1
    });
    cancel.cancel();
    let err = expect_err(waiter.join().unwrap());
    assert_eq!(err.kind, TransportErrorKind::Cancelled, "{err}");
    assert!(err.message.contains("permit"), "{err}");

    let stats = t.pool_stats("acct").unwrap();
    assert_eq!(
        (stats.waiting, stats.admitted),
        (0, 1),
        "permit never taken: {stats:?}"
    );
    assert_eq!(server.stats.done("waiter"), 0);
    for h in holder {
        assert_eq!(h.join().unwrap().unwrap().status, 200);
    }
}

#[test]
fn cancel_while_waiting_for_the_response() {
    let server = TestServer::start();
    let t = transport();
    let cancel = Cancellation::new();
    let sender = {
        let (t, cancel) = (t.clone(), cancel.clone());
        let req = request(&server.url("/slow/10000"), "");
        thread::spawn(move || t.send(req, &cancel))
    };
    wait_until("the server has the request", || {
        server
            .stats
            .keys
            .lock()
            .unwrap()
            .get("slow")
            .is_some_and(|k| k.in_flight == 1)
    });
    cancel.cancel();
    let err = expect_err(sender.join().unwrap());
    assert_eq!(err.kind, TransportErrorKind::Cancelled, "{err}");
}

#[test]
fn a_passed_deadline_cancels() {
    let server = TestServer::start();
    let t = transport();
    let cancel = Cancellation::with_timeout(Duration::from_millis(100));
    let err = expect_err(t.send(request(&server.url("/slow/10000"), ""), &cancel));
    assert_eq!(err.kind, TransportErrorKind::Cancelled, "{err}");
    assert!(err.message.contains("deadline"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn closed_port_is_a_connect_error() {
    let port = {
        let listener = StdTcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = expect_err(send(
        &transport(),
        request(&format!("http://127.0.0.1:{port}/x"), ""),
    ));
    assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
    assert!(
        err.message.contains(&port.to_string()),
        "names the peer: {err}"
    );
    assert!(err.is_retryable());
}

#[test]
fn slow_server_is_a_timeout() {
    let server = TestServer::start();
    let t = transport();
    let mut req = request(&server.url("/slow/5000"), "");
    req.timeout_ms = 200;
    let err = expect_err(send(&t, req));
    assert_eq!(err.kind, TransportErrorKind::Timeout, "{err}");
}

#[test]
fn connect_timeout_is_a_timeout() {
    // A listener that never accepts, with its accept queue full: Linux drops further SYNs, so
    // the next connection attempt hangs in connect until the connect timeout.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (addr, _listener, _queued) = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(1).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut queued = Vec::new();
        for _ in 0..4 {
            let attempt = tokio::net::TcpStream::connect(addr);
            match tokio::time::timeout(Duration::from_millis(200), attempt).await {
                Ok(Ok(stream)) => queued.push(stream),
                _ => break, // the queue is full
            }
        }
        (addr, listener, queued)
    });
    let config = TransportConfig {
        connect_timeout: Duration::from_millis(200),
        request_timeout: Duration::from_secs(30),
        ..Default::default()
    };
    let t = HostTransport::new(config).unwrap();
    let err = expect_err(send(&t, request(&format!("http://{addr}/x"), "")));
    assert_eq!(err.kind, TransportErrorKind::Timeout, "{err}");
    assert!(err.message.contains("timed out connecting"), "{err}");
}

#[test]
fn config_request_timeout_applies_and_a_request_timeout_overrides_it() {
    let server = TestServer::start();
    let config = TransportConfig {
        request_timeout: Duration::from_millis(200),
        ..Default::default()
    };
    let t = HostTransport::new(config).unwrap();
    let err = expect_err(send(&t, request(&server.url("/slow/3000"), "")));
    assert_eq!(err.kind, TransportErrorKind::Timeout, "{err}");

    let mut req = request(&server.url("/ok/600"), "");
    req.timeout_ms = 20_000;
    assert_eq!(send(&t, req).unwrap().status, 200);
}

#[test]
fn server_closing_mid_body_is_a_reset() {
    let addr =
        start_raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<soap:Envelope>partial");
    let err = expect_err(send(&transport(), request(&format!("http://{addr}/x"), "")));
    assert_eq!(err.kind, TransportErrorKind::Reset, "{err}");
}

#[test]
fn server_closing_before_the_response_is_a_reset() {
    let addr = start_raw_server(b"");
    let err = expect_err(send(&transport(), request(&format!("http://{addr}/x"), "")));
    assert_eq!(err.kind, TransportErrorKind::Reset, "{err}");
}

#[test]
fn plain_http_to_a_non_loopback_address_is_refused_before_connecting() {
    // 192.0.2.1 is TEST-NET-1: never routed. Were it tried, the result would be Connect or
    // Timeout after the (short) connect timeout; Refused means the policy stopped it first.
    let config = TransportConfig {
        connect_timeout: Duration::from_millis(100),
        ..Default::default()
    };
    let t = HostTransport::new(config).unwrap();
    t.declare_pool("acct", 1);
    let err = expect_err(send(
        &t,
        request("http://192.0.2.1/services/NetSuitePort", "acct"),
    ));
    assert_eq!(err.kind, TransportErrorKind::Refused, "{err}");
    assert!(err.message.contains("192.0.2.1"), "{err}");
    assert!(!err.is_retryable());
    assert_eq!(
        t.pool_stats("acct").unwrap().admitted,
        0,
        "refused before taking a permit"
    );
}

#[test]
fn malformed_requests_are_invalid() {
    let t = transport();
    let err = expect_err(send(&t, request("no-scheme/path", "")));
    assert_eq!(err.kind, TransportErrorKind::InvalidRequest, "{err}");
    let mut req = request("http://127.0.0.1:9/x", "");
    req.headers = RVec::from(vec![HttpHeader {
        name: "bad name".into(),
        value: "v".into(),
    }]);
    let err = expect_err(send(&t, req));
    assert_eq!(err.kind, TransportErrorKind::InvalidRequest, "{err}");
}

// ---------------------------------------------------------------------------------------------
// Requests, responses and connections.

#[test]
fn round_trips_status_headers_and_body() {
    let server = TestServer::start();
    let mut req = request(&server.url("/echo"), "");
    req.body = RVec::from(b"<soap:Envelope/>".to_vec());
    let response = send(&transport(), req).unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.header("X-Got-Len"), Some("16"));
    assert_eq!(response.body.as_slice(), b"<soap:Envelope/>");
}

#[test]
fn reuses_connections() {
    let server = TestServer::start();
    let t = transport();
    for _ in 0..10 {
        assert_eq!(
            send(&t, request(&server.url("/r/0"), "")).unwrap().status,
            200
        );
    }
    assert_eq!(server.stats.connections.load(Ordering::SeqCst), 1);
}

#[test]
fn send_async_works_from_another_runtime() {
    let server = TestServer::start();
    let t = transport();
    let caller = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let response = caller
        .block_on(t.send_async(request(&server.url("/async/0"), ""), Cancellation::new()))
        .unwrap();
    assert_eq!(response.status, 200);
    drop(caller);
    // The pooled connection belongs to the transport's runtime, not the caller's.
    assert_eq!(
        send(&t, request(&server.url("/async/0"), ""))
            .unwrap()
            .status,
        200
    );
    assert_eq!(server.stats.connections.load(Ordering::SeqCst), 1);
}

#[test]
fn dropping_send_async_returns_the_permit() {
    let server = TestServer::start();
    let t = transport();
    t.declare_pool("acct", 1);
    let caller = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let abandoned = caller.block_on(async {
        let slow = t.send_async(
            request(&server.url("/slow/10000"), "acct"),
            Cancellation::new(),
        );
        tokio::time::timeout(Duration::from_millis(200), slow).await
    });
    assert!(abandoned.is_err(), "the caller gave up first");
    wait_until("the permit is back", || {
        t.pool_stats("acct").unwrap().in_flight == 0
    });
    assert_eq!(
        send(&t, request(&server.url("/after/0"), "acct"))
            .unwrap()
            .status,
        200
    );
}

// ---------------------------------------------------------------------------------------------
// TLS.

#[test]
fn trusts_a_self_signed_certificate_given_as_extra_root() {
    let (server_config, pem) = self_signed();
    let server = TestServer::start_tls(server_config);
    let config = TransportConfig {
        extra_root_certs_pem: vec![pem],
        ..Default::default()
    };
    let t = HostTransport::new(config).unwrap();
    for host in ["localhost", "127.0.0.1"] {
        let url = format!("https://{host}:{}/tls/0", server.addr.port());
        let response = send(&t, request(&url, "")).unwrap();
        assert_eq!(
            (response.status, response.body.as_slice()),
            (200, &b"tls"[..])
        );
    }
}

#[test]
fn refuses_a_self_signed_certificate_without_the_extra_root() {
    let (server_config, _pem) = self_signed();
    let server = TestServer::start_tls(server_config);
    let url = format!("https://localhost:{}/tls/0", server.addr.port());
    let err = expect_err(send(&transport(), request(&url, "")));
    assert_eq!(err.kind, TransportErrorKind::Tls, "{err}");
    assert_eq!(server.stats.done("tls"), 0);
}

#[test]
fn rejects_an_unusable_extra_root() {
    let config = TransportConfig {
        extra_root_certs_pem: vec!["garbage".into()],
        ..Default::default()
    };
    assert!(HostTransport::new(config).is_err());
}

// ---------------------------------------------------------------------------------------------
// The ABI box.

#[test]
fn the_abi_box_shares_the_transport() {
    let server = TestServer::start();
    let t = transport();
    let boxed = t.clone().into_box();
    boxed.declare_pool("acct".into(), 2);
    assert_eq!(t.pool_stats("acct").unwrap().limit, 2);
    let response = boxed
        .clone()
        .send(request(&server.url("/abi/0"), "acct"), &Cancellation::new())
        .into_result()
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(t.pool_stats("acct").unwrap().admitted, 1);
}

// ---------------------------------------------------------------------------------------------
// Response body limit.

/// A raw server that answers every request with an endless chunked body (64 KiB chunks, up
/// to 1 GiB) until the client hangs up; returns its address and the bytes it managed to send.
fn start_endless_chunked_server() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = StdTcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            if stream
                .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                .is_err()
            {
                continue;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            for _ in 0..(1 << 14) {
                if stream.write_all(&frame).is_err() {
                    break;
                }
                counter.fetch_add(frame.len(), Ordering::SeqCst);
            }
        }
    });
    (addr, sent)
}

#[test]
fn a_chunked_body_over_the_limit_is_response_too_large_read_in_bounded_memory() {
    let (addr, sent) = start_endless_chunked_server();
    let t = HostTransport::new(TransportConfig {
        max_response_bytes: 1024 * 1024,
        ..TransportConfig::default()
    })
    .unwrap();
    let e = expect_err(send(&t, request(&format!("http://{addr}/big"), "acct")));
    assert_eq!(e.kind, TransportErrorKind::Other);
    assert!(
        e.message
            .starts_with(&format!("{}: ", connector_payload::RESPONSE_TOO_LARGE)),
        "{}",
        e.message
    );
    assert!(e.message.contains("1048576 bytes"), "{}", e.message);
    // The client stopped reading: the server could send little more than the limit plus what
    // the sockets buffer, nowhere near the 1 GiB it offers.
    thread::sleep(Duration::from_millis(200));
    let sent = sent.load(Ordering::SeqCst);
    assert!(sent < 64 * 1024 * 1024, "the server sent {sent} bytes");
}

#[test]
fn a_pool_key_limit_overrides_the_default_and_content_length_is_checked_up_front() {
    let addr =
        start_raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n");
    let t = transport();
    t.limit_response_bytes("small", 100);
    let e = expect_err(send(&t, request(&format!("http://{addr}/"), "small")));
    assert_eq!(e.kind, TransportErrorKind::Other);
    assert!(
        e.message.starts_with("RESPONSE_TOO_LARGE: "),
        "{}",
        e.message
    );
    // Another key keeps the 128 MiB default: the same answer is read (and found cut short).
    let e = expect_err(send(&t, request(&format!("http://{addr}/"), "other")));
    assert!(!e.message.contains("RESPONSE_TOO_LARGE"), "{}", e.message);
}
