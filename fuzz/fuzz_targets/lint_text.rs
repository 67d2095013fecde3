//! Contract text: segmentation, the policy engine and findings, on arbitrary text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vendorkit::lint;

static POLICY: LazyLock<lint::engine::Compiled> =
    LazyLock::new(|| lint::compile("outsourcing").expect("built-in policy"));

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let src = vendorkit::source::SourceFile::new("fuzz.md", text);
        let _ = lint::lint_source(&src, &POLICY, &lint::LintOptions::default());
    }
});
