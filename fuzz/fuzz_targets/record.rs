//! One record element decoded to a value and to JSON text, with and without the schema.
#![no_main]
use libfuzzer_sys::fuzz_target;
use netsuite_connector_fuzz::registry;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = netsuite_connector::testing::read_record(&text, None);
    if let Some(reg) = registry() {
        let _ = netsuite_connector::testing::read_record(&text, Some(reg));
    }
});
