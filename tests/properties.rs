//! Properties that must hold for any input, checked with proptest: evidence spans and finding
//! locations are inside the text and on character boundaries, line/column agree with byte
//! offsets, loading never panics, and every PDF vendorkit writes parses back.

use proptest::prelude::*;
use vendorkit::lint::{self, LintOptions};
use vendorkit::source::SourceFile;

/// Contract-like text: clause words, numbers, punctuation, typographic and non-Latin
/// characters, line breaks and Markdown marks, in any order.
fn contract_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "The Provider shall ",
        "not ",
        "within 24 hours ",
        "of any security incident. ",
        "trial period ",
        "confidential ",
        "notice ",
        "30 days' ",
        "terminate ",
        "for convenience. ",
        "\n",
        "\n\n",
        "# Heading\n",
        "| a | b |\n",
        "1. ",
        "(a) ",
        "“quoted” ",
        "’",
        "\u{a0}",
        "ﬁ",
        "é",
        "😀",
        "日本",
        "\u{202e}",
        "<!-- vendorkit-disable TRIAL-001 -->",
        "-",
        ".",
        ";",
        "WHEREAS ",
        "Page 3 of 9\n",
        "\t",
        "\r\n",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

fn check_location(
    src: &SourceFile,
    loc: &vendorkit::source::Location,
) -> Result<(), TestCaseError> {
    let text = &src.text;
    prop_assert!(loc.byte_start <= loc.byte_end && loc.byte_end <= text.len());
    prop_assert!(text.is_char_boundary(loc.byte_start) && text.is_char_boundary(loc.byte_end));
    let line_start = src.line_start(loc.line);
    prop_assert!(line_start <= loc.byte_start);
    prop_assert_eq!(
        text[line_start..loc.byte_start].chars().count() + 1,
        loc.column
    );
    prop_assert!(!text[line_start..loc.byte_start].contains('\n'));
    prop_assert!(loc.end_line >= loc.line);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn evidence_and_findings_stay_inside_the_text(text in contract_text()) {
        let compiled = lint::compile("outsourcing").unwrap();
        let src = SourceFile::new("draft.md", text.as_str());
        let report = lint::lint_source(&src, &compiled, &LintOptions::default());
        for d in &report.diagnostics {
            if let Some(loc) = &d.location {
                check_location(&src, loc)?;
            }
        }
        let coverage = report.extra.map(|c| c.clauses).unwrap_or_default();
        for clause in coverage {
            for ev in clause.evidence {
                let (s, e) = (ev.byte_start, ev.byte_end);
                prop_assert!(s <= e && e <= text.len(), "{s}..{e} of {}", text.len());
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    #[test]
    fn locations_agree_with_byte_offsets(text in contract_text(), a in 0usize..4000, b in 0usize..4000) {
        let src = SourceFile::new("x", text.as_str());
        let loc = src.location(a.min(b), a.max(b));
        check_location(&src, &loc)?;
    }

    #[test]
    fn loading_any_text_never_panics(text in "\\PC{0,400}") {
        let loaded = vendorkit::engagement::load_str("any.yaml", text.as_str());
        prop_assert!(loaded.engagement.is_some() || !loaded.diagnostics.is_empty());
        for d in &loaded.diagnostics {
            if let Some(loc) = &d.location {
                check_location(&loaded.source, loc)?;
            }
        }
    }

    #[test]
    fn loading_a_mangled_sample_never_panics(cut in 0usize..6000, insert in "\\PC{0,20}") {
        let sample = include_str!("../samples/payroll-spain.yaml");
        let at = vendorkit::source::floor_boundary(sample, cut.min(sample.len()));
        let text = format!("{}{insert}{}", &sample[..at], &sample[at..]);
        let loaded = vendorkit::engagement::load_str("mangled.yaml", text);
        prop_assert!(loaded.engagement.is_some() || !loaded.diagnostics.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn every_pdf_written_parses_back(text in contract_text()) {
        let fonts = vendorkit::layout::Fonts::load(None).unwrap();
        let footer = vendorkit::layout::Footer { left: "x".into(), note: "y".into(), mark: None };
        let laid = vendorkit::layout::layout(&text, &fonts, &footer);
        let meta = vendorkit::pdf::Meta {
            title: text.chars().take(40).collect(),
            subject: "s".into(),
            author: "a".into(),
            date_epoch: 0,
        };
        let bytes = vendorkit::pdf::write(&laid, &meta, &fonts).unwrap();
        let pages = vendorkit::pdf::read_text(&bytes).unwrap();
        prop_assert_eq!(pages.len(), laid.pages.len());
        // And vendorkit's own PDF reader takes it (or says it has no text, for blank input).
        match vendorkit::extract::from_bytes("p.pdf", Some("pdf"), &bytes) {
            Ok(x) => prop_assert!(!x.text.trim().is_empty()),
            Err(e) => prop_assert!(e.contains("no text"), "{e}"),
        }
    }
}
