//! Search rows and records without loss (issue 14): over generated pages with hostile shapes
//! (a name repeated apart from its first run, several custom record joins, custom columns with
//! and without labels, columns the schema does not know), both readers of a page give the same
//! JSON, with one key per name, and every value of the XML is in it.

use std::path::PathBuf;
use std::sync::OnceLock;

use netsuite_connector::testing::{self, SchemaRegistry, Version};
use proptest::prelude::*;
use serde_json::Value;

const TAG: &str = "2023_2";

fn registry() -> &'static SchemaRegistry {
    static REG: OnceLock<SchemaRegistry> = OnceLock::new();
    REG.get_or_init(|| {
        let folder =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd/2023_2");
        SchemaRegistry::load_folder(folder, Version::parse(TAG).expect("a version"))
            .expect("the 2023.2 schema loads")
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .@]{1,10}",
        "[0-9]{1,4}(\\.[0-9]{1,2})?",
        Just("true".to_string()),
        "[<>&\"'é日 ]{1,6}",
    ]
}

/// One column of a row group: (element, label, value).
fn column() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("email"),
            Just("companyName"),
            Just("entityId"),
            Just("balance"),
            Just("isInactive"),
            Just("futureColumn"),
        ],
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(name, label, value)| {
            let label = label
                .map(|l| format!("<c:customLabel>{}</c:customLabel>", escape(&l)))
                .unwrap_or_default();
            let value = value
                .map(|v| format!("<c:searchValue>{}</c:searchValue>", escape(&v)))
                .unwrap_or_default();
            format!("<m:{name}>{label}{value}</m:{name}>")
        })
}

fn custom_column() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("custentity_a"), Just("custentity_b")],
        1u32..500,
        prop::option::of(text()),
        prop_oneof![
            text().prop_map(|v| ("String", format!("<c:searchValue>{}</c:searchValue>", escape(&v)))),
            (1u32..9, text()).prop_map(|(id, n)| (
                "MultiSelect",
                format!(
                    "<c:searchValue internalId=\"{id}\"><c:name>{}</c:name></c:searchValue><c:searchValue internalId=\"{}\"/>",
                    escape(&n),
                    id + 1
                )
            )),
        ],
    )
        .prop_map(|(script, id, label, (kind, value))| {
            let label = label
                .map(|l| format!("<c:customLabel>{}</c:customLabel>", escape(&l)))
                .unwrap_or_default();
            format!(
                "<c:customField internalId=\"{id}\" scriptId=\"{script}\" xsi:type=\"c:SearchColumn{kind}CustomField\">{label}{value}</c:customField>"
            )
        })
}

fn group() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(column(), 0..6),
        prop::collection::vec(custom_column(), 0..3),
    )
        .prop_map(|(cols, custom)| {
            let custom = if custom.is_empty() {
                String::new()
            } else {
                format!("<m:customFieldList>{}</m:customFieldList>", custom.concat())
            };
            format!("{}{custom}", cols.concat())
        })
}

fn custom_join() -> impl Strategy<Value = String> {
    (1u32..900, "[a-z_]{3,12}", prop::option::of(text()), group()).prop_map(
        |(id, script, name, columns)| {
            let name = name
                .map(|n| format!("<c:name>{}</c:name>", escape(&n)))
                .unwrap_or_default();
            format!(
                "<l:customSearchJoin><m:customizationRef internalId=\"{id}\" scriptId=\"custrecord{script}\">{name}</m:customizationRef><m:searchRowBasic xsi:type=\"m:CustomRecordSearchRowBasic\"><m:recType internalId=\"{id}\"/>{columns}</m:searchRowBasic></l:customSearchJoin>"
            )
        },
    )
}

fn row() -> impl Strategy<Value = String> {
    (
        group(),
        prop::option::of(group()),
        prop::collection::vec(custom_join(), 0..4),
    )
        .prop_map(|(basic, contact, joins)| {
            let contact = contact
                .map(|c| format!("<l:contactJoin>{c}</l:contactJoin>"))
                .unwrap_or_default();
            format!(
                "<c:searchRow xsi:type=\"l:CustomerSearchRow\"><l:basic>{basic}</l:basic>{contact}{}</c:searchRow>",
                joins.concat()
            )
        })
}

