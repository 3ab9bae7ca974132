//! Benchmarks of the schema module: loading NetSuite's 2023.2 WSDL/XSD set, and decoding a
//! page of 1,000 customers (against roxmltree parsing the same bytes).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use netsuite_connector::testing::{self as schema, SchemaRegistry, Version};
use serde_json::json;

fn xsd_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd")
}

fn registry() -> Option<SchemaRegistry> {
    let folder = xsd_root().join("2023_2");
    if !folder.is_dir() {
        eprintln!("skipping: no schema set at {}", folder.display());
        return None;
    }
    Some(
        SchemaRegistry::load_folder(&folder, Version::parse("2023.2").expect("version"))
            .expect("load"),
    )
}

fn load_2023_2(c: &mut Criterion) {
    let folder = xsd_root().join("2023_2");
    if !folder.is_dir() {
        return;
    }
    let version = Version::parse("2023.2").expect("version");
    c.bench_function("schema registry: load 2023.2", |b| {
        b.iter(|| SchemaRegistry::load_folder(&folder, version).expect("load"))
    });
}

/// A `recordList` of 1,000 customers as NetSuite returns them.
fn page(reg: &SchemaRegistry) -> String {
    let customer = json!({
        "internalId": "1234", "externalId": "C-1234", "entityId": "ACME 1234", "companyName": "Acme & Sons",
        "isPerson": false, "phone": "555-0100", "email": "ap@acme.example", "isInactive": false,
        "dateCreated": "2024-01-31T10:00:00.000-08:00", "lastModifiedDate": "2024-02-01T10:00:00.000-08:00",
        "subsidiary": {"internalId": "1", "name": "Parent"}, "entityStatus": {"internalId": "13", "name": "Won"},
        "balance": 1234.5, "creditLimit": 5000, "currency": {"internalId": "1", "name": "USD"},
        "addressbookList": {"addressbook": [{"defaultBilling": true, "label": "HQ",
            "addressbookAddress": {"country": "_unitedStates", "addr1": "1 Main St", "city": "Springfield", "zip": "12345"}}]},
        "customFieldList": [{"scriptId": "custentity_tier", "type": "String", "value": "gold"},
                            {"scriptId": "custentity_seats", "type": "Long", "value": 12}],
    });
    let mut w = quick_xml::Writer::new(Vec::new());
    let v = reg.version();
    let messages = format!("urn:messages_{}.platform.webservices.netsuite.com", v.tag());
    w.create_element("recordList")
        .with_attribute(("xmlns:platformMsgs", messages.as_str()))
        .write_inner_content(|w| {
            for _ in 0..1000 {
                schema::encode_record(
                    Some(reg),
                    v,
                    "customer",
                    &customer,
                    "platformMsgs:record",
                    w,
                )
                .expect("encode");
            }
            Ok::<(), std::io::Error>(())
        })
        .expect("write");
    String::from_utf8(w.into_inner()).expect("utf-8")
}

fn decode_page(c: &mut Criterion) {
    let Some(reg) = registry() else { return };
    let xml = page(&reg);
    c.bench_function("decode: roxmltree parse only, 1,000 customers", |b| {
        b.iter(|| {
            roxmltree::Document::parse(&xml)
                .expect("parse")
                .descendants()
                .count()
        })
    });
    c.bench_function(
        "decode: parse + decode with registry, 1,000 customers",
        |b| {
            b.iter(|| {
                let doc = roxmltree::Document::parse(&xml).expect("parse");
                doc.root_element()
                    .children()
                    .filter(|n| n.is_element())
                    .map(|r| schema::decode_record(Some(&reg), r).to_string().len())
                    .sum::<usize>()
            })
        },
    );
    c.bench_function(
        "decode: parse + write_record_json with registry, 1,000 customers",
        |b| {
            b.iter(|| {
                let doc = roxmltree::Document::parse(&xml).expect("parse");
                let mut out = Vec::with_capacity(2048);
                doc.root_element()
                    .children()
                    .filter(|n| n.is_element())
                    .map(|r| {
                        out.clear();
                        schema::write_record_json(Some(&reg), r, &mut out);
                        out.len()
                    })
                    .sum::<usize>()
            })
        },
    );
    c.bench_function("decode: parse + decode schemaless, 1,000 customers", |b| {
        b.iter(|| {
            let doc = roxmltree::Document::parse(&xml).expect("parse");
            doc.root_element()
                .children()
                .filter(|n| n.is_element())
                .map(|r| schema::decode_record(None, r).to_string().len())
                .sum::<usize>()
        })
    });
}

fn encode_batch(c: &mut Criterion) {
    let Some(reg) = registry() else { return };
    let v = reg.version();
    let customer = json!({
        "externalId": "C-1234", "entityId": "ACME 1234", "companyName": "Acme & Sons", "isPerson": false,
        "email": "ap@acme.example", "subsidiary": {"internalId": "1"}, "creditLimit": 5000,
        "addressbookList": [{"defaultBilling": true, "addressbookAddress": {"country": "unitedStates", "city": "Springfield"}}],
        "customFieldList": {"custentity_tier": "gold", "custentity_seats": 12},
    });
    c.bench_function("encode: 200 customers (one addList) with registry", |b| {
        b.iter(|| {
            let mut w = quick_xml::Writer::new(Vec::with_capacity(256 * 1024));
            for _ in 0..200 {
                schema::encode_record(
                    Some(&reg),
                    v,
                    "customer",
                    &customer,
                    "platformMsgs:record",
                    &mut w,
                )
                .expect("encode");
            }
            w.into_inner().len()
        })
    });
}

criterion_group!(benches, load_2023_2, decode_page, encode_batch);
criterion_main!(benches);
