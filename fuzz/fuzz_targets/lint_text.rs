//! Contract text: segmentation, the policy engine and findings, on arbitrary text. The policy
//! compiled for a batch (another keyword automaton) and the one for a single contract must
//! find exactly what a plain search of every sentence finds (no keyword places).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vendorkit::lint::{self, engine::Scale, text};

static ONE: LazyLock<lint::engine::Compiled> =
    LazyLock::new(|| lint::compile("outsourcing").expect("built-in policy"));
static PLAIN: LazyLock<lint::engine::Compiled> = LazyLock::new(|| {
    lint::compile("outsourcing")
        .expect("built-in policy")
        .without_places()
});
static BATCH: LazyLock<lint::engine::Compiled> = LazyLock::new(|| {
    lint::compile_for("outsourcing", Scale::Batch).expect("built-in policy")
});

fuzz_target!(|data: &[u8]| {
    if let Ok(contract) = std::str::from_utf8(data) {
        let src = vendorkit::source::SourceFile::new("fuzz.md", contract);
        let _ = lint::lint_source(&src, &ONE, &lint::LintOptions::default());
        let (normal, _) = text::normalize(contract);
        let doc = text::segment(&normal);
        let one = ONE.evaluate(&doc);
        let batch = BATCH.evaluate(&doc);
        let plain = PLAIN.evaluate(&doc);
        for ((a, b), c) in one.iter().zip(&batch).zip(&plain) {
            assert_eq!((a.status, &a.evidence), (b.status, &b.evidence));
            assert_eq!((a.status, &a.evidence), (c.status, &c.evidence));
        }
    }
});
