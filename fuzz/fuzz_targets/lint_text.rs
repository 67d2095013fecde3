//! Contract text: segmentation, the policy engine and findings, on arbitrary text. The fast
//! path (dense keyword table, pieces tried only where their keywords start) must find exactly
//! what the plain reference finds (the `aho-corasick` crate, every sentence searched).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vendorkit::lint::{self, engine::Compiled, policy, text};

static FAST: LazyLock<Compiled> =
    LazyLock::new(|| lint::compile("outsourcing").expect("built-in policy"));
static REFERENCE: LazyLock<Compiled> = LazyLock::new(|| {
    Compiled::reference(policy::load("outsourcing").expect("built-in policy"))
        .expect("built-in policy")
});

fuzz_target!(|data: &[u8]| {
    if let Ok(contract) = std::str::from_utf8(data) {
        let src = vendorkit::source::SourceFile::new("fuzz.md", contract);
        let _ = lint::lint_source(&src, &FAST, &lint::LintOptions::default());
        let (normal, _) = text::normalize(contract);
        let doc = text::segment(&normal);
        let fast = FAST.evaluate(&doc);
        let reference = REFERENCE.evaluate(&doc);
        for (a, b) in fast.iter().zip(&reference) {
            assert_eq!((a.status, &a.evidence), (b.status, &b.evidence));
        }
    }
});
