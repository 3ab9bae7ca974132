//! Every encoded record, wrapped in `platformMsgs:add`, validates against the official XSD of
//! its version (one `xmllint` call per version, through the test kit).

use serde_json::{json, Value};

use super::tests::{reg, v, TAGS};
use super::*;
use crate::ns::Namespaces;

/// (name, record type, document, with the registry?)
fn samples() -> Vec<(&'static str, &'static str, Value, bool)> {
    let customer = json!({
        "externalId": "C-1",
        "entityId": "ACME",
        "companyName": "Acme & <Co>",
        "isPerson": false,
        "email": "ap@acme.example",
        "subsidiary": {"internalId": "1"},
        "entityStatus": {"name": "CUSTOMER-Closed Won"},
        "creditLimit": 5000.5,
        "dateCreated": "2024-01-31T10:00:00.000-08:00",
        "addressbookList": {
            "replaceAll": false,
            "addressbook": [{
                "defaultBilling": true,
                "label": "HQ",
                "addressbookAddress": {"country": "unitedStates", "addr1": "1 Main St", "city": "Springfield", "zip": "12345"}
            }]
        },
        "customFieldList": [
            {"scriptId": "custentity_tier", "type": "String", "value": "gold"},
            {"scriptId": "custentity_seats", "type": "Long", "value": 12},
            {"scriptId": "custentity_ratio", "type": "DoubleCustomFieldRef", "value": 0.25},
            {"scriptId": "custentity_vip", "type": "Boolean", "value": true},
            {"scriptId": "custentity_since", "type": "Date", "value": "2020-05-01T00:00:00Z"},
            {"scriptId": "custentity_region", "type": "Select", "value": {"internalId": "3", "typeId": "12"}},
            {"scriptId": "custentity_tags", "type": "MultiSelect", "value": [{"internalId": "1"}, {"internalId": "2"}]}
        ],
        "nullFieldList": ["phone", "custentity_old"],
        "fax": null,
    });
    let sales_order = json!({
        "entity": {"internalId": "42"},
        "tranDate": "2024-02-01T00:00:00Z",
        "orderStatus": "_pendingFulfillment",
        "memo": "rush",
        "itemList": {"item": [
            {"item": {"internalId": "7"}, "quantity": 2, "amount": 19.9},
            {"item": {"externalId": "SKU-9"}, "quantity": 1.5, "description": "half"}
        ]},
        "customFieldList": {"custbody_channel": "web", "custbody_priority": 2},
    });
    let item = json!({
        "itemId": "WIDGET-1",
        "displayName": "Widget",
        "isInactive": false,
        "cost": 3.5,
        "costingMethod": "average",
        "pricingMatrix": {"replaceAll": true, "pricing": [
            {"currency": {"internalId": "1"}, "priceLevel": {"internalId": "1"},
             "priceList": {"price": [{"value": 9.99, "quantity": 0}]}}
        ]},
    });
    let contact = json!({"firstName": "Ann", "lastName": "Lee", "company": {"internalId": "42", "type": "customer"}});
    let custom_record = json!({
        "name": "Row 1",
        "recType": {"internalId": "17"},
        "customFieldList": [{"scriptId": "custrecord_amount", "value": 12.5}],
    });
    let purchase_order = json!({
        "entity": {"internalId": "5"},
        "itemList": [{"item": {"internalId": "7"}, "quantity": 3, "rate": "2.50"}],
    });
    let employee = json!({"entityId": "E-1", "firstName": "Bo", "email": "bo@example.com", "giveAccess": false});
    // Schemaless: document order, inferred types, the built-in namespaces.
    let schemaless_customer = json!({
        "externalId": "C-2",
        "entityId": "ACME-2",
        "isPerson": false,
        "companyName": "Acme Two",
        "subsidiary": {"internalId": "1", "name": "Parent"},
        "addressbookList": {"replaceAll": false, "addressbook": [
            {"defaultBilling": true, "label": "HQ",
             "addressbookAddress": {"country": "_unitedStates", "addr1": "1 Main St", "city": "Springfield"}}
        ]},
        "customFieldList": {"custentity_tier": "silver", "custentity_seats": 3, "custentity_region": {"internalId": "3"}},
        "nullFieldList": ["phone"],
    });
    let schemaless_order = json!({
        "entity": {"internalId": "42"},
        "tranDate": "2024-02-01T00:00:00Z",
        "itemList": {"item": [{"item": {"internalId": "7"}, "quantity": 2}]},
    });
    vec![
        ("customer", "customer", customer, true),
        ("salesOrder", "salesOrder", sales_order, true),
        ("inventoryItem", "inventoryItem", item, true),
        ("contact", "contact", contact, true),
        ("customRecord", "customRecord", custom_record, true),
        ("purchaseOrder", "purchaseOrder", purchase_order, true),
        ("employee", "employee", employee, true),
        (
            "schemaless-customer",
            "customer",
            schemaless_customer,
            false,
        ),
        (
            "schemaless-salesOrder",
            "salesOrder",
            schemaless_order,
            false,
        ),
    ]
}

