//! The SOAP 1.1 envelope: reading a request (Body operation, SOAP headers, version check) and
//! writing responses and faults.
//!
//! Requests are read with roxmltree by (namespace URI, local name), never by prefix, so any
//! prefixes (`soapenv:`, `soap-env:`, a default `xmlns`) work. Header element names are matched
//! case-insensitively because real clients send `SearchPreferences` and `ApplicationInfo`.
//! Responses are written with quick-xml; the operation's response element (from `ops`) is
//! inserted into the Body as is.

use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use roxmltree::{Document, Node};

use crate::auth::{Passport, TokenPassport};
use crate::faults::Fault;
use crate::inject::Rng;
use crate::ops::{Preferences, SearchPreferences};
use crate::version::Version;

/// SOAP 1.1 envelope namespace.
pub(crate) const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Apache Axis namespace of the `hostname` element in fault details.
pub(crate) const AXIS: &str = "http://xml.apache.org/axis/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// A SuiteTalk namespace for a version tag that may not be served (`2016_2`).
pub(crate) fn ns_for_tag(name: &str, area: &str, tag: &str) -> String {
    format!("urn:{name}_{tag}.{area}.webservices.netsuite.com")
}

/// The `YYYY_N` part of a SuiteTalk namespace, or `None` for any other URI.
pub(crate) fn tag_of_namespace(uri: &str) -> Option<&str> {
    let rest = uri.strip_prefix("urn:")?;
    let rest = rest.strip_suffix(".webservices.netsuite.com")?;
    let rest = rest.strip_prefix("types.").unwrap_or(rest);
    let first = rest.split('.').next()?;
    first.split_once('_').map(|(_, tag)| tag)
}

/// The parts of a request envelope.
pub(crate) struct Request<'a, 'input> {
    /// `soapenv:Header`, if sent.
    pub header: Option<Node<'a, 'input>>,
    /// The first element child of `soapenv:Body`: the operation.
    pub op: Node<'a, 'input>,
}

/// Finds Header and the operation element of a SOAP 1.1 envelope.
pub(crate) fn split<'a, 'input>(doc: &'a Document<'input>) -> Result<Request<'a, 'input>, Fault> {
    let root = doc.root_element();
    if !root.has_tag_name((SOAP_ENV, "Envelope")) {
        return Err(Fault::malformed_request(
            "the root element is not a SOAP 1.1 Envelope",
        ));
    }
    let header = root
        .children()
        .find(|n| n.has_tag_name((SOAP_ENV, "Header")));
    let body = root
        .children()
        .find(|n| n.has_tag_name((SOAP_ENV, "Body")))
        .ok_or_else(|| Fault::malformed_request("the envelope has no Body"))?;
    let op = body
        .children()
        .find(|n| n.is_element())
        .ok_or_else(|| Fault::malformed_request("the Body has no operation element"))?;
    Ok(Request { header, op })
}

/// The first SuiteTalk namespace used in the request (elements and attributes) whose version is
/// not `tag`.
pub(crate) fn foreign_namespace<'a>(doc: &'a Document<'_>, tag: &str) -> Option<&'a str> {
    doc.descendants().filter(|n| n.is_element()).find_map(|n| {
        let own = n.tag_name().namespace().into_iter();
        let attrs = n.attributes().filter_map(|a| a.namespace());
        own.chain(attrs)
            .find(|uri| tag_of_namespace(uri).is_some_and(|t| t != tag))
    })
}

/// The SOAP headers the simulator reads.
#[derive(Debug, Default)]
pub(crate) struct Headers {
    pub token_passport: Option<TokenPassport>,
    pub passport: Option<Passport>,
    /// `applicationInfo/applicationId` (empty when the header is sent without an id).
    pub application_id: Option<String>,
    pub preferences: Preferences,
    pub search_preferences: SearchPreferences,
}

/// True for an element of the messages or core namespace of `version` with this local name
/// (case-insensitive).
fn is(node: &Node<'_, '_>, version: Version, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name().eq_ignore_ascii_case(local)
        && node
            .tag_name()
            .namespace()
            .is_some_and(|ns| ns == version.messages() || ns == version.core())
}

fn child_text(node: &Node<'_, '_>, version: Version, local: &str) -> Option<String> {
    node.children()
        .find(|c| is(c, version, local))
        .map(|c| c.text().unwrap_or("").trim().to_owned())
}

fn child_bool(node: &Node<'_, '_>, version: Version, local: &str) -> Option<bool> {
    child_text(node, version, local).and_then(|t| match t.as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    })
}

