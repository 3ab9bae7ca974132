//! XSD validation of SOAP bodies with the official NetSuite schemas, in one `xmllint` call per
//! batch (compiling the 2023.2 schema takes about a second).
//!
//! The schemas live outside the repository, in `<manifest>/../../shared/suitetalk/xsd/`
//! (`<tag>-all.xsd` wraps a version's WSDL `<types>` imports). They validate a SOAP Body child
//! (a request or response element) or a fault detail element, never the envelope, so envelopes
//! are taken apart first: [`validatable_element`] extracts the element and re-declares the
//! namespaces it inherits, so it stands alone in a file.
//!
//! Reuse: `validate_bodies("2023_2", &envelopes)` for whole envelopes, `validate_elements` for
//! elements already extracted.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The shared folder beside the repository clone.
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// `shared/suitetalk/xsd`.
pub fn xsd_dir() -> PathBuf {
    shared_dir().join("suitetalk/xsd")
}

/// Version tags with an official schema set.
pub const TAGS_WITH_SCHEMA: [&str; 3] = ["2017_1", "2017_2", "2023_2"];

/// The element of an envelope that the `-all.xsd` can validate: the fault detail's
/// `platformFaults:*` child for a fault, else the Body's first child. `Ok(None)` for a fault
/// without a NetSuite detail (e.g. `soapenv:Client`).
pub fn validatable_element(envelope: &str) -> Result<Option<String>, String> {
    let doc = roxmltree::Document::parse(envelope).map_err(|e| format!("not XML: {e}"))?;
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((SOAP_ENV, "Body")))
        .ok_or("no soapenv:Body")?;
    let first = body
        .children()
        .find(|n| n.is_element())
        .ok_or("empty Body")?;
    if first.has_tag_name((SOAP_ENV, "Fault")) {
        let detail = first.children().find(|n| n.has_tag_name("detail"));
        let element = detail.and_then(|d| {
            d.children().find(|n| {
                n.is_element()
                    && n.tag_name()
                        .namespace()
                        .is_some_and(|ns| ns.starts_with("urn:faults_"))
            })
        });
        return Ok(element.map(|e| standalone(envelope, e)));
    }
    Ok(Some(standalone(envelope, first)))
}

/// The text of `node` with every in-scope namespace declared on its start tag.
pub fn standalone(source: &str, node: roxmltree::Node<'_, '_>) -> String {
    let text = &source[node.range()];
    let name_end = text[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(text.len(), |i| i + 1);
    let tag_end = text.find('>').unwrap_or(text.len());
    let start_tag = &text[..tag_end];
    let mut extra = String::new();
    for ns in node.namespaces() {
        let decl = match ns.name() {
            Some(p) => format!("xmlns:{p}="),
            None => "xmlns=".to_owned(),
        };
        if p_declared(start_tag, &decl) || ns.name() == Some("xml") {
            continue;
        }
        extra.push_str(&format!(" {decl}\"{}\"", ns.uri()));
    }
    format!("{}{}{}", &text[..name_end], extra, &text[name_end..])
}

fn p_declared(start_tag: &str, decl: &str) -> bool {
    start_tag
        .match_indices(decl)
        .any(|(i, _)| start_tag[..i].ends_with(char::is_whitespace))
}

/// Validates elements (each a standalone XML document) against `<tag>-all.xsd` in one call.
pub fn validate_elements(tag: &str, elements: &[String]) -> Result<(), String> {
    if elements.is_empty() {
        return Ok(());
    }
    let schema = xsd_dir().join(format!("{tag}-all.xsd"));
    if !schema.is_file() {
        return Err(format!(
            "schema {} not found (shared folder missing?)",
            schema.display()
        ));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for (i, e) in elements.iter().enumerate() {
        let f = dir.path().join(format!("{i:04}.xml"));
        std::fs::write(&f, e).map_err(|e| e.to_string())?;
        files.push(f);
    }
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .args(&files)
        .output()
        .map_err(|e| format!("cannot run xmllint: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failures: Vec<String> = stderr
        .lines()
        .filter(|l| !l.ends_with(" validates"))
        .map(|l| {
            // Name the failing document by its content, not its temp path.
            let prefix = format!("{}/", dir.path().display());
            let idx = l
                .strip_prefix(prefix.as_str())
                .and_then(|f| f.get(..4))
                .and_then(|n| n.parse::<usize>().ok());
            match idx {
                Some(i) if i < elements.len() => format!("{l}\n    in: {}", elements[i]),
                _ => l.to_owned(),
            }
        })
        .collect();
    Err(format!(
        "XSD validation failed for {tag}:\n{}",
        failures.join("\n")
    ))
}

/// Validates whole SOAP envelopes (successes and faults) of version `tag` in one call.
pub fn validate_bodies(tag: &str, envelopes: &[String]) -> Result<(), String> {
    let mut elements = Vec::new();
    for e in envelopes {
        if let Some(el) = validatable_element(e)? {
            elements.push(el);
        }
    }
    validate_elements(tag, &elements)
}