/// `<platformMsgs:add>` around one record, with the envelope's namespaces.
pub(crate) fn wrap_add(tag: &str, record: impl FnOnce(&mut crate::envelope::XmlWriter)) -> String {
    let nss = Namespaces::of(v(tag));
    let mut w = quick_xml::Writer::new(Vec::new());
    w.create_element("platformMsgs:add")
        .with_attribute(("xmlns:platformMsgs", nss.messages.as_str()))
        .with_attribute(("xmlns:platformCore", nss.core.as_str()))
        .with_attribute(("xmlns:platformCommon", nss.common.as_str()))
        .write_inner_content(|w| {
            record(w);
            Ok::<(), std::io::Error>(())
        })
        .unwrap();
    String::from_utf8(w.into_inner()).unwrap()
}

#[test]
fn every_encoded_record_validates_against_its_versions_xsd() {
    for tag in TAGS {
        let r = reg(tag);
        let mut files = Vec::new();
        for (name, rt, doc, with_schema) in samples() {
            let registry = with_schema.then_some(&*r);
            let mut result = Ok(());
            let xml = wrap_add(tag, |w| {
                result = encode_record(registry, v(tag), rt, &doc, "platformMsgs:record", w);
            });
            if let Err(e) = result {
                panic!("{tag} {name}: {e:?}");
            }
            files.push((format!("{tag}-{name}"), xml));
        }
        // A raw XML record passes through.
        let raw = raw_customer(tag);
        let mut result = Ok(());
        let xml = wrap_add(tag, |w| {
            result = encode_document(
                Some(&r),
                v(tag),
                "customer",
                raw.as_bytes(),
                "application/xml",
                "platformMsgs:record",
                w,
            );
        });
        result.unwrap();
        files.push((format!("{tag}-raw"), xml));
        testkit::xsd::validate(tag, &files).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn raw_customer(tag: &str) -> String {
    let nss = Namespaces::of(v(tag));
    let rel = model::netsuite_uri("relationships", "lists", v(tag));
    let mut w = quick_xml::Writer::new(Vec::new());
    w.create_element("record")
        .with_attribute(("xmlns:xsi", crate::ns::XSI))
        .with_attribute(("xmlns:rel", rel.as_str()))
        .with_attribute(("xmlns:c", nss.core.as_str()))
        .with_attribute(("xsi:type", "rel:Customer"))
        .with_attribute(("externalId", "RAW-1"))
        .write_inner_content(|w| {
            w.create_element("rel:entityId")
                .write_text_content(quick_xml::events::BytesText::new("Raw & Co"))?;
            w.create_element("rel:subsidiary")
                .with_attribute(("internalId", "1"))
                .write_inner_content(|w| {
                    w.create_element("c:name")
                        .write_text_content(quick_xml::events::BytesText::new("Parent"))?;
                    Ok(())
                })?;
            Ok(())
        })
        .unwrap();
    String::from_utf8(w.into_inner()).unwrap()
}

#[test]
fn browse_profiles_are_valid_json_schema_and_accept_encodable_documents() {
    for tag in TAGS {
        let r = reg(tag);
        for rt in [
            "customer",
            "salesOrder",
            "inventoryItem",
            "customRecord",
            "contact",
        ] {
            for action in ["GET", "CREATE", "UPDATE", "UPSERT", "DELETE", "QUERY"] {
                let (input, output) = browse::profile(&r, action, rt).unwrap();
                for (which, s) in [("input", &input), ("output", &output)] {
                    jsonschema::meta::validate(s)
                        .unwrap_or_else(|e| panic!("{tag} {rt} {action} {which}: {e}"));
                    jsonschema::validator_for(s)
                        .unwrap_or_else(|e| panic!("{tag} {rt} {action} {which}: {e}"));
                }
            }
        }
        let (create, _) = browse::profile(&r, "CREATE", "salesOrder").unwrap();
        let validator = jsonschema::validator_for(&create).unwrap();
        for (name, rt, doc, with_schema) in samples() {
            if !with_schema || rt != "salesOrder" && rt != "customer" {
                continue;
            }
            let (schema, _) = browse::profile(&r, "CREATE", rt).unwrap();
            let mut doc = doc.clone();
            // null (clear the field) and enumeration values without their `_` are accepted by
            // the encoder; the profile describes the canonical form.
            if let Some(o) = doc.as_object_mut() {
                o.retain(|_, v| !v.is_null());
            }
            let doc: Value = serde_json::from_str(
                &doc.to_string()
                    .replace("\"unitedStates\"", "\"_unitedStates\""),
            )
            .unwrap();
            let v = jsonschema::validator_for(&schema).unwrap();
            let errors: Vec<String> = v
                .iter_errors(&doc)
                .take(3)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{tag} {name}: {errors:?}");
        }
        assert!(
            !validator.is_valid(&json!({"entity": "42"})),
            "a reference must be an object"
        );
        assert!(
            !validator.is_valid(&json!({"entityy": {"internalId": "1"}})),
            "unknown fields are refused"
        );
        let (update, _) = browse::profile(&r, "UPDATE", "customer").unwrap();
        let v = jsonschema::validator_for(&update).unwrap();
        assert!(
            !v.is_valid(&json!({"companyName": "x"})),
            "update needs an id"
        );
        assert!(v.is_valid(&json!({"internalId": "1", "companyName": "x"})));
    }
    assert!(browse::execute_functions().contains(&"getServerTime".to_string()));
}
