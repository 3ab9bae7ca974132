//! Validation against NetSuite's official XSDs, with `xmllint`, one call per batch (compiling
//! the 2023.2 schema takes about a second).
//!
//! The schemas are never part of the project: they live beside it, in
//! `../shared/suitetalk/xsd/` (`<tag>-all.xsd` wraps a version's WSDL `<types>` imports). A
//! schema validates a SOAP Header or Body child, or NetSuite's fault detail element, never
//! the envelope, so envelopes are taken apart first and each element is made to stand alone
//! (every namespace it inherits declared on it).

use std::path::{Path, PathBuf};
use std::process::Command;

const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// Version tags with an official schema set.
pub const TAGS_WITH_SCHEMA: [&str; 3] = ["2017_1", "2017_2", "2023_2"];

/// `shared/suitetalk/xsd` beside the project clone.
///
/// # Panics
/// When the folder is missing, saying where it is expected.
pub fn xsd_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/suitetalk/xsd");
    assert!(
        root.join("2023_2-all.xsd").is_file(),
        "NetSuite's official schemas are not at {}: the tests read them from `shared/` beside \
         the project clone (they are never copied into the project)",
        root.display()
    );
    root
}

/// The text of `node` with every namespace in scope declared on its start tag.
pub fn standalone(source: &str, node: roxmltree::Node<'_, '_>) -> String {
    let text = &source[node.range()];
    let name_end = text[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(text.len(), |i| i + 1);
    let start_tag = &text[..text.find('>').unwrap_or(text.len())];
    let mut extra = String::new();
    for ns in node.namespaces() {
        let decl = match ns.name() {
            Some(p) => format!("xmlns:{p}="),
            None => "xmlns=".to_owned(),
        };
        let declared = start_tag
            .match_indices(&decl)
            .any(|(i, _)| start_tag[..i].ends_with(char::is_whitespace));
        if declared || ns.name() == Some("xml") {
            continue;
        }
        extra.push_str(&format!(" {decl}\"{}\"", ns.uri()));
    }
    format!("{}{}{}", &text[..name_end], extra, &text[name_end..])
}

/// The Body's first element of an envelope, standing alone (what request assertions read).
///
/// # Panics
/// When the envelope is not XML or has no Body element.
pub fn body_element(envelope: &str) -> String {
    let doc = roxmltree::Document::parse(envelope).expect("the envelope is well-formed");
    let first = soap_part(&doc, "Body")
        .and_then(|b| b.children().find(|n| n.is_element()))
        .expect("a SOAP Body with an element");
    standalone(envelope, first)
}

fn soap_part<'a, 'input>(
    doc: &'a roxmltree::Document<'input>,
    part: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    doc.root_element()
        .children()
        .find(|n| n.has_tag_name((SOAP_ENV, part)))
}

/// The elements of an envelope that the schema validates: each Header child, and the Body's
/// element or, for a SOAP fault, NetSuite's fault detail element (a fault's `faultcode` and
/// `faultstring` are checked here, as SOAP 1.1 requires them). A fault without a NetSuite
/// detail (`soapenv:Client`) contributes no element.
pub fn validatable_elements(envelope: &str) -> Result<Vec<String>, String> {
    let doc = roxmltree::Document::parse(envelope).map_err(|e| format!("not XML: {e}"))?;
    let mut elements = Vec::new();
    if let Some(header) = soap_part(&doc, "Header") {
        for element in header.children().filter(|n| n.is_element()) {
            elements.push(standalone(envelope, element));
        }
    }
    let body = soap_part(&doc, "Body").ok_or("no soapenv:Body")?;
    let first = body
        .children()
        .find(|n| n.is_element())
        .ok_or("empty Body")?;
    if !first.has_tag_name((SOAP_ENV, "Fault")) {
        elements.push(standalone(envelope, first));
        return Ok(elements);
    }
    let child = |local: &str| first.children().find(|n| n.tag_name().name() == local);
    if child("faultcode")
        .and_then(|n| n.text())
        .is_none_or(|t| t.trim().is_empty())
    {
        return Err("a SOAP fault without a faultcode".into());
    }
    if child("faultstring").is_none() {
        return Err("a SOAP fault without a faultstring".into());
    }
    if let Some(detail) = child("detail") {
        elements.extend(
            detail
                .children()
                .filter(|n| {
                    n.is_element()
                        && n.tag_name()
                            .namespace()
                            .is_some_and(|u| u.starts_with("urn:faults_"))
                })
                .map(|n| standalone(envelope, n)),
        );
    }
    Ok(elements)
}

/// Validates documents (each a standalone element, with a name for the report) against
/// `<tag>-all.xsd` in one `xmllint` call.
pub fn validate(tag: &str, documents: &[(String, String)]) -> Result<(), String> {
    if documents.is_empty() {
        return Ok(());
    }
    let schema = xsd_root().join(format!("{tag}-all.xsd"));
    if !schema.is_file() {
        return Err(format!("no official schema set {}", schema.display()));
    }
    validate_with(&schema, &format!("the official {tag} schema"), documents)
}

/// Validates documents against the simulator's own generated set of version `tag` (the
/// schema the embedded demo serves), written into a temporary folder with a wrapper schema
/// that imports each of its XSDs. xmllint compiling the wrapper is also the check that the
/// generated XSDs are valid XML Schema.
pub fn validate_generated(tag: &str, documents: &[(String, String)]) -> Result<(), String> {
    let version = netsuite_sim::Version::from_tag(tag).ok_or(format!("no version {tag}"))?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    netsuite_sim::schema_gen::write_set(dir.path(), version).map_err(|e| e.to_string())?;
    let mut wrapper = String::from(
        "<?xml version=\"1.0\"?>\n<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n",
    );
    for name in netsuite_sim::schema_gen::file_names() {
        let Some(file) = name.strip_prefix("xsd/") else {
            continue;
        };
        let text =
            std::fs::read_to_string(dir.path().join(tag).join(&name)).map_err(|e| e.to_string())?;
        let doc = roxmltree::Document::parse(&text).map_err(|e| format!("{name}: {e}"))?;
        let tns = doc
            .root_element()
            .attribute("targetNamespace")
            .ok_or(format!("{name} has no targetNamespace"))?;
        wrapper.push_str(&format!(
            "  <xsd:import namespace=\"{tns}\" schemaLocation=\"./{tag}/xsd/{file}\"/>\n"
        ));
    }
    wrapper.push_str("</xsd:schema>\n");
    let schema = dir.path().join(format!("{tag}-all.xsd"));
    std::fs::write(&schema, wrapper).map_err(|e| e.to_string())?;
    let probe = [(
        "probe".to_owned(),
        "<probe xmlns=\"urn:not-in-the-set\"/>".to_owned(),
    )];
    // The wrapper must compile: a probe document fails only for want of a declaration.
    if let Err(e) = validate_with(&schema, "the generated schema", &probe) {
        if !e.contains("No matching global declaration") {
            return Err(format!("the generated {tag} schema does not compile:\n{e}"));
        }
    }
    validate_with(&schema, &format!("the generated {tag} schema"), documents)
}

/// Validates documents against a schema file in one `xmllint` call; `what` names the schema
/// in the report.
fn validate_with(schema: &Path, what: &str, documents: &[(String, String)]) -> Result<(), String> {
    if documents.is_empty() {
        return Ok(());
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for (i, (_, xml)) in documents.iter().enumerate() {
        let file = dir.path().join(format!("{i:05}.xml"));
        std::fs::write(&file, xml).map_err(|e| e.to_string())?;
        files.push(file);
    }
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .args(&files)
        .output()
        .map_err(|e| {
            format!(
                "cannot run xmllint ({e}): install it (Debian package libxml2-utils; .ci/run \
                 does)"
            )
        })?;
    if out.status.success() {
        return Ok(());
    }
    // Name each failing document by its name and content, not its temporary path.
    let prefix = format!("{}/", dir.path().display());
    let report: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.ends_with(" validates"))
        .map(|l| {
            let index = l
                .strip_prefix(prefix.as_str())
                .and_then(|f| f.get(..5))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|i| *i < documents.len());
            match index {
                Some(i) => format!("{}: {l}\n    in: {}", documents[i].0, documents[i].1),
                None => l.to_owned(),
            }
        })
        .collect();
    Err(format!("invalid against {what}:\n{}", report.join("\n")))
}

