//! Property tests (issue 11, item 9): no input a user or a server can give makes the connector
//! panic. The encoder writes well-formed XML or refuses the document; filter parsing answers
//! with a message; the response decoders read or refuse any bytes. Case counts are small so
//! `cargo test` stays fast; the fuzz targets in `fuzz/` run the same entry points for longer.

use std::path::PathBuf;
use std::sync::OnceLock;

use netsuite_connector::testing::{self, SchemaRegistry, Version};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn version() -> Version {
    Version::parse("2023_2").expect("a version")
}

/// The 2023.2 registry from the shared official schemas, loaded once.
fn registry() -> &'static SchemaRegistry {
    static REG: OnceLock<SchemaRegistry> = OnceLock::new();
    REG.get_or_init(|| {
        let folder =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd/2023_2");
        SchemaRegistry::load_folder(folder, version()).expect("the 2023.2 schema loads")
    })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Keys: real field names, names with odd characters, and anything at all.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("companyName".to_string()),
        Just("entityId".to_string()),
        Just("comments".to_string()),
        Just("subsidiary".to_string()),
        Just("internalId".to_string()),
        Just("customFieldList".to_string()),
        Just("addressbookList".to_string()),
        "[a-zA-Z_][a-zA-Z0-9_]{0,12}",
        "[<>&\"'/:={}!\\- a-z\u{1}\u{7f}\u{fffe}]{1,12}",
        any::<String>(),
    ]
}

/// Text: ordinary, markup-like, control characters, anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,16}",
        "[<>&\"'\\]\\-!\u{0}\u{1}\u{b}\u{fffe}\u{ffff}é日]{0,16}",
        any::<String>(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn record() -> impl Strategy<Value = Value> {
    prop::collection::vec((key(), json_value()), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>()))
}

proptest! {
    #![proptest_config(config(96))]

    /// `testing::encode_document` panics when what it wrote is not well-formed.
    #[test]
    fn the_encoder_writes_well_formed_xml_or_refuses_the_document(doc in record()) {
        let data = doc.to_string();
        let _ = testing::encode_document(None, version(), "customer", data.as_bytes(), "application/json");
        let _ = testing::encode_document(Some(registry()), version(), "customer", data.as_bytes(), "application/json");
    }

    #[test]
    fn raw_xml_records_pass_well_formed_or_are_refused(inner in text(), attr in text(), prefix in "[a-z]{1,4}") {
        let xml = format!(
            r#"<record xmlns:{prefix}="urn:x" xmlns:xsi="urn:other" {prefix}:a="{}">{}</record>"#,
            attr.replace(['"', '<', '&'], ""),
            inner
        );
        let _ = testing::encode_document(None, version(), "customer", xml.as_bytes(), "application/xml");
    }

    #[test]
    fn filter_parsing_answers_any_filter_with_a_message_or_a_filter(
        field in prop_oneof![Just("companyName".to_string()), Just("lastModifiedDate".to_string()), Just("custentity_x".to_string()), text()],
        operator in prop_oneof![Just("within".to_string()), Just("is".to_string()), Just("anyOf".to_string()), text()],
        value in json_value(),
        predefined in text(),
        input in json_value(),
    ) {
        let configured = json!([
            {"field": field, "operator": operator, "value": value},
            {"field": "lastModifiedDate", "operator": "within", "predefined": predefined},
        ]);
        for reg in [None, Some(registry())] {
            let _ = testing::resolve_filters(reg, version(), "customer", &configured, &input);
            let doc = json!({"filters": [{"field": field, "operator": operator, "predefined": predefined}]});
            let _ = testing::resolve_filters(reg, version(), "customer", &json!([]), &doc);
        }
    }
}

const PAGE: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><searchResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><platformCore:searchResult xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com"><platformCore:status isSuccess="true"/><platformCore:totalRecords>1</platformCore:totalRecords><platformCore:pageSize>5</platformCore:pageSize><platformCore:totalPages>1</platformCore:totalPages><platformCore:pageIndex>1</platformCore:pageIndex><platformCore:searchId>S</platformCore:searchId><platformCore:recordList><platformCore:record internalId="1" xsi:type="listRel:Customer" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com"><listRel:entityId>A</listRel:entityId><listRel:balance>1.5</listRel:balance><listRel:isInactive>false</listRel:isInactive></platformCore:record></platformCore:recordList></platformCore:searchResult></searchResponse></soapenv:Body></soapenv:Envelope>"#;

/// A valid page with a slice replaced by arbitrary text: mostly well-formed, often odd.
fn mutated_page() -> impl Strategy<Value = String> {
    (0..PAGE.len(), 0usize..40, text()).prop_map(|(at, len, with)| {
        let mut s = PAGE.to_string();
        let at = (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
        let end = (at + len).min(s.len());
        let end = (end..=s.len())
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(s.len());
        s.replace_range(at..end, &with);
        s
    })
}

fn read_all(text: &str) {
    let _ = testing::read_head(text);
    let _ = testing::read_fault(text);
    let _ = testing::read_write_list(text);
    let _ = testing::read_search_page(text, None);
    let _ = testing::read_search_page(text, Some(registry()));
    let _ = testing::read_record(text, None);
    let _ = testing::read_record(text, Some(registry()));
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn the_response_decoders_read_or_refuse_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn the_response_decoders_read_or_refuse_any_mutated_page(page in mutated_page()) {
        read_all(&page);
    }
}

#[test]
fn the_sample_page_reads() {
    assert_eq!(testing::read_search_page(PAGE, None), Some(1));
    assert_eq!(testing::read_search_page(PAGE, Some(registry())), Some(1));
}

#[test]
fn good_documents_encode_and_hostile_ones_are_refused() {
    let good = json!({"companyName": "Acme <&> Co", "subsidiary": {"internalId": "1"}}).to_string();
    for reg in [None, Some(registry())] {
        let xml = testing::encode_document(
            reg,
            version(),
            "customer",
            good.as_bytes(),
            "application/json",
        )
        .expect("a good document encodes");
        assert!(xml.contains("Acme &lt;&amp;&gt; Co"), "{xml}");
        for bad in [
            json!({"a></listRel:a><listRel:isInactive>true</listRel:isInactive><!--": "x"}),
            json!({"{": 1}),
            json!({"companyName": "bell\u{1}"}),
        ] {
            let e = testing::encode_document(
                reg,
                version(),
                "customer",
                bad.to_string().as_bytes(),
                "application/json",
            )
            .unwrap_err();
            assert!(!e.is_empty());
        }
    }
}
