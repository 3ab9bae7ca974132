//! Search rows without loss (issue 14): custom columns keep both ids, custom record joins come
//! out whole and apart, labels stay with their values, and every decoder writes one key per
//! name, with or without the official schema of each version.

use serde_json::{json, Value};

use super::tests::{reg, TAGS};
use super::*;

/// A CustomerSearchRow of version `tag` with labelled repeated columns, custom columns and two
/// custom record joins.
fn row_xml(tag: &str) -> String {
    format!(
        r#"<searchRowList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:platformCore="urn:core_{tag}.platform.webservices.netsuite.com"
        xmlns:platformCommon="urn:common_{tag}.platform.webservices.netsuite.com"
        xmlns:listRel="urn:relationships_{tag}.lists.webservices.netsuite.com">
      <platformCore:searchRow xsi:type="listRel:CustomerSearchRow">
        <listRel:basic xsi:type="platformCommon:CustomerSearchRowBasic">
          <platformCommon:balance><platformCore:searchValue>10.5</platformCore:searchValue></platformCommon:balance>
          <platformCommon:email><platformCore:customLabel>Billing</platformCore:customLabel><platformCore:searchValue>a@acme.example</platformCore:searchValue></platformCommon:email>
          <platformCommon:email><platformCore:customLabel>Statement</platformCore:customLabel><platformCore:searchValue>s@acme.example</platformCore:searchValue></platformCommon:email>
          <platformCommon:entityId><platformCore:searchValue>ACME</platformCore:searchValue></platformCommon:entityId>
          <platformCommon:customFieldList>
            <platformCore:customField internalId="106" scriptId="custentity_tier" xsi:type="platformCore:SearchColumnSelectCustomField">
              <platformCore:customLabel>Tier</platformCore:customLabel>
              <platformCore:searchValue internalId="3" typeId="11"><platformCore:name>Gold</platformCore:name></platformCore:searchValue>
            </platformCore:customField>
            <platformCore:customField internalId="102" scriptId="custentity_count" xsi:type="platformCore:SearchColumnLongCustomField">
              <platformCore:searchValue>7</platformCore:searchValue>
            </platformCore:customField>
          </platformCommon:customFieldList>
        </listRel:basic>
        <listRel:contactJoin xsi:type="platformCommon:ContactSearchRowBasic">
          <platformCommon:email><platformCore:searchValue>b@acme.example</platformCore:searchValue></platformCommon:email>
        </listRel:contactJoin>
        <listRel:customSearchJoin xsi:type="platformCommon:CustomSearchRowBasic">
          <platformCommon:customizationRef internalId="451" scriptId="custrecord_client"><platformCore:name>Client</platformCore:name></platformCommon:customizationRef>
          <platformCommon:searchRowBasic xsi:type="platformCommon:CustomRecordSearchRowBasic">
            <platformCommon:recType internalId="100"><platformCore:name>Project</platformCore:name></platformCommon:recType>
            <platformCommon:name><platformCore:customLabel>Client project</platformCore:customLabel><platformCore:searchValue>Project 1</platformCore:searchValue></platformCommon:name>
            <platformCommon:customFieldList>
              <platformCore:customField internalId="403" scriptId="custrecord_score" xsi:type="platformCore:SearchColumnDoubleCustomField"><platformCore:searchValue>2.5</platformCore:searchValue></platformCore:customField>
            </platformCommon:customFieldList>
          </platformCommon:searchRowBasic>
        </listRel:customSearchJoin>
        <listRel:customSearchJoin xsi:type="platformCommon:CustomSearchRowBasic">
          <platformCommon:customizationRef internalId="452" scriptId="custrecord_partner"/>
          <platformCommon:searchRowBasic xsi:type="platformCommon:CustomRecordSearchRowBasic">
            <platformCommon:recType internalId="100"/>
            <platformCommon:name><platformCore:searchValue>Project 2</platformCore:searchValue></platformCommon:name>
          </platformCommon:searchRowBasic>
        </listRel:customSearchJoin>
      </platformCore:searchRow>
    </searchRowList>"#
    )
}

fn expected() -> Value {
    json!({
        "balance": 10.5,
        "email": [
            {"searchValue": "a@acme.example", "customLabel": "Billing"},
            {"searchValue": "s@acme.example", "customLabel": "Statement"}
        ],
        "entityId": "ACME",
        "customFieldList": {
            "custentity_tier": {"internalId": "106", "scriptId": "custentity_tier",
                "searchValue": {"internalId": "3", "typeId": "11", "name": "Gold"}, "customLabel": "Tier"},
            "custentity_count": {"internalId": "102", "scriptId": "custentity_count", "searchValue": 7}
        },
        "contactJoin": {"email": "b@acme.example"},
        "customSearchJoin": [
            {
                "customizationRef": {"internalId": "451", "scriptId": "custrecord_client", "name": "Client"},
                "searchRowBasic": {
                    "recType": {"internalId": "100", "name": "Project"},
                    "name": {"searchValue": "Project 1", "customLabel": "Client project"},
                    "customFieldList": {"custrecord_score": {"internalId": "403", "scriptId": "custrecord_score", "searchValue": 2.5}}
                }
            },
            {
                "customizationRef": {"internalId": "452", "scriptId": "custrecord_partner"},
                "searchRowBasic": {"recType": {"internalId": "100"}, "name": "Project 2"}
            }
        ]
    })
}

