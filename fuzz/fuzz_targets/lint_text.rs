//! Contract text: segmentation, the policy engine and findings, on arbitrary text. The fast
//! path must give exactly what the reference (`lint::meaning`, every pattern searched in every
//! sentence) gives.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vendorkit::lint::{self, meaning::Reference, policy, text};

static COMPILED: LazyLock<lint::Compiled> =
    LazyLock::new(|| lint::compile("outsourcing").expect("built-in policy"));
static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    Reference::new(policy::load("outsourcing").expect("built-in policy")).expect("built-in policy")
});

fuzz_target!(|data: &[u8]| {
    if let Ok(contract) = std::str::from_utf8(data) {
        let src = vendorkit::source::SourceFile::new("fuzz.md", contract);
        let _ = lint::lint_source(&src, &COMPILED, &lint::LintOptions::default());
        let (normal, _) = text::normalize(contract);
        let doc = text::segment(&normal);
        assert_eq!(COMPILED.engine.evaluate(&doc), REFERENCE.evaluate(&doc));
    }
});
