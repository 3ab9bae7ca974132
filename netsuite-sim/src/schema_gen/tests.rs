use std::collections::HashSet;

use super::*;
use crate::version::NEWEST;

const V2023_2: Version = Version {
    year: 2023,
    release: 2,
};

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// Every file, parsed: (name, text).
fn set(version: Version) -> Vec<(String, String)> {
    file_names()
        .into_iter()
        .map(|n| {
            let text = file(version, &n).unwrap_or_else(|| panic!("{n} is generated"));
            (n, text)
        })
        .collect()
}

#[test]
fn every_type_and_element_named_is_declared_in_the_set() {
    for version in [crate::version::OLDEST, NEWEST] {
        let files = set(version);
        let docs: Vec<roxmltree::Document<'_>> = files
            .iter()
            .map(|(n, t)| roxmltree::Document::parse(t).unwrap_or_else(|e| panic!("{n}: {e}")))
            .collect();
        let mut declared: HashSet<(String, String)> = HashSet::new();
        for doc in &docs[1..] {
            let root = doc.root_element();
            let tns = root.attribute("targetNamespace").unwrap().to_owned();
            for child in root.children().filter(|n| n.is_element()) {
                if let Some(name) = child.attribute("name") {
                    let what = child.tag_name().name();
                    let space = if what == "element" { "element" } else { "type" };
                    declared.insert((format!("{space}:{tns}"), name.to_owned()));
                }
            }
        }
        for (doc, (name, _)) in docs.iter().zip(&files) {
            for node in doc.descendants().filter(|n| n.is_element()) {
                for (attr, space) in [("type", "type"), ("base", "type"), ("ref", "element")] {
                    let Some(value) = node.attribute(attr) else {
                        continue;
                    };
                    if node.tag_name().namespace() != Some(XSD) {
                        continue;
                    }
                    let (prefix, local) = value.split_once(':').unwrap();
                    let uri = node.lookup_namespace_uri(Some(prefix)).unwrap();
                    if uri == XSD {
                        continue;
                    }
                    assert!(
                        declared.contains(&(format!("{space}:{uri}"), local.to_owned())),
                        "{name}: {value} is not declared"
                    );
                }
            }
        }
    }
}

#[test]
fn records_are_typed_from_the_tables() {
    let text = file(V2023_2, "xsd/lists.relationships.xsd").unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let customer = doc
        .descendants()
        .find(|n| n.has_tag_name((XSD, "complexType")) && n.attribute("name") == Some("Customer"))
        .unwrap();
    let field = |name: &str| {
        customer
            .descendants()
            .find(|n| n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("type"))
    };
    assert_eq!(field("isInactive"), Some("xsd:boolean"));
    assert_eq!(field("creditLimit"), Some("xsd:double"));
    assert_eq!(field("subsidiary"), Some("platformCore:RecordRef"));
    assert_eq!(
        field("customFieldList"),
        Some("platformCore:CustomFieldList")
    );
    assert_eq!(field("dateCreated"), Some("xsd:dateTime"));
    assert_eq!(field("companyName"), Some("xsd:string"));
    assert_eq!(field("favouriteColour"), None);
    assert!(text.contains("urn:relationships_2023_2.lists.webservices.netsuite.com"));
}

#[test]
fn the_set_is_written_in_the_official_layout() {
    let dir = tempfile::tempdir().unwrap();
    let wsdl = write_set(dir.path(), V2023_2).unwrap();
    assert_eq!(wsdl, dir.path().join("2023_2/netsuite.wsdl"));
    assert!(dir.path().join("2023_2/xsd/platform.core.xsd").is_file());
    let text = std::fs::read_to_string(&wsdl).unwrap();
    assert!(text.contains("schemaLocation=\"./xsd/platform.messages.xsd\""));
    assert!(file(NEWEST, "xsd/nothing.xsd").is_none());
}
