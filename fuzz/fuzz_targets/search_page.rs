//! A search page (records or rows) read both ways, with and without the schema, plus the
//! head peek and the advance check.
#![no_main]
use libfuzzer_sys::fuzz_target;
use netsuite_connector_fuzz::registry;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = netsuite_connector::testing::read_search_page(&text, None);
    if let Some(reg) = registry() {
        let _ = netsuite_connector::testing::read_search_page(&text, Some(reg));
    }
});
