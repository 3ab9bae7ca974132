//! A small hostile HTTP server for end-to-end tests: answers every request with whatever a
//! test's function returns (SuiteTalk envelopes nested 100,000 levels deep, searches that
//! never end), so the connector and the host can be tried against what no simulator would
//! send. Plain HTTP/1.1 on loopback with `std::net`, keep-alive, `Content-Length` bodies only.
//!
//! The server thread lives as long as the test process; each connection has its own thread.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// One request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`.
    pub method: String,
    /// The request target (`/services/NetSuitePort_2023_2`).
    pub path: String,
    /// The `SOAPAction` header without its quotes (`search`), or empty.
    pub soap_action: String,
    /// The body as text.
    pub body: String,
}

/// What the handler answers: status and body.
pub type Answer = (u16, String);

/// A running stub.
pub struct Hostile {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: Arc<AtomicUsize>,
}

impl Hostile {
    /// Starts a server answering with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Answer + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds loopback");
        let base_url = format!("http://{}", listener.local_addr().expect("has an address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let handler = Arc::new(handler);
        let count = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = handler.clone();
                let count = count.clone();
                std::thread::spawn(move || serve(stream, &*handler, &count));
            }
        });
        Hostile { base_url, requests }
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, handler: &dyn Fn(&Request) -> Answer, count: &AtomicUsize) {
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let mut length = 0usize;
        let mut soap_action = String::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("soapaction") {
                    soap_action = value.trim_matches('"').to_string();
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Request {
            method,
            path,
            soap_action,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        let (status, answer) = handler(&request);
        count.fetch_add(1, Ordering::SeqCst);
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            if status < 400 { "OK" } else { "Error" },
            answer.len()
        );
        if writer.write_all(head.as_bytes()).is_err()
            || writer.write_all(answer.as_bytes()).is_err()
            || writer.flush().is_err()
        {
            return;
        }
    }
}

/// A SuiteTalk 2023.2 response envelope around `body` (the Body's content).
pub fn envelope(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_2023_2.platform.webservices.netsuite.com"><platformMsgs:nsId>WEBSERVICES_HOSTILE</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    )
}

/// Paging of one hostile search page.
#[derive(Debug, Clone, Copy)]
pub struct Paging<'a> {
    pub total_records: u64,
    pub page_size: u64,
    pub total_pages: u64,
    pub page_index: u64,
    pub search_id: &'a str,
}

/// A `searchResponse` (or `searchMoreWithIdResponse` when `more`) holding `records` (each a
/// `platformCore:record` element's content) and the paging given.
pub fn search_page(more: bool, p: Paging<'_>, records: &[String]) -> String {
    let element = if more {
        "searchMoreWithIdResponse"
    } else {
        "searchResponse"
    };
    let mut list = String::new();
    for (i, r) in records.iter().enumerate() {
        list.push_str(&format!(
            r#"<platformCore:record internalId="{}" xsi:type="listRel:Customer" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com">{r}</platformCore:record>"#,
            i + 1
        ));
    }
    envelope(&format!(
        r#"<{element} xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><platformCore:searchResult xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com"><platformCore:status isSuccess="true"/><platformCore:totalRecords>{}</platformCore:totalRecords><platformCore:pageSize>{}</platformCore:pageSize><platformCore:totalPages>{}</platformCore:totalPages><platformCore:pageIndex>{}</platformCore:pageIndex><platformCore:searchId>{}</platformCore:searchId><platformCore:recordList>{list}</platformCore:recordList></platformCore:searchResult></{element}>"#,
        p.total_records, p.page_size, p.total_pages, p.page_index, p.search_id
    ))
}

/// `levels` nested elements (`<listRel:comments><a><a>…</a></a></listRel:comments>`).
pub fn nested_field(levels: usize) -> String {
    let mut s = String::with_capacity(levels * 7 + 40);
    s.push_str("<listRel:comments>");
    for _ in 0..levels {
        s.push_str("<a>");
    }
    for _ in 0..levels {
        s.push_str("</a>");
    }
    s.push_str("</listRel:comments>");
    s
}
