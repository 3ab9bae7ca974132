//! Tests of the schema module against NetSuite's official sets, read from
//! `<CARGO_MANIFEST_DIR>/../../shared/suitetalk/xsd` (never copied into the project).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};

use super::*;
use crate::version::Version;

pub(crate) fn xsd_root() -> PathBuf {
    testkit::xsd::xsd_root()
}

pub(crate) const TAGS: [&str; 3] = ["2017_1", "2017_2", "2023_2"];

pub(crate) fn v(tag: &str) -> Version {
    Version::parse(tag).unwrap()
}

/// The registry of an official set, loaded by the test that asks (no process-wide cache,
/// here as in the connector).
pub(crate) fn reg(tag: &str) -> Arc<SchemaRegistry> {
    Arc::new(SchemaRegistry::load_folder(xsd_root().join(tag), v(tag)).unwrap())
}

fn encode(
    reg: Option<&SchemaRegistry>,
    tag: &str,
    rt: &str,
    value: &Value,
) -> Result<String, Vec<connector_sdk::payload::FieldError>> {
    let mut w = quick_xml::Writer::new(Vec::new());
    encode_record(reg, v(tag), rt, value, "platformMsgs:record", &mut w)?;
    Ok(String::from_utf8(w.into_inner()).unwrap())
}

#[test]
fn loads_all_three_official_sets_and_prints_the_time() {
    for tag in TAGS {
        let started = Instant::now();
        let r = SchemaRegistry::load_folder(xsd_root().join(tag), v(tag)).unwrap();
        println!(
            "{tag}: {} files, {} complexTypes, {} simpleTypes, {} record types, {} searchable, loaded in {:?}",
            r.files().len(),
            r.complex_types().len(),
            r.simple_types().len(),
            r.record_types().len(),
            r.searchable_record_types().len(),
            started.elapsed()
        );
        assert_eq!(r.files().len(), 47, "{tag}: the WSDL and its 46 XSDs");
        assert!(r.record_types().len() > 150, "{tag}");
    }
}

#[test]
fn customer_fields_are_in_schema_order_with_base_fields_first() {
    for tag in TAGS {
        let r = reg(tag);
        let c = r.record_complex_type("customer").unwrap();
        assert_eq!(c.name, "Customer");
        assert_eq!(r.namespace(c.ns).prefix, "listRel");
        let names: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            &names[..4],
            ["nullFieldList", "customForm", "entityId", "altName"],
            "{tag}"
        );
        assert_eq!(r.namespace(c.fields[0].ns).prefix, "platformCore");
        assert_eq!(r.namespace(c.fields[1].ns).prefix, "listRel");
        assert_eq!(*names.last().unwrap(), "customFieldList");
        assert!(c.attribute("internalId").is_some() && c.attribute("externalId").is_some());
        let ab = c.field("addressbookList").unwrap();
        let list = r.complex_of(&ab.type_name).unwrap();
        assert_eq!(list.list_item().unwrap().name, "addressbook");
        assert!(list.attribute("replaceAll").is_some());
    }
}

#[test]
fn maps_record_types_to_record_complex_types() {
    let r = reg("2023_2");
    let name = |rt: &str| r.qname(&r.record_type(rt).unwrap().type_name).prefixed();
    assert_eq!(name("customer"), "listRel:Customer");
    assert_eq!(name("salesOrder"), "tranSales:SalesOrder");
    assert_eq!(name("inventoryItem"), "listAcct:InventoryItem");
    assert_eq!(name("crmCustomField"), "setupCustom:CrmCustomField");
    assert_eq!(r.record_type("SalesOrder").unwrap().name, "salesOrder");
    for tag in TAGS {
        let r = reg(tag);
        let unmatched: Vec<String> = r
            .simple_types()
            .iter()
            .find(|s| s.name == "RecordType")
            .unwrap()
            .enumeration
            .iter()
            .filter(|v| r.record_type(v).is_none())
            .cloned()
            .collect();
        println!("{tag}: RecordType values without a record complexType: {unmatched:?}");
    }
    assert_eq!(r.record_types().len(), 190);
    assert_eq!(reg("2017_1").record_types().len(), 174);
    for tag in TAGS {
        println!("{tag}: {} record types", reg(tag).record_types().len());
    }
}

