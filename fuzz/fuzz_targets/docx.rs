//! Word packages: zip reading, size limits and the XML walk, on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vendorkit::extract::from_bytes("fuzz.docx", Some("docx"), data);
});
