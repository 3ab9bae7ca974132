//! A server answering with a 1 GiB body: the connection's `max_response_bytes` stops the
//! host's transport, the query's one document ends FAILURE `RESPONSE_TOO_LARGE`, and the
//! `host-runner` process stays small. Through the real binary and the loaded plugin.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::*;

const MIB: u64 = 1 << 20;

/// A server whose every POST is answered with up to 1 GiB of chunked body (it stops when the
/// client hangs up); GETs get 404. Returns its URL and the bytes of body it managed to send.
fn endless_body_server() -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            if head.starts_with("GET") {
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                continue;
            }
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let chunk = vec![b' '; MIB as usize];
            for _ in 0..1024 {
                let framed = stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .and_then(|_| stream.write_all(&chunk))
                    .and_then(|_| stream.write_all(b"\r\n"));
                if framed.is_err() {
                    break;
                }
                counter.fetch_add(MIB, Ordering::SeqCst);
            }
        }
    });
    (url, sent)
}

/// The peak resident set (VmHWM) of a running process, in bytes.
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn a_one_gib_response_ends_response_too_large_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (url, sent) = endless_body_server();
    let cs = write(dir.path(), "secrets/cs", CONSUMER_SECRET);
    let ts = write(dir.path(), "secrets/ts", TOKEN_SECRET);
    let process = write(
        dir.path(),
        "query.toml",
        &format!(
            r#"output = "out.ndjson"
connection = {{ connector = "netsuite", settings = {{ url = "{url}/services/NetSuitePort_2023_2", version = "2023.2", account = "{ACCOUNT}", consumer_key = "{CONSUMER_KEY}", consumer_secret = {{ file = "{cs}" }}, token_id = "{TOKEN_ID}", token_secret = {{ file = "{ts}" }}, data_center_discovery = "never", max_response_bytes = {limit}, number_of_retries = 2, retry_initial_wait_ms = 10 }} }}

[operation]
action = "QUERY"
record_type = "customer"
"#,
            cs = cs.display(),
            ts = ts.display(),
            limit = 16 * MIB,
        ),
    );
    let mut child = binary()
        .arg("run")
        .arg(&process)
        .arg("--connectors")
        .arg(deps_dir())
        .args(["--progress", "off"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("host-runner starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut peak = 0;
    let status = loop {
        if let Some(rss) = peak_rss(child.id()) {
            peak = peak.max(rss);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "host-runner did not end");
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    let outcome = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(outcome.len(), 1, "{outcome:?}");
    assert_eq!(outcome[&1]["outcome"], "FAILURE", "{outcome:?}");
    assert_eq!(outcome[&1]["code"], "RESPONSE_TOO_LARGE", "{outcome:?}");
    assert!(
        sent.load(Ordering::SeqCst) < 512 * MIB,
        "reading stopped near the limit, not at the end of the body: {} MiB sent",
        sent.load(Ordering::SeqCst) / MIB
    );
    assert!(peak > 0, "the peak RSS was sampled");
    assert!(
        peak < 256 * MIB,
        "peak RSS {} MiB (sampled) for a 1 GiB body",
        peak / MIB
    );
}