#[test]
fn search_classes_and_field_kinds() {
    for tag in TAGS {
        let r = reg(tag);
        let c = r.search_classes("customer").unwrap();
        assert_eq!(c.search.prefixed(), "listRel:CustomerSearch");
        assert_eq!(c.basic.prefixed(), "platformCommon:CustomerSearchBasic");
        assert_eq!(c.advanced.prefixed(), "listRel:CustomerSearchAdvanced");
        assert_eq!(c.row.prefixed(), "listRel:CustomerSearchRow");
        assert_eq!(
            c.row_basic.prefixed(),
            "platformCommon:CustomerSearchRowBasic"
        );
        let contact = c.joins.iter().find(|j| j.element == "contactJoin").unwrap();
        assert_eq!(contact.basic.name, "ContactSearchBasic");
        let k = |f: &str| r.search_field("customer", None, f);
        assert_eq!(k("entityId"), Some(SearchFieldKind::String));
        assert_eq!(k("internalId"), Some(SearchFieldKind::MultiSelect));
        assert_eq!(k("internalIdNumber"), Some(SearchFieldKind::Long));
        assert_eq!(k("lastModifiedDate"), Some(SearchFieldKind::Date));
        assert_eq!(k("isInactive"), Some(SearchFieldKind::Boolean));
        assert_eq!(k("stage"), Some(SearchFieldKind::EnumMultiSelect));
        assert_eq!(k("balance"), Some(SearchFieldKind::Double));
        assert_eq!(k("customFieldList"), Some(SearchFieldKind::CustomFieldList));
        assert_eq!(k("nope"), None);
        assert_eq!(
            r.search_field("customer", Some("contactJoin"), "email"),
            Some(SearchFieldKind::String)
        );
        let so = r.search_classes("salesOrder").unwrap();
        assert_eq!(so.search.prefixed(), "tranSales:TransactionSearch");
        assert_eq!(so.type_filter.as_ref().unwrap().value, "_salesOrder");
        let item = r.search_classes("inventoryItem").unwrap();
        assert_eq!(item.search.prefixed(), "listAcct:ItemSearch");
        assert_eq!(item.type_filter.as_ref().unwrap().value, "_inventoryItem");
        assert_eq!(
            r.search_classes("customRecord").unwrap().search.prefixed(),
            "setupCustom:CustomRecordSearch"
        );
        assert!(r.searchable_record_types().contains(&"contact"));
        println!(
            "{tag}: {} searchable record types",
            r.searchable_record_types().len()
        );
    }
}

#[test]
fn encodes_a_customer_in_schema_order_with_namespaces() {
    let r = reg("2023_2");
    let doc = json!({
        "customFieldList": [{"scriptId": "custentity_tier", "type": "String", "value": "gold"}],
        "companyName": "Acme & Co",
        "entityId": "ACME",
        "externalId": "C-1",
        "subsidiary": {"internalId": "1"},
        "isPerson": false,
        "nullFieldList": ["phone"],
    });
    let xml = encode(Some(&r), "2023_2", "customer", &doc).unwrap();
    let wrapped = format!(
        "<w xmlns:platformMsgs=\"urn:messages_2023_2.platform.webservices.netsuite.com\">{xml}</w>"
    );
    let d = roxmltree::Document::parse(&wrapped).unwrap();
    let rec = d.root_element().first_element_child().unwrap();
    assert_eq!(
        rec.attribute((crate::ns::XSI, "type")),
        Some("listRel:Customer")
    );
    assert_eq!(rec.attribute("externalId"), Some("C-1"));
    let names: Vec<&str> = rec
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        names,
        [
            "nullFieldList",
            "entityId",
            "isPerson",
            "companyName",
            "subsidiary",
            "customFieldList"
        ]
    );
    let rel = "urn:relationships_2023_2.lists.webservices.netsuite.com";
    let core = "urn:core_2023_2.platform.webservices.netsuite.com";
    assert!(rec.children().any(|n| n.has_tag_name((rel, "entityId"))));
    assert!(rec
        .descendants()
        .any(|n| n.has_tag_name((core, "customField"))));
    assert!(rec
        .descendants()
        .any(|n| n.has_tag_name((core, "name")) && n.text() == Some("phone")));
}

