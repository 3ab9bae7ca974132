//! The envelope head reader (nsId, fault or not) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = netsuite_connector::testing::read_head(&text);
});
