//! The start of a response envelope, read without building a tree: NetSuite's request id from
//! the header and whether the Body holds a fault.
//!
//! A page of search results is megabytes; the client only needs these two facts before the
//! operation reads the Body, so it streams up to the Body's first element instead of parsing
//! the whole document twice.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::ns::SOAP_ENV;

/// What the head of an envelope says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Head {
    /// `documentInfo/nsId`, when the header has one.
    pub(crate) ns_id: Option<String>,
    /// True when the Body's first element is a SOAP `Fault`.
    pub(crate) is_fault: bool,
}

/// Reads `text` up to the first element inside the SOAP Body.
///
/// # Errors
/// A message when the text is not XML, not a SOAP envelope, or has no Body element.
pub(crate) fn read(text: &str) -> Result<Head, String> {
    let mut reader = NsReader::from_str(text);
    let mut depth = 0usize;
    let mut in_header = false;
    let mut in_body = false;
    let mut in_ns_id = false;
    let mut ns_id = None;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| e.to_string())?;
        let soap = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == SOAP_ENV.as_bytes());
        match event {
            Event::Start(e) | Event::Empty(e) if in_body => {
                return Ok(Head {
                    ns_id,
                    is_fault: soap && e.local_name().as_ref() == b"Fault",
                });
            }
            Event::Start(e) => {
                depth += 1;
                let local = e.local_name();
                if depth == 1 && !(soap && local.as_ref() == b"Envelope") {
                    return Err("not a SOAP envelope".into());
                }
                if depth == 2 && soap {
                    in_header = local.as_ref() == b"Header";
                    in_body = local.as_ref() == b"Body";
                }
                in_ns_id = in_header && local.as_ref() == b"nsId";
            }
            Event::Empty(e) if depth == 1 && soap && e.local_name().as_ref() == b"Body" => {
                return Err("empty SOAP Body".into());
            }
            Event::Text(t) if in_ns_id => {
                let raw = t.decode().map_err(|e| e.to_string())?;
                let value = quick_xml::escape::unescape(&raw).map_err(|e| e.to_string())?;
                ns_id = Some(value.trim().to_string());
            }
            Event::End(_) => {
                in_ns_id = false;
                if depth == 2 {
                    in_header = false;
                    if in_body {
                        return Err("empty SOAP Body".into());
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Err("no SOAP Body".into()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_request_id_and_a_fault_whatever_the_prefixes() {
        let ok = r#"<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><documentInfo xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><nsId>WEBSERVICES_1_2_ab</nsId></documentInfo></s:Header><s:Body><getResponse xmlns="urn:x"/></s:Body></s:Envelope>"#;
        assert_eq!(
            read(ok).unwrap(),
            Head {
                ns_id: Some("WEBSERVICES_1_2_ab".into()),
                is_fault: false
            }
        );
        let fault = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>x</faultcode></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
        assert_eq!(
            read(fault).unwrap(),
            Head {
                ns_id: None,
                is_fault: true
            }
        );
    }

    #[test]
    fn refuses_what_is_not_an_envelope() {
        assert!(read("<html><body>503</body></html>").is_err());
        assert!(read("not xml at all").is_err());
        let empty = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body></s:Body></s:Envelope>"#;
        assert!(read(empty).is_err());
    }
}
