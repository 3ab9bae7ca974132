//! The simulator's own WSDL/XSD set, generated at run time from its field tables, for any
//! endpoint version: what it serves at `/wsdl/v<YYYY_N>_0/netsuite.wsdl` when it is given no
//! schema folder, and what the embedded demo hands the connector, so that a demo run is typed
//! as a run against an account is.
//!
//! The set has NetSuite's layout and namespaces (`netsuite.wsdl` importing
//! `xsd/platform.core.xsd`, `xsd/lists.relationships.xsd`, … with namespaces
//! `urn:core_2023_2.platform.webservices.netsuite.com`, …) but holds only what the simulator
//! supports: its record types with the fields of its tables (typed: string, boolean, long,
//! double, dateTime, RecordRef, customFieldList, item sublists), their search classes with
//! criteria and columns from the row tables, and the operations it answers. Enumerations it
//! has no value list for (a record's enum fields, status codes, relative dates) are any text.
//! It is written from these facts, not copied from NetSuite's files.
//!
//! ```no_run
//! use netsuite_sim::{schema_gen, version::NEWEST};
//! let dir = std::env::temp_dir().join("sim-schema");
//! // <dir>/2023_2/netsuite.wsdl, <dir>/2023_2/xsd/platform.core.xsd, …
//! let wsdl = schema_gen::write_set(&dir, NEWEST).unwrap();
//! ```

mod common;
mod core;
pub(crate) mod faults;
mod messages;
mod records;
mod xsd;

use std::path::{Path, PathBuf};

use crate::store::xml::XmlOut;
use crate::version::Version;
use xsd::NAMESPACES;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";

/// The files of a set, relative to its version folder: `netsuite.wsdl` and `xsd/<file>.xsd`.
pub fn file_names() -> Vec<String> {
    std::iter::once("netsuite.wsdl".to_owned())
        .chain(NAMESPACES.iter().map(|n| format!("xsd/{}", n.file)))
        .collect()
}

/// The text of one file of the set of `version` (`netsuite.wsdl`, `xsd/platform.core.xsd`);
/// `None` for a name the set does not have.
pub fn file(version: Version, name: &str) -> Option<String> {
    if name == "netsuite.wsdl" {
        return Some(wsdl(version));
    }
    let file = name.strip_prefix("xsd/").unwrap_or(name);
    let ns = NAMESPACES.iter().find(|n| n.file == file)?;
    Some(match ns.prefix {
        "platformCore" => core::core(version),
        "platformCoreTyp" => core::core_types(version),
        "platformFaults" => faults::faults(version),
        "platformFaultTyp" => faults::fault_types(version),
        "platformMsgs" => messages::messages(version),
        "platformCommon" => common::common(version),
        "listAcctTyp" => records::item_types(version),
        "tranSalesTyp" => records::transaction_types(version),
        prefix if records::RECORD_PREFIXES.contains(&prefix) => records::records(version, prefix),
        _ => return None,
    })
}

/// The operations the set declares (`add`, `upsertList`, `search`, …).
pub fn operation_names() -> Vec<&'static str> {
    messages::operations()
        .into_iter()
        .map(|(op, _, _)| op)
        .collect()
}

/// Writes the set of `version` into `<folder>/<YYYY_N>/` and returns the WSDL's path.
///
/// # Errors
/// When a file cannot be written.
pub fn write_set(folder: &Path, version: Version) -> std::io::Result<PathBuf> {
    let dir = folder.join(version.tag());
    std::fs::create_dir_all(dir.join("xsd"))?;
    for name in file_names() {
        let text = file(version, &name).unwrap_or_default();
        std::fs::write(dir.join(&name), text)?;
    }
    Ok(dir.join("netsuite.wsdl"))
}

