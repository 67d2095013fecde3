//! PDF drafts: lopdf parsing, content streams, line grouping and furniture removal, on
//! arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vendorkit::extract::from_bytes("fuzz.pdf", Some("pdf"), data);
});
