//! Engagement loading: YAML parsing with positions, schema validation, cross-references and the
//! review rules, on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = vendorkit::engagement::load_str("fuzz.yaml", text);
        let _ = vendorkit::review::review(&loaded);
    }
});
