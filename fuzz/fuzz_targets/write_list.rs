//! The write-list reader (`addListResponse > writeResponseList`) on any envelope.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = netsuite_connector::testing::read_write_list(&text);
});