/// Reads the SOAP headers of a request on `version`.
pub(crate) fn read_headers(header: Option<Node<'_, '_>>, version: Version) -> Headers {
    let mut h = Headers::default();
    let Some(header) = header else { return h };
    for entry in header.children().filter(|n| n.is_element()) {
        if is(&entry, version, "tokenPassport") {
            let signature = entry.children().find(|c| is(c, version, "signature"));
            h.token_passport = Some(TokenPassport {
                account: child_text(&entry, version, "account").unwrap_or_default(),
                consumer_key: child_text(&entry, version, "consumerKey").unwrap_or_default(),
                token: child_text(&entry, version, "token").unwrap_or_default(),
                nonce: child_text(&entry, version, "nonce").unwrap_or_default(),
                timestamp: child_text(&entry, version, "timestamp").unwrap_or_default(),
                signature: signature.and_then(|s| s.text()).unwrap_or("").to_owned(),
                algorithm: signature
                    .and_then(|s| s.attribute("algorithm"))
                    .unwrap_or("")
                    .to_owned(),
            });
        } else if is(&entry, version, "passport") {
            let role = entry.children().find(|c| is(c, version, "role"));
            h.passport = Some(Passport {
                email: child_text(&entry, version, "email").unwrap_or_default(),
                password: entry
                    .children()
                    .find(|c| is(c, version, "password"))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_owned(),
                account: child_text(&entry, version, "account").unwrap_or_default(),
                role: role
                    .and_then(|r| r.attribute("internalId"))
                    .unwrap_or("")
                    .to_owned(),
            });
        } else if is(&entry, version, "applicationInfo") {
            h.application_id =
                Some(child_text(&entry, version, "applicationId").unwrap_or_default());
        } else if is(&entry, version, "preferences") {
            h.preferences = Preferences {
                warning_as_error: child_bool(&entry, version, "warningAsError"),
                disable_mandatory_custom_field_validation: child_bool(
                    &entry,
                    version,
                    "disableMandatoryCustomFieldValidation",
                ),
                disable_system_notes_for_custom_fields: child_bool(
                    &entry,
                    version,
                    "disableSystemNotesForCustomFields",
                ),
                ignore_read_only_fields: child_bool(&entry, version, "ignoreReadOnlyFields"),
                run_server_suite_script_and_trigger_workflows: child_bool(
                    &entry,
                    version,
                    "runServerSuiteScriptAndTriggerWorkflows",
                ),
            };
        } else if is(&entry, version, "searchPreferences") {
            let d = SearchPreferences::default();
            h.search_preferences = SearchPreferences {
                body_fields_only: child_bool(&entry, version, "bodyFieldsOnly")
                    .unwrap_or(d.body_fields_only),
                return_search_columns: child_bool(&entry, version, "returnSearchColumns")
                    .unwrap_or(d.return_search_columns),
                page_size: child_text(&entry, version, "pageSize").and_then(|t| t.parse().ok()),
            };
        }
    }
    h
}

/// Makes `documentInfo/nsId` values: `WEBSERVICES_<account>_<digits>_<hex>`.
#[derive(Debug)]
pub(crate) struct NsIds {
    seq: AtomicU64,
    salt: u64,
}

impl NsIds {
    pub(crate) fn new(salt: u64) -> NsIds {
        NsIds {
            seq: AtomicU64::new(1),
            salt,
        }
    }

