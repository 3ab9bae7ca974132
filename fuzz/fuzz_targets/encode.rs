//! The document encoder: any bytes as a JSON document (and, when they start with `<`, as a
//! raw XML record), with and without the schema. `testing::encode_document` panics when what
//! it wrote is not well-formed XML.
#![no_main]
use libfuzzer_sys::fuzz_target;
use netsuite_connector::testing::encode_document;
use netsuite_connector_fuzz::{registry, version};

fuzz_target!(|data: &[u8]| {
    for record_type in ["customer", "salesOrder"] {
        let _ = encode_document(None, version(), record_type, data, "application/json");
        let _ = encode_document(None, version(), record_type, data, "application/xml");
        if let Some(reg) = registry() {
            let _ = encode_document(Some(reg), version(), record_type, data, "application/json");
        }
    }
});
