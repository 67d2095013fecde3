//! Lint throughput: one contract of about 10 KB, and the dev corpus when it sits beside the
//! checkout (`../shared/corpus`). Policies are compiled once, as in a batch run.
//!
//!     cargo bench --bench lint

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use vendorkit::lint::{self, LintOptions};
use vendorkit::source::SourceFile;

fn ten_kb_contract() -> String {
    let base = include_str!("../samples/contracts/bookkeeping-sow-good.md");
    let mut text = String::new();
    while text.len() < 10_000 {
        text.push_str(base);
    }
    text.truncate(vendorkit::source::floor_boundary(&text, 10_240));
    text
}

fn corpus() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cuad/docs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            std::fs::read_to_string(&p)
                .ok()
                .map(|t| SourceFile::new(p.display().to_string(), t))
        })
        .collect()
}

/// The contract as a minimal Word file: a paragraph per line.
fn docx(md: &str) -> Vec<u8> {
    use std::io::Write;
    let body: String = md
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t = l
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!(r#"<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>"#)
        })
        .collect();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("entry");
    zip.write_all(doc.as_bytes()).expect("write");
    zip.finish().expect("zip").into_inner()
}

/// The contract as a PDF from vendorkit's own layout and writer.
fn pdf(md: &str) -> Vec<u8> {
    let fonts = vendorkit::layout::Fonts::load(None).expect("fonts");
    let footer = vendorkit::layout::Footer {
        left: "bench".into(),
        note: "bench".into(),
        mark: None,
    };
    let laid = vendorkit::layout::layout(md, &fonts, &footer);
    let meta = vendorkit::pdf::Meta {
        title: "bench".into(),
        subject: "bench".into(),
        author: "bench".into(),
        date_epoch: 0,
    };
    vendorkit::pdf::write(&laid, &meta, &fonts).expect("pdf")
}

fn bench(c: &mut Criterion) {
    let compiled = lint::compile("outsourcing").expect("built-in policy");
    let opts = LintOptions::default();
    let text = ten_kb_contract();
    let src = SourceFile::new("contract.md", text.as_str());
    let mut g = c.benchmark_group("lint");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(BenchmarkId::new("one contract", "10 KB"), |b| {
        b.iter(|| lint::lint_source(&src, &compiled, &opts))
    });
    let files = corpus();
    if !files.is_empty() {
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(10);
        g.bench_function(
            BenchmarkId::new("cuad corpus", format!("{} files", files.len())),
            |b| {
                b.iter(|| {
                    files
                        .iter()
                        .map(|f| lint::lint_source(f, &compiled, &opts).diagnostics.len())
                        .sum::<usize>()
                })
            },
        );
    }
    // Word and PDF drafts: reading the file into text, then linting it.
    let md = include_str!("../samples/contracts/bookkeeping-sow-good.md");
    for (kind, bytes) in [("docx", docx(md)), ("pdf", pdf(md))] {
        g.throughput(Throughput::Bytes(md.len() as u64));
        g.sample_size(50);
        g.bench_function(BenchmarkId::new("read and lint", kind), |b| {
            b.iter(|| {
                let x = vendorkit::extract::from_bytes("draft", Some(kind), &bytes).expect("reads");
                let src = SourceFile::new("draft", x.text.as_str());
                lint::lint_source(&src, &compiled, &opts).diagnostics.len()
            })
        });
    }
    g.finish();
    c.bench_function("compile policy outsourcing", |b| {
        b.iter(|| lint::compile("outsourcing").expect("compiles"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