#[test]
fn rows_keep_custom_column_ids_labels_and_every_custom_record_join() {
    for tag in TAGS {
        let r = reg(tag);
        let xml = row_xml(tag);
        let d = roxmltree::Document::parse(&xml).unwrap();
        let row = d.root_element().first_element_child().unwrap();
        assert_eq!(decode_search_row(Some(&r), row), expected(), "{tag}");
        // Schemaless, values are typed by their look: the same JSON here.
        assert_eq!(decode_search_row(None, row), expected(), "{tag} schemaless");
        let mut text = Vec::new();
        write_search_row_json(Some(&r), row, &mut text);
        assert_eq!(
            String::from_utf8(text).unwrap(),
            expected().to_string(),
            "{tag}"
        );
    }
}

#[test]
fn a_repeated_custom_column_and_an_unlabelled_empty_column_keep_their_place() {
    let r = reg("2023_2");
    let xml = row_xml("2023_2").replace(
        "<platformCommon:entityId><platformCore:searchValue>ACME</platformCore:searchValue></platformCommon:entityId>",
        "<platformCommon:entityId/>",
    ).replace(
        "</platformCommon:customFieldList>\n        </listRel:basic>",
        "<platformCore:customField internalId=\"102\" scriptId=\"custentity_count\" xsi:type=\"platformCore:SearchColumnLongCustomField\"><platformCore:customLabel>Again</platformCore:customLabel><platformCore:searchValue>8</platformCore:searchValue></platformCore:customField></platformCommon:customFieldList>\n        </listRel:basic>",
    );
    let d = roxmltree::Document::parse(&xml).unwrap();
    let row = d.root_element().first_element_child().unwrap();
    let json = decode_search_row(Some(&r), row);
    assert_eq!(json["entityId"], Value::Null);
    assert_eq!(
        json["customFieldList"]["custentity_count"],
        json!([
            {"internalId": "102", "scriptId": "custentity_count", "searchValue": 7},
            {"internalId": "102", "scriptId": "custentity_count", "searchValue": 8, "customLabel": "Again"}
        ])
    );
}

/// A Customer record with a single-value field repeated apart from its first run, an element
/// named like an attribute, and a field the schema does not know, repeated apart too.
fn hostile_record(tag: &str) -> String {
    format!(
        r#"<record xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:listRel="urn:relationships_{tag}.lists.webservices.netsuite.com"
        xmlns:x="urn:x" internalId="7" xsi:type="listRel:Customer">
        <listRel:entityId>E</listRel:entityId>
        <listRel:companyName>one</listRel:companyName><listRel:companyName>two</listRel:companyName>
        <x:future>a</x:future>
        <listRel:email>e@x.example</listRel:email>
        <listRel:companyName>three</listRel:companyName>
        <x:future>b</x:future>
        </record>"#
    )
}

#[test]
fn both_record_decoders_give_one_key_per_name_for_repeats_apart() {
    for tag in TAGS {
        let r = reg(tag);
        let xml = hostile_record(tag);
        let d = roxmltree::Document::parse(&xml).unwrap();
        let rec = d.root_element();
        for registry in [Some(&*r), None] {
            let value = decode_record(registry, rec);
            assert_eq!(
                value["companyName"],
                json!(["one", "two", "three"]),
                "{tag}"
            );
            assert_eq!(value["future"], json!(["a", "b"]), "{tag}");
            let mut out = Vec::new();
            write_record_json(registry, rec, &mut out);
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text, value.to_string(), "{tag}");
            assert_eq!(text.matches("\"companyName\"").count(), 1, "{text}");
            // Only a known field repeated apart.
            let xml = xml.replace("<x:future>b</x:future>", "");
            let d = roxmltree::Document::parse(&xml).unwrap();
            let mut out = Vec::new();
            write_record_json(registry, d.root_element(), &mut out);
            let expected = decode_record(registry, d.root_element()).to_string();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{tag}");
        }
        // An element named like an attribute, or like the key the decoder adds.
        for extra in [
            "<listRel:internalId>8</listRel:internalId>",
            "<x:recordType>R</x:recordType>",
        ] {
            let xml = hostile_record(tag).replace("</record>", &format!("{extra}</record>"));
            let d = roxmltree::Document::parse(&xml).unwrap();
            let mut out = Vec::new();
            write_record_json(Some(&r), d.root_element(), &mut out);
            let expected = decode_record(Some(&r), d.root_element()).to_string();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{tag} {extra}");
        }
    }
}

#[test]
fn the_schemaless_reader_makes_one_array_of_repeats_apart() {
    let xml = r#"<record><a>1</a><a>2</a><b>x</b><a>3</a></record>"#;
    let d = roxmltree::Document::parse(xml).unwrap();
    let json = crate::record_json::record_to_json(d.root_element());
    assert_eq!(json, json!({"a": [1, 2, 3], "b": "x"}));
}
