//! Word and PDF drafts through the CLI: what is read, what is left out, where findings point,
//! and that one contract gives the same clause coverage as text, .docx and .pdf.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::docx;
use common::{run, run_json};

const CONTRACT: &str = "samples/contracts/bookkeeping-sow-good.md";

/// rule -> status of one linted file.
fn coverage(path: &Path) -> BTreeMap<String, String> {
    common::coverage(path, &["--no-fail"])
}

/// The contract as a PDF, laid out and written by vendorkit's own PDF path.
fn own_pdf(md: &str) -> Vec<u8> {
    let fonts = vendorkit::layout::Fonts::load(None).unwrap();
    let footer = vendorkit::layout::Footer {
        left: "Statement of Work · version 1.0".into(),
        note: "Written for the vendorkit samples".into(),
        mark: None,
    };
    let laid = vendorkit::layout::layout(md, &fonts, &footer);
    let meta = vendorkit::pdf::Meta {
        title: "SOW".into(),
        subject: "test".into(),
        author: "vendorkit tests".into(),
        date_epoch: 0,
    };
    vendorkit::pdf::write(&laid, &meta, &fonts).unwrap()
}

#[test]
fn a_word_draft_reads_as_word_shows_it_with_changes_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let body = [
        docx::heading(1, "Services Agreement"),
        docx::p(
            "This Agreement is made between Acme Ltd (the Client) and Vendo Ltd (the Provider).",
        ),
        docx::heading(2, "Security"),
        docx::numbered(
            0,
            "The Provider keeps Client data encrypted at rest and in transit.",
        ),
        docx::numbered(1, "Access is limited to named staff."),
        docx::numbered(0, "The Provider uses multi-factor authentication."),
        docx::tracked(
            "The Provider notifies the Client ",
            "within 24 hours of any security incident affecting Client data.",
            "when convenient.",
        ),
        docx::table(&[&["Service", "Hours"], &["Helpdesk", "09:00-17:00 UK time"]]),
        docx::with_footnote("The fees are in the Fee Schedule."),
        docx::commented("Either party may terminate for convenience on 30 days' notice."),
    ]
    .concat();
    let file = tmp.path().join("draft.docx");
    std::fs::write(
        &file,
        docx::package(
            &body,
            Some("Fees exclude VAT."),
            Some("VENDO LTD DRAFT HEADER"),
            Some("COMMENT: we will never agree to this"),
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let (code, text, err) = run(&["text", f]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "# Services Agreement",
        "## Security",
        "1. The Provider keeps Client data encrypted",
        "(a) Access is limited to named staff.",
        "2. The Provider uses multi-factor authentication.",
        "notifies the Client within 24 hours of any security incident",
        "Service\n\nHours\n\nHelpdesk\n\n09:00-17:00 UK time",
        "The fees are in the Fee Schedule.[1]",
        "## Footnotes\n\n[1] Fees exclude VAT.",
        "Either party may terminate for convenience",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for left_out in ["when convenient", "DRAFT HEADER", "COMMENT:"] {
        assert!(!text.contains(left_out), "{left_out:?} read in:\n{text}");
    }
    assert!(
        err.contains("unaccepted tracked changes (1 insertion, 1 deletion)"),
        "{err}"
    );

    let (_, v) = run_json(&["lint", f, "--format", "json", "--no-config", "--no-fail"]);
    let file = &v["files"][0];
    let status = |rule: &str| {
        file["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("SEC-002").as_deref(), Some("present"), "{file}");
    let findings = file["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|d| d["rule"] == "DOCX-CHANGES" && d["severity"] == "info"),
        "{file}"
    );
    assert!(
        findings
            .iter()
            .filter(|d| d["location"].is_object())
            .all(|d| d["place"]
                .as_str()
                .is_some_and(|p| p.starts_with("paragraph ") || p.starts_with("footnote "))),
        "every located finding names its paragraph: {file}"
    );
    // Human output says where to look in Word: in the detailed form on each finding, in the
    // compact one for each clause to add under a heading.
    let (_, out, _) = run(&["lint", f, "--no-config", "--no-fail", "-v"]);
    assert!(
        out.contains("in the original document: paragraph "),
        "{out}"
    );
    let (_, out, _) = run(&["lint", f, "--no-config", "--no-fail"]);
    assert!(
        regex::Regex::new(r#"under "[^"]+" \(paragraph \d+\)"#)
            .unwrap()
            .is_match(&out),
        "{out}"
    );
}

#[test]
fn one_contract_gives_the_same_coverage_as_text_word_and_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(CONTRACT).unwrap();
    let word = tmp.path().join("contract.docx");
    std::fs::write(
        &word,
        docx::package(&docx::from_markdown(&md), None, None, None),
    )
    .unwrap();
    let pdf = tmp.path().join("contract.pdf");
    std::fs::write(&pdf, own_pdf(&md)).unwrap();
    let text = coverage(Path::new(CONTRACT));
    assert!(text.values().any(|s| s == "present"));
    assert_eq!(coverage(&word), text, ".docx differs from the text");
    assert_eq!(
        coverage(&pdf),
        text,
        "vendorkit's .pdf differs from the text"
    );
    // PDFs from LibreOffice and five other programs: tests/producers_cli.rs.
}

#[test]
fn a_pdf_finding_names_its_page_and_headers_do_not_split_sentences() {
    let tmp = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(CONTRACT).unwrap();
    let pdf = tmp.path().join("contract.pdf");
    std::fs::write(&pdf, own_pdf(&md)).unwrap();
    let p = pdf.to_str().unwrap();
    let (code, text, _) = run(&["text", p]);
    assert_eq!(code, 0);
    assert!(!text.contains("Page 1 of"), "page furniture kept:\n{text}");
    assert!(
        !text.contains("Written for the vendorkit samples\n"),
        "{text}"
    );
    // Every sentence of the source is whole in the PDF text (wrapping and page breaks undone).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for sentence in [
        "These confidentiality obligations survive for 5 years after termination.",
        "The Provider notifies the Client within 24 hours of any security incident or unauthorised access to Client data, and helps with the response.",
    ] {
        assert!(
            flat.contains(sentence),
            "{sentence:?} not whole in:\n{text}"
        );
    }
    // The weak sample has findings; each names the page it is on.
    let weak = tmp.path().join("weak.pdf");
    std::fs::write(
        &weak,
        own_pdf(&std::fs::read_to_string("samples/contracts/it-support-msa-weak.txt").unwrap()),
    )
    .unwrap();
    let (_, v) = run_json(&[
        "lint",
        weak.to_str().unwrap(),
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|d| d["rule"] == "TRIAL-001"), "{v}");
    assert!(
        findings
            .iter()
            .all(|d| d["place"].as_str().is_some_and(|p| p.starts_with("page "))),
        "{v}"
    );
}

/// A hand-made PDF: one page per entry, each line drawn 14 pt below the last in Helvetica; a
/// page with no lines carries only a rectangle (what a scanner makes, minus the image).
fn hand_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let content = if lines.is_empty() {
            "10 10 100 100 re S".to_string()
        } else {
            let shown: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(k, l)| format!("BT /F1 10 Tf 72 {} Td ({l}) Tj ET", 770 - 14 * k))
                .collect();
            shown.join("\n")
        };
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn a_scanned_pdf_is_an_error_not_a_clean_report() {
    let tmp = tempfile::tempdir().unwrap();
    let scan = tmp.path().join("scan.pdf");
    std::fs::write(&scan, hand_pdf(&[&[]])).unwrap();
    let (code, out, err) = run(&["lint", scan.to_str().unwrap(), "--no-config"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("has no text layer") && out.contains("OCR"),
        "{out}"
    );
    let junk = tmp.path().join("junk.pdf");
    std::fs::write(&junk, b"%PDF-1.4 this is not really a pdf").unwrap();
    let (code, out, _) = run(&["lint", junk.to_str().unwrap(), "--no-config"]);
    assert_eq!(code, 2);
    assert!(out.contains("is not a readable PDF"), "{out}");
    let zip = tmp.path().join("not-word.docx");
    std::fs::write(&zip, b"PK\x03\x04 truncated").unwrap();
    let (code, out, _) = run(&["lint", zip.to_str().unwrap(), "--no-config"]);
    assert_eq!(code, 2);
    assert!(out.contains("is not a Word document"), "{out}");
}

#[test]
fn folders_of_drafts_include_word_and_pdf_files() {
    let tmp = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(CONTRACT).unwrap();
    std::fs::write(
        tmp.path().join("a.docx"),
        docx::package(&docx::from_markdown(&md), None, None, None),
    )
    .unwrap();
    std::fs::write(tmp.path().join("b.pdf"), own_pdf(&md)).unwrap();
    std::fs::copy(CONTRACT, tmp.path().join("c.md")).unwrap();
    let (_, v) = run_json(&[
        "lint",
        tmp.path().to_str().unwrap(),
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    let paths = common::paths(&v);
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("a.docx") && paths[1].ends_with("b.pdf"));
}

#[test]
fn a_page_of_two_lines_reads_without_a_crash() {
    // Found by fuzzing: on a two-line page the first two and last two lines (where running
    // headers are looked for) are the same two, and removing them twice panicked.
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("short.pdf");
    std::fs::write(
        &pdf,
        hand_pdf(&[
            &[
                "Page 1",
                "The Provider shall keep Client data confidential.",
            ],
            &[
                "Page 2",
                "The Client pays each correct invoice within 30 days.",
            ],
        ]),
    )
    .unwrap();
    let (code, text, err) = run(&["text", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(text.contains("within 30 days"), "{text}");
}