fn error_fields(
    r: Result<String, Vec<connector_sdk::payload::FieldError>>,
) -> Vec<(String, String)> {
    r.unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn field_errors_name_the_field_path() {
    let r = reg("2023_2");
    let doc = json!({
        "entity": {"internalId": "1"},
        "tranDate": "31/01/2024",
        "orderStatus": "shipped",
        "itemList": {"item": [
            {"item": {"internalId": "7"}, "quantity": 1},
            {"item": {"internalId": "8"}, "quantity": 1},
            {"item": {"internalId": "9"}, "quantity": "lots"}
        ]},
        "entityy": "typo",
        "subsidiary": "1",
    });
    let errors = error_fields(encode(Some(&r), "2023_2", "salesOrder", &doc));
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert!(fields.contains(&"itemList.item[2].quantity"), "{errors:?}");
    assert!(fields.contains(&"tranDate"), "{errors:?}");
    assert!(fields.contains(&"orderStatus"), "{errors:?}");
    assert!(fields.contains(&"subsidiary"), "{errors:?}");
    let typo = errors.iter().find(|(f, _)| f == "entityy").unwrap();
    assert!(typo.1.contains("did you mean `entity`"), "{typo:?}");
    // A list given directly for the sublist names the items the same way.
    let doc = json!({"itemList": [{"quantity": 1}, {"quantity": true}]});
    let errors = error_fields(encode(Some(&r), "2023_2", "salesOrder", &doc));
    assert_eq!(errors[0].0, "itemList.item[1].quantity");
    // Unknown record type and not-an-object.
    assert_eq!(
        error_fields(encode(Some(&r), "2023_2", "spaceship", &json!({})))[0].0,
        ""
    );
    assert!(encode(Some(&r), "2023_2", "customer", &json!([1])).is_err());
    // Custom fields: bad type name, bad value for the type.
    let doc = json!({"customFieldList": [
        {"scriptId": "custentity_a", "type": "Colour", "value": "red"},
    ]});
    let errors = error_fields(encode(Some(&r), "2023_2", "customer", &doc));
    assert_eq!(errors[0].0, "customFieldList[0].type");
    let doc =
        json!({"customFieldList": [{"scriptId": "custentity_a", "type": "Long", "value": 1.5}]});
    let errors = error_fields(encode(Some(&r), "2023_2", "customer", &doc));
    assert_eq!(errors[0].0, "customFieldList[0].value");
    // nullFieldList names must be fields (or custom field ids).
    let errors = error_fields(encode(
        Some(&r),
        "2023_2",
        "customer",
        &json!({"nullFieldList": ["phnoe"]}),
    ));
    assert_eq!(errors[0].0, "nullFieldList[0]");
}

#[test]
fn enums_accept_both_forms_and_dates_need_an_offset() {
    let r = reg("2023_2");
    for country in ["unitedStates", "_unitedStates"] {
        let doc = json!({"addressbookList": [{"addressbookAddress": {"country": country}}]});
        let xml = encode(Some(&r), "2023_2", "customer", &doc).unwrap();
        assert!(xml.contains(">_unitedStates<"), "{xml}");
    }
    for ok in [
        "2024-01-31T10:00:00-08:00",
        "2024-01-31T18:00:00Z",
        "2024-01-31T10:00:00.123+01:00",
    ] {
        assert!(
            encode(Some(&r), "2023_2", "salesOrder", &json!({"tranDate": ok})).is_ok(),
            "{ok}"
        );
    }
    for bad in ["2024-01-31", "2024-01-31T10:00:00", "tomorrow"] {
        assert!(
            encode(Some(&r), "2023_2", "salesOrder", &json!({"tranDate": bad})).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn round_trips_a_record_through_xml_with_typed_values() {
    let r = reg("2023_2");
    let doc = json!({
        "recordType": "SalesOrder",
        "externalId": "SO-1",
        "entity": {"internalId": "42", "name": "Acme"},
        "tranDate": "2024-02-01T00:00:00Z",
        "orderStatus": "_pendingFulfillment",
        "itemList": {"replaceAll": false, "item": [
            {"item": {"internalId": "7"}, "quantity": 2.0, "amount": 19.5, "isTaxable": true, "lineUniqueKey": 12}
        ]},
        "customFieldList": [
            {"scriptId": "custbody_n", "type": "LongCustomFieldRef", "value": 5},
            {"scriptId": "custbody_tags", "type": "MultiSelectCustomFieldRef", "value": [{"internalId": "1"}]}
        ],
    });
    let xml = encode(Some(&r), "2023_2", "salesOrder", &doc).unwrap();
    let wrapped = format!(
        "<w xmlns:platformMsgs=\"urn:messages_2023_2.platform.webservices.netsuite.com\">{xml}</w>"
    );
    let d = roxmltree::Document::parse(&wrapped).unwrap();
    let back = decode_record(Some(&r), d.root_element().first_element_child().unwrap());
    assert_eq!(back["recordType"], "SalesOrder");
    assert_eq!(back["externalId"], "SO-1");
    assert_eq!(back["entity"], json!({"internalId": "42", "name": "Acme"}));
    assert_eq!(back["itemList"]["replaceAll"], false);
    let line = &back["itemList"]["item"][0];
    assert_eq!(line["quantity"], json!(2.0));
    assert_eq!(line["amount"], json!(19.5));
    assert_eq!(line["isTaxable"], json!(true));
    assert_eq!(line["lineUniqueKey"], json!(12));
    assert_eq!(back["customFieldList"][0]["value"], json!(5));
    assert_eq!(
        back["customFieldList"][1]["value"],
        json!([{"internalId": "1"}])
    );
    // And the decoded document encodes to the same XML.
    let again = encode(Some(&r), "2023_2", "salesOrder", &back).unwrap();
    assert_eq!(again, xml);
    // Schemaless decoding types leaves by their look and keeps single items.
    let plain = decode_record(None, d.root_element().first_element_child().unwrap());
    assert_eq!(plain["itemList"]["item"]["quantity"], json!(2.0));
}

#[test]
fn schemaless_encoding_follows_document_order_and_infers_types() {
    let doc = json!({
        "externalId": "C-9",
        "companyName": "Zed",
        "entityId": "Z",
        "subsidiary": {"internalId": 1},
        "addressbookList": [{"label": "HQ"}],
        "customFieldList": {"custentity_n": 3, "custentity_on": true, "custentity_pick": {"internalId": "4"}},
        "phone": null,
    });
    let xml = encode(None, "2023_2", "customer", &doc).unwrap();
    let wrapped = format!("<w xmlns:platformMsgs=\"urn:m\">{xml}</w>");
    let d = roxmltree::Document::parse(&wrapped).unwrap();
    let rec = d.root_element().first_element_child().unwrap();
    let names: Vec<&str> = rec
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        names,
        [
            "nullFieldList",
            "companyName",
            "entityId",
            "subsidiary",
            "addressbookList",
            "customFieldList"
        ]
    );
    assert_eq!(
        rec.attribute((crate::ns::XSI, "type")),
        Some("listRel:Customer")
    );
    assert!(
        xml.contains(
            "<listRel:addressbookList><listRel:addressbook><listRel:label>HQ</listRel:label>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("xsi:type=\"platformCore:LongCustomFieldRef\""),
        "{xml}"
    );
    assert!(
        xml.contains("xsi:type=\"platformCore:BooleanCustomFieldRef\""),
        "{xml}"
    );
    assert!(
        xml.contains("xsi:type=\"platformCore:SelectCustomFieldRef\""),
        "{xml}"
    );
    assert!(
        xml.contains("<platformCore:name>phone</platformCore:name>"),
        "{xml}"
    );
    // Record types outside the built-in table need the schema.
    let errors = error_fields(encode(None, "2023_2", "bin", &json!({})));
    assert!(errors[0].1.contains("schema_folder"), "{errors:?}");
}

#[test]
fn decodes_search_rows_flat_with_joins_and_custom_columns() {
    let r = reg("2017_2");
    let xml = r#"<searchRowList xmlns="urn:messages_2017_2.platform.webservices.netsuite.com"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:platformCore="urn:core_2017_2.platform.webservices.netsuite.com"
        xmlns:platformCommon="urn:common_2017_2.platform.webservices.netsuite.com"
        xmlns:listRel="urn:relationships_2017_2.lists.webservices.netsuite.com">
      <platformCore:searchRow xsi:type="listRel:CustomerSearchRow">
        <listRel:basic xsi:type="platformCommon:CustomerSearchRowBasic">
          <platformCommon:balance><platformCore:searchValue>10.5</platformCore:searchValue></platformCommon:balance>
          <platformCommon:entityId><platformCore:searchValue>ACME</platformCore:searchValue></platformCommon:entityId>
          <platformCommon:internalId><platformCore:searchValue internalId="12"/></platformCommon:internalId>
          <platformCommon:isInactive><platformCore:searchValue>false</platformCore:searchValue></platformCommon:isInactive>
          <platformCommon:customFieldList>
            <platformCore:customField xsi:type="platformCore:SearchColumnStringCustomField" scriptId="custentity_tier">
              <platformCore:searchValue>gold</platformCore:searchValue>
            </platformCore:customField>
          </platformCommon:customFieldList>
        </listRel:basic>
        <listRel:contactJoin xsi:type="platformCommon:ContactSearchRowBasic">
          <platformCommon:email><platformCore:searchValue>a@acme.example</platformCore:searchValue></platformCommon:email>
        </listRel:contactJoin>
      </platformCore:searchRow>
    </searchRowList>"#;
    let d = roxmltree::Document::parse(xml).unwrap();
    let row = d.root_element().first_element_child().unwrap();
    let json = decode_search_row(Some(&r), row);
    assert_eq!(
        json,
        json!({
            "balance": 10.5,
            "entityId": "ACME",
            "internalId": {"internalId": "12"},
            "isInactive": false,
            "customFieldList": {"custentity_tier": {"scriptId": "custentity_tier", "searchValue": "gold"}},
            "contactJoin": {"email": "a@acme.example"}
        })
    );
    let plain = decode_search_row(None, row);
    // Schemaless rows are typed by look, as records are.
    assert_eq!(plain["balance"], json!(10.5));
    assert_eq!(plain["contactJoin"]["email"], "a@acme.example");
}

#[test]
fn raw_xml_keeps_its_content_and_gets_a_type_when_missing() {
    let r = reg("2023_2");
    let raw = r#"<record xmlns:l="urn:relationships_2023_2.lists.webservices.netsuite.com"><l:entityId>A &amp; B</l:entityId></record>"#;
    let mut w = quick_xml::Writer::new(Vec::new());
    encode_document(
        Some(&r),
        v("2023_2"),
        "customer",
        raw.as_bytes(),
        "text/xml",
        "platformMsgs:record",
        &mut w,
    )
    .unwrap();
    let xml = String::from_utf8(w.into_inner()).unwrap();
    assert!(xml.starts_with("<platformMsgs:record "), "{xml}");
    assert!(xml.contains("<l:entityId>A &amp; B</l:entityId>"), "{xml}");
    assert!(xml.contains("xsi:type=\"listRel:Customer\""), "{xml}");
    assert!(is_xml_document(b"  <record/>", ""));
    assert!(!is_xml_document(b"{}", "application/json"));
}

#[test]
fn streaming_json_matches_the_value_decoder() {
    for tag in TAGS {
        let r = reg(tag);
        for (rt, doc) in [
            (
                "customer",
                json!({
                    "internalId": "7", "externalId": "C-7", "entityId": "A \"quoted\" \u{e9}", "isPerson": false,
                    "creditLimit": 10, "balance": 1.25, "dateCreated": "2024-01-31T10:00:00Z",
                    "subsidiary": {"internalId": "1", "name": "Parent"},
                    "addressbookList": {"replaceAll": true, "addressbook": [
                        {"defaultBilling": true, "addressbookAddress": {"country": "_canada", "city": "Montr\u{e9}al"}},
                        {"label": "Second"}
                    ]},
                    "customFieldList": [
                        {"scriptId": "custentity_a", "type": "Double", "value": 2.5},
                        {"scriptId": "custentity_b", "type": "MultiSelect", "value": [{"internalId": "1", "name": "x"}]},
                        {"scriptId": "custentity_c", "type": "Boolean", "value": true}
                    ],
                    "nullFieldList": ["phone"],
                }),
            ),
            (
                "salesOrder",
                json!({
                    "entity": {"internalId": "42"}, "orderStatus": "pendingBilling",
                    "itemList": {"item": [{"item": {"internalId": "7"}, "quantity": 3, "amount": 4}]},
                }),
            ),
        ] {
            let xml = encode(Some(&r), tag, rt, &doc).unwrap();
            // An element this schema does not know (a newer server) is kept too.
            let xml = xml.replacen("</platformMsgs:record>", "<x:future xmlns:x=\"urn:x\" a=\"1\"><x:b>2</x:b></x:future><x:plain xmlns:x=\"urn:x\">t</x:plain></platformMsgs:record>", 1);
            // xsi:nil reads as null.
            let xml = xml.replace(
                "<listRel:isPerson>false</listRel:isPerson>",
                "<listRel:isPerson xsi:nil=\"true\"/>",
            );
            let wrapped = format!("<w xmlns:platformMsgs=\"urn:m\">{xml}</w>");
            let d = roxmltree::Document::parse(&wrapped).unwrap();
            let rec = d.root_element().first_element_child().unwrap();
            if rt == "customer" {
                assert_eq!(decode_record(Some(&r), rec)["isPerson"], Value::Null);
            }
            for registry in [Some(&*r), None] {
                let mut out = Vec::new();
                write_record_json(registry, rec, &mut out);
                let expected = decode_record(registry, rec).to_string();
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{tag} {rt}");
            }
        }
    }
}
