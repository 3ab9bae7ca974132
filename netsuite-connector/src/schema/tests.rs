//! Tests of the schema module against NetSuite's official sets, read from
//! `<CARGO_MANIFEST_DIR>/../../shared/suitetalk/xsd` (never copied into the project).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use serde_json::{json, Value};

use super::*;
use crate::version::Version;

pub(crate) fn xsd_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd")
}

pub(crate) const TAGS: [&str; 3] = ["2017_1", "2017_2", "2023_2"];

pub(crate) fn v(tag: &str) -> Version {
    Version::parse(tag).unwrap()
}

/// The registry of a set, loaded once per test binary.
pub(crate) fn reg(tag: &str) -> Arc<SchemaRegistry> {
    static SETS: OnceLock<std::sync::Mutex<Vec<(String, Arc<SchemaRegistry>)>>> = OnceLock::new();
    let sets = SETS.get_or_init(Default::default);
    let mut sets = sets.lock().unwrap();
    if let Some((_, r)) = sets.iter().find(|(t, _)| t == tag) {
        return r.clone();
    }
    let r = Arc::new(SchemaRegistry::load_folder(xsd_root().join(tag), v(tag)).unwrap());
    sets.push((tag.to_string(), r.clone()));
    r
}

fn encode(
    reg: Option<&SchemaRegistry>,
    tag: &str,
    rt: &str,
    value: &Value,
) -> Result<String, Vec<connector_api::payload::FieldError>> {
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
    println!("2023.2 RecordType values without a record complexType: {unmatched:?}");
    assert!(r.record_types().len() >= 185, "{}", r.record_types().len());
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
