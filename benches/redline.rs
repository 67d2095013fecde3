//! `redline` on a 30-page Word draft: read the package and its text, lint it, plan the edits
//! and write the marked-up copy; and the edit alone.
//!
//!     cargo bench --bench redline

use criterion::{Criterion, criterion_group, criterion_main};
use vendorkit::docx::{Pages, Properties};
use vendorkit::lint::{LintOptions, compile, lint_source};
use vendorkit::source::SourceFile;

/// About 30 A4 pages: the weak sample's sections, renumbered and repeated, as Word paragraphs.
fn thirty_pages() -> Vec<u8> {
    let sample = include_str!("../samples/contracts/it-support-msa-weak.txt");
    let mut text = String::new();
    for part in 0..52 {
        for block in sample.split("\n\n") {
            text.push_str(
                &block
                    .replace("\n", " ")
                    .replace(". ", &format!(". (Part {part}.) ")),
            );
            text.push_str("\n\n");
        }
    }
    let text = vendorkit::redline::sections::headings_apart(&text);
    vendorkit::docx::write::from_text(&text, &Properties::default(), &Pages::default())
        .expect("a Word draft")
}

fn bench(c: &mut Criterion) {
    let draft = thirty_pages();
    let policy = compile("outsourcing").expect("policy");
    let redline = |bytes: &[u8]| {
        let (extracted, layout) = vendorkit::extract::docx::read_with_layout(bytes).expect("reads");
        let src = SourceFile::new("draft.docx", extracted.text);
        let report = lint_source(&src, &policy, &LintOptions::default());
        vendorkit::redline::mark_up(bytes, &src.text, &layout, &report, policy.policy(), None)
            .expect("redlines")
            .0
    };
    let words = {
        let (extracted, _) = vendorkit::extract::docx::read_with_layout(&draft).expect("reads");
        extracted.text.split_whitespace().count()
    };
    // LibreOffice lays this draft out on 30 A4 pages (about 500 words a page).
    c.bench_function(
        &format!("redline: a 30-page Word draft, {words} words (read, lint, edit, write)"),
        |b| b.iter(|| redline(&draft).len()),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