/// A Customer record whose fields repeat apart from their first run.
fn record() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof![
                Just("l:companyName"),
                Just("l:email"),
                Just("l:entityId"),
                Just("l:phone"),
                Just("x:future"),
            ],
            text(),
        ),
        0..8,
    )
    .prop_map(|fields| {
        let body: String = fields
            .iter()
            .map(|(name, v)| format!("<{name}>{}</{name}>", escape(v)))
            .collect();
        format!("<c:record internalId=\"1\" xsi:type=\"l:Customer\">{body}</c:record>")
    })
}

fn page(list: &str, items: &[String]) -> String {
    format!(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><searchResponse xmlns="urn:messages_{TAG}.platform.webservices.netsuite.com" xmlns:c="urn:core_{TAG}.platform.webservices.netsuite.com" xmlns:m="urn:common_{TAG}.platform.webservices.netsuite.com" xmlns:l="urn:relationships_{TAG}.lists.webservices.netsuite.com" xmlns:x="urn:x"><c:searchResult><c:status isSuccess="true"/><c:totalRecords>{n}</c:totalRecords><c:{list}>{items}</c:{list}></c:searchResult></searchResponse></soapenv:Body></soapenv:Envelope>"#,
        n = items.len(),
        items = items.concat()
    )
}

/// Values in the XML of one row or record: attributes (but `xsi:type` and namespace
/// declarations) and the text of leaf elements, empty ones aside.
fn xml_values(node: roxmltree::Node<'_, '_>, root: bool) -> usize {
    let attributes = if root {
        0
    } else {
        node.attributes()
            .filter(|a| a.namespace().is_none())
            .count()
    };
    let mut elements = node
        .children()
        .filter(roxmltree::Node::is_element)
        .peekable();
    if elements.peek().is_none() {
        let leaf = usize::from(node.text().is_some_and(|t| !t.is_empty()));
        return attributes + if root { 0 } else { leaf };
    }
    attributes + elements.map(|c| xml_values(c, false)).sum::<usize>()
}

fn json_values(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::String(s) => usize::from(!s.is_empty()),
        Value::Bool(_) | Value::Number(_) => 1,
        Value::Array(a) => a.iter().map(json_values).sum(),
        Value::Object(o) => o.values().map(json_values).sum(),
    }
}

/// Both readers agree, write one key per name (re-serialising the parsed text gives it back,
/// which a duplicated key would not), and lose no value.
fn check(text: &str, item: &str, reg: Option<&SchemaRegistry>, record: bool) {
    let (values, texts) = testing::search_page_json(text, reg).expect("the page reads");
    assert_eq!(values, texts, "the two readers differ on\n{text}");
    let doc = roxmltree::Document::parse(text).unwrap();
    let items: Vec<_> = doc.descendants().filter(|n| n.has_tag_name(item)).collect();
    assert_eq!(items.len(), texts.len());
    for (node, json) in items.iter().zip(&texts) {
        let parsed: Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(&parsed.to_string(), json, "a key written twice");
        // A record's own attributes are kept; its `recordType` comes from `xsi:type`.
        let own = if record {
            node.attributes()
                .filter(|a| a.namespace().is_none())
                .count()
        } else {
            0
        };
        let json_count = json_values(&parsed) - usize::from(record);
        assert_eq!(
            xml_values(*node, true) + own,
            json_count,
            "values lost or invented: {json}\nfrom {}",
            &text[node.range()]
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rows_read_the_same_both_ways_and_lose_nothing(rows in prop::collection::vec(row(), 1..4)) {
        let text = page("searchRowList", &rows);
        check(&text, "searchRow", Some(registry()), false);
        check(&text, "searchRow", None, false);
    }

    #[test]
    fn records_read_the_same_both_ways_and_lose_nothing(records in prop::collection::vec(record(), 1..4)) {
        let text = page("recordList", &records);
        check(&text, "record", Some(registry()), true);
        check(&text, "record", None, true);
    }
}