/// Validates elements already standing alone, named by their position.
pub fn validate_elements(tag: &str, elements: &[String]) -> Result<(), String> {
    let named: Vec<(String, String)> = elements
        .iter()
        .enumerate()
        .map(|(i, e)| (format!("element {i}"), e.clone()))
        .collect();
    validate(tag, &named)
}

/// Validates whole SOAP envelopes (requests, responses, faults) of version `tag`.
pub fn validate_envelopes(tag: &str, envelopes: &[String]) -> Result<(), String> {
    let mut named = Vec::new();
    for (i, envelope) in envelopes.iter().enumerate() {
        let elements = validatable_elements(envelope).map_err(|e| format!("envelope {i}: {e}"))?;
        named.extend(
            elements
                .into_iter()
                .map(|element| (format!("envelope {i}"), element)),
        );
    }
    validate(tag, &named)
}

/// Validates every request and response a simulator recorded in `folder`
/// (`*.request.xml`, `*.response.xml`) against version `tag`; responses that are not SOAP
/// (dropped connections, HTML pages) are skipped. Returns how many elements were validated.
///
/// # Panics
/// When something does not validate, or nothing was recorded.
pub fn assert_recorded_exchanges_valid(folder: &Path, tag: &str) -> usize {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let mut named = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".request.xml") || name.ends_with(".response.xml")) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a recorded exchange");
        let is_envelope = roxmltree::Document::parse(&text)
            .is_ok_and(|d| d.root_element().has_tag_name((SOAP_ENV, "Envelope")));
        if !is_envelope && name.ends_with(".response.xml") {
            continue;
        }
        let elements = validatable_elements(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        named.extend(elements.into_iter().map(|e| (name.clone(), e)));
    }
    assert!(
        !named.is_empty(),
        "nothing recorded in {}",
        folder.display()
    );
    validate(tag, &named).unwrap_or_else(|e| panic!("{e}"));
    named.len()
}