    pub(crate) fn next(&self, account: &str, now: time::OffsetDateTime) -> String {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        let mut rng = Rng::new(self.salt ^ seq.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let account = if account.is_empty() { "0" } else { account };
        format!(
            "WEBSERVICES_{account}_{:02}{:02}{:04}{:02}{:02}{:02}{seq:010}{:09}_{:011x}",
            u8::from(now.month()),
            now.day(),
            now.year(),
            now.hour(),
            now.minute(),
            now.second(),
            rng.next_u64() % 1_000_000_000,
            rng.next_u64() & 0xFFF_FFFF_FFFF,
        )
    }
}

fn write_document(
    ns_id: &str,
    tag: &str,
    body: impl FnOnce(&mut Writer<Vec<u8>>) -> std::io::Result<()>,
) -> String {
    let mut w = Writer::new(Vec::with_capacity(1024));
    let messages = ns_for_tag("messages", "platform", tag);
    let result = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("soapenv:Envelope")
            .with_attribute(("xmlns:soapenv", SOAP_ENV))
            .with_attribute(("xmlns:xsd", XSD))
            .with_attribute(("xmlns:xsi", XSI))
            .write_inner_content(|w| {
                w.create_element("soapenv:Header")
                    .write_inner_content(|w| {
                        w.create_element("platformMsgs:documentInfo")
                            .with_attribute(("xmlns:platformMsgs", messages.as_str()))
                            .write_inner_content(|w| {
                                w.create_element("platformMsgs:nsId")
                                    .write_text_content(BytesText::new(ns_id))?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                w.create_element("soapenv:Body").write_inner_content(body)?;
                Ok(())
            })?;
        Ok(())
    })();
    // Writing into a Vec cannot fail.
    debug_assert!(result.is_ok());
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// A successful response: `body_xml` (one response element, namespaces declared on it) in the
/// Body of an envelope of version `tag`.
pub(crate) fn response(ns_id: &str, tag: &str, body_xml: &str) -> String {
    write_document(ns_id, tag, |w| {
        w.write_event(Event::Text(BytesText::from_escaped(body_xml)))
    })
}

/// A fault response (Axis style): `soapenv:Server.userException`, faultstring, and a detail
/// with the `platformFaults:<element>` of version `tag` (unless the fault has none) and
/// `ns1:hostname`.
pub(crate) fn fault(ns_id: &str, tag: &str, fault: &Fault, hostname: &str) -> String {
    let faults = ns_for_tag("faults", "platform", tag);
    let element = format!("platformFaults:{}", fault.element);
    write_document(ns_id, tag, |w| {
        w.create_element("soapenv:Fault").write_inner_content(|w| {
            w.create_element("faultcode")
                .write_text_content(BytesText::new("soapenv:Server.userException"))?;
            w.create_element("faultstring")
                .write_text_content(BytesText::new(&fault.message))?;
            w.create_element("detail").write_inner_content(|w| {
                if !fault.element.is_empty() {
                    w.create_element(element.as_str())
                        .with_attribute(("xmlns:platformFaults", faults.as_str()))
                        .write_inner_content(|w| {
                            w.create_element("platformFaults:code")
                                .write_text_content(BytesText::new(fault.code))?;
                            w.create_element("platformFaults:message")
                                .write_text_content(BytesText::new(&fault.message))?;
                            Ok(())
                        })?;
                }
                hostname_element(w, hostname)
            })?;
            Ok(())
        })?;
        Ok(())
    })
}

/// A fault about the SOAP request itself rather than NetSuite (`soapenv:Client`), as Axis
/// answers an operation it does not know. Its detail holds only `ns1:hostname`.
pub(crate) fn client_fault(ns_id: &str, tag: &str, message: &str, hostname: &str) -> String {
    write_document(ns_id, tag, |w| {
        w.create_element("soapenv:Fault").write_inner_content(|w| {
            w.create_element("faultcode")
                .write_text_content(BytesText::new("soapenv:Client"))?;
            w.create_element("faultstring")
                .write_text_content(BytesText::new(message))?;
            w.create_element("detail")
                .write_inner_content(|w| hostname_element(w, hostname))?;
            Ok(())
        })?;
        Ok(())
    })
}

fn hostname_element(w: &mut Writer<Vec<u8>>, hostname: &str) -> std::io::Result<()> {
    w.create_element("ns1:hostname")
        .with_attribute(("xmlns:ns1", AXIS))
        .write_text_content(BytesText::new(hostname))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: Version = Version {
        year: 2023,
        release: 2,
    };

    #[test]
    fn reads_tag_of_suitetalk_namespaces_only() {
        assert_eq!(
            tag_of_namespace("urn:types.core_2017_2.platform.webservices.netsuite.com"),
            Some("2017_2")
        );
        assert_eq!(
            tag_of_namespace("urn:messages_2016_2.platform.webservices.netsuite.com"),
            Some("2016_2")
        );
        assert_eq!(
            tag_of_namespace("http://schemas.xmlsoap.org/soap/envelope/"),
            None
        );
    }

    #[test]
    fn reads_headers_with_any_prefix() {
        let xml = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/">
          <e:Header>
            <tokenPassport xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">
              <c:account xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com">TSTDRV1</c:account>
              <c:nonce xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com"> abcdef </c:nonce>
              <c:signature xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com" algorithm="HMAC-SHA256">x=</c:signature>
            </tokenPassport>
            <m:SearchPreferences xmlns:m="urn:messages_2023_2.platform.webservices.netsuite.com">
              <m:pageSize>50</m:pageSize><m:bodyFieldsOnly>false</m:bodyFieldsOnly>
            </m:SearchPreferences>
          </e:Header>
          <e:Body><m:getServerTime xmlns:m="urn:messages_2023_2.platform.webservices.netsuite.com"/></e:Body>
        </e:Envelope>"#;
        let doc = Document::parse(xml).unwrap();
        let req = split(&doc).unwrap();
        assert_eq!(req.op.tag_name().name(), "getServerTime");
        let h = read_headers(req.header, V);
        let tp = h.token_passport.unwrap();
        assert_eq!(tp.account, "TSTDRV1");
        assert_eq!(tp.nonce, "abcdef");
        assert_eq!(tp.algorithm, "HMAC-SHA256");
        assert_eq!(h.search_preferences.page_size, Some(50));
        assert!(!h.search_preferences.body_fields_only);
        assert_eq!(foreign_namespace(&doc, "2023_2"), None);
        assert!(foreign_namespace(&doc, "2017_1").is_some());
    }

    #[test]
    fn ns_ids_have_the_netsuite_shape() {
        let ids = NsIds::new(7);
        let id = ids.next("TSTDRV1", time::OffsetDateTime::UNIX_EPOCH);
        let rest = id.strip_prefix("WEBSERVICES_TSTDRV1_").unwrap();
        let (digits, hex) = rest.split_once('_').unwrap();
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(id, ids.next("TSTDRV1", time::OffsetDateTime::UNIX_EPOCH));
    }

    #[test]
    fn escapes_fault_messages() {
        let f = Fault::user_error("a < b & c");
        let xml = fault("WEBSERVICES_1_1_a", "2023_2", &f, "h");
        let doc = Document::parse(&xml).unwrap();
        let fs = doc
            .descendants()
            .find(|n| n.has_tag_name("faultstring"))
            .unwrap();
        assert_eq!(fs.text(), Some("a < b & c"));
    }
}