/// `netsuite.wsdl`: the imports of every schema, and the messages, port type, binding and
/// service of the operations the set declares (the address is NetSuite's; the server points
/// it at itself when serving).
fn wsdl(version: Version) -> String {
    let tns = format!("urn:platform_{}.webservices.netsuite.com", version.tag());
    let messages = version.messages();
    let mut out = XmlOut::new();
    out.start(
        "definitions",
        &[
            ("xmlns", WSDL_NS),
            ("xmlns:soap", SOAP_NS),
            ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
            ("xmlns:tns", &tns),
            ("xmlns:platformMsgs", &messages),
            ("targetNamespace", &tns),
        ],
    );
    out.start("types", &[]);
    out.start(
        "xsd:schema",
        &[
            ("elementFormDefault", "qualified"),
            ("targetNamespace", &tns),
        ],
    );
    for ns in &NAMESPACES {
        let uri = ns.uri(version);
        let location = format!("./xsd/{}", ns.file);
        out.empty(
            "xsd:import",
            &[("namespace", &uri), ("schemaLocation", &location)],
        );
    }
    out.end("xsd:schema");
    out.end("types");
    let headers = [
        ("tokenPassport", "tokenPassportHeader"),
        ("preferences", "preferencesHeader"),
        ("searchPreferences", "searchPreferencesHeader"),
        ("documentInfo", "documentInfoHeader"),
    ];
    for (element, message) in headers {
        out.start("message", &[("name", message)]);
        let el = format!("platformMsgs:{element}");
        out.empty("part", &[("name", "header"), ("element", &el)]);
        out.end("message");
    }
    let ops = messages::operations();
    for (op, _, _) in &ops {
        for (suffix, element) in [
            ("Request", op.to_string()),
            ("Response", format!("{op}Response")),
        ] {
            let name = format!("{op}{suffix}");
            let el = format!("platformMsgs:{element}");
            out.start("message", &[("name", &name)]);
            out.empty("part", &[("name", "parameters"), ("element", &el)]);
            out.end("message");
        }
    }
    out.start("portType", &[("name", "NetSuitePortType")]);
    for (op, _, _) in &ops {
        out.start("operation", &[("name", op)]);
        let input = format!("tns:{op}Request");
        let output = format!("tns:{op}Response");
        out.empty("input", &[("message", &input)]);
        out.empty("output", &[("message", &output)]);
        out.end("operation");
    }
    out.end("portType");
    out.start(
        "binding",
        &[
            ("name", "NetSuiteBinding"),
            ("type", "tns:NetSuitePortType"),
        ],
    );
    out.empty(
        "soap:binding",
        &[
            ("style", "document"),
            ("transport", "http://schemas.xmlsoap.org/soap/http"),
        ],
    );
    for (op, _, _) in &ops {
        out.start("operation", &[("name", op)]);
        out.empty("soap:operation", &[("soapAction", op)]);
        for direction in ["input", "output"] {
            out.start(direction, &[]);
            let (header, headers): (&str, &[&str]) = if direction == "input" {
                (
                    "tns:",
                    &[
                        "tokenPassportHeader",
                        "preferencesHeader",
                        "searchPreferencesHeader",
                    ],
                )
            } else {
                ("tns:", &["documentInfoHeader"])
            };
            for h in headers {
                let message = format!("{header}{h}");
                out.empty(
                    "soap:header",
                    &[
                        ("message", &message),
                        ("part", "header"),
                        ("use", "literal"),
                    ],
                );
            }
            out.empty("soap:body", &[("use", "literal")]);
            out.end(direction);
        }
        out.end("operation");
    }
    out.end("binding");
    out.start("service", &[("name", "NetSuiteService")]);
    out.start(
        "port",
        &[("name", "NetSuitePort"), ("binding", "tns:NetSuiteBinding")],
    );
    let address = format!(
        "https://webservices.netsuite.com/services/NetSuitePort_{}",
        version.tag()
    );
    out.empty("soap:address", &[("location", &address)]);
    out.end("port");
    out.end("service");
    out.end("definitions");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
        out.finish()
    )
}

#[cfg(test)]
mod tests;
