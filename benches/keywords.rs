//! The keyword pass, the first read of every byte of a contract: vendorkit's dense table
//! against the `aho-corasick` crate's automaton, on the outsourcing policy's keywords over the
//! CUAD dev contracts (`../shared/corpus`, or the samples when it is not there). The same
//! occurrences are found either way (`keywords::tests`); this says what the dense table is
//! worth. On this project's machine (bench/RESULTS.md) the dense table is the faster by the
//! margin that keeps a batch lint above 150 MB/s.
//!
//!     cargo bench --bench keywords

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vendorkit::lint::keywords::{Found, Keywords};
use vendorkit::lint::{self, meaning, text};

/// Each contract, normalised, with the byte ranges of the sentences the rules read.
fn documents() -> Vec<(String, Vec<(usize, usize)>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cuad/docs");
    let mut texts: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            paths
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect()
        }
        Err(_) => vec![
            include_str!("../samples/contracts/bookkeeping-sow-good.md").to_string(),
            include_str!("../samples/contracts/it-support-msa-weak.txt").to_string(),
        ],
    };
    texts
        .drain(..)
        .map(|t| {
            let normal = text::normalize(&t).0.into_owned();
            let ranges = text::segment(&normal)
                .sentences
                .iter()
                .filter(|s| meaning::scope_of(s.part).is_some())
                .map(|s| (s.start, s.end))
                .collect();
            (normal, ranges)
        })
        .collect()
}

fn keyword_pass(c: &mut Criterion) {
    let compiled = lint::compile("outsourcing").expect("policy");
    let words = compiled.engine.keywords();
    let docs = documents();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut group = c.benchmark_group("keywords");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    for (name, keywords) in [
        ("dense table", Keywords::new(words).expect("dense")),
        (
            "aho-corasick crate",
            Keywords::library(words).expect("library"),
        ),
    ] {
        group.bench_function(name, |b| {
            let mut found = Found::default();
            b.iter(|| {
                for (text, ranges) in &docs {
                    keywords.find_in(text.as_bytes(), ranges, &mut found);
                }
            })
        });
    }
    group.bench_function("build the dense table", |b| b.iter(|| Keywords::new(words)));
    group.bench_function("build the aho-corasick automaton", |b| {
        b.iter(|| Keywords::library(words))
    });
    group.finish();
}

criterion_group!(benches, keyword_pass);
criterion_main!(benches);
