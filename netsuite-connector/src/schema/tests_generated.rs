//! The simulator's generated WSDL/XSD set (what the embedded demo serves) loads like an
//! official set: record types, typed fields, search classes with joins and type filters.

use serde_json::json;

use super::tests::v;
use super::*;

fn generated(tag: &str) -> (tempfile::TempDir, SchemaRegistry) {
    let dir = tempfile::tempdir().unwrap();
    let version = netsuite_sim::Version::from_tag(tag).unwrap();
    netsuite_sim::schema_gen::write_set(dir.path(), version).unwrap();
    let reg = SchemaRegistry::load_folder(dir.path(), v(tag)).unwrap();
    (dir, reg)
}

fn encode(
    reg: &SchemaRegistry,
    tag: &str,
    rt: &str,
    value: &serde_json::Value,
) -> Result<String, Vec<(String, String)>> {
    let mut w = quick_xml::Writer::new(Vec::new());
    encode_record(Some(reg), v(tag), rt, value, "platformMsgs:record", &mut w).map_err(|e| {
        e.into_iter()
            .map(|e| (e.field, e.message))
            .collect::<Vec<_>>()
    })?;
    Ok(String::from_utf8(w.into_inner()).unwrap())
}

#[test]
fn loads_with_the_simulators_record_types_and_search_classes() {
    for tag in ["2017_1", "2023_2", "2025_2"] {
        let (_dir, r) = generated(tag);
        for rt in [
            "customer",
            "contact",
            "vendor",
            "employee",
            "inventoryItem",
            "salesOrder",
            "invoice",
            "customRecord",
        ] {
            assert!(r.record_type(rt).is_some(), "{tag} {rt}");
        }
        assert!(r.record_type("opportunity").is_none());
        let c = r.search_classes("customer").unwrap();
        assert_eq!(c.search.prefixed(), "listRel:CustomerSearch");
        assert_eq!(c.basic.prefixed(), "platformCommon:CustomerSearchBasic");
        assert_eq!(c.row.prefixed(), "listRel:CustomerSearchRow");
        assert!(c.joins.iter().any(|j| j.element == "contactJoin"));
        let k = |f: &str| r.search_field("customer", None, f);
        assert_eq!(k("entityId"), Some(SearchFieldKind::String));
        assert_eq!(k("internalId"), Some(SearchFieldKind::MultiSelect));
        assert_eq!(k("internalIdNumber"), Some(SearchFieldKind::Long));
        assert_eq!(k("lastModifiedDate"), Some(SearchFieldKind::Date));
        assert_eq!(k("isInactive"), Some(SearchFieldKind::Boolean));
        assert_eq!(k("balance"), Some(SearchFieldKind::Double));
        assert_eq!(k("customFieldList"), Some(SearchFieldKind::CustomFieldList));
        let so = r.search_classes("salesOrder").unwrap();
        assert_eq!(so.search.prefixed(), "tranSales:TransactionSearch");
        assert_eq!(so.type_filter.as_ref().unwrap().value, "_salesOrder");
        let item = r.search_classes("inventoryItem").unwrap();
        assert_eq!(item.type_filter.as_ref().unwrap().value, "_inventoryItem");
        assert_eq!(
            r.search_classes("customRecord").unwrap().search.prefixed(),
            "setupCustom:CustomRecordSearch"
        );
    }
}

#[test]
fn unknown_fields_and_wrong_types_are_field_errors() {
    let (_dir, r) = generated("2023_2");
    let doc = json!({
        "companyName": "Acme",
        "favouriteColour": "teal",
        "creditLimit": "lots",
        "isInactive": "maybe",
        "subsidiary": "1",
    });
    let errors = encode(&r, "2023_2", "customer", &doc).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    for field in ["favouriteColour", "creditLimit", "isInactive", "subsidiary"] {
        assert!(fields.contains(&field), "{field}: {errors:?}");
    }
    let xml = encode(
        &r,
        "2023_2",
        "customer",
        &json!({"companyName": "Acme", "isInactive": false, "creditLimit": 10.5,
                "subsidiary": {"internalId": "1"},
                "customFieldList": {"custentity_tier": "gold"}}),
    )
    .unwrap();
    assert!(
        xml.contains("<listRel:isInactive>false</listRel:isInactive>"),
        "{xml}"
    );
    let so = json!({"entity": {"internalId": "1"}, "itemList": {"item": [{"item": {"internalId": "7"}, "quantity": "two"}]}});
    let errors = encode(&r, "2023_2", "salesOrder", &so).unwrap_err();
    assert_eq!(errors[0].0, "itemList.item[0].quantity");
}
