//! Packet generation: one engagement to three PDFs, and to three Word documents, with fonts
//! and templates loaded once (as in a batch), and the cost of each document.
//!
//!     cargo bench --bench packet

use criterion::{Criterion, criterion_group, criterion_main};
use vendorkit::engagement::load_str;
use vendorkit::layout::Fonts;
use vendorkit::packet::{Document, Templates, to_docx, to_pdf};

fn bench(c: &mut Criterion) {
    let loaded = load_str(
        "bookkeeping.yaml",
        include_str!("../samples/bookkeeping-uk-cafe.yaml"),
    );
    let e = loaded.engagement.expect("the sample loads");
    let templates = Templates::load(None).expect("templates");
    let fonts = Fonts::load(None).expect("fonts");
    let issued = vendorkit::packet::issued_date(&e);
    let draft = vendorkit::packet::draft_reason(&e);
    c.bench_function("packet: 3 PDFs (sow, nda checklist, kpi schedule)", |b| {
        b.iter(|| {
            let docs = templates
                .render(&e, "1.0", &issued, &draft)
                .expect("renders");
            docs.iter()
                .map(|(d, md)| {
                    to_pdf(&e, *d, md, "1.0", !draft.is_empty(), &fonts)
                        .expect("pdf")
                        .0
                        .len()
                })
                .sum::<usize>()
        })
    });
    c.bench_function(
        "packet: 3 Word documents (sow, nda checklist, kpi schedule)",
        |b| {
            b.iter(|| {
                let docs = templates
                    .render(&e, "1.0", &issued, &draft)
                    .expect("renders");
                docs.iter()
                    .map(|(d, md)| {
                        to_docx(&e, *d, md, "1.0", !draft.is_empty())
                            .expect("docx")
                            .len()
                    })
                    .sum::<usize>()
            })
        },
    );
    let docs = templates
        .render(&e, "1.0", &issued, &draft)
        .expect("renders");
    for (doc, md) in &docs {
        let name = match doc {
            Document::Sow => "sow",
            Document::NdaChecklist => "nda checklist",
            Document::KpiSchedule => "kpi schedule",
        };
        c.bench_function(&format!("packet: {name} (layout + pdf)"), |b| {
            b.iter(|| to_pdf(&e, *doc, md, "1.0", !draft.is_empty(), &fonts).expect("pdf"))
        });
    }
    c.bench_function("packet: render markdown (3 templates)", |b| {
        b.iter(|| {
            templates
                .render(&e, "1.0", &issued, &draft)
                .expect("renders")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
